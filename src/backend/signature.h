/* The signature image: a PNG from a file or from memory, checked and
 * decoded to RGB and alpha planes for the PDF backend. */
#ifndef APPEAL_SIGNATURE_H
#define APPEAL_SIGNATURE_H

#include <stddef.h>

#include "appeal.h"

#define SIGNATURE_MAX_PIXELS (4000u * 4000u)

struct signature_image {
	unsigned width, height;
	unsigned char *rgb, *alpha; /* alpha NULL when fully opaque */
};

/* Reads the PNG at `path`, or else `size` bytes at `data`. A hostile image
 * (over SIGNATURE_MAX_PIXELS, damaged) is refused before anything large is
 * allocated. On success the caller owns img's planes and frees them with
 * signature_image_free(); on failure img holds nothing. */
int signature_load(const char *path, const void *data, size_t size, struct signature_image *img,
                   struct appeal_error *err);
void signature_image_free(struct signature_image *img);

#endif
