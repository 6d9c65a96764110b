/* The table every reader fills and every later step reads: columns (the
 * header), records (cells as read) and, once checked, rows and problems.
 * Internal to src/signers/; the public view is appeal.h's appeal_signers_*.
 *
 * The modules, one concern each:
 *   model.c    this table, its accessors and appeal_signers_to_json()
 *   decode.c   bytes to UTF-8: byte order marks, detection, iconv
 *   csv.c      CSV and TSV through libcsv, delimiter detection
 *   json.c     JSON arrays and JSON Lines through util/json
 *   xlsx.c     .xlsx workbooks, ods.c .ods, xls.c .xls (libfreexl); zipxml.c
 *              streams their zipped XML (libzip, libxml2), numfmt.c shows
 *              numbers as formatted, grid.c turns a sheet's cells into rows
 *   columns.c  header recognition, --map, keys, unused columns
 *   rows.c     the checks of every row
 *   value.c    the one rule for a signer value (also used by fill)
 *   read.c     the driver: file, size, format, then the steps above */
#ifndef APPEAL_SIGNERS_MODEL_H
#define APPEAL_SIGNERS_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "appeal.h"
#include "signers/signers.h"
#include "util/buf.h"
#include "util/pool.h"
#include "util/strmap.h"

/* The fields a column can feed. */
enum field { F_NAME, F_CITY, F_LANG, F_NOTE, F_DATE, F_EMAIL, F_FIRST, F_LAST, F_LAST2, F_COUNT };

/* "name", "city", ... as appeal_signers_column() takes them. Static. */
extern const char *const signers_field_names[F_COUNT];

struct column {
	const char *header; /* as written */
	const char *key;    /* unique, non-empty */
	bool ignored;       /* known to feed nothing: a form's timestamp */
};

/* A record's cells are stored back to back, each ending in NUL. */
struct record {
	long row;
	const char *cells;
	size_t ncells;
	size_t fields; /* cells in the input, also those past the header */
	bool extra;    /* a non-empty cell past the header */
};

struct appeal_signers {
	struct pool pool;
	const char *source;
	const char *format;
	const char *encoding, *encoding_reason;
	char delimiter;
	const char *delimiter_reason;

	struct column *cols;
	size_t ncols, capcols;
	size_t header_bytes;  /* of every column name, at most SIGNERS_MAX_HEADER_ROW */
	struct strmap colmap; /* header as written -> column, for JSON keys */

	struct record *recs;
	size_t nrecs, caprecs;
	size_t stored, store_limit; /* bytes of cells, and the most allowed */

	bool require_lang;   /* a row without a language is a problem */
	int col_of[F_COUNT]; /* -1: no column */
	bool combine_name;   /* name = first + last (+ second last) */
	size_t *unused;
	size_t nunused;

	const char **notes;
	size_t nnotes, capnotes;
	const char *sheet; /* the sheet read, for workbooks; NULL otherwise */

	struct appeal_signer_row *rows;
	struct appeal_signer_problem *probs;
	size_t nprobs, capprobs;
};

/* model.c */

/* Appends a column; refuses more than SIGNERS_MAX_COLUMNS, a name longer
 * than SIGNERS_MAX_HEADER and names adding up to more than
 * SIGNERS_MAX_HEADER_ROW (the error names the column). */
int signers_add_column(struct appeal_signers *s, const char *header, size_t len, struct appeal_error *err);

/* Copies a record (ncells NUL-terminated cells back to back in `cells`)
 * into the table; refuses when the table would outgrow store_limit. */
int signers_add_record(struct appeal_signers *s, long row, const struct buf *cells, size_t ncells, size_t fields,
                       bool extra, struct appeal_error *err);

/* Checks a column name of len bytes, column number `column` (from 1),
 * after names of `before` bytes: 0, or the error of signers_add_column(). */
int signers_check_header(size_t column, size_t len, size_t before, struct appeal_error *err);

/* Whether len bytes of s hold only white space (see utf8_is_space). */
bool signers_blank(const char *s, size_t len);

/* decode.c: the input as valid UTF-8 without NUL bytes in *out (the
 * caller frees out->data); sets s->encoding and s->encoding_reason.
 * `option` is the encoding the user gave, or NULL to detect. */
int signers_decode(struct appeal_signers *s, const unsigned char *in, size_t len, const char *option,
                   struct buf *out, struct appeal_error *err);

/* csv.c: reads CSV (TSV when `tsv` and no delimiter is known) into the
 * table; sets s->delimiter and its reason. */
int signers_read_csv(struct appeal_signers *s, const char *text, size_t len, char delimiter, bool tsv,
                     struct appeal_error *err);

/* json.c: reads a JSON array of objects, one object, or JSON Lines. */
int signers_read_json(struct appeal_signers *s, const char *text, size_t len, bool lines,
                      struct appeal_error *err);

/* Adds a remark for people about how the table was read ("row 7 is hidden
 * in the sheet"); the text is copied. */
int signers_add_note(struct appeal_signers *s, const char *text, struct appeal_error *err);

/* grid.c: a sheet's cells into the table, for the workbook readers. Per
 * row: grid_cell() for its cells in column order (0-based), then
 * grid_row_end() with the row's number as the sheet shows it. Finds the
 * header (the first row of two cells or more; lone cells above it are a
 * title, noted), adds records, notes hidden rows. grid_merge() after the
 * last row carries a merged cell's value down the rows it spans.
 * grid_finish() ends the sheet. Each returns 0 or the error, which stays. */
struct grid;
struct grid *grid_new(struct appeal_signers *s, struct appeal_error *err);
void grid_free(struct grid *g);
int grid_cell(struct grid *g, size_t col, const char *text, size_t len);
int grid_row_end(struct grid *g, long row, bool hidden);
int grid_merge(struct grid *g, long row1, size_t col, long row2);
int grid_finish(struct grid *g);
int grid_failed(const struct grid *g);
bool grid_has_header(const struct grid *g);

/* xlsx.c, ods.c, xls.c: a workbook's sheet `sheet` (NULL: the first) into
 * the table. The input is the whole file in memory. */
int signers_read_xlsx(struct appeal_signers *s, const unsigned char *data, size_t len, const char *sheet,
                      struct appeal_error *err);
int signers_read_ods(struct appeal_signers *s, const unsigned char *data, size_t len, const char *sheet,
                     struct appeal_error *err);
int signers_read_xls(struct appeal_signers *s, const unsigned char *data, size_t len, const char *sheet,
                     struct appeal_error *err);

/* sheet-dl.c: loads the libraries that read `format` ("xlsx", "ods",
 * "xls") on first use; 0, or an error saying which one is missing and
 * how to install it. Thread-safe. */
int signers_load_workbook_libs(const char *format, struct appeal_error *err);

/* columns.c */

/* Gives every column its key ("(column 3)", "Nombre (2)"); safe to call
 * again after more columns were added. 0, or -1 when out of memory (the
 * keys not made are then the headers, good enough for a message). */
int signers_make_keys(struct appeal_signers *s);

/* The key of 1-based column `field`, or "(column N)" in tmp. */
const char *signers_column_label(const struct appeal_signers *s, size_t field, char *tmp, size_t size);

/* Decides which column feeds which field (`map` first, then the headers)
 * and lists the unused columns. Fails when no column gives the name. */
int signers_map_columns(struct appeal_signers *s, const char *const *map, struct appeal_error *err);

/* The field named `name` ("lang", "language", "e-mail"...), or -1. */
int signers_find_field(const char *name);

/* rows.c: checks every record and fills s->rows and s->probs. */
int signers_check_rows(struct appeal_signers *s, const char *default_lang, struct appeal_error *err);

/* The language code a cell names ("Español" -> "es", "pt_BR" -> "pt"), from
 * the language table (lang_find), or NULL. Static. */
const char *signers_lang_code(const char *text);
/* The same, telling running out of memory (APPEAL_ENOMEM) from a name that
 * is no language (0, *code NULL). */
int signers_lang_lookup(const char *text, const char **code);

#endif
