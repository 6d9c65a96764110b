/* Font metrics, from the file the build writes per style next to the faces
 * (tools/font-metrics): widths for the BMP, the only plane libharu 2.3.0 can
 * draw, and the ascender and descender. Read whole at start, a few kilobytes
 * a style: no font library to load and no face to parse per run. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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
/* Latin, IPA, Greek and Cyrillic are looked up by index; the face's few
 * other blocks (Vietnamese, punctuation, currency...) by a search of runs. */
#define DIRECT 0x600

struct run {
	uint32_t first, count, at; /* code points first.. first + count - 1; their widths from high[at] */
};

struct face {
	char *path[FONT_CUTS];
	int ascent, descent;
	int16_t low[DIRECT]; /* advance + 1; 0 for a character the face does not draw */
	struct run *runs;    /* from DIRECT up, sorted */
	size_t nruns;
	int16_t *high;
};

struct fontset {
	struct face faces[FONT_STYLES];
};

/* A number of the metrics file at *p (decimal, or hexadecimal for a code
 * point), at most hi, ending at a space or a line's end; *p moves past it
 * and the spaces after it. */
static bool metrics_number(const char **p, bool hex, long hi, long *out)
{
	const char *s = *p;
	bool minus = !hex && *s == '-';
	long v = 0;

	s += minus;
	do {
		int d = *s >= '0' && *s <= '9' ? *s - '0'
		        : hex && *s >= 'a' && *s <= 'f' ? *s - 'a' + 10
		                                        : -1;
		if (d < 0 || (v = v * (hex ? 16 : 10) + d) > hi)
			return false;
	} while (*++s != ' ' && *s != '\n');
	*out = minus ? -v : v;
	while (*s == ' ')
		s++;
	*p = s;
	return true;
}

/* "NAME N\n" at *p, with |N| at most WIDTH_MAX. */
static bool metrics_height(const char **p, const char *name, int *out)
{
	size_t n = strlen(name);
	long v;

	if (strncmp(*p, name, n) != 0 || (*p)[n] != ' ')
		return false;
	*p += n + 1;
	if (!metrics_number(p, false, WIDTH_MAX, &v) || **p != '\n')
		return false;
	(*p)++;
	*out = (int)v;
	return true;
}

/* Parses text (NUL-terminated) into f; the line of the first error, or 0.
 * Lines of widths must come in the order of their code points. */
static int parse_metrics(struct face *f, const char *text)
{
	const char *p = text;
	size_t lines = 0, spaces = 0, nhigh = 0;
	long v, cp, next = 0;
	int line = 1;

	if (strncmp(p, "appeal-metrics 1\n", 17) != 0)
		return line;
	p += 17;
	if (!metrics_height(&p, "ascent", &f->ascent))
		return 2;
	if (!metrics_height(&p, "descent", &f->descent))
		return 3;
	/* Room for every width beyond DIRECT and a run per line, at most. */
	for (const char *q = p; *q; q++) {
		lines += *q == '\n';
		spaces += *q == ' ';
	}
	f->runs = malloc((lines + 1) * sizeof(*f->runs));
	f->high = malloc((spaces + 1) * sizeof(*f->high));
	if (!f->runs || !f->high)
		return -1;
	for (line = 4; *p; p++, line++) {
		if (!metrics_number(&p, true, 0xFFFF, &cp) || cp < next || *p == '\n')
			return line;
		do {
			if (cp > 0xFFFF || !metrics_number(&p, false, WIDTH_MAX, &v) || v < 0)
				return line;
			if (cp < DIRECT) {
				f->low[cp] = (int16_t)(v + 1);
			} else {
				struct run *r = f->nruns ? &f->runs[f->nruns - 1] : NULL;
				if (!r || r->first + r->count != (uint32_t)cp)
					f->runs[f->nruns++] = (struct run){(uint32_t)cp, 0, (uint32_t)nhigh};
				f->runs[f->nruns - 1].count++;
				f->high[nhigh++] = (int16_t)v;
			}
			cp++;
		} while (*p != '\n');
		next = cp;
	}
	return 0;
}

int font_metrics_check(const char *text)
{
	struct face *f = calloc(1, sizeof(*f));
	int line = f ? parse_metrics(f, text) : -1;

	if (f) {
		free(f->runs);
		free(f->high);
	}
	free(f);
	return line;
}

static int load_metrics(struct face *f, const char *path, struct appeal_error *err)
{
	FILE *fp = fopen(path, "r");
	struct stat st;
	bool fits = fp && fstat(fileno(fp), &st) == 0 && S_ISREG(st.st_mode) && st.st_size <= (off_t)METRICS_MAX;
	char *text = fits ? malloc((size_t)st.st_size + 1) : NULL;
	size_t n = text ? fread(text, 1, (size_t)st.st_size + 1, fp) : 0;
	int bad_line = 0, rc = 0;

	if (!fp) {
		rc = err_set(err, APPEAL_EIO, _("cannot read the font metrics '%s': %s"), path, strerror(errno));
	} else if (fits && !text) {
		rc = err_nomem(err);
	} else if (!fits || ferror(fp) || n != (size_t)st.st_size || memchr(text, '\0', n)) {
		rc = err_set(err, APPEAL_EIO, _("'%s' is not a font metrics file"), path);
	} else {
		text[n] = '\0';
		if ((bad_line = parse_metrics(f, text)) < 0) {
			rc = err_nomem(err);
		} else if (bad_line) {
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
	for (int s = 0; s < FONT_STYLES; s++) {
		for (int c = 0; c < FONT_CUTS; c++)
			free(fs->faces[s].path[c]);
		free(fs->faces[s].runs);
		free(fs->faces[s].high);
	}
	free(fs);
}

const char *fontset_path(const struct fontset *fs, enum font_style style, enum font_cut cut)
{
	return fs->faces[style].path[cut];
}

int font_advance(struct fontset *fs, enum font_style style, uint32_t cp)
{
	const struct face *f = &fs->faces[style];
	size_t lo = 0, hi = f->nruns;

	if (cp < DIRECT)
		return f->low[cp] - 1;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct run *r = &f->runs[mid];
		if (cp < r->first)
			hi = mid;
		else if (cp - r->first >= r->count)
			lo = mid + 1;
		else
			return f->high[r->at + (cp - r->first)];
	}
	return -1;
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
		if (c < 0x80 && fs->faces[style].low[c] > 0) {
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
