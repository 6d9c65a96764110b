/* Rows of a workbook sheet into the table: the spreadsheet readers
 * (xlsx.c, ods.c, xls.c) give cells by row and column, this finds the
 * header, fills the records, carries merged cells down and notes hidden
 * rows and titles, so that the three formats are read alike. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "signers/model.h"
#include "util/error.h"
#include "util/i18n.h"

/* Rows above the header that a sheet may hold (a title, a date, a blank
 * line); past them, the first non-empty row is the header after all. */
#define MAX_TITLE_ROWS 10

struct grid_title {
	long row;
	struct buf cells;
	size_t ncells;
};

struct grid {
	struct appeal_signers *s;
	struct appeal_error *err;
	struct buf cells;     /* the row being read: cells back to back, NUL-ended */
	size_t ncells, nonblank;
	bool header;
	struct grid_title titles[MAX_TITLE_ROWS];
	size_t ntitles;
	int fail;
};

struct grid *grid_new(struct appeal_signers *s, struct appeal_error *err)
{
	struct grid *g = calloc(1, sizeof(*g));
	if (!g) {
		err_nomem(err);
		return NULL;
	}
	g->s = s;
	g->err = err;
	return g;
}

void grid_free(struct grid *g)
{
	if (!g)
		return;
	buf_free(&g->cells);
	for (size_t i = 0; i < g->ntitles; i++)
		buf_free(&g->titles[i].cells);
	free(g);
}

int grid_failed(const struct grid *g)
{
	return g->fail;
}

int grid_cell(struct grid *g, size_t col, const char *text, size_t len)
{
	if (g->fail)
		return g->fail;
	bool blank = signers_blank(text, len);
	if (col >= SIGNERS_MAX_COLUMNS) {
		if (blank)
			return 0;
		err_set(g->err, APPEAL_EINVAL, _("a cell past column %d"), SIGNERS_MAX_COLUMNS);
		err_hint(g->err, _("is this a signer table? keep only the columns the letters need"));
		return g->fail = APPEAL_EINVAL;
	}
	if (blank && col >= g->ncells)
		return 0; /* empty cells are filled in only before a real one */
	while (g->ncells < col) {
		buf_addc(&g->cells, '\0');
		g->ncells++;
	}
	if (col < g->ncells)
		return 0; /* the same cell twice: the first one counts */
	buf_add(&g->cells, text, len);
	buf_addc(&g->cells, '\0');
	g->ncells++;
	g->nonblank += !blank;
	if (g->cells.failed)
		g->fail = err_nomem(g->err);
	return g->fail;
}

static int add_header(struct grid *g, const struct buf *cells, size_t ncells)
{
	const char *p = cells->data;
	for (size_t c = 0; c < ncells && !g->fail; c++) {
		size_t n = strlen(p);
		g->fail = signers_add_column(g->s, p, n, g->err);
		p += n + 1;
	}
	g->header = true;
	return g->fail;
}

/* A record; a cell past the header makes a column with no header, so it is
 * named among the unused ones instead of being lost. */
static int add_record(struct grid *g, long row, const struct buf *cells, size_t ncells)
{
	while (!g->fail && g->s->ncols < ncells)
		g->fail = signers_add_column(g->s, "", 0, g->err);
	if (!g->fail)
		g->fail = signers_add_record(g->s, row, cells, ncells, ncells, false, g->err);
	return g->fail;
}

static int note_title(struct grid *g, long row)
{
	char msg[160];
	snprintf(msg, sizeof(msg), _("row %ld, above the header, was taken as a title and not read"), row);
	return (g->fail = signers_add_note(g->s, msg, g->err));
}

/* No row had two cells: a one-column sheet, whose first row is the
 * header after all. */
static int promote_titles(struct grid *g)
{
	if (g->ntitles > 0)
		add_header(g, &g->titles[0].cells, g->titles[0].ncells);
	for (size_t i = 1; i < g->ntitles && !g->fail; i++)
		add_record(g, g->titles[i].row, &g->titles[i].cells, g->titles[i].ncells);
	for (size_t i = 0; i < g->ntitles; i++)
		buf_free(&g->titles[i].cells);
	g->ntitles = 0;
	return g->fail;
}

int grid_row_end(struct grid *g, long row, bool hidden)
{
	if (g->fail)
		return g->fail;
	if (g->nonblank == 0)
		goto done;
	if (!g->header) {
		/* The header is the first row with two cells or more; a lone
		 * cell above it is a title. */
		if (g->nonblank < 2 && g->ntitles < MAX_TITLE_ROWS) {
			struct grid_title *t = &g->titles[g->ntitles++];
			t->row = row;
			t->ncells = g->ncells;
			if (!buf_add(&t->cells, g->cells.data, g->cells.len))
				return g->fail = err_nomem(g->err);
			goto done;
		}
		if (g->nonblank < 2) {
			if (promote_titles(g))
				return g->fail;
		} else {
			for (size_t i = 0; i < g->ntitles && !g->fail; i++)
				note_title(g, g->titles[i].row);
			if (!g->fail)
				add_header(g, &g->cells, g->ncells);
			goto done;
		}
	}
	if (hidden) {
		char msg[160];
		snprintf(msg, sizeof(msg), _("row %ld is hidden in the sheet; it is read like the others"), row);
		if ((g->fail = signers_add_note(g->s, msg, g->err)) != 0)
			return g->fail;
	}
	add_record(g, row, &g->cells, g->ncells);
done:
	g->cells.len = 0;
	g->ncells = g->nonblank = 0;
	return g->fail;
}

int grid_finish(struct grid *g)
{
	if (g->fail || g->header)
		return g->fail;
	return promote_titles(g);
}

/* The record of sheet row `row`, or NULL; records are in row order. */
static struct record *record_at(struct appeal_signers *s, long row)
{
	size_t lo = 0, hi = s->nrecs;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->recs[mid].row < row)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < s->nrecs && s->recs[lo].row == row ? &s->recs[lo] : NULL;
}

static const char *cell_in(const struct record *r, size_t col)
{
	const char *p = r->cells;
	if (col >= r->ncells)
		return "";
	for (size_t c = 0; c < col; c++)
		p += strlen(p) + 1;
	return p;
}

int grid_merge(struct grid *g, long row1, size_t col, long row2)
{
	struct appeal_signers *s = g->s;
	const struct record *top = g->fail ? NULL : record_at(s, row1);
	if (!top || row2 <= row1 || col >= SIGNERS_MAX_COLUMNS)
		return g->fail;
	const char *value = cell_in(top, col);
	if (!value[0])
		return 0;
	/* Rows a merged cell spans down all hold its value, as people read
	 * the sheet ("Madrid" once beside five signers from Madrid). */
	for (long row = row1 + 1; row <= row2 && !g->fail; row++) {
		struct record *r = record_at(s, row);
		if (!r)
			continue;
		struct buf b = BUF_INIT;
		size_t n = r->ncells > col ? r->ncells : col + 1;
		for (size_t c = 0; c < n; c++) {
			const char *v = c == col ? value : cell_in(r, c);
			buf_add(&b, v, strlen(v));
			buf_addc(&b, '\0');
		}
		const char *cells = b.failed ? NULL : pool_strndup(&s->pool, b.data, b.len);
		buf_free(&b);
		if (!cells)
			return g->fail = err_nomem(g->err);
		r->cells = cells;
		r->ncells = n;
		r->fields = r->fields > n ? r->fields : n;
	}
	return g->fail;
}

bool grid_has_header(const struct grid *g)
{
	return g->header;
}
