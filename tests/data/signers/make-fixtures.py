#!/usr/bin/env python3
"""Writes the signer fixtures byte for byte, as spreadsheets export them.
The files are committed; run this only to change them."""
import os

here = os.path.dirname(os.path.abspath(__file__))


def put(name, data):
    path = os.path.join(here, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


# Excel "CSV (delimitado por comas)" on a Spanish Windows: CP1252, ';',
# CRLF, and the "sep=;" line some templates carry.
put("excel-es.csv", "\r\n".join([
    "sep=;",
    "Nombre;Ciudad;Idioma;Nota;Fecha",
    "José Núñez;Mérida;español;¡Libertad ya! Doné 5 €;2026-11-28",
    "Ana Pérez;Sevilla;es;;",
    "Zoë Ñandú;A Coruña;castellano;\"Con ; y \"\"comillas\"\"\";",
    "",
]).encode("cp1252"))

# Excel "CSV UTF-8 (delimitado por comas)": BOM, commas, CRLF.
put("excel-utf8-bom.csv", b"\xef\xbb\xbf" + "\r\n".join([
    "Name,City,Language,Note",
    "José Núñez,Mérida,English,\"Free them, now\"",
    "Łukasz Żółć,Kraków,en,",
    "",
]).encode("utf-8"))

# LibreOffice Calc: UTF-8 without BOM, commas, LF, quotes only when needed.
put("libreoffice.csv", "\n".join([
    "Full name,Town,Lang,Comment,E-mail",
    "Ana Pérez,Mérida,es,,ana@example.org",
    "Nguyễn Văn An,Hà Nội,en,\"Quote \"\"this\"\"\",",
    "",
]).encode("utf-8"))

# Google Forms "Download responses (.csv)": every cell quoted, a Timestamp
# column, Spanish question titles.
put("google-forms.csv", "\n".join([
    '"Marca temporal","Nombre completo","Ciudad","Correo electrónico","Idioma","Mensaje (opcional)"',
    '"2026/11/28 10:15:03 a. m. GMT+1","José Núñez","Mérida","jose@example.org","Español",""',
    '"2026/11/28 11:02:44 a. m. GMT+1","Ana Pérez","Madrid","ana@example.org","Inglés","Por favor, liberadlos"',
    "",
]).encode("utf-8"))

# Excel "Unicode Text": UTF-16LE with BOM, tab-separated, CRLF.
put("utf16le.txt", b"\xff\xfe" + "\r\n".join([
    "Nombre\tCiudad\tIdioma",
    "José Núñez\tMérida\tes",
    "Ayşe Yılmaz\tİzmir\ten",
    "",
]).encode("utf-16-le"))

put("utf16be.csv", b"\xfe\xff" + "\n".join([
    "name;city",
    "José Núñez;Mérida",
    "",
]).encode("utf-16-be"))

put("signers.tsv", "\n".join([
    "name\tcity\tnote",
    "José Núñez\tMérida\tcomma, and; semicolon",
    "Ana Pérez\t\t",
    "",
]).encode("utf-8"))

# RFC 4180 edge cases; the last line has no line break.
put("rfc4180.csv", (
    'name,city,note,date\r\n'
    '"Núñez, José","Mérida","line one\r\nline two",2026-11-28\r\n'
    '"Ana ""La Roja"" Pérez",,,\r\n'
    '"","",,\r\n'
    'Bea,"",""""\r\n'
    'Carmen,Cádiz,,'
).encode("utf-8"))

put("signers.json", """[
  {"name": "José Núñez", "city": "Mérida", "lang": "es", "note": "Línea 1\\nLínea 2"},
  {"nombre": "Ana Pérez", "ciudad": "Madrid", "postcode": 28001, "consent": true, "fax": null},
  {},
  {"name": "Bea \\u00d1and\\u00fa", "city": "Cádiz"}
]
""".encode("utf-8"))

put("signers.jsonl", "\n".join([
    '{"name": "José Núñez", "city": "Mérida"}',
    '',
    '{"name": "Ana Pérez", "city": "Madrid", "language": "sv"}',
    '{"name": "", "city": "Vigo"}',
    '',
]).encode("utf-8"))

put("no-name.csv", b"Ciudad;Idioma;Nota\nMadrid;es;hola\n")

# Problems after a quoted note spanning three lines: row numbers are those a
# spreadsheet shows (the header is row 1).
put("problems.csv", "\r\n".join([
    "Nombre;Ciudad;Idioma;Fecha;Nota",
    'José Núñez;Mérida;es;2026-11-28;"Primera línea',
    "segunda línea",
    'tercera línea"',
    ";Madrid;es;;",
    "Ana Pérez;Sevilla;es;28/11/2026;",
    "Bea;Cádiz;sv;;",
    ";;;;",
    "  JOSE NUNEZ ;merida;en;;",
    "Carmen;Cádiz;es;2026-02-30;",
    "Dolores;Lugo;es;46354;",
    "Eva;Soria;es;;;extra",
    "",
]).encode("utf-8"))

put("map.csv", "\n".join([
    "Firmante principal,Lugar,Name,Observaciones",
    "José Núñez,Mérida,ignored,hola",
    "",
]).encode("utf-8"))

put("first-last.csv", "\n".join([
    "Nombre;Primer apellido;Segundo apellido;Población",
    "Ana;García;López;Móstoles",
    "Luis;Pérez;;Getafe",
    "",
]).encode("utf-8"))

put("first-last-en.csv", "\n".join([
    "First Name,Last Name,Name,City",
    "Ana,García,Ana García López,Madrid",
    "",
]).encode("utf-8"))

# UTF-8 that was once read as Windows-1252 and saved again as UTF-8.
put("mojibake.csv", "\n".join([
    "name,city",
    "JosÃ© NÃºÃ±ez,MÃ©rida",
    "Ana,Madrid",
    "",
]).encode("utf-8"))

# Fatal errors: input plus the expected message and hint.
def invalid(case, name, data, error):
    put(os.path.join("invalid", case, name), data)
    put(os.path.join("invalid", case, "error"), error.encode("utf-8"))

invalid("stray-quote", "input.csv", b'name,city\nAna,Madrid\nBea,Ma"drid\n',
        'input.csv:3:7: row 3, field "city": a quote inside an unquoted cell\n'
        'hint: quote the whole cell and double the quotes inside it: "say ""no"""\n')
invalid("space-before-quote", "input.csv", b'name,city\nAna, "Madrid"\n',
        'input.csv:2:6: row 2, field "city": a quote inside an unquoted cell\n'
        'hint: remove the space before the opening quote\n')
invalid("after-closing-quote", "input.csv", 'name;city\n"Ana" Pérez;Madrid\n'.encode(),
        'input.csv:2:6: row 2, field "name": text after the closing quote of a cell\n'
        'hint: double a quote inside a quoted cell (""), or end the cell at its closing quote\n')
invalid("unclosed-quote", "input.csv", b'name;note\nAna;ok\nBea;"never\nclosed\n',
        'input.csv: row 3, field "note": a quoted cell is not closed before the end of the file\n'
        'hint: add the closing quote (") where the cell ends\n')
invalid("no-name-column", "input.csv", "Ciudad;Idioma;Teléfono\r\nMadrid;es;1\r\n".encode("cp1252"),
        'input.csv: no column for the signer\'s name in the header: Ciudad;Idioma;Teléfono\n'
        'hint: call a column "name" or "nombre", or map one with name=COLUMN\n')
invalid("one-column", "input.txt", b"Nombre|Ciudad\nAna|Madrid\n",
        'input.txt: no column for the signer\'s name in the header: Nombre|Ciudad\n'
        'hint: call a column "name" or "nombre", or map one with name=COLUMN\n')
invalid("empty", "input.csv", b"\r\n\r\n",
        'input.csv: the table is empty\n'
        'hint: the first row names the columns: name, city, language, note\n')
invalid("json-syntax", "input.json", b'[\n  {"name": "Ana"},\n  {"name": "Bea",}\n]\n',
        'input.json:3:19: malformed JSON\n'
        'hint: check the quotes, commas and brackets near this place\n')
invalid("json-nested", "input.jsonl", b'{"name": "Ana"}\n{"name": {"first": "Bea"}}\n',
        'input.jsonl: row 2, field "name": expected text for "name", found an object\n'
        'hint: every value is a string, such as "Madrid"\n')
invalid("json-duplicate-key", "input.json", b'[{"name": "Ana", "name": "Bea"}]',
        'input.json: row 1, field "name": duplicate key "name"\n'
        'hint: give each key once per signer\n')
invalid("json-not-object", "input.json", b'["Ana", "Bea"]',
        'input.json: row 1: expected an object for a signer, found a string\n'
        'hint: write each signer as {"name": "...", "city": "..."}\n')
