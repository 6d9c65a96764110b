/* Checks of an .xls file before FreeXL reads it. FreeXL 1.0.6 (Debian 12)
 * trusts lengths and sector numbers in the file: fuzzing found it reading
 * past its buffers (a directory entry's name, a LABEL's text) and losing
 * memory (a broken mini stream chain), and allocating for a sheet as large
 * as a record claims. xls_check() walks the compound file
 * and the workbook's records as FreeXL will, and says whether FreeXL can be
 * given the file. A file Excel or LibreOffice wrote always passes.
 * Internal to src/signers/. */
#ifndef APPEAL_SIGNERS_XLSCHECK_H
#define APPEAL_SIGNERS_XLSCHECK_H

#include <stdbool.h>
#include <stddef.h>

enum xls_check {
	XLS_OK,             /* FreeXL reads it safely */
	XLS_LEFT_TO_FREEXL, /* damaged in a way FreeXL itself reports cleanly */
	XLS_OLD,            /* not a compound file: Excel 4.0 or older (BIFF2-4), or not Excel at all */
	XLS_DAMAGED,        /* FreeXL would read out of bounds or lose memory */
	XLS_TOO_BIG,        /* the sheets span more than XLS_MAX_CELLS (*cells: how many) */
	XLS_NOMEM,
};

/* The most cells the sheets may span together (rows times columns, empty
 * ones included): FreeXL allocates 16 bytes for each before reading any,
 * and appeal visits each of the sheet it reads (docs/hardening.md). */
#define XLS_MAX_CELLS 4000000ul

enum xls_check xls_check(const unsigned char *data, size_t len, unsigned long long *cells);

#endif
