/* Hyphenation points for English and Spanish words as the layout sees them.
 * Usage: test_hyphen [directory with hyph_en_US.dic and hyph_es_ES.dic [letter.json]] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

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

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = f ? malloc(1 << 20) : NULL;
	size_t n = buf ? fread(buf, 1, (1 << 20) - 1, f) : 0;

	if (f)
		fclose(f);
	if (buf)
		buf[n] = '\0';
	return buf;
}

/* Every space-separated token of text gets the same points from a and b. */
static int same_points(struct hyphenator *a, struct hyphenator *b, const char *text, int *words)
{
	unsigned char pa[256], pb[256];
	int differ = 0;

	for (const char *p = text; *p;) {
		size_t n = strcspn(p, " \t\n\"");
		if (n > 0 && n < sizeof(pa)) {
			int ca = hyphenate(a, p, n, pa), cb = hyphenate(b, p, n, pb);
			if (ca != cb || memcmp(pa, pb, n) != 0) {
				fprintf(stderr, "differs: %.*s\n", (int)n, p);
				differ++;
			}
			(*words)++;
		}
		p += n;
		p += *p != '\0';
	}
	return differ;
}

/* A hyphenator that has read every pattern: two words it was not told of. */
static struct hyphenator *full_hyphenator(const char *dir, const char *lang)
{
	unsigned char pts[16];
	struct hyphenator *h = hyphenator_new(dir, lang, NULL);

	hyphenate(h, "abcdefgh", 8, pts);
	hyphenate(h, "ijklmnop", 8, pts);
	CHECK(h && !hyphenator_is_partial(h));
	return h;
}

/* Patterns parsed for the announced words only give the same points as all
 * of them: on the campaign's letter, then on words made of the patterns'
 * own letters, each with a hyphenator told of that word alone. */
static void test_partial(const char *dir, const char *letter)
{
	const char *langs[] = {"en", "es"};
	char *text = slurp(letter);

	CHECK(text != NULL);
	if (!text)
		return;
	for (int l = 0; l < 2; l++) {
		struct hyphenator *part = hyphenator_new(dir, langs[l], NULL), *full = full_hyphenator(dir, langs[l]);
		int words = 0;
		CHECK_INT(hyphenator_expect(part, text), 0);
		CHECK(!hyphenator_is_partial(part)); /* nothing parsed before the first word */
		CHECK_INT(same_points(part, full, text, &words), 0);
		CHECK(words > 500);
		CHECK(hyphenator_is_partial(part));
		/* A word it was not told of: every pattern, same points. */
		CHECK_INT(same_points(part, full, "extraordinarily constitucionalidad", &words), 0);
		CHECK(!hyphenator_is_partial(part));
		hyphenator_free(part);

		char path[4096];
		snprintf(path, sizeof(path), "%s/hyph_%s.dic", dir, l == 0 ? "en_US" : "es_ES");
		char *patterns = slurp(path), word[128];
		int tried = 0, differ = 0, line = 0;
		for (char *p = patterns; p && *p; line++) {
			size_t n = strcspn(p, "\n");
			if (line % (l == 0 ? 37 : 3) == 0) {
				/* this pattern's letters and the next line's, dots dropped */
				size_t k = 0;
				for (size_t i = 0; i < n + 1 + strcspn(p + n + 1, "\n") && p[i] && k < 40; i++)
					if ((unsigned char)p[i] >= 'a' || ((unsigned char)p[i] & 0x80))
						word[k++] = p[i];
				word[k] = '\0';
				struct hyphenator *one = hyphenator_new(dir, langs[l], NULL);
				CHECK_INT(hyphenator_expect(one, word), 0);
				differ += same_points(one, full, word, &tried);
				hyphenator_free(one);
			}
			p += n + (p[n] == '\n');
		}
		CHECK(tried > 200);
		CHECK_INT(differ, 0);
		free(patterns);
		hyphenator_free(full);
	}
	free(text);
}

/* A copy of the English and Spanish pattern files in a new directory: the
 * same patterns, but not the file the memo was made from (its time
 * differs), so hyphenators made from it parse patterns for every word. */
static char *plain_copy(const char *dir)
{
	static char tmp[64];
	const char *files[] = {"hyph_en_US.dic", "hyph_es_ES.dic"};

	snprintf(tmp, sizeof(tmp), "/tmp/appeal-hyphen-XXXXXX");
	if (!mkdtemp(tmp))
		return NULL;
	for (int i = 0; i < 2; i++) {
		char from[4096], to[128];
		snprintf(from, sizeof(from), "%s/%s", dir, files[i]);
		snprintf(to, sizeof(to), "%s/%s", tmp, files[i]);
		char *text = slurp(from);
		FILE *f = fopen(to, "w");
		if (text && f)
			fputs(text, f);
		if (f)
			fclose(f);
		free(text);
	}
	return tmp;
}

static void remove_copy(const char *tmp)
{
	char path[128];
	snprintf(path, sizeof(path), "%s/hyph_en_US.dic", tmp);
	remove(path);
	snprintf(path, sizeof(path), "%s/hyph_es_ES.dic", tmp);
	remove(path);
	rmdir(tmp);
}

/* The memo built into the library holds what libhyphen says, word for word;
 * a hyphenator with it gives the points one without it gives, and parses
 * patterns only for a word the memo lacks. */
static void test_memo(const char *dir, const char *plain, const char *letter)
{
	const char *langs[] = {"en", "es"};
	char *text = slurp(letter);
	size_t memos = 0;

	for (size_t i = 0; hyphen_memos[i]; i++, memos++) {
		const struct hyphen_memo *m = hyphen_memos[i];
		char lang[3] = {m->file[0], m->file[1], '\0'};
		struct hyphenator *h = hyphenator_new(plain, lang, NULL);
		size_t wrong = 0;
		if (!h)
			continue; /* a language whose patterns are not copied here */
		CHECK(!hyphenator_has_memo(h));
		CHECK(m->n > 100);
		for (size_t k = 0; k < m->n; k++) {
			uint64_t marks = 0;
			CHECK_INT(hyphenator_marks(h, m->words[k], &marks), 0);
			if (marks != m->marks[k] && wrong++ < 5)
				fprintf(stderr, "memo %s: %s: %llx, libhyphen %llx\n", m->file, m->words[k],
				        (unsigned long long)m->marks[k], (unsigned long long)marks);
			if (k > 0)
				CHECK(strcmp(m->words[k - 1], m->words[k]) < 0); /* sorted, as the search needs */
		}
		CHECK_INT((long)wrong, 0);
		hyphenator_free(h);
	}
	CHECK(memos >= 2); /* English and Spanish: the shipped letter's languages */
	for (int l = 0; l < 2 && text; l++) {
		struct hyphenator *memo = hyphenator_new(dir, langs[l], NULL), *full = full_hyphenator(plain, langs[l]);
		int words = 0;
		CHECK(hyphenator_has_memo(memo));
		CHECK_INT(same_points(memo, full, l == 0 ? "detention arbitrarily disappearance" :
		                                           "desaparición detenidas arbitrariamente", &words), 0);
		CHECK(!hyphenator_parsed(memo)); /* all three in the memo */
		CHECK_INT(same_points(memo, full, text, &words), 0);
		CHECK_INT(same_points(memo, full, "extraordinarily constitucionalidad", &words), 0);
		CHECK(hyphenator_parsed(memo));
		hyphenator_free(memo);
		hyphenator_free(full);
	}
	free(text);
}

/* A pattern file damaged behind the memo's back (same name, size and time)
 * is read only at the first word the memo lacks: that word fails with the
 * file named, as do all later ones, and nothing crashes. */
static void test_damaged_behind_memo(const char *dir)
{
	char from[4096], tmp[] = "/tmp/appeal-hyphen-XXXXXX", to[64];
	struct stat st;
	unsigned char pts[32];

	snprintf(from, sizeof(from), "%s/hyph_en_US.dic", dir);
	char *text = slurp(from);
	if (!CHECK(text && stat(from, &st) == 0 && mkdtemp(tmp))) {
		free(text);
		return;
	}
	snprintf(to, sizeof(to), "%s/hyph_en_US.dic", tmp);
	size_t n = strlen(text);
	text[n / 2] = '\0'; /* a NUL: not a pattern file */
	FILE *f = fopen(to, "wb");
	if (f) {
		fwrite(text, 1, n, f);
		fclose(f);
	}
	struct timespec times[2] = {st.st_atim, st.st_mtim};
	CHECK_INT(utimensat(AT_FDCWD, to, times, 0), 0);

	struct appeal_error err = {0};
	struct hyphenator *h = hyphenator_new(tmp, "en", &err);
	CHECK(h != NULL);
	CHECK(hyphenator_has_memo(h));
	CHECK(hyphenate(h, "detention", 9, pts) > 0); /* the memo's */
	CHECK_INT(hyphenate(h, "extraordinarily", 15, pts), -1);
	CHECK_INT(hyphenate(h, "unconventional", 14, pts), -1);
	CHECK_INT(hyphenator_error(h, &err), APPEAL_ESYNTAX);
	CHECK(strstr(err.message, "hyphenation patterns") != NULL);
	CHECK(strstr(err.source, "hyph_en_US.dic") != NULL);
	hyphenator_free(h);
	/* Without the memo's match, the same file is refused at once. */
	CHECK_INT(utimensat(AT_FDCWD, to, NULL, 0), 0);
	memset(&err, 0, sizeof(err));
	CHECK(hyphenator_new(tmp, "en", &err) == NULL);
	CHECK_INT(err.code, APPEAL_ESYNTAX);
	remove(to);
	rmdir(tmp);
	free(text);
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
	test_damaged_behind_memo(dir);
	if (argc > 2) {
		char *plain = plain_copy(dir);
		CHECK(plain != NULL);
		if (plain) {
			test_partial(plain, argv[2]);
			test_memo(dir, plain, argv[2]);
			remove_copy(plain);
		}
	}
	hyphenator_free(en);
	hyphenator_free(es);
	return check_summary(argv[0]);
}
