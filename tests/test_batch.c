/* The batch engine through its public API: versioned options, formats
 * other than PDF (an .eml per signer, text), a row without an address, the
 * manifest committed into a file claimed before the run, a refused run.
 * Usage: test_batch FONT_DIR MAIL_LETTER.json */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "appeal.h"
#include "check.h"

static const char *font_dir;
static char dir[64];

static const char table[] = "Name,Email,Language\n"
                            "Łukasz Żółć,lz@example.pl,es\n"
                            "Nguyễn Thị Hương,nth@example.vn,en\n"
                            "Ana Pérez,,es\n";

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *s = calloc(1, 1 << 20);
	if (f && s)
		s[fread(s, 1, (1 << 20) - 1, f)] = '\0';
	if (f)
		fclose(f);
	return s;
}

static char *at(const char *name)
{
	static char path[4][128];
	static int k;
	k = (k + 1) % 4;
	snprintf(path[k], sizeof(path[k]), "%s/%s", dir, name);
	return path[k];
}

static void test_options(void)
{
	struct appeal_batch_options o, init = APPEAL_BATCH_OPTIONS_INIT;

	memset(&o, 0xAB, sizeof(o));
	CHECK_INT(appeal_batch_options_init(&o, APPEAL_BATCH_OPTIONS_VERSION), 0);
	CHECK_INT(o.version, APPEAL_BATCH_OPTIONS_VERSION);
	CHECK(o.path == NULL && o.source == NULL && o.name_template == NULL && o.progress == NULL);
	CHECK_INT(o.jobs, 1);
	CHECK(!o.per_signer && !o.duplex && !o.resume && !o.strict && o.per_file == 0);
	CHECK_INT(o.output.version, APPEAL_OUTPUT_OPTIONS_VERSION);
	CHECK_INT(o.output.format, APPEAL_FORMAT_PDF);
	CHECK_INT(o.output.text_width, 72);
	CHECK(memcmp(&o.output, &init.output, sizeof(o.output)) == 0);
	CHECK_INT(appeal_batch_options_init(&o, 99), APPEAL_EINVAL);
	CHECK_INT(appeal_batch_options_init(NULL, APPEAL_BATCH_OPTIONS_VERSION), APPEAL_EINVAL);
}

static void test_refusals(const struct appeal_letter *l, const struct appeal_signers *s)
{
	struct appeal_batch_options o = APPEAL_BATCH_OPTIONS_INIT;
	struct appeal_error err = {0};

	o.path = at("x.pdf");
	o.version = 0; /* a struct from an unknown header is refused, not read */
	CHECK(appeal_batch_new(l, s, &o, &err) == NULL);
	CHECK_INT(err.code, APPEAL_EINVAL);
	CHECK(strstr(err.message, "version 0") != NULL);
	o.version = APPEAL_BATCH_OPTIONS_VERSION;
	o.output.version = 7;
	appeal_error_clear(&err);
	CHECK(appeal_batch_new(l, s, &o, &err) == NULL);
	CHECK(strstr(err.message, "output options have version 7") != NULL);
	o.output.version = APPEAL_OUTPUT_OPTIONS_VERSION;
	o.output.format = (enum appeal_format)42;
	CHECK(appeal_batch_new(l, s, &o, &err) == NULL);
	/* Many messages in one .eml: a mailbox or a folder instead. */
	o.output.format = APPEAL_FORMAT_EML;
	o.path = at("all.eml");
	appeal_error_clear(&err);
	CHECK(appeal_batch_new(l, s, &o, &err) == NULL);
	CHECK_INT(err.code, APPEAL_EINVAL);
	CHECK(strstr(err.hint, "one mailbox (-o FILE.mbox)") != NULL);
}

static void test_eml(const struct appeal_letter *l, const struct appeal_signers *s)
{
	struct appeal_batch_options o = APPEAL_BATCH_OPTIONS_INIT;
	struct appeal_error err = {0};
	struct appeal_batch_summary sum;
	/* The font folder is copied: the caller's string may go at once. */
	char *fonts = strdup(font_dir), mail[128];

	snprintf(mail, sizeof(mail), "%s", at("mail")); /* at()'s buffers are reused */
	o.path = mail;
	o.source = "t.csv";
	o.per_signer = true;
	o.output.format = APPEAL_FORMAT_EML;
	o.output.font_dir = fonts;
	o.date = (struct appeal_date){2026, 11, 28};
	struct appeal_batch *b = appeal_batch_new(l, s, &o, &err);
	memset(fonts, 'x', strlen(fonts));
	free(fonts);
	if (!CHECK(b != NULL))
		return;
	/* Claimed before the run, written into the claim at its end. */
	struct appeal_file *mf = appeal_file_open(at("m.json"), &err);
	CHECK(mf != NULL);
	CHECK_INT(appeal_batch_run(b, &err), 0);
	CHECK_INT(appeal_batch_count(b), 3);
	const struct appeal_batch_record *r = appeal_batch_record(b, 0);
	CHECK_INT(r->status, APPEAL_BATCH_WRITTEN);
	CHECK_STR(r->file, at("mail/lukasz-zolc.eml"));
	CHECK(r->first_page == 1 && r->last_page == 1);
	r = appeal_batch_record(b, 2);
	CHECK_INT(r->status, APPEAL_BATCH_FAILED);
	CHECK_STR(r->file, ""); /* no name was given to a row that makes no message */
	CHECK(r->error && r->error->row == 4);
	CHECK_STR(r->error ? r->error->field : "", "Email");
	CHECK_STR(r->error ? r->error->message : "", "the row has no e-mail address");
	CHECK_STR(r->error ? r->error->source : "", "t.csv");
	appeal_batch_summary(b, &sum);
	CHECK(sum.written == 2 && sum.failed == 1 && sum.files == 2 && !appeal_batch_refused(b));
	char *m = slurp(at("mail/lukasz-zolc.eml"));
	CHECK(m && strncmp(m, "From: =?UTF-8?", 14) == 0);
	CHECK(m && strstr(m, "\r\nContent-Type: application/pdf") != NULL);
	free(m);
	CHECK(access(at("mail/ana-perez.eml"), F_OK) != 0);

	CHECK_INT(appeal_batch_commit_manifest(b, mf, &err), 0);
	m = slurp(at("m.json"));
	CHECK(m && m[0] == '[' && strstr(m, "\"file\":\"") && strstr(m, "lukasz-zolc.eml\""));
	CHECK(m && strstr(m, "\"status\":\"failed\"") != NULL);
	free(m);
	CHECK(access(at("m.json.appeal.tmp"), F_OK) != 0);
	CHECK_INT(appeal_batch_commit_manifest(b, NULL, &err), APPEAL_EINVAL);
	/* CSV by name, through the one-step call. */
	appeal_error_clear(&err);
	CHECK_INT(appeal_batch_write_manifest(b, at("m.csv"), &err), 0);
	m = slurp(at("m.csv"));
	CHECK(m && strncmp(m, "\xEF\xBB\xBF" "row,name,lang,status", 23) == 0);
	free(m);
	appeal_batch_free(b);

	/* --resume keeps the messages that are there and complete. */
	o.resume = true;
	o.output.font_dir = font_dir;
	unlink(at("mail/lukasz-zolc.eml"));
	appeal_error_clear(&err);
	b = appeal_batch_new(l, s, &o, &err);
	CHECK_INT(appeal_batch_run(b, &err), 0);
	appeal_batch_summary(b, &sum);
	if (!CHECK(sum.written == 1 && sum.resumed == 1 && sum.failed == 1))
		fprintf(stderr, "written %zu, resumed %zu, failed %zu, skipped %zu: %s\n", sum.written, sum.resumed,
		        sum.failed, sum.skipped, err.message);
	appeal_batch_free(b);
}

static void test_text(const struct appeal_letter *l, const struct appeal_signers *s)
{
	struct appeal_batch_options o = APPEAL_BATCH_OPTIONS_INIT;
	struct appeal_error err = {0};

	o.path = at("all.txt");
	o.output.format = APPEAL_FORMAT_TEXT;
	o.duplex = true; /* no paper: nothing to add */
	o.date = (struct appeal_date){2026, 11, 28};
	struct appeal_batch *b = appeal_batch_new(l, s, &o, &err);
	if (!CHECK(b != NULL))
		return;
	CHECK_INT(appeal_batch_run(b, &err), 0);
	for (size_t i = 0; i < 3; i++) {
		const struct appeal_batch_record *r = appeal_batch_record(b, i);
		CHECK_INT(r->status, APPEAL_BATCH_WRITTEN);
		CHECK(r->first_page == (int)i + 1 && r->last_page == (int)i + 1); /* the letter's number */
	}
	char *t = slurp(at("all.txt"));
	CHECK(t && strstr(t, "Łukasz Żółć") && strstr(t, "Ana Pérez"));
	int ff = 0;
	for (const char *p = t; p && (p = strstr(p, "\n\f\n")); p++)
		ff++;
	CHECK_INT(ff, 2);
	free(t);
	appeal_batch_free(b);
}

static void test_refused(const struct appeal_letter *l, const struct appeal_signers *s)
{
	struct appeal_batch_options o = APPEAL_BATCH_OPTIONS_INIT;
	struct appeal_error err = {0};
	struct appeal_batch_summary sum;
	FILE *f = fopen(at("afile"), "w");

	if (f)
		fclose(f);
	o.path = at("afile");
	o.per_signer = true;
	o.output.font_dir = font_dir;
	struct appeal_batch *b = appeal_batch_new(l, s, &o, &err);
	if (!CHECK(b != NULL))
		return;
	CHECK_INT(appeal_batch_run(b, &err), APPEAL_EIO);
	appeal_batch_summary(b, &sum);
	CHECK(appeal_batch_refused(b) && sum.written == 0 && sum.files == 0);
	CHECK_INT(appeal_batch_record(b, 0)->status, APPEAL_BATCH_SKIPPED);
	CHECK_STR(appeal_batch_record(b, 0)->note, "not written: the run could not claim its output");
	appeal_batch_free(b);
}

int main(int argc, char **argv)
{
	struct appeal_error err = {0};

	if (argc < 3) {
		fprintf(stderr, "usage: test_batch FONT_DIR MAIL_LETTER.json\n");
		return 2;
	}
	font_dir = argv[1];
	snprintf(dir, sizeof(dir), "/tmp/test_batch.XXXXXX");
	if (!mkdtemp(dir))
		return 2;
	struct appeal_letter *l = appeal_letter_load(argv[2], &err);
	struct appeal_signers *s = appeal_signers_read_mem(table, strlen(table), "t.csv", NULL, &err);
	if (!CHECK(l != NULL && s != NULL))
		return 1;
	test_options();
	test_refusals(l, s);
	test_eml(l, s);
	test_text(l, s);
	test_refused(l, s);
	appeal_signers_free(s);
	appeal_letter_free(l);
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	return check_summary(argv[0]);
}
