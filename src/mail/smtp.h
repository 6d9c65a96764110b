/* One SMTP submission session on libcurl: the connection (and TLS, and
 * AUTH) is kept between messages. libcurl stays inside smtp.c. */
#ifndef APPEAL_MAIL_SMTP_H
#define APPEAL_MAIL_SMTP_H

#include <stdbool.h>
#include <stddef.h>

#include "appeal.h"

struct smtp;

enum smtp_result {
	SMTP_OK = 0,
	SMTP_REFUSED,   /* the server refused this message (MAIL, RCPT or DATA): the others may go */
	SMTP_UNCERTAIN, /* all of it went, then the connection failed before the server's answer */
	SMTP_FATAL      /* no message can go: connection, TLS, login, or the journal failed */
};

struct smtp_options {
	const char *url, *user, *password, *ca_file;
	bool plaintext;
	long timeout; /* seconds for one message */
};

/* Checks the options and prepares a session (nothing is connected yet).
 * The strings are copied. NULL after setting err. Free with smtp_free(). */
struct smtp *smtp_new(const struct smtp_options *o, struct appeal_error *err);

/* Sends one message. `at_end` is called once, when every byte of the
 * message has gone and only the end-of-data mark and the server's answer
 * are left; a nonzero return aborts the message before the server can
 * accept it. *reply gets the server's last answer (borrowed, valid until
 * the next call). */
enum smtp_result smtp_send(struct smtp *s, const char *from, char *const *rcpt, size_t nrcpt, const char *data,
                           size_t len, int (*at_end)(void *ctx), void *ctx, const char **reply,
                           struct appeal_error *err);

void smtp_free(struct smtp *s);

/* Whether the URL's host is this machine (127.0.0.0/8, ::1, localhost). */
bool smtp_url_is_local(const char *url);

#endif
