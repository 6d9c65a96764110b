/* Filling struct appeal_error: the first error wins, so the innermost
 * failure (with the most precise position) is what the user sees. */
#ifndef APPEAL_ERROR_INTERNAL_H
#define APPEAL_ERROR_INTERNAL_H

#include "appeal.h"

#if defined(__GNUC__)
#define APPEAL_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define APPEAL_PRINTF(a, b)
#endif

/* Records code and message unless err is NULL or already holds an error.
 * Returns code, so callers can write `return err_set(...)`. */
int err_set(struct appeal_error *err, int code, const char *fmt, ...) APPEAL_PRINTF(3, 4);

/* Adds details to the error set last; each does nothing on a NULL err or
 * when the detail is already set (the first, most precise one wins). */
void err_source(struct appeal_error *err, const char *source);
void err_position(struct appeal_error *err, int line, int column);
void err_path(struct appeal_error *err, const char *fmt, ...) APPEAL_PRINTF(2, 3);
void err_field(struct appeal_error *err, const char *field);
void err_row(struct appeal_error *err, long row);
void err_hint(struct appeal_error *err, const char *fmt, ...) APPEAL_PRINTF(2, 3);

/* Shorthand for an allocation failure. */
int err_nomem(struct appeal_error *err);

/* Copies at most size-1 bytes of s into dst, replacing control characters
 * with '?' so that hostile input cannot drive the terminal. */
void err_quote(char *dst, size_t size, const char *s);

#endif
