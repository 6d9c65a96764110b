/* libFuzzer: a signer reader, the format fixed at build time (FUZZ_FORMAT:
 * "csv", "tsv", "json", "jsonl"), with encoding and delimiter detection,
 * column mapping, every row as the batch reads it and the table as
 * `appeal inspect --json` prints it. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "appeal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct appeal_error err;
	struct appeal_signers_options opts = APPEAL_SIGNERS_OPTIONS_INIT;
	opts.format = FUZZ_FORMAT[0] == 't' ? "csv" : FUZZ_FORMAT;
	if (FUZZ_FORMAT[0] == 't')
		opts.delimiter = '\t';
	opts.default_lang = "en";
	struct appeal_signers *t = appeal_signers_read_mem(data, size, "fuzz." FUZZ_FORMAT, &opts, &err);

	if (!t)
		return 0;
	for (size_t i = 0; i < appeal_signers_count(t); i++) {
		struct appeal_signer s;
		appeal_signers_signer(&s, t, i);
	}
	for (size_t i = 0; i < appeal_signers_problem_count(t); i++)
		appeal_signers_problem_error(t, appeal_signers_problem(t, i), &err);
	free(appeal_signers_to_json(t));
	appeal_signers_free(t);
	return 0;
}
