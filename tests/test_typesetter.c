/* The typesetter hands a backend a finished layout: each line's cut chosen,
 * WinAnsi lines already in Windows-1252, Unicode lines with the start of
 * every word. Checked on the real letter and fonts against the font's own
 * widths, for a Latin-1 signer and for one beyond Windows-1252.
 * Usage: test_typesetter FONT_DIR LETTER_DIR HYPHEN_DIR */
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "appeal.h"
#include "check.h"
#include "document/document.h"
#include "typeset/typesetter.h"
#include "util/utf8.h"

static struct appeal_letter *letter;
static int unicode_lines;

static struct appeal_document *fill(const char *lang, const char *name, const char *city)
{
	struct appeal_signer s = APPEAL_SIGNER_INIT;
	struct appeal_error err = {0};
	s.name = name;
	s.city = city;
	s.date = (struct appeal_date){2026, 11, 28};
	struct appeal_document *doc = appeal_document_fill(letter, lang, &s, &err);
	if (!doc)
		fprintf(stderr, "fill: %s\n", err.message);
	return doc;
}

/* A line's words end where the layout says the line ends. */
static double unicode_end(struct fontset *fonts, const struct ll_line *ln)
{
	const char *s = ln->text, *last = s;
	double x = ln->x;
	for (size_t k = 0; *s; k++) {
		size_t n = strcspn(s, " ");
		x += ln->steps[k];
		last = s;
		s += n + (s[n] == ' ');
	}
	size_t len = strcspn(last, " ");
	return x + (font_text_width(fonts, ln->style, last, len) * ln->size / 1000.0 +
	            (double)utf8_length(last, len) * ln->char_space) * (1 + ln->expand);
}

static void check_letter(struct typesetter *ts, struct fontset *fonts, const char *lang, const char *name,
                         bool wants_unicode)
{
	struct appeal_document *doc = fill(lang, name, "Mérida");
	struct appeal_error err = {0};
	struct layout l;
	iconv_t cd = iconv_open("UTF-8", "CP1252");
	int winansi = 0, unicode = 0, bad_text = 0, bad_end = 0, has_name = 0;

	if (!CHECK(doc != NULL) || !CHECK(typesetter_set(ts, doc, &l, &err) == 0)) {
		fprintf(stderr, "%s\n", err.message);
		appeal_document_free(doc);
		return;
	}
	for (size_t p = 0; p < l.npages; p++)
		for (size_t i = 0; i < l.pages[p].nlines; i++) {
			const struct ll_line *ln = &l.pages[p].lines[i];
			has_name += strstr(ln->text, name) != NULL;
			if (ln->cut == FONT_WINANSI) {
				/* The bytes say what the text says. */
				char back[4096], *in = ln->winansi, *out = back;
				size_t il = strlen(in), ol = sizeof(back) - 1;
				winansi++;
				if (ln->steps || iconv(cd, &in, &il, &out, &ol) == (size_t)-1)
					bad_text++;
				else
					*out = '\0', bad_text += strcmp(back, ln->text) != 0;
			} else {
				unicode++;
				unicode_lines++;
				bad_text += ln->winansi != NULL || ln->steps == NULL || ln->steps[0] != 0;
				if (ln->steps) {
					/* The last word ends where the layout measured the line to. */
					double end = unicode_end(fonts, ln);
					bad_end += end < layout_line_end(ln) - 0.01 || end > layout_line_end(ln) + 0.01;
				}
			}
		}
	CHECK(has_name > 0);
	CHECK(winansi > 20);
	CHECK(wants_unicode ? unicode > 0 : unicode == 0);
	CHECK_INT(bad_text, 0);
	CHECK_INT(bad_end, 0);
	CHECK_INT(l.stats.pages, (int)l.npages);
	layout_free(&l);
	iconv_close(cd);
	appeal_document_free(doc);
}

int main(int argc, char **argv)
{
	struct appeal_error err = {0};
	char path[4096];

	if (argc < 4) {
		fprintf(stderr, "usage: test_typesetter FONT_DIR LETTER_DIR HYPHEN_DIR\n");
		return 2;
	}
	snprintf(path, sizeof(path), "%s/venezuela-2025.json", argv[2]);
	letter = appeal_letter_load(path, &err);
	struct fontset *fonts = fontset_load(argv[1], &err);
	struct typesetter_options o = {APPEAL_PAPER_A4, argv[1], argv[3], false, false, false};
	struct typesetter *ts = typesetter_new(&o, &err);
	if (!CHECK(letter && fonts && ts)) {
		fprintf(stderr, "%s\n", err.message);
		return check_summary(argv[0]);
	}
	CHECK(typesetter_page(ts)->width > 595 && typesetter_page(ts)->width < 596);
	CHECK(strstr(typesetter_font_file(ts, FONT_BOLD, FONT_WINANSI), "Bold-WinAnsi") != NULL);
	for (int round = 0; round < 2; round++) { /* the second from the paragraph cache */
		check_letter(ts, fonts, "en", "Ana Pérez", false);
		check_letter(ts, fonts, "es", "Nguyễn Thị Hương", true);
		check_letter(ts, fonts, "en", "Łukasz Żółć", true);
		CHECK(unicode_lines >= 4 * (round + 1));
	}
	/* No font directory: an error, not a crash. */
	struct typesetter_options none = {APPEAL_PAPER_A4, NULL, NULL, false, false, false};
	CHECK(typesetter_new(&none, &err) == NULL && err.code == APPEAL_EINVAL);
	/* Past 1,000 pages the page tree grows nodes under the root (a flat one
	 * holds at most 32,767); a short document has none. */
	struct appeal_output_options po = APPEAL_OUTPUT_OPTIONS_INIT;
	po.font_dir = argv[1];
	po.hyphen_dir = argv[3];
	struct appeal_output *pdf = appeal_output_new(&po, &err);
	struct appeal_document *doc = fill("en", "Ana Pérez", "Mérida");
	unsigned char *data = NULL;
	size_t size = 0;
	for (int pass = 0; pass < 2 && CHECK(pdf && doc); pass++) {
		int blanks = pass ? 1200 : 0, nodes = 0;
		CHECK_INT(appeal_output_add(pdf, doc, NULL, &err), 0);
		for (int i = 0; i < blanks; i++)
			appeal_output_add_blank(pdf, &err);
		CHECK_INT(appeal_output_finish_mem(pdf, &data, &size, &err), 0);
		for (size_t i = 0; data && i + 12 < size; i++)
			nodes += memcmp(data + i, "/Type /Pages", 12) == 0;
		CHECK_INT(nodes, pass ? 2 : 1); /* the root, and for 1,201 pages a node under it */
		free(data);
		data = NULL;
	}
	appeal_document_free(doc);
	appeal_output_free(pdf);
	typesetter_free(ts);
	fontset_free(fonts);
	appeal_letter_free(letter);
	return check_summary(argv[0]);
}
