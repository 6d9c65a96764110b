/* Spreadsheet number formats, as far as a signer table needs them (see
 * numfmt.c). Internal to src/signers/. */
#ifndef APPEAL_SIGNERS_NUMFMT_H
#define APPEAL_SIGNERS_NUMFMT_H

#include <stdbool.h>
#include <stddef.h>

enum numfmt_kind { NUMFMT_GENERAL, NUMFMT_TEXT, NUMFMT_FIXED, NUMFMT_DATE, NUMFMT_DATETIME, NUMFMT_TIME };

struct numfmt {
	enum numfmt_kind kind;
	int int_digits; /* FIXED: at least this many digits before the point ("00000": 5) */
	int decimals;   /* FIXED: digits after it */
};

/* The kind of an Excel format code ("00000", "dd/mm/yyyy", "@"); only its
 * first section counts. */
struct numfmt numfmt_parse(const char *code);

/* The kind of a built-in Excel format (numFmtId below 164). */
struct numfmt numfmt_builtin(int id);

/* A serial day number (1900 or 1904 system) as "YYYY-MM-DD", "HH:MM:SS" or
 * both. */
void numfmt_serial_date(double serial, bool date1904, bool date, bool time, char *out, size_t size);

/* A number cell's text `value` as the format shows it, into out. False
 * when the text is not a number or the format is text: keep it as it is. */
bool numfmt_format(const struct numfmt *f, const char *value, bool date1904, char *out, size_t size);

#endif
