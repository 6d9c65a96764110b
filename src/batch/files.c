/* The file system around a batch's outputs: the directory of a per-signer
 * run, the temporaries a killed run left, and the files an earlier run
 * finished (--resume). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/error.h"
#include "util/i18n.h"
#include "util/lock.h"
#include "util/strmap.h"
#include "batch/batch.h"

/* A file that an earlier run finished, by how each format begins and ends:
 * a PDF with "%PDF-" and the "%%EOF" trailer; a message with its header
 * and the closing MIME boundary ("--" and CRLF), a mailbox with "From "
 * and that boundary followed by the empty line ending its last message;
 * text with a line end. Files are renamed into place whole, so this only
 * guards against something else having written there. */
bool batch_file_complete(const char *path, enum appeal_format format)
{
	char head[5], tail[1024];
	struct stat st;
	bool ok = false;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return false;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < 8) {
		close(fd);
		return false;
	}
	size_t n = st.st_size < (off_t)sizeof(tail) ? (size_t)st.st_size : sizeof(tail);
	if (pread(fd, head, sizeof(head), 0) == (ssize_t)sizeof(head) &&
	    pread(fd, tail, n, st.st_size - (off_t)n) == (ssize_t)n) {
		switch (format) {
		case APPEAL_FORMAT_PDF:
			if (st.st_size > 64 && memcmp(head, "%PDF-", 5) == 0)
				for (size_t i = 0; i + 5 <= n && !ok; i++)
					ok = memcmp(tail + i, "%%EOF", 5) == 0;
			break;
		case APPEAL_FORMAT_EML:
			ok = memcmp(head, "From:", 5) == 0 && memcmp(tail + n - 4, "--\r\n", 4) == 0;
			break;
		case APPEAL_FORMAT_MBOX:
			ok = memcmp(head, "From ", 5) == 0 && memcmp(tail + n - 4, "--\n\n", 4) == 0;
			break;
		case APPEAL_FORMAT_TEXT: ok = tail[n - 1] == '\n'; break;
		}
	}
	close(fd);
	return ok;
}

/* Removes NAME.appeal.tmp files that a killed run left beside this run's
 * outputs: only names this run writes (another shard may be writing its
 * own files in the same directory now), and only when no run holds them. */
void batch_remove_stale_temporaries(struct appeal_batch *b)
{
	struct strmap mine = STRMAP_INIT_NOCASE;
	char *dir = NULL;
	const char *slash;
	const size_t slen = strlen(ATOMIC_TMP_SUFFIX);

	if (!b->nunits)
		return;
	slash = strrchr(b->units[0].path, '/');
	dir = slash ? strndup(b->units[0].path, (size_t)(slash - b->units[0].path) + 1) : strdup(".");
	for (size_t u = 0; dir && u < b->nunits; u++) {
		const char *base = strrchr(b->units[u].path, '/');
		if (strmap_put(&mine, base ? base + 1 : b->units[u].path, u) < 0) {
			strmap_free(&mine);
			free(dir);
			return;
		}
	}
	DIR *d = dir ? opendir(dir) : NULL;
	struct dirent *ent;
	while (d && (ent = readdir(d))) {
		size_t len = strlen(ent->d_name);
		if (len <= slen || strcmp(ent->d_name + len - slen, ATOMIC_TMP_SUFFIX) != 0)
			continue;
		char base[NAME_MAX + 1];
		snprintf(base, sizeof(base), "%.*s", (int)(len - slen), ent->d_name);
		/* The names compared without case are only candidates. */
		for (size_t u = 0; strmap_get(&mine, base, NULL) && u < b->nunits; u++) {
			const char *p = strrchr(b->units[u].path, '/');
			if (strcmp(p ? p + 1 : b->units[u].path, base) != 0)
				continue;
			int fd = openat(dirfd(d), ent->d_name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
			if (fd >= 0 && lock_try(fd, false) == 0)
				unlinkat(dirfd(d), ent->d_name, 0);
			if (fd >= 0)
				close(fd);
			break;
		}
	}
	if (d)
		closedir(d);
	strmap_free(&mine);
	free(dir);
}

int batch_make_output_dir(const struct appeal_batch *b, struct appeal_error *err)
{
	struct stat st;

	if (mkdir(b->output, 0777) == 0 || (errno == EEXIST && stat(b->output, &st) == 0 && S_ISDIR(st.st_mode)))
		return 0;
	int e = errno;
	err_set(err, APPEAL_EIO, _("cannot make the directory %s: %s"), b->output,
	        e == EEXIST ? _("a file of that name exists") : strerror(e));
	if (e == EEXIST)
		err_hint(err, _("give another folder with -o, or a name ending in .pdf for one combined file"));
	else
		atomic_hint(err, e);
	return APPEAL_EIO;
}

