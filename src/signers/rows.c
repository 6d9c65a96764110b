/* The checks of every row: each value through the one signer-value rule
 * (value.h), then what only a table can get wrong: bytes that did not
 * decode, mojibake, extra cells, a missing name, a date or a language that
 * is not one, the same person twice. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/lang.h"
#include "signers/model.h"
#include "signers/value.h"
#include "util/error.h"
#include "util/i18n.h"
#include "util/utf8.h"

#define REPLACEMENT 0xFFFDu

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

/* Which rule applies to which field. */
static const enum value_field value_of[F_COUNT] = {
	[F_NAME] = VALUE_NAME, [F_CITY] = VALUE_CITY, [F_LANG] = VALUE_LANG,  [F_NOTE] = VALUE_NOTE,
	[F_DATE] = VALUE_DATE, [F_EMAIL] = VALUE_EMAIL, [F_FIRST] = VALUE_NAME, [F_LAST] = VALUE_NAME,
	[F_LAST2] = VALUE_NAME,
};

/* Checks one value and puts the clean one (pooled) in *out, or the value
 * as read when it has a problem; *ok says which. Stops at the first
 * problem of the value. */
static int check_value(struct rowctx *r, enum field f, const char *v, const char *key, const char **out, bool *ok)
{
	struct appeal_signers *s = r->s;
	struct appeal_error e = {0};
	char *clean = NULL, bad[16], good[8], shown[64];
	const char *what = signer_value_what(value_of[f]);
	int rc = 0;

	*out = v;
	*ok = false;
	switch (signer_value(v, strlen(v), value_of[f], &clean, &e)) {
	case VALUE_OK:
		break;
	case VALUE_NOMEM:
		return err_nomem(r->err);
	case VALUE_TOO_LONG:
		return add_problem(r, APPEAL_SIGNER_TOO_LONG, key, e.hint, "%s", e.message);
	default:
		return add_problem(r, APPEAL_SIGNER_INVALID_TEXT, key, e.hint, "%s", e.message);
	}
	/* Bytes the decoder could not read became U+FFFD. */
	const char *fffd = strstr(clean, "\xEF\xBF\xBD");
	long at = fffd ? (long)utf8_length(clean, (size_t)(fffd - clean)) : find_mojibake(clean, bad, good);
	if (fffd) {
		rc = add_problem(r, APPEAL_SIGNER_INVALID_TEXT, key,
		                 strcmp(s->encoding, "UTF-8") == 0
		                         ? _("retype the text, or give the file's encoding (e.g. windows-1252)")
		                         : _("retype the text, or give the file's encoding"),
		                 _("the %s has an undecodable or NUL byte at character %ld (read as %s)"), what, at + 1,
		                 s->encoding);
	} else if (at >= 0) {
		err_quote(shown, sizeof(shown), bad);
		rc = add_problem(r, APPEAL_SIGNER_MOJIBAKE, key,
		                 _("fix the text, or export the sheet again as \"CSV UTF-8\" from the original"),
		                 _("the %s looks garbled: '%s' at character %ld should probably be '%s'"), what, shown,
		                 at + 1, good);
	} else {
		*out = pool_strndup(&s->pool, clean, strlen(clean));
		*ok = *out != NULL;
		rc = *out ? 0 : err_nomem(r->err);
	}
	free(clean);
	return rc;
}

int signers_lang_lookup(const char *v, const char **code)
{
	char *f = signers_fold(v, strlen(v));
	const struct lang *l = NULL;
	*code = NULL;
	if (!f)
		return APPEAL_ENOMEM;
	/* Forms offer "En español", "In English", "Español (Spanish)". */
	char *w = f;
	if (!strncmp(w, "en ", 3) || !strncmp(w, "in ", 3))
		w += 3;
	char *paren = strchr(w, '(');
	if (paren && paren > w) {
		*paren = '\0';
		for (size_t n = strlen(w); n > 0 && w[n - 1] == ' '; n--)
			w[n - 1] = '\0';
	}
	l = lang_find(w);
	free(f);
	*code = l ? l->code : NULL;
	return 0;
}

const char *signers_lang_code(const char *v)
{
	const char *code;
	return signers_lang_lookup(v, &code) ? NULL : code;
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

/* Same person twice: compared as a reader would, ignoring case, accents
 * and spacing. */
static int duplicate_problem(struct rowctx *r, const char *name, const char *city, const char *key,
                             struct strmap *seen)
{
	struct appeal_signers *s = r->s;
	char *fn = signers_fold(name, strlen(name));
	char *fc = signers_fold(city, strlen(city));
	char *k = NULL;
	size_t first;

	if (fn && fc && (k = pool_alloc(&s->pool, strlen(fn) + strlen(fc) + 2)))
		sprintf(k, "%s\x1f%s", fn, fc);
	free(fn);
	free(fc);
	if (!k)
		return err_nomem(r->err);
	if (strmap_get(seen, k, &first))
		return add_problem(r, APPEAL_SIGNER_DUPLICATE, key, _("delete one of the rows if they are the same person"),
		                   _("same name and city as row %ld"), s->rows[first].row);
	return strmap_put(seen, k, r->index) < 0 ? err_nomem(r->err) : 0;
}

static int check_row(struct appeal_signers *s, size_t index, const char **cells, const char *default_lang,
                     struct strmap *seen, struct appeal_error *err)
{
	const struct record *rec = &s->recs[index];
	struct appeal_signer_row *row = &s->rows[index];
	struct rowctx r = {s, index, row, err};
	const char *v[F_COUNT], *key[F_COUNT];
	bool ok[F_COUNT] = {false};
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
		v[f] = cell_of(rec, cells, s->col_of[f]);
		key[f] = s->col_of[f] >= 0 ? s->cols[s->col_of[f]].key : signers_field_names[f];
	}
	if (s->combine_name) {
		struct buf b = BUF_INIT;
		buf_add(&b, "", 0);
		for (int f = F_FIRST; f <= F_LAST2; f++) {
			if (signers_blank(v[f], strlen(v[f])))
				continue;
			if (b.len)
				buf_addc(&b, ' ');
			buf_adds(&b, v[f]);
		}
		v[F_NAME] = b.failed ? NULL : pool_strndup(&s->pool, b.data, b.len);
		buf_free(&b);
		if (!v[F_NAME])
			return err_nomem(err);
		key[F_NAME] = s->col_of[F_FIRST] >= 0 ? key[F_FIRST] : key[F_LAST];
	}

	if (rec->extra &&
	    (rc = add_problem(&r, APPEAL_SIGNER_EXTRA_FIELDS, "", _("quote cells that hold the delimiter"),
	                      _("the row has %zu cells, the header %zu"), rec->fields, s->ncols)) != 0)
		return rc;
	static const enum field checked[] = {F_NAME, F_CITY, F_LANG, F_DATE, F_EMAIL, F_NOTE};
	for (size_t i = 0; i < sizeof(checked) / sizeof(checked[0]); i++) {
		enum field f = checked[i];
		if ((rc = check_value(&r, f, v[f], key[f], &v[f], &ok[f])) != 0)
			return rc;
	}
	row->name = v[F_NAME];
	row->city = v[F_CITY];
	row->note = v[F_NOTE];
	row->date = v[F_DATE];
	row->email = v[F_EMAIL];
	row->lang = "";
	if (ok[F_NAME] && !v[F_NAME][0] &&
	    (rc = add_problem(&r, APPEAL_SIGNER_EMPTY_NAME, key[F_NAME], _("fill in the name, or delete the row"),
	                      "%s", _("the name is empty"))) != 0)
		return rc;
	if (v[F_DATE][0] && ok[F_DATE] && (rc = date_problem(&r, v[F_DATE], key[F_DATE])) != 0)
		return rc;
	if (v[F_LANG][0]) {
		const char *lang;
		if (signers_lang_lookup(v[F_LANG], &lang))
			return err_nomem(err);
		if (lang) {
			row->lang = lang;
		} else if (ok[F_LANG]) {
			/* Only an unknown language pays for the list of codes. */
			char shown[64], codes[128], hint[192];
			err_quote(shown, sizeof(shown), v[F_LANG]);
			lang_codes(codes, sizeof(codes));
			snprintf(hint, sizeof(hint), _("use one of %s"), codes);
			if ((rc = add_problem(&r, APPEAL_SIGNER_BAD_LANG, key[F_LANG], hint, _("unknown language '%s'"),
			                      shown)) != 0)
				return rc;
		}
	} else if (default_lang) {
		row->lang = default_lang;
		row->lang_default = true;
	} else if (s->require_lang &&
	           (rc = add_problem(&r, APPEAL_SIGNER_NO_LANG, key[F_LANG],
	                             _("fill in the language (a code such as es, or a name such as Español), "
	                               "or give the default with --lang"),
	                             "%s",
	                             s->col_of[F_LANG] >= 0 ? _("the language is empty")
	                                                    : _("no column gives the language"))) != 0) {
		return rc;
	}
	if (v[F_NAME][0] && (rc = duplicate_problem(&r, v[F_NAME], v[F_CITY], key[F_NAME], seen)) != 0)
		return rc;
	return 0;
}

int signers_check_rows(struct appeal_signers *s, const char *default_lang, struct appeal_error *err)
{
	struct strmap seen = STRMAP_INIT;
	const char **cells = malloc((s->ncols ? s->ncols : 1) * sizeof(*cells));
	int rc = 0;

	s->rows = calloc(s->nrecs ? s->nrecs : 1, sizeof(*s->rows));
	if (!cells || !s->rows)
		rc = err_nomem(err);
	for (size_t i = 0; i < s->nrecs && rc == 0; i++)
		rc = check_row(s, i, cells, default_lang, &seen, err);
	free(cells);
	strmap_free(&seen);
	return rc;
}
