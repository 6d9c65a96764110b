/* Output files appear whole or not at all, one run at a time (atomic.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/atomic.h"
#include "util/error.h"
#include "util/i18n.h"
#include "util/lock.h"

int atomic_write_all(int fd, const void *data, size_t size)
{
	const unsigned char *p = data;
	while (size > 0) {
		ssize_t n = write(fd, p, size);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = EIO; /* nothing written, and no reason given */
			return -1;
		}
		p += n;
		size -= (size_t)n;
	}
	return 0;
}

int atomic_error(struct appeal_error *err, const char *path, int e)
{
	err_set(err, APPEAL_EIO, _("cannot write %s: %s"), path, strerror(e));
	atomic_hint(err, e);
	return APPEAL_EIO;
}

void atomic_hint(struct appeal_error *err, int e)
{
	switch (e) {
	case ENOENT: err_hint(err, _("its folder does not exist: create it first, or choose another output")); break;
	case EACCES:
	case EPERM: err_hint(err, _("you may not write in its folder: choose a folder of yours, or ask for write access")); break;
	case EROFS: err_hint(err, _("that disk is mounted read-only: choose a folder on another disk")); break;
	case ENOSPC:
#ifdef EDQUOT
	case EDQUOT:
#endif
		err_hint(err, _("the disk (or your quota) is full: free some space or choose another disk; nothing "
		                "half-written was left"));
		break;
	case EFBIG: err_hint(err, _("the file is larger than this system lets you write (ulimit -f); raise the limit")); break;
	case EXDEV: err_hint(err, _("the output is a mount point, not a file in its folder: choose another output")); break;
	case EISDIR: err_hint(err, _("that is a folder: give a file name inside it, or another output")); break;
	case ENOTDIR: err_hint(err, _("a part of the path is a file, not a folder: check the path")); break;
	case ENAMETOOLONG: err_hint(err, _("the name is too long for the file system: choose a shorter one")); break;
	case EIO: err_hint(err, _("the disk reported an error: check it, or choose another disk")); break;
	default: err_hint(err, _("check the folder's permissions and free space, or choose another output")); break;
	}
}

int atomic_sync_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? strndup(path, (size_t)(slash - path) + 1) : strdup(".");
	int fd = dir ? open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
	int rc = 0;

	if (fd < 0 || fsync(fd))
		rc = errno ? errno : ENOMEM;
	/* Some file systems cannot sync a folder; the data is synced all the same. */
	if (rc == EINVAL || rc == EBADF)
		rc = 0;
	if (fd >= 0)
		close(fd);
	free(dir);
	return rc;
}

static bool same_inode(int fd, const char *path)
{
	struct stat a, b;
	return fstat(fd, &a) == 0 && lstat(path, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

static int busy(struct appeal_error *err, const char *path)
{
	err_set(err, APPEAL_EIO, _("another appeal run is writing %s"), path);
	err_hint(err, _("wait until it ends, or choose another output: two runs writing one file would lose the "
	                "work of one"));
	return APPEAL_EIO;
}

/* The dance: create the temporary file exclusively and lock it; when one
 * exists, a shared lock on it tells whether its run is alive. A stale one is
 * removed while locked, and a run that locked a name since unlinked sees it
 * (the inode at the name changed) and starts again. */
int atomic_begin(struct atomic_file *f, const char *path, struct appeal_error *err)
{
	struct stat st;
	size_t n = strlen(path) + sizeof(ATOMIC_TMP_SUFFIX);

	f->fd = -1;
	f->path = strdup(path);
	f->tmp = malloc(n);
	if (!f->path || !f->tmp) {
		atomic_abort(f);
		return err_nomem(err);
	}
	snprintf(f->tmp, n, "%s%s", path, ATOMIC_TMP_SUFFIX);
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		atomic_abort(f);
		return atomic_error(err, path, EISDIR);
	}
	for (int tries = 0; tries < 200; tries++) {
		int fd = open(f->tmp, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
		if (fd >= 0) {
			int lk = lock_try(fd, true);
			if (lk == 0 && same_inode(fd, f->tmp)) {
				f->fd = fd;
				return 0;
			}
			close(fd);
			if (lk != 0 && lk != EAGAIN) {
				unlink(f->tmp);
				atomic_abort(f);
				err_set(err, APPEAL_EIO, _("cannot lock %s: %s"), f->tmp, strerror(lk));
				err_hint(err, _("the file system does not support locks: choose a local disk"));
				return APPEAL_EIO;
			}
			/* Another run is looking at it (or took the name): again. */
			nanosleep(&(struct timespec){0, 1000000}, NULL);
			continue;
		}
		int e = errno;
		if (e != EEXIST) {
			atomic_abort(f);
			return atomic_error(err, path, e);
		}
		fd = open(f->tmp, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
		if (fd < 0) {
			if (errno == ENOENT)
				continue;
			if (errno == ELOOP && unlink(f->tmp) == 0)
				continue; /* a symbolic link holds no lock */
			e = errno;
			atomic_abort(f);
			return atomic_error(err, path, e);
		}
		int lk = lock_try(fd, false);
		if (lk == EAGAIN) {
			close(fd);
			/* One run locks it for good; or one run is between creating and
			 * locking, or looking at it like this one: ask again a few times. */
			if (tries < 20) {
				nanosleep(&(struct timespec){0, 2000000}, NULL);
				continue;
			}
			atomic_abort(f);
			return busy(err, path);
		}
		if (same_inode(fd, f->tmp) && unlink(f->tmp) != 0 && errno != ENOENT) {
			e = errno;
			close(fd);
			atomic_abort(f);
			return atomic_error(err, path, e);
		}
		close(fd);
	}
	atomic_abort(f);
	return busy(err, path);
}

int atomic_commit(struct atomic_file *f, const void *data, size_t size, bool sync, struct appeal_error *err)
{
	int e = 0;

	if (f->fd < 0) {
		atomic_abort(f);
		return err_set(err, APPEAL_EINVAL, _("no file is being written"));
	}
	if (atomic_write_all(f->fd, data, size) || (sync && fsync(f->fd)))
		e = errno;
	else if (!same_inode(f->fd, f->tmp)) {
		/* Someone removed or replaced the file under the lock: renaming the
		 * name would put their file in place of ours. */
		char shown[600];
		snprintf(shown, sizeof(shown), "%s", f->tmp);
		atomic_abort(f);
		err_set(err, APPEAL_EIO, _("%s was removed or replaced while appeal was writing it"), shown);
		err_hint(err, _("nothing was written under the final name; make sure nothing else writes in that folder, "
		                "and run again"));
		return APPEAL_EIO;
	} else if (rename(f->tmp, f->path))
		e = errno;
	else {
		/* Renamed under the lock: a run waiting for the name finds a new one.
		 * The folder is not flushed: after a power cut the name may be the
		 * old one or missing, never a file without its data (which is what
		 * --resume relies on); flushing it cost a further 5 ms a file here (docs/performance.md). */
		close(f->fd);
		f->fd = -1;
		atomic_abort(f);
		return 0;
	}
	atomic_abort(f);
	return atomic_error(err, f->path, e);
}

void atomic_abort(struct atomic_file *f)
{
	if (f->fd >= 0) {
		/* Ours while the lock is held: checked, as the name may be another's. */
		if (same_inode(f->fd, f->tmp))
			unlink(f->tmp);
		close(f->fd);
	}
	f->fd = -1;
	free(f->path);
	free(f->tmp);
	f->path = f->tmp = NULL;
}

/* ------------------------------------------------------------ public */

struct appeal_file {
	struct atomic_file f;
};

const char *atomic_file_name(const struct appeal_file *f)
{
	return f->f.path;
}

APPEAL_EXPORT struct appeal_file *appeal_file_open(const char *path, struct appeal_error *err)
{
	struct appeal_file *f = calloc(1, sizeof(*f));

	if (!f) {
		err_nomem(err);
		return NULL;
	}
	if (atomic_begin(&f->f, path, err)) {
		free(f);
		return NULL;
	}
	return f;
}

APPEAL_EXPORT int appeal_file_commit(struct appeal_file *f, const void *data, size_t size, struct appeal_error *err)
{
	if (!f)
		return err_set(err, APPEAL_EINVAL, _("no file is being written"));
	int rc = atomic_commit(&f->f, data, size, true, err);
	free(f);
	return rc;
}

APPEAL_EXPORT void appeal_file_abort(struct appeal_file *f)
{
	if (!f)
		return;
	atomic_abort(&f->f);
	free(f);
}

APPEAL_EXPORT int appeal_write_file(const char *path, const void *bytes, size_t size, struct appeal_error *err)
{
	struct atomic_file f;

	if (strcmp(path, "-") == 0) {
		if (atomic_write_all(STDOUT_FILENO, bytes, size))
			return err_set(err, APPEAL_EIO, _("cannot write to standard output: %s"), strerror(errno));
		return 0;
	}
	int rc = atomic_begin(&f, path, err);
	if (rc)
		return rc;
	return atomic_commit(&f, bytes, size, true, err);
}
