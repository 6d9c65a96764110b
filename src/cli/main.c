/* appeal: personalised Urgent Action letters from the command line. Each
 * command is one cmd_<name>.c and one row of `commands`, which drives both
 * the dispatch and the usage text. */
#include <locale.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

struct cli_command {
	const char *name;
	int (*fn)(int argc, char **argv); /* argv[0] is the command's name */
	const char *synopsis;             /* the usage line after "appeal " */
	const char *summary;              /* one line for the command list */
};

static const struct cli_command commands[] = {
	{"write", cmd_write, "write [--letter ID|PATH] --lang LANG --name NAME [options] [-o OUT]",
	 N_("make one signed letter as a PDF (or plain text for an e-mail body)")},
	{"batch", cmd_batch, "batch FILE [--letter ID|PATH] -o OUT.pdf|-o DIR/ [options]",
	 N_("a letter for every signer in a spreadsheet (CSV, TSV, JSON), combined or one per file")},
	{"inspect", cmd_inspect, "inspect [--json] FILE",
	 N_("show how a signer spreadsheet will be read, and its problem rows")},
	{"list", cmd_list, "list", N_("show the letters (campaigns) available")},
	{"check", cmd_check, "check FILE.json...", N_("validate letter files; errors as file:line:column")},
	{"send", cmd_send, "send SOURCE --smtp URL [--user NAME] [options]",
	 N_("e-mail the letters (.eml files or an mbox) through an SMTP server, each once")},
	{"serve", cmd_serve, "serve [--port 8080] [--bind 127.0.0.1] [--stand FILE] [options]",
	 N_("a web form where people sign: a PDF each, or a list for a stand")},
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static void usage(FILE *f)
{
	const char *word = _("usage:");
	int indent = (int)strlen(word);
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(f, "%*s appeal %s\n", indent, i ? "" : word, commands[i].synopsis);
	fprintf(f, "%*s appeal --help | --version\n\n", indent, "");
	fputs(_("Commands\n"), f);
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-7s %s\n", commands[i].name, _(commands[i].summary));
	fputs(_("\n'appeal write --help' lists the options of write.\n"
	        "Letters and fonts come from $APPEAL_DATA_DIR when set.\n"),
	      f);
}

/* "write, batch, inspect, list and check", from the table. */
static void unknown_command(const char *name)
{
	char list[256] = "";

	for (size_t i = 0; i < NCOMMANDS; i++) {
		const char *sep = i == 0 ? "" : i + 1 < NCOMMANDS ? ", " : _(" and ");
		size_t used = strlen(list);
		snprintf(list + used, sizeof(list) - used, "%s%s", sep, commands[i].name);
	}
	cli_fail(_("'%s' is not a command"), name);
	cli_hint(_("the commands are %s; see 'appeal --help'"), list);
}

int main(int argc, char **argv)
{
	const struct cli_command *cmd = NULL;
	int status;

	/* libharu frees a whole document at once after each file; glibc then
	 * gives the top of the heap back to the system and the next file
	 * faults the same pages in again. Keeping up to 64 MiB free for reuse
	 * cut the system time of one PDF per signer from 1.6 ms to 0.1 ms a
	 * file (docs/performance.md). */
	mallopt(M_TRIM_THRESHOLD, 64 << 20);

	/* Messages in the user's language, chosen by LANGUAGE, LC_ALL,
	 * LC_MESSAGES and LANG as for every GNU tool; the character set from
	 * LC_CTYPE. The other categories stay "C": numbers in files keep their
	 * decimal point. */
	setlocale(LC_CTYPE, "");
	setlocale(LC_MESSAGES, "");
	bindtextdomain("appeal", cli_locale_dir());
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	const char *name = argv[1];
	if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 || strcmp(name, "help") == 0) {
		usage(stdout);
		return EXIT_OK;
	}
	if (strcmp(name, "--version") == 0 || strcmp(name, "version") == 0) {
		printf("appeal %s\n", appeal_version());
		return EXIT_OK;
	}
	for (size_t i = 0; i < NCOMMANDS && !cmd; i++)
		if (strcmp(name, commands[i].name) == 0)
			cmd = &commands[i];
	if (!cmd) {
		unknown_command(name);
		return EXIT_USAGE;
	}
	status = cmd->fn(argc - 1, argv + 1);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_fail(_("cannot write to standard output"));
		return EXIT_FAIL;
	}
	return status;
}
