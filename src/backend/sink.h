/* The backends behind appeal_output: one file and one row of the table in
 * sink.c each. A backend receives finished work (a document, and for paged
 * formats its layout) and only writes it; it never lays out or hyphenates.
 *
 * Adding a format (e-mail) is one file, backend/eml.c, defining a
 * `const struct sink_backend sink_eml`, plus its row in sink.c and its
 * value in enum appeal_format. A backend may hold another: an e-mail
 * backend creates a PDF sink with sink_new() and, per letter, takes the
 * document's text (appeal_document_text) and the PDF bytes of the same
 * letter (sink_add, sink_finish). */
#ifndef APPEAL_BACKEND_SINK_H
#define APPEAL_BACKEND_SINK_H

#include <stdbool.h>
#include <stddef.h>

#include "appeal.h"

/* Each backend's state starts with this, so the table's functions can take
 * the common type. */
struct sink {
	const struct sink_backend *backend;
};

struct sink_backend {
	const char *name;          /* "pdf", "text": for messages */
	enum appeal_format format;
	const char *extension;     /* without the dot */

	/* The caller owns the result and frees it with free(). opts is
	 * borrowed and valid until then. */
	struct sink *(*create)(const struct appeal_output_options *opts, struct appeal_error *err);
	/* Appends a letter. Returns the pages it added (>= 0), or a negative
	 * APPEAL_E* code with the sink left as it was. stats may be NULL. */
	int (*add)(struct sink *s, const struct appeal_document *doc, struct appeal_stats *stats,
	           struct appeal_error *err);
	/* The stats add would give, adding nothing. */
	int (*measure)(struct sink *s, const struct appeal_document *doc, struct appeal_stats *stats,
	               struct appeal_error *err);
	/* An empty page; NULL when the format has no paper. */
	int (*add_blank)(struct sink *s, struct appeal_error *err);
	/* Title and author for the whole file; NULL when it has no metadata. */
	int (*set_info)(struct sink *s, const char *title, const char *author, struct appeal_error *err);
	/* Hands over the file's bytes (the caller frees *data with free()) and
	 * leaves the sink empty, also on failure. */
	int (*finish)(struct sink *s, unsigned char **data, size_t *size, struct appeal_error *err);
	/* Empties the sink without writing anything. */
	void (*discard)(struct sink *s);
	void (*free)(struct sink *s);
};

/* The backend writing `format`, or NULL. Static storage. */
const struct sink_backend *sink_backend_for(enum appeal_format format);

/* Shorthands over the table. sink_new's result is freed with sink_free(). */
struct sink *sink_new(const struct sink_backend *backend, const struct appeal_output_options *opts,
                      struct appeal_error *err);
void sink_free(struct sink *s);

extern const struct sink_backend sink_pdf;
extern const struct sink_backend sink_text;
extern const struct sink_backend sink_eml;
extern const struct sink_backend sink_mbox;

#endif
