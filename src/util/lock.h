/* Advisory locks on open files: one run at a time per output. Locks
 * belong to the open file (Linux OFD locks where there are any), so two
 * threads or two opens in one process exclude each other as two processes
 * do, and closing some other descriptor of the file does not drop them. */
#ifndef APPEAL_UTIL_LOCK_H
#define APPEAL_UTIL_LOCK_H

#include <stdbool.h>

/* Tries to lock the whole file, shared (a reader) or exclusive (a writer;
 * fd must be open for writing), without waiting. Returns 0 when locked,
 * EAGAIN when someone else holds a lock that conflicts, or another errno
 * value when locks cannot be taken (e.g. ENOLCK). The lock goes when fd's
 * open file is closed. */
int lock_try(int fd, bool exclusive);

#endif
