/* Layout: blocks → lines (via linebreak) → pages. Page 1 follows DIN 5008
 * form B on A4 (address field for a DL window envelope, fold marks) and the
 * #9 window position on US Letter; see docs/layout.md for the measures. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "typeset/hyphen.h"
#include "typeset/layout.h"
#include "typeset/linebreak.h"
#include "util/utf8.h"
#include "util/i18n.h"

#define MM (72.0 / 25.4)
#define BODY_SIZE 11.0
#define LEADING 13.8
#define PARSKIP (0.5 * LEADING)
#define SENDER_SIZE 7.5
#define HEADER_SIZE 9.0
#define SIGNATURE_DROP (19.0 * MM) /* closing baseline to the typed name's baseline */
#define SIGNATURE_WIDTH (60.0 * MM)
#define HYPHEN_PENALTY 50
#define STRETCH_EM 0.15
#define SHRINK_EM 0.06
/* A justified line whose spaces would stretch past GAP_LIMIT times their
 * width takes the rest as letter spacing, at most LETTER_EM per character:
 * a line TeX would leave gaping or push into the margin (see
 * docs/typography.md: the paragraph of sixteen names that must not break). */
#define GAP_LIMIT 1.45
#define LETTER_EM 0.03

static const char NBSP[] = "\xC2\xA0";

/* Page geometry, in points; y is measured down from the top edge here and
 * flipped to PDF coordinates only when a line is stored. */
struct geometry {
	double width, height;
	double left, right;    /* text column */
	double sender_y;       /* 0: no sender line */
	double address_y;      /* first address baseline */
	double date_y;
	double continued_y;    /* first text baseline on later pages */
	double bottom;         /* lowest baseline */
	double marks[3];       /* fold and punch marks, 0 when absent */
};

static void geometry_for(struct geometry *g, enum appeal_paper paper)
{
	memset(g, 0, sizeof(*g));
	if (paper == APPEAL_PAPER_LETTER) {
		g->width = 8.5 * 72;
		g->height = 11 * 72;
		g->left = 25 * MM;
		g->right = g->width - 22 * MM;
		/* #9 window: 2.1875 in from the top, 1.125 in tall. */
		g->address_y = 2.1875 * 72 + 4.2 * MM;
		g->date_y = 90 * MM;
		g->marks[0] = 3.75 * 72;
		g->marks[1] = 7.375 * 72;
	} else {
		g->width = 210 * MM;
		g->height = 297 * MM;
		g->left = 25 * MM;
		g->right = g->width - 20 * MM;
		/* DIN 5008 form B: field at 45 mm, 17.7 mm for the return line. */
		g->sender_y = 45 * MM + 15.8 * MM;
		g->address_y = 45 * MM + 17.7 * MM + 4.2 * MM;
		g->date_y = 98 * MM;
		g->marks[0] = 105 * MM;
		g->marks[1] = 148.5 * MM;
		g->marks[2] = 210 * MM;
	}
	g->continued_y = 34 * MM;
	g->bottom = g->height - (paper == APPEAL_PAPER_LETTER ? 18 : 22) * MM;
}

void layout_page_size(enum appeal_paper paper, double *width, double *height)
{
	struct geometry g;
	geometry_for(&g, paper);
	*width = g.width;
	*height = g.height;
}

/* Where a line of text came from, for errors and for layout rules. */
struct row {
	struct ll_line line;   /* y is filled by pagination */
	double advance;        /* from the previous baseline */
	bool break_before;     /* a page may start here */
	bool signature;        /* the signature box sits above this row */
};

struct rows {
	struct row *v;
	size_t n, cap;
};

struct ctx {
	struct fontset *fonts;
	const struct layout_options *opts;
	const struct geometry *g;
	struct appeal_error *err;
	int looseness;
	double parskip;
};

static void free_rows(struct rows *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->v[i].line.text);
	free(r->v);
	r->v = NULL;
	r->n = r->cap = 0;
}

static struct row *push_row(struct rows *r)
{
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 64;
		struct row *v = realloc(r->v, cap * sizeof(*v));
		if (!v)
			return NULL;
		r->v = v;
		r->cap = cap;
	}
	memset(&r->v[r->n], 0, sizeof(r->v[0]));
	return &r->v[r->n++];
}

/* ------------------------------------------------------------ paragraphs */

/* An item plus the text it stands for, so lines can be rebuilt. */
struct piece {
	const char *s;
	size_t len;
};

struct para {
	struct lb_item *items;
	struct piece *pieces;
	size_t n, cap;
};

static bool para_push(struct para *p, struct lb_item item, const char *s, size_t len)
{
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 128;
		struct lb_item *items = realloc(p->items, cap * sizeof(*items));
		if (!items)
			return false;
		p->items = items;
		struct piece *pieces = realloc(p->pieces, cap * sizeof(*pieces));
		if (!pieces)
			return false;
		p->pieces = pieces;
		p->cap = cap;
	}
	p->items[p->n] = item;
	p->pieces[p->n] = (struct piece){s, len};
	p->n++;
	return true;
}

static bool is_upper_start(const char *s, size_t len)
{
	uint32_t cp;
	if (utf8_decode(s, len, &cp) < 0)
		return false;
	return (cp >= 'A' && cp <= 'Z') || (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) ||
	       (cp >= 0x100 && cp < 0x180 && cp % 2 == 0);
}

/* Boxes for one run of letters with no space: breaks after explicit hyphens
 * (not before a capital: "Jean-Pierre" stays whole) and at the hyphenation
 * points the hyphenator allows. */
static bool push_word(struct ctx *c, struct para *p, const char *s, size_t len, enum font_style style,
                      double size, bool hyphenate_ok)
{
	double hyphen = font_advance(c->fonts, style, '-') * size / 1000.0;
	unsigned char stackpts[128], *points = len <= sizeof(stackpts) ? stackpts : malloc(len);
	size_t start = 0;
	bool ok = true;

	if (!points)
		return false;
	memset(points, 0, len);
	if (hyphenate_ok && c->opts->hyphenator && !memchr(s, '-', len))
		hyphenate(c->opts->hyphenator, s, len, points);
	for (size_t i = 0; i < len && ok; i++) {
		bool explicit = s[i] == '-' && i > 0 && i + 1 < len && !is_upper_start(s + i + 1, len - i - 1);
		if (!explicit && !points[i])
			continue;
		size_t end = i + 1;
		double w = font_text_width(c->fonts, style, s + start, end - start) * size / 1000.0;
		ok = para_push(p, (struct lb_item){LB_BOX, w, 0, 0, 0, false}, s + start, end - start) &&
		     para_push(p, (struct lb_item){LB_PENALTY, explicit ? 0 : hyphen, 0, 0, HYPHEN_PENALTY, true},
		               explicit ? "" : "-", explicit ? 0 : 1);
		start = end;
	}
	if (ok && start < len) {
		double w = font_text_width(c->fonts, style, s + start, len - start) * size / 1000.0;
		ok = para_push(p, (struct lb_item){LB_BOX, w, 0, 0, 0, false}, s + start, len - start);
	}
	if (points != stackpts)
		free(points);
	return ok;
}

/* Builds the items of a paragraph: words are boxes, spaces glue, and a
 * no-break space is glue that a +infinity penalty keeps from breaking. */
static bool build_items(struct ctx *c, struct para *p, const char *text, enum font_style style, double size,
                        bool hyphenate_ok)
{
	double space = font_advance(c->fonts, style, ' ') * size / 1000.0;
	/* The face's own space (0.25 em) stretching by 0.15 em and shrinking by
	 * 0.06 em: TeX's 1/6 and 1/9 em suit Computer Modern, and cramp or
	 * flood this narrower Times-like face (measured in docs/typography.md). */
	struct lb_item glue = {LB_GLUE, space, STRETCH_EM * size, SHRINK_EM * size, 0, false};
	struct lb_item tie = {LB_PENALTY, 0, 0, 0, LB_INFINITY, false};
	const char *s = text;
	bool first = true;

	while (*s) {
		size_t n = strcspn(s, " ");
		const char *word = s;
		while (word < s + n) {
			const char *nb = strstr(word, NBSP);
			size_t plen = nb && nb < s + n ? (size_t)(nb - word) : (size_t)(s + n - word);
			if (plen > 0) {
				if (!first && !para_push(p, glue, " ", 1))
					return false;
				/* A word tied to its neighbours belongs to a name:
				 * never hyphenated ("d’Aubigné", "de la Vega"). */
				bool tied = word > s || word + plen < s + n;
				if (!push_word(c, p, word, plen, style, size, hyphenate_ok && !tied))
					return false;
				first = false;
			}
			word += plen;
			if (word < s + n) { /* a no-break space */
				word += 2;
				if (!first && !para_push(p, tie, "", 0))
					return false;
			}
		}
		s += n;
		while (*s == ' ')
			s++;
	}
	/* Finish: the last line is set at its natural width. */
	return para_push(p, tie, "", 0) && para_push(p, (struct lb_item){LB_GLUE, 0, LB_FIL, 0, 0, false}, "", 0) &&
	       para_push(p, (struct lb_item){LB_PENALTY, 0, 0, 0, -LB_INFINITY, false}, "", 0);
}

/* Glue right after a tie's penalty is not a break, so drop a trailing tie
 * marker when glue precedes it; tidy text: one U+0020 per glue. */
static char *line_text(const struct para *p, size_t from, size_t to, bool hyphen, int *nspaces, double *natural)
{
	size_t cap = 1;
	for (size_t i = from; i < to; i++)
		cap += p->pieces[i].len + 1;
	char *out = malloc(cap + 1), *o = out;
	*nspaces = 0;
	*natural = 0;
	if (!out)
		return NULL;
	for (size_t i = from; i < to; i++) {
		const struct lb_item *it = &p->items[i];
		if (it->type == LB_BOX) {
			memcpy(o, p->pieces[i].s, p->pieces[i].len);
			o += p->pieces[i].len;
			*natural += it->width;
		} else if (it->type == LB_GLUE && it->stretch < LB_FIL) {
			*o++ = ' ';
			(*nspaces)++;
			*natural += it->width;
		}
	}
	/* A line never ends in a space, even after a tie that fell at its end. */
	while (o > out && o[-1] == ' ') {
		o--;
		(*nspaces)--;
	}
	if (hyphen)
		*o++ = '-';
	*o = '\0';
	return out;
}

enum align { ALIGN_LEFT, ALIGN_RIGHT, ALIGN_JUSTIFY };

double layout_line_end(const struct ll_line *line)
{
	size_t glyphs = utf8_length(line->text, strlen(line->text));
	return line->x + line->width + line->nspaces * line->word_space +
	       (glyphs > 0 ? (double)(glyphs - 1) * line->char_space : 0);
}

/* Spreads the room left on a justified line over its spaces, and over its
 * letters too when the spaces alone would gape. */
static void justify(struct ll_line *line, double width, double space)
{
	double extra = width - line->width;
	double glyphs = (double)utf8_length(line->text, strlen(line->text));
	/* Room beyond what GAP_LIMIT lets the spaces take; Tc also widens each
	 * space glyph, so the spaces' share is counted with it. */
	double beyond = extra - line->nspaces * (GAP_LIMIT - 1) * space;

	line->char_space = 0;
	if (beyond > 0 && glyphs - 1 - line->nspaces > 0)
		line->char_space = fmin(beyond / (glyphs - 1 - line->nspaces), LETTER_EM * line->size);
	line->word_space = (extra - (glyphs - 1) * line->char_space) / line->nspaces;
	/* An overfull line is shrunk no further than the glue allows. */
	line->word_space = fmax(line->word_space, -SHRINK_EM * line->size);
}

/* Breaks text into rows appended to out; the first row gets `advance`. */
static int break_text(struct ctx *c, struct rows *out, const char *text, enum font_style style, double size,
                      double leading, double advance, enum align align, bool body)
{
	struct para p = {0};
	struct lb_break *breaks = NULL;
	size_t nbreaks = 0;
	double width = c->g->right - c->g->left;
	double space = font_advance(c->fonts, style, ' ') * size / 1000.0;
	int rc = 0;

	if (!build_items(c, &p, text, style, size, body)) {
		rc = err_nomem(c->err);
		goto out;
	}
	struct lb_params params = LB_PARAMS_INIT;
	params.width = width;
	params.ragged = align != ALIGN_JUSTIFY || (body && c->opts->ragged);
	params.looseness = body ? c->looseness : 0;
	if (linebreak(p.items, p.n, &params, &breaks, &nbreaks)) {
		rc = err_nomem(c->err);
		goto out;
	}
	size_t from = 0;
	for (size_t b = 0; b < nbreaks; b++) {
		size_t at = breaks[b].item;
		const struct lb_item *bi = &p.items[at];
		bool hyphen = bi->type == LB_PENALTY && bi->flagged && bi->width > 0;
		bool last = b + 1 == nbreaks;
		struct row *r = push_row(out);
		if (!r) {
			rc = err_nomem(c->err);
			goto out;
		}
		/* Skip discardable items at the start of a line. */
		while (from < at && p.items[from].type != LB_BOX)
			from++;
		r->line.text = line_text(&p, from, at, hyphen, &r->line.nspaces, &r->line.width);
		if (!r->line.text) {
			out->n--;
			rc = err_nomem(c->err);
			goto out;
		}
		if (hyphen)
			r->line.width += bi->width;
		r->line.style = style;
		r->line.size = size;
		r->line.hyphenated = hyphen;
		r->line.body = body;
		r->line.justified = body && !last && !params.ragged;
		r->advance = b == 0 ? advance : leading;
		r->line.x = c->g->left;
		if (align == ALIGN_RIGHT)
			r->line.x = c->g->right - r->line.width;
		if (r->line.justified && r->line.nspaces > 0)
			justify(&r->line, width, space);
		from = at + 1;
	}
out:
	free(breaks);
	free(p.items);
	free(p.pieces);
	return rc;
}

/* ------------------------------------------------------------ cache */

#define CACHE_SLOTS 4096
#define CACHE_MAX 2048 /* entries before the cache starts afresh: memory stays bounded */

struct cache_entry {
	uint64_t hash;
	char *text;
	struct ll_line *lines;
	size_t nlines;
};

struct layout_cache {
	struct cache_entry slots[CACHE_SLOTS];
	size_t used;
};

struct layout_cache *layout_cache_new(void)
{
	return calloc(1, sizeof(struct layout_cache));
}

static void cache_clear(struct layout_cache *cache)
{
	for (size_t i = 0; i < CACHE_SLOTS; i++) {
		struct cache_entry *e = &cache->slots[i];
		for (size_t k = 0; k < e->nlines; k++)
			free(e->lines[k].text);
		free(e->lines);
		free(e->text);
		memset(e, 0, sizeof(*e));
	}
	cache->used = 0;
}

void layout_cache_free(struct layout_cache *cache)
{
	if (cache) {
		cache_clear(cache);
		free(cache);
	}
}

/* FNV-1a over the text and every setting that changes the breaks. */
static uint64_t cache_hash(const char *text, const double *settings, size_t n)
{
	uint64_t h = 1469598103934665603u;
	for (const unsigned char *p = (const unsigned char *)text; *p; p++)
		h = (h ^ *p) * 1099511628211u;
	const unsigned char *b = (const unsigned char *)settings;
	for (size_t i = 0; i < n * sizeof(double); i++)
		h = (h ^ b[i]) * 1099511628211u;
	return h ? h : 1;
}

static struct cache_entry *cache_find(struct layout_cache *cache, uint64_t hash, const char *text)
{
	for (size_t i = hash % CACHE_SLOTS, n = 0; n < CACHE_SLOTS; i = (i + 1) % CACHE_SLOTS, n++) {
		struct cache_entry *e = &cache->slots[i];
		if (!e->hash || (e->hash == hash && strcmp(e->text, text) == 0))
			return e;
	}
	return NULL;
}

/* Copies rows [from, out->n) into an empty slot; a failure only means the
 * paragraph is not remembered. */
static void cache_store(struct cache_entry *e, uint64_t hash, const char *text, const struct rows *out, size_t from)
{
	size_t n = out->n - from;
	e->lines = calloc(n ? n : 1, sizeof(*e->lines));
	e->text = strdup(text);
	if (!e->lines || !e->text)
		goto fail;
	for (size_t i = 0; i < n; i++) {
		e->lines[i] = out->v[from + i].line;
		e->lines[i].text = strdup(out->v[from + i].line.text);
		if (!e->lines[i].text)
			goto fail;
		e->nlines = i + 1;
	}
	e->hash = hash;
	return;
fail:
	for (size_t i = 0; i < e->nlines; i++)
		free(e->lines[i].text);
	free(e->lines);
	free(e->text);
	memset(e, 0, sizeof(*e));
}

/* break_text, remembered: the campaign's paragraphs are the same for every
 * signer, and breaking them (hyphenation above all) is most of the layout. */
static int set_text(struct ctx *c, struct rows *out, const char *text, enum font_style style, double size,
                    double leading, double advance, enum align align, bool body)
{
	struct layout_cache *cache = c->opts->cache;
	double settings[] = {style, size, align, body, c->opts->ragged, body ? c->looseness : 0,
	                     c->g->right - c->g->left, (double)(uintptr_t)c->opts->hyphenator};
	uint64_t hash = 0;
	struct cache_entry *e = NULL;
	size_t from = out->n;

	if (cache) {
		hash = cache_hash(text, settings, sizeof(settings) / sizeof(settings[0]));
		e = cache_find(cache, hash, text);
		if (e && e->hash) {
			for (size_t i = 0; i < e->nlines; i++) {
				struct row *r = push_row(out);
				char *t = r ? strdup(e->lines[i].text) : NULL;
				if (!t) {
					if (r)
						out->n--;
					return err_nomem(c->err);
				}
				r->line = e->lines[i];
				r->line.text = t;
				r->advance = i == 0 ? advance : leading;
			}
			return 0;
		}
	}
	int rc = break_text(c, out, text, style, size, leading, advance, align, body);
	if (rc || !cache)
		return rc;
	if (cache->used >= CACHE_MAX || !e) {
		cache_clear(cache);
		e = cache_find(cache, hash, text);
	}
	if (e) {
		cache_store(e, hash, text, out, from);
		cache->used += e->hash != 0;
	}
	return 0;
}

/* ------------------------------------------------------------ checks */

static void describe_origin(char *buf, size_t size, const char *origin)
{
	if (strcmp(origin, "name") == 0)
		snprintf(buf, size, "%s", _("the name"));
	else if (strcmp(origin, "city") == 0)
		snprintf(buf, size, "%s", _("the city"));
	else if (strcmp(origin, "note") == 0)
		snprintf(buf, size, "%s", _("the note"));
	else
		snprintf(buf, size, _("the letter's text (%s)"), origin);
}

static int check_glyphs(struct ctx *c, const struct appeal_document *doc)
{
	for (size_t i = 0; i < doc->nblocks; i++) {
		const struct block *b = &doc->blocks[i];
		enum font_style style = b->kind == BLOCK_SUBJECT ? FONT_BOLD : FONT_REGULAR;
		uint32_t cp = font_first_missing(c->fonts, style, b->text);
		if (!cp)
			continue;
		char where[96], ch[8] = {0};
		describe_origin(where, sizeof(where), b->origin);
		if (cp >= 0x20)
			utf8_encode(cp, ch);
		err_set(c->err, APPEAL_EGLYPH, _("%s contains U+%04X%s%s%s, which the letter's font cannot draw"), where,
		        (unsigned)cp, ch[0] ? " (" : "", ch, ch[0] ? ")" : "");
		err_field(c->err, b->origin);
		err_hint(c->err, _("write it in Latin letters (as in a passport), or leave the character out; "
		                 "Latin, Greek and Cyrillic are supported"));
		return APPEAL_EGLYPH;
	}
	return 0;
}

/* ------------------------------------------------------------ flow */

/* The flowing part of the letter: subject to signature, as rows with their
 * page-break rules (no orphans or widows, salutation with the first two
 * lines, closing and signature with the last two). */
static int build_flow(struct ctx *c, const struct appeal_document *doc, struct rows *flow)
{
	size_t body_first = 0, body_last = 0;
	bool have_body = false;
	double pending = 0; /* extra space before the next block */
	int rc;

	for (size_t i = 0; i < doc->nblocks; i++) {
		const struct block *b = &doc->blocks[i];
		size_t start = flow->n;
		double adv = flow->n == 0 ? 0 : LEADING + pending;
		switch (b->kind) {
		case BLOCK_SUBJECT:
			rc = set_text(c, flow, b->text, FONT_BOLD, BODY_SIZE, LEADING, adv, ALIGN_LEFT, false);
			pending = LEADING;
			break;
		case BLOCK_SALUTATION:
			rc = set_text(c, flow, b->text, FONT_REGULAR, BODY_SIZE, LEADING, adv, ALIGN_LEFT, false);
			pending = c->parskip;
			break;
		case BLOCK_PARAGRAPH:
		case BLOCK_NOTE:
			rc = set_text(c, flow, b->text, FONT_REGULAR, BODY_SIZE, LEADING, adv, ALIGN_JUSTIFY, true);
			pending = c->parskip;
			if (!have_body)
				body_first = start;
			have_body = true;
			body_last = flow->n;
			/* No orphan, no widow: two lines at least on each side. */
			for (size_t k = start; k < flow->n; k++) {
				size_t idx = k - start, n = flow->n - start;
				flow->v[k].break_before = idx == 0 || (idx >= 2 && n - idx >= 2);
			}
			continue;
		case BLOCK_CLOSING:
			rc = set_text(c, flow, b->text, FONT_REGULAR, BODY_SIZE, LEADING, adv, ALIGN_LEFT, false);
			pending = 0;
			break;
		case BLOCK_SIGNATURE:
			pending = SIGNATURE_DROP - LEADING;
			continue;
		case BLOCK_SIGNER:
			rc = set_text(c, flow, b->text, FONT_REGULAR, BODY_SIZE, LEADING, adv, ALIGN_LEFT, false);
			if (!rc && pending > 0 && start < flow->n)
				flow->v[start].signature = true;
			pending = 0;
			break;
		default:
			continue;
		}
		if (rc)
			return rc;
	}
	/* The first body line stays with the salutation; the closing and all
	 * after it stay with the last two body lines. */
	if (have_body) {
		flow->v[body_first].break_before = false;
		if (body_last >= 1)
			flow->v[body_last - 1].break_before = false;
	}
	return 0;
}

/* ------------------------------------------------------------ pages */

static struct ll_page *add_page(struct layout *l)
{
	struct ll_page *pages = realloc(l->pages, (l->npages + 1) * sizeof(*pages));
	if (!pages)
		return NULL;
	l->pages = pages;
	memset(&pages[l->npages], 0, sizeof(pages[0]));
	return &pages[l->npages++];
}

/* Adds a copy of line (its text copied too) at y_top from the page's top. */
static bool page_add_line(struct layout *l, struct ll_page *pg, const struct ll_line *line, double y_top)
{
	struct ll_line *lines = realloc(pg->lines, (pg->nlines + 1) * sizeof(*lines));
	if (!lines)
		return false;
	pg->lines = lines;
	char *text = strdup(line->text);
	if (!text)
		return false;
	lines[pg->nlines] = *line;
	lines[pg->nlines].text = text;
	lines[pg->nlines].y = l->page_height - y_top;
	pg->nlines++;
	return true;
}

/* A small italic line of the page's furniture (header, page number), set
 * from x, or ending at x when right-aligned. */
static bool page_add_label(struct ctx *c, struct layout *l, struct ll_page *pg, const char *text, double x,
                           bool right, double y_top)
{
	struct ll_line line = {0};
	line.style = FONT_ITALIC;
	line.size = HEADER_SIZE;
	line.text = (char *)text;
	line.width = font_text_width(c->fonts, FONT_ITALIC, text, strlen(text)) * HEADER_SIZE / 1000;
	line.x = right ? x - line.width : x;
	return page_add_line(l, pg, &line, y_top);
}

static void page_add_rule(struct layout *l, struct ll_page *pg, double x0, double y0, double x1, double y1)
{
	if (pg->nrules < LL_MAX_RULES)
		pg->rules[pg->nrules++] = (struct ll_rule){x0, l->page_height - y0, x1, l->page_height - y1};
}

/* Chooses the first row of every page: rows go on a page while they fit;
 * when one does not, the page ends before the latest row a page may start
 * with. starts[] gets the page starts; returns the page count. */
static size_t paginate(const struct rows *flow, double first_y, double continued_y, double bottom, size_t *starts)
{
	size_t npages = 0, first = 0, i = 0;
	double y = first_y;

	starts[npages++] = 0;
	while (i < flow->n) {
		if (i != first)
			y += flow->v[i].advance;
		if (y <= bottom || i == first) {
			i++;
			continue;
		}
		size_t j = i;
		while (j > first + 1 && !flow->v[j].break_before)
			j--;
		if (j == first + 1 && !flow->v[j].break_before)
			j = i; /* no allowed break fits: break here rather than overflow */
		starts[npages++] = j;
		first = i = j;
		y = continued_y;
	}
	return npages;
}

static int emit_pages(struct ctx *c, struct layout *l, const struct appeal_document *doc, const struct rows *fixed,
                      const double *fixed_y, const struct rows *flow, const size_t *starts, size_t npages,
                      double first_y)
{
	const struct geometry *g = c->g;
	const bool es = strcmp(doc->lang, "es") == 0;

	for (size_t p = 0; p < npages; p++) {
		struct ll_page *pg = add_page(l);
		if (!pg)
			return err_nomem(c->err);
		char num[64];
		snprintf(num, sizeof(num), es ? "página %zu de %zu" : "page %zu of %zu", p + 1, npages);
		if (p == 0) {
			for (size_t i = 0; i < fixed->n; i++)
				if (!page_add_line(l, pg, &fixed->v[i].line, fixed_y[i]))
					return err_nomem(c->err);
			if (g->sender_y > 0)
				page_add_rule(l, pg, g->left, g->sender_y + 1.6, g->left + 85 * MM - 5 * MM, g->sender_y + 1.6);
			for (int m = 0; m < 3; m++)
				if (g->marks[m] > 0) {
					double len = m == 1 && g->marks[2] > 0 ? 7 * MM : 5 * MM;
					page_add_rule(l, pg, 3.5 * MM, g->marks[m], 3.5 * MM + len, g->marks[m]);
				}
			/* A letter that goes on says so at the foot of its first page. */
			if (npages > 1 && !page_add_label(c, l, pg, num, g->right, true, g->bottom + 1.6 * LEADING))
				return err_nomem(c->err);
		} else {
			/* Continuation header: recipient and date, page n of m. */
			char head[512];
			snprintf(head, sizeof(head), "%s · %s", doc->recipient, doc->date_text);
			double hy = g->continued_y - 2.2 * LEADING;
			if (!page_add_label(c, l, pg, head, g->left, false, hy) ||
			    !page_add_label(c, l, pg, num, g->right, true, hy))
				return err_nomem(c->err);
			page_add_rule(l, pg, g->left, hy + 4, g->right, hy + 4);
		}
		size_t end = p + 1 < npages ? starts[p + 1] : flow->n;
		double y = p == 0 ? first_y : g->continued_y;
		for (size_t i = starts[p]; i < end; i++) {
			const struct row *r = &flow->v[i];
			if (i != starts[p])
				y += r->advance;
			if (!page_add_line(l, pg, &r->line, y))
				return err_nomem(c->err);
			if (r->signature) {
				pg->has_signature = true;
				/* Between the closing and the typed name's ascenders. */
				double top = y - SIGNATURE_DROP + 0.3 * LEADING;
				double bottom = y - 0.8 * LEADING;
				pg->signature = (struct ll_image){g->left, l->page_height - bottom, SIGNATURE_WIDTH,
				                                  bottom - top};
			}
		}
	}
	return 0;
}

static void compute_stats(struct layout *l, struct fontset *fonts)
{
	size_t nstretch = 0, cap = 0;
	double *stretch = NULL;

	for (size_t p = 0; p < l->npages; p++)
		cap += l->pages[p].nlines;
	stretch = cap ? malloc(cap * sizeof(*stretch)) : NULL;
	memset(&l->stats, 0, sizeof(l->stats));
	l->stats.pages = (int)l->npages;
	for (size_t p = 0; p < l->npages; p++)
		for (size_t i = 0; i < l->pages[p].nlines; i++) {
			const struct ll_line *line = &l->pages[p].lines[i];
			if (line->style != FONT_REGULAR || line->size != BODY_SIZE)
				continue;
			l->stats.lines += line->body;
			l->stats.hyphenated += line->hyphenated;
			if (!line->justified)
				continue;
			double space = font_advance(fonts, line->style, ' ') * line->size / 1000.0;
			if (stretch && line->nspaces > 0)
				stretch[nstretch++] = (space + line->word_space + line->char_space) / space;
		}
	if (nstretch > 0) {
		for (size_t i = 1; i < nstretch; i++) /* insertion sort: ~40 values */
			for (size_t j = i; j > 0 && stretch[j - 1] > stretch[j]; j--) {
				double t = stretch[j];
				stretch[j] = stretch[j - 1];
				stretch[j - 1] = t;
			}
		l->stats.median_stretch = nstretch % 2 ? stretch[nstretch / 2]
		                                       : (stretch[nstretch / 2 - 1] + stretch[nstretch / 2]) / 2;
		l->stats.worst_stretch = stretch[nstretch - 1];
	}
	free(stretch);
}

void layout_free(struct layout *l)
{
	if (!l)
		return;
	for (size_t p = 0; p < l->npages; p++) {
		for (size_t i = 0; i < l->pages[p].nlines; i++)
			free(l->pages[p].lines[i].text);
		free(l->pages[p].lines);
	}
	free(l->pages);
	l->pages = NULL;
	l->npages = 0;
}

/* The fixed head of page 1: sender line, address, place and date. */
static int build_head(struct ctx *c, const struct appeal_document *doc, struct rows *fixed, double **ys)
{
	const struct geometry *g = c->g;
	double addr_y = g->address_y, y;
	size_t naddr = 0;
	int rc = 0;

	*ys = NULL;
	for (size_t i = 0; i < doc->nblocks && !rc; i++) {
		const struct block *b = &doc->blocks[i];
		size_t start = fixed->n;
		if (b->kind == BLOCK_SENDER && g->sender_y > 0)
			rc = set_text(c, fixed, b->text, FONT_REGULAR, SENDER_SIZE, SENDER_SIZE * 1.2, 0, ALIGN_LEFT,
			              false);
		else if (b->kind == BLOCK_ADDRESS)
			rc = set_text(c, fixed, b->text, FONT_REGULAR, BODY_SIZE, LEADING, 0, ALIGN_LEFT, false);
		else if (b->kind == BLOCK_DATELINE)
			rc = set_text(c, fixed, b->text, FONT_REGULAR, BODY_SIZE, LEADING, 0, ALIGN_RIGHT, false);
		else
			continue;
		double *v = realloc(*ys, (fixed->n ? fixed->n : 1) * sizeof(**ys));
		if (!v)
			return err_nomem(c->err);
		*ys = v;
		for (size_t k = start; k < fixed->n; k++) {
			if (b->kind == BLOCK_SENDER)
				y = g->sender_y - (double)(fixed->n - 1 - k) * SENDER_SIZE * 1.2;
			else if (b->kind == BLOCK_ADDRESS)
				y = addr_y + (double)naddr++ * LEADING;
			else
				y = fmax(g->date_y, addr_y + (double)naddr * LEADING + LEADING) + (double)(k - start) * LEADING;
			v[k] = y;
		}
	}
	return rc;
}

int layout_document(struct layout *out, const struct appeal_document *doc, struct fontset *fonts,
                    const struct layout_options *opts, struct appeal_error *err)
{
	struct geometry g;
	struct ctx c = {fonts, opts, &g, err, 0, PARSKIP};
	struct rows fixed = {0}, flow = {0};
	double *fixed_y = NULL;
	size_t *starts = NULL, npages = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	geometry_for(&g, opts->paper);
	out->page_width = g.width;
	out->page_height = g.height;
	if ((rc = check_glyphs(&c, doc)) || (rc = build_head(&c, doc, &fixed, &fixed_y)))
		goto out;
	double last_head = g.date_y;
	for (size_t i = 0; i < fixed.n; i++)
		last_head = fmax(last_head, fixed_y[i]);
	double first_y = last_head + 2 * LEADING;

	/* First the natural setting; if it spills onto another page, try the
	 * same letter with every paragraph a line shorter where it can be
	 * (TeX's looseness), then with tighter paragraph spacing as well. */
	bool tightened = false;
	for (int attempt = 0; attempt < 3; attempt++) {
		struct rows trial = {0};
		c.looseness = attempt > 0 ? -1 : 0;
		c.parskip = attempt > 1 ? 0.25 * LEADING : PARSKIP;
		if ((rc = build_flow(&c, doc, &trial))) {
			free_rows(&trial);
			goto out;
		}
		size_t *s = malloc((trial.n + 1) * sizeof(*s));
		if (!s) {
			free_rows(&trial);
			rc = err_nomem(err);
			goto out;
		}
		size_t n = paginate(&trial, first_y, g.continued_y, g.bottom, s);
		if (attempt == 0 || n < npages) {
			free_rows(&flow);
			free(starts);
			flow = trial;
			starts = s;
			tightened = attempt > 0;
			npages = n;
		} else {
			free_rows(&trial);
			free(s);
		}
		if (npages == 1 || opts->no_tighten)
			break;
	}
	rc = emit_pages(&c, out, doc, &fixed, fixed_y, &flow, starts, npages, first_y);
	if (!rc) {
		compute_stats(out, fonts);
		out->stats.tightened = tightened;
	}
out:
	if (rc)
		layout_free(out);
	free_rows(&fixed);
	free_rows(&flow);
	free(fixed_y);
	free(starts);
	return rc;
}
