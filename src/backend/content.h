/* Content-stream operators (PDF 32000-1, 8-9) for a finished layout,
 * written into a buffer: the PDF backend's pages and its form XObjects
 * share this one writer. Independent of libharu. Numbers are written with
 * a decimal point whatever the locale, rounded to 1e-5 (as libharu did). */
#ifndef APPEAL_BACKEND_CONTENT_H
#define APPEAL_BACKEND_CONTENT_H

#include <stdbool.h>
#include <stddef.h>

#include "typeset/layout.h"
#include "util/buf.h"

/* Appends x to b as a PDF number. */
void content_num(struct buf *b, double x);

/* Appends a text object (BT ... ET) drawing lines[0..n), each in the font
 * named /F<font_ids[i]>, with the text origin at the first line's start:
 * placed by the caller, with a cm before a form's Do or a Td after BT.
 * It starts from the page's initial text state (no letter or word spacing,
 * no expansion) and, so that the next one can too, returns to it after ET.
 * Returns false when memory ran out (b's sticky failure). */
bool content_lines(struct buf *b, const struct ll_line *lines, size_t n, const int *font_ids);

/* Where the text object content_lines() wrote ends its first line: the
 * offset just after "BT\n", at which an inline paragraph inserts its Td. */
#define CONTENT_TEXT_START 3

/* Hairlines 0.4 pt wide in 45 % grey. */
bool content_rules(struct buf *b, const struct ll_rule *rules, int n);

/* Paints the XObject /<name> at (x, y), scaled to w by h (an image) or
 * unscaled when w and h are 0 (a form). */
bool content_xobject(struct buf *b, const char *name, double x, double y, double w, double h);

#endif
