/* HTML from the embedded templates. The templates are plain HTML files in
 * src/cli/web/ with {{key}} holes; every value that is not already HTML is
 * escaped here, once, so no text a visitor sent reaches a page as markup. */
#define _GNU_SOURCE /* memmem */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "serve.h"

const struct serve_asset *serve_asset(const char *name)
{
	for (size_t i = 0; i < serve_asset_count; i++)
		if (strcmp(serve_assets[i].name, name) == 0)
			return &serve_assets[i];
	return NULL;
}

void html_escape(FILE *f, const char *text)
{
	for (const char *p = text; *p; p++) {
		switch (*p) {
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '&': fputs("&amp;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&#39;", f); break;
		default: fputc(*p, f);
		}
	}
}

void json_escape(FILE *f, const char *text)
{
	for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(f, "\\u%04x", *p);
		else if (*p == '<')
			fputs("\\u003c", f); /* harmless even if the JSON is ever shown as HTML */
		else
			fputc(*p, f);
	}
}

char *page_render(const struct serve_asset *tmpl, size_t ui, page_value_fn values, void *cls, size_t *size)
{
	if (!tmpl)
		return NULL;
	char *out = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&out, &n);
	const char *p = (const char *)tmpl->data, *end = p + tmpl->size;
	int skip = 0; /* depth of sections being left out */
	bool ok = true;

	if (!f)
		return NULL;
	while (p < end) {
		const char *open = memmem(p, (size_t)(end - p), "{{", 2);
		if (!open) {
			if (!skip)
				fwrite(p, 1, (size_t)(end - p), f);
			break;
		}
		if (!skip)
			fwrite(p, 1, (size_t)(open - p), f);
		const char *close = memmem(open + 2, (size_t)(end - open - 2), "}}", 2);
		char key[64];
		size_t klen = close ? (size_t)(close - open - 2) : 0;
		if (!close || klen == 0 || klen >= sizeof(key)) {
			ok = false;
			break;
		}
		memcpy(key, open + 2, klen);
		key[klen] = '\0';
		p = close + 2;
		bool raw = false;
		if (key[0] == '#' || key[0] == '^') {
			if (skip) {
				skip++;
				continue;
			}
			const char *v = values ? values(cls, key + 1, &raw) : NULL;
			bool on = v && strcmp(v, "1") == 0;
			if (key[0] == '^')
				on = !on;
			skip = !on;
		} else if (key[0] == '/') {
			if (skip)
				skip--;
		} else if (!skip) {
			const char *v = values ? values(cls, key, &raw) : NULL;
			if (!v) {
				v = ui_text(ui, key);
				raw = false;
			}
			if (raw)
				fputs(v, f);
			else
				html_escape(f, v);
		}
	}
	if (fclose(f) != 0 || !ok) {
		free(out);
		return NULL;
	}
	*size = n;
	return out;
}

struct message {
	size_t ui;
	const char *heading, *body, *link;
	char refresh[16];
};

static const char *message_value(void *cls, const char *key, bool *raw)
{
	struct message *m = cls;

	*raw = false;
	if (strcmp(key, "ui") == 0)
		return ui_code(m->ui);
	if (strcmp(key, "heading") == 0)
		return m->heading;
	if (strcmp(key, "link") == 0)
		return m->link;
	if (strcmp(key, "refresh") == 0)
		return m->refresh[0] ? "1" : "0";
	if (strcmp(key, "refresh_seconds") == 0)
		return m->refresh;
	if (strcmp(key, "body") == 0) {
		*raw = true;
		return m->body;
	}
	return NULL;
}

char *page_message(size_t ui, const char *heading, const char *const *paragraphs, size_t n, const char *link_key,
                   int refresh, size_t *size)
{
	struct message m = {ui, heading, NULL, ui_text(ui, link_key), ""};
	char *body = NULL, *page = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&body, &len);

	if (!f)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (!paragraphs[i] || !paragraphs[i][0])
			continue;
		fputs("<p>", f);
		html_escape(f, paragraphs[i]);
		fputs("</p>\n", f);
	}
	if (fclose(f) != 0) {
		free(body);
		return NULL;
	}
	if (refresh > 0)
		snprintf(m.refresh, sizeof(m.refresh), "%d", refresh);
	m.body = body;
	page = page_render(serve_asset("message.html"), ui, message_value, &m, size);
	free(body);
	return page;
}
