/* The send journal: one line per event, appended and flushed to disk
 * before the run goes on, so that what the server accepted is known after
 * any stop, kill -9 or power cut included (docs/mail.md). A lock on the
 * file keeps two runs from sending the same messages at once. */
#ifndef APPEAL_MAIL_JOURNAL_H
#define APPEAL_MAIL_JOURNAL_H

#include <stdbool.h>

#include "appeal.h"
#include "util/pool.h"
#include "util/strmap.h"

/* The longest journal read. */
#define JOURNAL_MAX_BYTES (256u << 20)

enum journal_state {
	JOURNAL_NONE = 0,
	JOURNAL_SENDING, /* the whole message went to the server; its answer was not recorded yet */
	JOURNAL_SENT,    /* the server accepted it */
	JOURNAL_REFUSED  /* the server refused it */
};

struct journal {
	int fd;
	char *path;
	bool torn;          /* the file ends inside a line (a write cut short) */
	struct pool pool;
	struct strmap last; /* Message-ID -> the last state recorded */
};

/* Opens (or, unless read_only, creates) and locks the journal and reads
 * what earlier runs recorded. Fails when another run holds the lock or a
 * line is not one appeal wrote (with its line number). read_only (a dry
 * run) neither creates nor locks. Close with journal_close(). */
int journal_open(struct journal *j, const char *path, bool read_only, struct appeal_error *err);

/* The last state recorded for the Message-ID. */
enum journal_state journal_get(const struct journal *j, const char *id);

/* Appends one event and waits until it is on disk. `reply` may be NULL. */
int journal_put(struct journal *j, enum journal_state st, const char *id, const char *file, const char *reply,
                struct appeal_error *err);

void journal_close(struct journal *j);

#endif
