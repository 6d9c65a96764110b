/* appeal list: the letters (campaigns) installed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int cmd_list(int argc, char **argv)
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
