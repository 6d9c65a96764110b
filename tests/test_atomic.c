/* util/atomic and util/lock: output files take the umask's mode (the
 * temporary file too), one run at a time holds an output, stale temporary
 * files are replaced and never followed, and every failure's hint matches
 * its cause. Usage: test_atomic (works in a fresh temporary folder). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/atomic.h"
#include "util/lock.h"
#include "check.h"

static char dir[] = "/tmp/test_atomic.XXXXXX";

static char *at(const char *name)
{
	static char buf[4][512];
	static int k;
	k = (k + 1) % 4;
	snprintf(buf[k], sizeof(buf[k]), "%s/%s", dir, name);
	return buf[k];
}

static int mode_of(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? (int)(st.st_mode & 07777) : -1;
}

static bool exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

static void test_umask(void)
{
	static const int masks[] = {077, 022, 027, 0};
	for (int i = 0; i < 4; i++) {
		struct appeal_error err = {0};
		struct atomic_file f;
		mode_t old = umask((mode_t)masks[i]);
		CHECK_INT(atomic_begin(&f, at("m.pdf"), &err), 0);
		CHECK_INT(mode_of(at("m.pdf.appeal.tmp")), 0666 & ~masks[i]); /* the temporary file too */
		CHECK_INT(atomic_commit(&f, "x", 1, true, &err), 0);
		CHECK_INT(mode_of(at("m.pdf")), 0666 & ~masks[i]);
		CHECK(!exists(at("m.pdf.appeal.tmp")));
		/* The public call does the same. */
		CHECK_INT(appeal_write_file(at("w.pdf"), "y", 1, &err), 0);
		CHECK_INT(mode_of(at("w.pdf")), 0666 & ~masks[i]);
		umask(old);
		unlink(at("m.pdf"));
		unlink(at("w.pdf"));
	}
}

static void test_lock(void)
{
	struct appeal_error err = {0}, err2 = {0};
	struct atomic_file a, b;

	CHECK_INT(atomic_begin(&a, at("o.pdf"), &err), 0);
	/* A second claim fails at once (locks belong to the open file, so a
	 * second claim in one process is refused as another process's is). */
	CHECK_INT(atomic_begin(&b, at("o.pdf"), &err2), APPEAL_EIO);
	CHECK(strstr(err2.message, "another appeal run is writing") != NULL);
	CHECK(strstr(err2.message, at("o.pdf")) != NULL);
	CHECK(err2.hint[0] != '\0');
	CHECK(exists(at("o.pdf.appeal.tmp"))); /* the holder's file is untouched */
	CHECK_INT(appeal_write_file(at("o.pdf"), "z", 1, &err2), APPEAL_EIO);
	CHECK_INT(atomic_commit(&a, "whole", 5, true, &err), 0);
	struct stat st;
	CHECK(stat(at("o.pdf"), &st) == 0 && st.st_size == 5);
	/* Once renamed, the name is free again. */
	CHECK_INT(atomic_begin(&b, at("o.pdf"), &err), 0);
	atomic_abort(&b);
	CHECK(!exists(at("o.pdf.appeal.tmp")));
	CHECK(stat(at("o.pdf"), &st) == 0 && st.st_size == 5); /* abort leaves the old file */

	/* lock_try itself: exclusive against shared, in both directions. */
	int fd1 = open(at("l"), O_RDWR | O_CREAT, 0600), fd2 = open(at("l"), O_RDONLY);
	CHECK_INT(lock_try(fd1, true), 0);
	CHECK_INT(lock_try(fd2, false), EAGAIN);
	close(fd1);
	CHECK_INT(lock_try(fd2, false), 0);
	close(fd2);
	unlink(at("l"));
	unlink(at("o.pdf"));
}

static void test_stale(void)
{
	struct appeal_error err = {0};
	struct atomic_file f;

	/* A killed run's temporary file, made with a wider mode: replaced. */
	mode_t old = umask(077);
	int fd = open(at("s.pdf.appeal.tmp"), O_WRONLY | O_CREAT, 0644);
	fchmod(fd, 0644);
	CHECK(write(fd, "old", 3) == 3);
	close(fd);
	CHECK_INT(atomic_begin(&f, at("s.pdf"), &err), 0);
	CHECK_INT(mode_of(at("s.pdf.appeal.tmp")), 0600);
	CHECK_INT(atomic_commit(&f, "new", 3, false, &err), 0);
	CHECK_INT(mode_of(at("s.pdf")), 0600);

	/* A symbolic link at the temporary name is removed, never followed. */
	FILE *victim = fopen(at("victim"), "w");
	fputs("keep", victim);
	fclose(victim);
	CHECK_INT(symlink(at("victim"), at("t.pdf.appeal.tmp")), 0);
	CHECK_INT(atomic_begin(&f, at("t.pdf"), &err), 0);
	CHECK_INT(atomic_commit(&f, "new", 3, true, &err), 0);
	char buf[8] = {0};
	victim = fopen(at("victim"), "r");
	CHECK(fread(buf, 1, sizeof(buf) - 1, victim) == 4);
	fclose(victim);
	CHECK_STR(buf, "keep");
	umask(old);
	unlink(at("s.pdf"));
	unlink(at("t.pdf"));
	unlink(at("victim"));
}

/* A temporary file replaced under the lock is never renamed into place. */
static void test_replaced(void)
{
	struct appeal_error err = {0};
	struct atomic_file f;

	CHECK_INT(atomic_begin(&f, at("r.pdf"), &err), 0);
	CHECK_INT(unlink(at("r.pdf.appeal.tmp")), 0);
	FILE *other = fopen(at("r.pdf.appeal.tmp"), "w");
	fputs("someone else's", other);
	fclose(other);
	CHECK_INT(atomic_commit(&f, "mine", 4, true, &err), APPEAL_EIO);
	CHECK(strstr(err.message, "removed or replaced while appeal was writing it") != NULL);
	CHECK(!exists(at("r.pdf")));
	CHECK(exists(at("r.pdf.appeal.tmp"))); /* not ours: left alone */
	unlink(at("r.pdf.appeal.tmp"));

	memset(&err, 0, sizeof(err));
	CHECK_INT(atomic_begin(&f, at("r.pdf"), &err), 0);
	CHECK_INT(unlink(at("r.pdf.appeal.tmp")), 0);
	CHECK_INT(atomic_commit(&f, "mine", 4, false, &err), APPEAL_EIO);
	CHECK(!exists(at("r.pdf")) && !exists(at("r.pdf.appeal.tmp")));
}

static void test_errors(void)
{
	struct appeal_error err = {0};
	struct atomic_file f;

	/* Checked when claimed, before any work. */
	CHECK_INT(atomic_begin(&f, at("no/such/folder/x.pdf"), &err), APPEAL_EIO);
	CHECK(strstr(err.message, "No such file or directory") != NULL);
	CHECK(strstr(err.hint, "folder does not exist") != NULL);
	memset(&err, 0, sizeof(err));
	CHECK_INT(atomic_begin(&f, dir, &err), APPEAL_EIO);
	CHECK(strstr(err.hint, "that is a folder") != NULL);
	memset(&err, 0, sizeof(err));
	FILE *plain = fopen(at("plain"), "w");
	fclose(plain);
	CHECK_INT(atomic_begin(&f, at("plain/x.pdf"), &err), APPEAL_EIO);
	CHECK(strstr(err.hint, "is a file, not a folder") != NULL);
	unlink(at("plain"));

	/* Each cause its own hint, never a guess. */
	static const int causes[] = {ENOENT, EACCES, EROFS, ENOSPC, EXDEV, EISDIR, EFBIG, ENOTDIR, ENAMETOOLONG, EIO};
	char seen[10][256];
	for (int i = 0; i < 10; i++) {
		memset(&err, 0, sizeof(err));
		CHECK_INT(atomic_error(&err, "out.pdf", causes[i]), APPEAL_EIO);
		CHECK(strstr(err.message, "out.pdf") != NULL);
		CHECK(strstr(err.message, strerror(causes[i])) != NULL);
		snprintf(seen[i], sizeof(seen[i]), "%s", err.hint);
		for (int j = 0; j < i; j++)
			CHECK(strcmp(seen[i], seen[j]) != 0);
	}
	memset(&err, 0, sizeof(err));
	atomic_error(&err, "out.pdf", ENOSPC);
	CHECK(strstr(err.hint, "full") != NULL);
	memset(&err, 0, sizeof(err));
	atomic_error(&err, "out.pdf", EROFS);
	CHECK(strstr(err.hint, "read-only") != NULL);
	memset(&err, 0, sizeof(err));
	atomic_error(&err, "out.pdf", EACCES);
	CHECK(strstr(err.hint, "may not write") != NULL);
}

int main(int argc, char **argv)
{
	(void)argc;
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	test_umask();
	test_lock();
	test_stale();
	test_replaced();
	test_errors();
	rmdir(dir);
	return check_summary(argv[0]);
}
