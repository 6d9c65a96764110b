/* The window check: a campaign's address block must show through the
 * window of a window envelope on every paper, in every language, before any
 * letter is written (docs/layout.md). Measured with the fonts the layout
 * uses, at the address's size, as fill types the text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/typo.h"
#include "letter/letter.h"
#include "typeset/fonts.h"
#include "typeset/page.h"
#include "util/error.h"
#include "util/i18n.h"

/* One line of the address block and where it comes from. */
struct addr_line {
	const char *text;
	char path[64];
	struct letter_pos at;
};

static int refuse(const struct appeal_letter *letter, const struct addr_line *l, struct appeal_error *err)
{
	err_source(err, letter->source);
	if (l->at.line > 0)
		err_position(err, l->at.line, l->at.column);
	err_path(err, "%s", l->path);
	return APPEAL_EINVAL;
}

/* Checks one language's address block on one paper. */
static int check_block(const struct appeal_letter *letter, const struct letter_text *t, struct fontset *fonts,
                       const struct page_geometry *g, struct appeal_error *err)
{
	struct addr_line lines[2 + 8];
	size_t n = 0;
	struct page_box zone = page_address_zone(g);
	double size = g->address_size, room = zone.x1 - zone.x0;
	double asc = font_ascent(fonts, FONT_REGULAR) * size / 1000.0;
	double desc = -font_descent(fonts, FONT_REGULAR) * size / 1000.0;
	int most = page_address_lines(g, asc, desc);
	char where[96];

	snprintf(where, sizeof(where), _("the window of a %s envelope on %s paper"), g->envelope.name, g->name);
	if (t->addressee_title[0]) {
		lines[n] = (struct addr_line){t->addressee_title, "", t->addressee_title_at};
		snprintf(lines[n++].path, sizeof(lines[0].path), "texts.%s.addressee_title", t->lang);
	}
	lines[n++] = (struct addr_line){letter->addressee_name, "addressee.name", letter->addressee_name_at};
	for (size_t i = 0; i < letter->naddress && n < sizeof(lines) / sizeof(lines[0]); i++) {
		lines[n] = (struct addr_line){letter->address[i], "", letter->address_at[i]};
		snprintf(lines[n++].path, sizeof(lines[0].path), "addressee.address[%zu]", i);
	}
	for (size_t i = 0; i < n; i++) {
		char *typed = typo_apply(lines[i].text, t->lang);
		if (!typed)
			return err_nomem(err);
		double width = font_text_width(fonts, FONT_REGULAR, typed, strlen(typed)) * size / 1000.0;
		free(typed);
		if (width > room) {
			char shown[80];
			err_quote(shown, sizeof(shown), lines[i].text);
			err_set(err, APPEAL_EINVAL,
			        _("address line too wide for the window: %s (\"%s\") takes %.1f mm, %s shows %.1f mm"),
			        lines[i].path, shown, width / PAGE_MM, where, room / PAGE_MM);
			err_hint(err, _("shorten the line (abbreviate, as \"Av.\" for \"Avenida\") or split it in two, "
			                "with at most %d address lines in all"),
			         most);
			return refuse(letter, &lines[i], err);
		}
	}
	if ((int)n > most) {
		char shown[80];
		err_quote(shown, sizeof(shown), lines[most].text);
		err_set(err, APPEAL_EINVAL,
		        _("address too long for the window: %zu lines in \"%s\", %s shows %d; line %d, %s (\"%s\"), "
		          "would be hidden"),
		        n, t->lang, where, most, most + 1, lines[most].path, shown);
		err_hint(err, _("join or drop lines, or shorten the addressee's title, to %d lines in all"), most);
		return refuse(letter, &lines[most], err);
	}
	return 0;
}

APPEAL_EXPORT int appeal_letter_check_window(const struct appeal_letter *letter, const char *font_dir,
                                             struct appeal_error *err)
{
	static const enum appeal_paper papers[] = {APPEAL_PAPER_A4, APPEAL_PAPER_LETTER};
	struct fontset *fonts;
	int rc = 0;

	if (!letter || !font_dir)
		return err_set(err, APPEAL_EINVAL, _("no letter or no font directory was given"));
	if (!(fonts = fontset_load(font_dir, err)))
		return err && err->code ? err->code : APPEAL_EIO;
	for (size_t p = 0; p < sizeof(papers) / sizeof(papers[0]) && !rc; p++)
		for (size_t i = 0; i < letter->ntexts && !rc; i++)
			rc = check_block(letter, &letter->texts[i], fonts, page_for(papers[p]), err);
	fontset_free(fonts);
	return rc;
}
