/* How fast the model letter's paragraphs break, with and without
 * hyphenation, and what the result looks like. Widths come from the
 * Regular face the build cuts (its metrics file, as the layout reads it) at
 * 11 pt on a 465 pt measure.
 * Usage: linebreak_bench [font dir] [hyphenation dir]
 *        linebreak_bench font-dir hyphenation-dir --words N...
 * The second form breaks one paragraph of N words (the model letter's,
 * repeated), hyphenated and justified, and prints the CPU time of the
 * line breaking alone: bench/long-paragraph runs it to show it linear. */

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "appeal.h"
#include "typeset/fonts.h"
#include "typeset/hyphen.h"
#include "typeset/linebreak.h"
#include "util/utf8.h"

#define SIZE 11.0
#define MEASURE 465.0
#define RUNS 9
#define MAX_ITEMS 4096

static const char *const english[] = {
	"We are writing to demand the release and protection of the lives and physical integrity of all those "
	"deprived of their liberty for political reasons in Venezuela, including members of the opposition who "
	"are being punished for their political opinions.",
	"According to reports received by Amnesty International, the Venezuelan authorities are using enforced "
	"disappearance to remove detained persons from the protection of the law and to facilitate acts of "
	"torture and other ill-treatment against them, including their families. In many cases, even when "
	"families are able to learn of the whereabouts of detainees, they are subjected to full, prolonged and "
	"arbitrary incommunicado detention.",
	"In the cases of Pedro Guanipa, Perkins Rocha, Rafael Ramírez, Américo de Grazia, Biagio Pilieri, Freddy "
	"Superlano, Luis Somaza, Alfredo Díaz, Luis Palocz, Ricardo Estevez, Jesús Armas, María Oropeza, Nélide "
	"Sánchez, Roland Carreño, Williams Dávila and Edwin Moya, many of their relatives were unaware of their "
	"whereabouts for days or weeks. In some cases, to this day they are still unsure of whether their family "
	"member is actually in the prison centre that the authorities claim they are, and are often only able to "
	"locate their family member through unofficial sources.",
	"Enforced disappearance and torture and other ill-treatment are absolutely prohibited under international "
	"human rights law. The victims of these crimes have the right under international law to truth, justice, "
	"reparation and guarantees of non-repetition. In this regard, investigations conducted by independent "
	"courts abroad are of enormous importance.",
	"We demand that you immediately release the persons mentioned above and all other persons arbitrarily "
	"detained for political reasons, and that while they remain in detention you ensure their access to "
	"family visits, the appointment of a trusted defence counsel, medical care and all guarantees of a fair "
	"trial.",
};

/* The bench's own rendering of the first two paragraphs, for Spanish words. */
static const char *const spanish[] = {
	"Les escribimos para exigir la liberación y la protección de la vida y la integridad física de todas las "
	"personas privadas de libertad por motivos políticos en Venezuela, incluidos miembros de la oposición "
	"que están siendo castigados por sus opiniones políticas.",
	"Según informes recibidos por Amnistía Internacional, las autoridades venezolanas están recurriendo a la "
	"desaparición forzada para sustraer a las personas detenidas de la protección de la ley y facilitar "
	"actos de tortura y otros malos tratos contra ellas, incluidos sus familiares. En muchos casos, incluso "
	"cuando las familias consiguen averiguar el paradero de las personas detenidas, éstas son sometidas a "
	"una detención en régimen de incomunicación total, prolongada y arbitraria.",
};

struct metrics {
	double adv[0x2100]; /* points at SIZE, by code point */
	double space, stretch, shrink, hyphen;
};

static int load_metrics(struct metrics *m, const char *dir)
{
	struct fontset *fs = fontset_load(dir, NULL);

	if (!fs)
		return -1;
	for (uint32_t cp = 0; cp < 0x2100; cp++) {
		int w = font_advance(fs, FONT_REGULAR, cp);
		/* libharu's integer 1/1000 em, as the layout will use */
		m->adv[cp] = w > 0 ? (double)w * SIZE / 1000 : 0;
	}
	fontset_free(fs);
	/* The face's own quarter-em space; TeX's 1/3 em with 1/6 and 1/9 is
	 * for Computer Modern and sets this narrower Times-like face loose. */
	m->space = m->adv[' '];
	m->stretch = 0.15 * SIZE;
	m->shrink = 0.06 * SIZE;
	m->hyphen = m->adv['-'];
	return 0;
}

static double text_width(const struct metrics *m, const char *s, size_t len)
{
	double w = 0;
	size_t i = 0;

	while (i < len) {
		uint32_t cp;
		int l = utf8_decode(s + i, len - i, &cp);

		if (l < 0)
			l = 1, cp = '?';
		w += cp < 0x2100 ? m->adv[cp] : m->adv['?'];
		i += (size_t)l;
	}
	return w;
}

static size_t cap_items = MAX_ITEMS; /* room in the array build() fills */

static size_t push(struct lb_item *it, size_t n, enum lb_type t, double w, double y, double z, int p, bool f)
{
	if (n < cap_items) {
		it[n].type = t;
		it[n].width = w;
		it[n].stretch = y;
		it[n].shrink = z;
		it[n].penalty = p;
		it[n].flagged = f;
	}
	return n + 1;
}

/* The items a layout would build: a box per fragment, a flagged penalty at
 * each hyphenation point and after each explicit hyphen, glue between words. */
static size_t build(const struct metrics *m, struct hyphenator *h, const char *text, struct lb_item *it)
{
	size_t n = 0;
	const char *p = text;

	while (*p) {
		const char *e = strchr(p, ' ');
		size_t len = e ? (size_t)(e - p) : strlen(p), start = 0, k;
		unsigned char pts[256];

		memset(pts, 0, sizeof(pts));
		if (h && len < sizeof(pts))
			hyphenate(h, p, len, pts);
		for (k = 0; k < len; k++) {
			bool explicit = p[k] == '-' && k > 0 && k + 1 < len;

			if (pts[k] || explicit) {
				n = push(it, n, LB_BOX, text_width(m, p + start, k + 1 - start), 0, 0, 0, false);
				n = push(it, n, LB_PENALTY, explicit ? 0 : m->hyphen, 0, 0, 50, true);
				start = k + 1;
			}
		}
		n = push(it, n, LB_BOX, text_width(m, p + start, len - start), 0, 0, 0, false);
		if (!e)
			break;
		n = push(it, n, LB_GLUE, m->space, m->stretch, m->shrink, 0, false);
		p = e + 1;
	}
	n = push(it, n, LB_PENALTY, 0, 0, 0, LB_INFINITY, false);
	n = push(it, n, LB_GLUE, 0, LB_FIL, 0, 0, false);
	n = push(it, n, LB_PENALTY, 0, 0, 0, -LB_INFINITY, false);
	return n;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Median paragraphs per second over RUNS runs; with rebuild, the item
 * building and hyphenation are timed too. */
static double bench(const struct metrics *m, struct hyphenator *h, const char *const *paras, size_t np,
                    const struct lb_params *lp, bool rebuild)
{
	static struct lb_item items[8][MAX_ITEMS];
	size_t nitems[8], r, i, iter, iters = 2000;
	double rate[RUNS];

	for (i = 0; i < np; i++)
		nitems[i] = build(m, h, paras[i], items[i]);
	for (r = 0; r < RUNS; r++) {
		double t0 = now();

		for (iter = 0; iter < iters; iter++) {
			for (i = 0; i < np; i++) {
				struct lb_break *br;
				size_t nb;

				if (rebuild)
					nitems[i] = build(m, h, paras[i], items[i]);
				if (linebreak(items[i], nitems[i], lp, &br, &nb) != 0)
					return 0;
				free(br);
			}
		}
		rate[r] = (double)(iters * np) / (now() - t0);
	}
	qsort(rate, RUNS, sizeof(rate[0]), cmp);
	return rate[RUNS / 2];
}

static void show(const struct metrics *m, struct hyphenator *h, const char *const *paras, size_t np,
                 const struct lb_params *lp, const char *what)
{
	static struct lb_item items[MAX_ITEMS];
	double ratios[512], worst = 0;
	int lines = 0, hyph = 0, nr = 0;
	size_t i, k;

	for (i = 0; i < np; i++) {
		size_t n = build(m, h, paras[i], items), nb;
		struct lb_break *br;

		if (linebreak(items, n, lp, &br, &nb) != 0)
			return;
		for (k = 0; k < nb; k++) {
			const struct lb_item *it = &items[br[k].item];

			lines++;
			hyph += it->type == LB_PENALTY && it->flagged && it->width > 0;
			if (k + 1 < nb && nr < 512) {
				ratios[nr++] = br[k].ratio;
				if (fabs(br[k].ratio) > fabs(worst))
					worst = br[k].ratio;
			}
		}
		free(br);
	}
	qsort(ratios, (size_t)nr, sizeof(ratios[0]), cmp);
	printf("  %-28s %3d lines, %2d hyphenated, ratio median %+.2f, worst %+.2f\n", what, lines, hyph,
	       nr ? ratios[nr / 2] : 0, worst);
}

/* One paragraph of `words` words: its items built once, then broken RUNS
 * times; the median CPU time of one break. */
static int long_paragraph(const struct metrics *m, struct hyphenator *h, size_t words)
{
	size_t ne = sizeof(english) / sizeof(english[0]), len = 0, have = 0, cap = 0;
	char *text = NULL;

	/* The letter's words in order, again and again, one space between. */
	for (size_t i = 0; have < words; i = (i + 1) % ne) {
		const char *p = english[i];
		while (*p && have < words) {
			size_t w = strcspn(p, " ");
			if (len + w + 2 > cap) {
				cap = cap ? cap * 2 : 1 << 16;
				char *t = realloc(text, cap);
				if (!t) {
					free(text);
					return -1;
				}
				text = t;
			}
			if (len)
				text[len++] = ' ';
			memcpy(text + len, p, w);
			len += w;
			have++;
			p += w + (p[w] == ' ');
		}
	}
	if (!text)
		return -1;
	text[len] = '\0';
	cap_items = 8 * words + 16;
	struct lb_item *items = malloc(cap_items * sizeof(*items));
	if (!items)
		return -1;
	size_t n = build(m, h, text, items);
	if (n > cap_items)
		return -1;
	struct lb_params lp = LB_PARAMS_INIT;
	lp.width = MEASURE;
	double cpu[RUNS];
	size_t lines = 0;
	for (int r = 0; r < RUNS; r++) {
		struct lb_break *br;
		clock_t c0 = clock();
		if (linebreak(items, n, &lp, &br, &lines) != 0)
			return -1;
		cpu[r] = (double)(clock() - c0) / CLOCKS_PER_SEC;
		free(br);
	}
	qsort(cpu, RUNS, sizeof(cpu[0]), cmp);
	printf("%7zu words, %8zu items, %6zu lines: line breaking CPU median %.3f s (%.2f us a word)\n", words, n,
	       lines, cpu[RUNS / 2], cpu[RUNS / 2] / (double)words * 1e6);
	free(items);
	free(text);
	return 0;
}

int main(int argc, char **argv)
{
	static struct metrics m;
	const char *font = argc > 1 ? argv[1] : "build/fonts";
	const char *dir = argc > 2 ? argv[2] : "/usr/share/hyphen";
	struct lb_params lp = LB_PARAMS_INIT, rag;
	struct hyphenator *en, *es;
	size_t ne = sizeof(english) / sizeof(english[0]), ns = sizeof(spanish) / sizeof(spanish[0]);
	size_t words = 0, i;
	double t0, t;

	if (load_metrics(&m, font) < 0) {
		fprintf(stderr, "linebreak_bench: cannot load the fonts in '%s'\n", font);
		return 1;
	}
	en = hyphenator_new(dir, "en", NULL);
	es = hyphenator_new(dir, "es", NULL);
	if (!en || !es) {
		fprintf(stderr, "linebreak_bench: cannot load hyphenation patterns from '%s'\n", dir);
		return 1;
	}
	if (argc > 3 && strcmp(argv[3], "--words") == 0) {
		int rc = 0;
		for (int k = 4; k < argc && !rc; k++)
			rc = long_paragraph(&m, en, (size_t)strtoul(argv[k], NULL, 10)) ? 1 : 0;
		hyphenator_free(en);
		hyphenator_free(es);
		if (rc)
			fprintf(stderr, "linebreak_bench: out of memory\n");
		return rc;
	}
	for (i = 0; i < ne; i++)
		for (const char *p = english[i]; *p; p++)
			words += *p == ' ';
	words += ne;
	lp.width = MEASURE;
	rag = lp;
	rag.ragged = true;

	printf("Liberation Serif %.0f pt, measure %.0f pt, space %.2f pt +%.2f -%.2f, tolerance %.1f\n", SIZE,
	       MEASURE, m.space, m.stretch, m.shrink, lp.tolerance);
	printf("English model letter: %zu paragraphs, %zu words\n", ne, words);
	show(&m, NULL, english, ne, &lp, "justified, no hyphenation");
	show(&m, en, english, ne, &lp, "justified, hyphenation");
	show(&m, en, english, ne, &rag, "ragged, hyphenation");
	show(&m, es, spanish, ns, &lp, "Spanish, hyphenation");

	printf("paragraphs per second (median of %d runs):\n", RUNS);
	printf("  break only, no hyphenation    %9.0f\n", bench(&m, NULL, english, ne, &lp, false));
	printf("  break only, hyphenation       %9.0f\n", bench(&m, en, english, ne, &lp, false));
	printf("  build + break, hyphenation    %9.0f\n", bench(&m, en, english, ne, &lp, true));
	printf("  ragged, hyphenation           %9.0f\n", bench(&m, en, english, ne, &rag, false));
	printf("  Spanish, build + break        %9.0f\n", bench(&m, es, spanish, ns, &lp, true));

	/* the whole letter, items built and hyphenated, as the layout does it */
	{
		static struct lb_item items[MAX_ITEMS];
		double best = INFINITY;
		int r;

		for (r = 0; r < RUNS * 100; r++) {
			t0 = now();
			for (i = 0; i < ne; i++) {
				size_t n = build(&m, en, english[i], items), nb;
				struct lb_break *br;

				if (linebreak(items, n, &lp, &br, &nb) == 0)
					free(br);
			}
			t = now() - t0;
			if (t < best)
				best = t;
		}
		printf("whole letter (%zu words), hyphenated and broken: best %.1f us\n", words, best * 1e6);
	}
	hyphenator_free(en);
	hyphenator_free(es);
	return 0;
}
