/* Numbers as a spreadsheet shows them, for the workbook readers: a
 * postcode formatted "00000" stays 08001, a date cell is a date. Only what
 * a signer table needs: General, text, zero padding and decimals, dates
 * and times. Grouping, percent, currency and fractions are read as General
 * (docs/signers.md). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "signers/numfmt.h"

/* Days from 1970-01-01 to y-m-d, and back (proleptic Gregorian). */
static long days_from_civil(long y, unsigned m, unsigned d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? (unsigned)-3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long)doe - 719468;
}

static void civil_from_days(long z, long *y, unsigned *m, unsigned *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (long)yoe + era * 400 + (*m <= 2);
}

struct numfmt numfmt_parse(const char *code)
{
	struct numfmt f = {NUMFMT_GENERAL, 0, 0};
	bool date = false, time = false, in_quote = false, point = false, other = false;
	int zeros = 0, decimals = 0;

	if (!code || strncasecmp(code, "General", 7) == 0)
		return f;
	for (const char *p = code; *p && *p != ';'; p++) {
		char c = *p;
		if (in_quote) {
			in_quote = c != '"';
			continue;
		}
		if (c == '"') {
			in_quote = true;
		} else if (c == '\\' || c == '_' || c == '*') {
			if (p[1])
				p++; /* an escaped or padding character */
		} else if (c == '[') {
			const char *end = strchr(p, ']');
			if (!end)
				break;
			/* [h], [mm], [ss]: elapsed time */
			if (p[1] == 'h' || p[1] == 'H' || p[1] == 'm' || p[1] == 's')
				time = true;
			p = end;
		} else if (c == '@') {
			f.kind = NUMFMT_TEXT;
			return f;
		} else if ((c == 'A' || c == 'a') && (strncasecmp(p, "AM/PM", 5) == 0 || strncasecmp(p, "A/P", 3) == 0)) {
			p += p[1] == '/' ? 2 : 4;
			time = true;
		} else if (c == 'y' || c == 'Y' || c == 'd' || c == 'D') {
			date = true;
		} else if (c == 'h' || c == 'H' || c == 's' || c == 'S') {
			time = true;
		} else if (c == 'm' || c == 'M') {
			/* a month beside days or years, else minutes */
			date = date || strpbrk(code, "dDyY") != NULL;
			time = time || !strpbrk(code, "dDyY");
		} else if (c == '.') {
			point = true;
		} else if (c == '0') {
			if (point)
				decimals++;
			else
				zeros++;
		} else if (c == '#' || c == '?') {
			if (point)
				decimals++;
		} else if (c == 'E' || c == '%' || c == '/') {
			other = true; /* scientific, percent, fractions: General */
		}
	}
	if (other && !date && !time)
		return f;
	if (date || time) {
		f.kind = date && time ? NUMFMT_DATETIME : date ? NUMFMT_DATE : NUMFMT_TIME;
		return f;
	}
	if (zeros > 1 || decimals > 0) {
		f.kind = NUMFMT_FIXED;
		f.int_digits = zeros > 30 ? 30 : zeros;
		f.decimals = decimals > 15 ? 15 : decimals;
	}
	return f;
}

struct numfmt numfmt_builtin(int id)
{
	static const char *const codes[] = {
		[0] = "General", [1] = "0", [2] = "0.00", [3] = "#,##0", [4] = "#,##0.00",
		[14] = "yyyy-mm-dd", [15] = "d-mmm-yy", [16] = "d-mmm", [17] = "mmm-yy", [18] = "h:mm AM/PM",
		[19] = "h:mm:ss AM/PM", [20] = "h:mm", [21] = "h:mm:ss", [22] = "yyyy-mm-dd h:mm",
		[45] = "mm:ss", [46] = "[h]:mm:ss", [47] = "mm:ss.0", [49] = "@",
	};
	struct numfmt general = {NUMFMT_GENERAL, 0, 0};
	/* 27-36 and 50-58: dates in East Asian locales. */
	if ((id >= 27 && id <= 36) || (id >= 50 && id <= 58))
		return (struct numfmt){NUMFMT_DATE, 0, 0};
	if (id < 0 || (size_t)id >= sizeof(codes) / sizeof(codes[0]) || !codes[id])
		return general;
	return numfmt_parse(codes[id]);
}

void numfmt_serial_date(double serial, bool date1904, bool date, bool time, char *out, size_t size)
{
	double whole = floor(serial);
	long days = (long)whole;
	long secs = lround((serial - whole) * 86400.0);
	if (secs >= 86400) {
		days++;
		secs -= 86400;
	}
	/* Excel's 1900 system counts a 29 February 1900 that never was. */
	long base = date1904 ? days_from_civil(1904, 1, 1) : days < 61 ? days_from_civil(1899, 12, 31)
	                                                               : days_from_civil(1899, 12, 30);
	long y;
	unsigned m, d;
	civil_from_days(base + days, &y, &m, &d);
	if (date && time)
		snprintf(out, size, "%04ld-%02u-%02u %02ld:%02ld:%02ld", y, m, d, secs / 3600, secs / 60 % 60, secs % 60);
	else if (date)
		snprintf(out, size, "%04ld-%02u-%02u", y, m, d);
	else
		snprintf(out, size, "%02ld:%02ld:%02ld", secs / 3600 + (days > 0 ? days * 24 : 0), secs / 60 % 60,
		         secs % 60);
}

bool numfmt_format(const struct numfmt *f, const char *value, bool date1904, char *out, size_t size)
{
	char *end;
	double v = strtod(value, &end);

	if (f->kind == NUMFMT_TEXT || end == value || *end || !isfinite(v))
		return false;
	enum numfmt_kind kind = f->kind;
	/* Excel's days run from 1900 to 9999; beyond, a "date" is a number. */
	if ((kind == NUMFMT_DATE || kind == NUMFMT_DATETIME || kind == NUMFMT_TIME) && (v < 0 || v >= 2958466.0))
		kind = NUMFMT_GENERAL;
	if (kind == NUMFMT_FIXED && fabs(v) >= 1e15)
		kind = NUMFMT_GENERAL;
	switch (kind) {
	case NUMFMT_DATE: numfmt_serial_date(v, date1904, true, false, out, size); break;
	case NUMFMT_DATETIME: numfmt_serial_date(v, date1904, true, true, out, size); break;
	case NUMFMT_TIME: numfmt_serial_date(v, date1904, false, true, out, size); break;
	case NUMFMT_FIXED: {
		int width = f->int_digits + (f->decimals ? f->decimals + 1 : 0) + (v < 0);
		snprintf(out, size, "%0*.*f", width, f->decimals, v);
		break;
	}
	default:
		/* General: at most 15 significant digits, as the sheet shows. */
		snprintf(out, size, "%.15g", v);
		break;
	}
	return true;
}
