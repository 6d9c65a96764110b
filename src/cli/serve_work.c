/* The writers: one thread per core, each with its own PDF output (fonts,
 * hyphenation, paragraph cache), taking finished requests from one queue.
 * The HTTP thread only moves bytes; a letter never blocks another
 * visitor's page. A writer keeps nothing of a request once it has answered
 * it: the PDF is handed over and a new, empty one started. */
#define _GNU_SOURCE /* asprintf */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <microhttpd.h>

#include "serve.h"

struct writer {
	pthread_t thread;
	struct workers *w;
	struct appeal_output *pdf;
	bool started;
};

struct workers {
	const struct serve_options *opts;
	pthread_mutex_t lock;
	pthread_cond_t ready;
	struct serve_request **ring;
	size_t cap, head, count;
	bool stopping;
	int n;
	struct writer *writers;
};

/* Text of ordinary word lengths, to ask "how much more would fit?". */
static const char filler[] = "nnnnn nnnn nnnnnn nnnnnnn nnn nnnnn nnnn nnnnnnnn nn nnnnnn ";

/* Beyond this much room the counter just says the letter fits. */
#define ROOM_CAP 2000
/* Less room than about a line: the counter warns. */
#define ROOM_NEAR 90

static struct appeal_output *new_pdf(const struct serve_options *o, struct appeal_error *err)
{
	struct appeal_output_options po = APPEAL_OUTPUT_OPTIONS_INIT;
	po.format = APPEAL_FORMAT_PDF;
	po.font_dir = o->font_dir;
	po.paper = o->paper;
	return appeal_output_new(&po, err);
}

static const char *value(const struct serve_request *r, enum serve_field f)
{
	return r->value[f] ? r->value[f] : "";
}

/* ------------------------------------------------------------ answers */

static void answer_page(struct serve_request *r, unsigned status, const char *heading, const char *const *paras,
                        size_t n, const char *link, int refresh)
{
	size_t size = 0;
	char *page = page_message(r->ui, heading, paras, n, link, refresh, &size);
	http_send(r->conn, status, "text/html; charset=utf-8", page, size, NULL);
}

/* A problem the server found in the form, in the visitor's language. */
static void answer_form_problem(struct serve_request *r, unsigned status, const char *what)
{
	answer_page(r, status, ui_text(r->ui, "error_title"), (const char *[]){what}, 1, "back", 0);
}

static char *format_text(size_t ui, const char *key, const char *arg)
{
	char *s = NULL;
	/* The format comes from the program's own catalogue, never a request. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	if (asprintf(&s, ui_text(ui, key), arg) < 0)
		s = NULL;
#pragma GCC diagnostic pop
	return s;
}

static void answer_field_problem(struct serve_request *r, const char *key, const char *arg)
{
	char *what = format_text(r->ui, key, arg);
	answer_form_problem(r, 400, what ? what : ui_text(r->ui, "error_title"));
	free(what);
}

/* A problem the library found: its message names what (a character as
 * U+4E2D), the field says where, the hint what to do. */
static void answer_error(struct serve_request *r, const struct appeal_error *err)
{
	bool ours = err->code == APPEAL_ENOMEM || err->code == APPEAL_EIO || err->code == APPEAL_EPDF;
	char *where = NULL, *hint = NULL;

	if (ours) {
		fprintf(stderr, "appeal: serve: %s\n", err->message);
		answer_page(r, 500, ui_text(r->ui, "internal_title"), (const char *[]){ui_text(r->ui, "internal")}, 1,
		            "back", 0);
		return;
	}
	for (int f = 0; f < F_COUNT; f++)
		if (strcmp(err->field, field_name((enum serve_field)f)) == 0)
			where = format_text(r->ui, "error_where", ui_text(r->ui, field_label_key((enum serve_field)f)));
	if (err->hint[0])
		hint = format_text(r->ui, "error_hint", err->hint);
	const char *paras[] = {err->message, where, hint};
	answer_page(r, 400, ui_text(r->ui, "error_title"), paras, 3, "back", 0);
	free(where);
	free(hint);
}

/* The problems found while the body arrived (serve_http.c). */
static bool answered_early_problem(struct serve_request *r)
{
	const char *label = ui_text(r->ui, field_label_key(r->problem_field));
	char *what = NULL;

	switch (r->problem) {
	case PROBLEM_NONE:
		return false;
	case PROBLEM_UNKNOWN_FIELD:
		answer_field_problem(r, "unknown_field", r->problem_text);
		return true;
	case PROBLEM_TWICE:
		answer_field_problem(r, "twice", label);
		return true;
	case PROBLEM_NUL:
		answer_field_problem(r, "nul", label);
		return true;
	case PROBLEM_TOO_LONG:
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
		if (asprintf(&what, ui_text(r->ui, "too_long"), label, field_limit(r->problem_field)) < 0)
			what = NULL;
#pragma GCC diagnostic pop
		answer_form_problem(r, 400, what ? what : label);
		free(what);
		return true;
	default:
		answer_page(r, 500, ui_text(r->ui, "internal_title"), (const char *[]){ui_text(r->ui, "internal")}, 1,
		            "back", 0);
		return true;
	}
}

/* ------------------------------------------------------------ the letter */

/* The letter's language: the form's, else the page's when the letter has
 * it, else the letter's first. */
static const char *letter_lang(const struct serve_options *o, const struct serve_request *r)
{
	if (r->value[F_LANG] && r->value[F_LANG][0])
		return r->value[F_LANG];
	if (appeal_letter_has_language(o->letter, ui_code(r->ui)))
		return ui_code(r->ui);
	return appeal_letter_language(o->letter, 0);
}

/* Enough to catch a slip of the finger; the address is not used to send
 * anything by this command. */
static bool plausible_email(const char *s)
{
	const char *at = strchr(s, '@');
	return at && at > s && at[1] && !strchr(at + 1, '@') && strchr(at + 1, '.') && !strpbrk(s, " \t\r\n,;<>\"");
}

static bool blank(const char *s)
{
	return s[strspn(s, " \t\r\n")] == '\0';
}

static int fill(const struct serve_options *o, const struct serve_request *r, const char *lang, const char *note,
                struct appeal_date *when, struct appeal_document **doc, struct appeal_error *err)
{
	struct appeal_signer s = APPEAL_SIGNER_INIT;

	s.name = value(r, F_NAME);
	s.city = value(r, F_CITY);
	s.note = note;
	/* --date, else the day of the request: a stand may run past midnight. */
	*when = o->date;
	if (when->year == 0 && appeal_date_today(when, err))
		return err->code;
	s.date = *when;
	if (r->value[F_SIGNATURE] && r->len[F_SIGNATURE] > 0) {
		s.signature_data = r->value[F_SIGNATURE];
		s.signature_size = r->len[F_SIGNATURE];
	}
	*doc = appeal_document_fill(o->letter, lang, &s, err);
	return *doc ? 0 : err->code;
}

/* Checks what the library does not know about: the form's own fields. */
static bool form_refused(struct writer *wr, struct serve_request *r, const char *lang, bool *keep)
{
	const struct serve_options *o = wr->w->opts;
	const char *consent = value(r, F_CONSENT);

	if (answered_early_problem(r))
		return true;
	if (!appeal_letter_has_language(o->letter, lang)) {
		char *what = format_text(r->ui, "bad_lang", lang);
		const char *paras[] = {what, ui_text(r->ui, "bad_lang_hint")};
		answer_page(r, 400, ui_text(r->ui, "error_title"), paras, 2, "back", 0);
		free(what);
		return true;
	}
	if (consent[0] && strcmp(consent, "yes") != 0 && strcmp(consent, "on") != 0) {
		answer_field_problem(r, "bad_consent", consent);
		return true;
	}
	*keep = o->stand && consent[0];
	if (!blank(value(r, F_EMAIL))) {
		if (!*keep) {
			answer_form_problem(r, 400, ui_text(r->ui, "email_not_kept"));
			return true;
		}
		if (!plausible_email(value(r, F_EMAIL))) {
			answer_field_problem(r, "bad_email", value(r, F_EMAIL));
			return true;
		}
	}
	if (*keep && r->len[F_SIGNATURE] > 0) {
		answer_form_problem(r, 400, ui_text(r->ui, "signature_not_kept"));
		return true;
	}
	return false;
}

/* RFC 6266 with RFC 8187 (ex-5987) for the name: an ASCII fallback, and
 * the exact name percent-encoded for every browser of this century. */
static char *disposition(size_t ui, const char *name)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	char base[APPEAL_MAX_NAME + 64];

	if (!f)
		return NULL;
	snprintf(base, sizeof(base), "%s %s", ui_text(ui, "file_prefix"), name);
	fputs("attachment; filename=\"", f);
	/* One '_' for each character the ASCII fallback cannot hold. */
	for (const unsigned char *p = (const unsigned char *)base; *p; p++)
		if (*p < 0x80 || *p >= 0xC0)
			fputc(*p >= 0x20 && *p < 0x7f && !strchr("\"\\/%:*?<>|", *p) ? *p : '_', f);
	fputs(".pdf\"; filename*=UTF-8''", f);
	for (const unsigned char *p = (const unsigned char *)base; *p; p++) {
		bool attr_char = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		                 strchr("!#$&+-.^_`|~", *p);
		/* A slash or a control character has no place in a file name. */
		if (*p < 0x20 || *p == 0x7f || *p == '/' || *p == '\\')
			fputc('_', f);
		else if (attr_char && *p)
			fputc(*p, f);
		else
			fprintf(f, "%%%02X", *p);
	}
	fputs(".pdf", f);
	if (fclose(f) != 0) {
		free(out);
		return NULL;
	}
	return out;
}

static void make_letter(struct writer *wr, struct serve_request *r)
{
	const struct serve_options *o = wr->w->opts;
	struct appeal_error err = {0};
	struct appeal_document *doc = NULL;
	const char *lang = letter_lang(o, r);
	bool keep = false;

	if (form_refused(wr, r, lang, &keep))
		return;
	if (blank(value(r, F_NAME))) {
		/* Said here in the visitor's words; the library's hint speaks of --name. */
		answer_form_problem(r, 400, ui_text(r->ui, "name_missing"));
		return;
	}
	struct appeal_date when;
	if (fill(o, r, lang, value(r, F_NOTE), &when, &doc, &err)) {
		answer_error(r, &err);
		return;
	}
	if (keep) {
		char date[16];
		/* Only a letter that can be printed is kept. */
		if (appeal_output_measure(wr->pdf, doc, NULL, &err)) {
			answer_error(r, &err);
		} else {
			snprintf(date, sizeof(date), "%04d-%02d-%02d", when.year, when.month, when.day);
			const char *cells[] = {value(r, F_NAME), value(r, F_CITY), lang, value(r, F_NOTE),
			                       value(r, F_EMAIL), date};
			if (stand_append(o->stand, cells) != 0) {
				fprintf(stderr, "appeal: serve: cannot append to %s: %s\n", stand_path(o->stand),
				        strerror(errno));
				answer_page(r, 500, ui_text(r->ui, "internal_title"),
				            (const char *[]){ui_text(r->ui, "not_saved")}, 1, "back", 0);
			} else {
				answer_page(r, 200, ui_text(r->ui, "thanks_title"), (const char *[]){ui_text(r->ui, "thanks")},
				            1, "next", 10);
			}
		}
		appeal_document_free(doc);
		return;
	}
	unsigned char *pdf = NULL;
	size_t size = 0;
	int rc = appeal_output_add(wr->pdf, doc, NULL, &err);
	if (rc == 0)
		rc = appeal_output_finish_mem(wr->pdf, &pdf, &size, &err);
	if (rc) {
		answer_error(r, &err);
		/* A refused glyph leaves the PDF as it was; anything else may not. */
		if (rc != APPEAL_EGLYPH && rc != APPEAL_EINVAL && rc != APPEAL_ESYNTAX) {
			struct appeal_error again = {0};
			struct appeal_output *fresh = new_pdf(o, &again);
			if (fresh) {
				appeal_output_free(wr->pdf);
				wr->pdf = fresh;
			}
		}
	} else {
		char *cd = disposition(r->ui, value(r, F_NAME));
		http_send(r->conn, 200, "application/pdf", (char *)pdf, size, cd);
		free(cd);
	}
	appeal_document_free(doc);
}

/* ------------------------------------------------------------ pages */

static void answer_json(struct serve_request *r, int pages, int room, const struct appeal_error *err)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	if (!f) {
		http_send(r->conn, 500, "application/json", NULL, 0, NULL);
		return;
	}
	if (err) {
		fputs("{\"error\":\"", f);
		json_escape(f, err->message);
		fputs("\",\"field\":\"", f);
		json_escape(f, err->field);
		fputs("\"}", f);
	} else {
		fprintf(f, "{\"pages\":%d,\"room\":%d,\"near\":%s}", pages, room,
		        pages == 1 && room < ROOM_NEAR ? "true" : "false");
	}
	if (fclose(f) != 0) {
		free(out);
		out = NULL;
		len = 0;
	}
	http_send(r->conn, out ? 200 : 500, "application/json", out, len, NULL);
}

/* Pages of the letter with the note followed by `extra` characters of
 * filler, or a negative code. */
static int measure(struct writer *wr, const struct serve_request *r, const char *lang, const char *note,
                   size_t extra, struct appeal_error *err)
{
	struct appeal_document *doc = NULL;
	struct appeal_stats stats = {0};
	struct appeal_date when;
	char *text = NULL;
	size_t len = strlen(note), sep = len && extra ? 1 : 0;

	if (extra) {
		if (!(text = malloc(len + sep + extra + 1)))
			return APPEAL_ENOMEM;
		memcpy(text, note, len);
		if (sep)
			text[len] = ' ';
		for (size_t i = 0; i < extra; i++)
			text[len + sep + i] = filler[i % (sizeof(filler) - 1)];
		text[len + sep + extra] = '\0';
	}
	int rc = fill(wr->w->opts, r, lang, text ? text : note, &when, &doc, err);
	if (rc == 0)
		rc = appeal_output_measure(wr->pdf, doc, &stats, err);
	appeal_document_free(doc);
	free(text);
	return rc ? rc : stats.pages;
}

/* How many pages the letter takes as typed so far, and about how many more
 * characters still fit on the page: the real layout with the real fonts
 * and hyphenation, searched by halves (a dozen layouts of a millisecond or
 * less), so the counter never guesses from a character count. */
static void count_pages(struct writer *wr, struct serve_request *r)
{
	struct appeal_error err = {0};
	const char *lang = letter_lang(wr->w->opts, r);
	const char *note = value(r, F_NOTE);

	if (r->problem || !appeal_letter_has_language(wr->w->opts->letter, lang)) {
		http_send(r->conn, 400, "application/json", NULL, 0, NULL);
		return;
	}
	/* The name is often still empty while the note is typed. */
	if (blank(value(r, F_NAME))) {
		free(r->value[F_NAME]);
		r->value[F_NAME] = strdup("N. N.");
	}
	int pages = measure(wr, r, lang, note, 0, &err);
	if (pages < 0) {
		answer_json(r, 0, 0, &err);
		return;
	}
	size_t lo = 0, hi = ROOM_CAP;
	if (pages == 1 && measure(wr, r, lang, note, hi, &err) > 1) {
		while (hi - lo > 8) {
			size_t mid = (lo + hi) / 2;
			int p = measure(wr, r, lang, note, mid, &err);
			if (p < 0)
				break;
			*(p == 1 ? &lo : &hi) = mid;
		}
	} else {
		lo = pages == 1 ? ROOM_CAP : 0;
	}
	answer_json(r, pages, (int)lo, NULL);
}

/* ------------------------------------------------------------ threads */

static void *writer_main(void *arg)
{
	struct writer *wr = arg;
	struct workers *w = wr->w;

	for (;;) {
		pthread_mutex_lock(&w->lock);
		while (w->count == 0 && !w->stopping)
			pthread_cond_wait(&w->ready, &w->lock);
		if (w->count == 0) {
			pthread_mutex_unlock(&w->lock);
			return NULL;
		}
		struct serve_request *r = w->ring[w->head];
		w->head = (w->head + 1) % w->cap;
		w->count--;
		pthread_mutex_unlock(&w->lock);

		struct MHD_Connection *conn = r->conn;
		if (r->route == ROUTE_PAGES)
			count_pages(wr, r);
		else
			make_letter(wr, r);
		/* The response is queued; from here the request belongs to MHD. */
		MHD_resume_connection(conn);
	}
}

struct workers *workers_start(const struct serve_options *opts, int n)
{
	struct workers *w = calloc(1, sizeof(*w));
	struct appeal_error err = {0};

	if (!w)
		goto nomem;
	w->opts = opts;
	w->n = n;
	w->cap = (size_t)n * SERVE_QUEUE_PER_WRITER;
	w->ring = calloc(w->cap, sizeof(*w->ring));
	w->writers = calloc((size_t)n, sizeof(*w->writers));
	if (!w->ring || !w->writers)
		goto nomem;
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->ready, NULL);
	for (int i = 0; i < n; i++) {
		struct writer *wr = &w->writers[i];
		wr->w = w;
		if (!(wr->pdf = new_pdf(opts, &err))) {
			cli_report(&err);
			workers_stop(w);
			workers_free(w);
			return NULL;
		}
		if (pthread_create(&wr->thread, NULL, writer_main, wr) != 0) {
			cli_fail(_("cannot start a writer thread"));
			workers_stop(w);
			workers_free(w);
			return NULL;
		}
		wr->started = true;
	}
	return w;
nomem:
	if (w) {
		free(w->ring);
		free(w->writers);
		free(w);
	}
	cli_fail(_("out of memory"));
	return NULL;
}

int workers_submit(struct workers *w, struct serve_request *r)
{
	int rc = -1;

	pthread_mutex_lock(&w->lock);
	if (!w->stopping && w->count < w->cap) {
		w->ring[(w->head + w->count) % w->cap] = r;
		w->count++;
		rc = 0;
		pthread_cond_signal(&w->ready);
	}
	pthread_mutex_unlock(&w->lock);
	return rc;
}

void workers_stop(struct workers *w)
{
	if (!w)
		return;
	pthread_mutex_lock(&w->lock);
	w->stopping = true;
	pthread_cond_broadcast(&w->ready);
	pthread_mutex_unlock(&w->lock);
	for (int i = 0; i < w->n; i++)
		if (w->writers[i].started) {
			pthread_join(w->writers[i].thread, NULL);
			w->writers[i].started = false;
		}
}

void workers_free(struct workers *w)
{
	if (!w)
		return;
	for (int i = 0; i < w->n; i++)
		appeal_output_free(w->writers[i].pdf);
	pthread_mutex_destroy(&w->lock);
	pthread_cond_destroy(&w->ready);
	free(w->writers);
	free(w->ring);
	free(w);
}
