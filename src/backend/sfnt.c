/* Compacting an embedded TrueType subset (see sfnt.h). The input is
 * libharu's subset of a face cut at build time (tools/cut-font): no
 * hinting, so only glyf, loca, hmtx, head, hhea, maxp and cmap matter. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "backend/sfnt.h"

static unsigned get16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static uint32_t get32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void put16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)(v >> 8);
	p[1] = (unsigned char)v;
}

static void put32(unsigned char *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p + 2, v & 0xFFFF);
}

struct table {
	char tag[5];
	const unsigned char *data;
	size_t len;
};

static const struct table *find(const struct table *t, size_t n, const char *tag)
{
	for (size_t i = 0; i < n; i++)
		if (memcmp(t[i].tag, tag, 4) == 0)
			return &t[i];
	return NULL;
}

static int cmp_char(const void *a, const void *b)
{
	const struct sfnt_char *x = a, *y = b;
	return (int)x->unicode - (int)y->unicode;
}

/* A format 4 (3,1) cmap: one segment per run of consecutive characters
 * with consecutive glyphs, each mapped by its delta. */
static unsigned char *make_cmap(const struct sfnt_char *chars, size_t n, size_t *len)
{
	size_t segs = 1; /* the closing 0xFFFF segment */
	for (size_t i = 0; i < n; i++)
		segs += i == 0 || chars[i].unicode != chars[i - 1].unicode + 1 || chars[i].glyph != chars[i - 1].glyph + 1;
	size_t sub = 16 + 8 * segs;
	unsigned char *c = calloc(1, 12 + sub);
	if (!c)
		return NULL;
	put16(c + 2, 1);          /* one encoding record */
	put16(c + 4, 3);          /* Windows */
	put16(c + 6, 1);          /* Unicode BMP */
	put32(c + 8, 12);
	unsigned char *f = c + 12;
	unsigned sr = 2, es = 0;
	while (sr * 2 <= 2 * segs)
		sr *= 2, es++;
	put16(f, 4);
	put16(f + 2, (unsigned)sub);
	put16(f + 6, (unsigned)(2 * segs));
	put16(f + 8, sr);
	put16(f + 10, es);
	put16(f + 12, (unsigned)(2 * segs - sr));
	unsigned char *end = f + 14, *start = end + 2 * segs + 2, *delta = start + 2 * segs;
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (i == 0 || chars[i].unicode != chars[i - 1].unicode + 1 || chars[i].glyph != chars[i - 1].glyph + 1) {
			put16(start + 2 * k, chars[i].unicode);
			put16(delta + 2 * k, (unsigned)(chars[i].glyph - chars[i].unicode) & 0xFFFF);
			k++;
		}
		put16(end + 2 * (k - 1), chars[i].unicode);
	}
	put16(end + 2 * k, 0xFFFF);
	put16(start + 2 * k, 0xFFFF);
	put16(delta + 2 * k, 1);
	*len = 12 + sub;
	return c;
}

int sfnt_compact(const unsigned char *in, size_t len, const uint8_t *keep, size_t nkeep,
                 const struct sfnt_char *chars, size_t nchars, uint16_t *new_glyph, unsigned char **out,
                 size_t *out_len)
{
	struct table t[32], o[12];
	size_t nt = 0, no = 0;
	uint16_t *map = NULL;
	struct sfnt_char *cm = NULL;
	unsigned char *glyf = NULL, *loca = NULL, *hmtx = NULL, *head = NULL, *hhea = NULL, *maxp = NULL, *cmap = NULL;
	int rc = -1;

	*out = NULL;
	if (len < 12 || get16(in + 4) > 32)
		return -1;
	for (size_t i = 0; i < get16(in + 4); i++) {
		const unsigned char *r = in + 12 + 16 * i;
		if ((size_t)(r + 16 - in) > len)
			return -1;
		uint32_t off = get32(r + 8), l = get32(r + 12);
		if (off > len || l > len - off)
			return -1;
		memcpy(t[nt].tag, r, 4);
		t[nt].tag[4] = '\0';
		t[nt].data = in + off;
		t[nt].len = l;
		nt++;
	}
	const struct table *th = find(t, nt, "head"), *thh = find(t, nt, "hhea"), *tm = find(t, nt, "maxp"),
	                   *tl = find(t, nt, "loca"), *tg = find(t, nt, "glyf"), *tx = find(t, nt, "hmtx");
	if (!th || !thh || !tm || !tl || !tg || !tx || th->len < 54 || thh->len < 36 || tm->len < 6)
		return -1;
	size_t n = get16(tm->data + 4), nhm = get16(thh->data + 34);
	bool long_loca = get16(th->data + 50) == 1;
	if (n == 0 || n > nkeep || nhm == 0 || nhm > n || tl->len < (n + 1) * (long_loca ? 4 : 2) ||
	    tx->len < 4 * nhm + 2 * (n - nhm))
		return -1;
	if (!(map = calloc(n, sizeof(*map))))
		return SFNT_NOMEM;
	size_t kept = 0, glyf_len = 0;
	for (size_t g = 0; g < n; g++)
		if (g == 0 || keep[g]) {
			map[g] = (uint16_t)kept++;
			size_t a = long_loca ? get32(tl->data + 4 * g) : 2u * get16(tl->data + 2 * g);
			size_t b = long_loca ? get32(tl->data + 4 * g + 4) : 2u * get16(tl->data + 2 * g + 2);
			if (a > b || b > tg->len)
				goto done;
			glyf_len += (b - a + 3) & ~(size_t)3;
		}
	/* glyf with components renumbered, loca (long when it must be), hmtx
	 * all long metrics. */
	bool new_long = glyf_len > 0x1FFFC;
	glyf = malloc(glyf_len ? glyf_len : 1);
	loca = calloc(kept + 1, new_long ? 4 : 2);
	hmtx = malloc(4 * kept);
	if (!glyf || !loca || !hmtx) {
		rc = SFNT_NOMEM;
		goto done;
	}
	size_t at = 0;
	for (size_t g = 0; g < n; g++) {
		if (g != 0 && !keep[g])
			continue;
		size_t ng = map[g];
		size_t a = long_loca ? get32(tl->data + 4 * g) : 2u * get16(tl->data + 2 * g);
		size_t b = long_loca ? get32(tl->data + 4 * g + 4) : 2u * get16(tl->data + 2 * g + 2);
		if (new_long)
			put32(loca + 4 * ng, (uint32_t)at);
		else
			put16(loca + 2 * ng, (unsigned)(at / 2));
		memcpy(glyf + at, tg->data + a, b - a);
		if (b - a >= 10 && (int16_t)get16(tg->data + a) < 0) {
			/* A composite: flags, glyph index, arguments, transform, ... */
			size_t p = at + 10, end = at + (b - a);
			for (;;) {
				if (p + 4 > end)
					goto done;
				unsigned flags = get16(glyf + p), comp = get16(glyf + p + 2);
				if (comp >= n || (comp != 0 && !keep[comp]))
					goto done;
				put16(glyf + p + 2, map[comp]);
				p += 4 + ((flags & 0x0001) ? 4 : 2);
				if (flags & 0x0008)
					p += 2;
				else if (flags & 0x0040)
					p += 4;
				else if (flags & 0x0080)
					p += 8;
				if (!(flags & 0x0020))
					break;
			}
		}
		at += b - a;
		while (at % 4)
			glyf[at++] = 0;
		size_t adv = g < nhm ? g : nhm - 1;
		memcpy(hmtx + 4 * ng, tx->data + 4 * adv, 2);
		if (g < nhm)
			memcpy(hmtx + 4 * ng + 2, tx->data + 4 * g + 2, 2);
		else
			memcpy(hmtx + 4 * ng + 2, tx->data + 4 * nhm + 2 * (g - nhm), 2);
	}
	if (new_long)
		put32(loca + 4 * kept, (uint32_t)at);
	else
		put16(loca + 2 * kept, (unsigned)(at / 2));
	head = malloc(th->len);
	hhea = malloc(thh->len);
	maxp = malloc(tm->len);
	if (!head || !hhea || !maxp) {
		rc = SFNT_NOMEM;
		goto done;
	}
	memcpy(head, th->data, th->len);
	put32(head + 8, 0); /* checkSumAdjustment: viewers do not check it */
	put16(head + 50, new_long ? 1 : 0);
	memcpy(hhea, thh->data, thh->len);
	put16(hhea + 34, (unsigned)kept);
	memcpy(maxp, tm->data, tm->len);
	put16(maxp + 4, (unsigned)kept);
	size_t cmap_len = 0;
	if (nchars) {
		size_t m = 0;
		if (!(cm = malloc(nchars * sizeof(*cm)))) {
			rc = SFNT_NOMEM;
			goto done;
		}
		for (size_t i = 0; i < nchars; i++)
			if (chars[i].glyph < n && chars[i].glyph != 0 && keep[chars[i].glyph] && chars[i].unicode != 0xFFFF)
				cm[m++] = (struct sfnt_char){chars[i].unicode, map[chars[i].glyph]};
		qsort(cm, m, sizeof(*cm), cmp_char);
		size_t u = 0; /* one glyph per character */
		for (size_t i = 0; i < m; i++)
			if (u == 0 || cm[i].unicode != cm[u - 1].unicode)
				cm[u++] = cm[i];
		if (!(cmap = make_cmap(cm, u, &cmap_len))) {
			rc = SFNT_NOMEM; /* make_cmap fails only so */
			goto done;
		}
	}
	/* The tables, in tag order. */
	const struct table *copy[] = {find(t, nt, "cvt "), find(t, nt, "fpgm"), find(t, nt, "prep")};
	if (cmap)
		o[no++] = (struct table){"cmap", cmap, cmap_len};
	/* Hinting tables only when they hold something (the cut faces have none). */
	if (copy[0] && copy[0]->len)
		o[no++] = *copy[0];
	if (copy[1] && copy[1]->len)
		o[no++] = *copy[1];
	o[no++] = (struct table){"glyf", glyf, at};
	o[no++] = (struct table){"head", head, th->len};
	o[no++] = (struct table){"hhea", hhea, thh->len};
	o[no++] = (struct table){"hmtx", hmtx, 4 * kept};
	o[no++] = (struct table){"loca", loca, (kept + 1) * (new_long ? 4 : 2)};
	o[no++] = (struct table){"maxp", maxp, tm->len};
	if (copy[2] && copy[2]->len)
		o[no++] = *copy[2];
	size_t total = 12 + 16 * no;
	for (size_t i = 0; i < no; i++)
		total += (o[i].len + 3) & ~(size_t)3;
	unsigned char *f = calloc(1, total);
	if (!f) {
		rc = SFNT_NOMEM;
		goto done;
	}
	unsigned sr = 1, es = 0;
	while (sr * 2 <= no)
		sr *= 2, es++;
	put32(f, 0x00010000);
	put16(f + 4, (unsigned)no);
	put16(f + 6, 16 * sr);
	put16(f + 8, es);
	put16(f + 10, (unsigned)(16 * no - 16 * sr));
	size_t pos = 12 + 16 * no;
	for (size_t i = 0; i < no; i++) {
		unsigned char *r = f + 12 + 16 * i;
		memcpy(f + pos, o[i].data, o[i].len);
		uint32_t sum = 0;
		for (size_t k = 0; k < ((o[i].len + 3) & ~(size_t)3); k += 4)
			sum += get32(f + pos + k);
		memcpy(r, o[i].tag, 4);
		put32(r + 4, sum);
		put32(r + 8, (uint32_t)pos);
		put32(r + 12, (uint32_t)o[i].len);
		pos += (o[i].len + 3) & ~(size_t)3;
	}
	if (new_glyph) {
		memset(new_glyph, 0, nkeep * sizeof(*new_glyph));
		for (size_t g = 0; g < n; g++)
			if (g == 0 || keep[g])
				new_glyph[g] = map[g];
	}
	*out = f;
	*out_len = total;
	rc = 0;
done:
	free(map);
	free(cm);
	free(glyf);
	free(loca);
	free(hmtx);
	free(head);
	free(hhea);
	free(maxp);
	free(cmap);
	return rc;
}
