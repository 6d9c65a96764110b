#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "batch/filename.h"
#include "lang/translit.h"

bool filename_part(char *out, size_t size, const char *s, uint32_t *unknown)
{
	size_t len = strlen(out), slen = strlen(s);
	uint32_t first = 0;

	if (slen > 16 * size) {
		/* cut on a character's first byte */
		slen = 16 * size;
		while (slen > 0 && ((unsigned char)s[slen] & 0xC0) == 0x80)
			slen--;
	}
	char *t = translit_ascii(s, slen, &first);
	bool sep = false;

	if (!t)
		return false; /* a name made without the value would be another name */
	if (first && unknown)
		*unknown = first;
	for (const char *p = t; *p && len + 3 < size; p++) {
		char c = *p;
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			if (sep && len > 0 && out[len - 1] != '-')
				out[len++] = '-';
			sep = false;
			out[len++] = c;
		} else if (c >= 'A' && c <= 'Z') { /* translit lower-cases; be safe */
			if (sep && len > 0 && out[len - 1] != '-')
				out[len++] = '-';
			sep = false;
			out[len++] = (char)(c + 32);
		} else {
			sep = true;
		}
	}
	if (sep && len > 0 && out[len - 1] != '-' && len + 1 < size)
		out[len++] = '-';
	out[len] = '\0';
	free(t);
	return true;
}

bool filename_is_device(const char *stem)
{
	static const char *const devices[] = {"con", "prn", "aux", "nul"};
	size_t n = strcspn(stem, ".");

	for (size_t i = 0; i < sizeof(devices) / sizeof(devices[0]); i++)
		if (n == 3 && strncasecmp(stem, devices[i], 3) == 0)
			return true;
	return n == 4 && (strncasecmp(stem, "com", 3) == 0 || strncasecmp(stem, "lpt", 3) == 0) && stem[3] >= '0' &&
	       stem[3] <= '9';
}

const char *filename_take(struct filename_set *set, const char *stem, const char *ext)
{
	bool device = filename_is_device(stem);
	size_t sl = strlen(stem), el = strlen(ext);
	size_t at = device ? strcspn(stem, ".") : sl; /* where the number goes */
	size_t size = sl + el + 24, k;
	char *name = pool_alloc(&set->pool, size);

	if (!name)
		return NULL;
	if (!device) {
		snprintf(name, size, "%s%s", stem, ext);
		if (!strmap_get(&set->taken, name, NULL))
			return strmap_put(&set->taken, name, 1) < 0 ? NULL : name;
	}
	const char *key = NULL;
	if (!strmap_get(&set->next, stem, &k))
		k = device ? 1 : 2;
	else
		key = stem; /* present: the map keeps its own key */
	/* Each failed try is a name some other stem's row holds; each such name
	 * fails only one try ever, since the counter only goes up. */
	do
		snprintf(name, size, "%.*s-%zu%s%s", (int)at, stem, k++, stem + at, ext);
	while (strmap_get(&set->taken, name, NULL));
	if (strmap_put(&set->taken, name, 1) < 0)
		return NULL;
	if (!key && !(key = pool_strndup(&set->pool, stem, sl)))
		return NULL;
	return strmap_set(&set->next, key, k) < 0 ? NULL : name;
}

void filename_set_free(struct filename_set *set)
{
	strmap_free(&set->taken);
	strmap_free(&set->next);
	pool_free(&set->pool);
}
