/* The typesetter: fonts, hyphenators, the paper and the paragraph cache in
 * one place, and the last decisions before drawing — which cut draws each
 * line, its bytes in that cut's encoding, where each word of a Unicode line
 * starts. Lines that fit Windows-1252 use the WinAnsi cut (one string per
 * line, PDF word spacing); others the Unicode cut, with each word placed by
 * itself, because libharu ignores word spacing for two-byte codes. */
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "lang/lang.h"
#include "typeset/hyphen.h"
#include "typeset/typesetter.h"
#include "util/error.h"
#include "util/i18n.h"
#include "util/utf8.h"

struct typesetter {
	struct typesetter_options opts;
	char *font_dir, *hyphen_dir; /* the copies opts points to */
	const struct page_geometry *page;
	struct fontset *fonts;
	struct hyphenator **hyph; /* one per row of the language table, made when first needed */
	struct layout_cache *cache;
	iconv_t to_cp1252;
};

void typesetter_free(struct typesetter *ts)
{
	if (!ts)
		return;
	fontset_free(ts->fonts);
	for (size_t i = 0; ts->hyph && i < lang_count(); i++)
		hyphenator_free(ts->hyph[i]);
	free(ts->hyph);
	layout_cache_free(ts->cache);
	if (ts->to_cp1252 != (iconv_t)-1)
		iconv_close(ts->to_cp1252);
	free(ts->font_dir);
	free(ts->hyphen_dir);
	free(ts);
}

struct typesetter *typesetter_new(const struct typesetter_options *opts, struct appeal_error *err)
{
	const char *hyph = opts && opts->hyphen_dir ? opts->hyphen_dir : getenv("APPEAL_HYPHEN_DIR");
	struct typesetter *ts;

	if (!opts || !opts->font_dir) {
		err_set(err, APPEAL_EINVAL, _("no font directory was given"));
		return NULL;
	}
	ts = calloc(1, sizeof(*ts));
	if (!ts) {
		err_nomem(err);
		return NULL;
	}
	ts->to_cp1252 = (iconv_t)-1;
	ts->opts = *opts;
	ts->page = page_for(opts->paper);
	ts->font_dir = strdup(opts->font_dir);
	ts->hyphen_dir = strdup(hyph && *hyph ? hyph : APPEAL_HYPHEN_DIR);
	if (!ts->font_dir || !ts->hyphen_dir) {
		err_nomem(err);
		goto fail;
	}
	ts->opts.font_dir = ts->font_dir;
	ts->opts.hyphen_dir = ts->hyphen_dir;
	ts->to_cp1252 = iconv_open("CP1252", "UTF-8");
	if (ts->to_cp1252 == (iconv_t)-1) {
		err_set(err, APPEAL_EIO, _("iconv cannot convert UTF-8 to CP1252 on this system"));
		goto fail;
	}
	if (!(ts->fonts = fontset_load(ts->font_dir, err)))
		goto fail;
	if (!(ts->cache = layout_cache_new())) {
		err_nomem(err);
		goto fail;
	}
	return ts;
fail:
	typesetter_free(ts);
	return NULL;
}

const char *typesetter_font_file(const struct typesetter *ts, enum font_style style, enum font_cut cut)
{
	return fontset_path(ts->fonts, style, cut);
}

const struct page_geometry *typesetter_page(const struct typesetter *ts)
{
	return ts->page;
}

/* The language's hyphenator, loaded when first needed; NULL with *rc 0 when
 * the language is not hyphenated. */
static struct hyphenator *hyphenator_for(struct typesetter *ts, const char *lang, struct appeal_error *err, int *rc)
{
	const struct lang *l = lang_find(lang);
	struct hyphenator **slot;

	*rc = 0;
	if (ts->opts.no_hyphenation || !l)
		return NULL;
	if (!ts->hyph && !(ts->hyph = calloc(lang_count(), sizeof(*ts->hyph)))) {
		*rc = err_nomem(err);
		return NULL;
	}
	slot = &ts->hyph[lang_index(l)];
	if (!*slot && !(*slot = hyphenator_new(ts->hyphen_dir, l->code, err)))
		*rc = err ? err->code : APPEAL_EIO;
	return *slot;
}

/* The line in Windows-1252 (the caller frees it), or NULL with *nomem false
 * when some character is outside it. */
static char *to_cp1252(struct typesetter *ts, const char *text, bool *nomem)
{
	size_t in_left = strlen(text), out_left = in_left;
	char *in = (char *)text, *buf = malloc(in_left + 1), *out = buf;

	*nomem = buf == NULL;
	if (!buf)
		return NULL;
	/* ASCII is the same in both: most lines of English need no iconv. */
	size_t ascii = 0;
	while (ascii < in_left && (unsigned char)text[ascii] < 0x80)
		ascii++;
	if (ascii == in_left) {
		memcpy(buf, text, in_left + 1);
		return buf;
	}
	/* A character is never longer in CP1252 than in UTF-8. */
	iconv(ts->to_cp1252, NULL, NULL, NULL, NULL);
	if (iconv(ts->to_cp1252, &in, &in_left, &out, &out_left) == (size_t)-1) {
		free(buf);
		return NULL;
	}
	*out = '\0';
	return buf;
}

/* Where each word of a Unicode line starts, from the previous one: its
 * glyphs, letter spacing and word spacing, all scaled by the expansion (Tz
 * scales the advance, Td does not). */
static double *word_steps(struct typesetter *ts, const struct ll_line *line)
{
	size_t words = 1;
	for (const char *p = line->text; *p; p++)
		words += *p == ' ' && p[1];
	double *steps = malloc(words * sizeof(*steps)), step = 0;
	const char *s = line->text;
	size_t k = 0;

	if (!steps)
		return NULL;
	while (*s && k < words) {
		size_t n = strcspn(s, " ");
		bool space = s[n] == ' ';
		size_t len = n + (space ? 1 : 0);
		steps[k++] = step;
		step = font_text_width(ts->fonts, line->style, s, len) * line->size / 1000.0 +
		       (double)utf8_length(s, len) * line->char_space;
		if (space)
			step += line->word_space;
		step *= 1 + line->expand;
		s += len;
	}
	while (k < words)
		steps[k++] = 0;
	return steps;
}

/* Chooses each line's cut and prepares its bytes. */
static int finish_lines(struct typesetter *ts, struct layout *l, struct appeal_error *err)
{
	for (size_t p = 0; p < l->npages; p++)
		for (size_t i = 0; i < l->pages[p].nlines; i++) {
			struct ll_line *line = &l->pages[p].lines[i];
			bool nomem;
			line->winansi = to_cp1252(ts, line->text, &nomem);
			if (nomem)
				return err_nomem(err);
			line->cut = line->winansi ? FONT_WINANSI : FONT_UNICODE;
			if (!line->winansi && !(line->steps = word_steps(ts, line)))
				return err_nomem(err);
		}
	return 0;
}

static int lay_out(struct typesetter *ts, const struct appeal_document *doc, struct layout *out,
                   struct appeal_error *err)
{
	struct layout_options lo = {ts->opts.paper, ts->opts.ragged, NULL, ts->opts.no_tighten, ts->cache};
	int rc;

	lo.hyphenator = hyphenator_for(ts, doc->lang, err, &rc);
	if (rc) {
		memset(out, 0, sizeof(*out));
		return rc;
	}
	return layout_document(out, doc, ts->fonts, &lo, err);
}

int typesetter_set(struct typesetter *ts, const struct appeal_document *doc, struct layout *out,
                   struct appeal_error *err)
{
	int rc = lay_out(ts, doc, out, err);

	if (!rc && (rc = finish_lines(ts, out, err)))
		layout_free(out);
	return rc;
}

int typesetter_measure(struct typesetter *ts, const struct appeal_document *doc, struct appeal_stats *stats,
                       struct appeal_error *err)
{
	struct layout l;
	int rc = lay_out(ts, doc, &l, err);

	if (rc)
		return rc;
	if (stats)
		*stats = l.stats;
	layout_free(&l);
	return 0;
}
