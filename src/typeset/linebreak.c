/* Total-fit line breaking after Knuth and Plass, "Breaking Paragraphs into
 * Lines" (1981): a shortest path over the legal breakpoints, where a line's
 * cost grows with the cube of how far its glue is stretched or shrunk.
 *
 * As in pdfTeX, a justified line may also widen or narrow its glyphs a
 * little (font expansion); here expansion takes a line's slack first and
 * has its own, smaller cost, so that the spaces stay near their natural
 * width. As in TeX, the paragraph is tried in passes: without hyphenation,
 * with it, then looser and with breaks anywhere a word allows as a last
 * resort, then with any looseness, and finally with hyphenated lines in a
 * row and, if nothing else will do, an overfull line.
 *
 * Linear time: an active breakpoint is dropped as soon as the line from it
 * can no longer shrink to the measure, so only breakpoints within a line's
 * reach are active; their number is also capped (MAX_ACTIVE), which only a
 * hostile paragraph of zero-width material can reach. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "typeset/linebreak.h"

enum { FIT_VERY_LOOSE, FIT_LOOSE, FIT_DECENT, FIT_TIGHT };

#define NO_NODE UINT32_MAX
#define UNDERFULL_BADNESS 1e10 /* a line that is short and has nothing to stretch */
#define MAX_ACTIVE 512         /* active breakpoints kept at most */
#define MAX_RUN 2              /* hyphen runs are told apart up to here */
/* The emergency pass's tolerance: loose, but it keeps lines of a word or two
 * from becoming breakpoints, which would make every break within a line's
 * reach active (the final pass, which takes anything, is rarely needed). */
#define EMERGENCY_TOLERANCE 3.0

/* Sums of box and glue dimensions from the start of the paragraph. */
struct totals {
	double width, stretch, shrink;
	int fil; /* glue with infinite stretch */
};

/* A breakpoint reached, kept for reading the best path back. */
struct node {
	uint32_t pos;  /* index of the breaking item; NO_NODE for the start */
	uint32_t prev; /* previous break's node */
	float ratio, expand;
};

/* A breakpoint a line may still start from. */
struct active {
	uint32_t node;
	struct totals after; /* totals where the next line starts */
	double demerits;     /* of the paragraph up to here */
	int line;            /* lines up to here */
	unsigned char fitness;
	unsigned char run;   /* hyphenated lines in a row ending here, at most MAX_RUN */
	bool flagged;
	bool overfull;       /* some line on the way is overfull */
	float ratio, expand; /* of the line ending here, while a candidate */
};

/* One pass's rules. */
struct pass {
	unsigned char level;  /* penalties of this level or below are breakpoints */
	double tolerance;
	bool double_hyphens;  /* consecutive hyphenated lines allowed (with demerits) */
	bool rescue;          /* set an overfull line rather than fail */
};

struct breaker {
	const struct lb_item *items;
	size_t n;
	const struct lb_params *p;
	struct pass pass;
	bool fewest;            /* looseness: fewest lines first, then demerits */
	double ragged_stretch;  /* the stretch every ragged line ends with */
	struct node *nodes;
	size_t nnodes, cap_nodes;
	struct active *active;
	size_t nactive, cap_active;
	struct active *cands;
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

void lb_fit(double measure, double natural, double stretch, double shrink, double expansion, double *expand,
            double *ratio)
{
	double x = measure - natural, cap = expansion > 0 && natural > 0 ? expansion * natural : 0, e;

	if (x >= 0) {
		e = fmin(x, cap);
		x -= e;
		*ratio = x <= 0 ? 0 : stretch > 0 ? x / stretch : INFINITY;
	} else {
		e = fmax(x, -cap);
		x -= e;
		*ratio = x >= 0 ? 0 : shrink > 0 ? x / shrink : -INFINITY;
	}
	*expand = natural > 0 ? e / natural : 0;
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
		return it->penalty < LB_INFINITY && (it->penalty <= -LB_INFINITY || it->level <= b->pass.level);
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
	add_item(&t, &b->items[pos]);
	for (size_t j = pos + 1; j < b->n; j++) {
		const struct lb_item *it = &b->items[j];

		if (it->type == LB_BOX || is_forced(b, j))
			break;
		add_item(&t, it);
	}
	return t;
}

static unsigned char fitness_of(double rho)
{
	double bad = 100 * fabs(rho * rho * rho);

	if (rho > 0)
		return bad > 99 ? FIT_VERY_LOOSE : bad > 12 ? FIT_LOOSE : FIT_DECENT;
	return bad > 12 ? FIT_TIGHT : FIT_DECENT;
}

static double line_demerits(const struct breaker *b, const struct active *a, size_t i, double bad,
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

/* Is a better than o? Overfull paths lose to any other; with looseness,
 * fewer lines win before demerits do. */
static bool better(const struct breaker *b, const struct active *a, const struct active *o)
{
	if (a->overfull != o->overfull)
		return !a->overfull;
	if (b->fewest && a->line != o->line)
		return a->line < o->line;
	return a->demerits < o->demerits;
}

/* Keeps the best way into each state (fitness class, hyphen run). */
static int offer(struct breaker *b, const struct active *c)
{
	for (size_t k = 0; k < b->ncands; k++) {
		struct active *o = &b->cands[k];

		if (o->fitness == c->fitness && o->run == c->run) {
			if (better(b, c, o))
				*o = *c;
			return 0;
		}
	}
	if (grow((void **)&b->cands, &b->cap_cands, b->ncands + 1, sizeof(*b->cands)) < 0)
		return -1;
	b->cands[b->ncands++] = *c;
	return 0;
}

static int add_node(struct breaker *b, size_t pos, uint32_t prev, double ratio, double expand)
{
	if (grow((void **)&b->nodes, &b->cap_nodes, b->nnodes + 1, sizeof(*b->nodes)) < 0)
		return -1;
	b->nodes[b->nnodes] = (struct node){pos == SIZE_MAX ? NO_NODE : (uint32_t)pos, prev, (float)ratio,
	                                    (float)expand};
	b->nnodes++;
	return 0;
}

/* Drops the worst active breakpoints beyond MAX_ACTIVE. */
static void cap_active(struct breaker *b)
{
	while (b->nactive > MAX_ACTIVE) {
		size_t worst = 0;

		for (size_t k = 1; k < b->nactive; k++)
			if (better(b, &b->active[worst], &b->active[k]))
				worst = k;
		b->active[worst] = b->active[--b->nactive];
	}
}

/* Tries every active breakpoint as the start of a line ending at item i. */
static int try_break(struct breaker *b, size_t i, const struct totals *before)
{
	const struct lb_item *it = &b->items[i];
	const struct lb_params *p = b->p;
	bool forced = is_forced(b, i);
	bool flagged = it->type == LB_PENALTY && it->flagged;
	double pwidth = it->type == LB_PENALTY ? it->width : 0;
	size_t keep = 0, rescue = SIZE_MAX;
	double rescue_excess = -INFINITY;

	b->ncands = 0;
	for (size_t k = 0; k < b->nactive; k++) {
		const struct active *a = &b->active[k];
		double w = before->width - a->after.width + pwidth;
		double y = before->stretch - a->after.stretch;
		double z = before->shrink - a->after.shrink;
		int fil = before->fil - a->after.fil;
		double x = p->width - w, r, e, rho, cap;

		if (fil > 0 && x >= 0) {
			r = e = rho = cap = 0; /* a last line, set at its natural width */
		} else if (p->ragged) {
			/* Spaces keep their natural width; only the right edge moves. */
			r = x >= 0 ? x / b->ragged_stretch : -INFINITY;
			e = cap = 0;
			rho = r;
		} else {
			cap = fil > 0 ? 0 : p->expansion * w;
			lb_fit(p->width, w, y, z, fil > 0 ? 0 : p->expansion, &e, &r);
			e *= w;
			rho = x >= 0 ? (cap + y > 0 ? x / (cap + y) : INFINITY) : (cap + z > 0 ? x / (cap + z) : -INFINITY);
		}
		if (r >= -1 && r <= b->pass.tolerance && (b->pass.double_hyphens || !flagged || a->run == 0)) {
			struct active c = {0};
			double bad = isinf(r) ? UNDERFULL_BADNESS + fabs(x) : 100 * fabs(r * r * r);

			if (cap > 0)
				bad += p->expansion_badness * (e / cap) * (e / cap);
			c.fitness = fitness_of(rho);
			c.run = flagged ? (unsigned char)(a->run < MAX_RUN ? a->run + 1 : MAX_RUN) : 0;
			c.demerits = a->demerits + line_demerits(b, a, i, bad, c.fitness, flagged);
			c.line = a->line + 1;
			c.node = a->node; /* the line's start, until it becomes a node */
			c.flagged = flagged;
			c.overfull = a->overfull;
			c.ratio = isinf(r) ? 0 : (float)r;
			c.expand = w > 0 ? (float)(e / w) : 0;
			if (offer(b, &c) < 0)
				return -1;
		}
		if (forced || r < -1) {
			/* Lines from here can only get longer: drop the breakpoint,
			 * but remember the least overfull one in case all go. */
			if (x > rescue_excess) {
				rescue_excess = x;
				rescue = k;
			}
		} else {
			b->active[keep++] = b->active[k];
		}
	}

	if (b->ncands == 0 && keep == 0 && b->pass.rescue && rescue != SIZE_MAX) {
		/* Nothing fits: an overfull (or hopelessly underfull) line rather
		 * than no paragraph. Nothing was kept, so nothing overwrote it. */
		const struct active *a = &b->active[rescue];
		struct active c = {0};

		c.run = flagged ? (unsigned char)(a->run < MAX_RUN ? a->run + 1 : MAX_RUN) : 0;
		c.fitness = rescue_excess < 0 ? FIT_TIGHT : FIT_VERY_LOOSE;
		c.demerits = a->demerits + line_demerits(b, a, i, UNDERFULL_BADNESS, c.fitness, flagged);
		c.line = a->line + 1;
		c.node = a->node;
		c.flagged = flagged;
		c.overfull = a->overfull || rescue_excess < 0;
		c.ratio = rescue_excess < 0 ? -1 : 0;
		c.expand = 0;
		if (offer(b, &c) < 0)
			return -1;
	}
	b->nactive = keep;
	if (b->ncands > 0) {
		struct totals after = totals_after(b, i, *before);

		if (grow((void **)&b->active, &b->cap_active, b->nactive + b->ncands, sizeof(*b->active)) < 0)
			return -1;
		for (size_t k = 0; k < b->ncands; k++) {
			struct active c = b->cands[k];

			if (add_node(b, i, c.node, p->ragged ? 0 : c.ratio, p->ragged ? 0 : c.expand) < 0)
				return -1;
			c.node = (uint32_t)(b->nnodes - 1);
			c.after = after;
			b->active[b->nactive++] = c;
		}
		cap_active(b);
	}
	return 0;
}

/* One pass. Returns 1 when the paragraph could be broken, 0 when not, -1
 * when out of memory. */
static int run_pass(struct breaker *b)
{
	struct totals t = {0, 0, 0, 0};
	struct active start = {0};

	b->nnodes = 0;
	b->nactive = 0;
	if (add_node(b, SIZE_MAX, NO_NODE, 0, 0) < 0 ||
	    grow((void **)&b->active, &b->cap_active, 1, sizeof(*b->active)) < 0)
		return -1;
	start.fitness = FIT_DECENT;
	b->active[b->nactive++] = start;
	for (size_t i = 0; i < b->n; i++) {
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

static int collect(const struct breaker *b, struct lb_break **out, size_t *nout)
{
	size_t best = 0, count = 0;
	struct lb_break *res;

	for (size_t k = 1; k < b->nactive; k++)
		if (better(b, &b->active[k], &b->active[best]))
			best = k;
	for (uint32_t v = b->active[best].node; b->nodes[v].pos != NO_NODE; v = b->nodes[v].prev)
		count++;
	res = malloc((count ? count : 1) * sizeof(*res));
	if (!res)
		return -1;
	size_t k = count;
	for (uint32_t v = b->active[best].node; b->nodes[v].pos != NO_NODE; v = b->nodes[v].prev) {
		k--;
		res[k].item = b->nodes[v].pos;
		res[k].ratio = b->nodes[v].ratio;
		res[k].expand = b->nodes[v].expand;
	}
	*out = res;
	*nout = count;
	return 0;
}

int linebreak(const struct lb_item *items, size_t n, const struct lb_params *params, struct lb_break **out,
              size_t *nout)
{
	struct breaker b;
	bool hyphens = false;
	int rc = 0;

	*out = NULL;
	*nout = 0;
	if (n == 0)
		return 0;
	if (n >= UINT32_MAX)
		return -1;
	memset(&b, 0, sizeof(b));
	b.items = items;
	b.n = n;
	b.p = params;
	/* About TeX's 2em of \rightskip stretch for a text measure. */
	b.ragged_stretch = params->width > 0 ? params->width / 10 : 1;
	for (size_t i = 0; i < n && !hyphens; i++)
		hyphens = items[i].type == LB_PENALTY && items[i].level == LB_HYPHENATION;

	double tol = params->tolerance >= 0 ? params->tolerance : 0;
	const struct pass passes[] = {
		{LB_ANY, tol, false, false},
		{LB_HYPHENATION, tol, false, false},
		{LB_LAST_RESORT, fmax(tol, EMERGENCY_TOLERANCE), false, false},
		{LB_LAST_RESORT, INFINITY, false, false},
		{LB_LAST_RESORT, INFINITY, true, true},
	};
	/* Looseness asks only the passes within tolerance; if they fail, the
	 * paragraph is set as it would be without it. */
	for (int round = params->looseness < 0 ? 0 : 1; round < 2 && rc == 0; round++) {
		b.fewest = round == 0;
		for (size_t k = 0; k < sizeof(passes) / sizeof(passes[0]) && rc == 0; k++) {
			if ((k == 1 && !hyphens) || (k == 3 && !(tol < INFINITY)) || (b.fewest && k >= 2))
				continue;
			b.pass = passes[k];
			rc = run_pass(&b);
		}
	}
	if (rc == 1)
		rc = collect(&b, out, nout);
	free(b.nodes);
	free(b.active);
	free(b.cands);
	return rc < 0 ? -1 : 0;
}
