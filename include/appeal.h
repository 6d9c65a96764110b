/* appeal — personalised Urgent Action letters as PDF or plain text.
 *
 * The flow is one-way: a letter (campaign JSON) and a signer are filled into a
 * document; a document is laid out and drawn into a PDF, or written as text.
 *
 * Conventions
 * - Every string in and out is UTF-8.
 * - Constructors return a pointer or NULL; operations return 0 or a negative
 *   APPEAL_E* code. Both take a trailing `struct appeal_error *` that may be
 *   NULL; when given, it receives the first error with its position.
 * - Ownership is stated in each comment: "The caller owns the result" means
 *   it must be released with the named _free function; "Borrowed" means it
 *   lives as long as the object it came from. Every _free(NULL) does nothing.
 * - The library never prints and never exits. One document, one output
 *   per thread; there is no global mutable state.
 *
 * Growing without breaking (libappeal.so.0, symbol node APPEAL_0)
 * - Structs the caller fills in and hands over (the options of signers,
 *   output, batch and send, and struct appeal_signer) start with
 *   `unsigned int version`. Start from the _INIT macro or the _init()
 *   function and set what differs. A later release adds fields at the end
 *   and raises the version; it still reads a struct of an older version,
 *   and refuses one of a version it does not know with APPEAL_EINVAL and a
 *   message.
 * - Structs the library fills and lends (appeal_signer_row,
 *   appeal_signer_problem, appeal_batch_record, appeal_send_record) are
 *   reached through a pointer the library owns: fields may be added at the
 *   end without a version.
 * - Structs the caller allocates for the library to fill in, and small
 *   values (appeal_error, appeal_date, appeal_stats, appeal_batch_summary,
 *   appeal_send_summary) are fixed: their size is part of the ABI, so they
 *   change only with a new soname; a new figure comes with a new function.
 *   They are not versioned because callers declare them with `= {0}` just
 *   before a call, and a version would have to be set before every call
 *   for fields no one has asked for yet.
 * - Anything else is opaque (struct appeal_letter, appeal_output...).
 * - A new function goes into a new node of appeal.map; removing or
 *   changing one, or a fixed struct, raises the soname.
 */
#ifndef APPEAL_H
#define APPEAL_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(APPEAL_BUILDING) && defined(__GNUC__)
#define APPEAL_EXPORT __attribute__((visibility("default")))
#else
#define APPEAL_EXPORT
#endif

/* ------------------------------------------------------------------ errors */

enum appeal_code {
	APPEAL_OK = 0,
	APPEAL_ENOMEM = -1,   /* out of memory */
	APPEAL_EIO = -2,      /* a file could not be read or written */
	APPEAL_ESYNTAX = -3,  /* malformed input (JSON, CSV, UTF-8) */
	APPEAL_EINVAL = -4,   /* well-formed input with a wrong value */
	APPEAL_EGLYPH = -5,   /* a character the fonts cannot draw */
	APPEAL_EPDF = -6,     /* libharu refused the document */
	APPEAL_ENOTFOUND = -7 /* no such letter, language or file */
};

/* Where and why something failed. Positions count from 1; 0 means unknown.
 * Fixed layout (see "Growing without breaking" above): callers keep it on
 * the stack and the library writes into it.
 * `path` names the place inside a structured input ("es.paragraphs[2]"),
 * `row`/`field` the place in a signer table. */
struct appeal_error {
	int code;
	char source[256];
	int line;
	int column;
	long row;
	char field[64];
	char path[128];
	char message[512];
	char hint[256];
};

/* Clears an error so it can be reused. */
APPEAL_EXPORT void appeal_error_clear(struct appeal_error *err);

/* Formats the error as one line "source:line:column: message" (the parts
 * that are known) into buf, truncating to size. Returns buf. */
APPEAL_EXPORT char *appeal_error_format(const struct appeal_error *err, char *buf, size_t size);

/* The library version, "MAJOR.MINOR.PATCH". Static storage. */
APPEAL_EXPORT const char *appeal_version(void);

/* Writes size bytes to `path` atomically: a temporary file beside it
 * (PATH.appeal.tmp, mode 0666 & ~umask, locked while it is written),
 * flushed to disk, then renamed, so a reader sees the whole file or none;
 * on failure nothing is left behind. Fails at once when another run is
 * writing the same path. "-" writes to standard output. */
APPEAL_EXPORT int appeal_write_file(const char *path, const void *data, size_t size, struct appeal_error *err);

/* The same in two steps, so that a run claims its output before doing the
 * work: appeal_file_open() checks that `path` is not a folder and that its
 * folder is writable, and creates and locks the temporary file (failing
 * at once when another run holds it); appeal_file_commit() writes, flushes
 * and renames it; appeal_file_abort() removes it. Both end and free the
 * handle. Not for "-". */
struct appeal_file;
APPEAL_EXPORT struct appeal_file *appeal_file_open(const char *path, struct appeal_error *err);
APPEAL_EXPORT int appeal_file_commit(struct appeal_file *f, const void *data, size_t size, struct appeal_error *err);
APPEAL_EXPORT void appeal_file_abort(struct appeal_file *f);

/* ------------------------------------------------------------------ dates */

/* A calendar day. Fixed: a value, copied in and out. */
struct appeal_date {
	int year, month, day; /* month 1-12, day 1-31 */
};

/* Parses "YYYY-MM-DD" and checks it is a real calendar date. */
APPEAL_EXPORT int appeal_date_parse(struct appeal_date *out, const char *text, struct appeal_error *err);

/* Today in UTC, or the day of SOURCE_DATE_EPOCH when that is set (so that
 * builds and tests are reproducible). Fails on a malformed SOURCE_DATE_EPOCH. */
APPEAL_EXPORT int appeal_date_today(struct appeal_date *out, struct appeal_error *err);

/* Writes the date as a person writes it in `lang` ("28 November 2026",
 * "28 de noviembre de 2026"). Returns the length, or a negative code for an
 * unknown language or a buffer that is too small. */
APPEAL_EXPORT int appeal_date_format(char *buf, size_t size, const struct appeal_date *date, const char *lang);

/* Negative, zero or positive as a is before, the same as, or after b. */
APPEAL_EXPORT int appeal_date_compare(const struct appeal_date *a, const struct appeal_date *b);

/* -------------------------------------------------------------- languages */

/* The languages appeal writes letters in: one row each of a table
 * (src/lang/lang.c) with the language's dates, page labels, quotation marks
 * and hyphenation. */

/* The code ("es") of the language `name` stands for: a code, a name such as
 * "Español", "spanish" or "castellano" (in any case, accents optional) or a
 * region tag ("es-MX", "ES-es", "pt_BR", "de_DE.UTF-8"). NULL when appeal
 * does not know the language. Static storage. */
APPEAL_EXPORT const char *appeal_language_code(const char *name);

/* The codes of every language, in the table's order: 0 .. count-1. Static. */
APPEAL_EXPORT size_t appeal_language_count(void);
APPEAL_EXPORT const char *appeal_language_at(size_t i);

/* The language's name in itself ("Español"), or NULL for an unknown code.
 * Static. */
APPEAL_EXPORT const char *appeal_language_name(const char *code);

/* ------------------------------------------------------------------ letters */

struct appeal_letter;

/* Loads and validates a campaign letter file (see docs/letter-format.md).
 * Fails with APPEAL_ENOTFOUND or APPEAL_EIO for the file, APPEAL_ESYNTAX for
 * malformed JSON or UTF-8 or a duplicate key, APPEAL_EINVAL for a wrong
 * value; errors carry the file name, line and column. The caller owns the
 * result and frees it with appeal_letter_free(). */
APPEAL_EXPORT struct appeal_letter *appeal_letter_load(const char *path, struct appeal_error *err);

/* The same from memory; `source` names the input in messages. The input is
 * copied. */
APPEAL_EXPORT struct appeal_letter *appeal_letter_parse(const char *json, size_t len, const char *source,
                                                        struct appeal_error *err);

APPEAL_EXPORT void appeal_letter_free(struct appeal_letter *letter);

/* Borrowed: valid until the letter is freed. */
APPEAL_EXPORT const char *appeal_letter_id(const struct appeal_letter *letter);
APPEAL_EXPORT const char *appeal_letter_title(const struct appeal_letter *letter);
/* The title of the text in `lang` (what its PDF is titled), or the
 * campaign's title when there is no such text. Borrowed. */
APPEAL_EXPORT const char *appeal_letter_title_in(const struct appeal_letter *letter, const char *lang);
APPEAL_EXPORT const char *appeal_letter_issuer(const struct appeal_letter *letter);
APPEAL_EXPORT const char *appeal_letter_link(const struct appeal_letter *letter);
APPEAL_EXPORT const char *appeal_letter_source(const struct appeal_letter *letter);
APPEAL_EXPORT struct appeal_date appeal_letter_deadline(const struct appeal_letter *letter);
/* Whether the file marks itself as the default campaign. */
APPEAL_EXPORT bool appeal_letter_is_default(const struct appeal_letter *letter);

/* Languages with a text, in file order: index 0 .. count-1. Borrowed. */
APPEAL_EXPORT size_t appeal_letter_language_count(const struct appeal_letter *letter);
APPEAL_EXPORT const char *appeal_letter_language(const struct appeal_letter *letter, size_t i);
APPEAL_EXPORT bool appeal_letter_has_language(const struct appeal_letter *letter, const char *lang);

/* ------------------------------------------------------------------ catalog */

/* The letters found in one directory (every *.json in it, sorted by id). */
struct appeal_catalog;

/* Loads every letter in `dir`. A file that fails to load is an error: a
 * broken campaign should be fixed, not skipped. An empty directory gives an
 * empty catalog. The caller owns the result
 * and frees it with appeal_catalog_free(). */
APPEAL_EXPORT struct appeal_catalog *appeal_catalog_open(const char *dir, struct appeal_error *err);
APPEAL_EXPORT void appeal_catalog_free(struct appeal_catalog *catalog);
APPEAL_EXPORT size_t appeal_catalog_count(const struct appeal_catalog *catalog);
/* Borrowed: valid until the catalog is freed. */
APPEAL_EXPORT const struct appeal_letter *appeal_catalog_letter(const struct appeal_catalog *catalog, size_t i);
/* The letter with this id, or NULL. Borrowed. */
APPEAL_EXPORT const struct appeal_letter *appeal_catalog_find(const struct appeal_catalog *catalog, const char *id);
/* The only letter, or the one marked default; NULL when that is ambiguous.
 * Borrowed. */
APPEAL_EXPORT const struct appeal_letter *appeal_catalog_default(const struct appeal_catalog *catalog);

/* ------------------------------------------------------------------ signers */

#define APPEAL_SIGNER_VERSION 1

/* One person signing. Every field is UTF-8 and borrowed by the functions that
 * take it; NULL or "" means absent. Only `name` is required. The caller
 * allocates it and it has grown before (signature_data, email), so it carries
 * a version: start from APPEAL_SIGNER_INIT or appeal_signer_init(). */
struct appeal_signer {
	unsigned int version;       /* APPEAL_SIGNER_VERSION */
	const char *name;
	const char *city;
	const char *note;           /* a paragraph in the signer's own words */
	const char *signature_png;  /* path to a PNG drawn above the typed name */
	struct appeal_date date;    /* all zero: today (see appeal_date_today) */
	/* The same PNG in memory instead of a file (e.g. from a web form);
	 * copied by appeal_document_fill(). At most one of the two is given. */
	const void *signature_data;
	size_t signature_size;
	const char *email;          /* the signer's address: From: of an e-mail letter */
};
#define APPEAL_SIGNER_INIT {.version = APPEAL_SIGNER_VERSION}

/* Fills signer with the defaults of APPEAL_SIGNER_INIT for `version` (pass
 * APPEAL_SIGNER_VERSION). Returns 0, or APPEAL_EINVAL for a version this
 * library does not know. */
APPEAL_EXPORT int appeal_signer_init(struct appeal_signer *signer, unsigned int version);

/* Longest accepted name and city, in bytes; a note may be longer. */
#define APPEAL_MAX_NAME 200
#define APPEAL_MAX_NOTE 4000
/* Longest accepted e-mail address, in bytes (RFC 5321 4.5.3.1.3). */
#define APPEAL_MAX_EMAIL 254

/* ------------------------------------------------------------------ documents */

/* A filled letter: blocks of text ready for layout, independent of fonts. */
struct appeal_document;

/* Fills the letter's text in `lang` for the signer: placeholders replaced,
 * the date localised, the note set as its own paragraph. Signer values are
 * inserted literally. Fails on a missing name, an unknown language, invalid
 * UTF-8 or control characters in a field. The caller owns the result and
 * frees it with appeal_document_free(). */
APPEAL_EXPORT struct appeal_document *appeal_document_fill(const struct appeal_letter *letter, const char *lang,
                                                           const struct appeal_signer *signer,
                                                           struct appeal_error *err);
APPEAL_EXPORT void appeal_document_free(struct appeal_document *doc);

/* The plain text of the letter for an e-mail body, lines wrapped at
 * `width` columns (0: one line per paragraph). The caller owns the result
 * and frees it with free(). */
APPEAL_EXPORT char *appeal_document_text(const struct appeal_document *doc, int width, struct appeal_error *err);

/* ------------------------------------------------------------------ typesetting */

enum appeal_paper { APPEAL_PAPER_A4 = 0, APPEAL_PAPER_LETTER = 1 };

/* Quality figures of one laid-out letter (see docs/typography.md). Fixed
 * layout: the caller allocates it and the library fills it; more figures
 * would come with a new function. */
struct appeal_stats {
	int pages;
	int lines;             /* body lines, all paragraphs */
	int hyphenated;        /* lines that end in an inserted hyphen */
	double median_stretch; /* word gap / natural space, justified lines */
	double worst_stretch;
	bool tightened;        /* a page was saved by setting paragraphs tighter */
};

/* Checks that the letter's address block shows through the window of a
 * window envelope on every paper appeal sets, in each of its languages: A4
 * folded for a DL envelope (DIN 5008 form B) and US Letter folded in thirds
 * for a #10 envelope (docs/layout.md). The addressee's title, name and
 * address lines are measured as the letter prints them, each on one line,
 * against the window's width and the number of lines it shows. Fails with
 * APPEAL_EINVAL naming the first line that does not fit, with its path in the
 * file ("addressee.address[2]"), its line and column and a hint; with the
 * fonts' error when font_dir (as in appeal_output_options) cannot be read. */
APPEAL_EXPORT int appeal_letter_check_window(const struct appeal_letter *letter, const char *font_dir,
                                             struct appeal_error *err);

/* ------------------------------------------------------------------ output */

/* What an output writes. A PDF holds pages laid out for print; plain text is
 * the letter as an e-mail body, several letters separated by a line holding
 * only a form feed (U+000C), so that `pr`, `less` and printers start each
 * letter on a new page and a script can split the file with csplit. An .eml
 * is one letter as an e-mail message from the signer (the document's
 * e-mail address, required), its text as the body and its PDF attached; an
 * mbox holds many (docs/mail.md). */
enum appeal_format {
	APPEAL_FORMAT_PDF = 0,
	APPEAL_FORMAT_TEXT = 1,
	APPEAL_FORMAT_EML = 2, /* one e-mail message from the signer, the PDF attached (docs/mail.md) */
	APPEAL_FORMAT_MBOX = 3 /* many such messages in one mailbox (mboxrd) */
};

#define APPEAL_OUTPUT_OPTIONS_VERSION 1

/* How letters are written. Start from APPEAL_OUTPUT_OPTIONS_INIT or
 * appeal_output_options_init(), then set what differs: a newer library
 * reads an older caller's struct by its version. */
struct appeal_output_options {
	unsigned int version;     /* APPEAL_OUTPUT_OPTIONS_VERSION */
	enum appeal_format format;
	enum appeal_paper paper;
	const char *font_dir;     /* directory holding the shipped fonts; required for PDF */
	const char *hyphen_dir;   /* hyph_en_US.dic, hyph_es_ES.dic; NULL: $APPEAL_HYPHEN_DIR, else the system's */
	bool ragged;              /* ragged-right body instead of justified */
	bool no_hyphenation;
	bool no_tighten;          /* never re-set paragraphs to save a page */
	int text_width;           /* text: wrap lines at this many columns; 0: one line per paragraph */
};
#define APPEAL_OUTPUT_OPTIONS_INIT                                                            \
	{                                                                                     \
		.version = APPEAL_OUTPUT_OPTIONS_VERSION, .format = APPEAL_FORMAT_PDF,        \
		.paper = APPEAL_PAPER_A4, .text_width = 72                                    \
	}

/* Fills opts with the defaults of APPEAL_OUTPUT_OPTIONS_INIT for `version`
 * (pass APPEAL_OUTPUT_OPTIONS_VERSION). Returns 0, or APPEAL_EINVAL for a
 * version this library does not know. */
APPEAL_EXPORT int appeal_output_options_init(struct appeal_output_options *opts, unsigned int version);

/* The file name extension of a format, without the dot ("pdf", "txt"), or
 * NULL for an unknown format. Static storage. */
APPEAL_EXPORT const char *appeal_format_extension(enum appeal_format format);

/* One file being built: one or many letters, then finished into a file or
 * memory, after which it is empty and ready for the next. Loads fonts and
 * hyphenation patterns once; keep one per thread and reuse it. */
struct appeal_output;

/* Fails with APPEAL_EINVAL for an unknown options version or format, or a
 * PDF without a font directory. The options are copied. The caller owns the
 * result and frees it with appeal_output_free(). */
APPEAL_EXPORT struct appeal_output *appeal_output_new(const struct appeal_output_options *opts,
                                                      struct appeal_error *err);
APPEAL_EXPORT void appeal_output_free(struct appeal_output *out);

/* Appends a letter: for PDF lays it out and draws its pages, for text adds
 * its text. A character the fonts cannot draw fails with APPEAL_EGLYPH
 * before anything is added, so the output is left as it was. `stats` may
 * be NULL; for text it is zeroed but for `pages` (1). The document is only
 * read. */
APPEAL_EXPORT int appeal_output_add(struct appeal_output *out, const struct appeal_document *doc,
                                    struct appeal_stats *stats, struct appeal_error *err);

/* Lays the document out as appeal_output_add() would and fills `stats`
 * (pages, lines...), but adds nothing: for asking "does this still fit on
 * one page?" as a signer types. For text, stats are those of add. */
APPEAL_EXPORT int appeal_output_measure(struct appeal_output *out, const struct appeal_document *doc,
                                        struct appeal_stats *stats, struct appeal_error *err);

/* Appends an empty page of the paper size (for two-sided printing, so that
 * the next letter starts on a new sheet). Formats without paper (text)
 * add nothing. */
APPEAL_EXPORT int appeal_output_add_blank(struct appeal_output *out, struct appeal_error *err);

/* Replaces the title and author the file would take from its first letter,
 * for a print file that holds many letters. The strings are copied; NULL
 * keeps the letter's own. Applies until the next finish. Plain text has no
 * metadata and ignores it. */
APPEAL_EXPORT int appeal_output_set_info(struct appeal_output *out, const char *title, const char *author,
                                         struct appeal_error *err);

/* Pages added since the last finish. For text every letter counts as one
 * page (the form feeds between them). */
APPEAL_EXPORT int appeal_output_page_count(const struct appeal_output *out);

/* Writes the file to `path` atomically (a temporary file beside it, then
 * rename), or to standard output when path is "-"; then starts a new, empty
 * output with the same options. Fails with APPEAL_EINVAL when no letter was
 * added. On failure nothing is left at `path`. */
APPEAL_EXPORT int appeal_output_finish(struct appeal_output *out, const char *path, struct appeal_error *err);

/* The same into memory. The caller owns *data and frees it with free(). */
APPEAL_EXPORT int appeal_output_finish_mem(struct appeal_output *out, unsigned char **data, size_t *size,
                                           struct appeal_error *err);

/* Drops everything added since the last finish. */
APPEAL_EXPORT void appeal_output_discard(struct appeal_output *out);

/* ------------------------------------------------------------------ signer tables */

#define APPEAL_SIGNERS_OPTIONS_VERSION 1

/* How a signer table is read. Start from APPEAL_SIGNERS_OPTIONS_INIT or
 * appeal_signers_options_init(), then set what differs: a newer library
 * reads an older caller's struct by its version. */
struct appeal_signers_options {
	unsigned int version;           /* APPEAL_SIGNERS_OPTIONS_VERSION */
	const char *format;             /* "csv", "tsv", "json", "jsonl", "xlsx", "ods", "xls"; NULL: by
	                                   extension, then content */
	const char *encoding;           /* any iconv name, e.g. "windows-1252"; NULL: detect */
	char delimiter;                 /* ',', ';' or '\t'; 0: detect */
	const char *const *map;         /* "field=Column" strings, NULL-terminated; NULL: none */
	const char *default_lang;       /* for rows without a language; NULL: none */
	/* A row with no language and no default_lang is a problem
	 * (APPEAL_SIGNER_NO_LANG): set it when the rows are to be printed. */
	bool require_lang;
	const char *sheet;              /* workbooks: the sheet to read, by name; NULL: the first */
};
#define APPEAL_SIGNERS_OPTIONS_INIT {.version = APPEAL_SIGNERS_OPTIONS_VERSION}

/* Fills opts with the defaults of APPEAL_SIGNERS_OPTIONS_INIT for `version`
 * (pass APPEAL_SIGNERS_OPTIONS_VERSION). Returns 0, or APPEAL_EINVAL for a
 * version this library does not know. */
APPEAL_EXPORT int appeal_signers_options_init(struct appeal_signers_options *opts, unsigned int version);

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
	APPEAL_SIGNER_BAD_LANG,      /* not a language appeal writes */
	APPEAL_SIGNER_DUPLICATE,     /* same name and city as an earlier row */
	APPEAL_SIGNER_NO_LANG        /* no language, and no default (require_lang) */
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
	bool lang_default;      /* `lang` is the default language: the row gave none */
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

/* Fills `out` for appeal_document_fill() from row i: a signer of
 * APPEAL_SIGNER_VERSION with name, city, note, date and e-mail; the strings
 * are borrowed from the table. Returns 0, or APPEAL_EINVAL when i is out of
 * range. */
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

/* Remarks on how the table was read, for people: a workbook's hidden rows,
 * a title above the header. Not problems: the rows are read. Borrowed. */
APPEAL_EXPORT size_t appeal_signers_note_count(const struct appeal_signers *signers);
APPEAL_EXPORT const char *appeal_signers_note(const struct appeal_signers *signers, size_t i);
/* The sheet read from a workbook (.xlsx, .ods, .xls), NULL for other
 * formats. Borrowed. */
APPEAL_EXPORT const char *appeal_signers_sheet(const struct appeal_signers *signers);

/* The data rows as a JSON array of objects, one member per column keyed by
 * appeal_signers_key(), every value the cell's text as read. The caller owns
 * the result and frees it with free(); NULL when out of memory. */
APPEAL_EXPORT char *appeal_signers_to_json(const struct appeal_signers *signers);

/* Data row i alone as that JSON object, for printing a large table row by
 * row: memory stays that of one row. The caller owns the result and frees
 * it with free(); NULL when i is out of range or out of memory. */
APPEAL_EXPORT char *appeal_signers_row_json(const struct appeal_signers *signers, size_t i);

/* ------------------------------------------------------------------ batch */

/* Many letters from a signer table: one combined file (optionally split
 * into files of N letters) or one file per signer, in any output format,
 * written atomically, in parallel, resumable, with a record of what
 * happened to every row. */

enum appeal_batch_status {
	APPEAL_BATCH_WRITTEN = 1, /* the letter is in `file`, pages first_page..last_page */
	APPEAL_BATCH_SKIPPED,     /* not written by this run: already there (resume), or the run stopped first */
	APPEAL_BATCH_FAILED       /* a bad row, or its file could not be made: see `error` */
};

#define APPEAL_BATCH_OPTIONS_VERSION 1

/* How a batch runs. Start from APPEAL_BATCH_OPTIONS_INIT or
 * appeal_batch_options_init(), then set what differs. */
struct appeal_batch_options {
	unsigned int version;       /* APPEAL_BATCH_OPTIONS_VERSION */
	const char *path;           /* the file to write, or the directory for per_signer; required */
	const char *source;         /* the table's name in messages, e.g. its path */
	bool per_signer;            /* one file per row in the directory `path` (made if missing) */
	size_t per_file;            /* combined: at most this many rows per file, OUT-0001.pdf...; 0: one file */
	bool duplex;                /* combined PDF: a blank back page so every letter starts a new sheet;
	                               formats without paper ignore it */
	const char *name_template;  /* per_signer: file names; NULL: "{name}" (see docs/batch.md) */
	struct appeal_date date;    /* for rows without a date; all zero: today */
	int jobs;                   /* threads; below 1 means 1 */
	int shard, shards;          /* only slice `shard` (1..shards) of the rows; shards 0: all rows */
	bool resume;                /* keep outputs that already exist complete */
	bool strict;                /* stop at the first bad row; nothing is written if a row is known bad */
	/* The format and how letters are set. Files are named with
	 * appeal_format_extension(output.format). A combined file of
	 * APPEAL_FORMAT_EML is refused (an .eml holds one message): use
	 * per_signer, or APPEAL_FORMAT_MBOX. */
	struct appeal_output_options output;
	/* Called after each row, from the thread that handled it, one call at a
	 * time; `done` of `total` rows are decided. Return nonzero to stop the
	 * run as soon as possible (files being written are finished, the others
	 * are not started). NULL: none. */
	int (*progress)(void *data, size_t done, size_t total);
	void *progress_data;
};
#define APPEAL_BATCH_OPTIONS_INIT                                                                  \
	{                                                                                          \
		.version = APPEAL_BATCH_OPTIONS_VERSION, .jobs = 1, .output = APPEAL_OUTPUT_OPTIONS_INIT \
	}

/* Fills opts with the defaults of APPEAL_BATCH_OPTIONS_INIT for `version`
 * (pass APPEAL_BATCH_OPTIONS_VERSION); its `output` gets those of
 * APPEAL_OUTPUT_OPTIONS_INIT. Returns 0, or APPEAL_EINVAL for a version
 * this library does not know. */
APPEAL_EXPORT int appeal_batch_options_init(struct appeal_batch_options *opts, unsigned int version);

/* What happened to one row of the run. Borrowed: valid until the batch is
 * freed. */
struct appeal_batch_record {
	long row;                         /* as a spreadsheet shows it */
	size_t index;                     /* for appeal_signers_row() */
	int status;                       /* enum appeal_batch_status */
	const char *file;                 /* the file the letter is (or would be) in; "" when none */
	int first_page, last_page;        /* in that file (text, mailbox: the letter's number in it); 0 when
	                                     not written by this run */
	const char *note;                 /* why it was skipped, or a warning (duplicate); "" when none */
	const struct appeal_error *error; /* FAILED: why, with source, row and column key; else NULL */
};

struct appeal_batch_summary {
	size_t rows;                /* rows in this run: the table, or the shard's slice of it */
	size_t written, skipped, failed; /* these add up to rows */
	size_t resumed;             /* of the skipped: already written by an earlier run */
	size_t files;               /* files written by this run */
	size_t pages;               /* pages in them, blank back pages included (text, e-mail: letters) */
	unsigned long long bytes;   /* their size */
	bool stopped;               /* ended early: --strict, the progress callback, or an error */
};

struct appeal_batch;

/* Plans a run: the rows of the shard, how they are split into files, and
 * file names (assigned over the whole table in row order, so they do not
 * depend on shards or jobs). The letter and the table are borrowed and must
 * outlive the batch; the option strings are copied. Fails with
 * APPEAL_EINVAL for a wrong option (version, template, shard, a combined
 * .eml). The caller owns the
 * result and frees it with appeal_batch_free(). */
APPEAL_EXPORT struct appeal_batch *appeal_batch_new(const struct appeal_letter *letter,
                                                    const struct appeal_signers *signers,
                                                    const struct appeal_batch_options *opts,
                                                    struct appeal_error *err);

/* Writes the letters. Bad rows are not errors: they are recorded as failed
 * and the run goes on (unless strict). Returns 0, or a negative code when
 * the run could not go on (fonts, an unwritable output); rows not reached are
 * then recorded as skipped. Runs once; a second call fails. Output is the
 * same, byte for byte, for any number of jobs. */
APPEAL_EXPORT int appeal_batch_run(struct appeal_batch *batch, struct appeal_error *err);

APPEAL_EXPORT void appeal_batch_free(struct appeal_batch *batch);

/* Rows in the run, in row order: i from 0 to count-1. Borrowed. */
APPEAL_EXPORT size_t appeal_batch_count(const struct appeal_batch *batch);
APPEAL_EXPORT const struct appeal_batch_record *appeal_batch_record(const struct appeal_batch *batch, size_t i);
APPEAL_EXPORT void appeal_batch_summary(const struct appeal_batch *batch, struct appeal_batch_summary *out);
/* Whether appeal_batch_run() was refused before trying any row: its
 * outputs could not be claimed (the folder cannot be made, another run is
 * writing them); its error said why. Every row is then skipped. (A
 * function, not a summary field: the summary's layout is fixed.) */
APPEAL_EXPORT bool appeal_batch_refused(const struct appeal_batch *batch);

/* The checks appeal_batch_run() makes of row i while writing it, without
 * writing: the signer filled into the letter in the row's language, then
 * laid out by `out` as it would be drawn (every character against the
 * fonts); rows with table problems are not checked again. 0: the row would
 * be written; 1: it would fail, with err as the run reports it (source,
 * row, column key, message, hint); negative: the run could not go on
 * (fonts, memory), err says why. `date` is for rows without one. For
 * `appeal inspect`, so it predicts batch's row errors and exit status. */
APPEAL_EXPORT int appeal_batch_check_row(struct appeal_output *out, const struct appeal_letter *letter,
                                         const struct appeal_signers *signers, size_t i,
                                         struct appeal_date date, const char *source, struct appeal_error *err);

/* Writes the record of every row atomically to `path`: JSON when the name
 * ends in ".json", CSV otherwise ("-": CSV on standard output). Columns:
 * row, name, lang, status, file, first_page, last_page, field, message. */
APPEAL_EXPORT int appeal_batch_write_manifest(const struct appeal_batch *batch, const char *path,
                                              struct appeal_error *err);

/* The same into a file claimed with appeal_file_open() before the run, so
 * that its folder is checked and its name held from the start; JSON or CSV
 * by the name it was opened with. Ends f in any case (committed, or
 * removed on failure). */
APPEAL_EXPORT int appeal_batch_commit_manifest(const struct appeal_batch *batch, struct appeal_file *f,
                                               struct appeal_error *err);

/* ------------------------------------------------------------------ sending */

/* Delivering e-mail letters (a directory of .eml files, one .eml file, or
 * an mbox, as `--format eml` writes them) through an SMTP submission
 * server, each message exactly once: a journal beside the source records
 * every message the server accepted, flushed to disk before the next one
 * goes, so a second run, or a run after a crash, sends only the rest. See
 * docs/mail.md for the one case that cannot be decided (a stop between
 * the end of a message and the server's answer) and what is done then. */

enum appeal_send_status {
	APPEAL_SEND_SENT = 1, /* accepted by the server in this run */
	APPEAL_SEND_ALREADY,  /* the journal says an earlier run delivered it */
	APPEAL_SEND_REFUSED,  /* the server refused it: `reply`; a later run tries again */
	APPEAL_SEND_FAILED,   /* it cannot be sent as it is, or its fate is unknown: `error` */
	APPEAL_SEND_SKIPPED,  /* not tried: a dry run, a Message-ID seen before, or the run stopped first: `note` */
	APPEAL_SEND_PENDING   /* a dry run: would be sent */
};

#define APPEAL_SEND_OPTIONS_VERSION 1

struct appeal_send_options {
	unsigned int version;      /* APPEAL_SEND_OPTIONS_VERSION */
	const char *source;        /* a directory of .eml files, one .eml file, or an mbox; required */
	const char *journal;       /* NULL: SOURCE.sent beside the source */
	const char *url;           /* smtp://host:587 (STARTTLS required) or smtps://host:465; no password in it */
	const char *user;          /* for AUTH; NULL: no login (or the user in the URL) */
	const char *password;      /* borrowed; from a file or the environment, never the command line */
	const char *ca_file;       /* trust this certificate authority (an office's own); NULL: the system's */
	bool plaintext;            /* no TLS at all: a relay on this machine only */
	const char *to;            /* the address for messages without To: (drafts); NULL: those fail */
	const char *envelope_from; /* MAIL FROM; NULL: each message's From: address */
	double rate;               /* at most this many messages a minute; 0: no limit */
	long timeout;              /* seconds for one message; 0: 120 */
	bool dry_run;              /* read everything, send nothing, connect to nothing */
	/* Called after each message and while waiting for --rate, one call at a
	 * time; `done` of `total` messages to send are decided. Nonzero stops
	 * the run after the message in flight. NULL: none. */
	int (*progress)(void *data, size_t done, size_t total);
	void *progress_data;
};
#define APPEAL_SEND_OPTIONS_INIT {.version = APPEAL_SEND_OPTIONS_VERSION}

/* What happened to one message. Borrowed: valid until the run is freed. */
struct appeal_send_record {
	const char *file;                 /* the file holding it */
	long index;                       /* its number in an mbox, from 1; 0 for a file of its own */
	const char *message_id;           /* "<...>"; "" when it has none (then it failed) */
	const char *from, *to, *subject;  /* decoded for people; "" when absent */
	int status;                       /* enum appeal_send_status */
	bool again;                       /* sent once more: an earlier run stopped while the server answered */
	int reply_code;                   /* the server's last answer: 250, 550...; 0 when not sent */
	const char *reply;                /* its words; "" when none */
	const char *note;                 /* SKIPPED: why; "" when none */
	const struct appeal_error *error; /* FAILED: why, with the file and line; else NULL */
};

struct appeal_send_summary {
	size_t messages;                            /* in the source */
	size_t sent, already, refused, failed, skipped, pending; /* these add up to messages */
	size_t again;                               /* of the sent: sent a second time (see `again`) */
	bool stopped;                               /* ended early: the callback, or the connection */
};

struct appeal_send;

/* Reads the source and the journal and decides what is to be sent; checks
 * the options and every message's header (From, To, Message-ID), so a
 * dry run reports every problem. Fails with APPEAL_EIO when the journal is
 * in use by another run. The option strings are copied, the password too
 * (and wiped when freed). The caller owns the result and frees it with
 * appeal_send_free(). */
APPEAL_EXPORT struct appeal_send *appeal_send_new(const struct appeal_send_options *opts, struct appeal_error *err);

/* Sends what is to be sent, in order. A refused or broken message is
 * recorded and the run goes on; a connection that cannot be made or kept,
 * or a journal that cannot be written, stops it (the error is returned and
 * the messages not reached are skipped). Runs once. */
APPEAL_EXPORT int appeal_send_run(struct appeal_send *s, struct appeal_error *err);

APPEAL_EXPORT void appeal_send_free(struct appeal_send *s);

/* Messages in source order, i from 0 to count-1. Borrowed. */
APPEAL_EXPORT size_t appeal_send_count(const struct appeal_send *s);
APPEAL_EXPORT const struct appeal_send_record *appeal_send_record(const struct appeal_send *s, size_t i);
APPEAL_EXPORT void appeal_send_summary(const struct appeal_send *s, struct appeal_send_summary *out);
/* The journal's path. Borrowed. */
APPEAL_EXPORT const char *appeal_send_journal(const struct appeal_send *s);

#ifdef __cplusplus
}
#endif
#endif
