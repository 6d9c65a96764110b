#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/utf8.h"

bool buf_reserve(struct buf *b, size_t extra)
{
	if (b->failed)
		return false;
	if (b->data && b->cap - b->len > extra)
		return true;
	size_t cap = b->cap ? b->cap : 256;
	while (cap - b->len <= extra) {
		if (cap > SIZE_MAX / 2) {
			b->failed = true;
			return false;
		}
		cap *= 2;
	}
	char *d = realloc(b->data, cap);
	if (!d) {
		b->failed = true;
		return false;
	}
	b->data = d;
	b->cap = cap;
	return true;
}

bool buf_add(struct buf *b, const void *data, size_t n)
{
	if (!buf_reserve(b, n))
		return false;
	if (n)
		memcpy(b->data + b->len, data, n);
	b->len += n;
	b->data[b->len] = '\0';
	return true;
}

bool buf_adds(struct buf *b, const char *s)
{
	return buf_add(b, s, strlen(s));
}

bool buf_addc(struct buf *b, char c)
{
	return buf_add(b, &c, 1);
}

bool buf_addcp(struct buf *b, uint32_t cp)
{
	char tmp[4];
	return buf_add(b, tmp, (size_t)utf8_encode(cp, tmp));
}

bool buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	char small[128];

	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->failed = true;
		return false;
	}
	if ((size_t)n < sizeof(small))
		return buf_add(b, small, (size_t)n);
	if (!buf_reserve(b, (size_t)n))
		return false;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return true;
}

void buf_clear(struct buf *b)
{
	b->len = 0;
	b->failed = false;
	if (b->data)
		b->data[0] = '\0';
}

char *buf_take(struct buf *b)
{
	char *d = b->data;

	if (b->failed) {
		free(d);
		d = NULL;
	} else if (!d) {
		d = calloc(1, 1);
	}
	*b = (struct buf)BUF_INIT;
	return d;
}

void buf_free(struct buf *b)
{
	free(b->data);
	*b = (struct buf)BUF_INIT;
}

bool vec_reserve(void **v, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return true;
	size_t c = *cap ? *cap * 2 : 16;
	while (c <= n)
		c *= 2;
	if (c > SIZE_MAX / size)
		return false;
	void *d = realloc(*v, c * size);
	if (!d)
		return false;
	*v = d;
	*cap = c;
	return true;
}
