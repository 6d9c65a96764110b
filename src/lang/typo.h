/* Typographic punctuation for letter text: curly quotes in each language's
 * style, apostrophes, and dashes typed as -- and ---. */
#ifndef APPEAL_TYPO_H
#define APPEAL_TYPO_H

/* Rewrites the UTF-8 text utf8 for lang ("es..." is Spanish, anything else
 * English): straight double quotes become « » in Spanish (“ ” when nested
 * inside «») and “ ” in English; a straight single quote becomes ’, or ‘
 * where it opens a quotation; --- becomes — and -- becomes –. Whether a quote
 * opens depends on what precedes it: the start, a space, an opening bracket
 * or quote, or a dash. Words that are URLs or e-mail addresses, and
 * everything else, are copied byte for byte. The caller owns the result and
 * frees it with free(); NULL means out of memory (or utf8 was NULL). */
char *typo_apply(const char *utf8, const char *lang);

#endif
