/* Reading the header of a message to send, and making the bytes to
 * submit. Only what submission needs is understood: the fields are found
 * by name, address lists are read as RFC 5322 section 3.4 writes them
 * (display names, quoted strings, comments, groups), and everything else is
 * passed on untouched. */
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mail/message.h"
#include "util/error.h"
#include "util/i18n.h"
#include "util/mime.h"
#include "util/utf8.h"

/* One header field as found: the name, the raw value (continuation lines
 * and their line ends included), and where it starts and ends. */
struct field {
	const char *name;
	size_t nlen;
	const char *value;
	size_t vlen;
	size_t start, end; /* byte range of the whole field, line end included */
	long line;
};

/* The end of the line at p (after its LF), or `end`. */
static const char *line_end(const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	return nl ? nl + 1 : end;
}

static bool blank_line(const char *p, const char *end)
{
	return (p < end && *p == '\n') || (end - p >= 2 && p[0] == '\r' && p[1] == '\n');
}

/* A leading "From " line (mbox, and some programs' saved .eml files) is
 * not part of the message. */
static size_t skip_envelope_line(const char *text, size_t len)
{
	if (len >= 5 && memcmp(text, "From ", 5) == 0)
		return (size_t)(line_end(text, text + len) - text);
	return 0;
}

/* Calls fn for every header field; stops at the empty line. Returns the
 * header length (the empty line included), or -1 after setting err. */
static long each_field(const char *text, size_t len, long first_line, struct appeal_error *err,
                       int (*fn)(void *data, const struct field *f, struct appeal_error *err), void *data)
{
	const char *end = text + len, *p = text + skip_envelope_line(text, len);
	long line = first_line + (p > text);

	while (p < end && !blank_line(p, end)) {
		struct field f = {0};
		const char *colon = NULL, *q = p;
		if ((size_t)(p - text) > MESSAGE_MAX_HEADER) {
			err_set(err, APPEAL_EINVAL, _("the header of the message is longer than %u KiB"),
			        MESSAGE_MAX_HEADER >> 10);
			err_position(err, (int)line, 0);
			return -1;
		}
		while (q < end && *q != ':' && *q != '\n' && *q != ' ' && *q != '\t' && (unsigned char)*q > ' ')
			q++;
		if (q < end && *q == ':' && q > p)
			colon = q;
		if (!colon) {
			err_set(err, APPEAL_EINVAL, _("line %ld of the message is neither a header field nor the empty line "
			                              "before the body"),
			        line - first_line + 1);
			err_hint(err, _("a header field is \"Name: value\"; save the message again from the mail program"));
			err_position(err, (int)line, 1);
			return -1;
		}
		f.name = p;
		f.nlen = (size_t)(colon - p);
		f.value = colon + 1;
		f.start = (size_t)(p - text);
		f.line = line;
		q = line_end(p, end);
		line++;
		while (q < end && (*q == ' ' || *q == '\t')) {
			q = line_end(q, end);
			line++;
		}
		f.vlen = (size_t)(q - f.value);
		f.end = (size_t)(q - text);
		if (fn(data, &f, err) < 0)
			return -1;
		p = q;
	}
	if (p < end)
		p = line_end(p, end);
	return (long)(p - text);
}

static bool field_is(const struct field *f, const char *name)
{
	return f->nlen == strlen(name) && strncasecmp(f->name, name, f->nlen) == 0;
}

/* The value unfolded (line ends dropped), trimmed. Caller frees. */
static char *unfold(const char *v, size_t n)
{
	char *out = malloc(n + 1), *o = out;
	if (!out)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (v[i] != '\r' && v[i] != '\n')
			*o++ = v[i] == '\t' ? ' ' : v[i];
	*o = '\0';
	char *s = out;
	while (*s == ' ')
		s++;
	while (o > s && o[-1] == ' ')
		*--o = '\0';
	memmove(out, s, strlen(s) + 1);
	return out;
}

/* ------------------------------------------------------------ RFC 2047 */

static int unhex(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static int b64(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' : c >= 'a' && c <= 'z' ? c - 'a' + 26 : c >= '0' && c <= '9' ? c - '0' + 52
	       : c == '+' ? 62 : c == '/' ? 63 : -1;
}

/* Decodes the text of one encoded-word into b as UTF-8; false when it is
 * not one after all (then the caller keeps it as it is). */
static bool decode_word(struct buf *b, const char *cs, size_t cslen, char enc, const char *t, size_t tlen)
{
	struct buf raw = BUF_INIT;
	char charset[40];
	bool ok = true;

	if (cslen == 0 || cslen >= sizeof(charset))
		return false;
	memcpy(charset, cs, cslen);
	charset[cslen] = '\0';
	char *star = strchr(charset, '*'); /* RFC 2231 language: "UTF-8*es" */
	if (star)
		*star = '\0';
	if (enc == 'Q' || enc == 'q') {
		for (size_t i = 0; i < tlen && ok; i++) {
			if (t[i] == '_')
				buf_addc(&raw, ' ');
			else if (t[i] == '=' && i + 2 < tlen && unhex(t[i + 1]) >= 0 && unhex(t[i + 2]) >= 0) {
				buf_addc(&raw, (char)(unhex(t[i + 1]) * 16 + unhex(t[i + 2])));
				i += 2;
			} else if (t[i] == '=')
				ok = false;
			else
				buf_addc(&raw, t[i]);
		}
	} else if (enc == 'B' || enc == 'b') {
		unsigned v = 0;
		int bits = 0;
		for (size_t i = 0; i < tlen && ok; i++) {
			if (t[i] == '=')
				break;
			int d = b64((unsigned char)t[i]);
			if (d < 0) {
				ok = false;
				break;
			}
			v = (v << 6) | (unsigned)d;
			bits += 6;
			if (bits >= 8) {
				bits -= 8;
				buf_addc(&raw, (char)((v >> bits) & 0xFF));
			}
		}
	} else {
		ok = false;
	}
	if (!ok || raw.failed) {
		buf_free(&raw);
		return false;
	}
	if (strcasecmp(charset, "utf-8") == 0 || strcasecmp(charset, "us-ascii") == 0) {
		buf_add(b, raw.data ? raw.data : "", raw.len);
	} else {
		iconv_t cd = iconv_open("UTF-8", charset);
		if (cd == (iconv_t)-1) {
			buf_free(&raw);
			return false;
		}
		char *in = raw.data ? raw.data : (char *)"";
		size_t inleft = raw.len;
		while (inleft > 0 && buf_reserve(b, inleft * 4 + 16)) {
			char *out = b->data + b->len;
			size_t outleft = b->cap - b->len - 1;
			size_t r = iconv(cd, &in, &inleft, &out, &outleft);
			b->len = (size_t)(out - b->data);
			b->data[b->len] = '\0';
			if (r == (size_t)-1 && inleft > 0) {
				/* An undecodable byte is shown as '?'. */
				buf_addc(b, '?');
				in++;
				inleft--;
			}
		}
		iconv_close(cd);
	}
	buf_free(&raw);
	return true;
}

/* Finds an encoded-word at p: "=?charset?X?text?=". */
static bool encoded_word(const char *p, const char *end, const char **cs, size_t *cslen, char *enc,
                         const char **t, size_t *tlen, const char **after)
{
	if (end - p < 8 || p[0] != '=' || p[1] != '?')
		return false;
	const char *q = p + 2;
	while (q < end && *q != '?' && *q != ' ')
		q++;
	if (end - q < 4 || *q != '?' || q[2] != '?')
		return false;
	*cs = p + 2;
	*cslen = (size_t)(q - p - 2);
	*enc = q[1];
	*t = q + 3;
	const char *r = *t;
	while (r + 1 < end && !(r[0] == '?' && r[1] == '=') && *r != ' ')
		r++;
	if (r + 1 >= end || r[0] != '?' || r[1] != '=')
		return false;
	*tlen = (size_t)(r - *t);
	*after = r + 2;
	return true;
}

char *message_decode_header(const char *value, size_t len)
{
	char *v = unfold(value, len);
	struct buf b = BUF_INIT;

	if (!v)
		return NULL;
	const char *p = v, *end = v + strlen(v), *pending_space = NULL;
	bool prev_word = false;
	buf_adds(&b, "");
	while (p < end) {
		const char *cs, *t, *after;
		size_t cslen, tlen;
		char enc;
		if (*p == ' ') {
			if (!pending_space)
				pending_space = p;
			p++;
			continue;
		}
		if (encoded_word(p, end, &cs, &cslen, &enc, &t, &tlen, &after)) {
			/* White space between two encoded-words is not text. */
			if (pending_space && !prev_word)
				buf_add(&b, pending_space, (size_t)(p - pending_space));
			pending_space = NULL;
			size_t mark = b.len;
			if (decode_word(&b, cs, cslen, enc, t, tlen)) {
				prev_word = true;
				p = after;
				continue;
			}
			b.len = mark;
		}
		if (pending_space)
			buf_add(&b, pending_space, (size_t)(p - pending_space));
		pending_space = NULL;
		prev_word = false;
		buf_addc(&b, *p++);
	}
	free(v);
	char *s = buf_take(&b);
	if (!s)
		return NULL;
	/* Shown on a terminal: nothing that can drive it. */
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		int k = utf8_decode(s + i, n - i, &cp);
		if (k < 0 || cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) {
			s[i] = '?';
			k = k < 0 ? 1 : k;
			for (int j = 1; j < k; j++)
				s[i + (size_t)j] = '?';
		}
		i += (size_t)k;
	}
	return s;
}

/* ------------------------------------------------------------ addresses */

struct addr_list {
	char **v;
	size_t n, cap;
};

static int list_add(struct addr_list *l, const char *a, size_t n, struct appeal_error *err)
{
	for (size_t i = 0; i < l->n; i++)
		if (strlen(l->v[i]) == n && strncasecmp(l->v[i], a, n) == 0)
			return 0;
	if (l->n >= MESSAGE_MAX_RCPT)
		return err_set(err, APPEAL_EINVAL, _("the message has more than %d recipients"), MESSAGE_MAX_RCPT);
	if (!vec_reserve((void **)&l->v, &l->cap, l->n, sizeof(*l->v)) || !(l->v[l->n] = strndup(a, n)))
		return err_nomem(err);
	l->n++;
	return 0;
}

/* Checks the address of one mailbox and adds it. */
static int take_mailbox(struct addr_list *l, struct buf *spec, bool angle, const char *field, long line,
                        struct appeal_error *err)
{
	const char *s = spec->data ? spec->data : "";
	size_t n = spec->len, bad;
	const char *why;

	while (n > 0 && s[0] == ' ')
		s++, n--;
	while (n > 0 && s[n - 1] == ' ')
		n--;
	if (angle && n > 0 && s[0] == '@') {
		/* An obsolete source route "<@relay:user@host>" names the user last. */
		const char *colon = memchr(s, ':', n);
		if (colon) {
			n -= (size_t)(colon + 1 - s);
			s = colon + 1;
		}
	}
	if (n == 0 && !angle)
		return 0; /* "a, , b": nothing between two commas */
	if (!mime_addr_check(s, n, &bad, &why)) {
		char shown[300];
		snprintf(shown, sizeof(shown), "%.*s", (int)(n < 254 ? n : 254), s);
		err_quote(shown, sizeof(shown), shown);
		err_set(err, APPEAL_EINVAL, _("%s in the %s: address \"%s\""), _(why), field, shown);
		err_position(err, (int)line, 0);
		return APPEAL_EINVAL;
	}
	return list_add(l, s, n, err);
}

/* Reads an address list: mailboxes separated by commas, each a bare
 * address or a display name and <address>, with comments and groups. */
static int parse_addresses(struct addr_list *l, const char *v, size_t n, const char *field, long line,
                           struct appeal_error *err)
{
	struct buf spec = BUF_INIT;
	bool angle = false;
	int rc = 0;
	for (size_t i = 0; i <= n && rc == 0; i++) {
		char c = i < n ? v[i] : ',';
		if (c == '\r' || c == '\n' || c == ' ' || c == '\t') {
			if (!angle && spec.len > 0)
				buf_addc(&spec, ' ');
		} else if (c == '(') {
			int depth = 1;
			for (i++; i < n && depth > 0; i++) {
				if (v[i] == '\\')
					i++;
				else if (v[i] == '(')
					depth++;
				else if (v[i] == ')')
					depth--;
			}
			i--;
			if (depth > 0) {
				rc = err_set(err, APPEAL_EINVAL, _("a '(' is not closed in the %s: field"), field);
				err_position(err, (int)line, 0);
			}
		} else if (c == '"') {
			size_t q = i + 1;
			while (q < n && v[q] != '"')
				q += v[q] == '\\' ? 2 : 1;
			if (q >= n) {
				rc = err_set(err, APPEAL_EINVAL, _("a '\"' is not closed in the %s: field"), field);
				err_position(err, (int)line, 0);
				break;
			}
			if (!angle)
				buf_add(&spec, v + i, q - i + 1); /* a display name, dropped at '<' */
			i = q;
		} else if (c == '<') {
			const char *gt = memchr(v + i, '>', n - i);
			if (!gt) {
				rc = err_set(err, APPEAL_EINVAL, _("a '<' is not closed in the %s: field"), field);
				err_position(err, (int)line, 0);
				break;
			}
			buf_clear(&spec);
			buf_add(&spec, v + i + 1, (size_t)(gt - v - i - 1));
			angle = true;
			i = (size_t)(gt - v);
		} else if (c == ',' || c == ';') {
			rc = take_mailbox(l, &spec, angle, field, line, err);
			buf_clear(&spec);
			angle = false;
		} else if (c == ':' && !angle) {
			buf_clear(&spec); /* "Group name: a, b;" */
		} else if (!angle) {
			buf_addc(&spec, c);
		}
	}
	buf_free(&spec);
	if (rc == 0 && spec.failed)
		rc = err_nomem(err);
	return rc;
}

/* ------------------------------------------------------------ parsing */

struct parse {
	struct message *m;
	struct addr_list rcpt, from;
	long from_line, id_line;
	struct buf show_to;
};

static int take_field(void *data, const struct field *f, struct appeal_error *err)
{
	struct parse *ps = data;
	struct message *m = ps->m;

	if (field_is(f, "Message-ID")) {
		if (m->message_id) {
			err_set(err, APPEAL_EINVAL, _("the message has two Message-ID: fields"));
			err_position(err, (int)f->line, 1);
			return -1;
		}
		char *id = unfold(f->value, f->vlen);
		if (!id)
			return err_nomem(err);
		size_t n = strlen(id);
		bool ok = n >= 3 && n <= 250 && id[0] == '<' && id[n - 1] == '>';
		for (size_t i = 1; ok && i + 1 < n; i++)
			ok = id[i] > ' ' && id[i] < 0x7F && id[i] != '<' && id[i] != '>';
		if (!ok) {
			free(id);
			err_set(err, APPEAL_EINVAL, _("the Message-ID is not of the form <id@domain>"));
			err_hint(err, _("each message needs its own Message-ID; make the messages again with --format eml"));
			err_position(err, (int)f->line, 1);
			return -1;
		}
		m->message_id = id;
		ps->id_line = f->line;
	} else if (field_is(f, "From")) {
		if (ps->from_line) {
			err_set(err, APPEAL_EINVAL, _("the message has two From: fields"));
			err_position(err, (int)f->line, 1);
			return -1;
		}
		ps->from_line = f->line;
		if (parse_addresses(&ps->from, f->value, f->vlen, "From", f->line, err))
			return -1;
		free(m->show_from);
		if (!(m->show_from = message_decode_header(f->value, f->vlen)))
			return err_nomem(err);
	} else if (field_is(f, "To") || field_is(f, "Cc") || field_is(f, "Bcc")) {
		size_t before = ps->rcpt.n;
		char name[4];
		snprintf(name, sizeof(name), "%.*s", (int)f->nlen, f->name);
		if (parse_addresses(&ps->rcpt, f->value, f->vlen, name, f->line, err))
			return -1;
		if (field_is(f, "To") && ps->rcpt.n > before)
			m->has_to = true;
		if (!field_is(f, "Bcc")) {
			char *shown = message_decode_header(f->value, f->vlen);
			if (!shown)
				return err_nomem(err);
			if (ps->show_to.len)
				buf_adds(&ps->show_to, ", ");
			buf_adds(&ps->show_to, shown);
			free(shown);
		}
	} else if (field_is(f, "Subject")) {
		free(m->subject);
		if (!(m->subject = message_decode_header(f->value, f->vlen)))
			return err_nomem(err);
	} else if (field_is(f, "X-Unsent")) {
		char *v = unfold(f->value, f->vlen);
		if (!v)
			return err_nomem(err);
		m->unsent = strcmp(v, "1") == 0;
		free(v);
	}
	return 0;
}

void message_clear(struct message *m)
{
	free(m->message_id);
	free(m->from);
	for (size_t i = 0; m->rcpt && i < m->nrcpt; i++)
		free(m->rcpt[i]);
	free(m->rcpt);
	free(m->show_from);
	free(m->show_to);
	free(m->subject);
	memset(m, 0, sizeof(*m));
}

int message_parse(struct message *m, const char *text, size_t len, long first_line, struct appeal_error *err)
{
	struct parse ps = {m, {0}, {0}, 0, 0, BUF_INIT};
	int rc = 0;

	memset(m, 0, sizeof(*m));
	long hl = each_field(text, len, first_line, err, take_field, &ps);
	if (hl < 0) {
		rc = err && err->code ? err->code : APPEAL_EINVAL;
		goto out;
	}
	m->header_len = (size_t)hl;
	if (ps.from.n != 1) {
		if (ps.from.n == 0)
			err_set(err, APPEAL_EINVAL, _("the message has no From: address"));
		else
			err_set(err, APPEAL_EINVAL, _("the From: field holds %zu addresses; a letter has one sender"),
			        ps.from.n);
		err_hint(err, _("the sender is the signer: give the e-mail column, or write --email"));
		err_position(err, (int)(ps.from_line ? ps.from_line : first_line), ps.from_line ? 1 : 0);
		rc = APPEAL_EINVAL;
		goto out;
	}
	m->from = ps.from.v[0];
	ps.from.v[0] = NULL;
	m->rcpt = ps.rcpt.v;
	m->nrcpt = ps.rcpt.n;
	ps.rcpt.v = NULL;
	if (!m->subject && !(m->subject = strdup("")))
		rc = err_nomem(err);
	if (ps.show_to.len == 0)
		buf_adds(&ps.show_to, "");
	if (!(m->show_to = buf_take(&ps.show_to)))
		rc = err_nomem(err);
out:
	for (size_t i = 0; i < ps.from.n; i++)
		free(ps.from.v[i]);
	free(ps.from.v);
	for (size_t i = 0; ps.rcpt.v && i < ps.rcpt.n; i++)
		free(ps.rcpt.v[i]);
	free(ps.rcpt.v);
	buf_free(&ps.show_to);
	if (rc)
		message_clear(m);
	return rc;
}

int message_fill_to(struct message *m, const char *to, struct appeal_error *err)
{
	struct addr_list l = {m->rcpt, m->nrcpt, m->nrcpt};
	size_t bad;
	const char *why;

	if (m->has_to || !to)
		return 0;
	if (!mime_addr_check(to, strlen(to), &bad, &why))
		return err_set(err, APPEAL_EINVAL, "%s: %s", _(why), to);
	int rc = list_add(&l, to, strlen(to), err);
	m->rcpt = l.v;
	m->nrcpt = l.n;
	if (rc)
		return rc;
	free(m->show_to);
	m->show_to = strdup(to);
	m->has_to = m->to_filled = true;
	return m->show_to ? 0 : err_nomem(err);
}

/* ------------------------------------------------------------ submitting */

/* Appends s[0..n) with every line ending made CRLF. */
static void add_crlf(struct buf *out, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		const char *nl = memchr(s + i, '\n', n - i);
		size_t end = nl ? (size_t)(nl - s) : n;
		size_t stop = end > i && s[end - 1] == '\r' ? end - 1 : end;
		buf_add(out, s + i, stop - i);
		if (nl)
			buf_adds(out, "\r\n");
		i = end + 1;
	}
}

struct outgoing {
	struct buf *out;
	const char *text;
	const char *date;
	const char *to;
	bool date_done;
};

static int put_field(void *data, const struct field *f, struct appeal_error *err)
{
	struct outgoing *o = data;
	(void)err;

	if (field_is(f, "Bcc") || field_is(f, "X-Unsent") || field_is(f, "Return-Path"))
		return 0;
	if (field_is(f, "Date")) {
		if (!o->date_done)
			mime_field(o->out, "Date", o->date);
		o->date_done = true;
		return 0;
	}
	add_crlf(o->out, o->text + f->start, f->end - f->start);
	if (f->end > 0 && o->text[f->end - 1] != '\n')
		buf_adds(o->out, "\r\n");
	if (field_is(f, "From") && o->to) {
		struct mime_mailbox mb = {NULL, o->to};
		mime_address_field(o->out, "To", &mb, 1);
		o->to = NULL;
	}
	return 0;
}

int message_outgoing(struct buf *out, const char *text, size_t len, const struct message *m, const char *date,
                     const char *to)
{
	struct outgoing o = {out, text, date, to, false};
	struct buf fields = BUF_INIT;

	o.out = &fields;
	long hl = each_field(text, len, 1, NULL, put_field, &o);
	if (hl < 0) {
		buf_free(&fields);
		return APPEAL_EINVAL;
	}
	buf_clear(out);
	if (!o.date_done)
		mime_field(out, "Date", date);
	buf_add(out, fields.data ? fields.data : "", fields.len);
	buf_free(&fields);
	buf_adds(out, "\r\n");
	add_crlf(out, text + hl, len - (size_t)hl);
	(void)m;
	return out->failed ? APPEAL_ENOMEM : 0;
}
