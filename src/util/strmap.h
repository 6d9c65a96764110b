/* The one hash map: string keys (borrowed, they must outlive the map) to
 * size_t values, open addressing, O(1) expected per operation. A map made
 * with `nocase` compares keys without ASCII case ("Ana.pdf" is "ana.pdf"),
 * as case-insensitive file systems do. */
#ifndef APPEAL_UTIL_STRMAP_H
#define APPEAL_UTIL_STRMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct strmap {
	const char **keys;
	size_t *vals;
	size_t cap, n;
	bool nocase;
};
#define STRMAP_INIT {NULL, NULL, 0, 0, false}
#define STRMAP_INIT_NOCASE {NULL, NULL, 0, 0, true}

/* FNV-1a of the bytes; the one string hash of the project (a byte at a
 * time, so that a hash can grow with its string). */
uint64_t str_hash(const void *data, size_t len, uint64_t seed);
#define STR_HASH_SEED 14695981039346656037u

/* A hash of a block of bytes eight at a time, for long texts hashed often
 * (paragraphs: the layout's cache, the PDF's forms). Not str_hash's value. */
uint64_t mem_hash(const void *data, size_t len, uint64_t seed);

/* Whether key is present; its value goes to *val when val is not NULL. */
bool strmap_get(const struct strmap *m, const char *key, size_t *val);

/* Adds key unless present; returns 1 when added, 0 when present (the value
 * is not changed), -1 when out of memory. */
int strmap_put(struct strmap *m, const char *key, size_t val);

/* Sets the value of a present key, or adds it; 0, or -1 when out of memory. */
int strmap_set(struct strmap *m, const char *key, size_t val);

void strmap_free(struct strmap *m);

#endif
