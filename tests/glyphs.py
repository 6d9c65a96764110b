#!/usr/bin/python3
"""Every character appeal promises is drawn: end to end, through the command.

usage: glyphs.py APPEAL LETTER.json CUT_DIR

Takes every printable character the cut faces hold (tests/fonts.py proves
they are exactly the promised ones), in the form appeal draws it (NFC), and
sets them in letters: in the subject (bold) and the body (regular), those of
Windows-1252 apart from the others, so that each letter's lines use one kind
of font (WinAnsi or Unicode). Straight quotes are left out: the letter's
typography turns them into curly ones (tests/pdf.sh checks them). For each
letter: qpdf --check is clean, pdftotext gives the characters back exactly,
and the font programs embedded in the PDF hold each character's whole glyph
(every point of the cut face's outline, components included) — libharu
embeds only the glyphs it marks as used.
"""
import base64
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import unicodedata

from fontTools.ttLib import TTFont

passed = failed = 0


def check(what, ok):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL: " + what, file=sys.stderr)
    return ok


def points(font, cp, cid_map=None):
    """The points of cp's glyph: through the font's cmap, or for a CID font
    (which has none) through the PDF's CIDToGIDMap, CID = code point."""
    glyf = font["glyf"]
    if cid_map is None:
        name = font.getBestCmap()[cp]
    else:
        gid = int.from_bytes(cid_map[2 * cp:2 * cp + 2], "big") if 2 * cp + 2 <= len(cid_map) else 0
        name = font.getGlyphOrder()[gid]
    g = glyf[name]
    return 0 if g.numberOfContours == 0 else len(g.getCoordinates(glyf)[0])


def drawable(cp):
    c = chr(cp)
    return (unicodedata.category(c) not in ("Zs", "Cf") and unicodedata.normalize("NFC", c) == c
            and c not in "'\"")


def words_of(cps):
    """Words of 5 characters; a combining mark leans on a letter that has no
    precomposed form with it ("q")."""
    return ["".join("q" + chr(c) if unicodedata.combining(chr(c)) else chr(c) for c in cps[i:i + 5])
            for i in range(0, len(cps), 5)]


def embedded_fonts(pdf):
    """BaseFont (without the subset tag) -> the embedded font program and,
    for a CID font, its CIDToGIDMap."""
    out = subprocess.run(["qpdf", "--json=2", "--json-key=qpdf", "--json-stream-data=inline",
                          "--decode-level=generalized", pdf], check=True, capture_output=True).stdout
    objs = json.loads(out)["qpdf"][1]
    val = lambda ref: objs["obj:" + ref]
    fonts = {}
    for obj in objs.values():
        d = obj.get("value")
        if not isinstance(d, dict) or d.get("/Type") != "/Font" or "/FontDescriptor" not in d:
            continue
        desc = val(d["/FontDescriptor"])["value"]
        data = base64.b64decode(val(desc["/FontFile2"])["stream"]["data"])
        cid_map = None
        if "/CIDToGIDMap" in d:
            cid_map = base64.b64decode(val(d["/CIDToGIDMap"])["stream"]["data"])
        fonts[d["/BaseFont"].split("+", 1)[1]] = (TTFont(io.BytesIO(data)), cid_map)
    return fonts


def main():
    appeal, letter_path, cut_dir = sys.argv[1:4]
    faces = {(style, cut): TTFont("%s/AppealSerif-%s-%s.ttf" % (cut_dir, style, cut))
             for style in ("Regular", "Bold") for cut in ("WinAnsi", "Unicode")}
    narrow = sorted(cp for cp in faces["Regular", "WinAnsi"].getBestCmap() if drawable(cp))
    wide = sorted(cp for cp in faces["Regular", "Unicode"].getBestCmap() if drawable(cp) and cp not in narrow)
    check("the Unicode face has characters", len(wide) > 1000)
    chunks = []
    for cut, cps in (("WinAnsi", narrow), ("Unicode", wide)):
        words = words_of(cps)
        chunks += [(cut, " ".join(words[i:i + 60])) for i in range(0, len(words), 60)]
    letter = json.load(open(letter_path, encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        for n, (cut, chunk) in enumerate(chunks):
            text = letter["texts"]["en"]
            text["subject"] = chunk
            text["paragraphs"] = [chunk]
            path = os.path.join(tmp, "letter.json")
            pdf = os.path.join(tmp, "glyphs-%d.pdf" % n)
            json.dump(letter, open(path, "w", encoding="utf-8"), ensure_ascii=False)
            run = subprocess.run([appeal, "write", "--letter", path, "--lang", "en", "--name", "Ana",
                                  "--no-hyphenation", "--date", "2026-11-28", "-o", pdf], capture_output=True)
            if not check("letter %d: written (%s)" % (n, run.stderr.decode().strip()), run.returncode == 0):
                continue
            check("letter %d: qpdf --check" % n,
                  subprocess.run(["qpdf", "--check", pdf], capture_output=True).returncode == 0)
            got = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", pdf, "-"], check=True,
                                 capture_output=True).stdout.decode()
            flat = re.sub(r"\s+", " ", got)
            check("letter %d: the subject and the paragraph extract exactly" % n, flat.count(chunk) == 2)
            fonts = embedded_fonts(pdf)
            ps = "AppealSerifU" if cut == "Unicode" else "AppealSerif"
            for style, name in (("Regular", ps), ("Bold", ps + "-Bold,Bold")):
                emb, cid_map = fonts.get(name, (None, None))
                if not check("letter %d: %s embedded" % (n, name), emb is not None):
                    continue
                missing = [cp for cp in {ord(c) for c in chunk if c != " "}
                           if points(emb, cp, cid_map) != points(faces[style, cut], cp)]
                check("letter %d, %s: every glyph drawn whole %s" % (n, style, " ".join(
                    "U+%04X" % c for c in sorted(missing)[:10])), not missing)
    print("CHECK glyphs: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
