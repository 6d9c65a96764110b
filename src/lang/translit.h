/* Names spelled in plain ASCII, for file names a person can read on any
 * system: Latin without accents, Greek by ELOT 743, Cyrillic by ICAO
 * Doc 9303. The rules, and why these schemes, are in docs/batch.md. */
#ifndef APPEAL_TRANSLIT_H
#define APPEAL_TRANSLIT_H

#include <stddef.h>
#include <stdint.h>

/* s (len bytes of UTF-8) in lower-case ASCII. First the compatibility
 * forms are folded (NFKC: "ﬁ" is "fi", full-width "Ａ" is "a", "²" is "2")
 * and accents split off, then each letter is spelled: Latin as its base
 * letter (ß "ss", æ "ae", ł "l"), Greek by ELOT 743 (θ "th", αυ "av" or
 * "af", μπ "b" or "mp"), Cyrillic by ICAO Doc 9303 (ж "zh", щ "shch",
 * я "ia"); decimal digits of any script become 0-9. Apostrophes and the
 * Catalan middle dot are dropped ("O’Brien" is "obrien"); ASCII is kept,
 * lower-cased; everything else becomes a space.
 * When a letter has no spelling (a script other than those three), it also
 * becomes a space and, if unknown is not NULL, the first such letter goes to
 * *unknown (0 when there was none), for the caller to say why a name is
 * missing. The caller owns the result and frees it with free(); NULL when
 * out of memory. Invalid UTF-8 is read as U+FFFD. */
char *translit_ascii(const char *s, size_t len, uint32_t *unknown);

/* The English name of cp's script in Unicode ("Han", "Arabic"), or
 * "unknown"; a static string. */
const char *translit_script_name(uint32_t cp);

#endif
