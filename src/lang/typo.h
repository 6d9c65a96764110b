/* Typographic punctuation for letter text: curly quotes in each language's
 * style, apostrophes, and dashes typed as -- and ---. */
#ifndef APPEAL_TYPO_H
#define APPEAL_TYPO_H

/* Rewrites the UTF-8 text utf8 for the language lang (a code, name or
 * region tag, see lang_find; unknown or NULL is English). Straight double
 * quotes become the language's marks (lang.h: outer, and inner when
 * nested): “ ” in English, « » in Spanish with “ ” inside, „ “ in German.
 * With the language's quote spacing (French), a narrow no-break space goes
 * inside « » and before ; : ! ?, replacing a space typed there. A straight
 * single quote becomes ’, or ‘ where it opens a quotation; --- becomes —
 * and -- becomes –. Whether a quote opens depends on what precedes it: the
 * start, a space, an opening bracket or quote, or a dash; for a double
 * quote with none open, punctuation too. Words that are
 * URLs or e-mail addresses, and everything else, are copied byte for byte.
 * The caller owns the result and frees it with free(); NULL means out of
 * memory (or utf8 was NULL). */
char *typo_apply(const char *utf8, const char *lang);

#endif
