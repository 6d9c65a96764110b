/* Shared pieces of the appeal command. The command uses only appeal.h. */
#ifndef APPEAL_CLI_H
#define APPEAL_CLI_H

#include <libintl.h>
#include <stdbool.h>

#include "appeal.h"

/* Messages in the user's language, from the "appeal" catalogue that main
 * binds (see src/util/i18n.h for the library's side). */
#define _(msgid) dgettext("appeal", msgid)
#define N_(msgid) msgid
#define P_(singular, plural, n) dngettext("appeal", singular, plural, n)

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

/* Prints "appeal: message" and, when there is one, "appeal: hint: ..." to
 * standard error, with control characters from the input scrubbed. */
void cli_report(const struct appeal_error *err);
void cli_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_hint(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Where the fonts and the letters are: $APPEAL_DATA_DIR/fonts and /letters
 * when it is set; else, for the command in its build directory, the places
 * named in the appeal-uninstalled file meson writes next to it (the cut
 * fonts in the build tree, the letters in the source tree); else the
 * installed data directory. No build or source path is compiled in. Static
 * storage. */
const char *cli_font_dir(void);
const char *cli_letter_dir(void);
/* Where the message catalogues are: <dir>/es/LC_MESSAGES/appeal.mo. In the
 * build directory, the po/ that meson builds (from appeal-uninstalled); else
 * the installed locale directory. Static storage. */
const char *cli_locale_dir(void);

/* Joins dir and name into a new string; the caller frees it. */
char *cli_path(const char *dir, const char *name);

/* The letter named by spec: a path to a .json file, an id in the catalogue,
 * or, when spec is NULL, the catalogue's default. The caller frees
 * *owned_letter and *owned_catalog (one of them holds the result). */
const struct appeal_letter *cli_pick_letter(const char *spec, struct appeal_letter **owned_letter,
                                            struct appeal_catalog **owned_catalog);

/* The language to write in: `given` when the letter has it (else an error
 * is reported and -1 returned), or the locale's ($LC_ALL, $LC_MESSAGES,
 * $LANG) when the letter has that, or NULL in *lang. Static storage. */
int cli_lang(const char *given, const struct appeal_letter *letter, const char **lang);

/* The language of table rows that give none, as batch and inspect decide
 * it: cli_lang(), else the campaign's only language; NULL in *lang when
 * that leaves it open (those rows are then row errors). -1 after
 * reporting a `given` the letter does not have. */
int cli_table_lang(const char *given, const struct appeal_letter *letter, const char **lang);

/* Parses --paper (a4, letter); reports a bad name and returns -1. */
int cli_paper(const char *name, enum appeal_paper *paper);
/* Whether --format names a format (pdf, text, eml); 0, or -1 after saying
 * it does not. */
int cli_format_check(const char *name);

/* Reads a whole small file (or standard input for "-") as a string; NULL
 * after reporting the error. The caller frees the result. */
char *cli_read_text(const char *path, size_t max);

/* Reads a signer table with the command-line options (--encoding,
 * --delimiter, --map, and the default language) for printing: a row
 * without a language and no default is a problem; NULL
 * after reporting why, with *status EXIT_USAGE for a bad option, else
 * EXIT_FAIL. The caller frees the result with appeal_signers_free(). */
struct appeal_signers *cli_read_signers(const char *path, const char *encoding, const char *delimiter,
                                        const char *sheet, const char *const *map, const char *default_lang,
                                        int *status);

/* A file a command reads or writes, for cli_refuse_clash(): `what` names
 * it for the user ("-o", "the signer table"). */
struct cli_file {
	const char *what;
	const char *path;
};

/* No output may be an input: each output that exists is compared with
 * each input as the same file (device and inode, symbolic links followed),
 * and the first clash is reported with what to do; returns -1 then, else 0.
 * NULL paths and "-" are left out; at most 8 inputs. Called before any work, so a refused
 * run has changed nothing. */
int cli_refuse_clash(const struct cli_file *outputs, size_t nout, const struct cli_file *inputs, size_t nin);

/* The commands, one cmd_<name>.c each, listed in main.c's table. argv[0]
 * is the command's name; the result is the exit status. */
int cmd_write(int argc, char **argv);
int cmd_batch(int argc, char **argv);
int cmd_inspect(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_send(int argc, char **argv);
int cmd_serve(int argc, char **argv);

#endif
