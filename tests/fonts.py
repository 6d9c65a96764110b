#!/usr/bin/python3
"""The faces cut at build time against their Liberation Serif sources.

usage: fonts.py COVERAGE SOURCE_DIR CUT_DIR

For every style and cut: exactly the promised characters (fonts/coverage for
the Unicode cut, the printable characters of Windows-1252 for the WinAnsi
cut); every advance width equal to the one the layout and libharu use for the
source (advance * 1000 / units_per_em, truncated); every outline the source's,
point for point, scaled to 1000 units per em; no hinting, no tables a PDF
viewer does not read; no composite glyph nested deeper than libharu 2.3.0
embeds; no Reserved Font Name; a PostScript name of its own per cut.
"""
import sys
import unicodedata

from fontTools.ttLib import TTFont

STYLES = ["Regular", "Italic", "Bold", "BoldItalic"]
KEPT_TABLES = {"OS/2", "cmap", "glyf", "head", "hhea", "hmtx", "loca", "maxp", "name", "post"}
passed = failed = 0


def check(what, ok):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL: " + what, file=sys.stderr)


def promised(path):
    cps = set()
    for line in open(path, encoding="utf-8"):
        line = line.split("#", 1)[0].strip()
        if line:
            a, b = line.split()[0].split("-")
            cps.update(range(int(a, 16), int(b, 16) + 1))
    return cps


def outline(glyf, name):
    """Flattened points and contour ends, components resolved."""
    g = glyf[name]
    if g.numberOfContours == 0:
        return [], []
    coords, ends, _ = g.getCoordinates(glyf)
    return list(coords), list(ends)


def depth(glyf, name):
    g = glyf[name]
    return 1 + max(depth(glyf, c.glyphName) for c in g.components) if g.isComposite() else 0


def main():
    cover, src_dir, cut_dir = sys.argv[1:4]
    cp1252 = {ord(c) for c in bytes(range(0x20, 0x100)).decode("cp1252", errors="ignore") if c != "\x7f"}
    want_unicode = {c for c in promised(cover) if unicodedata.category(chr(c)) != "Cf"} | cp1252
    names = set()
    for style in STYLES:
        src = TTFont("%s/LiberationSerif-%s.ttf" % (src_dir, style))
        s_cmap, s_glyf, s_upem = src.getBestCmap(), src["glyf"], src["head"].unitsPerEm
        scale = 1000 / s_upem
        for cut, want in (("WinAnsi", cp1252), ("Unicode", want_unicode)):
            tag = "%s-%s" % (style, cut)
            font = TTFont("%s/AppealSerif-%s.ttf" % (cut_dir, tag))
            cmap, glyf, hmtx = font.getBestCmap(), font["glyf"], font["hmtx"]
            upem = font["head"].unitsPerEm
            check(tag + ": 1000 units per em", upem == 1000)
            check(tag + ": exactly the promised characters the source has",
                  set(cmap) == want & set(s_cmap))
            if cut == "WinAnsi":
                check(tag + ": every character of Windows-1252", set(cmap) == cp1252)
            bad_width, bad_outline = [], []
            for cp, gname in cmap.items():
                s_name = s_cmap[cp]
                if hmtx[gname][0] != src["hmtx"][s_name][0] * 1000 // s_upem:
                    bad_width.append("U+%04X" % cp)
                c, e = outline(glyf, gname)
                sc, se = outline(s_glyf, s_name)
                if e != se or any(abs(x - round(sx * scale)) > 1 or abs(y - round(sy * scale)) > 1
                                  for (x, y), (sx, sy) in zip(c, sc)):
                    bad_outline.append("U+%04X" % cp)
            check(tag + ": advance widths unchanged " + " ".join(bad_width[:10]), not bad_width)
            check(tag + ": outlines unchanged " + " ".join(bad_outline[:10]), not bad_outline)
            for what, a, b in (("ascent", font["hhea"].ascent, src["hhea"].ascent),
                               ("descent", font["hhea"].descent, src["hhea"].descent)):
                # fonts.c: value * 1000 / units_per_em in C (truncated toward 0)
                check("%s: %s unchanged" % (tag, what), a == int(b * 1000 / s_upem))
            check(tag + ": no table a viewer does not read", set(font.keys()) - {"GlyphOrder"} == KEPT_TABLES)
            check(tag + ": no hinting instructions",
                  not any(getattr(glyf[g], "program", None) and glyf[g].program.getBytecode()
                          for g in font.getGlyphOrder()))
            check(tag + ": no composite nested deeper than one level",
                  all(depth(glyf, g) <= 1 for g in font.getGlyphOrder()))
            recs = [str(r) for r in font["name"].names]
            check(tag + ": no Reserved Font Name", not any("Liberation" in r or "Tinos" in r for r in recs))
            ps = font["name"].getDebugName(6)
            check(tag + ": own PostScript name " + str(ps), ps not in names)
            names.add(ps)
    print("CHECK fonts: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
