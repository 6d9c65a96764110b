/* Batch file names: a template filled with slugs of the row's fields for
 * one file per signer, made unique over the whole table in row order; and
 * the suffixes of chunked and sharded print files. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/error.h"
#include "util/i18n.h"
#include "batch/batch.h"
#include "batch/filename.h"
#include "lang/translit.h"


static const char *const template_fields[] = {"name", "city", "lang", "row", "n", "letter", "date", NULL};

/* Checks a name template: known fields in braces, no path separator. */
int batch_template_check(const char *t, struct appeal_error *err)
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

/* Whether s (len bytes) ends in "." + ext, in any case. */
static bool ends_with_ext(const char *s, size_t len, const char *ext)
{
	size_t n = strlen(ext);
	return len >= n + 1 && s[len - n - 1] == '.' && strcasecmp(s + len - n, ext) == 0;
}

int batch_digits(size_t n)
{
	int d = 1;
	while (n >= 10) {
		n /= 10;
		d++;
	}
	return d;
}

/* The file name stem of row i: the template filled with the values made
 * safe (batch/filename.h), trimmed of separators and dots at either end,
 * capped; "row-N" when nothing is left. Returns 1 when it is "row-N"
 * (*unknown is then a letter that has no ASCII spelling, or 0), 0 for a
 * name from the values, -1 when out of memory. */
static int template_render(char *out, size_t size, const struct appeal_batch *b, size_t i, int width,
                            uint32_t *unknown)
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
			const char *value = k == 4 && strncmp(p + 1, "name", 4) == 0   ? r->name
			                    : k == 4 && strncmp(p + 1, "city", 4) == 0   ? r->city
			                    : k == 4 && strncmp(p + 1, "lang", 4) == 0   ? r->lang
			                    : k == 6 && strncmp(p + 1, "letter", 6) == 0 ? appeal_letter_id(b->letter)
			                                                                  : NULL;
			tmp[len] = '\0';
			if (value) {
				if (!filename_part(tmp, sizeof(tmp), value, unknown))
					return -1;
			} else {
				struct appeal_date d = r->when.year ? r->when : b->o.date;
				if (k == 3)
					snprintf(num, sizeof(num), "%ld", r->row);
				else if (k == 1) {
					int nd = batch_digits(i + 1);
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
	if (ends_with_ext(tmp, len, b->ext))
		tmp[len -= strlen(b->ext) + 1] = '\0';
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
	return len == 0 ? 1 : 0;
}

/* Why a file is named by its row, for the manifest; owned by b->notes.
 * NULL when out of memory. */
static const char *by_row_note(struct appeal_batch *b, uint32_t unknown)
{
	char note[160];

	if (unknown)
		snprintf(note, sizeof(note), "file named by its row: %s letters have no ASCII spelling",
		         translit_script_name(unknown));
	else
		snprintf(note, sizeof(note), "file named by its row: no letter or digit to name it by");
	return pool_strndup(&b->notes, note, strlen(note));
}

char *batch_path_join(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);
	if (p)
		snprintf(p, n, "%s%s%s", dir, dir[0] && dir[strlen(dir) - 1] == '/' ? "" : "/", name);
	return p;
}

int batch_names_assign(struct appeal_batch *b, size_t total, char **all)
{
	struct filename_set set = FILENAME_SET_INIT;
	int width = batch_digits(total) < 4 ? 4 : batch_digits(total);
	int rc = APPEAL_ENOMEM;
	char ext[16];

	snprintf(ext, sizeof(ext), ".%s", b->ext);
	for (size_t i = 0; i < total; i++) {
		char stem[NAME_CAP + 1];
		uint32_t unknown = 0;
		if (batch_row_known_bad(b->signers, i, b->o.output.format))
			continue;
		int by_row = template_render(stem, sizeof(stem), b, i, width, &unknown);
		const char *name = by_row < 0 ? NULL : filename_take(&set, stem, ext);
		if (!name || !(all[i] = strdup(name)))
			goto out;
		struct appeal_batch_record *r = i >= b->lo && i < b->lo + b->n ? &b->rec[i - b->lo] : NULL;
		if (by_row == 1 && r && !r->note[0] && !(r->note = by_row_note(b, unknown)))
			goto out;
	}
	rc = 0;
out:
	filename_set_free(&set);
	return rc;
}

/* OUT.pdf, or OUT-0001.pdf ... for chunks, or OUT-2-of-4.pdf for a shard of
 * one combined file. */
char *batch_chunk_path(const char *out, const char *suffix, const char *ext)
{
	size_t len = strlen(out), stem = ends_with_ext(out, len, ext) ? len - strlen(ext) - 1 : len;
	size_t n = len + strlen(suffix) + 1;
	char *p = malloc(n);
	if (p)
		snprintf(p, n, "%.*s%s%s", (int)stem, out, suffix, out + stem);
	return p;
}

