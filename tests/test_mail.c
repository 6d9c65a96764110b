/* Reading messages to send (address lists, encoded-words, what goes to the
 * server) and the journal (states, a torn last line, foreign lines). */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "mail/journal.h"
#include "mail/message.h"
#include "util/buf.h"

static void test_parse(void)
{
	static const char text[] =
		"From - Sat Nov 28 12:00:00 2026\n"
		"From: =?UTF-8?Q?Ana_P=C3=A9rez?= <ana@example.org>\r\n"
		"To: \"Roe, Jane (Dr.)\" <jane@example.org>, plain@example.org (a comment),\r\n"
		"  Group: one@example.org, <two@example.org>;, PLAIN@example.org\r\n"
		"Bcc: hidden@example.org\r\n"
		"Subject: =?UTF-8?Q?Liberaci=C3=B3n?= de =?ISO-8859-1?Q?Am=E9rico?=\r\n"
		"  =?UTF-8?B?ZGUgR3JhemlhIOKAkyB5YQ==?=\r\n"
		"Message-ID: <abc@example.org>\r\n"
		"X-Unsent: 1\r\n"
		"Date: Sat, 28 Nov 2026 12:00:00 +0000\r\n"
		"\r\n"
		"body\n.\nFrom x\n";
	struct message m;
	struct appeal_error err = {0};

	if (!CHECK(message_parse(&m, text, strlen(text), 1, &err) == 0)) {
		fprintf(stderr, "  %s\n", err.message);
		return;
	}
	CHECK_STR(m.from, "ana@example.org");
	CHECK_STR(m.message_id, "<abc@example.org>");
	CHECK_STR(m.show_from, "Ana Pérez <ana@example.org>");
	/* The space between two encoded-words is not text (RFC 2047 6.2). */
	CHECK_STR(m.subject, "Liberación de Américode Grazia – ya");
	CHECK(m.unsent);
	CHECK(m.has_to);
	CHECK_INT(m.nrcpt, 5); /* PLAIN@ is plain@, once */
	if (m.nrcpt == 5) {
		CHECK_STR(m.rcpt[0], "jane@example.org");
		CHECK_STR(m.rcpt[1], "plain@example.org");
		CHECK_STR(m.rcpt[2], "one@example.org");
		CHECK_STR(m.rcpt[3], "two@example.org");
		CHECK_STR(m.rcpt[4], "hidden@example.org");
	}

	struct buf out = BUF_INIT;
	CHECK_INT(message_outgoing(&out, text, strlen(text), &m, "Mon, 30 Nov 2026 09:00:00 +0000", "x@example.org"),
	          0);
	CHECK(strncmp(out.data, "From: =?UTF-8?Q?Ana_P=C3=A9rez?= <ana@example.org>\r\nTo: x@example.org\r\n", 70) == 0);
	CHECK(strstr(out.data, "Bcc") == NULL);
	CHECK(strstr(out.data, "X-Unsent") == NULL);
	CHECK(strstr(out.data, "From - Sat") == NULL);
	CHECK(strstr(out.data, "Date: Mon, 30 Nov 2026 09:00:00 +0000\r\n") != NULL);
	CHECK(strstr(out.data, "12:00:00") == NULL);
	CHECK(strstr(out.data, "\r\n\r\nbody\r\n.\r\nFrom x\r\n") != NULL);
	/* Every line ends in CRLF. */
	for (size_t i = 0; i < out.len; i++)
		if (out.data[i] == '\n' && (i == 0 || out.data[i - 1] != '\r')) {
			CHECK(!"bare LF");
			break;
		}
	buf_free(&out);
	message_clear(&m);
}

static void refuse(const char *text, const char *want, int line)
{
	struct message m;
	struct appeal_error err = {0};
	int rc = message_parse(&m, text, strlen(text), 1, &err);

	check_true_(rc != 0, text, __FILE__, line);
	if (!check_true_(strstr(err.message, want) != NULL, want, __FILE__, line))
		fprintf(stderr, "  got: %s\n", err.message);
	if (rc == 0)
		message_clear(&m);
}

static void test_refusals(void)
{
	refuse("To: a@example.org\n\nx", "no From: address", __LINE__);
	refuse("From: a@example.org\nFrom: b@example.org\n\nx", "two From: fields", __LINE__);
	refuse("From: a@example.org, b@example.org\n\nx", "holds 2 addresses", __LINE__);
	refuse("From: a@localhost\n\nx", "has no '.'", __LINE__);
	refuse("From: <a@example.org\n\nx", "'<' is not closed", __LINE__);
	refuse("From: \"Ana <a@example.org>\n\nx", "'\"' is not closed", __LINE__);
	refuse("From: a@example.org\nnot a header\n\nx", "line 2 of the message is neither a header field", __LINE__);
	refuse("From: a@example.org\nMessage-ID: abc\n\nx", "not of the form <id@domain>", __LINE__);
	refuse("From: a@example.org\nTo: John Smith john@example.org\n\nx", "space", __LINE__);
}

static void test_decode(void)
{
	const char *in = "=?UTF-8?Q?a?= =?UTF-8?Q?b?= c =?UTF-8?Q?d?=";
	char *s = message_decode_header(in, strlen(in));
	CHECK_STR(s, "ab c d");
	free(s);
	in = "=?UTF-8?Q?bad=ZZ?= \x1b[31mred";
	s = message_decode_header(in, strlen(in));
	CHECK_STR(s, "=?UTF-8?Q?bad=ZZ?= ?[31mred");
	free(s);
}

static void test_journal(void)
{
	char dir[] = "/tmp/appeal-journal-XXXXXX", path[128];
	struct journal j;
	struct appeal_error err = {0};

	if (!CHECK(mkdtemp(dir) != NULL))
		return;
	snprintf(path, sizeof(path), "%s/j.sent", dir);
	CHECK_INT(journal_open(&j, path, false, &err), 0);
	CHECK_INT(journal_put(&j, JOURNAL_SENDING, "<a@x.org>", "a.eml", NULL, &err), 0);
	CHECK_INT(journal_put(&j, JOURNAL_SENT, "<a@x.org>", "a.eml", "250 ok\tqueued\r\n", &err), 0);
	CHECK_INT(journal_put(&j, JOURNAL_SENDING, "<b@x.org>", "b.eml", NULL, &err), 0);
	CHECK_INT(journal_put(&j, JOURNAL_REFUSED, "<c@x.org>", "c.eml", "550 no", &err), 0);
	journal_close(&j);

	/* A write cut short: the torn line records nothing. */
	FILE *f = fopen(path, "a");
	fputs("sent\t<b@x.org>\t2026", f);
	fclose(f);
	CHECK_INT(journal_open(&j, path, false, &err), 0);
	CHECK_INT(journal_get(&j, "<a@x.org>"), JOURNAL_SENT);
	CHECK_INT(journal_get(&j, "<b@x.org>"), JOURNAL_SENDING);
	CHECK_INT(journal_get(&j, "<c@x.org>"), JOURNAL_REFUSED);
	CHECK_INT(journal_get(&j, "<d@x.org>"), JOURNAL_NONE);
	CHECK(j.torn);
	CHECK_INT(journal_put(&j, JOURNAL_SENT, "<b@x.org>", "b.eml", "250", &err), 0);
	journal_close(&j);
	CHECK_INT(journal_open(&j, path, true, &err), 0);
	CHECK_INT(journal_get(&j, "<b@x.org>"), JOURNAL_SENT);
	CHECK(!j.torn);
	journal_close(&j);

	f = fopen(path, "a");
	fputs("delivered\t<e@x.org>\tt\tf\tr\n", f);
	fclose(f);
	CHECK(journal_open(&j, path, true, &err) != 0);
	CHECK(strstr(err.message, "did not write") != NULL);
	journal_close(&j);
	unlink(path);
	rmdir(dir);
}

int main(int argc, char **argv)
{
	(void)argc;
	test_parse();
	test_refusals();
	test_decode();
	test_journal();
	return check_summary(argv[0]);
}
