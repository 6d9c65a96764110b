/* appeal inspect: what a signer table will be read as, before printing. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* The help, with the languages from the table: a new one is listed
 * without touching this text. */
static void print_usage(void)
{
	char codes[256] = "";
	size_t used = 0;
	for (size_t i = 0; i < appeal_language_count() && used < sizeof(codes); i++) {
		int k = snprintf(codes + used, sizeof(codes) - used, "%s%s", i ? ", " : "", appeal_language_at(i));
		if (k < 0)
			break;
		used += (size_t)k;
	}
	printf(_(
		"usage: appeal inspect [--json] [--letter ID|PATH] [--lang LANG] [--sheet NAME] [--encoding E]\n"
		"                      [--delimiter C] [--map field=Column]... FILE\n"
		"\n"
		"Shows how a signer table (CSV, TSV, JSON, JSON Lines, .xlsx, .ods, .xls) will be read: format, encoding and\n"
		"delimiter and why, which column feeds which field, the row count and every problem row.\n"
		"Runs the checks 'appeal batch' runs with the same options and exits as it would: 1 when\n"
		"some row cannot be printed.\n"
		"\n"
		"  -l, --letter ID|PATH     the campaign (default: the only or default one)\n"
		"  -L, --lang LANG          language of rows that have none, as a code (%s)\n"
		"                           or a name (español); as for 'appeal batch'\n"
		"      --json             print the rows as a JSON array of objects keyed by the header instead\n"
		"      --encoding E       read as E (utf-8, windows-1252, latin-1, utf-16...); default: detect\n"
		"      --delimiter C      ',' ';' or 'tab'; default: detect\n"
		"      --sheet NAME       the workbook's sheet to read (default: the first)\n"
		"      --map field=Column take `field` (name, city, lang, note, date, email, first_name,\n"
		"                         last_name, second_last_name) from Column; may be repeated\n"),
	       codes);
}

static void print_scrubbed(const char *s)
{
	for (; *s; s++)
		putchar((unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s);
}

static const char *delimiter_name(char c)
{
	return c == ',' ? _("',' (comma)") : c == ';' ? _("';' (semicolon)") : c == '\t' ? _("tab") : "?";
}

/* The rows batch would find bad while writing them (a character the fonts
 * cannot draw...): appeal_batch_check_row() on every row the table's own
 * checks pass. Fills errs (the caller frees it) and *n; -1 after reporting
 * why the check could not run. */
static int check_rows(const struct appeal_signers *s, const struct appeal_letter *letter, const char *path,
                      struct appeal_error **errs, size_t *n)
{
	size_t count = appeal_signers_count(s), np = appeal_signers_problem_count(s);
	bool *bad = calloc(count ? count : 1, sizeof(*bad));
	struct appeal_output_options oo = APPEAL_OUTPUT_OPTIONS_INIT;
	struct appeal_error err = {0};
	struct appeal_date today;
	struct appeal_output *out = NULL;
	int rc = -1;

	*errs = NULL;
	*n = 0;
	oo.font_dir = cli_font_dir();
	if (!bad || !(*errs = calloc(count ? count : 1, sizeof(**errs)))) {
		cli_fail(_("out of memory"));
		goto out;
	}
	for (size_t k = 0; k < np; k++) {
		const struct appeal_signer_problem *p = appeal_signers_problem(s, k);
		bad[p->index] = bad[p->index] || p->kind != APPEAL_SIGNER_DUPLICATE;
	}
	if (appeal_date_today(&today, &err) || !(out = appeal_output_new(&oo, &err))) {
		cli_report(&err);
		goto out;
	}
	for (size_t i = 0; i < count; i++) {
		if (bad[i])
			continue;
		int r = appeal_batch_check_row(out, letter, s, i, today, path, &(*errs)[*n]);
		if (r < 0) {
			cli_report(&(*errs)[*n]);
			goto out;
		}
		*n += r == 1;
	}
	rc = 0;
out:
	appeal_output_free(out);
	free(bad);
	return rc;
}

static int report(const struct appeal_signers *s, const char *path, const struct appeal_error *errs, size_t nerrs)
{
	static const char *const fields[] = {"name", "first_name", "last_name", "second_last_name", "city",
	                                     "lang", "note", "date", "email"};
	size_t bad_rows = 0, dup = 0, np = appeal_signers_problem_count(s);
	size_t last_bad = (size_t)-1;

	fputs(path, stdout);
	printf(_("\n  format     %s\n"), appeal_signers_format(s));
	printf(_("  encoding   %s: "), appeal_signers_encoding(s));
	print_scrubbed(appeal_signers_encoding_reason(s));
	if (appeal_signers_delimiter(s)) {
		printf(_("\n  delimiter  %s: "), delimiter_name(appeal_signers_delimiter(s)));
		print_scrubbed(appeal_signers_delimiter_reason(s));
	}
	if (appeal_signers_sheet(s)) {
		fputs(_("\n  sheet      "), stdout);
		print_scrubbed(appeal_signers_sheet(s));
	}
	printf(_("\n  rows       %zu\n  columns\n"), appeal_signers_count(s));
	for (size_t i = 0; i < sizeof(fields) / sizeof(*fields); i++) {
		const char *col = appeal_signers_column(s, fields[i]);
		if (!col)
			continue;
		printf("    %-17s ← ", fields[i]);
		print_scrubbed(col);
		putchar('\n');
	}
	if (appeal_signers_unused_count(s)) {
		fputs(_("  unused     "), stdout);
		for (size_t i = 0; i < appeal_signers_unused_count(s); i++) {
			fputs(i ? ", " : "", stdout);
			print_scrubbed(appeal_signers_unused(s, i));
		}
		fputs(_(" (ignored)\n"), stdout);
	}
	for (size_t i = 0; i < appeal_signers_note_count(s); i++) {
		fputs(_("  note       "), stdout);
		print_scrubbed(appeal_signers_note(s, i));
		putchar('\n');
	}
	for (size_t i = 0; i < np; i++) {
		const struct appeal_signer_problem *p = appeal_signers_problem(s, i);
		if (p->kind == APPEAL_SIGNER_DUPLICATE)
			dup++;
		else if (p->index != last_bad) {
			bad_rows++;
			last_bad = p->index;
		}
	}
	bad_rows += nerrs;
	printf(P_("  problems   %zu row cannot be printed", "  problems   %zu rows cannot be printed", bad_rows), bad_rows);
	if (dup)
		printf(P_("; %zu duplicate will be printed all the same", "; %zu duplicates will be printed all the same", dup), dup);
	putchar('\n');
	/* In row order: the table's problems, and those found by laying the
	 * rows out as batch would. */
	for (size_t i = 0, j = 0; i < np || j < nerrs;) {
		const struct appeal_signer_problem *p = i < np ? appeal_signers_problem(s, i) : NULL;
		struct appeal_error err;
		const char *hint;
		char line[1200];
		if (p && (j >= nerrs || p->row <= errs[j].row)) {
			appeal_signers_problem_error(s, p, &err);
			snprintf(err.source, sizeof(err.source), "%s", path);
			hint = p->hint;
			i++;
		} else {
			err = errs[j++];
			hint = err.hint;
			p = NULL;
		}
		print_scrubbed(appeal_error_format(&err, line, sizeof(line)));
		if (p && p->kind == APPEAL_SIGNER_DUPLICATE)
			fputs(_(" (duplicate: printed all the same)"), stdout);
		putchar('\n');
		if (hint[0]) {
			fputs(_("  hint: "), stdout);
			print_scrubbed(hint);
			putchar('\n');
		}
	}
	return bad_rows ? EXIT_FAIL : EXIT_OK;
}

/* The rows as appeal_signers_to_json() gives them, printed one at a time:
 * memory is that of one row however long the table. */
static int print_json(const struct appeal_signers *s)
{
	size_t n = appeal_signers_count(s);

	fputs(n ? "[\n" : "[", stdout);
	for (size_t i = 0; i < n; i++) {
		char *row = appeal_signers_row_json(s, i);
		if (!row) {
			fflush(stdout);
			cli_fail(_("out of memory"));
			return EXIT_FAIL;
		}
		fputs(row, stdout);
		fputs(i + 1 < n ? ",\n" : "\n", stdout);
		free(row);
	}
	fputs("]\n", stdout);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_fail(_("cannot write the rows: %s"), strerror(errno));
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

int cmd_inspect(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"json", no_argument, NULL, 'J'},           {"encoding", required_argument, NULL, 'e'},
		{"delimiter", required_argument, NULL, 'D'}, {"map", required_argument, NULL, 'm'},
		{"sheet", required_argument, NULL, 'S'},    {"letter", required_argument, NULL, 'l'},   {"lang", required_argument, NULL, 'L'},
		{"help", no_argument, NULL, 'h'},           {NULL, 0, NULL, 0},
	};
	const char *encoding = NULL, *delimiter = NULL, *sheet = NULL, *letter_spec = NULL, *given_lang = NULL;
	struct appeal_letter *own_letter = NULL;
	struct appeal_catalog *own_cat = NULL;
	const char **map = calloc((size_t)argc + 1, sizeof(*map));
	size_t nmap = 0;
	bool json = false;
	int c, rc = EXIT_USAGE;

	if (!map) {
		cli_fail(_("out of memory"));
		return EXIT_FAIL;
	}
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":l:L:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'l': letter_spec = optarg; break;
		case 'S': sheet = optarg; break;
		case 'L': given_lang = optarg; break;
		case 'J': json = true; break;
		case 'e': encoding = optarg; break;
		case 'D': delimiter = optarg; break;
		case 'm': map[nmap++] = optarg; break;
		case 'h':
			print_usage();
			rc = EXIT_OK;
			goto out;
		case ':':
			cli_fail(_("option '%s' needs a value"), argv[optind - 1]);
			cli_hint(_("see 'appeal inspect --help'"));
			goto out;
		default:
			cli_fail(_("unknown option '%s'"), argv[optind - 1]);
			cli_hint(_("see 'appeal inspect --help'"));
			goto out;
		}
	}
	if (optind != argc - 1) {
		cli_fail(optind == argc ? _("inspect needs a signer file") : _("inspect takes one file"));
		cli_hint(_("appeal inspect signers.csv"));
		goto out;
	}
	const char *path = argv[optind], *lang;
	/* The letter and the default language as batch finds them. */
	const struct appeal_letter *letter = cli_pick_letter(letter_spec, &own_letter, &own_cat);
	if (!letter) {
		rc = EXIT_FAIL;
		goto out;
	}
	if (cli_table_lang(given_lang, letter, &lang))
		goto out;
	struct appeal_signers *s = cli_read_signers(path, encoding, delimiter, sheet, nmap ? map : NULL, lang, &rc);
	if (!s)
		goto out;
	if (json) {
		rc = print_json(s);
	} else {
		struct appeal_error *errs = NULL;
		size_t nerrs = 0;
		rc = check_rows(s, letter, path, &errs, &nerrs) ? EXIT_FAIL : report(s, path, errs, nerrs);
		free(errs);
	}
	appeal_signers_free(s);
out:
	appeal_letter_free(own_letter);
	appeal_catalog_free(own_cat);
	free(map);
	return rc;
}
