/* Batch plan: the slice of rows this run makes (shards, chunks), the files
 * and the rows each holds, and the rows known bad before anything is
 * drawn. It depends only on the table and the options. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/i18n.h"
#include "batch/batch.h"


/* The first problem that makes row i unusable (anything but a duplicate),
 * and the duplicate note, from the table's problem list. */
static int mark_problems(struct appeal_batch *b)
{
	size_t np = appeal_signers_problem_count(b->signers);

	for (size_t k = 0; k < np; k++) {
		const struct appeal_signer_problem *p = appeal_signers_problem(b->signers, k);
		if (p->index < b->lo || p->index >= b->lo + b->n)
			continue;
		struct appeal_batch_record *r = &b->rec[p->index - b->lo];
		if (p->kind == APPEAL_SIGNER_DUPLICATE) {
			if (!r->note[0])
				r->note = p->message;
			continue;
		}
		if (r->error)
			continue;
		struct appeal_error *e = calloc(1, sizeof(*e));
		if (!e)
			return APPEAL_ENOMEM;
		appeal_signers_problem_error(b->signers, p, e);
		snprintf(e->source, sizeof(e->source), "%s", b->source);
		if (p->hint && p->hint[0] && !e->hint[0])
			snprintf(e->hint, sizeof(e->hint), "%s", p->hint);
		r->error = e;
		r->status = APPEAL_BATCH_FAILED;
	}
	/* The rest are known bad only for the format: an e-mail without the
	 * signer's address. */
	for (size_t k = 0; k < b->n; k++) {
		struct appeal_error why = {0};
		if (b->rec[k].error || !batch_row_sender(b->signers, b->lo + k, b->o.output.format, &why))
			continue;
		struct appeal_error *e = calloc(1, sizeof(*e));
		if (!e)
			return APPEAL_ENOMEM;
		batch_row_error(e, b->signers, b->lo + k, b->source, &why);
		b->rec[k].error = e;
		b->rec[k].status = APPEAL_BATCH_FAILED;
	}
	return 0;
}

bool batch_row_known_bad(const struct appeal_signers *signers, size_t i, enum appeal_format format)
{
	const struct appeal_signer_row *r = appeal_signers_row(signers, i);
	if (batch_row_sender(signers, i, format, NULL))
		return true;
	if (r->problem == APPEAL_SIGNER_OK)
		return false;
	if (r->problem != APPEAL_SIGNER_DUPLICATE || r->problem_count == 1)
		return r->problem != APPEAL_SIGNER_DUPLICATE;
	/* A duplicate with more problems: look for one that is not. */
	size_t np = appeal_signers_problem_count(signers);
	for (size_t k = 0; k < np; k++) {
		const struct appeal_signer_problem *p = appeal_signers_problem(signers, k);
		if (p->index == i && p->kind != APPEAL_SIGNER_DUPLICATE)
			return true;
	}
	return false;
}

/* One file per usable row; names over the whole table, in row order. */
static int plan_per_signer(struct appeal_batch *b, size_t total)
{
	char **all = calloc(total ? total : 1, sizeof(*all));
	int rc = APPEAL_ENOMEM;

	b->units = calloc(b->n ? b->n : 1, sizeof(*b->units));
	b->names = calloc(b->n ? b->n : 1, sizeof(*b->names));
	if (!all || !b->units || !b->names || batch_names_assign(b, total, all))
		goto out;
	for (size_t k = 0; k < b->n; k++) {
		if (!all[b->lo + k])
			continue;
		if (!(b->names[k] = batch_path_join(b->output, all[b->lo + k])))
			goto out;
		b->rec[k].file = b->names[k];
		b->units[b->nunits].first = k;
		b->units[b->nunits].count = 1;
		b->units[b->nunits].path = b->names[k];
		b->nunits++;
	}
	rc = 0;
out:
	for (size_t i = 0; all && i < total; i++)
		free(all[i]);
	free(all);
	return rc;
}

static int plan_combined(struct appeal_batch *b, size_t total, size_t chunk_lo, size_t nchunks)
{
	char suffix[64];

	b->units = calloc(nchunks ? nchunks : 1, sizeof(*b->units));
	if (!b->units)
		return APPEAL_ENOMEM;
	for (size_t c = 0; c < nchunks; c++) {
		struct unit *u = &b->units[b->nunits];
		if (b->o.per_file) {
			size_t first = (chunk_lo + c) * b->o.per_file;
			size_t cnt = total - first < b->o.per_file ? total - first : b->o.per_file;
			size_t chunks = (total + b->o.per_file - 1) / b->o.per_file;
			int width = batch_digits(chunks) < 4 ? 4 : batch_digits(chunks);
			snprintf(suffix, sizeof(suffix), "-%0*zu", width, chunk_lo + c + 1);
			u->first = first - b->lo;
			u->count = cnt;
		} else {
			if (b->o.shards > 1)
				snprintf(suffix, sizeof(suffix), "-%d-of-%d", b->o.shard, b->o.shards);
			else
				suffix[0] = '\0';
			u->first = 0;
			u->count = b->n;
		}
		if (!(u->path = batch_chunk_path(b->output, suffix, b->ext)))
			return APPEAL_ENOMEM;
		for (size_t k = 0; k < u->count; k++)
			b->rec[u->first + k].file = u->path;
		b->nunits++;
	}
	return 0;
}

APPEAL_EXPORT int appeal_batch_options_init(struct appeal_batch_options *opts, unsigned int version)
{
	struct appeal_batch_options init = APPEAL_BATCH_OPTIONS_INIT;

	if (!opts || version != APPEAL_BATCH_OPTIONS_VERSION)
		return APPEAL_EINVAL;
	*opts = init;
	return 0;
}

APPEAL_EXPORT void appeal_batch_free(struct appeal_batch *b)
{
	if (!b)
		return;
	for (size_t k = 0; b->rec && k < b->n; k++)
		free((void *)b->rec[k].error);
	if (b->names) {
		for (size_t k = 0; k < b->n; k++)
			free(b->names[k]);
	} else {
		for (size_t u = 0; b->units && u < b->nunits; u++)
			free(b->units[u].path);
	}
	free(b->names);
	pool_free(&b->notes);
	free(b->units);
	free(b->rec);
	free(b->output);
	free(b->source);
	free(b->font_dir);
	free(b->hyphen_dir);
	free((char *)b->o.name_template);
	pthread_mutex_destroy(&b->lock);
	free(b);
}

APPEAL_EXPORT struct appeal_batch *appeal_batch_new(const struct appeal_letter *letter,
                                                    const struct appeal_signers *signers,
                                                    const struct appeal_batch_options *opts,
                                                    struct appeal_error *err)
{
	struct appeal_batch *b;
	size_t total = signers ? appeal_signers_count(signers) : 0;

	if (!letter || !signers || !opts || !opts->path || !opts->path[0]) {
		err_set(err, APPEAL_EINVAL, _("a batch needs a letter, a signer table and an output"));
		return NULL;
	}
	if (opts->version != APPEAL_BATCH_OPTIONS_VERSION) {
		err_set(err, APPEAL_EINVAL, _("the batch options have version %u; this library knows version %u"),
		        opts->version, APPEAL_BATCH_OPTIONS_VERSION);
		err_hint(err, _("start from APPEAL_BATCH_OPTIONS_INIT or appeal_batch_options_init()"));
		return NULL;
	}
	if (opts->output.version != APPEAL_OUTPUT_OPTIONS_VERSION) {
		err_set(err, APPEAL_EINVAL, _("the output options have version %u; this library knows version %u"),
		        opts->output.version, APPEAL_OUTPUT_OPTIONS_VERSION);
		err_hint(err, _("start from APPEAL_OUTPUT_OPTIONS_INIT or appeal_output_options_init()"));
		return NULL;
	}
	const char *ext = appeal_format_extension(opts->output.format);
	if (!ext) {
		err_set(err, APPEAL_EINVAL, _("unknown output format %d"), (int)opts->output.format);
		return NULL;
	}
	/* One message a file: many letters in one file are a mailbox. */
	if (opts->output.format == APPEAL_FORMAT_EML && !opts->per_signer) {
		err_set(err, APPEAL_EINVAL, _("an .eml file holds one message; -o %s would hold every signer's"),
		        opts->path);
		err_hint(err, _("for many letters write one .eml per signer (-o DIR/) or one mailbox (-o FILE.mbox)"));
		return NULL;
	}
	/* Without an address column every row would fail alike: said once. */
	if ((opts->output.format == APPEAL_FORMAT_EML || opts->output.format == APPEAL_FORMAT_MBOX) &&
	    appeal_signers_count(signers) > 0 && !appeal_signers_column(signers, "email")) {
		err_set(err, APPEAL_EINVAL, _("the table has no e-mail column; an e-mail letter is sent from its signer's "
		                              "address"));
		err_source(err, opts->source ? opts->source : "");
		err_hint(err, _("add one (or --map email=COLUMN), or write PDFs (--format pdf)"));
		return NULL;
	}
	if (opts->shards < 0 || (opts->shards > 0 && (opts->shard < 1 || opts->shard > opts->shards))) {
		err_set(err, APPEAL_EINVAL, _("shard %d of %d does not exist"), opts->shard, opts->shards);
		err_hint(err, _("shards count from 1: --shard 1/4 ... --shard 4/4"));
		return NULL;
	}
	if (opts->per_signer && opts->name_template && batch_template_check(opts->name_template, err))
		return NULL;
	if (!(b = calloc(1, sizeof(*b)))) {
		err_nomem(err);
		return NULL;
	}
	pthread_mutex_init(&b->lock, NULL);
	b->letter = letter;
	b->signers = signers;
	b->o = *opts;
	b->ext = ext;
	b->output = strdup(opts->path);
	b->source = strdup(opts->source ? opts->source : "");
	b->o.name_template = strdup(opts->name_template ? opts->name_template : "{name}");
	b->font_dir = opts->output.font_dir ? strdup(opts->output.font_dir) : NULL;
	b->hyphen_dir = opts->output.hyphen_dir ? strdup(opts->output.hyphen_dir) : NULL;
	if (!b->output || !b->source || !b->o.name_template || (opts->output.font_dir && !b->font_dir) ||
	    (opts->output.hyphen_dir && !b->hyphen_dir))
		goto nomem;
	b->o.path = b->output;
	b->o.source = b->source;
	b->o.output.font_dir = b->font_dir;
	b->o.output.hyphen_dir = b->hyphen_dir;
	if (b->o.jobs < 1)
		b->o.jobs = 1;
	if (b->o.shards <= 1)
		b->o.shard = b->o.shards = 0;

	/* The slice: contiguous, by row index; for chunked output whole chunks,
	 * so a shard's files are the very files an unsharded run writes. */
	size_t chunk_lo = 0, nchunks = 1;
	size_t K = (size_t)b->o.shard, N = (size_t)b->o.shards;
	if (!b->o.per_signer && b->o.per_file) {
		size_t chunks = (total + b->o.per_file - 1) / b->o.per_file;
		chunk_lo = N ? (K - 1) * chunks / N : 0;
		nchunks = (N ? K * chunks / N : chunks) - chunk_lo;
		b->lo = chunk_lo * b->o.per_file;
		size_t hi = (chunk_lo + nchunks) * b->o.per_file;
		b->n = (hi < total ? hi : total) - b->lo;
	} else {
		b->lo = N ? (K - 1) * total / N : 0;
		b->n = (N ? K * total / N : total) - b->lo;
		nchunks = b->n ? 1 : 0;
	}
	if (!(b->rec = calloc(b->n ? b->n : 1, sizeof(*b->rec))))
		goto nomem;
	for (size_t k = 0; k < b->n; k++) {
		b->rec[k].index = b->lo + k;
		b->rec[k].row = appeal_signers_row(signers, b->lo + k)->row;
		b->rec[k].file = "";
		b->rec[k].note = "";
	}
	if (mark_problems(b))
		goto nomem;
	if ((b->o.per_signer ? plan_per_signer(b, total) : plan_combined(b, total, chunk_lo, nchunks)))
		goto nomem;
	return b;
nomem:
	err_nomem(err);
	appeal_batch_free(b);
	return NULL;
}

