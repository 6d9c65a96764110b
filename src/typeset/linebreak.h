/* Line breaking over boxes, glue and penalties (Knuth and Plass's model).
 * Knows nothing of fonts or text: the layout builds the items. */
#ifndef APPEAL_LINEBREAK_H
#define APPEAL_LINEBREAK_H

#include <stdbool.h>
#include <stddef.h>

#define LB_INFINITY 10000 /* a penalty this high forbids a break, -LB_INFINITY forces one */
#define LB_FIL 1e6        /* glue stretch at least this is infinite (the finishing glue) */

enum lb_type { LB_BOX, LB_GLUE, LB_PENALTY };

struct lb_item {
	enum lb_type type;
	double width;   /* box and glue width; for a penalty, the width added if broken there (a hyphen) */
	double stretch; /* glue only */
	double shrink;  /* glue only */
	int penalty;    /* penalty only */
	bool flagged;   /* penalty only: a hyphenation break */
};

struct lb_params {
	double width;      /* line width, the same for every line */
	double tolerance;  /* largest adjustment ratio accepted (TeX's tolerance ~ 100*r^3) */
	bool ragged;       /* ragged right: lines are set at natural width */
	int looseness;     /* 0 normally; -1 asks for one line fewer if possible */
	double hyphen_demerits;          /* consecutive hyphenated lines */
	double fitness_demerits;         /* adjacent lines of very different tightness */
	double last_hyphen_demerits;     /* a hyphen on the second-last line */
	int line_penalty;
};
#define LB_PARAMS_INIT {0, 2.0, false, 0, 3000, 3000, 5000, 10}

struct lb_break {
	size_t item;    /* index of the item the line ends at (glue or penalty) */
	double ratio;   /* adjustment ratio of the line ending here: >0 stretched, <0 shrunk;
	                 * -1 for an overfull line, always 0 when ragged */
};

/* Chooses where to break a paragraph. The items must end with the usual
 * finishing glue and a forced break. On success *out (caller frees with
 * free()) holds one entry per line in order, and the function returns 0; it
 * returns -1 only when out of memory. A paragraph that cannot be set within
 * tolerance is still broken (with overfull lines) rather than refused. */
int linebreak(const struct lb_item *items, size_t n, const struct lb_params *params,
              struct lb_break **out, size_t *nout);

#endif
