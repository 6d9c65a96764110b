#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/json.h"
#include "util/utf8.h"
#include "util/i18n.h"

/* ------------------------------------------------------------------ positions */

void json_line_column(const char *text, size_t len, size_t off, int *line, int *column)
{
	int l = 1, c = 1;

	if (off > len)
		off = len;
	for (size_t i = 0; i < off; i++) {
		unsigned char ch = (unsigned char)text[i];
		if (ch == '\n' || (ch == '\r' && (i + 1 >= len || text[i + 1] != '\n'))) {
			l++;
			c = 1;
		} else if (ch != '\r' && (ch & 0xC0) != 0x80) {
			/* Continuation bytes belong to the character already counted. */
			c++;
		}
	}
	*line = l;
	*column = c;
}

static bool is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static size_t skip_ws(const char *s, size_t len, size_t p)
{
	while (p < len && is_ws(s[p]))
		p++;
	return p;
}

/* The helpers below walk text that the strict checker has accepted, so they
 * only need to stay inside the buffer, not to diagnose anything. */

static size_t skip_string(const char *s, size_t len, size_t p)
{
	for (p++; p < len; p++) {
		if (s[p] == '\\')
			p++;
		else if (s[p] == '"')
			return p + 1;
	}
	return len;
}

/* Iterative, so that skipping a deep value costs no stack. */
static size_t skip_value(const char *s, size_t len, size_t p)
{
	size_t depth = 0;

	if (p >= len)
		return len;
	if (s[p] == '"')
		return skip_string(s, len, p);
	if (s[p] != '{' && s[p] != '[') {
		while (p < len && !is_ws(s[p]) && s[p] != ',' && s[p] != ']' && s[p] != '}')
			p++;
		return p;
	}
	while (p < len) {
		char c = s[p];
		if (c == '"') {
			p = skip_string(s, len, p);
			continue;
		}
		if (c == '{' || c == '[') {
			depth++;
		} else if (c == '}' || c == ']') {
			if (--depth == 0)
				return p + 1;
		}
		p++;
	}
	return len;
}

int json_locate(const char *text, size_t len, const size_t *path, size_t depth, enum json_part part, size_t *off)
{
	size_t p = skip_ws(text, len, 0);

	for (size_t d = 0; d < depth; d++) {
		bool object;

		if (p >= len || (text[p] != '{' && text[p] != '['))
			return -1;
		object = text[p] == '{';
		p++;
		for (size_t i = 0;; i++) {
			size_t key = 0;

			p = skip_ws(text, len, p);
			if (p >= len || text[p] == '}' || text[p] == ']')
				return -1;
			if (object) {
				if (text[p] != '"')
					return -1;
				key = p;
				p = skip_ws(text, len, skip_string(text, len, p));
				if (p >= len || text[p] != ':')
					return -1;
				p = skip_ws(text, len, p + 1);
			}
			if (i == path[d]) {
				if (object && d + 1 == depth && part == JSON_KEY) {
					*off = key;
					return 0;
				}
				break;
			}
			p = skip_ws(text, len, skip_value(text, len, p));
			if (p >= len || text[p] != ',')
				return -1;
			p++;
		}
	}
	if (p >= len)
		return -1;
	*off = p;
	return 0;
}

static int hex4(const char *s, size_t len, size_t p, uint32_t *out)
{
	uint32_t v = 0;

	if (p + 4 > len)
		return -1;
	for (size_t i = p; i < p + 4; i++) {
		char c = s[i];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (uint32_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (uint32_t)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (uint32_t)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

/* Decodes the character of a string literal at *p and moves past it; *size
 * is how many bytes it takes in the decoded string (as cJSON writes it).
 * Returns false at the closing quote or the end of the buffer. */
static bool literal_next(const char *s, size_t len, size_t *p, uint32_t *cp, size_t *size)
{
	size_t i = *p;

	if (i >= len || s[i] == '"')
		return false;
	if (s[i] != '\\') {
		int n = utf8_decode(s + i, len - i, cp);
		if (n < 0) {
			*cp = (unsigned char)s[i];
			n = 1;
		}
		*p = i + (size_t)n;
		*size = (size_t)n;
		return true;
	}
	if (i + 1 >= len) {
		*p = len;
		return false;
	}
	switch (s[i + 1]) {
	case 'b': *cp = '\b'; break;
	case 'f': *cp = '\f'; break;
	case 'n': *cp = '\n'; break;
	case 'r': *cp = '\r'; break;
	case 't': *cp = '\t'; break;
	case 'u': {
		uint32_t lo;
		if (hex4(s, len, i + 2, cp) < 0) {
			*cp = 0xFFFD;
			*p = i + 2;
			*size = 1;
			return true;
		}
		i += 6;
		if (*cp >= 0xD800 && *cp <= 0xDBFF && i + 1 < len && s[i] == '\\' && s[i + 1] == 'u' &&
		    hex4(s, len, i + 2, &lo) == 0) {
			*cp = 0x10000 + ((*cp - 0xD800) << 10) + (lo - 0xDC00);
			i += 6;
		}
		*p = i;
		*size = *cp < 0x80 ? 1 : *cp < 0x800 ? 2 : *cp < 0x10000 ? 3 : 4;
		return true;
	}
	default: *cp = (unsigned char)s[i + 1]; break;
	}
	*p = i + 2;
	*size = 1;
	return true;
}

size_t json_string_offset(const char *text, size_t len, size_t lit, size_t index)
{
	size_t p = lit + 1, at = 0, start = p, size;
	uint32_t cp;

	while (start = p, literal_next(text, len, &p, &cp, &size)) {
		if (index < at + size)
			return start;
		at += size;
	}
	return start;
}

const char *json_type_name(const cJSON *node)
{
	if (cJSON_IsString(node))
		return _("a string");
	if (cJSON_IsNumber(node))
		return _("a number");
	if (cJSON_IsBool(node))
		return _("a boolean");
	if (cJSON_IsNull(node))
		return _("null");
	if (cJSON_IsArray(node))
		return _("an array");
	if (cJSON_IsObject(node))
		return _("an object");
	return _("an unknown value");
}

/* ------------------------------------------------------------------ errors */

/* `base` is added to the line: the text may start part way into a file. */
static int fail_at(struct appeal_error *err, int code, const char *source, const char *text, size_t len, int base,
                   size_t off, const char *hint, const char *fmt, ...) APPEAL_PRINTF(9, 10);

static int fail_at(struct appeal_error *err, int code, const char *source, const char *text, size_t len, int base,
                   size_t off, const char *hint, const char *fmt, ...)
{
	char msg[sizeof(err->message)];
	va_list ap;
	int line, column;

	/* An error already there came first and stays; add nothing to it. */
	if (!err || err->code)
		return code;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	err_set(err, code, "%s", msg);
	err_source(err, source);
	json_line_column(text, len, off, &line, &column);
	err_position(err, line + base, column);
	if (hint)
		err_hint(err, "%s", hint);
	return code;
}

/* ------------------------------------------------------------------ strict syntax check */

/* cJSON reports where it gave up, often a token late (after "1," it blames
 * the end of the file) and never why; it also accepts raw control characters
 * in strings. So the text is checked first by this strict RFC 8259 reader,
 * which says what is wrong where a person would look, and cJSON only builds
 * the tree of a document known to be well formed. */
struct checker {
	const char *s;
	size_t len;
	size_t pos;
	int depth;
	int base; /* see fail_at */
	const struct json_options *o;
	const char *source;
	struct appeal_error *err;
};

#define CHECK_FAIL(c, off, hint, ...) \
	(fail_at((c)->err, APPEAL_ESYNTAX, (c)->source, (c)->s, (c)->len, (c)->base, (off), (hint), __VA_ARGS__), false)

/* Names the character at p for a message: 'x', U+0001 or the end. */
static const char *describe(const struct checker *c, size_t p, char *buf, size_t size)
{
	unsigned char ch;
	uint32_t cp;
	int n;

	if (p >= c->len)
		return _("the end of the file");
	ch = (unsigned char)c->s[p];
	if (ch < 0x20 || ch == 0x7F) {
		snprintf(buf, size, "U+%04X", ch);
	} else if (ch < 0x80) {
		snprintf(buf, size, "'%c'", ch);
	} else {
		n = utf8_decode(c->s + p, c->len - p, &cp);
		if (n < 0 || utf8_is_control(cp))
			snprintf(buf, size, "U+%04X", n < 0 ? ch : (unsigned)cp);
		else
			snprintf(buf, size, "'%.*s'", n, c->s + p);
	}
	return buf;
}

static bool is_word_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_';
}

static bool check_value(struct checker *c);

static bool check_string(struct checker *c)
{
	size_t open = c->pos, p = c->pos + 1;
	uint32_t cp, lo;

	while (p < c->len) {
		unsigned char ch = (unsigned char)c->s[p];
		if (ch == '"') {
			c->pos = p + 1;
			return true;
		}
		if (ch == '\n' || ch == '\r')
			return CHECK_FAIL(c, p, _("close the string with '\"' on the same line; a string cannot span lines"),
			                  _("line break inside a string"));
		if (ch < 0x20)
			return CHECK_FAIL(c, p, _("write a tab as \\t, or remove it"), _("control character U+%04X inside a string"),
			                  ch);
		if (ch != '\\') {
			p++;
			continue;
		}
		if (p + 1 >= c->len)
			break;
		switch (c->s[p + 1]) {
		case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
			p += 2;
			continue;
		case 'u':
			break;
		default: {
			char what[16];
			return CHECK_FAIL(c, p, _("write a backslash as \\\\"), _("invalid escape '\\' followed by %s"),
			                  describe(c, p + 1, what, sizeof(what)));
		}
		}
		if (hex4(c->s, c->len, p + 2, &cp) < 0)
			return CHECK_FAIL(c, p, _("write \\u and four hexadecimal digits, as in \\u00E9"),
			                  _("invalid \\u escape"));
		/* A C string ends at NUL: cJSON would cut the text there silently. */
		if (cp == 0)
			return CHECK_FAIL(c, p, _("remove it"), _("\\u0000 (NUL) is not allowed in a string"));
		if (cp >= 0xDC00 && cp <= 0xDFFF)
			return CHECK_FAIL(c, p, _("write the character itself; the file is UTF-8"),
			                  _("\\u%04X is half of a surrogate pair"), (unsigned)cp);
		if (cp >= 0xD800 && cp <= 0xDBFF) {
			if (p + 7 >= c->len || c->s[p + 6] != '\\' || c->s[p + 7] != 'u' ||
			    hex4(c->s, c->len, p + 8, &lo) < 0 || lo < 0xDC00 || lo > 0xDFFF)
				return CHECK_FAIL(c, p, _("write the character itself; the file is UTF-8"),
				                  _("\\u%04X is half of a surrogate pair"), (unsigned)cp);
			p += 6;
		}
		p += 6;
	}
	return CHECK_FAIL(c, open, _("add the closing '\"'"), _("unterminated string"));
}

static bool check_number(struct checker *c)
{
	size_t start = c->pos, p = c->pos, end;

	if (p < c->len && c->s[p] == '-')
		p++;
	if (p < c->len && c->s[p] == '0') {
		p++;
	} else if (p < c->len && c->s[p] >= '1' && c->s[p] <= '9') {
		while (p < c->len && c->s[p] >= '0' && c->s[p] <= '9')
			p++;
	} else {
		goto bad;
	}
	if (p < c->len && c->s[p] == '.') {
		if (++p >= c->len || c->s[p] < '0' || c->s[p] > '9')
			goto bad;
		while (p < c->len && c->s[p] >= '0' && c->s[p] <= '9')
			p++;
	}
	if (p < c->len && (c->s[p] == 'e' || c->s[p] == 'E')) {
		p++;
		if (p < c->len && (c->s[p] == '+' || c->s[p] == '-'))
			p++;
		if (p >= c->len || c->s[p] < '0' || c->s[p] > '9')
			goto bad;
		while (p < c->len && c->s[p] >= '0' && c->s[p] <= '9')
			p++;
	}
	if (p < c->len && (is_word_char(c->s[p]) || c->s[p] == '.' || c->s[p] == '+' || c->s[p] == '-'))
		goto bad;
	/* cJSON reads at most 63 characters of a number. */
	if (p - start > 63)
		return CHECK_FAIL(c, start, NULL, _("number too long"));
	c->pos = p;
	return true;
bad:
	end = start + 1;
	while (end < c->len && end - start < 20 && (is_word_char(c->s[end]) || strchr(".+-", c->s[end])))
		end++;
	return CHECK_FAIL(c, start, _("write numbers as in 1, -2 or 3.5; put text in double quotes"),
	                  _("invalid number '%.*s'"), (int)(end - start), c->s + start);
}

static bool check_word(struct checker *c)
{
	size_t start = c->pos, end = start;

	while (end < c->len && is_word_char(c->s[end]))
		end++;
	if (end - start == 4 && memcmp(c->s + start, "true", 4) == 0)
		goto ok;
	if (end - start == 5 && memcmp(c->s + start, "false", 5) == 0)
		goto ok;
	if (end - start == 4 && memcmp(c->s + start, "null", 4) == 0)
		goto ok;
	return CHECK_FAIL(c, start, _("put text in double quotes; true, false and null are written in lower case"),
	                  _("unexpected word '%.*s'"), (int)(end - start < 30 ? end - start : 30), c->s + start);
ok:
	c->pos = end;
	return true;
}

/* An object or an array: `close` is '}' or ']'. */
static bool check_container(struct checker *c, char close)
{
	bool object = close == '}';
	const char *kind = object ? _("member") : _("item");
	const char *a_kind = object ? _("a member") : _("an item");
	size_t open = c->pos, comma = 0;
	char what[16];
	int line, column;

	if (++c->depth > JSON_MAX_DEPTH)
		return CHECK_FAIL(c, open, c->o->too_deep ? _(c->o->too_deep) : NULL, _("nested too deeply (more than %d levels)"),
		                  JSON_MAX_DEPTH);
	c->pos = skip_ws(c->s, c->len, c->pos + 1);
	if (c->pos < c->len && c->s[c->pos] == close) {
		c->pos++;
		c->depth--;
		return true;
	}
	for (;;) {
		c->pos = skip_ws(c->s, c->len, c->pos);
		if (c->pos >= c->len)
			break;
		if (comma && c->s[c->pos] == close)
			return CHECK_FAIL(c, comma, _("remove it; JSON allows no comma before '}' or ']'"),
			                  _("comma after the last %s"), kind);
		if (object) {
			if (c->s[c->pos] != '"') {
				char ch = c->s[c->pos];
				if (ch == '/')
					return CHECK_FAIL(c, c->pos, _("remove the comment"), _("JSON does not allow comments"));
				if (ch == '\'' || is_word_char(ch))
					return CHECK_FAIL(c, c->pos, _("write \"key\": value"), _("a key must be in double quotes"));
				return CHECK_FAIL(c, c->pos, NULL, _("expected a key in double quotes, found %s"),
				                  describe(c, c->pos, what, sizeof(what)));
			}
			if (!check_string(c))
				return false;
			c->pos = skip_ws(c->s, c->len, c->pos);
			if (c->pos >= c->len || c->s[c->pos] != ':')
				return CHECK_FAIL(c, c->pos, _("write \"key\": value"), _("expected ':' after the key, found %s"),
				                  describe(c, c->pos, what, sizeof(what)));
			c->pos++;
		}
		if (!check_value(c))
			return false;
		c->pos = skip_ws(c->s, c->len, c->pos);
		if (c->pos >= c->len)
			break;
		if (c->s[c->pos] == close) {
			c->pos++;
			c->depth--;
			return true;
		}
		if (c->s[c->pos] != ',')
			return CHECK_FAIL(c, c->pos,
			                  c->s[c->pos] == '"' ? _("a comma is missing before this") : NULL,
			                  _("expected ',' or '%c' after %s, found %s"), close, a_kind,
			                  describe(c, c->pos, what, sizeof(what)));
		comma = c->pos++;
	}
	json_line_column(c->s, c->len, open, &line, &column);
	line += c->base;
	return CHECK_FAIL(c, c->len, _("add what is missing at the end of the file"),
	                  _("the file ends before the '%c' at line %d, column %d is closed"), object ? '{' : '[', line,
	                  column);
}

static bool check_value(struct checker *c)
{
	char what[16];

	c->pos = skip_ws(c->s, c->len, c->pos);
	if (c->pos >= c->len)
		return CHECK_FAIL(c, c->pos, NULL, _("the file ends where a value is expected"));
	switch (c->s[c->pos]) {
	case '{':
		return check_container(c, '}');
	case '[':
		return check_container(c, ']');
	case '"':
		return check_string(c);
	case '-': case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': case '8': case '9':
		return check_number(c);
	case '\'':
		return CHECK_FAIL(c, c->pos, _("write \"text\""), _("strings take double quotes, not single quotes"));
	case '/':
		return CHECK_FAIL(c, c->pos, _("remove the comment"), _("JSON does not allow comments"));
	default:
		if (is_word_char(c->s[c->pos]))
			return check_word(c);
		return CHECK_FAIL(c, c->pos, NULL, _("expected a value, found %s"), describe(c, c->pos, what, sizeof(what)));
	}
}

static bool check_document(struct checker *c)
{
	char what[16];

	c->pos = skip_ws(c->s, c->len, 0);
	if (c->pos >= c->len)
		return CHECK_FAIL(c, 0, c->o->empty ? _(c->o->empty) : NULL,
		                  _("the file is empty"));
	if (!check_value(c))
		return false;
	c->pos = skip_ws(c->s, c->len, c->pos);
	if (c->pos < c->len)
		return CHECK_FAIL(c, c->pos, _("a file holds exactly one JSON value"), _("unexpected %s after the end of the JSON"),
		                  describe(c, c->pos, what, sizeof(what)));
	return true;
}

/* ------------------------------------------------------------------ duplicate keys */

struct keyref {
	const char *key;
	size_t index;
};

static int compare_keyref(const void *a, const void *b)
{
	const struct keyref *x = a, *y = b;
	int r = strcmp(x->key, y->key);

	if (r)
		return r;
	return x->index < y->index ? -1 : x->index > y->index;
}

/* Finds the first member, in source order, whose name repeats an earlier
 * member of its object: sorting the names makes a large object cheap, and
 * members are visited in order so that an earlier repeat deeper inside wins.
 * Returns 1 with the index path in path[0..*found), 0 when there is none and
 * -1 when out of memory. Recursion is bounded by JSON_MAX_DEPTH. */
static int find_duplicate(const cJSON *node, size_t *path, size_t depth, size_t *found)
{
	size_t n = 0, i, repeat = (size_t)-1;
	const cJSON *child;

	if (!cJSON_IsObject(node) && !cJSON_IsArray(node))
		return 0;
	for (child = node->child; child; child = child->next)
		n++;
	if (cJSON_IsObject(node) && n > 1) {
		struct keyref *refs = malloc(n * sizeof(*refs));
		if (!refs)
			return -1;
		for (child = node->child, i = 0; child; child = child->next, i++)
			refs[i] = (struct keyref){child->string ? child->string : "", i};
		qsort(refs, n, sizeof(*refs), compare_keyref);
		for (i = 1; i < n; i++)
			if (strcmp(refs[i - 1].key, refs[i].key) == 0 && refs[i].index < repeat)
				repeat = refs[i].index;
		free(refs);
	}
	for (child = node->child, i = 0; child; child = child->next, i++) {
		int r;
		path[depth] = i;
		if (i == repeat) {
			*found = depth + 1;
			return 1;
		}
		r = find_duplicate(child, path, depth + 1, found);
		if (r)
			return r;
	}
	return 0;
}

/* The index of the first member named like member `index` of node. */
static size_t first_named(const cJSON *node, size_t index)
{
	const cJSON *child = node->child, *want;
	size_t i = 0;

	for (want = child; want && i < index; want = want->next)
		i++;
	for (i = 0; child && want; child = child->next, i++)
		if (child->string && want->string && strcmp(child->string, want->string) == 0)
			return i;
	return index;
}

/* "texts.es.paragraphs[2]" for an index path. */
static void key_path(const cJSON *node, const size_t *path, size_t depth, char *buf, size_t size)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t d = 0; d < depth && node && used + 1 < size; d++) {
		bool object = cJSON_IsObject(node);
		char key[64];
		int n;

		node = cJSON_GetArrayItem(node, (int)path[d]);
		if (!node)
			break;
		if (object) {
			err_quote(key, sizeof(key), node->string ? node->string : "");
			n = snprintf(buf + used, size - used, "%s%s", used ? "." : "", key);
		} else {
			n = snprintf(buf + used, size - used, "[%zu]", path[d]);
		}
		if (n < 0)
			break;
		used += (size_t)n;
	}
}

static int report_duplicate(const struct json_doc *doc, const size_t *path, size_t depth, const char *source,
                            int base, struct appeal_error *err)
{
	const cJSON *parent = doc->root, *member;
	size_t first[JSON_MAX_DEPTH + 1], off = 0, first_off = 0;
	char key[64], hint[128];
	int line, column;

	for (size_t d = 0; d + 1 < depth; d++)
		parent = cJSON_GetArrayItem(parent, (int)path[d]);
	member = cJSON_GetArrayItem(parent, (int)path[depth - 1]);
	memcpy(first, path, depth * sizeof(*path));
	first[depth - 1] = first_named(parent, path[depth - 1]);
	json_locate(doc->text, doc->len, path, depth, JSON_KEY, &off);
	json_locate(doc->text, doc->len, first, depth, JSON_KEY, &first_off);
	json_line_column(doc->text, doc->len, first_off, &line, &column);
	line += base;
	snprintf(hint, sizeof(hint), _("the first one is at line %d, column %d; keep one of them"), line, column);
	err_quote(key, sizeof(key), member && member->string ? member->string : "");
	if (!err || err->code)
		return APPEAL_ESYNTAX;
	fail_at(err, APPEAL_ESYNTAX, source, doc->text, doc->len, base, off, hint, _("duplicate key \"%s\""), key);
	key_path(doc->root, path, depth, err->path, sizeof(err->path));
	return APPEAL_ESYNTAX;
}

/* ------------------------------------------------------------------ documents */

void json_doc_free(struct json_doc *doc)
{
	if (!doc)
		return;
	cJSON_Delete(doc->root);
	free(doc->text);
	free(doc);
}

struct json_doc *json_doc_parse(const char *json, size_t len, const char *source, struct appeal_error *err)
{
	static const struct json_options letter = {
		.max_bytes = JSON_MAX_BYTES,
		.too_large = N_("a letter file holds only text; is this the right file?"),
		.empty = N_("a letter file holds one JSON object; see docs/letter-format.md"),
		.too_deep = N_("a letter file needs only four levels"),
	};
	return json_doc_parse_opts(json, len, source, &letter, err);
}

struct json_doc *json_doc_parse_opts(const char *json, size_t len, const char *source, const struct json_options *o,
                                     struct appeal_error *err)
{
	struct json_doc *doc;
	struct checker c = {0};
	size_t bad, path[JSON_MAX_DEPTH + 1], depth = 0;
	const char *nul;
	int r;

	if (!json)
		len = 0;
	int base = o->first_line > 1 ? o->first_line - 1 : 0;

	if (len > o->max_bytes) {
		err_set(err, APPEAL_EINVAL, _("the file is larger than %zu MiB"), o->max_bytes >> 20);
		err_source(err, source);
		if (o->too_large)
			err_hint(err, "%s", _(o->too_large));
		return NULL;
	}
	/* The BOM is no character of the document: drop it before counting
	 * columns, or every column on line 1 would be one too far. */
	if (len >= 3 && memcmp(json, "\xEF\xBB\xBF", 3) == 0) {
		json += 3;
		len -= 3;
	}
	if (len >= 2 && ((unsigned char)json[0] == 0xFF || (unsigned char)json[0] == 0xFE)) {
		fail_at(err, APPEAL_ESYNTAX, source, json, len, base, 0, _("save the file as UTF-8"),
		        _("the file is UTF-16, not UTF-8"));
		return NULL;
	}
	if (!utf8_valid(json, len, &bad)) {
		fail_at(err, APPEAL_ESYNTAX, source, json, len, base, bad, _("save the file as UTF-8"),
		        _("invalid UTF-8 (byte 0x%02X)"), (unsigned char)json[bad]);
		return NULL;
	}
	nul = len ? memchr(json, '\0', len) : NULL;
	if (nul) {
		fail_at(err, APPEAL_ESYNTAX, source, json, len, base, (size_t)(nul - json),
		        _("save the file as UTF-8 text (UTF-16 files hold NUL bytes)"), _("the file contains a NUL byte"));
		return NULL;
	}
	c.s = json;
	c.len = len;
	c.source = source;
	c.err = err;
	c.base = base;
	c.o = o;
	if (!check_document(&c)) {
		/* Without err the checker records nothing but must still fail. */
		return NULL;
	}
	doc = calloc(1, sizeof(*doc));
	if (!doc || !(doc->text = malloc(len + 1)))
		goto nomem;
	memcpy(doc->text, json, len);
	doc->text[len] = '\0';
	doc->len = len;
	/* The text is known to be well formed, so a failure here can only be
	 * an allocation inside cJSON. */
	doc->root = cJSON_ParseWithLengthOpts(doc->text, len + 1, NULL, 1);
	if (!doc->root)
		goto nomem;
	r = find_duplicate(doc->root, path, 0, &depth);
	if (r < 0)
		goto nomem;
	if (r > 0) {
		report_duplicate(doc, path, depth, source, base, err);
		json_doc_free(doc);
		return NULL;
	}
	return doc;
nomem:
	json_doc_free(doc);
	err_nomem(err);
	err_source(err, source);
	return NULL;
}
