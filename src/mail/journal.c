#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "mail/journal.h"
#include "util/atomic.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/i18n.h"
#include "util/lock.h"

static const char *const state_names[] = {"", "sending", "sent", "refused"};

static const char header[] =
	"# appeal send journal: one line per message: sending (all of it went to the server), sent (the server\n"
	"# accepted it) or refused; tab-separated: event, Message-ID, time (UTC), file, the server's reply.\n"
	"# appeal send skips every message whose last line says sent. Do not edit it while a run is going.\n";

static int set_state(struct journal *j, const char *id, size_t n, enum journal_state st, struct appeal_error *err)
{
	char key[256];
	size_t v;

	snprintf(key, sizeof(key), "%.*s", (int)(n < 255 ? n : 255), id);
	if (strmap_get(&j->last, key, &v))
		return strmap_set(&j->last, key, (size_t)st) < 0 ? err_nomem(err) : 0;
	char *copy = pool_strndup(&j->pool, key, strlen(key));
	if (!copy || strmap_put(&j->last, copy, (size_t)st) < 0)
		return err_nomem(err);
	return 0;
}

static int bad_line(struct journal *j, long line, struct appeal_error *err)
{
	err_set(err, APPEAL_ESYNTAX, _("the journal has a line appeal did not write"));
	err_hint(err, _("the journal records what was delivered; restore it, or move it away to send everything again"));
	err_source(err, j->path);
	err_position(err, (int)line, 1);
	return APPEAL_ESYNTAX;
}

static int read_all(struct journal *j, struct appeal_error *err)
{
	struct buf b = BUF_INIT;
	char chunk[65536];
	ssize_t n;
	int rc = 0;

	while ((n = read(j->fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err_set(err, APPEAL_EIO, _("cannot read the journal: %s"), strerror(errno));
			err_source(err, j->path);
			buf_free(&b);
			return APPEAL_EIO;
		}
		if (b.len + (size_t)n > JOURNAL_MAX_BYTES) {
			err_set(err, APPEAL_EINVAL, _("the journal is larger than %u MiB"), JOURNAL_MAX_BYTES >> 20);
			err_hint(err, _("is this the right file? give another with --journal"));
			err_source(err, j->path);
			buf_free(&b);
			return APPEAL_EINVAL;
		}
		buf_add(&b, chunk, (size_t)n);
	}
	if (b.failed) {
		buf_free(&b);
		return err_nomem(err);
	}
	const char *p = b.data, *end = b.data + b.len;
	long line = 0;
	while (p && p < end && rc == 0) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		line++;
		if (!nl) {
			j->torn = true; /* a write cut short: it recorded nothing */
			break;
		}
		if (*p != '#' && nl > p) {
			const char *tab = memchr(p, '\t', (size_t)(nl - p));
			const char *id = tab ? tab + 1 : NULL;
			const char *id_end = id ? memchr(id, '\t', (size_t)(nl - id)) : NULL;
			int st = 0;
			for (int k = 1; tab && k <= 3; k++)
				if ((size_t)(tab - p) == strlen(state_names[k]) && memcmp(p, state_names[k], (size_t)(tab - p)) == 0)
					st = k;
			if (!st || !id_end || id_end == id || *id != '<')
				rc = bad_line(j, line, err);
			else
				rc = set_state(j, id, (size_t)(id_end - id), (enum journal_state)st, err);
		}
		p = nl + 1;
	}
	buf_free(&b);
	return rc;
}

int journal_open(struct journal *j, const char *path, bool read_only, struct appeal_error *err)
{
	memset(j, 0, sizeof(*j));
	j->fd = -1;
	j->last = (struct strmap)STRMAP_INIT;
	if (!(j->path = strdup(path)))
		return err_nomem(err);
	if (read_only) {
		j->fd = open(path, O_RDONLY | O_CLOEXEC);
		if (j->fd < 0 && errno == ENOENT)
			return 0;
	} else {
		bool created = false;
		j->fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
		if (j->fd >= 0)
			created = true;
		else if (errno == EEXIST)
			j->fd = open(path, O_RDWR | O_APPEND | O_CLOEXEC);
		if (j->fd >= 0) {
			if (lock_try(j->fd, true) != 0) {
				err_set(err, APPEAL_EIO, _("another 'appeal send' is using the journal"));
				err_hint(err, _("wait until it ends; two runs at once could send a message twice"));
				err_source(err, path);
				return APPEAL_EIO;
			}
			if (created) {
				if (atomic_write_all(j->fd, header, strlen(header)) || fsync(j->fd)) {
					err_set(err, APPEAL_EIO, _("cannot write the journal: %s"), strerror(errno));
					err_source(err, path);
					return APPEAL_EIO;
				}
				atomic_sync_dir(path); /* the new name made durable */
			}
		}
	}
	if (j->fd < 0) {
		int e = errno;
		err_set(err, APPEAL_EIO, _("cannot open the journal: %s"), strerror(e));
		err_hint(err, _("the journal goes beside the messages; give a writable place with --journal"));
		err_source(err, path);
		return APPEAL_EIO;
	}
	return read_all(j, err);
}

enum journal_state journal_get(const struct journal *j, const char *id)
{
	size_t v;
	return id && strmap_get(&j->last, id, &v) ? (enum journal_state)v : JOURNAL_NONE;
}

/* Tabs and line breaks would split the record; control characters have
 * no business in it. */
static void put_clean(struct buf *b, const char *s)
{
	for (; s && *s; s++)
		buf_addc(b, (unsigned char)*s < 0x20 || *s == 0x7F ? ' ' : *s);
}

int journal_put(struct journal *j, enum journal_state st, const char *id, const char *file, const char *reply,
                struct appeal_error *err)
{
	struct buf b = BUF_INIT;
	time_t now = time(NULL);
	struct tm tm;
	char when[32];

	gmtime_r(&now, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (j->torn)
		buf_addc(&b, '\n');
	buf_adds(&b, state_names[st]);
	buf_addc(&b, '\t');
	put_clean(&b, id);
	buf_addc(&b, '\t');
	buf_adds(&b, when);
	buf_addc(&b, '\t');
	put_clean(&b, file);
	buf_addc(&b, '\t');
	put_clean(&b, reply);
	buf_addc(&b, '\n');
	if (b.failed) {
		buf_free(&b);
		return err_nomem(err);
	}
	/* One write of the whole line, then to disk before anything else. */
	if (atomic_write_all(j->fd, b.data, b.len) || fdatasync(j->fd)) {
		int e = errno;
		buf_free(&b);
		err_set(err, APPEAL_EIO, _("cannot write the journal: %s"), strerror(e));
		err_hint(err, _("the run stops: without the journal a later run could send a message twice"));
		err_source(err, j->path);
		return APPEAL_EIO;
	}
	buf_free(&b);
	j->torn = false;
	return set_state(j, id, strlen(id), st, err);
}

void journal_close(struct journal *j)
{
	if (j->fd >= 0)
		close(j->fd);
	strmap_free(&j->last);
	pool_free(&j->pool);
	free(j->path);
	memset(j, 0, sizeof(*j));
	j->fd = -1;
}
