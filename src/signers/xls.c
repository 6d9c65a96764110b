/* .xls (Excel 97-2003, BIFF) workbooks through libfreexl. FreeXL reads
 * from a path only, so a workbook in memory is first written to an
 * anonymous memory file (memfd) opened through /proc/self/fd: no signer's
 * data reaches a disk, and nothing is left behind even if the process dies
 * inside FreeXL. Without memfd or /proc, a private temporary file in
 * TMPDIR, removed as soon as FreeXL has opened it. FreeXL gives no number formats, hidden
 * rows or merged cells: numbers are read as General (a postcode kept as a
 * number loses its leading zero: format the column as text), dates as
 * dates (docs/signers.md). */
#define _GNU_SOURCE /* memfd_create */
#include <errno.h>
#include <freexl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "signers/model.h"
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

/* FreeXL 1.0.6 trusts the container around the workbook (a compound file)
 * more than it should; the checks below refuse, before FreeXL sees the
 * file, what fuzzing showed it mishandles. They read only what FreeXL will
 * read, the same way, so a file Excel or LibreOffice wrote passes. */
static unsigned long u32(const unsigned char *p)
{
	return p[0] | (unsigned long)p[1] << 8 | (unsigned long)p[2] << 16 | (unsigned long)p[3] << 24;
}

/* Where FreeXL reads sector n: it computes the offset in 32 bits. */
static size_t sector_at(unsigned long n, unsigned shift)
{
	return (uint32_t)((uint32_t)(n + 1) << shift);
}

/* A directory entry's name is `want` in UTF-16LE, as FreeXL compares it. */
static bool entry_is(const unsigned char *e, const char *want)
{
	size_t n = strlen(want), bytes = e[64] | (size_t)e[65] << 8;
	if (bytes < 2 * n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (e[2 * i] != (unsigned char)want[i] || e[2 * i + 1] != 0)
			return false;
	return bytes == 2 * n || (e[2 * n] == 0 && e[2 * n + 1] == 0);
}

/* FreeXL loads the root entry's mini stream whole; when the sector chain
 * leaves the file or the FAT before its end, it returns without freeing the
 * buffer (a leak per file). The chain is walked here as FreeXL walks it:
 * through the FAT sectors the header lists (a file with more, which needs
 * a DIFAT, is left to FreeXL). */
static bool mini_stream_sane(const unsigned char *data, size_t len, unsigned shift, unsigned long sector,
                             unsigned long size)
{
	size_t ss = (size_t)1 << shift, per = ss / 4, got = 0;
	size_t fat[109], nfat = 0;
	if (u32(data + 72) != 0)
		return true;
	for (size_t i = 0; i < 109; i++) {
		unsigned long f = u32(data + 76 + 4 * i);
		if (f == 0xFFFFFFFFul)
			continue;
		if (sector_at(f, shift) > len - ss)
			return true; /* FreeXL refuses the FAT itself, cleanly */
		fat[nfat++] = sector_at(f, shift);
	}
	while (got < size) {
		if (sector_at(sector, shift) > len - ss)
			return false;
		got += size - got < ss ? size - got : ss;
		if (sector >= nfat * per)
			return false;
		unsigned long next = u32(data + fat[sector / per] + 4 * (sector % per));
		if (next == 0xFFFFFFFEul)
			return true;
		sector = next;
	}
	return true;
}

/* The first directory sector, which is all FreeXL reads of the directory:
 * each entry's name at most 64 bytes (FreeXL converts as many bytes as the
 * entry says from a 4 KiB buffer on its stack; a fuzzed file made it read
 * 17 KiB past it), no stream longer than the file (FreeXL allocates the
 * mini stream's size before reading it), a sound mini stream chain. */
static bool directory_sane(const unsigned char *data, size_t len)
{
	static const unsigned char magic[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
	if (len < 512 || memcmp(data, magic, 8) != 0)
		return true; /* FreeXL refuses it by itself */
	unsigned shift = data[30] | (unsigned)data[31] << 8;
	if (shift != 9 && shift != 12)
		return true; /* likewise */
	size_t ss = (size_t)1 << shift, at = sector_at(u32(data + 48), shift);
	if (len < ss || at > len - ss)
		return true; /* a short read: FreeXL reports it */
	for (size_t e = at; e < at + ss; e += 128) {
		const unsigned char *p = data + e;
		if ((p[64] | (unsigned)p[65] << 8) > 64 || u32(p + 120) > len)
			return false;
		if (entry_is(p, "Root Entry") && !mini_stream_sane(data, len, shift, u32(p + 116), u32(p + 120)))
			return false;
		if (entry_is(p, "Workbook") || entry_is(p, "Book"))
			break; /* FreeXL stops here */
	}
	return true;
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

/* Writes the workbook to fd; 0, or errno. */
static int write_all(int fd, const unsigned char *data, size_t len)
{
	for (size_t off = 0; off < len;) {
		ssize_t n = write(fd, data + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? errno : ENOSPC;
		off += (size_t)n;
	}
	return 0;
}

/* The workbook as a memory file FreeXL can open by path (fd, path set),
 * or -1 when this system has no memfd or no /proc. */
static int memory_copy(const unsigned char *data, size_t len, char *path, size_t size)
{
	int fd = memfd_create("appeal-xls", MFD_CLOEXEC);
	if (fd < 0)
		return -1;
	snprintf(path, size, "/proc/self/fd/%d", fd);
	if (access(path, R_OK) != 0 || write_all(fd, data, len) != 0) {
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

	if (!directory_sane(data, len)) {
		err_set(err, APPEAL_ESYNTAX, _("this is not a readable .xls workbook: its directory is damaged"));
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
		int e = write_all(fd, data, len);
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
