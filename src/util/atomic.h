/* Output files appear whole or not at all, and one run at a time writes
 * each: a temporary file beside the output (same folder, so the rename is
 * atomic), created with mode 0666 & ~umask like any Unix tool's output,
 * locked from the moment a run claims the output until it is renamed into
 * place (docs/privacy.md). */
#ifndef APPEAL_UTIL_ATOMIC_H
#define APPEAL_UTIL_ATOMIC_H

#include <stdbool.h>
#include <stddef.h>

#include "appeal.h"

/* The temporary file of PATH is PATH + this suffix. */
#define ATOMIC_TMP_SUFFIX ".appeal.tmp"

struct atomic_file {
	int fd;     /* the locked temporary file; -1 when none */
	char *path; /* the final name */
	char *tmp;  /* the temporary file's name */
};

/* Claims `path`: checks that it is not a folder and that its folder
 * exists and is writable, then creates and locks the temporary file (a
 * stale one, which no run holds, is replaced). Fails at once, without
 * waiting, when another run holds it. Every failure names the path and
 * the cause (ENOENT, EACCES, EROFS, ENOSPC, EISDIR... each with its own
 * hint). On success the caller ends with atomic_commit() or
 * atomic_abort(). */
int atomic_begin(struct atomic_file *f, const char *path, struct appeal_error *err);

/* Writes the bytes into the temporary file and renames it to the final
 * name. With `sync` the file is flushed to disk before the rename, so the
 * name never points to a file without its data, even after a power cut
 * (the rename itself may then be lost: atomic_sync_dir() makes it
 * durable); without, the caller makes it durable later (syncfs) and must
 * not rely on it before. Always ends f:
 * on failure the temporary file is removed and nothing is at `path` that
 * was not there before. */
int atomic_commit(struct atomic_file *f, const void *data, size_t size, bool sync, struct appeal_error *err);

/* Removes the temporary file and ends f. Does nothing on an ended f. */
void atomic_abort(struct atomic_file *f);

/* Fills err for a failed system call on `path` (what: "write", "create"
 * ...) with a hint that matches errno value e. Returns APPEAL_EIO. */
int atomic_error(struct appeal_error *err, const char *path, int e);

/* The hint alone: what to do about errno value e on an output. */
void atomic_hint(struct appeal_error *err, int e);

/* The final name of a file claimed with appeal_file_open(). Borrowed:
 * valid until it is committed or aborted. */
const char *atomic_file_name(const struct appeal_file *f);

/* Writes all of data to fd, again after EINTR and short writes. 0, or -1
 * with errno set (EIO when write() wrote nothing and said nothing). */
int atomic_write_all(int fd, const void *data, size_t size);

/* Flushes the folder holding `path` (a new or renamed name is durable
 * only then). Returns 0 or an errno value. */
int atomic_sync_dir(const char *path);

#endif
