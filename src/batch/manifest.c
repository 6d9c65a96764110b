/* What a batch did to every row: the records, the summary, and the
 * manifest as CSV (RFC 4180) or JSON. */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <stdlib.h>

#include "util/buf.h"
#include "util/error.h"
#include "batch/batch.h"

APPEAL_EXPORT size_t appeal_batch_count(const struct appeal_batch *b)
{
	return b ? b->n : 0;
}

APPEAL_EXPORT const struct appeal_batch_record *appeal_batch_record(const struct appeal_batch *b, size_t i)
{
	return b && i < b->n ? &b->rec[i] : NULL;
}

APPEAL_EXPORT void appeal_batch_summary(const struct appeal_batch *b, struct appeal_batch_summary *out)
{
	memset(out, 0, sizeof(*out));
	if (!b)
		return;
	out->rows = b->n;
	for (size_t k = 0; k < b->n; k++) {
		const struct appeal_batch_record *r = &b->rec[k];
		out->written += r->status == APPEAL_BATCH_WRITTEN;
		out->failed += r->status == APPEAL_BATCH_FAILED;
		if (r->status == APPEAL_BATCH_SKIPPED || r->status == 0) {
			out->skipped++;
			out->resumed += r->note == batch_resumed_note;
		}
	}
	out->files = b->files;
	out->pages = b->pages;
	out->bytes = b->bytes;
	out->stopped = atomic_load(&((struct appeal_batch *)b)->stop) != STOP_NONE;
}

/* ------------------------------------------------------------ manifest */

/* RFC 4180: quoted when it holds a delimiter, quote or line break. */
static void put_csv(struct buf *s, const char *v, bool last)
{
	if (strpbrk(v, ",\"\r\n")) {
		buf_adds(s, "\"");
		for (const char *p = v; *p; p++) {
			buf_add(s, p, 1);
			if (*p == '"')
				buf_add(s, p, 1); /* a quote is doubled */
		}
		buf_adds(s, "\"");
	} else {
		buf_adds(s, v);
	}
	buf_adds(s, last ? "\r\n" : ",");
}

static void put_json(struct buf *s, const char *key, const char *v, bool last)
{
	char esc[8];
	buf_adds(s, "\"");
	buf_adds(s, key);
	buf_adds(s, "\": \"");
	for (const char *p = v; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c == '"' || c == '\\') {
			esc[0] = '\\';
			esc[1] = (char)c;
			buf_add(s, esc, 2);
		} else if (c < 0x20) {
			snprintf(esc, sizeof(esc), "\\u%04x", c);
			buf_adds(s, esc);
		} else {
			buf_add(s, p, 1);
		}
	}
	buf_adds(s, last ? "\"" : "\", ");
}

static const char *status_name(int status)
{
	return status == APPEAL_BATCH_WRITTEN ? "written" : status == APPEAL_BATCH_FAILED ? "failed" : "skipped";
}

APPEAL_EXPORT int appeal_batch_write_manifest(const struct appeal_batch *b, const char *path,
                                              struct appeal_error *err)
{
	static const char *const cols[] = {"row", "name", "lang", "status", "file", "first_page", "last_page",
	                                   "field", "message"};
	size_t len = strlen(path);
	bool json = len >= 5 && strcasecmp(path + len - 5, ".json") == 0;
	struct buf s = BUF_INIT;

	if (json)
		buf_adds(&s, "[\n");
	else
		for (int c = 0; c < 9; c++)
			put_csv(&s, cols[c], c == 8);
	for (size_t k = 0; k < b->n; k++) {
		const struct appeal_batch_record *r = &b->rec[k];
		const struct appeal_signer_row *row = appeal_signers_row(b->signers, r->index);
		char num[3][24];
		snprintf(num[0], sizeof(num[0]), "%ld", r->row);
		snprintf(num[1], sizeof(num[1]), "%d", r->first_page);
		snprintf(num[2], sizeof(num[2]), "%d", r->last_page);
		const char *v[9] = {num[0], row->name, row->lang, status_name(r->status),
		                    r->status == APPEAL_BATCH_FAILED ? "" : r->file,
		                    r->first_page ? num[1] : "", r->last_page ? num[2] : "",
		                    r->error ? r->error->field : "", r->error ? r->error->message : r->note};
		if (json)
			buf_adds(&s, "  {");
		for (int c = 0; c < 9; c++) {
			if (!json) {
				put_csv(&s, v[c], c == 8);
			} else if (c == 0 || c == 5 || c == 6) {
				/* Numbers as numbers; a page not known is null. */
				buf_adds(&s, "\"");
				buf_adds(&s, cols[c]);
				buf_adds(&s, "\": ");
				buf_adds(&s, v[c][0] ? v[c] : "null");
				buf_adds(&s, ", ");
			} else {
				put_json(&s, cols[c], v[c], c == 8);
			}
		}
		if (json)
			buf_adds(&s, k + 1 < b->n ? "},\n" : "}\n");
	}
	if (json)
		buf_adds(&s, "]\n");
	if (s.failed) {
		free(s.data);
		return err_nomem(err);
	}
	int rc = appeal_write_file(path, s.data ? s.data : "", s.len, err);
	free(s.data);
	return rc;
}
