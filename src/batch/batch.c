/* Batch: many letters from one signer table. The plan (which rows, which
 * files, which names) is fixed before anything is drawn and depends only on
 * the table and the options, so any number of threads, shards or resumed
 * runs produce the same files. Each thread keeps its own appeal_pdf. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>


#include "util/buf.h"
#include "util/error.h"
#include "util/strmap.h"
#include "util/utf8.h"
#include "util/i18n.h"

/* Longest file name stem made from a template, before "-2" and ".pdf". */
#define NAME_CAP 100

static const char resumed_note[] = "already written by an earlier run";

enum stop_reason { STOP_NONE, STOP_STRICT, STOP_CANCEL, STOP_FATAL };

/* A file to write: a contiguous run of records. */
struct unit {
	size_t first, count; /* records */
	char *path;
};

struct appeal_batch {
	const struct appeal_letter *letter;
	const struct appeal_signers *signers;
	struct appeal_batch_options o;
	char *output, *source;
	size_t lo, n;                 /* table rows lo .. lo+n-1 are this run's records */
	struct appeal_batch_record *rec;
	struct unit *units;
	size_t nunits;
	char **names;                 /* per signer: the record's file path, or NULL */
	bool ran;

	pthread_mutex_t lock;
	atomic_size_t next_unit;
	atomic_int stop;              /* enum stop_reason */
	size_t done;
	long strict_row;              /* the first bad row that stopped a strict run */
	struct appeal_error fatal;
	char stop_note[96];
	size_t files, pages;          /* written by this run */
	unsigned long long bytes;
};

/* ------------------------------------------------------------ names */

/* Appends s as lower-case ASCII letters and digits, accents dropped, every
 * other run of characters one '-'. No '/', '.' or control character can
 * come out of it, whatever the input. */
static void slug_append(char *out, size_t size, const char *s)
{
	size_t len = strlen(out);
	char *folded = utf8_fold(s, strlen(s));
	const char *t = folded ? folded : s;
	size_t tlen = strlen(t);
	bool sep = false;

	for (size_t i = 0; i < tlen && len + 3 < size;) {
		uint32_t cp;
		int k = utf8_decode(t + i, tlen - i, &cp);
		if (k < 0) {
			cp = 0xFFFD;
			k = 1;
		}
		i += (size_t)k;
		if (cp == '\'' || cp == 0x2019 || cp == 0x2BC)
			continue; /* "O'Brien" is "obrien", not "o-brien" */
		if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z')) {
			if (sep && len > 0 && out[len - 1] != '-')
				out[len++] = '-';
			sep = false;
			out[len++] = (char)(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
		} else {
			sep = true;
		}
	}
	if (sep && len > 0 && out[len - 1] != '-' && len + 1 < size)
		out[len++] = '-';
	out[len] = '\0';
	free(folded);
}

static const char *const template_fields[] = {"name", "city", "lang", "row", "n", "letter", "date", NULL};

/* Checks a name template: known fields in braces, no path separator. */
static int template_check(const char *t, struct appeal_error *err)
{
	for (const char *p = t; *p; p++) {
		if (*p == '/' || *p == '\\') {
			err_set(err, APPEAL_EINVAL, _("the name template '%s' holds a '%c'; it makes a file name, not a path"),
			        t, *p);
			err_hint(err, _("the files go into the -o directory; use e.g. --name-template \"{row}-{name}\""));
			return APPEAL_EINVAL;
		}
		if (*p != '{')
			continue;
		const char *end = strchr(p, '}');
		bool known = false;
		for (int i = 0; end && template_fields[i]; i++)
			known |= strlen(template_fields[i]) == (size_t)(end - p - 1) &&
			         strncmp(p + 1, template_fields[i], (size_t)(end - p - 1)) == 0;
		if (!known) {
			char shown[64];
			err_quote(shown, sizeof(shown), p);
			err_set(err, APPEAL_EINVAL, _("unknown field in the name template at '%s'"), shown);
			err_hint(err, _("the fields are {name}, {city}, {lang}, {row}, {n}, {letter} and {date}"));
			return APPEAL_EINVAL;
		}
		p = end;
	}
	return 0;
}

static bool ends_with_pdf(const char *s, size_t len)
{
	return len >= 4 && strcasecmp(s + len - 4, ".pdf") == 0;
}

static int digits(size_t n)
{
	int d = 1;
	while (n >= 10) {
		n /= 10;
		d++;
	}
	return d;
}

/* The file name stem of row i: the template filled with slugs, trimmed of
 * separators and dots at either end, capped. */
static void template_render(char *out, size_t size, const struct appeal_batch *b, size_t i, int width)
{
	const struct appeal_signer_row *r = appeal_signers_row(b->signers, i);
	const char *t = b->o.name_template;
	char tmp[NAME_CAP * 4] = "";
	size_t len = 0;

	for (const char *p = t; *p && len + 1 < sizeof(tmp); p++) {
		if (*p == '{') {
			const char *end = strchr(p, '}');
			size_t k = (size_t)(end - p - 1);
			char num[48];
			tmp[len] = '\0';
			if (k == 4 && strncmp(p + 1, "name", 4) == 0)
				slug_append(tmp, sizeof(tmp), r->name);
			else if (k == 4 && strncmp(p + 1, "city", 4) == 0)
				slug_append(tmp, sizeof(tmp), r->city);
			else if (k == 4 && strncmp(p + 1, "lang", 4) == 0)
				slug_append(tmp, sizeof(tmp), r->lang);
			else if (k == 6 && strncmp(p + 1, "letter", 6) == 0)
				slug_append(tmp, sizeof(tmp), appeal_letter_id(b->letter));
			else {
				struct appeal_date d = r->when.year ? r->when : b->o.date;
				if (k == 3)
					snprintf(num, sizeof(num), "%ld", r->row);
				else if (k == 1) {
					int nd = digits(i + 1);
					snprintf(num, sizeof(num), "%.*s%zu", width > nd ? width - nd : 0,
					         "000000000000000000000", i + 1);
				}
				else if (d.year)
					snprintf(num, sizeof(num), "%04d-%02d-%02d", d.year, d.month, d.day);
				else
					num[0] = '\0';
				snprintf(tmp + len, sizeof(tmp) - len, "%s", num);
			}
			len = strlen(tmp);
			p = end;
			continue;
		}
		unsigned char c = (unsigned char)*p;
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
		          c == '_' || c == '-';
		if (ok || (len > 0 && tmp[len - 1] != '-'))
			tmp[len++] = ok ? (char)c : '-';
		tmp[len] = '\0';
	}
	len = strlen(tmp);
	if (ends_with_pdf(tmp, len))
		tmp[len -= 4] = '\0';
	const char *s = tmp;
	while (*s == '.' || *s == '-')
		s++; /* no hidden files, no option-like names */
	len = strlen(s);
	if (len > NAME_CAP)
		len = NAME_CAP;
	while (len > 0 && (s[len - 1] == '.' || s[len - 1] == '-'))
		len--;
	if (len == 0)
		snprintf(out, size, "row-%ld", r->row);
	else
		snprintf(out, size, "%.*s", (int)len, s);
}

static char *path_join(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);
	if (p)
		snprintf(p, n, "%s%s%s", dir, dir[0] && dir[strlen(dir) - 1] == '/' ? "" : "/", name);
	return p;
}

/* ------------------------------------------------------------ planning */

/* The first problem that makes row i unusable (anything but a duplicate),
 * and the duplicate note, from the table's problem list. */
static int mark_problems(struct appeal_batch *b)
{
	size_t np = appeal_signers_problem_count(b->signers);

	for (size_t k = 0; k < np; k++) {
		const struct appeal_signer_problem *p = appeal_signers_problem(b->signers, k);
		if (p->index < b->lo || p->index >= b->lo + b->n)
			continue;
		struct appeal_batch_record *r = &b->rec[p->index - b->lo];
		if (p->kind == APPEAL_SIGNER_DUPLICATE) {
			if (!r->note[0])
				r->note = p->message;
			continue;
		}
		if (r->error)
			continue;
		struct appeal_error *e = calloc(1, sizeof(*e));
		if (!e)
			return APPEAL_ENOMEM;
		appeal_signers_problem_error(b->signers, p, e);
		snprintf(e->source, sizeof(e->source), "%s", b->source);
		if (p->hint && p->hint[0] && !e->hint[0])
			snprintf(e->hint, sizeof(e->hint), "%s", p->hint);
		r->error = e;
		r->status = APPEAL_BATCH_FAILED;
	}
	return 0;
}

static bool row_known_bad(const struct appeal_signers *signers, size_t i)
{
	const struct appeal_signer_row *r = appeal_signers_row(signers, i);
	if (r->problem == APPEAL_SIGNER_OK)
		return false;
	if (r->problem != APPEAL_SIGNER_DUPLICATE || r->problem_count == 1)
		return r->problem != APPEAL_SIGNER_DUPLICATE;
	/* A duplicate with more problems: look for one that is not. */
	size_t np = appeal_signers_problem_count(signers);
	for (size_t k = 0; k < np; k++) {
		const struct appeal_signer_problem *p = appeal_signers_problem(signers, k);
		if (p->index == i && p->kind != APPEAL_SIGNER_DUPLICATE)
			return true;
	}
	return false;
}

/* One file per usable row; names over the whole table, in row order. */
static int plan_per_signer(struct appeal_batch *b, size_t total)
{
	struct strmap set = STRMAP_INIT_NOCASE;
	char **all = calloc(total ? total : 1, sizeof(*all));
	int width = digits(total) < 4 ? 4 : digits(total);
	int rc = APPEAL_ENOMEM;

	b->units = calloc(b->n ? b->n : 1, sizeof(*b->units));
	b->names = calloc(b->n ? b->n : 1, sizeof(*b->names));
	if (!all || !b->units || !b->names)
		goto out;
	for (size_t i = 0; i < total; i++) {
		char stem[NAME_CAP + 1], name[NAME_CAP + 32];
		if (row_known_bad(b->signers, i))
			continue;
		template_render(stem, sizeof(stem), b, i, width);
		snprintf(name, sizeof(name), "%s.pdf", stem);
		for (int k = 2; strmap_get(&set, name, NULL); k++)
			snprintf(name, sizeof(name), "%s-%d.pdf", stem, k);
		if (!(all[i] = strdup(name)) || strmap_put(&set, all[i], i) < 0)
			goto out;
	}
	for (size_t k = 0; k < b->n; k++) {
		if (!all[b->lo + k])
			continue;
		if (!(b->names[k] = path_join(b->output, all[b->lo + k])))
			goto out;
		b->rec[k].file = b->names[k];
		b->units[b->nunits].first = k;
		b->units[b->nunits].count = 1;
		b->units[b->nunits].path = b->names[k];
		b->nunits++;
	}
	rc = 0;
out:
	for (size_t i = 0; all && i < total; i++)
		free(all[i]);
	free(all);
	strmap_free(&set);
	return rc;
}

/* OUT.pdf, or OUT-0001.pdf ... for chunks, or OUT-2-of-4.pdf for a shard of
 * one combined file. */
static char *chunk_path(const char *out, const char *suffix)
{
	size_t len = strlen(out), stem = ends_with_pdf(out, len) ? len - 4 : len;
	size_t n = len + strlen(suffix) + 1;
	char *p = malloc(n);
	if (p)
		snprintf(p, n, "%.*s%s%s", (int)stem, out, suffix, out + stem);
	return p;
}

static int plan_combined(struct appeal_batch *b, size_t total, size_t chunk_lo, size_t nchunks)
{
	char suffix[64];

	b->units = calloc(nchunks ? nchunks : 1, sizeof(*b->units));
	if (!b->units)
		return APPEAL_ENOMEM;
	for (size_t c = 0; c < nchunks; c++) {
		struct unit *u = &b->units[b->nunits];
		if (b->o.per_file) {
			size_t first = (chunk_lo + c) * b->o.per_file;
			size_t cnt = total - first < b->o.per_file ? total - first : b->o.per_file;
			size_t chunks = (total + b->o.per_file - 1) / b->o.per_file;
			int width = digits(chunks) < 4 ? 4 : digits(chunks);
			snprintf(suffix, sizeof(suffix), "-%0*zu", width, chunk_lo + c + 1);
			u->first = first - b->lo;
			u->count = cnt;
		} else {
			if (b->o.shards > 1)
				snprintf(suffix, sizeof(suffix), "-%d-of-%d", b->o.shard, b->o.shards);
			else
				suffix[0] = '\0';
			u->first = 0;
			u->count = b->n;
		}
		if (!(u->path = chunk_path(b->output, suffix)))
			return APPEAL_ENOMEM;
		for (size_t k = 0; k < u->count; k++)
			b->rec[u->first + k].file = u->path;
		b->nunits++;
	}
	return 0;
}

APPEAL_EXPORT void appeal_batch_free(struct appeal_batch *b)
{
	if (!b)
		return;
	for (size_t k = 0; b->rec && k < b->n; k++)
		free((void *)b->rec[k].error);
	if (b->names) {
		for (size_t k = 0; k < b->n; k++)
			free(b->names[k]);
	} else {
		for (size_t u = 0; b->units && u < b->nunits; u++)
			free(b->units[u].path);
	}
	free(b->names);
	free(b->units);
	free(b->rec);
	free(b->output);
	free(b->source);
	free((char *)b->o.name_template);
	pthread_mutex_destroy(&b->lock);
	free(b);
}

APPEAL_EXPORT struct appeal_batch *appeal_batch_new(const struct appeal_letter *letter,
                                                    const struct appeal_signers *signers,
                                                    const struct appeal_batch_options *opts,
                                                    struct appeal_error *err)
{
	struct appeal_batch *b;
	size_t total = signers ? appeal_signers_count(signers) : 0;

	if (!letter || !signers || !opts || !opts->output || !opts->output[0]) {
		err_set(err, APPEAL_EINVAL, _("a batch needs a letter, a signer table and an output"));
		return NULL;
	}
	if (opts->shards < 0 || (opts->shards > 0 && (opts->shard < 1 || opts->shard > opts->shards))) {
		err_set(err, APPEAL_EINVAL, _("shard %d of %d does not exist"), opts->shard, opts->shards);
		err_hint(err, _("shards count from 1: --shard 1/4 ... --shard 4/4"));
		return NULL;
	}
	if (opts->per_signer && opts->name_template && template_check(opts->name_template, err))
		return NULL;
	if (!(b = calloc(1, sizeof(*b)))) {
		err_nomem(err);
		return NULL;
	}
	pthread_mutex_init(&b->lock, NULL);
	b->letter = letter;
	b->signers = signers;
	b->o = *opts;
	b->output = strdup(opts->output);
	b->source = strdup(opts->source ? opts->source : "");
	b->o.name_template = strdup(opts->name_template ? opts->name_template : "{name}");
	if (!b->output || !b->source || !b->o.name_template)
		goto nomem;
	b->o.output = b->output;
	b->o.source = b->source;
	if (b->o.jobs < 1)
		b->o.jobs = 1;
	if (b->o.shards <= 1)
		b->o.shard = b->o.shards = 0;

	/* The slice: contiguous, by row index; for chunked output whole chunks,
	 * so a shard's files are the very files an unsharded run writes. */
	size_t chunk_lo = 0, nchunks = 1;
	size_t K = (size_t)b->o.shard, N = (size_t)b->o.shards;
	if (!b->o.per_signer && b->o.per_file) {
		size_t chunks = (total + b->o.per_file - 1) / b->o.per_file;
		chunk_lo = N ? (K - 1) * chunks / N : 0;
		nchunks = (N ? K * chunks / N : chunks) - chunk_lo;
		b->lo = chunk_lo * b->o.per_file;
		size_t hi = (chunk_lo + nchunks) * b->o.per_file;
		b->n = (hi < total ? hi : total) - b->lo;
	} else {
		b->lo = N ? (K - 1) * total / N : 0;
		b->n = (N ? K * total / N : total) - b->lo;
		nchunks = b->n ? 1 : 0;
	}
	if (!(b->rec = calloc(b->n ? b->n : 1, sizeof(*b->rec))))
		goto nomem;
	for (size_t k = 0; k < b->n; k++) {
		b->rec[k].index = b->lo + k;
		b->rec[k].row = appeal_signers_row(signers, b->lo + k)->row;
		b->rec[k].file = "";
		b->rec[k].note = "";
	}
	if (mark_problems(b))
		goto nomem;
	if ((b->o.per_signer ? plan_per_signer(b, total) : plan_combined(b, total, chunk_lo, nchunks)))
		goto nomem;
	return b;
nomem:
	err_nomem(err);
	appeal_batch_free(b);
	return NULL;
}

/* ------------------------------------------------------------ running */

static void stop_run(struct appeal_batch *b, enum stop_reason why)
{
	int none = STOP_NONE;
	atomic_compare_exchange_strong(&b->stop, &none, (int)why);
}

/* Counts a decided row; the callback may ask to stop. */
static void tick(struct appeal_batch *b)
{
	pthread_mutex_lock(&b->lock);
	b->done++;
	if (b->o.progress && b->o.progress(b->o.progress_data, b->done, b->n))
		stop_run(b, STOP_CANCEL);
	pthread_mutex_unlock(&b->lock);
}

static void fatal(struct appeal_batch *b, const struct appeal_error *e)
{
	pthread_mutex_lock(&b->lock);
	if (!b->fatal.code)
		b->fatal = *e;
	pthread_mutex_unlock(&b->lock);
	stop_run(b, STOP_FATAL);
}

/* A row that could not become a letter: the error as the user should see
 * it, with the table's name, the row and the column's key. */
static void row_failed(struct appeal_batch *b, struct appeal_batch_record *r, const struct appeal_error *e)
{
	struct appeal_error *x = calloc(1, sizeof(*x));
	const char *field = e->field;

	if (!x) {
		struct appeal_error nomem = {0};
		err_nomem(&nomem);
		fatal(b, &nomem);
		return;
	}
	if (!field[0] && e->code == APPEAL_ENOTFOUND)
		field = "lang";
	const char *key = field[0] ? appeal_signers_column(b->signers, field) : NULL;
	x->code = e->code;
	snprintf(x->source, sizeof(x->source), "%s", b->source);
	x->row = r->row;
	snprintf(x->field, sizeof(x->field), "%s", key ? key : field);
	memcpy(x->message, e->message, sizeof(x->message));
	memcpy(x->hint, e->hint, sizeof(x->hint));
	r->error = x;
	r->status = APPEAL_BATCH_FAILED;
	if (b->o.strict) {
		pthread_mutex_lock(&b->lock);
		if (!b->strict_row || r->row < b->strict_row)
			b->strict_row = r->row;
		pthread_mutex_unlock(&b->lock);
		stop_run(b, STOP_STRICT);
	}
}

/* A PDF that an earlier run finished: it starts like a PDF and ends with
 * the trailer. Files are renamed into place whole, so this only guards
 * against something else having written there. */
static bool complete_pdf(const char *path)
{
	char head[5], tail[1024];
	struct stat st;
	bool ok = false;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return false;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 64 &&
	    pread(fd, head, sizeof(head), 0) == (ssize_t)sizeof(head) && memcmp(head, "%PDF-", 5) == 0) {
		size_t n = st.st_size < (off_t)sizeof(tail) ? (size_t)st.st_size : sizeof(tail);
		if (pread(fd, tail, n, st.st_size - (off_t)n) == (ssize_t)n)
			for (size_t i = 0; i + 5 <= n && !ok; i++)
				ok = memcmp(tail + i, "%%EOF", 5) == 0;
	}
	close(fd);
	return ok;
}

struct worker {
	struct appeal_batch *b;
	struct appeal_pdf *pdf;
	const char *path;             /* the file being made */
	size_t files, pages;
	unsigned long long bytes;
};

/* Lays out one row into the worker's PDF. 1: the row failed (recorded);
 * -1: the run cannot go on; 0: added. */
static int add_row(struct worker *w, struct appeal_batch_record *r, bool combined)
{
	struct appeal_batch *b = w->b;
	const struct appeal_signer_row *row = appeal_signers_row(b->signers, r->index);
	struct appeal_signer s = APPEAL_SIGNER_INIT;
	struct appeal_error e = {0};
	struct appeal_document *doc;

	if (!row->lang[0]) {
		err_set(&e, APPEAL_EINVAL, _("the row has no language"));
		err_hint(&e, _("add a language column (en or es), or give the default with --lang"));
		err_field(&e, "lang");
		row_failed(b, r, &e);
		return 1;
	}
	appeal_signers_signer(&s, b->signers, r->index);
	if (!s.date.year)
		s.date = b->o.date;
	if (!(doc = appeal_document_fill(b->letter, row->lang, &s, &e))) {
		if (e.code == APPEAL_ENOMEM) {
			fatal(b, &e);
			return -1;
		}
		row_failed(b, r, &e);
		return 1;
	}
	int before = appeal_pdf_page_count(w->pdf), rc = 0;
	if (combined && b->o.duplex && before % 2 == 1 && !(rc = appeal_pdf_add_blank(w->pdf, &e)))
		before++;
	if (!rc)
		rc = appeal_pdf_add(w->pdf, doc, NULL, &e);
	appeal_document_free(doc);
	if (rc == APPEAL_EGLYPH || rc == APPEAL_EINVAL || rc == APPEAL_ESYNTAX || rc == APPEAL_ENOTFOUND) {
		row_failed(b, r, &e);
		return 1;
	}
	if (rc) {
		/* libharu keeps the whole document in memory until it is saved. */
		if (appeal_pdf_page_count(w->pdf) >= 32000) {
			snprintf(e.source, sizeof(e.source), "%s", w->path);
			err_hint(&e, _("split a print run this large with --per-file 10000"));
		}
		fatal(b, &e);
		return -1;
	}
	r->first_page = before + 1;
	r->last_page = appeal_pdf_page_count(w->pdf);
	return 0;
}

static void do_unit(struct worker *w, struct unit *u)
{
	struct appeal_batch *b = w->b;
	struct appeal_error e = {0};
	bool combined = !b->o.per_signer, abandoned = false;
	size_t letters = 0;

	if (b->o.resume && complete_pdf(u->path)) {
		for (size_t k = u->first; k < u->first + u->count; k++) {
			struct appeal_batch_record *r = &b->rec[k];
			if (r->status != APPEAL_BATCH_FAILED) {
				r->status = APPEAL_BATCH_SKIPPED;
				r->note = resumed_note;
			}
			tick(b);
		}
		return;
	}
	w->path = u->path;
	if (!w->pdf && !(w->pdf = appeal_pdf_new(&b->o.pdf, &e))) {
		fatal(b, &e);
		return;
	}
	for (size_t k = u->first; k < u->first + u->count; k++) {
		struct appeal_batch_record *r = &b->rec[k];
		if (atomic_load(&b->stop)) {
			abandoned = true;
			break;
		}
		if (r->status != APPEAL_BATCH_FAILED) {
			int rc = add_row(w, r, combined);
			if (rc < 0) {
				abandoned = true;
				break;
			}
			letters += rc == 0;
		}
		tick(b);
	}
	/* A strict run writes no file holding a row after the first bad one. */
	if (b->o.strict && atomic_load(&b->stop))
		abandoned = true;
	if (abandoned || letters == 0) {
		unsigned char *data = NULL;
		size_t size;
		if (appeal_pdf_page_count(w->pdf) > 0)
			appeal_pdf_save_mem(w->pdf, &data, &size, NULL); /* drops the pages */
		free(data);
		for (size_t k = u->first; k < u->first + u->count; k++)
			b->rec[k].first_page = b->rec[k].last_page = 0;
		return;
	}
	if (combined) {
		char author[64];
		snprintf(author, sizeof(author), "%zu signer%s", letters, letters == 1 ? "" : "s");
		appeal_pdf_set_info(w->pdf, appeal_letter_title(b->letter), author, NULL);
	}
	unsigned char *data = NULL;
	size_t size = 0;
	int pages = appeal_pdf_page_count(w->pdf);
	if (appeal_pdf_save_mem(w->pdf, &data, &size, &e) || appeal_write_file(u->path, data, size, &e)) {
		if (!e.source[0] && e.code != APPEAL_EIO)
			snprintf(e.source, sizeof(e.source), "%s", u->path);
		free(data);
		for (size_t k = u->first; k < u->first + u->count; k++)
			b->rec[k].first_page = b->rec[k].last_page = 0;
		fatal(b, &e);
		return;
	}
	free(data);
	for (size_t k = u->first; k < u->first + u->count; k++)
		if (b->rec[k].status != APPEAL_BATCH_FAILED)
			b->rec[k].status = APPEAL_BATCH_WRITTEN;
	w->files++;
	w->pages += (size_t)pages;
	w->bytes += size;
}

static void *work(void *arg)
{
	struct worker *w = arg;
	struct appeal_batch *b = w->b;

	for (;;) {
		size_t u = atomic_fetch_add(&b->next_unit, 1);
		if (u >= b->nunits || atomic_load(&b->stop))
			break;
		do_unit(w, &b->units[u]);
	}
	appeal_pdf_free(w->pdf);
	w->pdf = NULL;
	return NULL;
}

/* Removes NAME.tmpXXXXXX files (appeal_write_file's temporaries) that a
 * killed run left beside this run's outputs. Only names this run writes:
 * another shard may be writing its own files in the same directory now. */
static void remove_stale_temporaries(struct appeal_batch *b)
{
	struct strmap mine = STRMAP_INIT_NOCASE;
	char *dir = NULL;
	const char *slash;

	if (!b->nunits)
		return;
	slash = strrchr(b->units[0].path, '/');
	dir = slash ? strndup(b->units[0].path, (size_t)(slash - b->units[0].path) + 1) : strdup(".");
	for (size_t u = 0; dir && u < b->nunits; u++) {
		const char *base = strrchr(b->units[u].path, '/');
		if (strmap_put(&mine, base ? base + 1 : b->units[u].path, u) < 0) {
			strmap_free(&mine);
			free(dir);
			return;
		}
	}
	DIR *d = dir ? opendir(dir) : NULL;
	struct dirent *ent;
	while (d && (ent = readdir(d))) {
		size_t len = strlen(ent->d_name);
		if (len <= 10 || strncmp(ent->d_name + len - 10, ".tmp", 4) != 0)
			continue;
		char base[NAME_MAX + 1];
		snprintf(base, sizeof(base), "%.*s", (int)(len - 10), ent->d_name);
		/* The names compared without case are only candidates. */
		for (size_t u = 0; strmap_get(&mine, base, NULL) && u < b->nunits; u++) {
			const char *p = strrchr(b->units[u].path, '/');
			if (strcmp(p ? p + 1 : b->units[u].path, base) == 0) {
				unlinkat(dirfd(d), ent->d_name, 0);
				break;
			}
		}
	}
	if (d)
		closedir(d);
	strmap_free(&mine);
	free(dir);
}

static int make_output_dir(const struct appeal_batch *b, struct appeal_error *err)
{
	struct stat st;

	if (mkdir(b->output, 0777) == 0 || (errno == EEXIST && stat(b->output, &st) == 0 && S_ISDIR(st.st_mode)))
		return 0;
	int e = errno;
	err_set(err, APPEAL_EIO, _("cannot make the directory %s: %s"), b->output,
	        e == EEXIST ? _("a file of that name exists") : strerror(e));
	err_hint(err, e == ENOENT ? _("create its parent directory first") : _("choose another directory with -o"));
	return APPEAL_EIO;
}

static void finish_records(struct appeal_batch *b)
{
	switch (atomic_load(&b->stop)) {
	case STOP_STRICT:
		snprintf(b->stop_note, sizeof(b->stop_note), "not written: --strict stopped the run at row %ld",
		         b->strict_row);
		break;
	case STOP_CANCEL: snprintf(b->stop_note, sizeof(b->stop_note), "not written: the run was interrupted"); break;
	default: snprintf(b->stop_note, sizeof(b->stop_note), "not written: the run stopped after an error"); break;
	}
	for (size_t k = 0; k < b->n; k++) {
		if (b->rec[k].status == 0) {
			b->rec[k].status = APPEAL_BATCH_SKIPPED;
			b->rec[k].note = b->stop_note;
		}
	}
}

APPEAL_EXPORT int appeal_batch_run(struct appeal_batch *b, struct appeal_error *err)
{
	if (b->ran)
		return err_set(err, APPEAL_EINVAL, _("a batch runs once"));
	b->ran = true;
	if (b->o.per_signer && make_output_dir(b, err))
		return APPEAL_EIO;
	remove_stale_temporaries(b);

	/* Rows known to be bad are decided already. */
	size_t known_bad = 0;
	long first_bad = 0;
	for (size_t k = 0; k < b->n; k++) {
		if (b->rec[k].status != APPEAL_BATCH_FAILED)
			continue;
		if (!first_bad)
			first_bad = b->rec[k].row;
		known_bad++;
		if (b->o.per_signer && !b->o.strict)
			tick(b); /* in no file: nobody else counts them */
	}
	if (b->o.strict && known_bad) {
		/* Only the first bad row is reported: the run stops there. */
		for (size_t k = 0; k < b->n; k++) {
			if (b->rec[k].status == APPEAL_BATCH_FAILED && b->rec[k].row != first_bad) {
				free((void *)b->rec[k].error);
				b->rec[k].error = NULL;
				b->rec[k].status = 0;
			}
		}
		b->strict_row = first_bad;
		stop_run(b, STOP_STRICT);
		finish_records(b);
		return 0;
	}

	size_t nw = (size_t)b->o.jobs < b->nunits ? (size_t)b->o.jobs : b->nunits;
	struct worker *ws = calloc(nw ? nw : 1, sizeof(*ws));
	pthread_t *tid = calloc(nw ? nw : 1, sizeof(*tid));
	if (!ws || !tid) {
		free(ws);
		free(tid);
		return err_nomem(err);
	}
	size_t started = 0;
	for (size_t i = 0; i < nw; i++) {
		ws[i].b = b;
		/* The first worker is this thread; a thread that cannot start
		 * only means fewer workers. */
		if (i > 0 && pthread_create(&tid[i], NULL, work, &ws[i]) != 0)
			break;
		started++;
	}
	if (nw)
		work(&ws[0]);
	for (size_t i = 1; i < started; i++)
		pthread_join(tid[i], NULL);
	for (size_t i = 0; i < nw; i++) {
		b->files += ws[i].files;
		b->pages += ws[i].pages;
		b->bytes += ws[i].bytes;
	}
	free(ws);
	free(tid);
	finish_records(b);
	if (atomic_load(&b->stop) == STOP_FATAL) {
		if (err && !err->code)
			*err = b->fatal;
		return b->fatal.code ? b->fatal.code : APPEAL_EIO;
	}
	return 0;
}

APPEAL_EXPORT size_t appeal_batch_count(const struct appeal_batch *b)
{
	return b ? b->n : 0;
}

APPEAL_EXPORT const struct appeal_batch_record *appeal_batch_record(const struct appeal_batch *b, size_t i)
{
	return b && i < b->n ? &b->rec[i] : NULL;
}

APPEAL_EXPORT void appeal_batch_summary(const struct appeal_batch *b, struct appeal_batch_summary *out)
{
	memset(out, 0, sizeof(*out));
	if (!b)
		return;
	out->rows = b->n;
	for (size_t k = 0; k < b->n; k++) {
		const struct appeal_batch_record *r = &b->rec[k];
		out->written += r->status == APPEAL_BATCH_WRITTEN;
		out->failed += r->status == APPEAL_BATCH_FAILED;
		if (r->status == APPEAL_BATCH_SKIPPED || r->status == 0) {
			out->skipped++;
			out->resumed += r->note == resumed_note;
		}
	}
	out->files = b->files;
	out->pages = b->pages;
	out->bytes = b->bytes;
	out->stopped = atomic_load(&((struct appeal_batch *)b)->stop) != STOP_NONE;
}

/* ------------------------------------------------------------ manifest */

/* RFC 4180: quoted when it holds a delimiter, quote or line break. */
static void put_csv(struct buf *s, const char *v, bool last)
{
	if (strpbrk(v, ",\"\r\n")) {
		buf_adds(s, "\"");
		for (const char *p = v; *p; p++) {
			buf_add(s, p, 1);
			if (*p == '"')
				buf_add(s, p, 1); /* a quote is doubled */
		}
		buf_adds(s, "\"");
	} else {
		buf_adds(s, v);
	}
	buf_adds(s, last ? "\r\n" : ",");
}

static void put_json(struct buf *s, const char *key, const char *v, bool last)
{
	char esc[8];
	buf_adds(s, "\"");
	buf_adds(s, key);
	buf_adds(s, "\": \"");
	for (const char *p = v; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c == '"' || c == '\\') {
			esc[0] = '\\';
			esc[1] = (char)c;
			buf_add(s, esc, 2);
		} else if (c < 0x20) {
			snprintf(esc, sizeof(esc), "\\u%04x", c);
			buf_adds(s, esc);
		} else {
			buf_add(s, p, 1);
		}
	}
	buf_adds(s, last ? "\"" : "\", ");
}

static const char *status_name(int status)
{
	return status == APPEAL_BATCH_WRITTEN ? "written" : status == APPEAL_BATCH_FAILED ? "failed" : "skipped";
}

APPEAL_EXPORT int appeal_batch_write_manifest(const struct appeal_batch *b, const char *path,
                                              struct appeal_error *err)
{
	static const char *const cols[] = {"row", "name", "lang", "status", "file", "first_page", "last_page",
	                                   "field", "message"};
	size_t len = strlen(path);
	bool json = len >= 5 && strcasecmp(path + len - 5, ".json") == 0;
	struct buf s = BUF_INIT;

	if (json)
		buf_adds(&s, "[\n");
	else
		for (int c = 0; c < 9; c++)
			put_csv(&s, cols[c], c == 8);
	for (size_t k = 0; k < b->n; k++) {
		const struct appeal_batch_record *r = &b->rec[k];
		const struct appeal_signer_row *row = appeal_signers_row(b->signers, r->index);
		char num[3][24];
		snprintf(num[0], sizeof(num[0]), "%ld", r->row);
		snprintf(num[1], sizeof(num[1]), "%d", r->first_page);
		snprintf(num[2], sizeof(num[2]), "%d", r->last_page);
		const char *v[9] = {num[0], row->name, row->lang, status_name(r->status),
		                    r->status == APPEAL_BATCH_FAILED ? "" : r->file,
		                    r->first_page ? num[1] : "", r->last_page ? num[2] : "",
		                    r->error ? r->error->field : "", r->error ? r->error->message : r->note};
		if (json)
			buf_adds(&s, "  {");
		for (int c = 0; c < 9; c++) {
			if (!json) {
				put_csv(&s, v[c], c == 8);
			} else if (c == 0 || c == 5 || c == 6) {
				/* Numbers as numbers; a page not known is null. */
				buf_adds(&s, "\"");
				buf_adds(&s, cols[c]);
				buf_adds(&s, "\": ");
				buf_adds(&s, v[c][0] ? v[c] : "null");
				buf_adds(&s, ", ");
			} else {
				put_json(&s, cols[c], v[c], c == 8);
			}
		}
		if (json)
			buf_adds(&s, k + 1 < b->n ? "},\n" : "}\n");
	}
	if (json)
		buf_adds(&s, "]\n");
	if (s.failed) {
		free(s.data);
		return err_nomem(err);
	}
	int rc = appeal_write_file(path, s.data ? s.data : "", s.len, err);
	free(s.data);
	return rc;
}
