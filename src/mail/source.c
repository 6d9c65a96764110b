#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mail/message.h"
#include "mail/source.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/i18n.h"

static int add_item(struct source *s, size_t *cap, const char *path, long long off, long long len, long line,
                    long index, struct appeal_error *err)
{
	if (s->n >= SOURCE_MAX_MESSAGES) {
		err_set(err, APPEAL_EINVAL, _("more than %d messages in one source"), SOURCE_MAX_MESSAGES);
		err_hint(err, _("split the messages into several directories"));
		err_source(err, s->path);
		return APPEAL_EINVAL;
	}
	if (!vec_reserve((void **)&s->items, cap, s->n, sizeof(*s->items)))
		return err_nomem(err);
	struct source_item *it = &s->items[s->n];
	if (!(it->path = strdup(path)))
		return err_nomem(err);
	it->offset = off;
	it->len = len;
	it->line = line;
	it->index = index;
	s->n++;
	return 0;
}

static int by_path(const void *a, const void *b)
{
	return strcmp(((const struct source_item *)a)->path, ((const struct source_item *)b)->path);
}

static bool is_eml(const char *name)
{
	size_t n = strlen(name);
	return n > 4 && name[0] != '.' && strcasecmp(name + n - 4, ".eml") == 0;
}

static int open_dir(struct source *s, struct appeal_error *err)
{
	DIR *d = opendir(s->path);
	struct dirent *e;
	size_t cap = 0;
	int rc = 0;

	if (!d) {
		err_set(err, APPEAL_EIO, _("cannot read the directory: %s"), strerror(errno));
		err_source(err, s->path);
		return APPEAL_EIO;
	}
	while (rc == 0 && (e = readdir(d))) {
		if (!is_eml(e->d_name))
			continue;
		struct stat st;
		size_t n = strlen(s->path) + strlen(e->d_name) + 2;
		char *p = malloc(n);
		if (!p) {
			rc = err_nomem(err);
			break;
		}
		snprintf(p, n, "%s%s%s", s->path, s->path[strlen(s->path) - 1] == '/' ? "" : "/", e->d_name);
		if (stat(p, &st) == 0 && S_ISREG(st.st_mode))
			rc = add_item(s, &cap, p, 0, -1, 1, 0, err);
		free(p);
	}
	closedir(d);
	if (rc == 0)
		if (s->n > 1)
			qsort(s->items, s->n, sizeof(*s->items), by_path);
	return rc;
}

/* Finds the messages of an mbox: each starts after a "From " line that
 * opens the file or follows an empty line; the empty line before the next
 * one is the separator, not part of the message. */
static int open_mbox(struct source *s, FILE *f, struct appeal_error *err)
{
	char *line = NULL;
	size_t lcap = 0, cap = 0;
	ssize_t n;
	long long off = 0, start = -1, blank_at = -1;
	long lineno = 0, index = 0;
	bool prev_blank = true;
	int rc = 0;

	while (rc == 0 && (n = getline(&line, &lcap, f)) > 0) {
		lineno++;
		if (prev_blank && n >= 5 && memcmp(line, "From ", 5) == 0) {
			if (start >= 0)
				s->items[s->n - 1].len = (blank_at >= 0 ? blank_at : off) - start;
			start = off + n;
			rc = add_item(s, &cap, s->path, start, -1, lineno + 1, ++index, err);
		} else if (lineno == 1) {
			err_set(err, APPEAL_EINVAL, _("not an mbox: the first line does not start with \"From \""));
			err_hint(err, _("give a directory of .eml files, one .eml file, or an mbox made by appeal batch"));
			err_source(err, s->path);
			err_position(err, 1, 1);
			rc = APPEAL_EINVAL;
		}
		bool blank = (n == 1 && line[0] == '\n') || (n == 2 && line[0] == '\r' && line[1] == '\n');
		if (blank && !prev_blank)
			blank_at = off;
		else if (!blank)
			blank_at = -1;
		prev_blank = blank;
		off += n;
	}
	if (rc == 0 && ferror(f)) {
		err_set(err, APPEAL_EIO, _("cannot read the mbox: %s"), strerror(errno));
		err_source(err, s->path);
		rc = APPEAL_EIO;
	}
	if (rc == 0 && start >= 0)
		s->items[s->n - 1].len = (blank_at >= 0 ? blank_at : off) - start;
	free(line);
	return rc;
}

int source_open(struct source *s, const char *path, struct appeal_error *err)
{
	struct stat st;
	int rc;

	memset(s, 0, sizeof(*s));
	if (!(s->path = strdup(path)))
		return err_nomem(err);
	if (stat(path, &st) != 0) {
		int e = errno;
		err_set(err, e == ENOENT ? APPEAL_ENOTFOUND : APPEAL_EIO, _("cannot open: %s"), strerror(e));
		err_hint(err, _("give the directory or mbox that appeal batch --format eml wrote"));
		err_source(err, path);
		return e == ENOENT ? APPEAL_ENOTFOUND : APPEAL_EIO;
	}
	if (S_ISDIR(st.st_mode)) {
		s->dir = true;
		return open_dir(s, err);
	}
	FILE *f = fopen(path, "rb");
	if (!f) {
		err_set(err, APPEAL_EIO, _("cannot open: %s"), strerror(errno));
		err_source(err, path);
		return APPEAL_EIO;
	}
	const char *base = strrchr(path, '/');
	size_t cap = 0;
	if (is_eml(base ? base + 1 : path)) {
		rc = add_item(s, &cap, path, 0, -1, 1, 0, err);
	} else {
		s->mbox = true;
		rewind(f);
		rc = open_mbox(s, f, err);
	}
	fclose(f);
	return rc;
}

int source_read(const struct source *s, size_t i, char **text, size_t *len, struct appeal_error *err)
{
	const struct source_item *it = &s->items[i];
	struct stat st;
	int fd = open(it->path, O_RDONLY | O_CLOEXEC);

	*text = NULL;
	*len = 0;
	if (fd < 0 || fstat(fd, &st) != 0) {
		err_set(err, APPEAL_EIO, _("cannot read the message: %s"), strerror(errno));
		err_source(err, it->path);
		if (fd >= 0)
			close(fd);
		return APPEAL_EIO;
	}
	long long n = it->len >= 0 ? it->len : (long long)st.st_size - it->offset;
	if (n < 0 || n > (long long)MESSAGE_MAX_BYTES) {
		close(fd);
		err_set(err, APPEAL_EINVAL, _("the message is larger than %u MiB"), MESSAGE_MAX_BYTES >> 20);
		err_hint(err, _("a letter with its PDF is far smaller; is this the right file?"));
		err_source(err, it->path);
		err_position(err, (int)it->line, 0);
		return APPEAL_EINVAL;
	}
	char *buf = malloc((size_t)n + 1);
	if (!buf) {
		close(fd);
		return err_nomem(err);
	}
	size_t got = 0;
	while (got < (size_t)n) {
		ssize_t r = pread(fd, buf + got, (size_t)n - got, (off_t)(it->offset + (long long)got));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			err_set(err, APPEAL_EIO, _("cannot read the message: %s"), r < 0 ? strerror(errno) : _("the file got shorter"));
			err_source(err, it->path);
			free(buf);
			close(fd);
			return APPEAL_EIO;
		}
		got += (size_t)r;
	}
	close(fd);
	buf[got] = '\0';
	if (s->mbox) {
		/* mboxrd: ">From " is "From ", ">>From " is ">From "... */
		char *o = buf;
		const char *p = buf, *end = buf + got;
		while (p < end) {
			const char *q = p;
			while (q < end && *q == '>')
				q++;
			if (q > p && end - q >= 5 && memcmp(q, "From ", 5) == 0)
				p++;
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			size_t k = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);
			memmove(o, p, k);
			o += k;
			p += k;
		}
		*o = '\0';
		got = (size_t)(o - buf);
	}
	*text = buf;
	*len = got;
	return 0;
}

void source_free(struct source *s)
{
	for (size_t i = 0; s->items && i < s->n; i++)
		free(s->items[i].path);
	free(s->items);
	free(s->path);
	memset(s, 0, sizeof(*s));
}
