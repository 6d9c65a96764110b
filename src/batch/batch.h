/* Batch internals shared by its files (docs/architecture.md):
 *   plan.c      the slice of rows (shards, chunks), the files and their rows,
 *               the rows known bad before anything is drawn
 *   names.c     file names: per-signer templates, slugs, chunk and shard suffixes
 *   files.c     the file system around the outputs: the directory, stale
 *               temporaries, finished files found by --resume
 *   run.c       the workers that fill the letters and write the files
 *   manifest.c  the record of every row: summary, manifest as CSV or JSON
 * The plan is fixed before anything is drawn and depends only on the table
 * and the options, so any number of threads, shards or resumed runs produce
 * the same files. */
#ifndef APPEAL_BATCH_BATCH_H
#define APPEAL_BATCH_BATCH_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "appeal.h"
#include "document/document.h"
#include "util/atomic.h"
#include "util/buf.h"
#include "util/pool.h"
#include "util/strmap.h"

/* Longest file name stem made from a template, before "-2" and ".pdf". */
#define NAME_CAP 100

/* The note of a row whose file an earlier run finished (compared by address). */
extern const char batch_resumed_note[];

enum stop_reason { STOP_NONE, STOP_STRICT, STOP_CANCEL, STOP_FATAL };

/* Per-signer files are flushed to disk once per this many (journal.c). */
#define BATCH_GROUP 256

/* journal.c: the journal of a per-signer run, DIR/.appeal-journal. */
struct batch_journal {
	int fd, dirfd;         /* the locked journal; the output folder (for syncfs) */
	char *path;
	bool cut_short;        /* --resume found the journal of a run that did not end */
	enum appeal_format format; /* of the files it records */
	struct pool pool;
	struct strmap trusted; /* file name -> size, recorded by that run */
	pthread_mutex_t lock;  /* pending, npending */
	pthread_mutex_t flush; /* one flush at a time */
	struct buf pending;    /* lines of the files renamed since the last flush */
	size_t npending, groups;
};

/* A file to write: a contiguous run of records. */
struct unit {
	size_t first, count; /* records */
	char *path;
};

struct appeal_batch {
	const struct appeal_letter *letter;
	const struct appeal_signers *signers;
	struct appeal_batch_options o;
	char *output, *source;        /* the copies b->o.path and b->o.source point to */
	char *font_dir, *hyphen_dir;  /* those of b->o.output */
	const char *ext;              /* the format's file name extension, without the dot */
	size_t lo, n;                 /* table rows lo .. lo+n-1 are this run's records */
	struct appeal_batch_record *rec;
	struct unit *units;
	size_t nunits;
	char **names;                 /* per signer: the record's file path, or NULL */
	struct pool notes;            /* records' notes made by the plan (names.c) */
	bool ran;
	bool refused;                 /* the run could not claim its outputs: nothing was tried */

	pthread_mutex_t lock;
	atomic_size_t next_unit;
	atomic_int stop;              /* enum stop_reason */
	size_t done;
	long strict_row;              /* the first bad row that stopped a strict run */
	struct appeal_error fatal;
	char stop_note[96];
	struct batch_journal journal; /* per signer */
	bool journaled;
	struct atomic_file claim;     /* combined: the first file's, locked for the whole run */
	bool claimed;
	size_t files, pages;          /* written by this run */
	unsigned long long bytes;
};

/* manifest.c: the manifest's bytes into s: JSON, or CSV in the table's
 * dialect (Windows-1252 with ';' for such a sheet, else UTF-8, with a byte
 * order mark when `bom`), formula-like cells neutralised with a '. */
int batch_manifest_bytes(const struct appeal_batch *b, bool json, bool bom, struct buf *s);

/* plan.c: whether row i of the table can make no letter in `format`: a
 * problem other than a duplicate, or no address for an e-mail. */
bool batch_row_known_bad(const struct appeal_signers *signers, size_t i, enum appeal_format format);

/* check.c: a row of the table becoming a letter, for the run and for
 * appeal_batch_check_row(). */
/* Whether row i can be written in `format`: APPEAL_EINVAL, with *e (may
 * be NULL) saying why, for an e-mail without the signer's address. */
int batch_row_sender(const struct appeal_signers *signers, size_t i, enum appeal_format format,
                     struct appeal_error *e);
/* Row i filled into the letter in its language (date: for a row without
 * one, cache: a worker's, or NULL). A row an e-mail cannot be sent from
 * was marked failed before the run (plan.c, batch_row_sender()).
 * The caller owns the result and frees it with appeal_document_free().
 * NULL with *e set: APPEAL_ENOMEM stops the run; any other code is the
 * row's fault, with e->field the field when known. */
struct appeal_document *batch_row_document(const struct appeal_letter *letter, const struct appeal_signers *signers,
                                           size_t i, struct appeal_date date, struct fill_cache *cache,
                                           struct appeal_error *e);
/* Whether the code of adding a row's letter to an output is the row's
 * fault (a character the fonts lack, a bad value) rather than the run's. */
bool batch_row_fault(int code);
/* Fills *out (all of it) with e as the user sees it: the table's name
 * `source`, the spreadsheet row of row i, the key of the column feeding
 * e's field. */
void batch_row_error(struct appeal_error *out, const struct appeal_signers *signers, size_t i, const char *source,
                     const struct appeal_error *e);

/* names.c */
/* Checks a name template: known fields in braces, no path separator. */
int batch_template_check(const char *t, struct appeal_error *err);
/* Decimal digits of n. */
int batch_digits(size_t n);
/* Fills all[i] (of total, zeroed by the caller) with the unique file name of
 * every usable row of the whole table, in row order (batch/filename.h), so
 * that every shard and every resumed run gives a row the same name; the
 * caller frees them. A record of this run whose file is named by its row
 * (nothing in its name spells in ASCII) gets the reason as its note, unless
 * it has one already; the note is owned by b->notes. */
int batch_names_assign(struct appeal_batch *b, size_t total, char **all);
/* dir/name. The caller frees the result; NULL when out of memory. */
char *batch_path_join(const char *dir, const char *name);
/* OUT.EXT with a suffix before the extension `ext` (no dot): OUT-0001.pdf,
 * OUT-2-of-4.txt; after a name without that extension, at its end. The
 * caller frees the result; NULL when out of memory. */
char *batch_chunk_path(const char *out, const char *suffix, const char *ext);

/* files.c */
/* Whether path holds a file of `format` that an earlier run finished. */
bool batch_file_complete(const char *path, enum appeal_format format);
/* Removes the temporaries a killed run left beside this run's outputs. */
void batch_remove_stale_temporaries(struct appeal_batch *b);
/* journal.c */
/* Opens and locks the journal of a per-signer run in its folder (refused at
 * once when another run holds it) and, with --resume, reads what a run that
 * did not end recorded. Close with batch_journal_close() in any case. */
int batch_journal_open(struct batch_journal *j, const struct appeal_batch *b, struct appeal_error *err);
/* Whether --resume may keep the file at path: recorded with its size by the
 * run that did not end (or, when none did, simply complete). */
bool batch_journal_trusts(const struct batch_journal *j, const char *path);
/* Records a file renamed into place; every BATCH_GROUP files, flushes the
 * file system and then the journal. Thread-safe. */
int batch_journal_add(struct batch_journal *j, const char *path, size_t size, struct appeal_error *err);
/* Flushes what is pending. */
int batch_journal_flush(struct batch_journal *j, struct appeal_error *err);
/* Flushes, removes the journal when `finished` (every row decided), ends j. */
int batch_journal_close(struct batch_journal *j, bool finished, struct appeal_error *err);

/* Makes the output directory of a per-signer run, or accepts it. */
int batch_make_output_dir(const struct appeal_batch *b, struct appeal_error *err);

#endif
