/* The letter module: the shipped campaign, positions in JSON sources, the
 * catalog, and every invalid case under DATA/invalid/<case>/ (an input.json
 * and the one-line error it must produce).
 * Usage: test_letter DATA [LETTERS_DIR], DATA being tests/data/letters (or
 * tests/data); LETTERS_DIR defaults to the shipped letters/. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test-config.h"
#include "appeal.h"
#include "check.h"
#include "util/buf.h"
#include "util/json.h"
#include "letter/letter.h"

static const char *letters_dir = APPEAL_TEST_SOURCE_ROOT "/letters";

static void spit(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");

	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

/* A small valid letter that tests change one thing in. */
static const char minimal[] =
	"{\n"
	"  \"format\": 1,\n"
	"  \"id\": \"example-2026\",\n"
	"  \"title\": \"Example\",\n"
	"  \"issuer\": \"Amnesty International\",\n"
	"  \"deadline\": \"2026-12-31\",\n"
	"  \"addressee\": {\"name\": \"Jane Doe\", \"address\": [\"1 Main Street\"]},\n"
	"  \"texts\": {\n"
	"    \"en\": {\"title\": \"Free her\", \"salutation\": \"Dear Minister,\",\n"
	"           \"paragraphs\": [\"Please free {{name}}’s friend.\"], \"closing\": \"Yours sincerely,\"}\n"
	"  }\n"
	"}\n";

static void test_real_letter(void)
{
	char path[1024];
	struct appeal_error err = {0};
	struct appeal_letter *l;
	const struct letter_text *en, *es;
	static const char *const detainees[] = {
		"Pedro Guanipa",  "Perkins Rocha",   "Rafael Ramírez", "Américo de Grazia", "Biagio Pilieri", "Freddy Superlano",
		"Luis Somaza",    "Alfredo Díaz",    "Luis Palocz",    "Ricardo Estevez",   "Jesús Armas",    "María Oropeza",
		"Nélide Sánchez", "Roland Carreño", "Williams Dávila", "Edwin Moya"};

	snprintf(path, sizeof(path), "%s/venezuela-2025.json", letters_dir);
	l = appeal_letter_load(path, &err);
	if (!CHECK(l != NULL)) {
		char buf[1024];
		fprintf(stderr, "  %s\n", appeal_error_format(&err, buf, sizeof(buf)));
		return;
	}
	CHECK_STR(appeal_letter_id(l), "venezuela-2025");
	CHECK_STR(appeal_letter_issuer(l), "Amnesty International");
	CHECK_STR(appeal_letter_link(l), "https://www.amnesty.org/en/documents/amr53/8396/2024/en/");
	CHECK_STR(appeal_letter_source(l), path);
	CHECK(appeal_letter_title(l) && appeal_letter_title(l)[0]);
	CHECK_INT(appeal_letter_deadline(l).year, 2025);
	CHECK_INT(appeal_letter_deadline(l).month, 10);
	CHECK_INT(appeal_letter_deadline(l).day, 11);
	CHECK(appeal_letter_is_default(l));
	CHECK_INT(appeal_letter_language_count(l), 2);
	CHECK_STR(appeal_letter_language(l, 0), "en");
	CHECK_STR(appeal_letter_language(l, 1), "es");
	CHECK(appeal_letter_language(l, 2) == NULL);
	CHECK(appeal_letter_has_language(l, "es"));
	CHECK(!appeal_letter_has_language(l, "fr"));
	CHECK_STR(l->addressee_name, "Nicolás Maduro");
	CHECK_INT(l->naddress, 3);
	en = letter_text_for(l, "en");
	es = letter_text_for(l, "es");
	if (CHECK(en && es)) {
		CHECK_INT(en->nparagraphs, 5);
		CHECK_INT(es->nparagraphs, 5);
		CHECK_STR(en->salutation, "President Maduro,");
		CHECK_STR(en->closing, "Yours sincerely,");
		CHECK_STR(es->salutation, "Señor Presidente:");
		CHECK_STR(es->closing, "Atentamente,");
		CHECK_STR(es->addressee_title, "Excelentísimo Señor Presidente de la República");
		CHECK(strncmp(en->paragraphs[0], "We are writing to demand the release", 36) == 0);
		CHECK(strstr(en->paragraphs[4], "all guarantees of a fair trial.") != NULL);
	}
	for (size_t i = 0; i < sizeof(detainees) / sizeof(*detainees); i++) {
		bool listed = false, in_en = en && strstr(en->paragraphs[2], detainees[i]),
		     in_es = es && strstr(es->paragraphs[2], detainees[i]);
		for (size_t j = 0; j < l->nnames; j++)
			listed = listed || strcmp(l->names[j], detainees[i]) == 0;
		if (!CHECK(listed && in_en && in_es))
			fprintf(stderr, "  %s\n", detainees[i]);
	}
	CHECK_INT(l->nnames, 17);
	appeal_letter_free(l);
}

static void test_parse_memory(void)
{
	struct appeal_error err = {0};
	struct appeal_letter *l = appeal_letter_parse(minimal, strlen(minimal), "mem", &err);
	const struct letter_text *en;

	if (!CHECK(l != NULL)) {
		fprintf(stderr, "  %s\n", err.message);
		return;
	}
	CHECK_INT(err.code, 0);
	CHECK_STR(appeal_letter_id(l), "example-2026");
	CHECK_STR(appeal_letter_source(l), "mem");
	CHECK_STR(appeal_letter_link(l), "");
	CHECK(!appeal_letter_is_default(l));
	CHECK_INT(l->nnames, 0);
	en = letter_text_for(l, "en");
	if (CHECK(en != NULL)) {
		CHECK_STR(en->subject, "");
		CHECK_STR(en->addressee_title, "");
		CHECK_STR(en->paragraphs[0], "Please free {{name}}’s friend.");
	}
	appeal_letter_free(l);

	/* A BOM is skipped and does not count as a column. */
	{
		size_t n = strlen(minimal);
		char *bom = malloc(n + 4);
		memcpy(bom, "\xEF\xBB\xBF", 3);
		memcpy(bom + 3, minimal, n + 1);
		l = appeal_letter_parse(bom, n + 3, "bom", NULL);
		CHECK(l != NULL);
		appeal_letter_free(l);
		memcpy(bom + 3, "[]", 2);
		l = appeal_letter_parse(bom, 5, "bom", &err);
		CHECK(l == NULL);
		CHECK_INT(err.line, 1);
		CHECK_INT(err.column, 1);
		free(bom);
	}

	/* Without an error struct a bad letter still fails, quietly. */
	CHECK(appeal_letter_parse("{", 1, "x", NULL) == NULL);
	CHECK(appeal_letter_parse("{\"format\": 2}", 13, "x", NULL) == NULL);
	CHECK(appeal_letter_parse(NULL, 0, NULL, NULL) == NULL);

	/* The first error stays: a second failure adds nothing to it. */
	appeal_error_clear(&err);
	CHECK(appeal_letter_parse("[", 1, "first", &err) == NULL);
	CHECK(appeal_letter_parse("{\n\"a\":1,\"a\":2}", 14, "second", &err) == NULL);
	CHECK_STR(err.source, "first");
	CHECK_INT(err.line, 1);
	CHECK_INT(err.column, 2);

	appeal_error_clear(&err);
	CHECK(appeal_letter_load("/nonexistent/letter.json", &err) == NULL);
	CHECK_INT(err.code, APPEAL_ENOTFOUND);
	CHECK_STR(err.source, "/nonexistent/letter.json");
	appeal_letter_free(NULL);
}

static void test_recipients(void)
{
	static const char text[] =
		"{\"format\": 1, \"id\": \"x\", \"title\": \"X\", \"issuer\": \"AI\", \"deadline\": \"2026-12-31\",\n"
		" \"addressee\": {\"name\": \"Jane Doe\", \"address\": [\"1 Main Street\"],\n"
		"   \"email\": [\"  Ministra de Justicia  <ministra@justicia.example> \", \"copia@embajada.example\"]},\n"
		" \"texts\": {\"en\": {\"title\": \"T\", \"salutation\": \"S\", \"paragraphs\": [\"P\"], \"closing\": \"C\",\n"
		"                   \"email\": [\"<embassy@example.org>\"]},\n"
		"           \"es\": {\"title\": \"T\", \"salutation\": \"S\", \"paragraphs\": [\"P\"], \"closing\": \"C\"},\n"
		"           \"fr\": {\"title\": \"T\", \"salutation\": \"S\", \"paragraphs\": [\"P\"], \"closing\": \"C\",\n"
		"                   \"email\": []}}}\n";
	struct appeal_error err = {0};
	struct appeal_letter *l = appeal_letter_parse(text, strlen(text), "mem", &err);
	size_t n = 99;

	if (!CHECK(l != NULL)) {
		fprintf(stderr, "  %s\n", err.message);
		return;
	}
	const struct letter_mailbox *m = letter_recipients(l, letter_text_for(l, "es"), &n);
	CHECK_INT(n, 2);
	CHECK_STR(m[0].name, "Ministra de Justicia");
	CHECK_STR(m[0].addr, "ministra@justicia.example");
	CHECK_STR(m[1].name, "");
	CHECK_STR(m[1].addr, "copia@embajada.example");
	m = letter_recipients(l, letter_text_for(l, "en"), &n);
	CHECK_INT(n, 1);
	CHECK_STR(m[0].name, "");
	CHECK_STR(m[0].addr, "embassy@example.org");
	letter_recipients(l, letter_text_for(l, "fr"), &n);
	CHECK_INT(n, 0);
	appeal_letter_free(l);

	/* Without any, a letter has no recipients (and is still valid). */
	l = appeal_letter_parse(minimal, strlen(minimal), "mem", NULL);
	letter_recipients(l, letter_text_for(l, "en"), &n);
	CHECK_INT(n, 0);
	appeal_letter_free(l);
}

static void test_line_column(void)
{
	/* "é" is two bytes and "€" three, "😀" four: columns count characters. */
	const char *s = "ab\néé€x\r\n😀y\rz";
	size_t len = strlen(s);
	int line, col;

	json_line_column(s, len, 0, &line, &col);
	CHECK(line == 1 && col == 1);
	json_line_column(s, len, 2, &line, &col);
	CHECK(line == 1 && col == 3);
	json_line_column(s, len, 3, &line, &col);
	CHECK(line == 2 && col == 1);
	json_line_column(s, len, 5, &line, &col); /* the second é */
	CHECK(line == 2 && col == 2);
	json_line_column(s, len, 10, &line, &col); /* x after € */
	CHECK_INT(line, 2);
	CHECK_INT(col, 4);
	json_line_column(s, len, 17, &line, &col); /* y after the emoji, past CRLF */
	CHECK_INT(line, 3);
	CHECK_INT(col, 2);
	json_line_column(s, len, len - 1, &line, &col); /* z after a lone CR */
	CHECK_INT(line, 4);
	CHECK_INT(col, 1);
	json_line_column(s, len, len + 10, &line, &col); /* clamped to the end */
	CHECK_INT(line, 4);
	CHECK_INT(col, 2);
}

static void test_locate(void)
{
	const char *s = "{ \"a\": [1, {\"b\": \"x\\\"y\"}], \"a\" : \"é\\u00e9{{\" }";
	size_t len = strlen(s), off = 0;
	size_t p1[] = {0, 1, 0}, p2[] = {1}, p3[] = {5};

	CHECK_INT(json_locate(s, len, p1, 3, JSON_KEY, &off), 0);
	CHECK_INT(off, 12);
	CHECK_INT(json_locate(s, len, p1, 3, JSON_VALUE, &off), 0);
	CHECK_INT(off, 17);
	/* The second "a", not the first. */
	CHECK_INT(json_locate(s, len, p2, 1, JSON_KEY, &off), 0);
	CHECK_INT(off, 27);
	CHECK_INT(json_locate(s, len, p2, 1, JSON_VALUE, &off), 0);
	CHECK_INT(off, 33);
	CHECK_INT(json_locate(s, len, p3, 1, JSON_VALUE, &off), -1);
	CHECK_INT(json_locate(s, len, NULL, 0, JSON_VALUE, &off), 0);
	CHECK_INT(off, 0);
	/* Decoded "éé{{": byte 4 is the "{{", after a raw é and a \u escape. */
	CHECK_INT(json_string_offset(s, len, 33, 0), 34);
	CHECK_INT(json_string_offset(s, len, 33, 2), 36);
	CHECK_INT(json_string_offset(s, len, 33, 3), 36);
	CHECK_INT(json_string_offset(s, len, 33, 4), 42);
	CHECK_INT(json_string_offset(s, len, 33, 99), 44);
}

static void test_duplicate(void)
{
	struct appeal_error err = {0};
	const char *s = "{\"x\": {\"k\": 1, \"j\": 2},\n \"y\": [{\"k\": 1}, {\"k\": 2,\n   \"k\": 3}],\n \"x\": 0}";
	struct json_doc *doc = json_doc_parse(s, strlen(s), "dup.json", &err);

	/* The nested repeat comes first in the file and wins. */
	CHECK(doc == NULL);
	CHECK_STR(err.message, "duplicate key \"k\"");
	CHECK_INT(err.line, 3);
	CHECK_INT(err.column, 4);
	CHECK_STR(err.hint, "the first one is at line 2, column 19; keep one of them");
	CHECK_INT(err.code, APPEAL_ESYNTAX);

	appeal_error_clear(&err);
	doc = json_doc_parse("{\"a\": 1, \"b\": {}, \"a\": 2}", 25, "dup.json", &err);
	CHECK(doc == NULL);
	CHECK_INT(err.column, 19);

	appeal_error_clear(&err);
	s = "{\"a\": {\"a\": 1}, \"b\": [\"a\", \"a\"]}";
	doc = json_doc_parse(s, strlen(s), "ok.json", &err);
	CHECK(doc != NULL);
	CHECK_INT(err.code, 0);
	json_doc_free(doc);
}

static void test_hints(void)
{
	struct appeal_error err = {0};
	char *bad = strdup(minimal);
	char *key = strstr(bad, "\"closing\"");

	memcpy(key, "\"closin\" ", 9);
	CHECK(appeal_letter_parse(bad, strlen(bad), "t.json", &err) == NULL);
	CHECK_STR(err.message, "unknown key \"closin\" in \"texts.en\"");
	CHECK_STR(err.path, "texts.en.closin");
	CHECK(strncmp(err.hint, "did you mean \"closing\"?", 23) == 0);
	free(bad);
}

/* A huge input fails cleanly, before any parsing. */
static void test_limits(void)
{
	struct appeal_error err = {0};
	size_t n = JSON_MAX_BYTES + 1;
	char *big = malloc(n);

	memset(big, ' ', n);
	CHECK(appeal_letter_parse(big, n, "big.json", &err) == NULL);
	CHECK_STR(err.message, "the file is larger than 1 MiB");
	free(big);

	/* A paragraph over LETTER_MAX_TEXT bytes, then paragraphs that add up
	 * to more than LETTER_MAX_BODY: refused where they go past the limit. */
	static const char head[] =
		"{\"format\": 1, \"id\": \"x\", \"title\": \"X\", \"issuer\": \"Y\", \"deadline\": \"2026-12-31\",\n"
		"\"addressee\": {\"name\": \"Jane Doe\", \"address\": [\"1 Main Street\"]},\n"
		"\"texts\": {\"en\": {\"title\": \"T\", \"salutation\": \"Dear,\", \"closing\": \"Yours,\",\n"
		"\"paragraphs\": [\"";
	for (int round = 0; round < 3; round++) {
		size_t len = round == 0 ? LETTER_MAX_TEXT : round == 1 ? LETTER_MAX_TEXT + 1 : 15000;
		int count = round == 2 ? 5 : 1;
		struct buf b = BUF_INIT;
		buf_adds(&b, head);
		for (int k = 0; k < count; k++) {
			buf_adds(&b, k ? "\", \"" : "");
			for (size_t i = 0; i < len; i++)
				buf_addc(&b, i % 7 == 6 ? ' ' : 'a');
		}
		buf_adds(&b, "\"]}}}\n");
		appeal_error_clear(&err);
		struct appeal_letter *l = appeal_letter_parse(b.data, b.len, "long.json", &err);
		if (round == 0) {
			CHECK(l != NULL);
		} else if (round == 1) {
			CHECK(l == NULL);
			CHECK_STR(err.message, "\"paragraphs[0]\" is 16385 bytes long; at most 16384 are accepted");
			CHECK_INT(err.line, 4);
			CHECK_INT(err.column, 17 + 16384); /* the first byte past the limit */
			CHECK_STR(err.path, "texts.en.paragraphs[0]");
		} else {
			CHECK(l == NULL);
			CHECK_STR(err.message, "the paragraphs up to \"paragraphs[4]\" hold 75000 bytes; at most 65536 are "
			                       "accepted in one language");
			CHECK_STR(err.path, "texts.en.paragraphs[4]");
		}
		appeal_letter_free(l);
		free(b.data);
	}
}

static void make_dir_with(const char *dir, const char *name, const char *id, bool is_default)
{
	char path[512], *text = strdup(minimal), *p;
	size_t need = strlen(minimal) + 64;
	char *out = malloc(need);

	p = strstr(text, "example-2026");
	*p = '\0';
	snprintf(out, need, "%s%s\",%s%s", text, id, is_default ? " \"default\": true," : "",
	         p + strlen("example-2026\","));
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	spit(path, out);
	free(out);
	free(text);
}

static void test_catalog(void)
{
	struct appeal_error err = {0};
	struct appeal_catalog *cat = appeal_catalog_open(letters_dir, &err);
	char tmpl[] = "/tmp/test_letter_XXXXXX", path[600], buf[1024];
	const char *dir;

	if (CHECK(cat != NULL)) {
		CHECK(appeal_catalog_count(cat) >= 1);
		CHECK(appeal_catalog_find(cat, "venezuela-2025") != NULL);
		CHECK(appeal_catalog_find(cat, "nope") == NULL);
		CHECK(appeal_catalog_default(cat) != NULL);
	} else {
		fprintf(stderr, "  %s\n", appeal_error_format(&err, buf, sizeof(buf)));
	}
	appeal_catalog_free(cat);

	dir = mkdtemp(tmpl);
	if (!CHECK(dir != NULL))
		return;
	/* An empty directory is an empty catalog, without a default. */
	cat = appeal_catalog_open(dir, NULL);
	CHECK(cat != NULL);
	CHECK_INT(appeal_catalog_count(cat), 0);
	CHECK(appeal_catalog_default(cat) == NULL);
	appeal_catalog_free(cat);
	appeal_error_clear(&err);
	CHECK(appeal_catalog_open("/nonexistent/letters", &err) == NULL);
	CHECK_INT(err.code, APPEAL_ENOTFOUND);

	/* Two letters, neither marked: no default; sorted by id, not file name. */
	make_dir_with(dir, "a.json", "zz-last", false);
	make_dir_with(dir, "b.json", "aa-first", false);
	snprintf(path, sizeof(path), "%s/.hidden.json", dir);
	spit(path, "not json");
	snprintf(path, sizeof(path), "%s/notes.txt", dir);
	spit(path, "not json");
	cat = appeal_catalog_open(dir, NULL);
	if (CHECK(cat != NULL)) {
		CHECK_INT(appeal_catalog_count(cat), 2);
		CHECK_STR(appeal_letter_id(appeal_catalog_letter(cat, 0)), "aa-first");
		CHECK_STR(appeal_letter_id(appeal_catalog_letter(cat, 1)), "zz-last");
		CHECK(appeal_catalog_letter(cat, 2) == NULL);
		CHECK(appeal_catalog_default(cat) == NULL);
	}
	appeal_catalog_free(cat);

	make_dir_with(dir, "b.json", "aa-first", true);
	cat = appeal_catalog_open(dir, NULL);
	CHECK_STR(appeal_letter_id(appeal_catalog_default(cat)), "aa-first");
	appeal_catalog_free(cat);

	/* Two files with one id. */
	make_dir_with(dir, "c.json", "zz-last", false);
	appeal_error_clear(&err);
	CHECK(appeal_catalog_open(dir, &err) == NULL);
	snprintf(buf, sizeof(buf), "the id \"zz-last\" is also used by %s/a.json", dir);
	CHECK_STR(err.message, buf);
	snprintf(path, sizeof(path), "%s/c.json", dir);
	CHECK_STR(err.source, path);

	/* A broken file is named, not skipped. */
	spit(path, "{\"format\": 1,}");
	appeal_error_clear(&err);
	CHECK(appeal_catalog_open(dir, &err) == NULL);
	CHECK_STR(err.source, path);
	CHECK_INT(err.column, 13);

	const char *names[] = {"a.json", "b.json", "c.json", ".hidden.json", "notes.txt"};
	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		unlink(path);
	}
	rmdir(dir);
}

static int compare_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Each case directory holds input.json and error, the exact line
 * appeal_error_format() must give for source "input.json". */
static void test_invalid_cases(const char *data)
{
	char dir[512], path[1024], got[1024];
	char *cases[256];
	size_t n = 0;
	struct dirent *e;
	DIR *d;

	/* DATA may be tests/data or tests/data/letters. */
	snprintf(dir, sizeof(dir), "%s/invalid", data);
	d = opendir(dir);
	if (!d) {
		snprintf(dir, sizeof(dir), "%s/letters/invalid", data);
		d = opendir(dir);
	}
	if (!CHECK(d != NULL)) {
		fprintf(stderr, "  cannot open %s\n", dir);
		return;
	}
	while ((e = readdir(d)) != NULL && n < 256)
		if (e->d_name[0] != '.')
			cases[n++] = strdup(e->d_name);
	closedir(d);
	qsort(cases, n, sizeof(*cases), compare_str);
	CHECK(n >= 15);
	for (size_t i = 0; i < n; i++) {
		struct appeal_error err = {0};
		size_t ilen = 0, elen = 0;
		char *input, *want;
		struct appeal_letter *l;

		snprintf(path, sizeof(path), "%s/%s/input.json", dir, cases[i]);
		input = check_read_file(path, &ilen);
		snprintf(path, sizeof(path), "%s/%s/error", dir, cases[i]);
		want = check_read_file(path, &elen);
		if (!CHECK(input && want)) {
			fprintf(stderr, "  case %s is incomplete\n", cases[i]);
		} else {
			while (elen > 0 && (want[elen - 1] == '\n' || want[elen - 1] == '\r'))
				want[--elen] = '\0';
			l = appeal_letter_parse(input, ilen, "input.json", &err);
			CHECK(l == NULL);
			CHECK(err.code < 0);
			if (!CHECK_STR(appeal_error_format(&err, got, sizeof(got)), want))
				fprintf(stderr, "  in case %s\n", cases[i]);
			appeal_letter_free(l);
		}
		free(input);
		free(want);
		free(cases[i]);
	}
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s DATA [LETTERS_DIR]\n", argv[0]);
		return 2;
	}
	if (argc > 2)
		letters_dir = argv[2];
	test_real_letter();
	test_parse_memory();
	test_recipients();
	test_line_column();
	test_locate();
	test_duplicate();
	test_hints();
	test_limits();
	test_catalog();
	test_invalid_cases(argv[1]);
	return check_summary(argv[0]);
}
