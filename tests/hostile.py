#!/usr/bin/env python3
"""Writes the hostile inputs of tests/hostile.sh (docs/hardening.md) into DIR.
Usage: hostile.py DIR LETTER.json"""
import json
import os
import struct
import sys
import zlib

out, letter_path = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)


def write(name, data):
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)


# A 1 MB cell: a note of 1 MB in the second of three rows.
write("cell.csv", b"name,city,note\r\nAna P\xc3\xa9rez,M\xc3\xa9rida,Hola\r\n"
      b"Luis Rojas,Caracas," + b"x" * (1 << 20) + b"\r\nMar\xc3\xada Le\xc3\xb3n,Maracay,\r\n")
# A 1 MB header cell of 0xFF bytes (read as Windows-1252), 10,000 rows: the
# input that took 8.8 GB in `inspect --json`.
write("header-cell.csv", b"name," + b"\xff" * (1 << 20) + b"\r\n" +
      b"".join(b"Signer %d,x\r\n" % i for i in range(10000)))
# A 10 MB header row: 100,000 columns of 100 bytes.
write("header-row.csv", b",".join(b"c%099d" % i for i in range(100000)) + b"\r\nAna,1\r\n")
# 1,000,000 empty rows around two signers.
write("empty-rows.csv", b"name,city,lang\r\nAna,Caracas,es\r\n" + b"\r\n" * 1000000 + b"Luis,Maracay,es\r\n")
# 1,000,000 rows of empty cells.
write("empty-cells.csv", b"name,city,lang\r\nAna,Caracas,es\r\n" + b",,\r\n" * 1000000 + b"Luis,Maracay,es\r\n")
# 100-level nested JSON, as a signer table and as a letter.
write("nested.json", b"[" * 100 + b"]" * 100)
write("nested-letter.json", b'{"id": ' + b"[" * 100 + b"]" * 100 + b"}")
# 10,000 identical names (per-signer file names collide).
write("same-names.csv", b"name,city,lang\r\n" + b"Ana P\xc3\xa9rez,Caracas,es\r\n" * 10000)

# A 40,000-word paragraph in a letter file.
letter = json.load(open(letter_path, encoding="utf-8"))
words = " ".join(letter["texts"]["en"]["paragraphs"]).split()
letter["texts"]["en"]["paragraphs"][1] = " ".join(words[i % len(words)] for i in range(40000))
write("long-paragraph.json", json.dumps(letter, ensure_ascii=False).encode())
# A paragraph of 1,000,000 letters as one word (no break possible).
letter = json.load(open(letter_path, encoding="utf-8"))
letter["texts"]["en"]["paragraphs"][1] = "a" * 1000000
write("long-word.json", json.dumps(letter, ensure_ascii=False).encode())
# The longest paragraphs accepted: 2,400 words (under 16 KiB), the last one
# "wordend"; and one word of 16,000 letters.
letter = json.load(open(letter_path, encoding="utf-8"))
text = " ".join(words[i % len(words)] for i in range(2399)) + " wordend."
assert len(text.encode()) <= 16384, len(text.encode())
letter["texts"]["en"]["paragraphs"][1] = text
write("long-ok.json", json.dumps(letter, ensure_ascii=False).encode())
letter["texts"]["en"]["paragraphs"][1] = "q" * 16000
write("word-ok.json", json.dumps(letter, ensure_ascii=False).encode())
# A note file of 1 MB, and a table of 8 rows for an empty shard.
write("note.txt", b"x" * (1 << 20))
write("eight.csv", b"name\n" + b"".join(b"Signer %d\n" % i for i in range(8)))
# A letter file over the size limit (2 MB of JSON white space).
write("big-letter.json", b"{" + b" " * (2 << 20) + b"}")


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


# A 20000x20000 PNG header: valid chunks and checksums, a tiny IDAT.
write("huge.png", b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 20000, 20000, 8, 6, 0, 0, 0)) +
      chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b""))
