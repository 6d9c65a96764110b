/* Signer tables: CSV, TSV, JSON and JSON Lines as offices really send them,
 * read whole into memory and checked row by row (see docs/signers.md).
 * The public part is in include/appeal.h; this header adds the internals
 * the tests reach. */
#ifndef APPEAL_SIGNERS_H
#define APPEAL_SIGNERS_H

#include <stddef.h>

#include "appeal.h"

/* The largest input accepted, the most columns a header may have, the
 * longest column name and the longest header row (all names together, in
 * bytes of UTF-8). A header beyond these is not one a person wrote, and
 * every row's JSON (appeal inspect --json) repeats it, so it is refused
 * while the first row is read (docs/hardening.md). */
#define SIGNERS_MAX_BYTES ((size_t)256 << 20)
#define SIGNERS_MAX_COLUMNS 10000
#define SIGNERS_MAX_HEADER 1024
#define SIGNERS_MAX_HEADER_ROW ((size_t)64 << 10)

/* Folds s for comparison: Latin letters to lower-case ASCII without accents,
 * runs of white space to one space, trimmed. The caller owns the result and
 * frees it with free(); NULL when out of memory. Exposed for tests. */
char *signers_fold(const char *s, size_t len);

#endif
