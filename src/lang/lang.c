/* The language table, and looking a language up by any name a person uses
 * for it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "appeal.h"
#include "lang/lang.h"
#include "util/utf8.h"

#define LAQUO 0xAB  /* « */
#define RAQUO 0xBB  /* » */
#define LDQUO 0x201C /* “ */
#define RDQUO 0x201D /* ” */
#define BDQUO 0x201E /* „ */
#define SBQUO 0x201A /* ‚ */
#define LSQUO 0x2018 /* ‘ */
#define NNBSP 0x202F /* narrow no-break space */

/* One row per language; the order is the order of lists shown to people.
 * Minima: TeX's \lefthyphenmin and \righthyphenmin, with three letters
 * after a break where two read badly ("importan-/te"). */
static const struct lang table[] = {
	{
		.code = "en",
		.name = "English",
		.aliases = "eng|english|ingles",
		.months = {"January", "February", "March", "April", "May", "June", "July", "August", "September",
		           "October", "November", "December"},
		.date = "%d %B %Y",
		.page_label = "page %p of %n",
		.outer = {LDQUO, RDQUO},
		.inner = {LDQUO, RDQUO},
		.hyphen_file = "en_US",
		.hyphen_package = "hyphen-en-us",
		.hyphen_left = 2,
		.hyphen_right = 3,
	},
	{
		.code = "es",
		.name = "Español",
		.aliases = "spa|spanish|espanol|castellano",
		.months = {"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
		           "octubre", "noviembre", "diciembre"},
		.date = "%d de %B de %Y",
		.page_label = "página %p de %n",
		.outer = {LAQUO, RAQUO},
		.inner = {LDQUO, RDQUO},
		.hyphen_file = "es_ES",
		.hyphen_package = "hyphen-es",
		/* The patterns allow 2 and 2; a line that starts with two
		 * letters reads badly. */
		.hyphen_left = 2,
		.hyphen_right = 3,
		.hyphen_rules = LANG_HYPHEN_SPANISH,
	},
	{
		.code = "fr",
		.name = "Français",
		.aliases = "fra|fre|french|francais|frances",
		.months = {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
		           "octobre", "novembre", "décembre"},
		.date = "%d %B %Y",
		.first_day = "1er",
		.page_label = "page %p sur %n",
		.outer = {LAQUO, RAQUO},
		.inner = {LDQUO, RDQUO},
		.quote_space = NNBSP,
		.hyphen_file = "fr",
		.hyphen_package = "hyphen-fr",
		.hyphen_left = 2,
		.hyphen_right = 3,
	},
	{
		.code = "de",
		.name = "Deutsch",
		.aliases = "deu|ger|german|deutsch|aleman",
		.months = {"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
		           "Oktober", "November", "Dezember"},
		.date = "%d. %B %Y",
		.page_label = "Seite %p von %n",
		.outer = {BDQUO, LDQUO},
		.inner = {SBQUO, LSQUO},
		.hyphen_file = "de_DE",
		.hyphen_package = "hyphen-de",
		.hyphen_left = 2,
		.hyphen_right = 2,
		.hyphen_rules = LANG_HYPHEN_CAPITALS,
	},
	{
		.code = "pt",
		.name = "Português",
		.aliases = "por|portuguese|portugues",
		.months = {"janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro",
		           "outubro", "novembro", "dezembro"},
		.date = "%d de %B de %Y",
		.page_label = "página %p de %n",
		.outer = {LAQUO, RAQUO},
		.inner = {LDQUO, RDQUO},
		.hyphen_file = "pt_PT",
		.hyphen_package = "hyphen-pt-pt",
		.hyphen_left = 2,
		.hyphen_right = 3,
	},
	{
		.code = "it",
		.name = "Italiano",
		.aliases = "ita|italian|italiano",
		.months = {"gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre",
		           "ottobre", "novembre", "dicembre"},
		.date = "%d %B %Y",
		.page_label = "pagina %p di %n",
		.outer = {LAQUO, RAQUO},
		.inner = {LDQUO, RDQUO},
		.hyphen_file = "it_IT",
		.hyphen_package = "hyphen-it",
		.hyphen_left = 2,
		.hyphen_right = 2,
	},
	{
		.code = "nl",
		.name = "Nederlands",
		.aliases = "nld|dut|dutch|nederlands|neerlandes|holandes",
		.months = {"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
		           "oktober", "november", "december"},
		.date = "%d %B %Y",
		.page_label = "pagina %p van %n",
		.outer = {LDQUO, RDQUO},
		.inner = {LSQUO, 0x2019},
		.hyphen_file = "nl_NL",
		.hyphen_package = "hyphen-nl",
		.hyphen_left = 2,
		.hyphen_right = 2,
	},
	{
		.code = "ca",
		.name = "Català",
		.aliases = "cat|catalan|catala",
		/* The month with its preposition, elided before a vowel. */
		.months = {"de gener", "de febrer", "de març", "d’abril", "de maig", "de juny", "de juliol", "d’agost",
		           "de setembre", "d’octubre", "de novembre", "de desembre"},
		.date = "%d %B de %Y",
		.page_label = "pàgina %p de %n",
		.outer = {LAQUO, RAQUO},
		.inner = {LDQUO, RDQUO},
		.hyphen_file = "ca_ES",
		.hyphen_package = "hyphen-ca",
		.hyphen_left = 2,
		.hyphen_right = 2,
	},
};

#define NLANGS (sizeof(table) / sizeof(table[0]))

size_t lang_count(void)
{
	return NLANGS;
}

const struct lang *lang_at(size_t i)
{
	return i < NLANGS ? &table[i] : NULL;
}

size_t lang_index(const struct lang *l)
{
	return (size_t)(l - table);
}

const struct lang *lang_by_code(const char *code)
{
	for (size_t i = 0; code && i < NLANGS; i++)
		if (strcmp(table[i].code, code) == 0)
			return &table[i];
	return NULL;
}

static bool in_list(const char *list, const char *word, size_t len)
{
	for (const char *p = list; *p;) {
		size_t n = strcspn(p, "|");
		if (n == len && memcmp(p, word, len) == 0)
			return true;
		p += n;
		p += *p == '|';
	}
	return false;
}

static const struct lang *match(const char *word, size_t len)
{
	for (size_t i = 0; i < NLANGS; i++)
		if ((len == 2 && memcmp(table[i].code, word, 2) == 0) || in_list(table[i].aliases, word, len))
			return &table[i];
	return NULL;
}

const struct lang *lang_find(const char *name)
{
	const struct lang *found;
	char *f;
	size_t len, head;

	if (!name)
		return NULL;
	/* The common case, a code as the table writes it, needs no folding. */
	if (name[0] >= 'a' && name[0] <= 'z' && name[1] >= 'a' && name[1] <= 'z' && name[2] == '\0' &&
	    (found = lang_by_code(name)) != NULL)
		return found;
	while (*name == ' ' || *name == '\t')
		name++;
	len = strlen(name);
	while (len > 0 && (name[len - 1] == ' ' || name[len - 1] == '\t'))
		len--;
	if (len == 0 || !(f = utf8_fold(name, len)))
		return NULL;
	len = strlen(f);
	found = match(f, len);
	/* A region tag or a locale name: "es-MX", "pt_BR", "de_DE.UTF-8",
	 * "ca_ES@valencia" name the language before the separator. */
	head = strcspn(f, "-_.@");
	if (!found && (head == 2 || head == 3) && head < len)
		found = match(f, head);
	free(f);
	return found;
}

void lang_codes(char *buf, size_t size)
{
	size_t n = 0;

	if (size == 0)
		return;
	buf[0] = '\0';
	for (size_t i = 0; i < NLANGS && n < size; i++) {
		int k = snprintf(buf + n, size - n, "%s%s", i ? ", " : "", table[i].code);
		if (k < 0)
			break;
		n += (size_t)k;
	}
}

/* Copies pattern into buf with each %x replaced by what value(x) gives
 * (NULL: the pattern is wrong, and the % is copied as it is). */
static int expand(char *buf, size_t size, const char *pattern, const char *(*value)(char, const void *, char *),
                  const void *arg)
{
	size_t n = 0;
	char scratch[32];

	for (const char *p = pattern; *p; p++) {
		const char *v = NULL;
		size_t vlen;

		if (p[0] == '%' && p[1] != '\0' && (v = value(p[1], arg, scratch)) != NULL)
			p++;
		if (!v) {
			v = p;
			vlen = 1;
		} else {
			vlen = strlen(v);
		}
		if (n + vlen >= size) {
			buf[n] = '\0'; /* cut, but still a string */
			return -1;
		}
		memcpy(buf + n, v, vlen);
		n += vlen;
	}
	buf[n] = '\0';
	return (int)n;
}

struct date_args {
	const struct lang *l;
	int day, month, year;
};

static const char *date_value(char c, const void *arg, char *scratch)
{
	const struct date_args *a = arg;

	switch (c) {
	case 'd':
		if (a->day == 1 && a->l->first_day)
			return a->l->first_day;
		snprintf(scratch, 32, "%d", a->day);
		return scratch;
	case 'B':
		return a->l->months[a->month - 1];
	case 'Y':
		snprintf(scratch, 32, "%d", a->year);
		return scratch;
	case '%':
		return "%";
	default:
		return NULL;
	}
}

int lang_format_date(const struct lang *l, char *buf, size_t size, int day, int month, int year)
{
	struct date_args a = {l, day, month, year};

	if (!l || month < 1 || month > 12 || size == 0)
		return -1;
	return expand(buf, size, l->date, date_value, &a);
}

struct page_args {
	size_t page, npages;
};

static const char *page_value(char c, const void *arg, char *scratch)
{
	const struct page_args *a = arg;

	switch (c) {
	case 'p':
		snprintf(scratch, 32, "%zu", a->page);
		return scratch;
	case 'n':
		snprintf(scratch, 32, "%zu", a->npages);
		return scratch;
	case '%':
		return "%";
	default:
		return NULL;
	}
}

int lang_page_label(const struct lang *l, char *buf, size_t size, size_t page, size_t npages)
{
	struct page_args a = {page, npages};

	if (!l || size == 0)
		return -1;
	return expand(buf, size, l->page_label, page_value, &a);
}

/* ------------------------------------------------------------ the public API */

APPEAL_EXPORT const char *appeal_language_code(const char *name)
{
	const struct lang *l = lang_find(name);
	return l ? l->code : NULL;
}

APPEAL_EXPORT size_t appeal_language_count(void)
{
	return NLANGS;
}

APPEAL_EXPORT const char *appeal_language_at(size_t i)
{
	return i < NLANGS ? table[i].code : NULL;
}

APPEAL_EXPORT const char *appeal_language_name(const char *code)
{
	const struct lang *l = lang_by_code(code);
	return l ? l->name : NULL;
}
