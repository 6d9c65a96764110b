/* libFuzzer: the font metrics reader (APPEAL_DATA_DIR may point anywhere). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "typeset/fonts.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* fontset_load refuses a file with a NUL byte before parsing it */
	char *text = memchr(data, '\0', size) ? NULL : malloc(size + 1);

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	font_metrics_check(text);
	free(text);
	return 0;
}
