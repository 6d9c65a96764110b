/* Hyphenation: libhyphen's pattern matching, then the rules the patterns do
 * not know (names, URLs, Spanish vowel groups and digraphs, TeX's minimum
 * lengths).
 *
 * Patterns are given to libhyphen lazily. libhyphen needs about 10 ms to
 * parse the 11,000 English patterns, most of what a one-letter `appeal
 * write` costs, while the words of one letter can use only a few hundred of
 * them: a pattern can apply to a word only when its letters occur in the
 * word with its boundaries (".word."). So until the first word is
 * hyphenated, the words the caller announces (hyphenator_expect) decide which
 * pattern lines libhyphen reads; the results for those words are the same as
 * with every pattern (tests/test_hyphen.c compares them), and the first
 * other word makes the hyphenator read all of them.
 *
 * Before all that, the memo built into the library (hyphen_memos, made at
 * build time from the shipped letters) answers for the words it knows, and
 * the pattern file is not even read until a word is not among them. */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <hyphen.h>
#ifndef __HYPHEN_H__
/* With src/ on the include path our own hyphen.h shadows libhyphen's, so
 * declare the three functions used (libhyphen 2.x). */
typedef struct _HyphenDict HyphenDict;
HyphenDict *hnj_hyphen_load_file(FILE *f);
void hnj_hyphen_free(HyphenDict *dict);
int hnj_hyphen_hyphenate2(HyphenDict *dict, const char *word, int word_size, char *hyphens, char *hyphenated_word,
                          char ***rep, int **pos, int **cut);
#endif

#include "util/error.h"
#include "util/pool.h"
#include "util/strmap.h"
#include "lang/lang.h"
#include "typeset/hyphen.h"
#include "util/utf8.h"
#include "util/i18n.h"

#define DEFAULT_DIR "/usr/share/hyphen"
#define MAX_CPS 64 /* longer tokens are not words worth hyphenating */
#define MIN_LETTERS 5
#define EXPECT_MAX 4096 /* words announced and remembered (hyphenator_expect) */
#define PENDING_MAX 4096 /* texts noted at once; more are read as they come */

#define MAX_PATTERNS_BYTES (16u << 20) /* Debian's largest file is under 1 MB */

static bool is_letter(uint32_t c);
static uint32_t to_lower(uint32_t c);

struct hyphenator {
	HyphenDict *dict;   /* NULL until the first word; then some or all patterns */
	bool full;          /* dict holds every pattern */
	FILE *unread;       /* the pattern file, until a word the memo lacks */
	char *path;         /* its name, for messages */
	const char *file;   /* hyph_<file>.dic */
	long long size, mtime_ns;
	const struct hyphen_memo *memo; /* NULL: none matches the file */
	int failure;        /* why hyphenate() returned -1 (APPEAL_E*) */
	const char **pending; /* texts announced while the memo answers (borrowed) */
	size_t npending, pending_cap;
	char *patterns;     /* the file, until every pattern is loaded */
	size_t patterns_len;
	struct pool pool;   /* the words below */
	struct strmap expected; /* words announced before the first load */
	struct strmap covered;  /* words the partial dict was made for */
	unsigned rules;  /* LANG_HYPHEN_* */
	int left, right; /* fewest letters before and after a break */
};

/* Some of Debian's files (German, Dutch, Portuguese) are in ISO 8859-1:
 * made UTF-8 here, so that words are matched in one encoding and libhyphen
 * marks code points. */
static int latin1_to_utf8(struct hyphenator *h)
{
	size_t first = strcspn(h->patterns, "\r\n"), extra = 0, n = 0;
	const char *enc = "ISO8859-1";

	if (first != strlen(enc) || strncmp(h->patterns, enc, first) != 0)
		return 0;
	for (size_t i = first; i < h->patterns_len; i++)
		extra += (unsigned char)h->patterns[i] >= 0x80;
	char *u = malloc(5 + h->patterns_len - first + extra + 1);
	if (!u)
		return APPEAL_ENOMEM;
	memcpy(u, "UTF-8", 5);
	n = 5;
	for (size_t i = first; i < h->patterns_len; i++)
		n += (size_t)utf8_encode((unsigned char)h->patterns[i], u + n);
	u[n] = '\0';
	free(h->patterns);
	h->patterns = u;
	h->patterns_len = n;
	return 0;
}

static bool pattern_key(const char *line, size_t len, char *key, size_t size);

/* libhyphen keeps the last of two patterns with the same letters and loses
 * the memory of the first (the French and German files repeat a few). The
 * patterns are passed on with only the last of each, per level: the ones
 * libhyphen would use, and nothing leaked. Done on what is given to
 * libhyphen (a few hundred lines for a letter, load_patterns), not on the
 * whole file at start. *text (NUL-terminated, *len bytes) is replaced. */
static int drop_repeated(char **text, size_t *len_io)
{
	struct strmap last = STRMAP_INIT; /* "level:letters" -> line of its last pattern */
	struct pool keys = {0};
	char *out = malloc(*len_io + 2); /* a last line may gain its '\n' */
	size_t n = 0;
	int rc = APPEAL_ENOMEM;

	if (!out)
		return rc;
	for (int pass = 0; pass < 2; pass++) {
		size_t index = 0, level = 0;
		for (const char *l = *text; *l; index++) {
			size_t len = strcspn(l, "\r\n"), word = 0, at;
			char key[256];
			int k = snprintf(key, sizeof(key), "%zu:", level);
			bool keep = true;
			/* The first line names the encoding; options are in capitals;
			 * libhyphen reads a pattern up to a space or a '/' (and a '#'
			 * comment of the German file as patterns too). */
			while (word < len && (unsigned char)l[word] > ' ' && l[word] != '/')
				word++;
			if (len >= 9 && strncmp(l, "NEXTLEVEL", 9) == 0) {
				level++;
			} else if (index > 0 && word == 0) {
				/* a blank line is an empty pattern that matches nothing */
				keep = false;
			} else if (index > 0 && !(l[0] >= 'A' && l[0] <= 'Z') &&
			           l[0] != '%' && pattern_key(l, word, key + k, sizeof(key) - (size_t)k)) {
				if (pass == 1) {
					keep = strmap_get(&last, key, &at) && at == index;
				} else {
					char *owned = pool_strndup(&keys, key, strlen(key));
					if (!owned || strmap_set(&last, owned, index) < 0)
						goto out;
				}
			}
			if (pass == 1 && keep) {
				memcpy(out + n, l, len);
				out[n + len] = '\n';
				n += len + 1;
			}
			l += strcspn(l, "\n");
			l += *l == '\n';
		}
	}
	out[n] = '\0';
	free(*text);
	*text = out;
	*len_io = n;
	out = NULL;
	rc = 0;
out:
	free(out);
	strmap_free(&last);
	pool_free(&keys);
	return rc;
}

static int read_patterns(FILE *f, struct hyphenator *h)
{
	size_t cap = 0, n = 0, got;

	do {
		if (n == cap) {
			size_t want = cap ? cap * 2 : 128 * 1024;
			char *b = want <= MAX_PATTERNS_BYTES ? realloc(h->patterns, want + 1) : NULL;
			if (!b)
				return want <= MAX_PATTERNS_BYTES ? APPEAL_ENOMEM : APPEAL_ESYNTAX;
			h->patterns = b;
			cap = want;
		}
		got = fread(h->patterns + n, 1, cap - n, f);
		n += got;
	} while (got > 0);
	if (ferror(f) || n == 0 || memchr(h->patterns, '\0', n))
		return APPEAL_ESYNTAX;
	h->patterns[n] = '\0';
	h->patterns_len = n;
	return latin1_to_utf8(h);
}

/* The letters of a pattern line ("a1b2c" -> "abc"), into key; false when
 * there are none or too many. */
static bool pattern_key(const char *line, size_t len, char *key, size_t size)
{
	size_t k = 0;

	for (size_t i = 0; i < len; i++) {
		if (line[i] >= '0' && line[i] <= '9')
			continue;
		if (k + 1 >= size)
			return false;
		key[k++] = line[i];
	}
	key[k] = '\0';
	return k > 0;
}

/* Which strings may occur: a bit filter of their hashes (str_hash), two
 * bits each in 64 KiB. It can say yes for a string not added, never no for
 * one added; a wrong yes only keeps a pattern that cannot apply to any
 * word, which changes no result (for the seed letter, 70 bytes of patterns
 * more than an exact set: 2 %). */
#define FILTER_BITS (1u << 19)

static void filter_add(uint8_t *bits, uint64_t h)
{
	uint32_t a = (uint32_t)h & (FILTER_BITS - 1), b = (uint32_t)(h >> 32) & (FILTER_BITS - 1);
	bits[a >> 3] |= (uint8_t)(1u << (a & 7));
	bits[b >> 3] |= (uint8_t)(1u << (b & 7));
}

static bool filter_has(const uint8_t *bits, uint64_t h)
{
	uint32_t a = (uint32_t)h & (FILTER_BITS - 1), b = (uint32_t)(h >> 32) & (FILTER_BITS - 1);
	return (bits[a >> 3] >> (a & 7) & 1) && (bits[b >> 3] >> (b & 7) & 1);
}

/* Every substring of ".word." of up to `longest` bytes, at code point
 * boundaries, into the filter: each start's hash grows a byte at a time. */
static void add_substrings(uint8_t *bits, const char *word, size_t longest)
{
	char dotted[MAX_CPS * 4 + 3];
	size_t n = strlen(word);

	if (n + 3 > sizeof(dotted))
		return;
	dotted[0] = '.';
	memcpy(dotted + 1, word, n);
	dotted[n + 1] = '.';
	n += 2;
	for (size_t a = 0; a < n; a++) {
		if (((unsigned char)dotted[a] & 0xC0) == 0x80)
			continue;
		uint64_t h = STR_HASH_SEED;
		for (size_t b = a + 1; b <= n && b - a <= longest; b++) {
			h = str_hash(dotted + b - 1, 1, h);
			if (b == n || ((unsigned char)dotted[b] & 0xC0) != 0x80)
				filter_add(bits, h);
		}
	}
}

/* Loads the patterns that can apply to the expected words and `word`, or
 * every pattern when full is true. 0, or -1 when out of memory. */
static int load_patterns(struct hyphenator *h, const char *word, bool full)
{
	uint8_t *subs = NULL;
	char *kept = NULL;
	size_t nkept = 0, longest = 0;
	int rc = -1;

	if (h->dict) {
		hnj_hyphen_free(h->dict);
		h->dict = NULL;
	}
	if (!full) {
		/* The longest pattern, so that only substrings that can match are made. */
		for (const char *l = h->patterns; *l;) {
			size_t len = strcspn(l, "\r\n"), k = 0;
			for (size_t i = 0; i < len; i++)
				k += !(l[i] >= '0' && l[i] <= '9');
			longest = k > longest ? k : longest;
			l += strcspn(l, "\n");
			l += *l == '\n';
		}
		kept = malloc(h->patterns_len + 1);
		subs = calloc(FILTER_BITS / 8, 1);
		if (!kept || !subs || (word && strmap_put(&h->expected, word, 0) < 0))
			goto out;
		for (size_t i = 0; i < h->expected.cap; i++)
			if (h->expected.keys[i])
				add_substrings(subs, h->expected.keys[i], longest);
		/* The first line names the encoding; lines of upper-case words set
		 * options. Two-level (compound) files are read whole. */
		bool first = true;
		for (const char *l = h->patterns; *l && !full;) {
			size_t len = strcspn(l, "\r\n");
			char key[256];
			bool keep = first || (l[0] >= 'A' && l[0] <= 'Z');
			if (len >= 9 && strncmp(l, "NEXTLEVEL", 9) == 0)
				full = true;
			else if (!keep && pattern_key(l, len, key, sizeof(key)))
				keep = filter_has(subs, str_hash(key, strlen(key), STR_HASH_SEED));
			if (keep) {
				memcpy(kept + nkept, l, len);
				kept[nkept + len] = '\n';
				nkept += len + 1;
			}
			first = false;
			l += strcspn(l, "\n");
			l += *l == '\n';
		}
		kept[nkept] = '\0';
	}
	if (full ? drop_repeated(&h->patterns, &h->patterns_len) : drop_repeated(&kept, &nkept))
		goto out;
	FILE *f = full ? fmemopen(h->patterns, h->patterns_len, "r") : fmemopen(kept, nkept, "r");
	if (!f)
		goto out;
	h->dict = hnj_hyphen_load_file(f);
	fclose(f);
	if (!h->dict)
		goto out;
	h->full = full;
	if (full) {
		free(h->patterns);
		h->patterns = NULL;
		strmap_free(&h->expected);
		strmap_free(&h->covered);
	} else {
		strmap_free(&h->covered);
		h->covered = h->expected;
		h->expected = (struct strmap)STRMAP_INIT;
	}
	rc = 0;
out:
	free(kept);
	free(subs);
	return rc;
}

bool hyphenator_is_partial(const struct hyphenator *h)
{
	return h && h->dict && !h->full;
}

/* The lower-case letter runs of a text, as hyphenate_run sees them. */
static int announce(struct hyphenator *h, const char *text)
{
	/* Past the bound the words are not remembered, and one that is
	 * hyphenated later loads every pattern. */
	if (h->expected.n >= EXPECT_MAX)
		return 0;
	const char *p = text, *end = text + strlen(text);
	while (*p) {
		char run[MAX_CPS * 4 + 1];
		size_t rlen = 0, ncp = 0;
		uint32_t cp;
		int l;
		while (*p && (l = utf8_decode(p, (size_t)(end - p), &cp)) > 0 && is_letter(cp)) {
			if (ncp < MAX_CPS)
				rlen += (size_t)utf8_encode(to_lower(cp), run + rlen);
			ncp++;
			p += l;
		}
		if (ncp >= MIN_LETTERS && ncp <= MAX_CPS) {
			run[rlen] = '\0';
			char *w = strmap_get(&h->expected, run, NULL) ? NULL : pool_strndup(&h->pool, run, rlen);
			if (w && strmap_put(&h->expected, w, 0) < 0)
				return -1;
		}
		if (ncp == 0)
			p += (l = utf8_decode(p, (size_t)(end - p), &cp)) > 0 ? (size_t)l : 1;
	}
	return 0;
}

int hyphenator_expect(struct hyphenator *h, const char *text)
{
	if (!h || h->dict || !text)
		return 0;
	/* With a memo most documents need no pattern at all: the text is only
	 * noted, and read if a word the memo lacks comes. Reading every text
	 * of every letter of a batch cost a fifth of its time. */
	if (h->memo && h->npending < PENDING_MAX) {
		if (h->npending == h->pending_cap) {
			size_t cap = h->pending_cap ? h->pending_cap * 2 : 32;
			const char **v = realloc(h->pending, cap * sizeof(*v));
			if (!v)
				return -1;
			h->pending = v;
			h->pending_cap = cap;
		}
		h->pending[h->npending++] = text;
		return 0;
	}
	return announce(h, text);
}

void hyphenator_expect_end(struct hyphenator *h)
{
	if (h)
		h->npending = 0;
}

/* The memo made from this very file, or NULL. */
static const struct hyphen_memo *memo_for(const char *file, long long size, long long mtime_ns)
{
	for (size_t i = 0; hyphen_memos[i]; i++) {
		const struct hyphen_memo *m = hyphen_memos[i];
		if (strcmp(m->file, file) == 0 && m->size == size && m->mtime_ns == mtime_ns)
			return m;
	}
	return NULL;
}

static bool memo_find(const struct hyphen_memo *m, const char *word, uint64_t *marks)
{
	size_t lo = 0, hi = m ? m->n : 0;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(word, m->words[mid]);
		if (c == 0) {
			*marks = m->marks[mid];
			return true;
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return false;
}

/* Reads the file kept unread so far; 0, or an APPEAL_E* code. */
static int read_unread(struct hyphenator *h)
{
	int rc = read_patterns(h->unread, h);
	fclose(h->unread);
	h->unread = NULL;
	return rc;
}

/* The pattern file read, when it was kept unread; 0, or -1 with h->failure
 * set. A failure stays: every later word fails the same way. */
static int ensure_read(struct hyphenator *h)
{
	if (!h->failure && h->unread)
		h->failure = read_unread(h);
	return h->failure ? -1 : 0;
}

static void report_unreadable(struct appeal_error *err, int rc, const char *path)
{
	if (rc == APPEAL_ENOMEM) {
		err_nomem(err);
	} else {
		err_set(err, APPEAL_ESYNTAX, _("cannot read hyphenation patterns"));
		err_source(err, path);
	}
}

struct hyphenator *hyphenator_new(const char *dir, const char *lang, struct appeal_error *err)
{
	struct hyphenator *h;
	char path[4096];
	struct stat st;
	FILE *f;
	int n;

	const struct lang *l = lang_find(lang);
	if (!l) {
		char codes[128];
		lang_codes(codes, sizeof(codes));
		err_set(err, APPEAL_EINVAL, _("unknown hyphenation language '%s'"), lang ? lang : "(null)");
		err_hint(err, _("use one of %s"), codes);
		return NULL;
	}
	n = snprintf(path, sizeof(path), "%s/hyph_%s.dic", dir ? dir : DEFAULT_DIR, l->hyphen_file);
	if (n < 0 || (size_t)n >= sizeof(path)) {
		err_set(err, APPEAL_EINVAL, _("hyphenation directory name too long"));
		return NULL;
	}
	f = fopen(path, "r");
	if (!f) {
		err_set(err, APPEAL_ENOTFOUND, _("cannot open hyphenation patterns for '%s'"), l->code);
		err_source(err, path);
		err_hint(err, _("install the package %s, or give the directory holding hyph_%s.dic"), l->hyphen_package,
		         l->hyphen_file);
		return NULL;
	}
	h = calloc(1, sizeof(*h));
	if (!h || !(h->path = strdup(path))) {
		fclose(f);
		hyphenator_free(h);
		err_nomem(err);
		return NULL;
	}
	h->expected = (struct strmap)STRMAP_INIT;
	h->covered = (struct strmap)STRMAP_INIT;
	h->unread = f;
	h->file = l->hyphen_file;
	if (fstat(fileno(f), &st) == 0) {
		h->size = (long long)st.st_size;
		h->mtime_ns = (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
		h->memo = S_ISREG(st.st_mode) ? memo_for(h->file, h->size, h->mtime_ns) : NULL;
	}
	/* Without a memo the first word needs the file: read now, so that a
	 * file that cannot be read is reported here, not in a layout. */
	int rc = h->memo ? 0 : read_unread(h);
	if (rc) {
		report_unreadable(err, rc, path);
		hyphenator_free(h);
		return NULL;
	}
	/* The language's minima (lang.c), not the file's: the files differ in
	 * what they say, and some say nothing. */
	h->rules = l->hyphen_rules;
	h->left = l->hyphen_left;
	h->right = l->hyphen_right;
	return h;
}

void hyphenator_free(struct hyphenator *h)
{
	if (!h)
		return;
	if (h->dict)
		hnj_hyphen_free(h->dict);
	if (h->unread)
		fclose(h->unread);
	free(h->path);
	free(h->pending);
	free(h->patterns);
	strmap_free(&h->expected);
	strmap_free(&h->covered);
	pool_free(&h->pool);
	free(h);
}

int hyphenator_error(const struct hyphenator *h, struct appeal_error *err)
{
	if (!h || h->failure == APPEAL_ENOMEM || !h->failure)
		return err_nomem(err);
	report_unreadable(err, h->failure, h->path);
	return err ? err->code : h->failure;
}

bool hyphenator_parsed(const struct hyphenator *h)
{
	return h && h->dict;
}

bool hyphenator_has_memo(const struct hyphenator *h)
{
	return h && h->memo;
}

void hyphenator_source(const struct hyphenator *h, const char **file, long long *size, long long *mtime_ns)
{
	*file = h->file;
	*size = h->size;
	*mtime_ns = h->mtime_ns;
}

static int by_strcmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

long hyphenator_expected(struct hyphenator *h, const char ***words)
{
	const char **v = malloc((h->expected.n ? h->expected.n : 1) * sizeof(*v));
	size_t n = 0;

	if (!v)
		return -1;
	for (size_t i = 0; i < h->expected.cap; i++)
		if (h->expected.keys[i])
			v[n++] = h->expected.keys[i];
	qsort(v, n, sizeof(*v), by_strcmp);
	*words = v;
	return (long)n;
}

/* Latin-1 and Latin Extended-A: the letters the patterns can know. */
static bool is_letter(uint32_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0x17F && c != 0xD7 && c != 0xF7);
}

/* Part of a word rather than punctuation around it: letters of any script
 * and digits, but not quotes, dashes, brackets and other symbols. */
static bool is_wordish(uint32_t c)
{
	if (c < 0x80)
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
	if (c < 0xC0 || c == 0xD7 || c == 0xF7)
		return false;
	return !(c >= 0x2000 && c <= 0x2BFF) && !(c >= 0x3000 && c <= 0x303F) && c != 0xFEFF;
}

static uint32_t to_lower(uint32_t c)
{
	if (c >= 'A' && c <= 'Z')
		return c + 32;
	if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
		return c + 32;
	if (c == 0x130)
		return 'i';
	if (c == 0x178)
		return 0xFF;
	/* Latin Extended-A pairs capitals with the next code point, starting
	 * on even numbers except in U+0139-0148 and U+0179-017E. */
	if ((c >= 0x100 && c <= 0x137) || (c >= 0x14A && c <= 0x177))
		return (c & 1) ? c : c + 1;
	if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E))
		return (c & 1) ? c + 1 : c;
	return c;
}

static bool is_apostrophe(uint32_t c)
{
	return c == '\'' || c == 0x2019;
}

static bool is_vowel(uint32_t c)
{
	switch (c) {
	case 'a': case 'e': case 'i': case 'o': case 'u':
	case 0xE1: case 0xE9: case 0xED: case 0xF3: case 0xFA: case 0xFC:
		return true;
	default:
		return false;
	}
}

/* RAE: vowel groups stay whole, and ch, ll and rr are single letters. */
static bool spanish_allows(const uint32_t *lc, size_t k)
{
	uint32_t a = lc[k], b = lc[k + 1];

	if (is_vowel(a) && is_vowel(b))
		return false;
	if (k == 0 && is_vowel(a))
		return false;
	return !((a == 'c' && b == 'h') || (a == 'l' && b == 'l') || (a == 'r' && b == 'r'));
}

/* libhyphen's marks for the lower-case run buf (blen bytes, m code points),
 * as hyphen_memo.marks holds them; the patterns are read and parsed as
 * needed. 0, or -1 with h->failure set. */
static int dict_marks(struct hyphenator *h, const char *buf, size_t blen, size_t m, uint64_t *out)
{
	char marks[MAX_CPS * 2 + 5];
	char **rep = NULL;
	int *pos = NULL, *cut = NULL;

	*out = 0;
	if (ensure_read(h))
		return -1;
	for (size_t i = 0; i < h->npending && !h->dict; i++)
		if (announce(h, h->pending[i])) {
			h->failure = APPEAL_ENOMEM;
			return -1;
		}
	h->npending = 0;
	if (!h->full && (!h->dict || !strmap_get(&h->covered, buf, NULL))) {
		/* The first word loads what the announced words need; a word
		 * beyond them, everything. */
		char *w = h->dict ? NULL : pool_strndup(&h->pool, buf, blen);
		if ((!h->dict && !w) || load_patterns(h, w, h->dict != NULL)) {
			h->failure = APPEAL_ENOMEM;
			return -1;
		}
	}
	memset(marks, 0, sizeof(marks));
	/* In UTF-8 mode libhyphen indexes the marks by code point. */
	if (hnj_hyphen_hyphenate2(h->dict, buf, (int)blen, marks, NULL, &rep, &pos, &cut) == 0)
		for (size_t k = 0; k < m; k++)
			if ((marks[k] & 1) && !(rep && rep[k]))
				*out |= UINT64_C(1) << k;
	if (rep) {
		for (size_t k = 0; k < blen; k++)
			free(rep[k]);
		free(rep);
	}
	free(pos);
	free(cut);
	return 0;
}

int hyphenator_marks(struct hyphenator *h, const char *word, uint64_t *marks)
{
	size_t blen = strlen(word), m = utf8_length(word, blen);

	if (m < 1 || m > MAX_CPS || blen > MAX_CPS * 2) {
		*marks = 0;
		return 0;
	}
	if (ensure_read(h))
		return -1;
	if (!h->full && load_patterns(h, NULL, true)) {
		h->failure = APPEAL_ENOMEM;
		return -1;
	}
	return dict_marks(h, word, blen, m, marks);
}

/* Marks the breaks inside one run of letters, cps[0..m-1]. */
static int hyphenate_run(struct hyphenator *h, const uint32_t *cps, const size_t *end, size_t m,
                         unsigned char *points)
{
	uint32_t lc[MAX_CPS];
	char buf[MAX_CPS * 2 + 1];
	uint64_t marks;
	size_t k, blen = 0;
	int count = 0;

	if (m < MIN_LETTERS)
		return 0;
	for (k = 0; k < m; k++) {
		lc[k] = to_lower(cps[k]);
		blen += (size_t)utf8_encode(lc[k], buf + blen);
	}
	buf[blen] = '\0';
	if (!memo_find(h->memo, buf, &marks) && dict_marks(h, buf, blen, m, &marks))
		return -1;
	for (k = (size_t)h->left - 1; k + (size_t)h->right < m; k++) {
		if (!(marks >> k & 1))
			continue;
		if ((h->rules & LANG_HYPHEN_SPANISH) && !spanish_allows(lc, k))
			continue;
		points[end[k]] = 1;
		count++;
	}
	return count;
}

int hyphenate(struct hyphenator *h, const char *word, size_t len, unsigned char *points)
{
	uint32_t cps[MAX_CPS];
	size_t end[MAX_CPS]; /* byte offset of each code point's last byte */
	size_t n = 0, off = 0, s, e, k, letters = 0;
	int count = 0;

	if (len > 0)
		memset(points, 0, len);
	if (!h || !word)
		return 0;
	while (off < len) {
		int l;

		if (n == MAX_CPS)
			return 0;
		l = utf8_decode(word + off, len - off, &cps[n]);
		if (l < 0)
			return 0;
		off += (size_t)l;
		end[n++] = off - 1;
	}
	for (k = 0; k < n; k++)
		if ((cps[k] >= '0' && cps[k] <= '9') || cps[k] == '@' || cps[k] == '/')
			return 0;
	/* Punctuation around the word is no part of it. */
	for (s = 0; s < n && !is_wordish(cps[s]); s++)
		;
	for (e = n; e > s && !is_wordish(cps[e - 1]); e--)
		;
	if (s == e)
		return 0;
	/* A capital starts a name, never broken, except in a language whose
	 * nouns all start with one; a word in capitals is an acronym. */
	if (to_lower(cps[s]) != cps[s] &&
	    (!(h->rules & LANG_HYPHEN_CAPITALS) || (s + 1 < e && to_lower(cps[s + 1]) != cps[s + 1])))
		return 0;
	/* Inside: letters, and apostrophes between them. Anything else (a
	 * dot or colon of a URL or date, a compound's own hyphen, a letter
	 * the patterns cannot know) means the word is left alone. */
	for (k = s; k < e; k++) {
		if (is_letter(cps[k]))
			letters++;
		else if (!is_apostrophe(cps[k]))
			return 0;
	}
	if (letters < MIN_LETTERS)
		return 0;
	while (s < e) {
		for (k = s; k < e && is_letter(cps[k]); k++)
			;
		int c = hyphenate_run(h, cps + s, end + s, k - s, points);
		if (c < 0)
			return -1;
		count += c;
		s = k + 1;
	}
	return count;
}
