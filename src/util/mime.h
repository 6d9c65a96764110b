/* Writing Internet messages: RFC 5322 header fields folded to 78
 * characters, RFC 2047 encoded-words for non-ASCII text in headers, RFC 2231
 * parameters, quoted-printable and base64 bodies, format=flowed text
 * (RFC 3676), dates, and the check of an e-mail address. Every writer
 * appends to a struct buf (whose failure is sticky: check it once at the
 * end) and ends its lines with CRLF. Nothing here allocates anything else
 * or fails otherwise. */
#ifndef APPEAL_UTIL_MIME_H
#define APPEAL_UTIL_MIME_H

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"

/* The longest line a writer here makes, CRLF not counted (RFC 5322 2.1.1
 * recommends 78). */
#define MIME_LINE_MAX 78

/* A field whose value is plain ASCII with no need of encoding ("Date",
 * "MIME-Version", "Message-ID"), folded at its spaces. */
void mime_field(struct buf *b, const char *name, const char *value);

/* An unstructured field such as Subject: UTF-8 text on one line. Words
 * with characters outside ASCII (and words too long for a line) become
 * RFC 2047 encoded-words in UTF-8, so the field decodes to exactly `value`. */
void mime_unstructured(struct buf *b, const char *name, const char *value);

/* One mailbox: `name` may be NULL or "" (the address alone); `addr` is an
 * address that mime_addr_check() accepts. */
struct mime_mailbox {
	const char *name;
	const char *addr;
};

/* An address field (From, To): the mailboxes separated by commas; a
 * display name is written as an atom, a quoted string, or encoded-words
 * when it holds characters outside ASCII. */
void mime_address_field(struct buf *b, const char *name, const struct mime_mailbox *list, size_t n);

/* A field with a value and parameters (Content-Type, Content-Disposition):
 * `params` holds nparams pairs of name and UTF-8 value. A value that is an
 * RFC 2045 token is written bare, other ASCII text quoted, anything else
 * in the RFC 2231 extended form (UTF-8, percent-encoded, split into
 * numbered sections so that lines stay short). */
void mime_param_field(struct buf *b, const char *name, const char *value, const char *const *params,
                      size_t nparams);

/* The text (LF or CRLF line ends) as quoted-printable: lines of at most 76
 * characters, trailing white space encoded, and a line that would start
 * with "From " or "." has its first character encoded, so the body passes
 * mbox files and SMTP untouched. */
void mime_qp(struct buf *b, const char *text, size_t len);

/* The bytes as base64 in lines of 76 characters. */
void mime_base64(struct buf *b, const void *data, size_t len);

/* Appends the text reflowed as format=flowed (RFC 3676) with LF line ends,
 * ready for mime_qp(): every input line is a paragraph, wrapped before
 * `width` characters with a trailing space at each soft break; an empty
 * input line stays empty; lines that would start with a space, '>' or
 * "From " are space-stuffed. A word longer than the width keeps its line. */
void mime_flowed(struct buf *b, const char *text, size_t width);

/* The date-time `epoch` (seconds since 1970, UTC) as RFC 5322 writes it,
 * "Sat, 28 Nov 2026 12:00:00 +0000", in English whatever the locale.
 * Returns out. */
char *mime_date(char *out, size_t size, long long epoch);

/* Checks an e-mail address (addr-spec: local@domain): the local part a
 * dot-atom of at most 64 characters, the domain host names of letters,
 * digits and '-' with at least one dot, ASCII only, at most 254 in all.
 * Quoted local parts and address literals are refused: no mail program an
 * office uses needs them. On failure *bad is the byte offset of the problem
 * and *why a message (static, untranslated: wrap it in _() to show it). */
bool mime_addr_check(const char *addr, size_t len, size_t *bad, const char **why);

#endif
