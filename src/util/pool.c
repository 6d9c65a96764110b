#include <stdlib.h>
#include <string.h>

#include "util/pool.h"

#define POOL_BLOCK 65536

struct pool_block {
	struct pool_block *next;
	size_t used, cap;
	char data[];
};

char *pool_alloc(struct pool *p, size_t n)
{
	struct pool_block *b = p->head;

	if (!b || b->cap - b->used < n) {
		size_t cap = n > POOL_BLOCK ? n : POOL_BLOCK;
		b = malloc(sizeof(*b) + cap);
		if (!b)
			return NULL;
		b->used = 0;
		b->cap = cap;
		b->next = p->head;
		p->head = b;
	}
	b->used += n;
	return b->data + b->used - n;
}

char *pool_strndup(struct pool *p, const char *s, size_t len)
{
	char *d = pool_alloc(p, len + 1);

	if (d) {
		memcpy(d, s, len);
		d[len] = '\0';
	}
	return d;
}

void pool_free(struct pool *p)
{
	while (p->head) {
		struct pool_block *next = p->head->next;
		free(p->head);
		p->head = next;
	}
}
