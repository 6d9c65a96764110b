/* Signer tables. The input is decoded to UTF-8 first (BOM, then a UTF-8
 * check, then Windows-1252), so the CSV and JSON readers only ever see valid
 * UTF-8 without NUL bytes. Both readers feed the same table: a header of
 * columns and records of cells; the mapping and the row checks work on that
 * table alone. */
#include <csv.h>
#include <cjson/cJSON.h>
#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/buf.h"
#include "util/error.h"
#include "util/pool.h"
#include "util/strmap.h"
#include "signers/signers.h"
#include "util/utf8.h"
#include "util/i18n.h"

#define REPLACEMENT 0xFFFDu

/* ------------------------------------------------------------ the table */

/* error.h has no setter for the row; the first one wins like the others. */
enum field { F_NAME, F_CITY, F_LANG, F_NOTE, F_DATE, F_EMAIL, F_FIRST, F_LAST, F_LAST2, F_COUNT };

static const char *const field_names[F_COUNT] = {
	"name", "city", "lang", "note", "date", "email", "first_name", "last_name", "second_last_name",
};

struct column {
	const char *header; /* as written */
	const char *key;    /* unique, non-empty */
};

/* A record's cells are stored back to back, each ending in NUL. */
struct record {
	long row;
	const char *cells;
	size_t ncells;
	size_t fields; /* cells in the input, also those past the header */
	bool extra;    /* a non-empty cell past the header */
};

struct appeal_signers {
	struct pool pool;
	const char *source;
	const char *format;
	const char *encoding, *encoding_reason;
	char delimiter;
	const char *delimiter_reason;

	struct column *cols;
	size_t ncols, capcols;
	struct strmap colmap; /* header as written -> column, for JSON keys */

	struct record *recs;
	size_t nrecs, caprecs;
	size_t stored, store_limit; /* bytes of cells, and the most allowed */

	int col_of[F_COUNT]; /* -1: no column */
	bool combine_name;   /* name = first + last (+ second last) */
	size_t *unused;
	size_t nunused;

	struct appeal_signer_row *rows;
	struct appeal_signer_problem *probs;
	size_t nprobs, capprobs;
};

static int add_column(struct appeal_signers *s, const char *header, size_t len, struct appeal_error *err)
{
	if (s->ncols >= SIGNERS_MAX_COLUMNS) {
		err_set(err, APPEAL_EINVAL, _("too many columns (more than %d)"), SIGNERS_MAX_COLUMNS);
		err_hint(err, _("is this a signer table? keep only the columns the letters need"));
		return APPEAL_EINVAL;
	}
	if (!vec_reserve((void **)&s->cols, &s->capcols, s->ncols, sizeof(*s->cols)))
		return err_nomem(err);
	const char *h = pool_strndup(&s->pool, header, len);
	if (!h)
		return err_nomem(err);
	s->cols[s->ncols].header = h;
	s->cols[s->ncols].key = NULL;
	if (strmap_put(&s->colmap, h, s->ncols) < 0)
		return err_nomem(err);
	s->ncols++;
	return 0;
}

/* Copies the record being built into the pool. */
static int add_record(struct appeal_signers *s, long row, const struct buf *cells, size_t ncells, size_t fields,
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

static bool is_space_cp(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\v' || cp == '\f' || cp == 0xA0 ||
	       cp == 0xFEFF;
}

static bool blank_text(const char *s, size_t len)
{
	uint32_t cp;
	for (size_t i = 0; i < len;) {
		int n = utf8_decode(s + i, len - i, &cp);
		if (n < 0 || !is_space_cp(cp))
			return false;
		i += (size_t)n;
	}
	return true;
}

/* Line and column (in characters, from 1) of a byte offset. */
static void text_position(const char *text, size_t off, int *line, int *column)
{
	int l = 1;
	size_t start = 0;

	for (size_t i = 0; i < off; i++) {
		if (text[i] == '\n' || (text[i] == '\r' && text[i + 1] != '\n')) {
			l++;
			start = i + 1;
		}
	}
	*line = l;
	*column = (int)utf8_length(text + start, off - start) + 1;
}

/* ------------------------------------------------------------ decoding */

static const char *upper_dup(struct pool *p, const char *s)
{
	size_t n = strlen(s);
	char *d = pool_strndup(p, s, n);
	for (size_t i = 0; d && i < n; i++)
		if (d[i] >= 'a' && d[i] <= 'z')
			d[i] = (char)(d[i] - 'a' + 'A');
	return d;
}

/* Copies UTF-8, replacing invalid sequences and NUL bytes with U+FFFD so
 * that every later stage sees valid, NUL-free text. */
static bool sanitize_utf8(struct buf *out, const char *in, size_t len)
{
	uint32_t cp;

	if (!buf_reserve(out, len))
		return false;
	for (size_t i = 0; i < len;) {
		size_t run = i;
		while (run < len && (unsigned char)in[run] < 0x80 && in[run] != '\0')
			run++;
		if (run > i && !buf_add(out, in + i, run - i))
			return false;
		i = run;
		if (i >= len)
			break;
		int n = utf8_decode(in + i, len - i, &cp);
		if (n < 0 || cp == 0) {
			if (!buf_addcp(out, REPLACEMENT))
				return false;
			i++;
		} else {
			if (!buf_add(out, in + i, (size_t)n))
				return false;
			i += (size_t)n;
		}
	}
	return buf_reserve(out, 0);
}

/* Converts with iconv; a byte it cannot convert becomes U+FFFD, so that the
 * row holding it is reported instead of the whole file failing. */
static int convert(struct buf *out, const char *in, size_t len, const char *from, const char *label,
                   size_t unit, struct appeal_error *err)
{
	iconv_t cd = iconv_open("UTF-8", from);
	struct buf tmp = {0};
	char *src = (char *)in;
	size_t left = len;

	if (cd == (iconv_t)-1) {
		char shown[64];
		err_quote(shown, sizeof(shown), label);
		err_set(err, APPEAL_EINVAL, _("unknown encoding '%s'"), shown);
		err_hint(err, _("use utf-8, windows-1252, latin-1 or utf-16"));
		return APPEAL_EINVAL;
	}
	while (left > 0) {
		if (!buf_reserve(&tmp, left * 2 + 16))
			goto nomem;
		char *dst = tmp.data + tmp.len;
		size_t room = tmp.cap - tmp.len - 1;
		size_t r = iconv(cd, &src, &left, &dst, &room);
		tmp.len = (size_t)(dst - tmp.data);
		if (r != (size_t)-1)
			break;
		if (errno == E2BIG)
			continue;
		/* EILSEQ, or EINVAL for a sequence cut off at the end. */
		if (!buf_addcp(&tmp, REPLACEMENT))
			goto nomem;
		size_t skip = unit < left ? unit : left;
		src += skip;
		left -= skip;
		iconv(cd, NULL, NULL, NULL, NULL);
	}
	iconv_close(cd);
	if (!buf_reserve(&tmp, 0))
		goto nomem;
	tmp.data[tmp.len] = '\0';
	/* iconv's output is valid UTF-8; only NUL bytes need replacing, and
	 * usually there are none, so the copy can be saved. */
	if (!memchr(tmp.data, '\0', tmp.len)) {
		*out = tmp;
		return 0;
	}
	bool ok = sanitize_utf8(out, tmp.data, tmp.len);
	free(tmp.data);
	return ok ? 0 : err_nomem(err);
nomem:
	iconv_close(cd);
	free(tmp.data);
	return err_nomem(err);
}

static bool same_name(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char x = *a, y = *b;
		if (x == '-' || x == '_')
			x = '-';
		if (y == '-' || y == '_')
			y = '-';
		if ((x | 0x20) != (y | 0x20))
			return false;
	}
	return *a == *b;
}

/* Friendly spellings to iconv names; anything else goes to iconv as is. */
static const char *encoding_name(const char *e)
{
	static const char *const alias[][2] = {
		{"utf8", "UTF-8"},       {"utf-8", "UTF-8"},          {"utf-8-sig", "UTF-8"},
		{"cp1252", "WINDOWS-1252"}, {"windows-1252", "WINDOWS-1252"}, {"ansi", "WINDOWS-1252"},
		{"latin1", "ISO-8859-1"}, {"latin-1", "ISO-8859-1"},  {"iso-8859-1", "ISO-8859-1"},
		{"utf16", "UTF-16"},     {"utf-16", "UTF-16"},        {"utf-16le", "UTF-16LE"},
		{"utf-16be", "UTF-16BE"},
	};
	for (size_t i = 0; i < sizeof(alias) / sizeof(alias[0]); i++)
		if (same_name(e, alias[i][0]))
			return alias[i][1];
	return e;
}

static int decode(struct appeal_signers *s, const unsigned char *in, size_t len, const char *option,
                  struct buf *out, struct appeal_error *err)
{
	const char *bom = NULL;
	size_t bomlen = 0, bad = 0;
	const char *enc;
	char reason[160];

	if (len >= 3 && in[0] == 0xEF && in[1] == 0xBB && in[2] == 0xBF) {
		bom = "UTF-8";
		bomlen = 3;
	} else if (len >= 2 && in[0] == 0xFF && in[1] == 0xFE) {
		bom = "UTF-16LE";
		bomlen = 2;
	} else if (len >= 2 && in[0] == 0xFE && in[1] == 0xFF) {
		bom = "UTF-16BE";
		bomlen = 2;
	}
	if (option) {
		enc = encoding_name(option);
		/* A BOM of the same family is dropped; "utf-16" takes its order. */
		if (bom && strncmp(enc, "UTF-", 4) == 0 && strncmp(enc, bom, strlen(enc)) == 0) {
			enc = bom;
			in += bomlen;
			len -= bomlen;
		}
		snprintf(reason, sizeof(reason), "%s", _("given as an option"));
	} else if (bom) {
		enc = bom;
		in += bomlen;
		len -= bomlen;
		snprintf(reason, sizeof(reason), _("byte order mark %s"), bomlen == 3 ? "EF BB BF" : in[-2] == 0xFF ? "FF FE" : "FE FF");
	} else if (len >= 4 && in[0] && !in[1] && in[2] && !in[3]) {
		/* Exports without a BOM still betray UTF-16 by their NUL bytes. */
		enc = "UTF-16LE";
		snprintf(reason, sizeof(reason), "%s", _("no byte order mark, but every second byte is NUL"));
	} else if (len >= 4 && !in[0] && in[1] && !in[2] && in[3]) {
		enc = "UTF-16BE";
		snprintf(reason, sizeof(reason), "%s", _("no byte order mark, but every second byte is NUL"));
	} else if (utf8_valid((const char *)in, len, &bad)) {
		enc = "UTF-8";
		bool ascii = true;
		for (size_t i = 0; i < len && ascii; i++)
			ascii = in[i] < 0x80;
		snprintf(reason, sizeof(reason), "%s", ascii ? _("plain ASCII, read as UTF-8") : _("valid UTF-8"));
	} else {
		int line = 1;
		enc = "WINDOWS-1252";
		for (size_t i = 0; i < bad; i++)
			line += in[i] == '\n';
		snprintf(reason, sizeof(reason), _("not valid UTF-8 (byte 0x%02X on line %d), read as Windows-1252"),
		         in[bad], line);
	}
	s->encoding = upper_dup(&s->pool, enc);
	s->encoding_reason = pool_strndup(&s->pool, reason, strlen(reason));
	if (!s->encoding || !s->encoding_reason)
		return err_nomem(err);
	if (strcmp(s->encoding, "UTF-8") == 0)
		return sanitize_utf8(out, (const char *)in, len) ? 0 : err_nomem(err);
	size_t unit = strncmp(s->encoding, "UTF-16", 6) == 0 ? 2 : strncmp(s->encoding, "UTF-32", 6) == 0 ? 4 : 1;
	return convert(out, (const char *)in, len, s->encoding, option ? option : s->encoding, unit, err);
}

/* ------------------------------------------------------------ folding */

char *signers_fold(const char *s, size_t len)
{
	char *folded = utf8_fold(s, len);
	struct buf b = {0};
	bool space = false;
	uint32_t cp;

	if (!folded || !buf_reserve(&b, strlen(folded)))
		goto nomem;
	b.data[0] = '\0';
	for (size_t i = 0, n = strlen(folded); i < n;) {
		int k = utf8_decode(folded + i, n - i, &cp);
		if (k < 0) {
			cp = REPLACEMENT;
			k = 1;
		}
		i += (size_t)k;
		if (is_space_cp(cp)) {
			space = b.len > 0;
			continue;
		}
		if ((space && !buf_addc(&b, ' ')) || !buf_addcp(&b, cp))
			goto nomem;
		space = false;
	}
	free(folded);
	return b.data;
nomem:
	free(folded);
	free(b.data);
	return NULL;
}

/* ------------------------------------------------------------ CSV */

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
		c->extra = c->extra || !blank_text(s, len);
		return;
	}
	if (!c->header && c->fields > SIGNERS_MAX_COLUMNS) {
		c->fail = err_set(c->err, APPEAL_EINVAL, _("too many columns (more than %d)"), SIGNERS_MAX_COLUMNS);
		err_hint(c->err, _("is this a signer table? keep only the columns the letters need"));
		err_row(c->err, c->next_row);
		return;
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
		blank = blank_text(c->cells.data + off, n);
		off += n + 1;
	}
	if (!blank || c->extra) {
		if (!c->header) {
			for (size_t off = 0, i = 0; i < c->stored && !c->fail; i++) {
				size_t n = strlen(c->cells.data + off);
				c->fail = add_column(c->s, c->cells.data + off, n, c->err);
				off += n + 1;
			}
			c->header = true;
		} else {
			c->fail = add_record(c->s, row, &c->cells, c->stored, c->fields, c->extra, c->err);
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
	snprintf(reason, rsize, _("%zu %s on the header line, the same in %d of the next %d lines"), best_count,
	         cand[best] == '\t' ? _("tabs") : cand[best] == ';' ? _("semicolons") : _("commas"), best_agree, nlines - 1);
	return cand[best];
}

static const char *column_label(const struct appeal_signers *s, size_t field, char *tmp, size_t size)
{
	if (field >= 1 && field <= s->ncols && s->cols[field - 1].key)
		return s->cols[field - 1].key;
	snprintf(tmp, size, _("(column %zu)"), field);
	return tmp;
}

static void make_keys(struct appeal_signers *s);

static int read_csv(struct appeal_signers *s, const char *text, size_t len, const struct appeal_signers_options *o,
                    bool tsv, struct appeal_error *err)
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
	if (o->delimiter) {
		s->delimiter = o->delimiter;
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
		err_set(err, APPEAL_EINVAL, _("cannot use %s as the delimiter"),
		        s->delimiter == '"' ? _("a quote") : _("a line break"));
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

	size_t done = csv_parse(&p, text + skip, len - skip, csv_cell, csv_end, &c);
	if (c.fail) {
		rc = c.fail;
	} else if (done < len - skip) {
		if (csv_error(&p) == CSV_EPARSE) {
			size_t at = skip + done;
			char tmp[32];
			int line, col;
			make_keys(s);
			text_position(text, at, &line, &col);
			if (text[at] == '"') {
				err_set(err, APPEAL_ESYNTAX, _("a quote inside an unquoted cell"));
				err_hint(err, p.entry_pos > 0 && blank_text((const char *)p.entry_buf, p.entry_pos)
				                  ? _("remove the space before the opening quote")
				                  : _("quote the whole cell and double the quotes inside it: \"say \"\"no\"\"\""));
			} else {
				err_set(err, APPEAL_ESYNTAX, _("text after the closing quote of a cell"));
				err_hint(err, _("double a quote inside a quoted cell (\"\"), or end the cell at its closing quote"));
			}
			err_row(err, c.next_row);
			err_field(err, column_label(s, c.fields + 1, tmp, sizeof(tmp)));
			err_position(err, line, col);
			rc = APPEAL_ESYNTAX;
		} else {
			rc = err_nomem(err);
		}
	} else if (csv_fini(&p, csv_cell, csv_end, &c) != 0) {
		if (csv_error(&p) == CSV_EPARSE) {
			char tmp[32];
			make_keys(s);
			err_set(err, APPEAL_ESYNTAX, _("a quoted cell is not closed before the end of the file"));
			err_hint(err, _("add the closing quote (\") where the cell ends"));
			err_row(err, c.next_row);
			err_field(err, column_label(s, c.fields + 1, tmp, sizeof(tmp)));
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

/* ------------------------------------------------------------ JSON */

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
	const char **vals;      /* by column, for the object being read */
	size_t *seen;           /* by column: the object that last set it */
	size_t capvals;
	size_t serial;
	struct buf cells;
};

static int json_object(struct jsonctx *j, const cJSON *obj, long row, struct appeal_error *err)
{
	struct appeal_signers *s = j->s;
	int rc = 0;

	if (!cJSON_IsObject(obj)) {
		err_set(err, APPEAL_ESYNTAX, _("expected an object for a signer, found %s"),
		        cJSON_IsArray(obj) ? _("an array") : cJSON_IsString(obj) ? _("a string") : _("a value"));
		err_hint(err, _("write each signer as {\"name\": \"...\", \"city\": \"...\"}"));
		err_row(err, row);
		return APPEAL_ESYNTAX;
	}
	j->serial++;
	for (const cJSON *v = obj->child; v; v = v->next) {
		const char *key = v->string ? v->string : "";
		size_t col;
		if (!strmap_get(&s->colmap, key, &col)) {
			if ((rc = add_column(s, key, strlen(key), err)) != 0)
				return rc;
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
		char shown[64];
		err_quote(shown, sizeof(shown), key);
		if (j->seen[col] == j->serial) {
			err_set(err, APPEAL_ESYNTAX, _("duplicate key \"%s\""), shown);
			err_hint(err, _("give each key once per signer"));
			err_row(err, row);
			err_field(err, key);
			return APPEAL_ESYNTAX;
		}
		char *printed;
		const char *text = json_cell(v, &printed);
		if (!text && !cJSON_IsObject(v) && !cJSON_IsArray(v))
			return err_nomem(err);
		if (!text) {
			err_set(err, APPEAL_ESYNTAX, _("expected text for \"%s\", found %s"), shown,
			        cJSON_IsArray(v) ? _("an array") : _("an object"));
			err_hint(err, _("every value is a string, such as \"Madrid\""));
			err_row(err, row);
			err_field(err, key);
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
		if (j->seen[c] == j->serial && !blank_text(j->vals[c], strlen(j->vals[c])))
			ncells = c + 1;
	if (ncells == 0)
		return 0;
	j->cells.len = 0;
	for (size_t c = 0; c < ncells; c++) {
		const char *v = j->seen[c] == j->serial ? j->vals[c] : "";
		/* cJSON turns "\u0000" into an end of string, so the text
		 * needs no further cleaning. */
		if (!buf_add(&j->cells, v, strlen(v) + 1))
			return err_nomem(err);
	}
	return add_record(s, row, &j->cells, ncells, ncells, false, err);
}

static int json_syntax(const char *text, size_t off, long row, struct appeal_error *err)
{
	int line, col;
	text_position(text, off, &line, &col);
	err_set(err, APPEAL_ESYNTAX, _("malformed JSON"));
	err_hint(err, _("check the quotes, commas and brackets near this place"));
	err_position(err, line, col);
	if (row > 0)
		err_row(err, row);
	return APPEAL_ESYNTAX;
}

static int read_json(struct appeal_signers *s, const char *text, size_t len, bool lines, struct appeal_error *err)
{
	struct jsonctx j = {.s = s};
	const char *end = NULL;
	size_t i = 0;
	int rc = 0;

	while (i < len && is_space_cp((unsigned char)text[i]))
		i++;
	if (!lines && i < len && text[i] == '{') {
		/* One object alone is a table of one signer; otherwise lines. */
		cJSON *one = cJSON_ParseWithLengthOpts(text + i, len - i, &end, false);
		size_t after = end ? (size_t)(end - text) : len;
		while (one && after < len && is_space_cp((unsigned char)text[after]))
			after++;
		if (one && after == len) {
			rc = json_object(&j, one, 1, err);
			cJSON_Delete(one);
			goto done;
		}
		cJSON_Delete(one);
		lines = true;
	}
	if (!lines) {
		cJSON *root = cJSON_ParseWithLengthOpts(text, len, &end, false);
		size_t after = end ? (size_t)(end - text) : len;
		while (root && after < len && is_space_cp((unsigned char)text[after]))
			after++;
		if (!root || after < len) {
			cJSON_Delete(root);
			rc = json_syntax(text, root ? after : (end ? (size_t)(end - text) : 0), 0, err);
			goto done;
		}
		if (!cJSON_IsArray(root)) {
			cJSON_Delete(root);
			err_set(err, APPEAL_ESYNTAX, _("expected an array of signers"));
			err_hint(err, _("write [{\"name\": \"...\"}, ...], or one object per line (JSON Lines)"));
			rc = APPEAL_ESYNTAX;
			goto done;
		}
		long row = 0;
		for (const cJSON *v = root->child; v && rc == 0; v = v->next)
			rc = json_object(&j, v, ++row, err);
		cJSON_Delete(root);
		goto done;
	}
	long row = 0;
	for (size_t start = 0; start < len && rc == 0;) {
		size_t stop = start;
		while (stop < len && text[stop] != '\n')
			stop++;
		row++;
		if (!blank_text(text + start, stop - start)) {
			cJSON *v = cJSON_ParseWithLengthOpts(text + start, stop - start, &end, false);
			size_t after = end ? (size_t)(end - text) : stop;
			while (v && after < stop && is_space_cp((unsigned char)text[after]))
				after++;
			if (!v || after < stop)
				rc = json_syntax(text, v ? after : (end ? (size_t)(end - text) : start), row, err);
			else
				rc = json_object(&j, v, row, err);
			cJSON_Delete(v);
		}
		start = stop + 1;
	}
done:
	free(j.vals);
	free(j.seen);
	free(j.cells.data);
	if (rc == 0 && s->ncols == 0) {
		err_set(err, APPEAL_EINVAL, _("the table is empty"));
		err_hint(err, _("give at least one signer with a \"name\""));
		rc = APPEAL_EINVAL;
	}
	return rc;
}

/* ------------------------------------------------------------ mapping */

struct synonym {
	const char *folded;
	enum field field;
	int rank; /* a full-name column beats a plain "name" */
};

static const struct synonym synonyms[] = {
	{"full name", F_NAME, 2},        {"fullname", F_NAME, 2},           {"nombre completo", F_NAME, 2},
	{"nombre y apellidos", F_NAME, 2}, {"nombre y apellido", F_NAME, 2}, {"nombres y apellidos", F_NAME, 2},
	{"signer", F_NAME, 2},           {"firmante", F_NAME, 2},           {"your name", F_NAME, 2},
	{"tu nombre", F_NAME, 2},        {"su nombre", F_NAME, 2},          {"name", F_NAME, 1},
	{"nombre", F_NAME, 1},
	{"city", F_CITY, 1},             {"ciudad", F_CITY, 1},             {"localidad", F_CITY, 1},
	{"town", F_CITY, 1},             {"municipio", F_CITY, 1},          {"poblacion", F_CITY, 1},
	{"language", F_LANG, 1},         {"idioma", F_LANG, 1},             {"lang", F_LANG, 1},
	{"lengua", F_LANG, 1},
	{"note", F_NOTE, 1},             {"nota", F_NOTE, 1},               {"mensaje", F_NOTE, 1},
	{"message", F_NOTE, 1},          {"comment", F_NOTE, 1},            {"comentario", F_NOTE, 1},
	{"notes", F_NOTE, 1},            {"notas", F_NOTE, 1},              {"comments", F_NOTE, 1},
	{"comentarios", F_NOTE, 1},
	{"date", F_DATE, 1},             {"fecha", F_DATE, 1},
	{"e-mail", F_EMAIL, 1},          {"email", F_EMAIL, 1},             {"correo", F_EMAIL, 1},
	{"correo electronico", F_EMAIL, 1}, {"email address", F_EMAIL, 1},  {"e-mail address", F_EMAIL, 1},
	{"direccion de correo electronico", F_EMAIL, 1},
	{"first name", F_FIRST, 1},      {"firstname", F_FIRST, 1},         {"given name", F_FIRST, 1},
	{"forename", F_FIRST, 1},        {"nombre de pila", F_FIRST, 1},
	{"last name", F_LAST, 1},        {"lastname", F_LAST, 1},           {"surname", F_LAST, 1},
	{"family name", F_LAST, 1},      {"apellido", F_LAST, 1},           {"apellidos", F_LAST, 1},
	{"primer apellido", F_LAST, 1},  {"segundo apellido", F_LAST2, 1},
};

/* Folds a header; '_' counts as a space, and a trailing ':', '*' or
 * "(...)" goes, as forms write "Full_name", "Nombre:" and "Mensaje
 * (opcional)". */
static char *fold_header(const char *h)
{
	char *f = signers_fold(h, strlen(h));
	if (!f)
		return NULL;
	for (char *p = f; *p; p++)
		if (*p == '_')
			*p = ' ';
	size_t n = strlen(f);
	for (bool again = true; again;) {
		char *open = n > 0 && f[n - 1] == ')' ? strrchr(f, '(') : NULL;
		again = false;
		if (open && open > f) {
			n = (size_t)(open - f);
			again = true;
		}
		while (n > 0 && (f[n - 1] == ':' || f[n - 1] == '*' || f[n - 1] == ' ')) {
			n--;
			again = true;
		}
		f[n] = '\0';
		again = again && n > 0;
	}
	char *t = signers_fold(f, n);
	free(f);
	return t;
}

static void make_keys(struct appeal_signers *s)
{
	struct strmap used = {0};
	struct buf key = {0};

	for (size_t c = 0; c < s->ncols; c++) {
		const char *h = s->cols[c].header;
		char base[32];
		size_t blen;
		if (s->cols[c].key) {
			strmap_put(&used, s->cols[c].key, c);
			continue;
		}
		snprintf(base, sizeof(base), "(column %zu)", c + 1);
		key.len = 0;
		if (!buf_add(&key, h[0] ? h : base, strlen(h[0] ? h : base)))
			break;
		blen = key.len;
		for (int n = 2; strmap_get(&used, key.data, &(size_t){0}); n++) {
			char num[16];
			snprintf(num, sizeof(num), " (%d)", n);
			key.len = blen;
			if (!buf_add(&key, num, strlen(num)))
				break;
		}
		const char *k = strcmp(key.data, h) == 0 ? h : pool_strndup(&s->pool, key.data, key.len);
		s->cols[c].key = k ? k : h;
		if (strmap_put(&used, s->cols[c].key, c) < 0)
			break;
	}
	/* On failure keys stay NULL; fall back to the header. */
	for (size_t c = 0; c < s->ncols; c++)
		if (!s->cols[c].key)
			s->cols[c].key = s->cols[c].header;
	free(key.data);
	strmap_free(&used);
}

static const char *header_line(const struct appeal_signers *s, char *out, size_t size)
{
	size_t n = 0;
	char sep = s->delimiter ? s->delimiter : ',';

	out[0] = '\0';
	for (size_t c = 0; c < s->ncols && n + 4 < size; c++) {
		char q[64];
		err_quote(q, sizeof(q), s->cols[c].header);
		int w = snprintf(out + n, size - n, "%s%s", c ? (char[]){sep == '\t' ? ' ' : sep, 0} : "", q);
		n = w < 0 ? size : n + (size_t)w;
	}
	if (n >= size - 1)
		memcpy(out + size - 4, "...", 4);
	return out;
}

static int find_field(const char *name)
{
	static const char *const alias[][2] = {
		{"language", "lang"}, {"e-mail", "email"}, {"first", "first_name"},
		{"last", "last_name"}, {"surname", "last_name"},
	};
	for (int f = 0; f < F_COUNT; f++)
		if (strcmp(name, field_names[f]) == 0)
			return f;
	for (size_t i = 0; i < sizeof(alias) / sizeof(alias[0]); i++)
		if (strcmp(name, alias[i][0]) == 0)
			return find_field(alias[i][1]);
	return -1;
}

static long find_column(const struct appeal_signers *s, const char *want)
{
	size_t c;
	if (strmap_get(&s->colmap, want, &c))
		return (long)c;
	for (c = 0; c < s->ncols; c++)
		if (strcmp(s->cols[c].key, want) == 0)
			return (long)c;
	char *fw = fold_header(want);
	long found = -1;
	for (c = 0; fw && c < s->ncols && found < 0; c++) {
		char *fh = fold_header(s->cols[c].header);
		if (fh && strcmp(fh, fw) == 0)
			found = (long)c;
		free(fh);
	}
	free(fw);
	return found;
}

static int apply_map(struct appeal_signers *s, const char *const *map, bool *explicit_field,
                     struct appeal_error *err)
{
	for (size_t i = 0; map && map[i]; i++) {
		const char *eq = strchr(map[i], '=');
		char field[32], shown[128], line[300];
		int f = -1;
		err_quote(shown, sizeof(shown), map[i]);
		if (eq && (size_t)(eq - map[i]) < sizeof(field)) {
			memcpy(field, map[i], (size_t)(eq - map[i]));
			field[eq - map[i]] = '\0';
			for (char *p = field; *p; p++)
				*p = (char)((*p >= 'A' && *p <= 'Z') ? *p + 32 : *p);
			f = find_field(field);
		}
		if (f < 0) {
			err_set(err, APPEAL_EINVAL, _("mapping '%s' is not field=Column"), shown);
			err_hint(err, _("fields: name, city, lang, note, date, email, first_name, last_name"));
			return APPEAL_EINVAL;
		}
		long c = find_column(s, eq + 1);
		if (c < 0) {
			char col[64];
			err_quote(col, sizeof(col), eq + 1);
			err_set(err, APPEAL_ENOTFOUND, _("mapping '%s': no column '%s' in the header: %s"), shown, col,
			        header_line(s, line, sizeof(line)));
			err_hint(err, _("give the column as the header row writes it"));
			return APPEAL_ENOTFOUND;
		}
		s->col_of[f] = (int)c;
		explicit_field[f] = true;
	}
	return 0;
}

static int map_columns(struct appeal_signers *s, const char *const *map, struct appeal_error *err)
{
	bool explicit_field[F_COUNT] = {false};
	int rank[F_COUNT] = {0};
	int rc;

	for (int f = 0; f < F_COUNT; f++)
		s->col_of[f] = -1;
	if ((rc = apply_map(s, map, explicit_field, err)) != 0)
		return rc;
	for (size_t c = 0; c < s->ncols; c++) {
		bool taken = false;
		for (int f = 0; f < F_COUNT; f++)
			taken = taken || (explicit_field[f] && s->col_of[f] == (int)c);
		char *h = taken ? NULL : fold_header(s->cols[c].header);
		if (!h && !taken)
			return err_nomem(err);
		for (size_t k = 0; h && k < sizeof(synonyms) / sizeof(synonyms[0]); k++) {
			const struct synonym *y = &synonyms[k];
			if (strcmp(h, y->folded) != 0 || explicit_field[y->field])
				continue;
			if (s->col_of[y->field] < 0 || y->rank > rank[y->field]) {
				s->col_of[y->field] = (int)c;
				rank[y->field] = y->rank;
			}
			break;
		}
		free(h);
	}
	/* "Nombre" beside "Apellidos" is a first name; beside a first-name
	 * column, or when the name is given in full, it is the whole name. */
	int *name = &s->col_of[F_NAME], *first = &s->col_of[F_FIRST], *last = &s->col_of[F_LAST];
	if (explicit_field[F_NAME] || rank[F_NAME] == 2) {
		s->combine_name = false;
	} else if (*last >= 0 && ((*first >= 0) != (*name >= 0))) {
		if (*first < 0)
			*first = *name;
		*name = -1;
		s->combine_name = true;
	} else if (*name < 0 && *first >= 0) {
		*name = *first;
	}
	if (!s->combine_name) {
		if (!explicit_field[F_FIRST])
			*first = -1;
		if (!explicit_field[F_LAST])
			*last = -1;
		if (!explicit_field[F_LAST2])
			s->col_of[F_LAST2] = -1;
		if (explicit_field[F_FIRST] || explicit_field[F_LAST])
			s->combine_name = *name < 0 && (*first >= 0 || *last >= 0);
	}
	if (*name < 0 && !s->combine_name) {
		char line[300];
		err_set(err, APPEAL_EINVAL, _("no column for the signer's name in the header: %s"),
		        header_line(s, line, sizeof(line)));
		if (s->ncols == 1 && strpbrk(s->cols[0].header, ",;\t"))
			err_hint(err, _("the header was read as one column: give the delimiter"));
		else
			err_hint(err, _("call a column \"name\" or \"nombre\", or map one with name=COLUMN"));
		return APPEAL_EINVAL;
	}
	s->unused = malloc((s->ncols ? s->ncols : 1) * sizeof(*s->unused));
	if (!s->unused)
		return err_nomem(err);
	for (size_t c = 0; c < s->ncols; c++) {
		bool used = false;
		for (int f = 0; f < F_COUNT; f++)
			used = used || s->col_of[f] == (int)c;
		if (!used)
			s->unused[s->nunused++] = c;
	}
	return 0;
}

/* ------------------------------------------------------------ row checks */

/* The CP1252 byte for a code point, or -1; C1 controls pass as Latin-1. */
static int cp1252_byte(uint32_t cp)
{
	static const uint16_t high[32] = {
		0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
		0x2039, 0x0152, 0, 0x017D, 0, 0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
		0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
	};
	if (cp < 0x100)
		return (int)cp;
	for (int i = 0; i < 32; i++)
		if (high[i] == cp)
			return 0x80 + i;
	return -1;
}

/* Finds UTF-8 that was decoded as Windows-1252 ("Ã©" for "é"): a lead
 * byte's character followed by continuation bytes' characters that
 * together decode. Returns the character offset or -1; fills the two
 * spellings. */
static long find_mojibake(const char *s, char *bad, char *good)
{
	size_t len = strlen(s);
	uint32_t cp;
	long chars = 0;

	for (size_t i = 0; i < len; chars++) {
		int n = utf8_decode(s + i, len - i, &cp);
		if (n < 0)
			return -1;
		int lead = cp >= 0xC2 && cp <= 0xF4 ? (int)cp : -1;
		if (lead >= 0) {
			unsigned char bytes[4] = {(unsigned char)lead};
			int want = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
			size_t j = i + (size_t)n;
			int k = 1;
			for (; k < want && j < len; k++) {
				uint32_t c2;
				int m = utf8_decode(s + j, len - j, &c2);
				int b = m < 0 ? -1 : cp1252_byte(c2);
				if (b < 0x80 || b > 0xBF)
					break;
				bytes[k] = (unsigned char)b;
				j += (size_t)m;
			}
			uint32_t real;
			if (k == want && utf8_decode((const char *)bytes, (size_t)want, &real) == want) {
				memcpy(bad, s + i, j - i);
				bad[j - i] = '\0';
				memcpy(good, bytes, (size_t)want);
				good[want] = '\0';
				return chars;
			}
		}
		i += (size_t)n;
	}
	return -1;
}

struct rowctx {
	struct appeal_signers *s;
	size_t index;
	struct appeal_signer_row *row;
	struct appeal_error *err;
};

static int add_problem(struct rowctx *r, int kind, const char *field, const char *hint, const char *fmt, ...)
	APPEAL_PRINTF(5, 6);

static int add_problem(struct rowctx *r, int kind, const char *field, const char *hint, const char *fmt, ...)
{
	struct appeal_signers *s = r->s;
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (!vec_reserve((void **)&s->probs, &s->capprobs, s->nprobs, sizeof(*s->probs)))
		return err_nomem(r->err);
	struct appeal_signer_problem *p = &s->probs[s->nprobs];
	p->row = r->row->row;
	p->index = r->index;
	p->kind = kind;
	p->field = field ? field : "";
	p->message = pool_strndup(&s->pool, msg, strlen(msg));
	p->hint = pool_strndup(&s->pool, hint, strlen(hint));
	if (!p->message || !p->hint)
		return err_nomem(r->err);
	s->nprobs++;
	if (r->row->problem_count++ == 0) {
		r->row->problem = kind;
		r->row->problem_field = p->field;
		r->row->problem_message = p->message;
		r->row->problem_hint = p->hint;
	}
	return 0;
}

/* Checks one value; stops at its first problem. */
static int check_text(struct rowctx *r, const char *v, const char *what, const char *key, size_t max, bool multiline)
{
	uint32_t cp;
	size_t len = strlen(v);
	long chars = 0;
	char bad[16], good[8], shown[64];

	for (size_t i = 0; i < len; chars++) {
		int n = utf8_decode(v + i, len - i, &cp);
		i += (size_t)(n > 0 ? n : 1);
		if (cp == REPLACEMENT)
			return add_problem(r, APPEAL_SIGNER_INVALID_TEXT, key,
			                   strcmp(r->s->encoding, "UTF-8") == 0
			                           ? _("retype the text, or give the file's encoding (e.g. windows-1252)")
			                           : _("retype the text, or give the file's encoding"),
			                   _("%s has an undecodable or NUL byte at character %ld (read as %s)"), what,
			                   chars + 1, r->s->encoding);
		/* The same rule as utf8_check_field(), which fill applies later. */
		bool newline = cp == '\n' || cp == '\r' || cp == 0x2028 || cp == 0x2029;
		bool control = cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp == 0x2028 || cp == 0x2029;
		if (control && !(multiline && (cp == '\n' || cp == '\r' || cp == '\t')))
			return add_problem(r, APPEAL_SIGNER_INVALID_TEXT, key,
			                   newline ? _("join the lines; only a note may have line breaks")
			                           : _("remove the character"),
			                   _("%s has %s (U+%04X) at character %ld"), what,
			                   newline ? _("a line break") : _("a control character"), (unsigned)cp, chars + 1);
	}
	long at = find_mojibake(v, bad, good);
	if (at >= 0) {
		err_quote(shown, sizeof(shown), bad);
		return add_problem(r, APPEAL_SIGNER_MOJIBAKE, key,
		                   _("fix the text, or export the sheet again as \"CSV UTF-8\" from the original"),
		                   _("%s looks garbled: '%s' at character %ld should probably be '%s'"), what, shown,
		                   at + 1, good);
	}
	if (len > max)
		return add_problem(r, APPEAL_SIGNER_TOO_LONG, key, _("shorten it; a letter is read by a person"),
		                   _("%s is too long (%zu characters; at most %zu bytes)"), what,
		                   utf8_length(v, len), max);
	return 0;
}

/* Trims white space; the note's line breaks become LF. Pooled. */
static const char *clean_value(struct appeal_signers *s, const char *v, bool note)
{
	size_t len = strlen(v), start = 0;
	uint32_t cp;

	while (start < len) {
		int n = utf8_decode(v + start, len - start, &cp);
		if (n < 0 || !is_space_cp(cp))
			break;
		start += (size_t)n;
	}
	while (len > start) {
		size_t k = len - 1;
		while (k > start && ((unsigned char)v[k] & 0xC0) == 0x80)
			k--;
		int n = utf8_decode(v + k, len - k, &cp);
		if (n < 0 || !is_space_cp(cp))
			break;
		len = k;
	}
	char *d = pool_alloc(&s->pool, len - start + 1);
	if (!d)
		return NULL;
	size_t o = 0;
	for (size_t i = start; i < len; i++) {
		if (note && v[i] == '\r') {
			d[o++] = '\n';
			if (i + 1 < len && v[i + 1] == '\n')
				i++;
		} else {
			d[o++] = v[i];
		}
	}
	d[o] = '\0';
	return d;
}

static const char *normal_lang(const char *v)
{
	static const char *const names[][2] = {
		{"en", "en"}, {"eng", "en"}, {"english", "en"}, {"ingles", "en"},
		{"es", "es"}, {"spa", "es"}, {"spanish", "es"}, {"espanol", "es"}, {"castellano", "es"},
	};
	char *f = signers_fold(v, strlen(v));
	const char *found = NULL;
	if (!f)
		return NULL;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]) && !found; i++)
		if (strcmp(f, names[i][0]) == 0)
			found = names[i][1];
	/* Region tags such as es-MX or en_GB name the same language. */
	if (!found && strlen(f) > 3 && (f[2] == '-' || f[2] == '_') && (!strncmp(f, "en", 2) || !strncmp(f, "es", 2)))
		found = f[1] == 'n' ? "en" : "es";
	free(f);
	return found;
}

static const char *cell_of(const struct record *rec, const char *const *cells, int col)
{
	return col >= 0 && (size_t)col < rec->ncells ? cells[col] : "";
}

static int date_problem(struct rowctx *r, const char *date, const char *key)
{
	struct appeal_error e = {0};
	bool digits = date[0] != '\0';

	if (appeal_date_parse(&r->row->when, date, &e) == 0)
		return 0;
	memset(&r->row->when, 0, sizeof(r->row->when));
	for (const char *p = date; *p; p++)
		digits = digits && *p >= '0' && *p <= '9';
	/* Excel exports a date cell not formatted as text as its serial number. */
	return add_problem(r, APPEAL_SIGNER_BAD_DATE, key,
	                   digits && strlen(date) == 5
	                           ? _("the spreadsheet wrote the date as a number: format the column as text YYYY-MM-DD")
	                           : e.hint,
	                   "%s", e.message);
}

static int build_row(struct appeal_signers *s, size_t index, const char **cells, const char *default_lang,
                     struct strmap *seen, struct appeal_error *err)
{
	const struct record *rec = &s->recs[index];
	struct appeal_signer_row *row = &s->rows[index];
	struct rowctx r = {s, index, row, err};
	const char *v[F_COUNT];
	const char *key[F_COUNT];
	int rc;

	memset(row, 0, sizeof(*row));
	row->row = rec->row;
	row->problem_field = row->problem_message = row->problem_hint = "";
	const char *p = rec->cells;
	for (size_t c = 0; c < rec->ncells; c++) {
		cells[c] = p;
		p += strlen(p) + 1;
	}
	for (int f = 0; f < F_COUNT; f++) {
		v[f] = clean_value(s, cell_of(rec, cells, s->col_of[f]), f == F_NOTE);
		if (!v[f])
			return err_nomem(err);
		key[f] = s->col_of[f] >= 0 ? s->cols[s->col_of[f]].key : field_names[f];
	}
	if (s->combine_name) {
		struct buf b = {0};
		bool ok = true;
		for (int f = F_FIRST; f <= F_LAST2 && ok; f++) {
			if (!v[f][0])
				continue;
			ok = (b.len == 0 || buf_addc(&b, ' ')) && buf_add(&b, v[f], strlen(v[f]));
		}
		v[F_NAME] = ok ? pool_strndup(&s->pool, b.data ? b.data : "", b.len) : NULL;
		free(b.data);
		if (!v[F_NAME])
			return err_nomem(err);
		key[F_NAME] = s->col_of[F_FIRST] >= 0 ? key[F_FIRST] : key[F_LAST];
	}
	row->name = v[F_NAME];
	row->city = v[F_CITY];
	row->note = v[F_NOTE];
	row->date = v[F_DATE];
	row->email = v[F_EMAIL];
	row->lang = "";

	if (rec->extra &&
	    (rc = add_problem(&r, APPEAL_SIGNER_EXTRA_FIELDS, "", _("quote cells that hold the delimiter"),
	                      _("the row has %zu cells, the header %zu"), rec->fields, s->ncols)) != 0)
		return rc;
	static const struct {
		enum field f;
		const char *what;
		size_t max;
	} text_fields[] = {
		{F_NAME, N_("the name"), APPEAL_MAX_NAME},  {F_CITY, N_("the city"), APPEAL_MAX_NAME},
		{F_LANG, N_("the language"), 64},         {F_DATE, N_("the date"), 64},
		{F_EMAIL, N_("the e-mail"), 254},         {F_NOTE, N_("the note"), APPEAL_MAX_NOTE},
	};
	bool text_ok[F_COUNT];
	for (size_t i = 0; i < sizeof(text_fields) / sizeof(text_fields[0]); i++) {
		enum field f = text_fields[i].f;
		int before = row->problem_count;
		if ((rc = check_text(&r, v[f], _(text_fields[i].what), key[f], text_fields[i].max, f == F_NOTE)) != 0)
			return rc;
		text_ok[f] = row->problem_count == before;
	}
	if (!v[F_NAME][0] && (rc = add_problem(&r, APPEAL_SIGNER_EMPTY_NAME, key[F_NAME],
	                                       _("fill in the name, or delete the row"), _("the name is empty"))) != 0)
		return rc;
	if (v[F_DATE][0] && text_ok[F_DATE] && (rc = date_problem(&r, v[F_DATE], key[F_DATE])) != 0)
		return rc;
	if (v[F_LANG][0]) {
		const char *lang = normal_lang(v[F_LANG]);
		char shown[64];
		err_quote(shown, sizeof(shown), v[F_LANG]);
		if (lang)
			row->lang = lang;
		else if (text_ok[F_LANG] &&
		         (rc = add_problem(&r, APPEAL_SIGNER_BAD_LANG, key[F_LANG], _("use en or es"),
		                           _("unknown language '%s'"), shown)) != 0)
			return rc;
	} else if (default_lang) {
		row->lang = default_lang;
	}
	if (v[F_NAME][0]) {
		/* Same person twice: compare as a reader would, ignoring case,
		 * accents and spacing. */
		char *fn = signers_fold(v[F_NAME], strlen(v[F_NAME]));
		char *fc = signers_fold(v[F_CITY], strlen(v[F_CITY]));
		char *k = NULL;
		if (fn && fc && (k = pool_alloc(&s->pool, strlen(fn) + strlen(fc) + 2)))
			sprintf(k, "%s\x1f%s", fn, fc);
		free(fn);
		free(fc);
		if (!k)
			return err_nomem(err);
		size_t first;
		if (strmap_get(seen, k, &first)) {
			if ((rc = add_problem(&r, APPEAL_SIGNER_DUPLICATE, key[F_NAME],
			                      _("delete one of the rows if they are the same person"),
			                      _("same name and city as row %ld"), s->rows[first].row)) != 0)
				return rc;
		} else if (strmap_put(seen, k, index) < 0) {
			return err_nomem(err);
		}
	}
	return 0;
}

static int build_rows(struct appeal_signers *s, const char *default_lang, struct appeal_error *err)
{
	struct strmap seen = {0};
	const char **cells = malloc((s->ncols ? s->ncols : 1) * sizeof(*cells));
	int rc = 0;

	s->rows = calloc(s->nrecs ? s->nrecs : 1, sizeof(*s->rows));
	if (!cells || !s->rows)
		rc = err_nomem(err);
	for (size_t i = 0; i < s->nrecs && rc == 0; i++)
		rc = build_row(s, i, cells, default_lang, &seen, err);
	free(cells);
	strmap_free(&seen);
	return rc;
}

/* ------------------------------------------------------------ reading */

static bool has_ext(const char *path, const char *ext)
{
	size_t n = path ? strlen(path) : 0, e = strlen(ext);
	if (n < e)
		return false;
	for (size_t i = 0; i < e; i++)
		if ((path[n - e + i] | 0x20) != ext[i])
			return false;
	return true;
}

static const char *pick_format(const char *source, const char *option, const char *text, size_t len, bool *tsv)
{
	*tsv = has_ext(source, ".tsv");
	if (option)
		return option;
	if (has_ext(source, ".json"))
		return "json";
	if (has_ext(source, ".jsonl") || has_ext(source, ".ndjson"))
		return "jsonl";
	if (has_ext(source, ".csv") || has_ext(source, ".tsv") || has_ext(source, ".txt"))
		return "csv";
	size_t i = 0;
	while (i < len && is_space_cp((unsigned char)text[i]))
		i++;
	if (i < len && text[i] == '[')
		return "json";
	if (i < len && text[i] == '{')
		return "jsonl";
	return "csv";
}

APPEAL_EXPORT struct appeal_signers *appeal_signers_read_mem(const void *data, size_t len, const char *source,
                                                             const struct appeal_signers_options *opts,
                                                             struct appeal_error *err)
{
	static const struct appeal_signers_options defaults = APPEAL_SIGNERS_OPTIONS_INIT;
	const struct appeal_signers_options *o = opts ? opts : &defaults;
	struct appeal_signers *s = calloc(1, sizeof(*s));
	struct buf text = {0};
	const char *default_lang = NULL;
	bool tsv;
	int rc;

	if (!s) {
		err_nomem(err);
		err_source(err, source);
		return NULL;
	}
	s->source = source ? pool_strndup(&s->pool, source, strlen(source)) : "";
	if (!s->source) {
		rc = err_nomem(err);
		goto fail;
	}
	if (len > SIGNERS_MAX_BYTES) {
		rc = err_set(err, APPEAL_EINVAL, _("the table is too large (%zu MiB; at most %zu MiB)"), len >> 20,
		             SIGNERS_MAX_BYTES >> 20);
		err_hint(err, _("split it into smaller files"));
		goto fail;
	}
	if (o->default_lang && !(default_lang = normal_lang(o->default_lang))) {
		char shown[64];
		err_quote(shown, sizeof(shown), o->default_lang);
		rc = err_set(err, APPEAL_EINVAL, _("unknown default language '%s'"), shown);
		err_hint(err, _("use en or es"));
		goto fail;
	}
	if ((rc = decode(s, data ? data : "", data ? len : 0, o->encoding, &text, err)) != 0)
		goto fail;
	s->store_limit = text.len * 2 + ((size_t)64 << 20);
	struct appeal_signers_options tab;
	if (o->format && strcmp(o->format, "tsv") == 0 && !o->delimiter) {
		tab = *o;
		tab.delimiter = '\t';
		o = &tab;
	}
	s->format = pick_format(source, o->format, text.data, text.len, &tsv);
	if (strcmp(s->format, "csv") == 0 || strcmp(s->format, "tsv") == 0) {
		s->format = "csv";
		rc = read_csv(s, text.data, text.len, o, tsv || strcmp(o->format ? o->format : "", "tsv") == 0, err);
	} else if (strcmp(s->format, "json") == 0 || strcmp(s->format, "jsonl") == 0) {
		s->format = strcmp(s->format, "json") == 0 ? "json" : "jsonl";
		s->delimiter_reason = "";
		rc = read_json(s, text.data, text.len, strcmp(s->format, "jsonl") == 0, err);
	} else {
		char shown[32];
		err_quote(shown, sizeof(shown), o->format);
		rc = err_set(err, APPEAL_EINVAL, _("unknown table format '%s'"), shown);
		err_hint(err, _("use csv, tsv, json or jsonl"));
	}
	if (rc)
		goto fail;
	/* Excel leaves the BOM of a re-saved file glued to the first header. */
	if (s->ncols > 0 && strncmp(s->cols[0].header, "\xEF\xBB\xBF", 3) == 0)
		s->cols[0].header += 3;
	make_keys(s);
	if ((rc = map_columns(s, o->map, err)) != 0 || (rc = build_rows(s, default_lang, err)) != 0)
		goto fail;
	free(text.data);
	return s;
fail:
	(void)rc;
	err_source(err, source);
	free(text.data);
	appeal_signers_free(s);
	return NULL;
}

APPEAL_EXPORT struct appeal_signers *appeal_signers_read(const char *path, const struct appeal_signers_options *opts,
                                                         struct appeal_error *err)
{
	bool std = path && strcmp(path, "-") == 0;
	const char *source = std ? _("standard input") : path;
	FILE *f = std ? stdin : fopen(path ? path : "", "rb");
	struct buf b = {0};
	struct stat st;

	if (!f) {
		err_set(err, errno == ENOENT ? APPEAL_ENOTFOUND : APPEAL_EIO, _("cannot open the table: %s"),
		        strerror(errno));
		err_source(err, source);
		return NULL;
	}
	if (!std && fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size > SIGNERS_MAX_BYTES) {
		fclose(f);
		err_set(err, APPEAL_EINVAL, _("the table is too large (%lld MiB; at most %zu MiB)"),
		        (long long)st.st_size >> 20, SIGNERS_MAX_BYTES >> 20);
		err_hint(err, _("split it into smaller files"));
		err_source(err, source);
		return NULL;
	}
	for (;;) {
		if (!buf_reserve(&b, 65536)) {
			err_nomem(err);
			goto fail;
		}
		size_t n = fread(b.data + b.len, 1, b.cap - b.len - 1, f);
		b.len += n;
		if (b.len > SIGNERS_MAX_BYTES) {
			err_set(err, APPEAL_EINVAL, _("the table is too large (more than %zu MiB)"),
			        SIGNERS_MAX_BYTES >> 20);
			err_hint(err, _("split it into smaller files"));
			goto fail;
		}
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		err_set(err, APPEAL_EIO, _("cannot read the table: %s"), strerror(errno));
		goto fail;
	}
	if (!std)
		fclose(f);
	struct appeal_signers *s = appeal_signers_read_mem(b.data ? b.data : "", b.len, source, opts, err);
	free(b.data);
	return s;
fail:
	if (!std)
		fclose(f);
	free(b.data);
	err_source(err, source);
	return NULL;
}

APPEAL_EXPORT void appeal_signers_free(struct appeal_signers *s)
{
	if (!s)
		return;
	free(s->cols);
	strmap_free(&s->colmap);
	free(s->recs);
	free(s->unused);
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
		"empty-name", "date", "language", "duplicate",
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
	int f = s && field ? find_field(field) : -1;
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

static bool json_string(struct buf *b, const char *s)
{
	bool ok = buf_addc(b, '"');
	for (; ok && *s; s++) {
		unsigned char c = (unsigned char)*s;
		char esc[8];
		if (c == '"' || c == '\\') {
			esc[0] = '\\';
			esc[1] = (char)c;
			ok = buf_add(b, esc, 2);
		} else if (c < 0x20) {
			snprintf(esc, sizeof(esc), "\\u%04x", c);
			ok = buf_add(b, esc, 6);
		} else {
			ok = buf_addc(b, (char)c);
		}
	}
	return ok && buf_addc(b, '"');
}

APPEAL_EXPORT char *appeal_signers_to_json(const struct appeal_signers *s)
{
	struct buf b = {0};
	bool ok;

	if (!s)
		return NULL;
	ok = buf_addc(&b, '[');
	for (size_t i = 0; ok && i < s->nrecs; i++) {
		const struct record *r = &s->recs[i];
		const char *cell = r->cells;
		ok = buf_add(&b, i ? ",\n{" : "\n{", i ? 3 : 2);
		for (size_t c = 0; ok && c < s->ncols; c++) {
			const char *v = c < r->ncells ? cell : "";
			if (c < r->ncells)
				cell += strlen(cell) + 1;
			ok = (c == 0 || buf_add(&b, ", ", 2)) && json_string(&b, s->cols[c].key) &&
			     buf_add(&b, ": ", 2) && json_string(&b, v);
		}
		ok = ok && buf_addc(&b, '}');
	}
	ok = ok && buf_add(&b, s->nrecs ? "\n]\n" : "]\n", s->nrecs ? 3 : 2);
	if (!ok) {
		free(b.data);
		return NULL;
	}
	return b.data;
}
