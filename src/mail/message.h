/* Reading a message to send: its header fields, the envelope (who from,
 * who to) and the bytes that go to the server. Any RFC 5322 message is
 * read, not only those appeal writes: a user may have touched a file in a
 * mail program. */
#ifndef APPEAL_MAIL_MESSAGE_H
#define APPEAL_MAIL_MESSAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "appeal.h"
#include "util/buf.h"

/* The longest message read, and the longest header section. */
#define MESSAGE_MAX_BYTES (32u << 20)
#define MESSAGE_MAX_HEADER (256u << 10)
/* At most this many recipients in one message. */
#define MESSAGE_MAX_RCPT 100

struct message {
	char *message_id;     /* "<...>", or NULL when the message has none */
	char *from;           /* the From: address (addr-spec), or NULL */
	char **rcpt;          /* To, Cc and Bcc addresses, in order, each once */
	size_t nrcpt;
	bool has_to;          /* a To: field with at least one address (or --to) */
	bool to_filled;       /* the To: is --to's (message_fill_to) */
	bool unsent;          /* X-Unsent: 1 (a draft) */
	char *show_from;      /* From:, To: and Subject: decoded for people (UTF-8, one line) */
	char *show_to;
	char *subject;
	size_t header_len;    /* bytes of the header section, the empty line included */
};

/* Parses the header section of text[0..len) (line ends LF or CRLF).
 * `first_line` is the number of the message's first line in its file (1,
 * or more in an mbox), for error positions. A message that cannot be sent
 * as it is (a broken header line, a bad address, a duplicate From) fails
 * with APPEAL_EINVAL and the line; the caller sets the source. */
int message_parse(struct message *m, const char *text, size_t len, long first_line, struct appeal_error *err);

void message_clear(struct message *m);

/* Adds the --to address when the message has no To:. */
int message_fill_to(struct message *m, const char *to, struct appeal_error *err);

/* The bytes to submit: the message with CRLF line ends; Bcc:, X-Unsent:
 * and Return-Path: removed; Date: set to `date` (an RFC 5322 date); a To:
 * field with `to` added after From: when `to` is not NULL. */
int message_outgoing(struct buf *out, const char *text, size_t len, const struct message *m, const char *date,
                     const char *to);

/* Decodes RFC 2047 encoded-words in a header value (UTF-8, ISO-8859-x and
 * the like through iconv) and unfolds it, for showing to people; control
 * characters become '?'. The caller owns the result and frees it with
 * free(); NULL when out of memory. */
char *message_decode_header(const char *value, size_t len);

#endif
