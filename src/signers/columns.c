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

void signers_make_keys(struct appeal_signers *s)
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
		snprintf(base, sizeof(base), _("(column %zu)"), c + 1);
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

int signers_map_columns(struct appeal_signers *s, const char *const *map, struct appeal_error *err)
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

const char *signers_column_label(const struct appeal_signers *s, size_t field, char *tmp, size_t size)
{
	if (field >= 1 && field <= s->ncols && s->cols[field - 1].key)
		return s->cols[field - 1].key;
	snprintf(tmp, size, _("(column %zu)"), field);
	return tmp;
}
