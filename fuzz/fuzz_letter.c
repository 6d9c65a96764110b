/* libFuzzer: the letter reader (a campaign file is downloaded, so hostile),
 * then filling every language it has and its plain text, as `appeal write
 * --format text` does. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "appeal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct appeal_error err;
	struct appeal_letter *letter = appeal_letter_parse((const char *)data, size, "fuzz.json", &err);

	if (!letter)
		return 0;
	struct appeal_signer s = APPEAL_SIGNER_INIT;
	s.name = "Ana Pérez";
	s.city = "Mérida";
	s.note = "Please act now.";
	s.date = (struct appeal_date){2026, 11, 28};
	for (size_t i = 0; i < appeal_letter_language_count(letter); i++) {
		struct appeal_document *doc = appeal_document_fill(letter, appeal_letter_language(letter, i), &s, &err);
		if (!doc)
			continue;
		free(appeal_document_text(doc, 72, &err));
		appeal_document_free(doc);
	}
	appeal_letter_free(letter);
	return 0;
}
