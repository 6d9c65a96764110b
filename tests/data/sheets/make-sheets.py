#!/usr/bin/env python3
"""Writes the 120 signers of tests/data/sheets as a flat OpenDocument
spreadsheet (signers-120.fods) and as the CSV a Google Form exports
(google-forms-120.csv), plus the small quirks.fods; then, when soffice is
given, has LibreOffice save the .fods as .xlsx, .ods and .xls, as an office
would. The outputs are committed; run this only to change them:

    tests/data/sheets/make-sheets.py --soffice soffice

Only the standard library; the same seed gives the same signers."""
import csv
import io
import os
import random
import shutil
import subprocess
import sys
import tempfile
from xml.sax.saxutils import escape

here = os.path.dirname(os.path.abspath(__file__))
rng = random.Random(2026)

given_es = ["José", "María", "Ana", "Lucía", "Iñaki", "Begoña", "Ramón", "Núria", "Sofía", "Óscar",
            "Águeda", "Jesús", "Ainhoa", "Xosé", "Maite", "Adrián", "Inés", "Raúl", "Elena", "Íñigo"]
last_es = ["Núñez", "Pérez", "García", "Muñoz", "Ibáñez", "Martínez", "López", "Sánchez", "Gómez",
           "Fernández", "Díaz", "Ruiz", "Álvarez", "Jiménez", "Peña", "Castaño", "Güell", "Ortúzar"]
given_en = ["John", "Emily", "Oliver", "Chloé", "Siobhán", "Zoë", "Liam", "Amelia", "Noah", "Björn",
            "Grace", "Aoife", "Renée", "Harry", "Isla", "Dmitri"]
last_en = ["Smith", "O'Brien", "Jones", "Brontë", "Williams", "Taylor", "MacDonald", "Davies", "Evans",
           "Nguyễn", "Walker", "Lefèvre", "Kowalczyk", "Thompson"]
cities_es = [("Madrid", "28013"), ("Barcelona", "08001"), ("Sevilla", "41004"), ("A Coruña", "15001"),
             ("Cádiz", "11005"), ("Málaga", "29015"), ("Girona", "17004"), ("León", "24003"),
             ("Ávila", "05001"), ("Donostia", "20003")]
cities_en = [("London", "EC1A 1BB"), ("Dublin", "D02 X285"), ("Leeds", "LS1 4AP"), ("Cork", "T12 RD3K"),
             ("Bristol", "BS1 5TR"), ("Edinburgh", "EH1 1YZ")]
lang_es = ["Español", "es", "castellano", "ES-es", "Spanish", "ESPAÑOL", "español"]
lang_en = ["English", "Inglés", "en", "EN", "english", "inglés"]
notes_es = ["¡Libertad ya!", "Por favor, liberadlos cuanto antes.", "Pienso en su familia cada día.",
            "Que se haga justicia; no están solos.", "Ningún periodista debería estar en prisión.",
            "Con cariño desde aquí: «aguantad».", "Exijo un juicio justo, según la ley."]
notes_en = ["Free them now.", "Please release them without delay.", "My thoughts are with their families.",
            "Journalism is not a crime — let them go.", "I ask for a fair hearing, as the law requires.",
            "Señora Pérez deserves to be home."]


def signers():
    seen, out = set(), []
    while len(out) < 120:
        spanish = rng.random() < 0.6
        if spanish:
            name = f"{rng.choice(given_es)} {rng.choice(last_es)} {rng.choice(last_es)}"
            city, zip_ = rng.choice(cities_es)
        else:
            name = f"{rng.choice(given_en)} {rng.choice(last_en)}"
            city, zip_ = rng.choice(cities_en)
        if (name, city) in seen:
            continue
        seen.add((name, city))
        # Most write in their own language; some ask for the other.
        wants_es = spanish if rng.random() < 0.85 else not spanish
        lang = rng.choice(lang_es if wants_es else lang_en)
        note = ""
        if rng.random() < 0.6:
            note = rng.choice(notes_es if wants_es else notes_en)
            # Their own words: a number makes each note unique.
            note = f"{note} ({len(out) + 1})" if wants_es else f"{note} (#{len(out) + 1})"
        day = 1 + len(out) % 27
        out.append(dict(name=name, city=city, zip=zip_, lang=lang, es=wants_es, note=note,
                        date=f"2026-11-{day:02d}", email=f"signer{len(out) + 1}@example.org"))
    return out


FODS_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
<office:automatic-styles>
 <number:date-style style:name="Ndate"><number:day number:style="long"/><number:text>/</number:text><number:month number:style="long"/><number:text>/</number:text><number:year number:style="long"/></number:date-style>
 <number:number-style style:name="Nzip"><number:number number:decimal-places="0" number:min-integer-digits="5"/></number:number-style>
 <number:text-style style:name="Ntext"><number:text-content/></number:text-style>
 <style:style style:name="cedate" style:family="table-cell" style:data-style-name="Ndate"/>
 <style:style style:name="cezip" style:family="table-cell" style:data-style-name="Nzip"/>
 <style:style style:name="cetext" style:family="table-cell" style:data-style-name="Ntext"/>
</office:automatic-styles>
<office:body><office:spreadsheet>
"""
FODS_TAIL = "</office:spreadsheet></office:body></office:document>\n"


def text_cell(v, style=None):
    st = f' table:style-name="{style}"' if style else ""
    if v == "":
        return f"<table:table-cell{st}/>"
    paras = "".join(f"<text:p>{escape(p)}</text:p>" for p in v.split("\n"))
    return f'<table:table-cell{st} office:value-type="string">{paras}</table:table-cell>'


def date_cell(iso):
    y, m, d = iso.split("-")
    return (f'<table:table-cell table:style-name="cedate" office:value-type="date" office:date-value="{iso}">'
            f"<text:p>{d}/{m}/{y}</text:p></table:table-cell>")


def zip_number_cell(z):
    return (f'<table:table-cell table:style-name="cezip" office:value-type="float" office:value="{int(z)}">'
            f"<text:p>{z}</text:p></table:table-cell>")


def row(cells, hidden=False):
    st = ' table:visibility="collapse"' if hidden else ""
    return f"<table:table-row{st}>{''.join(cells)}</table:table-row>\n"


def write(name, data):
    path = os.path.join(here, name)
    if os.path.exists(path) and open(path, encoding="utf-8", newline="").read() == data:
        return  # unchanged: its workbooks need not be made again
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(data)


def main():
    people = signers()
    header = ["Nombre y apellidos", "Ciudad", "Código postal", "Idioma", "Comentario", "Fecha"]
    body = [row([text_cell(h) for h in header])]
    for p in people:
        # Postcodes as a text column, as offices format them to keep 08001.
        body.append(row([text_cell(p["name"]), text_cell(p["city"]), text_cell(p["zip"], "cetext"),
                         text_cell(p["lang"]), text_cell(p["note"]), date_cell(p["date"])]))
    write("signers-120.fods", FODS_HEAD + '<table:table table:name="Firmantes">\n' + "".join(body) +
          '</table:table>\n<table:table table:name="Notas"><table:table-row><table:table-cell office:value-type="string">'
          "<text:p>Hoja de trabajo: no imprimir</text:p></table:table-cell></table:table-row></table:table>\n" + FODS_TAIL)

    # The same signers as a Google Form exports them: question headers.
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(["Marca temporal", "Nombre y apellidos", "Ciudad", "¿En qué idioma quieres tu carta?",
                "Escribe unas palabras (opcional)", "Dirección de correo electrónico"])
    for i, p in enumerate(people):
        y, m, d = p["date"].split("-")
        w.writerow([f"{d}/{m}/{y} {9 + i % 10}:{i % 60:02d}:{(7 * i) % 60:02d}", p["name"], p["city"],
                    "Español" if p["es"] else "English", p["note"], p["email"]])
    write("google-forms-120.csv", out.getvalue())

    # Quirks: a number-formatted postcode, a merged title cell above the
    # header, an empty cell, a hidden row, a second sheet chosen by name.
    q = [row(['<table:table-cell table:number-columns-spanned="3" office:value-type="string">'
              "<text:p>Firmas recogidas en la feria</text:p></table:table-cell>",
              "<table:covered-table-cell/>", "<table:covered-table-cell/>"]),
         row([text_cell("Nombre"), text_cell("Ciudad"), text_cell("CP"), text_cell("Idioma"), text_cell("Fecha")]),
         row([text_cell("Núria Güell"), text_cell("Barcelona"), zip_number_cell("08001"), text_cell("es"),
              date_cell("2026-11-02")]),
         row([text_cell("Óscar Peña"), "<table:table-cell/>", zip_number_cell("05001"), text_cell("ES-es"),
              date_cell("2026-11-03")], hidden=True),
         row([text_cell("Aoife Walker"), text_cell("Cork"), text_cell("T12 RD3K"), text_cell("Inglés"),
              "<table:table-cell/>"])]
    other = [row([text_cell("Name"), text_cell("Language")]), row([text_cell("Grace Evans"), text_cell("en")])]
    write("quirks.fods", FODS_HEAD + '<table:table table:name="Feria">\n' + "".join(q) + "</table:table>\n" +
          '<table:table table:name="Online">\n' + "".join(other) + "</table:table>\n" + FODS_TAIL)

    # A blank language in row 4 (the third signer) under a Spanish header,
    # with two columns that feed nothing, and Greek and Cyrillic names:
    # the row error a workbook must raise like a CSV (--lang not given).
    b = [row([text_cell(h) for h in ("Nombre", "Ciudad", "Idioma", "Nota", "Teléfono", "Código postal")]),
         row([text_cell("Δήμητρα Παπαδοπούλου"), text_cell("Atenas"), text_cell("Español"),
              text_cell("¡Libertad ya!"), text_cell("+30 210 000 0000"), text_cell("10552", "cetext")]),
         row([text_cell("Анна Смирнова"), text_cell("Valencia"), text_cell("es"), "<table:table-cell/>",
              text_cell("600 000 000"), text_cell("46001", "cetext")]),
         row([text_cell("Begoña Ibáñez"), text_cell("Sevilla"), "<table:table-cell/>",
              text_cell("Sin idioma a propósito."), text_cell("600 000 001"), text_cell("41004", "cetext")]),
         row([text_cell("Олег Кузнецов"), text_cell("Cork"), text_cell("English"), text_cell("Free them now."),
              "<table:table-cell/>", text_cell("T12 RD3K", "cetext")])]
    write("blank-lang.fods", FODS_HEAD + '<table:table table:name="Firmas">\n' + "".join(b) + "</table:table>\n" +
          FODS_TAIL)

    if len(sys.argv) == 3 and sys.argv[1] == "--soffice":
        with tempfile.TemporaryDirectory() as profile:
            filters = {"xlsx": "Calc MS Excel 2007 XML", "ods": "calc8", "xls": "MS Excel 97"}
            for src, formats in (("signers-120.fods", ("xlsx", "ods", "xls")), ("quirks.fods", ("xlsx", "ods", "xls")),
                                 ("blank-lang.fods", ("xlsx",))):
                stem = os.path.join(here, src[:-5])
                if all(os.path.exists(f"{stem}.{x}") and os.path.getmtime(f"{stem}.{x}") >
                       os.path.getmtime(os.path.join(here, src)) for x in formats):
                    continue
                for fmt in formats:
                    filt = filters[fmt]
                    subprocess.run([sys.argv[2], f"-env:UserInstallation=file://{profile}", "--headless",
                                    "--convert-to", f"{fmt}:{filt}", "--outdir", here, os.path.join(here, src)],
                                   check=True, stdout=subprocess.DEVNULL)


if __name__ == "__main__":
    main()
