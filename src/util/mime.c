/* Internet message writing. Folding happens in one place (struct fold): a
 * field is a list of tokens with the white space between them, and a line
 * is ended before a token that would pass MIME_LINE_MAX. Encoded-words and
 * RFC 2231 sections are cut so that each fits a line of its own. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "util/i18n.h"
#include "util/mime.h"
#include "util/utf8.h"

/* ------------------------------------------------------------ folding */

struct fold {
	struct buf *b;
	size_t col;
};

static void fold_start(struct fold *f, const char *name)
{
	buf_adds(f->b, name);
	buf_adds(f->b, ":");
	f->col = strlen(name) + 1;
}

/* Appends a token after `space` spaces (at least one when the token is not
 * glued to what came before), starting a continuation line first when the
 * token would not fit. The spaces go after the line break, so unfolding
 * (removing the CRLF) gives the text back. */
static void fold_put(struct fold *f, const char *tok, size_t n, size_t space)
{
	if (space > 0 && f->col + space + n > MIME_LINE_MAX) {
		buf_adds(f->b, "\r\n");
		f->col = 0;
	}
	for (size_t i = 0; i < space; i++)
		buf_addc(f->b, ' ');
	buf_add(f->b, tok, n);
	f->col += space + n;
}

static void fold_end(struct fold *f)
{
	buf_adds(f->b, "\r\n");
}

void mime_field(struct buf *b, const char *name, const char *value)
{
	struct fold f = {b, 0};
	const char *p = value;

	fold_start(&f, name);
	while (*p) {
		size_t sp = strspn(p, " ");
		size_t n = strcspn(p + sp, " ");
		if (n == 0)
			break;
		fold_put(&f, p + sp, n, sp ? sp : 1);
		p += sp + n;
	}
	fold_end(&f);
}

/* ------------------------------------------------------------ RFC 2047 */

static const char hex[] = "0123456789ABCDEF";

/* In the Q encoding only these stand for themselves in every place an
 * encoded-word may appear, a phrase included (RFC 2047 5.3). */
static bool q_literal(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '!' || c == '*' ||
	       c == '+' || c == '-' || c == '/';
}

/* Length of the Q form of one byte. */
static size_t q_len(unsigned char c)
{
	return q_literal(c) || c == ' ' ? 1 : 3;
}

static void q_put(struct buf *b, unsigned char c)
{
	if (q_literal(c)) {
		buf_addc(b, (char)c);
	} else if (c == ' ') {
		buf_addc(b, '_');
	} else {
		char e[3] = {'=', hex[c >> 4], hex[c & 15]};
		buf_add(b, e, 3);
	}
}

/* Length of the character at s (at most n bytes): whole UTF-8 sequences
 * stay in one encoded-word (RFC 2047 5, rule 3). */
static size_t char_len(const char *s, size_t n)
{
	uint32_t cp;
	int k = utf8_decode(s, n, &cp);
	return k > 0 ? (size_t)k : 1;
}

#define EW_OPEN "=?UTF-8?Q?"
#define EW_MAX 75 /* RFC 2047 2: an encoded-word is at most 75 characters */

/* Writes s[0..n) as encoded-words, the first after `space` spaces. Each
 * word takes what fits on the current line (a new line when little room is
 * left), so no line grows past MIME_LINE_MAX. */
static void put_encoded(struct fold *f, const char *s, size_t n, size_t space)
{
	struct buf w = BUF_INIT;
	size_t i = 0;

	while (i < n) {
		/* The room for this word: what is left of the line, at most EW_MAX. */
		size_t room = MIME_LINE_MAX > f->col + space ? MIME_LINE_MAX - f->col - space : 0;
		if (room < strlen(EW_OPEN) + 2 + 12 && f->col > 0) {
			buf_adds(f->b, "\r\n");
			f->col = 0;
			space = 1;
			room = MIME_LINE_MAX - 1;
		}
		if (room > EW_MAX)
			room = EW_MAX;
		buf_clear(&w);
		buf_adds(&w, EW_OPEN);
		do {
			size_t k = char_len(s + i, n - i), need = 0;
			for (size_t j = 0; j < k; j++)
				need += q_len((unsigned char)s[i + j]);
			if (w.len + need + 2 > room && w.len > strlen(EW_OPEN))
				break;
			for (size_t j = 0; j < k; j++)
				q_put(&w, (unsigned char)s[i + j]);
			i += k;
		} while (i < n);
		buf_adds(&w, "?=");
		if (w.failed) {
			f->b->failed = true;
			break;
		}
		/* Between two encoded-words the space is not part of the text. */
		fold_put(f, w.data, w.len, space);
		space = 1;
	}
	buf_free(&w);
}

static bool is_ascii_text(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] >= 0x7F)
			return false;
	return true;
}

/* A word of an unstructured field that cannot go as it is: characters
 * outside printable ASCII, something a reader would take for an
 * encoded-word, or too long for any line. */
static bool needs_encoding(const char *w, size_t n)
{
	if (!is_ascii_text(w, n) || n + 1 > MIME_LINE_MAX)
		return true;
	for (size_t i = 0; i + 1 < n; i++)
		if (w[i] == '=' && w[i + 1] == '?')
			return true;
	return false;
}

void mime_unstructured(struct buf *b, const char *name, const char *value)
{
	struct fold f = {b, 0};
	const char *p = value + strspn(value, " ");
	size_t space = 1;

	fold_start(&f, name);
	while (*p) {
		size_t n = strcspn(p, " ");
		if (!needs_encoding(p, n)) {
			fold_put(&f, p, n, space);
			p += n;
			space = strspn(p, " ");
			p += space;
			continue;
		}
		/* A run of words that need encoding goes into encoded-words
		 * together, the spaces between them inside. */
		const char *start = p, *end = p + n;
		p = end;
		for (;;) {
			size_t sp = strspn(p, " ");
			size_t m = strcspn(p + sp, " ");
			if (m == 0 || !needs_encoding(p + sp, m))
				break;
			p += sp + m;
			end = p;
		}
		put_encoded(&f, start, (size_t)(end - start), space);
		space = strspn(p, " ");
		p += space;
	}
	fold_end(&f);
}

/* ------------------------------------------------------------ addresses */

static bool is_atext(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c && strchr("!#$%&'*+-/=?^_`{|}~", c));
}

static const char b64_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void b64_put(struct buf *b, const unsigned char *p, size_t len)
{
	for (size_t i = 0; i < len; i += 3) {
		uint32_t v = (uint32_t)p[i] << 16;
		size_t k = len - i < 3 ? len - i : 3;
		if (k > 1)
			v |= (uint32_t)p[i + 1] << 8;
		if (k > 2)
			v |= p[i + 2];
		char q[4] = {b64_alphabet[v >> 18], b64_alphabet[(v >> 12) & 63], k > 1 ? b64_alphabet[(v >> 6) & 63] : '=',
		             k > 2 ? b64_alphabet[v & 63] : '='};
		buf_add(b, q, 4);
	}
}

/* Words of a display name that must be encoded: outside ASCII, or holding
 * a character a phrase cannot (',' '(' '"'...), or looking encoded. */
static bool phrase_word_plain(const char *w, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!is_atext((unsigned char)w[i]))
			return false;
	for (size_t i = 0; i + 1 < n; i++)
		if (w[i] == '=' && w[i + 1] == '?')
			return false;
	return n < 60;
}

/* A run of words as ONE encoded-word, in Q or, when only that fits, B.
 * Readers disagree about the space between two adjacent encoded-words in
 * a display name (RFC 2047 drops it, Python's email package keeps it), so
 * a run is split only when even B cannot hold it (more than 45 bytes of
 * UTF-8 without a plain word between). Q is preferred when it fits: a
 * person reading the source still sees the letters. */
static void put_phrase_run(struct fold *f, const char *s, size_t n, size_t space)
{
	size_t q = strlen(EW_OPEN) + 2, bl = strlen(EW_OPEN) + 2 + (n + 2) / 3 * 4;

	for (size_t i = 0; i < n; i++)
		q += q_len((unsigned char)s[i]);
	if (q > EW_MAX && bl > EW_MAX) {
		put_encoded(f, s, n, space);
		return;
	}
	struct buf w = BUF_INIT;
	if (q <= EW_MAX) { /* Q when it fits: a person reading the source sees the letters */
		buf_adds(&w, EW_OPEN);
		for (size_t i = 0; i < n; i++)
			q_put(&w, (unsigned char)s[i]);
	} else {
		buf_adds(&w, "=?UTF-8?B?");
		b64_put(&w, (const unsigned char *)s, n);
	}
	buf_adds(&w, "?=");
	if (w.failed)
		f->b->failed = true;
	else
		fold_put(f, w.data, w.len, space);
	buf_free(&w);
}

/* A display name: plain words as atoms, the others encoded (runs of them
 * together), or an ASCII name with specials as one quoted string. */
static void put_phrase(struct fold *f, const char *name, size_t space)
{
	size_t n = strlen(name);

	if (is_ascii_text(name, n) && n + 3 < MIME_LINE_MAX) {
		bool plain = true;
		for (const char *p = name; *p && plain;) {
			size_t sp = strspn(p, " "), m = strcspn(p + sp, " ");
			plain = m == 0 || phrase_word_plain(p + sp, m);
			p += sp + m;
		}
		if (!plain) {
			struct buf q = BUF_INIT;
			buf_addc(&q, '"');
			for (size_t i = 0; i < n; i++) {
				if (name[i] == '"' || name[i] == '\\')
					buf_addc(&q, '\\');
				buf_addc(&q, name[i]);
			}
			buf_addc(&q, '"');
			if (q.failed)
				f->b->failed = true;
			else
				fold_put(f, q.data, q.len, space);
			buf_free(&q);
			return;
		}
	}
	const char *p = name;
	while (*p) {
		size_t sp = strspn(p, " ");
		const char *w = p + sp;
		size_t m = strcspn(w, " ");
		if (m == 0)
			break;
		if (phrase_word_plain(w, m)) {
			fold_put(f, w, m, space);
			p = w + m;
		} else {
			/* This word and the following ones that also need encoding. */
			const char *end = w + m;
			for (;;) {
				size_t sp2 = strspn(end, " "), m2 = strcspn(end + sp2, " ");
				if (m2 == 0 || phrase_word_plain(end + sp2, m2))
					break;
				end += sp2 + m2;
			}
			put_phrase_run(f, w, (size_t)(end - w), space);
			p = end;
		}
		space = 1;
	}
}

void mime_address_field(struct buf *b, const char *name, const struct mime_mailbox *list, size_t n)
{
	struct fold f = {b, 0};
	char tok[300];

	fold_start(&f, name);
	for (size_t i = 0; i < n; i++) {
		const char *comma = i + 1 < n ? "," : "";
		if (list[i].name && list[i].name[0]) {
			put_phrase(&f, list[i].name, 1);
			snprintf(tok, sizeof(tok), "<%s>%s", list[i].addr, comma);
		} else {
			snprintf(tok, sizeof(tok), "%s%s", list[i].addr, comma);
		}
		fold_put(&f, tok, strlen(tok), 1);
	}
	fold_end(&f);
}

/* ------------------------------------------------------------ RFC 2231 */

static bool is_tspecial(unsigned char c)
{
	return c && strchr("()<>@,;:\\\"/[]?=", c);
}

static bool is_token(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if ((unsigned char)*s <= ' ' || (unsigned char)*s >= 0x7F || is_tspecial((unsigned char)*s))
			return false;
	return true;
}

/* RFC 2231 7: attribute-char, everything else is %XX. */
static bool is_attr_char(unsigned char c)
{
	return c > ' ' && c < 0x7F && c != '*' && c != '\'' && c != '%' && !is_tspecial(c);
}

static void put_param(struct fold *f, const char *name, const char *value, bool last)
{
	struct buf t = BUF_INIT;
	size_t n = strlen(value);
	const char *semi = last ? "" : ";";

	if (is_token(value) && strlen(name) + n + 3 < MIME_LINE_MAX) {
		buf_printf(&t, "%s=%s%s", name, value, semi);
	} else if (is_ascii_text(value, n) && strlen(name) + 2 * n + 5 < MIME_LINE_MAX) {
		buf_printf(&t, "%s=\"", name);
		for (size_t i = 0; i < n; i++) {
			if (value[i] == '"' || value[i] == '\\')
				buf_addc(&t, '\\');
			buf_addc(&t, value[i]);
		}
		buf_printf(&t, "\"%s", semi);
	}
	if (t.len) {
		if (t.failed)
			f->b->failed = true;
		else
			fold_put(f, t.data, t.len, 1);
		buf_free(&t);
		return;
	}
	/* Extended form, in sections that each fit a line of their own. */
	size_t total = 0;
	for (size_t i = 0; i < n; i++)
		total += is_attr_char((unsigned char)value[i]) ? 1 : 3;
	bool sections = strlen(name) + total + 10 + 1 >= MIME_LINE_MAX;
	size_t i = 0;
	for (int sec = 0; i < n || sec == 0; sec++) {
		buf_clear(&t);
		if (sections)
			buf_printf(&t, "%s*%d*=%s", name, sec, sec == 0 ? "UTF-8''" : "");
		else
			buf_printf(&t, "%s*=UTF-8''", name);
		while (i < n) {
			size_t k = char_len(value + i, n - i), need = 0;
			for (size_t j = 0; j < k; j++)
				need += is_attr_char((unsigned char)value[i + j]) ? 1 : 3;
			/* One column for the space before, one for the ';' after. */
			if (t.len + need + 2 > MIME_LINE_MAX && t.len > strlen(name) + 12)
				break;
			for (size_t j = 0; j < k; j++) {
				unsigned char c = (unsigned char)value[i + j];
				if (is_attr_char(c)) {
					buf_addc(&t, (char)c);
				} else {
					char e[3] = {'%', hex[c >> 4], hex[c & 15]};
					buf_add(&t, e, 3);
				}
			}
			i += k;
		}
		buf_adds(&t, i < n ? ";" : semi);
		if (t.failed) {
			f->b->failed = true;
			break;
		}
		fold_put(f, t.data, t.len, 1);
	}
	buf_free(&t);
}

void mime_param_field(struct buf *b, const char *name, const char *value, const char *const *params,
                      size_t nparams)
{
	struct fold f = {b, 0};

	fold_start(&f, name);
	fold_put(&f, value, strlen(value), 1);
	if (nparams) {
		buf_addc(b, ';');
		f.col++;
	}
	for (size_t i = 0; i < nparams; i++)
		put_param(&f, params[2 * i], params[2 * i + 1], i + 1 == nparams);
	fold_end(&f);
}

/* ------------------------------------------------------------ bodies */

#define QP_MAX 76

void mime_qp(struct buf *b, const char *text, size_t len)
{
	size_t i = 0;

	while (i < len) {
		size_t end = i;
		while (end < len && text[end] != '\n')
			end++;
		size_t stop = end > i && text[end - 1] == '\r' && end < len ? end - 1 : end;
		size_t col = 0;
		for (size_t j = i; j < stop; j++) {
			unsigned char c = (unsigned char)text[j];
			bool last = j + 1 == stop;
			for (int pass = 0; pass < 2; pass++) {
				bool start = col == 0;
				bool enc = c == '=' || (c < ' ' && c != '\t') || c >= 0x7F ||
				           ((c == ' ' || c == '\t') && last) ||
				           (start && (c == '.' || (stop - j >= 5 && memcmp(text + j, "From ", 5) == 0)));
				size_t w = enc ? 3 : 1;
				/* A soft break "=" needs the last column, unless this is
				 * the line's last character. */
				if (col + w > (last ? QP_MAX : QP_MAX - 1) && pass == 0) {
					buf_adds(b, "=\r\n");
					col = 0;
					continue;
				}
				if (enc) {
					char e[3] = {'=', hex[c >> 4], hex[c & 15]};
					buf_add(b, e, 3);
				} else {
					buf_addc(b, (char)c);
				}
				col += w;
				break;
			}
		}
		if (end < len)
			buf_adds(b, "\r\n");
		i = end + 1;
	}
}

void mime_base64(struct buf *b, const void *data, size_t len)
{
	const char *a = b64_alphabet;
	const unsigned char *p = data;
	size_t col = 0;

	if (!buf_reserve(b, len / 3 * 4 + len / 57 * 2 + 8))
		return;
	for (size_t i = 0; i < len; i += 3) {
		uint32_t v = (uint32_t)p[i] << 16;
		size_t k = len - i < 3 ? len - i : 3;
		if (k > 1)
			v |= (uint32_t)p[i + 1] << 8;
		if (k > 2)
			v |= p[i + 2];
		char q[4] = {a[v >> 18], a[(v >> 12) & 63], k > 1 ? a[(v >> 6) & 63] : '=', k > 2 ? a[v & 63] : '='};
		buf_add(b, q, 4);
		col += 4;
		if (col == 76) {
			buf_adds(b, "\r\n");
			col = 0;
		}
	}
	if (col)
		buf_adds(b, "\r\n");
}

/* RFC 3676 4.4: a line a reader could take for quoted text or an mbox
 * separator, or whose leading space would be lost, gets one more space. */
static void flowed_line_start(struct buf *b, const char *s, size_t n)
{
	if (n > 0 && (s[0] == ' ' || s[0] == '>' || (n >= 5 && memcmp(s, "From ", 5) == 0)))
		buf_addc(b, ' ');
}

void mime_flowed(struct buf *b, const char *text, size_t width)
{
	const char *p = text;

	while (*p) {
		size_t n = strcspn(p, "\n");
		size_t m = n;
		while (m > 0 && (p[m - 1] == ' ' || p[m - 1] == '\r'))
			m--; /* a trailing space would join the next paragraph */
		/* Words, each with the spaces after it; a line ends after a space. */
		size_t i = 0, line = 0, cols = 0;
		while (i < m) {
			size_t w = i;
			while (w < m && p[w] != ' ')
				w++;
			size_t s = w;
			while (s < m && p[s] == ' ')
				s++;
			size_t wcols = utf8_length(p + i, w - i);
			if (i > line && cols + wcols > width) {
				flowed_line_start(b, p + line, i - line);
				buf_add(b, p + line, i - line);
				buf_addc(b, '\n');
				line = i;
				cols = 0;
			}
			cols += wcols + (s - w);
			i = s;
		}
		flowed_line_start(b, p + line, m - line);
		buf_add(b, p + line, m - line);
		buf_addc(b, '\n');
		p += n;
		if (*p == '\n')
			p++;
	}
}

/* ------------------------------------------------------------ dates */

char *mime_date(char *out, size_t size, long long epoch)
{
	static const char days[][4] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	static const char months[][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	time_t t = (time_t)epoch;
	struct tm tm;

	if (!gmtime_r(&t, &tm)) {
		snprintf(out, size, "Thu, 01 Jan 1970 00:00:00 +0000");
		return out;
	}
	snprintf(out, size, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon],
	         tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
	return out;
}

/* ------------------------------------------------------------ checks */

static bool bad_at(size_t *bad, const char **why, size_t at, const char *msg)
{
	*bad = at;
	*why = msg;
	return false;
}

bool mime_addr_check(const char *addr, size_t len, size_t *bad, const char **why)
{
	const char *at = memchr(addr, '@', len);

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)addr[i];
		if (c >= 0x80)
			return bad_at(bad, why, i, N_("the e-mail address has a character outside ASCII"));
		if (c <= ' ' || c == 0x7F)
			return bad_at(bad, why, i, N_("the e-mail address has a space or control character"));
	}
	if (len == 0)
		return bad_at(bad, why, 0, N_("the e-mail address is empty"));
	if (!at)
		return bad_at(bad, why, len, N_("the e-mail address has no '@'"));
	size_t local = (size_t)(at - addr);
	if (local == 0)
		return bad_at(bad, why, 0, N_("the e-mail address has nothing before the '@'"));
	if (local > 64)
		return bad_at(bad, why, 64, N_("the part before the '@' is longer than 64 characters"));
	if (len > 254)
		return bad_at(bad, why, 254, N_("the e-mail address is longer than 254 characters"));
	for (size_t i = 0; i < local; i++) {
		char c = addr[i];
		if (c == '.' && (i == 0 || i + 1 == local || addr[i + 1] == '.'))
			return bad_at(bad, why, i, N_("a '.' before the '@' cannot start, end or double"));
		if (c != '.' && !is_atext((unsigned char)c))
			return bad_at(bad, why, i, N_("the e-mail address has a character not allowed before the '@'"));
	}
	const char *d = at + 1;
	size_t dlen = len - local - 1, label = 0, dots = 0;
	if (dlen == 0)
		return bad_at(bad, why, local + 1, N_("the e-mail address has nothing after the '@'"));
	for (size_t i = 0; i <= dlen; i++) {
		size_t off = local + 1 + i;
		char c = i < dlen ? d[i] : '.';
		if (c == '.') {
			if (label == 0)
				return bad_at(bad, why, off, N_("the domain after the '@' has an empty part"));
			if (d[i - 1] == '-')
				return bad_at(bad, why, off - 1, N_("a part of the domain ends with '-'"));
			if (label > 63)
				return bad_at(bad, why, off - 1, N_("a part of the domain is longer than 63 characters"));
			dots += i < dlen;
			label = 0;
			continue;
		}
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
		if (!ok)
			return bad_at(bad, why, off, N_("the domain after the '@' may hold only letters, digits, '-' and '.'"));
		if (c == '-' && label == 0)
			return bad_at(bad, why, off, N_("a part of the domain starts with '-'"));
		label++;
	}
	if (dots == 0)
		return bad_at(bad, why, len, N_("the domain after the '@' has no '.'"));
	return true;
}
