/* Page geometry per paper, as data: the sheet, the text column, the window
 * envelope the first page is folded into, fold and punch marks. Lengths are
 * PDF points (1/72 in); y is measured down from the sheet's top edge.
 * docs/layout.md gives the standards, the arithmetic and measured output. */
#ifndef APPEAL_PAGE_H
#define APPEAL_PAGE_H

#include <stdbool.h>

#include "appeal.h"

#define PAGE_MM (72.0 / 25.4)
#define PAGE_IN 72.0

/* A rectangle: x0 < x1 from the left edge, y0 < y1 from the top edge. */
struct page_box {
	double x0, y0, x1, y1;
};

struct page_envelope {
	const char *name;       /* "DL (DIN 680)", "#10" */
	double width, height;   /* outside size */
	struct page_box window; /* from the envelope's top-left corner, seen from the front */
};

struct page_geometry {
	enum appeal_paper paper;
	const char *name;           /* for messages: "A4", "US Letter" */
	double width, height;
	double left, right;         /* the text column's edges */
	double folds[2];            /* where the sheet is folded, from the top */
	double punch;               /* the hole-punch mark: the sheet's middle */
	struct page_envelope envelope;
	double clearance;           /* address ink keeps this far inside the window */
	/* The folded sheet moves in the envelope by the play; true takes the
	 * vertical play as resting on the envelope's bottom fold (see
	 * docs/layout.md for why US Letter must), false as the whole play. */
	bool rests_on_bottom;
	struct page_box address_field; /* the standard's field the address must also stay in */
	bool address_from_bottom;   /* the block sits on the zone's bottom, not under its top */
	double address_size, address_leading;
	struct page_box sender;     /* the return-address zone; all zero when there is none */
	double sender_size;
	double date_y;              /* the date's first baseline, at the earliest */
	double fold_clearance;      /* head lines' ink keeps this far from a fold line */
	double mark_x, fold_mark, punch_mark; /* where marks start and how long they are */
	double continued_y;         /* first baseline of later pages */
	double bottom;              /* lowest baseline */
};

/* The geometry of a paper. Static storage. */
const struct page_geometry *page_for(enum appeal_paper paper);

/* How far the folded sheet can move in its envelope, across and up-down. */
void page_play(const struct page_geometry *g, double *across, double *updown);

/* Where the address's ink may go: the part of the window that shows it
 * wherever the folded sheet lies (within the play as the geometry takes it),
 * less the clearance, and inside the standard's field. */
struct page_box page_address_zone(const struct page_geometry *g);

/* The most address lines of a size and leading that fit the zone, given
 * the face's ascent and descent (positive, in points). */
int page_address_lines(const struct page_geometry *g, double ascent, double descent);

#endif
