/* Which column feeds which field: headers as people write them, folded and
 * matched against the known spellings, or an explicit field=Column map. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "signers/model.h"
#include "util/error.h"
#include "util/i18n.h"
#include "util/utf8.h"

#define REPLACEMENT 0xFFFDu

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
		if (utf8_is_space(cp)) {
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

/* ------------------------------------------------------------ mapping */

/* How sure a match is: an exact header beats a keyword found in a
 * question ("¿En qué idioma quieres tu carta?"). */
enum { KEYWORD = 1, EXACT = 2 };

struct synonym {
	const char *folded;
	int field; /* enum field, or F_COUNT for a known column that feeds nothing */
	bool full; /* the whole name, beating a plain "name" */
};

/* Headers as a whole, after fold_header(). */
static const struct synonym synonyms[] = {
	{"full name", F_NAME, true},           {"fullname", F_NAME, true},
	{"nombre completo", F_NAME, true},     {"nombre y apellidos", F_NAME, true},
	{"nombre y apellido", F_NAME, true},   {"nombres y apellidos", F_NAME, true},
	{"nombre apellidos", F_NAME, true},    {"signer", F_NAME, true},
	{"firmante", F_NAME, true},            {"your name", F_NAME, true},
	{"tu nombre", F_NAME, true},           {"su nombre", F_NAME, true},
	{"name", F_NAME, false},               {"nombre", F_NAME, false},
	{"city", F_CITY, false},               {"ciudad", F_CITY, false},
	{"localidad", F_CITY, false},          {"town", F_CITY, false},
	{"municipio", F_CITY, false},          {"poblacion", F_CITY, false},
	{"language", F_LANG, false},           {"idioma", F_LANG, false},
	{"lang", F_LANG, false},               {"lengua", F_LANG, false},
	{"note", F_NOTE, false},               {"nota", F_NOTE, false},
	{"mensaje", F_NOTE, false},            {"message", F_NOTE, false},
	{"comment", F_NOTE, false},            {"comentario", F_NOTE, false},
	{"notes", F_NOTE, false},              {"notas", F_NOTE, false},
	{"comments", F_NOTE, false},           {"comentarios", F_NOTE, false},
	{"date", F_DATE, false},               {"fecha", F_DATE, false},
	{"email", F_EMAIL, false},             {"correo", F_EMAIL, false},
	{"correo electronico", F_EMAIL, false}, {"email address", F_EMAIL, false},
	{"direccion de correo electronico", F_EMAIL, false},
	{"direccion de correo", F_EMAIL, false},
	{"first name", F_FIRST, false},        {"firstname", F_FIRST, false},
	{"given name", F_FIRST, false},        {"forename", F_FIRST, false},
	{"nombre de pila", F_FIRST, false},
	{"last name", F_LAST, false},          {"lastname", F_LAST, false},
	{"surname", F_LAST, false},            {"family name", F_LAST, false},
	{"apellido", F_LAST, false},           {"apellidos", F_LAST, false},
	{"primer apellido", F_LAST, false},    {"segundo apellido", F_LAST2, false},
	/* What form services add on their own: known, used for nothing. */
	{"marca temporal", F_COUNT, false},    {"timestamp", F_COUNT, false},
	{"marca de tiempo", F_COUNT, false},   {"fecha y hora", F_COUNT, false},
	{"submitted at", F_COUNT, false},      {"submission date", F_COUNT, false},
	{"fecha de envio", F_COUNT, false},
};

/* Words that name a field anywhere in a longer header, tried in this
 * order, so "Nombre de tu ciudad" is a city and "Dirección de correo
 * electrónico" an e-mail address. A header of more than MAX_WORDS words
 * is a question too long to guess. */
#define MAX_WORDS 10
static const struct {
	const char *word;
	int field;
} keywords[] = {
	{"timestamp", F_COUNT},   {"temporal", F_COUNT},
	{"email", F_EMAIL},       {"correo", F_EMAIL},      {"mail", F_EMAIL},
	{"idioma", F_LANG},       {"lengua", F_LANG},       {"language", F_LANG},
	{"note", F_NOTE},         {"notes", F_NOTE},        {"nota", F_NOTE},
	{"notas", F_NOTE},        {"mensaje", F_NOTE},      {"message", F_NOTE},
	{"comentario", F_NOTE},   {"comentarios", F_NOTE},  {"comment", F_NOTE},
	{"comments", F_NOTE},     {"palabras", F_NOTE},     {"words", F_NOTE},
	{"ciudad", F_CITY},       {"localidad", F_CITY},    {"poblacion", F_CITY},
	{"municipio", F_CITY},    {"city", F_CITY},         {"town", F_CITY},
	{"surname", F_LAST},      {"apellido", F_LAST},     {"apellidos", F_LAST},
	{"nombre", F_NAME},       {"name", F_NAME},
	{"fecha", F_DATE},        {"date", F_DATE},
};

/* Words a form adds that say nothing about the field. */
static bool filler(const char *w, size_t n)
{
	static const char *const words[] = {"opcional", "optional", "obligatorio", "required", "requerido"};
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strlen(words[i]) == n && strncmp(w, words[i], n) == 0)
			return true;
	return false;
}

/* Folds a header: case, accents and spacing as signers_fold(); '_', '-',
 * '/' and '.' are spaces and "e mail" is "email"; the punctuation of
 * questions and labels (¿?¡!:*"'), anything in parentheses and the words
 * "opcional", "optional", "obligatorio" go. "¿Tu Nombre?* (opcional)"
 * becomes "tu nombre". */
static char *fold_header(const char *h)
{
	char *f = signers_fold(h, strlen(h));
	struct buf b = BUF_INIT;
	int depth = 0;

	if (!f)
		return NULL;
	for (const char *p = f; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c == '(' || c == '[')
			depth++;
		else if ((c == ')' || c == ']') && depth > 0)
			depth--;
		else if (depth == 0 && strchr("_-/.,;", c))
			buf_addc(&b, ' ');
		else if (depth == 0 && !strchr("?!:*\"'", c) && strncmp(p, "\xc2\xbf", 2) != 0 &&
		         strncmp(p, "\xc2\xa1", 2) != 0 && !(c == 0xbf && p > f && (unsigned char)p[-1] == 0xc2) &&
		         !(c == 0xa1 && p > f && (unsigned char)p[-1] == 0xc2))
			buf_addc(&b, (char)c);
	}
	buf_addc(&b, '\0');
	free(f);
	if (b.failed) {
		buf_free(&b);
		return NULL;
	}
	/* Words: drop the filler, join "e mail". */
	struct buf w = BUF_INIT;
	for (const char *p = b.data; *p;) {
		while (*p == ' ')
			p++;
		size_t n = strcspn(p, " ");
		if (n == 0)
			break;
		if (n == 1 && *p == 'e' && strncmp(p + 1, " mail", 5) == 0 && (p[6] == ' ' || !p[6])) {
			if (w.len)
				buf_addc(&w, ' ');
			buf_adds(&w, "email");
			p += 6;
			continue;
		}
		if (!filler(p, n)) {
			if (w.len)
				buf_addc(&w, ' ');
			buf_add(&w, p, n);
		}
		p += n;
	}
	buf_addc(&w, '\0');
	buf_free(&b);
	if (w.failed) {
		buf_free(&w);
		return NULL;
	}
	return buf_take(&w);
}

/* The field a folded header names, F_COUNT for a known column that feeds
 * nothing, -1 for none; *how says EXACT or KEYWORD, *full whether it is
 * the whole name. */
static int header_field(const char *h, int *how, bool *full)
{
	*full = false;
	*how = EXACT;
	for (size_t k = 0; k < sizeof(synonyms) / sizeof(synonyms[0]); k++) {
		if (strcmp(h, synonyms[k].folded) == 0) {
			*full = synonyms[k].full;
			return synonyms[k].field;
		}
	}
	*how = KEYWORD;
	size_t words = 0;
	bool has[sizeof(keywords) / sizeof(keywords[0])] = {false};
	for (const char *p = h; *p;) {
		size_t n = strcspn(p, " ");
		for (size_t k = 0; k < sizeof(keywords) / sizeof(keywords[0]); k++)
			has[k] = has[k] || (strlen(keywords[k].word) == n && strncmp(p, keywords[k].word, n) == 0);
		words++;
		p += n;
		p += *p == ' ';
	}
	if (words == 0 || words > MAX_WORDS)
		return -1;
	/* An office's own remarks are not the signer's words. */
	static const char *const veto[] = {"interna", "internas", "interno", "internal", "private", "privada", "staff"};
	for (size_t k = 0; k < sizeof(veto) / sizeof(veto[0]); k++) {
		const char *at = strstr(h, veto[k]);
		size_t n = strlen(veto[k]);
		if (at && (at == h || at[-1] == ' ') && (at[n] == ' ' || !at[n]))
			return -1;
	}
	bool nombre = false, apellido = false, first = false;
	for (size_t k = 0; k < sizeof(keywords) / sizeof(keywords[0]); k++) {
		nombre = nombre || (has[k] && keywords[k].field == F_NAME);
		apellido = apellido || (has[k] && keywords[k].field == F_LAST);
	}
	first = strstr(h, "first name") || strstr(h, "given name") || strstr(h, "nombre de pila") ||
	        strstr(h, "primer nombre");
	for (size_t k = 0; k < sizeof(keywords) / sizeof(keywords[0]); k++) {
		if (!has[k])
			continue;
		int f = keywords[k].field;
		if (f == F_NAME || f == F_LAST) {
			/* "Nombre y apellidos", "Your full name", "Apellidos". */
			*full = (nombre && apellido) || strstr(h, "full name") || strstr(h, "nombre completo");
			if (*full)
				return F_NAME;
			if (first)
				return F_FIRST;
			if (strstr(h, "segundo apellido"))
				return F_LAST2;
			return f;
		}
		return f;
	}
	return -1;
}

int signers_make_keys(struct appeal_signers *s)
{
	struct strmap used = {0};
	struct buf key = {0};
	int rc = 0;

	for (size_t c = 0; c < s->ncols; c++) {
		const char *h = s->cols[c].header;
		char base[32];
		size_t blen;
		if (s->cols[c].key) {
			if (strmap_put(&used, s->cols[c].key, c) < 0) {
				rc = -1;
				break;
			}
			continue;
		}
		snprintf(base, sizeof(base), _("(column %zu)"), c + 1);
		key.len = 0;
		if (!buf_add(&key, h[0] ? h : base, strlen(h[0] ? h : base))) {
			rc = -1;
			break;
		}
		blen = key.len;
		for (int n = 2; rc == 0 && strmap_get(&used, key.data, &(size_t){0}); n++) {
			char num[16];
			snprintf(num, sizeof(num), " (%d)", n);
			key.len = blen;
			if (!buf_add(&key, num, strlen(num)))
				rc = -1;
		}
		const char *k = rc ? NULL : strcmp(key.data, h) == 0 ? h : pool_strndup(&s->pool, key.data, key.len);
		if (!k || strmap_put(&used, k, c) < 0) {
			rc = -1;
			break;
		}
		s->cols[c].key = k;
	}
	/* On failure the keys not made fall back to the header, for messages;
	 * the caller decides whether that will do. */
	for (size_t c = 0; c < s->ncols; c++)
		if (!s->cols[c].key)
			s->cols[c].key = s->cols[c].header;
	free(key.data);
	strmap_free(&used);
	return rc;
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

int signers_find_field(const char *name)
{
	static const char *const alias[][2] = {
		{"language", "lang"}, {"e-mail", "email"}, {"first", "first_name"},
		{"last", "last_name"}, {"surname", "last_name"},
	};
	for (int f = 0; f < F_COUNT; f++)
		if (strcmp(name, signers_field_names[f]) == 0)
			return f;
	for (size_t i = 0; i < sizeof(alias) / sizeof(alias[0]); i++)
		if (strcmp(name, alias[i][0]) == 0)
			return signers_find_field(alias[i][1]);
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
			f = signers_find_field(field);
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

/* Marks the columns where some record has a non-blank cell, in one pass
 * over the cells: an empty column loses nothing when unused. */
static void columns_with_data(const struct appeal_signers *s, bool *has)
{
	for (size_t i = 0; i < s->nrecs; i++) {
		const struct record *r = &s->recs[i];
		const char *p = r->cells;
		for (size_t c = 0; c < r->ncells && c < s->ncols; c++) {
			size_t n = strlen(p);
			has[c] = has[c] || !signers_blank(p, n);
			p += n + 1;
		}
	}
}

int signers_map_columns(struct appeal_signers *s, const char *const *map, struct appeal_error *err)
{
	bool explicit_field[F_COUNT] = {false};
	int rank[F_COUNT] = {0};
	bool full_name = false;
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
		int how;
		bool full;
		int f = h ? header_field(h, &how, &full) : -1;
		free(h);
		if (f == F_COUNT) {
			s->cols[c].ignored = true;
			continue;
		}
		if (f < 0 || explicit_field[f])
			continue;
		/* The surest match wins; among equals, the first column. */
		int score = how * 2 + full;
		if (s->col_of[f] < 0 || score > rank[f]) {
			s->col_of[f] = (int)c;
			rank[f] = score;
			full_name = f == F_NAME ? full : full_name;
		}
	}
	/* "Nombre" beside "Apellidos" is a first name; beside a first-name
	 * column, or when the name is given in full, it is the whole name. */
	int *name = &s->col_of[F_NAME], *first = &s->col_of[F_FIRST], *last = &s->col_of[F_LAST];
	if (explicit_field[F_NAME] || full_name) {
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
	bool *has = calloc(s->ncols ? s->ncols : 1, sizeof(*has));
	if (!s->unused || !has) {
		free(has);
		return err_nomem(err);
	}
	columns_with_data(s, has);
	for (size_t c = 0; c < s->ncols; c++) {
		bool used = s->cols[c].ignored;
		for (int f = 0; f < F_COUNT; f++)
			used = used || s->col_of[f] == (int)c;
		if (!used && has[c])
			s->unused[s->nunused++] = c;
	}
	free(has);
	return 0;
}

const char *signers_column_label(const struct appeal_signers *s, size_t field, char *tmp, size_t size)
{
	if (field >= 1 && field <= s->ncols && s->cols[field - 1].key)
		return s->cols[field - 1].key;
	snprintf(tmp, size, _("(column %zu)"), field);
	return tmp;
}
