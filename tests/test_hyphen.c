/* Hyphenation points for English and Spanish words as the layout sees them.
 * Usage: test_hyphen [directory with hyph_en_US.dic and hyph_es_ES.dic] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "appeal.h"
#include "check.h"
#include "typeset/hyphen.h"

static struct hyphenator *en, *es;

/* The word with '-' after every point, for readable expectations. */
static const char *show(struct hyphenator *h, const char *word)
{
	static char out[512];
	unsigned char pts[256];
	size_t n = strlen(word), k, o = 0;
	int count = hyphenate(h, word, n, pts), marked = 0;

	for (k = 0; k < n; k++) {
		out[o++] = word[k];
		if (pts[k]) {
			out[o++] = '-';
			marked++;
			/* only at code point boundaries */
			CHECK(k + 1 == n || ((unsigned char)word[k + 1] & 0xC0) != 0x80);
		}
	}
	out[o] = '\0';
	CHECK_INT(count, marked);
	return out;
}

static void test_english(void)
{
	CHECK_STR(show(en, "government"), "gov-ern-ment");
	CHECK_STR(show(en, "disappearance"), "dis-ap-pear-ance");
	CHECK_STR(show(en, "arbitrarily"), "ar-bi-trar-ily");
	CHECK_STR(show(en, "incommunicado"), "in-com-mu-ni-cado");
	CHECK_STR(show(en, "persecution"), "per-se-cu-tion");
	CHECK_STR(show(en, "detention"), "de-ten-tion");
	CHECK_STR(show(en, "unofficial"), "un-of-fi-cial");
	/* TeX's minimums: 2 letters before, 3 after */
	CHECK_STR(show(en, "whereabouts"), "where-abouts");
	CHECK_STR(show(en, "sincerely"), "sin-cerely");
}

static void test_spanish(void)
{
	CHECK_STR(show(es, "detenidas"), "de-te-ni-das");
	CHECK_STR(show(es, "arbitrariamente"), "ar-bi-tra-ria-mente");
	CHECK_STR(show(es, "construcción"), "cons-truc-ción");
	CHECK_STR(show(es, "desapariciones"), "des-apa-ri-cio-nes");
	/* vowel groups stay whole */
	CHECK_STR(show(es, "países"), "paí-ses");
	CHECK_STR(show(es, "reúnen"), "reú-nen");
	CHECK_STR(show(es, "ciudadanía"), "ciu-da-da-nía");
	CHECK_STR(show(es, "reivindicación"), "rei-vin-di-ca-ción");
	CHECK_STR(show(es, "aéreo"), "aé-reo");
	CHECK_STR(show(es, "poetas"), "poe-tas");
	/* ch, ll, rr are one letter each */
	CHECK_STR(show(es, "muchacho"), "mu-cha-cho");
	CHECK_STR(show(es, "caballo"), "ca-ba-llo");
	CHECK_STR(show(es, "ahorro"), "aho-rro");
	CHECK_STR(show(es, "perro"), "pe-rro");
	CHECK_STR(show(es, "calle"), "ca-lle");
	/* no lone initial vowel */
	CHECK_STR(show(es, "abuelos"), "abue-los");
	CHECK_STR(show(es, "esperanzas"), "es-pe-ran-zas");
	/* at least three letters after a break, in Spanish as in English */
	CHECK_STR(show(es, "tortura"), "tor-tura");
	CHECK_STR(show(es, "esperanza"), "es-pe-ranza");
	CHECK_STR(show(es, "poeta"), "poeta");
	/* upper case letters with accents are lowered for the lookup */
	CHECK_STR(show(es, "ÁRBOLES"), "ÁRBOLES");
}

static void test_never(void)
{
	/* names, short words, numbers, URLs, e-mail, dates, compounds */
	CHECK_STR(show(en, "Venezuela"), "Venezuela");
	CHECK_STR(show(es, "Maduro"), "Maduro");
	CHECK_STR(show(es, "Álvarez"), "Álvarez");
	CHECK_STR(show(en, "«Nicolás»"), "«Nicolás»");
	CHECK_STR(show(es, "país"), "país");
	CHECK_STR(show(en, "their"), "their");
	CHECK_STR(show(en, "https://www.amnesty.org/en/documents/"), "https://www.amnesty.org/en/documents/");
	CHECK_STR(show(en, "<https://www.amnesty.org/en/>"), "<https://www.amnesty.org/en/>");
	CHECK_STR(show(en, "www.amnesty.org"), "www.amnesty.org");
	CHECK_STR(show(es, "contacto@amnistia.org"), "contacto@amnistia.org");
	CHECK_STR(show(en, "28.11.2026"), "28.11.2026");
	CHECK_STR(show(en, "10:30"), "10:30");
	CHECK_STR(show(en, "COVID19"), "COVID19");
	CHECK_STR(show(en, "2,000"), "2,000");
	CHECK_STR(show(en, "government.org"), "government.org");
	CHECK_STR(show(en, "ill-treatment"), "ill-treatment");
	CHECK_STR(show(en, ""), "");
	CHECK_STR(show(en, "«»"), "«»");
	CHECK_STR(show(en, "\xff\xfe invalid"), "\xff\xfe invalid");
	CHECK_STR(show(en, "Ελευθερία"), "Ελευθερία");
	CHECK_STR(show(en, "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz"),
	          "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz");
	CHECK_INT(hyphenate(NULL, "government", 10, (unsigned char[10]){0}), 0);
}

static void test_punctuation(void)
{
	CHECK_STR(show(es, "detenidas,"), "de-te-ni-das,");
	CHECK_STR(show(es, "«detenidas»,"), "«de-te-ni-das»,");
	CHECK_STR(show(es, "¿detenidas?"), "¿de-te-ni-das?");
	CHECK_STR(show(en, "(arbitrary)"), "(ar-bi-trary)");
	CHECK_STR(show(en, "“terrorism”"), "“ter-ror-ism”");
	CHECK_STR(show(en, "detained."), "de-tained.");
	CHECK_STR(show(en, "detained:"), "de-tained:");
	CHECK_STR(show(en, "government’s"), "gov-ern-ment’s");
	CHECK_STR(show(en, "government's"), "gov-ern-ment's");
	/* the minimums count letters, not the punctuation after them */
	CHECK_STR(show(en, "detention..."), "de-ten-tion...");
	CHECK_STR(show(en, "...detention"), "...de-ten-tion");
}

static void test_errors(const char *dir)
{
	struct appeal_error err;

	memset(&err, 0, sizeof(err));
	CHECK(hyphenator_new("/nonexistent", "en_US", &err) == NULL);
	CHECK_INT(err.code, APPEAL_ENOTFOUND);
	CHECK(strstr(err.source, "/nonexistent/hyph_en_US.dic") != NULL);
	CHECK(err.hint[0] != '\0');
	memset(&err, 0, sizeof(err));
	CHECK(hyphenator_new(dir, "../etc", &err) == NULL);
	CHECK_INT(err.code, APPEAL_EINVAL);
	CHECK(hyphenator_new(dir, NULL, NULL) == NULL);
	hyphenator_free(NULL);
}

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "/usr/share/hyphen";
	struct appeal_error err;

	memset(&err, 0, sizeof(err));
	en = hyphenator_new(dir, "en", &err);
	CHECK(en != NULL);
	es = hyphenator_new(dir, "es_ES", &err);
	CHECK(es != NULL);
	if (!en || !es) {
		fprintf(stderr, "%s: %s (%s)\n", argv[0], err.message, err.source);
		return check_summary(argv[0]);
	}
	test_english();
	test_spanish();
	test_never();
	test_punctuation();
	test_errors(dir);
	hyphenator_free(en);
	hyphenator_free(es);
	return check_summary(argv[0]);
}
