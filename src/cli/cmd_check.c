/* appeal check: validates letter files. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

int cmd_check(int argc, char **argv)
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
