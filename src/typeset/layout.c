/* Layout: blocks → lines (via linebreak) → pages. Page 1 follows the paper's
 * geometry (src/typeset/page.c: DIN 5008 form B on A4, a #10 window envelope
 * on US Letter); docs/layout.md gives the measures, docs/typography.md the
 * rules. No line is ever wider than its measure: a word too wide for it is
 * broken (at Unicode line-break opportunities, inside URLs after / . - _ ? &
 * @, and as a last resort between any two characters), so nothing is drawn
 * outside the column and nothing is lost. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unigbrk.h>
#include <unilbrk.h>

#include "util/error.h"
#include "util/i18n.h"
#include "lang/lang.h"
#include "typeset/hyphen.h"
#include "typeset/layout.h"
#include "util/strmap.h"
#include "typeset/linebreak.h"
#include "typeset/page.h"
#include "util/utf8.h"
#include "util/i18n.h"

#define MM PAGE_MM
#define BODY_SIZE 11.0
#define LEADING 13.8
#define PARSKIP (0.5 * LEADING)
#define HEADER_SIZE 9.0
#define SIGNATURE_DROP (19.0 * MM) /* closing baseline to the typed name's baseline */
#define SIGNATURE_WIDTH (60.0 * MM)
#define STRETCH_EM 0.15
#define SHRINK_EM 0.06
/* Font expansion as pdfTeX's microtype sets it by default: glyphs 2 % wider
 * or narrower at most, here in steps of 0.5 % (PDF Tz). */
#define EXPANSION 0.02
#define EXPANSION_STEP 0.005
#define EXPANSION_BADNESS 20 /* a line expanded all the way costs what a decent loose line does */
/* Word spaces are never drawn wider than GAP_LIMIT times their width while
 * letter spacing (at most LETTER_EM per character) can take the rest: only a
 * line no break can save needs it (docs/typography.md: the sixteen names). */
#define GAP_LIMIT 1.245
#define LETTER_EM 0.03
/* A justified line whose spaces would still be wider than GAP_MAX times
 * their width (a name that cannot break, pushed to the next line) is left
 * ragged instead: one short line reads better than holes in it. */
#define GAP_MAX 3.0
#define RAGGED_TOLERANCE 2.0
/* Penalties of the breaks inside a word (a space costs nothing). */
#define HYPHEN_PENALTY 100  /* an added hyphen */
#define EXHYPHEN_PENALTY 50 /* after a hyphen that is there */
#define DASH_PENALTY 50     /* after an en or em dash */
#define URL_PENALTY 100     /* inside a URL or e-mail address, no hyphen added */
#define WIDE_PENALTY 500    /* inside a word wider than the line: it must break */
#define LAST_PENALTY 500    /* inside a long word, in the emergency pass only */
#define TIE_PENALTY 1000    /* inside a name wider than the line */

static const char NBSP[] = "\xC2\xA0";
static const char ELLIPSIS[] = "\xE2\x80\xA6";

void layout_page_size(enum appeal_paper paper, double *width, double *height)
{
	const struct page_geometry *g = page_for(paper);
	*width = g->width;
	*height = g->height;
}

/* Where a line of text came from, for errors and for layout rules. */
struct row {
	struct ll_line line;   /* y is filled by pagination */
	double advance;        /* from the previous baseline */
	bool break_before;     /* a page may start here */
	bool signature;        /* the signature box sits above this row */
	bool head;             /* subject or salutation: kept off the fold */
	bool sender;           /* the return line */
};

struct rows {
	struct row *v;
	size_t n, cap;
};

struct ctx {
	struct fontset *fonts;
	const struct layout_options *opts;
	const struct page_geometry *g;
	struct appeal_error *err;
	int looseness;
	double parskip;
};

enum align { ALIGN_LEFT, ALIGN_RIGHT, ALIGN_JUSTIFY };

/* How a block is set: face, size and leading, alignment and the measure. */
struct setting {
	enum font_style style;
	double size, leading;
	enum align align;
	bool body;       /* a body paragraph: hyphenated, justified */
	double x, width; /* the measure */
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

static double text_width(struct ctx *c, enum font_style style, double size, const char *s, size_t len)
{
	return (double)font_text_width(c->fonts, style, s, len) * size / 1000.0;
}

static double ascent_of(struct ctx *c, enum font_style style, double size)
{
	return font_ascent(c->fonts, style) * size / 1000.0;
}

static double descent_of(struct ctx *c, enum font_style style, double size)
{
	return -font_descent(c->fonts, style) * size / 1000.0;
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
		size_t cap = p->cap ? p->cap * 2 : 32;
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

static uint32_t first_cp(const char *s, size_t len)
{
	uint32_t cp;
	return len > 0 && utf8_decode(s, len, &cp) > 0 ? cp : 0;
}

static bool is_upper(uint32_t cp)
{
	return (cp >= 'A' && cp <= 'Z') || (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) ||
	       (cp >= 0x100 && cp < 0x180 && cp % 2 == 0);
}

/* Letters on both sides of a last-resort break get a hyphen; digits and
 * symbols do not. */
static bool is_letter(uint32_t cp)
{
	return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
	       (cp >= 0xC0 && cp != 0xD7 && cp != 0xF7 && cp < 0x2000);
}

/* A URL or an e-mail address, maybe inside brackets or quotes. */
static bool is_address(const char *s, size_t len)
{
	const char *at = memchr(s, '@', len);

	while (len > 0 && strchr("([{<\"'", *s)) {
		s++;
		len--;
	}
	if (len >= 4 && (strncmp(s, "www.", 4) == 0 || strncmp(s, "WWW.", 4) == 0))
		return true;
	for (size_t i = 0; i + 3 <= len; i++)
		if (memcmp(s + i, "://", 3) == 0)
			return i > 0;
	return at && at > s && memchr(at, '.', len - (size_t)(at - s)) != NULL;
}

/* Kinds of break inside a word, by the byte they come before. */
enum {
	WB_NONE,
	WB_EXPLICIT, /* after a hyphen in the text */
	WB_DASH,     /* after an en or em dash */
	WB_URL,      /* inside a URL or e-mail address */
	WB_UAX,      /* a Unicode line-break opportunity, in a word wider than the line */
	WB_SHY,      /* a soft hyphen starts here: it is dropped, and shows as a hyphen at a break */
	WB_HYPHEN,   /* a hyphenation point */
	WB_WIDE,     /* between two characters, in a part too wide for the line */
	WB_LAST      /* between two characters, in a long part, as a last resort */
};

struct word {
	const char *s;
	size_t len;
	const char *uax;     /* Unicode line-break opportunities, before each byte */
	unsigned char *bk;   /* what may break before each byte (WB_*), len + 1 entries */
	bool address;        /* a URL or e-mail address */
	bool tied;           /* part of a name: breaks only if it is wider than the line */
	bool ragged;
};

/* Marks grapheme-cluster boundaries in [from, to) as `kind`. */
static bool mark_anywhere(struct word *w, size_t from, size_t to, unsigned char kind)
{
	size_t n = to - from;
	char stack[256], *gb = n <= sizeof(stack) ? stack : malloc(n);

	if (!gb)
		return false;
	u8_grapheme_breaks((const uint8_t *)w->s + from, n, gb);
	for (size_t i = 1; i < n; i++)
		if (gb[i] && !w->bk[from + i])
			w->bk[from + i] = kind;
	if (gb != stack)
		free(gb);
	return true;
}

/* Where the next part of the word starts after a break at i. */
static size_t after_break(const struct word *w, size_t i)
{
	return w->bk[i] == WB_SHY ? i + 2 : i;
}

/* Adds breaks to the parts between the breaks already marked that are too
 * wide: Unicode opportunities first, then any character boundary when a
 * part is wider than the line; a long part of ordinary text, and any part
 * of a URL or e-mail address, also gets last-resort breaks for the
 * emergency pass (else a line before a URL's unbreakable part may gape). */
static bool mark_wide(struct ctx *c, const struct setting *st, struct word *w, bool uax)
{
	size_t start = w->bk[0] == WB_SHY ? 2 : 0;

	for (size_t i = 1; i <= w->len; i++) {
		if (i < w->len && !w->bk[i])
			continue;
		if (i > start) {
			double width = text_width(c, st->style, st->size, w->s + start, i - start);
			if (width > st->width) {
				if (uax) {
					bool added = false;
					for (size_t k = start + 1; k < i; k++)
						if (w->uax[k] == UC_BREAK_POSSIBLE && !w->bk[k]) {
							w->bk[k] = WB_UAX;
							added = true;
						}
					if (added) { /* look at the new parts again */
						i = start;
						continue;
					}
				}
				if (!mark_anywhere(w, start, i, WB_WIDE))
					return false;
			} else if ((width > st->width / 4 || w->address) && !w->tied && !w->ragged) {
				if (!mark_anywhere(w, start, i, WB_LAST))
					return false;
			}
		}
		if (i < w->len)
			start = after_break(w, i);
	}
	return true;
}

/* The boxes and penalties of one run of characters with no space. */
static bool push_word(struct ctx *c, struct para *p, const struct setting *st, struct word *w, bool hyphenate_ok)
{
	const char *s = w->s;
	size_t len = w->len;
	double hyphen = font_advance(c->fonts, st->style, '-') * st->size / 1000.0;
	unsigned char stackbk[256], stackpts[256];
	unsigned char *points = NULL;
	bool ok = true;

	w->bk = len + 1 <= sizeof(stackbk) ? stackbk : malloc(len + 1);
	if (!w->bk)
		return false;
	memset(w->bk, 0, len + 1);
	w->address = is_address(s, len);

	/* Breaks the text itself offers. */
	for (size_t i = 0; i < len;) {
		uint32_t cp = 0;
		int n = utf8_decode(s + i, len - i, &cp);
		size_t next = i + (n > 0 ? (size_t)n : 1);
		if (cp == 0xAD) {
			w->bk[i] = WB_SHY;
		} else if (next < len && !w->tied) {
			if (w->address) {
				/* After / . - _ ? & @, but not between the slashes of "//". */
				if (cp < 0x80 && strchr("/.-_?&@", (int)cp) && !(cp == '/' && s[next] == '/'))
					w->bk[next] = WB_URL;
			} else if ((cp == '-' || cp == 0x2010) && i > 0 && w->uax[next] == UC_BREAK_POSSIBLE &&
			           !is_upper(first_cp(s + next, len - next))) {
				/* "ill-/treatment", but "Jean-Pierre" stays whole. */
				w->bk[next] = WB_EXPLICIT;
			} else if ((cp == 0x2013 || cp == 0x2014) && i > 0) {
				w->bk[next] = WB_DASH;
			}
		}
		i = next;
	}
	/* Hyphenation points, for body words that have no hyphen of their own. */
	if (hyphenate_ok && !w->tied && !w->address && c->opts->hyphenator && !memchr(s, '-', len)) {
		points = len <= sizeof(stackpts) ? stackpts : malloc(len);
		if (!points) {
			ok = false;
			goto out;
		}
		if (hyphenate(c->opts->hyphenator, s, len, points) < 0) {
			ok = false;
			goto out;
		}
		for (size_t i = 0; i + 1 < len; i++)
			if (points[i] && !w->bk[i + 1])
				w->bk[i + 1] = WB_HYPHEN;
	}
	if (!mark_wide(c, st, w, !w->address)) {
		ok = false;
		goto out;
	}

	/* Emit: a box for each part, a penalty for each break. */
	size_t start = w->bk[0] == WB_SHY ? 2 : 0;
	for (size_t i = 1; i < len && ok; i++) {
		unsigned char k = w->bk[i];
		if (!k)
			continue;
		if (i > start)
			ok = para_push(p, (struct lb_item){LB_BOX, text_width(c, st->style, st->size, s + start, i - start), 0,
			                                   0, 0, false, LB_ANY},
			               s + start, i - start);
		struct lb_item pen = {LB_PENALTY, 0, 0, 0, 0, false, LB_ANY};
		bool shows_hyphen = false;
		switch (k) {
		case WB_EXPLICIT:
			pen.penalty = EXHYPHEN_PENALTY;
			pen.flagged = true;
			break;
		case WB_DASH:
			pen.penalty = DASH_PENALTY;
			break;
		case WB_URL:
			pen.penalty = URL_PENALTY;
			break;
		case WB_UAX:
			pen.penalty = WIDE_PENALTY;
			break;
		case WB_SHY:
			pen.penalty = HYPHEN_PENALTY;
			shows_hyphen = true;
			break;
		case WB_HYPHEN:
			pen.penalty = HYPHEN_PENALTY;
			pen.level = LB_HYPHENATION;
			shows_hyphen = true;
			break;
		default: { /* WB_WIDE, WB_LAST */
			size_t b = i - 1; /* the character before the break */
			while (b > 0 && ((unsigned char)s[b] & 0xC0) == 0x80)
				b--;
			shows_hyphen = !w->address && is_letter(first_cp(s + b, len - b)) &&
			               is_letter(first_cp(s + i, len - i));
			pen.penalty = k == WB_WIDE ? WIDE_PENALTY : LAST_PENALTY;
			pen.level = k == WB_WIDE ? LB_ANY : LB_LAST_RESORT;
			break;
		}
		}
		if (shows_hyphen) {
			pen.width = hyphen;
			pen.flagged = true;
		}
		ok = ok && para_push(p, pen, shows_hyphen ? "-" : "", shows_hyphen ? 1 : 0);
		start = after_break(w, i);
	}
	if (ok && start < len)
		ok = para_push(p, (struct lb_item){LB_BOX, text_width(c, st->style, st->size, s + start, len - start), 0, 0,
		                                   0, false, LB_ANY},
		               s + start, len - start);
out:
	if (points != stackpts)
		free(points);
	if (w->bk != stackbk)
		free(w->bk);
	w->bk = NULL;
	return ok;
}

/* Builds the items of a paragraph: words are boxes, spaces glue, and a
 * no-break space is glue that a +infinity penalty keeps from breaking,
 * unless the name it ties is wider than the line. */
static bool build_items(struct ctx *c, struct para *p, const char *text, const struct setting *st,
                        bool ragged)
{
	double space = font_advance(c->fonts, st->style, ' ') * st->size / 1000.0;
	/* The face's own space (0.25 em) stretching by 0.15 em and shrinking by
	 * 0.06 em: TeX's 1/6 and 1/9 em suit Computer Modern, and cramp or
	 * flood this narrower Times-like face (measured in docs/typography.md). */
	struct lb_item glue = {LB_GLUE, space, STRETCH_EM * st->size, SHRINK_EM * st->size, 0, false, LB_ANY};
	size_t tlen = strlen(text);
	char *uax = malloc(tlen ? tlen : 1);
	const char *s = text;
	bool first = true, ok = true;

	if (!uax)
		return false;
	u8_possible_linebreaks((const uint8_t *)text, tlen, "UTF-8", uax);
	while (*s && ok) {
		size_t n = strcspn(s, " ");
		const char *part = s;
		/* A name too wide for the line may break between its words. */
		bool wide = text_width(c, st->style, st->size, s, n) > st->width;
		struct lb_item tie = {LB_PENALTY, 0, 0, 0, wide ? TIE_PENALTY : LB_INFINITY, false, LB_ANY};
		while (part < s + n && ok) {
			/* within this group only: a search to the paragraph's end
			 * would make a long paragraph quadratic */
			const char *nb = part;
			while ((nb = memchr(nb, NBSP[0], (size_t)(s + n - nb))) != NULL && nb[1] != NBSP[1])
				nb++;
			size_t plen = nb ? (size_t)(nb - part) : (size_t)(s + n - part);
			if (plen > 0) {
				if (!first && !para_push(p, glue, " ", 1))
					ok = false;
				/* A word tied to its neighbours belongs to a name:
				 * never hyphenated ("d’Aubigné", "de la Vega"). */
				struct word w = {part, plen, uax + (part - text), NULL, false, part > s || part + plen < s + n,
				                 ragged};
				ok = ok && push_word(c, p, st, &w, st->body);
				first = false;
			}
			part += plen;
			if (part < s + n) { /* a no-break space */
				part += 2;
				if (!first && !para_push(p, tie, "", 0))
					ok = false;
			}
		}
		s += n;
		while (*s == ' ')
			s++;
	}
	free(uax);
	/* Finish: the last line is set at its natural width. */
	struct lb_item never = {LB_PENALTY, 0, 0, 0, LB_INFINITY, false, LB_ANY};
	return ok && para_push(p, never, "", 0) &&
	       para_push(p, (struct lb_item){LB_GLUE, 0, LB_FIL, 0, 0, false, LB_ANY}, "", 0) &&
	       para_push(p, (struct lb_item){LB_PENALTY, 0, 0, 0, -LB_INFINITY, false, LB_ANY}, "", 0);
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

double layout_line_end(const struct ll_line *line)
{
	size_t glyphs = utf8_length(line->text, strlen(line->text));
	return line->x + (1 + line->expand) * (line->width + line->nspaces * line->word_space +
	                                       (glyphs > 0 ? (double)(glyphs - 1) * line->char_space : 0));
}

/* A word space as drawn: the space, Tw and the letter spacing after the
 * word's last glyph and after the space, all scaled by the expansion. */
static double gap_seen(const struct ll_line *line, double space)
{
	return (1 + line->expand) * (space + line->word_space + 2 * line->char_space);
}

/* Word and letter spacing of a line drawn 1 + expand wide so that it ends at
 * the measure. Returns false when that needs spaces shrunk past their limit.
 * Letter spacing follows the word's last letter and the space itself, so a
 * gap as seen is the space, Tw and twice Tc (gap_seen). */
static bool spacing_for(struct ll_line *line, double measure, double space, double glyphs)
{
	double room = measure / (1 + line->expand) - line->width; /* for Tw and Tc, before scaling */
	double most = GAP_LIMIT * space / (1 + line->expand) - space; /* Tw + 2 Tc of a gap at the limit */
	int n = line->nspaces;

	line->char_space = 0;
	if (room > n * most && glyphs - 1 > 2 * n)
		line->char_space = fmin((room - n * most) / (glyphs - 1 - 2 * n), LETTER_EM * line->size);
	line->word_space = (room - (glyphs - 1) * line->char_space) / n;
	return line->word_space >= -SHRINK_EM * line->size - 1e-9;
}

/* Sets a justified line to the measure: expansion takes the difference
 * first (rounded to its steps), the spaces the rest, and letter spacing
 * only what would make the spaces gape. A line with no space is spaced out
 * by letters if that stays small, and otherwise set at its natural width. */
static void justify(struct ll_line *line, double measure, double space)
{
	double glyphs = (double)utf8_length(line->text, strlen(line->text));
	int n = line->nspaces;
	double e, r;

	lb_fit(measure, line->width, n * STRETCH_EM * line->size, n * SHRINK_EM * line->size, EXPANSION, &e, &r);
	line->expand = round(e / EXPANSION_STEP) * EXPANSION_STEP;
	line->expand = fmax(-EXPANSION, fmin(EXPANSION, line->expand));
	if (n > 0) {
		/* Rounding may leave the spaces to shrink too far; one step
		 * narrower then. */
		if (!spacing_for(line, measure, space, glyphs) && line->expand > -EXPANSION + 1e-9) {
			line->expand -= EXPANSION_STEP;
			spacing_for(line, measure, space, glyphs);
		}
		if (gap_seen(line, space) <= GAP_MAX * space)
			return;
		line->word_space = line->char_space = line->expand = 0;
		line->justified = false;
		return;
	}
	double room = measure / (1 + line->expand) - line->width;
	if (glyphs > 1 && fabs(room) / (glyphs - 1) <= LETTER_EM * line->size) {
		line->char_space = room / (glyphs - 1);
	} else {
		line->expand = 0;
		line->justified = false;
	}
}

/* Breaks text into rows appended to out; the first row gets `advance`. */
static int break_text(struct ctx *c, struct rows *out, const char *text, const struct setting *st, double advance)
{
	struct para p = {0};
	struct lb_break *breaks = NULL;
	size_t nbreaks = 0;
	double space = font_advance(c->fonts, st->style, ' ') * st->size / 1000.0;
	bool ragged = st->align != ALIGN_JUSTIFY || (st->body && c->opts->ragged);
	int rc = 0;

	if (!build_items(c, &p, text, st, ragged)) {
		rc = c->opts->hyphenator ? hyphenator_error(c->opts->hyphenator, c->err) : err_nomem(c->err);
		goto out;
	}
	struct lb_params params = LB_PARAMS_INIT;
	params.width = st->width;
	params.ragged = ragged;
	params.looseness = st->body ? c->looseness : 0;
	params.expansion = ragged ? 0 : EXPANSION;
	params.expansion_badness = EXPANSION_BADNESS;
	/* Within tolerance, spaces stay under GAP_LIMIT even with the glyphs
	 * at their widest. */
	params.tolerance = ragged ? RAGGED_TOLERANCE
	                          : (GAP_LIMIT / (1 + EXPANSION) - 1) * space / (STRETCH_EM * st->size);
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
		r->line.style = st->style;
		r->line.size = st->size;
		r->line.hyphenated = hyphen;
		r->line.body = st->body;
		r->line.justified = st->body && !last && !params.ragged;
		r->line.para_start = b == 0;
		r->advance = b == 0 ? advance : st->leading;
		r->line.x = st->x;
		if (st->align == ALIGN_RIGHT)
			r->line.x = st->x + st->width - r->line.width;
		/* A last line may have been shrunk to fit, as TeX does. */
		if (r->line.justified || r->line.width > st->width)
			justify(&r->line, st->width, space);
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
	/* Which slots hold an entry: clearing touches only those, so that a
	 * process that sets one letter never writes (or faults in) the rest of
	 * the table's 128 KiB. */
	uint16_t filled[CACHE_MAX];
	size_t used;
};
_Static_assert(CACHE_SLOTS <= 65536 && CACHE_MAX <= CACHE_SLOTS, "filled[] holds slot numbers");

struct layout_cache *layout_cache_new(void)
{
	return calloc(1, sizeof(struct layout_cache));
}

static void cache_clear(struct layout_cache *cache)
{
	for (size_t i = 0; i < cache->used; i++) {
		struct cache_entry *e = &cache->slots[cache->filled[i]];
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

/* A hash of the text and of every setting that changes the breaks. */
static uint64_t cache_hash(const char *text, const double *settings, size_t n)
{
	uint64_t h = mem_hash(settings, n * sizeof(*settings), mem_hash(text, strlen(text), STR_HASH_SEED));
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
static int set_text(struct ctx *c, struct rows *out, const char *text, const struct setting *st, double advance)
{
	struct layout_cache *cache = c->opts->cache;
	double settings[] = {st->style,        st->size, st->leading, st->align, st->body,
	                     c->opts->ragged,  st->body ? c->looseness : 0,          st->x,
	                     st->width,        (double)(uintptr_t)c->opts->hyphenator};
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
				r->advance = i == 0 ? advance : st->leading;
			}
			return 0;
		}
	}
	int rc = break_text(c, out, text, st, advance);
	if (rc || !cache)
		return rc;
	if (cache->used >= CACHE_MAX || !e) {
		cache_clear(cache);
		e = cache_find(cache, hash, text);
	}
	if (e) {
		cache_store(e, hash, text, out, from);
		if (e->hash)
			cache->filled[cache->used++] = (uint16_t)(e - cache->slots);
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

/* The sender line joins the name and the city, and each of them also has
 * a block of its own: the name's are checked first, then every other but
 * the sender line, so that a character is blamed on the field it came
 * from, and the name before the city. */
static int check_glyphs(struct ctx *c, const struct appeal_document *doc)
{
	for (size_t k = 0; k < 3 * doc->nblocks; k++) {
		size_t i = k % doc->nblocks, pass = k / doc->nblocks;
		const struct block *b = &doc->blocks[i];
		bool sender = b->kind == BLOCK_SENDER;
		if (pass == 0 ? sender || strcmp(b->origin, "name") != 0 : pass == 1 ? sender : !sender)
			continue;
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

static struct setting body_setting(struct ctx *c, enum font_style style, enum align align, bool body)
{
	return (struct setting){style, BODY_SIZE, LEADING, align, body, c->g->left, c->g->right - c->g->left};
}

/* The flowing part of the letter: subject to signature, as rows with their
 * page-break rules (no orphans or widows, salutation with the first two
 * lines, closing and signature with the last two). */
static int build_flow(struct ctx *c, const struct appeal_document *doc, struct rows *flow)
{
	size_t body_first = 0, body_last = 0;
	bool have_body = false;
	double pending = 0; /* extra space before the next block */
	struct setting plain = body_setting(c, FONT_REGULAR, ALIGN_LEFT, false);
	struct setting bold = body_setting(c, FONT_BOLD, ALIGN_LEFT, false);
	struct setting body = body_setting(c, FONT_REGULAR, ALIGN_JUSTIFY, true);
	int rc;

	for (size_t i = 0; i < doc->nblocks; i++) {
		const struct block *b = &doc->blocks[i];
		size_t start = flow->n;
		double adv = flow->n == 0 ? 0 : LEADING + pending;
		switch (b->kind) {
		case BLOCK_SUBJECT:
			rc = set_text(c, flow, b->text, &bold, adv);
			pending = LEADING;
			break;
		case BLOCK_SALUTATION:
			rc = set_text(c, flow, b->text, &plain, adv);
			pending = c->parskip;
			break;
		case BLOCK_PARAGRAPH:
		case BLOCK_NOTE:
			rc = set_text(c, flow, b->text, &body, adv);
			if (rc)
				return rc;
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
			rc = set_text(c, flow, b->text, &plain, adv);
			pending = 0;
			break;
		case BLOCK_SIGNATURE:
			pending = SIGNATURE_DROP - LEADING;
			continue;
		case BLOCK_SIGNER:
			rc = set_text(c, flow, b->text, &plain, adv);
			if (!rc && pending > 0 && start < flow->n)
				flow->v[start].signature = true;
			pending = 0;
			break;
		default:
			continue;
		}
		if (rc)
			return rc;
		if (b->kind == BLOCK_SUBJECT || b->kind == BLOCK_SALUTATION)
			for (size_t k = start; k < flow->n; k++)
				flow->v[k].head = true;
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

/* The first baseline at or below y where a line's ink (ascent above the
 * baseline, descent below) keeps fold_clearance from every fold. */
static double clear_of_folds(const struct page_geometry *g, double y, double ascent, double descent)
{
	for (int k = 0; k < 2; k++) {
		double f = g->folds[k];
		if (y - ascent < f + g->fold_clearance && y + descent > f - g->fold_clearance)
			y = f + g->fold_clearance + ascent;
	}
	return y;
}

/* Moves the subject and salutation down, where need be, so that no fold
 * creases them; *first_y is the first row's baseline. */
static void keep_head_clear(struct ctx *c, struct rows *flow, double *first_y)
{
	double y = *first_y;

	for (size_t i = 0; i < flow->n && flow->v[i].head; i++) {
		const struct ll_line *ln = &flow->v[i].line;
		if (i > 0)
			y += flow->v[i].advance;
		double moved = clear_of_folds(c->g, y, ascent_of(c, ln->style, ln->size), descent_of(c, ln->style, ln->size));
		if (i == 0)
			*first_y = moved;
		else
			flow->v[i].advance += moved - y;
		y = moved;
	}
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
 * from x, or ending at x when right-aligned; text longer than `room` is cut
 * with an ellipsis (it repeats what the letter says in full). */
static bool page_add_label(struct ctx *c, struct layout *l, struct ll_page *pg, const char *text, double x,
                           bool right, double y_top, double room)
{
	struct ll_line line = {0};
	size_t len = strlen(text);
	char *cut = NULL;
	line.style = FONT_ITALIC;
	line.size = HEADER_SIZE;
	line.para_start = true;
	line.width = text_width(c, FONT_ITALIC, HEADER_SIZE, text, len);
	if (line.width > room) {
		double ell = text_width(c, FONT_ITALIC, HEADER_SIZE, ELLIPSIS, strlen(ELLIPSIS));
		cut = malloc(len + sizeof(ELLIPSIS));
		if (!cut)
			return false;
		while (len > 0 && text_width(c, FONT_ITALIC, HEADER_SIZE, text, len) + ell > room) {
			len--;
			while (len > 0 && ((unsigned char)text[len] & 0xC0) == 0x80)
				len--;
		}
		while (len > 0 && text[len - 1] == ' ')
			len--;
		memcpy(cut, text, len);
		memcpy(cut + len, ELLIPSIS, sizeof(ELLIPSIS));
		text = cut;
		line.width = text_width(c, FONT_ITALIC, HEADER_SIZE, cut, strlen(cut));
	}
	line.text = (char *)text;
	line.x = right ? x - line.width : x;
	bool ok = page_add_line(l, pg, &line, y_top);
	free(cut);
	return ok;
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
	const struct page_geometry *g = c->g;
	const struct lang *lang = lang_find(doc->lang);
	if (!lang)
		lang = lang_by_code("en");
	double column = g->right - g->left;

	for (size_t p = 0; p < npages; p++) {
		struct ll_page *pg = add_page(l);
		if (!pg)
			return err_nomem(c->err);
		char num[64];
		lang_page_label(lang, num, sizeof(num), p + 1, npages);
		double num_width = text_width(c, FONT_ITALIC, HEADER_SIZE, num, strlen(num));
		if (p == 0) {
			for (size_t i = 0; i < fixed->n; i++)
				if (!page_add_line(l, pg, &fixed->v[i].line, fixed_y[i]))
					return err_nomem(c->err);
			/* A hairline under the return line, across its zone. */
			for (size_t i = 0; i < fixed->n; i++)
				if (fixed->v[i].sender) {
					double y = fixed_y[i] + descent_of(c, FONT_REGULAR, g->sender_size) + 0.3;
					page_add_rule(l, pg, g->sender.x0, y, g->sender.x1, y);
					break;
				}
			/* Fold marks, and the punch mark (longer) at the middle. */
			page_add_rule(l, pg, g->mark_x, g->folds[0], g->mark_x + g->fold_mark, g->folds[0]);
			page_add_rule(l, pg, g->mark_x, g->folds[1], g->mark_x + g->fold_mark, g->folds[1]);
			page_add_rule(l, pg, g->mark_x, g->punch, g->mark_x + g->punch_mark, g->punch);
			/* A letter that goes on says so at the foot of its first page. */
			if (npages > 1 &&
			    !page_add_label(c, l, pg, num, g->right, true, g->bottom + 1.6 * LEADING, column))
				return err_nomem(c->err);
		} else {
			/* Continuation header: recipient and date, page n of m. */
			char head[512];
			snprintf(head, sizeof(head), "%s · %s", doc->recipient, doc->date_text);
			double hy = g->continued_y - 2.2 * LEADING;
			if (!page_add_label(c, l, pg, head, g->left, false, hy, column - num_width - 2 * HEADER_SIZE) ||
			    !page_add_label(c, l, pg, num, g->right, true, hy, column))
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

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* The stats of a laid-out letter; 0, or APPEAL_ENOMEM. */
static int compute_stats(struct layout *l, struct fontset *fonts, struct appeal_error *err)
{
	size_t nstretch = 0, cap = 0;
	double *stretch = NULL;

	for (size_t p = 0; p < l->npages; p++)
		cap += l->pages[p].nlines;
	stretch = cap ? malloc(cap * sizeof(*stretch)) : NULL;
	if (cap && !stretch)
		return err_nomem(err);
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
			/* The gap as drawn, expansion included, against the natural space. */
			if (stretch && line->nspaces > 0)
				stretch[nstretch++] = gap_seen(line, space) / space;
		}
	if (nstretch > 0) {
		qsort(stretch, nstretch, sizeof(*stretch), cmp_double);
		l->stats.median_stretch = nstretch % 2 ? stretch[nstretch / 2]
		                                       : (stretch[nstretch / 2 - 1] + stretch[nstretch / 2]) / 2;
		l->stats.worst_stretch = stretch[nstretch - 1];
	}
	free(stretch);
	return 0;
}

void layout_free(struct layout *l)
{
	if (!l)
		return;
	for (size_t p = 0; p < l->npages; p++) {
		for (size_t i = 0; i < l->pages[p].nlines; i++) {
			free(l->pages[p].lines[i].text);
			free(l->pages[p].lines[i].winansi);
			free(l->pages[p].lines[i].steps);
		}
		free(l->pages[p].lines);
	}
	free(l->pages);
	l->pages = NULL;
	l->npages = 0;
}

/* The signer's initials: the first letter of each word that starts with a
 * capital (particles such as "de" or "van" are left out), each followed by
 * a full stop: "María José García-Ramos" gives "M. J. G.-R.". The caller
 * frees the result. */
static char *initials(const char *name)
{
	size_t len = strlen(name);
	char *out = malloc(len * 2 + 2), *o = out;
	const char *s = name;
	bool word_start = true, any = false;

	if (!out)
		return NULL;
	while (*s) {
		uint32_t cp = 0;
		int n = utf8_decode(s, strlen(s), &cp);
		if (n <= 0)
			n = 1;
		if (cp == ' ' || cp == 0xA0) {
			if (any && o > out && o[-1] != ' ' && o[-1] != '-')
				*o++ = ' ';
			word_start = true;
		} else if (cp == '-') {
			if (o > out && o[-1] == '.')
				*o++ = '-';
			word_start = true;
		} else if (word_start) {
			word_start = false;
			/* a particle in lower case is left out, unless it is all there is */
			bool lower = first_cp(s, (size_t)n) != 0 && !is_upper(cp) && cp < 0x370;
			if (!lower || !any) {
				memcpy(o, s, (size_t)n);
				o += n;
				*o++ = '.';
				any = true;
			}
		}
		s += n;
	}
	while (o > out && (o[-1] == ' ' || o[-1] == '-'))
		o--;
	*o = '\0';
	return out;
}

/* The return line: the signer's name and city if they fit the return zone
 * on one line; else the initials and the city; else the city alone; else
 * the city cut short with an ellipsis (docs/layout.md). It repeats what the
 * letter says in full at its foot. */
static char *return_line(struct ctx *c, const struct appeal_document *doc, const char *full)
{
	const char *name = "", *city = "";
	double room = c->g->sender.x1 - c->g->sender.x0, size = c->g->sender_size;
	char *cand[3] = {NULL, NULL, NULL};

	for (size_t i = 0; i < doc->nblocks; i++)
		if (doc->blocks[i].kind == BLOCK_SIGNER) {
			if (strcmp(doc->blocks[i].origin, "city") == 0)
				city = doc->blocks[i].text;
			else if (!name[0])
				name = doc->blocks[i].text;
		}
	char *ini = initials(name);
	if (!ini)
		return NULL;
	size_t need = strlen(ini) + strlen(city) + 8;
	cand[0] = strdup(full);
	cand[1] = malloc(need);
	cand[2] = strdup(city[0] ? city : ini);
	if (cand[1])
		snprintf(cand[1], need, "%s%s%s", ini, city[0] ? " · " : "", city);
	free(ini);
	if (!cand[0] || !cand[1] || !cand[2]) {
		/* Out of memory: not a shorter line than there is room for. */
		for (int k = 0; k < 3; k++)
			free(cand[k]);
		return NULL;
	}
	char *pick = NULL;
	for (int k = 0; k < 3; k++) {
		if (!pick && text_width(c, FONT_REGULAR, size, cand[k], strlen(cand[k])) <= room) {
			pick = cand[k];
			cand[k] = NULL;
		}
	}
	if (!pick && cand[2]) {
		/* cut the city (or initials) to fit, with an ellipsis */
		char *t = cand[2];
		size_t len = strlen(t);
		double ell = text_width(c, FONT_REGULAR, size, ELLIPSIS, strlen(ELLIPSIS));
		pick = malloc(len + sizeof(ELLIPSIS));
		if (pick) {
			while (len > 0 && text_width(c, FONT_REGULAR, size, t, len) + ell > room) {
				len--;
				while (len > 0 && ((unsigned char)t[len] & 0xC0) == 0x80)
					len--;
			}
			memcpy(pick, t, len);
			memcpy(pick + len, ELLIPSIS, sizeof(ELLIPSIS));
		}
	}
	for (int k = 0; k < 3; k++)
		free(cand[k]);
	return pick;
}

/* Appends a row for a line set as it is, with no breaking; a no-break
 * space is drawn as a space, as in broken text. */
static int add_fixed(struct ctx *c, struct rows *fixed, const char *text, double size, double x)
{
	struct row *r = push_row(fixed);
	char *t = malloc(strlen(text) + 1), *o = t;
	if (!r || !t) {
		if (r)
			fixed->n--;
		free(t);
		return err_nomem(c->err);
	}
	for (const char *s = text; *s; s++) {
		if (strncmp(s, NBSP, 2) == 0) {
			*o++ = ' ';
			s++;
		} else {
			*o++ = *s;
		}
	}
	*o = '\0';
	r->line.text = t;
	r->line.style = FONT_REGULAR;
	r->line.size = size;
	r->line.x = x;
	r->line.para_start = true;
	r->line.width = text_width(c, FONT_REGULAR, size, t, strlen(t));
	r->line.nspaces = 0;
	for (const char *s = t; *s; s++)
		r->line.nspaces += *s == ' ';
	return 0;
}

/* The fixed head of page 1: return line, address, place and date. */
static int build_head(struct ctx *c, const struct appeal_document *doc, struct rows *fixed, double **ys)
{
	const struct page_geometry *g = c->g;
	struct page_box zone = page_address_zone(g);
	struct setting addr = {FONT_REGULAR, g->address_size, g->address_leading, ALIGN_LEFT, false, zone.x0,
	                       zone.x1 - zone.x0};
	struct setting date = body_setting(c, FONT_REGULAR, ALIGN_RIGHT, false);
	size_t addr_first = 0, addr_end = 0;
	int rc = 0;

	*ys = NULL;
	for (size_t i = 0; i < doc->nblocks && !rc; i++) {
		const struct block *b = &doc->blocks[i];
		size_t start = fixed->n;
		if (b->kind == BLOCK_SENDER && g->sender_size > 0) {
			char *text = return_line(c, doc, b->text);
			if (!text)
				return err_nomem(c->err);
			rc = add_fixed(c, fixed, text, g->sender_size, g->sender.x0);
			if (!rc)
				fixed->v[fixed->n - 1].sender = true;
			free(text);
		} else if (b->kind == BLOCK_ADDRESS) {
			if (addr_end == 0)
				addr_first = start;
			rc = set_text(c, fixed, b->text, &addr, 0);
			addr_end = fixed->n;
		} else if (b->kind == BLOCK_DATELINE) {
			rc = set_text(c, fixed, b->text, &date, 0);
		} else {
			continue;
		}
		double *v = realloc(*ys, (fixed->n ? fixed->n : 1) * sizeof(**ys));
		if (!v)
			return err_nomem(c->err);
		*ys = v;
		for (size_t k = start; k < fixed->n; k++)
			v[k] = 0;
	}
	if (rc || fixed->n == 0)
		return rc;

	double *y = *ys;
	double asc = ascent_of(c, FONT_REGULAR, g->address_size), desc = descent_of(c, FONT_REGULAR, g->address_size);
	size_t naddr = addr_end - addr_first;
	/* The address sits on the zone's top (DIN 5008) or its bottom (where
	 * the window shows the sheet at rest); a block too tall for the zone
	 * (`appeal check` refuses it) runs past it rather than losing a line. */
	double first = g->address_from_bottom ? zone.y1 - desc - (double)(naddr ? naddr - 1 : 0) * g->address_leading
	                                      : zone.y0 + asc;
	double last_addr = first - g->address_leading;
	for (size_t k = addr_first; k < addr_end; k++) {
		y[k] = first + (double)(k - addr_first) * g->address_leading;
		last_addr = y[k];
	}
	for (size_t k = 0; k < fixed->n; k++)
		if (fixed->v[k].sender) {
			/* centred in the return zone */
			double sa = ascent_of(c, FONT_REGULAR, g->sender_size), sd = descent_of(c, FONT_REGULAR, g->sender_size);
			y[k] = g->sender.y0 + (g->sender.y1 - g->sender.y0 - sa - sd) / 2 + sa;
		}
	/* The date under the address, never on a fold. */
	double dy = fmax(g->date_y, last_addr + 1.5 * LEADING);
	for (size_t k = 0; k < fixed->n; k++) {
		if (y[k] != 0)
			continue;
		dy = clear_of_folds(g, dy, ascent_of(c, FONT_REGULAR, BODY_SIZE), descent_of(c, FONT_REGULAR, BODY_SIZE));
		y[k] = dy;
		dy += LEADING;
	}
	return 0;
}

int layout_document(struct layout *out, const struct appeal_document *doc, struct fontset *fonts,
                    const struct layout_options *opts, struct appeal_error *err)
{
	const struct page_geometry *g = page_for(opts->paper);
	struct ctx c = {fonts, opts, g, err, 0, PARSKIP};
	struct rows fixed = {0}, flow = {0};
	double *fixed_y = NULL;
	size_t *starts = NULL, npages = 0;
	double flow_y = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	out->page_width = g->width;
	out->page_height = g->height;
	if ((rc = check_glyphs(&c, doc)) || (rc = build_head(&c, doc, &fixed, &fixed_y)))
		goto out;
	/* The hyphenator parses only the patterns this letter's words can use,
	 * if it has parsed none yet (typeset/hyphen.h). */
	for (size_t i = 0; i < doc->nblocks && opts->hyphenator; i++)
		if (hyphenator_expect(opts->hyphenator, doc->blocks[i].text)) {
			rc = err_nomem(err);
			goto out;
		}
	double last_head = g->date_y;
	for (size_t i = 0; i < fixed.n; i++)
		last_head = fmax(last_head, fixed_y[i]);
	double first_y = last_head + 2 * LEADING;

	/* First the natural setting; if it spills onto another page, try the
	 * same letter with every paragraph as short as it can be (TeX's
	 * looseness), then with tighter paragraph spacing as well. */
	bool tightened = false;
	for (int attempt = 0; attempt < 3; attempt++) {
		struct rows trial = {0};
		double trial_y = first_y;
		c.looseness = attempt > 0 ? -1 : 0;
		c.parskip = attempt > 1 ? 0.25 * LEADING : PARSKIP;
		if ((rc = build_flow(&c, doc, &trial))) {
			free_rows(&trial);
			goto out;
		}
		keep_head_clear(&c, &trial, &trial_y);
		size_t *s = malloc((trial.n + 1) * sizeof(*s));
		if (!s) {
			free_rows(&trial);
			rc = err_nomem(err);
			goto out;
		}
		size_t n = paginate(&trial, trial_y, g->continued_y, g->bottom, s);
		if (attempt == 0 || n < npages) {
			free_rows(&flow);
			free(starts);
			flow = trial;
			starts = s;
			flow_y = trial_y;
			tightened = attempt > 0;
			npages = n;
		} else {
			free_rows(&trial);
			free(s);
		}
		if (npages == 1 || opts->no_tighten)
			break;
	}
	rc = emit_pages(&c, out, doc, &fixed, fixed_y, &flow, starts, npages, flow_y);
	if (!rc && !(rc = compute_stats(out, fonts, err)))
		out->stats.tightened = tightened;
out:
	hyphenator_expect_end(opts->hyphenator); /* the texts it noted are the document's */
	if (rc)
		layout_free(out);
	free_rows(&fixed);
	free_rows(&flow);
	free(fixed_y);
	free(starts);
	return rc;
}
