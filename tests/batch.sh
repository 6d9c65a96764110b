#!/usr/bin/env bash
# appeal batch and appeal inspect: real spreadsheets, combined and per-signer
# output, bad rows, manifests, parallel and sharded runs, crashes and resume.
# Usage: batch.sh APPEAL DATA_DIR
set -u
appeal=$1
data=$2
. "$(dirname "$0")/lib.sh"
need pdfinfo pdftotext qpdf cmp
qcheck() { qpdf --check "$1" >/dev/null 2>&1; }

b=$data/batch
pages() { pdfinfo "$1" 2>/dev/null | awk '/^Pages:/ { print $2 }'; }
same_dirs() { # same_dirs A B: the same file names, every file byte-identical
	[ "$(cd "$1" && ls)" = "$(cd "$2" && ls)" ] || return 1
	for f in "$1"/*; do cmp -s "$f" "$2/${f##*/}" || return 1; done
}
no_temporaries() { [ -z "$(find "$@" -name '*.tmp*' 2>/dev/null)" ]; }
# N rows of signers, some beyond Windows-1252, both languages.
gen() {
	awk -v n="$1" 'BEGIN {
		split("Ana Pérez|Łukasz Żółć|John Smith|María José Núñez|Ayşe Yıldız|Iñaki Muñoz|Chloé Dubois|Eva Kovač", nm, "|")
		split("Mérida|Łódź|Leeds|Sevilla|İzmir|Bilbao||Split", ct, "|")
		print "Name,City,Language"
		for (i = 0; i < n; i++)
			printf "%s %d,%s,%s\n", nm[i % 8 + 1], i, ct[int(i / 8) % 8 + 1], i % 3 ? "es" : "en"
	}'
}

# --- inspect --------------------------------------------------------------
run "$appeal" inspect "$b/excel-es.csv"
# Ana Pérez gives no language; the letter has two and no --lang or locale picks one.
check "inspect excel, blank language: 1" [ $rc -eq 1 ]
check "inspect excel: the blank language by row" contains "$out" "row 3, field \"Idioma\": the language is empty"
run "$appeal" inspect --lang es "$b/excel-es.csv"
check "inspect excel --lang es: 0" [ $rc -eq 0 ]
check "inspect: encoding and why" contains "$out" "encoding   WINDOWS-1252: not valid UTF-8 (byte 0xE9 on line 2)"
check "inspect: delimiter" contains "$out" "delimiter  ';' (semicolon)"
check "inspect: mapping" contains "$out" "note              ← Mensaje (opcional)"
check "inspect: rows" contains "$out" "rows       3"
run "$appeal" inspect "$b/utf8-bom.csv"
check "inspect bom: encoding" contains "$out" "UTF-8"
check "inspect bom: name column without BOM" contains "$out" "name              ← Full name"
run "$appeal" inspect --encoding utf-8 "$b/bad.csv"
check "inspect bad rows: 1" [ $rc -eq 1 ]
check "inspect lists problems" contains "$out" "$b/bad.csv: row 5, field \"lang\": unknown language 'sv'"
check "inspect problem hint" contains "$out" "  hint: use one of en, es, fr, de, pt, it, nl, ca"
# The name batch's fonts cannot draw (row 6) is found by inspect too.
check "inspect counts" contains "$out" "problems   5 rows cannot be printed; 1 duplicate will be printed all the same"
check "inspect: the glyph batch cannot draw" contains "$out" "$b/bad.csv: row 6, field \"name\": the name contains U+4E2D"
run "$appeal" inspect --json "$b/utf8-bom.csv"
check "inspect --json" contains "$out" '"Full name": "Łukasz Żółć"'
run "$appeal" inspect --delimiter '|' "$b/utf8-bom.csv"
check "inspect bad delimiter: 2" [ $rc -eq 2 ]
run "$appeal" inspect
check "inspect without file: 2" [ $rc -eq 2 ]

# --- spreadsheets print without options -----------------------------------
run "$appeal" batch "$b/excel-es.csv" -o "$tmp/es.pdf"
check "blank language, no default: 1" [ $rc -eq 1 ]
check "blank language: the row named" contains "$err" "row 3, field \"Idioma\": the language is empty"
check "blank language: the others written" contains "$err" "3 rows read: 2 written, 0 skipped, 1 failed"
check "blank language: 2 pages" [ "$(pages "$tmp/es.pdf")" = 2 ]
run env LANG=es_ES.UTF-8 "$appeal" batch "$b/excel-es.csv" -o "$tmp/es.pdf"
check "blank language, Spanish locale: 0" [ $rc -eq 0 ]
check "the locale's language counted" contains "$err" "1 row took the default language (es)"
run "$appeal" batch "$b/excel-es.csv" --lang es -o "$tmp/es.pdf"
check "excel es: 0" [ $rc -eq 0 ]
check "excel es: 3 pages" [ "$(pages "$tmp/es.pdf")" = 3 ]
text=$(pdftotext "$tmp/es.pdf" - 2>/dev/null)
check "excel es: names decoded" contains "$text" "Zoë Ñandú"
check "excel es: note with delimiter" contains "$text" "Con ; y"
check "excel es: qpdf --check" qcheck "$tmp/es.pdf"
check "excel es: summary" contains "$err" "appeal: 3 rows read: 3 written, 0 skipped, 0 failed; 1 file, 3 pages to $tmp/es.pdf"
check "combined title" contains "$(pdfinfo "$tmp/es.pdf")" "3 signers"
run "$appeal" batch "$b/utf8-bom.csv" -o "$tmp/bom.pdf"
check "bom: 0" [ $rc -eq 0 ]
check "bom: names" contains "$(pdftotext "$tmp/bom.pdf" - 2>/dev/null)" "Nguyễn Thị Hương"
run "$appeal" batch "$data/signers/google-forms.csv" -o "$tmp/gf.pdf"
check "google forms: 0" [ $rc -eq 0 ]
run "$appeal" batch "$b/excel-es.csv" --lang es -o "$tmp/es.pdf" --quiet
check "--quiet: nothing on stderr" [ -z "$err" ]

# --- per signer, names ------------------------------------------------------
run "$appeal" batch --encoding utf-8 "$b/bad.csv" -o "$tmp/bad/" --manifest "$tmp/bad.csv"
check "bad rows: exit 1" [ $rc -eq 1 ]
check "bad: empty name" contains "$err" "appeal: $b/bad.csv: row 3, field \"name\": the name is empty"
check "bad: invalid bytes" contains "$err" "appeal: $b/bad.csv: row 4, field \"city\": the city has an undecodable or NUL byte"
check "bad: language" contains "$err" "appeal: $b/bad.csv: row 5, field \"lang\": unknown language 'sv'"
check "bad: glyph" contains "$err" "appeal: $b/bad.csv: row 6, field \"name\": the name contains U+4E2D (中), which the letter's font cannot draw"
check "bad: date" contains "$err" "appeal: $b/bad.csv: row 7, field \"date\": '2026-02-30' is not a date in the calendar"
check "bad: hints" [ "$(grep -c '^appeal: hint: ' <<<"$err")" -ge 6 ]
check "bad: duplicate warned" contains "$err" "appeal: warning: $b/bad.csv: row 8, field \"name\": same name and city as row 2"
check "bad: summary adds up" contains "$err" "appeal: 9 rows read: 4 written, 0 skipped, 5 failed; 4 files, 4 pages in $tmp/bad/"
check "bad: every line prefixed" [ -z "$(grep -v '^appeal: ' <<<"$err")" ]
check "names: transliterated, duplicate numbered" [ "$(ls -A "$tmp/bad" | tr '\n' ' ')" = "ana-perez-2.pdf ana-perez.pdf etc-passwd.pdf hidden.pdf " ]
check "names: nothing outside the directory" [ ! -e "$tmp/etc" ] && [ -z "$(find "$tmp" -name passwd)" ]
check "manifest: UTF-8 with a byte order mark, for Excel" [ "$(head -c 3 "$tmp/bad.csv" | od -An -tx1 | tr -d ' ')" = efbbbf ]
check "manifest: header" [ "$(head -1 "$tmp/bad.csv" | tr -d '\r' | sed 's/^\xef\xbb\xbf//')" = "row,name,lang,status,file,first_page,last_page,field,message" ]
check "manifest: written row" grep -q "^2,Ana Pérez,es,written,$tmp/bad/ana-perez.pdf,1,1,," "$tmp/bad.csv"
check "manifest: failed row" grep -q "^5,Carl,,failed,,,,lang,unknown language 'sv'" "$tmp/bad.csv"
check "manifest: duplicate noted" grep -q "^8,ana pérez,en,written,.*same name and city as row 2" "$tmp/bad.csv"
check "manifest: one line per row" [ "$(wc -l <"$tmp/bad.csv")" -eq 10 ]
run "$appeal" batch --encoding utf-8 "$b/bad.csv" -o "$tmp/tpl/" --name-template "{row}-{name}"
check "template names" [ "$(ls "$tmp/tpl" | tr '\n' ' ')" = "10-hidden.pdf 2-ana-perez.pdf 8-ana-perez.pdf 9-etc-passwd.pdf " ]
run "$appeal" batch "$b/utf8-bom.csv" -o "$tmp/tpl2/" --name-template "../{name}"
check "template with a slash: 2" [ $rc -eq 2 ]
run "$appeal" batch "$b/utf8-bom.csv" -o "$tmp/tpl2/" --name-template "{nom}"
check "template unknown field: 2" [ $rc -eq 2 ]
check "template unknown field message" contains "$err" "unknown field in the name template"

# Every signer's file named after the signer: Greek and Cyrillic spelled in
# ASCII, ligatures folded, device names and case-only collisions kept apart,
# a name with nothing to spell named by its row with the reason.
printf '%s\n' 'Name,City,Language' 'Ευάγγελος Παπαδόπουλος,Αθήνα,en' 'Юлия Навальная,Москва,es' 'Con,Leeds,en' \
	'ﬁnn,Oslo,en' 'ANA,Leeds,en' 'ana,León,en' '¿…?,Leeds,en' 'Nul,Leeds,en' 'Con 1,Leeds,en' >"$tmp/scripts.csv"
run "$appeal" batch "$tmp/scripts.csv" -o "$tmp/scripts/" --manifest "$tmp/scripts-m.csv"
check "scripts: 0" [ $rc -eq 0 ]
check "scripts: names" [ "$(ls "$tmp/scripts" | tr '\n' ' ')" = \
	"ana-2.pdf ana.pdf con-1-2.pdf con-1.pdf evangelos-papadopoulos.pdf finn.pdf iuliia-navalnaia.pdf nul-1.pdf row-8.pdf " ]
check "scripts: unique without case" [ "$(ls "$tmp/scripts" | tr A-Z a-z | sort -u | wc -l)" -eq 9 ]
check "scripts: Greek letter inside" contains "$(pdftotext "$tmp/scripts/evangelos-papadopoulos.pdf" - 2>/dev/null)" "Ευάγγελος Παπαδόπουλος"
check "scripts: row name's reason" grep -q '^8,¿…?,en,written,.*/row-8.pdf,1,1,,file named by its row: no letter or digit to name it by' "$tmp/scripts-m.csv"
# Names do not depend on shards: each shard names its rows as a whole run does.
"$appeal" batch "$tmp/scripts.csv" -o "$tmp/scripts-sh/" --shard 1/2 -q
"$appeal" batch "$tmp/scripts.csv" -o "$tmp/scripts-sh/" --shard 2/2 -q
check "scripts: shards name alike" same_dirs "$tmp/scripts" "$tmp/scripts-sh"
run "$appeal" batch "$tmp/scripts.csv" -o "$tmp/scripts-x/" --name-template "{name}.x"
check "scripts: con before a dot" [ -f "$tmp/scripts-x/con-1.x.pdf" ]
check "scripts: nul before a dot" [ -f "$tmp/scripts-x/nul-1.x.pdf" ]

# 10,000 signers of one name (a hostile case of issue 13). Every name is
# planned before anything is drawn: a --strict run stopped by a bad last row
# lists, in its manifest, the file each row would be in: 10,000 names, none
# the same without case. Then the last tenth as a shard writes its 1,000
# real files (all 10,000 under the sanitizers would take minutes).
awk 'BEGIN { print "Name,City,Language"; for (i = 0; i < 10000; i++) printf "Ana Pérez,City %d,es\n", i
	print "Bad,Nowhere,sv" }' >"$tmp/same.csv"
run "$appeal" batch "$tmp/same.csv" -o "$tmp/same/" --strict --manifest "$tmp/same-m.csv"
check "same name x10000: strict stops, 1" [ $rc -eq 1 ]
check "same name x10000: 10000 names planned" [ "$(grep -c '^[0-9]*,Ana Pérez,es,skipped,' "$tmp/same-m.csv")" -eq 10000 ]
check "same name x10000: distinct without case" [ "$(cut -d, -f5 "$tmp/same-m.csv" | grep . | tr A-Z a-z | sort -u | wc -l)" -eq 10001 ]
check "same name x10000: the last" grep -q "^10001,Ana Pérez,es,skipped,$tmp/same/ana-perez-10000.pdf," "$tmp/same-m.csv"
run "$appeal" batch "$tmp/same.csv" -o "$tmp/same/" --shard 10/10 -j 2 -q
check "same name, last shard: 1 (the bad row)" [ $rc -eq 1 ]
check "same name, last shard: 1000 files" [ "$(ls "$tmp/same" | wc -l)" -eq 1000 ]
check "same name, last shard: distinct without case" [ "$(ls "$tmp/same" | tr A-Z a-z | sort -u | wc -l)" -eq 1000 ]
check "same name, last shard: first" [ -f "$tmp/same/ana-perez-9001.pdf" ]
check "same name, last shard: last" [ -f "$tmp/same/ana-perez-10000.pdf" ]
rm -rf "$tmp/same"

# --- strict ---------------------------------------------------------------
run "$appeal" batch --encoding utf-8 "$b/bad.csv" -o "$tmp/strict.pdf" --strict
check "strict: 1" [ $rc -eq 1 ]
check "strict: first bad row only" [ "$(grep -c 'field' <<<"$err")" -eq 1 ]
check "strict: nothing written" [ ! -e "$tmp/strict.pdf" ]
check "strict: summary" contains "$err" "9 rows read: 0 written, 8 skipped, 1 failed"
printf 'name,lang\nAna,es\nZhang 中文,en\nBea,en\n' >"$tmp/glyph.csv"
run "$appeal" batch "$tmp/glyph.csv" -o "$tmp/strict2.pdf" --strict
check "strict, glyph found while drawing: nothing written" [ $rc -eq 1 ] && [ ! -e "$tmp/strict2.pdf" ]
run "$appeal" batch "$tmp/glyph.csv" -o "$tmp/lenient.pdf"
check "not strict: the good rows written" [ $rc -eq 1 ] && [ "$(pages "$tmp/lenient.pdf")" = 2 ]

# --- duplex, per-file, manifest JSON ----------------------------------------
gen 30 >"$tmp/30.csv"
run "$appeal" batch "$tmp/30.csv" -o "$tmp/c.pdf"
check "combined: one page per letter" [ "$(pages "$tmp/c.pdf")" = 30 ]
run "$appeal" batch "$tmp/30.csv" -o "$tmp/d.pdf" --duplex --manifest "$tmp/d.json"
check "duplex: blank backs between letters" [ "$(pages "$tmp/d.pdf")" = 59 ]
check "duplex: qpdf --check" qcheck "$tmp/d.pdf"
check "manifest json: pages" grep -q '"row":4,"name":"John Smith 2","lang":"es","status":"written","file":"'"$tmp"'/d.pdf","first_page":5,"last_page":5' "$tmp/d.json"
check "manifest json: valid" python3 -c "import json,sys; assert len(json.load(open(sys.argv[1]))) == 30" "$tmp/d.json"
run "$appeal" batch "$tmp/30.csv" -o "$tmp/p.pdf" --per-file 12 --duplex
check "per-file: three files" [ -f "$tmp/p-0001.pdf" ] && [ -f "$tmp/p-0003.pdf" ] && [ ! -e "$tmp/p-0004.pdf" ]
check "per-file: pages" [ "$(pages "$tmp/p-0001.pdf") $(pages "$tmp/p-0003.pdf")" = "23 11" ]
check "per-file: summary names the files written" contains "$err" \
	"30 rows read: 30 written, 0 skipped, 0 failed; 3 files, 57 pages to $tmp/p-0001.pdf ... $tmp/p-0003.pdf"

# --- manifests safe to open, in the sheet's dialect; hints once -------------
printf 'name,city,lang\n"=HYPERLINK(""http://x"",""click"")",Leeds,en\n+Ana,@here,es\n-Bea,Vigo,es\n' >"$tmp/formula.csv"
run "$appeal" batch "$tmp/formula.csv" -o "$tmp/formula.pdf" --manifest "$tmp/formula-m.csv"
check "formula names: printed" [ $rc -eq 0 ]
check "manifest csv: a formula neutralised with '" grep -q "^2,\"'=HYPERLINK(\"\"http://x\"\",\"\"click\"\")\",en," "$tmp/formula-m.csv"
check "manifest csv: + and - neutralised" grep -q "^3,'+Ana,es," "$tmp/formula-m.csv" && grep -q "^4,'-Bea,es," "$tmp/formula-m.csv"
run "$appeal" batch "$tmp/formula.csv" -o "$tmp/formula.pdf" --manifest "$tmp/formula-m.json"
check "manifest json: exact" python3 -c "import json,sys; m=json.load(open(sys.argv[1])); assert [r['name'] for r in m] == ['=HYPERLINK(\"http://x\",\"click\")', '+Ana', '-Bea'], m" "$tmp/formula-m.json"
run "$appeal" batch "$b/excel-es.csv" --lang es -o "$tmp/es.pdf" --manifest "$tmp/es-m.csv"
check "manifest of a Windows-1252 ';' sheet: Windows-1252" [ "$(iconv -f windows-1252 -t utf-8 "$tmp/es-m.csv" | sed -n 2p | cut -d';' -f2)" = "José Núñez" ]
check "manifest of a Windows-1252 ';' sheet: ';' and no BOM" [ "$(head -1 "$tmp/es-m.csv" | tr -d '\r')" = "row;name;lang;status;file;first_page;last_page;field;message" ]
printf 'name,lang\nAna,sv\nBea,fi\nCarl,da\n' >"$tmp/langs.csv"
run "$appeal" batch "$tmp/langs.csv" -o "$tmp/langs.pdf"
check "three bad languages: three errors" [ "$(grep -c 'unknown language' <<<"$err")" -eq 3 ]
check "the same hint once" [ "$(grep -c '^appeal: hint: use one of en, es, fr, de, pt, it, nl, ca' <<<"$err")" -eq 1 ]

# --- jobs and shards give the same bytes -------------------------------------
gen 120 >"$tmp/120.csv"
"$appeal" batch "$tmp/120.csv" -o "$tmp/j1/" -j 1 -q
"$appeal" batch "$tmp/120.csv" -o "$tmp/j2/" -j 2 -q
check "per signer: jobs 1 = jobs 2" same_dirs "$tmp/j1" "$tmp/j2"
check "per signer: 120 files" [ "$(ls "$tmp/j1" | wc -l)" -eq 120 ]
mkdir -p "$tmp/cj1" "$tmp/cj2" "$tmp/sh"
"$appeal" batch "$tmp/120.csv" -o "$tmp/cj1/all.pdf" --per-file 25 -j 1 -q
"$appeal" batch "$tmp/120.csv" -o "$tmp/cj2/all.pdf" --per-file 25 -j 2 -q
check "per-file: jobs 1 = jobs 2" same_dirs "$tmp/cj1" "$tmp/cj2"
"$appeal" batch "$tmp/120.csv" -o "$tmp/sh/all.pdf" --per-file 25 --shard 1/2 -q
"$appeal" batch "$tmp/120.csv" -o "$tmp/sh/all.pdf" --per-file 25 --shard 2/2 -q
check "per-file: shard 1/2 + 2/2 = all" same_dirs "$tmp/cj1" "$tmp/sh"
"$appeal" batch "$tmp/120.csv" -o "$tmp/s1/" --shard 1/3 -q
"$appeal" batch "$tmp/120.csv" -o "$tmp/s1/" --shard 2/3 -q
run "$appeal" batch "$tmp/120.csv" -o "$tmp/s1/" --shard 3/3
check "per signer: shards = all" same_dirs "$tmp/j1" "$tmp/s1"
check "shard summary" contains "$err" "appeal: shard 3/3: 40 rows read: 40 written"
run "$appeal" batch "$tmp/120.csv" -o "$tmp/x.pdf" --shard 3/2
check "bad shard: 2" [ $rc -eq 2 ]

# --- resume ---------------------------------------------------------------
del=$(ls "$tmp/j2" | grep -c '^ana-perez-0\.pdf$\|^john-smith-1.*\.pdf$')
rm -f "$tmp/j2"/ana-perez-0.pdf "$tmp/j2"/john-smith-1*.pdf
run "$appeal" batch "$tmp/120.csv" -o "$tmp/j2/" --resume
check "resume after deleting: same files" same_dirs "$tmp/j1" "$tmp/j2"
check "resume: counts" contains "$err" "120 rows read: $del written, $((120 - del)) skipped ($((120 - del)) already done), 0 failed"
touch "$tmp/j2/ana-perez-0.pdf.appeal.tmp" "$tmp/j2/somebody-else.pdf.appeal.tmp"
"$appeal" batch "$tmp/120.csv" -o "$tmp/j2/" --resume -q
check "resume: stale temporary removed" [ ! -e "$tmp/j2/ana-perez-0.pdf.appeal.tmp" ]
check "resume: others' temporaries kept" [ -e "$tmp/j2/somebody-else.pdf.appeal.tmp" ]
rm -f "$tmp/j2/somebody-else.pdf.appeal.tmp"
printf '%%PDF-1.3 truncated' >"$tmp/j2/john-smith-10.pdf"
"$appeal" batch "$tmp/120.csv" -o "$tmp/j2/" --resume -q
check "resume: incomplete file redone" cmp -s "$tmp/j1/john-smith-10.pdf" "$tmp/j2/john-smith-10.pdf"

# kill -9 in the middle of 2,000 letters in chunks, then resume.
gen 2000 >"$tmp/2000.csv"
mkdir -p "$tmp/ref" "$tmp/kill"
"$appeal" batch "$tmp/2000.csv" -o "$tmp/ref/all.pdf" --per-file 40 --duplex -q
"$appeal" batch "$tmp/2000.csv" -o "$tmp/kill/all.pdf" --per-file 40 --duplex -j 2 -q &
pid=$!
for _ in $(seq 200); do [ "$(ls "$tmp/kill" | wc -l)" -ge 5 ] && break; sleep 0.05; done
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
done_before=$(ls "$tmp/kill"/*.pdf | wc -l)
check "kill -9: stopped part way" [ "$done_before" -ge 1 ] && [ "$done_before" -lt 50 ]
run "$appeal" batch "$tmp/2000.csv" -o "$tmp/kill/all.pdf" --per-file 40 --duplex -j 2 --resume
check "kill -9 + resume: 0" [ $rc -eq 0 ]
check "kill -9 + resume: identical files" same_dirs "$tmp/ref" "$tmp/kill"
check "kill -9 + resume: no temporaries" no_temporaries "$tmp/kill"

# The same, one file per signer.
gen 300 >"$tmp/300.csv"
"$appeal" batch "$tmp/300.csv" -o "$tmp/ref1/" -q
"$appeal" batch "$tmp/300.csv" -o "$tmp/kill1/" -j 2 -q &
pid=$!
for _ in $(seq 400); do [ "$(ls "$tmp/kill1" 2>/dev/null | wc -l)" -ge 20 ] && break; sleep 0.05; done
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
"$appeal" batch "$tmp/300.csv" -o "$tmp/kill1/" -j 2 --resume -q
check "per signer kill -9 + resume: identical files" same_dirs "$tmp/ref1" "$tmp/kill1"
check "per signer: no temporaries" no_temporaries "$tmp/kill1"

# Ctrl-C: stops cleanly, dies of the signal, leaves only whole files.
"$appeal" batch "$tmp/300.csv" -o "$tmp/int/" -j 2 2>"$tmp/int.err" &
pid=$!
for _ in $(seq 400); do [ "$(ls "$tmp/int" 2>/dev/null | wc -l)" -ge 10 ] && break; sleep 0.05; done
kill -INT $pid
wait $pid
rc=$?
check "SIGINT: dies of the signal" [ $rc -eq 130 ]
check "SIGINT: says how to go on" grep -q "^appeal: interrupted; run the same command with --resume" "$tmp/int.err"
check "SIGINT: no temporaries" no_temporaries "$tmp/int"
for f in "$tmp/int"/*.pdf; do cmp -s "$f" "$tmp/ref1/${f##*/}" || { fail "SIGINT: partial $f"; break; }; done

# --- usage ------------------------------------------------------------------
run "$appeal" batch "$tmp/30.csv"
check "no -o: 2" [ $rc -eq 2 ]
run "$appeal" batch "$tmp/30.csv" -o "$tmp/x.pdf" --jobs 0
check "--jobs 0: 2" [ $rc -eq 2 ]
run "$appeal" batch --help
check "batch --help" contains "$out" "--shard K/N"
run "$appeal" batch "$tmp/nope.csv" -o "$tmp/x.pdf"
check "missing file: 1" [ $rc -eq 1 ]
check "no temporaries anywhere" no_temporaries "$tmp"

# Every row bad: the hint does not speak of other letters.
printf 'name,city,lang\nAna,Leeds,xx\n,Vigo,es\n' >"$tmp/allbad.csv"
run "$appeal" batch "$tmp/allbad.csv" -o "$tmp/allbad.pdf"
check "all rows bad: exit 1" [ $rc -eq 1 ]
check "all rows bad: says no letter was written" contains "$err" "no letter was written"
check "all rows bad: no 'other letters'" [ -z "$(grep -F 'the other letters were written' <<<"$err")" ]
check "all rows bad: no file" [ ! -e "$tmp/allbad.pdf" ]

finish batch
