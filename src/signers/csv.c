/* CSV and TSV as spreadsheets write them, parsed by libcsv; what libcsv
 * does and what this file adds around it is in docs/signers.md. */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "signers/model.h"
#include "util/error.h"
#include "util/i18n.h"
#include "util/json.h"

struct csvctx {
	struct appeal_signers *s;
	struct buf cells;   /* the record being read */
	size_t fields;      /* cells seen in it */
	size_t stored;      /* cells kept (at most the header's count) */
	bool extra;         /* a non-empty cell past the header */
	bool header;        /* the header has been read */
	long next_row;      /* number of the record being read */
	int last_end;       /* what ended the previous record, for CR LF */
	int fail;           /* first error inside a callback */
	struct appeal_error *err;
};

static void csv_cell(void *data, size_t len, void *arg)
{
	struct csvctx *c = arg;
	const char *s = data ? data : "";

	if (c->fail)
		return;
	c->fields++;
	if (c->header && c->fields > c->s->ncols) {
		c->extra = c->extra || !signers_blank(s, len);
		return;
	}
	/* The header's limits are checked cell by cell, so a hostile first row
	 * is refused as soon as it goes past them. */
	if (!c->header && (c->fail = signers_check_header(c->fields, len, c->cells.len - c->stored, c->err))) {
		err_row(c->err, c->next_row);
		return;
	}
	/* A cell that a spreadsheet would run as a formula is written after an
	 * apostrophe (OWASP's advice, followed by `serve --stand` and the
	 * manifest); the apostrophe is that marker, not the signer's text. */
	if (c->header && len >= 2 && s[0] == '\'' && strchr("=+-@\t\r", s[1])) {
		s++;
		len--;
	}
	if (!buf_add(&c->cells, s, len) || !buf_addc(&c->cells, '\0')) {
		c->fail = err_nomem(c->err);
		return;
	}
	c->stored++;
}

static void csv_reset(struct csvctx *c)
{
	c->cells.len = 0;
	c->fields = c->stored = 0;
	c->extra = false;
}

static void csv_end(int end, void *arg)
{
	struct csvctx *c = arg;

	if (c->fail)
		return;
	if (c->fields == 0) {
		/* With CSV_REPALL_NL an empty "record" is every line end libcsv
		 * did not need; the LF of a CR LF pair is not a new row. */
		if (end != -1 && !(end == '\n' && c->last_end == '\r'))
			c->next_row++;
		c->last_end = end;
		return;
	}
	long row = c->next_row++;
	c->last_end = end;
	bool blank = true;
	for (size_t off = 0, i = 0; i < c->stored && blank; i++) {
		size_t n = strlen(c->cells.data + off);
		blank = signers_blank(c->cells.data + off, n);
		off += n + 1;
	}
	if (!blank || c->extra) {
		if (!c->header) {
			for (size_t off = 0, i = 0; i < c->stored && !c->fail; i++) {
				size_t n = strlen(c->cells.data + off);
				c->fail = signers_add_column(c->s, c->cells.data + off, n, c->err);
				off += n + 1;
			}
			c->header = true;
		} else {
			c->fail = signers_add_record(c->s, row, &c->cells, c->stored, c->fields, c->extra, c->err);
		}
	}
	csv_reset(c);
}

static int no_space(unsigned char ch)
{
	(void)ch;
	return 0;
}

/* Counts candidate delimiters outside quotes on the first lines with
 * content; the header's count that the most records repeat wins. */
static char detect_delimiter(const char *t, size_t len, char *reason, size_t rsize)
{
	static const char cand[3] = {'\t', ';', ','};
	enum { LINES = 21 };
	size_t counts[LINES][3] = {{0}};
	size_t cur[3] = {0};
	int nlines = 0;
	bool quoted = false, content = false;

	for (size_t i = 0; i <= len && nlines < LINES; i++) {
		char ch = i < len ? t[i] : '\n';
		if (ch == '"') {
			quoted = !quoted;
			content = true;
		} else if (!quoted && (ch == '\n' || ch == '\r')) {
			if (content)
				memcpy(counts[nlines++], cur, sizeof(cur));
			memset(cur, 0, sizeof(cur));
			content = false;
		} else if (!quoted) {
			bool delim = false;
			for (int k = 0; k < 3; k++)
				if (ch == cand[k]) {
					cur[k]++;
					delim = true;
				}
			if (!delim && ch != ' ')
				content = true;
		}
	}
	int best = -1, best_agree = -1;
	size_t best_count = 0;
	for (int k = 0; k < 3 && nlines > 0; k++) {
		size_t h = counts[0][k];
		int agree = 0;
		if (h == 0)
			continue;
		for (int j = 1; j < nlines; j++)
			agree += counts[j][k] == h;
		if (agree > best_agree || (agree == best_agree && h > best_count)) {
			best = k;
			best_agree = agree;
			best_count = h;
		}
	}
	if (best < 0) {
		snprintf(reason, rsize, "%s", _("no comma, semicolon or tab on the header line: one column"));
		return 0;
	}
	snprintf(reason, rsize,
	         cand[best] == '\t'  ? _("%zu tabs on the header line, the same in %d of the next %d lines")
	         : cand[best] == ';' ? _("%zu semicolons on the header line, the same in %d of the next %d lines")
	                             : _("%zu commas on the header line, the same in %d of the next %d lines"),
	         best_count, best_agree, nlines - 1);
	return cand[best];
}


int signers_read_csv(struct appeal_signers *s, const char *text, size_t len, char delimiter, bool tsv,
                     struct appeal_error *err)
{
	struct csvctx c = {.s = s, .next_row = 1, .err = err};
	struct csv_parser p;
	char reason[160];
	size_t skip = 0;
	int rc = 0;

	/* Excel's "sep=;" line names the delimiter and is not a row. */
	if (len >= 5 && (text[0] | 0x20) == 's' && (text[1] | 0x20) == 'e' && (text[2] | 0x20) == 'p' &&
	    text[3] == '=' && (len == 5 || text[5] == '\r' || text[5] == '\n')) {
		skip = 5;
		if (skip < len && text[skip] == '\r')
			skip++;
		if (skip < len && text[skip] == '\n')
			skip++;
		s->delimiter = text[4];
		snprintf(reason, sizeof(reason), _("the first line 'sep=%s'"),
		         text[4] == '\t' ? "<tab>" : (char[]){text[4], 0});
	}
	if (delimiter) {
		s->delimiter = delimiter;
		snprintf(reason, sizeof(reason), "%s", _("given as an option"));
	} else if (!skip) {
		s->delimiter = detect_delimiter(text, len, reason, sizeof(reason));
		if (!s->delimiter) {
			s->delimiter = tsv ? '\t' : ',';
		}
	}
	s->delimiter_reason = pool_strndup(&s->pool, reason, strlen(reason));
	if (!s->delimiter_reason)
		return err_nomem(err);
	if (s->delimiter == '"' || s->delimiter == '\n' || s->delimiter == '\r' || s->delimiter == '\0') {
		err_set(err, APPEAL_EINVAL, "%s",
		        s->delimiter == '"' ? _("cannot use a quote as the delimiter")
		                            : _("cannot use a line break as the delimiter"));
		err_hint(err, _("use a comma, a semicolon or a tab"));
		return APPEAL_EINVAL;
	}
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL) != 0)
		return err_nomem(err);
	csv_set_delim(&p, (unsigned char)s->delimiter);
	/* libcsv trims spaces around unquoted cells by default; every
	 * cell is text as written, so nothing counts as space. */
	csv_set_space_func(&p, no_space);
	/* libcsv grows its cell buffer by fixed steps; big steps keep a
	 * huge cell from costing thousands of reallocations. */
	csv_set_blk_size(&p, len / 256 > 65536 ? len / 256 : 65536);

	/* In slices, so that a refused header stops the reading at once. */
	size_t done = 0;
	while (done < len - skip && !c.fail) {
		size_t n = len - skip - done < 65536 ? len - skip - done : 65536;
		size_t k = csv_parse(&p, text + skip + done, n, csv_cell, csv_end, &c);
		done += k;
		if (k < n)
			break;
	}
	if (c.fail) {
		rc = c.fail;
	} else if (done < len - skip) {
		if (csv_error(&p) == CSV_EPARSE) {
			size_t at = skip + done;
			char tmp[32];
			int line, col;
			(void)signers_make_keys(s); /* for the message only */
			json_line_column(text, len, at, &line, &col);
			if (text[at] == '"') {
				err_set(err, APPEAL_ESYNTAX, _("a quote inside an unquoted cell"));
				err_hint(err, "%s",
				         p.entry_pos > 0 && signers_blank((const char *)p.entry_buf, p.entry_pos)
				                 ? _("remove the space before the opening quote")
				                 : _("quote the whole cell and double the quotes inside it: \"say \"\"no\"\"\""));
			} else {
				err_set(err, APPEAL_ESYNTAX, _("text after the closing quote of a cell"));
				err_hint(err, _("double a quote inside a quoted cell (\"\"), or end the cell at its closing quote"));
			}
			err_row(err, c.next_row);
			err_field(err, signers_column_label(s, c.fields + 1, tmp, sizeof(tmp)));
			err_position(err, line, col);
			rc = APPEAL_ESYNTAX;
		} else {
			rc = err_nomem(err);
		}
	} else if (csv_fini(&p, csv_cell, csv_end, &c) != 0) {
		if (csv_error(&p) == CSV_EPARSE) {
			char tmp[32];
			(void)signers_make_keys(s); /* for the message only */
			err_set(err, APPEAL_ESYNTAX, _("a quoted cell is not closed before the end of the file"));
			err_hint(err, _("add the closing quote (\") where the cell ends"));
			err_row(err, c.next_row);
			err_field(err, signers_column_label(s, c.fields + 1, tmp, sizeof(tmp)));
			rc = APPEAL_ESYNTAX;
		} else {
			rc = err_nomem(err);
		}
	} else if (c.fail) {
		rc = c.fail;
	}
	csv_free(&p);
	free(c.cells.data);
	if (rc == 0 && !c.header) {
		err_set(err, APPEAL_EINVAL, _("the table is empty"));
		err_hint(err, _("the first row names the columns: name, city, language, note"));
		rc = APPEAL_EINVAL;
	}
	return rc;
}
