/* appeal write: one signed letter. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const char write_usage[] = N_(
	"usage: appeal write [--letter ID|PATH] --lang LANG --name NAME [options] [-o OUT]\n"
	"\n"
	"  -l, --letter ID|PATH   the campaign (default: the only or default one)\n"
	"  -L, --lang LANG        language of the letter, as a code (fr) or a name (français)\n"
	"                         (default: from $LANG if the letter has it)\n"
	"  -n, --name NAME        your name, as you sign (required)\n"
	"  -c, --city CITY        your town or city, shown before the date\n"
	"  -e, --email ADDR       your e-mail address: the sender of --format eml\n"
	"  -d, --date YYYY-MM-DD  the letter's date (default: today, or $SOURCE_DATE_EPOCH)\n"
	"      --note TEXT        a paragraph in your own words, before the closing\n"
	"      --note-file FILE   the same from a UTF-8 file ('-' for standard input)\n"
	"      --signature FILE   a PNG of your signature, drawn above your typed name\n"
	"      --paper a4|letter  paper size (default a4)\n"
	"      --format pdf|text|eml  a PDF, plain text for an e-mail body, or an e-mail\n"
	"                         message from --email with the PDF attached (default pdf)\n"
	"      --ragged           ragged-right body instead of justified\n"
	"      --no-hyphenation   never hyphenate\n"
	"      --stats            print layout figures (pages, lines, word spacing) on stderr\n"
	"  -o, --output FILE      where to write ('-' for standard output;\n"
	"                         default: appeal-ID-LANG.pdf or .txt)\n"
	"  -q, --quiet            no message on success\n");

struct write_args {
	const char *letter, *lang, *name, *city, *email, *date, *note, *note_file, *signature, *format, *output;
	enum appeal_paper paper;
	bool ragged, no_hyph, stats, quiet;
};

static int parse(int argc, char **argv, struct write_args *a)
{
	enum { O_NOTE = 256, O_NOTE_FILE, O_SIGNATURE, O_PAPER, O_FORMAT, O_RAGGED, O_NOHYPH, O_STATS };
	static const struct option longopts[] = {
		{"letter", required_argument, NULL, 'l'},     {"lang", required_argument, NULL, 'L'},
		{"name", required_argument, NULL, 'n'},       {"city", required_argument, NULL, 'c'},
		{"email", required_argument, NULL, 'e'},
		{"date", required_argument, NULL, 'd'},       {"note", required_argument, NULL, O_NOTE},
		{"note-file", required_argument, NULL, O_NOTE_FILE},
		{"signature", required_argument, NULL, O_SIGNATURE},
		{"paper", required_argument, NULL, O_PAPER},  {"format", required_argument, NULL, O_FORMAT},
		{"ragged", no_argument, NULL, O_RAGGED},      {"no-hyphenation", no_argument, NULL, O_NOHYPH},
		{"stats", no_argument, NULL, O_STATS},        {"output", required_argument, NULL, 'o'},
		{"quiet", no_argument, NULL, 'q'},            {"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":l:L:n:c:e:d:o:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'l': a->letter = optarg; break;
		case 'L': a->lang = optarg; break;
		case 'n': a->name = optarg; break;
		case 'c': a->city = optarg; break;
		case 'e': a->email = optarg; break;
		case 'd': a->date = optarg; break;
		case 'o': a->output = optarg; break;
		case 'q': a->quiet = true; break;
		case O_NOTE: a->note = optarg; break;
		case O_NOTE_FILE: a->note_file = optarg; break;
		case O_SIGNATURE: a->signature = optarg; break;
		case O_PAPER:
			if (cli_paper(optarg, &a->paper))
				return EXIT_USAGE;
			break;
		case O_FORMAT: a->format = optarg; break;
		case O_RAGGED: a->ragged = true; break;
		case O_NOHYPH: a->no_hyph = true; break;
		case O_STATS: a->stats = true; break;
		case 'h': fputs(_(write_usage), stdout); return -1;
		case ':':
			cli_fail(_("option '%s' needs a value"), argv[optind - 1]);
			cli_hint(_("see 'appeal write --help'"));
			return EXIT_USAGE;
		default:
			cli_fail(_("unknown option '%s'"), argv[optind - 1]);
			cli_hint(_("see 'appeal write --help'"));
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		cli_fail(_("unexpected argument '%s'"), argv[optind]);
		cli_hint(_("quote a name with spaces: --name \"Ana Pérez\""));
		return EXIT_USAGE;
	}
	if (a->note && a->note_file) {
		cli_fail(_("--note and --note-file cannot be used together"));
		return EXIT_USAGE;
	}
	if (a->format && cli_format_check(a->format))
		return EXIT_USAGE;
	if (!a->name) {
		cli_fail(_("the signer's name is missing"));
		cli_hint(_("add --name \"Your Name\""));
		return EXIT_USAGE;
	}
	return 0;
}

/* The language from --lang, else from the locale when the letter has it. */
static const char *pick_lang(const char *given, const struct appeal_letter *letter)
{
	const char *lang;

	if (cli_lang(given, letter, &lang))
		return NULL;
	if (!lang) {
		cli_fail(_("which language? the letter '%s' is in %s%s%s"), appeal_letter_id(letter),
		         appeal_letter_language(letter, 0), appeal_letter_language_count(letter) > 1 ? _(" and ") : "",
		         appeal_letter_language_count(letter) > 1 ? appeal_letter_language(letter, 1) : "");
		cli_hint(_("add --lang %s"), appeal_letter_language(letter, 0));
	}
	return lang;
}

static void warn_deadline(const struct appeal_letter *letter, const struct appeal_date *when)
{
	struct appeal_date deadline = appeal_letter_deadline(letter);
	char text[64];

	if (appeal_date_compare(when, &deadline) <= 0)
		return;
	appeal_date_format(text, sizeof(text), &deadline, "en");
	cli_warn(_("the action's deadline was %s; the letter is written all the same"), text);
	cli_hint(_("check with the %s office in your country before sending it"), appeal_letter_issuer(letter));
}

/* Lays out and writes the letter; *file (claimed before, or NULL for
 * standard output) is committed or left to the caller to abort. */
static int write_letter(const struct appeal_document *doc, const struct write_args *a, enum appeal_format format,
                        const char *out, struct appeal_file **file)
{
	struct appeal_error err = {0};
	struct appeal_output_options oo = APPEAL_OUTPUT_OPTIONS_INIT;
	struct appeal_stats stats;
	struct appeal_output *output = NULL;
	int rc = EXIT_FAIL;

	oo.format = format;
	oo.font_dir = cli_font_dir();
	oo.paper = a->paper;
	oo.ragged = a->ragged;
	oo.no_hyphenation = a->no_hyph;
	unsigned char *data = NULL;
	size_t size = 0;
	if (!(output = appeal_output_new(&oo, &err)) || appeal_output_add(output, doc, &stats, &err) ||
	    appeal_output_finish_mem(output, &data, &size, &err)) {
		cli_report(&err);
		goto out;
	}
	struct appeal_file *f = *file;
	*file = NULL; /* the commit ends it, whatever happens */
	int wrc = f ? appeal_file_commit(f, data, size, &err) : appeal_write_file(out, data, size, &err);
	free(data);
	if (wrc) {
		cli_report(&err);
		goto out;
	}
	rc = EXIT_OK;
	if (format != APPEAL_FORMAT_PDF)
		goto out;
	if (a->stats)
		fprintf(stderr,
		        _("appeal: stats: pages %d, body lines %d, hyphenated %d, word space stretch median %.2f "
		          "worst %.2f%s\n"),
		        stats.pages, stats.lines, stats.hyphenated, stats.median_stretch, stats.worst_stretch,
		        stats.tightened ? _(", set tighter to save a page") : "");
	if (!a->quiet && strcmp(out, "-") != 0 && isatty(STDERR_FILENO))
		fprintf(stderr, P_("appeal: wrote %s (%d page)\n", "appeal: wrote %s (%d pages)\n", (unsigned long)stats.pages), out,
		        stats.pages);
out:
	appeal_output_free(output);
	return rc;
}

int cmd_write(int argc, char **argv)
{
	struct write_args a = {0};
	struct appeal_letter *own_letter = NULL;
	struct appeal_catalog *own_cat = NULL;
	struct appeal_document *doc = NULL;
	struct appeal_signer signer = APPEAL_SIGNER_INIT;
	struct appeal_error err = {0};
	struct appeal_file *file = NULL;
	char *note = NULL, default_out[128];
	int rc = parse(argc, argv, &a);

	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	rc = EXIT_FAIL;
	const struct appeal_letter *letter = cli_pick_letter(a.letter, &own_letter, &own_cat);
	if (!letter)
		goto out;
	const char *lang = pick_lang(a.lang, letter);
	if (!lang)
		goto out;
	enum appeal_format format = !a.format || strcmp(a.format, "pdf") == 0 ? APPEAL_FORMAT_PDF
	                            : strcmp(a.format, "text") == 0          ? APPEAL_FORMAT_TEXT
	                                                                     : APPEAL_FORMAT_EML;
	const char *out = a.output;
	size_t olen = out ? strlen(out) : 0;
	if (format == APPEAL_FORMAT_EML && olen > 5 && strcmp(out + olen - 5, ".mbox") == 0)
		format = APPEAL_FORMAT_MBOX; /* a mailbox holding the one message */
	if (!out) {
		snprintf(default_out, sizeof(default_out), "appeal-%s-%s.%s", appeal_letter_id(letter), lang,
		         appeal_format_extension(format));
		out = default_out;
	}
	/* The output is claimed before any work: no input under it, its folder
	 * there and writable, no other run writing it. */
	const struct cli_file outs[] = {{"-o", out}};
	const struct cli_file ins[] = {{_("the letter file"), appeal_letter_source(letter)},
	                               {_("the note file"), a.note_file},
	                               {_("the signature"), a.signature}};
	if (cli_refuse_clash(outs, 1, ins, 3))
		goto out;
	if (strcmp(out, "-") != 0 && !(file = appeal_file_open(out, &err))) {
		cli_report(&err);
		goto out;
	}
	if (a.date && appeal_date_parse(&signer.date, a.date, &err)) {
		cli_report(&err);
		rc = EXIT_USAGE;
		goto out;
	}
	if (!a.date && appeal_date_today(&signer.date, &err)) {
		cli_report(&err);
		goto out;
	}
	if (a.note_file && !(note = cli_read_text(a.note_file, 64 * 1024)))
		goto out;
	signer.name = a.name;
	signer.city = a.city;
	signer.email = a.email;
	signer.note = note ? note : a.note;
	signer.signature_png = a.signature;
	if (!(doc = appeal_document_fill(letter, lang, &signer, &err))) {
		cli_report(&err);
		goto out;
	}
	warn_deadline(letter, &signer.date);
	rc = write_letter(doc, &a, format, out, &file);
out:
	appeal_file_abort(file);
	appeal_document_free(doc);
	appeal_letter_free(own_letter);
	appeal_catalog_free(own_cat);
	free(note);
	return rc;
}
