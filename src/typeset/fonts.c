/* Font metrics, from the file the build writes per style next to the faces
 * (tools/font-metrics): widths for the BMP, the only plane libharu 2.3.0 can
 * draw, and the ascender and descender. Read whole at start, a few kilobytes
 * a style: no font library to load and no face to parse per run. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/error.h"
#include "util/i18n.h"
#include "typeset/fonts.h"
#include "util/utf8.h"


/* The faces cut at build time (fonts/meson.build): per style a WinAnsi cut
 * and a Unicode cut, with the same advance widths. */
static const char *const style_names[FONT_STYLES] = {"Regular", "Italic", "Bold", "BoldItalic"};
static const char *const cut_names[FONT_CUTS] = {"WinAnsi", "Unicode"};

/* A metrics file is about 7 KB; anything past this is not one. */
#define METRICS_MAX (256u << 10)
#define WIDTH_MAX 30000 /* 1/1000 em: 30 em, wider than any glyph */

struct face {
	char *path[FONT_CUTS];
	int ascent, descent;
	/* advance + 1; 0 for a character the face does not draw. Only the
	 * pages holding the face's blocks are ever written. */
	int16_t width[0x10000];
};

struct fontset {
	struct face faces[FONT_STYLES];
};

/* A number of the metrics file at *p, ending at a space or a line's end;
 * *p moves past it and the spaces after it. */
static bool metrics_number(const char **p, int base, long lo, long hi, long *out)
{
	char *end;

	if (**p == ' ' || **p == '\n' || **p == '\0' || **p == '+')
		return false;
	errno = 0;
	*out = strtol(*p, &end, base);
	if (end == *p || errno || (*end != ' ' && *end != '\n') || *out < lo || *out > hi)
		return false;
	*p = end;
	while (**p == ' ')
		(*p)++;
	return true;
}

/* Parses text (NUL-terminated) into f; the line of the first error into
 * *bad_line, or 0. */
static void parse_metrics(struct face *f, const char *text, int *bad_line)
{
	const char *p = text;
	long v, cp;
	int line = 1;

	*bad_line = 1;
	if (strncmp(p, "appeal-metrics 1\n", 17) != 0)
		return;
	p += 17;
	line = 2;
	if (strncmp(p, "ascent ", 7) != 0 || (p += 7, !metrics_number(&p, 10, -WIDTH_MAX, WIDTH_MAX, &v)) ||
	    *p != '\n')
		goto bad;
	f->ascent = (int)v;
	p++, line++;
	if (strncmp(p, "descent ", 8) != 0 || (p += 8, !metrics_number(&p, 10, -WIDTH_MAX, WIDTH_MAX, &v)) ||
	    *p != '\n')
		goto bad;
	f->descent = (int)v;
	p++, line++;
	for (; *p; p++, line++) {
		if (!metrics_number(&p, 16, 0, 0xFFFF, &cp))
			goto bad;
		do {
			if (cp > 0xFFFF || !metrics_number(&p, 10, 0, WIDTH_MAX, &v))
				goto bad;
			f->width[cp++] = (int16_t)(v + 1);
		} while (*p != '\n');
	}
	*bad_line = 0;
	return;
bad:
	*bad_line = line;
}

static int load_metrics(struct face *f, const char *path, struct appeal_error *err)
{
	FILE *fp = fopen(path, "r");
	char *text = fp ? malloc(METRICS_MAX + 1) : NULL;
	size_t n = text ? fread(text, 1, METRICS_MAX + 1, fp) : 0;
	int bad_line = 0, rc = 0;

	if (!fp) {
		rc = err_set(err, APPEAL_EIO, _("cannot read the font metrics '%s': %s"), path, strerror(errno));
	} else if (!text) {
		rc = err_nomem(err);
	} else if (ferror(fp) || n > METRICS_MAX || memchr(text, '\0', n)) {
		rc = err_set(err, APPEAL_EIO, _("'%s' is not a font metrics file"), path);
	} else {
		text[n] = '\0';
		parse_metrics(f, text, &bad_line);
		if (bad_line) {
			rc = err_set(err, APPEAL_EIO, _("the font metrics '%s' are damaged"), path);
			err_position(err, bad_line, 1);
		}
	}
	if (rc && rc != APPEAL_ENOMEM)
		err_source(err, path);
	free(text);
	if (fp)
		fclose(fp);
	return rc;
}

struct fontset *fontset_load(const char *dir, struct appeal_error *err)
{
	struct fontset *fs = calloc(1, sizeof(*fs));
	char *metrics = NULL;

	if (!fs) {
		err_nomem(err);
		return NULL;
	}
	for (int s = 0; s < FONT_STYLES; s++) {
		struct face *f = &fs->faces[s];
		for (int c = 0; c < FONT_CUTS; c++) {
			size_t n = strlen(dir) + strlen(style_names[s]) + strlen(cut_names[c]) + sizeof("/AppealSerif--.ttf");
			f->path[c] = malloc(n);
			if (!f->path[c]) {
				err_nomem(err);
				goto fail;
			}
			snprintf(f->path[c], n, "%s/AppealSerif-%s-%s.ttf", dir, style_names[s], cut_names[c]);
			/* libharu opens the file only when a line needs it: find out now. */
			if (access(f->path[c], R_OK) != 0) {
				err_set(err, APPEAL_EIO, _("cannot read the font '%s': %s"), f->path[c], strerror(errno));
				err_source(err, f->path[c]);
				goto bad_font;
			}
		}
		size_t n = strlen(dir) + strlen(style_names[s]) + sizeof("/AppealSerif-.metrics");
		if (!(metrics = malloc(n))) {
			err_nomem(err);
			goto fail;
		}
		snprintf(metrics, n, "%s/AppealSerif-%s.metrics", dir, style_names[s]);
		int rc = load_metrics(f, metrics, err);
		free(metrics);
		if (rc == APPEAL_ENOMEM)
			goto fail;
		if (rc)
			goto bad_font;
	}
	return fs;
bad_font:
	err_hint(err, _("reinstall appeal, or point APPEAL_DATA_DIR at a directory with fonts/ and letters/"));
fail:
	fontset_free(fs);
	return NULL;
}

void fontset_free(struct fontset *fs)
{
	if (!fs)
		return;
	for (int s = 0; s < FONT_STYLES; s++)
		for (int c = 0; c < FONT_CUTS; c++)
			free(fs->faces[s].path[c]);
	free(fs);
}

const char *fontset_path(const struct fontset *fs, enum font_style style, enum font_cut cut)
{
	return fs->faces[style].path[cut];
}

int font_advance(struct fontset *fs, enum font_style style, uint32_t cp)
{
	return cp > 0xFFFF ? -1 : fs->faces[style].width[cp] - 1;
}

long font_text_width(struct fontset *fs, enum font_style style, const char *s, size_t len)
{
	long total = 0;
	size_t i = 0;
	uint32_t cp;

	while (i < len) {
		int n = utf8_decode(s + i, len - i, &cp);
		if (n < 0) {
			i++;
			continue;
		}
		int w = font_advance(fs, style, cp);
		total += w > 0 ? w : 0;
		i += (size_t)n;
	}
	return total;
}

int font_ascent(const struct fontset *fs, enum font_style style)
{
	return fs->faces[style].ascent;
}

int font_descent(const struct fontset *fs, enum font_style style)
{
	return fs->faces[style].descent;
}

uint32_t font_first_missing(struct fontset *fs, enum font_style style, const char *s)
{
	size_t len = strlen(s), i = 0;
	uint32_t cp;

	while (i < len) {
		/* ASCII the face draws: most of a letter, at a byte each. */
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80 && fs->faces[style].width[c] > 0) {
			i++;
			continue;
		}
		int n = utf8_decode(s + i, len - i, &cp);
		if (n < 0)
			return 0xFFFD;
		/* Spaces and line breaks are layout, not glyphs. */
		if (cp != '\n' && cp != '\r' && cp != '\t' && font_advance(fs, style, cp) < 0)
			return cp;
		i += (size_t)n;
	}
	return 0;
}
