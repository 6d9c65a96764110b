#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>

#include "lang/translit.h"

/* A letter and what was on it: after NFKD the accents follow their letter
 * as marks, and Greek needs two of them to decide a diphthong. */
struct glyph {
	ucs4_t cp;      /* lower case */
	bool accent;    /* any mark but the diaeresis */
	bool diaeresis; /* U+0308 */
};

/* ------------------------------------------------------------ Latin */

/* Latin letters that NFKD does not split into an ASCII letter and marks. */
static const struct {
	ucs4_t cp;
	const char *s;
} latin[] = {
	{0x00DF, "ss"}, {0x00E6, "ae"}, {0x00F0, "d"},  {0x00F8, "o"},  {0x00FE, "th"}, {0x0111, "d"},
	{0x0127, "h"},  {0x0131, "i"},  {0x0138, "k"},  {0x0142, "l"},  {0x014B, "n"},  {0x0153, "oe"},
	{0x0167, "t"},  {0x0180, "b"},  {0x0183, "b"},  {0x0188, "c"},  {0x018C, "d"},  {0x0192, "f"},
	{0x0195, "hv"}, {0x0199, "k"},  {0x019A, "l"},  {0x019E, "n"},  {0x01A5, "p"},  {0x01AB, "t"},
	{0x01AD, "t"},  {0x01B4, "y"},  {0x01B6, "z"},  {0x01DD, "e"},  {0x01E5, "g"},  {0x0221, "d"},
	{0x0225, "z"},  {0x0234, "l"},  {0x0235, "n"},  {0x0236, "t"},  {0x0237, "j"},  {0x023C, "c"},
	{0x0247, "e"},  {0x0249, "j"},  {0x024D, "r"},  {0x024F, "y"},  {0x0253, "b"},  {0x0254, "o"},
	{0x0256, "d"},  {0x0257, "d"},  {0x0259, "a"},  {0x025B, "e"},  {0x0260, "g"},  {0x0263, "g"},
	{0x0268, "i"},  {0x0269, "i"},  {0x026B, "l"},  {0x0272, "n"},  {0x0275, "o"},  {0x027D, "r"},
	{0x0282, "s"},  {0x0288, "t"},  {0x0289, "u"},  {0x028B, "v"},  {0x0290, "z"},  {0x0292, "z"},
	{0x1D6B, "ue"}, {0x1E9E, "ss"}, {0x2C65, "a"},  {0x2C66, "t"},  {0xA73D, "ay"},
};

static const char *latin_spelling(ucs4_t cp)
{
	for (size_t i = 0; i < sizeof(latin) / sizeof(latin[0]); i++)
		if (latin[i].cp == cp)
			return latin[i].s;
	return NULL;
}

/* ------------------------------------------------------------ Cyrillic */

/* ICAO Doc 9303 part 3, the general column (a name does not say which
 * language it is in, so not the per-language exceptions), by lower-case
 * letter from U+0430. Letters with a diacritic not listed here (й, ё, ї,
 * ў, ѓ, ќ) come apart under NFKD and are spelled as their base letter,
 * which is what the table gives them too. ь is written as nothing. */
static const char *const cyrillic_430[48] = {
	/* а-я */
	"a", "b", "v", "g", "d", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p",
	"r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "ie", "y", "", "e", "iu", "ia",
	/* ѐ-џ: ђ є ѕ і ј љ њ ћ џ; the others decompose */
	"e", "e", "d", "g", "ie", "dz", "i", "i", "j", "lj", "nj", "c", "k", "i", "u", "dz",
};

static const char *cyrillic_spelling(ucs4_t cp)
{
	if (cp >= 0x430 && cp < 0x460)
		return cyrillic_430[cp - 0x430];
	switch (cp) {
	case 0x491: return "g";  /* ґ */
	case 0x46B: return "u";  /* ѫ */
	/* Letters of other Cyrillic alphabets (Kazakh, Tatar, Bashkir, Kyrgyz,
	 * Tajik) that ICAO does not list: as the nearest Russian letter. */
	case 0x4D9: return "a";  /* ә */
	case 0x493: return "g";  /* ғ */
	case 0x49B: return "k";  /* қ */
	case 0x4A1: return "k";  /* ҡ */
	case 0x4A3: return "n";  /* ң */
	case 0x4E9: return "o";  /* ө */
	case 0x4B1: return "u";  /* ұ */
	case 0x4AF: return "u";  /* ү */
	case 0x4BB: return "kh"; /* һ */
	case 0x4B3: return "kh"; /* ҳ */
	case 0x497: return "zh"; /* җ */
	case 0x4B7: return "ch"; /* ҷ */
	case 0x499: return "z";  /* ҙ */
	case 0x4AB: return "s";  /* ҫ */
	default: return NULL;
	}
}

/* ------------------------------------------------------------ Greek */

static const char *const greek_3b1[25] = {
	/* α-ω, with final ς at U+03C2 */
	"a", "v", "g", "d", "e", "z", "i", "th", "i", "k", "l", "m", "n", "x", "o", "p",
	"r", "s", "s", "t", "y", "f", "ch", "ps", "o",
};

static bool greek(ucs4_t cp)
{
	return (cp >= 0x3B1 && cp <= 0x3C9) || cp == 0x3F2 || cp == 0x3F3;
}

/* θ κ ξ π σ ς τ φ χ ψ: after them (or at a word's end) αυ is "af". */
static bool greek_voiceless(ucs4_t cp)
{
	return cp == 0x3B8 || cp == 0x3BA || cp == 0x3BE || cp == 0x3C0 || cp == 0x3C3 || cp == 0x3C2 ||
	       cp == 0x3C4 || cp == 0x3C6 || cp == 0x3C7 || cp == 0x3C8;
}

/* ELOT 743's transcription of the Greek letter at g[i], which may take the
 * next one with it; returns how many letters it used. */
static size_t greek_spell(const struct glyph *g, size_t i, size_t n, char *out, size_t *o)
{
	ucs4_t c = g[i].cp, next = i + 1 < n ? g[i + 1].cp : 0;
	const char *s;

	if (c == 0x3F2)
		s = "s"; /* lunate sigma */
	else if (c == 0x3F3)
		s = "j"; /* yot */
	else
		s = greek_3b1[c - 0x3B1];
	if (c == 0x3B3 && (next == 0x3B3 || next == 0x3BE || next == 0x3C7)) {
		s = "n"; /* γγ ng, γξ nx, γχ nch */
	} else if (c == 0x3BC && next == 0x3C0) {
		/* μπ: b where a word starts or ends, mp inside it */
		bool start = i == 0 || !greek(g[i - 1].cp);
		bool end = i + 2 >= n || !greek(g[i + 2].cp);
		if (start || end) {
			out[(*o)++] = 'b';
			return 2;
		}
	} else if ((c == 0x3B1 || c == 0x3B5 || c == 0x3B7) && next == 0x3C5 && !g[i].accent && !g[i].diaeresis &&
	           !g[i + 1].diaeresis) {
		/* αυ ευ ηυ: v before a vowel or a voiced consonant, f before a
		 * voiceless one and at the end */
		ucs4_t after = i + 2 < n ? g[i + 2].cp : 0;
		bool f = !greek(after) || greek_voiceless(after);
		memcpy(out + *o, s, strlen(s));
		*o += strlen(s);
		out[(*o)++] = f ? 'f' : 'v';
		return 2;
	} else if (c == 0x3BF && next == 0x3C5 && !g[i].accent && !g[i].diaeresis && !g[i + 1].diaeresis) {
		memcpy(out + *o, "ou", 2);
		*o += 2;
		return 2;
	}
	memcpy(out + *o, s, strlen(s));
	*o += strlen(s);
	return 1;
}

/* ------------------------------------------------------------ all */

static bool dropped(ucs4_t cp)
{
	/* apostrophes, the modifier letters used as apostrophes, the Catalan
	 * middle dot (l·l) */
	return cp == '\'' || cp == 0x2019 || cp == 0x2BC || cp == 0x2BB || cp == 0x2B9 || cp == 0x2BE ||
	       cp == 0x2BF || cp == 0xB7;
}

char *translit_ascii(const char *s, size_t len, uint32_t *unknown)
{
	size_t n = 0, m = 0, o = 0, ng = 0;
	ucs4_t *cps = malloc((len ? len : 1) * sizeof(*cps));
	ucs4_t *nf = NULL;
	struct glyph *g = NULL;
	char *out = NULL;

	if (unknown)
		*unknown = 0;
	if (!cps)
		return NULL;
	/* u8_mbtouc reads an invalid sequence as U+FFFD, one byte at a time. */
	for (size_t i = 0; i < len;) {
		ucs4_t c;
		i += (size_t)u8_mbtouc(&c, (const uint8_t *)s + i, len - i);
		cps[n++] = c;
	}
	/* NFKD is NFKC's folding of compatibility forms with every accent split
	 * off as a mark after its letter: what both the Latin and the Greek
	 * rules need. */
	if (n && !(nf = u32_normalize(UNINORM_NFKD, cps, n, NULL, &m)))
		goto done;
	g = malloc((m ? m : 1) * sizeof(*g));
	/* At most four ASCII bytes per code point ("shch"). */
	out = g ? malloc(4 * m + 1) : NULL;
	if (!out)
		goto done;
	for (size_t i = 0; i < m; i++) {
		ucs4_t c = nf[i];
		if (uc_is_general_category(c, UC_CATEGORY_M)) {
			if (ng > 0) {
				if (c == 0x308)
					g[ng - 1].diaeresis = true;
				else
					g[ng - 1].accent = true;
			}
			continue;
		}
		g[ng].cp = uc_tolower(c);
		g[ng].accent = g[ng].diaeresis = false;
		ng++;
	}
	for (size_t i = 0; i < ng;) {
		ucs4_t c = g[i].cp;
		const char *sp = NULL;
		int digit;
		if (c < 0x80) {
			if (c != '\'')
				out[o++] = (char)c;
			i++;
			continue;
		}
		if (greek(c)) {
			i += greek_spell(g, i, ng, out, &o);
			continue;
		}
		i++;
		if (dropped(c))
			continue;
		if (!(sp = latin_spelling(c)) && !(sp = cyrillic_spelling(c)) && (digit = uc_decimal_value(c)) >= 0) {
			out[o++] = (char)('0' + digit);
			continue;
		}
		if (sp) {
			memcpy(out + o, sp, strlen(sp));
			o += strlen(sp);
			continue;
		}
		if (unknown && !*unknown && uc_is_general_category(c, UC_CATEGORY_L))
			*unknown = c;
		out[o++] = ' ';
	}
	out[o] = '\0';
done:
	free(cps);
	free(nf);
	free(g);
	return out;
}

const char *translit_script_name(uint32_t cp)
{
	const uc_script_t *sc = uc_script(cp);
	return sc && sc->name ? sc->name : "unknown";
}
