/* The PDF backend: draws a finished layout (typeset/typesetter.h). libharu
 * holds the document's objects and writes the file; the page's operators
 * come from backend/content.c, the embedded font programs from
 * backend/sfnt.c, and the streams are deflated here. libharu, libpng and
 * zlib are used here and nowhere else. The typesetter has chosen each
 * line's cut: WinAnsi lines come as Windows-1252 bytes drawn with PDF word
 * spacing; Unicode lines with each word's position, drawn one word at a
 * time in a Type0 font made only when first needed. Nothing here measures
 * text or breaks lines. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <hpdf.h>
#include <png.h>
#include <zlib.h>

#include "config.h"
#include "backend/content.h"
#include "backend/pdf.h"
#include "backend/sfnt.h"
#include "backend/signature.h"
#include "backend/sink.h"
#include "util/error.h"
#include "typeset/typesetter.h"
#include "util/buf.h"
#include "util/i18n.h"
#include "util/strmap.h"
#include "util/utf8.h"

/* The Unicode cut of a style is a Type0 font of appeal's own (PDF 32000-1,
 * 9.7), its CIDs the code points (Identity-H). libharu's (HPDF_GetFont with
 * its UTF-8 encoder) looks up all 65,536 code points and writes each into a
 * 128 KiB CIDToGIDMap, /W and ToUnicode, for every document. Here each code
 * point's glyph is looked up once per writer, and the tables hold only the
 * code points the current document draws (finish_unicode). */
struct unicode_face {
	uint16_t glyph[0x10000]; /* glyph id + 1; 0: not looked up yet */
	uint8_t used[0x10000 / 8];
	bool any_used;
};

/* Paragraphs drawn once per document as form XObjects (draw_page): a
 * paragraph's operators, seen a second time in the same document, become
 * a form that every later page paints with one Do. A letter alone has
 * none; a print file draws the campaign's text once per language. Slots
 * are valid in the generation they were written in, so a new document
 * starts with none without clearing them. */
#define FORM_SLOTS 4096u
#define FORM_SEEN_MAX 3072u /* paragraphs remembered per document: memory stays bounded */
#define FORMS_MAX 1024u     /* forms made per document */

struct form_slot {
	uint64_t hash;
	uint32_t gen;
	uint32_t len;
	int id;    /* /X<id>; 0 while seen once */
	char *ops; /* the form's operators, once it is made */
};

struct forms {
	struct form_slot *slot; /* FORM_SLOTS, made with the first document that needs it */
	uint32_t gen;
	unsigned seen, made;
	unsigned made_at[FORMS_MAX]; /* the slots holding ops, to free them */
};

/* An embedded font program (font_program), kept for the next document
 * that keeps the same glyphs of the same cut: in a run of one PDF per
 * signer, most of them. */
#define PROGRAMS 256u

struct font_program {
	uint64_t hash;           /* subset_hash; 0: empty */
	uint8_t *keep;           /* the glyphs kept, nglyphs flags */
	size_t nglyphs;
	unsigned char *deflated; /* the program, deflated */
	size_t deflated_len, length1;
	uint16_t *renumber;      /* Unicode cut: each kept glyph's new number */
};

static void program_clear(struct font_program *fp)
{
	free(fp->keep);
	free(fp->deflated);
	free(fp->renumber);
	memset(fp, 0, sizeof(*fp));
}

struct appeal_pdf {
	struct typesetter *ts;
	HPDF_Doc doc;
	HPDF_STATUS last_error;
	HPDF_FontDef def[FONT_STYLES][FONT_CUTS]; /* the loaded faces: libharu keeps them from one document to the next */
	HPDF_Font winansi[FONT_STYLES];
	HPDF_Font unicode[FONT_STYLES];  /* the Type0 fonts (unicode_font) */
	HPDF_Dict unicode_cid[FONT_STYLES]; /* and their CIDFontType2 */
	bool have_info;
	char *title, *author; /* overrides for the next document, or NULL */
	int pages;
	/* The document's one resource dictionary, which every page and form
	 * shares: fonts /F<n>, forms /X<n>, signatures /I<n>. */
	HPDF_Dict res, res_fonts, res_xobjects;
	int font_id[FONT_STYLES][FONT_CUTS]; /* 0: not in res_fonts yet */
	int nfonts, nimages;
	struct forms forms;
	struct buf ops, para; /* a page's operators; one paragraph's */
	z_stream z;           /* put_deflated's, once z_ready */
	bool z_ready;
	struct buf zout;
	int *line_font;       /* each line's font id, for content_lines */
	size_t line_font_cap;
	struct unicode_face *uni[FONT_STYLES]; /* made when a style first needs its Unicode cut */
	unsigned char *face[FONT_STYLES][FONT_CUTS]; /* each cut's file, read once */
	size_t face_len[FONT_STYLES][FONT_CUTS];
	struct font_program programs[PROGRAMS]; /* font_program's, reused round */
	unsigned next_program;
	unsigned char *reserve; /* libharu's memory when malloc fails (hpdf_alloc) */
	size_t reserve_used, reserve_live;
};

static void on_hpdf_error(HPDF_STATUS error, HPDF_STATUS detail, void *data)
{
	struct appeal_pdf *pdf = data;
	(void)detail;
	if (!pdf->last_error)
		pdf->last_error = error;
}

/* libharu's memory comes from here, so that running out of it is the same
 * APPEAL_ENOMEM as anywhere else (tests/test_oom.c fails every allocation
 * in turn). libharu does not survive a failed allocation everywhere: while
 * writing, it frees an object it failed to register and then writes it.
 * So a failed allocation is served from a small reserve of the PDF's own
 * instead, and noted: the call in progress goes on safely, and appeal
 * reports APPEAL_ENOMEM when it returns. Its allocator gets no context;
 * the PDF in use is noted per thread (one PDF is used by one thread at a
 * time), as is the failure. */
#define HPDF_RESERVE (64u << 10)
static _Thread_local struct appeal_pdf *hpdf_current;
static _Thread_local bool hpdf_out_of_memory;

/* The start of every call that lets libharu allocate or free: its
 * allocator then serves (and frees into) this PDF's reserve, and a failure
 * noted during an earlier call is not reported as this one's. */
static void hpdf_enter(struct appeal_pdf *pdf)
{
	hpdf_current = pdf;
	hpdf_out_of_memory = false;
}

static bool in_reserve(const struct appeal_pdf *pdf, const void *p)
{
	uintptr_t a = (uintptr_t)p, base = pdf && pdf->reserve ? (uintptr_t)pdf->reserve : 0;
	return base && a >= base && a < base + HPDF_RESERVE;
}

static void *hpdf_alloc(HPDF_UINT size)
{
	struct appeal_pdf *pdf = hpdf_current;
	void *p = malloc(size);
	size_t need = ((size_t)size + 15) & ~(size_t)15;

	if (p)
		return p;
	hpdf_out_of_memory = true;
	if (!pdf || !pdf->reserve || need > HPDF_RESERVE - pdf->reserve_used)
		return NULL;
	p = pdf->reserve + pdf->reserve_used;
	pdf->reserve_used += need;
	pdf->reserve_live++;
	return p;
}

static void hpdf_free(void *p)
{
	struct appeal_pdf *pdf = hpdf_current;

	if (!in_reserve(pdf, p)) {
		free(p);
	} else if (--pdf->reserve_live == 0) {
		pdf->reserve_used = 0;
	}
}

/* Whether libharu has failed since the last hpdf_failed(): it does not
 * stop by itself, and some of its calls crash on what a failed one left
 * (a page without resources), so drawing stops at the first failure. */
static bool hpdf_broken(const struct appeal_pdf *pdf)
{
	return hpdf_out_of_memory || pdf->last_error || HPDF_GetError(pdf->doc) != HPDF_OK;
}

static int hpdf_failed(struct appeal_pdf *pdf, const char *what, struct appeal_error *err)
{
	HPDF_STATUS code = pdf->last_error ? pdf->last_error : HPDF_GetError(pdf->doc);
	bool nomem = hpdf_out_of_memory;
	hpdf_out_of_memory = false;
	if (!code && !nomem)
		return 0;
	HPDF_ResetError(pdf->doc);
	pdf->last_error = 0;
	if (nomem || code == HPDF_FAILD_TO_ALLOC_MEM)
		return err_nomem(err);
	err_set(err, APPEAL_EPDF, _("libharu failed while %s (error 0x%04X)"), what, (unsigned)code);
	return APPEAL_EPDF;
}

/* Forgets the forms of the document just saved or dropped. */
static void forms_reset(struct forms *f)
{
	for (unsigned i = 0; i < f->made; i++) {
		free(f->slot[f->made_at[i]].ops);
		f->slot[f->made_at[i]].ops = NULL;
	}
	f->made = f->seen = 0;
	if (++f->gen == 0 && f->slot) { /* wrapped: old slots would look current */
		memset(f->slot, 0, FORM_SLOTS * sizeof(*f->slot));
		f->gen = 1;
	}
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
	/* One flat page tree holds at most 32,767 pages; nodes of 1,000 pages
	 * lift that limit for a combined print file. Set directly rather than
	 * with HPDF_SetPagesConfiguration, which puts even a one-page letter
	 * in a node of its own: the first 1,000 pages hang from the root, the
	 * next ones from nodes under it. */
	pdf->doc->page_per_pages = 1000;
	memset(pdf->winansi, 0, sizeof(pdf->winansi));
	memset(pdf->unicode, 0, sizeof(pdf->unicode));
	memset(pdf->unicode_cid, 0, sizeof(pdf->unicode_cid));
	for (int st = 0; st < FONT_STYLES; st++)
		if (pdf->uni[st] && pdf->uni[st]->any_used) {
			memset(pdf->uni[st]->used, 0, sizeof(pdf->uni[st]->used));
			pdf->uni[st]->any_used = false;
		}
	pdf->have_info = false;
	pdf->pages = 0;
	pdf->res = pdf->res_fonts = pdf->res_xobjects = NULL;
	memset(pdf->font_id, 0, sizeof(pdf->font_id));
	pdf->nfonts = pdf->nimages = 0;
	forms_reset(&pdf->forms);
	free(pdf->title);
	free(pdf->author);
	pdf->title = pdf->author = NULL;
	return hpdf_failed(pdf, _("starting a document"), err);
}

void appeal_pdf_free(struct appeal_pdf *pdf)
{
	if (!pdf)
		return;
	hpdf_enter(pdf);
	if (pdf->doc)
		HPDF_Free(pdf->doc);
	hpdf_current = NULL;
	free(pdf->reserve);
	typesetter_free(pdf->ts);
	for (int st = 0; st < FONT_STYLES; st++) {
		free(pdf->uni[st]);
		for (int cut = 0; cut < FONT_CUTS; cut++)
			free(pdf->face[st][cut]);
	}
	for (unsigned i = 0; i < PROGRAMS; i++)
		program_clear(&pdf->programs[i]);
	forms_reset(&pdf->forms);
	free(pdf->forms.slot);
	buf_free(&pdf->ops);
	buf_free(&pdf->para);
	buf_free(&pdf->zout);
	if (pdf->z_ready)
		deflateEnd(&pdf->z);
	free(pdf->line_font);
	free(pdf->title);
	free(pdf->author);
	free(pdf);
}

struct appeal_pdf *appeal_pdf_new(const struct appeal_pdf_options *opts, struct appeal_error *err)
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
	if (!(pdf->reserve = malloc(HPDF_RESERVE))) {
		err_nomem(err);
		goto fail;
	}
	hpdf_enter(pdf);
	pdf->doc = HPDF_NewEx(on_hpdf_error, hpdf_alloc, hpdf_free, 0, pdf);
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

int appeal_pdf_page_count(const struct appeal_pdf *pdf)
{
	return pdf ? pdf->pages : 0;
}

/* ------------------------------------------------------------ streams */

/* Writes data into an empty memory stream as one piece of its size:
 * libharu takes 4 KiB at a time, which for a page of a print file that
 * paints forms was most of the file's memory. */
static HPDF_STATUS stream_put(HPDF_Stream s, const void *data, size_t len)
{
	if (s->type == HPDF_STREAM_MEMORY && s->size == 0 && len > 0 && len <= UINT32_MAX) {
		HPDF_MemStreamAttr a = s->attr;
		a->buf_siz = a->w_pos = (HPDF_UINT)len; /* the next write takes a buffer of len */
	}
	return HPDF_Stream_Write(s, (const HPDF_BYTE *)data, (HPDF_UINT)len);
}

static HPDF_STATUS write_flate_entry(HPDF_Dict obj, HPDF_Stream out)
{
	(void)obj;
	return HPDF_Stream_WriteStr(out, "/Filter /FlateDecode\012");
}

/* data deflated, in pdf->zout (valid until the next call), its length in
 * *out_len. One z_stream per writer serves every stream, reset in between:
 * libharu would set up and tear down zlib's 256 KiB of state for each
 * stream as it saves the document. Memory level 6 rather than 8: a quarter
 * of the hash table and buffer, which deflateReset clears for every stream,
 * and the same bytes out for streams of this size (seed letter, Vietnamese
 * name and a 2,000-letter print file byte for byte). False when memory ran
 * out. */
static bool deflate_data(struct appeal_pdf *pdf, const void *data, size_t len, size_t *out_len)
{
	if (len > UINT32_MAX / 2)
		return false;
	if (pdf->z_ready) {
		deflateReset(&pdf->z);
	} else {
		if (deflateInit2(&pdf->z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15, 6, Z_DEFAULT_STRATEGY) != Z_OK)
			return false;
		pdf->z_ready = true;
	}
	uLong bound = deflateBound(&pdf->z, (uLong)len);
	buf_clear(&pdf->zout);
	if (!buf_reserve(&pdf->zout, bound))
		return false;
	pdf->z.next_in = (Bytef *)(uintptr_t)data;
	pdf->z.avail_in = (uInt)len;
	pdf->z.next_out = (Bytef *)pdf->zout.data;
	pdf->z.avail_out = (uInt)bound;
	if (deflate(&pdf->z, Z_FINISH) != Z_STREAM_END)
		return false;
	*out_len = bound - pdf->z.avail_out;
	return true;
}

/* Deflated bytes as a stream object's data, for libharu to write as they
 * are, with the filter named. */
static bool put_raw_deflated(HPDF_Dict obj, const void *data, size_t len)
{
	obj->filter = HPDF_STREAM_FILTER_NONE;
	obj->write_fn = write_flate_entry;
	return stream_put(obj->stream, data, len) == HPDF_OK;
}

/* data into a stream object, deflated here: a print file's pages wait in
 * memory deflated. False when memory ran out. */
static bool put_deflated(struct appeal_pdf *pdf, HPDF_Dict obj, const void *data, size_t len)
{
	size_t n;
	return deflate_data(pdf, data, len, &n) && put_raw_deflated(obj, pdf->zout.data, n);
}

/* ------------------------------------------------------------ fonts */

/* A new Type0 font for a style's Unicode cut, in the current document; its
 * names, descriptor and tables come when it is saved (finish_unicode). NULL
 * when libharu failed. */
static HPDF_Font unicode_font(struct appeal_pdf *pdf, enum font_style style)
{
	HPDF_Doc d = pdf->doc;
	HPDF_Dict font = HPDF_Dict_New(d->mmgr);
	if (!font || HPDF_Xref_Add(d->xref, font) != HPDF_OK) /* the xref frees what it cannot add */
		return NULL;
	HPDF_Dict cid = HPDF_Dict_New(d->mmgr);
	if (!cid || HPDF_Xref_Add(d->xref, cid) != HPDF_OK)
		return NULL;
	HPDF_Array kids = HPDF_Array_New(d->mmgr);
	if (!kids || HPDF_Dict_Add(font, "DescendantFonts", kids) != HPDF_OK || HPDF_Array_Add(kids, cid) != HPDF_OK)
		return NULL;
	HPDF_Dict info = HPDF_Dict_New(d->mmgr);
	if (!info || HPDF_Dict_Add(cid, "CIDSystemInfo", info) != HPDF_OK)
		return NULL;
	HPDF_Dict_AddName(font, "Type", "Font");
	HPDF_Dict_AddName(font, "Subtype", "Type0");
	HPDF_Dict_AddName(font, "Encoding", "Identity-H");
	HPDF_Dict_AddName(cid, "Type", "Font");
	HPDF_Dict_AddName(cid, "Subtype", "CIDFontType2");
	HPDF_Dict_Add(info, "Registry", HPDF_String_New(d->mmgr, "Adobe", NULL));
	HPDF_Dict_Add(info, "Ordering", HPDF_String_New(d->mmgr, "Identity", NULL));
	HPDF_Dict_AddNumber(info, "Supplement", 0);
	if (hpdf_broken(pdf))
		return NULL;
	pdf->unicode_cid[style] = cid;
	return font;
}

/* The face's file, read once into memory: libharu keeps it open and would
 * read its tables again, seek by seek, for every document it embeds a
 * subset in (it still reads the outlines of composite glyphs), and the
 * embedded programs are cut from these bytes (font_program). The cut faces
 * are small (17-120 KB). */
static void font_in_memory(struct appeal_pdf *pdf, enum font_style style, enum font_cut cut)
{
	HPDF_Doc doc = pdf->doc;
	HPDF_TTFontDefAttr attr = pdf->def[style][cut]->attr;
	HPDF_Stream file = attr ? attr->stream : NULL;

	if (!file || file->type != HPDF_STREAM_FILE)
		return;
	HPDF_UINT32 size = HPDF_Stream_Size(file);
	unsigned char *buf = size ? malloc(size) : NULL;
	HPDF_UINT got = size;
	if (!buf || HPDF_Stream_Seek(file, 0, HPDF_SEEK_SET) != HPDF_OK || HPDF_Stream_Read(file, buf, &got) != HPDF_OK ||
	    got != size) {
		free(buf);
		HPDF_ResetError(doc);
		return;
	}
	HPDF_Stream mem = HPDF_MemStream_New(doc->mmgr, size);
	if (mem && HPDF_Stream_Write(mem, buf, size) == HPDF_OK) {
		attr->stream = mem;
		HPDF_Stream_Free(file);
	} else if (mem) {
		HPDF_Stream_Free(mem);
	}
	HPDF_ResetError(doc);
	pdf->face[style][cut] = buf;
	pdf->face_len[style][cut] = size;
}

static HPDF_Font font_for(struct appeal_pdf *pdf, enum font_style style, bool unicode)
{
	HPDF_Font *slot = unicode ? &pdf->unicode[style] : &pdf->winansi[style];
	enum font_cut cut = unicode ? FONT_UNICODE : FONT_WINANSI;
	HPDF_FontDef *def = &pdf->def[style][cut];

	if (*slot)
		return *slot;
	if (unicode && !pdf->uni[style] && !(pdf->uni[style] = calloc(1, sizeof(struct unicode_face)))) {
		hpdf_out_of_memory = true; /* reported by hpdf_failed as such */
		return NULL;
	}
	if (!*def) {
		const char *name = HPDF_LoadTTFontFromFile(pdf->doc, typesetter_font_file(pdf->ts, style, cut), HPDF_TRUE);
		if (!name || !(*def = HPDF_Doc_FindFontDef(pdf->doc, name)))
			return NULL;
		font_in_memory(pdf, style, cut);
	}
	*slot = unicode ? unicode_font(pdf, style) : HPDF_GetFont(pdf->doc, (*def)->base_font, "WinAnsiEncoding");
	return *slot;
}

static bool is_used(const struct unicode_face *uf, uint32_t cp)
{
	return uf->used[cp >> 3] & (1u << (cp & 7));
}

/* Notes the code points of a Unicode line, and their glyphs (with a
 * composite's parts) for the subset. */
static void note_used(struct unicode_face *uf, HPDF_FontDef def, const char *s)
{
	size_t len = strlen(s), i = 0;
	uint32_t cp;

	while (i < len) {
		int n = utf8_decode(s + i, len - i, &cp);
		if (n <= 0) {
			i++;
			continue;
		}
		if (cp <= 0xFFFF && !is_used(uf, cp)) {
			uf->used[cp >> 3] |= (uint8_t)(1u << (cp & 7));
			HPDF_TTFontDef_GetCharWidth(def, (HPDF_UINT16)cp);
		}
		i += (size_t)n;
	}
	uf->any_used = true;
}

static HPDF_UINT16 glyph_of(struct unicode_face *uf, HPDF_FontDef def, uint32_t cp)
{
	if (!uf->glyph[cp])
		uf->glyph[cp] = (uint16_t)(HPDF_TTFontDef_GetGlyphid(def, (HPDF_UINT16)cp) + 1);
	return (HPDF_UINT16)(uf->glyph[cp] - 1);
}

/* The next used code point from cp on, or 0x10000 when none is left;
 * skips a byte of the bitmap (8 code points) at a time. */
static uint32_t next_used(const struct unicode_face *uf, uint32_t cp)
{
	while (cp <= 0xFFFF && !is_used(uf, cp))
		cp = uf->used[cp >> 3] ? cp + 1 : (cp | 7) + 1;
	return cp;
}

/* A new stream object under key in dict, holding data deflated. */
static bool add_stream(struct appeal_pdf *pdf, HPDF_Dict dict, const char *key, const void *data, size_t len)
{
	HPDF_Dict st = HPDF_DictStream_New(pdf->doc->mmgr, pdf->doc->xref);
	return st && HPDF_Dict_Add(dict, key, st) == HPDF_OK && put_deflated(pdf, st, data, len);
}

/* The rest of a Unicode font, for the code points used: its name, /DW and
 * /W, and its ToUnicode CMap, which maps each run of used codes to itself
 * (the codes are the code points). */
static int finish_unicode(struct appeal_pdf *pdf, enum font_style style, HPDF_FontDef def)
{
	struct unicode_face *uf = pdf->uni[style];
	HPDF_Dict font = pdf->unicode[style], cid = pdf->unicode_cid[style];
	const char *name = ((HPDF_TTFontDefAttr)def->attr)->base_font; /* with its tag */
	HPDF_Array w = HPDF_Array_New(pdf->doc->mmgr), run = NULL;
	uint32_t prev = 0;

	if (!w || HPDF_Dict_Add(cid, "W", w) != HPDF_OK || HPDF_Dict_AddName(font, "BaseFont", name) != HPDF_OK ||
	    HPDF_Dict_AddName(cid, "BaseFont", name) != HPDF_OK ||
	    HPDF_Dict_AddNumber(cid, "DW", def->missing_width) != HPDF_OK)
		return -1;
	for (uint32_t cp = next_used(uf, 1); cp <= 0xFFFF; cp = next_used(uf, cp + 1)) {
		HPDF_INT width = HPDF_TTFontDef_GetGidWidth(def, glyph_of(uf, def, cp));
		if (width == def->missing_width) {
			run = NULL;
			continue;
		}
		if (!run || cp != prev + 1) {
			HPDF_Array_AddNumber(w, (HPDF_INT32)cp);
			if (!(run = HPDF_Array_New(pdf->doc->mmgr)) || HPDF_Array_Add(w, run) != HPDF_OK)
				return -1;
		}
		HPDF_Array_AddNumber(run, width);
		prev = cp;
	}
	/* ToUnicode: runs of used codes, none crossing a high byte, at most 100
	 * to a beginbfrange. */
	struct buf b = BUF_INIT;
	uint32_t starts[100], ends[100];
	int nruns = 0;
	buf_adds(&b, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
	             "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
	             "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
	             "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	for (uint32_t cp = next_used(uf, 0);; cp = next_used(uf, cp + 1)) {
		bool end = cp > 0xFFFF;
		if (!end && cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		if (!end && nruns > 0 && ends[nruns - 1] + 1 == cp && (cp & 0xFF) != 0) {
			ends[nruns - 1] = cp;
			continue;
		}
		if (nruns == 100 || (end && nruns > 0)) {
			buf_printf(&b, "%d beginbfrange\n", nruns);
			for (int k = 0; k < nruns; k++)
				buf_printf(&b, "<%04X> <%04X> <%04X>\n", (unsigned)starts[k], (unsigned)ends[k], (unsigned)starts[k]);
			buf_adds(&b, "endbfrange\n");
			nruns = 0;
		}
		if (end)
			break;
		starts[nruns] = ends[nruns] = cp;
		nruns++;
	}
	buf_adds(&b, "endcmap\nCMapName currentdict /CMapResource defineresource pop\nend\nend\n");
	bool ok = !b.failed && add_stream(pdf, font, "ToUnicode", b.data, b.len);
	buf_free(&b);
	return ok ? 0 : -1;
}

/* A number for a subset: its face and the glyphs it keeps. */
static uint64_t subset_hash(HPDF_TTFontDefAttr attr, enum font_style style, enum font_cut cut)
{
	uint64_t h = 1469598103934665603u;
	h = (h ^ (uint64_t)(style * FONT_CUTS + cut + 1)) * 1099511628211u;
	for (HPDF_UINT16 g = 0; g < attr->num_glyphs; g++)
		if (attr->glyph_tbl.flgs[g])
			h = ((h ^ (g & 0xFF)) * 1099511628211u ^ (uint64_t)(g >> 8)) * 1099511628211u;
	return h ? h : 1;
}

/* A subset's tag (PDF 32000-1, 9.6.4): six capitals drawn from the face and
 * the glyphs it keeps, so that different subsets get different names, in one
 * file and across files (merged files keep them apart); the same subset gets
 * the same tag, so output stays reproducible. */
static void subset_tag(uint64_t h, char tag[7])
{
	for (int i = 0; i < 6; i++) {
		tag[i] = (char)('A' + h % 26);
		h /= 26;
	}
	tag[6] = '\0';
}

/* The CIDToGIDMap of the Unicode font: two bytes per CID up to the highest
 * used, in the embedded program's numbering (renumber: old glyph -> new,
 * or NULL when the program keeps libharu's numbers). */
static int write_cid_map(struct appeal_pdf *pdf, enum font_style style, HPDF_FontDef def, const uint16_t *renumber)
{
	struct unicode_face *uf = pdf->uni[style];
	uint32_t max = 0;

	for (uint32_t cp = next_used(uf, 1); cp <= 0xFFFF; cp = next_used(uf, cp + 1))
		max = cp;
	size_t n = (size_t)max + 1;
	unsigned char *map = calloc(n, 2);
	if (!map)
		return -1;
	for (uint32_t cp = 1; cp <= max; cp++)
		if (is_used(uf, cp)) {
			HPDF_UINT16 gid = glyph_of(uf, def, cp);
			if (renumber)
				gid = renumber[gid];
			map[2 * cp] = (unsigned char)(gid >> 8);
			map[2 * cp + 1] = (unsigned char)gid;
		}
	bool ok = add_stream(pdf, pdf->unicode_cid[style], "CIDToGIDMap", map, 2 * n);
	free(map);
	return ok ? 0 : -1;
}

/* The embedded program of a subset: the face's file cut to the glyphs the
 * document draws (backend/sfnt.h), with a cmap of the Windows-1252
 * characters kept for the WinAnsi cut and none for the Unicode cut (its
 * CIDToGIDMap takes the new numbers), deflated. Made here rather than by
 * libharu, which copies the whole face with unused outlines emptied, and
 * kept for the next document with the same glyphs. NULL when out of
 * memory. */
static const struct font_program *font_program(struct appeal_pdf *pdf, HPDF_FontDef def, HPDF_Encoder encoder,
                                               enum font_style style, enum font_cut cut, uint64_t hash)
{
	HPDF_TTFontDefAttr attr = def->attr;
	const uint8_t *keep = attr->glyph_tbl.flgs;
	size_t nglyphs = attr->num_glyphs;
	const unsigned char *face = pdf->face[style][cut];
	struct sfnt_char chars[224];
	size_t nchars = 0, small_len = 0, dlen;
	unsigned char *small = NULL;

	for (unsigned i = 0; i < PROGRAMS; i++) {
		const struct font_program *fp = &pdf->programs[i];
		if (fp->hash == hash && fp->nglyphs == nglyphs && memcmp(fp->keep, keep, nglyphs) == 0)
			return fp;
	}
	if (!face)
		return NULL;
	struct font_program *fp = &pdf->programs[pdf->next_program++ % PROGRAMS];
	program_clear(fp);
	fp->keep = malloc(nglyphs);
	fp->renumber = cut == FONT_UNICODE ? calloc(nglyphs, sizeof(*fp->renumber)) : NULL;
	if (!fp->keep || (cut == FONT_UNICODE && !fp->renumber))
		goto fail;
	memcpy(fp->keep, keep, nglyphs);
	if (encoder)
		for (unsigned code = 0x20; code <= 0xFF; code++) {
			HPDF_UNICODE u = HPDF_Encoder_ToUnicode(encoder, (HPDF_UINT16)code);
			HPDF_UINT16 g = u ? HPDF_TTFontDef_GetGlyphid(def, u) : 0;
			if (g && g < nglyphs && keep[g])
				chars[nchars++] = (struct sfnt_char){u, g};
		}
	/* The shipped faces are ones sfnt_compact() reads; if one were not,
	 * it goes in whole. */
	if (sfnt_compact(face, pdf->face_len[style][cut], keep, nglyphs, chars, nchars, fp->renumber, &small,
	                 &small_len) == SFNT_NOMEM)
		goto fail;
	if (!small) {
		free(fp->renumber);
		fp->renumber = NULL;
	}
	fp->length1 = small ? small_len : pdf->face_len[style][cut];
	if (!deflate_data(pdf, small ? small : face, fp->length1, &dlen) || !(fp->deflated = malloc(dlen)))
		goto fail;
	memcpy(fp->deflated, pdf->zout.data, dlen);
	fp->deflated_len = dlen;
	fp->nglyphs = nglyphs;
	fp->hash = hash;
	free(small);
	return fp;
fail:
	free(small);
	program_clear(fp);
	return NULL;
}

/* libharu writes a WinAnsi font's /Widths from its encoding's first to
 * last character (32 to 255), zeros for those not used. The font's own
 * FirstChar and LastChar (set in finish_fonts) narrow it to the codes the
 * document draws: the encoding, which all WinAnsi fonts of the document
 * share, is narrowed to them only while this font is written. */
static _Atomic(HPDF_Dict_OnWriteFunc) libharu_font_write;

static HPDF_STATUS write_narrow_widths(HPDF_Dict font, HPDF_Stream stream)
{
	HPDF_FontAttr attr = font->attr;
	HPDF_BasicEncoderAttr enc = attr->encoder->attr;
	HPDF_Number first = HPDF_Dict_GetItem(font, "FirstChar", HPDF_OCLASS_NUMBER);
	HPDF_Number last = HPDF_Dict_GetItem(font, "LastChar", HPDF_OCLASS_NUMBER);
	HPDF_BYTE was_first = enc->first_char, was_last = enc->last_char;

	if (first && last) {
		enc->first_char = (HPDF_BYTE)first->value;
		enc->last_char = (HPDF_BYTE)last->value;
	}
	HPDF_STATUS rc = atomic_load(&libharu_font_write)(font, stream);
	enc->first_char = was_first;
	enc->last_char = was_last;
	return rc;
}

static void narrow_widths(HPDF_Font font)
{
	HPDF_FontAttr attr = font->attr;
	HPDF_BasicEncoderAttr enc = attr->encoder->attr;
	int lo = -1, hi = -1;

	for (int code = enc->first_char; code <= enc->last_char; code++)
		if (attr->used[code]) {
			if (lo < 0)
				lo = code;
			hi = code;
		}
	if (lo < 0 || !font->write_fn || font->write_fn == write_narrow_widths)
		return;
	atomic_store(&libharu_font_write, font->write_fn);
	HPDF_Dict_AddNumber(font, "FirstChar", lo);
	HPDF_Dict_AddNumber(font, "LastChar", hi);
	font->write_fn = write_narrow_widths;
}

/* The descriptor of a Unicode font (libharu makes the WinAnsi fonts'). */
static HPDF_Dict unicode_descriptor(struct appeal_pdf *pdf, enum font_style style, HPDF_FontDef def)
{
	HPDF_Doc d = pdf->doc;
	HPDF_Dict fd = HPDF_Dict_New(d->mmgr);

	if (!fd || HPDF_Xref_Add(d->xref, fd) != HPDF_OK)
		return NULL;
	HPDF_Dict_AddName(fd, "Type", "FontDescriptor");
	HPDF_Dict_AddName(fd, "FontName", ((HPDF_TTFontDefAttr)def->attr)->base_font);
	HPDF_Dict_AddNumber(fd, "Flags", (HPDF_INT32)def->flags);
	HPDF_Dict_Add(fd, "FontBBox", HPDF_Box_Array_New(d->mmgr, def->font_bbox));
	HPDF_Dict_AddNumber(fd, "ItalicAngle", def->italic_angle);
	HPDF_Dict_AddNumber(fd, "Ascent", def->ascent);
	HPDF_Dict_AddNumber(fd, "Descent", def->descent);
	HPDF_Dict_AddNumber(fd, "CapHeight", def->cap_height);
	HPDF_Dict_AddNumber(fd, "StemV", def->stemv);
	HPDF_Dict_AddNumber(fd, "XHeight", def->x_height);
	if (HPDF_Dict_Add(pdf->unicode_cid[style], "FontDescriptor", fd) != HPDF_OK || hpdf_broken(pdf))
		return NULL;
	return fd;
}

/* Makes the document's fonts final before it is written: each subset's
 * tag and embedded program (font_program), and the Unicode fonts' tables.
 * libharu makes the WinAnsi fonts' descriptors and /Widths. */
static int finish_fonts(struct appeal_pdf *pdf)
{
	char tags[FONT_STYLES * FONT_CUTS][7];
	int ntags = 0;

	for (int style = 0; style < FONT_STYLES; style++)
		for (int cut = 0; cut < FONT_CUTS; cut++) {
			HPDF_Font font = cut == FONT_UNICODE ? pdf->unicode[style] : pdf->winansi[style];
			if (!font)
				continue;
			HPDF_FontDef def = pdf->def[style][cut];
			HPDF_TTFontDefAttr dattr = def->attr;
			uint64_t hash = subset_hash(dattr, style, cut);
			char tag[7];
			subset_tag(hash, tag);
			for (int k = 0; k < ntags; k++)
				if (strcmp(tags[k], tag) == 0) { /* one in 300 million: take the next */
					tag[0] = (char)(tag[0] == 'Z' ? 'A' : tag[0] + 1);
					k = -1;
				}
			memcpy(tags[ntags++], tag, 7);
			HPDF_TTFontDef_SetTagName(def, tag);
			HPDF_Dict descriptor;
			HPDF_Encoder encoder = NULL;
			if (cut == FONT_WINANSI) {
				HPDF_Dict_AddName(font, "BaseFont", dattr->base_font);
				narrow_widths(font);
				/* libharu's descriptor, without libharu's program. */
				HPDF_BOOL embedding = dattr->embedding;
				dattr->embedding = HPDF_FALSE;
				HPDF_STATUS st = font->before_write_fn ? font->before_write_fn(font) : HPDF_OK;
				dattr->embedding = embedding;
				font->before_write_fn = NULL; /* done: not again as the font is saved */
				if (st != HPDF_OK)
					return -1;
				descriptor = def->descriptor;
				encoder = ((HPDF_FontAttr)font->attr)->encoder;
			} else {
				descriptor = unicode_descriptor(pdf, style, def);
			}
			const struct font_program *fp = descriptor ? font_program(pdf, def, encoder, style, cut, hash) : NULL;
			HPDF_Dict ff = fp ? HPDF_DictStream_New(pdf->doc->mmgr, pdf->doc->xref) : NULL;
			if (!ff || HPDF_Dict_Add(descriptor, "FontFile2", ff) != HPDF_OK ||
			    HPDF_Dict_AddNumber(ff, "Length1", (HPDF_INT32)fp->length1) != HPDF_OK ||
			    !put_raw_deflated(ff, fp->deflated, fp->deflated_len))
				return -1;
			if (cut == FONT_UNICODE && (finish_unicode(pdf, style, def) || write_cid_map(pdf, style, def, fp->renumber)))
				return -1;
		}
	return 0;
}

/* ------------------------------------------------------------ signature */

/* Says exactly why libpng refused the signature: no such file, a folder,
 * an empty file, another kind of file, or a PNG it could not read. */
static void signature_problem(const char *file, const void *data, size_t size, const char *path,
                              struct appeal_error *err)
{
	unsigned char head[8] = {0};
	size_t n = 0;
	struct stat st;

	if (file) {
		int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
		if (fd < 0 || fstat(fd, &st) != 0) {
			err_set(err, APPEAL_EIO, "%s: %s", path, strerror(errno));
			if (fd >= 0)
				close(fd);
			return;
		}
		if (S_ISDIR(st.st_mode)) {
			close(fd);
			err_set(err, APPEAL_EIO, _("%s: the signature is a folder, not a PNG image"), path);
			return;
		}
		ssize_t got = pread(fd, head, sizeof(head), 0);
		n = got > 0 ? (size_t)got : 0;
		close(fd);
	} else {
		n = size < sizeof(head) ? size : sizeof(head);
		if (n)
			memcpy(head, data, n);
	}
	if (n == 0)
		err_set(err, APPEAL_ESYNTAX, _("%s: the signature file is empty (0 bytes)"), path);
	else if (n < 8 || memcmp(head, "\x89PNG\r\n\x1a\n", 8) != 0)
		err_set(err, APPEAL_ESYNTAX,
		        head[0] == 0xFF && head[1] == 0xD8 ? _("%s: the signature is a JPEG image, not a PNG; convert it")
		                                           : _("%s: the signature is not a PNG image (it does not start "
		                                               "like one)"),
		        path);
	else
		err_set(err, APPEAL_ESYNTAX, _("%s: the signature starts like a PNG image but cannot be read (cut short "
		                               "or damaged)"),
		        path);
}

/* The signature comes from a file (the command) or from memory (a web
 * form); both go through the same checks, and a hostile image is refused
 * before anything large is allocated. */
int signature_load(const char *file, const void *data, size_t size, struct signature_image *img,
                   struct appeal_error *err)
{
	const char *path = file ? file : _("the signature");
	png_image png;
	unsigned char *pixels = NULL;
	int ok;

	memset(img, 0, sizeof(*img));
	memset(&png, 0, sizeof(png));
	png.version = PNG_IMAGE_VERSION;
	if (file)
		ok = png_image_begin_read_from_file(&png, file);
	else
		ok = png_image_begin_read_from_memory(&png, data, size);
	if (!ok) {
		signature_problem(file, data, size, path, err);
		err_field(err, "signature");
		err_hint(err, _("give a PNG file of the signature, ideally dark ink on a transparent background"));
		return err ? err->code : APPEAL_EIO;
	}
	if (png.width == 0 || png.height == 0 || (unsigned long)png.width * png.height > SIGNATURE_MAX_PIXELS) {
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

void signature_image_free(struct signature_image *img)
{
	free(img->rgb);
	free(img->alpha);
	img->rgb = img->alpha = NULL;
}

/* ------------------------------------------------------------ drawing */

/* The document's resource dictionary, made with its first page: one
 * object that every page and form refers to. */
static HPDF_Dict resources(struct appeal_pdf *pdf)
{
	HPDF_Doc d = pdf->doc;

	if (pdf->res)
		return pdf->res;
	HPDF_Dict res = HPDF_Dict_New(d->mmgr), fonts = HPDF_Dict_New(d->mmgr);
	if (!res || HPDF_Xref_Add(d->xref, res) != HPDF_OK) { /* the xref frees res when it fails */
		if (fonts)
			HPDF_Dict_Free(fonts);
		return NULL;
	}
	if (!fonts || HPDF_Dict_Add(res, "Font", fonts) != HPDF_OK)
		return NULL;
	pdf->res_fonts = fonts;
	return pdf->res = res;
}

/* Its /XObject entry, made when the first form or image needs it. */
static HPDF_Dict xobjects(struct appeal_pdf *pdf)
{
	if (pdf->res_xobjects || !resources(pdf))
		return pdf->res_xobjects;
	HPDF_Dict x = HPDF_Dict_New(pdf->doc->mmgr);
	if (x && HPDF_Dict_Add(pdf->res, "XObject", x) == HPDF_OK)
		pdf->res_xobjects = x;
	return pdf->res_xobjects;
}

/* libharu leaves an SMask from a PNG uncompressed and mishandles 16-bit and
 * palette alpha, so the pixels go in as two raw, compressed images. */
static int draw_signature(struct appeal_pdf *pdf, const struct signature_image *img, const struct ll_image *box,
                          struct appeal_error *err)
{
	HPDF_Image rgb = HPDF_LoadRawImageFromMem(pdf->doc, img->rgb, img->width, img->height, HPDF_CS_DEVICE_RGB, 8);
	if (rgb && img->alpha) {
		HPDF_Image mask =
		    HPDF_LoadRawImageFromMem(pdf->doc, img->alpha, img->width, img->height, HPDF_CS_DEVICE_GRAY, 8);
		if (mask)
			HPDF_Image_AddSMask(rgb, mask);
	}
	char name[16];
	snprintf(name, sizeof(name), "I%d", ++pdf->nimages);
	if (!rgb || !xobjects(pdf) || HPDF_Dict_Add(pdf->res_xobjects, name, rgb) != HPDF_OK)
		return hpdf_failed(pdf, _("embedding the signature"), err);
	double scale = box->width / img->width;
	if (img->height * scale > box->height)
		scale = box->height / img->height;
	if (!content_xobject(&pdf->ops, name, box->x, box->y, img->width * scale, img->height * scale))
		return err_nomem(err);
	return hpdf_failed(pdf, _("embedding the signature"), err);
}

/* A page of the document's paper, with its shared resources. The paper is
 * given once, on the root of the page tree, for every page to inherit;
 * libharu's /Resources of each page (with a /ProcSet, which PDF 1.4 and
 * later ignore) and its MediaBox go. NULL when libharu failed. */
static HPDF_Page new_page(struct appeal_pdf *pdf)
{
	const struct page_geometry *g = typesetter_page(pdf->ts);
	HPDF_Doc d = pdf->doc;
	bool first = !pdf->res;
	HPDF_Page page = HPDF_AddPage(d);
	HPDF_Dict res = page ? resources(pdf) : NULL;

	if (!res)
		return NULL;
	if (first) {
		HPDF_Box box = {0, 0, (HPDF_REAL)g->width, (HPDF_REAL)g->height};
		HPDF_Dict_Add(d->root_pages, "MediaBox", HPDF_Box_Array_New(d->mmgr, box));
	}
	HPDF_Dict_RemoveElement(page, "MediaBox");
	HPDF_Dict_RemoveElement(page, "Resources");
	HPDF_Dict_Add(page, "Resources", res);
	/* Only libharu's drawing functions, not used here, read the page's
	 * graphics state; a print file holds one per page until it is saved. */
	HPDF_PageAttr attr = page->attr;
	HPDF_GState_Free(page->mmgr, attr->gstate);
	attr->gstate = NULL;
	return hpdf_broken(pdf) ? NULL : page;
}

/* The resource number of a line's font (/F<n>), or 0 when libharu failed. */
static int font_id(struct appeal_pdf *pdf, const struct ll_line *line, HPDF_Font *font)
{
	int *id = &pdf->font_id[line->style][line->cut];

	*font = font_for(pdf, line->style, line->cut == FONT_UNICODE);
	if (!*font || *id)
		return *font ? *id : 0;
	char name[16];
	snprintf(name, sizeof(name), "F%d", pdf->nfonts + 1);
	if (!resources(pdf) || HPDF_Dict_Add(pdf->res_fonts, name, *font) != HPDF_OK)
		return 0;
	return *id = ++pdf->nfonts;
}

/* Notes the glyphs a line draws, for the font's subset and widths: the
 * measuring libharu does while it shows text. */
static void mark_glyphs(struct appeal_pdf *pdf, const struct ll_line *line)
{
	if (line->cut == FONT_UNICODE)
		note_used(pdf->uni[line->style], pdf->def[line->style][FONT_UNICODE], line->text);
	else
		HPDF_Font_TextWidth(pdf->winansi[line->style], (const HPDF_BYTE *)line->winansi,
		                    (HPDF_UINT)strlen(line->winansi));
}

/* The form that draws a paragraph's operators: one made earlier in this
 * document, or one made now when they are seen a second time. 0: draw
 * them on the page (seen first, a form could not be made, or the limits
 * are reached); -1: out of memory. A form is used only when its operators
 * are the same, byte for byte. */
static int form_for(struct appeal_pdf *pdf, const struct layout *l, const char *ops, size_t len)
{
	struct forms *f = &pdf->forms;
	uint64_t h = mem_hash(ops, len, STR_HASH_SEED);
	struct form_slot *s = NULL;

	if (!f->slot) {
		if (!(f->slot = calloc(FORM_SLOTS, sizeof(*f->slot))))
			return -1;
		f->gen = 1;
	}
	for (uint32_t i = (uint32_t)h & (FORM_SLOTS - 1);; i = (i + 1) & (FORM_SLOTS - 1)) {
		s = &f->slot[i];
		if (s->gen != f->gen) {
			if (f->seen >= FORM_SEEN_MAX)
				return 0;
			*s = (struct form_slot){h, f->gen, (uint32_t)len, 0, NULL};
			f->seen++;
			return 0;
		}
		if (s->hash == h && s->len == len)
			break;
	}
	if (s->id)
		return s->id > 0 && memcmp(s->ops, ops, len) == 0 ? s->id : 0;
	if (f->made >= FORMS_MAX || !(s->ops = malloc(len)))
		return f->made >= FORMS_MAX ? 0 : -1;
	memcpy(s->ops, ops, len);
	f->made_at[f->made++] = (unsigned)(s - f->slot);

	/* The form: its box is large enough for a paragraph placed anywhere on
	 * the page, and it shares the page's resources. */
	HPDF_Doc d = pdf->doc;
	HPDF_Dict form = xobjects(pdf) ? HPDF_DictStream_New(d->mmgr, d->xref) : NULL;
	HPDF_Box box = {(HPDF_REAL)-l->page_width, (HPDF_REAL)-l->page_height, (HPDF_REAL)l->page_width,
	                (HPDF_REAL)l->page_height};
	char name[16];
	snprintf(name, sizeof(name), "X%u", f->made);
	if (!form || HPDF_Dict_AddName(form, "Type", "XObject") != HPDF_OK ||
	    HPDF_Dict_AddName(form, "Subtype", "Form") != HPDF_OK ||
	    HPDF_Dict_Add(form, "BBox", HPDF_Box_Array_New(d->mmgr, box)) != HPDF_OK ||
	    HPDF_Dict_Add(form, "Resources", pdf->res) != HPDF_OK ||
	    HPDF_Dict_Add(pdf->res_xobjects, name, form) != HPDF_OK) {
		s->id = -1; /* never tried again; the caller reports libharu's error */
		return 0;
	}
	if (!put_deflated(pdf, form, ops, len))
		return -1;
	return s->id = (int)f->made;
}

/* One paragraph (or its part on this page): lines[0..n). */
static int draw_paragraph(struct appeal_pdf *pdf, const struct layout *l, const struct ll_line *lines, size_t n,
                          struct appeal_error *err)
{
	if (n > pdf->line_font_cap) {
		int *v = realloc(pdf->line_font, n * sizeof(*v));
		if (!v)
			return err_nomem(err);
		pdf->line_font = v;
		pdf->line_font_cap = n;
	}
	for (size_t i = 0; i < n; i++) {
		HPDF_Font font;
		if (!(pdf->line_font[i] = font_id(pdf, &lines[i], &font))) {
			int rc = hpdf_failed(pdf, _("loading a font"), err);
			return rc ? rc : err_set(err, APPEAL_EPDF, _("libharu could not load a font"));
		}
	}
	buf_clear(&pdf->para);
	if (!content_lines(&pdf->para, lines, n, pdf->line_font))
		return err_nomem(err);
	int id = form_for(pdf, l, pdf->para.data, pdf->para.len);
	if (id < 0)
		return err_nomem(err);
	/* A form's glyphs were noted when its paragraph was first drawn on a
	 * page of this document (below): forms are made on a second sighting. */
	if (id > 0 && !hpdf_broken(pdf)) {
		char name[16];
		snprintf(name, sizeof(name), "X%d", id);
		return content_xobject(&pdf->ops, name, lines[0].x, lines[0].y, 0, 0) ? 0 : err_nomem(err);
	}
	/* Drawn on the page: the text object placed by a Td after its BT. */
	for (size_t i = 0; i < n; i++)
		mark_glyphs(pdf, &lines[i]);
	buf_add(&pdf->ops, pdf->para.data, CONTENT_TEXT_START);
	content_num(&pdf->ops, lines[0].x);
	buf_addc(&pdf->ops, ' ');
	content_num(&pdf->ops, lines[0].y);
	buf_adds(&pdf->ops, " Td\n");
	buf_add(&pdf->ops, pdf->para.data + CONTENT_TEXT_START, pdf->para.len - CONTENT_TEXT_START);
	return pdf->ops.failed ? err_nomem(err) : 0;
}

static int draw_page(struct appeal_pdf *pdf, const struct layout *l, const struct ll_page *pg,
                     const struct signature_image *signature, struct appeal_error *err)
{
	HPDF_Page page = new_page(pdf);

	if (!page) {
		int rc = hpdf_failed(pdf, _("adding a page"), err);
		return rc ? rc : err_set(err, APPEAL_EPDF, _("no page"));
	}
	buf_clear(&pdf->ops);
	if (!content_rules(&pdf->ops, pg->rules, pg->nrules))
		return err_nomem(err);
	if (pg->has_signature && signature->rgb) {
		int rc = draw_signature(pdf, signature, &pg->signature, err);
		if (rc)
			return rc;
	}
	for (size_t i = 0; i < pg->nlines;) {
		size_t n = 1;
		while (i + n < pg->nlines && !pg->lines[i + n].para_start)
			n++;
		int rc = draw_paragraph(pdf, l, pg->lines + i, n, err);
		if (rc)
			return rc;
		if (hpdf_broken(pdf))
			return hpdf_failed(pdf, _("drawing a page"), err);
		i += n;
	}
	if (!put_deflated(pdf, ((HPDF_PageAttr)page->attr)->contents, pdf->ops.data, pdf->ops.len) &&
	    !hpdf_broken(pdf))
		return err_nomem(err);
	if (hpdf_broken(pdf))
		return hpdf_failed(pdf, _("drawing a page"), err);
	pdf->pages++;
	return 0;
}

/* PDFDocEncoding (PDF 32000-1, Annex D.2) beyond ASCII: Latin-1 from 0xA1,
 * and these at 0x80-0xA0. */
static const uint16_t pdfdoc_high[] = {
	0x2022, 0x2020, 0x2021, 0x2026, 0x2014, 0x2013, 0x0192, 0x2044, 0x2039, 0x203A, 0x2212,
	0x2030, 0x201E, 0x201C, 0x201D, 0x2018, 0x2019, 0x201A, 0x2122, 0xFB01, 0xFB02, 0x0141,
	0x0152, 0x0160, 0x0178, 0x017D, 0x0131, 0x0142, 0x0153, 0x0161, 0x017E, 0,      0x20AC,
};

/* text in PDFDocEncoding, in out (room for strlen(text) + 1 bytes), or
 * false when some character has no code there. */
static bool to_pdfdoc(const char *text, char *out)
{
	size_t len = strlen(text), i = 0;
	uint32_t cp;

	while (i < len) {
		int n = utf8_decode(text + i, len - i, &cp);
		if (n <= 0)
			return false;
		i += (size_t)n;
		if ((cp >= 0x20 && cp < 0x7F) || (cp >= 0xA1 && cp <= 0xFF && cp != 0xAD)) {
			*out++ = (char)cp;
			continue;
		}
		size_t k = 0;
		while (k < sizeof(pdfdoc_high) / sizeof(pdfdoc_high[0]) && (pdfdoc_high[k] != cp || cp == 0))
			k++;
		if (k == sizeof(pdfdoc_high) / sizeof(pdfdoc_high[0]))
			return false;
		*out++ = (char)(0x80 + k);
	}
	*out = '\0';
	return true;
}

/* An Info entry: in PDFDocEncoding when it fits (one byte a character),
 * else as UTF-16 (libharu's UTF-8 encoder writes it with a byte-order mark). */
static void set_info_text(struct appeal_pdf *pdf, HPDF_InfoType type, const char *value)
{
	HPDF_Doc d = pdf->doc;
	char *narrow = value ? malloc(strlen(value) + 1) : NULL;

	if (!value)
		return;
	if (!narrow) {
		hpdf_out_of_memory = true; /* the drawing that follows reports it */
		return;
	}
	if (to_pdfdoc(value, narrow)) {
		d->cur_encoder = NULL; /* libharu then writes the bytes as they are */
		HPDF_SetInfoAttr(d, type, narrow);
	} else {
		HPDF_SetCurrentEncoder(d, "UTF-8");
		HPDF_SetInfoAttr(d, type, value);
	}
	free(narrow);
}

static void set_info(struct appeal_pdf *pdf, const struct appeal_document *doc)
{
	HPDF_Doc d = pdf->doc;
	char creator[64];
	HPDF_Date date = {0};

	set_info_text(pdf, HPDF_INFO_TITLE, pdf->title ? pdf->title : doc->title);
	set_info_text(pdf, HPDF_INFO_AUTHOR, pdf->author ? pdf->author : doc->author);
	set_info_text(pdf, HPDF_INFO_SUBJECT, doc->subject);
	set_info_text(pdf, HPDF_INFO_KEYWORDS, doc->keywords);
	snprintf(creator, sizeof(creator), "appeal %s", APPEAL_VERSION);
	set_info_text(pdf, HPDF_INFO_CREATOR, creator);
	set_info_text(pdf, HPDF_INFO_PRODUCER, "appeal with libHaru");
	/* The letter's own date, not the clock, so output is reproducible. */
	date.year = doc->date.year;
	date.month = doc->date.month;
	date.day = doc->date.day;
	date.ind = 'Z';
	HPDF_SetInfoDateAttr(d, HPDF_INFO_CREATION_DATE, date);
	/* No public API for /Lang in 2.3.0; the catalog is reachable. The code
	 * was checked when the letter loaded (two lower-case letters). */
	HPDF_Dict_Add(d->catalog, "Lang", HPDF_String_New(d->mmgr, doc->lang, NULL));
	pdf->have_info = !hpdf_out_of_memory; /* else the next letter sets it again */
}

int appeal_pdf_add(struct appeal_pdf *pdf, const struct appeal_document *doc,
                   struct appeal_stats *stats, struct appeal_error *err)
{
	struct layout l;
	struct signature_image sig = {0};
	int rc;

	hpdf_enter(pdf);
	if ((rc = typesetter_set(pdf->ts, doc, &l, err)))
		return rc;
	if ((doc->signature_png || doc->signature_data) &&
	    (rc = signature_load(doc->signature_png, doc->signature_data, doc->signature_size, &sig, err))) {
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
	signature_image_free(&sig);
	return rc;
}

int appeal_pdf_measure(struct appeal_pdf *pdf, const struct appeal_document *doc,
                       struct appeal_stats *stats, struct appeal_error *err)
{
	return typesetter_measure(pdf->ts, doc, stats, err);
}

int appeal_pdf_set_info(struct appeal_pdf *pdf, const char *title, const char *author,
                        struct appeal_error *err)
{
	hpdf_enter(pdf);
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
		set_info_text(pdf, HPDF_INFO_TITLE, t);
		set_info_text(pdf, HPDF_INFO_AUTHOR, a);
	}
	return hpdf_failed(pdf, _("setting the title"), err);
}

int appeal_pdf_add_blank(struct appeal_pdf *pdf, struct appeal_error *err)
{
	hpdf_enter(pdf);
	if (new_page(pdf))
		pdf->pages++;
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
	if (finish_fonts(pdf)) {
		rc = hpdf_failed(pdf, _("writing the fonts"), err);
		return rc ? rc : err_nomem(err);
	}
	if (HPDF_SaveToStream(pdf->doc) != HPDF_OK || hpdf_broken(pdf)) {
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

int appeal_pdf_save_mem(struct appeal_pdf *pdf, unsigned char **data, size_t *size,
                        struct appeal_error *err)
{
	hpdf_enter(pdf);
	int rc = serialise(pdf, data, size, err);
	int rc2 = start_document(pdf, rc ? NULL : err);
	if (!rc && rc2) {
		free(*data);
		*data = NULL;
		rc = rc2;
	}
	return rc;
}

int appeal_pdf_save(struct appeal_pdf *pdf, const char *path, struct appeal_error *err)
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
