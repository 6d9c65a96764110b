/* Page geometry as data. The numbers and their sources are in
 * docs/layout.md; the code only derives what follows from them. */
#include <math.h>

#include "typeset/page.h"

#define MM PAGE_MM
#define IN PAGE_IN

static const struct page_geometry geometries[] = {
	{
		/* DIN 5008 form B on A4, folded at 105 and 210 mm into a DL
		 * envelope (DIN 680: 220 x 110 mm, window 90 x 45 mm, 20 mm from
		 * the left and 15 mm from the bottom). */
		.paper = APPEAL_PAPER_A4,
		.name = "A4",
		.width = 210 * MM,
		.height = 297 * MM,
		.left = 25 * MM,
		.right = 190 * MM,
		.folds = {105 * MM, 210 * MM},
		.punch = 148.5 * MM,
		.envelope = {"DL (DIN 680)", 220 * MM, 110 * MM, {20 * MM, 50 * MM, 110 * MM, 95 * MM}},
		.clearance = 0,
		.rests_on_bottom = false,
		/* The address zone of the 85 x 45 mm field at (20, 45) mm: below
		 * the 5 mm return zone and the 12.7 mm zone for notes; text
		 * starts 5 mm into the field, on the column's edge. */
		.address_field = {25 * MM, 62.7 * MM, 105 * MM, 90 * MM},
		.address_from_bottom = false,
		.address_size = 11,
		.address_leading = 12, /* DIN 5008's line pitch, 4.23 mm */
		.sender = {25 * MM, 45 * MM, 100 * MM, 50 * MM},
		.sender_size = 7.5,
		.date_y = 98 * MM,
		.fold_clearance = 2 * MM,
		.mark_x = 3.5 * MM,
		.fold_mark = 5 * MM,
		.punch_mark = 7 * MM,
		.continued_y = 34 * MM,
		.bottom = 275 * MM,
	},
	{
		/* US Letter in thirds (3 2/3 and 7 1/3 in) into a #10 window
		 * envelope (9 1/2 x 4 1/8 in; window 4 1/2 x 1 1/8 in, 7/8 in from
		 * the left and 1/2 in from the bottom), with USPS's 1/8 in of
		 * clearance around the address. */
		.paper = APPEAL_PAPER_LETTER,
		.name = "US Letter",
		.width = 8.5 * IN,
		.height = 11 * IN,
		.left = 1 * IN,
		.right = 7.5 * IN,
		.folds = {11 * IN / 3, 22 * IN / 3},
		.punch = 5.5 * IN,
		.envelope = {"#10", 9.5 * IN, 4.125 * IN, {0.875 * IN, 2.5 * IN, 5.375 * IN, 3.625 * IN}},
		.clearance = 0.125 * IN,
		.rests_on_bottom = true,
		.address_field = {1 * IN, 0, 8.5 * IN, 11 * IN},
		.address_from_bottom = true,
		.address_size = 11,
		.address_leading = 12,
		.sender = {0, 0, 0, 0},
		.sender_size = 0,
		.date_y = 3.35 * IN,
		.fold_clearance = 2 * MM,
		.mark_x = 3.5 * MM,
		.fold_mark = 5 * MM,
		.punch_mark = 7 * MM,
		.continued_y = 34 * MM,
		.bottom = 11 * IN - 18 * MM,
	},
};

const struct page_geometry *page_for(enum appeal_paper paper)
{
	return &geometries[paper == APPEAL_PAPER_LETTER ? 1 : 0];
}

void page_play(const struct page_geometry *g, double *across, double *updown)
{
	/* Folded along horizontal lines, the sheet keeps its width; its height
	 * is the tallest panel. */
	double panel = fmax(g->folds[0], fmax(g->folds[1] - g->folds[0], g->height - g->folds[1]));

	*across = fmax(0, g->envelope.width - g->width);
	*updown = fmax(0, g->envelope.height - panel);
}

struct page_box page_address_zone(const struct page_geometry *g)
{
	const struct page_box *w = &g->envelope.window;
	double across, updown, top, bottom;
	struct page_box z;

	page_play(g, &across, &updown);
	/* The sheet's top-left corner lies anywhere from the envelope's
	 * top-left to (across, updown) from it; the window shows the sheet
	 * at window - offset, so what shows at every offset is the window
	 * less the play, on the far side. */
	top = g->rests_on_bottom ? w->y0 - updown : w->y0;
	bottom = w->y1 - updown;
	z.x0 = fmax(w->x0 + g->clearance, g->address_field.x0);
	z.x1 = fmin(w->x1 - across - g->clearance, g->address_field.x1);
	z.y0 = fmax(top + g->clearance, g->address_field.y0);
	z.y1 = fmin(bottom - g->clearance, g->address_field.y1);
	return z;
}

int page_address_lines(const struct page_geometry *g, double ascent, double descent)
{
	struct page_box z = page_address_zone(g);
	double room = z.y1 - z.y0 - ascent - descent;

	return room < 0 ? 0 : 1 + (int)floor(room / g->address_leading + 1e-9);
}
