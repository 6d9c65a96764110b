/* The signer table: columns, records, rows and problems, and what the
 * public accessors read of them. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "signers/model.h"
#include "util/error.h"
#include "util/i18n.h"
#include "util/utf8.h"

const char *const signers_field_names[F_COUNT] = {
	"name", "city", "lang", "note", "date", "email", "first_name", "last_name", "second_last_name",
};

int signers_check_header(size_t column, size_t len, size_t before, struct appeal_error *err)
{
	char tmp[32];

	if (column > SIGNERS_MAX_COLUMNS) {
		err_set(err, APPEAL_EINVAL, _("too many columns (more than %d)"), SIGNERS_MAX_COLUMNS);
		err_hint(err, _("is this a signer table? keep only the columns the letters need"));
		return APPEAL_EINVAL;
	}
	snprintf(tmp, sizeof(tmp), _("(column %zu)"), column);
	if (len > SIGNERS_MAX_HEADER) {
		err_set(err, APPEAL_EINVAL, _("a column name of %zu bytes; at most %d are accepted"), len,
		        SIGNERS_MAX_HEADER);
		err_hint(err, _("the first row names the columns (name, city, language, note); shorten that name, "
		                "or add such a row above the signers"));
		err_field(err, tmp);
		return APPEAL_EINVAL;
	}
	if (before + len > SIGNERS_MAX_HEADER_ROW) {
		err_set(err, APPEAL_EINVAL, _("the column names add up to more than %zu KiB"),
		        SIGNERS_MAX_HEADER_ROW >> 10);
		err_hint(err, _("is this a signer table? keep only the columns the letters need"));
		err_field(err, tmp);
		return APPEAL_EINVAL;
	}
	return 0;
}

int signers_add_column(struct appeal_signers *s, const char *header, size_t len, struct appeal_error *err)
{
	int rc = signers_check_header(s->ncols + 1, len, s->header_bytes, err);
	if (rc)
		return rc;
	if (!vec_reserve((void **)&s->cols, &s->capcols, s->ncols, sizeof(*s->cols)))
		return err_nomem(err);
	const char *h = pool_strndup(&s->pool, header, len);
	if (!h)
		return err_nomem(err);
	s->cols[s->ncols] = (struct column){.header = h};
	s->header_bytes += len;
	if (strmap_put(&s->colmap, h, s->ncols) < 0)
		return err_nomem(err);
	s->ncols++;
	return 0;
}

int signers_add_record(struct appeal_signers *s, long row, const struct buf *cells, size_t ncells, size_t fields,
                       bool extra, struct appeal_error *err)
{
	/* CSV cells never outgrow the input; JSON objects with ever new keys
	 * would, as every record holds a cell for every column before. */
	s->stored += cells->len;
	if (s->stored > s->store_limit) {
		err_set(err, APPEAL_EINVAL, _("too many different keys: the table would not fit in %zu MiB"),
		        s->store_limit >> 20);
		err_hint(err, _("give every signer the same keys"));
		err_row(err, row);
		return APPEAL_EINVAL;
	}
	if (!vec_reserve((void **)&s->recs, &s->caprecs, s->nrecs, sizeof(*s->recs)))
		return err_nomem(err);
	const char *c = pool_strndup(&s->pool, cells->data ? cells->data : "", cells->len);
	if (!c)
		return err_nomem(err);
	s->recs[s->nrecs++] = (struct record){row, c, ncells, fields, extra};
	return 0;
}

int signers_add_note(struct appeal_signers *s, const char *text, struct appeal_error *err)
{
	if (s->nnotes >= 1000)
		return 0; /* enough to see the pattern */
	if (!vec_reserve((void **)&s->notes, &s->capnotes, s->nnotes, sizeof(*s->notes)))
		return err_nomem(err);
	const char *t = pool_strndup(&s->pool, text, strlen(text));
	if (!t)
		return err_nomem(err);
	s->notes[s->nnotes++] = t;
	return 0;
}

APPEAL_EXPORT size_t appeal_signers_note_count(const struct appeal_signers *s)
{
	return s ? s->nnotes : 0;
}

APPEAL_EXPORT const char *appeal_signers_note(const struct appeal_signers *s, size_t i)
{
	return s && i < s->nnotes ? s->notes[i] : NULL;
}

APPEAL_EXPORT const char *appeal_signers_sheet(const struct appeal_signers *s)
{
	return s ? s->sheet : NULL;
}

bool signers_blank(const char *s, size_t len)
{
	uint32_t cp;
	for (size_t i = 0; i < len;) {
		int n = utf8_decode(s + i, len - i, &cp);
		if (n < 0 || !utf8_is_space(cp))
			return false;
		i += (size_t)n;
	}
	return true;
}

APPEAL_EXPORT void appeal_signers_free(struct appeal_signers *s)
{
	if (!s)
		return;
	free(s->cols);
	strmap_free(&s->colmap);
	free(s->recs);
	free(s->unused);
	free(s->notes);
	free(s->rows);
	free(s->probs);
	pool_free(&s->pool);
	free(s);
}

/* ------------------------------------------------------------ accessors */

APPEAL_EXPORT size_t appeal_signers_count(const struct appeal_signers *s)
{
	return s ? s->nrecs : 0;
}

APPEAL_EXPORT const struct appeal_signer_row *appeal_signers_row(const struct appeal_signers *s, size_t i)
{
	return s && i < s->nrecs ? &s->rows[i] : NULL;
}

APPEAL_EXPORT int appeal_signers_signer(struct appeal_signer *out, const struct appeal_signers *s, size_t i)
{
	const struct appeal_signer_row *r = appeal_signers_row(s, i);
	if (!out || !r)
		return APPEAL_EINVAL;
	*out = (struct appeal_signer)APPEAL_SIGNER_INIT;
	out->name = r->name;
	out->city = r->city;
	out->note = r->note;
	out->date = r->when;
	out->email = r->email;
	return 0;
}

APPEAL_EXPORT size_t appeal_signers_problem_count(const struct appeal_signers *s)
{
	return s ? s->nprobs : 0;
}

APPEAL_EXPORT const struct appeal_signer_problem *appeal_signers_problem(const struct appeal_signers *s, size_t i)
{
	return s && i < s->nprobs ? &s->probs[i] : NULL;
}

APPEAL_EXPORT const char *appeal_signers_problem_name(int kind)
{
	static const char *const names[] = {
		"ok", "extra-cells", "invalid-text", "mojibake", "too-long",
		"empty-name", "date", "language", "duplicate", "no-language",
	};
	return kind >= 0 && (size_t)kind < sizeof(names) / sizeof(names[0]) ? names[kind] : "unknown";
}

APPEAL_EXPORT void appeal_signers_problem_error(const struct appeal_signers *s,
                                                const struct appeal_signer_problem *p, struct appeal_error *err)
{
	if (!err)
		return;
	appeal_error_clear(err);
	if (!p)
		return;
	err_set(err, APPEAL_EINVAL, "%s", p->message);
	if (p->hint[0])
		err_hint(err, "%s", p->hint);
	if (s)
		err_source(err, s->source);
	err->row = p->row;
	if (p->field[0]) {
		char q[64];
		err_quote(q, sizeof(q), p->field);
		err_field(err, q);
	}
}

APPEAL_EXPORT const char *appeal_signers_format(const struct appeal_signers *s)
{
	return s ? s->format : NULL;
}

APPEAL_EXPORT const char *appeal_signers_encoding(const struct appeal_signers *s)
{
	return s ? s->encoding : NULL;
}

APPEAL_EXPORT const char *appeal_signers_encoding_reason(const struct appeal_signers *s)
{
	return s ? s->encoding_reason : NULL;
}

APPEAL_EXPORT char appeal_signers_delimiter(const struct appeal_signers *s)
{
	return s ? s->delimiter : 0;
}

APPEAL_EXPORT const char *appeal_signers_delimiter_reason(const struct appeal_signers *s)
{
	return s ? s->delimiter_reason : NULL;
}

APPEAL_EXPORT size_t appeal_signers_column_count(const struct appeal_signers *s)
{
	return s ? s->ncols : 0;
}

APPEAL_EXPORT const char *appeal_signers_header(const struct appeal_signers *s, size_t c)
{
	return s && c < s->ncols ? s->cols[c].header : NULL;
}

APPEAL_EXPORT const char *appeal_signers_key(const struct appeal_signers *s, size_t c)
{
	return s && c < s->ncols ? s->cols[c].key : NULL;
}

APPEAL_EXPORT const char *appeal_signers_column(const struct appeal_signers *s, const char *field)
{
	int f = s && field ? signers_find_field(field) : -1;
	return f >= 0 && s->col_of[f] >= 0 ? s->cols[s->col_of[f]].key : NULL;
}

APPEAL_EXPORT size_t appeal_signers_unused_count(const struct appeal_signers *s)
{
	return s ? s->nunused : 0;
}

APPEAL_EXPORT const char *appeal_signers_unused(const struct appeal_signers *s, size_t i)
{
	return s && i < s->nunused ? s->cols[s->unused[i]].key : NULL;
}

/* One JSON string, escaped as cJSON escapes it. */
static bool json_string(struct buf *b, const char *s)
{
	cJSON *node = cJSON_CreateStringReference(s);
	char *q = node ? cJSON_PrintUnformatted(node) : NULL;
	bool ok = q && buf_adds(b, q);
	cJSON_free(q);
	cJSON_Delete(node);
	return ok;
}

/* Appends data row i as a JSON object. */
static bool row_json(struct buf *b, const struct appeal_signers *s, size_t i)
{
	const struct record *r = &s->recs[i];
	const char *cell = r->cells;

	buf_addc(b, '{');
	for (size_t c = 0; c < s->ncols && !b->failed; c++) {
		const char *v = c < r->ncells ? cell : "";
		if (c < r->ncells)
			cell += strlen(cell) + 1;
		if (c)
			buf_adds(b, ", ");
		if (!json_string(b, s->cols[c].key) || !buf_adds(b, ": ") || !json_string(b, v))
			b->failed = true;
	}
	buf_addc(b, '}');
	return !b->failed;
}

APPEAL_EXPORT char *appeal_signers_row_json(const struct appeal_signers *s, size_t i)
{
	struct buf b = BUF_INIT;

	if (!s || i >= s->nrecs)
		return NULL;
	row_json(&b, s, i);
	return buf_take(&b);
}

APPEAL_EXPORT char *appeal_signers_to_json(const struct appeal_signers *s)
{
	struct buf b = BUF_INIT;

	if (!s)
		return NULL;
	buf_addc(&b, '[');
	for (size_t i = 0; i < s->nrecs && !b.failed; i++) {
		buf_adds(&b, i ? ",\n" : "\n");
		row_json(&b, s, i);
	}
	buf_adds(&b, s->nrecs ? "\n]\n" : "]\n");
	return buf_take(&b);
}
