#include <stdlib.h>
#include <string.h>

#include <unicase.h>
#include <unictype.h>
#include <unistr.h>
#include <uninorm.h>

#include "util/error.h"
#include "util/utf8.h"

/* libunistring does the decoding; these wrappers keep the project's
 * char-based signatures. u8_mbtoucr refuses overlong forms, surrogates and
 * values past U+10FFFF. */
int utf8_decode(const char *s, size_t len, uint32_t *cp)
{
	ucs4_t c;
	int n = len ? u8_mbtoucr(&c, (const uint8_t *)s, len) : -1;

	if (n < 0)
		return -1;
	*cp = c;
	return n;
}

int utf8_encode(uint32_t cp, char *out)
{
	int n = u8_uctomb((uint8_t *)out, cp, 4);
	/* A surrogate or a value past U+10FFFF has no encoding. */
	return n > 0 ? n : u8_uctomb((uint8_t *)out, 0xFFFD, 4);
}

bool utf8_valid(const char *s, size_t len, size_t *bad)
{
	const uint8_t *at = u8_check((const uint8_t *)s, len);

	if (at && bad)
		*bad = (size_t)(at - (const uint8_t *)s);
	return at == NULL;
}

bool utf8_is_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp == 0x2028 || cp == 0x2029;
}

bool utf8_is_space(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\v' || cp == '\f' || cp == 0xA0 ||
	       cp == 0xFEFF;
}

size_t utf8_length(const char *s, size_t len)
{
	return u8_mbsnlen((const uint8_t *)s, len);
}

/* Letters that NFD does not split into a base letter and marks. */
static const char *latin_spelling(uint32_t cp)
{
	switch (cp) {
	case 0xDF: return "ss";
	case 0xC6: case 0xE6: return "ae";
	case 0xD8: case 0xF8: return "o";
	case 0xD0: case 0xF0: case 0x110: case 0x111: return "d";
	case 0xDE: case 0xFE: return "th";
	case 0x126: case 0x127: return "h";
	case 0x131: return "i";
	case 0x141: case 0x142: return "l";
	case 0x152: case 0x153: return "oe";
	case 0x166: case 0x167: return "t";
	case 0x14A: case 0x14B: return "n";
	case 0x17F: return "s";
	default: return NULL;
	}
}

char *utf8_fold(const char *s, size_t len)
{
	size_t n = 0, o = 0;
	uint8_t *nfd = u8_normalize(UNINORM_NFD, (const uint8_t *)s, len, NULL, &n);
	/* A few lower-case letters take a byte more than their capital (Ⱥ, ⱥ):
	 * twice the length is always enough. */
	char *out = nfd ? malloc(2 * n + 1) : NULL;

	if (!out) {
		free(nfd);
		return NULL;
	}
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		int k = utf8_decode((const char *)nfd + i, n - i, &cp);
		if (k < 0) { /* u8_normalize gives valid UTF-8; be safe anyway */
			i++;
			continue;
		}
		i += (size_t)k;
		if (uc_combining_class(cp) != 0)
			continue;
		const char *spelled = latin_spelling(cp);
		if (spelled) {
			size_t sl = strlen(spelled);
			memcpy(out + o, spelled, sl);
			o += sl;
		} else {
			o += (size_t)utf8_encode(uc_tolower(cp), out + o);
		}
	}
	out[o] = '\0';
	free(nfd);
	return out;
}
