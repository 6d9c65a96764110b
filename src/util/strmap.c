#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/strmap.h"

uint64_t str_hash(const void *data, size_t len, uint64_t seed)
{
	const unsigned char *p = data;
	uint64_t h = seed;

	for (size_t i = 0; i < len; i++)
		h = (h ^ p[i]) * 1099511628211u;
	return h;
}

uint64_t mem_hash(const void *data, size_t len, uint64_t seed)
{
	const unsigned char *p = data;
	uint64_t h = seed ^ len, w;
	size_t i = 0;

	for (; i + 8 <= len; i += 8) {
		memcpy(&w, p + i, 8);
		h = (h ^ w) * 0x9E3779B97F4A7C15u;
		h ^= h >> 29;
	}
	for (; i < len; i++)
		h = (h ^ p[i]) * 1099511628211u;
	return h ^ (h >> 32);
}

static size_t key_hash(const struct strmap *m, const char *key)
{
	if (!m->nocase)
		return (size_t)str_hash(key, strlen(key), STR_HASH_SEED);
	uint64_t h = STR_HASH_SEED;
	for (const char *s = key; *s; s++) {
		unsigned char c = (unsigned char)*s;
		h = (h ^ (c >= 'A' && c <= 'Z' ? c + 32u : c)) * 1099511628211u;
	}
	return (size_t)h;
}

static bool same(const struct strmap *m, const char *a, const char *b)
{
	return (m->nocase ? strcasecmp(a, b) : strcmp(a, b)) == 0;
}

/* The slot holding key, or the empty slot where it would go. */
static size_t slot(const struct strmap *m, const char *key)
{
	size_t i = key_hash(m, key) & (m->cap - 1);
	while (m->keys[i] && !same(m, m->keys[i], key))
		i = (i + 1) & (m->cap - 1);
	return i;
}

bool strmap_get(const struct strmap *m, const char *key, size_t *val)
{
	if (!m->cap)
		return false;
	size_t i = slot(m, key);
	if (!m->keys[i])
		return false;
	if (val)
		*val = m->vals[i];
	return true;
}

static int grow(struct strmap *m)
{
	size_t cap = m->cap ? m->cap * 2 : 64;
	const char **keys = calloc(cap, sizeof(*keys));
	size_t *vals = calloc(cap, sizeof(*vals));
	if (!keys || !vals) {
		free(keys);
		free(vals);
		return -1;
	}
	struct strmap n = {keys, vals, cap, m->n, m->nocase};
	for (size_t i = 0; i < m->cap; i++) {
		if (!m->keys[i])
			continue;
		size_t j = slot(&n, m->keys[i]);
		keys[j] = m->keys[i];
		vals[j] = m->vals[i];
	}
	free(m->keys);
	free(m->vals);
	*m = n;
	return 0;
}

static int put(struct strmap *m, const char *key, size_t val, bool replace)
{
	if ((m->n + 1) * 2 > m->cap && grow(m))
		return -1;
	size_t i = slot(m, key);
	if (m->keys[i]) {
		if (replace)
			m->vals[i] = val;
		return 0;
	}
	m->keys[i] = key;
	m->vals[i] = val;
	m->n++;
	return 1;
}

int strmap_put(struct strmap *m, const char *key, size_t val)
{
	return put(m, key, val, false);
}

int strmap_set(struct strmap *m, const char *key, size_t val)
{
	return put(m, key, val, true) < 0 ? -1 : 0;
}

void strmap_free(struct strmap *m)
{
	free(m->keys);
	free(m->vals);
	m->keys = NULL;
	m->vals = NULL;
	m->cap = m->n = 0;
}
