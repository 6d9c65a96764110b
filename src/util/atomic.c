/* Output files appear whole or not at all. */
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/error.h"
#include "util/i18n.h"

static int write_all(int fd, const unsigned char *data, size_t size)
{
	while (size > 0) {
		ssize_t n = write(fd, data, size);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		data += n;
		size -= (size_t)n;
	}
	return 0;
}

/* A temporary file beside `path` (same file system, so rename is atomic),
 * fsynced before the rename so a crash cannot leave an empty file there. */
APPEAL_EXPORT int appeal_write_file(const char *path, const void *bytes, size_t size, struct appeal_error *err)
{
	const unsigned char *data = bytes;

	if (strcmp(path, "-") == 0) {
		if (write_all(STDOUT_FILENO, data, size))
			return err_set(err, APPEAL_EIO, _("cannot write to standard output: %s"), strerror(errno));
		return 0;
	}
	size_t n = strlen(path) + 16;
	char *tmp = malloc(n);
	int fd;

	if (!tmp)
		return err_nomem(err);
	snprintf(tmp, n, "%s.tmpXXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0) {
		int e = errno;
		err_set(err, APPEAL_EIO, _("cannot write %s: %s"), path, strerror(e));
		err_hint(err, e == ENOENT ? _("create the directory first, or choose another -o")
		                          : _("choose a directory you can write to with -o"));
		free(tmp);
		return APPEAL_EIO;
	}
	fchmod(fd, 0644); /* mkstemp makes 0600; give the file the mode of a normal output */
	bool written = !write_all(fd, data, size) && !fsync(fd);
	int e = errno;
	/* Close once, whatever happened: another thread may reuse the number. */
	if (close(fd) && written) {
		written = false;
		e = errno;
	}
	if (!written) {
		err_set(err, APPEAL_EIO, _("cannot write %s: %s"), path, strerror(e));
		err_hint(err, _("check the free space and permissions of the output directory"));
		free(tmp);
		return APPEAL_EIO;
	}
	if (rename(tmp, path)) {
		e = errno;
		unlink(tmp);
		err_set(err, APPEAL_EIO, _("cannot write %s: %s"), path, strerror(e));
		err_hint(err, _("is the output path a directory? give a file name with -o"));
		free(tmp);
		return APPEAL_EIO;
	}
	free(tmp);
	return 0;
}

