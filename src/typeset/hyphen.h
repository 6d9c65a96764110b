/* Hyphenation points for words, from libhyphen and Debian's patterns, with
 * the rules the patterns miss (see docs/typography.md). */
#ifndef APPEAL_HYPHEN_H
#define APPEAL_HYPHEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "appeal.h"

struct hyphenator;

/* libhyphen's marks for the words of the shipped letters, worked out at build
 * time (tools/hyphen-memo.c) from one pattern file: parsing patterns is most
 * of what a one-letter `appeal write` would cost, and a letter with no note
 * needs no other word. Used only while the file is still the one the marks
 * came from (same size and modification time); a word not in it loads the
 * patterns as usual. */
struct hyphen_memo {
	const char *file;           /* hyph_<file>.dic */
	long long size, mtime_ns;   /* of that file when the marks were made */
	size_t n;
	const char *const *words;   /* lower-case letter runs, sorted by strcmp */
	const uint64_t *marks;      /* bit k: libhyphen allows a break after code point k */
};

/* The memos built into the library, NULL-terminated (generated; empty in the
 * generator itself). */
extern const struct hyphen_memo *const hyphen_memos[];

/* Loads the patterns of the language `lang` (a code, name or region tag, see
 * lang_find) from dir: the file, minima and extra rules its row in lang.c
 * names. The file is opened here, so that a missing one is reported now; it
 * is read only when a word is not in the language's memo. The caller owns the
 * result and frees it with hyphenator_free(). */
struct hyphenator *hyphenator_new(const char *dir, const char *lang, struct appeal_error *err);
void hyphenator_free(struct hyphenator *h);

/* After hyphenate() returned -1: why, into err (out of memory, or the
 * pattern file could not be read after all). Returns err's code. */
int hyphenator_error(const struct hyphenator *h, struct appeal_error *err);

/* Announces text whose words will be hyphenated. Until the first word is,
 * the announced words decide which patterns libhyphen parses (only those
 * that can apply to them: a one-letter process reads a few hundred of the
 * 11,000 English ones); any other word later loads them all. Results are
 * the same either way. With a memo the text is only noted, and read if a
 * word the memo lacks comes: it is borrowed until hyphenator_expect_end(),
 * which the caller calls when its document is set. 0, or -1 when out of
 * memory. */
int hyphenator_expect(struct hyphenator *h, const char *text);
void hyphenator_expect_end(struct hyphenator *h);

/* Whether the patterns loaded so far are only some of them, whether any
 * were parsed, and whether a memo answers for the file (for tests). */
bool hyphenator_is_partial(const struct hyphenator *h);
bool hyphenator_parsed(const struct hyphenator *h);
bool hyphenator_has_memo(const struct hyphenator *h);

/* For the memo's generator. The words announced so far (hyphenator_expect),
 * sorted by strcmp, into a new array (the caller frees the array, not the
 * words, which the hyphenator owns); the count, or -1 when out of memory. */
long hyphenator_expected(struct hyphenator *h, const char ***words);
/* libhyphen's marks for a lower-case letter run with every pattern loaded,
 * as hyphen_memo.marks holds them; 0, or -1 (hyphenator_error says why). */
int hyphenator_marks(struct hyphenator *h, const char *word, uint64_t *marks);
/* The pattern file's name in the memo's terms (hyph_<file>.dic), size and
 * modification time. */
void hyphenator_source(const struct hyphenator *h, const char **file, long long *size, long long *mtime_ns);

/* Marks where a UTF-8 word may break: after the call, points[i] is 1 when a
 * hyphen may follow byte i (only at code point boundaries). points must hold
 * len bytes. Words that must never break (numbers, URLs, e-mail addresses,
 * capitalised names, unless the language capitalises its nouns) get no
 * points. Returns the number of points, or -1 when the patterns could not be
 * loaded (hyphenator_error). */
int hyphenate(struct hyphenator *h, const char *word, size_t len, unsigned char *points);

#endif
