/* Helpers shared by the commands: messages, data directories, options that
 * several commands take. */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "config.h"

/* One message, one write: stderr is unbuffered, and a line written a byte
 * at a time costs a system call per character and can interleave with
 * another process's message. Control characters become '?'. */
__attribute__((format(printf, 2, 0))) static void vmessage(const char *kind, const char *fmt, va_list ap)
{
	char buf[2048], line[2048 + 64];
	vsnprintf(buf, sizeof(buf), fmt, ap);
	int n = snprintf(line, sizeof(line), "appeal: %s", kind);
	size_t k = n < 0 ? 0 : (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1;
	for (const char *s = buf; *s && k + 2 < sizeof(line); s++)
		line[k++] = (unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s;
	line[k++] = '\n';
	fwrite(line, 1, k, stderr);
}

void cli_fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmessage("", fmt, ap);
	va_end(ap);
}

void cli_hint(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmessage(_("hint: "), fmt, ap);
	va_end(ap);
}

void cli_warn(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmessage(_("warning: "), fmt, ap);
	va_end(ap);
}

void cli_report(const struct appeal_error *err)
{
	char buf[1200];
	cli_fail("%s", appeal_error_format(err, buf, sizeof(buf)));
	if (err->hint[0])
		cli_hint("%s", err->hint);
}

char *cli_path(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);
	if (p)
		snprintf(p, n, "%s/%s", dir, name);
	return p;
}

struct data_dirs {
	char fonts[PATH_MAX], letters[PATH_MAX], locale[PATH_MAX];
};

/* dir + suffix into out; false (and out empty) when it does not fit, so a
 * path too long is reported as missing rather than cut into another one. */
static bool join(char *out, size_t size, const char *dir, const char *suffix)
{
	int n = snprintf(out, size, "%s%s", dir, suffix);
	if (n < 0 || (size_t)n >= size) {
		out[0] = '\0';
		return false;
	}
	return true;
}

/* Reads appeal-uninstalled next to this executable, which meson writes in the
 * build directory only; false when there is none (an installed command). */
static bool read_uninstalled(struct data_dirs *d)
{
	char path[PATH_MAX], line[PATH_MAX + 16];
	ssize_t n = readlink("/proc/self/exe", path, sizeof(path) - sizeof("appeal-uninstalled"));
	FILE *f;

	if (n <= 0)
		return false;
	path[n] = '\0';
	char *slash = strrchr(path, '/');
	if (!slash)
		return false;
	strcpy(slash + 1, "appeal-uninstalled");
	if (!(f = fopen(path, "r")))
		return false;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (strncmp(line, "fonts=", 6) == 0)
			join(d->fonts, sizeof(d->fonts), line + 6, "");
		else if (strncmp(line, "letters=", 8) == 0)
			join(d->letters, sizeof(d->letters), line + 8, "");
		else if (strncmp(line, "locale=", 7) == 0)
			join(d->locale, sizeof(d->locale), line + 7, "");
	}
	fclose(f);
	return d->fonts[0] && d->letters[0];
}

static const struct data_dirs *data_dirs(void)
{
	static struct data_dirs d;
	static bool done;
	const char *env = getenv("APPEAL_DATA_DIR");

	if (done)
		return &d;
	done = true;
	if (env && *env) {
		join(d.fonts, sizeof(d.fonts), env, "/fonts");
		join(d.letters, sizeof(d.letters), env, "/letters");
	} else if (!read_uninstalled(&d)) {
		d.locale[0] = '\0';
		join(d.fonts, sizeof(d.fonts), APPEAL_DATADIR, "/fonts");
		join(d.letters, sizeof(d.letters), APPEAL_DATADIR, "/letters");
	}
	/* Messages: the catalogues built next to an uninstalled command, else
	 * the installed ones (APPEAL_DATA_DIR holds no messages). */
	if (!d.locale[0])
		join(d.locale, sizeof(d.locale), APPEAL_LOCALEDIR, "");
	return &d;
}

const char *cli_locale_dir(void)
{
	return data_dirs()->locale;
}

const char *cli_font_dir(void)
{
	return data_dirs()->fonts;
}

const char *cli_letter_dir(void)
{
	return data_dirs()->letters;
}

static bool looks_like_path(const char *spec)
{
	size_t n = strlen(spec);
	return strchr(spec, '/') || (n > 5 && strcmp(spec + n - 5, ".json") == 0);
}

const struct appeal_letter *cli_pick_letter(const char *spec, struct appeal_letter **owned_letter,
                                            struct appeal_catalog **owned_catalog)
{
	struct appeal_error err = {0};
	const struct appeal_letter *letter;

	*owned_letter = NULL;
	*owned_catalog = NULL;
	if (spec && looks_like_path(spec)) {
		*owned_letter = appeal_letter_load(spec, &err);
		if (!*owned_letter)
			cli_report(&err);
		return *owned_letter;
	}
	const char *dir = cli_letter_dir();
	*owned_catalog = appeal_catalog_open(dir, &err);
	if (!*owned_catalog) {
		cli_report(&err);
		return NULL;
	}
	if (spec) {
		letter = appeal_catalog_find(*owned_catalog, spec);
		if (!letter) {
			cli_fail(_("no letter with the id '%s' in %s"), spec, dir);
			cli_hint(_("'appeal list' shows the letters; a path to a .json file works too"));
		}
	} else {
		letter = appeal_catalog_default(*owned_catalog);
		if (!letter) {
			cli_fail(appeal_catalog_count(*owned_catalog) ? _("several letters are installed and none is the default")
			                                              : _("no letter is installed in %s"), dir);
			cli_hint(_("choose one with --letter ID; 'appeal list' shows them"));
		}
	}
	return letter;
}

char *cli_read_text(const char *path, size_t max)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	char *buf;
	size_t len = 0;

	if (!f) {
		cli_fail(_("cannot read %s: %s"), path, strerror(errno));
		return NULL;
	}
	buf = malloc(max + 2);
	if (!buf) {
		cli_fail(_("out of memory"));
		goto out;
	}
	len = fread(buf, 1, max + 1, f);
	if (ferror(f)) {
		cli_fail(_("cannot read %s: %s"), path, strerror(errno));
		free(buf);
		buf = NULL;
	} else if (len > max) {
		cli_fail(_("%s is larger than %zu bytes"), path, max);
		cli_hint(_("a note is a paragraph or two in your own words"));
		free(buf);
		buf = NULL;
	} else {
		buf[len] = '\0';
		if (memchr(buf, '\0', len)) {
			cli_fail(_("%s holds a NUL byte; it is not a text file"), path);
			free(buf);
			buf = NULL;
		}
	}
out:
	if (f != stdin)
		fclose(f);
	return buf;
}

int cli_lang(const char *given, const struct appeal_letter *letter, const char **lang)
{
	const char *vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};

	*lang = NULL;
	if (given) {
		/* "es", "Español", "es-ES": the library's table knows them all. */
		const char *code = appeal_language_code(given);
		if (!code || !appeal_letter_has_language(letter, code)) {
			cli_fail(_("the letter '%s' has no text in '%s'"), appeal_letter_id(letter), given);
			cli_hint(_("choose --lang %s%s%s"), appeal_letter_language(letter, 0),
			         appeal_letter_language_count(letter) > 1 ? _(" or ") : "",
			         appeal_letter_language_count(letter) > 1 ? appeal_letter_language(letter, 1) : "");
			return -1;
		}
		*lang = code;
		return 0;
	}
	/* The first locale variable that is set decides, as for gettext
	 * ("de_DE.UTF-8" is German; "C" and "POSIX" are no language). */
	for (int i = 0; i < 3; i++) {
		const char *v = getenv(vars[i]);
		if (v && strlen(v) >= 2) {
			const char *code = appeal_language_code(v);
			if (code && appeal_letter_has_language(letter, code))
				*lang = code;
			break;
		}
	}
	return 0;
}

int cli_table_lang(const char *given, const struct appeal_letter *letter, const char **lang)
{
	if (cli_lang(given, letter, lang))
		return -1;
	if (!*lang && appeal_letter_language_count(letter) == 1)
		*lang = appeal_letter_language(letter, 0);
	return 0;
}

int cli_paper(const char *name, enum appeal_paper *paper)
{
	if (strcmp(name, "a4") == 0)
		*paper = APPEAL_PAPER_A4;
	else if (strcmp(name, "letter") == 0)
		*paper = APPEAL_PAPER_LETTER;
	else {
		cli_fail(_("unknown paper '%s'"), name);
		cli_hint(_("use --paper a4 or --paper letter"));
		return -1;
	}
	return 0;
}

int cli_format_check(const char *name)
{
	if (strcmp(name, "pdf") == 0 || strcmp(name, "text") == 0 || strcmp(name, "eml") == 0)
		return 0;
	cli_fail(_("unknown format '%s'"), name);
	cli_hint(_("use --format pdf, --format text or --format eml"));
	return -1;
}

/* Parses the delimiter option: the character itself or a name for tab. */
static int parse_delimiter(const char *text, char *out)
{
	if (!text) {
		*out = 0;
		return 0;
	}
	if (strcmp(text, ",") == 0 || strcmp(text, ";") == 0 || strcmp(text, "\t") == 0) {
		*out = text[0];
		return 0;
	}
	if (strcasecmp(text, "tab") == 0 || strcmp(text, "\\t") == 0) {
		*out = '\t';
		return 0;
	}
	if (strcmp(text, "comma") == 0 || strcmp(text, "semicolon") == 0) {
		*out = text[0] == 'c' ? ',' : ';';
		return 0;
	}
	cli_fail(_("unknown delimiter '%s'"), text);
	cli_hint(_("use --delimiter , or --delimiter ';' or --delimiter tab"));
	return -1;
}

struct appeal_signers *cli_read_signers(const char *path, const char *encoding, const char *delimiter,
                                        const char *sheet, const char *const *map, const char *default_lang,
                                        int *status)
{
	struct appeal_signers_options so = APPEAL_SIGNERS_OPTIONS_INIT;
	struct appeal_error err = {0};
	struct appeal_signers *s;

	*status = EXIT_USAGE;
	if (parse_delimiter(delimiter, &so.delimiter))
		return NULL;
	*status = EXIT_FAIL;
	so.encoding = encoding;
	so.map = map;
	so.default_lang = default_lang;
	so.require_lang = true;
	so.sheet = sheet;
	if (!(s = appeal_signers_read(path, &so, &err)))
		cli_report(&err);
	return s;
}

int cli_refuse_clash(const struct cli_file *outputs, size_t nout, const struct cli_file *inputs, size_t nin)
{
	struct stat in[8];
	bool there[8] = {false};

	/* The inputs are few; the outputs may be a folder's 20,000 files. */
	for (size_t i = 0; i < nin && i < 8; i++)
		there[i] = inputs[i].path && strcmp(inputs[i].path, "-") != 0 && stat(inputs[i].path, &in[i]) == 0;
	for (size_t o = 0; o < nout; o++) {
		struct stat so;
		if (!outputs[o].path || strcmp(outputs[o].path, "-") == 0 || stat(outputs[o].path, &so) != 0)
			continue; /* nothing there yet: it cannot be an input */
		for (size_t i = 0; i < nin && i < 8; i++) {
			if (!there[i] || so.st_dev != in[i].st_dev || so.st_ino != in[i].st_ino)
				continue;
			/* TRANSLATORS: "-o sheet.csv is the signer table (sheet.csv): writing ..." */
			cli_fail(_("%s %s is %s (%s): writing it would destroy it"), outputs[o].what, outputs[o].path,
			         inputs[i].what, inputs[i].path);
			cli_hint(_("nothing was written; give %s another file name"), outputs[o].what);
			return -1;
		}
	}
	return 0;
}
