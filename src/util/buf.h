/* The one growable byte buffer. Its failure flag is sticky: after an
 * allocation fails every further add does nothing and returns false, so a
 * writer may add many pieces and check once at the end. The data is always
 * NUL-terminated once anything (even "") was added. */
#ifndef APPEAL_UTIL_BUF_H
#define APPEAL_UTIL_BUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/error.h"

struct buf {
	char *data;
	size_t len, cap;
	bool failed;
};
#define BUF_INIT {NULL, 0, 0, false}

/* Makes room for `extra` more bytes (and the NUL). */
bool buf_reserve(struct buf *b, size_t extra);
bool buf_add(struct buf *b, const void *data, size_t n);
bool buf_adds(struct buf *b, const char *s);
bool buf_addc(struct buf *b, char c);
/* Appends cp encoded as UTF-8. */
bool buf_addcp(struct buf *b, uint32_t cp);
bool buf_printf(struct buf *b, const char *fmt, ...) APPEAL_PRINTF(2, 3);

/* Empties the buffer, keeping its memory (and clearing the failure). */
void buf_clear(struct buf *b);

/* Hands the data over and leaves the buffer empty. The caller owns the
 * result and frees it with free(); NULL when an allocation failed (the
 * data is freed then) — "" when nothing was added. */
char *buf_take(struct buf *b);

void buf_free(struct buf *b);

/* Grows the array *v of *cap elements of `size` bytes so that it holds at
 * least n + 1; false when out of memory (the array is left as it was). */
bool vec_reserve(void **v, size_t *cap, size_t n, size_t size);

#endif
