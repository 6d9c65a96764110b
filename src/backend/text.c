/* The plain-text backend: the filled letter as an e-mail body. */
#include <stdlib.h>
#include <string.h>

#include "document/document.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/utf8.h"

/* Writes text wrapped at width columns (0: no wrapping). A no-break space
 * becomes a plain space but never a line end. */
static void put_wrapped(struct buf *o, const char *text, int width)
{
	size_t col = 0;
	const char *s = text;

	while (*s) {
		size_t n = strcspn(s, " ");
		size_t cols = utf8_length(s, n);
		if (width > 0 && col > 0 && col + 1 + cols > (size_t)width) {
			buf_add(o, "\n", 1);
			col = 0;
		} else if (col > 0) {
			buf_add(o, " ", 1);
			col++;
		}
		for (size_t i = 0; i < n; i++) {
			if ((unsigned char)s[i] == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) {
				buf_add(o, " ", 1);
				i++;
			} else {
				buf_add(o, s + i, 1);
			}
		}
		col += cols;
		s += n;
		while (*s == ' ')
			s++;
	}
	buf_add(o, "\n", 1);
}

APPEAL_EXPORT char *appeal_document_text(const struct appeal_document *doc, int width, struct appeal_error *err)
{
	struct buf o = BUF_INIT;
	enum block_kind prev = BLOCK_SENDER;

	for (size_t i = 0; i < doc->nblocks; i++) {
		const struct block *b = &doc->blocks[i];
		if (b->kind == BLOCK_SENDER || b->kind == BLOCK_SIGNATURE)
			continue;
		/* A blank line between blocks, none inside the address or signature. */
		bool same_group = (b->kind == BLOCK_ADDRESS && prev == BLOCK_ADDRESS) ||
		                  (b->kind == BLOCK_SIGNER && (prev == BLOCK_SIGNER || prev == BLOCK_CLOSING));
		if (o.len > 0 && !same_group)
			buf_addc(&o, '\n');
		put_wrapped(&o, b->text, width);
		prev = b->kind;
	}
	char *text = buf_take(&o);
	if (!text)
		err_nomem(err);
	return text;
}
