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
}

static void box(struct para *p, double w) { add(p, LB_BOX, w, 0, 0, 0, false); }
static void space(struct para *p) { add(p, LB_GLUE, 1, 1, 0.5, 0, false); }
static void hyph(struct para *p) { add(p, LB_PENALTY, 1, 0, 0, 50, true); }
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

static bool legal(const struct para *p, size_t i)
{
	if (i == p->n - 1)
		return true;
	if (p->it[i].type == LB_GLUE)
		return i > 0 && p->it[i - 1].type == LB_BOX;
	return p->it[i].type == LB_PENALTY && p->it[i].penalty < LB_INFINITY;
}

static bool forced(const struct para *p, size_t i)
{
	return i == p->n - 1 || (p->it[i].type == LB_PENALTY && p->it[i].penalty <= -LB_INFINITY);
}

static int fitclass(double r)
{
	double b = 100 * fabs(r * r * r);

	if (r > 0)
		return b > 99 ? 0 : b > 12 ? 1 : 2;
	return b > 12 ? 3 : 2;
}

/* Total demerits of breaking at brk[0..nb-1], or INFINITY if some line is
 * not feasible. *maxr gets the largest |ratio| over non-final lines. */
static double evaluate(const struct para *p, const struct lb_params *lp, const size_t *brk, size_t nb)
{
	double total = 0;
	size_t start = 0, k, j;
	int prevfit = 2, run = 0;
	bool prevflag = false;

	for (k = 0; k < nb; k++) {
		size_t b = brk[k];
		double w = 0, y = 0, z = 0, r, bad, d;
		int fil = 0, fit, pv;
		bool flag = p->it[b].type == LB_PENALTY && p->it[b].flagged;

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
		if (lp->ragged) {
			y = lp->width / 10;
			z = 0;
		}
		if (w < lp->width)
			r = fil ? 0 : y > 0 ? (lp->width - w) / y : INFINITY;
		else if (w > lp->width)
			r = z > 0 ? (lp->width - w) / z : -INFINITY;
		else
			r = 0;
		if (r < -1 || r > lp->tolerance)
			return INFINITY;
		run = flag ? run + 1 : 0;
		if (run > 2)
			return INFINITY;
		bad = 100 * fabs(r * r * r);
		fit = fitclass(r);
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

/* Best demerits over every set of breaks; *lines gets its line count, and
 * best_of[l] the best with exactly l lines. */
static double brute(const struct para *p, const struct lb_params *lp, int *lines, double *best_of, int maxl)
{
	size_t opt[MAXI], nopt = 0, brk[MAXI], i, nb;
	uint32_t mask;
	double best = INFINITY;

	for (i = 0; i < (size_t)maxl; i++)
		best_of[i] = INFINITY;
	for (i = 0; i < p->n; i++)
		if (legal(p, i) && !forced(p, i))
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
		d = evaluate(p, lp, brk, nb);
		if ((int)nb < maxl && d < best_of[nb])
			best_of[nb] = d;
		if (d < best) {
			best = d;
			*lines = (int)nb;
		}
	}
	return best;
}

static double result_demerits(const struct para *p, const struct lb_params *lp, const struct lb_break *br, size_t nb)
{
	size_t brk[MAXI], i;

	for (i = 0; i < nb; i++)
		brk[i] = br[i].item;
	return evaluate(p, lp, brk, nb);
}

static struct lb_params params(double width)
{
	struct lb_params lp = LB_PARAMS_INIT;

	lp.width = width;
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

		if (legal(p, i) && i > 0) {
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
	struct lb_break *br;
	size_t nb, g[MAXI], ng, i;
	int lines;
	double best_of[16], best;

	words(&p, w, sizeof(w) / sizeof(w[0]));
	CHECK_INT(linebreak(p.it, p.n, &lp, &br, &nb), 0);
	ng = greedy(&p, lp.width, g);
	best = brute(&p, &lp, &lines, best_of, 16);
	CHECK(near_rel(result_demerits(&p, &lp, br, nb), best));
	CHECK_INT(nb, 3);
	CHECK_INT(ng, 3);
	/* greedy takes four words (tight, then very loose), total fit three */
	CHECK_INT(br[0].item, 5);
	CHECK_INT(br[1].item, 13);
	CHECK_INT(g[0], 7);
	CHECK_INT(g[1], 13);
	CHECK(evaluate(&p, &lp, g, ng) > best);
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
 * sets, in plain, ragged and loose (-1) modes. */
static void test_random_against_brute_force(void)
{
	int trial, mismatches = 0, loose_checked = 0, loose_bad = 0, ragged_bad = 0, ratio_bad = 0;

	for (trial = 0; trial < 400; trial++) {
		struct para p = {.n = 0};
		int w[12], nw = 7 + (int)rnd(5), i, lines, nhy = 0;
		struct lb_params lp = params(14 + rnd(10));
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
		lp.tolerance = trial % 3 == 0 ? 1.0 : 3.0;
		best = brute(&p, &lp, &lines, best_of, 24);
		if (linebreak(p.it, p.n, &lp, &br, &nb) != 0)
			continue;
		if (isfinite(best)) {
			if (!near_rel(result_demerits(&p, &lp, br, nb), best))
				mismatches++;
			for (k = 0; k < nb; k++)
				if (br[k].ratio < -1 || br[k].ratio > lp.tolerance)
					ratio_bad++;
		}
		free(br);

		/* looseness -1: one line fewer if any feasible set has it */
		if (isfinite(best) && lines > 1) {
			lp.looseness = -1;
			if (linebreak(p.it, p.n, &lp, &br, &nb) == 0) {
				int want = isfinite(best_of[lines - 1]) ? lines - 1 : lines;

				loose_checked++;
				if ((int)nb != want || !near_rel(result_demerits(&p, &lp, br, nb), best_of[want]))
					loose_bad++;
				free(br);
			}
			lp.looseness = 0;
		}

		lp.ragged = true;
		best = brute(&p, &lp, &lines, best_of, 24);
		if (isfinite(best) && linebreak(p.it, p.n, &lp, &br, &nb) == 0) {
			if (!near_rel(result_demerits(&p, &lp, br, nb), best))
				ragged_bad++;
			for (k = 0; k < nb; k++)
				if (br[k].ratio != 0)
					ragged_bad++;
			free(br);
		}
	}
	CHECK_INT(mismatches, 0);
	CHECK_INT(ratio_bad, 0);
	CHECK_INT(loose_bad, 0);
	CHECK_INT(ragged_bad, 0);
	CHECK(loose_checked > 50);
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
	/* Every line fits exactly only when hyphenated: the third hyphen in
	 * a row must be refused. */
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
	CHECK(maxrun <= 2);
	CHECK(hyphenated >= 2);
	free(br);
}

static void test_looseness(void)
{
	/* Three comfortable lines, or two tight ones: -1 must take two. */
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
	brute(&p, &lp, &lines, best_of, 16);
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

int main(int argc, char **argv)
{
	(void)argc;
	test_total_fit_beats_greedy();
	test_random_against_brute_force();
	test_forced_and_forbidden();
	test_hyphen_limit();
	test_looseness();
	test_ragged();
	test_degenerate();
	return check_summary(argv[0]);
}
