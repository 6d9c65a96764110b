/* Typographic rules, checked on laid-out lines (not on pixels): names never
 * broken, no hyphen on a capitalised word, at most two hyphenated lines in a
 * row, no line starting with closing punctuation, Spanish breaks that respect
 * vowel groups and digraphs, justified lines flush, no widows or orphans, the
 * closing kept with two body lines, continuation headers, and a note that
 * spills onto page 2 pulled back by tightening. For ~30 signers, with and
 * without notes, in English and Spanish, on A4 and US Letter.
 * Usage: test_typography FONT_DIR LETTER_DIR HYPHEN_DIR */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "appeal.h"
#include "check.h"
#include "document/document.h"
#include "typeset/fonts.h"
#include "typeset/hyphen.h"
#include "typeset/layout.h"
#include "typeset/page.h"
#include "util/utf8.h"

static const char *const detainees[] = {
	"Pedro Guanipa",   "Perkins Rocha",  "Rafael Ramírez",  "Américo de Grazia", "Biagio Pilieri",  "Freddy Superlano",
	"Luis Somaza",     "Alfredo Díaz",   "Luis Palocz",     "Ricardo Estevez",   "Jesús Armas",     "María Oropeza",
	"Nélide Sánchez",  "Roland Carreño", "Williams Dávila", "Edwin Moya",
};
#define NDETAINEES (sizeof(detainees) / sizeof(detainees[0]))
static const char ADDRESSEE[] = "Nicolás Maduro";

static const char *const signers[] = {
	"Ana Pérez",
	"María José García-Ramos",
	"Jean-Pierre Dupont-Moretti",
	"Łukasz Żółć",
	"Nguyễn Thị Hương",
	"Ayşe Yıldız",
	"Juan Carlos de la Fuente Martínez",
	"Ludwig van Beethoven",
	"Charles-Édouard de La Rochefoucauld",
	"Maximilian Alexander von und zu Liechtenstein",
	"Ngozi Okonjo-Iweala",
	"Anna-Lena Müller-Lüdenscheidt",
	"José María de la Cruz y Fernández de Córdoba",
	"Zbigniew Brzęczyszczykiewicz",
	"Björn Þórðarson",
	"Gabriel García Márquez",
	"Leonor de Sousa e Albuquerque",
	"Ólafur Ragnar Grímsson",
	"Li Wei",
	"Fatima al-Zahra bint Mohammed",
	"Pieter van den Hoogenband",
	"Mary Ann Smith-Jones",
	"Krzysztof Kieślowski",
	"Thandiwe Nomvula Mbeki-Dlamini",
	"Αλέξανδρος Παπαδόπουλος",
	"Наталья Иванова",
	"Ignacio Ramón de Sotomayor y Ulloa",
	"Dolores Ibárruri Gómez",
	"Marie-Thérèse d’Aubigné",
	"Seán O'Brien",
	"Siobhán Ní Bhriain",
	"María de los Ángeles Fernández-Castillo de la Vega",
};
#define NSIGNERS (sizeof(signers) / sizeof(signers[0]))

static struct fontset *fonts;
static struct appeal_letter *letter;
static struct hyphenator *hyph[2];
static int verbose;

static struct appeal_document *fill(const char *lang, const char *name, const char *note)
{
	struct appeal_signer s = APPEAL_SIGNER_INIT;
	struct appeal_error err = {0};
	s.name = name;
	s.city = "Mérida";
	s.note = note;
	s.date = (struct appeal_date){2026, 11, 28};
	struct appeal_document *doc = appeal_document_fill(letter, lang, &s, &err);
	if (!doc)
		fprintf(stderr, "fill %s: %s\n", name, err.message);
	return doc;
}

/* A note in the signer's words that names people, long enough to run over
 * several lines; `sentences` makes it longer, to move the page break. */
static char *make_note(const char *lang, const char *signer, int sentences)
{
	static const char *const en[] = {
		"I am writing to you as a teacher and a parent, and I ask that Freddy Superlano and Nélide "
		"Sánchez be allowed to see their families without delay.",
		"Every week without news is a week of anguish for the relatives of Américo de Grazia, of Jesús "
		"Armas and of all the others, who deserve to know where they are held.",
		"International law is clear: enforced disappearance is prohibited in all circumstances, and "
		"nothing can justify the incommunicado detention of Roland Carreño or Williams Dávila.",
		"Mr Nicolás Maduro, you have the power to end this suffering today by releasing the persons "
		"named in this letter and guaranteeing them a fair trial.",
		"Governments everywhere, from Europe to the Americas, are watching; the international "
		"community expects accountability, transparency and immediate, unconditional releases.",
	};
	static const char *const es[] = {
		"Le escribo como docente y como madre, y le pido que Freddy Superlano y Nélide Sánchez puedan "
		"ver a sus familias sin demora.",
		"Cada semana sin noticias es una semana de angustia para los familiares de Américo de Grazia, "
		"de Jesús Armas y de todos los demás, que merecen saber dónde se encuentran.",
		"El derecho internacional es claro: la desaparición forzada está prohibida en cualquier "
		"circunstancia, y nada justifica la incomunicación de Roland Carreño o de Williams Dávila.",
		"Señor Nicolás Maduro, usted tiene el poder de poner fin a este sufrimiento hoy mismo, "
		"liberando a las personas mencionadas en esta carta.",
		/* vowel groups, initial vowels and digraphs for the Spanish rules */
		"Los países europeos, los poetas, los abuelos ahorrando, la oposición aérea y los huérfanos "
		"leían sobre la reunión; aseguraríamos continuidad, transparencia, reivindicaciones, "
		"ahuyentaríamos chantajes, llamamientos, arrinconamientos y desaparecidos oficialmente.",
	};
	const char *const *s = strcmp(lang, "es") == 0 ? es : en;
	size_t cap = 256 + strlen(signer) * 4;
	for (int i = 0; i < sentences; i++)
		cap += strlen(s[i % 5]) + 2;
	char *note = malloc(cap);
	if (!note)
		return NULL;
	/* The signer's name at the start and near the end of the note. */
	snprintf(note, cap, strcmp(lang, "es") == 0 ? "Yo, %s, " : "I, %s, ", signer);
	for (int i = 0; i < sentences; i++) {
		if (i > 0)
			strcat(note, " ");
		strcat(note, s[(i + 4) % 5]);
	}
	strcat(note, strcmp(lang, "es") == 0 ? " Con respeto, " : " With respect, ");
	strcat(note, signer);
	strcat(note, ".");
	return note;
}

/* ------------------------------------------------------------ line access */

struct flat {
	const struct ll_line **v;
	size_t *page;
	size_t n;
};

/* All lines of the document in reading order, with their page. */
static struct flat flatten(const struct layout *l, bool body_only)
{
	struct flat f = {0};
	size_t cap = 0;
	for (size_t p = 0; p < l->npages; p++)
		cap += l->pages[p].nlines;
	f.v = calloc(cap + 1, sizeof(*f.v));
	f.page = calloc(cap + 1, sizeof(*f.page));
	for (size_t p = 0; f.v && f.page && p < l->npages; p++)
		for (size_t i = 0; i < l->pages[p].nlines; i++)
			if (!body_only || l->pages[p].lines[i].body) {
				f.v[f.n] = &l->pages[p].lines[i];
				f.page[f.n++] = p;
			}
	return f;
}

static void flat_free(struct flat *f)
{
	free(f->v);
	free(f->page);
}

/* ------------------------------------------------------------ rules */

/* Does `name` occur in `s` starting at s[0], where a space of the name may
 * be a line break ('\n') and a line may end inside a word with '-' + '\n'?
 * Returns the matched length and sets *crossed when a line break fell inside. */
static size_t match_name(const char *s, const char *name, bool *crossed)
{
	size_t i = 0, j = 0;
	*crossed = false;
	while (name[j]) {
		if (name[j] == ' ' && (s[i] == ' ' || s[i] == '\n')) {
			*crossed |= s[i] == '\n';
			i++;
			j++;
			continue;
		}
		if (j > 0 && s[i] == '-' && s[i + 1] == '\n' && name[j] != '-') {
			*crossed = true; /* hyphenated inside the name */
			i += 2;
			continue;
		}
		if (s[i] != name[j])
			return 0;
		i++;
		j++;
		if (name[j - 1] == '-' && s[i] == '\n') { /* broken at the name's own hyphen */
			*crossed = true;
			i++;
		}
	}
	return i;
}

/* Counts the occurrences of name in the text of the lines, and those that a
 * line break splits. Apostrophes are compared as typeset (’). */
static int name_occurrences(const struct flat *f, const char *name, int *broken)
{
	size_t cap = 1;
	for (size_t i = 0; i < f->n; i++)
		cap += strlen(f->v[i]->text) + 1;
	char *all = malloc(cap), *o = all;
	if (!all)
		return 0;
	for (size_t i = 0; i < f->n; i++) {
		size_t len = strlen(f->v[i]->text);
		memcpy(o, f->v[i]->text, len);
		o += len;
		*o++ = '\n';
	}
	*o = '\0';
	char typed[256];
	size_t k = 0;
	for (const char *p = name; *p && k + 4 < sizeof(typed); p++) {
		if (*p == '\'') {
			memcpy(typed + k, "\xE2\x80\x99", 3);
			k += 3;
		} else {
			typed[k++] = *p;
		}
	}
	typed[k] = '\0';
	int found = 0;
	*broken = 0;
	for (const char *p = all; *p; p++) {
		bool crossed;
		/* only at the start of a word */
		if (p > all && p[-1] != ' ' && p[-1] != '\n' && (unsigned char)p[-1] < 0x80 && p[-1] != '(')
			continue;
		if (match_name(p, typed, &crossed)) {
			found++;
			*broken += crossed;
			if (crossed)
				fprintf(stderr, "name broken across lines: %s\n", name);
		}
	}
	free(all);
	return found;
}

static bool is_upper_cp(uint32_t c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7) ||
	       (c >= 0x100 && c < 0x17F && c % 2 == 0 && !(c >= 0x139 && c <= 0x148) && !(c >= 0x179)) ||
	       (c >= 0x391 && c <= 0x3A9) || (c >= 0x410 && c <= 0x42F);
}

/* The last word of a line (a pointer into it) and the first code point of a
 * text, skipping opening punctuation. */
static const char *last_word(const char *text)
{
	const char *sp = strrchr(text, ' ');
	return sp ? sp + 1 : text;
}

static bool is_opening(uint32_t c)
{
	return c == '"' || c == '\'' || c == '(' || c == '[' || c == 0xAB || c == 0xBF || c == 0xA1 || c == 0x201C ||
	       c == 0x2018;
}

static uint32_t first_letter(const char *s, size_t *skip)
{
	uint32_t cp = 0;
	size_t off = 0, len = strlen(s);
	while (off < len) {
		int n = utf8_decode(s + off, len - off, &cp);
		if (n <= 0)
			return 0;
		if (!is_opening(cp)) {
			if (skip)
				*skip = off;
			return cp;
		}
		off += (size_t)n;
	}
	return 0;
}

static bool is_es_vowel(uint32_t c)
{
	switch (c) {
	case 'a': case 'e': case 'i': case 'o': case 'u':
	case 0xE1: case 0xE9: case 0xED: case 0xF3: case 0xFA: case 0xFC:
		return true;
	default:
		return false;
	}
}

/* The last code point before the inserted hyphen of a line. */
static uint32_t before_hyphen(const char *text)
{
	size_t len = strlen(text);
	if (len < 2)
		return 0;
	size_t i = len - 2;
	while (i > 0 && ((unsigned char)text[i] & 0xC0) == 0x80)
		i--;
	uint32_t cp = 0;
	return utf8_decode(text + i, len - 1 - i, &cp) > 0 ? cp : 0;
}

struct tally {
	int docs, lines, hyphenated, tightened;
	double worst, median_max;
	char worst_where[160];
	int name_broken, name_missing, hyphen_capital, hyphen_run, short_tail, closing_start, es_vowel, es_lone, es_digraph;
	int not_flush, widow, orphan, closing_alone, header_missing;
};

static const char *const closers[] = {",", ".", ";", ":", "!", "?", ")", "]", "}", "»", "”", "’", "…"};

/* Checks one laid-out letter against every rule and adds to the tally. */
static void check_rules(struct tally *t, const struct layout *l, const char *lang, const char *signer,
                        double right)
{
	const bool es = strcmp(lang, "es") == 0;
	struct flat all = flatten(l, false), body = flatten(l, true);
	t->docs++;

	/* 1. Names: every detainee at least once, and no name split. */
	for (size_t k = 0; k < NDETAINEES; k++) {
		int broken, n = name_occurrences(&body, detainees[k], &broken);
		t->name_missing += n == 0;
		t->name_broken += broken;
	}
	const char *people[] = {ADDRESSEE, signer};
	for (size_t k = 0; k < 2; k++) {
		int broken;
		name_occurrences(&all, people[k], &broken);
		t->name_broken += broken;
	}

	/* 2. Lines: punctuation, hyphens, flushness. */
	int run = 0;
	for (size_t i = 0; i < all.n; i++) {
		const struct ll_line *ln = all.v[i];
		for (size_t c = 0; c < sizeof(closers) / sizeof(closers[0]); c++)
			if (strncmp(ln->text, closers[c], strlen(closers[c])) == 0) {
				t->closing_start++;
				fprintf(stderr, "line starts with closing punctuation: %s\n", ln->text);
			}
		if (ln->justified) {
			double end = layout_line_end(ln);
			if (ln->nspaces == 0 || end < right - 0.01 || end > right + 0.01) {
				t->not_flush++;
				fprintf(stderr, "justified line not flush (ends %.2f, measure ends %.2f): %s\n", end, right,
				        ln->text);
			}
		}
	}
	for (size_t i = 0; i < body.n; i++) {
		const struct ll_line *ln = body.v[i];
		t->lines++;
		run = ln->hyphenated ? run + 1 : 0;
		if (run > 1) {
			t->hyphen_run++;
			fprintf(stderr, "two hyphenated lines in a row: %s\n", ln->text);
		}
		if (!ln->hyphenated)
			continue;
		t->hyphenated++;
		/* At least three letters carried to the next line, in either
		 * language ("importan-/cia.", not "importan-/te."). */
		if (i + 1 < body.n) {
			const char *next = body.v[i + 1]->text;
			size_t at = 0, letters = 0;
			uint32_t cp;
			int n;
			while ((n = utf8_decode(next + at, strlen(next + at), &cp)) > 0 && cp != ' ' && cp != '-' &&
			       !strchr(".,;:!?)]}\"'", (int)(cp < 0x80 ? cp : 0x7F)) && cp != 0xBB && cp != 0x201D &&
			       cp != 0x2019) {
				letters++;
				at += (size_t)n;
			}
			if (letters < 3) {
				t->short_tail++;
				fprintf(stderr, "%zu letters after a hyphen: %s / %s\n", letters, ln->text, next);
			}
		}
		const char *w = last_word(ln->text);
		size_t skip = 0;
		uint32_t c0 = first_letter(w, &skip);
		if (is_upper_cp(c0)) {
			t->hyphen_capital++;
			fprintf(stderr, "capitalised word hyphenated: %s\n", ln->text);
		}
		if (!es || i + 1 >= body.n)
			continue;
		uint32_t a = before_hyphen(ln->text), b = first_letter(body.v[i + 1]->text, NULL);
		if (is_es_vowel(a) && is_es_vowel(b)) {
			t->es_vowel++;
			fprintf(stderr, "Spanish vowel group split: %s / %s\n", w, body.v[i + 1]->text);
		}
		/* the fragment before the hyphen is one vowel: "a-buelo" */
		size_t flen = strlen(w + skip) - 1;
		uint32_t only;
		if (utf8_decode(w + skip, flen, &only) == (int)flen && is_es_vowel(only | 0x20)) {
			t->es_lone++;
			fprintf(stderr, "Spanish lone initial vowel: %s\n", w);
		}
		if ((a == 'c' && b == 'h') || (a == 'l' && b == 'l') || (a == 'r' && b == 'r')) {
			t->es_digraph++;
			fprintf(stderr, "Spanish digraph split: %s / %s\n", w, body.v[i + 1]->text);
		}
	}

	/* 3. Page breaks. A justified body line continues its paragraph; the
	 * first body line that is not justified ends it (justified mode only:
	 * ll_line carries no paragraph id). */
	size_t para_start = 0;
	for (size_t i = 0; i < body.n; i++) {
		if (body.v[i]->justified)
			continue;
		/* paragraph = body[para_start .. i] */
		for (size_t k = para_start + 1; k <= i; k++)
			if (body.page[k] != body.page[k - 1]) {
				size_t before = k - para_start, after = i + 1 - k;
				if (before < 2) {
					t->orphan++;
					fprintf(stderr, "orphan: %s\n", body.v[para_start]->text);
				}
				if (after < 2) {
					t->widow++;
					fprintf(stderr, "widow: %s\n", body.v[i]->text);
				}
			}
		para_start = i + 1;
	}
	const char *closing = es ? "Atentamente," : "Yours sincerely,";
	for (size_t i = 0; i < all.n; i++)
		if (strcmp(all.v[i]->text, closing) == 0) {
			int with = 0;
			for (size_t k = i; k-- > 0 && all.page[k] == all.page[i];)
				with += all.v[k]->body;
			if (with < 2) {
				t->closing_alone++;
				fprintf(stderr, "closing with %d body lines on its page\n", with);
			}
		}
	/* Continuation header: "page n of m" on every page when there are several. */
	for (size_t p = 0; l->npages > 1 && p < l->npages; p++) {
		char want[64];
		snprintf(want, sizeof(want), es ? "página %zu de %zu" : "page %zu of %zu", p + 1, l->npages);
		int found = 0;
		for (size_t i = 0; i < l->pages[p].nlines; i++)
			found += strcmp(l->pages[p].lines[i].text, want) == 0;
		if (found != 1) {
			t->header_missing++;
			fprintf(stderr, "page %zu: no \"%s\"\n", p + 1, want);
		}
		if (p > 0) {
			int head = 0;
			for (size_t i = 0; i < l->pages[p].nlines; i++)
				head += strncmp(l->pages[p].lines[i].text, ADDRESSEE, strlen(ADDRESSEE)) == 0 &&
				        strstr(l->pages[p].lines[i].text, " · ") != NULL;
			t->header_missing += head != 1;
		}
	}
	flat_free(&all);
	flat_free(&body);
}

/* The signer's name, typed as the letter prints it (’ for '), with its
 * spaces as no-break spaces: what fill must put in the note. */
static int tied_in_note(const struct appeal_document *doc, const char *name)
{
	char want[512];
	size_t k = 0;
	for (const char *p = name; *p && k + 4 < sizeof(want); p++) {
		if (*p == ' ') {
			memcpy(want + k, "\xC2\xA0", 2);
			k += 2;
		} else if (*p == '\'') {
			memcpy(want + k, "\xE2\x80\x99", 3);
			k += 3;
		} else {
			want[k++] = *p;
		}
	}
	want[k] = '\0';
	for (size_t i = 0; i < doc->nblocks; i++)
		if (doc->blocks[i].kind == BLOCK_NOTE)
			return strstr(doc->blocks[i].text, want) != NULL;
	return 0;
}

static struct layout_cache *cache;

static int lay(struct layout *l, const struct appeal_document *doc, int paper, int li, bool no_tighten)
{
	struct appeal_error err = {0};
	struct layout_options o = {paper ? APPEAL_PAPER_LETTER : APPEAL_PAPER_A4, false, hyph[li], no_tighten, cache};
	int rc = layout_document(l, doc, fonts, &o, &err);
	if (rc)
		fprintf(stderr, "layout: %s\n", err.message);
	return rc;
}

static double measure_right(int paper)
{
	return page_for(paper ? APPEAL_PAPER_LETTER : APPEAL_PAPER_A4)->right;
}

/* A note just long enough to spill onto page 2 comes back to one page with
 * tightening, and the stats say so. Grows the note a word at a time. */
static void check_tighten(const char *lang, int li, int paper)
{
	const char *words = strcmp(lang, "es") == 0
	                        ? "pido que se respete la vida y la integridad de todas las personas detenidas y que "
	                          "sus familias sepan dónde están y puedan visitarlas "
	                        : "I ask that the life and integrity of every detained person be respected and that "
	                          "their families learn where they are held and may visit them ";
	char note[4000] = "", copy[512], *word[64];
	int found = 0, spills = 0, nwords = 0;
	snprintf(copy, sizeof(copy), "%s", words);
	for (char *w = strtok(copy, " "); w && nwords < 64; w = strtok(NULL, " "))
		word[nwords++] = w;
	for (int n = 0; n < 400 && !found; n++) {
		/* append one word */
		if (strlen(note) + strlen(word[n % nwords]) + 2 >= sizeof(note))
			break;
		if (note[0])
			strcat(note, " ");
		strcat(note, word[n % nwords]);
		struct appeal_document *doc = fill(lang, "Ana Pérez", note);
		struct layout loose, tight;
		if (!doc)
			break;
		if (lay(&loose, doc, paper, li, true) == 0) {
			if (loose.npages == 2 && lay(&tight, doc, paper, li, false) == 0) {
				spills++;
				if (tight.npages == 1) {
					found = 1;
					CHECK(tight.stats.tightened);
					CHECK(!loose.stats.tightened);
					if (verbose)
						fprintf(stderr, "%s %s: a note of %zu bytes spills and is tightened back: "
						                "%d -> %d body lines\n",
						        lang, paper ? "letter" : "a4", strlen(note), loose.stats.lines,
						        tight.stats.lines);
					struct tally t = {0};
					check_rules(&t, &tight, lang, "Ana Pérez", measure_right(paper));
					CHECK_INT(t.widow + t.orphan + t.not_flush + t.name_broken, 0);
				}
				layout_free(&tight);
			}
			/* once it spills, it is not tightened when it still fits */
			if (loose.npages == 1) {
				struct layout same;
				if (lay(&same, doc, paper, li, false) == 0) {
					CHECK(!same.stats.tightened);
					layout_free(&same);
				}
			}
			layout_free(&loose);
		}
		appeal_document_free(doc);
		if (spills > 40)
			break;
	}
	if (!CHECK(found))
		fprintf(stderr, "%s %s: no note that tightening keeps on one page\n", lang, paper ? "letter" : "a4");
}

int main(int argc, char **argv)
{
	struct appeal_error err = {0};
	char path[4096];

	if (argc < 4) {
		fprintf(stderr, "usage: test_typography FONT_DIR LETTER_DIR HYPHEN_DIR\n");
		return 2;
	}
	verbose = getenv("TYPOGRAPHY_VERBOSE") != NULL;
	fonts = fontset_load(argv[1], &err);
	snprintf(path, sizeof(path), "%s/venezuela-2025.json", argv[2]);
	letter = fonts ? appeal_letter_load(path, &err) : NULL;
	hyph[0] = hyphenator_new(argv[3], "en", &err);
	hyph[1] = hyphenator_new(argv[3], "es", &err);
	if (!CHECK(fonts && letter && hyph[0] && hyph[1])) {
		fprintf(stderr, "%s\n", err.message);
		return check_summary(argv[0]);
	}

	const char *langs[] = {"en", "es"};
	struct tally t = {0};
	/* A batch shares the campaign's paragraphs through the cache; so do we. */
	cache = layout_cache_new();

	/* Fill ties the signer's name wherever it occurs (here: in the note),
	 * whatever its length or apostrophes. */
	int untied = 0;
	for (size_t s = 0; s < NSIGNERS; s++) {
		if (!strchr(signers[s], ' '))
			continue;
		char *note = make_note("en", signers[s], 0);
		struct appeal_document *doc = fill("en", signers[s], note);
		if (doc && !tied_in_note(doc, signers[s])) {
			untied++;
			fprintf(stderr, "signer's name not tied in the note: %s\n", signers[s]);
		}
		appeal_document_free(doc);
		free(note);
	}
	CHECK_INT(untied, 0);

	for (int li = 0; li < 2; li++)
		for (int paper = 0; paper < 2; paper++)
			for (size_t s = 0; s < NSIGNERS; s++)
				for (int sentences = -1; sentences <= 10; sentences += 2 + (sentences > 2) * 2) {
					char *note = sentences >= 0 ? make_note(langs[li], signers[s], sentences) : NULL;
					struct appeal_document *doc = fill(langs[li], signers[s], note);
					struct layout l;
					if (CHECK(doc != NULL) && CHECK_INT(lay(&l, doc, paper, li, false), 0)) {
						t.tightened += l.stats.tightened;
						if (l.stats.worst_stretch > t.worst) {
							t.worst = l.stats.worst_stretch;
							snprintf(t.worst_where, sizeof(t.worst_where), "%s %s, %s, %d sentences",
							         langs[li], paper ? "letter" : "a4", signers[s], sentences);
						}
						t.median_max = fmax(t.median_max, l.stats.median_stretch);
						check_rules(&t, &l, langs[li], signers[s], measure_right(paper));
						layout_free(&l);
					}
					appeal_document_free(doc);
					free(note);
				}
	fprintf(stderr,
	        "typography: %d letters, %d body lines, %d hyphenated, %d tightened; broken names %d, missing %d, "
	        "capital hyphenated %d, hyphenated lines in a row %d, fewer than 3 letters after a hyphen %d, "
	        "closing punctuation first %d, es vowel group %d, "
	        "es lone vowel %d, es digraph %d, not flush %d, widows %d, orphans %d, lone closing %d, "
	        "missing headers %d\n",
	        t.docs, t.lines, t.hyphenated, t.tightened, t.name_broken, t.name_missing, t.hyphen_capital, t.hyphen_run,
	        t.short_tail, t.closing_start, t.es_vowel, t.es_lone, t.es_digraph, t.not_flush, t.widow, t.orphan, t.closing_alone,
	        t.header_missing);
	fprintf(stderr, "typography: worst word space %.3f (%s), largest median %.3f\n", t.worst, t.worst_where,
	        t.median_max);
	/* issue 8's targets: no word space drawn past 1.25 times its width,
	 * and the typical line near its natural width */
	CHECK(t.worst <= 1.25);
	CHECK(t.median_max <= 1.05);
	CHECK_INT(t.name_broken, 0);
	CHECK_INT(t.name_missing, 0);
	CHECK_INT(t.hyphen_capital, 0);
	CHECK_INT(t.hyphen_run, 0);
	CHECK_INT(t.short_tail, 0);
	CHECK_INT(t.closing_start, 0);
	CHECK_INT(t.es_vowel, 0);
	CHECK_INT(t.es_lone, 0);
	CHECK_INT(t.es_digraph, 0);
	CHECK_INT(t.not_flush, 0);
	CHECK_INT(t.widow, 0);
	CHECK_INT(t.orphan, 0);
	CHECK_INT(t.closing_alone, 0);
	CHECK_INT(t.header_missing, 0);
	CHECK(t.hyphenated > 0); /* the checks above saw hyphenated lines */

	for (int li = 0; li < 2; li++)
		for (int paper = 0; paper < 2; paper++)
			check_tighten(langs[li], li, paper);

	layout_cache_free(cache);
	hyphenator_free(hyph[0]);
	hyphenator_free(hyph[1]);
	appeal_letter_free(letter);
	fontset_free(fonts);
	return check_summary(argv[0]);
}
