/* appeal: personalised Urgent Action letters from the command line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "serve.h"

static const char usage[] = N_(
	"usage: appeal write [--letter ID|PATH] --lang en|es --name NAME [options] [-o OUT]\n"
	"       appeal batch FILE [--letter ID|PATH] -o OUT.pdf|-o DIR/ [options]\n"
	"       appeal inspect [--json] FILE\n"
	"       appeal list\n"
	"       appeal check FILE.json...\n"
	"       appeal send SOURCE --smtp URL [--user NAME] [options]\n"
	"       appeal serve [--port 8080] [--bind 127.0.0.1] [--stand FILE] [options]\n"
	"       appeal --help | --version\n"
	"\n"
	"Commands\n"
	"  write   make one signed letter as a PDF (or plain text for an e-mail body)\n"
	"  batch   a letter for every signer in a spreadsheet (CSV, TSV, JSON), combined or one per file\n"
	"  inspect show how a signer spreadsheet will be read, and its problem rows\n"
	"  list    show the letters (campaigns) available\n"
	"  check   validate letter files; errors as file:line:column\n"
	"  send    e-mail the letters (.eml files or an mbox) through an SMTP server, each once\n"
	"  serve   a web form where people sign: a PDF each, or a list for a stand\n"
	"\n"
	"'appeal write --help' lists the options of write.\n"
	"Letters and fonts come from $APPEAL_DATA_DIR when set.\n");

static int cmd_list(int argc, char **argv)
{
	struct appeal_error err = {0};

	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		fputs(_("usage: appeal list\nShows id, languages, deadline and title of every letter; * marks the "
		        "default.\n"),
		      stdout);
		return EXIT_OK;
	}
	if (argc > 1) {
		cli_fail(_("list takes no arguments"));
		return EXIT_USAGE;
	}
	char *dir = strdup(cli_letter_dir());
	struct appeal_catalog *cat = dir ? appeal_catalog_open(dir, &err) : NULL;
	if (!cat) {
		if (dir)
			cli_report(&err);
		free(dir);
		return EXIT_FAIL;
	}
	const struct appeal_letter *def = appeal_catalog_default(cat);
	printf("%-2s%-24s %-9s %-10s %s\n", "", _("ID"), _("LANGUAGES"), _("DEADLINE"), _("TITLE"));
	for (size_t i = 0; i < appeal_catalog_count(cat); i++) {
		const struct appeal_letter *l = appeal_catalog_letter(cat, i);
		char langs[64] = "";
		for (size_t k = 0; k < appeal_letter_language_count(l); k++) {
			if (k)
				strncat(langs, ",", sizeof(langs) - strlen(langs) - 1);
			strncat(langs, appeal_letter_language(l, k), sizeof(langs) - strlen(langs) - 1);
		}
		struct appeal_date d = appeal_letter_deadline(l);
		printf("%-2s%-24s %-9s %04d-%02d-%02d %s\n", l == def ? "*" : "", appeal_letter_id(l), langs, d.year,
		       d.month, d.day, appeal_letter_title(l));
	}
	if (appeal_catalog_count(cat) == 0)
		cli_warn(_("no letters in %s"), dir);
	appeal_catalog_free(cat);
	free(dir);
	return EXIT_OK;
}

static int cmd_check(int argc, char **argv)
{
	int status = EXIT_OK;

	if (argc < 2) {
		cli_fail(_("check needs a letter file"));
		cli_hint(_("appeal check letters/venezuela-2025.json"));
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(_("usage: appeal check FILE.json...\nValidates letter files, and that each address shows through "
		        "the window of a window envelope on A4 and US Letter; prints FILE: ok, or each error as "
		        "file:line:column: message.\n"),
		      stdout);
		return EXIT_OK;
	}
	for (int i = 1; i < argc; i++) {
		struct appeal_error err = {0};
		struct appeal_letter *l = appeal_letter_load(argv[i], &err);
		if (!l) {
			cli_report(&err);
			status = EXIT_FAIL;
			continue;
		}
		/* The address must show through the envelope's window on every
		 * paper: a campaign that fails here fails every letter. */
		if (appeal_letter_check_window(l, cli_font_dir(), &err)) {
			cli_report(&err);
			status = EXIT_FAIL;
			appeal_letter_free(l);
			continue;
		}
		size_t n = appeal_letter_language_count(l);
		printf(P_("%s: ok (%s, %zu language)\n", "%s: ok (%s, %zu languages)\n", n), argv[i],
		       appeal_letter_id(l), n);
		appeal_letter_free(l);
	}
	return status;
}

int main(int argc, char **argv)
{
	int status;

	if (argc < 2) {
		fputs(_(usage), stderr);
		return EXIT_USAGE;
	}
	const char *cmd = argv[1];
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
		fputs(_(usage), stdout);
		return EXIT_OK;
	}
	if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
		printf("appeal %s\n", appeal_version());
		return EXIT_OK;
	}
	if (strcmp(cmd, "write") == 0)
		status = cli_write(argc - 1, argv + 1);
	else if (strcmp(cmd, "batch") == 0)
		status = cli_batch(argc - 1, argv + 1);
	else if (strcmp(cmd, "send") == 0)
		status = cli_send(argc - 1, argv + 1);
	else if (strcmp(cmd, "inspect") == 0)
		status = cli_inspect(argc - 1, argv + 1);
	else if (strcmp(cmd, "list") == 0)
		status = cmd_list(argc - 1, argv + 1);
	else if (strcmp(cmd, "check") == 0)
		status = cmd_check(argc - 1, argv + 1);
	else if (strcmp(cmd, "serve") == 0)
		status = cli_serve(argc - 1, argv + 1);
	else {
		cli_fail(_("'%s' is not a command"), cmd);
		cli_hint(_("the commands are write, batch, inspect, list, check, send and serve; see 'appeal --help'"));
		return EXIT_USAGE;
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_fail(_("cannot write to standard output"));
		return EXIT_FAIL;
	}
	return status;
}
