/* The one UTF-8 decoder (over libunistring), the one control-character
 * check, and folding for comparison. The rule for a signer's value is in
 * signers/value.h. */
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

/* The one control-character rule: C0 and C1 controls, DEL, and the line
 * and paragraph separators U+2028 and U+2029 (which no letter should hold
 * unseen). Tab, CR and LF are controls too; callers that allow them say so. */
bool utf8_is_control(uint32_t cp);

/* White space as a table cell or a typed value may carry it around the
 * text: space, tab, CR, LF, VT, FF, no-break space and U+FEFF. */
bool utf8_is_space(uint32_t cp);

/* Number of code points in a valid UTF-8 string. */
size_t utf8_length(const char *s, size_t len);

/* s folded for comparison and for ASCII file names: decomposed (NFD),
 * accents dropped, letters that do not decompose spelled in Latin (ß as
 * "ss", Ł as "l"), lower case. Other characters are kept. The caller owns
 * the result and frees it with free(); NULL when out of memory. */
char *utf8_fold(const char *s, size_t len);

#endif
