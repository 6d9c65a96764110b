/* Signer tables as offices send them. argv[1] is tests/data/signers. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "signers/model.h"
#include "signers/numfmt.h"
#include "signers/signers.h"
#include "signers/value.h"
#include "util/buf.h"

static const char *dir;

static struct appeal_signers *open_fixture(const char *name, const struct appeal_signers_options *o)
{
	char path[1024];
	struct appeal_error err = {0};
	char msg[1024];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	struct appeal_signers *s = appeal_signers_read(path, o, &err);
	if (!s)
		fprintf(stderr, "%s\nhint: %s\n", appeal_error_format(&err, msg, sizeof(msg)), err.hint);
	CHECK(s != NULL);
	return s;
}

static const struct appeal_signer_row *row(const struct appeal_signers *s, size_t i)
{
	static const struct appeal_signer_row none = {0};
	const struct appeal_signer_row *r = appeal_signers_row(s, i);
	CHECK(r != NULL);
	return r ? r : &none;
}

static void test_excel_spanish(void)
{
	struct appeal_signers *s = open_fixture("excel-es.csv", NULL);
	if (!s)
		return;
	CHECK_STR(appeal_signers_format(s), "csv");
	CHECK_STR(appeal_signers_encoding(s), "WINDOWS-1252");
	CHECK(strstr(appeal_signers_encoding_reason(s), "not valid UTF-8") != NULL);
	CHECK_INT(appeal_signers_delimiter(s), ';');
	CHECK_STR(appeal_signers_delimiter_reason(s), "the first line 'sep=;'");
	CHECK_INT(appeal_signers_count(s), 3);
	CHECK_INT(appeal_signers_problem_count(s), 0);
	/* The sep= line is not a row: the header is row 1. */
	CHECK_INT(row(s, 0)->row, 2);
	CHECK_STR(row(s, 0)->name, "Jos\xc3\xa9 N\xc3\xba\xc3\xb1" "ez");
	CHECK_STR(row(s, 0)->city, "M\xc3\xa9rida");
	CHECK_STR(row(s, 0)->lang, "es");
	CHECK_STR(row(s, 0)->note, "\xc2\xa1Libertad ya! Don\xc3\xa9 5 \xe2\x82\xac");
	CHECK_STR(row(s, 0)->date, "2026-11-28");
	CHECK_INT(row(s, 0)->when.year, 2026);
	CHECK_INT(row(s, 0)->when.month, 11);
	CHECK_INT(row(s, 0)->when.day, 28);
	CHECK_STR(row(s, 1)->note, "");
	CHECK_STR(row(s, 1)->date, "");
	CHECK_INT(row(s, 1)->when.year, 0);
	CHECK_STR(row(s, 2)->name, "Zo\xc3\xab \xc3\x91" "and\xc3\xba");
	CHECK_STR(row(s, 2)->note, "Con ; y \"comillas\"");
	CHECK_STR(row(s, 2)->lang, "es");
	CHECK_STR(appeal_signers_column(s, "name"), "Nombre");
	CHECK_STR(appeal_signers_column(s, "lang"), "Idioma");
	CHECK_STR(appeal_signers_column(s, "language"), "Idioma");
	CHECK(appeal_signers_column(s, "email") == NULL);
	CHECK_INT(appeal_signers_unused_count(s), 0);

	struct appeal_signer sg;
	CHECK_INT(appeal_signers_signer(&sg, s, 0), 0);
	CHECK_STR(sg.city, "M\xc3\xa9rida");
	CHECK_INT(sg.date.day, 28);
	CHECK_INT(appeal_signers_signer(&sg, s, 3), APPEAL_EINVAL);
	CHECK(appeal_signers_row(s, 3) == NULL);
	appeal_signers_free(s);
}

static void test_excel_utf8_bom(void)
{
	struct appeal_signers *s = open_fixture("excel-utf8-bom.csv", NULL);
	if (!s)
		return;
	CHECK_STR(appeal_signers_encoding(s), "UTF-8");
	CHECK_STR(appeal_signers_encoding_reason(s), "byte order mark EF BB BF");
	CHECK_INT(appeal_signers_delimiter(s), ',');
	/* The BOM does not stay glued to the first header. */
	CHECK_STR(appeal_signers_header(s, 0), "Name");
	CHECK_STR(appeal_signers_column(s, "name"), "Name");
	CHECK_INT(appeal_signers_count(s), 2);
	CHECK_STR(row(s, 0)->name, "Jos\xc3\xa9 N\xc3\xba\xc3\xb1" "ez");
	CHECK_STR(row(s, 0)->note, "Free them, now");
	CHECK_STR(row(s, 0)->lang, "en");
	CHECK_STR(row(s, 1)->name, "\xc5\x81ukasz \xc5\xbb\xc3\xb3\xc5\x82\xc4\x87");
	CHECK_INT(appeal_signers_problem_count(s), 0);
	appeal_signers_free(s);
}

static void test_libreoffice(void)
{
	struct appeal_signers *s = open_fixture("libreoffice.csv", NULL);
	if (!s)
		return;
	CHECK_STR(appeal_signers_encoding(s), "UTF-8");
	CHECK_STR(appeal_signers_encoding_reason(s), "valid UTF-8");
	CHECK_STR(appeal_signers_column(s, "name"), "Full name");
	CHECK_STR(appeal_signers_column(s, "city"), "Town");
	CHECK_STR(appeal_signers_column(s, "note"), "Comment");
	CHECK_STR(appeal_signers_column(s, "email"), "E-mail");
	CHECK_INT(appeal_signers_count(s), 2);
	CHECK_STR(row(s, 0)->email, "ana@example.org");
	CHECK_STR(row(s, 1)->name, "Nguy\xe1\xbb\x85n V\xc4\x83n An");
	CHECK_STR(row(s, 1)->note, "Quote \"this\"");
	appeal_signers_free(s);
}

static void test_google_forms(void)
{
	struct appeal_signers *s = open_fixture("google-forms.csv", NULL);
	if (!s)
		return;
	CHECK_STR(appeal_signers_column(s, "name"), "Nombre completo");
	CHECK_STR(appeal_signers_column(s, "email"), "Correo electr\xc3\xb3nico");
	CHECK_STR(appeal_signers_column(s, "lang"), "Idioma");
	CHECK_STR(appeal_signers_column(s, "note"), "Mensaje (opcional)");
	/* A form's timestamp is known and feeds nothing: not "unused". */
	CHECK_INT(appeal_signers_unused_count(s), 0);
	CHECK(appeal_signers_unused(s, 0) == NULL);
	CHECK_STR(row(s, 1)->note, "Por favor, liberadlos");
	CHECK_INT(appeal_signers_count(s), 2);
	CHECK_STR(row(s, 0)->lang, "es");
	CHECK_STR(row(s, 1)->lang, "en");
	CHECK_STR(row(s, 1)->city, "Madrid");
	CHECK_STR(row(s, 0)->note, "");
	appeal_signers_free(s);
}

/* One header row as people write it, and the field each column feeds. */
struct header_case {
	const char *csv;
	const char *field[6]; /* per field below: the column's key, or NULL */
	size_t unused;
};

static void test_headers(void)
{
	static const char *const fields[6] = {"name", "city", "lang", "note", "email", "date"};
	static const struct header_case cases[] = {
		{"Marca temporal,Nombre y apellidos,Ciudad,\xc2\xbf" "En qu\xc3\xa9 idioma quieres tu carta?,"
		 "Escribe unas palabras (opcional),Direcci\xc3\xb3n de correo electr\xc3\xb3nico\n"
		 "2026/11/28 10:15:03,Ana,Madrid,Espa\xc3\xb1ol,Hola,a@example.org\n",
		 {"Nombre y apellidos", "Ciudad", "\xc2\xbf" "En qu\xc3\xa9 idioma quieres tu carta?",
		  "Escribe unas palabras (opcional)", "Direcci\xc3\xb3n de correo electr\xc3\xb3nico", NULL}, 0},
		{"Timestamp,What is your full name?,Your city:,Which language should your letter be in?,"
		 "Comments (optional),Email Address\n1,Ann,Leeds,English,Hi,a@example.org\n",
		 {"What is your full name?", "Your city:", "Which language should your letter be in?",
		  "Comments (optional)", "Email Address", NULL}, 0},
		{"NOMBRE:,\xc2\xa1" "Tu mensaje!,E-Mail,LOCALIDAD,Fecha de firma,C\xc3\xb3" "digo postal\n"
		 "Ana,Hola,a@example.org,Vigo,2026-11-28,36201\n",
		 {"NOMBRE:", "LOCALIDAD", NULL, "\xc2\xa1" "Tu mensaje!", "E-Mail", "Fecha de firma"}, 1},
		/* "Nombre" beside "Apellidos" is the first name. */
		{"Nombre,Apellidos,Poblaci\xc3\xb3n,Lengua\nAna,Garc\xc3\xad" "a,Lugo,ES-es\n",
		 {NULL, "Poblaci\xc3\xb3n", "Lengua", NULL, NULL, NULL}, 0},
		{"First name,Last name,Town,Message to the minister\nAnn,Lee,York,Hi\n",
		 {NULL, "Town", NULL, "Message to the minister", NULL, NULL}, 0},
		/* An office's own remarks are never printed as the signer's
		 * words; an empty unknown column loses nothing, a full one is named. */
		{"name,notas internas,vac\xc3\xado\nAna,x,\n", {"name", NULL, NULL, NULL, NULL, NULL}, 1},
		{"name,Internal comments,Nota\nAna,x,y\n", {"name", NULL, NULL, "Nota", NULL, NULL}, 1},
		{"name,Observaciones,vac\xc3\xado\nAna,x,\n", {"name", NULL, NULL, NULL, NULL, NULL}, 1},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct header_case *c = &cases[i];
		struct appeal_error err = {0};
		struct appeal_signers *s = appeal_signers_read_mem(c->csv, strlen(c->csv), "form.csv", NULL, &err);
		CHECK(s != NULL);
		if (!s) {
			fprintf(stderr, "case %zu: %s\n", i, err.message);
			continue;
		}
		for (int f = 0; f < 6; f++) {
			const char *got = appeal_signers_column(s, fields[f]);
			if (c->field[f])
				CHECK_STR(got, c->field[f]);
			else
				CHECK(got == NULL);
		}
		CHECK_INT(appeal_signers_unused_count(s), c->unused);
		CHECK_INT(row(s, 0)->problem, APPEAL_SIGNER_OK);
		appeal_signers_free(s);
	}
}

/* Language cells as people fill them in. */
static void test_lang_values(void)
{
	static const char *const es[] = {"Espa\xc3\xb1ol", "ESPA\xc3\x91OL", "spanish", "Castellano", "es", "ES",
	                                  "ES-es", "es_MX", "En espa\xc3\xb1ol", "Espa\xc3\xb1ol (Spanish)", "spa"};
	static const char *const en[] = {"English", "ENGLISH", "Ingl\xc3\xa9s", "ingles", "en", "EN-gb", "In English",
	                                 "eng"};
	static const char *const none[] = {"sv", "svenska", "esp", "e", ""}; /* not in the language table */
	for (size_t i = 0; i < sizeof(es) / sizeof(es[0]); i++)
		CHECK_STR(signers_lang_code(es[i]), "es");
	for (size_t i = 0; i < sizeof(en) / sizeof(en[0]); i++)
		CHECK_STR(signers_lang_code(en[i]), "en");
	for (size_t i = 0; i < sizeof(none) / sizeof(none[0]); i++)
		CHECK(signers_lang_code(none[i]) == NULL);
}

static struct appeal_signers *open_sheet(const char *name, const char *sheet, struct appeal_error *err)
{
	char path[1024];
	struct appeal_signers_options o = APPEAL_SIGNERS_OPTIONS_INIT;
	o.sheet = sheet;
	snprintf(path, sizeof(path), "%s/../sheets/%s", dir, name);
	return appeal_signers_read(path, &o, err);
}

/* The same 120 signers saved by LibreOffice as .xlsx, .ods and .xls read
 * alike, and as the form's CSV with its question headers. */
static void test_workbooks(void)
{
	static const char *const books[] = {"signers-120.xlsx", "signers-120.ods", "signers-120.xls"};
	char *json[3] = {NULL, NULL, NULL};
	struct appeal_signers *form = open_sheet("google-forms-120.csv", NULL, NULL);
	CHECK(form != NULL);
	for (int b = 0; b < 3; b++) {
		struct appeal_error err = {0};
		struct appeal_signers *s = open_sheet(books[b], NULL, &err);
		CHECK(s != NULL);
		if (!s) {
			fprintf(stderr, "%s: %s\n", books[b], err.message);
			continue;
		}
		CHECK_STR(appeal_signers_format(s), books[b] + 12);
		CHECK_STR(appeal_signers_sheet(s), "Firmantes");
		CHECK_INT(appeal_signers_count(s), 120);
		CHECK_INT(appeal_signers_problem_count(s), 0);
		CHECK_STR(appeal_signers_column(s, "note"), "Comentario");
		CHECK_INT(appeal_signers_unused_count(s), 1);
		CHECK_STR(appeal_signers_unused(s, 0), "C\xc3\xb3" "digo postal");
		json[b] = appeal_signers_to_json(s);
		/* Row by row the same signer as the form gave, in the same
		 * language, with the same words. */
		for (size_t i = 0; form && i < 120; i++) {
			const struct appeal_signer_row *a = row(s, i), *f = row(form, i);
			CHECK_STR(a->name, f->name);
			CHECK_STR(a->lang, f->lang);
			CHECK_STR(a->note, f->note);
			CHECK_INT(a->row, (long)i + 2);
		}
		/* Dates are date cells in the sheet: read as dates. */
		CHECK_STR(row(s, 0)->date, "2026-11-01");
		CHECK_INT(row(s, 0)->when.day, 1);
		appeal_signers_free(s);
	}
	if (json[0] && json[1] && json[2]) {
		CHECK_STR(json[1], json[0]);
		CHECK_STR(json[2], json[0]);
		/* The postcode is a text cell: 08001 keeps its zero. */
		CHECK(strstr(json[0], "\"C\xc3\xb3" "digo postal\": \"08001\"") != NULL);
	}
	for (int b = 0; b < 3; b++)
		free(json[b]);
	if (form) {
		CHECK_STR(appeal_signers_column(form, "lang"), "\xc2\xbf" "En qu\xc3\xa9 idioma quieres tu carta?");
		CHECK_STR(appeal_signers_column(form, "note"), "Escribe unas palabras (opcional)");
		CHECK_INT(appeal_signers_unused_count(form), 0);
		size_t es = 0, notes = 0;
		for (size_t i = 0; i < 120; i++) {
			es += strcmp(row(form, i)->lang, "es") == 0;
			notes += row(form, i)->note[0] != '\0';
		}
		CHECK(es > 40 && es < 100);
		CHECK(notes > 40 && notes < 100);
		appeal_signers_free(form);
	}
}

/* A title above the header, a hidden row, an empty cell, a postcode
 * formatted "00000", another sheet by name; damaged and locked files. */
static void test_workbook_quirks(void)
{
	static const char *const books[] = {"quirks.xlsx", "quirks.ods", "quirks.xls"};
	for (int b = 0; b < 3; b++) {
		struct appeal_error err = {0};
		struct appeal_signers *s = open_sheet(books[b], NULL, &err);
		CHECK(s != NULL);
		if (!s)
			continue;
		CHECK_INT(appeal_signers_count(s), 3);
		CHECK_STR(appeal_signers_column(s, "name"), "Nombre");
		CHECK_STR(row(s, 0)->name, "N\xc3\xbaria G\xc3\xbc" "ell");
		CHECK_INT(row(s, 0)->row, 3);
		CHECK_STR(row(s, 0)->date, "2026-11-02");
		CHECK_STR(row(s, 1)->city, "");
		CHECK_STR(row(s, 1)->lang, "es");
		CHECK_STR(row(s, 2)->lang, "en");
		CHECK_STR(appeal_signers_note(s, 0), "row 1, above the header, was taken as a title and not read");
		/* FreeXL knows neither hidden rows nor number formats. */
		if (b < 2) {
			CHECK_STR(appeal_signers_note(s, 1), "row 4 is hidden in the sheet; it is read like the others");
			char *j = appeal_signers_to_json(s);
			CHECK(j && strstr(j, "\"CP\": \"08001\"") && strstr(j, "\"CP\": \"05001\""));
			free(j);
		}
		appeal_signers_free(s);
		s = open_sheet(books[b], "Online", &err);
		CHECK(s != NULL);
		if (s) {
			CHECK_INT(appeal_signers_count(s), 1);
			CHECK_STR(row(s, 0)->name, "Grace Evans");
			appeal_signers_free(s);
		}
		CHECK(open_sheet(books[b], "Hoja3", &err) == NULL);
		CHECK_INT(err.code, APPEAL_ENOTFOUND);
		CHECK_STR(err.message, "the workbook has no sheet 'Hoja3'; its sheets: Feria, Online");
		CHECK_STR(err.hint, "give one of them with --sheet NAME");
	}
	/* Damaged: cut in half. Locked: an encrypted Office file is an OLE
	 * container, whatever its name says. */
	struct { const char *name; size_t keep; const char *message; } bad[] = {
		{"signers-120.xlsx", 5000, "this is not a readable .xlsx workbook: the zip archive is damaged"},
		{"signers-120.ods", 5000, "this is not a readable .ods workbook: the zip archive is damaged"},
		{"signers-120.xls", 5000, NULL},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char path[1024];
		snprintf(path, sizeof(path), "%s/../sheets/%s", dir, bad[i].name);
		FILE *f = fopen(path, "rb");
		unsigned char *data = malloc(bad[i].keep);
		size_t n = f && data ? fread(data, 1, bad[i].keep, f) : 0;
		if (f)
			fclose(f);
		struct appeal_error err = {0};
		CHECK(appeal_signers_read_mem(data, n, bad[i].name, NULL, &err) == NULL);
		CHECK(err.code != 0 && err.hint[0] != '\0');
		if (bad[i].message)
			CHECK_STR(err.message, bad[i].message);
		free(data);
	}
	static const unsigned char ole[512] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
	struct appeal_error err = {0};
	CHECK(appeal_signers_read_mem(ole, sizeof(ole), "locked.xlsx", NULL, &err) == NULL);
	CHECK_STR(err.message, "the workbook is password-protected (encrypted), or is an old .xls named .xlsx");
	CHECK(strstr(err.hint, "without a password") != NULL);
}

static void test_numfmt(void)
{
	char out[64];
	struct numfmt f = numfmt_parse("00000");
	CHECK_INT(f.kind, NUMFMT_FIXED);
	CHECK(numfmt_format(&f, "8001", false, out, sizeof(out)));
	CHECK_STR(out, "08001");
	f = numfmt_parse("0.00");
	CHECK(numfmt_format(&f, "2.5", false, out, sizeof(out)));
	CHECK_STR(out, "2.50");
	f = numfmt_parse("General");
	CHECK(numfmt_format(&f, "0.30000000000000004", false, out, sizeof(out)));
	CHECK_STR(out, "0.3");
	CHECK(numfmt_format(&f, "34600123456", false, out, sizeof(out)));
	CHECK_STR(out, "34600123456");
	f = numfmt_parse("dd/mm/yyyy");
	CHECK_INT(f.kind, NUMFMT_DATE);
	CHECK(numfmt_format(&f, "46328", false, out, sizeof(out)));
	CHECK_STR(out, "2026-11-02");
	CHECK(numfmt_format(&f, "44866", true, out, sizeof(out)));
	CHECK_STR(out, "2026-11-02");
	CHECK_INT(numfmt_parse("[$-C0A]d \"de\" mmmm \"de\" yyyy").kind, NUMFMT_DATE);
	CHECK_INT(numfmt_parse("h:mm AM/PM").kind, NUMFMT_TIME);
	CHECK_INT(numfmt_parse("yyyy-mm-dd hh:mm").kind, NUMFMT_DATETIME);
	CHECK_INT(numfmt_parse("@").kind, NUMFMT_TEXT);
	CHECK_INT(numfmt_parse("0.00E+00").kind, NUMFMT_GENERAL);
	CHECK_INT(numfmt_builtin(14).kind, NUMFMT_DATE);
	CHECK_INT(numfmt_builtin(49).kind, NUMFMT_TEXT);
	f = numfmt_builtin(14);
	CHECK(numfmt_format(&f, "1", false, out, sizeof(out)));
	CHECK_STR(out, "1900-01-01");
	CHECK(numfmt_format(&f, "61", false, out, sizeof(out)));
	CHECK_STR(out, "1900-03-01");
	CHECK(!numfmt_format(&f, "abc", false, out, sizeof(out)));
	/* Hostile: no date that far; a huge number is still a number. */
	CHECK(numfmt_format(&f, "1e300", false, out, sizeof(out)));
	CHECK_STR(out, "1e+300");
	CHECK(numfmt_format(&f, "-5", false, out, sizeof(out)));
	CHECK_STR(out, "-5");
	f = numfmt_parse("00000");
	CHECK(numfmt_format(&f, "1e300", false, out, sizeof(out)));
	CHECK_STR(out, "1e+300");
}

static void test_utf16(void)
{
	struct appeal_signers *s = open_fixture("utf16le.txt", NULL);
	if (s) {
		CHECK_STR(appeal_signers_encoding(s), "UTF-16LE");
		CHECK_STR(appeal_signers_encoding_reason(s), "byte order mark FF FE");
		CHECK_INT(appeal_signers_delimiter(s), '\t');
		CHECK_STR(appeal_signers_header(s, 0), "Nombre");
		CHECK_INT(appeal_signers_count(s), 2);
		CHECK_STR(row(s, 0)->city, "M\xc3\xa9rida");
		CHECK_STR(row(s, 1)->name, "Ay\xc5\x9f" "e Y\xc4\xb1lmaz");
		CHECK_STR(row(s, 1)->city, "\xc4\xb0zmir");
		CHECK_INT(appeal_signers_problem_count(s), 0);
		appeal_signers_free(s);
	}
	s = open_fixture("utf16be.csv", NULL);
	if (s) {
		CHECK_STR(appeal_signers_encoding(s), "UTF-16BE");
		CHECK_INT(appeal_signers_delimiter(s), ';');
		CHECK_STR(row(s, 0)->name, "Jos\xc3\xa9 N\xc3\xba\xc3\xb1" "ez");
		appeal_signers_free(s);
	}
}

static void test_tsv(void)
{
	struct appeal_signers *s = open_fixture("signers.tsv", NULL);
	if (!s)
		return;
	CHECK_INT(appeal_signers_delimiter(s), '\t');
	CHECK_INT(appeal_signers_count(s), 2);
	CHECK_STR(row(s, 0)->note, "comma, and; semicolon");
	CHECK_STR(row(s, 1)->city, "");
	appeal_signers_free(s);
}

/* The apostrophe that keeps a spreadsheet from running a cell as a formula
 * (serve --stand and the manifest write it) is dropped; any other stays. */
static void test_formula_marker(void)
{
	static const char csv[] = "name,city,lang,note\n"
	                          "\"'=HYPERLINK(\"\"x\"\")\",'+34 600,es,'-- sin firma\n"
	                          "'Ana,O'Brien,en,'@home\n";
	struct appeal_error err = {0};
	struct appeal_signers *s = appeal_signers_read_mem(csv, sizeof(csv) - 1, "stand.csv", NULL, &err);
	CHECK(s != NULL);
	if (!s)
		return;
	CHECK_STR(row(s, 0)->name, "=HYPERLINK(\"x\")");
	CHECK_STR(row(s, 0)->city, "+34 600");
	CHECK_STR(row(s, 0)->note, "-- sin firma");
	CHECK_STR(row(s, 1)->name, "'Ana");
	CHECK_STR(row(s, 1)->city, "O'Brien");
	CHECK_STR(row(s, 1)->note, "@home");
	appeal_signers_free(s);
}

static void test_rfc4180(void)
{
	struct appeal_signers *s = open_fixture("rfc4180.csv", NULL);
	if (!s)
		return;
	/* The row of empty cells is skipped; rows keep their numbers. */
	CHECK_INT(appeal_signers_count(s), 4);
	CHECK_STR(row(s, 0)->name, "N\xc3\xba\xc3\xb1" "ez, Jos\xc3\xa9");
	CHECK_STR(row(s, 0)->note, "line one\nline two");
	CHECK_INT(row(s, 0)->row, 2);
	CHECK_STR(row(s, 1)->name, "Ana \"La Roja\" P\xc3\xa9rez");
	CHECK_INT(row(s, 1)->row, 3);
	CHECK_STR(row(s, 2)->name, "Bea");
	CHECK_STR(row(s, 2)->note, "\"");
	CHECK_INT(row(s, 2)->row, 5);
	CHECK_STR(row(s, 3)->name, "Carmen");
	CHECK_STR(row(s, 3)->city, "C\xc3\xa1" "diz");
	CHECK_INT(row(s, 3)->row, 6);
	CHECK_INT(appeal_signers_problem_count(s), 0);

	/* inspect --json keeps every cell as written, CR LF included. */
	char *json = appeal_signers_to_json(s);
	CHECK(json != NULL);
	if (json) {
		CHECK(strstr(json, "{\"name\": \"N\xc3\xba\xc3\xb1" "ez, Jos\xc3\xa9\", \"city\": \"M\xc3\xa9rida\", "
		                   "\"note\": \"line one\\r\\nline two\", \"date\": \"2026-11-28\"}") != NULL);
		CHECK(strstr(json, "\"name\": \"Ana \\\"La Roja\\\" P\xc3\xa9rez\"") != NULL);
		CHECK(strstr(json, "{\"name\": \"Carmen\", \"city\": \"C\xc3\xa1" "diz\", \"note\": \"\", \"date\": \"\"}") != NULL);
		free(json);
	}
	appeal_signers_free(s);
}

static void test_json(void)
{
	struct appeal_signers *s = open_fixture("signers.json", NULL);
	if (s) {
		CHECK_STR(appeal_signers_format(s), "json");
		CHECK_INT(appeal_signers_delimiter(s), 0);
		CHECK_INT(appeal_signers_count(s), 3);
		/* "name" and "nombre" are both name columns: the first wins. */
		CHECK_STR(appeal_signers_column(s, "name"), "name");
		CHECK_STR(row(s, 0)->name, "Jos\xc3\xa9 N\xc3\xba\xc3\xb1" "ez");
		CHECK_STR(row(s, 0)->note, "L\xc3\xad" "nea 1\nL\xc3\xad" "nea 2");
		CHECK_INT(row(s, 0)->row, 1);
		CHECK_STR(row(s, 1)->name, "");
		CHECK_INT(row(s, 1)->problem, APPEAL_SIGNER_EMPTY_NAME);
		CHECK_INT(row(s, 1)->row, 2);
		CHECK_STR(row(s, 2)->name, "Bea \xc3\x91" "and\xc3\xba");
		CHECK_INT(row(s, 2)->row, 4);
		char *json = appeal_signers_to_json(s);
		CHECK(json && strstr(json, "\"postcode\": \"28001\", \"consent\": \"true\", \"fax\": \"\"") != NULL);
		free(json);
		appeal_signers_free(s);
	}
	static const char *const map[] = {"name=nombre", "city=ciudad", NULL};
	struct appeal_signers_options o = APPEAL_SIGNERS_OPTIONS_INIT;
	o.map = map;
	s = open_fixture("signers.json", &o);
	if (s) {
		CHECK_STR(row(s, 1)->name, "Ana P\xc3\xa9rez");
		CHECK_STR(row(s, 1)->city, "Madrid");
		CHECK_STR(row(s, 0)->name, "");
		appeal_signers_free(s);
	}
	s = open_fixture("signers.jsonl", NULL);
	if (s) {
		CHECK_STR(appeal_signers_format(s), "jsonl");
		CHECK_INT(appeal_signers_count(s), 3);
		CHECK_INT(row(s, 0)->row, 1);
		CHECK_INT(row(s, 1)->row, 3);
		CHECK_INT(row(s, 1)->problem, APPEAL_SIGNER_BAD_LANG);
		CHECK_STR(row(s, 1)->problem_message, "unknown language 'sv'");
		CHECK_STR(row(s, 1)->problem_field, "language");
		CHECK_INT(row(s, 2)->row, 4);
		CHECK_INT(row(s, 2)->problem, APPEAL_SIGNER_EMPTY_NAME);
		appeal_signers_free(s);
	}
}

static void test_problems(void)
{
	struct appeal_signers *s = open_fixture("problems.csv", NULL);
	const struct appeal_signer_problem *p;
	struct appeal_error err;
	char msg[600];

	if (!s)
		return;
	CHECK_INT(appeal_signers_count(s), 8);
	/* Row 2 spans three lines, so the next row is row 3. */
	CHECK_INT(row(s, 0)->row, 2);
	CHECK_STR(row(s, 0)->note, "Primera l\xc3\xadnea\nsegunda l\xc3\xadnea\ntercera l\xc3\xadnea");
	CHECK_INT(row(s, 0)->problem, APPEAL_SIGNER_OK);
	CHECK_STR(row(s, 0)->problem_message, "");
	CHECK_INT(row(s, 1)->row, 3);
	CHECK_INT(row(s, 1)->problem, APPEAL_SIGNER_EMPTY_NAME);
	CHECK_STR(row(s, 1)->problem_field, "Nombre");
	CHECK_STR(row(s, 1)->problem_hint, "fill in the name, or delete the row");
	CHECK_INT(row(s, 2)->row, 4);
	CHECK_INT(row(s, 2)->problem, APPEAL_SIGNER_BAD_DATE);
	CHECK_STR(row(s, 2)->problem_field, "Fecha");
	CHECK_INT(row(s, 3)->row, 5);
	CHECK_INT(row(s, 3)->problem, APPEAL_SIGNER_BAD_LANG);
	CHECK_STR(row(s, 3)->lang, "");
	/* Row 6 is blank and skipped; row 7 repeats row 2 in other spelling. */
	CHECK_INT(row(s, 4)->row, 7);
	CHECK_INT(row(s, 4)->problem, APPEAL_SIGNER_DUPLICATE);
	CHECK_STR(row(s, 4)->problem_message, "same name and city as row 2");
	CHECK_STR(row(s, 4)->name, "JOSE NUNEZ");
	CHECK_STR(row(s, 4)->lang, "en");
	CHECK_INT(row(s, 5)->row, 8);
	CHECK_INT(row(s, 5)->problem, APPEAL_SIGNER_BAD_DATE);
	CHECK_INT(row(s, 6)->problem, APPEAL_SIGNER_BAD_DATE);
	CHECK(strstr(row(s, 6)->problem_hint, "as a number") != NULL);
	CHECK_INT(row(s, 7)->row, 10);
	CHECK_INT(row(s, 7)->problem, APPEAL_SIGNER_EXTRA_FIELDS);
	CHECK_STR(row(s, 7)->problem_message, "the row has 6 cells, the header 5");
	CHECK(appeal_signers_row(s, 8) == NULL);

	CHECK_INT(appeal_signers_problem_count(s), 7);
	p = appeal_signers_problem(s, 2);
	CHECK(p != NULL);
	if (p) {
		CHECK_INT(p->row, 5);
		CHECK_INT(p->index, 3);
		CHECK_STR(appeal_signers_problem_name(p->kind), "language");
		appeal_signers_problem_error(s, p, &err);
		appeal_error_format(&err, msg, sizeof(msg));
		CHECK(strstr(msg, "problems.csv: row 5, field \"Idioma\": unknown language 'sv'") != NULL);
		CHECK_STR(err.hint, "use one of en, es, fr, de, pt, it, nl, ca");
		CHECK_INT(err.code, APPEAL_EINVAL);
	}
	p = appeal_signers_problem(s, 1);
	if (p)
		CHECK_STR(p->message, "'28/11/2026' is not a date of the form YYYY-MM-DD");
	p = appeal_signers_problem(s, 4);
	if (p)
		CHECK_STR(p->message, "'2026-02-30' is not a date in the calendar");
	CHECK(appeal_signers_problem(s, 7) == NULL);
	CHECK_STR(appeal_signers_problem_name(APPEAL_SIGNER_DUPLICATE), "duplicate");
	CHECK_STR(appeal_signers_problem_name(99), "unknown");

	/* The default language fills only empty cells. */
	struct appeal_signers_options o = APPEAL_SIGNERS_OPTIONS_INIT;
	o.default_lang = "Espa\xc3\xb1ol";
	appeal_signers_free(s);
	static const char csv[] = "name,lang\nAna,\nBea,en\n";
	s = appeal_signers_read_mem(csv, sizeof(csv) - 1, "mem.csv", &o, NULL);
	CHECK(s != NULL);
	if (s) {
		CHECK_STR(row(s, 0)->lang, "es");
		CHECK_STR(row(s, 1)->lang, "en");
		appeal_signers_free(s);
	}
	o.default_lang = "sv";
	appeal_error_clear(&err);
	CHECK(appeal_signers_read_mem(csv, sizeof(csv) - 1, "mem.csv", &o, &err) == NULL);
	CHECK_STR(err.message, "unknown default language 'sv'");
}

static void test_mapping(void)
{
	static const char *const map[] = {"name=Firmante principal", "CITY=lugar", NULL};
	struct appeal_signers_options o = APPEAL_SIGNERS_OPTIONS_INIT;
	struct appeal_error err = {0};
	struct appeal_signers *s;

	o.map = map;
	s = open_fixture("map.csv", &o);
	if (s) {
		CHECK_STR(row(s, 0)->name, "Jos\xc3\xa9 N\xc3\xba\xc3\xb1" "ez");
		CHECK_STR(row(s, 0)->city, "M\xc3\xa9rida");
		CHECK_STR(appeal_signers_column(s, "city"), "Lugar");
		/* "Name" would have been taken: an explicit mapping wins. */
		CHECK_INT(appeal_signers_unused_count(s), 2);
		CHECK_STR(appeal_signers_unused(s, 0), "Name");
		appeal_signers_free(s);
	}
	s = open_fixture("map.csv", NULL);
	if (s) {
		CHECK_STR(row(s, 0)->name, "ignored");
		appeal_signers_free(s);
	}
	static const char *const bad_col[] = {"name=Firmante", NULL};
	static const char *const bad_field[] = {"town=Lugar", NULL};
	char path[1024];
	snprintf(path, sizeof(path), "%s/map.csv", dir);
	o.map = bad_col;
	CHECK(appeal_signers_read(path, &o, &err) == NULL);
	CHECK_INT(err.code, APPEAL_ENOTFOUND);
	CHECK_STR(err.message, "mapping 'name=Firmante': no column 'Firmante' in the header: "
	                       "Firmante principal,Lugar,Name,Observaciones");
	appeal_error_clear(&err);
	o.map = bad_field;
	CHECK(appeal_signers_read(path, &o, &err) == NULL);
	CHECK_INT(err.code, APPEAL_EINVAL);
	CHECK_STR(err.message, "mapping 'town=Lugar' is not field=Column");
}

static void test_first_last(void)
{
	struct appeal_signers *s = open_fixture("first-last.csv", NULL);
	if (s) {
		CHECK_STR(row(s, 0)->name, "Ana Garc\xc3\xad" "a L\xc3\xb3pez");
		CHECK_STR(row(s, 1)->name, "Luis P\xc3\xa9rez");
		CHECK_STR(row(s, 0)->city, "M\xc3\xb3stoles");
		CHECK(appeal_signers_column(s, "name") == NULL);
		CHECK_STR(appeal_signers_column(s, "first_name"), "Nombre");
		CHECK_STR(appeal_signers_column(s, "last_name"), "Primer apellido");
		CHECK_STR(appeal_signers_column(s, "second_last_name"), "Segundo apellido");
		CHECK_INT(appeal_signers_unused_count(s), 0);
		appeal_signers_free(s);
	}
	/* With both a first-name column and "Name", "Name" is the whole name. */
	s = open_fixture("first-last-en.csv", NULL);
	if (s) {
		CHECK_STR(row(s, 0)->name, "Ana Garc\xc3\xad" "a L\xc3\xb3pez");
		CHECK_STR(appeal_signers_column(s, "name"), "Name");
		CHECK_INT(appeal_signers_unused_count(s), 2);
		appeal_signers_free(s);
	}
}

static void test_no_name(void)
{
	char path[1024];
	struct appeal_error err = {0};

	snprintf(path, sizeof(path), "%s/no-name.csv", dir);
	CHECK(appeal_signers_read(path, NULL, &err) == NULL);
	CHECK_INT(err.code, APPEAL_EINVAL);
	CHECK_STR(err.message, "no column for the signer's name in the header: Ciudad;Idioma;Nota");
	CHECK(strstr(err.source, "no-name.csv") != NULL);
	appeal_error_clear(&err);
	snprintf(path, sizeof(path), "%s/no-such-file.csv", dir);
	CHECK(appeal_signers_read(path, NULL, &err) == NULL);
	CHECK_INT(err.code, APPEAL_ENOTFOUND);
	CHECK_STR(err.message, "cannot open the table: No such file or directory");
}

static void test_mojibake(void)
{
	struct appeal_signers *s = open_fixture("mojibake.csv", NULL);
	if (!s)
		return;
	CHECK_INT(row(s, 0)->problem, APPEAL_SIGNER_MOJIBAKE);
	CHECK_STR(row(s, 0)->problem_message,
	          "the name looks garbled: '\xc3\x83\xc2\xa9' at character 4 should probably be '\xc3\xa9'");
	CHECK_INT(row(s, 0)->problem_count, 2);
	CHECK_INT(row(s, 1)->problem, APPEAL_SIGNER_OK);
	appeal_signers_free(s);
}

static void test_bytes(void)
{
	struct appeal_signers_options o = APPEAL_SIGNERS_OPTIONS_INIT;
	struct appeal_error err = {0};
	struct appeal_signers *s;

	/* Forced UTF-8 with a stray Latin-1 byte: that row only. */
	static const char bad_utf8[] = "name,city\nJos\xe9,Madrid\nAna,Vigo\n";
	o.encoding = "utf8";
	s = appeal_signers_read_mem(bad_utf8, sizeof(bad_utf8) - 1, "x.csv", &o, &err);
	CHECK(s != NULL);
	if (s) {
		CHECK_STR(appeal_signers_encoding(s), "UTF-8");
		CHECK_STR(appeal_signers_encoding_reason(s), "given as an option");
		CHECK_INT(row(s, 0)->problem, APPEAL_SIGNER_INVALID_TEXT);
		CHECK_STR(row(s, 0)->problem_message,
		          "the name has an undecodable or NUL byte at character 4 (read as UTF-8)");
		CHECK_STR(row(s, 0)->name, "Jos\xef\xbf\xbd");
		CHECK_INT(row(s, 1)->problem, APPEAL_SIGNER_OK);
		appeal_signers_free(s);
	}
	/* The same bytes detected: Windows-1252. */
	s = appeal_signers_read_mem(bad_utf8, sizeof(bad_utf8) - 1, "x.csv", NULL, NULL);
	CHECK(s != NULL);
	if (s) {
		CHECK_STR(row(s, 0)->name, "Jos\xc3\xa9");
		CHECK_STR(appeal_signers_encoding_reason(s), "not valid UTF-8 (byte 0xE9 on line 2), read as Windows-1252");
		appeal_signers_free(s);
	}
	o.encoding = "latin-1";
	s = appeal_signers_read_mem(bad_utf8, sizeof(bad_utf8) - 1, "x.csv", &o, NULL);
	if (s) {
		CHECK_STR(appeal_signers_encoding(s), "ISO-8859-1");
		CHECK_STR(row(s, 0)->name, "Jos\xc3\xa9");
		appeal_signers_free(s);
	}
	o.encoding = "klingon";
	appeal_error_clear(&err);
	CHECK(appeal_signers_read_mem(bad_utf8, sizeof(bad_utf8) - 1, "x.csv", &o, &err) == NULL);
	CHECK_STR(err.message, "unknown encoding 'klingon'");

	/* 0x81 has no character in Windows-1252; NUL bytes are no text. */
	static const char undefined[] = "name;city\nA\x81na;Le\xf3n\nB\0a;Vigo\nCarla;line\x0bx\n";
	s = appeal_signers_read_mem(undefined, sizeof(undefined) - 1, "x.csv", NULL, NULL);
	CHECK(s != NULL);
	if (s) {
		CHECK_INT(appeal_signers_count(s), 3);
		CHECK_INT(row(s, 0)->problem, APPEAL_SIGNER_INVALID_TEXT);
		CHECK_STR(row(s, 0)->city, "Le\xc3\xb3n");
		CHECK_INT(row(s, 1)->problem, APPEAL_SIGNER_INVALID_TEXT);
		CHECK_STR(row(s, 1)->name, "B\xef\xbf\xbd" "a");
		CHECK_INT(row(s, 2)->problem, APPEAL_SIGNER_INVALID_TEXT);
		CHECK_STR(row(s, 2)->problem_message, "the city has a control character (U+000B) at character 5");
		appeal_signers_free(s);
	}
	/* A line break in a name cell (Alt+Enter in Excel). */
	static const char newline[] = "name\n\"Ana\nP\xc3\xa9rez\"\n";
	s = appeal_signers_read_mem(newline, sizeof(newline) - 1, "x.csv", NULL, NULL);
	if (s) {
		CHECK_STR(row(s, 0)->problem_message, "the name has a line break (U+000A) at character 4");
		appeal_signers_free(s);
	}
	/* Too long. */
	char longname[400];
	memset(longname, 'a', sizeof(longname));
	memcpy(longname, "name\n", 5);
	s = appeal_signers_read_mem(longname, sizeof(longname), "x.csv", NULL, NULL);
	if (s) {
		CHECK_INT(row(s, 0)->problem, APPEAL_SIGNER_TOO_LONG);
		appeal_signers_free(s);
	}
}

static void test_detection(void)
{
	/* Content picks the format when the name does not. */
	static const char jsonl[] = "{\"name\":\"Ana\"}\n{\"name\":\"Bea\"}\n";
	static const char array[] = " [{\"name\":\"Ana\"}]";
	static const char one[] = "{\n \"name\": \"Ana\"\n}\n";
	static const char lf_only[] = "name\rAna\r\rBea\r";
	static const char semis[] = "nombre;nota\nAna;uno, dos, tres\nBea;cuatro, cinco\n";
	static const char crlf_blank[] = "name\r\n\r\nAna\r\n";
	struct appeal_signers *s;

	s = appeal_signers_read_mem(jsonl, sizeof(jsonl) - 1, NULL, NULL, NULL);
	CHECK(s && strcmp(appeal_signers_format(s), "jsonl") == 0 && appeal_signers_count(s) == 2);
	appeal_signers_free(s);
	s = appeal_signers_read_mem(array, sizeof(array) - 1, "stdin", NULL, NULL);
	CHECK(s && strcmp(appeal_signers_format(s), "json") == 0 && appeal_signers_count(s) == 1);
	appeal_signers_free(s);
	s = appeal_signers_read_mem(one, sizeof(one) - 1, "one.json", NULL, NULL);
	CHECK(s && appeal_signers_count(s) == 1);
	appeal_signers_free(s);
	/* Old Mac line ends: CR alone. */
	s = appeal_signers_read_mem(lf_only, sizeof(lf_only) - 1, "mac.csv", NULL, NULL);
	CHECK(s && appeal_signers_count(s) == 2);
	if (s)
		CHECK_INT(row(s, 1)->row, 4);
	appeal_signers_free(s);
	/* More commas than semicolons, but only ';' agrees with the header. */
	s = appeal_signers_read_mem(semis, sizeof(semis) - 1, "x.csv", NULL, NULL);
	CHECK(s && appeal_signers_delimiter(s) == ';');
	if (s)
		CHECK_STR(row(s, 0)->note, "uno, dos, tres");
	appeal_signers_free(s);
	s = appeal_signers_read_mem(crlf_blank, sizeof(crlf_blank) - 1, "x.csv", NULL, NULL);
	CHECK(s && appeal_signers_count(s) == 1);
	if (s)
		CHECK_INT(row(s, 0)->row, 3);
	appeal_signers_free(s);
	/* The delimiter given as an option wins. */
	struct appeal_signers_options o = APPEAL_SIGNERS_OPTIONS_INIT;
	o.delimiter = '|';
	static const char pipes[] = "name|city\nAna|Vigo\n";
	s = appeal_signers_read_mem(pipes, sizeof(pipes) - 1, "x.csv", &o, NULL);
	CHECK(s && strcmp(row(s, 0)->city, "Vigo") == 0);
	appeal_signers_free(s);
	/* Keys for inspect: empty and repeated headers made unique. */
	static const char keys[] = "name,,name,\nAna,1,2,3\n";
	s = appeal_signers_read_mem(keys, sizeof(keys) - 1, "x.csv", NULL, NULL);
	CHECK(s != NULL);
	if (s) {
		CHECK_STR(appeal_signers_key(s, 1), "(column 2)");
		CHECK_STR(appeal_signers_key(s, 2), "name (2)");
		CHECK_STR(appeal_signers_header(s, 2), "name");
		CHECK_STR(appeal_signers_key(s, 3), "(column 4)");
		char *json = appeal_signers_to_json(s);
		CHECK_STR(json, "[\n{\"name\": \"Ana\", \"(column 2)\": \"1\", \"name (2)\": \"2\", \"(column 4)\": \"3\"}\n]\n");
		free(json);
		appeal_signers_free(s);
	}
	/* Fewer cells than the header: the rest are empty. */
	static const char short_row[] = "name,city,note\nAna\n";
	s = appeal_signers_read_mem(short_row, sizeof(short_row) - 1, "x.csv", NULL, NULL);
	CHECK(s && strcmp(row(s, 0)->city, "") == 0 && row(s, 0)->problem == 0);
	appeal_signers_free(s);
	/* Only a header: a valid, empty table. */
	s = appeal_signers_read_mem("name\n", 5, "x.csv", NULL, NULL);
	CHECK(s && appeal_signers_count(s) == 0);
	if (s) {
		char *json = appeal_signers_to_json(s);
		CHECK_STR(json, "[]\n");
		free(json);
	}
	appeal_signers_free(s);
	appeal_signers_free(NULL);
	CHECK_INT(appeal_signers_count(NULL), 0);
}

/* Each folder holds an input and the expected message and hint. */
static void test_invalid(void)
{
	char base[1024];
	DIR *d;
	struct dirent *e;
	int cases = 0;

	snprintf(base, sizeof(base), "%s/invalid", dir);
	d = opendir(base);
	CHECK(d != NULL);
	if (!d)
		return;
	while ((e = readdir(d)) != NULL) {
		char path[1300], input[1400], want_path[1400], got[1200];
		const char *names[] = {"input.csv", "input.json", "input.jsonl", "input.txt"};
		struct appeal_error err = {0};
		size_t len = 0, wlen = 0;
		char *data = NULL, *want;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", base, e->d_name);
		const char *name = NULL;
		for (size_t i = 0; i < 4 && !data; i++) {
			snprintf(input, sizeof(input), "%s/%s", path, names[i]);
			data = check_read_file(input, &len);
			name = names[i];
		}
		snprintf(want_path, sizeof(want_path), "%s/error", path);
		want = check_read_file(want_path, &wlen);
		CHECK(data && want);
		if (data && want) {
			struct appeal_signers *s = appeal_signers_read_mem(data, len, name, NULL, &err);
			CHECK(s == NULL);
			appeal_signers_free(s);
			char msg[800];
			snprintf(got, sizeof(got), "%s\n%s%s%s", appeal_error_format(&err, msg, sizeof(msg)),
			         err.hint[0] ? "hint: " : "", err.hint, err.hint[0] ? "\n" : "");
			if (strcmp(got, want) != 0)
				fprintf(stderr, "invalid/%s:\n", e->d_name);
			CHECK_STR(got, want);
			cases++;
		}
		free(data);
		free(want);
	}
	closedir(d);
	CHECK(cases >= 10);
}

/* Hostile input must fail or succeed, never crash or hang. */
static void test_hostile(void)
{
	struct appeal_error err = {0};
	struct appeal_signers *s;
	size_t n = 2000000;
	char *big = malloc(n + 64);

	if (!big)
		return;
	/* A million columns. */
	for (size_t i = 0; i < n; i += 2) {
		big[i] = 'a';
		big[i + 1] = ',';
	}
	s = appeal_signers_read_mem(big, n, "wide.csv", NULL, &err);
	CHECK(s == NULL);
	CHECK_STR(err.message, "too many columns (more than 10000)");
	/* One huge cell. */
	memcpy(big, "name\n\"", 6);
	memset(big + 6, 'x', n - 6);
	big[n - 2] = '"';
	big[n - 1] = '\n';
	clock_t t0 = clock();
	s = appeal_signers_read_mem(big, n, "huge.csv", NULL, NULL);
	CHECK(s != NULL);
	if (s) {
		CHECK_INT(strlen(row(s, 0)->name), n - 8);
		CHECK_INT(row(s, 0)->problem, APPEAL_SIGNER_TOO_LONG);
	}
	CHECK((double)(clock() - t0) / CLOCKS_PER_SEC < 5.0);
	appeal_signers_free(s);
	/* Deep JSON. */
	for (size_t i = 0; i < n; i++)
		big[i] = i < n / 2 ? '[' : ']';
	appeal_error_clear(&err);
	s = appeal_signers_read_mem(big, n, "deep.json", NULL, &err);
	CHECK(s == NULL);
	CHECK_INT(err.code, APPEAL_ESYNTAX);
	/* Binary garbage, in every format. */
	uint32_t x = 12345;
	for (size_t i = 0; i < n; i++) {
		x = x * 1103515245u + 12345u;
		big[i] = (char)(x >> 16);
	}
	const char *names[] = {"g.csv", "g.json", "g.jsonl", "g.bin"};
	for (int i = 0; i < 4; i++) {
		s = appeal_signers_read_mem(big, n, names[i], NULL, NULL);
		for (size_t r = 0; r < appeal_signers_count(s); r++)
			CHECK(row(s, r)->name != NULL);
		appeal_signers_free(s);
	}
	free(big);

	/* A file over the limit fails before it is read. */
	char path[] = "/tmp/test_signers_XXXXXX";
	int fd = mkstemp(path);
	CHECK(fd >= 0);
	if (fd >= 0) {
		CHECK_INT(ftruncate(fd, (off_t)SIGNERS_MAX_BYTES + 1), 0);
		close(fd);
		appeal_error_clear(&err);
		CHECK(appeal_signers_read(path, NULL, &err) == NULL);
		CHECK_STR(err.message, "the table is too large (256 MiB; at most 256 MiB)");
		CHECK_STR(err.hint, "split it into smaller files");
		unlink(path);
	}
}

/* The header's limits (docs/hardening.md): a column name or a header row
 * too long is refused with the column named, also from JSON keys; the rows'
 * JSON one at a time is the table's JSON. */
static void test_header_limits(void)
{
	struct appeal_error err = {0};
	struct buf b = BUF_INIT;

	buf_adds(&b, "name,");
	for (int i = 0; i < SIGNERS_MAX_HEADER + 1; i++)
		buf_addc(&b, 'x');
	buf_adds(&b, "\nAna,1\n");
	CHECK(appeal_signers_read_mem(b.data, b.len, "long.csv", NULL, &err) == NULL);
	CHECK_STR(err.message, "a column name of 1025 bytes; at most 1024 are accepted");
	CHECK_STR(err.field, "(column 2)");
	CHECK_INT(err.row, 1);
	CHECK_STR(err.source, "long.csv");
	/* Exactly the longest name is fine. */
	b.len = 5 + SIGNERS_MAX_HEADER;
	buf_adds(&b, "\nAna,1\n");
	struct appeal_signers *s = appeal_signers_read_mem(b.data, b.len, "long.csv", NULL, NULL);
	CHECK(s != NULL);
	appeal_signers_free(s);
	/* 100 names of 1000 bytes: 97 KiB of header. */
	b.len = 0;
	buf_adds(&b, "name");
	for (int c = 1; c < 100; c++) {
		buf_addc(&b, ',');
		for (int i = 0; i < 1000; i++)
			buf_addc(&b, (char)('a' + c % 26));
	}
	buf_adds(&b, "\nAna\n");
	appeal_error_clear(&err);
	CHECK(appeal_signers_read_mem(b.data, b.len, "wide.csv", NULL, &err) == NULL);
	CHECK_STR(err.message, "the column names add up to more than 64 KiB");
	CHECK_STR(err.field, "(column 67)");
	/* The same limit on a JSON key. */
	b.len = 0;
	buf_adds(&b, "[{\"name\": \"Ana\", \"");
	for (int i = 0; i < 2000; i++)
		buf_addc(&b, 'k');
	buf_adds(&b, "\": 1}]");
	appeal_error_clear(&err);
	CHECK(appeal_signers_read_mem(b.data, b.len, "long.json", NULL, &err) == NULL);
	CHECK_STR(err.message, "a column name of 2000 bytes; at most 1024 are accepted");
	CHECK_STR(err.field, "(column 2)");
	free(b.data);

	/* Row by row, the rows join into appeal_signers_to_json(). */
	s = open_fixture("excel-es.csv", NULL);
	if (s) {
		char *all = appeal_signers_to_json(s);
		struct buf j = BUF_INIT;
		buf_adds(&j, "[\n");
		for (size_t i = 0; i < appeal_signers_count(s); i++) {
			char *r = appeal_signers_row_json(s, i);
			CHECK(r != NULL);
			buf_adds(&j, r ? r : "");
			buf_adds(&j, i + 1 < appeal_signers_count(s) ? ",\n" : "\n]\n");
			free(r);
		}
		CHECK(all && j.data && strcmp(all, j.data) == 0);
		CHECK(appeal_signers_row_json(s, appeal_signers_count(s)) == NULL);
		free(all);
		free(j.data);
		appeal_signers_free(s);
	}
}

/* A value is treated as appeal_document_fill() treats it (signers/value.h):
 * a tab is white space, accents are composed, the same message for a
 * control character. */
static void test_value_rule(void)
{
	static const char csv[] = "name,city\n\"Ana\tP\xc3\xa9rez \",Jose\xcc\x81\nBea,Le\x1bn\n";
	struct appeal_signers *s = appeal_signers_read_mem(csv, sizeof(csv) - 1, "x.csv", NULL, NULL);
	CHECK(s != NULL);
	if (!s)
		return;
	CHECK_STR(row(s, 0)->name, "Ana P\xc3\xa9rez");
	CHECK_STR(row(s, 0)->city, "Jos\xc3\xa9");
	CHECK_INT(row(s, 0)->problem, APPEAL_SIGNER_OK);
	CHECK_INT(row(s, 1)->problem, APPEAL_SIGNER_INVALID_TEXT);
	CHECK_STR(row(s, 1)->problem_message, "the city has a control character (U+001B) at character 3");
	char *clean = NULL;
	CHECK_INT(signer_value("Ana\tP\xc3\xa9rez ", 11, VALUE_NAME, &clean, NULL), VALUE_OK);
	CHECK_STR(clean, row(s, 0)->name);
	free(clean);
	appeal_signers_free(s);
}

static void test_fold(void)
{
	const char *in = "  Jos\xc3\xa9\xc2\xa0  N\xc3\xba\xc3\xb1" "EZ \xc5\x81\xc3\xb3" "d\xc5\xba ";
	char *f = signers_fold(in, strlen(in));
	CHECK_STR(f, "jose nunez lodz");
	free(f);
	/* Letters NFD leaves whole are spelled in Latin; other scripts stay. */
	const char *more = "Stra\xc3\x9f" "e \xc3\x98re \xc3\x86sir Nguy\xe1\xbb\x85n \xce\x91\xce\xb8\xce\xae\xce\xbd\xce\xb1";
	f = signers_fold(more, strlen(more));
	CHECK_STR(f, "strasse ore aesir nguyen \xce\xb1\xce\xb8\xce\xb7\xce\xbd\xce\xb1");
	free(f);
}

int main(int argc, char **argv)
{
	dir = argc > 1 ? argv[1] : "tests/data/signers";
	test_excel_spanish();
	test_excel_utf8_bom();
	test_libreoffice();
	test_google_forms();
	test_headers();
	test_lang_values();
	test_workbooks();
	test_workbook_quirks();
	test_numfmt();
	test_utf16();
	test_tsv();
	test_formula_marker();
	test_rfc4180();
	test_json();
	test_problems();
	test_mapping();
	test_first_last();
	test_no_name();
	test_mojibake();
	test_bytes();
	test_detection();
	test_invalid();
	test_hostile();
	test_header_limits();
	test_value_rule();
	test_fold();
	return check_summary(argv[0]);
}
