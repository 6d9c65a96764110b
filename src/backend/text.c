/* The plain-text backend: the filled letter as an e-mail body. */
#include <stdlib.h>
#include <string.h>

#include "document/document.h"
#include "util/error.h"
#include "util/utf8.h"

struct out {
	char *s;
	size_t len, cap;
	bool failed;
};

static void put(struct out *o, const char *s, size_t n)
{
	if (o->failed)
		return;
	if (o->len + n + 1 > o->cap) {
		size_t cap = o->cap ? o->cap : 1024;
		while (o->len + n + 1 > cap)
			cap *= 2;
		char *p = realloc(o->s, cap);
		if (!p) {
			o->failed = true;
			return;
		}
		o->s = p;
		o->cap = cap;
	}
	memcpy(o->s + o->len, s, n);
	o->len += n;
	o->s[o->len] = '\0';
}

/* Writes text wrapped at width columns (0: no wrapping). A no-break space
 * becomes a plain space but never a line end. */
static void put_wrapped(struct out *o, const char *text, int width)
{
	size_t col = 0;
	const char *s = text;

	while (*s) {
		size_t n = strcspn(s, " ");
		size_t cols = utf8_length(s, n);
		if (width > 0 && col > 0 && col + 1 + cols > (size_t)width) {
			put(o, "\n", 1);
			col = 0;
		} else if (col > 0) {
			put(o, " ", 1);
			col++;
		}
		for (size_t i = 0; i < n; i++) {
			if ((unsigned char)s[i] == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) {
				put(o, " ", 1);
				i++;
			} else {
				put(o, s + i, 1);
			}
		}
		col += cols;
		s += n;
		while (*s == ' ')
			s++;
	}
	put(o, "\n", 1);
}

APPEAL_EXPORT char *appeal_document_text(const struct appeal_document *doc, int width, struct appeal_error *err)
{
	struct out o = {0};
	enum block_kind prev = BLOCK_SENDER;

	for (size_t i = 0; i < doc->nblocks; i++) {
		const struct block *b = &doc->blocks[i];
		if (b->kind == BLOCK_SENDER || b->kind == BLOCK_SIGNATURE)
			continue;
		/* A blank line between blocks, none inside the address or signature. */
		bool same_group = (b->kind == BLOCK_ADDRESS && prev == BLOCK_ADDRESS) ||
		                  (b->kind == BLOCK_SIGNER && (prev == BLOCK_SIGNER || prev == BLOCK_CLOSING));
		if (o.len > 0 && !same_group)
			put(&o, "\n", 1);
		put_wrapped(&o, b->text, width);
		prev = b->kind;
	}
	if (o.failed || !o.s) {
		free(o.s);
		err_nomem(err);
		return NULL;
	}
	return o.s;
}
