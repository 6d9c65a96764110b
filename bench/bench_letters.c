/* Letters per second through the library, in one process.
 * usage: bench_letters FONT_DIR LETTER.json N combined|separate [REPEATS]
 * Prints the median wall time of REPEATS runs, letters/s, bytes/letter and
 * the peak resident memory of the process. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "appeal.h"

static const char *const names[] = {"Ana Pérez", "Łukasz Żółć", "John Smith", "María José Núñez",
                                     "Ayşe Yıldız", "Iñaki Muñoz", "Nguyễn Thị Hương", "Chloé Dubois"};
static const char *const cities[] = {"Mérida", "Łódź", "Leeds", "Sevilla", "İzmir", "Bilbao", "Hà Nội", ""};

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static void die(const struct appeal_error *err)
{
	char buf[800];
	fprintf(stderr, "bench: %s\n", appeal_error_format(err, buf, sizeof(buf)));
	exit(1);
}

/* One run: n letters; returns the bytes written. */
static size_t run(struct appeal_output *pdf, const struct appeal_letter *letter, int n, bool combined)
{
	struct appeal_error err = {0};
	size_t bytes = 0;
	unsigned char *data;
	size_t size;

	for (int i = 0; i < n; i++) {
		struct appeal_signer s = APPEAL_SIGNER_INIT;
		s.name = names[i % 8];
		s.city = cities[(i / 8) % 8];
		s.date = (struct appeal_date){2026, 11, 28};
		struct appeal_document *doc = appeal_document_fill(letter, i % 2 ? "es" : "en", &s, &err);
		if (!doc || appeal_output_add(pdf, doc, NULL, &err))
			die(&err);
		appeal_document_free(doc);
		if (!combined) {
			if (appeal_output_finish_mem(pdf, &data, &size, &err))
				die(&err);
			bytes += size;
			free(data);
		}
	}
	if (combined) {
		if (appeal_output_finish_mem(pdf, &data, &size, &err))
			die(&err);
		bytes += size;
		free(data);
	}
	return bytes;
}

int main(int argc, char **argv)
{
	struct appeal_error err = {0};

	if (argc < 5) {
		fprintf(stderr, "usage: bench_letters FONT_DIR LETTER.json N combined|separate [REPEATS]\n");
		return 2;
	}
	int n = atoi(argv[3]), repeats = argc > 5 ? atoi(argv[5]) : 5;
	bool combined = strcmp(argv[4], "combined") == 0;
	struct appeal_letter *letter = appeal_letter_load(argv[2], &err);
	if (!letter)
		die(&err);
	struct appeal_output_options po = APPEAL_OUTPUT_OPTIONS_INIT;
	po.font_dir = argv[1];
	struct appeal_output *pdf = appeal_output_new(&po, &err);
	if (!pdf)
		die(&err);
	double *t = calloc((size_t)repeats, sizeof(*t));
	size_t bytes = 0;
	run(pdf, letter, 2, combined); /* warm up: fonts parsed, caches filled */
	for (int r = 0; r < repeats; r++) {
		double t0 = now();
		bytes = run(pdf, letter, n, combined);
		t[r] = now() - t0;
	}
	qsort(t, (size_t)repeats, sizeof(*t), cmp);
	double med = t[repeats / 2];
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf("%s n=%d: median %.3f s (min %.3f, max %.3f) over %d runs, %.0f letters/s, %.0f bytes/letter, "
	       "peak RSS %.1f MiB\n",
	       argv[4], n, med, t[0], t[repeats - 1], repeats, n / med, (double)bytes / n, ru.ru_maxrss / 1024.0);
	free(t);
	appeal_output_free(pdf);
	appeal_letter_free(letter);
	return 0;
}
