/* Signer tables: CSV, TSV, JSON and JSON Lines as offices really send them,
 * read whole into memory and checked row by row (see docs/signers.md).
 *
 * Everything from "public" to "end of public" is meant for include/appeal.h;
 * the CLI may use only that part. */
#ifndef APPEAL_SIGNERS_H
#define APPEAL_SIGNERS_H

#include <stddef.h>

#include "appeal.h"

/* ------------------------------------------------------------ public */

struct appeal_signers_options {
	const char *format;             /* "csv", "json" or "jsonl"; NULL: by extension, then content */
	const char *encoding;           /* any iconv name, e.g. "windows-1252"; NULL: detect */
	char delimiter;                 /* ',', ';' or '\t'; 0: detect */
	const char *const *map;         /* "field=Column" strings, NULL-terminated; NULL: none */
	const char *default_lang;       /* for rows without a language; NULL: none */
};
#define APPEAL_SIGNERS_OPTIONS_INIT {NULL, NULL, 0, NULL, NULL}

/* What is wrong with a row. A row may have several problems; the row
 * carries the first, appeal_signers_problem() lists them all. Only
 * APPEAL_SIGNER_DUPLICATE leaves a row usable as it is. */
enum appeal_signer_problem_kind {
	APPEAL_SIGNER_OK = 0,
	APPEAL_SIGNER_EXTRA_FIELDS,  /* more non-empty cells than header columns */
	APPEAL_SIGNER_INVALID_TEXT,  /* undecodable bytes, NUL or control characters */
	APPEAL_SIGNER_MOJIBAKE,      /* "Ã©" and the like: UTF-8 read as Windows-1252 upstream */
	APPEAL_SIGNER_TOO_LONG,      /* longer than APPEAL_MAX_NAME / APPEAL_MAX_NOTE */
	APPEAL_SIGNER_EMPTY_NAME,
	APPEAL_SIGNER_BAD_DATE,      /* not YYYY-MM-DD, or no such day */
	APPEAL_SIGNER_BAD_LANG,      /* not English or Spanish */
	APPEAL_SIGNER_DUPLICATE      /* same name and city as an earlier row */
};

/* One problem. Strings are borrowed: valid until the table is freed.
 * `field` is the column's key (see appeal_signers_key), "" when the problem
 * concerns the whole row. */
struct appeal_signer_problem {
	long row;               /* as a spreadsheet shows it; header is row 1 */
	size_t index;           /* the row's index for appeal_signers_row() */
	int kind;               /* enum appeal_signer_problem_kind */
	const char *field;
	const char *message;    /* lower case, no row or field in it */
	const char *hint;       /* what to do; never NULL, may be "" */
};

/* One signer as read. Every string is borrowed (valid until the table is
 * freed), valid UTF-8 and never NULL: "" means absent. Values are trimmed of
 * surrounding white space; the note's CRLF line breaks become LF. `lang` is
 * "en", "es" or "" (unknown or absent and no default); `date` is the text as
 * written and `when` the parsed day (all zero when absent or wrong). */
struct appeal_signer_row {
	long row;
	const char *name, *city, *note, *lang, *date, *email;
	struct appeal_date when;
	int problem;            /* first problem's kind; APPEAL_SIGNER_OK when none */
	int problem_count;
	const char *problem_field, *problem_message, *problem_hint; /* "" when none */
};

/* A whole table read into memory. */
struct appeal_signers;

/* Reads a signer table; `path` "-" reads standard input. opts may be NULL.
 * Fails only when the table as a whole cannot be used: unreadable or too
 * large file, unknown encoding, malformed CSV or JSON (with row, field and
 * line:column), no name column (the message shows the header read), a
 * mapping naming a missing column. Bad rows are not failures: they come back
 * as problems. The caller owns the result and frees it with
 * appeal_signers_free(). */
APPEAL_EXPORT struct appeal_signers *appeal_signers_read(const char *path, const struct appeal_signers_options *opts,
                                                         struct appeal_error *err);

/* The same from memory. `source` names the input in messages and its
 * extension picks the format like a file name's; it may be NULL. The input
 * is copied. */
APPEAL_EXPORT struct appeal_signers *appeal_signers_read_mem(const void *data, size_t len, const char *source,
                                                             const struct appeal_signers_options *opts,
                                                             struct appeal_error *err);

APPEAL_EXPORT void appeal_signers_free(struct appeal_signers *signers);

/* Data rows, without the header and blank rows. */
APPEAL_EXPORT size_t appeal_signers_count(const struct appeal_signers *signers);
/* Borrowed: valid until the table is freed. NULL when i is out of range. */
APPEAL_EXPORT const struct appeal_signer_row *appeal_signers_row(const struct appeal_signers *signers, size_t i);

/* Fills `out` for appeal_document_fill() from row i: name, city, note and
 * date; the strings are borrowed from the table. Returns 0, or
 * APPEAL_EINVAL when i is out of range. */
APPEAL_EXPORT int appeal_signers_signer(struct appeal_signer *out, const struct appeal_signers *signers, size_t i);

/* Every problem in row order. Borrowed: valid until the table is freed. */
APPEAL_EXPORT size_t appeal_signers_problem_count(const struct appeal_signers *signers);
APPEAL_EXPORT const struct appeal_signer_problem *appeal_signers_problem(const struct appeal_signers *signers,
                                                                        size_t i);
/* A short name for a problem kind ("duplicate", "language", ...). Static. */
APPEAL_EXPORT const char *appeal_signers_problem_name(int kind);
/* Fills err (cleared first) so that appeal_error_format() prints
 * "source: row 7, field "Idioma": unknown language 'fr'". The code is
 * APPEAL_EINVAL. */
APPEAL_EXPORT void appeal_signers_problem_error(const struct appeal_signers *signers,
                                                const struct appeal_signer_problem *problem,
                                                struct appeal_error *err);

/* How the input was understood. Static or borrowed strings.
 * format: "csv", "json" or "jsonl"; encoding: the iconv name used, e.g.
 * "UTF-8", "WINDOWS-1252", "UTF-16LE"; the reasons say why, for people. */
APPEAL_EXPORT const char *appeal_signers_format(const struct appeal_signers *signers);
APPEAL_EXPORT const char *appeal_signers_encoding(const struct appeal_signers *signers);
APPEAL_EXPORT const char *appeal_signers_encoding_reason(const struct appeal_signers *signers);
/* The CSV delimiter, 0 for JSON. */
APPEAL_EXPORT char appeal_signers_delimiter(const struct appeal_signers *signers);
APPEAL_EXPORT const char *appeal_signers_delimiter_reason(const struct appeal_signers *signers);

/* Columns in file order (for JSON: keys in order of first appearance).
 * header: exactly as written (a leading BOM removed); key: the same made
 * unique and non-empty ("(column 3)", "Nombre (2)"), as used by problems and
 * appeal_signers_to_json(). Borrowed. */
APPEAL_EXPORT size_t appeal_signers_column_count(const struct appeal_signers *signers);
APPEAL_EXPORT const char *appeal_signers_header(const struct appeal_signers *signers, size_t column);
APPEAL_EXPORT const char *appeal_signers_key(const struct appeal_signers *signers, size_t column);
/* The key of the column feeding `field` ("name", "city", "lang", "note",
 * "date", "email", "first_name", "last_name", "second_last_name"), or NULL.
 * Borrowed. */
APPEAL_EXPORT const char *appeal_signers_column(const struct appeal_signers *signers, const char *field);
/* Columns that feed no field, by key, in file order. Borrowed. */
APPEAL_EXPORT size_t appeal_signers_unused_count(const struct appeal_signers *signers);
APPEAL_EXPORT const char *appeal_signers_unused(const struct appeal_signers *signers, size_t i);

/* The data rows as a JSON array of objects, one member per column keyed by
 * appeal_signers_key(), every value the cell's text as read. The caller owns
 * the result and frees it with free(); NULL when out of memory. */
APPEAL_EXPORT char *appeal_signers_to_json(const struct appeal_signers *signers);

/* ------------------------------------------------------------ end of public */

/* The largest input accepted, and the most columns a header may have. */
#define SIGNERS_MAX_BYTES ((size_t)256 << 20)
#define SIGNERS_MAX_COLUMNS 10000

/* Folds s for comparison: Latin letters to lower-case ASCII without accents,
 * runs of white space to one space, trimmed. The caller owns the result and
 * frees it with free(); NULL when out of memory. Exposed for tests. */
char *signers_fold(const char *s, size_t len);

#endif
