/* Total-fit line breaking after Knuth and Plass, "Breaking Paragraphs into
 * Lines" (1981): a shortest path over the legal breakpoints, where a line's
 * cost grows with the cube of how far its glue is stretched or shrunk. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "typeset/linebreak.h"

enum { FIT_VERY_LOOSE, FIT_LOOSE, FIT_DECENT, FIT_TIGHT };

#define MAX_HYPHEN_RUN 2      /* a third hyphenated line in a row is refused */
#define NO_NODE SIZE_MAX
#define UNDERFULL_BADNESS 1e10 /* a line that is short and has nothing to stretch */

/* Sums of box and glue dimensions from the start of the paragraph. */
struct totals {
	double width, stretch, shrink;
	int fil; /* glue with infinite stretch */
};

/* A feasible break: where, how it was reached and at what cost. */
struct node {
	size_t pos;          /* index of the breaking item; NO_NODE for the start */
	size_t prev;         /* previous break's node */
	struct totals after; /* totals where the next line starts */
	double demerits;     /* of the paragraph up to here */
	double ratio;        /* of the line ending here */
	int line;            /* lines up to here */
	unsigned char fitness;
	unsigned char run;   /* hyphenated lines in a row ending here */
	bool flagged;
};

/* The best way found so far to reach the current breakpoint in one state. */
struct cand {
	double demerits, ratio;
	size_t from;
	int line;
	unsigned char fitness, run;
};

struct breaker {
	const struct lb_item *items;
	size_t n;
	const struct lb_params *p;
	double tolerance;
	bool final;             /* emergency pass: never run out of active nodes */
	double ragged_stretch;  /* the stretch every ragged line ends with */
	struct node *nodes;
	size_t nnodes, cap_nodes;
	size_t *active;
	size_t nactive, cap_active;
	struct cand *cands;
	size_t ncands, cap_cands;
};

static int grow(void **buf, size_t *cap, size_t need, size_t size)
{
	size_t ncap = *cap ? *cap : 16;
	void *nb;

	if (need <= *cap)
		return 0;
	while (ncap < need)
		ncap *= 2;
	nb = realloc(*buf, ncap * size);
	if (!nb)
		return -1;
	*buf = nb;
	*cap = ncap;
	return 0;
}

static bool is_forced(const struct breaker *b, size_t i)
{
	return i == b->n - 1 || (b->items[i].type == LB_PENALTY && b->items[i].penalty <= -LB_INFINITY);
}

static bool is_legal(const struct breaker *b, size_t i)
{
	const struct lb_item *it = &b->items[i];

	if (i == b->n - 1)
		return true;
	switch (it->type) {
	case LB_GLUE:
		return i > 0 && b->items[i - 1].type == LB_BOX;
	case LB_PENALTY:
		return it->penalty < LB_INFINITY;
	default:
		return false;
	}
}

static void add_item(struct totals *t, const struct lb_item *it)
{
	if (it->type == LB_PENALTY)
		return;
	t->width += it->width;
	if (it->type == LB_GLUE) {
		if (it->stretch >= LB_FIL)
			t->fil++;
		else
			t->stretch += it->stretch;
		t->shrink += it->shrink;
	}
}

/* The glue and penalties after a break vanish: the next line starts at the
 * following box (or forced break). */
static struct totals totals_after(const struct breaker *b, size_t pos, struct totals t)
{
	size_t j;

	add_item(&t, &b->items[pos]);
	for (j = pos + 1; j < b->n; j++) {
		const struct lb_item *it = &b->items[j];

		if (it->type == LB_BOX || is_forced(b, j))
			break;
		add_item(&t, it);
	}
	return t;
}

/* Adjustment ratio of a line with natural width w: how much of its stretch
 * (positive) or shrink (negative) it needs to fill the measure. */
static double line_ratio(double excess, double stretch, double shrink, int fil)
{
	if (excess > 0) {
		if (fil > 0)
			return 0;
		return stretch > 0 ? excess / stretch : INFINITY;
	}
	if (excess < 0)
		return shrink > 0 ? excess / shrink : -INFINITY;
	return 0;
}

static double badness(double r, double excess)
{
	if (isinf(r))
		return UNDERFULL_BADNESS + fabs(excess);
	return 100 * fabs(r * r * r);
}

static unsigned char fitness(double r, double bad)
{
	if (r > 0)
		return bad > 99 ? FIT_VERY_LOOSE : bad > 12 ? FIT_LOOSE : FIT_DECENT;
	return bad > 12 ? FIT_TIGHT : FIT_DECENT;
}

static double line_demerits(const struct breaker *b, const struct node *a, size_t i, double bad,
                            unsigned char fit, bool flagged)
{
	const struct lb_params *p = b->p;
	int pen = b->items[i].type == LB_PENALTY ? b->items[i].penalty : 0;
	double d = p->line_penalty + bad;

	d *= d;
	if (pen > 0)
		d += (double)pen * pen;
	else if (pen > -LB_INFINITY)
		d -= (double)pen * pen;
	if (a->flagged) {
		if (flagged)
			d += p->hyphen_demerits;
		else if (i == b->n - 1)
			d += p->last_hyphen_demerits;
	}
	if (abs((int)fit - (int)a->fitness) > 1)
		d += p->fitness_demerits;
	return d;
}

/* Keeps the cheapest way into each state. Line numbers only matter when
 * looseness asks for a particular count; otherwise all lines are alike. */
static int offer(struct breaker *b, const struct cand *c)
{
	size_t k;

	for (k = 0; k < b->ncands; k++) {
		struct cand *o = &b->cands[k];

		if (o->fitness == c->fitness && o->run == c->run && (b->p->looseness == 0 || o->line == c->line)) {
			if (c->demerits < o->demerits)
				*o = *c;
			return 0;
		}
	}
	if (grow((void **)&b->cands, &b->cap_cands, b->ncands + 1, sizeof(*b->cands)) < 0)
		return -1;
	b->cands[b->ncands++] = *c;
	return 0;
}

static int add_node(struct breaker *b, size_t pos, size_t prev, struct totals after, double demerits,
                    double ratio, int line, unsigned char fit, unsigned char run, bool flagged)
{
	struct node *nd;

	if (grow((void **)&b->nodes, &b->cap_nodes, b->nnodes + 1, sizeof(*b->nodes)) < 0 ||
	    grow((void **)&b->active, &b->cap_active, b->nactive + 1, sizeof(*b->active)) < 0)
		return -1;
	nd = &b->nodes[b->nnodes];
	nd->pos = pos;
	nd->prev = prev;
	nd->after = after;
	nd->demerits = demerits;
	nd->ratio = ratio;
	nd->line = line;
	nd->fitness = fit;
	nd->run = run;
	nd->flagged = flagged;
	b->active[b->nactive++] = b->nnodes++;
	return 0;
}

/* Tries every active node as the start of a line ending at item i. */
static int try_break(struct breaker *b, size_t i, const struct totals *before)
{
	const struct lb_item *it = &b->items[i];
	bool forced = is_forced(b, i);
	bool flagged = it->type == LB_PENALTY && it->flagged;
	double pwidth = it->type == LB_PENALTY ? it->width : 0;
	size_t k, keep = 0, rescue = NO_NODE;
	double rescue_excess = -INFINITY;

	b->ncands = 0;
	for (k = 0; k < b->nactive; k++) {
		const struct node *a = &b->nodes[b->active[k]];
		double w = before->width - a->after.width + pwidth;
		double y = before->stretch - a->after.stretch;
		double z = before->shrink - a->after.shrink;
		int fil = before->fil - a->after.fil;
		double excess = b->p->width - w, r;

		if (b->p->ragged) {
			/* Spaces keep their natural width; only the right edge moves. */
			y = b->ragged_stretch;
			z = 0;
		}
		r = line_ratio(excess, y, z, fil);
		if (r >= -1 && r <= b->tolerance) {
			struct cand c;
			double bad = badness(r, excess);

			c.run = flagged ? (unsigned char)(a->run + 1) : 0;
			if (c.run <= MAX_HYPHEN_RUN) {
				c.fitness = fitness(r, bad);
				c.demerits = a->demerits + line_demerits(b, a, i, bad, c.fitness, flagged);
				c.ratio = isinf(r) ? 0 : r;
				c.from = b->active[k];
				c.line = a->line + 1;
				if (offer(b, &c) < 0)
					return -1;
			}
		}
		if (forced || r < -1) {
			/* Lines from here can only get longer: drop the node, but
			 * remember the least overfull one in case all go. */
			if (excess > rescue_excess) {
				rescue_excess = excess;
				rescue = b->active[k];
			}
		} else {
			b->active[keep++] = b->active[k];
		}
	}
	b->nactive = keep;

	if (b->ncands == 0 && keep == 0 && b->final && rescue != NO_NODE) {
		/* Emergency: nothing fits, so set an overfull (or hopelessly
		 * underfull) line rather than give up. */
		const struct node *a = &b->nodes[rescue];
		struct cand c;

		c.run = flagged ? (unsigned char)(a->run < MAX_HYPHEN_RUN ? a->run + 1 : MAX_HYPHEN_RUN) : 0;
		c.fitness = rescue_excess < 0 ? FIT_TIGHT : FIT_VERY_LOOSE;
		c.demerits = a->demerits + line_demerits(b, a, i, UNDERFULL_BADNESS, c.fitness, flagged);
		c.ratio = rescue_excess < 0 ? -1 : 0;
		c.from = rescue;
		c.line = a->line + 1;
		if (offer(b, &c) < 0)
			return -1;
	}
	if (b->ncands > 0) {
		struct totals after = totals_after(b, i, *before);

		for (k = 0; k < b->ncands; k++) {
			const struct cand *c = &b->cands[k];

			if (add_node(b, i, c->from, after, c->demerits, b->p->ragged ? 0 : c->ratio, c->line,
			             c->fitness, c->run, flagged) < 0)
				return -1;
		}
	}
	return 0;
}

/* One pass at the breaker's tolerance. Returns 1 when the paragraph could be
 * broken, 0 when not, -1 when out of memory. */
static int run_pass(struct breaker *b)
{
	struct totals t = {0, 0, 0, 0};
	size_t i;

	b->nnodes = 0;
	b->nactive = 0;
	if (add_node(b, NO_NODE, NO_NODE, t, 0, 0, 0, FIT_DECENT, 0, false) < 0)
		return -1;
	for (i = 0; i < b->n; i++) {
		if (is_legal(b, i)) {
			if (try_break(b, i, &t) < 0)
				return -1;
			if (b->nactive == 0)
				return 0;
		}
		add_item(&t, &b->items[i]);
	}
	return 1;
}

/* The final breaks are the active nodes after the last forced break. With
 * looseness, TeX's rule: the line count closest to best + looseness without
 * overshooting, cheapest among equals. */
static size_t choose_final(const struct breaker *b)
{
	size_t k, best = b->active[0];
	int best_line, diff = 0;

	for (k = 1; k < b->nactive; k++)
		if (b->nodes[b->active[k]].demerits < b->nodes[best].demerits)
			best = b->active[k];
	if (b->p->looseness == 0)
		return best;
	best_line = b->nodes[best].line;
	for (k = 0; k < b->nactive; k++) {
		const struct node *nd = &b->nodes[b->active[k]];
		int d = nd->line - best_line;

		if ((d < diff && b->p->looseness <= d) || (d > diff && b->p->looseness >= d) ||
		    (d == diff && nd->demerits < b->nodes[best].demerits)) {
			best = b->active[k];
			diff = d;
		}
	}
	return best;
}

static int collect(const struct breaker *b, size_t last, struct lb_break **out, size_t *nout)
{
	size_t count = (size_t)b->nodes[last].line, k = count, v;
	struct lb_break *res = malloc(count * sizeof(*res));

	if (!res)
		return -1;
	for (v = last; v != 0; v = b->nodes[v].prev) {
		k--;
		res[k].item = b->nodes[v].pos;
		res[k].ratio = b->nodes[v].ratio;
	}
	*out = res;
	*nout = count;
	return 0;
}

int linebreak(const struct lb_item *items, size_t n, const struct lb_params *params, struct lb_break **out,
              size_t *nout)
{
	struct breaker b;
	int rc = 0;

	*out = NULL;
	*nout = 0;
	if (n == 0)
		return 0;
	memset(&b, 0, sizeof(b));
	b.items = items;
	b.n = n;
	b.p = params;
	/* About TeX's 2em of \rightskip stretch for a text measure. */
	b.ragged_stretch = params->width > 0 ? params->width / 10 : 1;
	b.cap_nodes = n / 2 + 16;
	b.cap_active = 64;
	b.cap_cands = 16;
	b.nodes = malloc(b.cap_nodes * sizeof(*b.nodes));
	b.active = malloc(b.cap_active * sizeof(*b.active));
	b.cands = malloc(b.cap_cands * sizeof(*b.cands));
	if (!b.nodes || !b.active || !b.cands) {
		rc = -1;
		goto done;
	}
	/* First within tolerance; then with any stretch, letting overfull lines
	 * through only where nothing else can be done. */
	b.tolerance = params->tolerance >= 0 ? params->tolerance : 0;
	b.final = !(b.tolerance < INFINITY);
	rc = run_pass(&b);
	if (rc == 0) {
		b.tolerance = INFINITY;
		b.final = true;
		rc = run_pass(&b);
	}
	if (rc == 1)
		rc = collect(&b, choose_final(&b), out, nout);
done:
	free(b.nodes);
	free(b.active);
	free(b.cands);
	return rc < 0 ? -1 : 0;
}
