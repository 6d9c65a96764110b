/* The page operators of backend/content.c: numbers as PDF writes them
 * whatever the locale, strings escaped, the text state left as found. */
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "backend/content.h"
#include "check.h"

static struct buf nb = BUF_INIT;

static const char *num(double x)
{
	buf_clear(&nb);
	content_num(&nb, x);
	buf_add(&nb, "", 0);
	return nb.data;
}

int main(int argc, char **argv)
{
	(void)argc;
	/* A locale with a decimal comma, when the machine has one: the writer
	 * must not care (it never calls printf for a number). */
	setlocale(LC_ALL, "");
	setlocale(LC_NUMERIC, "es_ES.UTF-8");

	CHECK_STR(num(0), "0");
	CHECK_STR(num(12), "12");
	CHECK_STR(num(-0.37085), "-0.37085");
	CHECK_STR(num(595.2756299), "595.27563");
	CHECK_STR(num(2.5), "2.5");
	CHECK_STR(num(100 * (1 + 0.015)), "101.5");
	CHECK_STR(num(0.000004), "0");  /* under half of 1e-5: nothing left */
	CHECK_STR(num(-0.000004), "0"); /* never "-0" */
	CHECK_STR(num(-0.000006), "-0.00001");
	CHECK_STR(num(1e300), "90000000000");         /* far beyond a page: bounded */
	CHECK_STR(num(-1e300), "-90000000000");

	/* Two lines of a paragraph: the first at the text origin, the second
	 * moved from it; spacing set where it changes and undone after ET. */
	struct ll_line lines[2] = {0};
	char w0[] = "Ana (\\) P\xe9rez", w1[] = "a\rb", t0[] = "Ana (\\) Pérez";
	lines[0] = (struct ll_line){.x = 70, .y = 700, .size = 11, .text = t0, .cut = FONT_WINANSI,
	                            .winansi = w0, .word_space = 0.5, .expand = -0.02};
	lines[1] = (struct ll_line){.x = 70, .y = 686.2, .size = 11, .text = w1, .cut = FONT_WINANSI, .winansi = w1};
	int fonts[2] = {1, 1};
	struct buf b = BUF_INIT;
	CHECK(content_lines(&b, lines, 2, fonts));
	buf_add(&b, "", 0);
	CHECK_STR(b.data, "BT\n/F1 11 Tf\n98 Tz\n0.5 Tw\n(Ana \\(\\\\\\) P\xe9rez) Tj\n0 -13.8 Td\n100 Tz\n0 Tw\n"
	                  "(a\\015b) Tj\nET\n");
	CHECK(memcmp(b.data, "BT\n", CONTENT_TEXT_START) == 0);

	/* A Unicode line: a word at a time, each with its space, as code
	 * points; the words' steps move the origin, so the next line's Td
	 * counts from where the last word started. */
	double steps[2] = {0, 40};
	char vi[] = "Nguyễn Thị", ok[] = "ok";
	struct ll_line u[2] = {0};
	u[0] = (struct ll_line){.x = 70, .y = 700, .size = 11, .text = vi, .cut = FONT_UNICODE, .steps = steps};
	u[1] = (struct ll_line){.x = 70, .y = 688, .size = 11, .text = ok, .cut = FONT_UNICODE, .steps = steps};
	int ufonts[2] = {2, 2};
	buf_clear(&b);
	CHECK(content_lines(&b, u, 2, ufonts));
	buf_add(&b, "", 0);
	CHECK_STR(b.data, "BT\n/F2 11 Tf\n<004e0067007500791ec5006e0020> Tj\n40 0 Td\n<005400681ecb> Tj\n"
	                  "-40 -12 Td\n<006f006b> Tj\nET\n");

	/* A form or an image: translated (and scaled) inside q ... Q. */
	buf_clear(&b);
	CHECK(content_xobject(&b, "X3", 70.86614, 560.5, 0, 0));
	CHECK(content_xobject(&b, "I1", 10, 20, 150, 50));
	buf_add(&b, "", 0);
	CHECK_STR(b.data, "q\n1 0 0 1 70.86614 560.5 cm\n/X3 Do\nQ\nq\n150 0 0 50 10 20 cm\n/I1 Do\nQ\n");

	struct ll_rule r[1] = {{9.92126, 544.25195, 24.09449, 544.25195}};
	buf_clear(&b);
	CHECK(content_rules(&b, r, 1));
	buf_add(&b, "", 0);
	CHECK_STR(b.data, "0.4 w\n0.45 G\n9.92126 544.25195 m\n24.09449 544.25195 l\nS\n");
	buf_free(&b);
	buf_free(&nb);
	return check_summary(argv[0]);
}
