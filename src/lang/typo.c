/* Straight quotes and doubled hyphens, as typed in letters and spreadsheets,
 * turned into the punctuation each language prints. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lang/lang.h"
#include "lang/typo.h"

#define MAX_DEPTH 16

struct typo {
	char *out;
	size_t n;
	uint32_t prev;  /* last code point written; 0 at the start */
	const struct lang *lang;
	uint32_t stack[MAX_DEPTH]; /* the opening mark of each open quotation */
	int depth;      /* open double quotes, including those typed curly */
	bool skip_space; /* after an opening « with French spacing */
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

static bool is_space_cp(uint32_t c)
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
		return is_space_cp(c);
	}
}

static void push(struct typo *t, uint32_t open)
{
	if (t->depth < MAX_DEPTH)
		t->stack[t->depth] = open;
	t->depth++;
}

static void pop(struct typo *t)
{
	if (t->depth > 0)
		t->depth--;
}

/* The closing mark for an opening one: the language's own pairs first
 * (German closes „ with “), then the marks typed curly in any language. */
static uint32_t closer(const struct typo *t, uint32_t open)
{
	if (open == t->lang->outer.open)
		return t->lang->outer.close;
	if (open == t->lang->inner.open)
		return t->lang->inner.close;
	switch (open) {
	case 0xAB: return 0xBB;     /* « » */
	case 0x201E: return 0x201C; /* „ “ */
	case 0x201A: return 0x2018; /* ‚ ‘ */
	case 0x2018: return 0x2019; /* ‘ ’ */
	default: return 0x201D;     /* “ ” */
	}
}

/* The opening mark of the innermost open quotation, or 0. */
static uint32_t top(const struct typo *t)
{
	if (t->depth == 0)
		return 0;
	return t->depth <= MAX_DEPTH ? t->stack[t->depth - 1] : t->lang->inner.open;
}

/* Typed curly quotes that open a quotation: « and “ always, and the
 * language's own marks. */
static bool is_opener(const struct typo *t, uint32_t c)
{
	return c == 0xAB || c == 0x201C || c == t->lang->outer.open || c == t->lang->inner.open;
}

/* With French spacing, what is typed as a space before a closing » or a
 * ; : ! ? becomes one narrow no-break space. */
static void space_before(struct typo *t)
{
	static const char *const spaces[] = {" ", "\xC2\xA0", "\xE2\x80\xAF", "\xE2\x80\x89"};

	for (size_t i = 0; i < sizeof(spaces) / sizeof(spaces[0]); i++) {
		size_t k = strlen(spaces[i]);
		if (t->n >= k && memcmp(t->out + t->n - k, spaces[i], k) == 0) {
			t->n -= k;
			break;
		}
	}
	put_cp(t, t->lang->quote_space);
}

static void open_mark(struct typo *t, uint32_t open)
{
	put_cp(t, open);
	push(t, open);
	if (t->lang->quote_space && open == 0xAB) {
		put_cp(t, t->lang->quote_space);
		t->skip_space = true;
	}
}

static void close_mark(struct typo *t, uint32_t close)
{
	if (t->lang->quote_space && close == 0xBB && t->n > 0)
		space_before(t);
	put_cp(t, close);
	pop(t);
}

/* With no quotation open, a quote after punctuation opens one too: in
 * "no","never" the second quote follows a comma, not a word. After a
 * letter or digit it still closes (a stray closer, or 12" for inches). */
static bool opens_unquoted_after(uint32_t c)
{
	return c < 0x80 && c != 0 && strchr(",.;:!?=+*/&%#@|\\_~^$-", (int)c) != NULL;
}

static void double_quote(struct typo *t)
{
	if (opens_after(t->prev) || (t->depth == 0 && opens_unquoted_after(t->prev))) {
		/* The language's marks outside, its inner ones inside. */
		open_mark(t, t->depth == 0 ? t->lang->outer.open : t->lang->inner.open);
		return;
	}
	close_mark(t, t->depth == 0 ? t->lang->outer.close : closer(t, top(t)));
}

/* French spacing before ; : ! ? — but not at the start, after a digit
 * (10:30), or after an opening bracket or one of themselves (?!). */
static bool wants_space_before(const struct typo *t, uint32_t c)
{
	uint32_t p = t->prev;

	if (!t->lang->quote_space || c >= 0x80 || !strchr(";:!?", (int)c) || c == 0)
		return false;
	if (p == 0 || p == '\n' || p == '\r' || p == '\t' || (p >= '0' && p <= '9') || p == 0xBF || p == 0xA1)
		return false;
	return !(p < 0x80 && strchr(";:!?([{<", (int)p));
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
	memset(&t, 0, sizeof(t));
	t.lang = lang_find(lang);
	if (!t.lang)
		t.lang = lang_by_code("en");
	/* Most text has nothing to change: a batch fills the same paragraphs
	 * thousands of times. */
	if (!strpbrk(utf8, t.lang->quote_space ? "\"';:!?" : "\"'") && !strstr(utf8, "--") &&
	    (!t.lang->quote_space || (!strstr(utf8, "\xC2\xAB") && !strstr(utf8, "\xC2\xBB"))))
		return strdup(utf8);
	len = strlen(utf8);
	/* Every replacement is at most three bytes for one typed byte; with
	 * French spacing, five (" becomes « and a narrow no-break space). */
	size_t grow = t.lang->quote_space ? 5 : 3;
	if (len > (SIZE_MAX - 1) / grow)
		return NULL;
	t.out = malloc(grow * len + 1);
	if (!t.out)
		return NULL;
	while (i < len) {
		unsigned char c = (unsigned char)utf8[i];
		uint32_t cp;
		size_t k;

		/* After an opening « with French spacing: the space is made. */
		if (t.skip_space) {
			k = decode((const unsigned char *)utf8 + i, &cp);
			if (cp == ' ' || cp == 0xA0 || cp == 0x202F) {
				i += k;
				continue;
			}
			t.skip_space = false;
		}
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
			if (t.depth > 0 && cp == closer(&t, top(&t))) {
				close_mark(&t, cp);
			} else if (is_opener(&t, cp)) {
				open_mark(&t, cp);
			} else {
				if (t.lang->quote_space && ((cp == 0xBB && t.n > 0) || wants_space_before(&t, cp)))
					space_before(&t);
				memcpy(t.out + t.n, utf8 + i, k);
				t.n += k;
				t.prev = cp;
			}
			i += k;
		}
	}
	t.out[t.n] = '\0';
	return t.out;
}
