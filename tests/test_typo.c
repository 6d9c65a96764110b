/* Typographic punctuation: quotes, apostrophes and dashes per language. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "lang/typo.h"

static void expect(const char *lang, const char *in, const char *want, int line)
{
	char *got = typo_apply(in, lang);

	if (!check_str_(got, want, in, __FILE__, line))
		fprintf(stderr, "  (lang %s)\n", lang);
	free(got);
}

#define EXPECT(lang, in, want) expect(lang, in, want, __LINE__)

int main(int argc, char **argv)
{
	(void)argc;

	/* English double quotes */
	EXPECT("en", "\"terrorism\"", "“terrorism”");
	EXPECT("en", "charges of \"terrorism\" and", "charges of “terrorism” and");
	EXPECT("en", "(\"quoted\")", "(“quoted”)");
	EXPECT("en", "it said \"reasonable grounds\".", "it said “reasonable grounds”.");
	EXPECT("en", "\"a \"b\" c\"", "“a “b” c”");

	/* Spanish: « » outside, “ ” inside */
	EXPECT("es", "\"terrorismo\"", "«terrorismo»");
	EXPECT("es", "dijo: \"no\".", "dijo: «no».");
	EXPECT("es", "\"un \"dos\" tres\"", "«un “dos” tres»");
	EXPECT("es", "«ya \"dentro\" de comillas»", "«ya “dentro” de comillas»");
	EXPECT("es", "¿\"qué\"?", "¿«qué»?");
	EXPECT("es-VE", "\"x\"", "«x»");

	/* apostrophes and single quotes */
	EXPECT("en", "government's policy", "government’s policy");
	EXPECT("en", "don't", "don’t");
	EXPECT("en", "'quoted'", "‘quoted’");
	EXPECT("en", "he said 'no'", "he said ‘no’");
	EXPECT("en", "the '90s", "the ’90s");
	EXPECT("en", "\"'nested'\"", "“‘nested’”");
	EXPECT("es", "O'Donnell", "O’Donnell");

	/* dashes */
	EXPECT("en", "2020--2024", "2020–2024");
	EXPECT("en", "dissent---real or perceived", "dissent—real or perceived");
	EXPECT("en", "a -- b", "a – b");
	EXPECT("en", "a ---- b", "a —- b");
	EXPECT("en", "non-repetition", "non-repetition");
	EXPECT("en", "--\"x\"", "–“x”");

	/* everything else byte for byte */
	EXPECT("en", "", "");
	EXPECT("es", "Señor Presidente: ¡Atentamente, Nicolás Maduro!", "Señor Presidente: ¡Atentamente, Nicolás Maduro!");
	EXPECT("en", "already “curly” and ‘single’", "already “curly” and ‘single’");
	EXPECT("en", "Łukasz, Ayşe, Nguyễn 😀", "Łukasz, Ayşe, Nguyễn 😀");
	EXPECT("en", "bad \xff\xfe bytes \"x\"", "bad \xff\xfe bytes “x”");
	EXPECT("en", "cut \xe2\x80", "cut \xe2\x80");
	EXPECT("en", "line\n\"quote\"", "line\n“quote”");

	/* links keep their characters; the quotes around them still change */
	EXPECT("en", "see https://example.org/a--b?x='y'&z=1 now", "see https://example.org/a--b?x='y'&z=1 now");
	EXPECT("en", "write to \"ua--team@example.org\".", "write to “ua--team@example.org”.");
	EXPECT("es", "<https://www.amnesty.org/en/documents/amr53/8396/2024/en/>",
	       "<https://www.amnesty.org/en/documents/amr53/8396/2024/en/>");
	EXPECT("en", "(www.amnesty.org--now)", "(www.amnesty.org--now)");

	/* unbalanced quotes do not derail what follows */
	EXPECT("es", "a\" b \"c\"", "a» b «c»");
	EXPECT("en", "\"open", "“open");

	/* a quote after punctuation opens when nothing is open */
	EXPECT("en", "\"no\",\"never\"", "“no”,“never”");
	EXPECT("en", "=HYPERLINK(\"a\",\"b\")", "=HYPERLINK(“a”,“b”)");
	EXPECT("es", "\"uno\";\"dos\"", "«uno»;«dos»");
	EXPECT("en", "\"Stop,\" he said", "“Stop,” he said");
	EXPECT("en", "\"a \"b,\" c\"", "“a “b,” c”");
	EXPECT("en", "a 12\" screen", "a 12” screen");

	CHECK(typo_apply(NULL, "en") == NULL);
	{
		char *s = typo_apply("\"x\"", NULL); /* no language: English */

		CHECK_STR(s, "“x”");
		free(s);
	}
	return check_summary(argv[0]);
}
