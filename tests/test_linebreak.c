/* Line breaking: hand-made paragraphs with known answers, and random small
 * paragraphs checked against a brute-force search over every set of breaks. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "typeset/linebreak.h"

#define MAXI 256

struct para {
	struct lb_item it[MAXI];
	size_t n;
};

static void add(struct para *p, enum lb_type t, double w, double y, double z, int pen, bool flag)
{
	struct lb_item *it = &p->it[p->n++];

	it->type = t;
	it->width = w;
	it->stretch = y;
	it->shrink = z;
	it->penalty = pen;
	it->flagged = flag;
	it->level = LB_ANY;
}

static void box(struct para *p, double w) { add(p, LB_BOX, w, 0, 0, 0, false); }
static void space(struct para *p) { add(p, LB_GLUE, 1, 1, 0.5, 0, false); }
static void hyph(struct para *p)
{
	add(p, LB_PENALTY, 1, 0, 0, 50, true);
	p->it[p->n - 1].level = LB_HYPHENATION;
}
static void pen(struct para *p, int v) { add(p, LB_PENALTY, 0, 0, 0, v, false); }

static void finish(struct para *p)
{
	pen(p, LB_INFINITY);
	add(p, LB_GLUE, 0, LB_FIL, 0, 0, false);
	pen(p, -LB_INFINITY);
}

/* Words of the given widths; a negative width is a word with a hyphenation
 * point in the middle. */
static void words(struct para *p, const int *w, size_t nw)
{
	size_t i;

	for (i = 0; i < nw; i++) {
		if (i > 0)
			space(p);
		if (w[i] < 0) {
			box(p, -w[i] / 2);
			hyph(p);
			box(p, -w[i] - -w[i] / 2);
		} else {
			box(p, w[i]);
		}
	}
	finish(p);
}

/* ---- an independent evaluation of the model, for the brute force ---- */

/* The passes, as the breaker runs them. */
struct rules {
	int level;
	double tolerance;
	bool double_hyphens;
};

static bool legal(const struct para *p, size_t i, int level)
{
	if (i == p->n - 1)
		return true;
	if (p->it[i].type == LB_GLUE)
		return i > 0 && p->it[i - 1].type == LB_BOX;
	return p->it[i].type == LB_PENALTY && p->it[i].penalty < LB_INFINITY &&
	       (p->it[i].penalty <= -LB_INFINITY || p->it[i].level <= level);
}

static bool forced(const struct para *p, size_t i)
{
	return i == p->n - 1 || (p->it[i].type == LB_PENALTY && p->it[i].penalty <= -LB_INFINITY);
}

static int fitclass(double rho)
{
	double b = 100 * fabs(rho * rho * rho);

	if (rho > 0)
		return b > 99 ? 0 : b > 12 ? 1 : 2;
	return b > 12 ? 3 : 2;
}

/* Total demerits of breaking at brk[0..nb-1] under the rules, or INFINITY if
 * some line is not feasible. */
static double evaluate(const struct para *p, const struct lb_params *lp, const struct rules *ru, const size_t *brk,
                       size_t nb)
{
	double total = 0;
	size_t start = 0, k, j;
	int prevfit = 2, run = 0;
	bool prevflag = false;

	for (k = 0; k < nb; k++) {
		size_t b = brk[k];
		double w = 0, y = 0, z = 0, r, bad, d, x, cap = 0, e = 0, rho;
		int fil = 0, fit, pv;
		bool flag = p->it[b].type == LB_PENALTY && p->it[b].flagged;

		if (!legal(p, b, ru->level))
			return INFINITY;
		for (j = start; j < b; j++) {
			const struct lb_item *it = &p->it[j];

			if (it->type == LB_PENALTY)
				continue;
			w += it->width;
			if (it->type == LB_GLUE) {
				if (it->stretch >= LB_FIL)
					fil++;
				else
					y += it->stretch;
				z += it->shrink;
			}
		}
		if (p->it[b].type == LB_PENALTY)
			w += p->it[b].width;
		x = lp->width - w;
		if (fil && x >= 0) {
			r = rho = 0;
		} else if (lp->ragged) {
			r = rho = x >= 0 ? x / (lp->width / 10) : -INFINITY;
		} else {
			cap = fil ? 0 : lp->expansion * w;
			/* expansion first, then the glue */
			e = x >= 0 ? fmin(x, cap) : fmax(x, -cap);
			if (x - e > 0)
				r = y > 0 ? (x - e) / y : INFINITY;
			else if (x - e < 0)
				r = z > 0 ? (x - e) / z : -INFINITY;
			else
				r = 0;
			rho = x >= 0 ? (cap + y > 0 ? x / (cap + y) : INFINITY) : (cap + z > 0 ? x / (cap + z) : -INFINITY);
		}
		if (r < -1 || r > ru->tolerance)
			return INFINITY;
		if (flag && run > 0 && !ru->double_hyphens)
			return INFINITY;
		run = flag ? run + 1 : 0;
		bad = isinf(r) ? 1e10 + fabs(x) : 100 * fabs(r * r * r);
		if (cap > 0)
			bad += lp->expansion_badness * (e / cap) * (e / cap);
		fit = fitclass(rho);
		d = (lp->line_penalty + bad) * (lp->line_penalty + bad);
		pv = p->it[b].type == LB_PENALTY ? p->it[b].penalty : 0;
		if (pv > 0)
			d += (double)pv * pv;
		else if (pv > -LB_INFINITY)
			d -= (double)pv * pv;
		if (prevflag && flag)
			d += lp->hyphen_demerits;
		if (prevflag && b == p->n - 1)
			d += lp->last_hyphen_demerits;
		if (abs(fit - prevfit) > 1)
			d += lp->fitness_demerits;
		total += d;
		prevfit = fit;
		prevflag = flag;
		/* the next line starts after the discardable items */
		start = b + 1;
		while (start < p->n && p->it[start].type != LB_BOX && !forced(p, start))
			start++;
	}
	return total;
}

/* Best demerits over every set of breaks under the rules; *lines gets its
 * line count, and best_of[l] the best with exactly l lines. */
static double brute_rules(const struct para *p, const struct lb_params *lp, const struct rules *ru, int *lines,
                          double *best_of, int maxl)
{
	size_t opt[MAXI], nopt = 0, brk[MAXI], i, nb;
	uint32_t mask;
	double best = INFINITY;

	for (i = 0; i < (size_t)maxl; i++)
		best_of[i] = INFINITY;
	for (i = 0; i < p->n; i++)
		if (legal(p, i, ru->level) && !forced(p, i))
			opt[nopt++] = i;
	for (mask = 0; mask < (1u << nopt); mask++) {
		double d;
		size_t o = 0;

		nb = 0;
		for (i = 0; i < p->n; i++) {
			if (o < nopt && opt[o] == i) {
				if (mask & (1u << o))
					brk[nb++] = i;
				o++;
			} else if (forced(p, i)) {
				brk[nb++] = i;
			}
		}
		d = evaluate(p, lp, ru, brk, nb);
		if ((int)nb < maxl && d < best_of[nb])
			best_of[nb] = d;
		if (d < best) {
			best = d;
			*lines = (int)nb;
		}
	}
	return best;
}

static bool has_hyphenation(const struct para *p)
{
	for (size_t i = 0; i < p->n; i++)
		if (p->it[i].type == LB_PENALTY && p->it[i].level == LB_HYPHENATION)
			return true;
	return false;
}

/* The first pass (as the breaker orders them) that can set the paragraph:
 * its best demerits, line count and best per line count; *pass gets it. */
static double brute(const struct para *p, const struct lb_params *lp, int *lines, double *best_of, int maxl,
                    struct rules *pass)
{
	struct rules passes[] = {
		{LB_ANY, lp->tolerance, false},
		{LB_HYPHENATION, lp->tolerance, false},
		{LB_LAST_RESORT, fmax(lp->tolerance, 3.0), false},
		{LB_LAST_RESORT, INFINITY, false},
		{LB_LAST_RESORT, INFINITY, true},
	};
	double best = INFINITY;

	for (int k = 0; k < 5 && !isfinite(best); k++) {
		if ((k == 1 && !has_hyphenation(p)) || (k == 3 && isinf(lp->tolerance)))
			continue;
		best = brute_rules(p, lp, &passes[k], lines, best_of, maxl);
		if (pass)
			*pass = passes[k];
	}
	return best;
}

static double result_demerits(const struct para *p, const struct lb_params *lp, const struct rules *ru,
                              const struct lb_break *br, size_t nb)
{
	size_t brk[MAXI], i;

	for (i = 0; i < nb; i++)
		brk[i] = br[i].item;
	return evaluate(p, lp, ru, brk, nb);
}

/* The classic model: no expansion, TeX-like tolerance. */
static struct lb_params params(double width)
{
	struct lb_params lp = LB_PARAMS_INIT;

	lp.width = width;
	lp.tolerance = 2;
	return lp;
}

static bool near_rel(double a, double b)
{
	return fabs(a - b) <= 1e-9 * fmax(1, fabs(b));
}

/* Greedy first fit: as many words as fit, shrinking if need be. */
static size_t greedy(const struct para *p, double width, size_t *brk)
{
	size_t nb = 0, i, last = SIZE_MAX;
	double w = 0, z = 0;

	for (i = 0; i < p->n; i++) {
		const struct lb_item *it = &p->it[i];

		if (legal(p, i, LB_HYPHENATION) && i > 0) {
			double lw = w + (it->type == LB_PENALTY ? it->width : 0);

			if (lw - z > width && last != SIZE_MAX) {
				brk[nb++] = last;
				i = last;
				last = SIZE_MAX;
				w = z = 0;
				while (i + 1 < p->n && p->it[i + 1].type != LB_BOX)
					i++;
				continue;
			}
			last = i;
			if (forced(p, i)) {
				brk[nb++] = i;
				last = SIZE_MAX;
				w = z = 0;
				continue;
			}
		}
		if (it->type != LB_PENALTY) {
			w += it->width;
			z += it->type == LB_GLUE ? it->shrink : 0;
		}
	}
	return nb;
}

static void test_total_fit_beats_greedy(void)
{
	/* Greedy fills the first line and is left with a very loose second
	 * line; total fit spreads the slack over both. */
	static const int w[] = {6, 2, 4, 2, 2, 5, 4, 4};
	struct para p = {.n = 0};
	struct lb_params lp = params(16);
	struct rules ru;
	struct lb_break *br;
	size_t nb, g[MAXI], ng, i;
	int lines;
	double best_of[16], best;

	words(&p, w, sizeof(w) / sizeof(w[0]));
	CHECK_INT(linebreak(p.it, p.n, &lp, &br, &nb), 0);
	ng = greedy(&p, lp.width, g);
	best = brute(&p, &lp, &lines, best_of, 16, &ru);
	CHECK(near_rel(result_demerits(&p, &lp, &ru, br, nb), best));
	CHECK_INT(nb, 3);
	CHECK_INT(ng, 3);
	/* greedy takes four words (tight, then very loose), total fit three */
	CHECK_INT(br[0].item, 5);
	CHECK_INT(br[1].item, 13);
	CHECK_INT(g[0], 7);
	CHECK_INT(g[1], 13);
	CHECK(evaluate(&p, &lp, &ru, g, ng) > best);
	for (i = 0; i + 1 < nb; i++)
		CHECK(br[i].ratio >= -1 && br[i].ratio <= lp.tolerance);
	free(br);
}

static unsigned rnd_state = 12345;
static unsigned rnd(unsigned n)
{
	rnd_state = rnd_state * 1103515245u + 12345u;
	return (rnd_state >> 16) % n;
}

/* Random paragraphs: the result must be as good as the best of all break
 * sets in the first pass that can set them, in plain, expanded, ragged and
 * fewest-lines modes. */
static void test_random_against_brute_force(void)
{
	int trial, mismatches = 0, loose_checked = 0, loose_bad = 0, ragged_bad = 0, ratio_bad = 0, expanded = 0;

	for (trial = 0; trial < 600; trial++) {
		struct para p = {.n = 0};
		int w[12], nw = 7 + (int)rnd(5), i, lines, nhy = 0;
		struct lb_params lp = params(14 + rnd(10));
		struct rules ru;
		struct lb_break *br;
		size_t nb, k;
		double best_of[24], best;

		for (i = 0; i < nw; i++) {
			w[i] = 1 + (int)rnd(7);
			if (w[i] >= 5 && nhy < 4 && rnd(2)) {
				w[i] = -w[i];
				nhy++;
			}
		}
		words(&p, w, (size_t)nw);
		/* some hyphens only as a last resort */
		for (k = 0; k < p.n; k++)
			if (p.it[k].type == LB_PENALTY && p.it[k].flagged && rnd(4) == 0)
				p.it[k].level = LB_LAST_RESORT;
		lp.tolerance = trial % 3 == 0 ? 0.5 : trial % 3 == 1 ? 1.0 : 3.0;
		lp.expansion = trial % 4 == 0 ? 0 : trial % 4 == 1 ? 0.02 : 0.08;
		best = brute(&p, &lp, &lines, best_of, 24, &ru);
		if (linebreak(p.it, p.n, &lp, &br, &nb) != 0)
			continue;
		if (isfinite(best)) {
			if (!near_rel(result_demerits(&p, &lp, &ru, br, nb), best)) {
				mismatches++;
				fprintf(stderr, "trial %d: %g, best %g\n", trial, result_demerits(&p, &lp, &ru, br, nb), best);
			}
			for (k = 0; k < nb; k++) {
				if (br[k].ratio < -1 || br[k].ratio > ru.tolerance)
					ratio_bad++;
				if (fabs(br[k].expand) > lp.expansion + 1e-6)
					ratio_bad++;
				expanded += br[k].expand != 0;
			}
		}
		free(br);

		/* looseness: as few lines as the tolerance passes allow */
		if (isfinite(best) && lines > 1) {
			struct rules within[] = {{LB_ANY, lp.tolerance, false}, {LB_HYPHENATION, lp.tolerance, false}};
			double fb[24];
			int want = -1, fl;
			double want_d = 0;
			for (int pass = 0; pass < 2 && want < 0; pass++) {
				if (pass == 1 && !has_hyphenation(&p))
					continue;
				brute_rules(&p, &lp, &within[pass], &fl, fb, 24);
				for (int l = 1; l < 24 && want < 0; l++)
					if (isfinite(fb[l])) {
						want = l;
						want_d = fb[l];
						ru = within[pass];
					}
			}
			lp.looseness = -1;
			if (want > 0 && linebreak(p.it, p.n, &lp, &br, &nb) == 0) {
				loose_checked++;
				if ((int)nb != want || !near_rel(result_demerits(&p, &lp, &ru, br, nb), want_d))
					loose_bad++;
				free(br);
			}
			lp.looseness = 0;
		}

		lp.ragged = true;
		best = brute(&p, &lp, &lines, best_of, 24, &ru);
		if (isfinite(best) && linebreak(p.it, p.n, &lp, &br, &nb) == 0) {
			if (!near_rel(result_demerits(&p, &lp, &ru, br, nb), best))
				ragged_bad++;
			for (k = 0; k < nb; k++)
				if (br[k].ratio != 0 || br[k].expand != 0)
					ragged_bad++;
			free(br);
		}
	}
	CHECK_INT(mismatches, 0);
	CHECK_INT(ratio_bad, 0);
	CHECK_INT(loose_bad, 0);
	CHECK_INT(ragged_bad, 0);
	CHECK(loose_checked > 50);
	CHECK(expanded > 100);
}

static void test_forced_and_forbidden(void)
{
	struct para p = {.n = 0};
	struct lb_params lp = params(100);
	struct lb_break *br;
	size_t nb;

	/* a forced break in the middle of a paragraph that fits one line */
	box(&p, 5);
	space(&p);
	box(&p, 5);
	add(&p, LB_GLUE, 0, LB_FIL, 0, 0, false);
	pen(&p, -LB_INFINITY);
	box(&p, 5);
	finish(&p);
	CHECK_INT(linebreak(p.it, p.n, &lp, &br, &nb), 0);
	CHECK_INT(nb, 2);
	CHECK_INT(br[0].item, 4);
	CHECK_INT(br[1].item, p.n - 1);
	free(br);

	/* ties: box ~ box is penalty +inf before the glue, never a break,
	 * even when breaking there would be the only way to fit */
	p.n = 0;
	box(&p, 6);
	pen(&p, LB_INFINITY);
	space(&p);
	box(&p, 6);
	space(&p);
	box(&p, 6);
	finish(&p);
	lp.width = 13;
	CHECK_INT(linebreak(p.it, p.n, &lp, &br, &nb), 0);
	CHECK_INT(nb, 2);
	CHECK_INT(br[0].item, 4);
	free(br);
	lp.width = 7; /* too narrow for the tie: overfull, but still unbroken */
	CHECK_INT(linebreak(p.it, p.n, &lp, &br, &nb), 0);
	CHECK(nb >= 1 && br[0].item != 2);
	CHECK_INT(br[0].item, 4);
	free(br);

	/* glue after a penalty (not a box) is no breakpoint */
	p.n = 0;
	box(&p, 6);
	pen(&p, 0);
	space(&p);
	box(&p, 6);
	finish(&p);
	lp.width = 7;
	CHECK_INT(linebreak(p.it, p.n, &lp, &br, &nb), 0);
	CHECK_INT(nb, 2);
	CHECK_INT(br[0].item, 1);
	free(br);
}

static void test_hyphen_limit(void)
{
	/* Every line fits exactly only when hyphenated: a second hyphen in a
	 * row is refused while the paragraph can be set otherwise. */
	struct para p = {.n = 0};
	struct lb_params lp = params(11);
	struct lb_break *br;
	size_t nb, i;
	int run = 0, maxrun = 0, hyphenated = 0;

	box(&p, 5);
	for (i = 0; i < 6; i++) {
		space(&p);
		box(&p, 4);
		hyph(&p);
		box(&p, 5);
	}
	finish(&p);
	lp.tolerance = 10;
	CHECK_INT(linebreak(p.it, p.n, &lp, &br, &nb), 0);
	for (i = 0; i < nb; i++) {
		bool fl = p.it[br[i].item].type == LB_PENALTY && p.it[br[i].item].flagged;

		run = fl ? run + 1 : 0;
		hyphenated += fl;
		if (run > maxrun)
			maxrun = run;
	}
	CHECK(maxrun <= 1);
	CHECK(hyphenated >= 1);
	free(br);
}

static void test_looseness(void)
{
	/* Three comfortable lines, or two tight ones: looseness takes two. */
	static const int w[] = {5, 5, 4, 3, 3, 3, 4, 3};
	struct para p = {.n = 0};
	struct lb_params lp = params(18);
	struct lb_break *br;
	size_t nb, i;
	int lines;
	double best_of[16];

	words(&p, w, sizeof(w) / sizeof(w[0]));
	CHECK_INT(linebreak(p.it, p.n, &lp, &br, &nb), 0);
	CHECK_INT(nb, 3);
	free(br);
	lp.looseness = -1;
	CHECK_INT(linebreak(p.it, p.n, &lp, &br, &nb), 0);
	CHECK_INT(nb, 2);
	for (i = 0; i < nb; i++)
		CHECK(br[i].ratio >= -1 && br[i].ratio <= lp.tolerance);
	CHECK(br[nb - 1].ratio < 0); /* the last line is the one squeezed */
	free(br);
	/* impossible to save a line: stays as is */
	lp.width = 16;
	brute(&p, &lp, &lines, best_of, 16, NULL);
	CHECK_INT(lines, 3);
	CHECK(isinf(best_of[2]));
	CHECK_INT(linebreak(p.it, p.n, &lp, &br, &nb), 0);
	CHECK_INT(nb, 3);
	free(br);
}

static void test_ragged(void)
{
	/* Ragged right: spaces never shrink, so no line is wider than the
	 * measure, and the edges come out more even than greedy's. */
	static const int w[] = {3, 3, 3, 4, 4, 4, 2, 6, 5, 3, 2, 7, 3, 3};
	struct para p = {.n = 0};
	struct lb_params lp = params(16);
	struct lb_break *br;
	size_t nb, i, start = 0, j;

	lp.ragged = true;
	words(&p, w, sizeof(w) / sizeof(w[0]));
	CHECK_INT(linebreak(p.it, p.n, &lp, &br, &nb), 0);
	for (i = 0; i < nb; i++) {
		double lw = 0;

		CHECK_NEAR(br[i].ratio, 0, 0);
		for (j = start; j < br[i].item; j++)
			if (p.it[j].type != LB_PENALTY)
				lw += p.it[j].width;
		if (p.it[br[i].item].type == LB_PENALTY)
			lw += p.it[br[i].item].width;
		CHECK(lw <= lp.width);
		start = br[i].item + 1;
	}
	free(br);
}

static void test_degenerate(void)
{
	struct para p = {.n = 0};
	struct lb_params lp = params(50);
	struct lb_break *br = (struct lb_break *)&p; /* must be reset */
	size_t nb = 99;

	/* empty paragraph */
	CHECK_INT(linebreak(p.it, 0, &lp, &br, &nb), 0);
	CHECK_INT(nb, 0);
	CHECK(br == NULL);

	/* only a forced break: one empty line */
	pen(&p, -LB_INFINITY);
	CHECK_INT(linebreak(p.it, p.n, &lp, &br, &nb), 0);
	CHECK_INT(nb, 1);
	CHECK_INT(br[0].item, 0);
	free(br);

	/* the usual ending and nothing else */
	p.n = 0;
	finish(&p);
	CHECK_INT(linebreak(p.it, p.n, &lp, &br, &nb), 0);
	CHECK_INT(nb, 1);
	CHECK_NEAR(br[0].ratio, 0, 0);
	free(br);

	/* one box wider than the measure: one overfull line, not a failure */
	p.n = 0;
	box(&p, 100);
	finish(&p);
	CHECK_INT(linebreak(p.it, p.n, &lp, &br, &nb), 0);
	CHECK_INT(nb, 1);
	CHECK_INT(br[0].item, p.n - 1);
	CHECK_NEAR(br[0].ratio, -1, 0);
	free(br);

	/* an overlong box among words gets a line of its own */
	p.n = 0;
	box(&p, 10);
	space(&p);
	box(&p, 10);
	space(&p);
	box(&p, 80);
	space(&p);
	box(&p, 10);
	space(&p);
	box(&p, 10);
	finish(&p);
	lp.width = 21;
	CHECK_INT(linebreak(p.it, p.n, &lp, &br, &nb), 0);
	CHECK_INT(nb, 3);
	if (nb == 3) {
		CHECK_INT(br[0].item, 3);
		CHECK_INT(br[1].item, 5);
		CHECK_NEAR(br[1].ratio, -1, 0);
		CHECK_INT(br[2].item, p.n - 1);
	}
	free(br);

	/* a word too long for the tolerance is set loose rather than refused */
	p.n = 0;
	box(&p, 5);
	space(&p);
	box(&p, 40);
	finish(&p);
	lp.width = 40;
	lp.tolerance = 0.5;
	CHECK_INT(linebreak(p.it, p.n, &lp, &br, &nb), 0);
	CHECK_INT(nb, 2);
	free(br);

	/* no items but a box: the last item still ends the paragraph */
	p.n = 0;
	box(&p, 5);
	CHECK_INT(linebreak(p.it, p.n, &lp, &br, &nb), 0);
	CHECK_INT(nb, 1);
	free(br);
}

static void test_fit(void)
{
	double e, r;

	/* expansion takes the slack first */
	lb_fit(101, 100, 10, 5, 0.02, &e, &r);
	CHECK_NEAR(e, 0.01, 1e-12);
	CHECK_NEAR(r, 0, 0);
	/* then the glue */
	lb_fit(104, 100, 10, 5, 0.02, &e, &r);
	CHECK_NEAR(e, 0.02, 1e-12);
	CHECK_NEAR(r, 0.2, 1e-12);
	/* and the same when shrinking */
	lb_fit(97, 100, 10, 5, 0.02, &e, &r);
	CHECK_NEAR(e, -0.02, 1e-12);
	CHECK_NEAR(r, -0.2, 1e-12);
	/* nothing to stretch */
	lb_fit(110, 100, 0, 5, 0.02, &e, &r);
	CHECK(isinf(r) && r > 0);
	lb_fit(110, 100, 10, 5, 0, &e, &r);
	CHECK_NEAR(e, 0, 0);
	CHECK_NEAR(r, 1, 1e-12);
}

static void test_expansion(void)
{
	/* Two lines that need 1 % more width: with expansion the spaces
	 * stay natural, without it they stretch. */
	struct para p = {.n = 0};
	struct lb_params lp = params(101);
	struct lb_break *br;
	size_t nb;

	box(&p, 49);
	space(&p);
	box(&p, 50);
	space(&p);
	box(&p, 30);
	finish(&p);
	lp.expansion = 0.02;
	CHECK_INT(linebreak(p.it, p.n, &lp, &br, &nb), 0);
	CHECK_INT(nb, 2);
	CHECK_NEAR(br[0].ratio, 0, 1e-6);
	CHECK_NEAR(br[0].expand, 0.01, 1e-6);
	CHECK_NEAR(br[1].expand, 0, 0); /* the last line is never expanded */
	free(br);
	lp.expansion = 0;
	CHECK_INT(linebreak(p.it, p.n, &lp, &br, &nb), 0);
	CHECK_NEAR(br[0].ratio, 1, 1e-6);
	CHECK_NEAR(br[0].expand, 0, 0);
	free(br);
}

static void test_level(void)
{
	/* A last-resort break is taken only when nothing else sets the
	 * paragraph, and then without an overfull line. */
	struct para p = {.n = 0};
	struct lb_params lp = params(10);
	struct lb_break *br;
	size_t nb;

	box(&p, 8);
	pen(&p, 0);
	p.it[p.n - 1].level = LB_LAST_RESORT;
	box(&p, 8);
	finish(&p);
	CHECK_INT(linebreak(p.it, p.n, &lp, &br, &nb), 0);
	CHECK_INT(nb, 2);
	CHECK_INT(br[0].item, 1);
	CHECK(br[0].ratio > -1);
	free(br);
	lp.width = 20;
	CHECK_INT(linebreak(p.it, p.n, &lp, &br, &nb), 0);
	CHECK_INT(nb, 1);
	free(br);
}

/* A long paragraph and a hostile one (thousands of breakpoints in no width)
 * are broken; the breaker keeps a bounded number of them active. Speed is
 * measured in bench/, not here. */
static void test_large(void)
{
	size_t n = 400000, k = 0, nb;
	struct lb_item *it = calloc(n + 3, sizeof(*it));
	struct lb_params lp = LB_PARAMS_INIT;
	struct lb_break *br;

	if (!CHECK(it != NULL))
		return;
	lp.width = 460;
	lp.expansion = 0.02;
	lp.tolerance = 0.4;
	for (size_t i = 0; k + 3 < n; i++) {
		it[k++] = (struct lb_item){LB_BOX, 10 + (double)(i * 7919 % 40), 0, 0, 0, false, LB_ANY};
		if (i % 3 == 1)
			it[k++] = (struct lb_item){LB_PENALTY, 3, 0, 0, 50, true, LB_HYPHENATION};
		else
			it[k++] = (struct lb_item){LB_GLUE, 2.75, 1.65, 0.66, 0, false, LB_ANY};
	}
	it[k++] = (struct lb_item){LB_PENALTY, 0, 0, 0, LB_INFINITY, false, LB_ANY};
	it[k++] = (struct lb_item){LB_GLUE, 0, LB_FIL, 0, 0, false, LB_ANY};
	it[k++] = (struct lb_item){LB_PENALTY, 0, 0, 0, -LB_INFINITY, false, LB_ANY};
	CHECK_INT(linebreak(it, k, &lp, &br, &nb), 0);
	CHECK(nb > 1000);
	free(br);

	/* zero-width boxes with a breakpoint between each */
	k = 0;
	while (k + 3 < n) {
		it[k++] = (struct lb_item){LB_BOX, 0, 0, 0, 0, false, LB_ANY};
		it[k++] = (struct lb_item){LB_PENALTY, 0, 0, 0, 0, false, LB_ANY};
	}
	it[k++] = (struct lb_item){LB_PENALTY, 0, 0, 0, LB_INFINITY, false, LB_ANY};
	it[k++] = (struct lb_item){LB_GLUE, 0, LB_FIL, 0, 0, false, LB_ANY};
	it[k++] = (struct lb_item){LB_PENALTY, 0, 0, 0, -LB_INFINITY, false, LB_ANY};
	CHECK_INT(linebreak(it, k, &lp, &br, &nb), 0);
	CHECK(nb >= 1);
	free(br);
	free(it);
}

int main(int argc, char **argv)
{
	(void)argc;
	test_fit();
	test_expansion();
	test_level();
	test_large();
	test_total_fit_beats_greedy();
	test_random_against_brute_force();
	test_forced_and_forbidden();
	test_hyphen_limit();
	test_looseness();
	test_ragged();
	test_degenerate();
	return check_summary(argv[0]);
}
