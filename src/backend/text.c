/* The plain-text backend: the filled letter as an e-mail body. */
#include <stdlib.h>
#include <string.h>

#include "backend/sink.h"
#include "document/document.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/i18n.h"
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

/* ------------------------------------------------------------ the sink */

/* Letters one after the other, a line holding only a form feed between
 * two: a page break for pr, less and printers, and a split point for a
 * script. A single letter is exactly appeal_document_text(). */
struct text_sink {
	struct sink base;
	int width;
	struct buf text;
	int letters;
};

static struct sink *text_sink_create(const struct appeal_output_options *opts, struct appeal_error *err)
{
	struct text_sink *s;

	if (opts->text_width < 0) {
		err_set(err, APPEAL_EINVAL, _("the text width is %d; it must be 0 or more"), opts->text_width);
		return NULL;
	}
	if (!(s = calloc(1, sizeof(*s)))) {
		err_nomem(err);
		return NULL;
	}
	s->width = opts->text_width;
	return &s->base;
}

static int text_sink_add(struct sink *base, const struct appeal_document *doc, struct appeal_stats *stats,
                         struct appeal_error *err)
{
	struct text_sink *s = (struct text_sink *)base;
	size_t before = s->text.len;
	char *text = appeal_document_text(doc, s->width, err);

	if (!text)
		return err ? err->code : APPEAL_ENOMEM;
	if (s->letters)
		buf_adds(&s->text, "\f\n");
	buf_adds(&s->text, text);
	free(text);
	if (s->text.failed) {
		/* Back to the letters before this one. */
		s->text.failed = false;
		s->text.len = before;
		if (s->text.data)
			s->text.data[before] = '\0';
		return err_nomem(err);
	}
	s->letters++;
	if (stats) {
		memset(stats, 0, sizeof(*stats));
		stats->pages = 1;
	}
	return 1;
}

static int text_sink_measure(struct sink *base, const struct appeal_document *doc, struct appeal_stats *stats,
                             struct appeal_error *err)
{
	(void)base;
	(void)doc;
	(void)err;
	if (stats) {
		memset(stats, 0, sizeof(*stats));
		stats->pages = 1;
	}
	return 0;
}

static int text_sink_finish(struct sink *base, unsigned char **data, size_t *size, struct appeal_error *err)
{
	struct text_sink *s = (struct text_sink *)base;
	size_t len = s->text.len;
	bool empty = s->letters == 0;

	s->letters = 0;
	if (empty) {
		buf_clear(&s->text);
		return err_set(err, APPEAL_EINVAL, _("the text has no letter in it"));
	}
	if (!(*data = (unsigned char *)buf_take(&s->text)))
		return err_nomem(err);
	*size = len;
	return 0;
}

static void text_sink_discard(struct sink *base)
{
	struct text_sink *s = (struct text_sink *)base;
	buf_clear(&s->text);
	s->letters = 0;
}

static void text_sink_free(struct sink *base)
{
	struct text_sink *s = (struct text_sink *)base;
	buf_free(&s->text);
	free(s);
}

const struct sink_backend sink_text = {
	.name = "text",
	.format = APPEAL_FORMAT_TEXT,
	.extension = "txt",
	.create = text_sink_create,
	.add = text_sink_add,
	.measure = text_sink_measure,
	.add_blank = NULL, /* no paper */
	.set_info = NULL,  /* no metadata */
	.finish = text_sink_finish,
	.discard = text_sink_discard,
	.free = text_sink_free,
};
