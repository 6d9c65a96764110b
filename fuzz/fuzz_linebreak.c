/* libFuzzer: the line breaker on any sequence of boxes, glue and penalties
 * made from the input's bytes (4 bytes an item), ended as the layout ends a
 * paragraph. Checks what every caller relies on: breaks in order, each at
 * a glue or a penalty that may break, the last one at the end. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "typeset/linebreak.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 4)
		return 0;
	struct lb_params p = LB_PARAMS_INIT;
	p.width = 50 + data[0] * 4 + data[1];
	p.ragged = data[2] & 1;
	p.looseness = (data[2] & 2) ? -1 : 0;
	p.expansion = (data[2] & 4) ? 0.02 : 0;
	p.tolerance = 1 + (data[3] & 7);
	size_t n = (size - 4) / 4;
	struct lb_item *items = calloc(n + 3, sizeof(*items));
	if (!items)
		abort();
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		const uint8_t *b = data + 4 + 4 * i;
		struct lb_item *it = &items[k];
		switch (b[0] % 3) {
		case 0:
			it->type = LB_BOX;
			it->width = b[1] + b[2] / 256.0;
			break;
		case 1:
			it->type = LB_GLUE;
			it->width = b[1] / 16.0;
			it->stretch = b[2] / 32.0;
			it->shrink = b[3] / 64.0;
			break;
		default:
			it->type = LB_PENALTY;
			it->width = b[1] / 32.0;
			it->penalty = (int)b[2] * 80 - 10000; /* -10000 (forced) .. 10400 (forbidden) */
			it->flagged = b[3] & 1;
			it->level = (b[3] >> 1) % 3;
			break;
		}
		k++;
	}
	items[k++] = (struct lb_item){.type = LB_PENALTY, .penalty = LB_INFINITY};
	items[k++] = (struct lb_item){.type = LB_GLUE, .stretch = LB_FIL};
	items[k++] = (struct lb_item){.type = LB_PENALTY, .penalty = -LB_INFINITY, .flagged = true};

	struct lb_break *br = NULL;
	size_t nb = 0;
	if (linebreak(items, k, &p, &br, &nb) == 0) {
		if (nb == 0 || br[nb - 1].item != k - 1)
			abort();
		for (size_t i = 0; i < nb; i++) {
			const struct lb_item *it = &items[br[i].item];
			if (br[i].item >= k || (i && br[i].item <= br[i - 1].item) || it->type == LB_BOX ||
			    (it->type == LB_PENALTY && it->penalty >= LB_INFINITY))
				abort();
		}
	}
	free(br);
	free(items);
	return 0;
}
