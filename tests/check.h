/* A tiny test harness: each failed check prints file:line with what was
 * expected and what came, and the program's exit status counts failures.
 * Every test program ends with `return check_summary(argv[0]);`, which also
 * prints "CHECK <name>: N passed, M failed" for .ci/run to add up. */
#ifndef APPEAL_CHECK_H
#define APPEAL_CHECK_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int check_passed, check_failed;

#define CHECK(cond) check_true_((cond) != 0, #cond, __FILE__, __LINE__)
#define CHECK_INT(got, want) check_int_((long long)(got), (long long)(want), #got, __FILE__, __LINE__)
#define CHECK_STR(got, want) check_str_((got), (want), #got, __FILE__, __LINE__)
#define CHECK_NEAR(got, want, eps) check_near_((got), (want), (eps), #got, __FILE__, __LINE__)

static inline int check_true_(int ok, const char *what, const char *file, int line)
{
	if (ok) {
		check_passed++;
	} else {
		check_failed++;
		fprintf(stderr, "%s:%d: check failed: %s\n", file, line, what);
	}
	return ok;
}

static inline int check_int_(long long got, long long want, const char *what, const char *file, int line)
{
	if (got == want)
		return check_true_(1, what, file, line);
	check_failed++;
	fprintf(stderr, "%s:%d: %s\n  expected %lld\n  got      %lld\n", file, line, what, want, got);
	return 0;
}

static inline int check_str_(const char *got, const char *want, const char *what, const char *file, int line)
{
	if (got && want && strcmp(got, want) == 0)
		return check_true_(1, what, file, line);
	check_failed++;
	fprintf(stderr, "%s:%d: %s\n  expected \"%s\"\n  got      \"%s\"\n", file, line, what,
	        want ? want : "(null)", got ? got : "(null)");
	return 0;
}

static inline int check_near_(double got, double want, double eps, const char *what, const char *file, int line)
{
	if (fabs(got - want) <= eps)
		return check_true_(1, what, file, line);
	check_failed++;
	fprintf(stderr, "%s:%d: %s\n  expected %g (±%g)\n  got      %g\n", file, line, what, want, eps, got);
	return 0;
}

/* A whole file as a NUL-terminated buffer (*len bytes), or NULL. The caller
 * frees it with free(). */
static inline char *check_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long size;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
	    (buf = malloc((size_t)size + 1)) != NULL) {
		*len = fread(buf, 1, (size_t)size, f);
		buf[*len] = '\0';
	}
	fclose(f);
	return buf;
}

static inline int check_summary(const char *name)
{
	const char *base = strrchr(name, '/');
	printf("CHECK %s: %d passed, %d failed\n", base ? base + 1 : name, check_passed, check_failed);
	return check_failed ? 1 : 0;
}

#endif
