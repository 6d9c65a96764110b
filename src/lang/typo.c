/* Straight quotes and doubled hyphens, as typed in letters and spreadsheets,
 * turned into the punctuation each language prints. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lang/typo.h"

#define MAX_DEPTH 16

enum quote { Q_GUILLEMET, Q_DOUBLE };

struct typo {
	char *out;
	size_t n;
	uint32_t prev;  /* last code point written; 0 at the start */
	bool spanish;
	unsigned char stack[MAX_DEPTH];
	int depth;      /* open double quotes, including those typed curly */
};

static void put_cp(struct typo *t, uint32_t cp)
{
	if (cp < 0x80) {
		t->out[t->n++] = (char)cp;
	} else if (cp < 0x800) {
		t->out[t->n++] = (char)(0xC0 | cp >> 6);
		t->out[t->n++] = (char)(0x80 | (cp & 0x3F));
	} else {
		t->out[t->n++] = (char)(0xE0 | cp >> 12);
		t->out[t->n++] = (char)(0x80 | ((cp >> 6) & 0x3F));
		t->out[t->n++] = (char)(0x80 | (cp & 0x3F));
	}
	t->prev = cp;
}

/* Decodes leniently: this only has to recognise a few code points, and
 * bytes it does not understand are copied as they are. */
static size_t decode(const unsigned char *s, uint32_t *cp)
{
	size_t len, i;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	len = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC0 ? 2 : 1;
	*cp = s[0] & (0x3F >> (len - 1));
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*cp = 0xFFFD;
			return 1;
		}
		*cp = *cp << 6 | (s[i] & 0x3F);
	}
	if (len == 1)
		*cp = 0xFFFD;
	return len;
}

static bool is_space(uint32_t c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0 || c == 0x2009 || c == 0x202F;
}

/* After these a quote opens. */
static bool opens_after(uint32_t c)
{
	switch (c) {
	case 0: case '(': case '[': case '{': case '<':
	case 0xAB: case 0x201C: case 0x2018: case 0x201E: /* « “ ‘ „ */
	case 0xBF: case 0xA1:                             /* ¿ ¡ */
	case 0x2013: case 0x2014:                         /* – — */
		return true;
	default:
		return is_space(c);
	}
}

static void push(struct typo *t, enum quote q)
{
	if (t->depth < MAX_DEPTH)
		t->stack[t->depth] = (unsigned char)q;
	t->depth++;
}

static void pop(struct typo *t)
{
	if (t->depth > 0)
		t->depth--;
}

static int top(const struct typo *t)
{
	if (t->depth == 0)
		return -1;
	return t->depth <= MAX_DEPTH ? t->stack[t->depth - 1] : Q_DOUBLE;
}

static void double_quote(struct typo *t)
{
	if (opens_after(t->prev)) {
		/* Spanish: « » outside, “ ” inside. */
		enum quote q = t->spanish && t->depth == 0 ? Q_GUILLEMET : Q_DOUBLE;

		put_cp(t, q == Q_GUILLEMET ? 0xAB : 0x201C);
		push(t, q);
		return;
	}
	if (top(t) == Q_GUILLEMET || (t->depth == 0 && t->spanish))
		put_cp(t, 0xBB);
	else
		put_cp(t, 0x201D);
	pop(t);
}

/* A word that is a URL or an e-mail address keeps its quotes and hyphens;
 * punctuation after it is the sentence's, not the link's. */
static size_t link_length(const char *s)
{
	size_t n = 0, i;
	bool link = false;

	while (s[n] && s[n] != ' ' && s[n] != '\t' && s[n] != '\n' && s[n] != '\r')
		n++;
	for (i = 0; i < n && !link; i++)
		link = s[i] == '@' || (s[i] == ':' && i + 2 < n && s[i + 1] == '/' && s[i + 2] == '/') ||
		       (i + 4 <= n && strncmp(s + i, "www.", 4) == 0);
	if (!link)
		return 0;
	while (n > 0 && strchr("\"'.,;:!?)]", s[n - 1]))
		n--;
	return n;
}

static bool is_alnum(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

char *typo_apply(const char *utf8, const char *lang)
{
	struct typo t;
	size_t len, i = 0;

	if (!utf8)
		return NULL;
	/* Most text has nothing to change: a batch fills the same paragraphs
	 * thousands of times. */
	if (!strpbrk(utf8, "\"'") && !strstr(utf8, "--"))
		return strdup(utf8);
	len = strlen(utf8);
	if (len > (SIZE_MAX - 1) / 3)
		return NULL;
	memset(&t, 0, sizeof(t));
	/* Every replacement is at most three bytes for one typed byte. */
	t.out = malloc(3 * len + 1);
	if (!t.out)
		return NULL;
	t.spanish = lang && strncmp(lang, "es", 2) == 0;
	while (i < len) {
		unsigned char c = (unsigned char)utf8[i];
		uint32_t cp;
		size_t k;

		if ((is_alnum(c) || c == '<') && opens_after(t.prev) && (k = link_length(utf8 + i)) > 0) {
			memcpy(t.out + t.n, utf8 + i, k);
			t.n += k;
			i += k;
			t.prev = 'a'; /* as after a word: a quote here closes */
			continue;
		}
		if (c == '"') {
			double_quote(&t);
			i++;
		} else if (c == '\'') {
			bool digit_next = utf8[i + 1] >= '0' && utf8[i + 1] <= '9';

			/* '90s is an elision, not a quotation */
			put_cp(&t, opens_after(t.prev) && !digit_next ? 0x2018 : 0x2019);
			i++;
		} else if (c == '-' && utf8[i + 1] == '-') {
			for (k = 0; utf8[i + k] == '-'; k++)
				;
			i += k;
			for (; k >= 3; k -= 3)
				put_cp(&t, 0x2014);
			if (k == 2)
				put_cp(&t, 0x2013);
			else if (k == 1)
				put_cp(&t, '-');
		} else {
			k = decode((const unsigned char *)utf8 + i, &cp);
			if (i + k > len)
				k = 1;
			memcpy(t.out + t.n, utf8 + i, k);
			t.n += k;
			t.prev = cp;
			i += k;
			if (cp == 0xAB || cp == 0x201C)
				push(&t, cp == 0xAB ? Q_GUILLEMET : Q_DOUBLE);
			else if ((cp == 0xBB && top(&t) == Q_GUILLEMET) || (cp == 0x201D && top(&t) == Q_DOUBLE))
				pop(&t);
		}
	}
	t.out[t.n] = '\0';
	return t.out;
}
