/* .xls (Excel 97-2003, BIFF) workbooks through libfreexl. FreeXL reads
 * from a path only, so a workbook in memory is first written to an
 * anonymous memory file (memfd) opened through /proc/self/fd: no signer's
 * data reaches a disk, and nothing is left behind even if the process dies
 * inside FreeXL. Without memfd or /proc, a private temporary file in
 * TMPDIR, removed as soon as FreeXL has opened it. xlscheck.c first
 * refuses what FreeXL would mishandle. FreeXL gives no number formats,
 * hidden rows or merged cells: numbers are read as General (a postcode
 * kept as a number loses its leading zero: format the column as text),
 * dates as dates (docs/signers.md). */
#define _GNU_SOURCE /* memfd_create */
#include <errno.h>
#include <freexl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "signers/model.h"
#include "signers/xlscheck.h"
#include "util/atomic.h"
#include "util/error.h"
#include "util/i18n.h"

/* Not a FreeXL code: the workbook says it is encrypted. */
#define ENCRYPTED 1

static int damaged(struct appeal_error *err, int code)
{
	if (code == FREEXL_BIFF_WORKBOOK_NOT_FOUND) {
		err_set(err, APPEAL_EINVAL, _("the file holds no Excel workbook: it may be a password-protected .xlsx"));
		err_hint(err, _("open it, save it again without a password, or export the sheet as CSV"));
		return APPEAL_EINVAL;
	}
	if (code == ENCRYPTED) {
		err_set(err, APPEAL_EINVAL, _("the workbook is password-protected"));
		err_hint(err, _("open it, save it again without a password, or export the sheet as CSV"));
		return APPEAL_EINVAL;
	}
	if (code == FREEXL_INSUFFICIENT_MEMORY)
		return err_nomem(err);
	err_set(err, APPEAL_ESYNTAX, _("this is not a readable .xls workbook (FreeXL error %d)"), code);
	err_hint(err, _("open it in the office program and save it again (as .xlsx, .ods or CSV)"));
	return APPEAL_ESYNTAX;
}

static int read_sheet(struct appeal_signers *s, const void *h, const char *want, struct appeal_error *err)
{
	unsigned int count = 0, mode = 0, rows = 0;
	unsigned short cols = 0, index = 0;
	const char *name = NULL;
	struct buf names = BUF_INIT;
	bool found = false;
	int rc;

	freexl_get_info(h, FREEXL_BIFF_SHEET_COUNT, &count);
	for (unsigned short i = 0; i < count && !found; i++) {
		const char *n = NULL;
		if (freexl_get_worksheet_name(h, i, &n) != FREEXL_OK)
			continue;
		if (names.len < 400) {
			if (names.len)
				buf_adds(&names, ", ");
			buf_adds(&names, n ? n : "");
		}
		if (!want || (n && strcmp(n, want) == 0)) {
			found = true;
			index = i;
			name = n;
		}
	}
	if (!found) {
		char shown[64], list[300];
		err_quote(shown, sizeof(shown), want ? want : "");
		err_quote(list, sizeof(list), names.data ? names.data : "");
		buf_free(&names);
		if (!want) {
			err_set(err, APPEAL_EINVAL, _("the workbook has no sheet"));
			err_hint(err, _("open it in the office program and save it again"));
			return APPEAL_EINVAL;
		}
		err_set(err, APPEAL_ENOTFOUND, _("the workbook has no sheet '%s'; its sheets: %s"), shown, list);
		err_hint(err, _("give one of them with --sheet NAME"));
		return APPEAL_ENOTFOUND;
	}
	buf_free(&names);
	if ((rc = freexl_select_active_worksheet(h, index)) != FREEXL_OK ||
	    (rc = freexl_worksheet_dimensions(h, &rows, &cols)) != FREEXL_OK)
		return damaged(err, rc);
	freexl_get_info(h, FREEXL_BIFF_DATEMODE, &mode);
	(void)mode; /* FreeXL applies the workbook's date system itself */
	s->sheet = pool_strndup(&s->pool, name ? name : "", name ? strlen(name) : 0);
	struct grid *g = s->sheet ? grid_new(s, err) : NULL;
	if (!g)
		return s->sheet ? APPEAL_ENOMEM : err_nomem(err);
	int fail = 0;
	for (unsigned int r = 0; r < rows && !fail; r++) {
		for (unsigned short c = 0; c < cols && !fail; c++) {
			FreeXL_CellValue v;
			char num[64];
			const char *text = NULL;
			if ((rc = freexl_get_cell_value(h, r, c, &v)) != FREEXL_OK) {
				fail = damaged(err, rc);
				break;
			}
			switch (v.type) {
			case FREEXL_CELL_INT: snprintf(num, sizeof(num), "%d", v.value.int_value); text = num; break;
			case FREEXL_CELL_DOUBLE: snprintf(num, sizeof(num), "%.15g", v.value.double_value); text = num; break;
			case FREEXL_CELL_TEXT:
			case FREEXL_CELL_SST_TEXT:
			case FREEXL_CELL_DATE:
			case FREEXL_CELL_DATETIME:
			case FREEXL_CELL_TIME: text = v.value.text_value; break;
			default: break;
			}
			if (text)
				fail = grid_cell(g, c, text, strlen(text));
		}
		if (!fail)
			fail = grid_row_end(g, (long)r + 1, false);
	}
	if (!fail)
		fail = grid_finish(g);
	grid_free(g);
	return fail;
}

/* The workbook as a memory file FreeXL can open by path (fd, path set),
 * or -1 when this system has no memfd or no /proc. */
static int memory_copy(const unsigned char *data, size_t len, char *path, size_t size)
{
	int fd = memfd_create("appeal-xls", MFD_CLOEXEC);
	if (fd < 0)
		return -1;
	snprintf(path, size, "/proc/self/fd/%d", fd);
	if (access(path, R_OK) != 0 || atomic_write_all(fd, data, len) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

int signers_read_xls(struct appeal_signers *s, const unsigned char *data, size_t len, const char *sheet,
                     struct appeal_error *err)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	const void *h = NULL;
	unsigned int password = 0;
	int fd, rc;

	unsigned long long cells = 0;
	switch (xls_check(data, len, &cells)) {
	case XLS_OK:
	case XLS_LEFT_TO_FREEXL: break;
	case XLS_NOMEM: return err_nomem(err);
	case XLS_OLD:
		err_set(err, APPEAL_ESYNTAX, _("this is not an Excel 97-2003 workbook: it is an older Excel file (4.0 or "
		                               "earlier) or another kind of file named .xls"));
		err_hint(err, _("open it in the office program and save it as .xlsx, .ods or CSV"));
		return APPEAL_ESYNTAX;
	case XLS_TOO_BIG:
		err_set(err, APPEAL_EINVAL, _("the sheets of the .xls workbook span %llu cells (rows by columns, empty ones "
		                              "included); appeal reads at most %lu"),
		        cells, XLS_MAX_CELLS);
		err_hint(err, _("delete the empty rows and columns around the table, or save the sheet as .xlsx, .ods or "
		                "CSV"));
		return APPEAL_EINVAL;
	case XLS_DAMAGED:
		err_set(err, APPEAL_ESYNTAX, _("this is not a readable .xls workbook: its structure is damaged"));
		err_hint(err, _("open it in the office program and save it again (as .xlsx, .ods or CSV)"));
		return APPEAL_ESYNTAX;
	}
	if ((fd = memory_copy(data, len, path, sizeof(path))) >= 0) {
		rc = freexl_open(path, &h);
		close(fd); /* FreeXL holds its own descriptor of the memory file */
	} else {
		snprintf(path, sizeof(path), "%s/appeal-xls-XXXXXX", dir && dir[0] ? dir : "/tmp");
		if ((fd = mkstemp(path)) < 0) {
			err_set(err, APPEAL_EIO, _("cannot make a temporary file to read the .xls workbook: %s"),
			        strerror(errno));
			err_hint(err, _("set TMPDIR to a writable directory, or save the sheet as .xlsx"));
			return APPEAL_EIO;
		}
		int e = atomic_write_all(fd, data, len) ? errno : 0;
		close(fd);
		if (e) {
			unlink(path);
			err_set(err, APPEAL_EIO, _("cannot write a temporary copy of the .xls workbook: %s"), strerror(e));
			err_hint(err, _("set TMPDIR to a directory with room, or save the sheet as .xlsx"));
			return APPEAL_EIO;
		}
		rc = freexl_open(path, &h);
		unlink(path);
	}
	if (rc != FREEXL_OK) {
		if (h)
			freexl_close(h);
		return damaged(err, rc);
	}
	if (freexl_get_info(h, FREEXL_BIFF_PASSWORD, &password) == FREEXL_OK && password == FREEXL_BIFF_OBFUSCATED) {
		freexl_close(h);
		return damaged(err, ENCRYPTED);
	}
	rc = read_sheet(s, h, sheet, err);
	freexl_close(h);
	return rc;
}
