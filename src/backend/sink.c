/* appeal_output: the public face of the backend table. It checks and copies
 * the options, keeps the page count and hands each call to the backend of
 * the chosen format. */
#include <stdlib.h>
#include <string.h>

#include "backend/sink.h"
#include "util/error.h"
#include "util/i18n.h"

/* One row per format; see sink.h for what a row must provide. */
static const struct sink_backend *const backends[] = {
	&sink_pdf,
	&sink_text,
	&sink_eml,
	&sink_mbox,
};

struct appeal_output {
	struct appeal_output_options opts;
	char *font_dir, *hyphen_dir; /* the copies opts points to */
	struct sink *sink;
	int pages;                   /* since the last finish */
};

const struct sink_backend *sink_backend_for(enum appeal_format format)
{
	for (size_t i = 0; i < sizeof(backends) / sizeof(backends[0]); i++)
		if (backends[i]->format == format)
			return backends[i];
	return NULL;
}

struct sink *sink_new(const struct sink_backend *backend, const struct appeal_output_options *opts,
                      struct appeal_error *err)
{
	struct sink *s = backend->create(opts, err);
	if (s)
		s->backend = backend;
	return s;
}

void sink_free(struct sink *s)
{
	if (s)
		s->backend->free(s);
}

APPEAL_EXPORT int appeal_output_options_init(struct appeal_output_options *opts, unsigned int version)
{
	struct appeal_output_options init = APPEAL_OUTPUT_OPTIONS_INIT;

	if (!opts || version != APPEAL_OUTPUT_OPTIONS_VERSION)
		return APPEAL_EINVAL;
	*opts = init;
	return 0;
}

APPEAL_EXPORT const char *appeal_format_extension(enum appeal_format format)
{
	const struct sink_backend *b = sink_backend_for(format);
	return b ? b->extension : NULL;
}

static char *copy(const char *s, bool *failed)
{
	char *c = s ? strdup(s) : NULL;
	if (s && !c)
		*failed = true;
	return c;
}

APPEAL_EXPORT void appeal_output_free(struct appeal_output *out)
{
	if (!out)
		return;
	sink_free(out->sink);
	free(out->font_dir);
	free(out->hyphen_dir);
	free(out);
}

APPEAL_EXPORT struct appeal_output *appeal_output_new(const struct appeal_output_options *opts,
                                                      struct appeal_error *err)
{
	const struct sink_backend *backend;
	struct appeal_output *out;
	bool failed = false;

	if (!opts) {
		err_set(err, APPEAL_EINVAL, _("no output options were given"));
		return NULL;
	}
	if (opts->version != APPEAL_OUTPUT_OPTIONS_VERSION) {
		err_set(err, APPEAL_EINVAL, _("the output options have version %u; this library knows version %u"),
		        opts->version, APPEAL_OUTPUT_OPTIONS_VERSION);
		err_hint(err, _("start from APPEAL_OUTPUT_OPTIONS_INIT or appeal_output_options_init()"));
		return NULL;
	}
	if (!(backend = sink_backend_for(opts->format))) {
		err_set(err, APPEAL_EINVAL, _("unknown output format %d"), (int)opts->format);
		return NULL;
	}
	if (!(out = calloc(1, sizeof(*out)))) {
		err_nomem(err);
		return NULL;
	}
	out->opts = *opts;
	out->opts.font_dir = out->font_dir = copy(opts->font_dir, &failed);
	out->opts.hyphen_dir = out->hyphen_dir = copy(opts->hyphen_dir, &failed);
	if (failed) {
		err_nomem(err);
		goto fail;
	}
	if (!(out->sink = sink_new(backend, &out->opts, err)))
		goto fail;
	return out;
fail:
	appeal_output_free(out);
	return NULL;
}

APPEAL_EXPORT int appeal_output_add(struct appeal_output *out, const struct appeal_document *doc,
                                    struct appeal_stats *stats, struct appeal_error *err)
{
	int rc = out->sink->backend->add(out->sink, doc, stats, err);

	if (rc < 0)
		return rc;
	out->pages += rc;
	return 0;
}

APPEAL_EXPORT int appeal_output_measure(struct appeal_output *out, const struct appeal_document *doc,
                                        struct appeal_stats *stats, struct appeal_error *err)
{
	return out->sink->backend->measure(out->sink, doc, stats, err);
}

APPEAL_EXPORT int appeal_output_add_blank(struct appeal_output *out, struct appeal_error *err)
{
	int rc;

	if (!out->sink->backend->add_blank)
		return 0;
	if ((rc = out->sink->backend->add_blank(out->sink, err)) < 0)
		return rc;
	out->pages += rc;
	return 0;
}

APPEAL_EXPORT int appeal_output_set_info(struct appeal_output *out, const char *title, const char *author,
                                         struct appeal_error *err)
{
	if (!out->sink->backend->set_info)
		return 0;
	return out->sink->backend->set_info(out->sink, title, author, err);
}

APPEAL_EXPORT int appeal_output_page_count(const struct appeal_output *out)
{
	return out ? out->pages : 0;
}

APPEAL_EXPORT int appeal_output_finish_mem(struct appeal_output *out, unsigned char **data, size_t *size,
                                           struct appeal_error *err)
{
	*data = NULL;
	*size = 0;
	out->pages = 0;
	return out->sink->backend->finish(out->sink, data, size, err);
}

APPEAL_EXPORT int appeal_output_finish(struct appeal_output *out, const char *path, struct appeal_error *err)
{
	unsigned char *data;
	size_t size;
	int rc = appeal_output_finish_mem(out, &data, &size, err);

	if (rc)
		return rc;
	rc = appeal_write_file(path, data, size, err);
	free(data);
	return rc;
}

APPEAL_EXPORT void appeal_output_discard(struct appeal_output *out)
{
	if (!out)
		return;
	out->sink->backend->discard(out->sink);
	out->pages = 0;
}
