/* Where messages to send come from: a directory of .eml files (sorted by
 * name), one .eml file, or an mbox (mboxrd: ">From " lines unquoted). Only
 * an index is kept; each message is read when it is needed, so memory does
 * not grow with the mailbox. */
#ifndef APPEAL_MAIL_SOURCE_H
#define APPEAL_MAIL_SOURCE_H

#include <stdbool.h>
#include <stddef.h>

#include "appeal.h"

/* At most this many messages in one source. */
#define SOURCE_MAX_MESSAGES 1000000

struct source_item {
	char *path;        /* the file that holds the message */
	long long offset;  /* where the message starts in it (after an mbox "From " line) */
	long long len;     /* its length; -1: to the end of the file */
	long line;         /* the line the message starts on */
	long index;        /* its number in an mbox, from 1; 0 for a file of its own */
};

struct source {
	char *path;
	bool mbox, dir;
	struct source_item *items;
	size_t n;
};

/* Indexes the messages at `path`. An empty directory or mbox is not an
 * error (there is nothing to send). Free with source_free(). */
int source_open(struct source *s, const char *path, struct appeal_error *err);

/* Reads message i. The caller owns *text (NUL-terminated, *len bytes) and
 * frees it with free(). */
int source_read(const struct source *s, size_t i, char **text, size_t *len, struct appeal_error *err);

void source_free(struct source *s);

#endif
