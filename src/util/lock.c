#define _GNU_SOURCE /* F_OFD_SETLK */
#include <errno.h>
#include <fcntl.h>

#include "util/lock.h"

int lock_try(int fd, bool exclusive)
{
	struct flock lk = {.l_type = exclusive ? F_WRLCK : F_RDLCK, .l_whence = SEEK_SET};
#ifdef F_OFD_SETLK
	int rc = fcntl(fd, F_OFD_SETLK, &lk);
	if (rc != 0 && errno == EINVAL)
		rc = fcntl(fd, F_SETLK, &lk); /* a kernel older than 3.15 */
#else
	int rc = fcntl(fd, F_SETLK, &lk);
#endif
	if (rc == 0)
		return 0;
	return errno == EACCES || errno == EAGAIN ? EAGAIN : errno;
}
