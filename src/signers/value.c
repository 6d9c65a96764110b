/* The one rule for a signer's value (see value.h). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <uninorm.h>

#include "signers/value.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/i18n.h"
#include "util/utf8.h"

static const struct {
	const char *field; /* as err->field and appeal_signers_column() name it */
	const char *what;  /* in messages, translated */
	size_t max;
	bool multiline;
} fields[] = {
	[VALUE_NAME] = {"name", N_("name"), APPEAL_MAX_NAME, false},
	[VALUE_CITY] = {"city", N_("city"), APPEAL_MAX_NAME, false},
	[VALUE_NOTE] = {"note", N_("note"), APPEAL_MAX_NOTE, true},
	[VALUE_LANG] = {"lang", N_("language"), 64, false},
	[VALUE_DATE] = {"date", N_("date"), 64, false},
	[VALUE_EMAIL] = {"email", N_("e-mail"), 254, false},
};

const char *signer_value_what(enum value_field field)
{
	return _(fields[field].what);
}

size_t signer_value_max(enum value_field field)
{
	return fields[field].max;
}

static bool trimmed_space(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0xA0 || cp == 0xFEFF;
}

/* The bytes of s without the white space around them. */
static void trim(const char **s, size_t *len)
{
	const char *p = *s, *end = *s + *len;
	uint32_t cp;
	int n;

	while (p < end && (n = utf8_decode(p, (size_t)(end - p), &cp)) > 0 && trimmed_space(cp))
		p += n;
	while (end > p) {
		const char *q = end - 1;
		while (q > p && ((unsigned char)*q & 0xC0) == 0x80)
			q--;
		if (utf8_decode(q, (size_t)(end - q), &cp) != end - q || !trimmed_space(cp))
			break;
		end = q;
	}
	*s = p;
	*len = (size_t)(end - p);
}

char *signer_value_fold(const char *s, size_t len)
{
	struct buf b = BUF_INIT;
	bool space = false;

	buf_add(&b, "", 0);
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			space = b.len > 0;
			continue;
		}
		if (space)
			buf_addc(&b, ' ');
		space = false;
		buf_addc(&b, c);
	}
	return buf_take(&b);
}

/* A note's CR LF and CR become LF. */
static char *note_lines(const char *s, size_t len)
{
	struct buf b = BUF_INIT;

	buf_add(&b, "", 0);
	for (size_t i = 0; i < len; i++) {
		if (s[i] != '\r') {
			buf_addc(&b, s[i]);
			continue;
		}
		buf_addc(&b, '\n');
		if (i + 1 < len && s[i + 1] == '\n')
			i++;
	}
	return buf_take(&b);
}

enum value_fault signer_value(const char *s, size_t len, enum value_field field, char **out,
                              struct appeal_error *err)
{
	const char *what = _(fields[field].what);
	bool multiline = fields[field].multiline;
	size_t bad, max = fields[field].max;
	uint32_t cp;

	*out = NULL;
	trim(&s, &len);
	if (!utf8_valid(s, len, &bad)) {
		err_set(err, APPEAL_ESYNTAX, _("the %s is not valid UTF-8 (byte %zu, character %zu)"), what, bad + 1,
		        utf8_length(s, bad) + 1);
		err_hint(err, _("save the text as UTF-8, or give its encoding"));
		err_field(err, fields[field].field);
		return VALUE_NOT_UTF8;
	}
	for (size_t i = 0, chars = 1; i < len; chars++) {
		int n = utf8_decode(s + i, len - i, &cp);
		bool newline = cp == '\n' || cp == '\r' || cp == 0x2028 || cp == 0x2029;
		/* A tab is white space to fold; a line break belongs only in a note. */
		if (utf8_is_control(cp) && cp != '\t' && !(multiline && (cp == '\n' || cp == '\r'))) {
			if (newline)
				err_set(err, APPEAL_EINVAL, _("the %s has a line break (U+%04X) at character %zu"), what,
				        (unsigned)cp, chars);
			else
				err_set(err, APPEAL_EINVAL, _("the %s has a control character (U+%04X) at character %zu"),
				        what, (unsigned)cp, chars);
			err_hint(err, "%s",
			         newline ? _("join the lines; only a note may have line breaks") : _("remove the character"));
			err_field(err, fields[field].field);
			return VALUE_CONTROL;
		}
		i += (size_t)n;
	}
	if (len == 0) {
		*out = strdup("");
		return *out ? VALUE_OK : (err_nomem(err), VALUE_NOMEM);
	}
	/* Long input is refused before it is normalised: NFC never makes text
	 * more than three times longer, but there is no need to find out. */
	size_t n = 0;
	uint8_t *nfc = len > 4 * max ? NULL : u8_normalize(UNINORM_NFC, (const uint8_t *)s, len, NULL, &n);
	if (!nfc && len <= 4 * max)
		goto nomem;
	char *clean = nfc ? (multiline ? note_lines((const char *)nfc, n) : signer_value_fold((const char *)nfc, n))
	                  : NULL;
	free(nfc);
	if (nfc && !clean)
		goto nomem;
	size_t clen = clean ? strlen(clean) : len;
	if (clen > max) {
		err_set(err, APPEAL_EINVAL, _("the %s is too long (%zu characters; at most %zu bytes)"), what,
		        utf8_length(clean ? clean : s, clen), max);
		err_hint(err, _("shorten it; a letter is read by a person"));
		err_field(err, fields[field].field);
		free(clean);
		return VALUE_TOO_LONG;
	}
	*out = clean;
	return VALUE_OK;
nomem:
	err_nomem(err);
	return VALUE_NOMEM;
}
