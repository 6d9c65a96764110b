/* The language table: finding a language by any of its names, and what each
 * row prints (dates, page labels, quotation marks, hyphenation with Debian's
 * patterns). argv[1] is the hyphenation directory. */
#include <stdlib.h>
#include <string.h>

#include "appeal.h"
#include "check.h"
#include "lang/lang.h"
#include "lang/typo.h"
#include "typeset/hyphen.h"
#include "util/utf8.h"

static const char *code_of(const char *name)
{
	const struct lang *l = lang_find(name);
	return l ? l->code : "(none)";
}

static void test_find(void)
{
	CHECK_STR(code_of("es"), "es");
	CHECK_STR(code_of("spanish"), "es");
	CHECK_STR(code_of("Español"), "es");
	CHECK_STR(code_of("ESPAÑOL"), "es");
	CHECK_STR(code_of("espanol"), "es");
	CHECK_STR(code_of("Castellano"), "es");
	CHECK_STR(code_of(" castellano "), "es");
	CHECK_STR(code_of("es-ES"), "es");
	CHECK_STR(code_of("ES-es"), "es");
	CHECK_STR(code_of("es_MX"), "es");
	CHECK_STR(code_of("pt_BR"), "pt");
	CHECK_STR(code_of("de_DE.UTF-8"), "de");
	CHECK_STR(code_of("ca_ES@valencia"), "ca");
	CHECK_STR(code_of("Français"), "fr");
	CHECK_STR(code_of("FRANCAIS"), "fr");
	CHECK_STR(code_of("Deutsch"), "de");
	CHECK_STR(code_of("Português"), "pt");
	CHECK_STR(code_of("italiano"), "it");
	CHECK_STR(code_of("Nederlands"), "nl");
	CHECK_STR(code_of("Català"), "ca");
	CHECK_STR(code_of("eng"), "en");
	CHECK_STR(code_of("fra"), "fr");
	CHECK_STR(code_of("en-Latn-US"), "en");
	/* not languages of the table, or not language names at all */
	CHECK_STR(code_of("sv"), "(none)");
	CHECK_STR(code_of("svenska"), "(none)");
	CHECK_STR(code_of("C.UTF-8"), "(none)");
	CHECK_STR(code_of("POSIX"), "(none)");
	CHECK_STR(code_of(""), "(none)");
	CHECK_STR(code_of("e"), "(none)");
	CHECK_STR(code_of("spanish-ish"), "(none)");
	CHECK_STR(code_of("../etc"), "(none)");
	CHECK(lang_find(NULL) == NULL);

	/* The public face of the same table. */
	CHECK_STR(appeal_language_code("Castellano"), "es");
	CHECK(appeal_language_code("klingon") == NULL);
	CHECK_INT(appeal_language_count(), lang_count());
	CHECK_STR(appeal_language_at(0), "en");
	CHECK(appeal_language_at(appeal_language_count()) == NULL);
	CHECK_STR(appeal_language_name("es"), "Español");
	CHECK_STR(appeal_language_name("de"), "Deutsch");
	CHECK(appeal_language_name("xx") == NULL);

	char codes[128];
	lang_codes(codes, sizeof(codes));
	CHECK_STR(codes, "en, es, fr, de, pt, it, nl, ca");
}

/* What a maintainer adding a row must get right. */
static void test_rows(void)
{
	for (size_t i = 0; i < lang_count(); i++) {
		const struct lang *l = lang_at(i);
		CHECK_INT(lang_index(l), i);
		CHECK(strlen(l->code) == 2 && l->code[0] >= 'a' && l->code[0] <= 'z');
		CHECK(lang_by_code(l->code) == l);
		CHECK(lang_find(l->name) == l); /* its name in itself finds it */
		for (int m = 0; m < 12; m++)
			CHECK(l->months[m] && l->months[m][0]);
		CHECK(l->date && strstr(l->date, "%B") && strstr(l->date, "%d") && strstr(l->date, "%Y"));
		CHECK(l->page_label && strstr(l->page_label, "%p") && strstr(l->page_label, "%n"));
		CHECK(l->outer.open && l->outer.close && l->inner.open && l->inner.close);
		CHECK(l->hyphen_file && l->hyphen_package && l->hyphen_left >= 1 && l->hyphen_right >= 1);
		/* aliases are written folded, and each names only this row */
		for (const char *p = l->aliases; *p;) {
			size_t n = strcspn(p, "|");
			char *alias = strndup(p, n);
			char *folded = utf8_fold(alias, n);
			CHECK_STR(folded, alias);
			CHECK(lang_find(alias) == l);
			free(folded);
			free(alias);
			p += n;
			p += *p == '|';
		}
		for (size_t j = 0; j < i; j++)
			CHECK(strcmp(lang_at(j)->code, l->code) != 0);
	}
}

static const char *date(const char *code, int y, int m, int d)
{
	static char buf[64];
	struct appeal_date when = {y, m, d};
	if (appeal_date_format(buf, sizeof(buf), &when, code) < 0)
		return "(error)";
	return buf;
}

static void test_dates(void)
{
	CHECK_STR(date("en", 2026, 11, 28), "28 November 2026");
	CHECK_STR(date("es", 2026, 11, 28), "28 de noviembre de 2026");
	CHECK_STR(date("fr", 2026, 11, 28), "28 novembre 2026");
	CHECK_STR(date("fr", 2026, 8, 1), "1er août 2026");
	CHECK_STR(date("fr", 2026, 2, 2), "2 février 2026");
	CHECK_STR(date("de", 2026, 11, 28), "28. November 2026");
	CHECK_STR(date("de", 2026, 3, 1), "1. März 2026");
	CHECK_STR(date("pt", 2026, 11, 28), "28 de novembro de 2026");
	CHECK_STR(date("pt", 2026, 3, 5), "5 de março de 2026");
	CHECK_STR(date("it", 2026, 11, 28), "28 novembre 2026");
	CHECK_STR(date("it", 2026, 1, 7), "7 gennaio 2026");
	CHECK_STR(date("nl", 2026, 11, 28), "28 november 2026");
	CHECK_STR(date("nl", 2026, 3, 9), "9 maart 2026");
	CHECK_STR(date("ca", 2026, 11, 28), "28 de novembre de 2026");
	/* Catalan elides "de" before a vowel */
	CHECK_STR(date("ca", 2026, 4, 2), "2 d’abril de 2026");
	CHECK_STR(date("ca", 2026, 8, 15), "15 d’agost de 2026");
	CHECK_STR(date("ca", 2026, 10, 12), "12 d’octubre de 2026");
	CHECK_STR(date("ca", 2026, 3, 12), "12 de març de 2026");
	/* names and region tags work as codes do */
	CHECK_STR(date("Deutsch", 2026, 11, 28), "28. November 2026");
	CHECK_STR(date("pt_BR", 2026, 11, 28), "28 de novembro de 2026");
	CHECK_STR(date("sv", 2026, 11, 28), "(error)");
	/* too small a buffer is an error, and the buffer is still a string */
	char small[8];
	struct appeal_date when = {2026, 11, 28};
	CHECK(appeal_date_format(small, sizeof(small), &when, "de") < 0);
	CHECK(strlen(small) < sizeof(small));
	when.month = 13;
	CHECK(appeal_date_format(small, sizeof(small), &when, "de") < 0);
}

static const char *label(const char *code, size_t p, size_t n)
{
	static char buf[64];
	if (lang_page_label(lang_by_code(code), buf, sizeof(buf), p, n) < 0)
		return "(error)";
	return buf;
}

static void test_labels(void)
{
	CHECK_STR(label("en", 2, 3), "page 2 of 3");
	CHECK_STR(label("es", 2, 3), "página 2 de 3");
	CHECK_STR(label("fr", 2, 3), "page 2 sur 3");
	CHECK_STR(label("de", 2, 3), "Seite 2 von 3");
	CHECK_STR(label("pt", 2, 3), "página 2 de 3");
	CHECK_STR(label("it", 2, 3), "pagina 2 di 3");
	CHECK_STR(label("nl", 2, 3), "pagina 2 van 3");
	CHECK_STR(label("ca", 2, 3), "pàgina 2 de 3");
	CHECK_STR(label("en", 12, 100), "page 12 of 100");
	char tiny[6];
	CHECK(lang_page_label(lang_by_code("en"), tiny, sizeof(tiny), 1, 2) < 0);
	CHECK(strlen(tiny) < sizeof(tiny));
}

static void expect_typo(const char *lang, const char *in, const char *want, int line)
{
	char *got = typo_apply(in, lang);
	if (!check_str_(got, want, in, __FILE__, line))
		fprintf(stderr, "  (lang %s)\n", lang);
	free(got);
}

#define TYPO(lang, in, want) expect_typo(lang, in, want, __LINE__)
#define NNBSP "\xe2\x80\xaf"

static void test_quotes(void)
{
	/* French: « » with narrow no-break spaces, also before ; : ! ? */
	TYPO("fr", "il a dit \"non\".", "il a dit «" NNBSP "non" NNBSP "».");
	TYPO("fr", "« déjà »", "«" NNBSP "déjà" NNBSP "»");
	TYPO("fr", "«déjà»", "«" NNBSP "déjà" NNBSP "»");
	TYPO("fr", "Pourquoi ? Parce que !", "Pourquoi" NNBSP "? Parce que" NNBSP "!");
	TYPO("fr", "Pourquoi? Voici: rien; fin!", "Pourquoi" NNBSP "? Voici" NNBSP ": rien" NNBSP "; fin" NNBSP "!");
	TYPO("fr", "Quoi ?!", "Quoi" NNBSP "?!");
	TYPO("fr", "à 10:30 heures", "à 10:30 heures");
	TYPO("fr", "voir https://example.org/a?b=c:d !", "voir https://example.org/a?b=c:d" NNBSP "!");
	TYPO("fr", "\"un \"deux\" trois\"", "«" NNBSP "un “deux” trois" NNBSP "»");
	TYPO("fr", "l'homme", "l’homme");
	TYPO("fr", "rien à changer", "rien à changer");
	/* German: „ “ outside, ‚ ‘ inside */
	TYPO("de", "er sagte \"nein\".", "er sagte „nein“.");
	TYPO("de", "\"eins \"zwei\" drei\"", "„eins ‚zwei‘ drei“");
	TYPO("de", "„schon“ und \"dann\"", "„schon“ und „dann“");
	TYPO("de", "Was? Nichts!", "Was? Nichts!");
	/* Portuguese, Italian and Catalan: « » with “ ” inside, no spaces */
	TYPO("pt", "disse \"não\"!", "disse «não»!");
	TYPO("pt", "\"um \"dois\" três\"", "«um “dois” três»");
	TYPO("it", "ha detto \"no\".", "ha detto «no».");
	TYPO("it", "l'articolo", "l’articolo");
	TYPO("ca", "va dir \"no\".", "va dir «no».");
	TYPO("ca", "\"un \"dos\" tres\"", "«un “dos” tres»");
	/* Dutch: “ ” outside, ‘ ’ inside */
	TYPO("nl", "hij zei \"nee\".", "hij zei “nee”.");
	TYPO("nl", "\"een \"twee\" drie\"", "“een ‘twee’ drie”");
	/* English and Spanish as before */
	TYPO("en", "\"a \"b\" c\"", "“a “b” c”");
	TYPO("es", "\"un \"dos\" tres\"", "«un “dos” tres»");
	TYPO("es", "¿Por qué? ¡Ya!", "¿Por qué? ¡Ya!");
	TYPO("sv", "\"x\"", "“x”"); /* unknown: English */
}

/* The word with a hyphen at each point ("hy-phen-ation"). */
static char *shown(struct hyphenator *h, const char *word)
{
	size_t len = strlen(word);
	unsigned char *pts = calloc(len + 1, 1);
	char *out = malloc(2 * len + 1), *o = out;
	if (!pts || !out) {
		free(pts);
		free(out);
		return NULL;
	}
	hyphenate(h, word, len, pts);
	for (size_t i = 0; i < len; i++) {
		*o++ = word[i];
		if (pts[i])
			*o++ = '-';
	}
	*o = '\0';
	free(pts);
	return out;
}

static void expect_hyph(struct hyphenator *h, const char *word, const char *want, int line)
{
	char *got = shown(h, word);
	check_str_(got, want, word, __FILE__, line);
	free(got);
}

#define HYPH(h, word, want) expect_hyph(h, word, want, __LINE__)

static void test_hyphenation(const char *dir)
{
	struct appeal_error err = {0};
	struct hyphenator *h;

	/* French (UTF-8 patterns) */
	if (CHECK((h = hyphenator_new(dir, "fr", &err)) != NULL)) {
		HYPH(h, "anticonstitutionnellement", "an-ti-cons-ti-tu-tion-nel-le-ment");
		HYPH(h, "responsabilités", "res-pon-sa-bi-li-tés");
		HYPH(h, "Paris", "Paris"); /* a name */
		hyphenator_free(h);
	}
	/* German (ISO 8859-1 patterns, two levels): nouns are capitalised and
	 * break; acronyms do not */
	if (CHECK((h = hyphenator_new(dir, "de", &err)) != NULL)) {
		HYPH(h, "Menschenrechtsverletzungen", "Men-schen-rechts-ver-let-zun-gen");
		HYPH(h, "unverzügliche", "un-ver-züg-li-che");
		HYPH(h, "Größenverhältnisse", "Grö-ßen-ver-hält-nis-se");
		HYPH(h, "UNESCO", "UNESCO");
		hyphenator_free(h);
	}
	/* Portuguese (ISO 8859-1) */
	if (CHECK((h = hyphenator_new(dir, "pt", &err)) != NULL)) {
		HYPH(h, "independência", "in-de-pen-dên-cia");
		HYPH(h, "desaparecimento", "de-sa-pa-re-ci-mento"); /* three after a break */
		hyphenator_free(h);
	}
	/* Italian */
	if (CHECK((h = hyphenator_new(dir, "it", &err)) != NULL)) {
		HYPH(h, "responsabilità", "re-spon-sa-bi-li-tà");
		HYPH(h, "immediatamente", "im-me-dia-ta-men-te");
		hyphenator_free(h);
	}
	/* Dutch (ISO 8859-1) */
	if (CHECK((h = hyphenator_new(dir, "nl", &err)) != NULL)) {
		HYPH(h, "onmiddellijk", "on-mid-del-lijk");
		HYPH(h, "mensenrechten", "men-sen-rech-ten");
		hyphenator_free(h);
	}
	/* Catalan */
	if (CHECK((h = hyphenator_new(dir, "ca", &err)) != NULL)) {
		HYPH(h, "immediatament", "im-me-di-a-ta-ment");
		HYPH(h, "desaparicions", "des-a-pa-ri-ci-ons"); /* the prefix des- */
		hyphenator_free(h);
	}
	/* A language the table lacks, and a missing file, are errors that say
	 * what to do. */
	appeal_error_clear(&err);
	CHECK(hyphenator_new(dir, "sv", &err) == NULL);
	CHECK_STR(err.message, "unknown hyphenation language 'sv'");
	CHECK_STR(err.hint, "use one of en, es, fr, de, pt, it, nl, ca");
	appeal_error_clear(&err);
	CHECK(hyphenator_new("/nonexistent", "ca", &err) == NULL);
	CHECK_STR(err.message, "cannot open hyphenation patterns for 'ca'");
	CHECK_STR(err.hint, "install the package hyphen-ca, or give the directory holding hyph_ca_ES.dic");
}

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "/usr/share/hyphen";

	test_find();
	test_rows();
	test_dates();
	test_labels();
	test_quotes();
	test_hyphenation(dir);
	return check_summary(argv[0]);
}
