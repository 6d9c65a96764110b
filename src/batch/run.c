/* Running a batch: workers take the planned files in turn, fill each row's
 * letter, write the file atomically and record what happened to every row.
 * Each thread keeps its own appeal_output, of the run's format: nothing
 * here knows how a format is written. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/i18n.h"
#include "batch/batch.h"

const char batch_resumed_note[] = "already written by an earlier run";

static void stop_run(struct appeal_batch *b, enum stop_reason why)
{
	int none = STOP_NONE;
	atomic_compare_exchange_strong(&b->stop, &none, (int)why);
}

/* Counts a decided row; the callback may ask to stop. */
static void tick(struct appeal_batch *b)
{
	pthread_mutex_lock(&b->lock);
	b->done++;
	if (b->o.progress && b->o.progress(b->o.progress_data, b->done, b->n))
		stop_run(b, STOP_CANCEL);
	pthread_mutex_unlock(&b->lock);
}

static void fatal(struct appeal_batch *b, const struct appeal_error *e)
{
	pthread_mutex_lock(&b->lock);
	if (!b->fatal.code)
		b->fatal = *e;
	pthread_mutex_unlock(&b->lock);
	stop_run(b, STOP_FATAL);
}

/* A row that could not become a letter: the error as the user should see
 * it, with the table's name, the row and the column's key. */
static void row_failed(struct appeal_batch *b, struct appeal_batch_record *r, const struct appeal_error *e)
{
	struct appeal_error *x = calloc(1, sizeof(*x));

	if (!x) {
		struct appeal_error nomem = {0};
		err_nomem(&nomem);
		fatal(b, &nomem);
		return;
	}
	batch_row_error(x, b->signers, r->index, b->source, e);
	r->error = x;
	r->status = APPEAL_BATCH_FAILED;
	if (b->o.strict) {
		pthread_mutex_lock(&b->lock);
		if (!b->strict_row || r->row < b->strict_row)
			b->strict_row = r->row;
		pthread_mutex_unlock(&b->lock);
		stop_run(b, STOP_STRICT);
	}
}

struct worker {
	struct appeal_batch *b;
	struct appeal_output *out;
	struct fill_cache *fill;      /* the campaign's text, filled once (or NULL) */
	const char *path;             /* the file being made */
	size_t files, pages;
	unsigned long long bytes;
};

/* Adds one row's letter to the worker's output. 1: the row failed
 * (recorded); -1: the run cannot go on; 0: added. */
static int add_row(struct worker *w, struct appeal_batch_record *r, bool combined)
{
	struct appeal_batch *b = w->b;
	struct appeal_error e = {0};
	struct appeal_document *doc = batch_row_document(b->letter, b->signers, r->index, b->o.date, w->fill, &e);
	int rc = 0;

	if (!doc) {
		if (e.code == APPEAL_ENOMEM) {
			fatal(b, &e);
			return -1;
		}
		row_failed(b, r, &e);
		return 1;
	}
	/* A format without paper adds no blank page, and counts none. */
	if (combined && b->o.duplex && appeal_output_page_count(w->out) % 2 == 1)
		rc = appeal_output_add_blank(w->out, &e);
	int before = appeal_output_page_count(w->out);
	if (!rc)
		rc = appeal_output_add(w->out, doc, NULL, &e);
	appeal_document_free(doc);
	if (batch_row_fault(rc)) {
		row_failed(b, r, &e);
		return 1;
	}
	if (rc) {
		/* A PDF stays whole in memory until it is saved. */
		if (appeal_output_page_count(w->out) >= 32000) {
			snprintf(e.source, sizeof(e.source), "%s", w->path);
			err_hint(&e, _("split a print run this large with --per-file 10000"));
		}
		fatal(b, &e);
		return -1;
	}
	r->first_page = before + 1;
	r->last_page = appeal_output_page_count(w->out);
	return 0;
}

/* Writes a finished file: the first one through the claim the run took at
 * its start; per signer without a flush of its own (the journal flushes the
 * file system once per group, then records the group). */
static int write_unit(struct appeal_batch *b, struct unit *u, const unsigned char *data, size_t size,
                      struct appeal_error *e)
{
	struct atomic_file f;
	int rc = 0;

	if (strcmp(u->path, "-") == 0)
		return appeal_write_file(u->path, data, size, e);
	if (u == &b->units[0] && b->claimed) {
		f = b->claim; /* only one worker takes the first unit */
		b->claimed = false;
	} else if ((rc = atomic_begin(&f, u->path, e)) != 0) {
		return rc;
	}
	if ((rc = atomic_commit(&f, data, size, !b->journaled, e)) != 0)
		return rc;
	return b->journaled ? batch_journal_add(&b->journal, u->path, size, e) : 0;
}

static void do_unit(struct worker *w, struct unit *u)
{
	struct appeal_batch *b = w->b;
	struct appeal_error e = {0};
	bool combined = !b->o.per_signer, abandoned = false;
	size_t letters = 0;

	if (b->o.resume && (b->journaled ? batch_journal_trusts(&b->journal, u->path)
	                                 : batch_file_complete(u->path, b->o.output.format))) {
		for (size_t k = u->first; k < u->first + u->count; k++) {
			struct appeal_batch_record *r = &b->rec[k];
			if (r->status != APPEAL_BATCH_FAILED) {
				r->status = APPEAL_BATCH_SKIPPED;
				r->note = batch_resumed_note;
			}
			tick(b);
		}
		return;
	}
	w->path = u->path;
	if (!w->out && !(w->out = appeal_output_new(&b->o.output, &e))) {
		fatal(b, &e);
		return;
	}
	if (!w->fill)
		w->fill = fill_cache_new(); /* without one, each letter is filled whole */
	for (size_t k = u->first; k < u->first + u->count; k++) {
		struct appeal_batch_record *r = &b->rec[k];
		if (atomic_load(&b->stop)) {
			abandoned = true;
			break;
		}
		if (r->status != APPEAL_BATCH_FAILED) {
			int rc = add_row(w, r, combined);
			if (rc < 0) {
				abandoned = true;
				break;
			}
			letters += rc == 0;
		}
		tick(b);
	}
	/* A strict run writes no file holding a row after the first bad one. */
	if (b->o.strict && atomic_load(&b->stop))
		abandoned = true;
	if (abandoned || letters == 0) {
		appeal_output_discard(w->out);
		for (size_t k = u->first; k < u->first + u->count; k++)
			b->rec[k].first_page = b->rec[k].last_page = 0;
		return;
	}
	char author[64];
	snprintf(author, sizeof(author), "%zu signer%s", letters, letters == 1 ? "" : "s");
	unsigned char *data = NULL;
	size_t size = 0;
	int pages = appeal_output_page_count(w->out);
	/* A print file's title names the campaign; one that cannot be set
	 * fails the file like any other part of it. */
	if ((combined && appeal_output_set_info(w->out, appeal_letter_title(b->letter), author, &e)) ||
	    appeal_output_finish_mem(w->out, &data, &size, &e) || write_unit(b, u, data, size, &e)) {
		if (!e.source[0] && e.code != APPEAL_EIO)
			snprintf(e.source, sizeof(e.source), "%s", u->path);
		free(data);
		for (size_t k = u->first; k < u->first + u->count; k++)
			b->rec[k].first_page = b->rec[k].last_page = 0;
		fatal(b, &e);
		return;
	}
	free(data);
	for (size_t k = u->first; k < u->first + u->count; k++)
		if (b->rec[k].status != APPEAL_BATCH_FAILED)
			b->rec[k].status = APPEAL_BATCH_WRITTEN;
	w->files++;
	w->pages += (size_t)pages;
	w->bytes += size;
}

static void *work(void *arg)
{
	struct worker *w = arg;
	struct appeal_batch *b = w->b;

	for (;;) {
		size_t u = atomic_fetch_add(&b->next_unit, 1);
		if (u >= b->nunits || atomic_load(&b->stop))
			break;
		do_unit(w, &b->units[u]);
	}
	appeal_output_free(w->out);
	w->out = NULL;
	fill_cache_free(w->fill);
	w->fill = NULL;
	return NULL;
}

/* Every row not decided yet is skipped, with why. */
static void finish_records(struct appeal_batch *b)
{
	int stop = atomic_load(&b->stop);
	if (b->refused)
		snprintf(b->stop_note, sizeof(b->stop_note), "not written: the run could not claim its output");
	else if (stop == STOP_STRICT)
		snprintf(b->stop_note, sizeof(b->stop_note), "not written: --strict stopped the run at row %ld",
		         b->strict_row);
	else if (stop == STOP_CANCEL)
		snprintf(b->stop_note, sizeof(b->stop_note), "not written: the run was interrupted");
	else
		snprintf(b->stop_note, sizeof(b->stop_note), "not written: the run stopped after an error");
	for (size_t k = 0; k < b->n; k++) {
		if (b->rec[k].status == 0) {
			b->rec[k].status = APPEAL_BATCH_SKIPPED;
			b->rec[k].note = b->stop_note;
		}
	}
}

static int run_units(struct appeal_batch *b, struct appeal_error *err);

/* The outputs could not be claimed: no row is tried, each says why. */
static void refuse(struct appeal_batch *b)
{
	b->refused = true;
	finish_records(b);
}

APPEAL_EXPORT int appeal_batch_run(struct appeal_batch *b, struct appeal_error *err)
{
	if (b->ran)
		return err_set(err, APPEAL_EINVAL, _("a batch runs once"));
	b->ran = true;
	int rc;
	if (b->o.per_signer && (rc = batch_make_output_dir(b, err)) != 0) {
		refuse(b);
		return rc < 0 ? rc : APPEAL_EIO;
	}
	/* The outputs are claimed before any letter is made: a second run on
	 * them stops here, at once, and a folder that cannot be written is said
	 * before the work rather than after it. */
	if (b->o.per_signer) {
		b->journaled = true;
		if ((rc = batch_journal_open(&b->journal, b, err)) != 0) {
			batch_journal_close(&b->journal, false, NULL);
			b->journaled = false;
			refuse(b);
			return rc; /* APPEAL_ENOMEM or APPEAL_EIO */
		}
	} else if (b->nunits && strcmp(b->units[0].path, "-") != 0) {
		if ((rc = atomic_begin(&b->claim, b->units[0].path, err)) != 0) {
			refuse(b);
			return rc;
		}
		b->claimed = true;
	}
	batch_remove_stale_temporaries(b);
	rc = run_units(b, err);
	if (b->claimed)
		atomic_abort(&b->claim);
	b->claimed = false;
	if (b->journaled) {
		struct appeal_error jerr = {0};
		if (batch_journal_close(&b->journal, atomic_load(&b->stop) == STOP_NONE, &jerr) && !rc) {
			if (err && !err->code)
				*err = jerr;
			rc = jerr.code;
		}
		b->journaled = false;
	}
	return rc;
}

/* The workers over the planned files, after the rows known bad. */
static int run_units(struct appeal_batch *b, struct appeal_error *err)
{

	/* Rows known to be bad are decided already. */
	size_t known_bad = 0;
	long first_bad = 0;
	for (size_t k = 0; k < b->n; k++) {
		if (b->rec[k].status != APPEAL_BATCH_FAILED)
			continue;
		if (!first_bad)
			first_bad = b->rec[k].row;
		known_bad++;
		if (b->o.per_signer && !b->o.strict)
			tick(b); /* in no file: nobody else counts them */
	}
	if (b->o.strict && known_bad) {
		/* Only the first bad row is reported: the run stops there. */
		for (size_t k = 0; k < b->n; k++) {
			if (b->rec[k].status == APPEAL_BATCH_FAILED && b->rec[k].row != first_bad) {
				free((void *)b->rec[k].error);
				b->rec[k].error = NULL;
				b->rec[k].status = 0;
			}
		}
		b->strict_row = first_bad;
		stop_run(b, STOP_STRICT);
		finish_records(b);
		return 0;
	}

	size_t nw = (size_t)b->o.jobs < b->nunits ? (size_t)b->o.jobs : b->nunits;
	struct worker *ws = calloc(nw ? nw : 1, sizeof(*ws));
	pthread_t *tid = calloc(nw ? nw : 1, sizeof(*tid));
	if (!ws || !tid) {
		free(ws);
		free(tid);
		return err_nomem(err);
	}
	size_t started = 0;
	for (size_t i = 0; i < nw; i++) {
		ws[i].b = b;
		/* The first worker is this thread; a thread that cannot start
		 * only means fewer workers. */
		if (i > 0 && pthread_create(&tid[i], NULL, work, &ws[i]) != 0)
			break;
		started++;
	}
	if (nw)
		work(&ws[0]);
	for (size_t i = 1; i < started; i++)
		pthread_join(tid[i], NULL);
	for (size_t i = 0; i < nw; i++) {
		b->files += ws[i].files;
		b->pages += ws[i].pages;
		b->bytes += ws[i].bytes;
	}
	free(ws);
	free(tid);
	finish_records(b);
	if (atomic_load(&b->stop) == STOP_FATAL) {
		if (err && !err->code)
			*err = b->fatal;
		return b->fatal.code ? b->fatal.code : APPEAL_EIO;
	}
	return 0;
}

