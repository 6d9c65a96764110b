/* A row of the table becoming a letter, shared by the run (run.c) and by
 * appeal_batch_check_row(), which makes the same checks without writing,
 * so that `appeal inspect` predicts batch's row errors and exit status:
 * the signer filled into the letter in the row's language (names, dates,
 * lengths, the language), then laid out as it would be drawn (every
 * character against the fonts). The sender of an e-mail is checked for
 * every row before a run (batch_row_sender()). */
#include <stdio.h>
#include <string.h>

#include "util/error.h"
#include "util/i18n.h"
#include "batch/batch.h"

int batch_row_sender(const struct appeal_signers *signers, size_t i, enum appeal_format format,
                     struct appeal_error *e)
{
	/* An e-mail letter is sent from its own signer's address: a row
	 * without one gets no message, never one from somebody else. */
	if ((format != APPEAL_FORMAT_EML && format != APPEAL_FORMAT_MBOX) || appeal_signers_row(signers, i)->email[0])
		return 0;
	if (e) {
		/* A table without the column is refused whole (plan.c). */
		err_set(e, APPEAL_EINVAL, _("the row has no e-mail address"));
		err_hint(e, _("add the signer's address, or write PDFs (--format pdf)"));
		err_field(e, "email");
	}
	return APPEAL_EINVAL;
}

struct appeal_document *batch_row_document(const struct appeal_letter *letter, const struct appeal_signers *signers,
                                           size_t i, struct appeal_date date, struct fill_cache *cache,
                                           struct appeal_error *e)
{
	const struct appeal_signer_row *row = appeal_signers_row(signers, i);
	struct appeal_signer s = APPEAL_SIGNER_INIT;

	if (!row->lang[0]) {
		err_set(e, APPEAL_EINVAL, _("the row has no language"));
		err_hint(e, _("add a language column (a code such as es, or a name such as Español), "
		              "or give the default with --lang"));
		err_field(e, "lang");
		return NULL;
	}
	appeal_signers_signer(&s, signers, i);
	if (!s.date.year)
		s.date = date;
	return document_fill(letter, row->lang, &s, cache, e);
}

bool batch_row_fault(int code)
{
	return code == APPEAL_EGLYPH || code == APPEAL_EINVAL || code == APPEAL_ESYNTAX || code == APPEAL_ENOTFOUND;
}

void batch_row_error(struct appeal_error *out, const struct appeal_signers *signers, size_t i, const char *source,
                     const struct appeal_error *e)
{
	/* A language the letter lacks is the language column's fault. */
	const char *field = e->field[0] ? e->field : e->code == APPEAL_ENOTFOUND ? "lang" : "";
	const char *key = field[0] ? appeal_signers_column(signers, field) : NULL;
	struct appeal_error x = {0};

	x.code = e->code;
	snprintf(x.source, sizeof(x.source), "%s", source ? source : "");
	x.row = appeal_signers_row(signers, i)->row;
	snprintf(x.field, sizeof(x.field), "%s", key ? key : field);
	memcpy(x.message, e->message, sizeof(x.message));
	memcpy(x.hint, e->hint, sizeof(x.hint));
	*out = x;
}

APPEAL_EXPORT int appeal_batch_check_row(struct appeal_output *out, const struct appeal_letter *letter,
                                         const struct appeal_signers *signers, size_t i,
                                         struct appeal_date date, const char *source, struct appeal_error *err)
{
	struct appeal_error e = {0};
	struct appeal_document *doc;
	int rc;

	if (!appeal_signers_row(signers, i))
		return err_set(err, APPEAL_EINVAL, _("no row %zu in the table"), i);
	if (!(doc = batch_row_document(letter, signers, i, date, NULL, &e))) {
		rc = e.code == APPEAL_ENOMEM ? e.code : 1;
	} else {
		rc = appeal_output_measure(out, doc, NULL, &e);
		appeal_document_free(doc);
		if (batch_row_fault(rc))
			rc = 1;
	}
	if (rc == 0)
		return 0;
	if (rc < 0) {
		if (err)
			*err = e; /* the run could not go on: fonts, memory */
		return rc;
	}
	if (err)
		batch_row_error(err, signers, i, source, &e);
	return 1;
}
