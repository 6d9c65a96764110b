/* Compacting an embedded TrueType subset. libharu 2.3.0 embeds a face with
 * the outlines of unused glyphs emptied but every glyph still numbered, so
 * loca and hmtx keep an entry for each, and with tables a PDF viewer never
 * reads (name, OS/2, post). sfnt_compact() keeps only the glyphs asked for,
 * numbered anew in their old order, and only the tables PDF 32000-1 9.9
 * names for TrueType font programs. */
#ifndef APPEAL_BACKEND_SFNT_H
#define APPEAL_BACKEND_SFNT_H

#include <stddef.h>
#include <stdint.h>

struct sfnt_char {
	uint16_t unicode;
	uint16_t glyph; /* in the input's numbering */
};

/* Makes a compact copy of the TrueType font in[0..len). keep[g] != 0 keeps
 * glyph g (glyph 0 is always kept; a composite's components must be kept
 * too); nkeep is the size of keep. When nchars > 0 the copy gets a (3,1)
 * cmap of chars (those whose glyph is kept); otherwise none (a CID font
 * reaches glyphs through its CIDToGIDMap). When new_glyph is not NULL it
 * receives each kept glyph's new number (nkeep entries; 0 for the others).
 * On success *out (the caller frees it) and *out_len hold the copy and 0 is
 * returned; -1 when the input is not a font this understands, SFNT_NOMEM
 * when memory runs out; then nothing is allocated. */
#define SFNT_NOMEM (-2)
int sfnt_compact(const unsigned char *in, size_t len, const uint8_t *keep, size_t nkeep,
                 const struct sfnt_char *chars, size_t nchars, uint16_t *new_glyph, unsigned char **out,
                 size_t *out_len);

#endif
