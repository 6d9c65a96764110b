/* Out of memory, as jansson's suite does it: every allocation appeal makes
 * is counted, and for N = 0, 1, 2... the N-th one fails, until the call
 * under test gets through with none failing. Every run must end in
 * APPEAL_ENOMEM (or, for a batch, the row that met it failed with it),
 * leak nothing (LeakSanitizer checks at exit) and leave no file behind but
 * whole ones.
 *
 * The test is linked with -Wl,--wrap for malloc, calloc, realloc, strdup
 * and strndup, so the calls in appeal's own code (the internal static
 * library) come here; libharu's allocations come through the allocator
 * appeal gives HPDF_NewEx, which calls malloc from appeal's code too. The
 * other libraries (cJSON, libpng, libhyphen, iconv) allocate for themselves
 * and are not failed here.
 * Usage: test_oom FONT_DIR LETTER_DIR */
#include <dirent.h>
#include <execinfo.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "appeal.h"
/* The PDF writer itself, private: its own allocation failures, without the
 * output layer around it. */
#include "backend/pdf.h"
#include "check.h"

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);
char *__wrap_strdup(const char *s);
char *__wrap_strndup(const char *s, size_t n);

static long alloc_count;  /* allocations since arm() */
static long fail_at = -1; /* the one to fail; -1: none */
static int failed;        /* how many were failed since arm() */

/* Whether this allocation is the one to fail. Batch runs use one thread
 * here (jobs 1), but the counter is atomic all the same. */
static int should_fail(void)
{
	long k = __atomic_fetch_add(&alloc_count, 1, __ATOMIC_SEQ_CST);
	if (k == __atomic_load_n(&fail_at, __ATOMIC_SEQ_CST)) {
		__atomic_fetch_add(&failed, 1, __ATOMIC_SEQ_CST);
		/* OOM_TRACE=1: where the failed allocation was asked for. */
		if (getenv("OOM_TRACE")) {
			void *bt[8];
			int n = backtrace(bt, 8);
			backtrace_symbols_fd(bt, n, 2);
		}
		return 1;
	}
	return 0;
}

void *__wrap_malloc(size_t n)
{
	return should_fail() ? NULL : __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t size)
{
	return should_fail() ? NULL : __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t n)
{
	return should_fail() ? NULL : __real_realloc(p, n);
}

char *__wrap_strdup(const char *s)
{
	return should_fail() ? NULL : __real_strdup(s);
}

char *__wrap_strndup(const char *s, size_t n)
{
	return should_fail() ? NULL : __real_strndup(s, n);
}

static void arm(long n)
{
	__atomic_store_n(&alloc_count, 0, __ATOMIC_SEQ_CST);
	__atomic_store_n(&failed, 0, __ATOMIC_SEQ_CST);
	__atomic_store_n(&fail_at, n, __ATOMIC_SEQ_CST);
}

static void disarm(void)
{
	__atomic_store_n(&fail_at, -1, __ATOMIC_SEQ_CST);
}

/* What a scenario made, grown with the real allocator so that it is not
 * failed itself. */
struct out {
	char *data;
	size_t len;
};

static void out_add(struct out *o, const void *data, size_t n)
{
	char *d = __real_realloc(o->data, o->len + n + 1);
	if (!d)
		abort();
	memcpy(d + o->len, data, n);
	o->len += n;
	d[o->len] = '\0';
	o->data = d;
}

static void out_str(struct out *o, const char *s)
{
	out_add(o, s, strlen(s));
}

static void out_file(struct out *o, const char *path)
{
	FILE *f = fopen(path, "rb");
	char chunk[4096];
	size_t n;

	if (!f)
		return;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		out_add(o, chunk, n);
	fclose(f);
}

static const char *font_dir, *letter_path;
static char workdir[256];
static struct appeal_letter *letter;  /* loaded without failures, for the later steps */
static struct appeal_document *doc;
static struct appeal_signers *signers;

/* A scenario runs once with allocation fail_at failing: it returns the
 * code it ended with and, when it succeeded, appends what it made to
 * `out` (text, layout figures, file contents). A failure absorbed on
 * purpose (a cache that is not filled) must give the very same result. */
typedef int (*scenario)(struct appeal_error *err, struct out *out);

static int load_letter(struct appeal_error *err, struct out *out)
{
	struct appeal_letter *l = appeal_letter_load(letter_path, err);
	if (l) {
		out_str(out, appeal_letter_id(l));
		out_str(out, appeal_letter_title(l));
		for (size_t i = 0; i < appeal_letter_language_count(l); i++)
			out_str(out, appeal_letter_language(l, i));
	}
	appeal_letter_free(l);
	return l ? 0 : err->code;
}

static int fill_letter(struct appeal_error *err, struct out *out)
{
	struct appeal_signer s = APPEAL_SIGNER_INIT;
	s.name = "Ana María Pérez";
	s.city = "Mérida";
	s.note = "Les pido que actúen ya: cada día cuenta.";
	s.date = (struct appeal_date){2026, 11, 28};
	struct appeal_document *d = appeal_document_fill(letter, "es", &s, err);
	int rc = d ? 0 : err->code;
	if (d) {
		char *text = appeal_document_text(d, 72, err);
		rc = text ? 0 : err->code;
		if (text)
			out_str(out, text);
		free(text);
	}
	appeal_document_free(d);
	return rc;
}

static struct appeal_pdf *new_pdf(struct appeal_error *err)
{
	struct appeal_pdf_options o = APPEAL_PDF_OPTIONS_INIT;
	o.font_dir = font_dir;
	return appeal_pdf_new(&o, err);
}

/* Layout alone: the fonts loaded first, with no failure. */
static struct appeal_pdf *layout_pdf;
static int layout_letter(struct appeal_error *err, struct out *out)
{
	struct appeal_stats st;
	int rc = appeal_pdf_measure(layout_pdf, doc, &st, err);
	if (!rc) {
		char figures[200];
		snprintf(figures, sizeof(figures), "%d pages, %d lines, %d hyphenated, %.6f %.6f %d", st.pages, st.lines,
		         st.hyphenated, st.median_stretch, st.worst_stretch, st.tightened);
		out_str(out, figures);
	}
	return rc;
}

/* Files in workdir: only whole PDFs may be there. Their contents go to
 * `out` in name order. */
static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int check_workdir(const char *what, long n, int expect_files, struct out *out)
{
	char *names[16];
	int nnames = 0;
	DIR *d = opendir(workdir);
	struct dirent *e;
	int files = 0, bad = 0;

	if (!d)
		return -1;
	while ((e = readdir(d))) {
		char path[600];
		if (e->d_name[0] == '.' && (!e->d_name[1] || (e->d_name[1] == '.' && !e->d_name[2])))
			continue;
		snprintf(path, sizeof(path), "%s/%s", workdir, e->d_name);
		FILE *f = fopen(path, "rb");
		char tail[16] = {0};
		size_t len = strlen(e->d_name);
		if (f && fseek(f, -6, SEEK_END) == 0)
			tail[fread(tail, 1, sizeof(tail) - 1, f)] = '\0';
		if (f)
			fclose(f);
		/* A per-signer run that failed keeps its journal, so that
		 * --resume trusts the letters it wrote (docs/batch.md). */
		bool kept_journal = n >= 0 && strcmp(e->d_name, ".appeal-journal") == 0;
		if (!kept_journal && (len < 4 || strcmp(e->d_name + len - 4, ".pdf") != 0 || !strstr(tail, "%%EOF"))) {
			fprintf(stderr, "%s, allocation %ld failed: %s left behind\n", what, n, e->d_name);
			bad++;
		}
		files++;
		if (nnames < 16 && (names[nnames] = __real_strdup(path)))
			nnames++;
	}
	closedir(d);
	qsort(names, (size_t)nnames, sizeof(*names), name_cmp);
	for (int i = 0; i < nnames; i++) {
		out_str(out, names[i] + strlen(workdir));
		out_file(out, names[i]);
		unlink(names[i]);
		free(names[i]);
	}
	if (expect_files >= 0 && files != expect_files && !bad) {
		fprintf(stderr, "%s: %d files, expected %d\n", what, files, expect_files);
		bad++;
	}
	return bad;
}

static int one_pdf(struct appeal_error *err, struct out *out)
{
	char path[300];
	struct appeal_pdf *pdf = new_pdf(err);
	int rc;

	(void)out; /* the file is read by check_workdir() */
	if (!pdf)
		return err->code;
	snprintf(path, sizeof(path), "%s/one.pdf", workdir);
	rc = appeal_pdf_add(pdf, doc, NULL, err);
	if (!rc)
		rc = appeal_pdf_save(pdf, path, err);
	appeal_pdf_free(pdf);
	return rc;
}

/* The title set on a PDF after another PDF was made on the same thread:
 * libharu's allocations in appeal_pdf_set_info() must be this PDF's (its
 * reserve when malloc fails), not the other's. A Greek and Cyrillic title
 * takes libharu's UTF-8 path. */
static int titled_pdf(struct appeal_error *err, struct out *out)
{
	char path[300];
	struct appeal_pdf *pdf = new_pdf(err), *other = NULL;
	int rc;

	(void)out; /* the file is read by check_workdir() */
	if (!pdf)
		return err->code;
	snprintf(path, sizeof(path), "%s/titled.pdf", workdir);
	rc = appeal_pdf_add(pdf, doc, NULL, err);
	if (!rc && !(other = new_pdf(err)))
		rc = err->code;
	if (!rc)
		rc = appeal_pdf_set_info(pdf, "Δήμητρα Παπαδοπούλου: επιστολή", "Анна Смирнова", err);
	if (!rc)
		rc = appeal_pdf_save(pdf, path, err);
	appeal_pdf_free(other);
	appeal_pdf_free(pdf);
	return rc;
}

static const char table[] = "name,city,lang,note\nAna Pérez,Mérida,es,\"Libérenlos, ya\"\nJohn Smith,Leeds,en,\n"
                            "Γιώργος Παπαδόπουλος,Αθήνα,en,\nАнна Иванова,Київ,es,\n";

static int read_table(struct appeal_error *err, struct out *out)
{
	struct appeal_signers *t = appeal_signers_read_mem(table, sizeof(table) - 1, "oom.csv", NULL, err);
	int rc = t ? 0 : err->code;
	if (t) {
		char *json = appeal_signers_to_json(t);
		rc = json ? 0 : APPEAL_ENOMEM;
		if (json)
			out_str(out, json);
		free(json);
		for (size_t i = 0; i < appeal_signers_count(t); i++) {
			const struct appeal_signer_row *r = appeal_signers_row(t, i);
			out_str(out, r->name);
			out_str(out, r->lang);
			out_str(out, r->problem_message);
		}
		for (size_t i = 0; i < appeal_signers_column_count(t); i++)
			out_str(out, appeal_signers_key(t, i));
	}
	appeal_signers_free(t);
	return rc;
}

/* The four letters of the table, one PDF each (per_signer) or in one
 * print file, where the paragraphs each language repeats become forms. */
static int run_batch(bool per_signer, struct appeal_error *err)
{
	struct appeal_batch_options o = APPEAL_BATCH_OPTIONS_INIT;
	char print_file[600];
	snprintf(print_file, sizeof(print_file), "%s/all.pdf", workdir);
	o.path = per_signer ? workdir : print_file;
	o.per_signer = per_signer;
	/* Names from the signers' names, Greek and Cyrillic ones transliterated
	 * (batch/filename.c): a failure there must fail the run, never give
	 * another file name. */
	o.name_template = "{name}-{city}";
	o.source = "oom.csv";
	o.jobs = 1;
	o.output.font_dir = font_dir;
	o.date = (struct appeal_date){2026, 11, 28};
	struct appeal_batch *b = appeal_batch_new(letter, signers, &o, err);
	if (!b)
		return err->code;
	int rc = appeal_batch_run(b, err);
	if (!rc) {
		/* A row that met the failure is recorded with it. */
		for (size_t i = 0; i < appeal_batch_count(b) && !rc; i++) {
			const struct appeal_batch_record *r = appeal_batch_record(b, i);
			if (r->status != APPEAL_BATCH_WRITTEN) {
				rc = r->error ? r->error->code : APPEAL_EINVAL;
				*err = r->error ? *r->error : *err;
			}
		}
	}
	appeal_batch_free(b);
	return rc;
}

/* The files are read by check_workdir(). */
static int one_batch(struct appeal_error *err, struct out *out)
{
	(void)out;
	return run_batch(true, err);
}

static int one_print_file(struct appeal_error *err, struct out *out)
{
	(void)out;
	return run_batch(false, err);
}

/* Runs a scenario with the N-th allocation failing for N = 0, 1, ...
 * until it succeeds with none failed; first once with none failing, for
 * the result every absorbed failure must give as well. stride > 1 tries
 * every stride-th N past the first 2,000. */
static void exhaust(const char *what, scenario run, int expect_files, long stride)
{
	struct out ref = {0};
	struct appeal_error err = {0};
	long n = 0, tried = 0, absorbed = 0, bad = 0;

	/* OOM_ONLY="one PDF": only that scenario. */
	if (getenv("OOM_ONLY") && strcmp(getenv("OOM_ONLY"), what) != 0)
		return;
	int rc = run(&err, &ref);
	if (workdir[0])
		check_workdir(what, -1, expect_files, &ref);
	if (!CHECK_INT(rc, 0)) {
		fprintf(stderr, "%s with no failure: %s\n", what, err.message);
		free(ref.data);
		return;
	}
	/* OOM_FROM=N starts there (with OOM_TRACE, to see one failure). */
	if (getenv("OOM_FROM"))
		n = atol(getenv("OOM_FROM"));
	for (;; n += n < 2000 ? 1 : stride) {
		struct out got = {0};
		appeal_error_clear(&err);
		arm(n);
		rc = run(&err, &got);
		disarm();
		int hit = __atomic_load_n(&failed, __ATOMIC_SEQ_CST);
		if (workdir[0] && check_workdir(what, n, hit ? -1 : expect_files, &got))
			bad++;
		if (!hit) {
			if (!CHECK_INT(rc, 0))
				fprintf(stderr, "%s with no failure: %s\n", what, err.message);
			free(got.data);
			break;
		}
		tried++;
		if (rc == 0 && got.len == ref.len && memcmp(got.data, ref.data, ref.len) == 0) {
			absorbed++;
		} else if (rc != APPEAL_ENOMEM) {
			bad++;
			fprintf(stderr, "%s, allocation %ld failed: ended in %d%s: %s\n", what, n, rc,
			        rc == 0 ? " with a different result" : "", err.message);
		}
		free(got.data);
		if (bad > 20)
			break;
	}
	printf("%s: %ld allocations, %ld failed one at a time: %ld APPEAL_ENOMEM, %ld absorbed with the same "
	       "result, %ld wrong\n", what, n, tried, tried - absorbed - bad, absorbed, bad);
	CHECK_INT(bad, 0);
	free(ref.data);
}

int main(int argc, char **argv)
{
	struct appeal_error err = {0};
	char path[1024];

	if (argc < 3) {
		fprintf(stderr, "usage: test_oom FONT_DIR LETTER_DIR\n");
		return 2;
	}
	font_dir = argv[1];
	snprintf(path, sizeof(path), "%s/venezuela-2025.json", argv[2]);
	letter_path = path;
	setenv("SOURCE_DATE_EPOCH", "1795824000", 1);

	exhaust("letter loading", load_letter, -1, 1);
	letter = appeal_letter_load(letter_path, &err);
	if (!CHECK(letter != NULL))
		return check_summary(argv[0]);
	exhaust("filling", fill_letter, -1, 1);

	struct appeal_signer s = APPEAL_SIGNER_INIT;
	s.name = "Ana María Pérez";
	s.city = "Mérida";
	s.date = (struct appeal_date){2026, 11, 28};
	doc = appeal_document_fill(letter, "es", &s, &err);
	layout_pdf = new_pdf(&err);
	if (CHECK(doc && layout_pdf))
		exhaust("layout", layout_letter, -1, 1);
	appeal_pdf_free(layout_pdf);

	snprintf(workdir, sizeof(workdir), "/tmp/test_oom_XXXXXX");
	if (!CHECK(mkdtemp(workdir) != NULL))
		return check_summary(argv[0]);
	exhaust("one PDF", one_pdf, 1, 7);
	exhaust("a titled PDF", titled_pdf, 1, 13);

	exhaust("signer table", read_table, 0, 1);
	signers = appeal_signers_read_mem(table, sizeof(table) - 1, "oom.csv", NULL, &err);
	if (CHECK(signers != NULL))
		exhaust("one batch of four letters", one_batch, 4, 11);
	if (signers)
		exhaust("one print file of four letters", one_print_file, 1, 11);
	appeal_signers_free(signers);
	appeal_document_free(doc);
	appeal_letter_free(letter);
	rmdir(workdir);
	return check_summary(argv[0]);
}
