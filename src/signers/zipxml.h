/* The parts of a zipped XML workbook (.xlsx, .ods) read as XML streams:
 * libzip inflates a member a block at a time into libxml2's xmlTextReader,
 * so the memory a reader needs does not grow with the sheet, and the bytes
 * inflated are counted against SIGNERS_MAX_BYTES (a zip bomb stops there).
 * Internal to src/signers/. */
#ifndef APPEAL_SIGNERS_ZIPXML_H
#define APPEAL_SIGNERS_ZIPXML_H

#include <libxml/xmlreader.h>
#include <stdbool.h>
#include <stddef.h>
#include <zip.h>

#include "appeal.h"

struct zipxml {
	zip_t *zip;
	const char *what;        /* "xlsx", "ods": for messages */
	unsigned long long inflated;
	bool too_large;
	struct appeal_error *err;
	/* libxml2's generic error handler before the archive was opened: some
	 * of its encoding errors bypass the reader's handler and would be
	 * printed to stderr, so it is replaced while zip is open and restored
	 * by zipxml_close(). */
	xmlGenericErrorFunc saved_handler;
	void *saved_context;
};

/* Opens the archive in memory (borrowed until zipxml_close). Fails with a
 * message saying what the file seems to be instead, and what to do. */
int zipxml_open(struct zipxml *z, const unsigned char *data, size_t len, const char *what,
                struct appeal_error *err);
void zipxml_close(struct zipxml *z);

/* Whether the archive has a member of that name. */
bool zipxml_has(struct zipxml *z, const char *name);

/* A reader over one member; NULL after setting the error (missing member,
 * out of memory). Free with zipxml_reader_free(). */
xmlTextReaderPtr zipxml_reader(struct zipxml *z, const char *name);
void zipxml_reader_free(xmlTextReaderPtr r);

/* After xmlTextReaderRead() returned -1: sets the error (malformed XML at
 * line:column of the member, or too large). Returns the code. */
int zipxml_fail(struct zipxml *z, xmlTextReaderPtr r, const char *name);

/* The attribute's value, or NULL; the caller frees it with xmlFree(). */
char *zipxml_attr(xmlTextReaderPtr r, const char *name);
/* The local name of the current node is `name`. */
bool zipxml_is(xmlTextReaderPtr r, const char *name);

#endif
