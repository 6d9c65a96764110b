#!/usr/bin/env bash
# Hostile inputs (docs/hardening.md): each ends with a clear message or a
# correct result, and the process's peak memory (getrusage, through
# /usr/bin/time) stays under 256 MB, AddressSanitizer's own included. No
# time is asserted; bench/hostile measures it in a release build.
# Usage: hostile.sh APPEAL DATA_DIR LETTER
set -u
appeal=$1
data=$2
letter=$3
. "$(dirname "$0")/lib.sh"
need python3 pdfinfo pdftotext /usr/bin/time
limit_kb=$((256 * 1024))
# ASan keeps freed memory in quarantine (256 MB by default); a smaller
# one measures the program rather than the sanitizer.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=16"

python3 "$(dirname "$0")/hostile.py" "$tmp/in" "$letter" || { fail "making the inputs"; finish hostile; exit 1; }
cd "$tmp/in" || exit 1

# run NAME CMD...: runs the command, keeps rc, out, err; checks its memory
# and that nothing crashed.
run() {
	local name=$1
	shift
	/usr/bin/time -f %M -o "$tmp/rss" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	out=$(head -c 100000 "$tmp/out")
	err=$(cat "$tmp/err")
	local rss
	rss=$(tail -1 "$tmp/rss")
	echo "$name: exit $rc, peak $((rss / 1024)) MB"
	check "$name: memory under 256 MB ($rss KB)" [ "$rss" -lt "$limit_kb" ]
	check "$name: no crash or sanitizer report" [ $rc -le 2 ]
	if grep -q "Sanitizer\|runtime error" "$tmp/err"; then
		fail "$name: sanitizer report"
		head -20 "$tmp/err" >&2
	fi
}

# A 1 MB cell: that row is refused (its note is too long), the others written.
run "1 MB cell, inspect" "$appeal" inspect cell.csv
check "1 MB cell: exit 1" [ $rc -eq 1 ]
check "1 MB cell: row and field named" contains "$out" 'row 3, field "note"'
run "1 MB cell, batch" "$appeal" batch cell.csv --lang en -q -o "$tmp/cell/"
check "1 MB cell batch: exit 1 (a row failed)" [ $rc -eq 1 ]
check "1 MB cell batch: row named" contains "$err" 'row 3, field "note"'
check "1 MB cell batch: the other two letters written" [ "$(ls "$tmp/cell" | wc -l)" -eq 2 ]

# A 1 MB header cell, 10,000 rows: refused as the header is read.
run "1 MB header cell, inspect --json" "$appeal" inspect --json header-cell.csv
check "1 MB header cell: exit 1" [ $rc -eq 1 ]
check "1 MB header cell: message" contains "$err" 'row 1, field "(column 2)": a column name of 2097152 bytes; at most 1024 are accepted'
check "1 MB header cell: nothing printed" [ -z "$out" ]

# A 10 MB header row.
run "10 MB header row" "$appeal" inspect header-row.csv
check "10 MB header row: exit 1" [ $rc -eq 1 ]
check "10 MB header row: message" contains "$err" 'the column names add up to more than 64 KiB'

# 1,000,000 empty rows, and a million rows of empty cells, between two signers.
for f in empty-rows empty-cells; do
	run "$f: inspect" "$appeal" inspect "$f.csv"
	check "$f: two rows" contains "$out" "rows       2"
	check "$f: exit 0" [ $rc -eq 0 ]
	run "$f: batch" "$appeal" batch "$f.csv" --lang en -q -o "$tmp/$f.pdf"
	check "$f batch: exit 0" [ $rc -eq 0 ]
	check "$f batch: both letters" [ "$(pdftotext "$tmp/$f.pdf" - 2>/dev/null | grep -c '^\(Ana\|Luis\)$')" -eq 2 ]
done
run "empty cells: inspect --json" "$appeal" inspect --json empty-cells.csv
check "empty cells: JSON of two rows" python3 -c 'import json,sys; r = json.load(sys.stdin); assert [x["name"] for x in r] == ["Ana", "Luis"]' <<<"$out"

# 100-level nested JSON, as a table and as a letter.
run "nested JSON table" "$appeal" inspect nested.json
check "nested table: exit 1" [ $rc -eq 1 ]
check "nested table: line and column" contains "$err" 'nested.json:1:33: nested too deeply (more than 32 levels)'
run "nested JSON letter" "$appeal" write --letter nested-letter.json --name Ana -o "$tmp/n.pdf"
check "nested letter: exit 1" [ $rc -eq 1 ]
check "nested letter: line and column" contains "$err" 'nested-letter.json:1:39: nested too deeply'
check "nested letter: no PDF" [ ! -e "$tmp/n.pdf" ]

# 10,000 identical names: names are planned over the whole table; the last
# shard writes one file, named after its 9,999 namesakes.
run "10,000 identical names, inspect" "$appeal" inspect same-names.csv
check "same names: exit 0 (duplicates are printed)" [ $rc -eq 0 ]
check "same names: 9,999 duplicates" contains "$out" "9999 duplicates will be printed all the same"
run "10,000 identical names, last shard" "$appeal" batch same-names.csv --lang en -q --shard 10000/10000 \
	-o "$tmp/same/"
check "same names shard: exit 0" [ $rc -eq 0 ]
check "same names shard: one file" [ "$(ls "$tmp/same" | wc -l)" -eq 1 ]
check "same names shard: a name of its own" [ ! -e "$tmp/same/ana-perez.pdf" ]

# A 40,000-word paragraph (266 KB) and a one-word paragraph of 1,000,000
# letters: refused at the paragraph, with its place in the file.
run "40,000-word paragraph" "$appeal" write --letter long-paragraph.json --lang en --name Ana -o "$tmp/p.pdf"
check "40,000 words: exit 1" [ $rc -eq 1 ]
check "40,000 words: message" contains "$err" '"paragraphs[1]" is 266219 bytes long; at most 16384 are accepted'
check "40,000 words: line and column" contains "$err" 'long-paragraph.json:1:'
check "40,000 words: no PDF" [ ! -e "$tmp/p.pdf" ]
run "1,000,000-letter word" "$appeal" write --letter long-word.json --lang en --name Ana -o "$tmp/w.pdf"
check "long word: exit 1" [ $rc -eq 1 ]
check "long word: message" contains "$err" 'is 1000000 bytes long; at most 16384 are accepted'
# The longest accepted paragraph of ordinary words is set, whole.
run "2,400-word paragraph" "$appeal" write --letter long-ok.json --lang en --name Ana -o "$tmp/ok.pdf"
check "2,400 words: exit 0" [ $rc -eq 0 ]
check "2,400 words: every word set" [ "$(pdftotext "$tmp/ok.pdf" - | tr -s ' \n' '\n\n' | grep -c 'wordend')" -eq 1 ]
# The longest accepted single word is set too, broken anywhere.
run "16 KiB word" "$appeal" write --letter word-ok.json --lang en --name Ana -o "$tmp/wok.pdf"
check "16 KiB word: exit 0" [ $rc -eq 0 ]
check "16 KiB word: every letter set" [ "$(pdftotext "$tmp/wok.pdf" - | tr -cd 'q' | wc -c)" -eq 16000 ]
run "letter over 1 MiB" "$appeal" write --letter big-letter.json --name Ana -o "$tmp/b.pdf"
check "big letter: exit 1" [ $rc -eq 1 ]
check "big letter: message" contains "$err" 'big-letter.json: the file is larger than 1 MiB'

# A 20000x20000 PNG header: refused before any pixel is allocated.
run "20000x20000 PNG" "$appeal" write --lang en --name Ana --signature huge.png -o "$tmp/s.pdf"
check "huge PNG: exit 1" [ $rc -eq 1 ]
check "huge PNG: message" contains "$err" 'huge.png: the signature image is 20000x20000 pixels; at most 4000x4000 is accepted'
check "huge PNG: no PDF" [ ! -e "$tmp/s.pdf" ]

# A 1 MB note file.
run "1 MB note" "$appeal" write --lang en --name Ana --note-file note.txt -o "$tmp/note.pdf"
check "1 MB note: exit 1" [ $rc -eq 1 ]
check "1 MB note: message" contains "$err" 'note.txt is larger than 65536 bytes'

# An empty shard: not an error, and said so (docs/batch.md).
run "empty shard" "$appeal" batch eight.csv --lang en --shard 1/500 -o "$tmp/e.pdf"
check "empty shard: exit 0" [ $rc -eq 0 ]
check "empty shard: said" contains "$err" "shard 1/500 holds none of the table's 8 rows: nothing to write, and nothing is wrong"
check "empty shard: no file" test ! -e "$tmp/e.pdf" -a ! -e "$tmp/e-1-of-500.pdf"
finish hostile
