/* .ods (OpenDocument) workbooks: content.xml read as an XML stream
 * (zipxml.h). A cell's paragraphs are the text the sheet shows, so a
 * number is read as formatted; a date cell gives its ISO date. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "signers/model.h"
#include "signers/zipxml.h"
#include "util/error.h"
#include "util/i18n.h"

#define CELL_CAP 65536
/* A row with cells repeated down more often than this is a formatting
 * artefact, not signers. */
#define MAX_REPEAT 1000

struct ods_cell {
	size_t col, text; /* text: offset into row.text */
};

struct ods_row {
	struct buf text;
	struct ods_cell *cells;
	size_t ncells, capcells;
};

struct merge {
	long row1, row2;
	size_t col;
};

struct ods {
	struct zipxml z;
	struct appeal_signers *s;
	struct appeal_error *err;
	struct grid *g;
	struct ods_row row;
	struct buf cell;      /* the cell being read */
	struct buf names;
	struct merge *merges;
	size_t nmerges, capmerges;
	char *sheet;
};

static long repeat_attr(xmlTextReaderPtr r, const char *name)
{
	char *v = zipxml_attr(r, name);
	long n = v ? atol(v) : 1;
	xmlFree(v);
	/* No sheet has more than 2^20 rows or 2^14 columns. */
	return n < 1 ? 1 : n > (1L << 24) ? 1L << 24 : n;
}

static bool is_start(xmlTextReaderPtr r, const char *name)
{
	return xmlTextReaderNodeType(r) == XML_READER_TYPE_ELEMENT && zipxml_is(r, name);
}

static bool is_end(xmlTextReaderPtr r, const char *name)
{
	return xmlTextReaderNodeType(r) == XML_READER_TYPE_END_ELEMENT && zipxml_is(r, name);
}

static void cell_add(struct ods *o, const char *s, size_t n)
{
	if (o->cell.len + n > CELL_CAP)
		n = o->cell.len < CELL_CAP ? CELL_CAP - o->cell.len : 0;
	buf_add(&o->cell, s, n);
}

/* Emits the row's cells once per repetition. */
static int emit_row(struct ods *o, long *row, long repeat, bool hidden)
{
	int fail = 0;
	if (o->row.ncells == 0) {
		*row += repeat;
		return 0;
	}
	if (repeat > MAX_REPEAT)
		repeat = MAX_REPEAT;
	for (long k = 0; k < repeat && !fail; k++) {
		++*row;
		for (size_t i = 0; i < o->row.ncells && !fail; i++) {
			const char *t = o->row.text.data + o->row.cells[i].text;
			fail = grid_cell(o->g, o->row.cells[i].col, t, strlen(t));
		}
		if (!fail)
			fail = grid_row_end(o->g, *row, hidden);
	}
	return fail;
}

/* A finished cell, repeated `repeat` times from column *col on. */
static int end_cell(struct ods *o, size_t *col, long repeat, long row_span, long row)
{
	buf_addc(&o->cell, '\0');
	if (o->cell.failed || o->row.text.failed)
		return err_nomem(o->err);
	if (!signers_blank(o->cell.data, o->cell.len - 1)) {
		if (repeat > SIGNERS_MAX_COLUMNS)
			repeat = SIGNERS_MAX_COLUMNS;
		for (long k = 0; k < repeat; k++) {
			if (!vec_reserve((void **)&o->row.cells, &o->row.capcells, o->row.ncells, sizeof(*o->row.cells)))
				return err_nomem(o->err);
			o->row.cells[o->row.ncells++] = (struct ods_cell){*col + (size_t)k, o->row.text.len};
			buf_add(&o->row.text, o->cell.data, o->cell.len);
		}
		if (row_span > 1 && vec_reserve((void **)&o->merges, &o->capmerges, o->nmerges, sizeof(*o->merges)))
			o->merges[o->nmerges++] = (struct merge){row + 1, row + row_span, *col};
	}
	*col += (size_t)repeat;
	o->cell.len = 0;
	return 0;
}

static int read_content(struct ods *o, const char *want)
{
	static const char part[] = "content.xml";
	xmlTextReaderPtr r = zipxml_reader(&o->z, part);
	bool in_table = false, done = false, in_cell = false, hidden = false;
	int skip = 0, paras = 0, rc = 1, fail = 0;
	long row = 0, row_repeat = 1, cell_repeat = 1, row_span = 1;
	size_t col = 0;

	if (!r)
		return o->err->code;
	while (!fail && !done && (rc = xmlTextReaderRead(r)) == 1) {
		int type = xmlTextReaderNodeType(r);
		bool empty = type == XML_READER_TYPE_ELEMENT && xmlTextReaderIsEmptyElement(r);
		if (skip) {
			/* inside a comment (office:annotation): not the cell's text */
			if (type == XML_READER_TYPE_ELEMENT && !empty && zipxml_is(r, "annotation"))
				skip++;
			else if (is_end(r, "annotation"))
				skip--;
			continue;
		}
		if (is_start(r, "table") && !in_table) {
			char *name = zipxml_attr(r, "table:name");
			if (name && o->names.len < 400) {
				if (o->names.len)
					buf_adds(&o->names, ", ");
				buf_adds(&o->names, name);
			}
			if (!o->sheet && (!want || (name && strcmp(name, want) == 0))) {
				o->sheet = strdup(name ? name : "");
				in_table = !empty;
				if (!o->sheet)
					fail = err_nomem(o->err);
			}
			xmlFree(name);
			continue;
		}
		if (!in_table)
			continue;
		if (is_end(r, "table")) {
			done = true;
		} else if (is_start(r, "table-row")) {
			char *vis = zipxml_attr(r, "table:visibility");
			hidden = vis && strcmp(vis, "visible") != 0;
			xmlFree(vis);
			row_repeat = repeat_attr(r, "table:number-rows-repeated");
			col = 0;
			o->row.ncells = 0;
			o->row.text.len = 0;
			if (empty)
				fail = emit_row(o, &row, row_repeat, hidden);
		} else if (is_end(r, "table-row")) {
			fail = emit_row(o, &row, row_repeat, hidden);
		} else if (is_start(r, "table-cell") || is_start(r, "covered-table-cell")) {
			cell_repeat = repeat_attr(r, "table:number-columns-repeated");
			row_span = repeat_attr(r, "table:number-rows-spanned");
			o->cell.len = 0;
			paras = 0;
			char *type_attr = zipxml_attr(r, "office:value-type");
			if (type_attr && (strcmp(type_attr, "date") == 0)) {
				/* The ISO date, whatever the sheet's display format. */
				char *d = zipxml_attr(r, "office:date-value");
				if (d) {
					size_t n = strlen(d);
					bool midnight = n <= 10 || strcmp(d + 10, "T00:00:00") == 0;
					if (n > 10 && !midnight)
						d[10] = ' ';
					cell_add(o, d, midnight && n > 10 ? 10 : n);
					paras = -1; /* the paragraphs only repeat it */
				}
				xmlFree(d);
			}
			xmlFree(type_attr);
			in_cell = !empty;
			if (empty)
				fail = end_cell(o, &col, cell_repeat, row_span, row);
		} else if (in_cell && (is_end(r, "table-cell") || is_end(r, "covered-table-cell"))) {
			in_cell = false;
			fail = end_cell(o, &col, cell_repeat, row_span, row);
		} else if (in_cell && paras >= 0 && type == XML_READER_TYPE_ELEMENT) {
			if (zipxml_is(r, "annotation") && !empty)
				skip = 1;
			else if (zipxml_is(r, "p") && paras++ > 0)
				cell_add(o, "\n", 1); /* one paragraph a line */
			else if (zipxml_is(r, "s")) {
				long n = repeat_attr(r, "text:c");
				for (long k = 0; k < n && k < 1000; k++)
					cell_add(o, " ", 1);
			} else if (zipxml_is(r, "tab"))
				cell_add(o, "\t", 1);
			else if (zipxml_is(r, "line-break"))
				cell_add(o, "\n", 1);
		} else if (in_cell && paras > 0 &&
		           (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
		            type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE)) {
			const char *v = (const char *)xmlTextReaderConstValue(r);
			cell_add(o, v ? v : "", v ? strlen(v) : 0);
		}
	}
	if (!fail && rc < 0)
		fail = zipxml_fail(&o->z, r, part);
	zipxml_reader_free(r);
	if (!fail && !o->sheet) {
		char shown[64], list[300];
		err_quote(shown, sizeof(shown), want ? want : "");
		err_quote(list, sizeof(list), o->names.data ? o->names.data : "");
		if (want) {
			err_set(o->err, APPEAL_ENOTFOUND, _("the workbook has no sheet '%s'; its sheets: %s"), shown, list);
			err_hint(o->err, _("give one of them with --sheet NAME"));
		} else {
			err_set(o->err, APPEAL_EINVAL, _("the workbook has no sheet"));
			err_hint(o->err, _("open it in the office program and save it again"));
		}
		return o->err->code;
	}
	if (!fail)
		fail = grid_finish(o->g);
	for (size_t i = 0; i < o->nmerges && !fail; i++)
		fail = grid_merge(o->g, o->merges[i].row1, o->merges[i].col, o->merges[i].row2);
	return fail;
}

int signers_read_ods(struct appeal_signers *s, const unsigned char *data, size_t len, const char *sheet,
                     struct appeal_error *err)
{
	struct ods o = {.s = s, .err = err};
	int rc;

	if ((rc = zipxml_open(&o.z, data, len, "ods", err)) != 0)
		return rc;
	if (!zipxml_has(&o.z, "content.xml")) {
		zipxml_close(&o.z);
		err_set(err, APPEAL_EINVAL, _("this zip archive is not an OpenDocument spreadsheet"));
		err_hint(err, _("an Excel workbook is read as .xlsx; else export the sheet as CSV"));
		return APPEAL_EINVAL;
	}
	if (zipxml_has(&o.z, "META-INF/manifest.xml")) {
		/* LibreOffice keeps content.xml encrypted when saved with a
		 * password; the manifest says so. */
		xmlTextReaderPtr m = zipxml_reader(&o.z, "META-INF/manifest.xml");
		bool encrypted = false;
		while (m && !encrypted && xmlTextReaderRead(m) == 1)
			encrypted = is_start(m, "encryption-data");
		zipxml_reader_free(m);
		if (encrypted) {
			zipxml_close(&o.z);
			err_set(err, APPEAL_EINVAL, _("the workbook is password-protected"));
			err_hint(err, _("open it, save it again without a password (File > Save As, untick \"Save with "
			                "password\"), or export the sheet as CSV"));
			return APPEAL_EINVAL;
		}
	}
	if (!(o.g = grid_new(s, err)))
		rc = APPEAL_ENOMEM;
	else
		rc = read_content(&o, sheet);
	if (!rc && !(s->sheet = pool_strndup(&s->pool, o.sheet, strlen(o.sheet))))
		rc = err_nomem(err);
	grid_free(o.g);
	zipxml_close(&o.z);
	buf_free(&o.row.text);
	free(o.row.cells);
	buf_free(&o.cell);
	buf_free(&o.names);
	free(o.merges);
	free(o.sheet);
	return rc;
}
