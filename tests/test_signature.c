/* A signature PNG given in memory (as a web form sends it), hostile images
 * refused with a clear error, and measuring a letter without drawing it.
 * Usage: test_signature FONT_DIR LETTER_DIR DATA_DIR */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "appeal.h"
#include "check.h"

static struct appeal_letter *letter;
static struct appeal_output *pdf;

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/* A PNG whose header claims width x height, with a correct CRC, and no
 * image data to speak of: a decoder must look at the size before it allocates. */
static size_t claimed_png(unsigned char *out, uint32_t width, uint32_t height)
{
	static const unsigned char magic[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
	size_t n = 0;

	memcpy(out, magic, 8);
	n = 8;
	put32(out + n, 13);
	memcpy(out + n + 4, "IHDR", 4);
	put32(out + n + 8, width);
	put32(out + n + 12, height);
	out[n + 16] = 8; /* bit depth */
	out[n + 17] = 6; /* RGBA */
	out[n + 18] = out[n + 19] = out[n + 20] = 0;
	put32(out + n + 21, (uint32_t)crc32(0, out + n + 4, 17));
	n += 25;
	/* A few bytes of a zlib stream: enough to start, never enough to end. */
	static const unsigned char idat[] = {0x78, 0x9c, 0xec, 0xc1, 0x01};
	put32(out + n, sizeof(idat));
	memcpy(out + n + 4, "IDAT", 4);
	memcpy(out + n + 8, idat, sizeof(idat));
	put32(out + n + 8 + sizeof(idat), (uint32_t)crc32(0, out + n + 4, 4 + sizeof(idat)));
	n += 12 + sizeof(idat);
	put32(out + n, 0);
	memcpy(out + n + 4, "IEND", 4);
	put32(out + n + 8, (uint32_t)crc32(0, out + n + 4, 4));
	return n + 12;
}

static int add(const void *png, size_t size, struct appeal_error *err)
{
	struct appeal_signer s = APPEAL_SIGNER_INIT;
	s.name = "Ana Pérez";
	s.date = (struct appeal_date){2026, 11, 28};
	s.signature_data = png;
	s.signature_size = size;
	appeal_error_clear(err);
	struct appeal_document *doc = appeal_document_fill(letter, "es", &s, err);
	int rc = doc ? appeal_output_add(pdf, doc, NULL, err) : err->code;
	appeal_document_free(doc);
	return rc;
}

static int pages_with_note(const char *note)
{
	struct appeal_signer s = APPEAL_SIGNER_INIT;
	struct appeal_error err = {0};
	struct appeal_stats stats = {0};
	s.name = "Ana Pérez";
	s.city = "Mérida";
	s.note = note;
	s.date = (struct appeal_date){2026, 11, 28};
	struct appeal_document *doc = appeal_document_fill(letter, "en", &s, &err);
	int rc = doc ? appeal_output_measure(pdf, doc, &stats, &err) : -1;
	appeal_document_free(doc);
	return rc ? rc : stats.pages;
}

int main(int argc, char **argv)
{
	struct appeal_error err = {0};
	struct appeal_output_options opts = APPEAL_OUTPUT_OPTIONS_INIT;
	char path[4096];
	size_t len = 0;

	if (argc < 4)
		return 2;
	snprintf(path, sizeof(path), "%s/venezuela-2025.json", argv[2]);
	letter = appeal_letter_load(path, &err);
	opts.font_dir = argv[1];
	pdf = letter ? appeal_output_new(&opts, &err) : NULL;
	if (!pdf) {
		fprintf(stderr, "%s\n", err.message);
		return 1;
	}
	snprintf(path, sizeof(path), "%s/signature.png", argv[3]);
	char *png = check_read_file(path, &len);
	CHECK(png != NULL && len > 100);

	/* The real signature from memory draws like the file does. */
	CHECK_INT(add(png, len, &err), 0);
	CHECK_INT(appeal_output_page_count(pdf), 1);

	/* Not a PNG, a truncated PNG, a header claiming a huge image. */
	CHECK_INT(add("GIF89a not a png at all", 23, &err), APPEAL_ESYNTAX);
	CHECK_STR(err.field, "signature");
	CHECK(strstr(err.message, "the signature is not a PNG image") != NULL);
	CHECK_INT(add(png, len / 2, &err), APPEAL_ESYNTAX);
	CHECK_STR(err.field, "signature");
	CHECK(strstr(err.message, "damaged") != NULL);
	unsigned char bomb[64];
	size_t n = claimed_png(bomb, 100000, 100000);
	CHECK_INT(add(bomb, n, &err), APPEAL_EINVAL);
	CHECK(strstr(err.message, "100000x100000 pixels") != NULL);
	n = claimed_png(bomb, 0x7fffffff, 1);
	CHECK(add(bomb, n, &err) < 0);
	n = claimed_png(bomb, 300, 100); /* plausible size, no pixels */
	CHECK_INT(add(bomb, n, &err), APPEAL_ESYNTAX);
	/* A refused signature leaves the PDF as it was. */
	CHECK_INT(appeal_output_page_count(pdf), 1);

	/* A file and data at once is a mistake, not a choice. */
	struct appeal_signer s = APPEAL_SIGNER_INIT;
	s.name = "Ana";
	s.signature_png = path;
	s.signature_data = png;
	s.signature_size = len;
	appeal_error_clear(&err);
	CHECK(appeal_document_fill(letter, "en", &s, &err) == NULL);
	CHECK_INT(err.code, APPEAL_EINVAL);
	CHECK_STR(err.field, "signature");

	/* Measuring lays out and draws nothing. */
	CHECK_INT(pages_with_note("I think of these families every day."), 1);
	char note[3000];
	memset(note, 0, sizeof(note));
	for (size_t i = 0; i + 40 < sizeof(note); i += 38)
		memcpy(note + i, "Every family deserves to know the truth", 38);
	CHECK_INT(pages_with_note(note), 2);
	CHECK_INT(appeal_output_page_count(pdf), 1);

	unsigned char *out;
	size_t size;
	CHECK_INT(appeal_output_finish_mem(pdf, &out, &size, &err), 0);
	CHECK(size > 1000 && memcmp(out, "%PDF-", 5) == 0);
	free(out);
	free(png);
	appeal_output_free(pdf);
	appeal_letter_free(letter);
	return check_summary(argv[0]);
}
