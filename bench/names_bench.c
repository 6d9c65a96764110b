/* How long the per-signer plan takes: appeal_batch_new() names every file
 * of the table before anything is drawn, so its time is the naming's (plus
 * a walk over the rows). Public API only, so the same program measures any
 * version of the library.
 * Usage: names_bench LETTER.json TABLE.csv [RUNS]
 * Prints the median, minimum and maximum CPU time of RUNS plans (default
 * 9) in milliseconds, and the first and last file names. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "appeal.h"

static double cpu_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	struct appeal_error err = {0};
	char msg[1024];
	int runs = argc > 3 ? atoi(argv[3]) : 9;

	if (argc < 3 || runs < 1 || runs > 1000) {
		fprintf(stderr, "usage: names_bench LETTER.json TABLE.csv [RUNS]\n");
		return 2;
	}
	struct appeal_letter *letter = appeal_letter_load(argv[1], &err);
	struct appeal_signers *signers = letter ? appeal_signers_read(argv[2], NULL, &err) : NULL;
	if (!signers) {
		fprintf(stderr, "names_bench: %s\n", appeal_error_format(&err, msg, sizeof(msg)));
		appeal_letter_free(letter);
		return 1;
	}
	struct appeal_batch_options o = APPEAL_BATCH_OPTIONS_INIT;
	o.path = "names-bench-out/"; /* planning creates nothing */
	o.per_signer = true;
	double *ms = calloc((size_t)runs, sizeof(*ms));
	int rc = 0;
	for (int r = 0; r < runs && ms; r++) {
		double t0 = cpu_ms();
		struct appeal_batch *b = appeal_batch_new(letter, signers, &o, &err);
		ms[r] = cpu_ms() - t0;
		if (!b) {
			fprintf(stderr, "names_bench: %s\n", appeal_error_format(&err, msg, sizeof(msg)));
			rc = 1;
			break;
		}
		if (r == runs - 1) {
			size_t n = appeal_batch_count(b);
			printf("rows %zu, first %s, last %s\n", n, n ? appeal_batch_record(b, 0)->file : "-",
			       n ? appeal_batch_record(b, n - 1)->file : "-");
		}
		appeal_batch_free(b);
	}
	if (!rc && ms) {
		qsort(ms, (size_t)runs, sizeof(*ms), by_value);
		printf("plan CPU median %.1f ms (min %.1f, max %.1f) over %d runs\n", ms[runs / 2], ms[0], ms[runs - 1],
		       runs);
	}
	free(ms);
	appeal_signers_free(signers);
	appeal_letter_free(letter);
	return rc;
}
