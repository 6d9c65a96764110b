/* The one rule for a signer's value. Every table reader (rows.c) and
 * appeal_document_fill() apply it, so a name is accepted, cleaned or
 * refused alike whether it came from a spreadsheet cell or from
 * `appeal write --name`. The rule, in order:
 *
 * 1. white space around the value goes (space, tab, CR, LF, no-break space,
 *    U+FEFF);
 * 2. the value must be valid UTF-8;
 * 3. no control character (utf8_is_control), except that a tab is white
 *    space everywhere and a note may hold line breaks;
 * 4. the value is composed (NFC), so "José" typed as "Jose" + a combining
 *    accent is the same name and the fonts draw it whole;
 * 5. in a one-line value every run of spaces, tabs (and nothing else) is one
 *    space; in a note CR LF and CR become LF and spacing inside is kept;
 * 6. then it may be at most the field's length in bytes.
 *
 * Decided (docs/signers.md): a tab in a name is white space, not an error,
 * in a table as on the command line: "Ana<TAB>Pérez" becomes "Ana Pérez". */
#ifndef APPEAL_SIGNERS_VALUE_H
#define APPEAL_SIGNERS_VALUE_H

#include <stdbool.h>
#include <stddef.h>

#include "appeal.h"

enum value_field { VALUE_NAME, VALUE_CITY, VALUE_NOTE, VALUE_LANG, VALUE_DATE, VALUE_EMAIL };

enum value_fault {
	VALUE_OK = 0,
	VALUE_NOT_UTF8, /* APPEAL_ESYNTAX */
	VALUE_CONTROL,  /* a control character or a misplaced line break; APPEAL_EINVAL */
	VALUE_TOO_LONG, /* APPEAL_EINVAL */
	VALUE_NOMEM     /* APPEAL_ENOMEM */
};

/* Applies the rule to len bytes of s. On success *out is the clean value
 * (the caller owns it and frees it with free()) and VALUE_OK is returned.
 * Otherwise *out is NULL and err (may be NULL) holds the message, which
 * names the field and the character position, the hint and the field
 * ("name", "city", "note", "lang", "date", "email"). */
enum value_fault signer_value(const char *s, size_t len, enum value_field field, char **out,
                              struct appeal_error *err);

/* The field as messages name it ("name", "e-mail"), translated. Static. */
const char *signer_value_what(enum value_field field);

/* The longest value of a field, in bytes. */
size_t signer_value_max(enum value_field field);

/* Step 5 for one-line text: trimmed, every run of spaces, tabs and line
 * breaks one space. For the paragraphs of a note, which fill folds as a
 * word processor would. The caller owns the result and frees it with
 * free(); NULL when out of memory. */
char *signer_value_fold(const char *s, size_t len);

#endif
