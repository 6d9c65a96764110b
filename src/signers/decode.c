/* Bytes to text: every later step sees valid UTF-8 without NUL bytes. The
 * order of detection is in docs/signers.md ("Encoding"). */
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "signers/model.h"
#include "util/error.h"
#include "util/i18n.h"
#include "util/utf8.h"

#define REPLACEMENT 0xFFFDu

static const char *upper_dup(struct pool *p, const char *s)
{
	size_t n = strlen(s);
	char *d = pool_strndup(p, s, n);
	for (size_t i = 0; d && i < n; i++)
		if (d[i] >= 'a' && d[i] <= 'z')
			d[i] = (char)(d[i] - 'a' + 'A');
	return d;
}

/* Copies UTF-8, replacing invalid sequences and NUL bytes with U+FFFD so
 * that every later stage sees valid, NUL-free text. */
static bool sanitize_utf8(struct buf *out, const char *in, size_t len)
{
	uint32_t cp;

	if (!buf_reserve(out, len))
		return false;
	for (size_t i = 0; i < len;) {
		size_t run = i;
		while (run < len && (unsigned char)in[run] < 0x80 && in[run] != '\0')
			run++;
		if (run > i && !buf_add(out, in + i, run - i))
			return false;
		i = run;
		if (i >= len)
			break;
		int n = utf8_decode(in + i, len - i, &cp);
		if (n < 0 || cp == 0) {
			if (!buf_addcp(out, REPLACEMENT))
				return false;
			i++;
		} else {
			if (!buf_add(out, in + i, (size_t)n))
				return false;
			i += (size_t)n;
		}
	}
	return buf_reserve(out, 0);
}

/* Converts with iconv; a byte it cannot convert becomes U+FFFD, so that the
 * row holding it is reported instead of the whole file failing. */
static int convert(struct buf *out, const char *in, size_t len, const char *from, const char *label,
                   size_t unit, struct appeal_error *err)
{
	iconv_t cd = iconv_open("UTF-8", from);
	struct buf tmp = {0};
	char *src = (char *)in;
	size_t left = len;

	if (cd == (iconv_t)-1) {
		char shown[64];
		err_quote(shown, sizeof(shown), label);
		err_set(err, APPEAL_EINVAL, _("unknown encoding '%s'"), shown);
		err_hint(err, _("use utf-8, windows-1252, latin-1 or utf-16"));
		return APPEAL_EINVAL;
	}
	while (left > 0) {
		if (!buf_reserve(&tmp, left * 2 + 16))
			goto nomem;
		char *dst = tmp.data + tmp.len;
		size_t room = tmp.cap - tmp.len - 1;
		size_t r = iconv(cd, &src, &left, &dst, &room);
		tmp.len = (size_t)(dst - tmp.data);
		if (r != (size_t)-1)
			break;
		if (errno == E2BIG)
			continue;
		/* EILSEQ, or EINVAL for a sequence cut off at the end. */
		if (!buf_addcp(&tmp, REPLACEMENT))
			goto nomem;
		size_t skip = unit < left ? unit : left;
		src += skip;
		left -= skip;
		iconv(cd, NULL, NULL, NULL, NULL);
	}
	iconv_close(cd);
	if (!buf_reserve(&tmp, 0))
		goto nomem;
	tmp.data[tmp.len] = '\0';
	/* iconv's output is valid UTF-8; only NUL bytes need replacing, and
	 * usually there are none, so the copy can be saved. */
	if (!memchr(tmp.data, '\0', tmp.len)) {
		*out = tmp;
		return 0;
	}
	bool ok = sanitize_utf8(out, tmp.data, tmp.len);
	free(tmp.data);
	return ok ? 0 : err_nomem(err);
nomem:
	iconv_close(cd);
	free(tmp.data);
	return err_nomem(err);
}

static bool same_name(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char x = *a, y = *b;
		if (x == '-' || x == '_')
			x = '-';
		if (y == '-' || y == '_')
			y = '-';
		if ((x | 0x20) != (y | 0x20))
			return false;
	}
	return *a == *b;
}

/* Friendly spellings to iconv names; anything else goes to iconv as is. */
static const char *encoding_name(const char *e)
{
	static const char *const alias[][2] = {
		{"utf8", "UTF-8"},       {"utf-8", "UTF-8"},          {"utf-8-sig", "UTF-8"},
		{"cp1252", "WINDOWS-1252"}, {"windows-1252", "WINDOWS-1252"}, {"ansi", "WINDOWS-1252"},
		{"latin1", "ISO-8859-1"}, {"latin-1", "ISO-8859-1"},  {"iso-8859-1", "ISO-8859-1"},
		{"utf16", "UTF-16"},     {"utf-16", "UTF-16"},        {"utf-16le", "UTF-16LE"},
		{"utf-16be", "UTF-16BE"},
	};
	for (size_t i = 0; i < sizeof(alias) / sizeof(alias[0]); i++)
		if (same_name(e, alias[i][0]))
			return alias[i][1];
	return e;
}

int signers_decode(struct appeal_signers *s, const unsigned char *in, size_t len, const char *option,
                  struct buf *out, struct appeal_error *err)
{
	const char *bom = NULL;
	size_t bomlen = 0, bad = 0;
	const char *enc;
	char reason[160];

	if (len >= 3 && in[0] == 0xEF && in[1] == 0xBB && in[2] == 0xBF) {
		bom = "UTF-8";
		bomlen = 3;
	} else if (len >= 2 && in[0] == 0xFF && in[1] == 0xFE) {
		bom = "UTF-16LE";
		bomlen = 2;
	} else if (len >= 2 && in[0] == 0xFE && in[1] == 0xFF) {
		bom = "UTF-16BE";
		bomlen = 2;
	}
	if (option) {
		enc = encoding_name(option);
		/* A BOM of the same family is dropped; "utf-16" takes its order. */
		if (bom && strncmp(enc, "UTF-", 4) == 0 && strncmp(enc, bom, strlen(enc)) == 0) {
			enc = bom;
			in += bomlen;
			len -= bomlen;
		}
		snprintf(reason, sizeof(reason), "%s", _("given as an option"));
	} else if (bom) {
		enc = bom;
		in += bomlen;
		len -= bomlen;
		snprintf(reason, sizeof(reason), _("byte order mark %s"), bomlen == 3 ? "EF BB BF" : in[-2] == 0xFF ? "FF FE" : "FE FF");
	} else if (len >= 4 && in[0] && !in[1] && in[2] && !in[3]) {
		/* Exports without a BOM still betray UTF-16 by their NUL bytes. */
		enc = "UTF-16LE";
		snprintf(reason, sizeof(reason), "%s", _("no byte order mark, but every second byte is NUL"));
	} else if (len >= 4 && !in[0] && in[1] && !in[2] && in[3]) {
		enc = "UTF-16BE";
		snprintf(reason, sizeof(reason), "%s", _("no byte order mark, but every second byte is NUL"));
	} else if (utf8_valid((const char *)in, len, &bad)) {
		enc = "UTF-8";
		bool ascii = true;
		for (size_t i = 0; i < len && ascii; i++)
			ascii = in[i] < 0x80;
		snprintf(reason, sizeof(reason), "%s", ascii ? _("plain ASCII, read as UTF-8") : _("valid UTF-8"));
	} else {
		int line = 1;
		enc = "WINDOWS-1252";
		for (size_t i = 0; i < bad; i++)
			line += in[i] == '\n';
		snprintf(reason, sizeof(reason), _("not valid UTF-8 (byte 0x%02X on line %d), read as Windows-1252"),
		         in[bad], line);
	}
	s->encoding = upper_dup(&s->pool, enc);
	s->encoding_reason = pool_strndup(&s->pool, reason, strlen(reason));
	if (!s->encoding || !s->encoding_reason)
		return err_nomem(err);
	if (strcmp(s->encoding, "UTF-8") == 0)
		return sanitize_utf8(out, (const char *)in, len) ? 0 : err_nomem(err);
	size_t unit = strncmp(s->encoding, "UTF-16", 6) == 0 ? 2 : strncmp(s->encoding, "UTF-32", 6) == 0 ? 4 : 1;
	return convert(out, (const char *)in, len, s->encoding, option ? option : s->encoding, unit, err);
}
