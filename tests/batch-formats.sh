#!/usr/bin/env bash
# appeal batch --format pdf|text|eml: every format written through the one
# output interface, with the same naming, atomicity, manifest and --resume.
# 40 signers with e-mail addresses become 40 .eml files and a mailbox of 40,
# each message read back by Python's email package (tests/check-eml.py):
# the exact signer's name in From and in the attached PDF (qpdf --check),
# the subject of the row's language, lines of at most 78 characters. A row
# without an address is a row error; text per signer and combined; and
# src/batch knows no PDF.
# Usage: batch-formats.sh APPEAL DATA_DIR PYTHON SOURCE_ROOT
set -u
appeal=$1
data=$2
py=${3:-/usr/bin/python3}
src=${4:-$(cd "$(dirname "$0")/.." && pwd)}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
need qpdf pdftotext cmp "$py"

letter=$data/mail/letter.json
count() { find "$1" -maxdepth 1 -name "*.$2" | wc -l; }
# 40 signers, names beyond ASCII and beyond Windows-1252, one with a comma,
# both languages of the letter, every one with an address.
gen() {
	awk 'BEGIN {
		split("Ana Pérez|Łukasz Żółć|Nguyễn Thị Hương|María José Núñez|Ayşe Yıldız|Iñaki Muñoz|Chloé Dubois|Eva Kovač|Jürgen Groß|O\x27Brien, Seán", nm, "|")
		split("|García|Kowalska|Trần", sn, "|")
		print "Name,City,Language,Email"
		for (i = 0; i < 40; i++) {
			name = nm[i % 10 + 1] (int(i / 10) ? " " sn[int(i / 10) + 1] : "")
			printf "\"%s\",City %d,%s,signer%d@example.org\n", name, i, i % 3 ? "es" : "en", i
		}
	}'
}
gen >"$tmp/40.csv"
# The map check-eml.py --expect reads, from a manifest (JSON): each written
# row's file (#N in a mailbox), its name as in the table and the subject of
# its language.
expect_map() { # expect_map MANIFEST.json CSV OUT
	"$py" - "$@" <<'EOF'
import csv, json, sys
subjects = {"es": "Liberación inmediata de Ramón Pérez – «preso de conciencia»", "en": "Release Ramón Pérez now"}
rows = list(csv.DictReader(open(sys.argv[2], encoding="utf-8")))
with open(sys.argv[3], "w", encoding="utf-8") as out:
    for r in json.load(open(sys.argv[1], encoding="utf-8")):
        if r["status"] != "written":
            continue
        row = rows[r["row"] - 2]
        assert row["Name"] == r["name"]
        where = r["file"] + ("#%d" % r["first_page"] if r["file"].endswith(".mbox") else "")
        out.write("%s\t%s\t%s\n" % (where, row["Name"], subjects[row["Language"]]))
EOF
}

# --- batch knows no PDF ----------------------------------------------------
check "src/batch includes no backend header" [ -z "$(grep -rn '#include "backend/' "$src/src/batch")" ]
check "src/batch calls no appeal_pdf_" [ -z "$(grep -rn 'appeal_pdf_' "$src/src/batch")" ]

# --- one .eml per signer -----------------------------------------------------
cd "$tmp" || exit 1
run "$appeal" batch 40.csv --letter "$letter" --format eml -o mail/ --manifest mail.json -j 2
check "eml: 0 ($err)" [ $rc -eq 0 ]
check "eml: 40 files" [ "$(count mail eml)" -eq 40 ]
check "eml: nothing else in the folder" [ "$(ls -A mail | grep -vc '\.eml$')" -eq 0 ]
check "eml: summary without pages" contains "$err" "appeal: 40 rows read: 40 written, 0 skipped, 0 failed; 40 files in mail/"
check "eml: named after the signer" [ -f mail/lukasz-zolc.eml ] && check "eml: Vietnamese name" [ -f mail/nguyen-thi-huong-tran.eml ]
expect_map mail.json 40.csv map
check "eml: the map names 40 messages" [ "$(wc -l <map)" -eq 40 ]
verdict=$("$py" "$here/check-eml.py" --count 40 --expect map mail/*.eml 2>&1)
check "eml: Python reads every message, each from its own signer ($verdict)" [ "$verdict" = "ok 40" ]
check "eml: manifest numbers each message 1" [ "$(grep -c '"first_page":1,"last_page":1' mail.json)" -eq 40 ]

# The same with one job: byte for byte.
run "$appeal" batch 40.csv --letter "$letter" --format eml -o mail1/ -j 1 -q
same=1
for f in mail/*.eml; do cmp -s "$f" "mail1/${f##*/}" || same=0; done
check "eml: -j 1 gives the same bytes" [ $same -eq 1 ]
# The attachment is the PDF batch writes for the same signer.
run "$appeal" batch 40.csv --letter "$letter" -o pdf/ -q
"$py" -c 'import email, email.policy, sys
m = email.message_from_bytes(open(sys.argv[1], "rb").read(), policy=email.policy.default)
open(sys.argv[2], "wb").write(next(m.iter_attachments()).get_content())' mail/lukasz-zolc.eml att.pdf
check "eml: the attachment is batch's PDF" cmp -s att.pdf pdf/lukasz-zolc.pdf

# --- --resume: only the files that are missing -------------------------------
cp -r mail mail.ref
rm mail/ana-perez.eml mail/eva-kovac-tran.eml mail/chloe-dubois-garcia.eml
touch -d 2020-01-01 mail/*.eml
run "$appeal" batch 40.csv --letter "$letter" --format eml -o mail/ --resume
check "resume: 0" [ $rc -eq 0 ]
check "resume: counts" contains "$err" "40 rows read: 3 written, 37 skipped (37 already done), 0 failed; 3 files in mail/"
same=1
for f in mail.ref/*.eml; do cmp -s "$f" "mail/${f##*/}" || same=0; done
check "resume: the folder is as before" [ $same -eq 1 ] && check "... 40 files" [ "$(count mail eml)" -eq 40 ]
check "resume: the others untouched" [ "$(find mail -name '*.eml' -newermt 2021-01-01 | wc -l)" -eq 3 ]
check "resume: the journal is gone" [ ! -e mail/.appeal-journal ]

# --- a row without an address -------------------------------------------------
{ cat 40.csv; echo "Sin Correo,Mérida,es,"; } >41.csv
run "$appeal" batch 41.csv --letter "$letter" --format eml -o mail41/ --manifest mail41.csv
check "no address: 1" [ $rc -eq 1 ]
check "no address: the row and the column named" contains "$err" 'appeal: 41.csv: row 42, field "Email": the row has no e-mail address'
check "no address: a hint" contains "$err" "hint: add the signer's address, or write PDFs (--format pdf)"
check "no address: the others written" contains "$err" "41 rows read: 40 written, 0 skipped, 1 failed; 40 files in mail41/"
check "no address: 40 files" [ "$(count mail41 eml)" -eq 40 ]
check "no address: no message names the signer" [ -z "$(grep -rl 'Sin Correo' mail41)" ] && check "... nor a file" [ ! -e mail41/sin-correo.eml ]
check "no address: in the manifest" grep -q '^42,Sin Correo,es,failed,,,,Email,the row has no e-mail address' mail41.csv
run "$appeal" batch 41.csv --letter "$letter" --format eml -o strict/ --strict
check "no address, --strict: nothing written" [ "$(count strict eml)" -eq 0 ] && check "... 1" [ $rc -eq 1 ]
printf 'Name,Language\nAna Pérez,es\n' >noemail.csv
run "$appeal" batch noemail.csv --letter "$letter" --format eml -o ne/
check "no e-mail column: refused as a usage error (2)" [ $rc -eq 2 ]
check "no e-mail column: said once, with the table" contains "$err" "appeal: noemail.csv: the table has no e-mail column"
check "no e-mail column: a hint" contains "$err" "hint: add one (or --map email=COLUMN), or write PDFs (--format pdf)"
check "no e-mail column: no row by row" [ -z "$(grep -F 'row 2' <<<"$err")" ]
check "no e-mail column: nothing written" [ "$(count ne eml)" -eq 0 ]
run env LC_ALL=C.UTF-8 LANGUAGE=es "$appeal" batch 41.csv --letter "$letter" --format eml -o mail41/ -q
check "no address, in Spanish" contains "$err" 'fila 42, campo «Email»: la fila no tiene dirección de correo electrónico'

# --- one mailbox -----------------------------------------------------------------
run "$appeal" batch 40.csv --letter "$letter" -o all.mbox --manifest mbox.json
check "mbox by its name: 0" [ $rc -eq 0 ]
check "mbox: summary" contains "$err" "40 rows read: 40 written, 0 skipped, 0 failed; 1 file to all.mbox"
expect_map mbox.json 40.csv mapm
verdict=$("$py" "$here/check-eml.py" --count 40 --expect mapm all.mbox 2>&1)
check "mbox: a mailbox of 40, each from its own signer ($verdict)" [ "$verdict" = "ok 40" ]
run "$appeal" batch 40.csv --letter "$letter" --format eml -o all2.mbox -q
check "--format eml -o .mbox: the same mailbox" cmp -s all.mbox all2.mbox
# Each message of the mailbox is the signer's .eml (mboxrd: LF line ends).
msgs=$("$py" -c 'import mailbox, sys; print(len(mailbox.mbox(sys.argv[1], create=False)))' all.mbox)
check "mbox: python's mailbox counts 40" [ "$msgs" = 40 ]
same=$("$py" - all.mbox <<'EOF'
import mailbox, os, sys, email, email.policy
box = mailbox.mbox(sys.argv[1], create=False)
ids = {}
for name in os.listdir("mail"):
    m = email.message_from_bytes(open("mail/" + name, "rb").read(), policy=email.policy.default)
    ids[m["Message-ID"]] = open("mail/" + name, "rb").read().replace(b"\r\n", b"\n")
n = 0
for k in box.keys():
    raw = box.get_bytes(k)
    m = email.message_from_bytes(raw, policy=email.policy.default)
    n += ids.get(m["Message-ID"]) == raw
print(n)
EOF
)
check "mbox: each message is the signer's .eml ($same of 40)" [ "$same" = 40 ]
mkdir -p boxes
run "$appeal" batch 40.csv --letter "$letter" --format eml -o boxes/all.mbox --per-file 15 -q
check "mbox --per-file 15: three mailboxes" [ "$(ls boxes)" = "$(printf 'all-0001.mbox\nall-0002.mbox\nall-0003.mbox')" ]
verdict=$("$py" "$here/check-eml.py" --count 40 boxes/*.mbox 2>&1)
check "mbox --per-file: 40 messages in all ($verdict)" [ "$verdict" = "ok 40" ]
run "$appeal" batch 40.csv --letter "$letter" --format eml -o duplex/ --duplex -q
check "eml --duplex: a warning" contains "$err" "warning: --duplex adds blank back pages for printing; with --format eml it is ignored"
check "eml --duplex: the same messages" cmp -s duplex/ana-perez.eml mail/ana-perez.eml

# A combined .eml makes no sense.
run "$appeal" batch 40.csv --letter "$letter" --format eml -o all.eml
check "combined .eml: 2" [ $rc -eq 2 ]
check "combined .eml: why" contains "$err" "an .eml file holds one message; -o all.eml would hold every signer's"
check "combined .eml: the way out" contains "$err" "hint: for many letters write one .eml per signer (-o DIR/) or one mailbox (-o FILE.mbox)"
check "combined .eml: no file" [ ! -e all.eml ]

# --- text -------------------------------------------------------------------------
run "$appeal" batch 40.csv --letter "$letter" --format text -o text/ --manifest text.json
check "text per signer: 0" [ $rc -eq 0 ]
check "text per signer: 40 .txt" [ "$(count text txt)" -eq 40 ]
check "text per signer: the name in the letter" grep -q "Łukasz Żółć" text/lukasz-zolc.txt
run "$appeal" write --letter "$letter" --lang es -n "Łukasz Żółć" -c "City 1" --format text -o one.txt
check "text per signer: what write gives" cmp -s one.txt text/lukasz-zolc.txt
run "$appeal" batch 40.csv --letter "$letter" --format text -o all.txt
check "text combined: 0" [ $rc -eq 0 ]
check "text combined: summary" contains "$err" "40 rows read: 40 written, 0 skipped, 0 failed; 1 file to all.txt"
check "text combined: 39 form feeds" [ "$(grep -c $'^\f$' all.txt)" -eq 39 ]
# The letters in row order, as the per-signer files hold them.
"$py" - text.json all.txt <<'EOF' >joined.ok
import json, sys
parts = [open(r["file"], "rb").read() for r in json.load(open(sys.argv[1], encoding="utf-8"))]
print(b"\f\n".join(parts) == open(sys.argv[2], "rb").read())
EOF
check "text combined: the per-signer letters in row order" [ "$(cat joined.ok)" = True ]
mkdir -p tchunks
run "$appeal" batch 40.csv --letter "$letter" --format text -o tchunks/all.txt --per-file 25 -q
check "text --per-file: all-0001.txt all-0002.txt" [ "$(ls tchunks)" = "$(printf 'all-0001.txt\nall-0002.txt')" ]
rm -f text/ana-perez.txt
run "$appeal" batch 40.csv --letter "$letter" --format text -o text/ --resume
check "text --resume: one written" contains "$err" "40 rows read: 1 written, 39 skipped (39 already done), 0 failed"

# --- refused before any work ---------------------------------------------------
: >afile
run "$appeal" batch 40.csv --letter "$letter" --format eml -o afile/
check "refused: 1" [ $rc -eq 1 ]
check "refused: said so" contains "$err" "appeal: 40 rows read: the run was refused before any letter was made"
check "refused: not '0 written'" [ -z "$(grep '0 written' <<<"$err")" ]
run "$appeal" batch 40.csv --letter "$letter" --format eml -o m2/ --manifest no/such/dir/m.csv
check "manifest folder missing: 1" [ $rc -eq 1 ]
check "manifest folder missing: said before the work, no message written" [ -z "$(find . -path './m2/*.eml')" ]

finish batch-formats
