/* The e-mail backend: each letter as an RFC 5322 / MIME message from the
 * signer, ready to send — the letter's text as a text/plain part
 * (format=flowed, quoted-printable) and its PDF attached (base64). One
 * message is an .eml file; APPEAL_FORMAT_MBOX puts many in one mailbox.
 * The PDF comes from a PDF sink held inside, so the attachment is exactly
 * what --format pdf writes. Everything in a message derives from the
 * document, so the same letter gives the same bytes (Message-ID and Date
 * included). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend/sink.h"
#include "document/document.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/i18n.h"
#include "util/mime.h"
#include "util/strmap.h"
#include "util/utf8.h"

/* format=flowed lines are wrapped before this many characters (RFC 3676
 * recommends at most 78, readers expect about 72). */
#define FLOWED_WIDTH 72
/* The attachment's name, in characters, before ".pdf". */
#define FILE_NAME_MAX 120

struct eml_sink {
	struct sink base;
	struct sink *pdf;
	bool mbox;
	struct buf out;
	int messages;
};

static struct sink *eml_create_as(const struct appeal_output_options *opts, bool mbox, struct appeal_error *err)
{
	struct eml_sink *s = calloc(1, sizeof(*s));
	struct appeal_output_options po = *opts;

	if (!s) {
		err_nomem(err);
		return NULL;
	}
	po.format = APPEAL_FORMAT_PDF;
	if (!(s->pdf = sink_new(&sink_pdf, &po, err))) {
		free(s);
		return NULL;
	}
	s->mbox = mbox;
	return &s->base;
}

static struct sink *eml_create(const struct appeal_output_options *opts, struct appeal_error *err)
{
	return eml_create_as(opts, false, err);
}

static struct sink *mbox_create(const struct appeal_output_options *opts, struct appeal_error *err)
{
	return eml_create_as(opts, true, err);
}

/* The signer's address, checked: a message is never made with another
 * sender, nor with none. */
static int check_sender(const struct appeal_document *doc, struct appeal_error *err)
{
	size_t bad;
	const char *why;
	char shown[300];

	if (!doc->email || !doc->email[0]) {
		err_set(err, APPEAL_EINVAL, _("the signer has no e-mail address"));
		err_hint(err, _("an e-mail letter is sent from the signer's own address: fill the e-mail column "
		                "(write: --email)"));
		err_field(err, "email");
		return APPEAL_EINVAL;
	}
	if (!mime_addr_check(doc->email, strlen(doc->email), &bad, &why)) {
		err_quote(shown, sizeof(shown), doc->email);
		err_set(err, APPEAL_EINVAL, _("the e-mail address '%s' cannot be used: %s (character %zu)"), shown, _(why),
		        utf8_length(doc->email, bad) + 1);
		err_hint(err, _("write one address, such as ana.perez@example.org"));
		err_field(err, "email");
		return APPEAL_EINVAL;
	}
	return 0;
}

/* The text of the first block of a kind, no-break spaces as spaces; NULL
 * when there is none. The caller frees it. */
static char *block_text(const struct appeal_document *doc, enum block_kind kind)
{
	for (size_t i = 0; i < doc->nblocks; i++) {
		if (doc->blocks[i].kind != kind)
			continue;
		struct buf b = BUF_INIT;
		for (const char *p = doc->blocks[i].text; *p; p++) {
			if ((unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA0) {
				buf_addc(&b, ' ');
				p++;
			} else {
				buf_addc(&b, *p);
			}
		}
		buf_adds(&b, "");
		return buf_take(&b);
	}
	return NULL;
}

/* Days since 1970-01-01 of a calendar date (proleptic Gregorian). */
static long long days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	long long era = (y >= 0 ? y : y - 399) / 400;
	long long yoe = y - era * 400;
	long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The letter's date at noon UTC: the same day in every time zone from
 * UTC-11 to UTC+11, and the same bytes for the same letter. */
static long long letter_epoch(const struct appeal_document *doc)
{
	return days_from_civil(doc->date.year, doc->date.month, doc->date.day) * 86400 + 12 * 3600;
}

/* The same signer's letter in the same campaign and language has the same
 * Message-ID whenever and however often it is made, so `appeal send`
 * recognises a letter it delivered even after the messages are made again. */
static uint64_t message_id(char *out, size_t size, const struct appeal_document *doc)
{
	uint64_t h = STR_HASH_SEED;
	const char *at = strrchr(doc->email, '@');

	h = str_hash(doc->letter_id, strlen(doc->letter_id) + 1, h);
	h = str_hash(doc->lang, strlen(doc->lang) + 1, h);
	for (const char *p = doc->email; *p; p++) {
		char c = *p >= 'A' && *p <= 'Z' ? (char)(*p + 32) : *p;
		h = str_hash(&c, 1, h);
	}
	h = str_hash("", 1, h);
	h = str_hash(doc->author, strlen(doc->author), h);
	snprintf(out, size, "<%s.%s.%016llx@%s>", doc->letter_id, doc->lang, (unsigned long long)h, at + 1);
	return h;
}

/* "Free John Roe - Ana Pérez.pdf", with characters no file system or mail
 * program takes replaced, and shortened at a character boundary. */
static char *attachment_name(const struct appeal_document *doc)
{
	struct buf b = BUF_INIT;
	const char *parts[] = {doc->title, " - ", doc->author};
	size_t chars = 0;

	for (int k = 0; k < 3; k++) {
		const char *p = parts[k];
		size_t n = strlen(p);
		for (size_t i = 0; i < n && chars < FILE_NAME_MAX;) {
			uint32_t cp;
			int len = utf8_decode(p + i, n - i, &cp);
			if (len < 0)
				len = 1, cp = '?';
			if (cp < 0x20 || cp == 0x7F || (cp < 0x80 && strchr("/\\:*?\"<>|", (int)cp)))
				buf_addc(&b, '-');
			else if (cp == 0xA0)
				buf_addc(&b, ' ');
			else
				buf_add(&b, p + i, (size_t)len);
			i += (size_t)len;
			chars++;
		}
	}
	buf_adds(&b, ".pdf");
	return buf_take(&b);
}

/* Writes the message into b (CRLF line ends). */
static void put_message(struct buf *b, const struct appeal_document *doc, const char *body,
                        const unsigned char *pdf, size_t pdf_size)
{
	char date[64], id[400], boundary[64];
	struct mime_mailbox from = {doc->author, doc->email};
	char *subject = block_text(doc, BLOCK_SUBJECT);
	char *file = attachment_name(doc);
	struct buf text = BUF_INIT;

	uint64_t h = message_id(id, sizeof(id), doc);
	/* Neither quoted-printable nor base64 can hold "=_": the boundary cannot
	 * occur in the parts. */
	snprintf(boundary, sizeof(boundary), "=_appeal_%016llx", (unsigned long long)h);
	mime_address_field(b, "From", &from, 1);
	if (doc->nto > 0) {
		struct mime_mailbox *to = calloc(doc->nto, sizeof(*to));
		if (!to) {
			b->failed = true;
		} else {
			for (size_t i = 0; i < doc->nto; i++)
				to[i] = (struct mime_mailbox){doc->to[i].name, doc->to[i].addr};
			mime_address_field(b, "To", to, doc->nto);
			free(to);
		}
	}
	mime_unstructured(b, "Subject", subject ? subject : doc->title);
	mime_field(b, "Date", mime_date(date, sizeof(date), letter_epoch(doc)));
	mime_field(b, "Message-ID", id);
	mime_field(b, "MIME-Version", "1.0");
	mime_field(b, "Content-Language", doc->lang);
	if (doc->nto == 0)
		mime_field(b, "X-Unsent", "1"); /* a draft: mail programs open it to be completed and sent */
	const char *mixed[] = {"boundary", boundary};
	mime_param_field(b, "Content-Type", "multipart/mixed", mixed, 1);
	buf_adds(b, "\r\n");

	buf_printf(b, "--%s\r\n", boundary);
	const char *plain[] = {"charset", "UTF-8", "format", "flowed"};
	mime_param_field(b, "Content-Type", "text/plain", plain, 2);
	mime_field(b, "Content-Transfer-Encoding", "quoted-printable");
	buf_adds(b, "\r\n");
	mime_flowed(&text, body, FLOWED_WIDTH);
	if (text.failed)
		b->failed = true;
	mime_qp(b, text.data ? text.data : "", text.len);

	buf_printf(b, "\r\n--%s\r\n", boundary);
	const char *name[] = {"name", file ? file : "letter.pdf"};
	mime_param_field(b, "Content-Type", "application/pdf", name, 1);
	const char *disp[] = {"filename", file ? file : "letter.pdf"};
	mime_param_field(b, "Content-Disposition", "attachment", disp, 1);
	mime_field(b, "Content-Transfer-Encoding", "base64");
	buf_adds(b, "\r\n");
	mime_base64(b, pdf, pdf_size);
	buf_printf(b, "--%s--\r\n", boundary);
	if (!file)
		b->failed = true;
	buf_free(&text);
	free(subject);
	free(file);
}

/* Appends a message to an mbox (mboxrd): LF line ends, a "From " line
 * before it, any line that looks like one quoted with '>', an empty line
 * after it. */
static void put_mbox(struct buf *b, const struct appeal_document *doc, const char *msg, size_t len)
{
	static const char days[][4] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
	static const char months[][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	long long day = days_from_civil(doc->date.year, doc->date.month, doc->date.day);

	buf_printf(b, "From %s %s %s %2d 12:00:00 %04d\n", doc->email, days[((day % 7) + 7) % 7],
	           months[doc->date.month - 1], doc->date.day, doc->date.year);
	for (size_t i = 0; i < len;) {
		const char *nl = memchr(msg + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - msg) : len;
		size_t stop = end > i && msg[end - 1] == '\r' ? end - 1 : end;
		size_t q = i;
		while (q < stop && msg[q] == '>')
			q++;
		if (stop - q >= 5 && memcmp(msg + q, "From ", 5) == 0)
			buf_addc(b, '>');
		buf_add(b, msg + i, stop - i);
		buf_addc(b, '\n');
		i = end + 1;
	}
	buf_addc(b, '\n');
}

static int eml_add(struct sink *base, const struct appeal_document *doc, struct appeal_stats *stats,
                   struct appeal_error *err)
{
	struct eml_sink *s = (struct eml_sink *)base;
	unsigned char *pdf = NULL;
	size_t pdf_size = 0;
	char *body = NULL;
	int rc;

	if ((rc = check_sender(doc, err)))
		return rc;
	if (!s->mbox && s->messages > 0) {
		err_set(err, APPEAL_EINVAL, _("an .eml file holds one message"));
		err_hint(err, _("for many letters write one .eml per signer (-o DIR/) or one mailbox (-o FILE.mbox)"));
		return APPEAL_EINVAL;
	}
	if ((rc = s->pdf->backend->add(s->pdf, doc, stats, err)) < 0)
		return rc;
	if ((rc = s->pdf->backend->finish(s->pdf, &pdf, &pdf_size, err)))
		return rc;
	if (!(body = appeal_document_text(doc, 0, err))) {
		free(pdf);
		return err && err->code ? err->code : APPEAL_ENOMEM;
	}
	struct buf msg = BUF_INIT;
	put_message(&msg, doc, body, pdf, pdf_size);
	free(pdf);
	free(body);
	size_t before = s->out.len;
	if (!msg.failed) {
		if (s->mbox)
			put_mbox(&s->out, doc, msg.data, msg.len);
		else
			buf_add(&s->out, msg.data, msg.len);
	}
	if (msg.failed || s->out.failed) {
		buf_free(&msg);
		s->out.failed = false;
		s->out.len = before;
		if (s->out.data)
			s->out.data[before] = '\0';
		return err_nomem(err);
	}
	buf_free(&msg);
	s->messages++;
	/* A message counts as one page: in a mailbox, the manifest's pages
	 * number the messages. */
	return 1;
}

static int eml_measure(struct sink *base, const struct appeal_document *doc, struct appeal_stats *stats,
                       struct appeal_error *err)
{
	struct eml_sink *s = (struct eml_sink *)base;
	return s->pdf->backend->measure(s->pdf, doc, stats, err);
}

static int eml_finish(struct sink *base, unsigned char **data, size_t *size, struct appeal_error *err)
{
	struct eml_sink *s = (struct eml_sink *)base;
	size_t len = s->out.len;
	bool empty = s->messages == 0;

	s->messages = 0;
	if (empty) {
		buf_clear(&s->out);
		return err_set(err, APPEAL_EINVAL, _("the file has no message in it"));
	}
	if (!(*data = (unsigned char *)buf_take(&s->out)))
		return err_nomem(err);
	*size = len;
	return 0;
}

static void eml_discard(struct sink *base)
{
	struct eml_sink *s = (struct eml_sink *)base;
	buf_clear(&s->out);
	s->messages = 0;
	s->pdf->backend->discard(s->pdf);
}

static void eml_free(struct sink *base)
{
	struct eml_sink *s = (struct eml_sink *)base;
	sink_free(s->pdf);
	buf_free(&s->out);
	free(s);
}

const struct sink_backend sink_eml = {
	.name = "eml",
	.format = APPEAL_FORMAT_EML,
	.extension = "eml",
	.create = eml_create,
	.add = eml_add,
	.measure = eml_measure,
	.add_blank = NULL, /* no paper */
	.set_info = NULL,  /* a message has its own headers */
	.finish = eml_finish,
	.discard = eml_discard,
	.free = eml_free,
};

const struct sink_backend sink_mbox = {
	.name = "mbox",
	.format = APPEAL_FORMAT_MBOX,
	.extension = "mbox",
	.create = mbox_create,
	.add = eml_add,
	.measure = eml_measure,
	.add_blank = NULL,
	.set_info = NULL,
	.finish = eml_finish,
	.discard = eml_discard,
	.free = eml_free,
};
