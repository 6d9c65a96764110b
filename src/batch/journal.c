/* The journal of a per-signer run (docs/performance.md, "Durable output at
 * a bulk price"). Files are written and renamed without a flush each; every
 * BATCH_GROUP files the whole file system is flushed once (syncfs) and only
 * then are their names appended to the journal, itself flushed. After a
 * kill -9 or a power cut, --resume trusts a file only when the journal
 * names it with its size and it still ends like a finished file; the others
 * are written again. The journal is locked for the length of the run, so a
 * second run on the same folder is refused at once, and removed when the
 * run has decided every row. */
#define _GNU_SOURCE /* syncfs */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/atomic.h"
#include "util/error.h"
#include "util/i18n.h"
#include "util/lock.h"
#include "batch/batch.h"

static const char header[] =
	"# appeal batch journal: the files below are whole and on disk. appeal batch --resume keeps them and\n"
	"# writes the others again; the file is removed when the run ends. Do not edit it.\n";

static int journal_error(struct batch_journal *j, int e, struct appeal_error *err)
{
	atomic_error(err, j->path, e);
	/* Out of memory in the C library (fdopen, a stream buffer) is memory,
	 * not the disk. */
	return e == ENOMEM ? APPEAL_ENOMEM : APPEAL_EIO;
}

/* name<TAB>size<LF> lines; a line cut short (a write a crash stopped) and
 * anything else are ignored: they only make more files be written again. */
static int read_entries(struct batch_journal *j, struct appeal_error *err)
{
	struct stat st;
	if (fstat(j->fd, &st) != 0)
		return journal_error(j, errno, err);
	if (st.st_size == 0)
		return 0;
	if (st.st_size > 256 << 20) {
		err_set(err, APPEAL_EINVAL, _("the journal %s is larger than 256 MiB"), j->path);
		err_hint(err, _("it is not one appeal wrote: move it away and run again"));
		return APPEAL_EINVAL;
	}
	char *text = malloc((size_t)st.st_size + 1);
	if (!text)
		return err_nomem(err);
	ssize_t got = pread(j->fd, text, (size_t)st.st_size, 0);
	if (got < 0) {
		free(text);
		return journal_error(j, errno, err);
	}
	text[got] = '\0';
	j->cut_short = got > 0;
	for (char *p = text, *nl; (nl = strchr(p, '\n')); p = nl + 1) {
		*nl = '\0';
		char *tab = strchr(p, '\t'), *end;
		if (*p == '#' || !tab || tab == p)
			continue;
		long long size = strtoll(tab + 1, &end, 10);
		if (*end || size < 0)
			continue;
		char *name = pool_strndup(&j->pool, p, (size_t)(tab - p));
		if (!name || strmap_put(&j->trusted, name, (size_t)size) < 0) {
			free(text);
			return err_nomem(err);
		}
	}
	free(text);
	return 0;
}

int batch_journal_open(struct batch_journal *j, const struct appeal_batch *b, struct appeal_error *err)
{
	char name[64];

	memset(j, 0, sizeof(*j));
	j->fd = j->dirfd = -1;
	j->trusted = (struct strmap)STRMAP_INIT;
	j->format = b->o.output.format;
	pthread_mutex_init(&j->lock, NULL);
	pthread_mutex_init(&j->flush, NULL);
	if (b->o.shards > 1)
		snprintf(name, sizeof(name), ".appeal-journal-%d-of-%d", b->o.shard, b->o.shards);
	else
		snprintf(name, sizeof(name), ".appeal-journal");
	if (!(j->path = batch_path_join(b->output, name)))
		return err_nomem(err);
	j->dirfd = open(b->output, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (j->dirfd < 0)
		return journal_error(j, errno, err);
	j->fd = open(j->path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0666);
	if (j->fd < 0)
		return journal_error(j, errno, err);
	int lk = lock_try(j->fd, true);
	if (lk == EAGAIN) {
		err_set(err, APPEAL_EIO, _("another appeal run is writing in %s"), b->output);
		err_hint(err, _("wait until it ends (its journal %s is locked), or choose another folder"), j->path);
		return APPEAL_EIO;
	}
	if (lk != 0) {
		err_set(err, APPEAL_EIO, _("cannot lock %s: %s"), j->path, strerror(lk));
		err_hint(err, _("the file system does not support locks: choose a local disk"));
		return APPEAL_EIO;
	}
	/* Only --resume reads what a run cut short recorded; a new run starts
	 * the record again. */
	int rc = b->o.resume ? read_entries(j, err) : 0;
	if (rc)
		return rc;
	if (!j->cut_short) {
		if (ftruncate(j->fd, 0) || atomic_write_all(j->fd, header, strlen(header)) || fdatasync(j->fd))
			return journal_error(j, errno, err);
		atomic_sync_dir(j->path);
	}
	if (lseek(j->fd, 0, SEEK_END) < 0)
		return journal_error(j, errno, err);
	return 0;
}

bool batch_journal_trusts(const struct batch_journal *j, const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t size;
	struct stat st;

	if (!j->cut_short) /* no run was cut short: every finished file was flushed */
		return batch_file_complete(path, j->format);
	return strmap_get(&j->trusted, slash ? slash + 1 : path, &size) && stat(path, &st) == 0 &&
	       (size_t)st.st_size == size && batch_file_complete(path, j->format);
}

/* One flush at a time; the files recorded meanwhile wait for the next. */
int batch_journal_flush(struct batch_journal *j, struct appeal_error *err)
{
	pthread_mutex_lock(&j->flush);
	pthread_mutex_lock(&j->lock);
	struct buf group = j->pending;
	j->pending = (struct buf)BUF_INIT;
	j->npending = 0;
	pthread_mutex_unlock(&j->lock);
	int rc = 0;
	if (group.failed)
		rc = err_nomem(err);
	else if (group.len > 0) {
		/* The files and their names first, then the record that says so. */
		if (syncfs(j->dirfd) != 0 || atomic_write_all(j->fd, group.data, group.len) || fdatasync(j->fd))
			rc = journal_error(j, errno, err);
		j->groups++;
	}
	buf_free(&group);
	pthread_mutex_unlock(&j->flush);
	return rc;
}

int batch_journal_add(struct batch_journal *j, const char *path, size_t size, struct appeal_error *err)
{
	const char *slash = strrchr(path, '/');
	char num[32];
	bool full;

	snprintf(num, sizeof(num), "\t%zu\n", size);
	pthread_mutex_lock(&j->lock);
	buf_adds(&j->pending, slash ? slash + 1 : path);
	buf_adds(&j->pending, num);
	full = ++j->npending >= BATCH_GROUP;
	pthread_mutex_unlock(&j->lock);
	return full ? batch_journal_flush(j, err) : 0;
}

int batch_journal_close(struct batch_journal *j, bool finished, struct appeal_error *err)
{
	int rc = 0;

	if (j->fd >= 0) {
		rc = batch_journal_flush(j, err);
		/* Every row decided and on disk: nothing to resume. */
		if (!rc && finished && unlink(j->path) == 0)
			atomic_sync_dir(j->path);
		close(j->fd);
	}
	if (j->dirfd >= 0)
		close(j->dirfd);
	buf_free(&j->pending);
	strmap_free(&j->trusted);
	pool_free(&j->pool);
	free(j->path);
	pthread_mutex_destroy(&j->lock);
	pthread_mutex_destroy(&j->flush);
	memset(j, 0, sizeof(*j));
	j->fd = j->dirfd = -1;
	return rc;
}
