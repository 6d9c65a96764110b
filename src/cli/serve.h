/* appeal serve: a web form that makes one letter per request.
 *
 * cmd_serve.c    the command: options, start-up, signals, shutdown
 * serve_http.c   libmicrohttpd: routes, limits, cross-site checks, headers
 * serve_work.c   the writers: one thread and one appeal_pdf per core
 * serve_ui.c     the page's languages and texts, chosen per request
 * serve_page.c   HTML from the embedded templates in src/cli/web/
 * serve_stand.c  stand mode: one CSV row per consenting signer, fsynced
 *
 * Nothing a request carries outlives it: its fields live in its struct
 * serve_request, freed when the response has gone. */
#ifndef APPEAL_CLI_SERVE_H
#define APPEAL_CLI_SERVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "cli.h"

struct MHD_Connection;
struct MHD_PostProcessor;
struct sockaddr;
struct stand;

/* Limits, all checked as the bytes arrive (docs/serve.md). */
#define SERVE_MAX_BODY (1024u * 1024u)      /* a whole POST */
#define SERVE_MAX_SIGNATURE (512u * 1024u)  /* the PNG */
#define SERVE_MAX_EMAIL 254u                /* RFC 5321's path limit */
#define SERVE_MAX_SHORT 32u                 /* lang, ui, consent */
#define SERVE_MAX_CONNECTIONS 128u
#define SERVE_QUEUE_PER_WRITER 32u          /* letters waiting, beyond that 503 */
#define SERVE_TIMEOUT_SECONDS 30u

/* ------------------------------------------------------------ embedded files */

struct serve_asset {
	const char *name;          /* "form.html" */
	const char *type;          /* Content-Type */
	const unsigned char *data;
	size_t size;
};
/* Generated at build time from src/cli/web/ (tools/embed). */
extern const struct serve_asset serve_assets[];
extern const size_t serve_asset_count;
const struct serve_asset *serve_asset(const char *name);

/* ------------------------------------------------------------ page languages */

/* Loads the page's texts in every language that has a catalogue (and
 * English). Call once, before any thread starts: it switches gettext's
 * language while it reads. Returns -1 when out of memory. */
int ui_load(void);
void ui_free(void);
size_t ui_count(void);
/* The language code ("en", "es") and its name in itself. Static storage. */
const char *ui_code(size_t ui);
const char *ui_name(size_t ui);
/* The page language for a request: `asked` (?ui=, the form's ui field) when
 * it is one, else the best of Accept-Language, else English. */
size_t ui_pick(const char *asked, const char *accept_language);
/* The text for key (see the table in serve_ui.c) in language ui; the key
 * itself when unknown, so a typo shows on the page. Static storage. */
const char *ui_text(size_t ui, const char *key);
/* A language's name in itself, from the library's language table; the
 * code when the table does not know it. */
const char *ui_language_name(const char *code);

/* ------------------------------------------------------------ pages */

/* Appends text to f with <, >, &, " and ' escaped. */
void html_escape(FILE *f, const char *text);
/* Appends text to f as the inside of a JSON string. */
void json_escape(FILE *f, const char *text);

/* Values a template asks for besides the page texts: returns the text and
 * sets *raw when it is already HTML; NULL when unknown. */
typedef const char *(*page_value_fn)(void *cls, const char *key, bool *raw);

/* Renders template `tmpl` (see src/cli/web/README.md): {{key}} is a text
 * (from values, else ui_text), escaped; {{#flag}}...{{/flag}} is kept when
 * the value of flag is "1", {{^flag}}...{{/flag}} when it is not. The
 * caller owns the result (NUL-terminated, *size bytes) and frees it with
 * free(); NULL when out of memory, the template is malformed or NULL. */
char *page_render(const struct serve_asset *tmpl, size_t ui, page_value_fn values, void *cls, size_t *size);

/* A whole page with a heading and paragraphs of text (each escaped),
 * `extra_html` (may be NULL) and a link back to the form; for errors and
 * thanks. refresh > 0 sends the browser back to the form after that many
 * seconds. Caller frees. */
char *page_message(size_t ui, const char *heading, const char *const *paragraphs, size_t n, const char *link_key,
                   int refresh, size_t *size);

/* ------------------------------------------------------------ the server */

struct serve_options {
	const struct appeal_letter *letter;
	const char *font_dir;
	enum appeal_paper paper;
	struct appeal_date date;   /* all zero: the day of each request */
	struct stand *stand;       /* NULL unless --stand */
	int writers;
	bool loopback;             /* bound to a loopback address: check Host */
};

/* ------------------------------------------------------------ writers */

struct serve_request;
struct workers;

/* Starts n writer threads, each with its own appeal_pdf. NULL after
 * reporting why (fonts). */
struct workers *workers_start(const struct serve_options *opts, int n);
/* Hands a finished request to a writer, which queues its response and
 * resumes its connection. -1 when the queue is full or stopping: the
 * caller answers 503 itself. */
int workers_submit(struct workers *w, struct serve_request *req);
/* Finishes every request already queued, then stops the threads. */
void workers_stop(struct workers *w);
void workers_free(struct workers *w);

/* ------------------------------------------------------------ requests */

enum serve_field { F_NAME, F_CITY, F_LANG, F_NOTE, F_EMAIL, F_SIGNATURE, F_CONSENT, F_UI, F_COUNT };

enum serve_route { ROUTE_LETTER, ROUTE_PAGES };

struct serve_request {
	enum serve_route route;
	struct MHD_Connection *conn;
	struct MHD_PostProcessor *pp;
	size_t ui;
	size_t received;           /* body bytes so far */
	bool too_large;
	/* The first problem with the form as sent, before any letter is made. */
	int problem;               /* enum serve_problem; 0 when none */
	enum serve_field problem_field;
	char problem_text[96];     /* a field name the form sent, for the message */
	char *value[F_COUNT];      /* NUL-terminated; NULL when not sent */
	size_t len[F_COUNT];
	bool seen[F_COUNT];
};

enum serve_problem {
	PROBLEM_NONE,
	PROBLEM_UNKNOWN_FIELD,
	PROBLEM_TWICE,
	PROBLEM_TOO_LONG,
	PROBLEM_NUL,
	PROBLEM_NO_MEMORY
};

/* The field's name in the form ("name") and its label's key in the texts. */
const char *field_name(enum serve_field f);
const char *field_label_key(enum serve_field f);
size_t field_limit(enum serve_field f);

/* Queues the response for a request: the status, a body the function
 * takes over (freed with free(); NULL for none) and, for a download, its
 * Content-Disposition. Every response carries the security headers. */
void http_send(struct MHD_Connection *conn, unsigned status, const char *type, char *body, size_t size,
               const char *disposition);

struct http;

/* Renders the page in each language and starts listening on addr; `bound`
 * is the address as a Host header writes it. NULL after reporting why. */
struct http *http_start(const struct serve_options *opts, struct workers *w, const struct sockaddr *addr,
                        const char *bound);
/* The port listened on (the one the system chose for port 0). */
unsigned short http_port(const struct http *h);
/* Stops accepting new connections. */
void http_quiesce(struct http *h);
/* Lets answers already made go out (a few seconds at most), closes every
 * connection and frees h. */
void http_stop(struct http *h);

/* ------------------------------------------------------------ stand mode */

struct stand;

/* Opens (or creates, mode 0600) the stand file for appending, locked
 * against a second server; checks that an existing file is one this
 * command wrote. NULL after reporting why. */
struct stand *stand_open(const char *path);
/* Appends one signer as a CSV row with one write and fsyncs it. Safe from
 * any thread. -1 on failure (errno set). */
int stand_append(struct stand *s, const char *const *cells);
size_t stand_rows(const struct stand *s);
const char *stand_path(const struct stand *s);
void stand_close(struct stand *s);


#endif
