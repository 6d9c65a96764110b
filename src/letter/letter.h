/* The campaign letter as loaded from JSON (docs/letter-format.md). cJSON is
 * used only inside letter.c and json.c; everything here is plain C. */
#ifndef APPEAL_LETTER_H
#define APPEAL_LETTER_H

#include <stdbool.h>
#include <stddef.h>

#include "appeal.h"

/* The longest text string of a letter (a paragraph, the subject...) and
 * the most text all paragraphs of one language may hold, in bytes of
 * UTF-8 before filling: a letter of a few pages needs a tenth of this,
 * and line breaking a paragraph costs time in proportion to its length
 * (docs/hardening.md). */
#define LETTER_MAX_TEXT (16u << 10)
#define LETTER_MAX_BODY (64u << 10)

/* The placeholders a letter text may contain, e.g. "{{name}}"; NULL-terminated. */
extern const char *const letter_placeholders[];

/* Where a value starts in the file, line and column from 1, for what is
 * found wrong with it after loading (the window check of the address). */
struct letter_pos {
	int line, column;
};

/* An e-mail recipient: `name` may be "" (the address alone). */
struct letter_mailbox {
	char *name;
	char *addr;
};

struct letter_text {
	char lang[8];            /* "en", "es" */
	char *title;             /* document title in this language */
	char *addressee_title;   /* line above the addressee's name, may be "" */
	struct letter_pos addressee_title_at;
	char *subject;           /* may be "" */
	char *salutation;
	char **paragraphs;
	size_t nparagraphs;
	char *closing;
	struct letter_mailbox *emails; /* this language's recipients, when own_emails */
	size_t nemails;
	bool own_emails;
};

struct appeal_letter {
	char *source;            /* file name used in messages */
	char *id;
	char *title;
	char *issuer;
	char *link;
	struct appeal_date deadline;
	bool is_default;
	char *addressee_name;
	char **address;          /* address lines under the name */
	size_t naddress;
	struct letter_pos addressee_name_at;
	struct letter_pos *address_at; /* one per address line */
	struct letter_mailbox *emails; /* addressee.email: the e-mail recipients */
	size_t nemails;
	char **names;            /* people named in the texts: never broken across lines */
	size_t nnames;
	struct letter_text *texts;
	size_t ntexts;
};

/* The text in lang, or NULL. Borrowed. */
const struct letter_text *letter_text_for(const struct appeal_letter *letter, const char *lang);

/* The e-mail recipients of text t: its own list when it has one, else the
 * addressee's (maybe none). Borrowed. */
const struct letter_mailbox *letter_recipients(const struct appeal_letter *letter, const struct letter_text *t,
                                               size_t *count);

#endif
