/* Strings that never move: a pool of blocks, freed all at once, so pointers
 * handed out while a table grows stay valid until pool_free(). */
#ifndef APPEAL_UTIL_POOL_H
#define APPEAL_UTIL_POOL_H

#include <stddef.h>

struct pool_block;

struct pool {
	struct pool_block *head;
};

/* n bytes, or NULL when out of memory. Owned by the pool. */
char *pool_alloc(struct pool *p, size_t n);
/* A NUL-terminated copy of len bytes of s. Owned by the pool. */
char *pool_strndup(struct pool *p, const char *s, size_t len);
void pool_free(struct pool *p);

#endif
