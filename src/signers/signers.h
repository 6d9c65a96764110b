/* Signer tables: CSV, TSV, JSON and JSON Lines as offices really send them,
 * read whole into memory and checked row by row (see docs/signers.md).
 * The public part is in include/appeal.h; this header adds the internals
 * the tests reach. */
#ifndef APPEAL_SIGNERS_H
#define APPEAL_SIGNERS_H

#include <stddef.h>

#include "appeal.h"

/* The largest input accepted, and the most columns a header may have. */
#define SIGNERS_MAX_BYTES ((size_t)256 << 20)
#define SIGNERS_MAX_COLUMNS 10000

/* Folds s for comparison: Latin letters to lower-case ASCII without accents,
 * runs of white space to one space, trimmed. The caller owns the result and
 * frees it with free(); NULL when out of memory. Exposed for tests. */
char *signers_fold(const char *s, size_t len);

#endif
