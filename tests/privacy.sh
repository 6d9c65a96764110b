#!/usr/bin/env bash
# Privacy and safety of outputs (issue 14) and faults on output (issue 13):
# modes follow the umask, no output may be an input, one run per output,
# errors name their field and cause, full disk, unwritable folder.
# Usage: privacy.sh APPEAL DATA_DIR
set -u
appeal=$1
data=$2
. "$(dirname "$0")/lib.sh"
need pdftotext qpdf python3 setpriv
letter=$data/../../letters/venezuela-2025.json

mode() { stat -c %a "$1"; }
qcheck() { qpdf --check "$1" >/dev/null 2>&1; }
no_temporaries() { [ -z "$(find "$@" -name '*.appeal.tmp' 2>/dev/null)" ]; }
# As a user who may not write where root may (the suite may run as root).
as_nobody() { if [ "$(id -u)" -eq 0 ]; then setpriv --reuid=65534 --regid=65534 --clear-groups -- "$@"; else "$@"; fi; }

w() { "$appeal" write -q --lang es --name "Ana Pérez" "$@"; }
printf 'Name,City,Language\nAna Pérez,Mérida,es\nJohn Smith,Leeds,en\nEva Kovač,Split,es\n' >"$tmp/s.csv"
cp "$tmp/s.csv" "$tmp/s.orig"

# --- modes follow the umask -------------------------------------------------
for m in 077 027 022; do
	want=$(printf '%o' $((0666 & ~8#$m)))
	rm -rf "$tmp/u$m"
	mkdir "$tmp/u$m"
	(umask $m && w -o "$tmp/u$m/p.pdf" 2>/dev/null)
	check "write under umask $m: mode $want" [ "$(mode "$tmp/u$m/p.pdf")" = "$want" ]
	(umask $m && "$appeal" batch -q "$tmp/s.csv" -o "$tmp/u$m/all.pdf" --manifest "$tmp/u$m/m.csv" 2>/dev/null)
	check "batch combined under umask $m" [ "$(mode "$tmp/u$m/all.pdf")" = "$want" ]
	check "manifest under umask $m" [ "$(mode "$tmp/u$m/m.csv")" = "$want" ]
	(umask $m && "$appeal" batch -q "$tmp/s.csv" -o "$tmp/u$m/d/" 2>/dev/null)
	check "per-signer under umask $m" [ "$(mode "$tmp/u$m/d/ana-perez.pdf")" = "$want" ]
	check "per-signer folder under umask $m" [ "$(mode "$tmp/u$m/d")" = "$(printf '%o' $((0777 & ~8#$m)))" ]
done

# --- no output may be an input ------------------------------------------------
printf 'my own words\n' >"$tmp/note.txt"
cp "$tmp/note.txt" "$tmp/note.orig"
run w --note-file "$tmp/note.txt" -o "$tmp/note.txt"
check "write -o the note file: 1" [ $rc -eq 1 ]
check "write -o the note file: says so" contains "$err" "is the note file"
check "write -o the note file: unchanged" cmp -s "$tmp/note.txt" "$tmp/note.orig"
cp "$letter" "$tmp/letter.json"
run w --letter "$tmp/letter.json" -o "$tmp/letter.json"
check "write -o the letter: 1" [ $rc -eq 1 ]
check "write -o the letter: says so" contains "$err" "is the letter file"
check "write -o the letter: unchanged" cmp -s "$tmp/letter.json" "$letter"
ln -s letter.json "$tmp/link.pdf"
run w --letter "$tmp/letter.json" -o "$tmp/link.pdf"
check "write -o a link to the letter: refused" [ $rc -eq 1 ] && contains "$err" "is the letter file"
check "write -o a link: link kept" [ -L "$tmp/link.pdf" ]
cp "$data/signature.png" "$tmp/sig.png"
run w --signature "$tmp/sig.png" -o "$tmp/sig.png"
check "write -o the signature: refused" [ $rc -eq 1 ] && contains "$err" "is the signature"
check "write -o the signature: unchanged" cmp -s "$tmp/sig.png" "$data/signature.png"
run "$appeal" batch "$tmp/s.csv" -o "$tmp/s.csv"
check "batch -o the sheet: 1" [ $rc -eq 1 ]
check "batch -o the sheet: says so" contains "$err" "-o $tmp/s.csv is the signer table"
check "batch -o the sheet: unchanged" cmp -s "$tmp/s.csv" "$tmp/s.orig"
run "$appeal" batch "$tmp/s.csv" -o "$tmp/x.pdf" --manifest "$tmp/s.csv"
check "batch --manifest the sheet: refused before any work" [ $rc -eq 1 ] && [ ! -e "$tmp/x.pdf" ]
check "batch --manifest the sheet: unchanged" cmp -s "$tmp/s.csv" "$tmp/s.orig"
mkdir -p "$tmp/in"
cp "$tmp/s.csv" "$tmp/in/ana-perez.pdf"
run "$appeal" batch "$tmp/in/ana-perez.pdf" -o "$tmp/in/"
check "batch per-signer file = the sheet: refused" [ $rc -eq 1 ] && contains "$err" "is the signer table"
check "batch per-signer: nothing written" [ "$(ls "$tmp/in")" = "ana-perez.pdf" ]
run "$appeal" batch "$tmp/s.csv" -o "$tmp/letter.json" --letter "$tmp/letter.json"
check "batch -o the letter: refused" [ $rc -eq 1 ] && contains "$err" "is the letter file"
mkdir -p "$tmp/mail"
printf 'From: a@example.org\r\nTo: b@example.org\r\nSubject: x\r\n\r\nx\r\n' >"$tmp/mail/one.eml"
cp "$tmp/mail/one.eml" "$tmp/one.orig"
run "$appeal" send "$tmp/mail/one.eml" --dry-run --journal "$tmp/mail/one.eml"
check "send --journal the message: refused" [ $rc -eq 1 ] && contains "$err" "is the messages to send"
check "send --journal: message unchanged" cmp -s "$tmp/mail/one.eml" "$tmp/one.orig"

# --- one run per output -------------------------------------------------------
# A holder (another process) keeps the temporary file of p.pdf locked.
hold() { # hold FILE: locks FILE in the background until killed; $holder is its pid
	python3 -c 'import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600)
fcntl.lockf(fd, fcntl.LOCK_EX)
open(sys.argv[2], "w").close()
time.sleep(60)' "$1" "$tmp/held" &
	holder=$!
	for _ in $(seq 100); do [ -e "$tmp/held" ] && break; sleep 0.05; done
	rm -f "$tmp/held"
}
hold "$tmp/p.pdf.appeal.tmp"
run w -o "$tmp/p.pdf"
check "second run on the same output: 1" [ $rc -eq 1 ]
check "second run: says so" contains "$err" "another appeal run is writing $tmp/p.pdf"
check "second run: the holder's file kept" [ -e "$tmp/p.pdf.appeal.tmp" ]
check "second run: nothing under the final name" [ ! -e "$tmp/p.pdf" ]
kill $holder
wait $holder 2>/dev/null
run w -o "$tmp/p.pdf"
check "after the holder: written" [ $rc -eq 0 ] && qpdf --check "$tmp/p.pdf" >/dev/null 2>&1
check "after the holder: stale temporary replaced" no_temporaries "$tmp"

# Two batch runs on one output: the second stops at once, the first ends whole.
awk 'BEGIN { print "Name,City,Language"; for (i = 0; i < 600; i++) printf "Kim Q%04d,Lund,%s\n", i, i % 2 ? "es" : "en" }' >"$tmp/600.csv"
tokens() { for f in "$@"; do pdftotext "$f" - 2>/dev/null; done | grep -o 'Q[0-9]\{4\}' | sort | uniq -c | awk '{ print $1 }' | sort | uniq -c; }
wait_for() { for _ in $(seq 600); do [ -e "$1" ] && return 0; sleep 0.05; done; return 1; }
"$appeal" batch -q -j 1 "$tmp/600.csv" -o "$tmp/two.pdf" &
first=$!
wait_for "$tmp/two.pdf.appeal.tmp"
run "$appeal" batch -j 1 "$tmp/600.csv" -o "$tmp/two.pdf"
check "batch: second run on a combined file: 1" [ $rc -eq 1 ]
check "batch: second run: says so" contains "$err" "another appeal run is writing $tmp/two.pdf"
wait $first
check "batch: the first run ends with 0" [ $? -eq 0 ]
check "batch: the first run's file is whole" qcheck "$tmp/two.pdf"
check "batch: every signer once in it" [ "$(tokens "$tmp/two.pdf" | awk '{ print $1 }')" = 600 ]
"$appeal" batch -q -j 1 "$tmp/600.csv" -o "$tmp/two/" &
first=$!
wait_for "$tmp/two/.appeal-journal"
run "$appeal" batch -j 1 "$tmp/600.csv" -o "$tmp/two/"
check "batch: second run on a folder: 1" [ $rc -eq 1 ]
check "batch: second run on a folder: says so" contains "$err" "another appeal run is writing in $tmp/two/"
wait $first
check "batch: the first folder run ends with 0" [ $? -eq 0 ]
check "batch: 600 whole files" [ "$(ls "$tmp/two" | wc -l)" -eq 600 ]
check "batch: the journal is gone after a whole run" [ ! -e "$tmp/two/.appeal-journal" ]
check "batch: no temporaries" no_temporaries "$tmp/two"
"$appeal" batch -q -j 1 "$tmp/600.csv" -o "$tmp/m.pdf" --manifest "$tmp/m.csv" &
first=$!
wait_for "$tmp/m.csv.appeal.tmp"
run "$appeal" batch -j 1 "$tmp/600.csv" -o "$tmp/m2.pdf" --manifest "$tmp/m.csv"
check "batch: the same manifest: refused at once" [ $rc -eq 1 ] && contains "$err" "another appeal run is writing $tmp/m.csv"
wait $first
check "batch: the first manifest whole" [ "$(wc -l <"$tmp/m.csv")" -eq 601 ]

# --resume trusts what the journal of a run cut short records, and checks it.
mkdir -p "$tmp/j"
"$appeal" batch -q "$tmp/s.csv" -o "$tmp/j/"
cp "$tmp/j/ana-perez.pdf" "$tmp/ana.ref"
cp "$tmp/j/john-smith.pdf" "$tmp/j/ana-perez.pdf"   # a whole PDF, but not Ana's
printf '# appeal batch journal\njohn-smith.pdf\t1\neva-kovac.pdf\t%s\n' "$(stat -c %s "$tmp/j/eva-kovac.pdf")" >"$tmp/j/.appeal-journal"
touch -d '2020-01-01' "$tmp/j/eva-kovac.pdf"
run "$appeal" batch "$tmp/s.csv" -o "$tmp/j/" --resume
check "resume after a cut-short run: 0" [ $rc -eq 0 ]
check "resume: a file the journal does not name is written again" cmp -s "$tmp/j/ana-perez.pdf" "$tmp/ana.ref"
check "resume: a file recorded with another size is written again" contains "$err" "2 written, 1 skipped (1 already done)"
check "resume: a recorded file is kept" [ "$(stat -c %Y "$tmp/j/eva-kovac.pdf")" -lt 1600000000 ]
check "resume: the journal is gone at the end" [ ! -e "$tmp/j/.appeal-journal" ]

# --- errors name their field and cause -------------------------------------
run w --city 東京 -o "$tmp/c.pdf"
check "city beyond the fonts: blamed on the city" contains "$err" "the city contains U+6771"
run w --name 東 --city 東京 -o "$tmp/c.pdf"
check "name and city: the name first" contains "$err" "the name contains U+6771"
printf 'Name,City\nAna,東京\n' >"$tmp/tokyo.csv"
run "$appeal" batch "$tmp/tokyo.csv" --lang es -o "$tmp/t.pdf"
check "batch: the city's column named" contains "$err" 'row 2, field "City": the city contains U+6771'
: >"$tmp/empty.png"
printf 'not an image\n' >"$tmp/text.png"
printf '\377\330\377\340JFIF' >"$tmp/photo.png"
head -c 60 "$data/signature.png" >"$tmp/cut.png"
run w --signature "$tmp" -o "$tmp/c.pdf"
check "signature a folder" contains "$err" "the signature is a folder, not a PNG image"
run w --signature "$tmp/empty.png" -o "$tmp/c.pdf"
check "signature empty" contains "$err" "the signature file is empty (0 bytes)"
run w --signature "$tmp/text.png" -o "$tmp/c.pdf"
check "signature not a PNG" contains "$err" "the signature is not a PNG image"
run w --signature "$tmp/photo.png" -o "$tmp/c.pdf"
check "signature a JPEG" contains "$err" "the signature is a JPEG image"
run w --signature "$tmp/cut.png" -o "$tmp/c.pdf"
check "signature cut short" contains "$err" "the PNG image is damaged"
run w --signature "$tmp/nope.png" -o "$tmp/c.pdf"
check "signature missing" contains "$err" "nope.png: No such file or directory"
check "no letter from a bad signature" [ ! -e "$tmp/c.pdf" ]

# --- output checked before any work, hints by cause --------------------------
run w -o "$tmp/no/such/p.pdf"
check "missing folder: 1" [ $rc -eq 1 ]
check "missing folder: hint" contains "$err" "its folder does not exist"
run w -o "$tmp"
check "a folder as -o: hint" contains "$err" "that is a folder"
run "$appeal" batch "$tmp/s.csv" -o "$tmp/no/such/all.pdf"
check "batch missing folder: 1 and the hint" [ $rc -eq 1 ] && contains "$err" "its folder does not exist"
mkdir -p "$tmp/ro"
chmod 555 "$tmp/ro"
chmod 755 "$tmp"
run as_nobody "$appeal" write -q --lang es --name Ana -o "$tmp/ro/p.pdf"
check "unwritable folder: 1" [ $rc -eq 1 ]
check "unwritable folder: hint" contains "$err" "you may not write in its folder"
check "unwritable folder: nothing there" [ -z "$(ls "$tmp/ro")" ]
run as_nobody "$appeal" batch -q "$tmp/s.csv" -o "$tmp/ro/all.pdf" --manifest "$tmp/ro/m.csv"
check "batch unwritable folder: 1, said" [ $rc -eq 1 ] && contains "$err" "you may not write in its folder"
run as_nobody "$appeal" batch -q "$tmp/s.csv" -o "$tmp/ro/d/"
check "batch unwritable parent: 1" [ $rc -eq 1 ]
check "batch unwritable: nothing there" [ -z "$(ls "$tmp/ro")" ]

# --- a full disk: a file size limit (RLIMIT_FSIZE) -----------------------------
full() { (ulimit -f "$1" && trap '' XFSZ && shift && "$@"); }
run full 4 "$appeal" write -q --lang es --name Ana -o "$tmp/full.pdf"
check "full disk write: 1" [ $rc -eq 1 ]
check "full disk write: cause and hint" contains "$err" "File too large" && contains "$err" "raise the limit"
check "full disk write: no file" [ ! -e "$tmp/full.pdf" ] && no_temporaries "$tmp"
awk 'BEGIN { print "Name"; for (i = 0; i < 60; i++) print "Signer " i }' >"$tmp/60.csv"
run full 40 "$appeal" batch -q "$tmp/60.csv" -o "$tmp/full-all.pdf"
check "full disk combined: 1" [ $rc -eq 1 ] && contains "$err" "File too large"
check "full disk combined: no file" [ ! -e "$tmp/full-all.pdf" ] && no_temporaries "$tmp"
mkdir -p "$tmp/fulld"
run full 4 "$appeal" batch -q "$tmp/60.csv" -o "$tmp/fulld/"
check "full disk per signer: 1" [ $rc -eq 1 ] && contains "$err" "File too large"
check "full disk per signer: no broken file" [ -z "$(ls "$tmp/fulld")" ]
check "no temporaries anywhere" no_temporaries "$tmp"
chmod -R u+w "$tmp"
finish privacy
