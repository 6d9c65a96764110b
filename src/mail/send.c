/* appeal_send_*: plans and runs a delivery. Exactly once rests on the
 * order of three writes: "sending" goes to the journal (on disk) when the
 * whole message has gone and before the end-of-data mark that lets the
 * server accept it; "sent" (or "refused") when the server answers. A stop
 * before the first leaves a message the server cannot have accepted; a
 * stop after the second leaves the answer recorded; only a stop between
 * the two is undecidable, and the message is then sent again with the same
 * Message-ID, so that the copy can be recognised (docs/mail.md). */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mail/journal.h"
#include "mail/message.h"
#include "mail/smtp.h"
#include "mail/source.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/i18n.h"
#include "util/mime.h"
#include "util/pool.h"
#include "util/strmap.h"

/* Refusals in a row that stop a run: the server refuses everything. */
#define MAX_REFUSED_IN_A_ROW 10

struct item {
	struct appeal_send_record rec;
	struct message m;
	bool to_send;
};

struct appeal_send {
	struct appeal_send_options o;
	char *source, *journal_path, *url, *user, *password, *ca_file, *to, *envelope_from;
	struct source src;
	struct journal j;
	bool journal_open;
	struct item *items;
	size_t n, total, done;
	struct pool pool;
	bool ran, stopped;
};

static char *dup_or_null(const char *s, bool *failed)
{
	char *d = s ? strdup(s) : NULL;
	if (s && !d)
		*failed = true;
	return d;
}

/* SOURCE.sent beside the directory or file ("mail/" gives "mail.sent"). */
static char *default_journal(const char *source)
{
	size_t n = strlen(source);
	while (n > 1 && source[n - 1] == '/')
		n--;
	char *base = strndup(source, n);
	if (!base)
		return NULL;
	const char *last = strrchr(base, '/');
	last = last ? last + 1 : base;
	if (strcmp(last, ".") == 0 || strcmp(last, "..") == 0 || strcmp(base, "/") == 0) {
		char *real = realpath(base, NULL);
		free(base);
		if (!real)
			return NULL;
		base = real;
	}
	size_t m = strlen(base) + 6;
	char *j = malloc(m);
	if (j)
		snprintf(j, m, "%s.sent", base);
	free(base);
	return j;
}

static const char *keep(struct appeal_send *s, const char *text)
{
	const char *k = pool_strndup(&s->pool, text ? text : "", text ? strlen(text) : 0);
	return k ? k : "";
}

static void fail_item(struct item *it, const struct appeal_error *e)
{
	struct appeal_error *x = malloc(sizeof(*x));
	it->rec.status = APPEAL_SEND_FAILED;
	it->to_send = false;
	if (x)
		*x = *e;
	it->rec.error = x;
}

/* Reads one message's header and decides whether it is to be sent. */
static int plan_item(struct appeal_send *s, size_t i, struct strmap *ids)
{
	struct item *it = &s->items[i];
	const struct source_item *si = &s->src.items[i];
	struct appeal_error e = {0};
	char *text = NULL;
	size_t len;

	it->rec.file = si->path;
	it->rec.index = si->index;
	it->rec.message_id = it->rec.from = it->rec.to = it->rec.subject = it->rec.reply = it->rec.note = "";
	if (source_read(&s->src, i, &text, &len, &e) ||
	    message_parse(&it->m, text, len, si->line, &e) || message_fill_to(&it->m, s->to, &e)) {
		free(text);
		if (e.code == APPEAL_ENOMEM)
			return APPEAL_ENOMEM;
		err_source(&e, si->path);
		fail_item(it, &e);
		return 0;
	}
	free(text);
	it->rec.from = it->m.show_from;
	it->rec.to = it->m.show_to;
	it->rec.subject = it->m.subject;
	if (!it->m.message_id) {
		err_set(&e, APPEAL_EINVAL, _("the message has no Message-ID"));
		err_hint(&e, _("exactly-once delivery knows a message by its Message-ID; make the messages with "
		               "--format eml"));
		err_source(&e, si->path);
		err_position(&e, (int)si->line, 0);
		fail_item(it, &e);
		return 0;
	}
	it->rec.message_id = it->m.message_id;
	if (it->m.nrcpt == 0) {
		err_set(&e, APPEAL_EINVAL, it->m.unsent ? _("the message is a draft with no recipient (X-Unsent: 1, no To:)")
		                                        : _("the message has no recipient (To:, Cc: or Bcc:)"));
		err_hint(&e, _("give the address with --to ADDR, or add it to the letter file (addressee.email) and make "
		               "the messages again"));
		err_source(&e, si->path);
		err_position(&e, (int)si->line, 0);
		fail_item(it, &e);
		return 0;
	}
	size_t first;
	if (strmap_get(ids, it->m.message_id, &first)) {
		const struct item *f = &s->items[first];
		char note[600];
		if (f->rec.index)
			snprintf(note, sizeof(note), _("not sent: the same Message-ID as message %ld of %s"), f->rec.index,
			         f->rec.file);
		else
			snprintf(note, sizeof(note), _("not sent: the same Message-ID as %s"), f->rec.file);
		it->rec.status = APPEAL_SEND_SKIPPED;
		it->rec.note = keep(s, note);
		return 0;
	}
	if (strmap_put(ids, it->m.message_id, i) < 0)
		return APPEAL_ENOMEM;
	switch (journal_get(&s->j, it->m.message_id)) {
	case JOURNAL_SENT:
		it->rec.status = APPEAL_SEND_ALREADY;
		break;
	case JOURNAL_SENDING:
		it->rec.again = true;
		__attribute__((fallthrough)); /* GCC and clang both read it; clang ignores the comment form */
	default:
		it->to_send = true;
		s->total++;
	}
	return 0;
}

APPEAL_EXPORT void appeal_send_free(struct appeal_send *s)
{
	if (!s)
		return;
	for (size_t i = 0; s->items && i < s->n; i++) {
		message_clear(&s->items[i].m);
		free((void *)s->items[i].rec.error);
	}
	free(s->items);
	source_free(&s->src);
	if (s->journal_open)
		journal_close(&s->j);
	pool_free(&s->pool);
	if (s->password) {
		/* Not left in freed memory. */
		volatile char *p = s->password;
		while (*p)
			*p++ = '\0';
	}
	free(s->source);
	free(s->journal_path);
	free(s->url);
	free(s->user);
	free(s->password);
	free(s->ca_file);
	free(s->to);
	free(s->envelope_from);
	free(s);
}

APPEAL_EXPORT struct appeal_send *appeal_send_new(const struct appeal_send_options *opts, struct appeal_error *err)
{
	struct appeal_send *s;
	struct strmap ids = STRMAP_INIT;
	size_t bad;
	const char *why;
	bool failed = false;

	if (!opts || opts->version != APPEAL_SEND_OPTIONS_VERSION || !opts->source || !opts->source[0]) {
		err_set(err, APPEAL_EINVAL, _("sending needs a source of messages (and options of this version)"));
		return NULL;
	}
	if (!opts->dry_run && !opts->url) {
		err_set(err, APPEAL_EINVAL, _("no mail server given"));
		err_hint(err, _("give the office's submission server, e.g. --smtp smtp://mail.example.org:587"));
		return NULL;
	}
	if (opts->rate < 0 || opts->rate > 100000) {
		err_set(err, APPEAL_EINVAL, _("a rate of %g messages a minute is not possible"), opts->rate);
		return NULL;
	}
	if (opts->to && !mime_addr_check(opts->to, strlen(opts->to), &bad, &why)) {
		err_set(err, APPEAL_EINVAL, _("--to: %s"), _(why));
		err_hint(err, _("write one address, e.g. --to info@example.org"));
		return NULL;
	}
	if (opts->envelope_from && !mime_addr_check(opts->envelope_from, strlen(opts->envelope_from), &bad, &why)) {
		err_set(err, APPEAL_EINVAL, _("--envelope-from: %s"), _(why));
		return NULL;
	}
	if (!(s = calloc(1, sizeof(*s)))) {
		err_nomem(err);
		return NULL;
	}
	s->o = *opts;
	s->source = dup_or_null(opts->source, &failed);
	s->url = dup_or_null(opts->url, &failed);
	s->user = dup_or_null(opts->user, &failed);
	s->password = dup_or_null(opts->password, &failed);
	s->ca_file = dup_or_null(opts->ca_file, &failed);
	s->to = dup_or_null(opts->to, &failed);
	s->envelope_from = dup_or_null(opts->envelope_from, &failed);
	s->journal_path = opts->journal ? strdup(opts->journal) : default_journal(opts->source);
	if (failed || !s->journal_path) {
		err_nomem(err);
		goto fail;
	}
	if (s->url) {
		/* The server options are checked now, so a dry run reports them. */
		struct smtp_options so = {s->url, s->user, s->password, s->ca_file, opts->plaintext, opts->timeout};
		struct smtp *probe = smtp_new(&so, err);
		if (!probe)
			goto fail;
		smtp_free(probe);
	}
	if (source_open(&s->src, s->source, err))
		goto fail;
	s->journal_open = true; /* closed on failure too: it may hold the file */
	if (journal_open(&s->j, s->journal_path, opts->dry_run, err))
		goto fail;
	if (!(s->items = calloc(s->src.n ? s->src.n : 1, sizeof(*s->items)))) {
		err_nomem(err);
		goto fail;
	}
	s->n = s->src.n;
	for (size_t i = 0; i < s->n; i++) {
		if (plan_item(s, i, &ids)) {
			err_nomem(err);
			goto fail;
		}
	}
	strmap_free(&ids);
	return s;
fail:
	strmap_free(&ids);
	appeal_send_free(s);
	return NULL;
}

/* ------------------------------------------------------------ running */

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static bool cancelled(struct appeal_send *s)
{
	return s->o.progress && s->o.progress(s->o.progress_data, s->done, s->total);
}

/* Waits until `until`, asking the callback now and then whether to stop. */
static bool wait_until(struct appeal_send *s, double until)
{
	for (;;) {
		double left = until - now();
		if (left <= 0)
			return true;
		if (left > 0.2)
			left = 0.2;
		struct timespec ts = {(time_t)left, (long)((left - (double)(time_t)left) * 1e9)};
		nanosleep(&ts, NULL);
		if (cancelled(s))
			return false;
	}
}

struct at_end {
	struct appeal_send *s;
	struct item *it;
	struct appeal_error *err;
};

static int record_sending(void *ctx)
{
	struct at_end *a = ctx;
	return journal_put(&a->s->j, JOURNAL_SENDING, a->it->m.message_id, a->it->rec.file, NULL, a->err) ? -1 : 0;
}

/* Sends one message: 1 sent or refused, 0 failed (recorded), -1 the run
 * cannot go on (err set). */
static int send_one(struct appeal_send *s, struct smtp *smtp, size_t i, struct appeal_error *err)
{
	struct item *it = &s->items[i];
	struct appeal_error e = {0};
	struct buf out = BUF_INIT;
	char *text = NULL, date[64];
	size_t len;
	const char *reply = "";

	if (source_read(&s->src, i, &text, &len, &e)) {
		if (e.code == APPEAL_ENOMEM) {
			*err = e;
			return -1;
		}
		fail_item(it, &e);
		return 0;
	}
	mime_date(date, sizeof(date), (long long)time(NULL));
	int rc = message_outgoing(&out, text, len, &it->m, date, it->m.to_filled ? s->to : NULL);
	free(text);
	if (rc) {
		buf_free(&out);
		err_nomem(err);
		return -1;
	}
	struct at_end a = {s, it, err};
	const char *from = s->envelope_from ? s->envelope_from : it->m.from;
	enum smtp_result r = smtp_send(smtp, from, it->m.rcpt, it->m.nrcpt, out.data, out.len, record_sending, &a,
	                               &reply, &e);
	buf_free(&out);
	it->rec.reply = keep(s, reply);
	it->rec.reply_code = (int)strtol(it->rec.reply, NULL, 10);
	switch (r) {
	case SMTP_OK:
		it->rec.status = APPEAL_SEND_SENT;
		if (journal_put(&s->j, JOURNAL_SENT, it->m.message_id, it->rec.file, reply, err))
			return -1;
		return 1;
	case SMTP_REFUSED:
		it->rec.status = APPEAL_SEND_REFUSED;
		it->rec.again = false;
		if (journal_put(&s->j, JOURNAL_REFUSED, it->m.message_id, it->rec.file, reply, err))
			return -1;
		return 1;
	case SMTP_UNCERTAIN:
		err_source(&e, it->rec.file);
		fail_item(it, &e);
		return 0;
	case SMTP_FATAL:
	default:
		if (err && !err->code)
			*err = e;
		return -1;
	}
}

APPEAL_EXPORT int appeal_send_run(struct appeal_send *s, struct appeal_error *err)
{
	struct appeal_error fatal = {0};
	int refused_in_a_row = 0;
	double next = 0;

	if (s->ran)
		return err_set(err, APPEAL_EINVAL, _("a send runs once"));
	s->ran = true;
	if (s->o.dry_run) {
		for (size_t i = 0; i < s->n; i++)
			if (s->items[i].to_send)
				s->items[i].rec.status = APPEAL_SEND_PENDING;
		return 0;
	}
	struct smtp_options so = {s->url, s->user, s->password, s->ca_file, s->o.plaintext, s->o.timeout};
	struct smtp *smtp = s->total ? smtp_new(&so, &fatal) : NULL;
	if (s->total && !smtp)
		s->stopped = true;
	for (size_t i = 0; i < s->n && !s->stopped; i++) {
		struct item *it = &s->items[i];
		if (!it->to_send)
			continue;
		if (s->o.rate > 0 && next > 0 && !wait_until(s, next)) {
			s->stopped = true;
			break;
		}
		next = now() + 60.0 / s->o.rate;
		int r = send_one(s, smtp, i, &fatal);
		it->to_send = false;
		if (r < 0) {
			s->stopped = true;
			if (!it->rec.status)
				it->to_send = true; /* not decided: counted as skipped below */
			break;
		}
		refused_in_a_row = it->rec.status == APPEAL_SEND_REFUSED ? refused_in_a_row + 1 : 0;
		s->done++;
		if (cancelled(s)) {
			s->stopped = true;
			break;
		}
		if (refused_in_a_row >= MAX_REFUSED_IN_A_ROW) {
			err_set(&fatal, APPEAL_EIO, _("the server refused %d messages in a row; the run stopped"),
			        MAX_REFUSED_IN_A_ROW);
			err_hint(&fatal, _("read the server's replies above; the refused messages are tried again next run"));
			s->stopped = true;
		}
	}
	smtp_free(smtp);
	for (size_t i = 0; i < s->n; i++) {
		struct item *it = &s->items[i];
		if (it->rec.status == 0) {
			it->rec.status = APPEAL_SEND_SKIPPED;
			it->rec.note = _("not sent: the run stopped first");
		}
	}
	if (fatal.code) {
		if (err && !err->code)
			*err = fatal;
		return fatal.code;
	}
	return 0;
}

APPEAL_EXPORT size_t appeal_send_count(const struct appeal_send *s)
{
	return s ? s->n : 0;
}

APPEAL_EXPORT const struct appeal_send_record *appeal_send_record(const struct appeal_send *s, size_t i)
{
	return s && i < s->n ? &s->items[i].rec : NULL;
}

APPEAL_EXPORT const char *appeal_send_journal(const struct appeal_send *s)
{
	return s ? s->journal_path : NULL;
}

APPEAL_EXPORT void appeal_send_summary(const struct appeal_send *s, struct appeal_send_summary *out)
{
	memset(out, 0, sizeof(*out));
	if (!s)
		return;
	out->messages = s->n;
	for (size_t i = 0; i < s->n; i++) {
		const struct appeal_send_record *r = &s->items[i].rec;
		switch (r->status) {
		case APPEAL_SEND_SENT:
			out->sent++;
			out->again += r->again;
			break;
		case APPEAL_SEND_ALREADY: out->already++; break;
		case APPEAL_SEND_REFUSED: out->refused++; break;
		case APPEAL_SEND_FAILED: out->failed++; break;
		case APPEAL_SEND_PENDING: out->pending++; break;
		default: out->skipped++; break;
		}
	}
	out->stopped = s->stopped;
}
