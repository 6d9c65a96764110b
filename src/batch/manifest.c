/* What a batch did to every row: the records, the summary, and the
 * manifest as CSV (RFC 4180, through libcsv, in the table's own dialect)
 * or JSON (cJSON). */
#include <cjson/cJSON.h>
#include <csv.h>
#include <iconv.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <stdlib.h>

#include "util/atomic.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/i18n.h"
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

APPEAL_EXPORT bool appeal_batch_refused(const struct appeal_batch *b)
{
	return b && b->refused;
}

/* ------------------------------------------------------------ manifest */

/* A cell a spreadsheet would run as a formula: = + - @, tab or CR first
 * (OWASP "CSV injection"). The CSV manifest writes it after a ' so it is
 * shown as text; the JSON manifest keeps it exact. */
static bool formula_like(const char *v)
{
	return v[0] && strchr("=+-@\t\r", v[0]) != NULL;
}

/* One CSV cell through libcsv: quoted (quotes doubled) when it holds the
 * delimiter, a quote, a line break or surrounding spaces, else as it is. */
static void put_csv(struct buf *s, const char *v, char delim, bool last)
{
	char *tmp = NULL;
	if (formula_like(v)) {
		size_t n = strlen(v);
		if (!(tmp = malloc(n + 2))) {
			s->failed = true;
			return;
		}
		tmp[0] = '\'';
		memcpy(tmp + 1, v, n + 1);
		v = tmp;
	}
	size_t n = strlen(v);
	char special[] = {delim, '"', '\r', '\n', '\0'};
	if (strpbrk(v, special) || (n && (v[0] == ' ' || v[n - 1] == ' '))) {
		/* csv_write() quotes and doubles; it needs 2n + 2 bytes at most. */
		if (buf_reserve(s, 2 * n + 3))
			s->len += csv_write(s->data + s->len, s->cap - s->len, v, n);
	} else {
		buf_add(s, v, n);
	}
	free(tmp);
	buf_addc(s, last ? '\n' : delim);
	if (last) {
		s->data[s->len - 1] = '\r';
		buf_addc(s, '\n');
	}
}

static const char *status_name(int status)
{
	return status == APPEAL_BATCH_WRITTEN ? "written" : status == APPEAL_BATCH_FAILED ? "failed" : "skipped";
}

static const char *const manifest_cols[] = {"row", "name", "lang", "status", "file", "first_page", "last_page",
                                            "field", "message"};

/* The values of record k, as strings; num holds the numbers. */
static void record_values(const struct appeal_batch *b, size_t k, char num[3][24], const char *v[9])
{
	const struct appeal_batch_record *r = &b->rec[k];
	const struct appeal_signer_row *row = appeal_signers_row(b->signers, r->index);
	snprintf(num[0], 24, "%ld", r->row);
	snprintf(num[1], 24, "%d", r->first_page);
	snprintf(num[2], 24, "%d", r->last_page);
	v[0] = num[0];
	v[1] = row->name;
	v[2] = row->lang;
	v[3] = status_name(r->status);
	v[4] = r->status == APPEAL_BATCH_FAILED ? "" : r->file;
	v[5] = r->first_page ? num[1] : "";
	v[6] = r->last_page ? num[2] : "";
	v[7] = r->error ? r->error->field : "";
	v[8] = r->error ? r->error->message : r->note;
}

/* JSON through cJSON: one object a line, numbers as numbers, a page not
 * known null, every string exact. */
static int manifest_json(const struct appeal_batch *b, struct buf *s)
{
	buf_adds(s, "[\n");
	for (size_t k = 0; k < b->n && !s->failed; k++) {
		char num[3][24];
		const char *v[9];
		record_values(b, k, num, v);
		cJSON *o = cJSON_CreateObject();
		bool ok = o != NULL;
		for (int c = 0; c < 9 && ok; c++) {
			if (c == 0 || c == 5 || c == 6)
				ok = v[c][0] ? cJSON_AddNumberToObject(o, manifest_cols[c], atof(v[c])) != NULL
				             : cJSON_AddNullToObject(o, manifest_cols[c]) != NULL;
			else
				ok = cJSON_AddStringToObject(o, manifest_cols[c], v[c]) != NULL;
		}
		char *text = ok ? cJSON_PrintUnformatted(o) : NULL;
		cJSON_Delete(o);
		if (!text)
			return APPEAL_ENOMEM;
		buf_adds(s, "  ");
		buf_adds(s, text);
		buf_adds(s, k + 1 < b->n ? ",\n" : "\n");
		cJSON_free(text);
	}
	buf_adds(s, "]\n");
	return s->failed ? APPEAL_ENOMEM : 0;
}

/* Whether the table came as Excel's plain "CSV" of a Western Windows: an
 * 8-bit code page and ';'. The manifest then opens right in the same Excel
 * when written the same way. */
static bool windows_dialect(const struct appeal_signers *t)
{
	const char *enc = appeal_signers_encoding(t);
	return enc && appeal_signers_delimiter(t) == ';' &&
	       (strcasecmp(enc, "WINDOWS-1252") == 0 || strcasecmp(enc, "CP1252") == 0 ||
	        strcasecmp(enc, "ISO-8859-1") == 0 || strcasecmp(enc, "LATIN1") == 0 ||
	        strcasecmp(enc, "ISO-8859-15") == 0);
}

/* UTF-8 to Windows-1252 in place of *s; false (s unchanged) when some
 * character has no Windows-1252 byte. */
static bool to_cp1252(struct buf *s)
{
	iconv_t cd = iconv_open("WINDOWS-1252", "UTF-8");
	struct buf out = BUF_INIT;
	bool ok = cd != (iconv_t)-1 && buf_reserve(&out, s->len + 1);
	char *in = s->data;
	size_t inleft = s->len;
	char *o = out.data;
	size_t oleft = out.cap;
	if (ok && iconv(cd, &in, &inleft, &o, &oleft) == (size_t)-1)
		ok = false;
	if (cd != (iconv_t)-1)
		iconv_close(cd);
	if (!ok) {
		buf_free(&out);
		return false;
	}
	out.len = out.cap - oleft;
	buf_free(s);
	*s = out;
	return true;
}

int batch_manifest_bytes(const struct appeal_batch *b, bool json, bool bom, struct buf *s)
{
	if (json)
		return manifest_json(b, s);
	/* Excel opens a UTF-8 file right only with a byte order mark; a
	 * Windows-1252 ';' sheet gets its manifest back in its own dialect. */
	bool cp1252 = windows_dialect(b->signers);
	char delim = appeal_signers_delimiter(b->signers) == ';' ? ';' : ',';
	for (int c = 0; c < 9; c++)
		put_csv(s, manifest_cols[c], delim, c == 8);
	for (size_t k = 0; k < b->n && !s->failed; k++) {
		char num[3][24];
		const char *v[9];
		record_values(b, k, num, v);
		for (int c = 0; c < 9; c++)
			put_csv(s, v[c], delim, c == 8);
	}
	if (s->failed)
		return APPEAL_ENOMEM;
	if (cp1252 && to_cp1252(s))
		return 0;
	if (bom) {
		struct buf t = BUF_INIT;
		buf_add(&t, "\xEF\xBB\xBF", 3);
		buf_add(&t, s->data, s->len);
		if (t.failed) {
			buf_free(&t);
			return APPEAL_ENOMEM;
		}
		buf_free(s);
		*s = t;
	}
	return 0;
}

static bool json_name(const char *path)
{
	size_t len = strlen(path);
	return len >= 5 && strcasecmp(path + len - 5, ".json") == 0;
}

APPEAL_EXPORT int appeal_batch_commit_manifest(const struct appeal_batch *b, struct appeal_file *f,
                                               struct appeal_error *err)
{
	struct buf s = BUF_INIT;

	if (!f)
		return err_set(err, APPEAL_EINVAL, _("no file is being written"));
	if (batch_manifest_bytes(b, json_name(atomic_file_name(f)), true, &s)) {
		buf_free(&s);
		appeal_file_abort(f);
		return err_nomem(err);
	}
	int rc = appeal_file_commit(f, s.data ? s.data : "", s.len, err);
	buf_free(&s);
	return rc;
}

APPEAL_EXPORT int appeal_batch_write_manifest(const struct appeal_batch *b, const char *path,
                                              struct appeal_error *err)
{
	struct buf s = BUF_INIT;

	if (strcmp(path, "-") != 0) {
		struct appeal_file *f = appeal_file_open(path, err);
		return f ? appeal_batch_commit_manifest(b, f, err) : err && err->code ? err->code : APPEAL_EIO;
	}
	/* No byte order mark on standard output: it goes to a program. */
	if (batch_manifest_bytes(b, json_name(path), false, &s)) {
		buf_free(&s);
		return err_nomem(err);
	}
	int rc = appeal_write_file(path, s.data ? s.data : "", s.len, err);
	buf_free(&s);
	return rc;
}
