#!/usr/bin/env python3
"""Writes the batch fixtures byte for byte. The files are committed; run
this only to change them."""
import os

here = os.path.dirname(os.path.abspath(__file__))


def put(name, data):
    with open(os.path.join(here, name), "wb") as f:
        f.write(data)


# Excel "CSV" on a Spanish Windows: Windows-1252, ';', CRLF, no sep= line,
# a note holding the delimiter and a line break.
put("excel-es.csv", "\r\n".join([
    "Nombre;Ciudad;Idioma;Mensaje (opcional)",
    "José Núñez;Mérida;español;¡Libertad ya! Doné 5 €",
    "Ana Pérez;Sevilla;;",
    "Zoë Ñandú;A Coruña;inglés;\"Con ; y\r\ndos líneas\"",
    "",
]).encode("cp1252"))

# Excel "CSV UTF-8": BOM, commas, CRLF; names beyond Windows-1252.
put("utf8-bom.csv", b"\xef\xbb\xbf" + "\r\n".join([
    "Full name,City,Language",
    "Łukasz Żółć,Kraków,en",
    "Nguyễn Thị Hương,Hà Nội,es",
    "",
]).encode("utf-8"))

# One of each bad row between good ones; read with --encoding utf-8 so the
# 0xFF byte is invalid text rather than a reason to read Windows-1252.
put("bad.csv", b"\n".join([
    b"name,city,lang,date",
    "Ana Pérez,Mérida,es,".encode(),
    b",Madrid,es,",
    b"Bea,C\xffdiz,es,",
    b"Carl,Leeds,sv,",
    "Zhang 中文,Beijing,en,".encode(),
    b"Dora,Lugo,es,2026-02-30",
    "ana pérez,merida,en,".encode(),
    b"../../etc/passwd,Nowhere,en,",
    b".hidden,,en,",
    b"",
]))
