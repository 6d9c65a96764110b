/* libFuzzer: the hyphenator on any bytes as a word. The first byte picks
 * the language and whether the word is announced first (the partial
 * pattern load); points must stay inside the word and on code point
 * boundaries. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "typeset/hyphen.h"

#ifndef FUZZ_HYPHEN_DIR
#define FUZZ_HYPHEN_DIR "/usr/share/hyphen"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	bool spanish = data[0] & 1, announce = data[0] & 2;
	/* Loading every pattern takes milliseconds: one hyphenator per language
	 * is kept for words not announced; an announced word gets a new one. */
	static struct hyphenator *full[2];
	struct hyphenator *h = announce ? NULL : full[spanish];
	if (!h)
		h = hyphenator_new(FUZZ_HYPHEN_DIR, spanish ? "es" : "en", NULL);
	if (!h)
		abort(); /* the patterns must be installed */
	if (!announce)
		full[spanish] = h;
	char *word = malloc(size);
	unsigned char *points = calloc(size, 1);
	if (!word || !points)
		abort();
	memcpy(word, data + 1, size - 1);
	word[size - 1] = '\0';
	if (announce)
		hyphenator_expect(h, word);
	int n = hyphenate(h, word, size - 1, points);
	int count = 0;
	for (size_t i = 0; i < size - 1; i++) {
		if (!points[i])
			continue;
		count++;
		/* a break only between two code points, never at the very end */
		if (i + 1 >= size - 1 || ((unsigned char)word[i + 1] & 0xC0) == 0x80)
			abort();
	}
	if (n >= 0 && n != count)
		abort();
	free(word);
	free(points);
	if (announce)
		hyphenator_free(h);
	return 0;
}
