/* What making per-signer files durable costs, without the letters: N files
 * of SIZE bytes written into a fresh folder through util/atomic, in three
 * ways:
 *   dirsync every file fsynced before its rename, and its folder after (each
 *           name durable at once);
 *   each    every file fsynced before its rename (appeal batch before
 *           issue 10's item 4);
 *   group   written and renamed, then one syncfs() per GROUP files, then a
 *           journal line per file, fdatasynced (appeal batch now);
 *   groupfsync  written and renamed, then per GROUP files an fdatasync of
 *           each and one fsync of the folder, then the journal line;
 *   none    written and renamed, never flushed (the floor: page cache only).
 * Prints one line per way: files/s and microseconds per file, median of
 * RUNS. Usage: durable_bench DIR [N [SIZE [RUNS [GROUP]]]] */
#define _GNU_SOURCE /* syncfs */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/atomic.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static void clean(const char *dir, int n)
{
	char path[4096];
	for (int i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/f%06d.pdf", dir, i);
		unlink(path);
	}
	snprintf(path, sizeof(path), "%s/journal", dir);
	unlink(path);
	sync();
}

static double one_run(const char *dir, const char *mode, int n, const unsigned char *data, size_t size, int group)
{
	char path[4096], line[64];
	int dfd = open(dir, O_RDONLY | O_DIRECTORY);
	snprintf(path, sizeof(path), "%s/journal", dir);
	int jfd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0600);
	double t = now();
	for (int i = 0; i < n; i++) {
		struct atomic_file f;
		struct appeal_error err = {0};
		snprintf(path, sizeof(path), "%s/f%06d.pdf", dir, i);
		if (atomic_begin(&f, path, &err) ||
		    atomic_commit(&f, data, size, strcmp(mode, "each") == 0 || strcmp(mode, "dirsync") == 0, &err)) {
			fprintf(stderr, "%s\n", err.message);
			exit(1);
		}
		if (strcmp(mode, "dirsync") == 0)
			atomic_sync_dir(path);
		if (strncmp(mode, "group", 5) == 0 && ((i + 1) % group == 0 || i + 1 == n)) {
			if (strcmp(mode, "group") == 0)
				syncfs(dfd);
			else {
				/* each file of the group, then the folder: after the first
				 * fsync has committed the file system's journal, the others
				 * find little left to do */
				for (int k = i + 1 - ((i % group) + 1); k <= i; k++) {
					snprintf(path, sizeof(path), "%s/f%06d.pdf", dir, k);
					int fd = open(path, O_RDONLY);
					fdatasync(fd);
					close(fd);
				}
				fsync(dfd);
			}
			for (int k = i + 1 - ((i % group) + 1); k <= i; k++) {
				int len = snprintf(line, sizeof(line), "f%06d.pdf\t%zu\n", k, size);
				if (write(jfd, line, (size_t)len) != len)
					exit(1);
			}
			fdatasync(jfd);
		}
	}
	double dt = now() - t;
	close(jfd);
	close(dfd);
	return dt;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: durable_bench DIR [N [SIZE [RUNS [GROUP]]]]\n");
		return 2;
	}
	const char *dir = argv[1];
	int n = argc > 2 ? atoi(argv[2]) : 1000, runs = argc > 4 ? atoi(argv[4]) : 5, group = argc > 5 ? atoi(argv[5]) : 256;
	size_t size = argc > 3 ? (size_t)atol(argv[3]) : 12000;
	unsigned char *data = malloc(size);
	for (size_t i = 0; i < size; i++)
		data[i] = (unsigned char)(i * 2654435761u >> 13);
	static const char *const modes[] = {"none", "group", "groupfsync", "each", "dirsync"};
	for (int m = 0; m < 5; m++) {
		double t[64];
		for (int r = 0; r < runs && r < 64; r++) {
			clean(dir, n);
			t[r] = one_run(dir, modes[m], n, data, size, group);
		}
		qsort(t, (size_t)runs, sizeof(double), cmp);
		double med = t[runs / 2];
		printf("%-10s %d files of %zu B, group %d: median %.3f s (min %.3f, max %.3f), %.0f files/s, %.0f us/file\n",
		       modes[m], n, size, group, med, t[0], t[runs - 1], n / med, med * 1e6 / n);
	}
	clean(dir, n);
	free(data);
	return 0;
}
