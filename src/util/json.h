/* Reading JSON with positions. cJSON builds the tree but keeps no positions,
 * so a document keeps its source text beside the tree and these functions
 * find places in that text again when an error has to be reported. Letters
 * and signer tables are read through it; its line:column counter is the
 * project's one. */
#ifndef APPEAL_JSON_H
#define APPEAL_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "appeal.h"

/* Largest input accepted: a letter is a few kilobytes of text. */
#define JSON_MAX_BYTES (1024 * 1024)

/* Deepest nesting accepted; letter files need four levels. */
#define JSON_MAX_DEPTH 32

/* A parsed document: the source text (BOM removed, NUL-terminated) and the
 * tree built from it. Offsets in this header count bytes into `text`. */
struct json_doc {
	char *text;
	size_t len;
	cJSON *root;
};

/* Parses len bytes of json. Refuses, with the position in err: more than
 * JSON_MAX_BYTES, invalid UTF-8, anything that is not strict RFC 8259 JSON
 * (with a message saying what is wrong, not only where), "\u0000" in a
 * string (it would cut the C string short), nesting deeper
 * than JSON_MAX_DEPTH, and an object with two members of the same name (at
 * the second one). A leading UTF-8 BOM is skipped. `source` names the input
 * in err. The input is copied. The caller owns the result and frees it with
 * json_doc_free(). */
struct json_doc *json_doc_parse(const char *json, size_t len, const char *source, struct appeal_error *err);

/* What differs between a letter file and other JSON inputs. */
struct json_options {
	size_t max_bytes;       /* larger input is refused */
	const char *too_large;  /* hint for that; NULL: none */
	const char *empty;      /* hint for an empty text */
	const char *too_deep;   /* hint for nesting past JSON_MAX_DEPTH */
	int first_line;         /* the line the text starts on in its file (JSON Lines); 0 means 1 */
};

/* json_doc_parse() with other limits and hints (json_doc_parse uses the
 * letter file's). Positions in err and in hints count from first_line. */
struct json_doc *json_doc_parse_opts(const char *json, size_t len, const char *source, const struct json_options *o,
                                     struct appeal_error *err);

void json_doc_free(struct json_doc *doc);

/* Line and column of byte `off` in text, both from 1; the column counts
 * characters (code points), not bytes. A line ends at LF, CRLF or CR. */
void json_line_column(const char *text, size_t len, size_t off, int *line, int *column);

/* Which end of an object member to find. */
enum json_part {
	JSON_KEY,  /* the opening quote of the member's name */
	JSON_VALUE /* the first character of the value */
};

/* Finds the node reached from the root by `path`, where path[i] is the
 * index of a member (in an object) or an element (in an array) at depth i,
 * counted in source order, so duplicate names cannot confuse it. The last
 * step gives its key or its value as `part` says; an array element and the
 * root (depth 0) have only a value. Sets *off and returns 0, or returns -1
 * when the path leads nowhere. `text` must be a document json_doc_parse
 * accepted. */
int json_locate(const char *text, size_t len, const size_t *path, size_t depth, enum json_part part, size_t *off);

/* Maps byte `index` of a decoded string to the offset in text where the
 * character that produced it starts (an escape starts at its backslash).
 * `lit` is the offset of the string's opening quote. An index past the end
 * gives the closing quote. */
size_t json_string_offset(const char *text, size_t len, size_t lit, size_t index);

/* "a string", "a number", "an object", ... for messages. Static storage. */
const char *json_type_name(const cJSON *node);

#endif
