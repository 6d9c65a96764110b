/* The PDF writer behind appeal_output (backend/pdf.c): private to the
 * library. Everyone else writes PDFs through appeal_output_* (appeal.h);
 * this is here for the PDF sink itself and for tests that reach inside. */
#ifndef APPEAL_BACKEND_PDF_H
#define APPEAL_BACKEND_PDF_H

#include <stdbool.h>
#include <stddef.h>

#include "appeal.h"

/* What the PDF sink passes on from appeal_output_options. */
struct appeal_pdf_options {
	enum appeal_paper paper;
	const char *font_dir;   /* directory holding the shipped fonts; required */
	const char *hyphen_dir; /* hyph_en_US.dic, hyph_es_ES.dic; NULL: the system's */
	bool ragged;            /* ragged-right body instead of justified */
	bool no_hyphenation;
	bool no_tighten;        /* never re-set paragraphs to save a page */
};
#define APPEAL_PDF_OPTIONS_INIT {APPEAL_PAPER_A4, NULL, NULL, false, false, false}

/* A PDF being built: one or many letters, then saved. Loads the fonts once;
 * keep one per thread and reuse it across letters. */
struct appeal_pdf;

/* The caller owns the result and frees it with appeal_pdf_free(). */
struct appeal_pdf *appeal_pdf_new(const struct appeal_pdf_options *opts, struct appeal_error *err);
void appeal_pdf_free(struct appeal_pdf *pdf);

/* Lays out the document and appends its pages. A character the fonts cannot
 * draw fails with APPEAL_EGLYPH before anything is drawn, so the PDF is left
 * as it was. `stats` may be NULL. The document is only read. */
int appeal_pdf_add(struct appeal_pdf *pdf, const struct appeal_document *doc,
                   struct appeal_stats *stats, struct appeal_error *err);

/* Lays out the document as appeal_pdf_add() would and fills `stats`
 * (pages, lines...), but draws nothing: the PDF is left as it was. For
 * asking "does this still fit on one page?" as a signer types. */
int appeal_pdf_measure(struct appeal_pdf *pdf, const struct appeal_document *doc,
                       struct appeal_stats *stats, struct appeal_error *err);

/* Replaces the title and author the PDF would take from its first letter,
 * for a print file that holds many letters. The strings are copied; NULL
 * keeps the letter's own. Applies until the next save. */
int appeal_pdf_set_info(struct appeal_pdf *pdf, const char *title, const char *author,
                        struct appeal_error *err);

/* Appends an empty page of the paper size (for two-sided printing, so that
 * the next letter starts on a new sheet). */
int appeal_pdf_add_blank(struct appeal_pdf *pdf, struct appeal_error *err);

/* Number of pages added since the last save. */
int appeal_pdf_page_count(const struct appeal_pdf *pdf);

/* Writes the PDF to `path` atomically (a temporary file beside it, then
 * rename), or to standard output when path is "-"; then starts a new, empty
 * PDF with the same options. On failure nothing is left at `path`. */
int appeal_pdf_save(struct appeal_pdf *pdf, const char *path, struct appeal_error *err);

/* The same into memory. The caller owns *data and frees it with free(). */
int appeal_pdf_save_mem(struct appeal_pdf *pdf, unsigned char **data, size_t *size,
                        struct appeal_error *err);

#endif
