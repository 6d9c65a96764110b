/* .xlsx (Office Open XML) workbooks: the workbook's sheet list, its
 * relationships, shared strings and number formats, then the chosen
 * sheet's rows, all read as XML streams (zipxml.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "signers/model.h"
#include "signers/numfmt.h"
#include "signers/zipxml.h"
#include "util/error.h"
#include "util/i18n.h"

/* A cell's text is cut here while reading; the value rule then reports
 * it as too long (every field's limit is far below). */
#define CELL_CAP 65536

struct xlsx {
	struct zipxml z;
	struct appeal_signers *s;
	struct appeal_error *err;
	bool date1904;
	char *sheet_name, *sheet_rid, *sheet_path;
	struct buf strings;   /* shared strings back to back, NUL-ended */
	size_t *string_at;    /* offsets into strings */
	size_t nstrings, capstrings;
	struct numfmt *xf;    /* per cell style (cellXfs) */
	size_t nxf, capxf;
	struct buf names;     /* the sheets' names, for a message */
};

static void xlsx_free(struct xlsx *x)
{
	zipxml_close(&x->z);
	free(x->sheet_name);
	free(x->sheet_rid);
	free(x->sheet_path);
	buf_free(&x->strings);
	free(x->string_at);
	free(x->xf);
	buf_free(&x->names);
}

/* Appends the text of the current text node to b, up to CELL_CAP. */
static void add_text(xmlTextReaderPtr r, struct buf *b)
{
	const char *v = (const char *)xmlTextReaderConstValue(r);
	size_t n = v ? strlen(v) : 0;
	if (b->len + n > CELL_CAP)
		n = b->len < CELL_CAP ? CELL_CAP - b->len : 0;
	buf_add(b, v ? v : "", n);
}

static bool is_text_node(xmlTextReaderPtr r)
{
	int t = xmlTextReaderNodeType(r);
	return t == XML_READER_TYPE_TEXT || t == XML_READER_TYPE_CDATA || t == XML_READER_TYPE_SIGNIFICANT_WHITESPACE;
}

static bool is_start(xmlTextReaderPtr r, const char *name)
{
	return xmlTextReaderNodeType(r) == XML_READER_TYPE_ELEMENT && zipxml_is(r, name);
}

static bool is_end(xmlTextReaderPtr r, const char *name)
{
	return xmlTextReaderNodeType(r) == XML_READER_TYPE_END_ELEMENT && zipxml_is(r, name);
}

/* xl/workbook.xml: the 1904 date system and the sheet wanted. */
static int read_workbook(struct xlsx *x, const char *want)
{
	static const char part[] = "xl/workbook.xml";
	xmlTextReaderPtr r = zipxml_reader(&x->z, part);
	int rc;

	if (!r)
		return x->err->code;
	while ((rc = xmlTextReaderRead(r)) == 1) {
		if (is_start(r, "workbookPr")) {
			char *v = zipxml_attr(r, "date1904");
			x->date1904 = v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
			xmlFree(v);
		} else if (is_start(r, "sheet") && !x->sheet_rid) {
			char *name = zipxml_attr(r, "name"), *rid = zipxml_attr(r, "r:id");
			if (name) {
				if (x->names.len)
					buf_adds(&x->names, ", ");
				buf_adds(&x->names, name);
			}
			if (name && rid && (!want || strcmp(name, want) == 0)) {
				x->sheet_name = strdup(name);
				x->sheet_rid = strdup(rid);
			}
			xmlFree(name);
			xmlFree(rid);
		} else if (is_start(r, "sheet") && x->names.len < 400) {
			char *name = zipxml_attr(r, "name");
			if (name) {
				buf_adds(&x->names, ", ");
				buf_adds(&x->names, name);
			}
			xmlFree(name);
		}
	}
	if (rc < 0) {
		rc = zipxml_fail(&x->z, r, part);
		zipxml_reader_free(r);
		return rc;
	}
	zipxml_reader_free(r);
	if (!x->sheet_rid) {
		char shown[64], list[300];
		err_quote(shown, sizeof(shown), want ? want : "");
		err_quote(list, sizeof(list), x->names.data ? x->names.data : "");
		if (want) {
			err_set(x->err, APPEAL_ENOTFOUND, _("the workbook has no sheet '%s'; its sheets: %s"), shown, list);
			err_hint(x->err, _("give one of them with --sheet NAME"));
		} else {
			err_set(x->err, APPEAL_EINVAL, _("the workbook has no sheet"));
			err_hint(x->err, _("open it in the office program and save it again"));
		}
		return x->err->code;
	}
	return (x->sheet_name && x->sheet_rid) ? 0 : err_nomem(x->err);
}

/* xl/_rels/workbook.xml.rels: where the sheet's part is. */
static int read_rels(struct xlsx *x)
{
	static const char part[] = "xl/_rels/workbook.xml.rels";
	xmlTextReaderPtr r = zipxml_reader(&x->z, part);
	int rc;

	if (!r)
		return x->err->code;
	while ((rc = xmlTextReaderRead(r)) == 1 && !x->sheet_path) {
		if (!is_start(r, "Relationship"))
			continue;
		char *id = zipxml_attr(r, "Id"), *target = zipxml_attr(r, "Target");
		if (id && target && strcmp(id, x->sheet_rid) == 0) {
			size_t n = strlen(target) + 4;
			if ((x->sheet_path = malloc(n)))
				snprintf(x->sheet_path, n, "%s%s", target[0] == '/' ? "" : "xl/", target + (target[0] == '/'));
		}
		xmlFree(id);
		xmlFree(target);
	}
	if (rc < 0) {
		rc = zipxml_fail(&x->z, r, part);
		zipxml_reader_free(r);
		return rc;
	}
	zipxml_reader_free(r);
	if (!x->sheet_path) {
		err_set(x->err, APPEAL_ESYNTAX, _("the workbook does not say where its sheet '%s' is"), x->sheet_name);
		err_hint(x->err, _("open it in the office program and save it again"));
		return APPEAL_ESYNTAX;
	}
	return 0;
}

/* xl/sharedStrings.xml: every <si>, its runs joined, phonetic hints left
 * out. */
static int read_strings(struct xlsx *x)
{
	static const char part[] = "xl/sharedStrings.xml";
	if (!zipxml_has(&x->z, part))
		return 0;
	xmlTextReaderPtr r = zipxml_reader(&x->z, part);
	bool in_t = false;
	int rph = 0, rc;

	if (!r)
		return x->err->code;
	size_t start = 0;
	while ((rc = xmlTextReaderRead(r)) == 1) {
		if (is_start(r, "si")) {
			start = x->strings.len;
			if (xmlTextReaderIsEmptyElement(r))
				goto end_si;
		} else if (is_start(r, "rPh") && !xmlTextReaderIsEmptyElement(r)) {
			rph++;
		} else if (is_end(r, "rPh")) {
			rph--;
		} else if (is_start(r, "t") && !xmlTextReaderIsEmptyElement(r)) {
			in_t = true;
		} else if (is_end(r, "t")) {
			in_t = false;
		} else if (in_t && rph == 0 && is_text_node(r) && x->strings.len - start < CELL_CAP) {
			add_text(r, &x->strings);
		} else if (is_end(r, "si")) {
		end_si:
			if (!vec_reserve((void **)&x->string_at, &x->capstrings, x->nstrings, sizeof(*x->string_at)))
				break;
			x->string_at[x->nstrings++] = start;
			buf_addc(&x->strings, '\0');
		}
	}
	if (rc < 0) {
		rc = zipxml_fail(&x->z, r, part);
		zipxml_reader_free(r);
		return rc;
	}
	zipxml_reader_free(r);
	return x->strings.failed || rc == 1 ? err_nomem(x->err) : 0;
}

/* xl/styles.xml: the number format of every cell style. */
static int read_styles(struct xlsx *x)
{
	static const char part[] = "xl/styles.xml";
	if (!zipxml_has(&x->z, part))
		return 0;
	xmlTextReaderPtr r = zipxml_reader(&x->z, part);
	struct { int id; struct numfmt f; } *custom = NULL;
	size_t ncustom = 0, capcustom = 0;
	bool in_xfs = false;
	int rc;

	if (!r)
		return x->err->code;
	while ((rc = xmlTextReaderRead(r)) == 1) {
		if (is_start(r, "numFmt")) {
			char *id = zipxml_attr(r, "numFmtId"), *code = zipxml_attr(r, "formatCode");
			if (id && code && vec_reserve((void **)&custom, &capcustom, ncustom, sizeof(*custom))) {
				custom[ncustom].id = atoi(id);
				custom[ncustom++].f = numfmt_parse(code);
			}
			xmlFree(id);
			xmlFree(code);
		} else if (is_start(r, "cellXfs")) {
			in_xfs = !xmlTextReaderIsEmptyElement(r);
		} else if (is_end(r, "cellXfs")) {
			in_xfs = false;
		} else if (in_xfs && is_start(r, "xf")) {
			char *id = zipxml_attr(r, "numFmtId");
			int n = id ? atoi(id) : 0;
			struct numfmt f = numfmt_builtin(n);
			for (size_t i = 0; i < ncustom; i++)
				if (custom[i].id == n)
					f = custom[i].f;
			xmlFree(id);
			if (!vec_reserve((void **)&x->xf, &x->capxf, x->nxf, sizeof(*x->xf)))
				break;
			x->xf[x->nxf++] = f;
		}
	}
	free(custom);
	if (rc < 0) {
		rc = zipxml_fail(&x->z, r, part);
		zipxml_reader_free(r);
		return rc;
	}
	zipxml_reader_free(r);
	return rc == 1 ? err_nomem(x->err) : 0;
}

/* "BC12" -> column 54 (0-based), row 12; false when it is not a cell
 * reference. */
static bool parse_ref(const char *ref, size_t *col, long *row)
{
	size_t c = 0;
	long rw = 0;
	const char *p = ref;
	for (; *p >= 'A' && *p <= 'Z' && c < 100000; p++)
		c = c * 26 + (size_t)(*p - 'A' + 1);
	if (p == ref || c == 0)
		return false;
	for (; *p >= '0' && *p <= '9' && rw < 100000000; p++)
		rw = rw * 10 + (*p - '0');
	*col = c - 1;
	*row = rw;
	return *p == '\0' || *p == ':';
}

struct merge {
	long row1, row2;
	size_t col;
};

struct cell {
	size_t col;
	char type[12];
	int style;
	struct buf text;
	bool in_v, in_is_t;
	int rph;
};

/* The cell's text as the sheet shows it. */
static int put_cell(struct xlsx *x, struct grid *g, struct cell *c, long row)
{
	const char *v = c->text.data ? c->text.data : "";
	size_t n = c->text.len;
	char num[64];

	if (strcmp(c->type, "s") == 0) {
		char *end;
		unsigned long i = strtoul(v, &end, 10);
		if (end == v || *end || i >= x->nstrings) {
			err_set(x->err, APPEAL_ESYNTAX, _("the workbook is damaged: a cell names a shared string it lacks"));
			err_row(x->err, row);
			err_hint(x->err, _("open it in the office program and save it again, or export the sheet as CSV"));
			return APPEAL_ESYNTAX;
		}
		v = x->strings.data + x->string_at[i];
		n = strlen(v);
	} else if (strcmp(c->type, "b") == 0) {
		v = strcmp(v, "1") == 0 ? "TRUE" : "FALSE";
		n = strlen(v);
	} else if (strcmp(c->type, "d") == 0) {
		n = n > 10 && v[10] == 'T' ? 10 : n; /* an ISO date, its time of 00:00 left out */
	} else if (c->type[0] == '\0' || strcmp(c->type, "n") == 0) {
		struct numfmt f = c->style >= 0 && (size_t)c->style < x->nxf ? x->xf[c->style] : numfmt_builtin(0);
		if (n && numfmt_format(&f, v, x->date1904, num, sizeof(num))) {
			v = num;
			n = strlen(num);
		}
	}
	return grid_cell(g, c->col, v, n);
}

static int read_sheet(struct xlsx *x, struct grid *g)
{
	xmlTextReaderPtr r = zipxml_reader(&x->z, x->sheet_path);
	struct cell c = {0};
	struct merge *merges = NULL;
	size_t nmerges = 0, capmerges = 0, next_col = 0;
	long row = 0;
	bool hidden = false, in_c = false;
	int rc, fail = 0;

	if (!r)
		return x->err->code;
	while (!fail && (rc = xmlTextReaderRead(r)) == 1) {
		if (is_start(r, "row")) {
			char *rr = zipxml_attr(r, "r"), *h = zipxml_attr(r, "hidden");
			long n = rr ? atol(rr) : 0;
			row = n > row ? n : row + 1;
			hidden = h && (strcmp(h, "1") == 0 || strcmp(h, "true") == 0);
			next_col = 0;
			xmlFree(rr);
			xmlFree(h);
			if (xmlTextReaderIsEmptyElement(r))
				fail = grid_row_end(g, row, hidden);
		} else if (is_end(r, "row")) {
			fail = grid_row_end(g, row, hidden);
		} else if (is_start(r, "c")) {
			char *ref = zipxml_attr(r, "r"), *t = zipxml_attr(r, "t"), *st = zipxml_attr(r, "s");
			long rw;
			c.col = ref && parse_ref(ref, &c.col, &rw) ? c.col : next_col;
			next_col = c.col + 1;
			snprintf(c.type, sizeof(c.type), "%s", t ? t : "");
			c.style = st ? atoi(st) : 0;
			c.text.len = 0;
			c.in_v = c.in_is_t = false;
			c.rph = 0;
			in_c = !xmlTextReaderIsEmptyElement(r);
			xmlFree(ref);
			xmlFree(t);
			xmlFree(st);
		} else if (in_c && is_end(r, "c")) {
			in_c = false;
			buf_addc(&c.text, '\0');
			c.text.len--;
			fail = c.text.failed ? err_nomem(x->err) : put_cell(x, g, &c, row);
		} else if (in_c && is_start(r, "v") && !xmlTextReaderIsEmptyElement(r)) {
			c.in_v = true;
		} else if (in_c && is_end(r, "v")) {
			c.in_v = false;
		} else if (in_c && is_start(r, "rPh") && !xmlTextReaderIsEmptyElement(r)) {
			c.rph++;
		} else if (in_c && is_end(r, "rPh")) {
			c.rph--;
		} else if (in_c && is_start(r, "t") && !xmlTextReaderIsEmptyElement(r)) {
			c.in_is_t = true;
		} else if (in_c && is_end(r, "t")) {
			c.in_is_t = false;
		} else if (in_c && (c.in_v || (c.in_is_t && c.rph == 0)) && is_text_node(r)) {
			add_text(r, &c.text);
		} else if (is_start(r, "mergeCell")) {
			char *ref = zipxml_attr(r, "ref");
			const char *colon = ref ? strchr(ref, ':') : NULL;
			size_t c1, c2;
			long r1, r2;
			if (colon && parse_ref(ref, &c1, &r1) && parse_ref(colon + 1, &c2, &r2) && r2 > r1 &&
			    vec_reserve((void **)&merges, &capmerges, nmerges, sizeof(*merges)))
				merges[nmerges++] = (struct merge){r1, r2, c1};
			xmlFree(ref);
		}
	}
	if (!fail && rc < 0)
		fail = zipxml_fail(&x->z, r, x->sheet_path);
	if (!fail)
		fail = grid_finish(g);
	for (size_t i = 0; i < nmerges && !fail; i++)
		fail = grid_merge(g, merges[i].row1, merges[i].col, merges[i].row2);
	free(merges);
	buf_free(&c.text);
	zipxml_reader_free(r);
	return fail;
}

int signers_read_xlsx(struct appeal_signers *s, const unsigned char *data, size_t len, const char *sheet,
                      struct appeal_error *err)
{
	struct xlsx x = {.s = s, .err = err};
	struct grid *g = NULL;
	int rc;

	if ((rc = zipxml_open(&x.z, data, len, "xlsx", err)) != 0)
		return rc;
	if (!zipxml_has(&x.z, "xl/workbook.xml")) {
		zipxml_close(&x.z);
		if (len > 4 && memcmp(data, "PK", 2) == 0) {
			err_set(err, APPEAL_EINVAL, _("this zip archive is not an .xlsx workbook"));
			err_hint(err, _("an OpenDocument sheet is read as .ods; else export the sheet as CSV"));
			return APPEAL_EINVAL;
		}
		return err_set(err, APPEAL_ESYNTAX, _("this is not an .xlsx workbook"));
	}
	if (!(rc = read_workbook(&x, sheet)) && !(rc = read_rels(&x)) && !(rc = read_strings(&x)) &&
	    !(rc = read_styles(&x))) {
		if (!(g = grid_new(s, err)))
			rc = APPEAL_ENOMEM;
		else
			rc = read_sheet(&x, g);
	}
	if (!rc) {
		s->sheet = pool_strndup(&s->pool, x.sheet_name, strlen(x.sheet_name));
		if (!s->sheet)
			rc = err_nomem(err);
	}
	grid_free(g);
	xlsx_free(&x);
	return rc;
}
