/* The page's languages. Every text of the web form is a msgid here, so one
 * catalogue (po/) translates the command and the page alike. gettext
 * translates for the whole process, but each visitor chooses a language:
 * so at start-up, before any thread runs, every text is read once in each
 * language that has a catalogue, and requests only look them up. */
#include <ctype.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "serve.h"

/* Read by glibc's gettext to notice a change of LANGUAGE (GNU gettext
 * manual, "Being a gettext grok"). */
extern int _nl_msg_cat_cntr;

struct text {
	const char *key;
	const char *msgid;
};

/* Keys are what the templates in src/cli/web/ write between braces. */
static const struct text texts[] = {
	/* TRANSLATORS: the name of the language the page is in, in itself
	 * ("Español"); shown in the list of the page's languages. */
	{"language_self", N_("English")},
	{"page_title", N_("Sign the letter")},
	{"intro", N_("Add your name to this letter: you get it as a PDF to print, sign and post.")},
	{"intro_stand", N_("Add your name to this letter: it is printed with the others at the end of the day and "
	                   "posted for you.")},
	{"page_languages", N_("Language of this page")},
	{"name", N_("Your name")},
	{"name_help", N_("As you sign. Initials and your town are enough if naming yourself is not safe for you.")},
	{"city", N_("Town or city (optional)")},
	{"lang", N_("Language of the letter")},
	{"note", N_("A few words of your own (optional)")},
	{"note_help", N_("Said in your own words, a sentence or two is read more closely than the letter itself.")},
	{"note_unit", N_("characters")},
	/* TRANSLATORS: {n} is a number of characters; keep it as it is. */
	{"note_fits", N_("The letter fits on one page, with room for about {n} more characters.")},
	{"note_roomy", N_("The letter fits on one page.")},
	/* TRANSLATORS: {n} is a number of characters; keep it as it is. */
	{"note_near", N_("Nearly at the end of the page: about {n} more characters fit, then the letter needs a "
	                 "second sheet.")},
	{"note_over", N_("The letter now needs a second page; shorten your words to keep it on one.")},
	{"email", N_("E-mail (optional)")},
	{"email_help", N_("Kept with your name in this stand's list, and only if you tick the box below.")},
	{"consent", N_("Keep my name, town, words and e-mail in this stand's list so that my letter is printed and "
	               "posted.")},
	{"consent_help", N_("Without this, nothing is kept: you get your letter as a PDF here and now.")},
	{"signature", N_("Signature (optional)")},
	{"signature_help", N_("Draw it with your finger or the mouse, or choose a PNG image of it.")},
	{"signature_pad", N_("Signature pad: draw here with a finger, a pen or the mouse")},
	{"signature_file", N_("Signature image (PNG)")},
	{"signature_clear", N_("Clear the signature")},
	{"submit", N_("Get my letter (PDF)")},
	{"submit_stand", N_("Sign")},
	{"noscript", N_("Without JavaScript the signature pad and the page counter do not work; everything else does.")},
	{"privacy", N_("Nothing you type is stored: the letter is made and handed to you.")},
	{"privacy_stand", N_("Only what you agree to is kept, in a file on this computer, to print the letters.")},
	{"back", N_("Back to the form")},
	{"next", N_("Next person")},
	{"thanks_title", N_("Thank you!")},
	{"thanks", N_("Your letter will be printed and posted with the others.")},
	{"error_title", N_("The letter could not be made")},
	{"error_where", N_("Look at the field “%s”.")},
	{"error_hint", N_("What to do: %s")},
	{"name_missing", N_("Your name is missing: a letter needs someone to sign it.")},
	{"unknown_field", N_("The form sent a field this page does not have: “%s”.")},
	{"twice", N_("The field “%s” was sent twice.")},
	{"too_long", N_("The field “%s” is too long: at most %zu bytes.")},
	{"nul", N_("The field “%s” contains a NUL character, which no text may hold.")},
	{"bad_lang", N_("The letter has no text in the language “%s”.")},
	{"bad_lang_hint", N_("Choose one of the languages in the list.")},
	{"bad_email", N_("“%s” does not look like an e-mail address.")},
	{"email_not_kept", N_("An e-mail address is only kept at a stand, and only when you agree to it; leave the field empty.")},
	{"signature_not_kept", N_("A drawn signature cannot be kept at a stand: the letters are printed with your "
	                          "typed name. Leave the signature out.")},
	{"bad_consent", N_("The consent box sent “%s”; it sends “yes” when ticked.")},
	{"not_saved", N_("Your name could not be saved. Please tell the person at the stand.")},
	{"not_found_title", N_("Not found")},
	{"not_found", N_("There is nothing at this address.")},
	{"method_title", N_("Not allowed")},
	{"method", N_("This address does not accept that kind of request.")},
	{"too_large_title", N_("The form is too large")},
	{"too_large", N_("A letter's form may hold at most %zu KB; a large signature image is the usual cause.")},
	{"cross_site_title", N_("Refused")},
	{"cross_site", N_("This form only accepts letters sent from its own page.")},
	{"host_title", N_("Refused")},
	{"host", N_("This server answers only to the address it printed when it started.")},
	{"busy_title", N_("Busy")},
	{"busy", N_("Too many letters at once. Please try again in a moment.")},
	{"media_type", N_("Send the form as application/x-www-form-urlencoded or multipart/form-data.")},
	{"internal_title", N_("Something went wrong")},
	{"internal", N_("The letter could not be made because of a problem on this computer, not in what you wrote.")},
	{"file_prefix", N_("letter")},
};
#define NTEXTS (sizeof(texts) / sizeof(texts[0]))

struct ui_language {
	char code[16];
	const char *text[NTEXTS]; /* owned copies */
};

static struct ui_language *langs;
static size_t nlangs;

static int load_one(const char *code)
{
	struct ui_language *l = &langs[nlangs];
	bool translated = strcmp(code, "en") == 0;

	snprintf(l->code, sizeof(l->code), "%s", code);
	setenv("LANGUAGE", code, 1);
	++_nl_msg_cat_cntr;
	for (size_t i = 0; i < NTEXTS; i++) {
		const char *t = dgettext("appeal", texts[i].msgid);
		translated |= t != texts[i].msgid && strcmp(t, texts[i].msgid) != 0;
		if (!(l->text[i] = strdup(t)))
			return -1;
	}
	if (translated)
		nlangs++;
	else
		for (size_t i = 0; i < NTEXTS; i++)
			free((char *)l->text[i]);
	return 0;
}

int ui_load(void)
{
	char *saved_language = getenv("LANGUAGE") ? strdup(getenv("LANGUAGE")) : NULL;
	const char *current = setlocale(LC_MESSAGES, NULL);
	char *saved_locale = current ? strdup(current) : NULL;
	int rc = 0;

	/* The page offers every language of the library's table that has a
	 * catalogue (English is the messages themselves). */
	langs = calloc(appeal_language_count(), sizeof(*langs));
	if (!langs)
		return -1;
	/* gettext ignores LANGUAGE in the "C" locale; C.UTF-8 lets it speak. */
	if (saved_locale && (strcmp(saved_locale, "C") == 0 || strcmp(saved_locale, "POSIX") == 0))
		setlocale(LC_MESSAGES, "C.UTF-8");
	/* The page is UTF-8 whatever the terminal's character set. */
	bind_textdomain_codeset("appeal", "UTF-8");
	for (size_t i = 0; i < appeal_language_count() && rc == 0; i++)
		rc = load_one(appeal_language_at(i));
	if (saved_language)
		setenv("LANGUAGE", saved_language, 1);
	else
		unsetenv("LANGUAGE");
	if (saved_locale)
		setlocale(LC_MESSAGES, saved_locale);
	++_nl_msg_cat_cntr;
	free(saved_language);
	free(saved_locale);
	return rc;
}

void ui_free(void)
{
	for (size_t k = 0; k < nlangs; k++)
		for (size_t i = 0; i < NTEXTS; i++)
			free((char *)langs[k].text[i]);
	free(langs);
	langs = NULL;
	nlangs = 0;
}

size_t ui_count(void)
{
	return nlangs;
}

const char *ui_code(size_t ui)
{
	return ui < nlangs ? langs[ui].code : "en";
}

const char *ui_name(size_t ui)
{
	return ui_text(ui, "language_self");
}

const char *ui_text(size_t ui, const char *key)
{
	for (size_t i = 0; i < NTEXTS; i++)
		if (strcmp(texts[i].key, key) == 0)
			return ui < nlangs ? langs[ui].text[i] : texts[i].msgid;
	return key;
}

static bool find(const char *code, size_t len, size_t *ui)
{
	for (size_t i = 0; i < nlangs; i++)
		if (strlen(langs[i].code) == len && strncasecmp(langs[i].code, code, len) == 0) {
			*ui = i;
			return true;
		}
	return false;
}

/* "es-ES,es;q=0.9,en;q=0.8": the highest q whose primary subtag we have;
 * the earlier wins a tie (RFC 9110, 12.5.4). */
static bool from_accept(const char *header, size_t *ui)
{
	double best_q = 0;
	bool found = false;

	for (const char *p = header; *p;) {
		while (*p == ' ' || *p == ',')
			p++;
		const char *tag = p;
		while (isalpha((unsigned char)*p))
			p++;
		size_t len = (size_t)(p - tag);
		while (*p && *p != ';' && *p != ',')
			p++;
		double q = 1;
		if (*p == ';') {
			const char *qs = strstr(p, "q=");
			const char *end = strchr(p, ',');
			if (qs && (!end || qs < end))
				q = strtod(qs + 2, NULL);
			while (*p && *p != ',')
				p++;
		}
		size_t i;
		if (len > 0 && q > best_q && find(tag, len, &i)) {
			best_q = q;
			*ui = i;
			found = true;
		}
	}
	return found;
}

size_t ui_pick(const char *asked, const char *accept_language)
{
	size_t ui = 0;

	if (asked && find(asked, strlen(asked), &ui))
		return ui;
	if (accept_language && from_accept(accept_language, &ui))
		return ui;
	return find("en", 2, &ui) ? ui : 0;
}

const char *ui_language_name(const char *code)
{
	const char *name = appeal_language_name(code);
	return name ? name : code;
}
