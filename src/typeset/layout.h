/* Layout: a filled document and font metrics in, pages of positioned lines
 * out. Independent of libharu; the PDF backend draws exactly what is here. */
#ifndef APPEAL_LAYOUT_H
#define APPEAL_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

#include "appeal.h"
#include "document/document.h"
#include "typeset/fonts.h"

struct hyphenator;

/* Remembers how paragraphs were broken, so that a batch of letters sharing
 * the campaign's text breaks each paragraph once. One per thread. */
struct layout_cache;

/* The caller owns the result and frees it with layout_cache_free(). */
struct layout_cache *layout_cache_new(void);
void layout_cache_free(struct layout_cache *cache);

struct layout_options {
	enum appeal_paper paper;
	bool ragged;
	struct hyphenator *hyphenator; /* NULL: no hyphenation; borrowed */
	bool no_tighten;               /* never re-set paragraphs to save a page */
	struct layout_cache *cache;    /* NULL: none; borrowed */
};

/* One line of text. Coordinates are PDF points from the bottom-left corner;
 * (x, y) is the start of the baseline. */
struct ll_line {
	double x, y;
	enum font_style style;
	double size;        /* font size in points */
	char *text;         /* UTF-8, words separated by single U+0020 */
	int nspaces;        /* U+0020 count in text */
	double word_space;  /* extra points added to every space (PDF Tw) */
	double char_space;  /* extra points after every character (PDF Tc), only on
	                       lines whose spaces would otherwise gape */
	double expand;      /* the glyphs, spaces and spacing above are drawn 1 + expand
	                       times as wide (PDF Tz); 0, or -0.02 to 0.02 in steps of 0.005 */
	double width;       /* natural width in points, without word_space or expand */
	bool hyphenated;    /* ends in an inserted hyphen */
	bool body;          /* a line of a body paragraph or the note */
	bool justified;     /* stretched to the measure (not a last line) */
	bool para_start;    /* the first line of a paragraph or a line set alone */
	/* Set by the typesetter (typeset/typesetter.h), for the backend: */
	enum font_cut cut;  /* the face that draws the line */
	char *winansi;      /* FONT_WINANSI: the text in Windows-1252 */
	double *steps;      /* FONT_UNICODE: one per word (a word keeps its trailing
	                       space): how far its start is from the previous word's,
	                       in points, as drawn (PDF Td); steps[0] is 0 */
};

struct ll_image {
	double x, y, width, height; /* the box the signature is fitted into */
};

/* A hairline: under the return line, fold and punch marks at the edge. */
struct ll_rule {
	double x0, y0, x1, y1;
};

#define LL_MAX_RULES 6

struct ll_page {
	struct ll_line *lines;
	size_t nlines;
	bool has_signature;
	struct ll_image signature;
	struct ll_rule rules[LL_MAX_RULES];
	int nrules;
};

struct layout {
	double page_width, page_height;
	struct ll_page *pages;
	size_t npages;
	struct appeal_stats stats;
};

/* Lays out doc. Fails with APPEAL_EGLYPH, naming the character and the block
 * it is in, when the fonts cannot draw something. On success the caller owns
 * *out's contents and releases them with layout_free(). */
int layout_document(struct layout *out, const struct appeal_document *doc, struct fontset *fonts,
                    const struct layout_options *opts, struct appeal_error *err);
void layout_free(struct layout *l);

/* Where the line's last glyph ends, word and letter spacing and expansion
 * included. */
double layout_line_end(const struct ll_line *line);

/* The paper's width and height in points. */
void layout_page_size(enum appeal_paper paper, double *width, double *height);

#endif
