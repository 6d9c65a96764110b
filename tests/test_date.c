/* Dates: parsing, SOURCE_DATE_EPOCH, and the localised forms. */
#include <stdlib.h>

#include "appeal.h"
#include "check.h"

static const char *fmt(int y, int m, int d, const char *lang)
{
	static char buf[64];
	struct appeal_date date = {y, m, d};
	if (appeal_date_format(buf, sizeof(buf), &date, lang) < 0)
		return "(error)";
	return buf;
}

int main(int argc, char **argv)
{
	struct appeal_date d;
	struct appeal_error err = {0};
	(void)argc;

	CHECK_STR(fmt(2026, 11, 28, "en"), "28 November 2026");
	CHECK_STR(fmt(2026, 11, 28, "es"), "28 de noviembre de 2026");
	CHECK_STR(fmt(2025, 1, 1, "es"), "1 de enero de 2025");
	CHECK_STR(fmt(2025, 9, 3, "es"), "3 de septiembre de 2025");
	CHECK_STR(fmt(2025, 10, 11, "en"), "11 October 2025");
	CHECK_STR(fmt(2025, 10, 11, "fr"), "11 octobre 2025");
	CHECK_STR(fmt(2025, 10, 11, "sv"), "(error)"); /* not in the language table */
	char small[8];
	struct appeal_date big = {2026, 11, 28};
	CHECK(appeal_date_format(small, sizeof(small), &big, "es") < 0);

	CHECK_INT(appeal_date_parse(&d, "2024-02-29", &err), 0);
	CHECK_INT(d.year * 10000 + d.month * 100 + d.day, 20240229);
	CHECK_INT(appeal_date_parse(&d, "2025-02-29", &err), APPEAL_EINVAL);
	CHECK_STR(err.message, "'2025-02-29' is not a date in the calendar");
	const char *bad[] = {"2025-1-01", "28/11/2026", "2025-13-01", "2025-00-10", "", "2025-01-01x", "１２３"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		appeal_error_clear(&err);
		CHECK_INT(appeal_date_parse(&d, bad[i], &err), APPEAL_EINVAL);
		CHECK(err.hint[0] != '\0');
	}

	setenv("SOURCE_DATE_EPOCH", "1795824000", 1);
	CHECK_INT(appeal_date_today(&d, NULL), 0);
	CHECK_INT(d.year * 10000 + d.month * 100 + d.day, 20261128);
	setenv("SOURCE_DATE_EPOCH", "yesterday", 1);
	appeal_error_clear(&err);
	CHECK_INT(appeal_date_today(&d, &err), APPEAL_EINVAL);
	CHECK(strstr(err.message, "SOURCE_DATE_EPOCH") != NULL);

	struct appeal_date a = {2025, 10, 11}, b = {2025, 10, 12};
	CHECK(appeal_date_compare(&a, &b) < 0);
	CHECK(appeal_date_compare(&b, &a) > 0);
	CHECK(appeal_date_compare(&a, &a) == 0);
	return check_summary(argv[0]);
}
