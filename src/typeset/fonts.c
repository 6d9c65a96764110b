/* Font metrics with FreeType. Widths are cached per face for the BMP, the
 * only plane libharu 2.3.0 can draw. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_ADVANCES_H

#include "util/error.h"
#include "util/i18n.h"
#include "typeset/fonts.h"
#include "util/utf8.h"


/* The faces cut at build time (fonts/meson.build): per style a WinAnsi cut
 * and a Unicode cut, with the same advance widths. */
static const char *const style_names[FONT_STYLES] = {"Regular", "Italic", "Bold", "BoldItalic"};
static const char *const cut_names[FONT_CUTS] = {"WinAnsi", "Unicode"};

struct face {
	FT_Face ft; /* the Unicode cut: its glyphs are a superset of the other */
	char *path[FONT_CUTS];
	int ascent, descent;
	/* advance + 2 (so -1, no glyph, is 1); 0 until looked up, so that the
	 * table costs nothing until used: calloc'd pages are not touched at start */
	int16_t width[0x10000];
};

struct fontset {
	FT_Library lib;
	struct face faces[FONT_STYLES];
};

struct fontset *fontset_load(const char *dir, struct appeal_error *err)
{
	struct fontset *fs = calloc(1, sizeof(*fs));

	if (!fs) {
		err_nomem(err);
		return NULL;
	}
	if (FT_Init_FreeType(&fs->lib)) {
		err_set(err, APPEAL_EIO, _("FreeType could not start"));
		free(fs);
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
		if (FT_New_Face(fs->lib, f->path[FONT_UNICODE], 0, &f->ft) || !f->ft->units_per_EM) {
			f->ft = NULL;
			err_set(err, APPEAL_EIO, _("cannot read the font '%s'"), f->path[FONT_UNICODE]);
			err_source(err, f->path[FONT_UNICODE]);
			goto bad_font;
		}
		f->ascent = (int)(f->ft->ascender * 1000L / f->ft->units_per_EM);
		f->descent = (int)(f->ft->descender * 1000L / f->ft->units_per_EM);
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
		if (fs->faces[s].ft)
			FT_Done_Face(fs->faces[s].ft);
		for (int c = 0; c < FONT_CUTS; c++)
			free(fs->faces[s].path[c]);
	}
	FT_Done_FreeType(fs->lib);
	free(fs);
}

const char *fontset_path(const struct fontset *fs, enum font_style style, enum font_cut cut)
{
	return fs->faces[style].path[cut];
}

int font_advance(struct fontset *fs, enum font_style style, uint32_t cp)
{
	struct face *f = &fs->faces[style];
	FT_Fixed adv;

	if (cp > 0xFFFF)
		return -1;
	if (f->width[cp])
		return f->width[cp] - 2;
	FT_UInt gid = FT_Get_Char_Index(f->ft, cp);
	int w = -1;
	/* The same integer libharu writes: advance * 1000 / units_per_em, truncated. */
	if (gid && !FT_Get_Advance(f->ft, gid, FT_LOAD_NO_SCALE, &adv))
		w = (int)(adv * 1000 / f->ft->units_per_EM);
	f->width[cp] = (int16_t)(w + 2);
	return w;
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
		/* ASCII whose glyph was seen: most of a letter, at a byte each. */
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80 && fs->faces[style].width[c] > 1) {
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
