#!/usr/bin/env bash
# Office spreadsheets as they arrive (tests/data/sheets, made by LibreOffice:
# see tests/data/README.md): the same 120 signers as .xlsx, .ods, .xls and a
# Google Form's CSV print with no option, every signer once, in the language
# the sheet asks for, with their own words; inspect predicts batch.
# Usage: sheets.sh APPEAL DATA_DIR
set -u
appeal=$1
data=$2
. "$(dirname "$0")/lib.sh"
need pdftotext pdfinfo python3
d=$data/sheets

# What each row asks for, from the form's CSV: row, name, en|es, note.
python3 - "$d/google-forms-120.csv" >"$tmp/want.tsv" <<'PY'
import csv, sys
with open(sys.argv[1], encoding="utf-8", newline="") as f:
    for i, r in enumerate(list(csv.reader(f))[1:]):
        # The letter sets an apostrophe as a typographer would: O’Brien.
        name, note = (v.replace("'", "\u2019") for v in (r[1], r[4]))
        print(f"{i + 2}\t{name}\t{'es' if r[3] == 'Español' else 'en'}\t{note}")
PY
check "120 signers expected" [ "$(wc -l <"$tmp/want.tsv")" -eq 120 ]

# Each page's text on one line (every letter here is one page), words split
# at a line's end joined again.
pages_flat() { pdftotext "$1" - 2>/dev/null | awk 'BEGIN { RS = "\f" } { gsub(/\n/, " "); print }' |
	tr -s ' ' | sed -E 's/([[:alpha:]])- ([[:lower:]])/\1\2/g'; }

for f in signers-120.xlsx signers-120.ods signers-120.xls google-forms-120.csv; do
	out=$tmp/${f//./-}.pdf
	"$appeal" inspect "$d/$f" >"$tmp/inspect" 2>&1
	irc=$?
	"$appeal" batch "$d/$f" -o "$out" -j 2 >"$tmp/out" 2>"$tmp/err"
	rc=$?
	err=$(cat "$tmp/err")
	check "$f: exit 0 with no option" [ $rc -eq 0 ]
	check "$f: inspect predicts the exit status" [ $irc -eq $rc ]
	check "$f: 120 written" contains "$err" "120 rows read: 120 written, 0 skipped, 0 failed; 1 file, 120 pages"
	pages_flat "$out" >"$tmp/pages"
	bad=0
	# Row r's letter is page r - 1: every signer once, in order.
	while IFS=$'\t' read -r row name lang note; do
		text=$(sed -n "$((row - 1))p" "$tmp/pages")
		if [ "$lang" = es ]; then mark="Señor Presidente:" other="President Maduro,"
		else mark="President Maduro," other="Señor Presidente:"; fi
		# The signer's letter, in the language asked, with their own words.
		if ! contains "$text" "$name" || ! contains "$text" "$mark" || contains "$text" "$other" ||
			{ [ -n "$note" ] && ! contains "$text" "$note"; }; then
			bad=$((bad + 1))
			[ $bad -le 3 ] && printf 'row %s: %s (%s) "%s" not as asked\n' "$row" "$name" "$lang" "$note" >&2
		fi
	done <"$tmp/want.tsv"
	check "$f: every signer once, in their language, with their words" [ $bad -eq 0 ]
done
# The sheet's postcode column is named, not silently dropped.
"$appeal" batch "$d/signers-120.ods" -o "$tmp/all.pdf" >/dev/null 2>"$tmp/err"
check "unused column named in batch's summary" contains "$(cat "$tmp/err")" \
	'warning: the column "Código postal" holds data no letter prints'
"$appeal" batch "$d/signers-120.ods" -o "$tmp/strict.pdf" --strict >/dev/null 2>"$tmp/err"
rc=$?
check "--strict: an unused column is an error" [ $rc -eq 1 ] && [ ! -e "$tmp/strict.pdf" ]
check "--strict: says which" contains "$(cat "$tmp/err")" '--strict: the column "Código postal" holds data'
"$appeal" batch "$d/signers-120.xlsx" --sheet Firmantes --map note=Comentario -o "$tmp/sheet.pdf" >/dev/null 2>&1
check "--sheet by name" [ "$(pdfinfo "$tmp/sheet.pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')" = 120 ]
"$appeal" inspect --sheet Hoja9 "$d/quirks.ods" >/dev/null 2>"$tmp/err"
check "--sheet unknown: 1" [ $? -eq 1 ]
check "--sheet unknown: lists the sheets" contains "$(cat "$tmp/err")" "its sheets: Feria, Online"
"$appeal" inspect "$d/quirks.xlsx" >"$tmp/out" 2>&1
check "inspect: the hidden row reported" contains "$(cat "$tmp/out")" "row 4 is hidden in the sheet"
check "inspect: the sheet named" contains "$(cat "$tmp/out")" "sheet      Feria"
head -c 3000 "$d/signers-120.xlsx" >"$tmp/cut.xlsx"
"$appeal" batch "$tmp/cut.xlsx" -o "$tmp/cut.pdf" >/dev/null 2>"$tmp/err"
rc=$?
check "damaged workbook: 1, nothing written" [ $rc -eq 1 ] && [ ! -e "$tmp/cut.pdf" ]
check "damaged workbook: what to do" contains "$(cat "$tmp/err")" "hint: open it in the office program and save it again"
# A workbook's blank language is a row error, as in a CSV (it was not: the
# check was switched on only for text tables). Made by LibreOffice with a
# Spanish header, Greek and Cyrillic names (tests/data/README.md).
"$appeal" inspect "$d/blank-lang.xlsx" >"$tmp/out" 2>&1
rc=$?
out=$(cat "$tmp/out")
check "blank language (xlsx): inspect exits 1" [ $rc -eq 1 ]
check "blank language (xlsx): inspect names row and field" \
	contains "$out" 'blank-lang.xlsx: row 4, field "Idioma": the language is empty'
check "blank language (xlsx): inspect names the unused columns" contains "$out" "unused     Teléfono, Código postal"
"$appeal" batch "$d/blank-lang.xlsx" -o "$tmp/blank.pdf" >/dev/null 2>"$tmp/err"
rc=$?
err=$(cat "$tmp/err")
check "blank language (xlsx): batch exits 1" [ $rc -eq 1 ]
check "blank language (xlsx): batch names row and field" \
	contains "$err" 'blank-lang.xlsx: row 4, field "Idioma": the language is empty'
check "blank language (xlsx): batch names the unused columns" \
	contains "$err" 'the columns "Teléfono", "Código postal" hold data no letter prints'
check "blank language (xlsx): the other 3 written" contains "$err" "4 rows read: 3 written, 0 skipped, 1 failed"
pdftotext "$tmp/blank.pdf" "$tmp/blank.txt" 2>/dev/null
check "blank language (xlsx): Greek, Cyrillic names printed, not row 4's" \
	[ "$(grep -c -e 'Δήμητρα Παπαδοπούλου' -e 'Анна Смирнова' -e 'Олег Кузнецов' -e 'Begoña' "$tmp/blank.txt")" -ge 3 ] &&
	grep -q 'Олег Кузнецов' "$tmp/blank.txt" && ! grep -q 'Begoña' "$tmp/blank.txt"
# An .xls is copied to an anonymous memory file for FreeXL: no temporary
# file, so it reads even when TMPDIR is not writable.
TMPDIR=$tmp/no-such-dir "$appeal" inspect "$d/quirks.xls" >"$tmp/out" 2>&1
check ".xls read with no writable TMPDIR (memory file)" contains "$(cat "$tmp/out")" "sheet      Feria"
# FreeXL trusts a directory entry's name length (a fuzzed file made it read
# 17 KiB past its buffer): refused before FreeXL sees it.
/usr/bin/python3 - "$d/quirks.xls" "$tmp/dir.xls" <<'PY'
import struct, sys
b = bytearray(open(sys.argv[1], "rb").read())
shift, start = struct.unpack_from("<H", b, 30)[0], struct.unpack_from("<I", b, 48)[0]
struct.pack_into("<H", b, ((start + 1) << shift) + 128 + 64, 17442)
open(sys.argv[2], "wb").write(b)
PY
# Its mini stream's chain leaving the file made FreeXL leak the buffer.
/usr/bin/python3 - "$d/quirks.xls" "$tmp/mini.xls" <<'PY'
import struct, sys
b = bytearray(open(sys.argv[1], "rb").read())
shift, start = struct.unpack_from("<H", b, 30)[0], struct.unpack_from("<I", b, 48)[0]
struct.pack_into("<I", b, ((start + 1) << shift) + 116, 0xFFFFFF)  # the root entry's first sector
open(sys.argv[2], "wb").write(b)
PY
# A Workbook entry whose name goes on past "Workbook" (U+2B00) is not the
# workbook to FreeXL, which reads on and trusted the next entry's name
# length (a fuzzer's find: 64,768 bytes from its 4 KiB stack buffer).
/usr/bin/python3 - "$d/quirks.xls" "$tmp/named.xls" <<'PY'
import struct, sys
b = bytearray(open(sys.argv[1], "rb").read())
shift, start = struct.unpack_from("<H", b, 30)[0], struct.unpack_from("<I", b, 48)[0]
book = ((start + 1) << shift) + 128
assert b[book:book + 16] == "Workbook".encode("utf-16-le")
struct.pack_into("<HH", b, book + 16, 0x2B00, 0)
struct.pack_into("<H", b, book + 64, 20)
struct.pack_into("<H", b, book + 128 + 64, 64768)
open(sys.argv[2], "wb").write(b)
PY
for f in dir mini named; do
	"$appeal" inspect "$tmp/$f.xls" >"$tmp/out" 2>&1
	rc=$?
	check ".xls with a damaged directory ($f): 1" [ $rc -eq 1 ]
	check ".xls with a damaged directory ($f): said" contains "$(cat "$tmp/out")" "its structure is damaged"
done
# A LABEL whose text runs past its record (a fuzzer's find: FreeXL copied
# 128 KiB from an 8 KiB buffer), and a CSV named .xls (FreeXL would have
# tried it as an Excel 2-4 file): refused before FreeXL reads them.
"$appeal" inspect "$data/../fuzz-corpus/xls/crash-label-length.xls" >"$tmp/out" 2>&1
rc=$?
check ".xls with a LABEL past its record: 1, said" [ $rc -eq 1 ] && contains "$(cat "$tmp/out")" "its structure is damaged"
# DIMENSION records asking FreeXL for 4.4 million cells (70 MB, leaked
# when a second one comes): refused, saying how many.
"$appeal" inspect "$data/../fuzz-corpus/xls/timeout-dimension-cells.xls" >"$tmp/out" 2>&1
rc=$?
check ".xls spanning too many cells: 1, said" [ $rc -eq 1 ] &&
	contains "$(cat "$tmp/out")" "span 4424285 cells (rows by columns, empty ones included); appeal reads at most 4000000"
printf 'name,lang\nAna,es\n' >"$tmp/text.xls"
"$appeal" inspect "$tmp/text.xls" >"$tmp/out" 2>&1
rc=$?
check "a CSV named .xls: 1, said" [ $rc -eq 1 ] && contains "$(cat "$tmp/out")" "not an Excel 97-2003 workbook"
# An .ods whose content.xml says it is in an encoding it is not: only
# appeal's message, no libxml2 lines ("encoding error : ...") on stderr.
/usr/bin/python3 - "$data/../fuzz-corpus/ods/tiny-stored.ods" "$tmp/enc.ods" <<'PY'
import sys, zipfile
src = zipfile.ZipFile(sys.argv[1])
with zipfile.ZipFile(sys.argv[2], "w") as out:
    for n in src.namelist():
        d = src.read(n)
        out.writestr(n, d.replace(b'encoding="UTF-8"', b'encoding="SHIFT_JIS"', 1) if n == "content.xml" else d)
PY
"$appeal" inspect "$tmp/enc.ods" >/dev/null 2>"$tmp/err"
rc=$?
check "mislabelled encoding (ods): 1, said as damaged XML" [ $rc -eq 1 ] && contains "$(cat "$tmp/err")" "is not well-formed XML"
check "mislabelled encoding (ods): nothing from libxml2 on stderr" [ -z "$(grep -v '^appeal: ' "$tmp/err")" ]
# inspect runs the checks batch runs: the same exit status and the same row
# errors (batch reports a row's first problem, inspect all of them), on every
# test table.
rows_of() { grep -E ': row [0-9]+' | grep -v -e '^appeal: warning: ' -e '(duplicate: printed all the same)' |
	sed 's/^appeal: //' | awk -F', field ' '!seen[$1]++' | sort; }
n=0
for f in "$data"/signers/* "$data"/signers/invalid/* "$d"/*.xlsx "$d"/*.ods "$d"/*.xls "$d"/*.csv; do
	case $f in *.py | */invalid) continue ;; esac
	n=$((n + 1))
	"$appeal" inspect "$f" >"$tmp/i.out" 2>"$tmp/i.err"
	irc=$?
	rm -f "$tmp/p.pdf"
	"$appeal" batch "$f" -o "$tmp/p.pdf" -j 1 >"$tmp/b.out" 2>"$tmp/b.err"
	brc=$?
	check "inspect predicts batch's exit status: ${f#"$data"/} ($irc, $brc)" [ $irc -eq $brc ]
	check "inspect predicts batch's row errors: ${f#"$data"/}" \
		[ "$(rows_of <"$tmp/i.out")" = "$(rows_of <"$tmp/b.err")" ]
done
check "every table compared ($n)" [ $n -ge 20 ]
# The workbook libraries are opened when a workbook is first read: one that
# cannot be used is reported with its name and how to install it, and a CSV
# is still read. A stand-in libzip.so.4 (another library under that name)
# is found first through LD_LIBRARY_PATH and lacks libzip's functions.
mkdir -p "$tmp/fakelib"
cp "$(ldd "$appeal" | awk '/libcsv\.so/ { print $3 }')" "$tmp/fakelib/libzip.so.4"
LD_LIBRARY_PATH="$tmp/fakelib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" "$appeal" inspect "$d/signers-120.xlsx" \
	>"$tmp/out" 2>"$tmp/err"
check "a workbook library that cannot be used: exit 1" [ $? -eq 1 ]
check "names the library" grep -q "reading .xlsx files needs the library libzip.so.4, which could not be loaded" "$tmp/err"
check "says how to install it" grep -q "apt-get install libzip4" "$tmp/err"
check "and names the file" grep -q "signers-120.xlsx" "$tmp/err"
LD_LIBRARY_PATH="$tmp/fakelib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" "$appeal" inspect "$d/google-forms-120.csv" \
	>/dev/null 2>&1
check "a CSV does not need it" [ $? -eq 0 ]

finish sheets
