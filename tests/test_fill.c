/* Filling: placeholders, literal signer values, dates, names tied, notes,
 * and every refusal of bad signer input. */
#include <stdlib.h>
#include <string.h>

#include "appeal.h"
#include "check.h"
#include "document/document.h"

static const char letter_json[] =
	"{\"format\": 1, \"id\": \"test\", \"title\": \"Test\", \"issuer\": \"Amnesty International\",\n"
	" \"link\": \"https://example.org/ua\", \"deadline\": \"2025-10-11\",\n"
	" \"preferred_languages\": [\"en\", \"es\"],\n"
	" \"addressee\": {\"name\": \"Nicolás Maduro\", \"address\": [\"Palacio de Miraflores\", \"Caracas\"],\n"
	"               \"email\": [\"Presidencia <presidencia@example.gob.ve>\"]},\n"
	" \"names\": [\"Pedro Guanipa\", \"María Oropeza\"],\n"
	" \"texts\": {\n"
	"  \"en\": {\"title\": \"Release them\", \"addressee_title\": \"President of the Republic\",\n"
	"          \"subject\": \"Release\", \"salutation\": \"President Maduro,\",\n"
	"          \"paragraphs\": [\"I am {{name}} from {{city}}; today is {{date}}.\",\n"
	"                         \"Free Pedro Guanipa and María Oropeza before {{deadline}}.\"],\n"
	"          \"closing\": \"Yours sincerely,\"},\n"
	"  \"es\": {\"title\": \"Libérenlos\", \"addressee_title\": \"\", \"subject\": \"\",\n"
	"          \"salutation\": \"Señor Presidente:\",\n"
	"          \"paragraphs\": [\"Hoy, {{date}}, le escribo sobre \\\"las personas detenidas\\\".\"],\n"
	"          \"closing\": \"Atentamente,\"}}}\n";

static const struct block *find(const struct appeal_document *doc, enum block_kind kind, int nth)
{
	for (size_t i = 0; i < doc->nblocks; i++)
		if (doc->blocks[i].kind == kind && nth-- == 0)
			return &doc->blocks[i];
	return NULL;
}

static int count(const struct appeal_document *doc, enum block_kind kind)
{
	int n = 0;
	for (size_t i = 0; i < doc->nblocks; i++)
		n += doc->blocks[i].kind == kind;
	return n;
}

static const char *text_of(const struct appeal_document *doc, enum block_kind kind, int nth)
{
	const struct block *b = find(doc, kind, nth);
	return b ? b->text : NULL;
}

/* Fills and expects failure; returns the error message. */
static const char *refuse(const struct appeal_letter *l, const char *lang, struct appeal_signer *s, int code)
{
	static struct appeal_error err;
	appeal_error_clear(&err);
	struct appeal_document *doc = appeal_document_fill(l, lang, s, &err);
	CHECK(doc == NULL);
	CHECK_INT(err.code, code);
	CHECK(err.hint[0] != '\0');
	appeal_document_free(doc);
	return err.message;
}

int main(int argc, char **argv)
{
	struct appeal_error err = {0};
	(void)argc;
	struct appeal_letter *l = appeal_letter_parse(letter_json, strlen(letter_json), "test.json", &err);
	if (!CHECK(l != NULL)) {
		fprintf(stderr, "%s\n", err.message);
		return check_summary(argv[0]);
	}

	struct appeal_signer s = APPEAL_SIGNER_INIT;
	s.name = "Ana  Pérez\t";
	s.city = "Mérida";
	s.date = (struct appeal_date){2026, 11, 28};
	struct appeal_document *doc = appeal_document_fill(l, "en", &s, &err);
	CHECK(doc != NULL);
	if (doc) {
		CHECK_STR(text_of(doc, BLOCK_DATELINE, 0), "Mérida, 28 November 2026");
		CHECK_STR(text_of(doc, BLOCK_PARAGRAPH, 0),
		          "I am Ana\xC2\xA0Pérez from Mérida; today is 28 November 2026.");
		CHECK_STR(text_of(doc, BLOCK_PARAGRAPH, 1),
		          "Free Pedro\xC2\xA0Guanipa and María\xC2\xA0Oropeza before 11 October 2025.");
		CHECK_STR(text_of(doc, BLOCK_ADDRESS, 0), "President of the Republic");
		CHECK_STR(text_of(doc, BLOCK_ADDRESS, 1), "Nicolás\xC2\xA0Maduro");
		CHECK_INT(count(doc, BLOCK_ADDRESS), 4);
		CHECK_STR(text_of(doc, BLOCK_SIGNER, 0), "Ana\xC2\xA0Pérez");
		CHECK_STR(text_of(doc, BLOCK_SIGNER, 1), "Mérida");
		CHECK_STR(text_of(doc, BLOCK_SENDER, 0), "Ana\xC2\xA0Pérez · Mérida");
		CHECK_STR(doc->author, "Ana Pérez");
		CHECK_STR(doc->title, "Release them");
		CHECK_INT(count(doc, BLOCK_NOTE), 0);
		/* No e-mail given: none, and the campaign's recipients all the same. */
		CHECK_STR(doc->email, "");
		CHECK_STR(doc->letter_id, "test");
		CHECK_INT(doc->nto, 1);
		if (doc->nto == 1) {
			CHECK_STR(doc->to[0].name, "Presidencia");
			CHECK_STR(doc->to[0].addr, "presidencia@example.gob.ve");
		}
	}
	appeal_document_free(doc);

	/* The e-mail address is carried as given, trimmed; a control
	 * character in it is refused like in any other field. */
	s.email = "  ana@example.org ";
	doc = appeal_document_fill(l, "en", &s, &err);
	CHECK(doc && strcmp(doc->email, "ana@example.org") == 0);
	appeal_document_free(doc);
	s.email = "ana@example.org\nBcc: everyone@example.org";
	refuse(l, "en", &s, APPEAL_EINVAL);
	s.email = NULL;

	/* No city: no stray comma, no empty line. */
	s.city = "   ";
	s.name = "Ana Pérez";
	doc = appeal_document_fill(l, "es", &s, &err);
	CHECK(doc != NULL);
	if (doc) {
		CHECK_STR(text_of(doc, BLOCK_DATELINE, 0), "28 de noviembre de 2026");
		CHECK_INT(count(doc, BLOCK_SIGNER), 1);
		CHECK_STR(text_of(doc, BLOCK_SENDER, 0), "Ana\xC2\xA0Pérez");
		/* Empty subject and addressee title leave no block behind. */
		CHECK_INT(count(doc, BLOCK_SUBJECT), 0);
		CHECK_INT(count(doc, BLOCK_ADDRESS), 3);
		/* Spanish quotation marks. */
		CHECK_STR(text_of(doc, BLOCK_PARAGRAPH, 0),
		          "Hoy, 28 de noviembre de 2026, le escribo sobre «las personas detenidas».");
		CHECK_STR(text_of(doc, BLOCK_SALUTATION, 0), "Señor Presidente:");
		char *plain = appeal_document_text(doc, 0, &err);
		CHECK(plain && strstr(plain, "\n\n\n") == NULL);
		CHECK(plain && strstr(plain, "Atentamente,\nAna Pérez\n") != NULL);
		free(plain);
	}
	appeal_document_free(doc);

	/* Signer values are literal: placeholders in them are printed as typed. */
	s.name = "{{date}} {{name}}";
	s.city = "{{city}}";
	s.note = "My note says {{deadline}}.\n\nSecond   paragraph\nwrapped.";
	doc = appeal_document_fill(l, "en", &s, &err);
	CHECK(doc != NULL);
	if (doc) {
		CHECK_STR(text_of(doc, BLOCK_SIGNER, 0), "{{date}}\xC2\xA0{{name}}");
		CHECK_STR(text_of(doc, BLOCK_PARAGRAPH, 0),
		          "I am {{date}}\xC2\xA0{{name}} from {{city}}; today is 28 November 2026.");
		CHECK_INT(count(doc, BLOCK_NOTE), 2);
		CHECK_STR(text_of(doc, BLOCK_NOTE, 0), "My note says {{deadline}}.");
		CHECK_STR(text_of(doc, BLOCK_NOTE, 1), "Second paragraph wrapped.");
		/* The note comes after the letter's paragraphs, before the closing. */
		CHECK(find(doc, BLOCK_NOTE, 0) > find(doc, BLOCK_PARAGRAPH, 1));
		CHECK(find(doc, BLOCK_NOTE, 1) < find(doc, BLOCK_CLOSING, 0));
	}
	appeal_document_free(doc);

	/* Decomposed accents are composed, so the fonts draw one glyph. */
	s.name = "Jose\xCC\x81 Nun\xCC\x83" "ez";
	s.city = NULL;
	s.note = NULL;
	doc = appeal_document_fill(l, "es", &s, &err);
	CHECK(doc && strcmp(doc->author, "José Nuñez") == 0);
	appeal_document_free(doc);

	/* A tab is white space, as in a table row (signers/value.h). */
	s.name = "Ana\tP\xC3\xA9rez";
	doc = appeal_document_fill(l, "es", &s, &err);
	CHECK(doc && strcmp(doc->author, "Ana P\xC3\xA9rez") == 0);
	appeal_document_free(doc);

	/* Refusals. */
	struct appeal_signer bad = APPEAL_SIGNER_INIT;
	bad.date = s.date;
	CHECK_STR(refuse(l, "en", &bad, APPEAL_EINVAL), "the signer's name is missing");
	bad.name = " \t ";
	CHECK_STR(refuse(l, "en", &bad, APPEAL_EINVAL), "the signer's name is blank");
	bad.name = "Ana";
	CHECK_STR(refuse(l, "fr", &bad, APPEAL_ENOTFOUND), "the letter 'test' has no text in the language 'fr'");
	bad.name = "Ana\xC3\x28";
	CHECK_STR(refuse(l, "en", &bad, APPEAL_ESYNTAX), "the name is not valid UTF-8 (byte 4, character 4)");
	bad.name = "Ana\x1b[31m";
	CHECK_STR(refuse(l, "en", &bad, APPEAL_EINVAL),
	          "the name has a control character (U+001B) at character 4");
	bad.name = "Ana\nPérez";
	CHECK(strstr(refuse(l, "en", &bad, APPEAL_EINVAL), "U+000A") != NULL);
	char *huge = malloc(10001);
	memset(huge, 'a', 10000);
	huge[10000] = '\0';
	bad.name = huge;
	CHECK_STR(refuse(l, "en", &bad, APPEAL_EINVAL), "the name is too long (10000 characters; at most 200 bytes)");
	bad.name = "Ana";
	bad.city = huge;
	CHECK(strstr(refuse(l, "en", &bad, APPEAL_EINVAL), "the city is too long") != NULL);
	bad.city = NULL;
	bad.note = "\xFF";
	CHECK(strstr(refuse(l, "en", &bad, APPEAL_ESYNTAX), "the note is not valid UTF-8") != NULL);
	free(huge);

	/* A batch's cache gives the same documents: blocks without a
	 * placeholder are kept tied to the letter's names, and each signer's own
	 * name is tied in them still (a signer called "President Maduro" binds
	 * the salutation's two words, as without the cache). */
	struct fill_cache *cache = fill_cache_new();
	static const char *const who[] = {"Ana Pérez", "President Maduro", "Señor Presidente", "Ana Pérez"};
	CHECK(cache != NULL);
	for (size_t i = 0; cache && i < 2 * sizeof(who) / sizeof(who[0]); i++) {
		const char *lang = i % 2 ? "es" : "en";
		struct appeal_signer c = APPEAL_SIGNER_INIT;
		c.name = who[i / 2];
		c.city = "Mérida";
		c.date = s.date;
		struct appeal_document *kept = document_fill(l, lang, &c, cache, &err);
		struct appeal_document *whole = document_fill(l, lang, &c, NULL, &err);
		if (!CHECK(kept && whole && kept->nblocks == whole->nblocks)) {
			appeal_document_free(kept);
			appeal_document_free(whole);
			continue;
		}
		for (size_t k = 0; k < kept->nblocks; k++) {
			CHECK_STR(kept->blocks[k].text, whole->blocks[k].text);
			CHECK_STR(kept->blocks[k].origin, whole->blocks[k].origin);
		}
		if (strcmp(c.name, "President Maduro") == 0 && !strcmp(lang, "en"))
			CHECK(strstr(text_of(kept, BLOCK_SALUTATION, 0), "President\xC2\xA0Maduro") != NULL);
		if (strcmp(c.name, "Señor Presidente") == 0 && !strcmp(lang, "es"))
			CHECK(strstr(text_of(kept, BLOCK_SALUTATION, 0), "Señor\xC2\xA0Presidente") != NULL);
		if (strcmp(c.name, "Ana Pérez") == 0)
			CHECK(strstr(text_of(kept, BLOCK_SALUTATION, 0), "\xC2\xA0") == NULL);
		appeal_document_free(kept);
		appeal_document_free(whole);
	}
	fill_cache_free(cache);

	appeal_letter_free(l);
	return check_summary(argv[0]);
}
