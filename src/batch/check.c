/* The checks a batch makes of a row while it writes it, without writing:
 * for `appeal inspect`, so that it predicts batch's row errors and exit
 * status. The steps are add_row()'s in run.c: the signer filled into the
 * letter in the row's language (names, dates, lengths, the language), then
 * laid out as it would be drawn (every character against the fonts). */
#include <stdio.h>
#include <string.h>

#include "util/error.h"
#include "util/i18n.h"
#include "batch/batch.h"

APPEAL_EXPORT int appeal_batch_check_row(struct appeal_output *out, const struct appeal_letter *letter,
                                         const struct appeal_signers *signers, size_t i,
                                         struct appeal_date date, const char *source, struct appeal_error *err)
{
	const struct appeal_signer_row *row = appeal_signers_row(signers, i);
	struct appeal_signer s = APPEAL_SIGNER_INIT;
	struct appeal_error e = {0};
	struct appeal_document *doc;
	int rc;

	if (!row)
		return err_set(err, APPEAL_EINVAL, _("no row %zu in the table"), i);
	if (!row->lang[0]) {
		err_set(&e, APPEAL_EINVAL, _("the row has no language"));
		err_hint(&e, _("add a language column (a code such as es, or a name such as Español), "
		               "or give the default with --lang"));
		err_field(&e, "lang");
		rc = 1;
	} else {
		appeal_signers_signer(&s, signers, i);
		if (!s.date.year)
			s.date = date;
		if (!(doc = appeal_document_fill(letter, row->lang, &s, &e))) {
			rc = e.code == APPEAL_ENOMEM ? e.code : 1;
		} else {
			rc = appeal_output_measure(out, doc, NULL, &e);
			appeal_document_free(doc);
			if (rc == APPEAL_EGLYPH || rc == APPEAL_EINVAL || rc == APPEAL_ESYNTAX || rc == APPEAL_ENOTFOUND)
				rc = 1;
		}
	}
	if (rc == 0)
		return 0;
	if (rc < 0) {
		if (err)
			*err = e; /* the run could not go on: fonts, memory */
		return rc;
	}
	/* As run.c's row_failed() reports it: the table, the row, the column. */
	const char *field = e.field[0] ? e.field : e.code == APPEAL_ENOTFOUND ? "lang" : "";
	const char *key = field[0] ? appeal_signers_column(signers, field) : NULL;
	if (err) {
		appeal_error_clear(err);
		err->code = e.code;
		snprintf(err->source, sizeof(err->source), "%s", source ? source : "");
		err->row = row->row;
		snprintf(err->field, sizeof(err->field), "%s", key ? key : field);
		memcpy(err->message, e.message, sizeof(err->message));
		memcpy(err->hint, e.hint, sizeof(err->hint));
	}
	return 1;
}
