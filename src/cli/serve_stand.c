/* Stand mode: every signer who agrees is appended to a CSV file that
 * `appeal batch` reads at the end of the day. The file is only ever
 * appended to: one write() per row, then fsync, so a crash or a power cut
 * loses at most the signer being written, never an earlier one. */
#define _GNU_SOURCE /* asprintf */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csv.h>

#include "serve.h"

/* The columns, in the names appeal batch recognises. */
static const char header[] = "name,city,lang,note,email,date\r\n";
#define NCOLUMNS 6

struct stand {
	char *path;
	int fd;
	pthread_mutex_t lock;
	size_t rows; /* appended by this run */
};

/* A first line this command did not write means someone else's table: we
 * would append rows in the wrong columns. */
static int check_existing(int fd, const char *path, off_t size)
{
	char first[sizeof(header)] = {0};
	char last = '\n';
	size_t want = sizeof(header) - 1;

	if (pread(fd, first, want, 0) != (ssize_t)want || memcmp(first, header, want) != 0) {
		for (char *p = first; *p; p++)
			if ((unsigned char)*p < 0x20)
				*p = ' ';
		cli_fail(_("'%s' is not a stand file written by appeal serve (it begins \"%s\")"), path, first);
		cli_hint(_("give a new file name, or the file an earlier 'appeal serve --stand' wrote"));
		return -1;
	}
	if (pread(fd, &last, 1, size - 1) != 1 || last != '\n') {
		cli_fail(_("'%s' does not end with a whole row; it may have been edited, or cut short"), path);
		cli_hint(_("open it in a text editor, check its last line, and end it with a line break"));
		return -1;
	}
	return 0;
}

struct stand *stand_open(const char *path)
{
	struct stand *s = calloc(1, sizeof(*s));
	struct stat st;

	if (!s || !(s->path = strdup(path))) {
		free(s);
		cli_fail(_("out of memory"));
		return NULL;
	}
	/* Names, towns and opinions: readable by the one who runs the stand. */
	s->fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (s->fd < 0) {
		cli_fail(_("cannot open the stand file '%s': %s"), path, strerror(errno));
		cli_hint(errno == ELOOP ? _("the stand file may not be a symbolic link")
		                        : _("check that its folder exists and that you may write in it"));
		goto fail;
	}
	if (flock(s->fd, LOCK_EX | LOCK_NB) != 0) {
		cli_fail(_("'%s' is in use by another appeal serve"), path);
		cli_hint(_("stop the other one, or give each stand its own file"));
		goto fail;
	}
	if (fstat(s->fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		cli_fail(_("the stand file '%s' is not a regular file"), path);
		goto fail;
	}
	if (st.st_size > 0) {
		/* pread needs a descriptor open for reading. */
		int rd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
		int rc = rd < 0 ? -1 : check_existing(rd, path, st.st_size);
		if (rd < 0)
			cli_fail(_("cannot read the stand file '%s': %s"), path, strerror(errno));
		if (rd >= 0)
			close(rd);
		if (rc)
			goto fail;
	} else if (write(s->fd, header, sizeof(header) - 1) != (ssize_t)(sizeof(header) - 1) || fsync(s->fd) != 0) {
		cli_fail(_("cannot write the stand file '%s': %s"), path, strerror(errno));
		goto fail;
	}
	pthread_mutex_init(&s->lock, NULL);
	return s;
fail:
	if (s->fd >= 0)
		close(s->fd);
	free(s->path);
	free(s);
	return NULL;
}

/* OWASP's advice against formula injection: a cell that a spreadsheet
 * would run as a formula gets a leading apostrophe, which the signer
 * reader drops again (docs/signers.md), so batch reads the text as given. */
static bool looks_like_formula(const char *cell)
{
	return cell[0] && strchr("=+-@\t\r", cell[0]) != NULL;
}

int stand_append(struct stand *s, const char *const *cells)
{
	char *row = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&row, &len);
	int rc = 0;

	if (!f)
		return -1;
	for (size_t i = 0; i < NCOLUMNS; i++) {
		const char *c = cells[i] ? cells[i] : "";
		char *escaped = NULL;
		if (i)
			fputc(',', f);
		if (looks_like_formula(c) && asprintf(&escaped, "'%s", c) < 0) {
			fclose(f);
			free(row);
			return -1;
		}
		csv_fwrite(f, escaped ? escaped : c, strlen(escaped ? escaped : c));
		free(escaped);
	}
	fputs("\r\n", f);
	if (fclose(f) != 0) {
		free(row);
		return -1;
	}
	pthread_mutex_lock(&s->lock);
	off_t before = lseek(s->fd, 0, SEEK_END);
	/* One write with O_APPEND: rows from two writers never interleave. */
	ssize_t n = write(s->fd, row, len);
	if (n != (ssize_t)len || fsync(s->fd) != 0) {
		int e = n < 0 ? errno : n != (ssize_t)len ? ENOSPC : errno;
		/* Half a row would put every later signer in the wrong columns. */
		if (n > 0 && n != (ssize_t)len && before >= 0 && ftruncate(s->fd, before) != 0)
			e = errno;
		rc = -1;
		errno = e;
	} else {
		s->rows++;
	}
	pthread_mutex_unlock(&s->lock);
	free(row);
	return rc;
}

size_t stand_rows(const struct stand *s)
{
	return s->rows;
}

const char *stand_path(const struct stand *s)
{
	return s->path;
}

void stand_close(struct stand *s)
{
	if (!s)
		return;
	close(s->fd);
	pthread_mutex_destroy(&s->lock);
	free(s->path);
	free(s);
}
