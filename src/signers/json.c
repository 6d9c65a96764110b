/* Signer tables as JSON: an array of objects, one object alone, or JSON
 * Lines. The text goes through util/json (the strict reader letters use),
 * so a syntax error says what is wrong and where (line:column), and a key
 * given twice in one object is refused there. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "signers/model.h"
#include "util/error.h"
#include "util/i18n.h"
#include "util/json.h"
#include "util/utf8.h"

/* The text of a scalar; NULL for objects and arrays. A number is printed
 * into *printed, which the caller frees with cJSON_free(). */
static const char *json_cell(const cJSON *v, char **printed)
{
	*printed = NULL;
	if (cJSON_IsString(v))
		return v->valuestring;
	if (cJSON_IsNull(v))
		return "";
	if (cJSON_IsTrue(v))
		return "true";
	if (cJSON_IsFalse(v))
		return "false";
	if (cJSON_IsNumber(v))
		return *printed = cJSON_PrintUnformatted(v);
	return NULL;
}

struct jsonctx {
	struct appeal_signers *s;
	const struct json_doc *doc; /* the document being read, for positions */
	int first_line;             /* of doc in the file */
	const char **vals;          /* by column, for the object being read */
	size_t *seen;               /* by column: the object that last set it */
	size_t capvals;
	size_t serial;
	struct buf cells;
};

/* Puts the place of element `index` (and of its member `member`, unless
 * it is (size_t)-1) into err, found again in the source text. */
static void json_place(const struct jsonctx *j, size_t index, size_t member, struct appeal_error *err)
{
	size_t path[2] = {index, member}, off;
	size_t depth = member == (size_t)-1 ? 1 : 2;
	int line, column;
	bool array = cJSON_IsArray(j->doc->root);

	/* One object per line, or alone: the object is the root. */
	if (!array && json_locate(j->doc->text, j->doc->len, path + 1, depth - 1, JSON_VALUE, &off) != 0)
		return;
	if (array && json_locate(j->doc->text, j->doc->len, path, depth, JSON_VALUE, &off) != 0)
		return;
	json_line_column(j->doc->text, j->doc->len, off, &line, &column);
	err_position(err, line + j->first_line - 1, column);
}

static int json_object(struct jsonctx *j, const cJSON *obj, size_t index, long row, struct appeal_error *err)
{
	struct appeal_signers *s = j->s;
	int rc = 0;

	if (!cJSON_IsObject(obj)) {
		err_set(err, APPEAL_ESYNTAX, _("expected an object for a signer, found %s"), json_type_name(obj));
		err_hint(err, _("write each signer as {\"name\": \"...\", \"city\": \"...\"}"));
		err_row(err, row);
		json_place(j, index, (size_t)-1, err);
		return APPEAL_ESYNTAX;
	}
	j->serial++;
	size_t member = 0;
	for (const cJSON *v = obj->child; v; v = v->next, member++) {
		const char *key = v->string ? v->string : "";
		size_t col;
		if (!strmap_get(&s->colmap, key, &col)) {
			if ((rc = signers_add_column(s, key, strlen(key), err)) != 0) {
				err_row(err, row);
				return rc;
			}
			col = s->ncols - 1;
		}
		if (s->ncols > j->capvals) {
			size_t cap = s->ncols * 2;
			const char **vals = realloc(j->vals, cap * sizeof(*vals));
			if (vals)
				j->vals = vals;
			size_t *seen = realloc(j->seen, cap * sizeof(*seen));
			if (seen)
				j->seen = seen;
			if (!vals || !seen)
				return err_nomem(err);
			for (size_t i = j->capvals; i < cap; i++) {
				j->vals[i] = NULL;
				j->seen[i] = 0;
			}
			j->capvals = cap;
		}
		char *printed;
		const char *text = json_cell(v, &printed);
		if (!text && !cJSON_IsObject(v) && !cJSON_IsArray(v))
			return err_nomem(err);
		if (!text) {
			char shown[64];
			err_quote(shown, sizeof(shown), key);
			err_set(err, APPEAL_ESYNTAX, _("expected text for \"%s\", found %s"), shown, json_type_name(v));
			err_hint(err, _("every value is a string, such as \"Madrid\""));
			err_row(err, row);
			err_field(err, key);
			json_place(j, index, member, err);
			return APPEAL_ESYNTAX;
		}
		const char *copy = pool_strndup(&s->pool, text, strlen(text));
		cJSON_free(printed);
		if (!copy)
			return err_nomem(err);
		j->vals[col] = copy;
		j->seen[col] = j->serial;
	}
	/* Cells up to the last one given; later columns read as empty. */
	size_t ncells = 0;
	for (size_t c = 0; c < s->ncols; c++)
		if (j->seen[c] == j->serial && !signers_blank(j->vals[c], strlen(j->vals[c])))
			ncells = c + 1;
	if (ncells == 0)
		return 0;
	buf_clear(&j->cells);
	for (size_t c = 0; c < ncells; c++) {
		const char *v = j->seen[c] == j->serial ? j->vals[c] : "";
		/* util/json refuses "\u0000", so no value is cut short. */
		buf_add(&j->cells, v, strlen(v) + 1);
	}
	if (j->cells.failed)
		return err_nomem(err);
	return signers_add_record(s, row, &j->cells, ncells, ncells, false, err);
}

/* util/json names the place of a repeated key by its path, "[4].name" in
 * an array or "name" in an object alone: say it as a row and a field. */
static void blame_row(struct appeal_error *err, long row)
{
	const char *key = err ? err->path : "";
	size_t index;
	int used = 0;

	if (!err)
		return;
	if (sscanf(key, "[%zu]%n", &index, &used) == 1 && used > 0) {
		row = (long)index + 1;
		key += used;
		key += *key == '.';
	}
	if (row > 0)
		err_row(err, row);
	if (*key && !strchr(key, '.') && !strchr(key, '['))
		err_field(err, key);
}

static struct json_doc *parse(const struct appeal_signers *s, const char *text, size_t len, int first_line,
                              struct appeal_error *err)
{
	const struct json_options o = {
		.max_bytes = SIGNERS_MAX_BYTES * 4,
		.empty = _("give at least one signer with a \"name\""),
		.too_deep = _("a signer table is an array of objects, or one object per line"),
		.first_line = first_line,
	};
	return json_doc_parse_opts(text, len, s->source, &o, err);
}

/* Where JSON Lines begin a new record: after each LF. */
static int read_lines(struct jsonctx *j, const char *text, size_t len, struct appeal_error *err)
{
	long row = 0;
	int rc = 0;

	for (size_t start = 0; start < len && rc == 0;) {
		const char *nl = memchr(text + start, '\n', len - start);
		size_t stop = nl ? (size_t)(nl - text) : len;
		row++;
		if (!signers_blank(text + start, stop - start)) {
			struct json_doc *doc = parse(j->s, text + start, stop - start, (int)row, err);
			if (!doc) {
				blame_row(err, row);
				return APPEAL_ESYNTAX;
			}
			j->doc = doc;
			j->first_line = (int)row;
			rc = json_object(j, doc->root, 0, row, err);
			json_doc_free(doc);
			j->doc = NULL;
		}
		start = stop + 1;
	}
	return rc;
}

int signers_read_json(struct appeal_signers *s, const char *text, size_t len, bool lines, struct appeal_error *err)
{
	struct jsonctx j = {.s = s, .first_line = 1};
	struct json_doc *doc = NULL;
	size_t i = 0;
	int rc = 0;

	while (i < len && utf8_is_space((unsigned char)text[i]))
		i++;
	if (!lines && i < len && text[i] == '{') {
		/* One object alone is a table of one signer; otherwise lines. */
		doc = parse(s, text, len, 1, NULL);
		if (doc && cJSON_IsObject(doc->root)) {
			j.doc = doc;
			rc = json_object(&j, doc->root, 0, 1, err);
			goto done;
		}
		json_doc_free(doc);
		doc = NULL;
		lines = true;
	}
	if (lines) {
		rc = read_lines(&j, text, len, err);
		goto done;
	}
	if (!(doc = parse(s, text, len, 1, err))) {
		blame_row(err, 0);
		rc = APPEAL_ESYNTAX;
		goto done;
	}
	if (!cJSON_IsArray(doc->root)) {
		err_set(err, APPEAL_ESYNTAX, _("expected an array of signers, found %s"), json_type_name(doc->root));
		err_hint(err, _("write [{\"name\": \"...\"}, ...], or one object per line (JSON Lines)"));
		rc = APPEAL_ESYNTAX;
		goto done;
	}
	j.doc = doc;
	size_t index = 0;
	for (const cJSON *v = doc->root->child; v && rc == 0; v = v->next, index++)
		rc = json_object(&j, v, index, (long)index + 1, err);
done:
	json_doc_free(doc);
	free(j.vals);
	free(j.seen);
	buf_free(&j.cells);
	if (rc == 0 && s->ncols == 0) {
		err_set(err, APPEAL_EINVAL, _("the table is empty"));
		err_hint(err, _("give at least one signer with a \"name\""));
		rc = APPEAL_EINVAL;
	}
	return rc;
}
