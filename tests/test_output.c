/* The output interface and the backend table behind it: versioned options,
 * PDF and text through the same calls, page counts, finishing into memory,
 * discarding, and refusals. */
#include <stdlib.h>
#include <string.h>

#include "appeal.h"
#include "backend/sink.h"
#include "check.h"

static const char *font_dir;

static struct appeal_document *fill(const struct appeal_letter *l, const char *lang, const char *name)
{
	struct appeal_signer s = APPEAL_SIGNER_INIT;
	struct appeal_error err = {0};

	s.name = name;
	s.city = "Mérida";
	s.date = (struct appeal_date){2026, 11, 28};
	struct appeal_document *doc = appeal_document_fill(l, lang, &s, &err);
	if (!CHECK(doc != NULL))
		fprintf(stderr, "%s\n", err.message);
	return doc;
}

static struct appeal_output *open_output(enum appeal_format format)
{
	struct appeal_output_options o = APPEAL_OUTPUT_OPTIONS_INIT;
	struct appeal_error err = {0};

	o.format = format;
	o.font_dir = font_dir;
	struct appeal_output *out = appeal_output_new(&o, &err);
	if (!CHECK(out != NULL))
		fprintf(stderr, "%s\n", err.message);
	return out;
}

static void test_options(void)
{
	struct appeal_output_options o, init = APPEAL_OUTPUT_OPTIONS_INIT;
	struct appeal_error err = {0};

	memset(&o, 0xAB, sizeof(o));
	CHECK_INT(appeal_output_options_init(&o, APPEAL_OUTPUT_OPTIONS_VERSION), 0);
	CHECK_INT(o.version, APPEAL_OUTPUT_OPTIONS_VERSION);
	CHECK_INT(o.format, APPEAL_FORMAT_PDF);
	CHECK_INT(o.paper, APPEAL_PAPER_A4);
	CHECK(o.font_dir == NULL && o.hyphen_dir == NULL);
	CHECK(!o.ragged && !o.no_hyphenation && !o.no_tighten);
	CHECK_INT(o.text_width, 72);
	CHECK_INT(appeal_output_options_init(&o, 99), APPEAL_EINVAL);
	CHECK_INT(appeal_output_options_init(NULL, APPEAL_OUTPUT_OPTIONS_VERSION), APPEAL_EINVAL);

	/* A struct from an unknown (older or newer) header is refused, not read. */
	o.version = 0;
	o.font_dir = font_dir;
	CHECK(appeal_output_new(&o, &err) == NULL);
	CHECK_INT(err.code, APPEAL_EINVAL);
	CHECK(strstr(err.message, "version 0") != NULL);
	CHECK(err.hint[0] != '\0');

	appeal_error_clear(&err);
	o = init;
	o.format = (enum appeal_format)42;
	CHECK(appeal_output_new(&o, &err) == NULL);
	CHECK_INT(err.code, APPEAL_EINVAL);

	appeal_error_clear(&err);
	o = init; /* a PDF needs fonts */
	CHECK(appeal_output_new(&o, &err) == NULL);
	CHECK_INT(err.code, APPEAL_EINVAL);

	appeal_error_clear(&err);
	o.format = APPEAL_FORMAT_TEXT;
	o.text_width = -1;
	CHECK(appeal_output_new(&o, &err) == NULL);
	CHECK_INT(err.code, APPEAL_EINVAL);

	CHECK_STR(appeal_format_extension(APPEAL_FORMAT_PDF), "pdf");
	CHECK_STR(appeal_format_extension(APPEAL_FORMAT_TEXT), "txt");
	CHECK(appeal_format_extension((enum appeal_format)42) == NULL);
}

/* Every format has exactly one backend, whose extension is the public one. */
static void test_table(void)
{
	enum appeal_format formats[] = {APPEAL_FORMAT_PDF, APPEAL_FORMAT_TEXT};
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		const struct sink_backend *b = sink_backend_for(formats[i]);
		if (!CHECK(b != NULL))
			continue;
		CHECK_INT(b->format, formats[i]);
		CHECK(b->create && b->add && b->measure && b->finish && b->discard && b->free);
		CHECK_STR(b->extension, appeal_format_extension(formats[i]));
	}
	CHECK(sink_backend_for(APPEAL_FORMAT_PDF)->add_blank != NULL);
	CHECK(sink_backend_for(APPEAL_FORMAT_TEXT)->add_blank == NULL);
}

static bool is_pdf(const unsigned char *data, size_t size)
{
	if (size < 64 || memcmp(data, "%PDF-", 5) != 0)
		return false;
	for (size_t i = size - 8; i < size - 4; i++)
		if (memcmp(data + i, "%%EOF", 5) == 0)
			return true;
	return false;
}

static void test_pdf(const struct appeal_letter *l)
{
	struct appeal_output *out = open_output(APPEAL_FORMAT_PDF);
	struct appeal_document *en = fill(l, "en", "Ana Pérez"), *es = fill(l, "es", "Łukasz Żółć");
	struct appeal_error err = {0};
	struct appeal_stats st;
	unsigned char *data = NULL, *data2 = NULL;
	size_t size = 0, size2 = 0;

	if (!out || !en || !es)
		goto out;
	CHECK_INT(appeal_output_page_count(out), 0);
	struct appeal_stats measured;
	CHECK_INT(appeal_output_measure(out, en, &measured, &err), 0);
	CHECK_INT(appeal_output_page_count(out), 0);
	CHECK_INT(appeal_output_add(out, en, &st, &err), 0);
	CHECK(st.pages >= 1);
	CHECK_INT(measured.pages, st.pages);
	CHECK_INT(measured.lines, st.lines);
	CHECK(st.lines > 10);
	CHECK_INT(appeal_output_page_count(out), st.pages);
	CHECK_INT(appeal_output_add_blank(out, &err), 0);
	CHECK_INT(appeal_output_page_count(out), st.pages + 1);
	int before = appeal_output_page_count(out);
	CHECK_INT(appeal_output_add(out, es, NULL, &err), 0);
	CHECK(appeal_output_page_count(out) > before);
	CHECK_INT(appeal_output_set_info(out, "Many letters", "2 signers", &err), 0);
	CHECK_INT(appeal_output_finish_mem(out, &data, &size, &err), 0);
	CHECK(is_pdf(data, size));
	CHECK_INT(appeal_output_page_count(out), 0);

	/* Finished means empty: nothing to finish now. */
	CHECK_INT(appeal_output_finish_mem(out, &data2, &size2, &err), APPEAL_EINVAL);
	CHECK(data2 == NULL && size2 == 0);

	/* A discarded letter leaves no trace: the next file is as if made fresh. */
	appeal_error_clear(&err);
	CHECK_INT(appeal_output_add(out, es, NULL, &err), 0);
	appeal_output_discard(out);
	CHECK_INT(appeal_output_page_count(out), 0);
	CHECK_INT(appeal_output_add(out, en, NULL, &err), 0);
	CHECK_INT(appeal_output_finish_mem(out, &data2, &size2, &err), 0);
	struct appeal_output *fresh = open_output(APPEAL_FORMAT_PDF);
	unsigned char *data3 = NULL;
	size_t size3 = 0;
	if (fresh) {
		CHECK_INT(appeal_output_add(fresh, en, NULL, &err), 0);
		CHECK_INT(appeal_output_finish_mem(fresh, &data3, &size3, &err), 0);
		CHECK(size2 == size3 && data2 && data3 && memcmp(data2, data3, size2) == 0);
	}
	free(data3);
	appeal_output_free(fresh);
out:
	free(data);
	free(data2);
	appeal_document_free(en);
	appeal_document_free(es);
	appeal_output_free(out);
}

/* A character no font has fails the letter and leaves the file as it was. */
static void test_glyph(const struct appeal_letter *l)
{
	struct appeal_output *out = open_output(APPEAL_FORMAT_PDF);
	struct appeal_document *ok = fill(l, "en", "Ana Pérez"), *bad = fill(l, "en", "Ana \xF0\x9D\x94\xB8");
	struct appeal_error err = {0};

	if (out && ok && bad) {
		CHECK_INT(appeal_output_add(out, ok, NULL, &err), 0);
		int pages = appeal_output_page_count(out);
		CHECK_INT(appeal_output_add(out, bad, NULL, &err), APPEAL_EGLYPH);
		CHECK_INT(appeal_output_page_count(out), pages);
	}
	appeal_document_free(ok);
	appeal_document_free(bad);
	appeal_output_free(out);
}

static void test_text(const struct appeal_letter *l)
{
	struct appeal_output *out = open_output(APPEAL_FORMAT_TEXT);
	struct appeal_document *en = fill(l, "en", "Ana Pérez"), *es = fill(l, "es", "Łukasz Żółć");
	struct appeal_error err = {0};
	struct appeal_stats st;
	unsigned char *data = NULL;
	size_t size = 0;
	char *t1 = NULL, *t2 = NULL, *want = NULL;

	if (!out || !en || !es)
		goto out;
	t1 = appeal_document_text(en, 72, &err);
	t2 = appeal_document_text(es, 72, &err);
	if (!CHECK(t1 && t2))
		goto out;

	/* One letter is exactly the document's text. */
	CHECK_INT(appeal_output_add(out, en, &st, &err), 0);
	CHECK_INT(st.pages, 1);
	CHECK_INT(st.lines, 0);
	CHECK_INT(appeal_output_finish_mem(out, &data, &size, &err), 0);
	CHECK(size == strlen(t1) && memcmp(data, t1, size) == 0);
	free(data);
	data = NULL;

	/* Several: a form feed line between letters; no blank pages, no metadata. */
	CHECK_INT(appeal_output_add(out, en, NULL, &err), 0);
	CHECK_INT(appeal_output_add_blank(out, &err), 0);
	CHECK_INT(appeal_output_set_info(out, "Title", "Author", &err), 0);
	CHECK_INT(appeal_output_add(out, es, NULL, &err), 0);
	CHECK_INT(appeal_output_page_count(out), 2);
	CHECK_INT(appeal_output_finish_mem(out, &data, &size, &err), 0);
	size_t n = strlen(t1) + 2 + strlen(t2);
	want = malloc(n + 1);
	if (want) {
		snprintf(want, n + 1, "%s\f\n%s", t1, t2);
		CHECK(size == n && memcmp(data, want, n) == 0);
	}
	CHECK(memchr(t1, '\f', strlen(t1)) == NULL);
	free(data);
	data = NULL;

	CHECK_INT(appeal_output_finish_mem(out, &data, &size, &err), APPEAL_EINVAL);
	CHECK_INT(appeal_output_add(out, en, NULL, &err), 0);
	appeal_output_discard(out);
	CHECK_INT(appeal_output_page_count(out), 0);
out:
	free(data);
	free(t1);
	free(t2);
	free(want);
	appeal_document_free(en);
	appeal_document_free(es);
	appeal_output_free(out);
}

int main(int argc, char **argv)
{
	struct appeal_error err = {0};

	if (argc < 3) {
		fprintf(stderr, "usage: test_output FONT_DIR LETTERS_DIR\n");
		return 2;
	}
	font_dir = argv[1];
	char path[4096];
	snprintf(path, sizeof(path), "%s/venezuela-2025.json", argv[2]);
	struct appeal_letter *l = appeal_letter_load(path, &err);
	if (!CHECK(l != NULL)) {
		fprintf(stderr, "%s\n", err.message);
		return check_summary(argv[0]);
	}
	test_options();
	test_table();
	test_pdf(l);
	test_glyph(l);
	test_text(l);
	appeal_letter_free(l);
	return check_summary(argv[0]);
}
