/* The language table: everything appeal knows about a language is one row
 * of src/lang/lang.c (its code and the names people call it, how it writes a
 * date and a page number, its quotation marks, its hyphenation patterns).
 * Code elsewhere looks a language up here and never names one; adding a
 * language is adding a row. */
#ifndef APPEAL_LANG_H
#define APPEAL_LANG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Hyphenation rules the patterns do not know. */
enum {
	/* RAE: vowel groups stay whole; ch, ll and rr are single letters. */
	LANG_HYPHEN_SPANISH = 1u << 0,
	/* Capitalised words are nouns, not names: they may break (German). */
	LANG_HYPHEN_CAPITALS = 1u << 1,
};

struct lang_quotes {
	uint32_t open, close;
};

struct lang {
	const char *code; /* ISO 639-1, two lower-case letters: the key */
	const char *name; /* the language's name in itself ("Español") */
	/* Other names a person or a spreadsheet may use, '|'-separated and
	 * written as utf8_fold writes them (lower case, no accents):
	 * "spa|spanish|espanol|castellano". The code itself and region tags
	 * ("es-MX", "ES_es", "es_ES.UTF-8") always match. */
	const char *aliases;
	const char *months[12];
	/* The date as a person writes it: %d the day, %B the month's name,
	 * %Y the year, %% a percent sign. */
	const char *date;
	const char *first_day; /* how the first of the month is written ("1er"); NULL: "1" */
	/* The label at the head of each page: %p the page, %n the count. */
	const char *page_label;
	/* Straight double quotes become `outer` and, nested, `inner`. */
	struct lang_quotes outer, inner;
	/* French spacing: a narrow no-break space inside « » and before ; : ! ?
	 * (any space typed there becomes one). 0: none. */
	uint32_t quote_space;
	/* Debian's hyphenation patterns: hyph_<file>.dic, from package `package`. */
	const char *hyphen_file;
	const char *hyphen_package;
	int hyphen_left, hyphen_right; /* fewest letters before and after a break */
	unsigned hyphen_rules;         /* LANG_HYPHEN_* */
};

/* The language a name stands for: a code ("es"), an alias ("Español",
 * "castellano", in any case and with or without accents) or a region tag
 * ("es-ES", "ES-es", "pt_BR", "es_ES.UTF-8"); surrounding spaces are
 * ignored. NULL when the table has no such language, or name is NULL or
 * out of memory. The row is static. */
const struct lang *lang_find(const char *name);

/* The row whose code is exactly `code` ("es"), or NULL. Static. */
const struct lang *lang_by_code(const char *code);

/* Rows in table order: lang_at(0) .. lang_at(lang_count() - 1). */
size_t lang_count(void);
const struct lang *lang_at(size_t i);
/* Where a row is in the table: lang_at(lang_index(l)) == l. */
size_t lang_index(const struct lang *l);

/* The codes of every row, "en, es, fr, ...", into buf (for hints). */
void lang_codes(char *buf, size_t size);

/* Writes day/month/year as the language writes a date. Returns the length,
 * or -1 when month is out of range or buf is too small. */
int lang_format_date(const struct lang *l, char *buf, size_t size, int day, int month, int year);

/* Writes the page label ("página 2 de 3"). Returns the length, or -1 when
 * buf is too small. */
int lang_page_label(const struct lang *l, char *buf, size_t size, size_t page, size_t npages);

#endif
