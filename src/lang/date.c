#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lang/lang.h"
#include "util/error.h"
#include "util/i18n.h"

static bool is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

APPEAL_EXPORT int appeal_date_parse(struct appeal_date *out, const char *text, struct appeal_error *err)
{
	int y = 0, m = 0, d = 0;

	for (int i = 0; i < 10; i++) {
		char c = text ? text[i] : '\0';
		bool want_dash = i == 4 || i == 7;
		if (want_dash ? c != '-' : (c < '0' || c > '9'))
			goto bad;
	}
	if (text[10] != '\0')
		goto bad;
	y = atoi(text);
	m = atoi(text + 5);
	d = atoi(text + 8);
	if (y < 1900 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) {
		err_set(err, APPEAL_EINVAL, _("'%.10s' is not a date in the calendar"), text);
		err_hint(err, _("write the date as YYYY-MM-DD, for example 2026-11-28"));
		return APPEAL_EINVAL;
	}
	out->year = y;
	out->month = m;
	out->day = d;
	return 0;
bad:;
	char shown[64];
	err_quote(shown, sizeof(shown), text ? text : "");
	err_set(err, APPEAL_EINVAL, _("'%s' is not a date of the form YYYY-MM-DD"), shown);
	err_hint(err, _("write the date as YYYY-MM-DD, for example 2026-11-28"));
	return APPEAL_EINVAL;
}

APPEAL_EXPORT int appeal_date_today(struct appeal_date *out, struct appeal_error *err)
{
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	time_t now;
	struct tm tm;

	if (epoch && *epoch) {
		char *end;
		errno = 0;
		long long v = strtoll(epoch, &end, 10);
		if (errno || *end || v < 0) {
			err_set(err, APPEAL_EINVAL, _("SOURCE_DATE_EPOCH is not a number of seconds: '%.40s'"), epoch);
			err_hint(err, _("set it to a Unix time such as 1795824000, or unset it"));
			return APPEAL_EINVAL;
		}
		now = (time_t)v;
	} else {
		now = time(NULL);
	}
	if (!gmtime_r(&now, &tm))
		return err_set(err, APPEAL_EINVAL, _("the date is out of range"));
	out->year = tm.tm_year + 1900;
	out->month = tm.tm_mon + 1;
	out->day = tm.tm_mday;
	return 0;
}

APPEAL_EXPORT int appeal_date_format(char *buf, size_t size, const struct appeal_date *date, const char *lang)
{
	const struct lang *l = lang_find(lang);

	if (!date || date->month < 1 || date->month > 12)
		return APPEAL_EINVAL;
	if (!l)
		return APPEAL_ENOTFOUND;
	int n = lang_format_date(l, buf, size, date->day, date->month, date->year);
	return n < 0 ? APPEAL_EINVAL : n;
}

APPEAL_EXPORT int appeal_date_compare(const struct appeal_date *a, const struct appeal_date *b)
{
	long ka = a->year * 10000L + a->month * 100L + a->day;
	long kb = b->year * 10000L + b->month * 100L + b->day;
	return ka < kb ? -1 : ka > kb;
}
