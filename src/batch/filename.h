/* Per-signer file names: a signer's value made into a safe ASCII name part,
 * and a set that hands out names unique without case, in O(1) each, none of
 * them a Windows device name. The rules are in docs/batch.md. */
#ifndef APPEAL_BATCH_FILENAME_H
#define APPEAL_BATCH_FILENAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/pool.h"
#include "util/strmap.h"

/* Appends the value s to the NUL-terminated out (size bytes in all) as
 * lower-case ASCII letters and digits (lang/translit.h), every other run of
 * characters one '-' (never one at the start of out); apostrophes vanish.
 * No '/', '.', space or control character can come out of it. Only the
 * first 16 × size bytes of s are read, so a huge cell costs no more than a
 * name. *unknown (when not NULL) is set to the first letter that has no
 * ASCII spelling, or left alone when there was none. Returns false, with
 * out unchanged, only when out of memory. */
bool filename_part(char *out, size_t size, const char *s, uint32_t *unknown);

/* Whether stem, up to its first '.', is a name Windows keeps for a device
 * (CON, PRN, AUX, NUL, COM0-COM9, LPT0-LPT9, any case): such a file cannot
 * be opened there, whatever its extension. */
bool filename_is_device(const char *stem);

/* The names given so far (compared without case, as Windows and macOS do)
 * and, for each stem, the next number to try. */
struct filename_set {
	struct strmap taken;  /* full name -> 1 */
	struct strmap next;   /* stem -> next number */
	struct pool pool;     /* the names and stems */
};
#define FILENAME_SET_INIT {STRMAP_INIT_NOCASE, STRMAP_INIT_NOCASE, {NULL}}

/* The first of stem+ext, stem-2+ext, stem-3+ext ... that no earlier call
 * took, compared without case. A device stem never gets its bare name:
 * "con" gives con-1, con-2 ...; "con.x" gives con-1.x. Each call costs
 * O(1) expected time, whatever the number of equal stems before it (the
 * number to try next is kept per stem). stem must not be empty. Returns the
 * name, owned by the set and valid until filename_set_free(); NULL when out
 * of memory. */
const char *filename_take(struct filename_set *set, const char *stem, const char *ext);

void filename_set_free(struct filename_set *set);

#endif
