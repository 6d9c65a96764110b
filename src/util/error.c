#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "util/error.h"
#include "util/i18n.h"

APPEAL_EXPORT void appeal_error_clear(struct appeal_error *err)
{
	if (err)
		memset(err, 0, sizeof(*err));
}

APPEAL_EXPORT const char *appeal_version(void)
{
	return APPEAL_VERSION;
}

APPEAL_EXPORT char *appeal_error_format(const struct appeal_error *err, char *buf, size_t size)
{
	size_t n = 0;

	if (!buf || size == 0)
		return buf;
	buf[0] = '\0';
	if (!err)
		return buf;
#define PUT(...)                                                                  \
	do {                                                                      \
		if (n < size) {                                                   \
			int w_ = snprintf(buf + n, size - n, __VA_ARGS__);        \
			n = w_ < 0 ? size : n + (size_t)w_;                        \
		}                                                                 \
	} while (0)
	if (err->source[0]) {
		PUT("%s", err->source);
		if (err->line > 0) {
			PUT(":%d", err->line);
			if (err->column > 0)
				PUT(":%d", err->column);
		}
		PUT(": ");
	}
	if (err->row > 0 && err->field[0])
		PUT(_("row %ld, field \"%s\": "), err->row, err->field);
	else if (err->row > 0)
		PUT(_("row %ld: "), err->row);
	PUT("%s", err->message[0] ? err->message : _("unknown error"));
#undef PUT
	return buf;
}

int err_set(struct appeal_error *err, int code, const char *fmt, ...)
{
	va_list ap;

	if (!err || err->code != 0)
		return code;
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
	return code;
}

void err_source(struct appeal_error *err, const char *source)
{
	if (err && source && !err->source[0])
		snprintf(err->source, sizeof(err->source), "%s", source);
}

void err_position(struct appeal_error *err, int line, int column)
{
	if (err && err->line == 0) {
		err->line = line;
		err->column = column;
	}
}

void err_path(struct appeal_error *err, const char *fmt, ...)
{
	va_list ap;

	if (!err || err->path[0])
		return;
	va_start(ap, fmt);
	vsnprintf(err->path, sizeof(err->path), fmt, ap);
	va_end(ap);
}

void err_field(struct appeal_error *err, const char *field)
{
	if (err && field && !err->field[0])
		snprintf(err->field, sizeof(err->field), "%s", field);
}

void err_row(struct appeal_error *err, long row)
{
	if (err && err->row == 0)
		err->row = row;
}

void err_hint(struct appeal_error *err, const char *fmt, ...)
{
	va_list ap;

	if (!err || err->hint[0])
		return;
	va_start(ap, fmt);
	vsnprintf(err->hint, sizeof(err->hint), fmt, ap);
	va_end(ap);
}

int err_nomem(struct appeal_error *err)
{
	return err_set(err, APPEAL_ENOMEM, "%s", _("out of memory"));
}

void err_quote(char *dst, size_t size, const char *s)
{
	size_t i = 0;

	if (size == 0)
		return;
	for (; s && *s && i + 1 < size; s++)
		dst[i++] = ((unsigned char)*s < 0x20 || *s == 0x7f) ? '?' : *s;
	/* Cut at a character boundary, never inside a UTF-8 sequence. */
	if (s && *s)
		while (i > 0 && ((unsigned char)dst[i - 1] & 0xC0) == 0x80)
			i--;
	if (s && *s && i > 0 && ((unsigned char)dst[i - 1] & 0xC0) == 0xC0)
		i--;
	dst[i] = '\0';
}
