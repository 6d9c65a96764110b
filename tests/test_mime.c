/* The message writer: exact encodings for known inputs, and round trips
 * through decoders written here from the RFCs, with every line checked
 * against the 78-character limit. (The end-to-end tests read the messages
 * appeal makes with Python's email package as well.) */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "util/buf.h"
#include "util/mime.h"

/* Longest line of s, CRLF not counted; also checks that every line ends
 * with CRLF and that no bare LF or CR is there. */
static size_t longest_line(const char *s, int *bare)
{
	size_t best = 0, col = 0;

	*bare = 0;
	for (const char *p = s; *p; p++) {
		if (*p == '\r' && p[1] == '\n') {
			if (col > best)
				best = col;
			col = 0;
			p++;
		} else if (*p == '\r' || *p == '\n') {
			(*bare)++;
		} else {
			col++;
		}
	}
	return col > best ? col : best;
}

static int unhex(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Quoted-printable decoding (RFC 2045 6.7), CRLF to LF. */
static char *qp_decode(const char *s)
{
	char *out = malloc(strlen(s) + 1), *o = out;
	while (*s) {
		if (s[0] == '=' && s[1] == '\r' && s[2] == '\n') {
			s += 3;
		} else if (s[0] == '=' && unhex(s[1]) >= 0 && unhex(s[2]) >= 0) {
			*o++ = (char)(unhex(s[1]) * 16 + unhex(s[2]));
			s += 3;
		} else if (s[0] == '\r' && s[1] == '\n') {
			*o++ = '\n';
			s += 2;
		} else {
			*o++ = *s++;
		}
	}
	*o = '\0';
	return out;
}

/* The text of an unstructured field: unfolded, encoded-words decoded, the
 * white space between two adjacent encoded-words dropped (RFC 2047 6.2). */
static char *field_decode(const char *field)
{
	const char *colon = strchr(field, ':');
	struct buf u = BUF_INIT, o = BUF_INIT;
	for (const char *p = colon + 1; *p; p++)
		if (*p != '\r' && *p != '\n')
			buf_addc(&u, *p);
	const char *p = u.data;
	while (*p == ' ')
		p++;
	bool prev_ew = false;
	while (*p) {
		size_t sp = strspn(p, " ");
		const char *w = p + sp;
		if (strncmp(w, "=?UTF-8?Q?", 10) == 0) {
			const char *end = strstr(w + 10, "?=");
			if (!prev_ew)
				buf_add(&o, p, sp);
			for (const char *q = w + 10; q < end; q++) {
				if (*q == '_')
					buf_addc(&o, ' ');
				else if (*q == '=') {
					buf_addc(&o, (char)(unhex(q[1]) * 16 + unhex(q[2])));
					q += 2;
				} else
					buf_addc(&o, *q);
			}
			p = end + 2;
			prev_ew = true;
		} else {
			size_t n = strcspn(w, " ");
			buf_add(&o, p, sp + n);
			p = w + n;
			prev_ew = false;
		}
	}
	buf_free(&u);
	buf_addc(&o, '\0');
	return buf_take(&o);
}

static void subject_round_trip(const char *value, int line)
{
	struct buf b = BUF_INIT;
	int bare;

	mime_unstructured(&b, "Subject", value);
	char *back = field_decode(b.data);
	if (!check_str_(back, value, "subject decodes to itself", __FILE__, line))
		fprintf(stderr, "  field: %s\n", b.data);
	check_true_(longest_line(b.data, &bare) <= 78 && bare == 0, "subject lines <= 78", __FILE__, line);
	free(back);
	buf_free(&b);
}

static void qp_round_trip(const char *text, int line)
{
	struct buf b = BUF_INIT;
	int bare;

	mime_qp(&b, text, strlen(text));
	char *back = qp_decode(b.data);
	check_str_(back, text, "quoted-printable decodes to itself", __FILE__, line);
	check_true_(longest_line(b.data, &bare) <= 76 && bare == 0, "qp lines <= 76", __FILE__, line);
	/* No encoded line may start like an mbox separator or an SMTP dot. */
	for (const char *p = b.data; p; p = strstr(p, "\r\n")) {
		if (p != b.data)
			p += 2;
		check_true_(strncmp(p, "From ", 5) != 0 && p[0] != '.', "no From or dot at a line start", __FILE__,
		            line);
		if (!*p)
			break;
	}
	free(back);
	buf_free(&b);
}

static char *field(void (*fn)(struct buf *, const char *, const char *), const char *name, const char *v)
{
	struct buf b = BUF_INIT;
	fn(&b, name, v);
	return buf_take(&b);
}

static void test_headers(void)
{
	char *s = field(mime_unstructured, "Subject", "Release of John Roe");
	CHECK_STR(s, "Subject: Release of John Roe\r\n");
	free(s);
	s = field(mime_unstructured, "Subject", "Liberación de Américo de Grazia");
	CHECK_STR(s, "Subject: =?UTF-8?Q?Liberaci=C3=B3n?= de =?UTF-8?Q?Am=C3=A9rico?= de Grazia\r\n");
	free(s);
	s = field(mime_unstructured, "Subject", "¿Dónde está?");
	CHECK_STR(s, "Subject: =?UTF-8?Q?=C2=BFD=C3=B3nde_est=C3=A1=3F?=\r\n");
	free(s);
	/* Something that looks like an encoded-word is encoded itself. */
	s = field(mime_unstructured, "Subject", "a =?x?= b");
	CHECK_STR(s, "Subject: a =?UTF-8?Q?=3D=3Fx=3F=3D?= b\r\n");
	free(s);

	subject_round_trip("Release of John Roe", __LINE__);
	subject_round_trip("Liberación de Américo de Grazia", __LINE__);
	subject_round_trip("Libertad inmediata e incondicional para Américo de Grazia, Perkins Rocha y "
	                   "las demás personas detenidas arbitrariamente en Venezuela desde julio de 2024",
	                   __LINE__);
	subject_round_trip("Ελευθερία για τους κρατούμενους συνειδήσεως — άμεσα και χωρίς όρους, σήμερα", __LINE__);
	subject_round_trip("two  spaces and a https://www.amnesty.org/en/documents/amr53/0001/2025/en/"
	                   "very-long-link-that-cannot-fit-on-one-line-at-all",
	                   __LINE__);
	subject_round_trip("Łukasz Żółć 中文 😀 end", __LINE__);

	s = field(mime_field, "Message-ID", "<abc@example.org>");
	CHECK_STR(s, "Message-ID: <abc@example.org>\r\n");
	free(s);
}

static void test_addresses(void)
{
	struct buf b = BUF_INIT;
	struct mime_mailbox one[] = {{"Ana Pérez", "ana@example.org"}};
	mime_address_field(&b, "From", one, 1);
	CHECK_STR(b.data, "From: Ana =?UTF-8?Q?P=C3=A9rez?= <ana@example.org>\r\n");
	buf_clear(&b);
	/* Adjacent words that need encoding share one encoded-word: readers
	 * disagree about the space between two. */
	struct mime_mailbox two[] = {{"José Núñez", "jn@example.org"}};
	mime_address_field(&b, "From", two, 1);
	CHECK_STR(b.data, "From: =?UTF-8?Q?Jos=C3=A9_N=C3=BA=C3=B1ez?= <jn@example.org>\r\n");
	buf_clear(&b);
	/* Dense non-ASCII goes as B when Q would not fit one word. */
	struct mime_mailbox greek[] = {{"Αλέξανδρος Παπαδόπουλος", "ap@example.gr"}};
	mime_address_field(&b, "From", greek, 1);
	CHECK(strncmp(b.data, "From: =?UTF-8?B?", 16) == 0);
	CHECK(strstr(b.data, "?=\r\n <ap@example.gr>\r\n") != NULL);
	int bare1;
	CHECK(longest_line(b.data, &bare1) <= 78);
	buf_clear(&b);

	struct mime_mailbox plain[] = {{"John Smith", "john@example.org"}, {NULL, "x@example.org"},
	                               {"Roe, Jane (Dr.)", "jane@example.org"}, {"O'Brien", "ob@example.ie"}};
	mime_address_field(&b, "To", plain, 4);
	CHECK_STR(b.data, "To: John Smith <john@example.org>, x@example.org, \"Roe, Jane (Dr.)\"\r\n"
	                  " <jane@example.org>, O'Brien <ob@example.ie>\r\n");
	buf_clear(&b);

	/* A long name splits into encoded-words on lines of their own. */
	struct mime_mailbox longname[] = {
		{"María de los Ángeles Fernández-Villaverde y Gutiérrez de la Concha Íñiguez", "maria@example.org"}};
	mime_address_field(&b, "From", longname, 1);
	int bare;
	CHECK(longest_line(b.data, &bare) <= 78);
	CHECK_INT(bare, 0);
	char *dec = field_decode(b.data);
	CHECK_STR(dec, "María de los Ángeles Fernández-Villaverde y Gutiérrez de la Concha Íñiguez <maria@example.org>");
	free(dec);
	buf_free(&b);
}

static void test_params(void)
{
	struct buf b = BUF_INIT;
	const char *p1[] = {"charset", "UTF-8", "format", "flowed"};
	mime_param_field(&b, "Content-Type", "text/plain", p1, 2);
	CHECK_STR(b.data, "Content-Type: text/plain; charset=UTF-8; format=flowed\r\n");
	buf_clear(&b);

	const char *p2[] = {"filename", "Free John Roe - Ana Perez.pdf"};
	mime_param_field(&b, "Content-Disposition", "attachment", p2, 1);
	CHECK_STR(b.data, "Content-Disposition: attachment; filename=\"Free John Roe - Ana Perez.pdf\"\r\n");
	buf_clear(&b);

	const char *p3[] = {"filename", "Pérez.pdf"};
	mime_param_field(&b, "Content-Disposition", "attachment", p3, 1);
	CHECK_STR(b.data, "Content-Disposition: attachment; filename*=UTF-8''P%C3%A9rez.pdf\r\n");
	buf_clear(&b);

	const char *p4[] = {"filename", "Libertad para Américo de Grazia y Perkins Rocha - María José Pérez "
	                                "Fernández.pdf"};
	mime_param_field(&b, "Content-Disposition", "attachment", p4, 1);
	int bare;
	CHECK(longest_line(b.data, &bare) <= 78);
	CHECK(strstr(b.data, "filename*0*=UTF-8''Libertad%20para%20Am%C3%A9rico") != NULL);
	CHECK(strstr(b.data, " filename*1*=") != NULL);
	/* No percent escape is cut between two sections. */
	CHECK(strstr(b.data, "%\r\n") == NULL && strstr(b.data, "%C;") == NULL);
	buf_free(&b);
}

static void test_bodies(void)
{
	struct buf b = BUF_INIT;

	mime_qp(&b, "a=b\n", 4);
	CHECK_STR(b.data, "a=3Db\r\n");
	buf_clear(&b);
	mime_qp(&b, "end space \nFrom here\n.dot\n", 26);
	CHECK_STR(b.data, "end space=20\r\n=46rom here\r\n=2Edot\r\n");
	buf_clear(&b);
	mime_qp(&b, "Señor", 6);
	CHECK_STR(b.data, "Se=C3=B1or");
	buf_clear(&b);

	qp_round_trip("short\n", __LINE__);
	qp_round_trip("Señor Presidente:\n\nLe escribo para pedirle que ponga en libertad inmediata e incondicional a "
	              "Américo de Grazia. \nFrom now on.\n.\n",
	              __LINE__);
	qp_round_trip("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxFrom me "
	              "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.dot\n",
	              __LINE__);
	qp_round_trip("ééééééééééééééééééééééééééééééééééééééééééééé trailing tab\t\n", __LINE__);
	qp_round_trip("no final newline é", __LINE__);

	mime_base64(&b, "Man", 3);
	CHECK_STR(b.data, "TWFu\r\n");
	buf_clear(&b);
	mime_base64(&b, "Ma", 2);
	CHECK_STR(b.data, "TWE=\r\n");
	buf_clear(&b);
	mime_base64(&b, "M", 1);
	CHECK_STR(b.data, "TQ==\r\n");
	buf_clear(&b);
	unsigned char bin[100];
	for (int i = 0; i < 100; i++)
		bin[i] = (unsigned char)(i * 7);
	mime_base64(&b, bin, sizeof(bin));
	int bare;
	CHECK_INT(longest_line(b.data, &bare), 76);
	CHECK_INT(b.len, 4 * 34 + 2 * 2);
	buf_free(&b);
}

static void test_flowed(void)
{
	struct buf b = BUF_INIT;

	mime_flowed(&b, "one two three four\n\nFrom me\n> quoted\n", 9);
	CHECK_STR(b.data, "one two \nthree \nfour\n\n From me\n > quoted\n");
	buf_clear(&b);
	/* Trailing spaces end a paragraph, not flow into the next. */
	mime_flowed(&b, "end   \nnext\n", 72);
	CHECK_STR(b.data, "end\nnext\n");
	buf_clear(&b);
	/* Width counts characters, not bytes; a long word keeps its line. */
	mime_flowed(&b, "ééé ééé https://example.org/a/very/long/path x\n", 8);
	CHECK_STR(b.data, "ééé ééé \nhttps://example.org/a/very/long/path \nx\n");
	buf_free(&b);
}

static void test_date(void)
{
	char d[64];
	CHECK_STR(mime_date(d, sizeof(d), 0), "Thu, 01 Jan 1970 00:00:00 +0000");
	CHECK_STR(mime_date(d, sizeof(d), 1795824000LL + 12 * 3600), "Sat, 28 Nov 2026 12:00:00 +0000");
}

static void addr(const char *a, bool ok, size_t at, int line)
{
	size_t bad = 999;
	const char *why = NULL;
	bool got = mime_addr_check(a, strlen(a), &bad, &why);
	if (!check_true_(got == ok, a, __FILE__, line))
		fprintf(stderr, "  %s\n", why ? why : "accepted");
	if (!ok && got == ok)
		check_int_((long long)bad, (long long)at, a, __FILE__, line);
}

static void test_addr_check(void)
{
	addr("ana@example.org", true, 0, __LINE__);
	addr("first.last+tag@mail.example.co.uk", true, 0, __LINE__);
	addr("o'brien@example.ie", true, 0, __LINE__);
	addr("", false, 0, __LINE__);
	addr("ana", false, 3, __LINE__);
	addr("@example.org", false, 0, __LINE__);
	addr("ana@", false, 4, __LINE__);
	addr("ana@localhost", false, 13, __LINE__);
	addr("ana..p@example.org", false, 3, __LINE__);
	addr(".ana@example.org", false, 0, __LINE__);
	addr("ana pérez@example.org", false, 3, __LINE__);
	addr("anapérez@example.org", false, 4, __LINE__);
	addr("ana@exa_mple.org", false, 7, __LINE__);
	addr("ana@example..org", false, 12, __LINE__);
	addr("ana@-example.org", false, 4, __LINE__);
	addr("ana(x)@example.org", false, 3, __LINE__);
	addr("a@b@example.org", false, 3, __LINE__);
}

int main(int argc, char **argv)
{
	(void)argc;
	test_headers();
	test_addresses();
	test_params();
	test_bodies();
	test_flowed();
	test_date();
	test_addr_check();
	return check_summary(argv[0]);
}
