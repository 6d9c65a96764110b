/* UTF-8 decoding and the checks every signer value passes before use. */
#ifndef APPEAL_UTF8_H
#define APPEAL_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "appeal.h"

/* Decodes one code point from s (len bytes available). Returns the number of
 * bytes used, or -1 for an invalid, overlong or surrogate sequence. */
int utf8_decode(const char *s, size_t len, uint32_t *cp);

/* Encodes cp into out (4 bytes); returns the length. */
int utf8_encode(uint32_t cp, char *out);

/* Whether s is valid UTF-8; on failure *bad is the byte offset. */
bool utf8_valid(const char *s, size_t len, size_t *bad);

/* Number of code points in a valid UTF-8 string. */
size_t utf8_length(const char *s, size_t len);

/* Checks a signer field: valid UTF-8, at most max_bytes, no control
 * characters (line breaks allowed only when multiline). The error names
 * `field` and the character position. */
int utf8_check_field(const char *s, const char *field, size_t max_bytes, bool multiline, struct appeal_error *err);

/* s folded for comparison and for ASCII file names: decomposed (NFD),
 * accents dropped, letters that do not decompose spelled in Latin (ß as
 * "ss", Ł as "l"), lower case. Other characters are kept. The caller owns
 * the result and frees it with free(); NULL when out of memory. */
char *utf8_fold(const char *s, size_t len);

#endif
