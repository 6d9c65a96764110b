#include <stdlib.h>
#include <string.h>

#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>

#include "util/error.h"
#include "util/utf8.h"
#include "util/i18n.h"

int utf8_decode(const char *str, size_t len, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	uint32_t c;
	int n;

	if (len == 0)
		return -1;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		n = 2;
		c = s[0] & 0x1F;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		n = 3;
		c = s[0] & 0x0F;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		n = 4;
		c = s[0] & 0x07;
	} else {
		return -1;
	}
	if ((size_t)n > len)
		return -1;
	for (int i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return -1;
		c = (c << 6) | (s[i] & 0x3F);
	}
	/* Overlong forms, surrogates and values past U+10FFFF are invalid. */
	if ((n == 3 && c < 0x800) || (n == 4 && c < 0x10000) || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return -1;
	*cp = c;
	return n;
}

int utf8_encode(uint32_t cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

bool utf8_valid(const char *s, size_t len, size_t *bad)
{
	size_t i = 0;
	uint32_t cp;

	while (i < len) {
		int n = utf8_decode(s + i, len - i, &cp);
		if (n < 0) {
			if (bad)
				*bad = i;
			return false;
		}
		i += (size_t)n;
	}
	return true;
}

size_t utf8_length(const char *s, size_t len)
{
	size_t count = 0;

	for (size_t i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			count++;
	return count;
}

int utf8_check_field(const char *s, const char *field, size_t max_bytes, bool multiline, struct appeal_error *err)
{
	size_t len = strlen(s), bad, i = 0;
	uint32_t cp;

	if (!utf8_valid(s, len, &bad)) {
		err_set(err, APPEAL_ESYNTAX, _("the %s is not valid UTF-8 (byte %zu, character %zu)"), field, bad + 1,
		        utf8_length(s, bad) + 1);
		err_hint(err, _("save the text as UTF-8, or give its encoding"));
		err_field(err, field);
		return APPEAL_ESYNTAX;
	}
	if (len > max_bytes) {
		err_set(err, APPEAL_EINVAL, _("the %s is too long (%zu characters; at most %zu bytes)"), field,
		        utf8_length(s, len), max_bytes);
		err_hint(err, _("shorten it; a letter is read by a person"));
		err_field(err, field);
		return APPEAL_EINVAL;
	}
	while (i < len) {
		int n = utf8_decode(s + i, len - i, &cp);
		bool newline = cp == '\n' || cp == '\r';
		bool control = cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp == 0x2028 || cp == 0x2029;
		/* A tab is white space to fold; a line break only belongs in a note. */
		if (control && cp != '\t' && !(multiline && newline)) {
			err_set(err, APPEAL_EINVAL, _("the %s contains the control character U+%04X at character %zu"),
			        field, (unsigned)cp, utf8_length(s, i) + 1);
			err_hint(err, _("remove it; line breaks are only allowed in a note"));
		err_field(err, field);
			return APPEAL_EINVAL;
		}
		i += (size_t)n;
	}
	return 0;
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
