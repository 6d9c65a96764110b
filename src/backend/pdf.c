/* The PDF backend: draws a finished layout (typeset/typesetter.h) with
 * libharu. libharu and libpng are used here and nowhere else. The
 * typesetter has chosen each line's cut: WinAnsi lines come as
 * Windows-1252 bytes drawn with PDF word spacing; Unicode lines with each
 * word's position, drawn one word at a time through a UTF-8 font created
 * only when first needed. Nothing here measures text or breaks lines. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hpdf.h>
#include <png.h>

#include "config.h"
#include "backend/sink.h"
#include "util/error.h"
#include "typeset/typesetter.h"
#include "util/i18n.h"

#define MAX_SIGNATURE_PIXELS (4000u * 4000u)

struct appeal_pdf {
	struct typesetter *ts;
	HPDF_Doc doc;
	HPDF_STATUS last_error;
	const char *ttf[FONT_STYLES][FONT_CUTS]; /* libharu's names of the loaded faces */
	HPDF_Font winansi[FONT_STYLES];
	HPDF_Font unicode[FONT_STYLES];
	bool have_info;
	char *title, *author; /* overrides for the next document, or NULL */
	int pages;
	char *word_buf; /* one word of a Unicode line, NUL-terminated for libharu */
	size_t word_cap;
};

static void on_hpdf_error(HPDF_STATUS error, HPDF_STATUS detail, void *data)
{
	struct appeal_pdf *pdf = data;
	(void)detail;
	if (!pdf->last_error)
		pdf->last_error = error;
}

static int hpdf_failed(struct appeal_pdf *pdf, const char *what, struct appeal_error *err)
{
	HPDF_STATUS code = pdf->last_error ? pdf->last_error : HPDF_GetError(pdf->doc);
	if (!code)
		return 0;
	err_set(err, APPEAL_EPDF, _("libharu failed while %s (error 0x%04X)"), what, (unsigned)code);
	HPDF_ResetError(pdf->doc);
	pdf->last_error = 0;
	return APPEAL_EPDF;
}

/* Starts an empty document: fonts are re-attached lazily; the parsed font
 * files and encoders survive HPDF_NewDoc. */
static int start_document(struct appeal_pdf *pdf, struct appeal_error *err)
{
	if (HPDF_NewDoc(pdf->doc) != HPDF_OK)
		return hpdf_failed(pdf, _("starting a document"), err);
	/* Compression is fixed when an object is made: set it before any. */
	HPDF_SetCompressionMode(pdf->doc, HPDF_COMP_ALL);
	HPDF_SetViewerPreference(pdf->doc, HPDF_PRINT_SCALING_NONE);
	/* One flat page tree holds at most 32,767 pages; a tree of nodes of 1,000
	 * lifts that limit for a combined print file. */
	HPDF_SetPagesConfiguration(pdf->doc, 1000);
	memset(pdf->winansi, 0, sizeof(pdf->winansi));
	memset(pdf->unicode, 0, sizeof(pdf->unicode));
	pdf->have_info = false;
	pdf->pages = 0;
	free(pdf->title);
	free(pdf->author);
	pdf->title = pdf->author = NULL;
	return hpdf_failed(pdf, _("starting a document"), err);
}

APPEAL_EXPORT void appeal_pdf_free(struct appeal_pdf *pdf)
{
	if (!pdf)
		return;
	if (pdf->doc)
		HPDF_Free(pdf->doc);
	typesetter_free(pdf->ts);
	free(pdf->title);
	free(pdf->author);
	free(pdf->word_buf);
	free(pdf);
}

APPEAL_EXPORT struct appeal_pdf *appeal_pdf_new(const struct appeal_pdf_options *opts, struct appeal_error *err)
{
	struct appeal_pdf *pdf;

	if (!opts || !opts->font_dir) {
		err_set(err, APPEAL_EINVAL, _("no font directory was given"));
		return NULL;
	}
	struct typesetter_options to = {opts->paper,          opts->font_dir,         opts->hyphen_dir,
	                                opts->ragged,         opts->no_hyphenation,   opts->no_tighten};
	pdf = calloc(1, sizeof(*pdf));
	if (!pdf) {
		err_nomem(err);
		return NULL;
	}
	if (!(pdf->ts = typesetter_new(&to, err)))
		goto fail;
	pdf->doc = HPDF_New(on_hpdf_error, pdf);
	if (!pdf->doc) {
		err_nomem(err);
		goto fail;
	}
	HPDF_UseUTFEncodings(pdf->doc);
	if (start_document(pdf, err))
		goto fail;
	return pdf;
fail:
	appeal_pdf_free(pdf);
	return NULL;
}

APPEAL_EXPORT int appeal_pdf_page_count(const struct appeal_pdf *pdf)
{
	return pdf ? pdf->pages : 0;
}

/* ------------------------------------------------------------ fonts */

/* libharu 2.3.0 writes the encoding CMap where the ToUnicode map belongs;
 * viewers warn and text is lost after re-distilling. Its UTF-8 codes are the
 * Unicode values, so the right map is the identity: one bfrange per high
 * byte (a range may not cross one), surrogates left out, at most 100 ranges
 * per block. */
static void fix_tounicode(HPDF_Font font)
{
	HPDF_Dict map = HPDF_Dict_GetItem(font, "ToUnicode", HPDF_OCLASS_DICT);
	char line[64];
	int ranges = 256 - 8, n = 0;

	if (!map || !map->stream)
		return;
	HPDF_Stream s = map->stream;
	HPDF_MemStream_FreeData(s);
	HPDF_Stream_WriteStr(s, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
	                        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
	                        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
	                        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	for (int hi = 0; hi < 256; hi++) {
		if (hi >= 0xD8 && hi <= 0xDF)
			continue;
		if (n % 100 == 0) {
			snprintf(line, sizeof(line), "%d beginbfrange\n", ranges - n < 100 ? ranges - n : 100);
			HPDF_Stream_WriteStr(s, line);
		}
		snprintf(line, sizeof(line), "<%02X00> <%02XFF> <%02X00>\n", hi, hi, hi);
		HPDF_Stream_WriteStr(s, line);
		if (++n % 100 == 0 || n == ranges)
			HPDF_Stream_WriteStr(s, "endbfrange\n");
	}
	HPDF_Stream_WriteStr(s, "endcmap\nCMapName currentdict /CMapResource defineresource pop\nend\nend\n");
}

static HPDF_Font font_for(struct appeal_pdf *pdf, enum font_style style, bool unicode)
{
	HPDF_Font *slot = unicode ? &pdf->unicode[style] : &pdf->winansi[style];
	enum font_cut cut = unicode ? FONT_UNICODE : FONT_WINANSI;
	const char **ttf = &pdf->ttf[style][cut];

	if (*slot)
		return *slot;
	if (!*ttf) {
		*ttf = HPDF_LoadTTFontFromFile(pdf->doc, typesetter_font_file(pdf->ts, style, cut), HPDF_TRUE);
		if (!*ttf)
			return NULL;
		/* libharu tags subsets in the order faces are loaded, and restarts
		 * the count with every document while the faces stay: the same
		 * file would depend on which signer came first, and two subsets in
		 * one file could share a tag. One fixed tag per face instead. */
		char tag[HPDF_TTF_FONT_TAG_LEN + 1] = {'A', 'P', 'S', 'F', (char)('A' + style), (char)('A' + cut), 0};
		HPDF_FontDef def = HPDF_Doc_FindFontDef(pdf->doc, *ttf);
		if (def)
			HPDF_TTFontDef_SetTagName(def, tag);
	}
	*slot = HPDF_GetFont(pdf->doc, *ttf, unicode ? "UTF-8" : "WinAnsiEncoding");
	if (*slot && unicode)
		fix_tounicode(*slot);
	return *slot;
}

/* Makes room for a word of len bytes in word_buf. */
static bool word_room(struct appeal_pdf *pdf, size_t len)
{
	if (len + 1 > pdf->word_cap) {
		char *b = realloc(pdf->word_buf, len + 1);
		if (!b)
			return false;
		pdf->word_buf = b;
		pdf->word_cap = len + 1;
	}
	return true;
}

/* ------------------------------------------------------------ signature */

struct rgba {
	unsigned width, height;
	unsigned char *rgb, *alpha; /* alpha NULL when fully opaque */
};

/* The signature comes from a file (the command) or from memory (a web
 * form); both go through the same checks, and a hostile image is refused
 * before anything large is allocated. */
static int load_signature(const struct appeal_document *doc, struct rgba *img, struct appeal_error *err)
{
	const char *path = doc->signature_png ? doc->signature_png : _("the signature");
	png_image png;
	unsigned char *pixels = NULL;
	int ok;

	memset(img, 0, sizeof(*img));
	memset(&png, 0, sizeof(png));
	png.version = PNG_IMAGE_VERSION;
	if (doc->signature_png)
		ok = png_image_begin_read_from_file(&png, doc->signature_png);
	else
		ok = png_image_begin_read_from_memory(&png, doc->signature_data, doc->signature_size);
	if (!ok) {
		bool missing = doc->signature_png && access(path, R_OK) != 0;
		err_set(err, missing ? APPEAL_EIO : APPEAL_ESYNTAX, "%s: %s", path,
		        missing ? strerror(errno) : _("not a readable PNG image"));
		err_field(err, "signature");
		err_hint(err, _("give a PNG file of the signature, ideally dark ink on a transparent background"));
		return err ? err->code : APPEAL_EIO;
	}
	if (png.width == 0 || png.height == 0 || (unsigned long)png.width * png.height > MAX_SIGNATURE_PIXELS) {
		png_image_free(&png);
		err_set(err, APPEAL_EINVAL, _("%s: the signature image is %ux%u pixels; at most 4000x4000 is accepted"),
		        path, png.width, png.height);
		err_field(err, "signature");
		err_hint(err, _("scale the image down; 600x200 pixels is plenty for a signature"));
		return APPEAL_EINVAL;
	}
	png.format = PNG_FORMAT_RGBA;
	size_t n = (size_t)png.width * png.height;
	pixels = malloc(n * 4);
	img->rgb = malloc(n * 3);
	img->alpha = malloc(n);
	if (!pixels || !img->rgb || !img->alpha) {
		png_image_free(&png);
		free(pixels);
		free(img->rgb);
		free(img->alpha);
		return err_nomem(err);
	}
	if (!png_image_finish_read(&png, NULL, pixels, 0, NULL)) {
		err_set(err, APPEAL_ESYNTAX, _("%s: the PNG image is damaged (%s)"), path, png.message);
		err_field(err, "signature");
		err_hint(err, _("export the signature again as PNG"));
		png_image_free(&png);
		free(pixels);
		free(img->rgb);
		free(img->alpha);
		return APPEAL_ESYNTAX;
	}
	bool opaque = true;
	for (size_t i = 0; i < n; i++) {
		memcpy(img->rgb + 3 * i, pixels + 4 * i, 3);
		img->alpha[i] = pixels[4 * i + 3];
		opaque &= img->alpha[i] == 255;
	}
	free(pixels);
	if (opaque) {
		free(img->alpha);
		img->alpha = NULL;
	}
	img->width = png.width;
	img->height = png.height;
	return 0;
}

/* libharu leaves an SMask from a PNG uncompressed and mishandles 16-bit and
 * palette alpha, so the pixels go in as two raw, compressed images. */
static int draw_signature(struct appeal_pdf *pdf, HPDF_Page page, const struct rgba *img, const struct ll_image *box,
                          struct appeal_error *err)
{
	HPDF_Image rgb = HPDF_LoadRawImageFromMem(pdf->doc, img->rgb, img->width, img->height, HPDF_CS_DEVICE_RGB, 8);
	if (rgb && img->alpha) {
		HPDF_Image mask =
		    HPDF_LoadRawImageFromMem(pdf->doc, img->alpha, img->width, img->height, HPDF_CS_DEVICE_GRAY, 8);
		if (mask)
			HPDF_Image_AddSMask(rgb, mask);
	}
	if (!rgb)
		return hpdf_failed(pdf, _("embedding the signature"), err);
	double scale = box->width / img->width;
	if (img->height * scale > box->height)
		scale = box->height / img->height;
	double w = img->width * scale, h = img->height * scale;
	HPDF_Page_DrawImage(page, rgb, (HPDF_REAL)box->x, (HPDF_REAL)box->y, (HPDF_REAL)w, (HPDF_REAL)h);
	return hpdf_failed(pdf, _("drawing the signature"), err);
}

/* ------------------------------------------------------------ drawing */

/* A Unicode line: one Td and Tj per word at the typesetter's steps, each
 * word shown with its space so that copied text keeps its spaces. Returns
 * how far the line origin moved, or -1 when out of memory. */
static double draw_unicode_words(struct appeal_pdf *pdf, HPDF_Page page, const struct ll_line *line)
{
	const char *s = line->text;
	double moved = 0;

	if (!word_room(pdf, strlen(s)))
		return -1;
	for (size_t k = 0; *s; k++) {
		size_t n = strcspn(s, " ");
		size_t len = n + (s[n] == ' ' ? 1 : 0);
		memcpy(pdf->word_buf, s, len);
		pdf->word_buf[len] = '\0';
		if (line->steps[k] != 0)
			HPDF_Page_MoveTextPos(page, (HPDF_REAL)line->steps[k], 0);
		moved += line->steps[k];
		HPDF_Page_ShowText(page, pdf->word_buf);
		s += len;
	}
	return moved;
}

static int draw_page(struct appeal_pdf *pdf, const struct layout *l, const struct ll_page *pg,
                     const struct rgba *signature, struct appeal_error *err)
{
	HPDF_Page page = HPDF_AddPage(pdf->doc);

	if (!page)
		return hpdf_failed(pdf, _("adding a page"), err) ? APPEAL_EPDF : err_set(err, APPEAL_EPDF, _("no page"));
	HPDF_Page_SetWidth(page, (HPDF_REAL)l->page_width);
	HPDF_Page_SetHeight(page, (HPDF_REAL)l->page_height);
	if (pg->nrules) {
		HPDF_Page_SetLineWidth(page, 0.4f);
		HPDF_Page_SetGrayStroke(page, 0.45f);
		for (int i = 0; i < pg->nrules; i++) {
			HPDF_Page_MoveTo(page, (HPDF_REAL)pg->rules[i].x0, (HPDF_REAL)pg->rules[i].y0);
			HPDF_Page_LineTo(page, (HPDF_REAL)pg->rules[i].x1, (HPDF_REAL)pg->rules[i].y1);
		}
		HPDF_Page_Stroke(page);
	}
	if (pg->has_signature && signature->rgb) {
		int rc = draw_signature(pdf, page, signature, &pg->signature, err);
		if (rc)
			return rc;
	}
	HPDF_Page_BeginText(page);
	double x0 = 0, y0 = 0, word_space = 0, char_space = 0, expand = 0;
	HPDF_Font current = NULL;
	double current_size = 0;
	for (size_t i = 0; i < pg->nlines; i++) {
		const struct ll_line *line = &pg->lines[i];
		HPDF_Font font = font_for(pdf, line->style, line->cut == FONT_UNICODE);
		if (!font)
			break;
		if (font != current || line->size != current_size) {
			HPDF_Page_SetFontAndSize(page, font, (HPDF_REAL)line->size);
			current = font;
			current_size = line->size;
		}
		HPDF_Page_MoveTextPos(page, (HPDF_REAL)(line->x - x0), (HPDF_REAL)(line->y - y0));
		/* Font expansion (Tz) and letter spacing work for both fonts; word
		 * spacing only for WinAnsi. */
		if (line->expand != expand) {
			HPDF_Page_SetHorizontalScalling(page, (HPDF_REAL)(100 * (1 + line->expand)));
			expand = line->expand;
		}
		if (line->char_space != char_space) {
			HPDF_Page_SetCharSpace(page, (HPDF_REAL)line->char_space);
			char_space = line->char_space;
		}
		x0 = line->x;
		y0 = line->y;
		if (line->cut == FONT_WINANSI) {
			if (line->word_space != word_space) {
				HPDF_Page_SetWordSpace(page, (HPDF_REAL)line->word_space);
				word_space = line->word_space;
			}
			HPDF_Page_ShowText(page, line->winansi);
		} else {
			/* Each word's Td moves the line origin along with it. */
			double moved = draw_unicode_words(pdf, page, line);
			if (moved < 0) {
				HPDF_Page_EndText(page);
				return err_nomem(err);
			}
			x0 += moved;
		}
	}
	HPDF_Page_EndText(page);
	pdf->pages++;
	return hpdf_failed(pdf, _("drawing a page"), err);
}

static void set_info(struct appeal_pdf *pdf, const struct appeal_document *doc)
{
	HPDF_Doc d = pdf->doc;
	char creator[64];
	HPDF_Date date = {0};

	HPDF_SetCurrentEncoder(d, "UTF-8");
	HPDF_SetInfoAttr(d, HPDF_INFO_TITLE, pdf->title ? pdf->title : doc->title);
	HPDF_SetInfoAttr(d, HPDF_INFO_AUTHOR, pdf->author ? pdf->author : doc->author);
	HPDF_SetInfoAttr(d, HPDF_INFO_SUBJECT, doc->subject);
	HPDF_SetInfoAttr(d, HPDF_INFO_KEYWORDS, doc->keywords);
	snprintf(creator, sizeof(creator), "appeal %s", APPEAL_VERSION);
	HPDF_SetInfoAttr(d, HPDF_INFO_CREATOR, creator);
	HPDF_SetInfoAttr(d, HPDF_INFO_PRODUCER, "appeal with libHaru");
	/* The letter's own date, not the clock, so output is reproducible. */
	date.year = doc->date.year;
	date.month = doc->date.month;
	date.day = doc->date.day;
	date.ind = 'Z';
	HPDF_SetInfoDateAttr(d, HPDF_INFO_CREATION_DATE, date);
	/* No public API for /Lang in 2.3.0; the catalog is reachable. The code
	 * was checked when the letter loaded (two lower-case letters). */
	HPDF_Dict_Add(d->catalog, "Lang", HPDF_String_New(d->mmgr, doc->lang, NULL));
	pdf->have_info = true;
}

APPEAL_EXPORT int appeal_pdf_add(struct appeal_pdf *pdf, const struct appeal_document *doc,
                                 struct appeal_stats *stats, struct appeal_error *err)
{
	struct layout l;
	struct rgba sig = {0};
	int rc;

	if ((rc = typesetter_set(pdf->ts, doc, &l, err)))
		return rc;
	if ((doc->signature_png || doc->signature_data) && (rc = load_signature(doc, &sig, err))) {
		layout_free(&l);
		return rc;
	}
	if (!pdf->have_info)
		set_info(pdf, doc);
	for (size_t p = 0; p < l.npages && !rc; p++)
		rc = draw_page(pdf, &l, &l.pages[p], &sig, err);
	if (!rc && stats)
		*stats = l.stats;
	layout_free(&l);
	free(sig.rgb);
	free(sig.alpha);
	return rc;
}

APPEAL_EXPORT int appeal_pdf_measure(struct appeal_pdf *pdf, const struct appeal_document *doc,
                                     struct appeal_stats *stats, struct appeal_error *err)
{
	return typesetter_measure(pdf->ts, doc, stats, err);
}

APPEAL_EXPORT int appeal_pdf_set_info(struct appeal_pdf *pdf, const char *title, const char *author,
                                      struct appeal_error *err)
{
	char *t = title ? strdup(title) : NULL, *a = author ? strdup(author) : NULL;

	if ((title && !t) || (author && !a)) {
		free(t);
		free(a);
		return err_nomem(err);
	}
	free(pdf->title);
	free(pdf->author);
	pdf->title = t;
	pdf->author = a;
	/* Already written from a letter: write again over it. */
	if (pdf->have_info) {
		HPDF_SetCurrentEncoder(pdf->doc, "UTF-8");
		if (t)
			HPDF_SetInfoAttr(pdf->doc, HPDF_INFO_TITLE, t);
		if (a)
			HPDF_SetInfoAttr(pdf->doc, HPDF_INFO_AUTHOR, a);
	}
	return hpdf_failed(pdf, _("setting the title"), err);
}

APPEAL_EXPORT int appeal_pdf_add_blank(struct appeal_pdf *pdf, struct appeal_error *err)
{
	HPDF_Page page = HPDF_AddPage(pdf->doc);
	const struct page_geometry *g = typesetter_page(pdf->ts);

	if (page) {
		HPDF_Page_SetWidth(page, (HPDF_REAL)g->width);
		HPDF_Page_SetHeight(page, (HPDF_REAL)g->height);
		pdf->pages++;
	}
	return hpdf_failed(pdf, _("adding a blank page"), err);
}

/* ------------------------------------------------------------ saving */

static int serialise(struct appeal_pdf *pdf, unsigned char **data, size_t *size, struct appeal_error *err)
{
	int rc;

	*data = NULL;
	*size = 0;
	if (pdf->pages == 0)
		return err_set(err, APPEAL_EINVAL, _("the PDF has no letter in it"));
	if (HPDF_SaveToStream(pdf->doc) != HPDF_OK) {
		rc = hpdf_failed(pdf, _("writing the PDF"), err);
		return rc ? rc : err_set(err, APPEAL_EPDF, _("libharu could not write the PDF"));
	}
	HPDF_UINT32 len = HPDF_GetStreamSize(pdf->doc);
	unsigned char *buf = malloc(len ? len : 1);
	if (!buf)
		return err_nomem(err);
	HPDF_ResetStream(pdf->doc);
	HPDF_UINT32 got = len;
	HPDF_STATUS st = HPDF_ReadFromStream(pdf->doc, buf, &got);
	/* ReadFromStream reports end-of-stream on a complete read. */
	if ((st != HPDF_OK && st != HPDF_STREAM_EOF) || got != len) {
		free(buf);
		HPDF_ResetError(pdf->doc);
		return err_set(err, APPEAL_EPDF, _("libharu could not hand over the PDF"));
	}
	HPDF_ResetError(pdf->doc);
	pdf->last_error = 0;
	*data = buf;
	*size = len;
	return 0;
}

APPEAL_EXPORT int appeal_pdf_save_mem(struct appeal_pdf *pdf, unsigned char **data, size_t *size,
                                      struct appeal_error *err)
{
	int rc = serialise(pdf, data, size, err);
	int rc2 = start_document(pdf, rc ? NULL : err);
	if (!rc && rc2) {
		free(*data);
		*data = NULL;
		rc = rc2;
	}
	return rc;
}

APPEAL_EXPORT int appeal_pdf_save(struct appeal_pdf *pdf, const char *path, struct appeal_error *err)
{
	unsigned char *data;
	size_t size;
	int rc = appeal_pdf_save_mem(pdf, &data, &size, err);

	if (rc)
		return rc;
	rc = appeal_write_file(path, data, size, err);
	free(data);
	return rc;
}

/* ------------------------------------------------------------ the sink */

struct pdf_sink {
	struct sink base;
	struct appeal_pdf *pdf;
};

static struct sink *pdf_sink_create(const struct appeal_output_options *opts, struct appeal_error *err)
{
	struct appeal_pdf_options po = {opts->paper, opts->font_dir, opts->hyphen_dir, opts->ragged,
	                                opts->no_hyphenation, opts->no_tighten};
	struct pdf_sink *s = calloc(1, sizeof(*s));

	if (!s) {
		err_nomem(err);
		return NULL;
	}
	if (!(s->pdf = appeal_pdf_new(&po, err))) {
		free(s);
		return NULL;
	}
	return &s->base;
}

static int pdf_sink_add(struct sink *base, const struct appeal_document *doc, struct appeal_stats *stats,
                        struct appeal_error *err)
{
	struct appeal_pdf *pdf = ((struct pdf_sink *)base)->pdf;
	int before = pdf->pages, rc = appeal_pdf_add(pdf, doc, stats, err);

	return rc ? rc : pdf->pages - before;
}

static int pdf_sink_measure(struct sink *base, const struct appeal_document *doc, struct appeal_stats *stats,
                            struct appeal_error *err)
{
	return appeal_pdf_measure(((struct pdf_sink *)base)->pdf, doc, stats, err);
}

static int pdf_sink_add_blank(struct sink *base, struct appeal_error *err)
{
	int rc = appeal_pdf_add_blank(((struct pdf_sink *)base)->pdf, err);
	return rc ? rc : 1;
}

static int pdf_sink_set_info(struct sink *base, const char *title, const char *author, struct appeal_error *err)
{
	return appeal_pdf_set_info(((struct pdf_sink *)base)->pdf, title, author, err);
}

static int pdf_sink_finish(struct sink *base, unsigned char **data, size_t *size, struct appeal_error *err)
{
	return appeal_pdf_save_mem(((struct pdf_sink *)base)->pdf, data, size, err);
}

static void pdf_sink_discard(struct sink *base)
{
	start_document(((struct pdf_sink *)base)->pdf, NULL);
}

static void pdf_sink_free(struct sink *base)
{
	appeal_pdf_free(((struct pdf_sink *)base)->pdf);
	free(base);
}

const struct sink_backend sink_pdf = {
	.name = "pdf",
	.format = APPEAL_FORMAT_PDF,
	.extension = "pdf",
	.create = pdf_sink_create,
	.add = pdf_sink_add,
	.measure = pdf_sink_measure,
	.add_blank = pdf_sink_add_blank,
	.set_info = pdf_sink_set_info,
	.finish = pdf_sink_finish,
	.discard = pdf_sink_discard,
	.free = pdf_sink_free,
};
