/* The typesetter: everything that decides what goes where on a page. It
 * owns the fonts (metrics and the choice of cut per line), the hyphenators
 * of each language, the paper's geometry (typeset/page.c) and the cache of
 * broken paragraphs, and hands out a finished layout: every line placed,
 * with the font cut that draws it, its text already in that cut's encoding
 * and, for Unicode lines, where each word starts. A backend only draws it.
 *
 * One typesetter per thread; a batch keeps one for all its letters, so
 * fonts are parsed and paragraphs broken once. */
#ifndef APPEAL_TYPESETTER_H
#define APPEAL_TYPESETTER_H

#include <stdbool.h>

#include "appeal.h"
#include "document/document.h"
#include "typeset/fonts.h"
#include "typeset/layout.h"
#include "typeset/page.h"

struct typesetter;

struct typesetter_options {
	enum appeal_paper paper;
	const char *font_dir;   /* the cut faces (fonts/meson.build); required */
	const char *hyphen_dir; /* NULL: $APPEAL_HYPHEN_DIR, else the built-in one */
	bool ragged;
	bool no_hyphenation;
	bool no_tighten;
};

/* Loads the fonts (hyphenation patterns come when a language first needs
 * them). opts is copied. The caller owns the result and frees it with
 * typesetter_free(). */
struct typesetter *typesetter_new(const struct typesetter_options *opts, struct appeal_error *err);
void typesetter_free(struct typesetter *ts);

/* Lays out doc, ready to draw. Fails with APPEAL_EGLYPH when the fonts
 * cannot draw something (naming the character and where it is), or when a
 * language's patterns cannot be read. On success the caller owns *out's
 * contents and releases them with layout_free(). */
int typesetter_set(struct typesetter *ts, const struct appeal_document *doc, struct layout *out,
                   struct appeal_error *err);

/* The stats typesetter_set() would give, keeping no layout. */
int typesetter_measure(struct typesetter *ts, const struct appeal_document *doc, struct appeal_stats *stats,
                       struct appeal_error *err);

/* The file of a cut, for embedding. Borrowed: valid until the typesetter is
 * freed. */
const char *typesetter_font_file(const struct typesetter *ts, enum font_style style, enum font_cut cut);

/* The paper: its size, for a blank page. Static storage. */
const struct page_geometry *typesetter_page(const struct typesetter *ts);

#endif
