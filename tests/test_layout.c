/* Layout: geometry, justification, names kept whole, page breaking rules,
 * glyph checks. Runs on the real campaign letter and the shipped fonts.
 * Usage: test_layout FONT_DIR LETTER_DIR */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hpdf.h>

#include "appeal.h"
#include "check.h"
#include "document/document.h"
#include "typeset/fonts.h"
#include "typeset/hyphen.h"
#include "typeset/layout.h"
#include "typeset/page.h"

static const char *const detainees[] = {
	"Pedro Guanipa",   "Perkins Rocha",  "Rafael Ramírez",  "Américo de Grazia", "Biagio Pilieri",  "Freddy Superlano",
	"Luis Somaza",     "Alfredo Díaz",   "Luis Palocz",     "Ricardo Estevez",   "Jesús Armas",     "María Oropeza",
	"Nélide Sánchez",  "Roland Carreño", "Williams Dávila", "Edwin Moya",
};

static struct fontset *fonts;
static struct appeal_letter *letter;

static struct appeal_document *fill(const char *lang, const char *name, const char *city, const char *note)
{
	struct appeal_signer s = APPEAL_SIGNER_INIT;
	struct appeal_error err = {0};
	s.name = name;
	s.city = city;
	s.note = note;
	s.date = (struct appeal_date){2026, 11, 28};
	struct appeal_document *doc = appeal_document_fill(letter, lang, &s, &err);
	if (!doc)
		fprintf(stderr, "fill: %s\n", err.message);
	return doc;
}

/* Every line inside the text column; justified lines flush right. */
static void check_geometry(const struct layout *l, double left, double right)
{
	int outside = 0, ragged_justified = 0, bad_start = 0;
	for (size_t p = 0; p < l->npages; p++)
		for (size_t i = 0; i < l->pages[p].nlines; i++) {
			const struct ll_line *ln = &l->pages[p].lines[i];
			double end = layout_line_end(ln);
			if (ln->x < left - 0.01 || end > right + 0.01) {
				outside++;
				fprintf(stderr, "outside the column (%.2f to %.2f): %s\n", ln->x, end, ln->text);
			}
			if (ln->justified)
				ragged_justified += end < right - 0.01;
			/* No line starts with closing punctuation. */
			bad_start += strchr(",.;:!?)]", ln->text[0]) != NULL || strncmp(ln->text, "»", 2) == 0 ||
			             strncmp(ln->text, "”", 3) == 0;
		}
	CHECK_INT(outside, 0);
	CHECK_INT(ragged_justified, 0);
	CHECK_INT(bad_start, 0);
}

/* Each name appears whole on one line. */
static void check_names(const struct layout *l, const char *signer)
{
	size_t found = 0;
	for (size_t k = 0; k < sizeof(detainees) / sizeof(detainees[0]); k++)
		for (size_t p = 0; p < l->npages; p++)
			for (size_t i = 0; i < l->pages[p].nlines; i++)
				found += strstr(l->pages[p].lines[i].text, detainees[k]) != NULL;
	CHECK_INT(found, sizeof(detainees) / sizeof(detainees[0]));
	size_t signer_found = 0;
	for (size_t p = 0; p < l->npages; p++)
		for (size_t i = 0; i < l->pages[p].nlines; i++)
			signer_found += strstr(l->pages[p].lines[i].text, signer) != NULL;
	CHECK(signer_found >= 1);
}

static int lay(struct layout *l, const struct appeal_document *doc, enum appeal_paper paper,
               struct hyphenator *h, struct appeal_error *err)
{
	struct layout_options o = {paper, false, h, false, NULL};
	return layout_document(l, doc, fonts, &o, err);
}

/* The paragraph cache gives exactly what breaking afresh gives. */
static void check_cache(const struct appeal_document *doc, struct hyphenator *h)
{
	struct layout_cache *cache = layout_cache_new();
	struct layout_options plain = {APPEAL_PAPER_A4, false, h, false, NULL};
	struct layout_options cached = plain;
	struct layout a, b;
	struct appeal_error err = {0};

	cached.cache = cache;
	CHECK_INT(layout_document(&a, doc, fonts, &plain, &err), 0);
	for (int round = 0; round < 2; round++) {
		CHECK_INT(layout_document(&b, doc, fonts, &cached, &err), 0);
		int same = a.npages == b.npages;
		for (size_t p = 0; same && p < a.npages; p++) {
			same &= a.pages[p].nlines == b.pages[p].nlines;
			for (size_t i = 0; same && i < a.pages[p].nlines; i++) {
				const struct ll_line *x = &a.pages[p].lines[i], *y = &b.pages[p].lines[i];
				same &= strcmp(x->text, y->text) == 0 && x->x == y->x && x->y == y->y &&
				        x->word_space == y->word_space && x->style == y->style;
			}
		}
		CHECK(same);
		layout_free(&b);
	}
	layout_free(&a);
	layout_cache_free(cache);
}

/* The geometry as data: the play of the folded sheet and the address zone
 * follow from the envelope and the folds (docs/layout.md). */
static void check_page_data(void)
{
	const struct page_geometry *a4 = page_for(APPEAL_PAPER_A4), *us = page_for(APPEAL_PAPER_LETTER);
	double across, updown;
	const double mm = 72 / 25.4;

	page_play(a4, &across, &updown);
	CHECK_NEAR(across / mm, 10, 1e-9);
	CHECK_NEAR(updown / mm, 5, 1e-9);
	struct page_box z = page_address_zone(a4);
	CHECK_NEAR(z.x0 / mm, 25, 1e-9);
	CHECK_NEAR(z.x1 / mm, 100, 1e-9);
	CHECK_NEAR(z.y0 / mm, 62.7, 1e-9);
	CHECK_NEAR(z.y1 / mm, 90, 1e-9);
	CHECK_NEAR(a4->folds[0] / mm, 105, 1e-9);
	CHECK_NEAR(a4->folds[1] / mm, 210, 1e-9);
	CHECK_NEAR(a4->punch / mm, 148.5, 1e-9);

	page_play(us, &across, &updown);
	CHECK_NEAR(across / 72, 1, 1e-9);
	CHECK_NEAR(updown / 72, 4.125 - 11.0 / 3, 1e-9);
	z = page_address_zone(us);
	CHECK_NEAR(z.x0 / 72, 1, 1e-9);      /* 7/8 in + 1/8 in */
	CHECK_NEAR(z.x1 / 72, 4.25, 1e-9);   /* 5 3/8 in - 1 in of play - 1/8 in */
	CHECK_NEAR(z.y0 / 72, 2.5 - (4.125 - 11.0 / 3) + 0.125, 1e-9);
	CHECK_NEAR(z.y1 / 72, 3.625 - (4.125 - 11.0 / 3) - 0.125, 1e-9);
	CHECK_NEAR(us->folds[0] / 72, 11.0 / 3, 1e-9);
	CHECK_NEAR(us->folds[1] / 72, 22.0 / 3, 1e-9);
	CHECK_NEAR(us->punch / 72, 5.5, 1e-9);

	/* 11 pt on 12 pt: six lines in DIN 5008's zone, five in the window */
	double asc = font_ascent(fonts, FONT_REGULAR) * 11 / 1000.0, desc = -font_descent(fonts, FONT_REGULAR) * 11 / 1000.0;
	CHECK_INT(page_address_lines(a4, asc, desc), 6);
	CHECK_INT(page_address_lines(us, asc, desc), 5);
}

/* Page 1 as laid out: the address's ink inside the zone, the return line in
 * its own, the subject, date and salutation clear of the folds by 2 mm, and
 * the fold and punch marks where the data says. */
static void check_page_one(const struct layout *l, enum appeal_paper paper, const char *subject,
                           const char *salutation, const char *address_first, const char *address_last)
{
	const struct page_geometry *g = page_for(paper);
	struct page_box z = page_address_zone(g);
	double asc = font_ascent(fonts, FONT_REGULAR) / 1000.0, desc = -font_descent(fonts, FONT_REGULAR) / 1000.0;
	const struct ll_page *p = &l->pages[0];
	int in_zone = 0, head_clear = 0, sender = 0;

	for (size_t i = 0; i < p->nlines; i++) {
		const struct ll_line *ln = &p->lines[i];
		double top = l->page_height - ln->y - asc * ln->size, bottom = l->page_height - ln->y + desc * ln->size;
		if (strcmp(ln->text, address_first) == 0 || strcmp(ln->text, address_last) == 0)
			in_zone += top >= z.y0 - 1e-9 && bottom <= z.y1 + 1e-9 && ln->x >= z.x0 - 1e-9 &&
			           layout_line_end(ln) <= z.x1 + 1e-9;
		if (strcmp(ln->text, subject) == 0 || strcmp(ln->text, salutation) == 0 || strstr(ln->text, ", 28 ")) {
			bool clear = true;
			for (int f = 0; f < 2; f++)
				clear &= bottom <= g->folds[f] - g->fold_clearance + 1e-9 ||
				         top >= g->folds[f] + g->fold_clearance - 1e-9;
			head_clear += clear;
		}
		if (g->sender_size > 0 && ln->size == g->sender_size)
			sender += top >= g->sender.y0 && bottom <= g->sender.y1 && layout_line_end(ln) <= g->sender.x1;
	}
	CHECK_INT(in_zone, 2);
	CHECK_INT(head_clear, 3);
	CHECK_INT(sender, g->sender_size > 0 ? 1 : 0);
	int marks = 0;
	for (int r = 0; r < p->nrules; r++) {
		double y = l->page_height - p->rules[r].y0;
		marks += p->rules[r].x0 == g->mark_x &&
		         (fabs(y - g->folds[0]) < 1e-9 || fabs(y - g->folds[1]) < 1e-9 || fabs(y - g->punch) < 1e-9);
	}
	CHECK_INT(marks, 3);
}

/* The return line of a signer: name and city, else initials and city, else
 * the city, else the city cut short; always inside its zone. */
static const char *return_line_of(const char *name, const char *city, struct hyphenator *h, char *buf, size_t size)
{
	struct appeal_document *doc = fill("en", name, city, NULL);
	struct layout l;
	struct appeal_error err = {0};
	const struct page_geometry *g = page_for(APPEAL_PAPER_A4);
	buf[0] = '\0';
	if (!doc || lay(&l, doc, APPEAL_PAPER_A4, h, &err) != 0) {
		appeal_document_free(doc);
		return buf;
	}
	for (size_t i = 0; i < l.pages[0].nlines; i++) {
		const struct ll_line *ln = &l.pages[0].lines[i];
		if (ln->size == g->sender_size) {
			snprintf(buf, size, "%s", ln->text);
			CHECK(ln->x >= g->sender.x0 && layout_line_end(ln) <= g->sender.x1);
		}
	}
	layout_free(&l);
	appeal_document_free(doc);
	return buf;
}

static void check_return_line(struct hyphenator *h)
{
	char buf[512], city[160];
	CHECK_STR(return_line_of("Ana Pérez", "Mérida", h, buf, sizeof(buf)), "Ana Pérez · Mérida");
	CHECK_STR(return_line_of("María José García-Ramos de la Concepción Fernández y Zúñiga de los Ríos Montalbán "
	                         "Sotomayor",
	                         "San Cristóbal de La Laguna", h, buf, sizeof(buf)),
	          "M. J. G.-R. C. F. Z. R. M. S. · San Cristóbal de La Laguna");
	/* 187 pt of city: with the initials (209 pt) it still fits 75 mm */
	snprintf(city, sizeof(city), "Llanfairpwll Llanfairpwll Llanfairpwll Llanfairpwll Gwyngyll");
	CHECK_STR(return_line_of("Ana Pérez", city, h, buf, sizeof(buf)), "A. P. · Llanfairpwll Llanfairpwll "
	                                                                  "Llanfairpwll Llanfairpwll Gwyngyll");
	/* with three more letters of initials, the city alone */
	CHECK_STR(return_line_of("Ana Pérez Gil", city, h, buf, sizeof(buf)), city);
	/* a city too long for the zone is cut, with an ellipsis */
	snprintf(city, sizeof(city), "Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch Llanfairpwll");
	return_line_of("Ana Pérez", city, h, buf, sizeof(buf));
	CHECK(strncmp(buf, "Llanfairpwllgwyngyll", 20) == 0);
	CHECK(strlen(buf) > 3 && strcmp(buf + strlen(buf) - 3, "…") == 0);
}

/* The seed letter, with any date, needs no hyphenation pattern parsed: the
 * build's memo knows its words (typeset/hyphen.h). A note's words do not
 * all belong to it, and are hyphenated from the patterns all the same. */
static void check_memo_covers_letter(void)
{
	const char *langs[] = {"en", "es"};

	for (int li = 0; li < 2; li++) {
		struct hyphenator *h = hyphenator_new("/usr/share/hyphen", langs[li], NULL);
		struct appeal_error err = {0};
		struct layout l;
		CHECK(hyphenator_has_memo(h));
		for (int month = 1; month <= 12; month++)
			for (int paper = 0; paper < 2; paper++) {
				struct appeal_signer s = APPEAL_SIGNER_INIT;
				s.name = "Ana Pérez";
				s.city = "Mérida";
				s.date = (struct appeal_date){2026, month, 28};
				struct appeal_document *doc = appeal_document_fill(letter, langs[li], &s, &err);
				if (CHECK(doc != NULL) && CHECK_INT(lay(&l, doc, (enum appeal_paper)paper, h, &err), 0))
					layout_free(&l);
				appeal_document_free(doc);
			}
		CHECK(!hyphenator_parsed(h));
		struct appeal_document *doc =
			fill(langs[li], "Ana Pérez", "Mérida",
			     "Notwithstanding extraordinarily unconventional circumstances: constitucionalidad.");
		if (CHECK(doc != NULL) && CHECK_INT(lay(&l, doc, APPEAL_PAPER_A4, h, &err), 0))
			layout_free(&l);
		appeal_document_free(doc);
		CHECK(hyphenator_parsed(h));
		hyphenator_free(h);
	}
}

/* The widths the layout reads from the build's metrics files against those
 * libharu reads from the faces themselves, for every character of the BMP
 * in every style: the same integer for each glyph, -1 where the face has
 * none. libharu is a second, independent reader of the TrueType tables. */
static void check_metrics_against_libharu(const char *font_dir, struct fontset *fs)
{
	HPDF_Doc pdf = HPDF_New(NULL, NULL);
	long wrong = 0, drawn = 0;

	if (!CHECK(pdf != NULL))
		return;
	for (int style = 0; style < FONT_STYLES; style++) {
		const char *path = fontset_path(fs, (enum font_style)style, FONT_UNICODE);
		const char *name = HPDF_LoadTTFontFromFile(pdf, path, HPDF_FALSE);
		HPDF_FontDef def = name ? HPDF_Doc_FindFontDef(pdf, name) : NULL;
		if (!CHECK(def != NULL)) {
			fprintf(stderr, "libharu cannot load %s (in %s)\n", path, font_dir);
			continue;
		}
		for (uint32_t cp = 0; cp <= 0xFFFF; cp++) {
			int ours = font_advance(fs, (enum font_style)style, cp);
			int theirs = HPDF_TTFontDef_GetGlyphid(def, (HPDF_UINT16)cp)
			                 ? HPDF_TTFontDef_GetCharWidth(def, (HPDF_UINT16)cp)
			                 : -1;
			drawn += theirs >= 0;
			if (ours != theirs && wrong++ < 5)
				fprintf(stderr, "style %d U+%04X: metrics say %d, libharu %d\n", style, (unsigned)cp, ours, theirs);
		}
	}
	CHECK_INT(wrong, 0);
	/* four styles of some 1,300 characters each, all compared */
	CHECK(drawn > 4 * 1000);
	CHECK_INT(font_ascent(fs, FONT_REGULAR), 891);
	CHECK_INT(font_descent(fs, FONT_REGULAR), -216);
	HPDF_Free(pdf);
}

/* A metrics file that is not what the build wrote is refused with its
 * line, before any letter is set. */
static void check_damaged_metrics(const char *font_dir)
{
	static const char *const bad[] = {
		"appeal-metrics 2\nascent 891\ndescent -216\n0020 250\n",   /* line 1: another format */
		"appeal-metrics 1\nascent 891\ndescent -216\n0020 250 x\n", /* line 4: not a number */
		"appeal-metrics 1\nascent 891\ndescent -216\nffff 250 250\n", /* line 4: past the BMP */
		"appeal-metrics 1\nascent 891\ndescent\n",                  /* line 3 */
		"appeal-metrics 1\nascent 891\ndescent -216\n0020 250",     /* line 4: cut short */
	};
	static const int line[] = {1, 4, 4, 3, 4};
	char dir[] = "/tmp/appeal-metrics-XXXXXX", path[4200], target[4200], *abs = realpath(font_dir, NULL);
	static const char *const styles[] = {"Regular", "Italic", "Bold", "BoldItalic"};

	if (!CHECK(abs && mkdtemp(dir) != NULL)) {
		free(abs);
		return;
	}
	for (int s = 0; s < 4; s++)
		for (int c = 0; c < 2; c++) {
			snprintf(path, sizeof(path), "%s/AppealSerif-%s-%s.ttf", dir, styles[s], c ? "Unicode" : "WinAnsi");
			snprintf(target, sizeof(target), "%s/AppealSerif-%s-%s.ttf", abs, styles[s],
			         c ? "Unicode" : "WinAnsi");
			CHECK_INT(symlink(target, path), 0);
		}
	snprintf(path, sizeof(path), "%s/AppealSerif-Regular.metrics", dir);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		FILE *f = fopen(path, "w");
		struct appeal_error err = {0};
		if (!CHECK(f != NULL))
			break;
		fputs(bad[i], f);
		fclose(f);
		struct fontset *fs = fontset_load(dir, &err);
		CHECK(fs == NULL);
		fontset_free(fs);
		CHECK_INT(err.line, line[i]);
		CHECK(strstr(err.message, "damaged") || strstr(err.message, "not a font metrics"));
		CHECK(strstr(err.source, "AppealSerif-Regular.metrics") != NULL);
	}
	remove(path);
	struct appeal_error err = {0};
	CHECK(fontset_load(dir, &err) == NULL); /* missing now */
	CHECK(strstr(err.message, "cannot read the font metrics") != NULL);
	for (int s = 0; s < 4; s++)
		for (int c = 0; c < 2; c++) {
			snprintf(path, sizeof(path), "%s/AppealSerif-%s-%s.ttf", dir, styles[s], c ? "Unicode" : "WinAnsi");
			remove(path);
		}
	rmdir(dir);
	free(abs);
}

int main(int argc, char **argv)
{
	struct appeal_error err = {0};
	char path[4096];

	if (argc < 3) {
		fprintf(stderr, "usage: test_layout FONT_DIR LETTER_DIR\n");
		return 2;
	}
	fonts = fontset_load(argv[1], &err);
	snprintf(path, sizeof(path), "%s/venezuela-2025.json", argv[2]);
	letter = appeal_letter_load(path, &err);
	if (!CHECK(fonts && letter)) {
		fprintf(stderr, "%s\n", err.message);
		return check_summary(argv[0]);
	}
	struct hyphenator *hy[2] = {hyphenator_new("/usr/share/hyphen", "en_US", &err),
	                            hyphenator_new("/usr/share/hyphen", "es_ES", &err)};
	CHECK(hy[0] && hy[1]);

	/* Widths are libharu's integers: Liberation Serif space = 250/1000 em. */
	CHECK_INT(font_advance(fonts, FONT_REGULAR, ' '), 250);
	CHECK_INT(font_advance(fonts, FONT_REGULAR, 0x4E2D), -1);
	CHECK_INT(font_first_missing(fonts, FONT_REGULAR, "Łukasz Żółć Nguyễn Thị Hương Ayşe Yıldız"), 0);
	CHECK_INT(font_first_missing(fonts, FONT_REGULAR, "Ana 😀"), 0x1F600);
	check_metrics_against_libharu(argv[1], fonts);
	check_damaged_metrics(argv[1]);
	check_memo_covers_letter();

	check_page_data();
	check_return_line(hy[0]);

	const char *langs[] = {"en", "es"};
	for (int li = 0; li < 2; li++) {
		for (int paper = 0; paper < 2; paper++) {
			struct appeal_document *doc = fill(langs[li], "Ana Pérez", "Mérida", NULL);
			struct layout l;
			CHECK(doc != NULL);
			if (!doc)
				continue;
			CHECK_INT(lay(&l, doc, paper, hy[li], &err), 0);
			CHECK_INT(l.npages, 1);
			double left = page_for(paper)->left;
			double right = page_for(paper)->right;
			CHECK_NEAR(l.page_width, paper ? 612 : 595.2756, 0.01);
			check_geometry(&l, left, right);
			check_names(&l, "Ana Pérez");
			check_page_one(&l, paper,
			               li ? "Liberación de las personas detenidas arbitrariamente por motivos políticos"
			                  : "Release of persons arbitrarily detained for political reasons",
			               li ? "Señor Presidente:" : "President Maduro,",
			               li ? "Excelentísimo Señor Presidente de la República" : "President of the Republic",
			               "Caracas, Venezuela");
			fprintf(stderr, "%s %s: %d pages, %d lines, %d hyphenated, stretch median %.2f worst %.2f%s\n",
			        langs[li], paper ? "letter" : "a4", l.stats.pages, l.stats.lines, l.stats.hyphenated,
			        l.stats.median_stretch, l.stats.worst_stretch, l.stats.tightened ? " (tightened)" : "");
			CHECK(l.stats.lines >= 18);
			/* Font expansion takes the slack: spaces stay near their width,
			 * and never gape past 1.25 times. */
			CHECK(l.stats.median_stretch > 0.95 && l.stats.median_stretch <= 1.05);
			CHECK(l.stats.worst_stretch <= 1.25);
			/* Letter spacing only where spaces would gape, never more than
			 * 0.03 em. */
			int spaced = 0, too_much = 0;
			for (size_t i = 0; i < l.pages[0].nlines; i++) {
				spaced += l.pages[0].lines[i].char_space > 0;
				too_much += l.pages[0].lines[i].char_space > 0.03 * 11 + 1e-9;
			}
			CHECK(spaced * 5 <= l.stats.lines); /* a few lines, not the text */
			CHECK_INT(too_much, 0);
			/* The date line is right-aligned. */
			int dated = 0;
			for (size_t i = 0; i < l.pages[0].nlines; i++) {
				const struct ll_line *ln = &l.pages[0].lines[i];
				if (strstr(ln->text, "Mérida, 28 ")) {
					dated++;
					CHECK_NEAR(ln->x + ln->width, right, 0.01);
				}
			}
			CHECK_INT(dated, 1);
			/* A window envelope shows the address: on A4 (DIN 5008 B) it
			 * lies between 62.7 and 90 mm from the top. */
			if (paper == APPEAL_PAPER_A4) {
				for (size_t i = 0; i < l.pages[0].nlines; i++)
					if (strstr(l.pages[0].lines[i].text, "Palacio de Miraflores")) {
						double top = (l.page_height - l.pages[0].lines[i].y) * 25.4 / 72;
						CHECK(top > 62.7 && top < 90);
					}
			}
			layout_free(&l);
			appeal_document_free(doc);
		}
	}

	/* A long note: two pages; the closing has company; headers. */
	char note[6000] = "";
	for (int i = 0; i < 7; i++)
		strcat(note, "I have followed these cases for years and I ask you to act now, because every day "
		             "in detention without a fair trial is another day of suffering for these families and "
		             "their communities, who deserve to know the truth.\n\n");
	struct appeal_document *doc = fill("en", "Ana Pérez", "Mérida", note);
	struct layout l;
	CHECK_INT(lay(&l, doc, APPEAL_PAPER_A4, hy[0], &err), 0);
	CHECK_INT(l.npages, 2);
	if (l.npages == 2) {
		const struct ll_page *p2 = &l.pages[1];
		size_t closing = 0, body_before = 0;
		for (size_t i = 0; i < p2->nlines; i++) {
			if (strcmp(p2->lines[i].text, "Yours sincerely,") == 0)
				closing = i;
		}
		for (size_t i = 0; i < closing; i++)
			body_before += p2->lines[i].body;
		CHECK(closing > 0);
		CHECK(body_before >= 2);
		CHECK(strstr(p2->lines[0].text, "Nicolás Maduro · 28 November 2026") != NULL);
		CHECK(p2->has_signature);
		CHECK(!l.pages[0].has_signature);
		/* Page 1 is filled with body text down to its foot. */
		CHECK(l.pages[0].lines[l.pages[0].nlines - 1].body);
		check_geometry(&l, 25 * 72 / 25.4, l.page_width - 20 * 72 / 25.4);
	}
	layout_free(&l);
	appeal_document_free(doc);

	doc = fill("es", "Ana Pérez", "Mérida", note);
	check_cache(doc, hy[1]);
	appeal_document_free(doc);

	/* A name no font can draw, and one beyond the BMP. */
	const char *bad[] = {"王秀英", "Ana 😀"};
	const char *code[] = {"U+738B", "U+1F600"};
	for (int i = 0; i < 2; i++) {
		doc = fill("es", bad[i], NULL, NULL);
		appeal_error_clear(&err);
		CHECK_INT(lay(&l, doc, APPEAL_PAPER_A4, NULL, &err), APPEAL_EGLYPH);
		CHECK(strstr(err.message, code[i]) != NULL);
		CHECK(strncmp(err.message, "the name contains", 17) == 0);
		CHECK(err.hint[0] != '\0');
		appeal_document_free(doc);
	}

	/* A 200-byte name wraps instead of running off the page. */
	char longname[201];
	memset(longname, 'm', 200);
	longname[200] = '\0';
	for (int i = 9; i < 200; i += 10)
		longname[i] = ' ';
	doc = fill("en", longname, "Caracas", NULL);
	CHECK_INT(lay(&l, doc, APPEAL_PAPER_A4, hy[0], &err), 0);
	check_geometry(&l, 25 * 72 / 25.4, l.page_width - 20 * 72 / 25.4);
	layout_free(&l);
	appeal_document_free(doc);

	hyphenator_free(hy[0]);
	hyphenator_free(hy[1]);
	appeal_letter_free(letter);
	fontset_free(fonts);
	return check_summary(argv[0]);
}
