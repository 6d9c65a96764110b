/* Zipped XML workbooks as streams: see zipxml.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "signers/signers.h"
#include "signers/zipxml.h"
#include "util/error.h"
#include "util/i18n.h"

/* libxml2's generic errors ("encoding error : input conversion failed"):
 * the reader reports the same failure as malformed XML, with its place. */
static void quiet_generic(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

int zipxml_open(struct zipxml *z, const unsigned char *data, size_t len, const char *what,
                struct appeal_error *err)
{
	zip_error_t ze;
	zip_source_t *src;

	memset(z, 0, sizeof(*z));
	z->what = what;
	z->err = err;
	zip_error_init(&ze);
	if (!(src = zip_source_buffer_create(data, len, 0, &ze))) {
		zip_error_fini(&ze);
		return err_nomem(err);
	}
	if (!(z->zip = zip_open_from_source(src, ZIP_RDONLY, &ze))) {
		zip_source_free(src);
		zip_error_fini(&ze);
		/* An Excel file saved with a password is an encrypted OLE
		 * container, not a zip archive. */
		if (len >= 8 && memcmp(data, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0) {
			err_set(err, APPEAL_EINVAL, _("the workbook is password-protected (encrypted), or is an old .xls "
			                              "named .%s"),
			        what);
			err_hint(err, _("open it, remove the password (File > Properties or Save As without a password) "
			                "and save again; or save it as .xls or CSV"));
		} else {
			err_set(err, APPEAL_ESYNTAX, _("this is not a readable .%s workbook: the zip archive is damaged"),
			        what);
			err_hint(err, _("open it in the office program and save it again, or export the sheet as CSV"));
		}
		return err->code ? err->code : APPEAL_ESYNTAX;
	}
	zip_error_fini(&ze);
	z->saved_handler = xmlGenericError;
	z->saved_context = xmlGenericErrorContext;
	xmlSetGenericErrorFunc(NULL, quiet_generic);
	return 0;
}

void zipxml_close(struct zipxml *z)
{
	/* An open archive is one whose libxml2 handler was replaced. */
	if (z->zip) {
		zip_discard(z->zip);
		xmlSetGenericErrorFunc(z->saved_context, z->saved_handler);
	}
	z->zip = NULL;
}

bool zipxml_has(struct zipxml *z, const char *name)
{
	return zip_name_locate(z->zip, name, 0) >= 0;
}

struct member {
	struct zipxml *z;
	zip_file_t *f;
};

static int member_read(void *ctx, char *buf, int len)
{
	struct member *m = ctx;
	zip_int64_t n = zip_fread(m->f, buf, (zip_uint64_t)len);
	if (n < 0)
		return -1;
	m->z->inflated += (unsigned long long)n;
	if (m->z->inflated > SIGNERS_MAX_BYTES) {
		m->z->too_large = true;
		return -1;
	}
	return (int)n;
}

static int member_close(void *ctx)
{
	struct member *m = ctx;
	zip_fclose(m->f);
	free(m);
	return 0;
}

/* No network, no DTD, no entity expansion: a workbook is data. */
#define XML_OPTIONS (XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_COMPACT)

static void quiet(void *arg, const char *msg, xmlParserSeverities severity, xmlTextReaderLocatorPtr loc)
{
	(void)arg;
	(void)msg;
	(void)severity;
	(void)loc;
}

xmlTextReaderPtr zipxml_reader(struct zipxml *z, const char *name)
{
	struct member *m = calloc(1, sizeof(*m));
	xmlTextReaderPtr r;

	if (!m) {
		err_nomem(z->err);
		return NULL;
	}
	m->z = z;
	if (!(m->f = zip_fopen(z->zip, name, 0))) {
		free(m);
		int code = zip_error_code_zip(zip_get_error(z->zip));
		if (code == ZIP_ER_ENCRNOTSUPP || code == ZIP_ER_NOPASSWD || code == ZIP_ER_WRONGPASSWD) {
			err_set(z->err, APPEAL_EINVAL, _("the workbook is password-protected"));
			err_hint(z->err, _("save it again without a password, or export the sheet as CSV"));
		} else {
			err_set(z->err, APPEAL_ESYNTAX, _("this .%s workbook has no '%s' (damaged, or not a workbook)"),
			        z->what, name);
			err_hint(z->err, _("open it in the office program and save it again, or export the sheet as CSV"));
		}
		return NULL;
	}
	r = xmlReaderForIO(member_read, member_close, m, name, NULL, XML_OPTIONS);
	if (!r) {
		/* xmlReaderForIO closes the input on failure. */
		err_nomem(z->err);
		return NULL;
	}
	xmlTextReaderSetErrorHandler(r, quiet, NULL);
	return r;
}

void zipxml_reader_free(xmlTextReaderPtr r)
{
	if (r) {
		xmlTextReaderClose(r);
		xmlFreeTextReader(r);
	}
}

int zipxml_fail(struct zipxml *z, xmlTextReaderPtr r, const char *name)
{
	if (z->too_large) {
		err_set(z->err, APPEAL_EINVAL, _("the workbook unpacks to more than %zu MiB"),
		        (size_t)(SIGNERS_MAX_BYTES >> 20));
		err_hint(z->err, _("split it into smaller files"));
		return APPEAL_EINVAL;
	}
	int line = r ? xmlTextReaderGetParserLineNumber(r) : 0;
	int col = r ? xmlTextReaderGetParserColumnNumber(r) : 0;
	err_set(z->err, APPEAL_ESYNTAX, _("the workbook is damaged: '%s' is not well-formed XML"), name);
	err_position(z->err, line, col);
	err_hint(z->err, _("open it in the office program and save it again, or export the sheet as CSV"));
	return APPEAL_ESYNTAX;
}

char *zipxml_attr(xmlTextReaderPtr r, const char *name)
{
	return (char *)xmlTextReaderGetAttribute(r, (const xmlChar *)name);
}

bool zipxml_is(xmlTextReaderPtr r, const char *name)
{
	const xmlChar *n = xmlTextReaderConstLocalName(r);
	return n && strcmp((const char *)n, name) == 0;
}
