/* HTTP with libmicrohttpd: a fixed set of routes (no request names a file),
 * limits checked as bytes arrive, cross-site posts refused, and the same
 * security headers on every answer. Letters are handed to the writers
 * (serve_work.c) and the connection waits, suspended, for their answer. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>

#include <microhttpd.h>

#include "serve.h"

struct http {
	struct MHD_Daemon *daemon;
	const struct serve_options *opts;
	struct workers *workers;
	unsigned short port;
	char bound[64];        /* the address as bound, as a Host header writes it */
	char **form;           /* the page in each of its languages, rendered once */
	size_t *form_size;
	MHD_socket listener;   /* returned by quiescing; closed last */
};

static const char csp[] = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
                          "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/* ------------------------------------------------------------ fields */

static const struct {
	const char *name, *label;
	size_t limit;
	bool binary;
} fields[F_COUNT] = {
	[F_NAME] = {"name", "name", APPEAL_MAX_NAME, false},
	[F_CITY] = {"city", "city", APPEAL_MAX_NAME, false},
	[F_LANG] = {"lang", "lang", SERVE_MAX_SHORT, false},
	[F_NOTE] = {"note", "note", APPEAL_MAX_NOTE, false},
	[F_EMAIL] = {"email", "email", SERVE_MAX_EMAIL, false},
	[F_SIGNATURE] = {"signature", "signature", SERVE_MAX_SIGNATURE, true},
	[F_CONSENT] = {"consent", "consent", SERVE_MAX_SHORT, false},
	[F_UI] = {"ui", "page_languages", SERVE_MAX_SHORT, false},
};

const char *field_name(enum serve_field f)
{
	return fields[f].name;
}

const char *field_label_key(enum serve_field f)
{
	return fields[f].label;
}

size_t field_limit(enum serve_field f)
{
	return fields[f].limit;
}

static void problem(struct serve_request *r, int kind, enum serve_field f, const char *text)
{
	if (r->problem)
		return;
	r->problem = kind;
	r->problem_field = f;
	/* Shown escaped on the page; control characters would only confuse. */
	size_t i = 0;
	for (; text && text[i] && i + 1 < sizeof(r->problem_text); i++)
		r->problem_text[i] = (unsigned char)text[i] < 0x20 ? '?' : text[i];
	r->problem_text[i] = '\0';
}

static enum MHD_Result on_field(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
                                const char *content_type, const char *encoding, const char *data, uint64_t off,
                                size_t size)
{
	struct serve_request *r = cls;
	int f = -1;

	(void)kind;
	(void)filename;
	(void)content_type;
	(void)encoding;
	for (int i = 0; i < F_COUNT; i++)
		if (strcmp(key, fields[i].name) == 0)
			f = i;
	if (f < 0) {
		problem(r, PROBLEM_UNKNOWN_FIELD, F_NAME, key);
		return MHD_YES;
	}
	if (off == 0 && r->seen[f] && r->len[f] > 0) {
		problem(r, PROBLEM_TWICE, (enum serve_field)f, NULL);
		return MHD_YES;
	}
	r->seen[f] = true;
	if (size == 0 || r->problem)
		return MHD_YES;
	if (r->len[f] + size > fields[f].limit) {
		problem(r, PROBLEM_TOO_LONG, (enum serve_field)f, NULL);
		return MHD_YES;
	}
	if (!fields[f].binary && memchr(data, '\0', size)) {
		problem(r, PROBLEM_NUL, (enum serve_field)f, NULL);
		return MHD_YES;
	}
	char *grown = realloc(r->value[f], r->len[f] + size + 1);
	if (!grown) {
		problem(r, PROBLEM_NO_MEMORY, (enum serve_field)f, NULL);
		return MHD_YES;
	}
	memcpy(grown + r->len[f], data, size);
	r->len[f] += size;
	grown[r->len[f]] = '\0';
	r->value[f] = grown;
	return MHD_YES;
}

static void request_free(struct serve_request *r)
{
	if (!r)
		return;
	if (r->pp)
		MHD_destroy_post_processor(r->pp);
	for (int i = 0; i < F_COUNT; i++)
		free(r->value[i]);
	free(r);
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode why)
{
	(void)cls;
	(void)c;
	(void)why;
	request_free(*con_cls);
	*con_cls = NULL;
}

/* ------------------------------------------------------------ answers */

static void add_headers(struct MHD_Response *resp, const char *type)
{
	MHD_add_response_header(resp, "Content-Type", type);
	MHD_add_response_header(resp, "Content-Security-Policy", csp);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	/* Nothing leaves for other sites; the page's own posts keep their Origin. */
	MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
	MHD_add_response_header(resp, "Cross-Origin-Opener-Policy", "same-origin");
	MHD_add_response_header(resp, "Cross-Origin-Resource-Policy", "same-origin");
	MHD_add_response_header(resp, "Permissions-Policy", "camera=(), microphone=(), geolocation=()");
	/* Pages carry names and letters: nothing is kept by the browser. */
	MHD_add_response_header(resp, "Cache-Control", "no-store");
}

static enum MHD_Result send_full(struct MHD_Connection *c, unsigned status, const char *type, char *body,
                                 size_t size, bool persistent, const char *name, const char *value)
{
	struct MHD_Response *resp;

	if (body)
		resp = MHD_create_response_from_buffer(size, body, persistent ? MHD_RESPMEM_PERSISTENT
		                                                              : MHD_RESPMEM_MUST_FREE);
	else
		resp = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
	if (!resp) {
		if (!persistent)
			free(body);
		return MHD_NO;
	}
	add_headers(resp, type);
	if (name && value)
		MHD_add_response_header(resp, name, value);
	enum MHD_Result rc = MHD_queue_response(c, status, resp);
	MHD_destroy_response(resp);
	return rc;
}

void http_send(struct MHD_Connection *conn, unsigned status, const char *type, char *body, size_t size,
               const char *disposition)
{
	send_full(conn, status, type, body, size, false, disposition ? "Content-Disposition" : NULL, disposition);
}

static enum MHD_Result send_message(struct MHD_Connection *c, size_t ui, unsigned status, const char *title_key,
                                    const char *text, const char *allow)
{
	size_t size = 0;
	char *page = page_message(ui, ui_text(ui, title_key), (const char *[]){text}, 1, "back", 0, &size);
	return send_full(c, status, "text/html; charset=utf-8", page, size, false, allow ? "Allow" : NULL, allow);
}

static enum MHD_Result send_too_large(struct MHD_Connection *c, size_t ui)
{
	char text[256];
	/* The format is the program's own, from its catalogue. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	snprintf(text, sizeof(text), ui_text(ui, "too_large"), (size_t)(SERVE_MAX_BODY / 1024));
#pragma GCC diagnostic pop
	return send_message(c, ui, 413, "too_large_title", text, NULL);
}

/* ------------------------------------------------------------ checks */

static const char *header(struct MHD_Connection *c, const char *name)
{
	return MHD_lookup_connection_value(c, MHD_HEADER_KIND, name);
}

/* On a loopback address, a Host that is not ours means a page elsewhere
 * reached us through DNS rebinding: refuse it. */
static bool host_ok(const struct http *h, const char *host)
{
	char want[96];
	const char *mine[] = {h->bound, "localhost", "127.0.0.1", "[::1]"};

	if (!h->opts->loopback || !host)
		return true;
	for (size_t i = 0; i < sizeof(mine) / sizeof(mine[0]); i++) {
		snprintf(want, sizeof(want), "%s:%u", mine[i], h->port);
		if (strcasecmp(host, want) == 0)
			return true;
	}
	return false;
}

/* A post from another site's page carries Sec-Fetch-Site: cross-site (or
 * same-site), or, from a browser too old to send that, an Origin that is
 * not this server's. Sec-Fetch-Site decides when it is there: a browser may
 * send "Origin: null" for its own form under some referrer policies. A
 * client that sends neither (curl, a script) is not a browser tricked into
 * posting, and is served. */
static bool same_site(struct MHD_Connection *c)
{
	const char *site = header(c, "Sec-Fetch-Site");
	const char *origin = header(c, "Origin");
	const char *host = header(c, "Host");

	if (site)
		return strcmp(site, "same-origin") == 0 || strcmp(site, "none") == 0;
	if (origin)
		return host && strncmp(origin, "http://", 7) == 0 && strcasecmp(origin + 7, host) == 0;
	return true;
}

/* ------------------------------------------------------------ routes */

static enum MHD_Result send_asset(struct MHD_Connection *c, const char *name)
{
	const struct serve_asset *a = serve_asset(name);
	return send_full(c, 200, a->type, (char *)a->data, a->size, true, NULL, NULL);
}

static enum MHD_Result start_post(struct http *h, struct MHD_Connection *c, enum serve_route route, size_t ui,
                                  void **con_cls)
{
	const char *length = header(c, "Content-Length");

	if (!same_site(c))
		return send_message(c, ui, 403, "cross_site_title", ui_text(ui, "cross_site"), NULL);
	if (length && strtoull(length, NULL, 10) > SERVE_MAX_BODY)
		return send_too_large(c, ui);
	struct serve_request *r = calloc(1, sizeof(*r));
	if (!r)
		return send_message(c, ui, 500, "internal_title", ui_text(ui, "internal"), NULL);
	r->route = route;
	r->conn = c;
	r->ui = ui;
	r->pp = MHD_create_post_processor(c, 16 * 1024, on_field, r);
	if (!r->pp) {
		free(r);
		return send_message(c, ui, 415, "error_title", ui_text(ui, "media_type"), NULL);
	}
	(void)h;
	*con_cls = r;
	return MHD_YES;
}

static enum MHD_Result finish_post(struct http *h, struct MHD_Connection *c, struct serve_request *r)
{
	/* The last urlencoded value is only complete once the processor ends. */
	MHD_destroy_post_processor(r->pp);
	r->pp = NULL;
	r->ui = ui_pick(r->value[F_UI], header(c, "Accept-Language"));
	if (r->too_large)
		return send_too_large(c, r->ui);
	MHD_suspend_connection(c);
	if (workers_submit(h->workers, r) != 0) {
		send_message(c, r->ui, 503, "busy_title", ui_text(r->ui, "busy"), NULL);
		MHD_resume_connection(c);
	}
	return MHD_YES;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                              const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
	struct http *h = cls;
	struct serve_request *r = *con_cls;

	(void)version;
	if (r) {
		if (*upload_size == 0)
			return finish_post(h, c, r);
		r->received += *upload_size;
		if (r->received > SERVE_MAX_BODY)
			r->too_large = true;
		else
			MHD_post_process(r->pp, upload, *upload_size);
		*upload_size = 0;
		/* A chunked body that never ends is cut off, not read forever. */
		return r->received > 4 * (size_t)SERVE_MAX_BODY ? MHD_NO : MHD_YES;
	}

	size_t ui = ui_pick(MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "ui"), header(c, "Accept-Language"));
	bool get = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
	bool post = strcmp(method, "POST") == 0;

	if (!host_ok(h, header(c, "Host")))
		return send_message(c, ui, 421, "host_title", ui_text(ui, "host"), NULL);
	if (strcmp(url, "/") == 0 || strcmp(url, "/form.css") == 0 || strcmp(url, "/form.js") == 0) {
		if (!get)
			return send_message(c, ui, 405, "method_title", ui_text(ui, "method"), "GET, HEAD");
		if (url[1] == '\0')
			return send_full(c, 200, "text/html; charset=utf-8", h->form[ui], h->form_size[ui], true, NULL,
			                 NULL);
		return send_asset(c, url + 1);
	}
	if (strcmp(url, "/letter") == 0 || strcmp(url, "/pages") == 0) {
		if (!post)
			return send_message(c, ui, 405, "method_title", ui_text(ui, "method"), "POST");
		return start_post(h, c, url[1] == 'l' ? ROUTE_LETTER : ROUTE_PAGES, ui, con_cls);
	}
	return send_message(c, ui, 404, "not_found_title", ui_text(ui, "not_found"), NULL);
}

/* ------------------------------------------------------------ the page */

struct form_values {
	const struct http *h;
	size_t ui;
	char *lang_options, *ui_links;
};

static const char *form_value(void *cls, const char *key, bool *raw)
{
	struct form_values *v = cls;
	const struct serve_options *o = v->h->opts;

	*raw = false;
	if (strcmp(key, "ui") == 0)
		return ui_code(v->ui);
	if (strcmp(key, "letter_title") == 0)
		return appeal_letter_title_in(o->letter, ui_code(v->ui)); /* the page's language */
	if (strcmp(key, "stand") == 0)
		return o->stand ? "1" : "0";
	if (strcmp(key, "several_ui") == 0)
		return ui_count() > 1 ? "1" : "0";
	*raw = true;
	if (strcmp(key, "lang_options") == 0)
		return v->lang_options;
	if (strcmp(key, "ui_links") == 0)
		return v->ui_links;
	*raw = false;
	return NULL;
}

static char *lang_options(const struct appeal_letter *letter, size_t ui)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	const char *chosen = appeal_letter_has_language(letter, ui_code(ui)) ? ui_code(ui)
	                                                                    : appeal_letter_language(letter, 0);

	if (!f)
		return NULL;
	for (size_t i = 0; i < appeal_letter_language_count(letter); i++) {
		const char *code = appeal_letter_language(letter, i);
		fputs("<option value=\"", f);
		html_escape(f, code);
		fputs("\" lang=\"", f);
		html_escape(f, code);
		fprintf(f, "\"%s>", strcmp(code, chosen) == 0 ? " selected" : "");
		html_escape(f, ui_language_name(code));
		fputs("</option>", f);
	}
	return fclose(f) == 0 ? out : (free(out), NULL);
}

static char *ui_links(size_t ui)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	if (!f)
		return NULL;
	for (size_t i = 0; i < ui_count(); i++) {
		fputs("<li><a href=\"/?ui=", f);
		html_escape(f, ui_code(i));
		fputs("\" hreflang=\"", f);
		html_escape(f, ui_code(i));
		fputs("\" lang=\"", f);
		html_escape(f, ui_code(i));
		fprintf(f, "\"%s>", i == ui ? " aria-current=\"page\"" : "");
		html_escape(f, ui_name(i));
		fputs("</a></li>", f);
	}
	return fclose(f) == 0 ? out : (free(out), NULL);
}

static int render_forms(struct http *h)
{
	h->form = calloc(ui_count(), sizeof(*h->form));
	h->form_size = calloc(ui_count(), sizeof(*h->form_size));
	if (!h->form || !h->form_size)
		return -1;
	for (size_t ui = 0; ui < ui_count(); ui++) {
		struct form_values v = {h, ui, lang_options(h->opts->letter, ui), ui_links(ui)};
		if (v.lang_options && v.ui_links)
			h->form[ui] = page_render(serve_asset("form.html"), ui, form_value, &v, &h->form_size[ui]);
		free(v.lang_options);
		free(v.ui_links);
		if (!h->form[ui])
			return -1;
	}
	return 0;
}

/* MHD decodes the path before the routes see it; a %00 would end it early
 * ("/%00" read as "/"), so such a path is left as sent, and is not found. */
static size_t unescape(void *cls, struct MHD_Connection *c, char *s)
{
	(void)cls;
	(void)c;
	if (strstr(s, "%00"))
		return strlen(s);
	return MHD_http_unescape(s);
}

/* ------------------------------------------------------------ start, stop */

static void logger(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	fputs("appeal: http: ", stderr);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	vfprintf(stderr, fmt, ap);
#pragma GCC diagnostic pop
}

struct http *http_start(const struct serve_options *opts, struct workers *w, const struct sockaddr *addr,
                        const char *bound)
{
	struct http *h = calloc(1, sizeof(*h));
	unsigned int flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG;

	if (!h) {
		cli_fail(_("out of memory"));
		return NULL;
	}
	h->opts = opts;
	h->workers = w;
	h->listener = MHD_INVALID_SOCKET;
	snprintf(h->bound, sizeof(h->bound), "%s", bound);
	if (render_forms(h)) {
		cli_fail(_("out of memory"));
		http_stop(h);
		return NULL;
	}
	if (addr->sa_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	/* The logger comes first, so that MHD's own messages go through it. */
	h->daemon = MHD_start_daemon(flags, 0, NULL, NULL, handle, h, MHD_OPTION_EXTERNAL_LOGGER, logger, NULL,
	                             MHD_OPTION_SOCK_ADDR, addr, MHD_OPTION_CONNECTION_LIMIT,
	                             (unsigned int)SERVE_MAX_CONNECTIONS, MHD_OPTION_CONNECTION_TIMEOUT,
	                             (unsigned int)SERVE_TIMEOUT_SECONDS, MHD_OPTION_NOTIFY_COMPLETED, completed, h,
	                             MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL, MHD_OPTION_END);
	if (!h->daemon) {
		http_stop(h);
		return NULL;
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(h->daemon, MHD_DAEMON_INFO_BIND_PORT);
	h->port = info ? info->port : 0;
	return h;
}

unsigned short http_port(const struct http *h)
{
	return h->port;
}

void http_quiesce(struct http *h)
{
	if (h && h->daemon && h->listener == MHD_INVALID_SOCKET)
		h->listener = MHD_quiesce_daemon(h->daemon);
}

void http_stop(struct http *h)
{
	if (!h)
		return;
	if (h->daemon) {
		http_quiesce(h);
		/* Answers already made go out; idle keep-alive connections do not
		 * hold the exit for more than a few seconds. */
		for (int i = 0; i < 60; i++) {
			const union MHD_DaemonInfo *info =
			    MHD_get_daemon_info(h->daemon, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
			if (!info || info->num_connections == 0)
				break;
			nanosleep(&(struct timespec){0, 50 * 1000 * 1000}, NULL);
		}
		MHD_stop_daemon(h->daemon);
	}
	if (h->listener != MHD_INVALID_SOCKET)
		close(h->listener);
	for (size_t i = 0; h->form && i < ui_count(); i++)
		free(h->form[i]);
	free(h->form);
	free(h->form_size);
	free(h);
}
