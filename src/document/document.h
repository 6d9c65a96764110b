/* A filled letter: what fill produces and layout and the text backend read. */
#ifndef APPEAL_DOCUMENT_H
#define APPEAL_DOCUMENT_H

#include <stddef.h>

#include "appeal.h"
#include "letter/letter.h"

enum block_kind {
	BLOCK_SENDER,     /* one small line above the address, for window envelopes */
	BLOCK_ADDRESS,    /* one block per address line */
	BLOCK_DATELINE,   /* "Mérida, 28 de noviembre de 2026" */
	BLOCK_SUBJECT,
	BLOCK_SALUTATION,
	BLOCK_PARAGRAPH,
	BLOCK_NOTE,       /* the signer's own words */
	BLOCK_CLOSING,
	BLOCK_SIGNATURE,  /* space for the image or a hand signature; no text */
	BLOCK_SIGNER      /* the typed name, then the city, one block each */
};

struct block {
	enum block_kind kind;
	char *text;        /* UTF-8; U+00A0 joins words that must stay on one line */
	char origin[64];   /* what the text came from: "name", "note", "es.paragraphs[2]" */
};

struct appeal_document {
	char *lang;
	char *title;       /* PDF metadata */
	char *author;
	char *subject;
	char *keywords;
	char *recipient;   /* short form for continuation pages */
	char *date_text;   /* the localised date alone */
	struct appeal_date date;
	char *signature_png;      /* a path, or NULL */
	unsigned char *signature_data; /* or the PNG itself, or NULL */
	size_t signature_size;
	char *letter_id;
	char *email;       /* the signer's e-mail address as given, "" when none (checked by who sends it) */
	struct letter_mailbox *to; /* the campaign's e-mail recipients in this language */
	size_t nto;
	struct block *blocks;
	size_t nblocks;
};

/* What a batch keeps of the campaign's text between its letters (fill.c).
 * One per thread. The caller owns it and frees it with fill_cache_free(). */
struct fill_cache;
struct fill_cache *fill_cache_new(void);
void fill_cache_free(struct fill_cache *c);

/* appeal_document_fill() with a cache (NULL: none); the document is the same
 * with or without one. */
struct appeal_document *document_fill(const struct appeal_letter *letter, const char *lang,
                                      const struct appeal_signer *signer, struct fill_cache *cache,
                                      struct appeal_error *err);

#endif
