/* libFuzzer: the signature PNG loader (a web form's upload is hostile). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "backend/signature.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct appeal_error err;
	struct signature_image img;

	if (signature_load(NULL, data, size, &img, &err) == 0)
		signature_image_free(&img);
	return 0;
}
