/* Font metrics of the shipped faces, from the files the build writes beside
 * them (tools/font-metrics). The layout uses only this; widths are the
 * integer 1/1000-em values libharu writes into the PDF (advance * 1000 /
 * units_per_em, truncated) so positions match. */
#ifndef APPEAL_FONTS_H
#define APPEAL_FONTS_H

#include <stdbool.h>
#include <stdint.h>

#include "appeal.h"

enum font_style { FONT_REGULAR, FONT_ITALIC, FONT_BOLD, FONT_BOLDITALIC, FONT_STYLES };

/* The two cuts of each style (fonts/meson.build): the glyphs of Windows-1252
 * for WinAnsi lines, and everything fonts/coverage promises for the rest.
 * Metrics and the glyph check come from the Unicode cut. */
enum font_cut { FONT_WINANSI, FONT_UNICODE, FONT_CUTS };

struct fontset;

/* Finds the faces in dir (AppealSerif-STYLE-CUT.ttf) and reads their
 * metrics (AppealSerif-STYLE.metrics); a missing or damaged file is an
 * error naming it (and the line). The caller owns the result and frees it
 * with fontset_free(). */
struct fontset *fontset_load(const char *dir, struct appeal_error *err);
void fontset_free(struct fontset *fs);

/* The text of a metrics file (NUL-terminated) read as fontset_load reads
 * it, and dropped: the line of its first error, 0 when it has none, -1 when
 * out of memory. For the fuzzer. */
int font_metrics_check(const char *text);

/* Path of a cut's file. Borrowed: valid until the fontset is freed. */
const char *fontset_path(const struct fontset *fs, enum font_style style, enum font_cut cut);

/* Advance width in 1/1000 em, or -1 when the face has no glyph for cp. */
int font_advance(struct fontset *fs, enum font_style style, uint32_t cp);

/* Width of a UTF-8 string in 1/1000 em; code points without a glyph count 0. */
long font_text_width(struct fontset *fs, enum font_style style, const char *s, size_t len);

/* Ascender and descender (negative) in 1/1000 em. */
int font_ascent(const struct fontset *fs, enum font_style style);
int font_descent(const struct fontset *fs, enum font_style style);

/* The first code point of s with no glyph in the face, or 0 when all exist.
 * Code points above U+FFFF always count as missing (libharu cannot draw them). */
uint32_t font_first_missing(struct fontset *fs, enum font_style style, const char *s);

#endif
