/* libzip, libxml2 and FreeXL, loaded when a workbook is first read rather
 * than when the program starts. Linked, they brought ICU, libstdc++,
 * OpenSSL's libcrypto, brotli, bzip2 and xz into every process: 9.5 ms of
 * CPU and 244 page faults before main() on the project's machine
 * (docs/performance.md), for formats most runs never see.
 *
 * Each function below carries the name of the library function it stands
 * for and forwards to it, so the readers are written against the libraries'
 * own headers. signers_load_workbook_libs() must have succeeded before any
 * of them is called: the readers call it first and report its error. */
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <freexl.h>
#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <zip.h>

#include "signers/model.h"
#include "util/error.h"
#include "util/i18n.h"

/* F(return type, name, parameters, arguments); V(...) for a void function. */
#define ZIP_FUNCTIONS(F, V)                                                                                   \
	V(zip_error_init, (zip_error_t * e), (e))                                                            \
	V(zip_error_fini, (zip_error_t * e), (e))                                                            \
	V(zip_source_free, (zip_source_t * s), (s))                                                          \
	V(zip_discard, (zip_t * z), (z))                                                                     \
	F(zip_source_t *, zip_source_buffer_create, (const void *d, zip_uint64_t n, int f, zip_error_t *e),  \
	  (d, n, f, e))                                                                                      \
	F(zip_t *, zip_open_from_source, (zip_source_t * s, int f, zip_error_t *e), (s, f, e))               \
	F(zip_int64_t, zip_name_locate, (zip_t * z, const char *n, zip_flags_t f), (z, n, f))                \
	F(zip_file_t *, zip_fopen, (zip_t * z, const char *n, zip_flags_t f), (z, n, f))                     \
	F(zip_int64_t, zip_fread, (zip_file_t * f, void *b, zip_uint64_t n), (f, b, n))                      \
	F(int, zip_fclose, (zip_file_t * f), (f))                                                            \
	F(int, zip_error_code_zip, (const zip_error_t *e), (e))                                              \
	F(zip_error_t *, zip_get_error, (zip_t * z), (z))

#define XML_FUNCTIONS(F, V)                                                                                   \
	V(xmlInitParser, (void), ())                                                                         \
	V(xmlFreeTextReader, (xmlTextReaderPtr r), (r))                                                      \
	V(xmlTextReaderSetErrorHandler, (xmlTextReaderPtr r, xmlTextReaderErrorFunc f, void *a), (r, f, a))  \
	F(xmlTextReaderPtr, xmlReaderForIO,                                                                  \
	  (xmlInputReadCallback rd, xmlInputCloseCallback cl, void *c, const char *u, const char *e, int o), \
	  (rd, cl, c, u, e, o))                                                                              \
	F(int, xmlTextReaderRead, (xmlTextReaderPtr r), (r))                                                 \
	F(int, xmlTextReaderClose, (xmlTextReaderPtr r), (r))                                                \
	F(int, xmlTextReaderNodeType, (xmlTextReaderPtr r), (r))                                             \
	F(int, xmlTextReaderIsEmptyElement, (xmlTextReaderPtr r), (r))                                       \
	F(const xmlChar *, xmlTextReaderConstLocalName, (xmlTextReaderPtr r), (r))                           \
	F(const xmlChar *, xmlTextReaderConstValue, (xmlTextReaderPtr r), (r))                               \
	F(xmlChar *, xmlTextReaderGetAttribute, (xmlTextReaderPtr r, const xmlChar *n), (r, n))              \
	F(int, xmlTextReaderGetParserLineNumber, (xmlTextReaderPtr r), (r))                                  \
	F(int, xmlTextReaderGetParserColumnNumber, (xmlTextReaderPtr r), (r))                               \
	V(xmlSetGenericErrorFunc, (void *c, xmlGenericErrorFunc f), (c, f))                                  \
	F(xmlGenericErrorFunc *, __xmlGenericError, (void), ())                                              \
	F(void **, __xmlGenericErrorContext, (void), ())

#define XLS_FUNCTIONS(F, V)                                                                                   \
	F(int, freexl_open, (const char *p, const void **h), (p, h))                                         \
	F(int, freexl_close, (const void *h), (h))                                                           \
	F(int, freexl_get_info, (const void *h, unsigned short w, unsigned int *i), (h, w, i))               \
	F(int, freexl_get_worksheet_name, (const void *h, unsigned short i, const char **s), (h, i, s))      \
	F(int, freexl_select_active_worksheet, (const void *h, unsigned short i), (h, i))                    \
	F(int, freexl_worksheet_dimensions, (const void *h, unsigned int *r, unsigned short *c), (h, r, c))  \
	F(int, freexl_get_cell_value, (const void *h, unsigned int r, unsigned short c, FreeXL_CellValue *v), \
	  (h, r, c, v))

#define FIELD(ret, name, params, args) ret(*name) params;
#define VFIELD(name, params, args) void(*name) params;
static struct {
	ZIP_FUNCTIONS(FIELD, VFIELD)
	XML_FUNCTIONS(FIELD, VFIELD)
	XLS_FUNCTIONS(FIELD, VFIELD)
} api;

#define FORWARD(ret, name, params, args) \
	ret name params                  \
	{                                \
		return api.name args;    \
	}
#define VFORWARD(name, params, args) \
	void name params             \
	{                            \
		api.name args;       \
	}
ZIP_FUNCTIONS(FORWARD, VFORWARD)
XML_FUNCTIONS(FORWARD, VFORWARD)
XLS_FUNCTIONS(FORWARD, VFORWARD)

/* libxml2 frees what it returns through this variable, which its header
 * declares; this definition takes the library's value when it is loaded. */
xmlFreeFunc xmlFree;

struct lib {
	const char *soname, *package;
	pthread_once_t once;
	bool ready;
	char why[160]; /* dlerror() of a failed load */
};

static struct lib libs[] = {
	{"libzip.so.4", "libzip4", PTHREAD_ONCE_INIT, false, ""},
	{"libxml2.so.2", "libxml2", PTHREAD_ONCE_INIT, false, ""},
	{"libfreexl.so.1", "libfreexl1", PTHREAD_ONCE_INIT, false, ""},
};
enum { ZIP, XML, XLS };

/* Opens the library, or keeps dlerror()'s reason in the entry. The load_*
 * functions then take every function of its list; one that is missing
 * counts as a failed load. */
static void *open_lib(struct lib *l)
{
	void *h = dlopen(l->soname, RTLD_NOW | RTLD_LOCAL);
	if (!h)
		snprintf(l->why, sizeof(l->why), "%s", dlerror());
	return h;
}

#define TAKE(ret, name, params, args)                                                       \
	if (!(*(void **)&api.name = dlsym(h, #name))) {                                     \
		snprintf(l->why, sizeof(l->why), "%s has no function %s", l->soname, #name); \
		return;                                                                     \
	}
#define VTAKE(name, params, args) TAKE(void, name, params, args)

static void load_zip(void)
{
	struct lib *l = &libs[ZIP];
	void *h = open_lib(l);
	if (!h)
		return;
	ZIP_FUNCTIONS(TAKE, VTAKE)
	l->ready = true;
}

static void load_xml(void)
{
	struct lib *l = &libs[XML];
	void *h = open_lib(l);
	if (!h)
		return;
	XML_FUNCTIONS(TAKE, VTAKE)
	xmlFreeFunc *f = dlsym(h, "xmlFree");
	if (!f || !*f) {
		snprintf(l->why, sizeof(l->why), "%s has no variable xmlFree", l->soname);
		return;
	}
	xmlFree = *f;
	/* Once, before any thread reads: the parser's own tables. */
	api.xmlInitParser();
	l->ready = true;
}

static void load_xls(void)
{
	struct lib *l = &libs[XLS];
	void *h = open_lib(l);
	if (!h)
		return;
	XLS_FUNCTIONS(TAKE, VTAKE)
	l->ready = true;
}

static int need(int k, void (*load)(void), const char *format, struct appeal_error *err)
{
	struct lib *l = &libs[k];
	pthread_once(&l->once, load);
	if (l->ready)
		return 0;
	err_set(err, APPEAL_EINVAL, _("reading .%s files needs the library %s, which could not be loaded: %s"),
	        format, l->soname, l->why);
	err_hint(err, _("install it (on Debian: apt-get install %s), or save the sheet as CSV"), l->package);
	return err->code;
}

int signers_load_workbook_libs(const char *format, struct appeal_error *err)
{
	if (strcmp(format, "xls") == 0)
		return need(XLS, load_xls, format, err);
	int rc = need(ZIP, load_zip, format, err);
	return rc ? rc : need(XML, load_xml, format, err);
}
