/* Line breaking over boxes, glue and penalties (Knuth and Plass's model),
 * with pdfTeX's font expansion as extra stretch and shrink. Knows nothing of
 * fonts or text: the layout builds the items. */
#ifndef APPEAL_LINEBREAK_H
#define APPEAL_LINEBREAK_H

#include <stdbool.h>
#include <stddef.h>

#define LB_INFINITY 10000 /* a penalty this high forbids a break, -LB_INFINITY forces one */
#define LB_FIL 1e6        /* glue stretch at least this is infinite (the finishing glue) */

enum lb_type { LB_BOX, LB_GLUE, LB_PENALTY };

/* From which pass on a penalty is a breakpoint (glue always is). The passes
 * are TeX's: first without hyphenation, then with it, then in an emergency. */
enum lb_level {
	LB_ANY = 0,        /* explicit hyphens, URL breaks, breaks a too-wide word needs */
	LB_HYPHENATION = 1,
	LB_LAST_RESORT = 2 /* inside a long word, when the tolerance cannot be kept */
};

struct lb_item {
	enum lb_type type;
	double width;   /* box and glue width; for a penalty, the width added if broken there (a hyphen) */
	double stretch; /* glue only */
	double shrink;  /* glue only */
	int penalty;    /* penalty only */
	bool flagged;   /* penalty only: the line ends in a hyphen */
	unsigned char level; /* penalty only: enum lb_level */
};

struct lb_params {
	double width;      /* line width, the same for every line */
	double tolerance;  /* largest glue stretch ratio (after expansion) in the first two passes */
	double expansion;  /* how much a justified line's glyphs may widen or narrow (0.02 = 2 %) */
	double expansion_badness; /* badness of a line expanded or condensed all the way */
	bool ragged;       /* ragged right: lines are set at natural width */
	int looseness;     /* 0 normally; below 0 asks for as few lines as the tolerance allows */
	double hyphen_demerits;          /* consecutive hyphenated lines (emergency pass only) */
	double fitness_demerits;         /* adjacent lines of very different tightness */
	double last_hyphen_demerits;     /* a hyphen on the second-last line */
	int line_penalty;
};
#define LB_PARAMS_INIT {0, 1.0, 0, 20, false, 0, 10000, 3000, 10000, 10}

struct lb_break {
	size_t item;    /* index of the item the line ends at (glue or penalty) */
	double ratio;   /* glue adjustment ratio after expansion: >0 stretched, <0 shrunk;
	                 * -1 for an overfull line, always 0 when ragged */
	double expand;  /* expansion as a fraction of the natural width (-0.02 .. 0.02) */
};

/* How a line of natural width `natural`, glue stretch `stretch` and shrink
 * `shrink` fills `measure` when its glyphs may scale by up to `expansion`:
 * expansion takes the difference first, the glue the rest. *expand gets the
 * fraction the glyphs scale by, *ratio the glue's ratio (0 when expansion
 * sufficed; +-INFINITY when the glue cannot move). */
void lb_fit(double measure, double natural, double stretch, double shrink, double expansion, double *expand,
            double *ratio);

/* Chooses where to break a paragraph. The items must end with the usual
 * finishing glue and a forced break. On success *out (caller frees with
 * free()) holds one entry per line in order, and the function returns 0; it
 * returns -1 only when out of memory. Time and memory are linear in n: the
 * active breakpoints are those within a line's reach, and never more than a
 * fixed number. A line is overfull only when nothing else can be done (a
 * single box wider than the measure); a paragraph is never refused. */
int linebreak(const struct lb_item *items, size_t n, const struct lb_params *params,
              struct lb_break **out, size_t *nout);

#endif
