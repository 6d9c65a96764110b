/* Content-stream operators for a finished layout (see content.h). */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "backend/content.h"
#include "util/utf8.h"

void content_num(struct buf *b, double x)
{
	char s[40], *p = s + sizeof(s);
	double r = nearbyint(x * 1e5);
	bool neg = r < 0;
	/* Far beyond any page: written as a whole number. */
	uint64_t v = fabs(r) < 9e15 ? (uint64_t)fabs(r) : (uint64_t)9e15;
	int frac = (int)(v % 100000);

	v /= 100000;
	if (frac) {
		int digits = 5;
		while (frac % 10 == 0) {
			frac /= 10;
			digits--;
		}
		while (digits--) {
			*--p = (char)('0' + frac % 10);
			frac /= 10;
		}
		*--p = '.';
	}
	do {
		*--p = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	if (neg)
		*--p = '-';
	buf_add(b, p, (size_t)(s + sizeof(s) - p));
}

static void op1(struct buf *b, double x, const char *op)
{
	content_num(b, x);
	buf_addc(b, ' ');
	buf_adds(b, op);
}

static void op2(struct buf *b, double x, double y, const char *op)
{
	content_num(b, x);
	buf_addc(b, ' ');
	op1(b, y, op);
}

/* A literal string of Windows-1252 bytes: only the delimiters and the
 * backslash need escaping; control bytes go as octal so that no line end
 * inside a string can be rewritten by a tool. */
static void winansi_string(struct buf *b, const char *s)
{
	buf_addc(b, '(');
	while (*s) {
		size_t n = 0;
		while (s[n] && s[n] != '(' && s[n] != ')' && s[n] != '\\' && (unsigned char)s[n] >= 0x20)
			n++;
		buf_add(b, s, n);
		s += n;
		if (!*s)
			break;
		if ((unsigned char)*s < 0x20)
			buf_printf(b, "\\%03o", (unsigned char)*s);
		else
			buf_add(b, (const char[]){'\\', *s}, 2);
		s++;
	}
	buf_adds(b, ") Tj\n");
}

/* One word of a Unicode line as its two-byte codes (code = code point:
 * the Unicode face is a CID font whose CIDs are the code points). The
 * glyph check has refused anything beyond U+FFFF. */
static void unicode_string(struct buf *b, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t i = 0;
	uint32_t cp;

	buf_addc(b, '<');
	while (i < len) {
		int n = utf8_decode(s + i, len - i, &cp);
		if (n <= 0) {
			n = 1;
			cp = 0xFFFD;
		}
		if (cp > 0xFFFF)
			cp = 0;
		char h[4] = {hex[cp >> 12 & 15], hex[cp >> 8 & 15], hex[cp >> 4 & 15], hex[cp & 15]};
		buf_add(b, h, 4);
		i += (size_t)n;
	}
	buf_adds(b, "> Tj\n");
}

bool content_lines(struct buf *b, const struct ll_line *lines, size_t n, const int *font_ids)
{
	double x0 = n ? lines[0].x : 0, y0 = n ? lines[0].y : 0;
	double word_space = 0, char_space = 0, expand = 0, size = 0;
	int font = -1;

	buf_adds(b, "BT\n");
	for (size_t i = 0; i < n; i++) {
		const struct ll_line *line = &lines[i];
		if (font_ids[i] != font || line->size != size) {
			buf_printf(b, "/F%d ", font_ids[i]);
			op1(b, line->size, "Tf\n");
			font = font_ids[i];
			size = line->size;
		}
		if (line->x != x0 || line->y != y0)
			op2(b, line->x - x0, line->y - y0, "Td\n");
		x0 = line->x;
		y0 = line->y;
		if (line->expand != expand) {
			op1(b, 100 * (1 + line->expand), "Tz\n");
			expand = line->expand;
		}
		if (line->char_space != char_space) {
			op1(b, line->char_space, "Tc\n");
			char_space = line->char_space;
		}
		if (line->cut == FONT_WINANSI) {
			/* Word spacing applies to the single-byte space only: WinAnsi. */
			if (line->word_space != word_space) {
				op1(b, line->word_space, "Tw\n");
				word_space = line->word_space;
			}
			winansi_string(b, line->winansi);
			continue;
		}
		/* A Unicode line goes word by word, each at the typesetter's step
		 * and with its trailing space, so that copied text keeps it; each
		 * Td moves the line origin along. */
		const char *s = line->text;
		for (size_t k = 0; *s; k++) {
			size_t len = strcspn(s, " ");
			len += s[len] == ' ';
			if (line->steps[k] != 0) {
				op2(b, line->steps[k], 0, "Td\n");
				x0 += line->steps[k];
			}
			unicode_string(b, s, len);
			s += len;
		}
	}
	buf_adds(b, "ET\n");
	if (expand != 0)
		buf_adds(b, "100 Tz\n");
	if (char_space != 0)
		buf_adds(b, "0 Tc\n");
	if (word_space != 0)
		buf_adds(b, "0 Tw\n");
	return !b->failed;
}

bool content_rules(struct buf *b, const struct ll_rule *rules, int n)
{
	if (n <= 0)
		return !b->failed;
	buf_adds(b, "0.4 w\n0.45 G\n");
	for (int i = 0; i < n; i++) {
		op2(b, rules[i].x0, rules[i].y0, "m\n");
		op2(b, rules[i].x1, rules[i].y1, "l\n");
	}
	buf_adds(b, "S\n");
	return !b->failed;
}

bool content_xobject(struct buf *b, const char *name, double x, double y, double w, double h)
{
	buf_adds(b, "q\n");
	op1(b, w ? w : 1, "0 0 ");
	op1(b, h ? h : 1, "");
	op2(b, x, y, "cm\n");
	buf_printf(b, "/%s Do\nQ\n", name);
	return !b->failed;
}
