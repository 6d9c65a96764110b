/* The .xls checks FreeXL lacks: see xlscheck.h. The compound file and the
 * BIFF records are walked here the way FreeXL 1.0.6 walks them (its
 * freexl.c: get_workbook_stream, read_cfbf_header, read_mini_stream,
 * read_biff_next_record, parse_biff_record, parse_SST), and every read
 * FreeXL would make past what it holds is a reason to refuse the file. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "signers/xlscheck.h"
#include "util/buf.h"

#define ENDOFCHAIN 0xFFFFFFFEul
#define FREESECT 0xFFFFFFFFul
#define RECORD_MAX 8224 /* FreeXL's record buffer */

static unsigned long rd32(const unsigned char *p)
{
	return p[0] | (unsigned long)p[1] << 8 | (unsigned long)p[2] << 16 | (unsigned long)p[3] << 24;
}

static unsigned rd16(const unsigned char *p)
{
	return p[0] | (unsigned)p[1] << 8;
}

struct cfb {
	const unsigned char *d;
	size_t len, ss;
	unsigned shift;
	size_t *fat; /* file offsets of the FAT's sectors, in FreeXL's order */
	size_t nfat;
};

/* Where FreeXL reads sector n: it computes the offset in 32 bits. */
static size_t sector_at(unsigned long n, unsigned shift)
{
	return (uint32_t)((uint32_t)(n + 1) << shift);
}

static bool in_file(const struct cfb *c, unsigned long n)
{
	return sector_at(n, c->shift) <= c->len - c->ss;
}

/* The FAT entry of sector n; false where FreeXL has none. */
static bool fat_next(const struct cfb *c, unsigned long n, unsigned long *next)
{
	size_t per = c->ss / 4;
	if (n >= c->nfat * per)
		return false;
	*next = rd32(c->d + c->fat[n / per] + 4 * (n % per));
	return true;
}

static enum xls_check add_fat(struct cfb *c, size_t *cap, unsigned long sector)
{
	if (!in_file(c, sector))
		return XLS_DAMAGED;
	if (!vec_reserve((void **)&c->fat, cap, c->nfat, sizeof(*c->fat)))
		return XLS_NOMEM;
	c->fat[c->nfat++] = sector_at(sector, c->shift);
	return XLS_OK;
}

/* The FAT's sectors: those the header lists, then those of the DIFAT
 * chain. FreeXL refuses a header FAT sector outside the file by itself;
 * a DIFAT it follows loosely (a cycle, a wrong count), so here it must be
 * exact, as every office program writes it. */
static enum xls_check read_fat(struct cfb *c)
{
	size_t cap = 0, per = c->ss / 4;
	enum xls_check rc;
	for (size_t i = 0; i < 109; i++) {
		unsigned long f = rd32(c->d + 76 + 4 * i);
		if (f != FREESECT && (rc = add_fat(c, &cap, f)) != XLS_OK)
			return rc == XLS_DAMAGED ? XLS_LEFT_TO_FREEXL : rc;
	}
	unsigned long count = rd32(c->d + 72), next = rd32(c->d + 68);
	if (count > c->len / c->ss)
		return XLS_DAMAGED;
	for (unsigned long b = 0; b < count; b++) {
		if (!in_file(c, next))
			return XLS_DAMAGED;
		const unsigned char *s = c->d + sector_at(next, c->shift);
		bool end = false;
		for (size_t i = 0; i < per - 1 && !end; i++) {
			unsigned long f = rd32(s + 4 * i);
			if (f == ENDOFCHAIN)
				end = true;
			else if (f != FREESECT && (rc = add_fat(c, &cap, f)) != XLS_OK)
				return rc;
		}
		next = rd32(s + 4 * (per - 1));
		if (end && b + 1 != count)
			return XLS_DAMAGED;
	}
	return XLS_OK;
}

/* A stream's sectors back to back, as FreeXL follows its chain, at most
 * `limit` bytes. *broken: a sector read lies outside the file, or has no
 * FAT entry; *longer: the chain goes on past `limit`. The caller frees
 * *out. */
static enum xls_check chain_bytes(const struct cfb *c, unsigned long sector, size_t limit, unsigned char **out,
                                  size_t *n, bool *broken, bool *longer)
{
	unsigned char *b = malloc(limit ? limit : 1);
	size_t got = 0;

	*broken = *longer = false;
	if (!b)
		return XLS_NOMEM;
	while (got < limit) {
		if (!in_file(c, sector)) {
			*broken = true;
			break;
		}
		size_t k = limit - got < c->ss ? limit - got : c->ss;
		memcpy(b + got, c->d + sector_at(sector, c->shift), k);
		got += k;
		unsigned long next;
		if (!fat_next(c, sector, &next)) {
			*broken = true;
			break;
		}
		if (next == ENDOFCHAIN)
			break;
		*longer = got == limit;
		sector = next;
	}
	*out = b;
	*n = got;
	return XLS_OK;
}

/* FreeXL's UTF-16 string head: flags, then the optional rich-text and
 * phonetic sizes. The bytes the head takes, its character width, and the
 * bytes to skip after the characters. */
static size_t string_head(const unsigned char *p, unsigned *width, unsigned long *skip)
{
	size_t at = 1;
	unsigned long runs = 0, ext = 0;
	*width = (p[0] & 0x01) ? 2 : 1;
	if (p[0] & 0x08) {
		runs = rd16(p + at);
		at += 2;
	}
	if (p[0] & 0x04) {
		ext = rd32(p + at);
		at += 4;
	}
	*skip = (ext + runs * 4) & 0xFFFFFFFFul;
	return at;
}

/* parse_SST's state between an SST record and its CONTINUE records. */
struct sst {
	bool started;
	unsigned long count, index;
	unsigned long len, off; /* a string cut at a record's end: characters in all, characters read */
	unsigned long skip, next_skip;
};

/* One SST or CONTINUE record (r: the record buffer) through parse_SST's
 * arithmetic, which goes by its state, not by the record's type; false
 * where FreeXL would read a string, or a string's head, past the record. */
static bool sst_record(struct sst *t, const unsigned char *r, size_t size)
{
	size_t p;
	if (!t->started) {
		t->started = true;
		t->count = rd32(r + 4);
		if (t->count > 1024 * 1024)
			return true; /* FreeXL gives up by itself */
		p = 8;
	} else {
		p = 0;
		if (t->len > 0) {
			unsigned width = (size > 0 && (r[0] & 1)) ? 2 : 1;
			unsigned long rest = t->len - t->off;
			p = 1;
			if (width == 1) {
				if (p + rest > size)
					return true; /* FreeXL checks this one */
			} else if (p + 2 * (size_t)rest > size) {
				return false;
			}
			p += width * (size_t)rest + t->skip;
			/* What runs past the record is kept as the string's skip,
			 * which the next string overwrites: FreeXL reads on from p. */
			t->skip = p >= size ? p - size : 0;
			t->next_skip = 0;
			t->len = t->off = 0;
			t->index++;
		}
	}
	for (; t->index < t->count; t->index++) {
		if (p >= size)
			return true;
		p += t->next_skip;
		unsigned width;
		unsigned long skip;
		if (p + 3 > size)
			return false; /* the length and flags past the record */
		unsigned long len = rd16(r + p);
		p += 2;
		size_t head = string_head(r + p, &width, &skip);
		if (p + head > size)
			return false;
		p += head;
		size_t required = width * (size_t)len, available = size - p;
		t->skip = skip;
		t->next_skip = 0;
		if (required > available) {
			t->len = len;
			t->off = width == 1 ? available : available / 2;
			return true;
		}
		if (len == 0)
			return true; /* FreeXL refuses it */
		p += required + skip;
		t->next_skip = p >= size ? p - size : 0;
		t->skip = 0;
	}
	return true;
}

/* A string FreeXL copies out of a record: head at `at`, `chars` long. */
static bool string_fits(const unsigned char *r, size_t size, size_t at, unsigned long chars, bool biff8)
{
	if (!biff8)
		return at + chars <= size;
	if (at + 1 > size)
		return false;
	unsigned width;
	unsigned long skip;
	size_t head = string_head(r + at, &width, &skip);
	return at + head + width * (size_t)chars <= size;
}

/* The cells FreeXL allocates, 16 bytes each, before reading any: at every
 * DIMENSION record (a second one leaks the first's), and at the end for a
 * sheet that had none, as far as its farthest cell. All together at most
 * XLS_MAX_CELLS. */
struct cells {
	unsigned long long total;       /* allocated so far */
	unsigned long rows, cols;       /* the farthest cell of the sheet being read */
	bool declared;                  /* the sheet had a DIMENSION */
};

static bool cells_add(struct cells *c, unsigned long long n, unsigned long long *total)
{
	c->total += n;
	*total = c->total;
	return c->total <= XLS_MAX_CELLS;
}

/* A sheet's records end (BOF of the next, or the stream's end). An
 * undeclared sheet's cells were checked against the limit record by
 * record (records_sane), so adding them cannot pass it. */
static void cells_sheet_end(struct cells *c)
{
	if (!c->declared)
		c->total += (unsigned long long)c->rows * c->cols;
	c->rows = c->cols = 0;
	c->declared = false;
}

/* The records of the workbook stream, in order, as parse_biff_record sees
 * them. FreeXL copies each into one 8 KiB buffer and reads its fields from
 * there, past a short record's end too (the bytes of earlier records): so
 * does this, from a copy. XLS_OK, XLS_DAMAGED, or XLS_TOO_BIG with *total
 * the cells asked for. */
static enum xls_check records_sane(const unsigned char *s, size_t n, size_t end, bool mini,
                                   unsigned long long *total)
{
	/* A string's head is read whole (7 bytes) before its flags say how
	 * much of it there is: room for it past the last byte. */
	unsigned char *r = calloc(1, RECORD_MAX + 8);
	struct sst sst = {0};
	struct cells cells = {0, 0, 0, false};
	unsigned prev = 0;
	int biff = 0; /* 5 or 8 once the first BOF is read */
	bool first = true;
	enum xls_check rc = XLS_OK;

	if (!r)
		return XLS_NOMEM;
	for (size_t pos = 0; rc == XLS_OK && pos + 4 <= end && pos + 4 <= n;) {
		unsigned type = rd16(s + pos), size = rd16(s + pos + 2);
		if (!mini && type == 0 && size == 0)
			break;
		if (size > (mini ? 8191u : (unsigned)RECORD_MAX))
			break; /* FreeXL stops there */
		if (pos + 4 + size > n || (mini && pos + 4 + size > end))
			break; /* FreeXL's read fails: it stops cleanly */
		memcpy(r, s + pos + 4, size);
		pos += 4 + (size_t)size;
		if (type == 0x003C) { /* CONTINUE: the record before goes on */
			if (prev == 0x00FC && !sst_record(&sst, r, size))
				rc = XLS_DAMAGED;
			continue;
		}
		if (first) {
			first = false;
			unsigned v = rd16(r);
			if (type != 0x0809 || (v != 0x0500 && v != 0x0600))
				break; /* FreeXL refuses a first record that is not a BOF */
			biff = v == 0x0600 ? 8 : 5;
			prev = type;
			continue;
		}
		prev = type;
		unsigned long row = 0, col = 0;
		switch (type) {
		case 0x0809: /* BOF: a sheet's records begin */
			cells_sheet_end(&cells);
			break;
		case 0x0200: { /* DIMENSION: the last row and column, plus one */
			unsigned long rows = biff == 8 ? rd32(r + 4) : rd16(r + 2), cols = rd16(r + (biff == 8 ? 10 : 6));
			cells.declared = true;
			if (!cells_add(&cells, (unsigned long long)rows * cols, total))
				rc = XLS_TOO_BIG;
			break;
		}
		case 0x00BD: /* MULRK: its last column ends the record */
			row = rd16(r) + 1ul;
			col = rd16(r + (size >= 6 ? size - 2 : 2)) + 1ul;
			break;
		case 0x0203: /* NUMBER */
		case 0x0205: /* BOOLERR */
		case 0x027E: /* RK */
		case 0x00FD: /* LABELSST */
		case 0x0204: /* LABEL */
			row = rd16(r) + 1ul;
			col = rd16(r + 2) + 1ul;
			break;
		case 0x00FC: /* SST */
			if (!sst_record(&sst, r, size))
				rc = XLS_DAMAGED;
			break;
		case 0x0085: /* SHEET (BOUNDSHEET): name at 7 (BIFF5) or 8 (BIFF8) */
			if (size < 8 || (biff == 5 ? 7u + r[6] : 8u + (size_t)r[6] * (r[7] ? 2 : 1)) > size)
				rc = XLS_DAMAGED;
			break;
		case 0x041E: /* FORMAT (BIFF5's stays inside FreeXL's buffer) */
			if (biff == 8 && (size < 4 || !string_fits(r, size, 4, rd16(r + 2), true)))
				rc = XLS_DAMAGED;
			break;
		default: break;
		}
		if (type == 0x0204 && (size < 8 || !string_fits(r, size, 8, rd16(r + 6), biff == 8)))
			rc = XLS_DAMAGED;
		if (!cells.declared) {
			cells.rows = row > cells.rows ? row : cells.rows;
			cells.cols = col > cells.cols ? col : cells.cols;
			unsigned long long sheet = (unsigned long long)cells.rows * cells.cols;
			if (rc == XLS_OK && cells.total + sheet > XLS_MAX_CELLS) {
				*total = cells.total + sheet;
				rc = XLS_TOO_BIG;
			}
		}
	}
	free(r);
	return rc;
}

enum xls_check xls_check(const unsigned char *data, size_t len, unsigned long long *cells)
{
	static const unsigned char magic[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
	struct cfb c = {data, len, 0, 0, NULL, 0};
	enum xls_check rc;

	if (len < 512 || memcmp(data, magic, 8) != 0)
		return XLS_OLD; /* not a compound file: BIFF2-4, or not Excel */
	c.shift = rd16(data + 30);
	if (c.shift != 9 && c.shift != 12)
		return XLS_LEFT_TO_FREEXL; /* FreeXL refuses it by itself */
	c.ss = (size_t)1 << c.shift;
	size_t dir = sector_at(rd32(data + 48), c.shift);
	if (len < c.ss || dir > len - c.ss)
		return XLS_LEFT_TO_FREEXL; /* a short read: FreeXL reports it */
	if ((rc = read_fat(&c)) != XLS_OK) {
		free(c.fat);
		return rc;
	}
	/* The first directory sector, which is all FreeXL reads of the
	 * directory, up to the entry named Workbook (or Book). */
	unsigned long root_start = 0, root_size = 0, book_start = 0, book_size = 0;
	bool book = false;
	for (size_t e = dir; e < dir + c.ss && !book && rc == XLS_OK; e += 128) {
		const unsigned char *p = data + e;
		size_t name = rd16(p + 64);
		/* FreeXL converts that many bytes of a 64-byte field, from a
		 * buffer on its stack. */
		if (name > 64 || rd32(p + 120) > len)
			rc = XLS_DAMAGED;
		/* The name as FreeXL compares it: its UTF-16 up to the first NUL.
		 * A character beyond ASCII makes it a name of neither entry
		 * ("Workbook" followed by U+2B00 is not the workbook, and FreeXL
		 * reads on to the next entry). */
		char ascii[33] = "";
		for (size_t i = 0; rc == XLS_OK && i + 1 < name; i += 2) {
			unsigned ch = rd16(p + i);
			if (ch == 0)
				break;
			if (ch >= 0x80) {
				ascii[0] = '\0';
				break;
			}
			ascii[i / 2] = (char)ch;
		}
		if (strcmp(ascii, "Root Entry") == 0) {
			root_start = rd32(p + 116);
			root_size = rd32(p + 120);
		}
		if (strcmp(ascii, "Workbook") == 0 || strcmp(ascii, "Book") == 0) {
			/* FreeXL takes "no sector" for not found, and reads on. */
			book_start = rd32(p + 116);
			book_size = rd32(p + 120);
			book = book_start != FREESECT;
		}
	}
	unsigned long cutoff = rd32(data + 64) > 0 ? rd32(data + 56) : 0;
	unsigned char *s = NULL;
	size_t n = 0;
	if (rc == XLS_OK && book) {
		if (book_size <= cutoff) {
			/* FreeXL reads the root's mini stream whole, then the
			 * workbook's records from its very start; its chain must
			 * hold all root_size bytes (or FreeXL leaks the buffer),
			 * and the workbook must lie inside it. */
			bool broken, longer;
			rc = chain_bytes(&c, root_start, root_size, &s, &n, &broken, &longer);
			if (rc == XLS_OK && (broken || book_size > root_size))
				rc = XLS_DAMAGED;
			if (rc == XLS_OK)
				rc = records_sane(s, n, book_size, true, cells);
		} else {
			/* FreeXL reads records as long as the chain goes on, past
			 * the stream's size: a chain longer than the size needs is
			 * refused (no office program writes one), one that breaks
			 * early is read as far as it goes, as FreeXL does. */
			bool broken, longer;
			size_t want = book_size > len ? len : (book_size + c.ss - 1) / c.ss * c.ss;
			rc = chain_bytes(&c, book_start, want, &s, &n, &broken, &longer);
			if (rc == XLS_OK && longer)
				rc = XLS_DAMAGED;
			if (rc == XLS_OK)
				rc = records_sane(s, n, book_size, false, cells);
		}
	}
	free(s);
	free(c.fat);
	return rc;
}
