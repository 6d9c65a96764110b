/* The public API as a program outside the library sees it: linked to the
 * shared library, including appeal.h only. Every versioned struct starts from
 * its INIT macro or _init() function and gives the same defaults either way;
 * a struct of a version the library does not know is refused with
 * APPEAL_EINVAL and a message saying so, before anything is read from it.
 * Usage: test_api LETTER.json */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "appeal.h"
#include "check.h"

/* Static initialisers must be constant expressions: this is how a program
 * keeps defaults at file scope. */
static const struct appeal_signers_options static_signers = APPEAL_SIGNERS_OPTIONS_INIT;
static const struct appeal_output_options static_output = APPEAL_OUTPUT_OPTIONS_INIT;
static const struct appeal_send_options static_send = APPEAL_SEND_OPTIONS_INIT;
static const struct appeal_signer static_signer = APPEAL_SIGNER_INIT;

static const char table[] = "name,city,lang\nAna Pérez,Mérida,es\n";

static void test_signers_options(void)
{
	struct appeal_signers_options o;
	struct appeal_error err = {0};

	CHECK_INT(static_signers.version, APPEAL_SIGNERS_OPTIONS_VERSION);
	CHECK(static_signers.format == NULL && static_signers.encoding == NULL && static_signers.delimiter == 0);
	CHECK(static_signers.map == NULL && static_signers.default_lang == NULL && !static_signers.require_lang);
	CHECK(static_signers.sheet == NULL);

	memset(&o, 0x5a, sizeof(o));
	CHECK_INT(appeal_signers_options_init(&o, APPEAL_SIGNERS_OPTIONS_VERSION), 0);
	CHECK_INT(o.version, APPEAL_SIGNERS_OPTIONS_VERSION);
	CHECK(o.format == NULL && o.encoding == NULL && o.delimiter == 0 && o.map == NULL);
	CHECK(o.default_lang == NULL && !o.require_lang && o.sheet == NULL);
	CHECK_INT(appeal_signers_options_init(&o, APPEAL_SIGNERS_OPTIONS_VERSION + 1), APPEAL_EINVAL);
	CHECK_INT(appeal_signers_options_init(&o, 0), APPEAL_EINVAL);
	CHECK_INT(appeal_signers_options_init(NULL, APPEAL_SIGNERS_OPTIONS_VERSION), APPEAL_EINVAL);

	/* The defaults read a table, as no options at all do. */
	appeal_signers_options_init(&o, APPEAL_SIGNERS_OPTIONS_VERSION);
	struct appeal_signers *t = appeal_signers_read_mem(table, strlen(table), "a.csv", &o, &err);
	if (CHECK(t != NULL))
		CHECK_INT(appeal_signers_count(t), 1);
	appeal_signers_free(t);
	t = appeal_signers_read_mem(table, strlen(table), "a.csv", NULL, &err);
	CHECK(t != NULL);
	appeal_signers_free(t);

	/* An unknown version, older (0: a struct cleared with memset) or newer. */
	unsigned int bad[] = {0, APPEAL_SIGNERS_OPTIONS_VERSION + 1, 0xffffffffu};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char want[64];
		o.version = bad[i];
		appeal_error_clear(&err);
		t = appeal_signers_read_mem(table, strlen(table), "a.csv", &o, &err);
		CHECK(t == NULL);
		appeal_signers_free(t);
		CHECK_INT(err.code, APPEAL_EINVAL);
		snprintf(want, sizeof(want), "have version %u;", bad[i]);
		CHECK(strstr(err.message, want) != NULL);
		CHECK(strstr(err.hint, "APPEAL_SIGNERS_OPTIONS_INIT") != NULL);
		CHECK_STR(err.source, "a.csv");
	}
	/* From a file too, refused before the file is opened. */
	o.version = 0;
	appeal_error_clear(&err);
	CHECK(appeal_signers_read("/nonexistent/table.csv", &o, &err) == NULL);
	CHECK_INT(err.code, APPEAL_EINVAL);
	CHECK(strstr(err.message, "version 0") != NULL);
}

static void test_signer(const struct appeal_letter *letter)
{
	struct appeal_signer s;
	struct appeal_error err = {0};

	CHECK_INT(static_signer.version, APPEAL_SIGNER_VERSION);
	CHECK(static_signer.name == NULL && static_signer.email == NULL && static_signer.signature_size == 0);
	CHECK(static_signer.date.year == 0);
	memset(&s, 0x5a, sizeof(s));
	CHECK_INT(appeal_signer_init(&s, APPEAL_SIGNER_VERSION), 0);
	CHECK_INT(s.version, APPEAL_SIGNER_VERSION);
	CHECK(s.name == NULL && s.city == NULL && s.note == NULL && s.signature_png == NULL);
	CHECK(s.signature_data == NULL && s.signature_size == 0 && s.email == NULL && s.date.day == 0);
	CHECK_INT(appeal_signer_init(&s, APPEAL_SIGNER_VERSION + 1), APPEAL_EINVAL);
	CHECK_INT(appeal_signer_init(NULL, APPEAL_SIGNER_VERSION), APPEAL_EINVAL);

	appeal_signer_init(&s, APPEAL_SIGNER_VERSION);
	s.name = "Ana Pérez";
	s.date = (struct appeal_date){2026, 11, 28};
	struct appeal_document *doc = appeal_document_fill(letter, "es", &s, &err);
	CHECK(doc != NULL);
	appeal_document_free(doc);

	s.version = 0;
	appeal_error_clear(&err);
	doc = appeal_document_fill(letter, "es", &s, &err);
	CHECK(doc == NULL);
	appeal_document_free(doc);
	CHECK_INT(err.code, APPEAL_EINVAL);
	CHECK(strstr(err.message, "the signer has version 0") != NULL);
	CHECK(strstr(err.hint, "APPEAL_SIGNER_INIT") != NULL);

	/* A row of a table gives a signer of this version. */
	struct appeal_signers *t = appeal_signers_read_mem(table, strlen(table), "a.csv", NULL, &err);
	memset(&s, 0, sizeof(s));
	CHECK(t != NULL && appeal_signers_signer(&s, t, 0) == 0);
	CHECK_INT(s.version, APPEAL_SIGNER_VERSION);
	CHECK_STR(s.name, "Ana Pérez");
	doc = t ? appeal_document_fill(letter, "es", &s, &err) : NULL;
	CHECK(doc != NULL);
	appeal_document_free(doc);
	appeal_signers_free(t);
}

static void test_output_options(void)
{
	struct appeal_output_options o;
	struct appeal_error err = {0};

	CHECK_INT(static_output.version, APPEAL_OUTPUT_OPTIONS_VERSION);
	CHECK_INT(static_output.format, APPEAL_FORMAT_PDF);
	CHECK_INT(static_output.paper, APPEAL_PAPER_A4);
	CHECK_INT(static_output.text_width, 72);
	memset(&o, 0x5a, sizeof(o));
	CHECK_INT(appeal_output_options_init(&o, APPEAL_OUTPUT_OPTIONS_VERSION), 0);
	CHECK(o.version == static_output.version && o.format == static_output.format);
	CHECK(o.font_dir == NULL && o.hyphen_dir == NULL && !o.ragged && o.text_width == 72);
	CHECK_INT(appeal_output_options_init(&o, APPEAL_OUTPUT_OPTIONS_VERSION + 1), APPEAL_EINVAL);

	/* Text needs no fonts, so only the version can make it fail. */
	o.format = APPEAL_FORMAT_TEXT;
	struct appeal_output *out = appeal_output_new(&o, &err);
	CHECK(out != NULL);
	appeal_output_free(out);
	o.version = APPEAL_OUTPUT_OPTIONS_VERSION + 1;
	appeal_error_clear(&err);
	out = appeal_output_new(&o, &err);
	CHECK(out == NULL);
	appeal_output_free(out);
	CHECK_INT(err.code, APPEAL_EINVAL);
	CHECK(strstr(err.message, "version") != NULL);
}

static void test_send_options(void)
{
	struct appeal_send_options o = static_send;
	struct appeal_error err = {0};

	CHECK_INT(static_send.version, APPEAL_SEND_OPTIONS_VERSION);
	CHECK(static_send.source == NULL && !static_send.dry_run && static_send.rate == 0);
	o.source = "/nonexistent/outbox";
	o.version = APPEAL_SEND_OPTIONS_VERSION + 1;
	struct appeal_send *s = appeal_send_new(&o, &err);
	CHECK(s == NULL);
	appeal_send_free(s);
	CHECK_INT(err.code, APPEAL_EINVAL);
	CHECK(strstr(err.message, "version") != NULL);
}

int main(int argc, char **argv)
{
	struct appeal_error err = {0};

	if (argc < 2) {
		fprintf(stderr, "usage: test_api LETTER.json\n");
		return 2;
	}
	struct appeal_letter *letter = appeal_letter_load(argv[1], &err);
	if (!CHECK(letter != NULL)) {
		fprintf(stderr, "%s\n", err.message);
		return check_summary(argv[0]);
	}
	test_signers_options();
	test_signer(letter);
	test_output_options();
	test_send_options();
	appeal_letter_free(letter);
	return check_summary(argv[0]);
}
