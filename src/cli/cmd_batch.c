/* appeal batch: a letter for every row of a signer table. The work is done
 * by appeal_batch_*; this file reads options, reports and draws progress. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

static const char batch_usage[] = N_(
	"usage: appeal batch FILE [--letter ID|PATH] [--lang LANG] [--format pdf|text|eml] -o OUT|-o DIR/\n"
	"       [options]\n"
	"\n"
	"Writes a letter for every signer in FILE (CSV, TSV, JSON, JSON Lines, .xlsx, .ods, .xls; see\n"
	"'appeal inspect').\n"
	"\n"
	"  -l, --letter ID|PATH     the campaign (default: the only or default one)\n"
	"  -L, --lang LANG          language of rows that have none (default: from $LANG if the\n"
	"                           letter has it, or the letter's only language; else such rows fail)\n"
	"      --encoding E         read FILE as E; default: detect\n"
	"      --delimiter C        ',' ';' or 'tab'; default: detect\n"
	"      --sheet NAME         the workbook's sheet to read (default: the first)\n"
	"      --map field=Column   take a field from Column; may be repeated\n"
	"      --format F           pdf (default): to print; text: plain text; eml: an e-mail from\n"
	"                           each signer (the e-mail column), the PDF attached\n"
	"  -o, --output OUT.pdf     one combined file, every letter on a new page (text: OUT.txt)\n"
	"  -o, --output OUT.mbox    e-mail: every message in one mailbox\n"
	"  -o, --output DIR/        one file per signer in DIR (a trailing '/' or an existing\n"
	"                           directory): .pdf, .txt or .eml\n"
	"      --per-file N         combined: at most N rows per file, OUT-0001.pdf, OUT-0002.pdf...\n"
	"      --duplex             combined PDF: every letter starts on a new sheet (blank back pages)\n"
	"      --name-template T    per signer: file names, default \"{name}\"; fields {name} {city}\n"
	"                           {lang} {row} {n} {letter} {date}\n"
	"      --manifest FILE      what happened to every row, as .csv or .json\n"
	"      --paper a4|letter    paper size (default a4)\n"
	"  -d, --date YYYY-MM-DD    date of rows that have none (default: today, or $SOURCE_DATE_EPOCH)\n"
	"  -j, --jobs N             threads (default: all cores)\n"
	"      --shard K/N          only the K-th of N equal slices of the rows\n"
	"      --resume             keep the outputs an earlier run finished\n"
	"      --strict             stop at the first bad row\n"
	"  -q, --quiet              no progress and no summary\n"
	"\n"
	"Exit status: 0 all rows written, 1 some row failed or the run stopped, 2 wrong usage.\n");

struct batch_args {
	const char *file, *letter, *lang, *encoding, *delimiter, *sheet, *output, *manifest, *tmpl, *date, *format;
	enum appeal_paper paper;
	const char **map;
	size_t nmap;
	long per_file, jobs;
	int shard, shards;
	bool duplex, resume, strict, quiet;
};

static bool parse_count(const char *text, long max, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(text, &end, 10);
	if (errno || end == text || *end || v < 1 || v > max)
		return false;
	*out = v;
	return true;
}

static int parse(int argc, char **argv, struct batch_args *a)
{
	enum { O_ENC = 256, O_DELIM, O_SHEET, O_MAP, O_PER_FILE, O_DUPLEX, O_MANIFEST, O_TEMPLATE, O_PAPER, O_SHARD,
	       O_RESUME, O_STRICT, O_FORMAT };
	static const struct option longopts[] = {
		{"letter", required_argument, NULL, 'l'},       {"lang", required_argument, NULL, 'L'},
		{"encoding", required_argument, NULL, O_ENC},   {"delimiter", required_argument, NULL, O_DELIM},
		{"map", required_argument, NULL, O_MAP},        {"sheet", required_argument, NULL, O_SHEET},        {"output", required_argument, NULL, 'o'},
		{"per-file", required_argument, NULL, O_PER_FILE}, {"duplex", no_argument, NULL, O_DUPLEX},
		{"manifest", required_argument, NULL, O_MANIFEST},
		{"name-template", required_argument, NULL, O_TEMPLATE},
		{"paper", required_argument, NULL, O_PAPER},    {"date", required_argument, NULL, 'd'},
		{"jobs", required_argument, NULL, 'j'},         {"shard", required_argument, NULL, O_SHARD},
		{"resume", no_argument, NULL, O_RESUME},        {"strict", no_argument, NULL, O_STRICT},
		{"quiet", no_argument, NULL, 'q'},              {"help", no_argument, NULL, 'h'},
		{"format", required_argument, NULL, O_FORMAT},
		{NULL, 0, NULL, 0},
	};
	int c;
	char tail;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":l:L:o:d:j:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'l': a->letter = optarg; break;
		case 'L': a->lang = optarg; break;
		case 'o': a->output = optarg; break;
		case 'd': a->date = optarg; break;
		case 'q': a->quiet = true; break;
		case O_ENC: a->encoding = optarg; break;
		case O_DELIM: a->delimiter = optarg; break;
		case O_SHEET: a->sheet = optarg; break;
		case O_MAP: a->map[a->nmap++] = optarg; break;
		case O_MANIFEST: a->manifest = optarg; break;
		case O_TEMPLATE: a->tmpl = optarg; break;
		case O_FORMAT: a->format = optarg; break;
		case O_PAPER:
			if (cli_paper(optarg, &a->paper))
				return EXIT_USAGE;
			break;
		case O_DUPLEX: a->duplex = true; break;
		case O_RESUME: a->resume = true; break;
		case O_STRICT: a->strict = true; break;
		case 'j':
			if (!parse_count(optarg, 1024, &a->jobs)) {
				cli_fail(_("--jobs wants a number from 1 to 1024, not '%s'"), optarg);
				return EXIT_USAGE;
			}
			break;
		case O_PER_FILE:
			if (!parse_count(optarg, 1000000, &a->per_file)) {
				cli_fail(_("--per-file wants a number of letters from 1 to 1000000, not '%s'"), optarg);
				cli_hint(_("e.g. --per-file 500 makes print jobs of 500 letters"));
				return EXIT_USAGE;
			}
			break;
		case O_SHARD:
			if (sscanf(optarg, "%d/%d%c", &a->shard, &a->shards, &tail) != 2 || a->shards < 1 ||
			    a->shard < 1 || a->shard > a->shards) {
				cli_fail(_("--shard wants K/N with 1 <= K <= N, not '%s'"), optarg);
				cli_hint(_("--shard 2/4 takes the second quarter of the rows"));
				return EXIT_USAGE;
			}
			break;
		case 'h': fputs(_(batch_usage), stdout); return -1;
		case ':':
			cli_fail(_("option '%s' needs a value"), argv[optind - 1]);
			cli_hint(_("see 'appeal batch --help'"));
			return EXIT_USAGE;
		default:
			cli_fail(_("unknown option '%s'"), argv[optind - 1]);
			cli_hint(_("see 'appeal batch --help'"));
			return EXIT_USAGE;
		}
	}
	if (optind == argc) {
		cli_fail(_("batch needs a signer file"));
		cli_hint(_("appeal batch signers.csv -o letters.pdf"));
		return EXIT_USAGE;
	}
	if (optind < argc - 1) {
		cli_fail(_("unexpected argument '%s'"), argv[optind + 1]);
		cli_hint(_("batch reads one signer file; give the output with -o"));
		return EXIT_USAGE;
	}
	a->file = argv[optind];
	if (a->format && cli_format_check(a->format))
		return EXIT_USAGE;
	if (!a->output) {
		cli_fail(_("batch needs an output: -o letters.pdf or -o letters/"));
		return EXIT_USAGE;
	}
	if (a->manifest && strcmp(a->manifest, "-") && !strstr(a->manifest, ".csv") && !strstr(a->manifest, ".json")) {
		cli_fail(_("the manifest '%s' should end in .csv or .json"), a->manifest);
		return EXIT_USAGE;
	}
	if (strcmp(a->output, "-") == 0 && (a->per_file || a->resume || a->shards > 1)) {
		cli_fail(_("-o - (standard output) takes a single combined file"));
		cli_hint(_("leave out --per-file, --resume and --shard, or give a file name"));
		return EXIT_USAGE;
	}
	return 0;
}

/* ------------------------------------------------------------ progress */

static volatile sig_atomic_t caught;

static void on_signal(int sig)
{
	caught = sig;
}

struct progress {
	bool draw;
	double start, last;
	bool drawn;
};

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Called by the library one row at a time; draws at most ten times a second. */
static int on_progress(void *data, size_t done, size_t total)
{
	struct progress *p = data;

	if (p->draw && total) {
		double t = now();
		if (t - p->last >= 0.1 || done == total) {
			char bar[31];
			size_t fill = done * 30 / total;
			double rate = t > p->start ? done / (t - p->start) : 0;
			long left = rate > 0 ? (long)((total - done) / rate + 0.5) : 0;
			memset(bar, '#', fill);
			memset(bar + fill, '.', 30 - fill);
			bar[30] = '\0';
			fputc('\r', stderr);
			fprintf(stderr, _("%zu/%zu [%s] %.0f/s, %ld:%02ld left"), done, total, bar, rate, left / 60, left % 60);
			fputs("\033[K", stderr);
			p->last = t;
			p->drawn = true;
		}
	}
	return caught != 0;
}

/* ------------------------------------------------------------ reports */

/* Hints already given: each is printed once, after the first row it
 * helps, however many rows share it. */
struct hints {
	const char *said[32];
	size_t n;
};

static void hint_once(struct hints *h, const char *hint)
{
	if (!hint || !hint[0])
		return;
	for (size_t i = 0; i < h->n; i++)
		if (strcmp(h->said[i], hint) == 0)
			return;
	if (h->n < sizeof(h->said) / sizeof(h->said[0]))
		h->said[h->n++] = hint;
	cli_hint("%s", hint);
}

static void report_rows(const struct appeal_batch *b, const struct appeal_signers *s, const char *source)
{
	size_t n = appeal_batch_count(b), np = appeal_signers_problem_count(s), k = 0;
	struct hints hints = {0};

	if (!n)
		return;
	size_t lo = appeal_batch_record(b, 0)->index, hi = appeal_batch_record(b, n - 1)->index;
	for (size_t i = 0; i < n; i++) {
		const struct appeal_batch_record *r = appeal_batch_record(b, i);
		if (r->error) {
			char line[1200];
			cli_fail("%s", appeal_error_format(r->error, line, sizeof(line)));
			hint_once(&hints, r->error->hint);
		}
		/* Duplicates are printed; say so once per row, after its errors. */
		for (; k < np && appeal_signers_problem(s, k)->index <= r->index; k++) {
			const struct appeal_signer_problem *p = appeal_signers_problem(s, k);
			if (p->kind != APPEAL_SIGNER_DUPLICATE || p->index < lo || p->index > hi ||
			    r->status != APPEAL_BATCH_WRITTEN || p->index != r->index)
				continue;
			struct appeal_error e;
			char line[1200];
			appeal_signers_problem_error(s, p, &e);
			snprintf(e.source, sizeof(e.source), "%s", source);
			cli_warn(_("%s (the letter is written all the same)"), appeal_error_format(&e, line, sizeof(line)));
			hint_once(&hints, p->hint);
		}
	}
}

/* Rows of the run that took the default language. */
static size_t defaulted(const struct appeal_batch *b, const struct appeal_signers *s)
{
	size_t n = 0;
	for (size_t i = 0; i < appeal_batch_count(b); i++)
		n += appeal_signers_row(s, appeal_batch_record(b, i)->index)->lang_default;
	return n;
}

/* The columns that hold data no letter prints, quoted and joined. */
static void unused_columns(const struct appeal_signers *s, char *out, size_t size)
{
	size_t len = 0;
	out[0] = '\0';
	for (size_t i = 0; i < appeal_signers_unused_count(s) && len + 8 < size; i++) {
		int w = snprintf(out + len, size - len, "%s\"%s\"", i ? ", " : "", appeal_signers_unused(s, i));
		len = w < 0 || (size_t)w >= size - len ? size - 1 : len + (size_t)w;
	}
	if (len >= size - 1)
		memcpy(out + size - 4, "...", 4);
}

/* Where the letters went, as the files really are: "to out.pdf", "to
 * big-0001.pdf ... big-0003.pdf", "in letters/"; "" when no file was
 * written. */
static void written_where(const struct appeal_batch *b, const struct batch_args *a, bool per_signer,
                          const struct appeal_batch_summary *s, char *out, size_t size)
{
	const char *first = NULL, *last = NULL;
	for (size_t i = 0; i < appeal_batch_count(b); i++) {
		const struct appeal_batch_record *r = appeal_batch_record(b, i);
		if (r->status != APPEAL_BATCH_WRITTEN || !r->file[0])
			continue;
		first = first ? first : r->file;
		last = r->file;
	}
	if (per_signer)
		snprintf(out, size, _(" in %s"), a->output);
	else if (!first || s->files == 0)
		out[0] = '\0';
	else if (strcmp(first, last) == 0)
		snprintf(out, size, _(" to %s"), first);
	else
		snprintf(out, size, _(" to %s ... %s"), first, last);
}

/* The numbers of a run; pages only for PDF (a text or a message counts
 * each letter as one). */
static void summary(const struct appeal_batch_summary *s, const struct batch_args *a, bool paged, const char *where)
{
	char shard[64] = "", skipped[64] = "", rows[64], files[64], pages[64];

	if (a->shards > 1)
		snprintf(shard, sizeof(shard), _("shard %d/%d: "), a->shard, a->shards);
	if (s->resumed)
		snprintf(skipped, sizeof(skipped), _(" (%zu already done)"), s->resumed);
	snprintf(rows, sizeof(rows), P_("%zu row read", "%zu rows read", s->rows), s->rows);
	snprintf(files, sizeof(files), P_("%zu file", "%zu files", s->files), s->files);
	snprintf(pages, sizeof(pages), P_("%zu page", "%zu pages", s->pages), s->pages);
	if (!paged) {
		/* TRANSLATORS: "40 rows read: 40 written, 0 skipped, 0 failed; 40 files in mail/" */
		fprintf(stderr, _("appeal: %s%s: %zu written, %zu skipped%s, %zu failed; %s%s\n"), shard, rows,
		        s->written, s->skipped, skipped, s->failed, files, where);
		return;
	}
	/* TRANSLATORS: "2 rows read: 2 written, 0 skipped, 0 failed; 2 files, 3 pages in out/" */
	fprintf(stderr, _("appeal: %s%s: %zu written, %zu skipped%s, %zu failed; %s, %s%s\n"), shard, rows, s->written,
	        s->skipped, skipped, s->failed, files, pages, where);
}

static bool is_directory_output(const char *out)
{
	struct stat st;
	size_t n = strlen(out);
	return (n > 0 && out[n - 1] == '/') || (stat(out, &st) == 0 && S_ISDIR(st.st_mode));
}

static bool ends_with(const char *s, const char *ext)
{
	size_t n = strlen(s), k = strlen(ext);
	return n >= k && strcasecmp(s + n - k, ext) == 0;
}

/* The format of the files, from --format and, for e-mail, the shape of -o:
 * a folder gets one .eml per signer, a .mbox (or standard output) one
 * mailbox; any other file would be one .eml of every signer, which the
 * library refuses with the reason and the way out. */
static enum appeal_format pick_format(const struct batch_args *a, bool per_signer)
{
	bool mbox = !per_signer && ends_with(a->output, ".mbox");

	if (!a->format || strcmp(a->format, "pdf") == 0)
		return !a->format && mbox ? APPEAL_FORMAT_MBOX : APPEAL_FORMAT_PDF;
	if (strcmp(a->format, "text") == 0)
		return APPEAL_FORMAT_TEXT;
	return per_signer || (!mbox && strcmp(a->output, "-") != 0) ? APPEAL_FORMAT_EML : APPEAL_FORMAT_MBOX;
}

/* No file the run writes (each planned PDF, the manifest) may be the signer
 * table or the letter: checked before anything is written. */
static int refuse_clash(const struct appeal_batch *b, const struct batch_args *a, const char *letter_file)
{
	size_t n = appeal_batch_count(b), k = 0;
	struct cli_file *outs = calloc(n + 2, sizeof(*outs));
	const struct cli_file ins[] = {{_("the signer table"), a->file}, {_("the letter file"), letter_file}};
	const char *last = NULL;

	if (!outs) {
		cli_fail(_("out of memory"));
		return -1;
	}
	outs[k++] = (struct cli_file){"-o", a->output};
	if (a->manifest)
		outs[k++] = (struct cli_file){"--manifest", a->manifest};
	for (size_t i = 0; i < n; i++) {
		const char *f = appeal_batch_record(b, i)->file;
		if (f && f[0] && f != last)
			outs[k++] = (struct cli_file){"-o", f};
		last = f;
	}
	int rc = cli_refuse_clash(outs, k, ins, 2);
	free(outs);
	return rc;
}

int cmd_batch(int argc, char **argv)
{
	struct batch_args a = {0};
	struct appeal_letter *own_letter = NULL;
	struct appeal_catalog *own_cat = NULL;
	struct appeal_signers *signers = NULL;
	struct appeal_batch *batch = NULL;
	struct appeal_file *manifest = NULL;
	struct appeal_error err = {0};
	struct appeal_batch_options bo = APPEAL_BATCH_OPTIONS_INIT;
	struct progress prog = {0};
	struct sigaction sa = {0}, old_int, old_term;
	char *fonts = NULL;
	int rc;

	if (!(a.map = calloc((size_t)argc + 1, sizeof(*a.map)))) {
		cli_fail(_("out of memory"));
		return EXIT_FAIL;
	}
	if ((rc = parse(argc, argv, &a))) {
		free(a.map);
		return rc < 0 ? EXIT_OK : rc;
	}
	rc = EXIT_FAIL;
	const struct appeal_letter *letter = cli_pick_letter(a.letter, &own_letter, &own_cat);
	if (!letter)
		goto out;
	const char *lang;
	if (cli_table_lang(a.lang, letter, &lang)) {
		rc = EXIT_USAGE;
		goto out;
	}
	if (a.date ? appeal_date_parse(&bo.date, a.date, &err) : appeal_date_today(&bo.date, &err)) {
		cli_report(&err);
		rc = a.date ? EXIT_USAGE : EXIT_FAIL;
		goto out;
	}
	if (!(signers = cli_read_signers(a.file, a.encoding, a.delimiter, a.sheet, a.nmap ? a.map : NULL, lang, &rc)))
		goto out;
	rc = EXIT_FAIL;
	if (appeal_signers_count(signers) == 0) {
		cli_fail(_("%s has no signers in it"), a.file);
		cli_hint(_("'appeal inspect %s' shows what was read"), a.file);
		goto out;
	}
	if (!(fonts = strdup(cli_font_dir()))) {
		cli_fail(_("out of memory"));
		goto out;
	}
	bo.path = a.output;
	bo.source = a.file;
	bo.per_signer = strcmp(a.output, "-") != 0 && is_directory_output(a.output);
	bo.output.format = pick_format(&a, bo.per_signer);
	bo.per_file = (size_t)a.per_file;
	bo.duplex = a.duplex;
	bo.name_template = a.tmpl;
	bo.jobs = a.jobs ? (int)a.jobs : (int)sysconf(_SC_NPROCESSORS_ONLN);
	bo.shard = a.shard;
	bo.shards = a.shards;
	bo.resume = a.resume;
	bo.strict = a.strict;
	bo.output.font_dir = fonts;
	bo.output.paper = a.paper;
	bo.progress = on_progress;
	bo.progress_data = &prog;
	for (size_t i = 0; !a.quiet && i < appeal_signers_note_count(signers); i++)
		cli_warn("%s: %s", a.file, appeal_signers_note(signers, i));
	if (a.strict && appeal_signers_unused_count(signers)) {
		char cols[600];
		unused_columns(signers, cols, sizeof(cols));
		cli_fail(P_("--strict: the column %s holds data no letter would print",
		            "--strict: the columns %s hold data no letter would print", appeal_signers_unused_count(signers)),
		         cols);
		cli_hint(_("map it with --map field=COLUMN, or delete it from the sheet; nothing was written"));
		goto out;
	}
	if (bo.per_signer && a.per_file)
		cli_warn(_("--per-file applies to a combined file; with -o %s every signer has a file"), a.output);
	/* Blank back pages are for paper: text and e-mail have none to add. */
	if (a.duplex && bo.output.format != APPEAL_FORMAT_PDF)
		cli_warn(_("--duplex adds blank back pages for printing; with --format %s it is ignored"),
		         bo.output.format == APPEAL_FORMAT_TEXT ? "text" : "eml");
	if (!(batch = appeal_batch_new(letter, signers, &bo, &err))) {
		cli_report(&err);
		rc = err.code == APPEAL_EINVAL ? EXIT_USAGE : EXIT_FAIL;
		goto out;
	}

	if (refuse_clash(batch, &a, appeal_letter_source(letter)))
		goto out;
	/* The manifest's folder is checked, and the name claimed, before the
	 * work rather than after it; it is written into that claim at the end,
	 * so no other run can take the name in between. */
	if (a.manifest && strcmp(a.manifest, "-") != 0 && !(manifest = appeal_file_open(a.manifest, &err))) {
		cli_report(&err);
		goto out;
	}

	/* Ctrl-C and SIGTERM finish the files being written and stop; the
	 * files are renamed into place whole, so none is left half written. */
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	prog.draw = !a.quiet && isatty(STDERR_FILENO);
	prog.start = prog.last = now();
	int run = appeal_batch_run(batch, &err);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	if (prog.drawn)
		fputs("\r\033[K", stderr);

	report_rows(batch, signers, a.file);
	if (run)
		cli_report(&err);
	struct appeal_error merr = {0};
	int mrc = 0;
	if (manifest)
		mrc = appeal_batch_commit_manifest(batch, manifest, &merr); /* ends the claim */
	else if (a.manifest)
		mrc = appeal_batch_write_manifest(batch, a.manifest, &merr); /* standard output */
	manifest = NULL;
	if (mrc)
		cli_report(&merr);
	struct appeal_batch_summary sum;
	appeal_batch_summary(batch, &sum);
	if (!a.quiet && appeal_batch_refused(batch)) {
		/* Not "0 written": nothing was tried, and the reason is above. */
		fprintf(stderr, P_("appeal: %zu row read: the run was refused before any letter was made\n",
		                   "appeal: %zu rows read: the run was refused before any letter was made\n", sum.rows),
		        sum.rows);
	} else if (!a.quiet) {
		char where[2 * 4096 + 32];
		written_where(batch, &a, bo.per_signer, &sum, where, sizeof(where));
		summary(&sum, &a, bo.output.format == APPEAL_FORMAT_PDF, where);
		size_t nd = defaulted(batch, signers);
		if (nd)
			fprintf(stderr, P_("appeal: %zu row took the default language (%s)\n",
			                   "appeal: %zu rows took the default language (%s)\n", nd),
			        nd, lang);
	}
	/* Nothing the sheet holds is dropped without a word, even with -q. */
	if (appeal_signers_unused_count(signers)) {
		char cols[600];
		unused_columns(signers, cols, sizeof(cols));
		cli_warn(P_("the column %s holds data no letter prints", "the columns %s hold data no letter prints",
		            appeal_signers_unused_count(signers)),
		         cols);
		cli_hint(_("map it with --map note=COLUMN (or name, city, lang, date, email) if it belongs in the letters"));
	}
	if (caught) {
		cli_fail(_("interrupted; run the same command with --resume to finish"));
	} else if (a.strict && sum.failed) {
		cli_hint(_("--strict stopped at the first bad row; fix it and run again"));
	} else if (sum.failed && !run && sum.written + sum.resumed == 0) {
		cli_hint(_("fix the rows above and run again: no letter was written"));
	} else if (sum.failed && !run) {
		cli_hint(bo.per_signer ? _("fix the rows above and run again with --resume to write only those")
		                       : _("fix the rows above and run again; the other letters were written"));
	} else if (!run && sum.rows == 0 && a.shards > 1) {
		/* Not an error: a scheduler that starts more shards than there are
		 * rows (or --per-file files) gets empty ones (docs/batch.md). */
		size_t total = appeal_signers_count(signers);
		fprintf(stderr,
		        P_("appeal: shard %d/%d holds none of the table's %zu row: nothing to write, and nothing is wrong\n",
		           "appeal: shard %d/%d holds none of the table's %zu rows: nothing to write, and nothing is wrong\n",
		           total),
		        a.shard, a.shards, total);
		cli_hint(_("the other shards write them; fewer shards than rows give every shard some"));
	} else if (!run && sum.written + sum.resumed == 0) {
		cli_fail(_("no letter was written"));
	}
	rc = run || sum.failed || merr.code || sum.stopped ? EXIT_FAIL : EXIT_OK;
out:
	appeal_file_abort(manifest);
	appeal_batch_free(batch);
	appeal_signers_free(signers);
	appeal_letter_free(own_letter);
	appeal_catalog_free(own_cat);
	free(fonts);
	free(a.map);
	if (caught) {
		/* Die of the signal, so a calling script stops too. */
		fflush(stdout);
		signal(caught, SIG_DFL);
		raise(caught);
	}
	return rc;
}
