#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/error.h"
#include "util/json.h"
#include "lang/lang.h"
#include "letter/letter.h"
#include "util/mime.h"
#include "util/utf8.h"
#include "util/i18n.h"

const char *const letter_placeholders[] = {"name", "city", "date", "deadline", NULL};

#define PLACEHOLDER_HINT N_("the placeholders are {{name}}, {{city}}, {{date}} and {{deadline}}")
#define MAX_ID 64
#define MAX_ADDRESS_LINES 5
#define MAX_RECIPIENTS 20

static const char *const top_keys[] = {"format",  "id",      "title",     "issuer", "link", "deadline",
                                       "default", "preferred_languages", "addressee", "names", "texts", NULL};
static const char *const addressee_keys[] = {"name", "address", "email", NULL};
static const char *const text_keys[] = {"title", "addressee_title", "subject", "salutation", "paragraphs",
                                        "closing", "email", NULL};

/* A value in the tree and the way back to the root: the index path is what
 * finds its place in the source again, and only when an error needs it, so
 * a valid file is never scanned twice. */
struct node {
	const cJSON *json;
	const struct node *parent;
	size_t index; /* among the parent's members or elements */
};

struct ctx {
	const struct json_doc *doc;
	const char *source;
	struct appeal_error *err;
};

/* Flags for take_string(). */
enum {
	NOT_EMPTY = 1,
	TEXT = 2,      /* letter text: placeholders are checked */
	NOT_EMPTY_LIST = 4
};

/* ------------------------------------------------------------------ reporting */

static bool is_member(const struct node *n)
{
	return n->parent && cJSON_IsObject(n->parent->json);
}

static void append(char *buf, size_t size, const char *fmt, ...) APPEAL_PRINTF(3, 4);

static void append(char *buf, size_t size, const char *fmt, ...)
{
	size_t used = strlen(buf);
	va_list ap;

	if (used + 1 >= size)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + used, size - used, fmt, ap);
	va_end(ap);
}

/* "texts.es.paragraphs[2]"; "" for the root. */
static void node_path(const struct node *n, char *buf, size_t size)
{
	char key[64];

	if (!n->parent) {
		buf[0] = '\0';
		return;
	}
	node_path(n->parent, buf, size);
	if (is_member(n)) {
		err_quote(key, sizeof(key), n->json->string);
		append(buf, size, "%s%s", buf[0] ? "." : "", key);
	} else {
		append(buf, size, "[%zu]", n->index);
	}
}

/* The name a message uses: the key, or "paragraphs[2]" for an element. */
static const char *node_name(const struct node *n, char *buf, size_t size)
{
	buf[0] = '\0';
	if (!n->parent)
		return _("the file");
	if (is_member(n)) {
		err_quote(buf, size, n->json->string);
	} else {
		node_name(n->parent, buf, size);
		append(buf, size, "[%zu]", n->index);
	}
	return buf;
}

static size_t node_offset(const struct ctx *c, const struct node *n, enum json_part part)
{
	size_t path[JSON_MAX_DEPTH + 1], depth = 0, off = 0, i;
	const struct node *m;

	for (m = n; m->parent; m = m->parent)
		depth++;
	if (depth > JSON_MAX_DEPTH)
		return 0;
	i = depth;
	for (m = n; m->parent; m = m->parent)
		path[--i] = m->index;
	json_locate(c->doc->text, c->doc->len, path, depth, part, &off);
	return off;
}

APPEAL_PRINTF(6, 0)
static int vfail(const struct ctx *c, const struct node *n, size_t off, int code, const char *hint, const char *fmt,
                 va_list ap)
{
	char msg[sizeof(c->err->message)], path[sizeof(c->err->path)];
	int line, column;

	/* An error already there came first and stays; add nothing to it. */
	if (!c->err || c->err->code)
		return code;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	err_set(c->err, code, "%s", msg);
	err_source(c->err, c->source);
	json_line_column(c->doc->text, c->doc->len, off, &line, &column);
	err_position(c->err, line, column);
	node_path(n, path, sizeof(path));
	if (path[0])
		err_path(c->err, "%s", path);
	if (hint && hint[0])
		err_hint(c->err, "%s", hint);
	return code;
}

/* Fails at the key (for a name that is wrong) or the value of n. */
static int fail(const struct ctx *c, const struct node *n, enum json_part part, int code, const char *hint,
                const char *fmt, ...) APPEAL_PRINTF(6, 7);

static int fail(const struct ctx *c, const struct node *n, enum json_part part, int code, const char *hint,
                const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vfail(c, n, c->err && !c->err->code ? node_offset(c, n, part) : 0, code, hint, fmt, ap);
	va_end(ap);
	return r;
}

/* Fails at byte `index` of the decoded string n. */
static int fail_in_string(const struct ctx *c, const struct node *n, size_t index, int code, const char *hint,
                          const char *fmt, ...) APPEAL_PRINTF(6, 7);

static int fail_in_string(const struct ctx *c, const struct node *n, size_t index, int code, const char *hint,
                          const char *fmt, ...)
{
	va_list ap;
	size_t off = 0;
	int r;

	if (c->err && !c->err->code)
		off = json_string_offset(c->doc->text, c->doc->len, node_offset(c, n, JSON_VALUE), index);
	va_start(ap, fmt);
	r = vfail(c, n, off, code, hint, fmt, ap);
	va_end(ap);
	return r;
}

static int wrong_type(const struct ctx *c, const struct node *n, const char *want)
{
	char name[96];

	return fail(c, n, JSON_VALUE, APPEAL_EINVAL, NULL, _("expected %s for \"%s\", found %s"), want,
	            node_name(n, name, sizeof(name)), json_type_name(n->json));
}

/* ------------------------------------------------------------------ keys */

/* Edit distance, to suggest the key a typo meant. */
static size_t distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), row[64];

	if (la >= 63 || lb >= 63)
		return (size_t)-1;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

static bool in_list(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (strcmp(*list, s) == 0)
			return true;
	return false;
}

/* Refuses a member whose name is not in `allowed`: a typo would otherwise
 * drop a text without a word. */
static int check_keys(const struct ctx *c, const struct node *obj, const char *const *allowed)
{
	const cJSON *child;
	size_t i = 0;

	for (child = obj->json->child; child; child = child->next, i++) {
		struct node n = {child, obj, i};
		const char *best = NULL;
		size_t best_d = 3;
		char hint[256] = "", key[64], where[128];

		if (in_list(allowed, child->string))
			continue;
		for (const char *const *k = allowed; *k; k++) {
			size_t d = distance(child->string, *k);
			if (d < best_d) {
				best_d = d;
				best = *k;
			}
		}
		if (best)
			append(hint, sizeof(hint), _("did you mean \"%s\"? "), best);
		append(hint, sizeof(hint), _("the keys here are"));
		for (const char *const *k = allowed; *k; k++)
			append(hint, sizeof(hint), "%s %s", k == allowed ? "" : ",", *k);
		err_quote(key, sizeof(key), child->string);
		node_path(obj, where, sizeof(where));
		if (where[0])
			return fail(c, &n, JSON_KEY, APPEAL_EINVAL, hint, _("unknown key \"%s\" in \"%s\""), key, where);
		return fail(c, &n, JSON_KEY, APPEAL_EINVAL, hint, _("unknown key \"%s\""), key);
	}
	return 0;
}

/* Finds member `key` of obj. */
static bool find(const struct node *obj, const char *key, struct node *out)
{
	size_t i = 0;

	for (const cJSON *child = obj->json->child; child; child = child->next, i++) {
		if (strcmp(child->string, key) == 0) {
			*out = (struct node){child, obj, i};
			return true;
		}
	}
	return false;
}

static int need(const struct ctx *c, const struct node *obj, const char *key, struct node *out)
{
	char where[128];

	*out = (struct node){0}; /* defined on every path: callers test only the result */
	if (find(obj, key, out))
		return 0;
	node_path(obj, where, sizeof(where));
	if (where[0])
		return fail(c, obj, JSON_VALUE, APPEAL_EINVAL, _("see docs/letter-format.md for every key"),
		            _("missing required key \"%s\" in \"%s\""), key, where);
	return fail(c, obj, JSON_VALUE, APPEAL_EINVAL, _("see docs/letter-format.md for every key"),
	            _("missing required key \"%s\""), key);
}

/* ------------------------------------------------------------------ values */

static int check_placeholders(const struct ctx *c, const struct node *n, const char *name)
{
	const char *s = n->json->valuestring, *p = s, *open;

	while ((open = strstr(p, "{{")) != NULL) {
		const char *close = strstr(open + 2, "}}");
		size_t klen = close ? (size_t)(close - open - 2) : 0;
		bool known = false;
		char shown[48];

		if (!close)
			return fail_in_string(c, n, (size_t)(open - s), APPEAL_EINVAL, _(PLACEHOLDER_HINT),
			                      _("unclosed placeholder \"{{\" in \"%s\""), name);
		for (const char *const *k = letter_placeholders; *k && !known; k++)
			known = strlen(*k) == klen && memcmp(*k, open + 2, klen) == 0;
		if (!known) {
			size_t show = (size_t)(close + 2 - open);
			if (show > 40)
				show = 40;
			memcpy(shown, open, show);
			shown[show] = '\0';
			err_quote(shown, sizeof(shown), shown);
			return fail_in_string(c, n, (size_t)(open - s), APPEAL_EINVAL, _(PLACEHOLDER_HINT),
			                      _("unknown placeholder \"%s%s\" in \"%s\""), shown,
			                      show < (size_t)(close + 2 - open) ? "..." : "", name);
		}
		p = close + 2;
	}
	return 0;
}

/* Checks the string at n and copies it to *out (caller frees). */
static int take_string(const struct ctx *c, const struct node *n, unsigned flags, char **out)
{
	const char *s;
	char name[96];
	size_t i = 0, len;
	uint32_t cp;
	int r;

	if (!cJSON_IsString(n->json))
		return wrong_type(c, n, _("a string"));
	s = n->json->valuestring;
	len = strlen(s);
	node_name(n, name, sizeof(name));
	/* The file is valid UTF-8 and the JSON escapes produce only valid
	 * characters, so decoding cannot fail here. */
	while (i < len) {
		int k = utf8_decode(s + i, len - i, &cp);
		if (k < 0)
			k = 1, cp = 0xFFFD;
		if (utf8_is_control(cp))
			return fail_in_string(c, n, i, APPEAL_EINVAL,
			                      _("write plain text: one string per paragraph, no line breaks or tabs"),
			                      _("control character U+%04X in \"%s\""), (unsigned)cp, name);
		i += (size_t)k;
	}
	if ((flags & NOT_EMPTY) && len == 0)
		return fail(c, n, JSON_VALUE, APPEAL_EINVAL, NULL, _("\"%s\" is empty"), name);
	if ((flags & TEXT) && len > LETTER_MAX_TEXT) {
		i = LETTER_MAX_TEXT;
		while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
			i--;
		return fail_in_string(c, n, i, APPEAL_EINVAL,
		                      _("split it into shorter paragraphs; a letter is read in a minute or two"),
		                      _("\"%s\" is %zu bytes long; at most %u are accepted"), name, len,
		                      LETTER_MAX_TEXT);
	}
	if ((flags & TEXT) && (r = check_placeholders(c, n, name)) < 0)
		return r;
	*out = strdup(s);
	return *out ? 0 : err_nomem(c->err);
}

static int take_optional_string(const struct ctx *c, const struct node *obj, const char *key, unsigned flags,
                                char **out)
{
	struct node n;

	if (find(obj, key, &n))
		return take_string(c, &n, flags, out);
	*out = strdup("");
	return *out ? 0 : err_nomem(c->err);
}

static int take_required_string(const struct ctx *c, const struct node *obj, const char *key, unsigned flags,
                                char **out)
{
	struct node n;
	int r = need(c, obj, key, &n);

	return r < 0 ? r : take_string(c, &n, flags, out);
}

/* Reads an array of strings into a new array of *count strings. */
static int take_strings(const struct ctx *c, const struct node *arr, unsigned flags, size_t max, const char *hint,
                        char ***out, size_t *count)
{
	size_t n, i = 0;
	char name[96];
	int r;

	if (!cJSON_IsArray(arr->json))
		return wrong_type(c, arr, _("an array of strings"));
	n = (size_t)cJSON_GetArraySize(arr->json);
	node_name(arr, name, sizeof(name));
	if (n == 0 && (flags & NOT_EMPTY_LIST))
		return fail(c, arr, JSON_VALUE, APPEAL_EINVAL, hint, _("\"%s\" is empty"), name);
	if (n > max) {
		struct node item = {cJSON_GetArrayItem(arr->json, (int)max), arr, max};
		return fail(c, &item, JSON_VALUE, APPEAL_EINVAL, hint, _("\"%s\" has more than %zu lines"), name, max);
	}
	*out = calloc(n ? n : 1, sizeof(**out));
	if (!*out)
		return err_nomem(c->err);
	*count = n;
	for (const cJSON *item = arr->json->child; item; item = item->next, i++) {
		struct node e = {item, arr, i};
		if ((r = take_string(c, &e, flags, &(*out)[i])) < 0)
			return r;
	}
	return 0;
}

/* A text's language must be a row of the language table (lang.c), so that
 * what `check` accepts, `write` can print. */
static bool valid_lang(const char *s)
{
	return lang_by_code(s) != NULL;
}

static int bad_lang(const struct ctx *c, const struct node *n, enum json_part part, const char *lang)
{
	char shown[32], hint[256], codes[128];

	err_quote(shown, sizeof(shown), lang);
	lang_codes(codes, sizeof(codes));
	if (!(lang[0] >= 'a' && lang[0] <= 'z' && lang[1] >= 'a' && lang[1] <= 'z' && lang[2] == '\0')) {
		const struct lang *l = lang_find(lang);
		if (l) {
			snprintf(hint, sizeof(hint), _("write \"%s\""), l->code);
			return fail(c, n, part, APPEAL_EINVAL, hint,
			            _("language code \"%s\" is not two lower-case letters"), shown);
		}
		return fail(c, n, part, APPEAL_EINVAL, _("use two-letter ISO 639-1 codes such as \"en\" or \"es\""),
		            _("language code \"%s\" is not two lower-case letters"), shown);
	}
	char path[128];
	node_path(n, path, sizeof(path));
	snprintf(hint, sizeof(hint), _("appeal writes letters in %s; write the text in one of them"), codes);
	/* TRANSLATORS: the first %s is where in the file, such as texts.sv */
	return fail(c, n, part, APPEAL_EINVAL, hint, _("%s: appeal cannot write letters in the language \"%s\""), path,
	            shown);
}

/* ------------------------------------------------------------------ the letter */

static int take_format(const struct ctx *c, const struct node *root)
{
	struct node n;
	int r = need(c, root, "format", &n);

	if (r < 0)
		return r;
	if (!cJSON_IsNumber(n.json))
		return wrong_type(c, &n, _("a number"));
	if (n.json->valuedouble != 1)
		return fail(c, &n, JSON_VALUE, APPEAL_EINVAL, _("this version of appeal reads format 1"),
		            _("unsupported format %g"), n.json->valuedouble);
	return 0;
}

static int take_id(const struct ctx *c, const struct node *root, char **out)
{
	struct node n;
	int r = need(c, root, "id", &n);
	char shown[80];

	if (r < 0 || (r = take_string(c, &n, NOT_EMPTY, out)) < 0)
		return r;
	err_quote(shown, sizeof(shown), *out);
	if (strlen(*out) > MAX_ID)
		return fail(c, &n, JSON_VALUE, APPEAL_EINVAL, NULL, _("the id is longer than %d characters"), MAX_ID);
	if (strspn(*out, "abcdefghijklmnopqrstuvwxyz0123456789-") != strlen(*out))
		return fail(c, &n, JSON_VALUE, APPEAL_EINVAL,
		            _("use lower-case letters, digits and '-', as in \"venezuela-2025\""),
		            _("id \"%s\" may only contain a-z, 0-9 and '-'"), shown);
	return 0;
}

static int take_link(const struct ctx *c, const struct node *root, char **out)
{
	struct node n;
	int r;

	if (!find(root, "link", &n)) {
		*out = strdup("");
		return *out ? 0 : err_nomem(c->err);
	}
	if ((r = take_string(c, &n, NOT_EMPTY, out)) < 0)
		return r;
	if (strncmp(*out, "https://", 8) != 0 && strncmp(*out, "http://", 7) != 0)
		return fail(c, &n, JSON_VALUE, APPEAL_EINVAL, _("write the whole address, starting with https://"),
		            _("\"link\" is not a web address"));
	return 0;
}

static int take_deadline(const struct ctx *c, const struct node *root, struct appeal_date *out)
{
	struct appeal_error date_err = {0};
	struct node n;
	int r = need(c, root, "deadline", &n);

	if (r < 0)
		return r;
	if (!cJSON_IsString(n.json))
		return wrong_type(c, &n, _("a date string (YYYY-MM-DD)"));
	/* The date module words the problem; this adds where it is. */
	r = appeal_date_parse(out, n.json->valuestring, &date_err);
	if (r < 0)
		return fail(c, &n, JSON_VALUE, r, date_err.hint, "%s", date_err.message);
	return 0;
}

static int take_default(const struct ctx *c, const struct node *root, bool *out)
{
	struct node n;

	*out = false;
	if (!find(root, "default", &n))
		return 0;
	if (!cJSON_IsBool(n.json))
		return wrong_type(c, &n, _("true or false"));
	*out = cJSON_IsTrue(n.json);
	return 0;
}

#define MAILBOX_HINT N_("write an address such as \"info@example.org\" or \"Office of the President " \
                        "<info@example.org>\"")

static void trim_span(const char *s, size_t *lo, size_t *hi)
{
	while (*lo < *hi && s[*lo] == ' ')
		(*lo)++;
	while (*hi > *lo && s[*hi - 1] == ' ')
		(*hi)--;
}

/* "address" or "Display Name <address>". */
static int take_mailbox(const struct ctx *c, const struct node *n, struct letter_mailbox *out)
{
	char *s = NULL, name[96];
	int r = take_string(c, n, NOT_EMPTY, &s);
	size_t len, nlo = 0, nhi = 0, alo = 0, ahi, bad;
	const char *why;

	if (r < 0)
		return r;
	len = strlen(s);
	ahi = len;
	node_name(n, name, sizeof(name));
	const char *lt = strchr(s, '<');
	if (lt) {
		const char *gt = strchr(lt, '>');
		size_t end = len;
		nhi = (size_t)(lt - s);
		while (end > 0 && s[end - 1] == ' ')
			end--;
		if (!gt) {
			r = fail_in_string(c, n, end, APPEAL_EINVAL, _(MAILBOX_HINT), _("the '>' after the address is missing in \"%s\""),
			                   name);
			goto out;
		}
		if ((size_t)(gt - s) + 1 != end) {
			r = fail_in_string(c, n, (size_t)(gt - s) + 1, APPEAL_EINVAL, _(MAILBOX_HINT),
			                   _("nothing may follow the '>' in \"%s\""), name);
			goto out;
		}
		alo = (size_t)(lt - s) + 1;
		ahi = (size_t)(gt - s);
		trim_span(s, &nlo, &nhi);
		for (size_t i = nlo; i < nhi; i++) {
			if (s[i] == '"' || s[i] == '>') {
				r = fail_in_string(c, n, i, APPEAL_EINVAL, _(MAILBOX_HINT),
				                   _("the name before the address cannot hold '%c' in \"%s\""), s[i], name);
				goto out;
			}
		}
	}
	trim_span(s, &alo, &ahi);
	if (!mime_addr_check(s + alo, ahi - alo, &bad, &why)) {
		r = fail_in_string(c, n, alo + bad, APPEAL_EINVAL, _(MAILBOX_HINT), _("%s in \"%s\""), _(why), name);
		goto out;
	}
	out->name = strndup(s + nlo, nhi - nlo);
	out->addr = strndup(s + alo, ahi - alo);
	r = out->name && out->addr ? 0 : err_nomem(c->err);
out:
	free(s);
	return r;
}

static void free_mailboxes(struct letter_mailbox *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++) {
		free(v[i].name);
		free(v[i].addr);
	}
	free(v);
}

/* An array of recipients, each address once. */
static int take_mailboxes(const struct ctx *c, const struct node *arr, struct letter_mailbox **out, size_t *count)
{
	size_t n, i = 0;
	char name[96];
	int r;

	if (!cJSON_IsArray(arr->json))
		return wrong_type(c, arr, _("an array of e-mail addresses"));
	n = (size_t)cJSON_GetArraySize(arr->json);
	node_name(arr, name, sizeof(name));
	if (n > MAX_RECIPIENTS) {
		struct node item = {cJSON_GetArrayItem(arr->json, MAX_RECIPIENTS), arr, MAX_RECIPIENTS};
		return fail(c, &item, JSON_VALUE, APPEAL_EINVAL, _("a letter goes to its addressee and a few copies"),
		            _("\"%s\" has more than %d addresses"), name, MAX_RECIPIENTS);
	}
	if (!(*out = calloc(n ? n : 1, sizeof(**out))))
		return err_nomem(c->err);
	*count = n;
	for (const cJSON *item = arr->json->child; item; item = item->next, i++) {
		struct node e = {item, arr, i};
		if ((r = take_mailbox(c, &e, &(*out)[i])) < 0)
			return r;
		for (size_t k = 0; k < i; k++)
			if (strcasecmp((*out)[k].addr, (*out)[i].addr) == 0)
				return fail(c, &e, JSON_VALUE, APPEAL_EINVAL, _("list each address once"),
				            _("the address \"%s\" is listed twice in \"%s\""), (*out)[i].addr, name);
	}
	return 0;
}

/* Records where the value of n starts. Only the address lines call this: a
 * few short scans of a small file. */
static void take_pos(const struct ctx *c, const struct node *n, struct letter_pos *at)
{
	json_line_column(c->doc->text, c->doc->len, node_offset(c, n, JSON_VALUE), &at->line, &at->column);
}

static int take_addressee(const struct ctx *c, const struct node *root, struct appeal_letter *letter)
{
	struct node obj, n;
	int r = need(c, root, "addressee", &obj);

	if (r < 0)
		return r;
	if (!cJSON_IsObject(obj.json))
		return wrong_type(c, &obj, _("an object"));
	if ((r = check_keys(c, &obj, addressee_keys)) < 0)
		return r;
	if ((r = take_required_string(c, &obj, "name", NOT_EMPTY, &letter->addressee_name)) < 0)
		return r;
	if (find(&obj, "email", &n) && (r = take_mailboxes(c, &n, &letter->emails, &letter->nemails)) < 0)
		return r;
	if (find(&obj, "name", &n))
		take_pos(c, &n, &letter->addressee_name_at);
	if ((r = need(c, &obj, "address", &n)) < 0)
		return r;
	if ((r = take_strings(c, &n, NOT_EMPTY | NOT_EMPTY_LIST, MAX_ADDRESS_LINES,
	                      _("write the postal address, one line per string, at most 5 lines under the name"),
	                      &letter->address, &letter->naddress)) < 0)
		return r;
	letter->address_at = calloc(letter->naddress ? letter->naddress : 1, sizeof(*letter->address_at));
	if (!letter->address_at)
		return err_nomem(c->err);
	for (size_t i = 0; i < letter->naddress; i++) {
		struct node e = {cJSON_GetArrayItem(n.json, (int)i), &n, i};
		take_pos(c, &e, &letter->address_at[i]);
	}
	return 0;
}

static int take_names(const struct ctx *c, const struct node *root, struct appeal_letter *letter)
{
	struct node n;

	if (!find(root, "names", &n)) {
		letter->names = calloc(1, sizeof(*letter->names));
		return letter->names ? 0 : err_nomem(c->err);
	}
	return take_strings(c, &n, NOT_EMPTY, (size_t)-1, NULL, &letter->names, &letter->nnames);
}

static int take_text(const struct ctx *c, const struct node *obj, struct letter_text *t)
{
	struct node n;
	int r;

	if (!cJSON_IsObject(obj->json))
		return wrong_type(c, obj, _("an object"));
	if ((r = check_keys(c, obj, text_keys)) < 0)
		return r;
	if ((r = take_required_string(c, obj, "title", NOT_EMPTY | TEXT, &t->title)) < 0 ||
	    (r = take_optional_string(c, obj, "addressee_title", TEXT, &t->addressee_title)) < 0 ||
	    (r = take_optional_string(c, obj, "subject", TEXT, &t->subject)) < 0 ||
	    (r = take_required_string(c, obj, "salutation", NOT_EMPTY | TEXT, &t->salutation)) < 0)
		return r;
	if (find(obj, "addressee_title", &n))
		take_pos(c, &n, &t->addressee_title_at);
	if ((r = need(c, obj, "paragraphs", &n)) < 0 ||
	    (r = take_strings(c, &n, NOT_EMPTY | NOT_EMPTY_LIST | TEXT, (size_t)-1, _("write the body as a list of paragraphs: [\"...\", \"...\"]"),
	                      &t->paragraphs, &t->nparagraphs)) < 0)
		return r;
	size_t body = 0, i = 0;
	for (const cJSON *item = n.json->child; item; item = item->next, i++) {
		body += strlen(t->paragraphs[i]);
		if (body > LETTER_MAX_BODY) {
			struct node e = {item, &n, i};
			char name[96];
			return fail(c, &e, JSON_VALUE, APPEAL_EINVAL,
			            _("shorten the letter; a letter is read in a minute or two"),
			            _("the paragraphs up to \"%s\" hold %zu bytes; at most %u are accepted in one language"),
			            node_name(&e, name, sizeof(name)), body, LETTER_MAX_BODY);
		}
	}
	if ((r = take_required_string(c, obj, "closing", NOT_EMPTY | TEXT, &t->closing)) < 0)
		return r;
	t->own_emails = find(obj, "email", &n);
	return t->own_emails ? take_mailboxes(c, &n, &t->emails, &t->nemails) : 0;
}

static int take_texts(const struct ctx *c, const struct node *root, struct appeal_letter *letter)
{
	struct node obj;
	size_t count, i = 0;
	int r = need(c, root, "texts", &obj);

	if (r < 0)
		return r;
	if (!cJSON_IsObject(obj.json))
		return wrong_type(c, &obj, _("an object"));
	count = (size_t)cJSON_GetArraySize(obj.json);
	if (count == 0)
		return fail(c, &obj, JSON_VALUE, APPEAL_EINVAL, _("add a text, as in \"en\": { \"title\": ... }"),
		            _("\"texts\" holds no language"));
	letter->texts = calloc(count, sizeof(*letter->texts));
	if (!letter->texts)
		return err_nomem(c->err);
	letter->ntexts = count;
	for (const cJSON *child = obj.json->child; child; child = child->next, i++) {
		struct node n = {child, &obj, i};
		if (!valid_lang(child->string))
			return bad_lang(c, &n, JSON_KEY, child->string);
		memcpy(letter->texts[i].lang, child->string, 3);
		if ((r = take_text(c, &n, &letter->texts[i])) < 0)
			return r;
	}
	return 0;
}

/* Every preferred language must have a text: the campaign promises them. */
static int check_preferred(const struct ctx *c, const struct node *root, const struct appeal_letter *letter)
{
	struct node arr;
	size_t i = 0;

	if (!find(root, "preferred_languages", &arr))
		return 0;
	if (!cJSON_IsArray(arr.json))
		return wrong_type(c, &arr, _("an array of language codes"));
	for (const cJSON *item = arr.json->child; item; item = item->next, i++) {
		struct node n = {item, &arr, i};
		char hint[160];

		if (!cJSON_IsString(item))
			return wrong_type(c, &n, _("a language code"));
		if (!valid_lang(item->valuestring))
			return bad_lang(c, &n, JSON_VALUE, item->valuestring);
		for (const cJSON *prev = arr.json->child; prev != item; prev = prev->next)
			if (strcmp(prev->valuestring, item->valuestring) == 0)
				return fail(c, &n, JSON_VALUE, APPEAL_EINVAL, _("list each language once"),
				            _("language \"%s\" is listed twice"), item->valuestring);
		if (!letter_text_for(letter, item->valuestring)) {
			snprintf(hint, sizeof(hint), _("add \"%s\" to \"texts\", or remove it from \"preferred_languages\""),
			         item->valuestring);
			return fail(c, &n, JSON_VALUE, APPEAL_EINVAL, hint, _("no text for the preferred language \"%s\""),
			            item->valuestring);
		}
	}
	return 0;
}

static int take_letter(const struct ctx *c, struct appeal_letter *letter)
{
	struct node root = {c->doc->root, NULL, 0};
	int r;

	if (!cJSON_IsObject(root.json))
		return fail(c, &root, JSON_VALUE, APPEAL_EINVAL, _("a letter file holds one object { ... }; see docs/letter-format.md"),
		            _("expected an object at the top level, found %s"), json_type_name(root.json));
	if ((r = check_keys(c, &root, top_keys)) < 0 || (r = take_format(c, &root)) < 0 ||
	    (r = take_id(c, &root, &letter->id)) < 0 ||
	    (r = take_required_string(c, &root, "title", NOT_EMPTY, &letter->title)) < 0 ||
	    (r = take_required_string(c, &root, "issuer", NOT_EMPTY, &letter->issuer)) < 0 ||
	    (r = take_link(c, &root, &letter->link)) < 0 || (r = take_deadline(c, &root, &letter->deadline)) < 0 ||
	    (r = take_default(c, &root, &letter->is_default)) < 0 || (r = take_addressee(c, &root, letter)) < 0 ||
	    (r = take_names(c, &root, letter)) < 0 || (r = take_texts(c, &root, letter)) < 0 ||
	    (r = check_preferred(c, &root, letter)) < 0)
		return r;
	return 0;
}

/* ------------------------------------------------------------------ public */

APPEAL_EXPORT struct appeal_letter *appeal_letter_parse(const char *json, size_t len, const char *source,
                                                        struct appeal_error *err)
{
	struct appeal_letter *letter;
	struct json_doc *doc;
	struct ctx c;
	int r;

	if (!source)
		source = "<letter>";
	doc = json_doc_parse(json, len, source, err);
	if (!doc)
		return NULL;
	letter = calloc(1, sizeof(*letter));
	if (!letter || !(letter->source = strdup(source))) {
		free(letter);
		json_doc_free(doc);
		err_nomem(err);
		err_source(err, source);
		return NULL;
	}
	c = (struct ctx){doc, source, err};
	r = take_letter(&c, letter);
	json_doc_free(doc);
	if (r < 0) {
		/* Without err a failure must still fail. */
		appeal_letter_free(letter);
		err_source(err, source);
		return NULL;
	}
	return letter;
}

APPEAL_EXPORT struct appeal_letter *appeal_letter_load(const char *path, struct appeal_error *err)
{
	struct appeal_letter *letter;
	char *buf = NULL, *grown;
	size_t len = 0, cap = 0, got;
	FILE *f;

	if (!path) {
		err_set(err, APPEAL_EINVAL, _("no letter file given"));
		return NULL;
	}
	f = fopen(path, "rb");
	if (!f) {
		err_set(err, errno == ENOENT ? APPEAL_ENOTFOUND : APPEAL_EIO, _("cannot open the file: %s"), strerror(errno));
		err_source(err, path);
		return NULL;
	}
	/* Read at most one byte past the limit: enough to know it is too much. */
	do {
		if (len == cap) {
			cap = cap ? cap * 2 : 16384;
			if (cap > JSON_MAX_BYTES + 1)
				cap = JSON_MAX_BYTES + 1;
			if (!(grown = realloc(buf, cap))) {
				free(buf);
				fclose(f);
				err_nomem(err);
				err_source(err, path);
				return NULL;
			}
			buf = grown;
		}
		got = fread(buf + len, 1, cap - len, f);
		len += got;
	} while (got > 0 && len <= JSON_MAX_BYTES);
	if (ferror(f)) {
		err_set(err, APPEAL_EIO, _("cannot read the file: %s"), strerror(errno));
		err_source(err, path);
		free(buf);
		fclose(f);
		return NULL;
	}
	fclose(f);
	letter = appeal_letter_parse(buf, len, path, err);
	free(buf);
	return letter;
}

static void free_strings(char **v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
}

APPEAL_EXPORT void appeal_letter_free(struct appeal_letter *letter)
{
	if (!letter)
		return;
	for (size_t i = 0; letter->texts && i < letter->ntexts; i++) {
		struct letter_text *t = &letter->texts[i];
		free(t->title);
		free(t->addressee_title);
		free(t->subject);
		free(t->salutation);
		free_strings(t->paragraphs, t->nparagraphs);
		free(t->closing);
		free_mailboxes(t->emails, t->nemails);
	}
	free(letter->texts);
	free_mailboxes(letter->emails, letter->nemails);
	free_strings(letter->names, letter->nnames);
	free_strings(letter->address, letter->naddress);
	free(letter->address_at);
	free(letter->addressee_name);
	free(letter->link);
	free(letter->issuer);
	free(letter->title);
	free(letter->id);
	free(letter->source);
	free(letter);
}

APPEAL_EXPORT const char *appeal_letter_id(const struct appeal_letter *letter)
{
	return letter ? letter->id : NULL;
}

APPEAL_EXPORT const char *appeal_letter_title(const struct appeal_letter *letter)
{
	return letter ? letter->title : NULL;
}

APPEAL_EXPORT const char *appeal_letter_title_in(const struct appeal_letter *letter, const char *lang)
{
	const struct letter_text *t = letter_text_for(letter, lang);
	return t && t->title && t->title[0] ? t->title : appeal_letter_title(letter);
}

APPEAL_EXPORT const char *appeal_letter_issuer(const struct appeal_letter *letter)
{
	return letter ? letter->issuer : NULL;
}

APPEAL_EXPORT const char *appeal_letter_link(const struct appeal_letter *letter)
{
	return letter ? letter->link : NULL;
}

APPEAL_EXPORT const char *appeal_letter_source(const struct appeal_letter *letter)
{
	return letter ? letter->source : NULL;
}

APPEAL_EXPORT struct appeal_date appeal_letter_deadline(const struct appeal_letter *letter)
{
	struct appeal_date none = {0, 0, 0};

	return letter ? letter->deadline : none;
}

APPEAL_EXPORT bool appeal_letter_is_default(const struct appeal_letter *letter)
{
	return letter && letter->is_default;
}

APPEAL_EXPORT size_t appeal_letter_language_count(const struct appeal_letter *letter)
{
	return letter ? letter->ntexts : 0;
}

APPEAL_EXPORT const char *appeal_letter_language(const struct appeal_letter *letter, size_t i)
{
	return letter && i < letter->ntexts ? letter->texts[i].lang : NULL;
}

APPEAL_EXPORT bool appeal_letter_has_language(const struct appeal_letter *letter, const char *lang)
{
	return letter_text_for(letter, lang) != NULL;
}

const struct letter_text *letter_text_for(const struct appeal_letter *letter, const char *lang)
{
	if (!letter || !lang)
		return NULL;
	for (size_t i = 0; i < letter->ntexts; i++)
		if (strcmp(letter->texts[i].lang, lang) == 0)
			return &letter->texts[i];
	return NULL;
}

const struct letter_mailbox *letter_recipients(const struct appeal_letter *letter, const struct letter_text *t,
                                               size_t *count)
{
	if (t && t->own_emails) {
		*count = t->nemails;
		return t->emails;
	}
	*count = letter ? letter->nemails : 0;
	return letter ? letter->emails : NULL;
}
