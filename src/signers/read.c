/* Reading a signer table: the file, its size, its format, then the steps
 * of model.h in order: decode, parse, map the columns, check the rows. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lang/lang.h"
#include "signers/model.h"
#include "util/error.h"
#include "util/i18n.h"
#include "util/utf8.h"

static bool has_ext(const char *path, const char *ext)
{
	size_t n = path ? strlen(path) : 0, e = strlen(ext);
	if (n < e)
		return false;
	for (size_t i = 0; i < e; i++)
		if ((path[n - e + i] | 0x20) != ext[i])
			return false;
	return true;
}

/* A workbook, by its name or its first bytes: "xlsx", "ods", "xls" or
 * NULL. A zip archive is told apart by its members, later. */
static const char *workbook_format(const char *source, const char *option, const unsigned char *data, size_t len)
{
	static const char *const kinds[] = {"xlsx", "ods", "xls"};
	for (size_t i = 0; option && i < 3; i++)
		if (strcmp(option, kinds[i]) == 0)
			return kinds[i];
	if (option)
		return NULL;
	if (has_ext(source, ".xlsx") || has_ext(source, ".xlsm"))
		return "xlsx";
	if (has_ext(source, ".ods"))
		return "ods";
	if (has_ext(source, ".xls"))
		return "xls";
	if (len >= 8 && memcmp(data, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)
		return "xls";
	if (len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0) {
		/* An OpenDocument file names its type in its first member. */
		static const char mime[] = "application/vnd.oasis.opendocument.spreadsheet";
		for (size_t i = 30; i + sizeof(mime) - 1 <= len && i < 120; i++)
			if (memcmp(data + i, mime, sizeof(mime) - 1) == 0)
				return "ods";
		return "xlsx";
	}
	return NULL;
}

static const char *pick_format(const char *source, const char *option, const char *text, size_t len, bool *tsv)
{
	*tsv = has_ext(source, ".tsv");
	if (option)
		return option;
	if (has_ext(source, ".json"))
		return "json";
	if (has_ext(source, ".jsonl") || has_ext(source, ".ndjson"))
		return "jsonl";
	if (has_ext(source, ".csv") || has_ext(source, ".tsv") || has_ext(source, ".txt"))
		return "csv";
	size_t i = 0;
	while (i < len && utf8_is_space((unsigned char)text[i]))
		i++;
	if (i < len && text[i] == '[')
		return "json";
	if (i < len && text[i] == '{')
		return "jsonl";
	return "csv";
}

/* Options of a version this library does not know are refused before
 * anything is read: their fields may not be where this library looks. */
static bool bad_version(const struct appeal_signers_options *o, const char *source, struct appeal_error *err)
{
	if (!o || o->version == APPEAL_SIGNERS_OPTIONS_VERSION)
		return false;
	err_set(err, APPEAL_EINVAL, _("the signer table options have version %u; this library knows version %u"),
	        o->version, APPEAL_SIGNERS_OPTIONS_VERSION);
	err_hint(err, _("start from APPEAL_SIGNERS_OPTIONS_INIT or appeal_signers_options_init()"));
	err_source(err, source);
	return true;
}

APPEAL_EXPORT int appeal_signers_options_init(struct appeal_signers_options *opts, unsigned int version)
{
	if (!opts || version != APPEAL_SIGNERS_OPTIONS_VERSION)
		return APPEAL_EINVAL;
	*opts = (struct appeal_signers_options)APPEAL_SIGNERS_OPTIONS_INIT;
	return 0;
}

APPEAL_EXPORT struct appeal_signers *appeal_signers_read_mem(const void *data, size_t len, const char *source,
                                                             const struct appeal_signers_options *opts,
                                                             struct appeal_error *err)
{
	static const struct appeal_signers_options defaults = APPEAL_SIGNERS_OPTIONS_INIT;
	const struct appeal_signers_options *o = opts ? opts : &defaults;
	if (bad_version(o, source, err))
		return NULL;
	struct appeal_signers *s = calloc(1, sizeof(*s));
	struct buf text = {0};
	const char *default_lang = NULL;
	bool tsv;
	int rc;

	if (!s) {
		err_nomem(err);
		err_source(err, source);
		return NULL;
	}
	s->source = source ? pool_strndup(&s->pool, source, strlen(source)) : "";
	if (!s->source) {
		rc = err_nomem(err);
		goto fail;
	}
	if (len > SIGNERS_MAX_BYTES) {
		rc = err_set(err, APPEAL_EINVAL, _("the table is too large (%zu MiB; at most %zu MiB)"), len >> 20,
		             SIGNERS_MAX_BYTES >> 20);
		err_hint(err, _("split it into smaller files"));
		goto fail;
	}
	if (o->default_lang && signers_lang_lookup(o->default_lang, &default_lang)) {
		rc = err_nomem(err);
		goto fail;
	}
	if (o->default_lang && !default_lang) {
		char shown[64];
		err_quote(shown, sizeof(shown), o->default_lang);
		rc = err_set(err, APPEAL_EINVAL, _("unknown default language '%s'"), shown);
		char codes[128];
		lang_codes(codes, sizeof(codes));
		err_hint(err, _("use one of %s"), codes);
		goto fail;
	}
	/* Before the workbook branch: a workbook's rows are checked alike. */
	s->require_lang = o->require_lang;
	const char *book = workbook_format(source, o->format, data ? data : (const void *)"", data ? len : 0);
	if (book) {
		s->format = book;
		s->encoding = "UTF-8";
		s->encoding_reason = _("a workbook stores its text as Unicode");
		s->delimiter_reason = "";
		s->store_limit = SIGNERS_MAX_BYTES;
		if ((rc = signers_load_workbook_libs(book, err)))
			goto fail;
		rc = strcmp(book, "xlsx") == 0 ? signers_read_xlsx(s, data, len, o->sheet, err)
		     : strcmp(book, "ods") == 0 ? signers_read_ods(s, data, len, o->sheet, err)
		                                 : signers_read_xls(s, data, len, o->sheet, err);
		if (rc)
			goto fail;
		goto columns;
	}
	if (o->sheet) {
		rc = err_set(err, APPEAL_EINVAL, _("--sheet is for workbooks (.xlsx, .ods, .xls); this is not one"));
		err_hint(err, _("leave out --sheet"));
		goto fail;
	}
	if ((rc = signers_decode(s, data ? data : "", data ? len : 0, o->encoding, &text, err)) != 0)
		goto fail;
	s->store_limit = text.len * 2 + ((size_t)64 << 20);
	s->format = pick_format(source, o->format, text.data, text.len, &tsv);
	if (strcmp(s->format, "csv") == 0 || strcmp(s->format, "tsv") == 0) {
		s->format = "csv";
		bool tab = o->format && strcmp(o->format, "tsv") == 0;
		rc = signers_read_csv(s, text.data, text.len, tab && !o->delimiter ? '\t' : o->delimiter, tsv || tab, err);
	} else if (strcmp(s->format, "json") == 0 || strcmp(s->format, "jsonl") == 0) {
		s->format = strcmp(s->format, "json") == 0 ? "json" : "jsonl";
		s->delimiter_reason = "";
		rc = signers_read_json(s, text.data, text.len, strcmp(s->format, "jsonl") == 0, err);
	} else {
		char shown[32];
		err_quote(shown, sizeof(shown), o->format);
		rc = err_set(err, APPEAL_EINVAL, _("unknown table format '%s'"), shown);
		err_hint(err, _("use csv, tsv, json, jsonl, xlsx, ods or xls"));
	}
	if (rc)
		goto fail;
	/* Excel leaves the BOM of a re-saved file glued to the first header. */
	if (s->ncols > 0 && strncmp(s->cols[0].header, "\xEF\xBB\xBF", 3) == 0)
		s->cols[0].header += 3;
columns:
	if (signers_make_keys(s) < 0) {
		rc = err_nomem(err);
		goto fail;
	}
	if ((rc = signers_map_columns(s, o->map, err)) != 0 || (rc = signers_check_rows(s, default_lang, err)) != 0)
		goto fail;
	free(text.data);
	return s;
fail:
	(void)rc;
	err_source(err, source);
	free(text.data);
	appeal_signers_free(s);
	return NULL;
}

APPEAL_EXPORT struct appeal_signers *appeal_signers_read(const char *path, const struct appeal_signers_options *opts,
                                                         struct appeal_error *err)
{
	bool std = path && strcmp(path, "-") == 0;
	const char *source = std ? _("standard input") : path;
	/* Checked before the file is opened: opening a FIFO waits for a writer. */
	if (bad_version(opts, source, err))
		return NULL;
	FILE *f = std ? stdin : fopen(path ? path : "", "rb");
	struct buf b = {0};
	struct stat st;

	if (!f) {
		err_set(err, errno == ENOENT ? APPEAL_ENOTFOUND : APPEAL_EIO, _("cannot open the table: %s"),
		        strerror(errno));
		err_source(err, source);
		return NULL;
	}
	if (!std && fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size > SIGNERS_MAX_BYTES) {
		fclose(f);
		err_set(err, APPEAL_EINVAL, _("the table is too large (%lld MiB; at most %zu MiB)"),
		        (long long)st.st_size >> 20, SIGNERS_MAX_BYTES >> 20);
		err_hint(err, _("split it into smaller files"));
		err_source(err, source);
		return NULL;
	}
	for (;;) {
		if (!buf_reserve(&b, 65536)) {
			err_nomem(err);
			goto fail;
		}
		size_t n = fread(b.data + b.len, 1, b.cap - b.len - 1, f);
		b.len += n;
		if (b.len > SIGNERS_MAX_BYTES) {
			err_set(err, APPEAL_EINVAL, _("the table is too large (more than %zu MiB)"),
			        SIGNERS_MAX_BYTES >> 20);
			err_hint(err, _("split it into smaller files"));
			goto fail;
		}
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		err_set(err, APPEAL_EIO, _("cannot read the table: %s"), strerror(errno));
		goto fail;
	}
	if (!std)
		fclose(f);
	struct appeal_signers *s = appeal_signers_read_mem(b.data ? b.data : "", b.len, source, opts, err);
	free(b.data);
	return s;
fail:
	if (!std)
		fclose(f);
	free(b.data);
	err_source(err, source);
	return NULL;
}
