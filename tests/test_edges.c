/* The page's edges, as a property: thousands of letters with random notes,
 * names and cities (0 to 5,000 characters; URLs, e-mail addresses, 60-letter
 * words, digits, Greek and Cyrillic, both languages, both papers) are set as
 * PDFs, and poppler's `pdftotext -bbox` must show that
 *   - every word box lies inside the text column and on the page, and the
 *     address inside the envelope window's zone;
 *   - the words read back are the document's words, in order, where a word
 *     broken across lines (a URL after its slash, a long word with or
 *     without an added hyphen) reads back whole.
 * Inputs longer than the limits must be refused with a clear error and leave
 * the PDF as it was.
 * Two rounds: a fixed seed, then a random one; a failure prints the seed
 * (EDGES_SEED=n repeats it; EDGES_LETTERS=n sets letters per round).
 * Usage: test_edges FONT_DIR LETTER_DIR HYPHEN_DIR */
#include <errno.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "appeal.h"
#include "check.h"
#include "document/document.h"
#include "typeset/page.h"
#include "util/error.h"
#include "util/utf8.h"

extern char **environ;

static struct appeal_letter *letter;
static const char *font_dir, *hyphen_dir;
static char tmpdir[] = "/tmp/appeal-edges-XXXXXX";

/* ------------------------------------------------------------ random input */

static uint64_t rng;

static uint64_t next(void)
{
	/* xorshift64* */
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 2685821657736338717ull;
}

static size_t pick(size_t n)
{
	return n ? (size_t)(next() % n) : 0;
}

struct text {
	char *s;
	size_t len, cap;
};

static void put(struct text *t, const char *s)
{
	size_t n = strlen(s);
	if (t->len + n + 1 > t->cap) {
		t->cap = (t->len + n + 1) * 2;
		t->s = realloc(t->s, t->cap);
		if (!t->s)
			abort();
	}
	memcpy(t->s + t->len, s, n + 1);
	t->len += n;
}

static const char *const words_en[] = {
	"the", "release", "of", "prisoners", "I", "ask", "you", "to", "act", "now", "international", "human",
	"rights", "law", "families", "deserve", "truth", "justice", "and", "reparation", "well-known",
	"ill-treatment", "non-repetition", "detention", "incommunicado", "whereabouts", "extraordinarily",
	"disappearance", "counsel", "guarantees", "responsibility", "1,000", "2026", "(please)", "now,",
	"today.", "“quoted”", "it’s", "—", "–", "and/or", "co-operate",
};
static const char *const words_es[] = {
	"la", "liberación", "de", "las", "personas", "detenidas", "arbitrariamente", "por", "motivos", "políticos",
	"le", "pido", "que", "garantice", "su", "acceso", "a", "visitas", "familiares", "¿por", "qué?", "¡ya!",
	"«libertad»", "incomunicación", "desaparición", "reivindicaciones", "aseguraríamos", "ahorrando",
	"huérfanos", "reunión", "país", "año", "niño", "pingüino", "Señor", "Presidente", "Nélide", "Sánchez",
};
static const char *const foreign[] = {"Αλέξανδρος", "Παπαδόπουλος", "Наталья", "Иванова", "Łukasz", "Żółć",
                                      "Nguyễn", "Hương", "Ayşe", "Yıldız", "Þórðarson", "Brzęczyszczykiewicz"};
static const char *const detainees[] = {"Freddy Superlano", "Nélide Sánchez", "Américo de Grazia", "Nicolás Maduro"};
static const char letters[] = "abcdefghijklmnopqrstuvwxyz";
static const char *const accented[] = {"á", "é", "í", "ó", "ú", "ñ", "ü", "ç", "ø", "ł"};

static void random_letters(struct text *t, size_t n, bool capital)
{
	char one[8];
	for (size_t i = 0; i < n; i++) {
		if (pick(8) == 0) {
			put(t, accented[pick(sizeof(accented) / sizeof(accented[0]))]);
			continue;
		}
		one[0] = letters[pick(26)];
		if (i == 0 && capital)
			one[0] = (char)(one[0] - 32);
		one[1] = '\0';
		put(t, one);
	}
}

static void random_url(struct text *t)
{
	static const char *const tlds[] = {"org", "com", "es", "co.uk", "info"};
	put(t, pick(3) ? "https://" : "www.");
	if (pick(2))
		put(t, "www.");
	random_letters(t, 3 + pick(20), false);
	put(t, ".");
	put(t, tlds[pick(5)]);
	for (size_t k = pick(8); k > 0; k--) {
		put(t, "/");
		random_letters(t, 1 + pick(pick(4) ? 12 : 90), false);
		if (pick(4) == 0)
			put(t, pick(2) ? "-" : "_");
	}
	if (pick(3) == 0) {
		put(t, "?");
		random_letters(t, 1 + pick(6), false);
		put(t, "=");
		random_letters(t, 1 + pick(10), false);
		put(t, "&x=");
		char num[16];
		snprintf(num, sizeof(num), "%u", (unsigned)pick(100000));
		put(t, num);
	}
}

static void random_email(struct text *t)
{
	random_letters(t, 1 + pick(12), false);
	if (pick(2)) {
		put(t, pick(2) ? "." : "_");
		random_letters(t, 1 + pick(30), false);
	}
	put(t, "@");
	random_letters(t, 2 + pick(15), false);
	put(t, pick(2) ? ".org" : "-internacional.es");
}

static void random_word(struct text *t, bool es)
{
	switch (pick(20)) {
	case 0:
		random_url(t);
		break;
	case 1:
		random_email(t);
		break;
	case 2: /* a 60-letter word, sometimes capitalised */
		random_letters(t, 60, pick(3) == 0);
		break;
	case 3: { /* a run of digits or symbols with no break in it */
		size_t n = 1 + pick(pick(4) ? 12 : 150);
		for (size_t i = 0; i < n; i++) {
			char d[2] = {(char)('0' + pick(10)), '\0'};
			put(t, d);
		}
		break;
	}
	case 4:
		put(t, foreign[pick(sizeof(foreign) / sizeof(foreign[0]))]);
		break;
	case 5:
		put(t, detainees[pick(sizeof(detainees) / sizeof(detainees[0]))]);
		break;
	case 6:
		random_letters(t, 1 + pick(14), pick(4) == 0);
		break;
	case 7: /* a soft hyphen inside a word */
		random_letters(t, 3 + pick(6), false);
		put(t, "\xC2\xAD");
		random_letters(t, 3 + pick(6), false);
		break;
	default:
		put(t, es ? words_es[pick(sizeof(words_es) / sizeof(words_es[0]))]
		          : words_en[pick(sizeof(words_en) / sizeof(words_en[0]))]);
		break;
	}
}

/* Text of about `chars` characters: words, spaces, line breaks and blank
 * lines between paragraphs. */
static char *random_text(size_t chars, bool es, bool one_line)
{
	struct text t = {0};
	put(&t, "");
	while (utf8_length(t.s, t.len) < chars) {
		if (t.len > 0) {
			size_t r = pick(60);
			put(&t, one_line || r > 2 ? " " : r == 0 ? "\n\n" : "\n");
		}
		random_word(&t, es);
	}
	return t.s;
}

/* ------------------------------------------------------------ expectations */

static int failures_seen;

static void report(uint64_t seed, const char *fmt, ...) APPEAL_PRINTF(2, 3);

struct tokens {
	char **v;
	size_t n, cap;
};

static void add_token(struct tokens *tk, const char *s, size_t len)
{
	if (tk->n == tk->cap) {
		tk->cap = tk->cap ? tk->cap * 2 : 256;
		tk->v = realloc(tk->v, tk->cap * sizeof(*tk->v));
		if (!tk->v)
			abort();
	}
	char *w = malloc(len + 1), *o = w;
	if (!w)
		abort();
	/* a soft hyphen is invisible: it reads back as nothing */
	for (size_t i = 0; i < len; i++) {
		if ((unsigned char)s[i] == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] == 0xAD) {
			i++;
			continue;
		}
		*o++ = s[i];
	}
	*o = '\0';
	if (o > w)
		tk->v[tk->n++] = w;
	else
		free(w);
}

/* The words of every block the letter prints in full, in order (the return
 * line repeats the name and city, shortened where need be). */
static void expected_tokens(const struct appeal_document *doc, struct tokens *tk)
{
	for (size_t i = 0; i < doc->nblocks; i++) {
		const struct block *b = &doc->blocks[i];
		if (b->kind == BLOCK_SENDER || b->kind == BLOCK_SIGNATURE)
			continue;
		const char *s = b->text;
		while (*s) {
			size_t n = 0;
			while (s[n] && s[n] != ' ' && !((unsigned char)s[n] == 0xC2 && (unsigned char)s[n + 1] == 0xA0))
				n++;
			add_token(tk, s, n);
			s += n;
			if (*s == ' ')
				s++;
			else if (*s)
				s += 2;
		}
	}
}

/* The words of a text split at white space (the note, name and city as
 * the signer typed them). */
static void input_tokens(const char *s, struct tokens *tk)
{
	while (*s) {
		size_t n = strcspn(s, " \n");
		if (n)
			add_token(tk, s, n);
		s += n;
		s += strspn(s, " \n");
	}
}

/* The words of the document's blocks of one kind (a no-break space parts
 * words as a space does). */
static void block_tokens(const struct appeal_document *doc, enum block_kind kind, size_t nth, struct tokens *tk)
{
	size_t seen = 0;
	for (size_t i = 0; i < doc->nblocks; i++) {
		if (doc->blocks[i].kind != kind || (nth != (size_t)-1 && seen++ != nth))
			continue;
		char *copy = strdup(doc->blocks[i].text);
		if (!copy)
			abort();
		for (char *p = copy; (p = strstr(p, "\xC2\xA0")) != NULL;)
			memcpy(p, " \n", 2);
		input_tokens(copy, tk);
		free(copy);
	}
}

static void free_tokens(struct tokens *tk);

/* Nothing the signer typed is dropped or changed on the way into the
 * document: the note's, the name's and the city's words are the document's. */
static int same_words(uint64_t seed, const struct appeal_signer *s, const struct appeal_document *doc)
{
	struct {
		const char *what, *typed;
		enum block_kind kind;
		size_t nth;
	} parts[] = {{"note", s->note, BLOCK_NOTE, (size_t)-1},
	             {"name", s->name, BLOCK_SIGNER, 0},
	             {"city", s->city, BLOCK_SIGNER, 1}};
	int faults = 0;
	for (size_t k = 0; k < sizeof(parts) / sizeof(parts[0]); k++) {
		struct tokens in = {0}, out = {0};
		input_tokens(parts[k].typed, &in);
		block_tokens(doc, parts[k].kind, parts[k].nth, &out);
		size_t i = 0;
		while (i < in.n && i < out.n && strcmp(in.v[i], out.v[i]) == 0)
			i++;
		if (i < in.n || i < out.n) {
			report(seed, "%s word %zu typed \"%s\", in the document \"%s\"", parts[k].what, i + 1,
			       i < in.n ? in.v[i] : "(nothing)", i < out.n ? out.v[i] : "(nothing)");
			faults++;
		}
		free_tokens(&in);
		free_tokens(&out);
	}
	return faults;
}

static void free_tokens(struct tokens *tk)
{
	for (size_t i = 0; i < tk->n; i++)
		free(tk->v[i]);
	free(tk->v);
	memset(tk, 0, sizeof(*tk));
}

/* ------------------------------------------------------------ poppler */

struct word {
	int page;
	double x0, y0, x1, y1;
	char *text;
};

struct words {
	struct word *v;
	size_t n, cap;
	double page_w, page_h;
};

static int run(char *const argv[])
{
	pid_t pid;
	int status;
	if (posix_spawnp(&pid, argv[0], NULL, NULL, argv, environ) != 0)
		return -1;
	if (waitpid(pid, &status, 0) < 0)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static double attr(const char *tag, const char *name)
{
	const char *p = strstr(tag, name);
	return p ? strtod(p + strlen(name) + 2, NULL) : -1;
}

/* Decodes the five XML entities pdftotext writes. */
static char *unescape(const char *s, size_t len)
{
	char *out = malloc(len + 1), *o = out;
	static const char *const ent[][2] = {{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""},
	                                     {"&apos;", "'"}, {"&#39;", "'"}};
	if (!out)
		abort();
	for (size_t i = 0; i < len;) {
		bool done = false;
		for (size_t k = 0; k < sizeof(ent) / sizeof(ent[0]) && !done; k++) {
			size_t el = strlen(ent[k][0]);
			if (i + el <= len && memcmp(s + i, ent[k][0], el) == 0) {
				*o++ = ent[k][1][0];
				i += el;
				done = true;
			}
		}
		if (!done)
			*o++ = s[i++];
	}
	*o = '\0';
	return out;
}

static bool read_bbox(const char *html_path, struct words *ws)
{
	size_t len;
	char *html = check_read_file(html_path, &len);
	int page = -1;
	if (!html)
		return false;
	for (char *p = html; (p = strchr(p, '<')) != NULL;) {
		if (strncmp(p, "<page ", 6) == 0) {
			char *gt = strchr(p, '>');
			if (!gt)
				break;
			*gt = '\0'; /* attr() reads this tag only */
			page++;
			ws->page_w = attr(p, "width");
			ws->page_h = attr(p, "height");
			p = gt + 1;
		} else if (strncmp(p, "<word ", 6) == 0) {
			/* the text holds no '<' (poppler writes &lt;); no strstr over
			 * the rest of the file, which is quadratic under ASan */
			char *gt = strchr(p, '>'), *end = gt ? strchr(gt, '<') : NULL;
			if (!end || strncmp(end, "</word>", 7) != 0)
				break;
			if (ws->n == ws->cap) {
				ws->cap = ws->cap ? ws->cap * 2 : 4096;
				ws->v = realloc(ws->v, ws->cap * sizeof(*ws->v));
				if (!ws->v)
					abort();
			}
			*gt = '\0';
			ws->v[ws->n++] = (struct word){page, attr(p, "xMin"), attr(p, "yMin"), attr(p, "xMax"), attr(p, "yMax"),
			                               unescape(gt + 1, (size_t)(end - gt - 1))};
			p = end + 7;
		} else {
			p++;
		}
	}
	free(html);
	return true;
}

static int by_position(const void *a, const void *b)
{
	const struct word *x = a, *y = b;
	if (x->page != y->page)
		return x->page - y->page;
	/* same line when the baselines are within a point */
	if (x->y1 < y->y1 - 1)
		return -1;
	if (x->y1 > y->y1 + 1)
		return 1;
	return (x->x0 > y->x0) - (x->x0 < y->x0);
}

/* ------------------------------------------------------------ matching */

/* A URL or an e-mail address: it may break only with no hyphen added. */
static bool is_address_token(const char *t)
{
	return strstr(t, "://") || strncmp(t, "www.", 4) == 0 || strchr(t, '@');
}

/* Matches token t from extracted word j on; a word that ends a line may be a
 * piece of t, with an added hyphen unless t is a URL or an e-mail address.
 * Returns the next word's index or -1. */
static long match_token(const struct word *w, size_t nw, size_t j, const char *t, bool address)
{
	if (j >= nw)
		return -1;
	const char *e = w[j].text;
	size_t el = strlen(e), tl = strlen(t);
	if (strcmp(e, t) == 0)
		return (long)j + 1;
	bool line_end = j + 1 < nw && (w[j + 1].page != w[j].page || w[j + 1].y1 > w[j].y1 + 1);
	if (!line_end)
		return -1;
	if (el < tl && strncmp(e, t, el) == 0) {
		long r = match_token(w, nw, j + 1, t + el, address);
		if (r >= 0)
			return r;
	}
	if (!address && el >= 2 && e[el - 1] == '-' && el - 1 < tl && strncmp(e, t, el - 1) == 0)
		return match_token(w, nw, j + 1, t + el - 1, address);
	return -1;
}

/* ------------------------------------------------------------ one round */

struct expect {
	int first_page, pages;
	struct tokens tk;
};

static void report(uint64_t seed, const char *fmt, ...)
{
	va_list ap;
	if (failures_seen++ < 12) {
		fprintf(stderr, "edges (EDGES_SEED=%llu): ", (unsigned long long)seed);
		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		va_end(ap);
		fputc('\n', stderr);
	}
}

static void round_of(uint64_t seed, int nletters)
{
	int refused = 0, set = 0, pages_total = 0, words_total = 0, outside = 0, mismatched = 0, broken = 0;
	rng = seed ? seed : 1;
	for (int combo = 0; combo < 4; combo++) {
		const char *lang = combo & 1 ? "es" : "en";
		enum appeal_paper paper = combo & 2 ? APPEAL_PAPER_LETTER : APPEAL_PAPER_A4;
		const struct page_geometry *g = page_for(paper);
		struct appeal_output_options po = APPEAL_OUTPUT_OPTIONS_INIT;
		struct appeal_error err = {0};
		po.paper = paper;
		po.font_dir = font_dir;
		po.hyphen_dir = hyphen_dir;
		struct appeal_output *pdf = appeal_output_new(&po, &err);
		if (!CHECK(pdf != NULL)) {
			fprintf(stderr, "%s\n", err.message);
			return;
		}
		int n = nletters / 4;
		struct expect *ex = calloc((size_t)n, sizeof(*ex));
		int nex = 0;
		for (int i = 0; i < n; i++) {
			/* lengths from 0 to 5,000 characters, most of them short */
			size_t note_len = pick(4) == 0 ? pick(5001) : pick(600);
			size_t name_len = pick(20) == 0 ? pick(5001) : 1 + pick(pick(3) ? 30 : 190);
			char *note = random_text(note_len, combo & 1, false);
			char *name = random_text(name_len, combo & 1, true);
			char *city = random_text(pick(8) ? pick(40) : pick(300), combo & 1, true);
			struct appeal_signer s = APPEAL_SIGNER_INIT;
			s.name = name;
			s.city = city;
			s.note = note;
			s.date = (struct appeal_date){2026, 11, 28};
			appeal_error_clear(&err);
			struct appeal_document *doc = appeal_document_fill(letter, lang, &s, &err);
			bool too_long = strlen(name) > APPEAL_MAX_NAME || strlen(city) > APPEAL_MAX_NAME ||
			                strlen(note) > APPEAL_MAX_NOTE;
			if (!doc) {
				refused++;
				/* refused for its length (or an empty name), with a message */
				if (!too_long && name[0]) {
					report(seed, "refused: %s (name \"%s\")", err.message, name);
					mismatched++;
				}
				CHECK(err.code == APPEAL_EINVAL && err.message[0]);
			} else {
				int before = appeal_output_page_count(pdf);
				struct appeal_stats st;
				if (too_long) {
					report(seed, "accepted although too long: %s", name);
					mismatched++;
				}
				mismatched += same_words(seed, &s, doc);
				if (appeal_output_add(pdf, doc, &st, &err) != 0) {
					report(seed, "not set: %s (%s)", err.message, name);
					mismatched++;
				} else {
					ex[nex].first_page = before;
					ex[nex].pages = appeal_output_page_count(pdf) - before;
					expected_tokens(doc, &ex[nex].tk);
					nex++;
					set++;
				}
				appeal_document_free(doc);
			}
			free(note);
			free(name);
			free(city);
		}
		char pdf_path[256], html_path[256];
		snprintf(pdf_path, sizeof(pdf_path), "%s/%d.pdf", tmpdir, combo);
		snprintf(html_path, sizeof(html_path), "%s/%d.html", tmpdir, combo);
		CHECK_INT(appeal_output_finish(pdf, pdf_path, &err), 0);
		appeal_output_free(pdf);
		char tool[] = "pdftotext", opt[] = "-bbox";
		char *argv[] = {tool, opt, pdf_path, html_path, NULL};
		struct words ws = {0};
		if (!CHECK_INT(run(argv), 0) || !CHECK(read_bbox(html_path, &ws))) {
			fprintf(stderr, "pdftotext -bbox failed (poppler-utils, installed by tools/install-deps)\n");
			free(ex);
			return;
		}
		/* Every word inside the column and on its page. */
		struct page_box zone = page_address_zone(g);
		for (size_t k = 0; k < ws.n; k++) {
			const struct word *w = &ws.v[k];
			if (w->x0 < g->left - 0.05 || w->x1 > g->right + 0.05 || w->y0 < 0 || w->y1 > ws.page_h) {
				outside++;
				char where[96];
				snprintf(where, sizeof(where), "page %d, x %.2f to %.2f", w->page + 1, w->x0, w->x1);
				report(seed, "word outside the column: \"%s\" (%s)", w->text, where);
			}
		}
		/* The return line (small type in the return zone) inside its
		 * zone, however long the name and city: shortened, never
		 * overflowing its rule. */
		for (size_t k = 0; k < ws.n && g->sender.x1 > 0; k++) {
			const struct word *w = &ws.v[k];
			if (w->y1 - w->y0 < 10 && w->y0 > g->sender.y0 - 1 && w->y1 < g->sender.y1 + 1 &&
			    (w->x0 < g->sender.x0 - 0.05 || w->x1 > g->sender.x1 + 0.05)) {
				outside++;
				report(seed, "return line word outside its zone: \"%s\" (x %.2f to %.2f)", w->text, w->x0,
				       w->x1);
			}
		}
		words_total += (int)ws.n;
		/* Each letter's words read back in order. Furniture (the small
		 * return line, headers and page numbers) is set below 10 pt. */
		qsort(ws.v, ws.n, sizeof(*ws.v), by_position);
		struct word *body = malloc((ws.n + 1) * sizeof(*body));
		size_t nb = 0, k = 0;
		for (int e = 0; e < nex; e++) {
			nb = 0;
			for (; k < ws.n && ws.v[k].page < ex[e].first_page + ex[e].pages; k++)
				if (ws.v[k].y1 - ws.v[k].y0 >= 10.5)
					body[nb++] = ws.v[k];
			/* The address (the words near the window's zone on page
			 * 1) inside the zone: poppler's boxes run from the face's
			 * ascent to its descent, as the zone's arithmetic does. */
			for (size_t q = 0; q < nb; q++)
				if (body[q].page == ex[e].first_page && body[q].y1 > zone.y0 - 12 && body[q].y0 < zone.y1 + 12 &&
				    (body[q].x0 < zone.x0 - 0.05 || body[q].x1 > zone.x1 + 0.05 ||
				     body[q].y0 < zone.y0 - 0.05 || body[q].y1 > zone.y1 + 0.05)) {
					outside++;
					report(seed, "address word outside the window: \"%s\"", body[q].text);
				}
			long j = 0;
			for (size_t t = 0; t < ex[e].tk.n && j >= 0; t++) {
				long nj = match_token(body, nb, (size_t)j, ex[e].tk.v[t], is_address_token(ex[e].tk.v[t]));
				if (nj < 0) {
					report(seed, "expected \"%s\", read \"%s\"", ex[e].tk.v[t],
					       (size_t)j < nb ? body[j].text : "(nothing)");
					broken++;
				}
				j = nj;
			}
			if (j >= 0 && (size_t)j != nb) {
				report(seed, "words left over after the letter: \"%s\"", body[j].text);
				broken++;
			}
			pages_total += ex[e].pages;
			free_tokens(&ex[e].tk);
		}
		free(body);
		for (size_t q = 0; q < ws.n; q++)
			free(ws.v[q].text);
		free(ws.v);
		free(ex);
		if (!getenv("EDGES_KEEP")) {
			unlink(pdf_path);
			unlink(html_path);
		}
	}
	fprintf(stderr, "edges: seed %llu: %d letters set (%d pages, %d words), %d refused as too long; %d words "
	                "outside, %d misread, %d other faults\n",
	        (unsigned long long)seed, set, pages_total, words_total, refused, outside, broken, mismatched);
	CHECK_INT(outside, 0);
	CHECK_INT(broken, 0);
	CHECK_INT(mismatched, 0);
	CHECK(set > nletters / 2);
	CHECK(refused > 0);
}

int main(int argc, char **argv)
{
	struct appeal_error err = {0};
	char path[4096];

	if (argc < 4) {
		fprintf(stderr, "usage: test_edges FONT_DIR LETTER_DIR HYPHEN_DIR\n");
		return 2;
	}
	font_dir = argv[1];
	hyphen_dir = argv[3];
	snprintf(path, sizeof(path), "%s/venezuela-2025.json", argv[2]);
	letter = appeal_letter_load(path, &err);
	if (!CHECK(letter != NULL) || !CHECK(mkdtemp(tmpdir) != NULL)) {
		fprintf(stderr, "%s\n", err.message);
		return check_summary(argv[0]);
	}
	const char *env = getenv("EDGES_LETTERS");
	int n = env ? atoi(env) : 800;
	env = getenv("EDGES_SEED");
	if (env) {
		round_of(strtoull(env, NULL, 10), n);
	} else {
		round_of(20261128, n);
		uint64_t seed = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);
		int before = check_failed;
		round_of(seed, n);
		if (check_failed > before)
			fprintf(stderr, "edges: the random round failed; repeat it with EDGES_SEED=%llu\n",
			        (unsigned long long)seed);
	}
	if (getenv("EDGES_KEEP"))
		fprintf(stderr, "edges: PDFs kept in %s\n", tmpdir);
	else
		rmdir(tmpdir);
	appeal_letter_free(letter);
	return check_summary(argv[0]);
}
