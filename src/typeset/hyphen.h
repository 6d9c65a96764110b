/* Hyphenation points for words, from libhyphen and Debian's patterns, with
 * the rules the patterns miss (see docs/typography.md). */
#ifndef APPEAL_HYPHEN_H
#define APPEAL_HYPHEN_H

#include <stdbool.h>
#include <stddef.h>

#include "appeal.h"

struct hyphenator;

/* Loads the patterns of the language `lang` (a code, name or region tag, see
 * lang_find) from dir: the file, minima and extra rules its row in lang.c
 * names. The caller owns the result and frees it with hyphenator_free(). */
struct hyphenator *hyphenator_new(const char *dir, const char *lang, struct appeal_error *err);
void hyphenator_free(struct hyphenator *h);

/* Announces text whose words will be hyphenated. Until the first word is,
 * the announced words decide which patterns libhyphen parses (only those
 * that can apply to them: a one-letter process reads a few hundred of the
 * 11,000 English ones); any other word later loads them all. Results are
 * the same either way. 0, or -1 when out of memory. */
int hyphenator_expect(struct hyphenator *h, const char *text);

/* Whether the patterns loaded so far are only some of them (for tests). */
bool hyphenator_is_partial(const struct hyphenator *h);

/* Marks where a UTF-8 word may break: after the call, points[i] is 1 when a
 * hyphen may follow byte i (only at code point boundaries). points must hold
 * len bytes. Words that must never break (numbers, URLs, e-mail addresses,
 * capitalised names, unless the language capitalises its nouns) get no points. Returns the number of points, or -1 when
 * out of memory while loading patterns. */
int hyphenate(struct hyphenator *h, const char *word, size_t len, unsigned char *points);

#endif
