#!/usr/bin/env bash
# The command line: exit statuses, messages, and what is left on disk.
# Usage: cli.sh APPEAL DATA_DIR
set -u
appeal=$1
data=$2
. "$(dirname "$0")/lib.sh"
need pdfinfo

run() { # run OUTVAR CMD... : captures stdout+stderr separately
	"$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	out=$(cat "$tmp/out")
	err=$(cat "$tmp/err")
}
all_prefixed() { [ -z "$(grep -v '^appeal: ' <<<"$err" | grep .)" ]; }

run "$appeal" --help
check "--help exits 0" [ $rc -eq 0 ]
check "--help on stdout" contains "$out" "usage: appeal write"
check "--help nothing on stderr" [ -z "$err" ]
run "$appeal" --version
check "--version" grep -q "^appeal [0-9]\+\.[0-9]\+\.[0-9]\+$" <<<"$out"
run "$appeal" write --help
check "write --help" contains "$out" "--signature FILE"
# inspect's --lang lists every language of the table, not a fixed "en|es".
run "$appeal" inspect --help
check "inspect --help: 0" [ $rc -eq 0 ]
check "inspect --help: --lang LANG, no fixed list" contains "$out" "--lang LANG" && ! contains "$out" "en|es"
check "inspect --help: the languages of the table" contains "$out" "as a code (en, es, fr, de,"
run "$appeal"
check "no command: usage error" [ $rc -eq 2 ]
run "$appeal" frobnicate
check "unknown command: 2" [ $rc -eq 2 ]
check "unknown command message" contains "$err" "appeal: 'frobnicate' is not a command"
check "unknown command hint" contains "$err" "appeal: hint:"

run "$appeal" list
check "list exits 0" [ $rc -eq 0 ]
check "list shows the campaign" grep -q "^\* *venezuela-2025 *en,es *2025-10-11 " <<<"$out"

run "$appeal" check "$data/../../letters/venezuela-2025.json"
check "check valid letter" [ $rc -eq 0 ]
check "check says ok" contains "$out" "ok (venezuela-2025"
printf '{"format": 1,\n  "id": 7}\n' >"$tmp/bad.json"
run "$appeal" check "$tmp/bad.json"
check "check invalid letter: 1" [ $rc -eq 1 ]
check "check reports file:line:column" grep -q "^appeal: $tmp/bad.json:2:[0-9]*: " <<<"$err"

# The window check: the address must show through the envelope's window on
# both papers (docs/layout.md); the failing line is named with its path and
# its place in the file.
run "$appeal" check "$data/window/seven-lines.json"
check "seven-line address refused" [ $rc -eq 1 ]
check "seven lines: the hidden line, its place and path" \
	grep -qF "seven-lines.json:20:4: address too long for the window: 7 lines in \"en\", the window of a DL (DIN 680) envelope on A4 paper shows 6; line 7, addressee.address[4] (\"Venezuela\"), would be hidden" <<<"$err"
check "seven lines: a hint" contains "$err" "appeal: hint: join or drop lines"
run "$appeal" check "$data/window/six-lines.json"
check "six lines fit DIN 5008 but not the #10 window" [ $rc -eq 1 ]
check "six lines: US Letter named" contains "$err" "six-lines.json:19:4: address too long for the window: 6 lines in \"en\", the window of a #10 envelope on US Letter paper shows 5; line 6, addressee.address[3]"
run "$appeal" check "$data/window/wide-line.json"
check "a line wider than the window refused" [ $rc -eq 1 ]
check "wide line: path and width" contains "$err" "wide-line.json:16:4: address line too wide for the window: addressee.address[0] (\"Palacio de Miraflores, Avenida Norte número 10, esquina de Bolero\") takes 105.8 mm, the window of a DL (DIN 680) envelope on A4 paper shows 75.0 mm"

# Usage errors.
run "$appeal" write --lang en -o "$tmp/x.pdf"
check "no name: 2" [ $rc -eq 2 ]
check "no name message" contains "$err" "appeal: the signer's name is missing"
run "$appeal" write --lang en --name
check "option without value: 2" [ $rc -eq 2 ]
run "$appeal" write --lang en --name Ana --paper a5
check "bad paper: 2" [ $rc -eq 2 ]
run "$appeal" write --lang en --name Ana --date 2026-02-30 -o "$tmp/x.pdf"
check "bad date: 2" [ $rc -eq 2 ]
check "bad date message" contains "$err" "'2026-02-30' is not a date in the calendar"
run "$appeal" write --lang en --name Ana Pérez -o "$tmp/x.pdf"
check "stray argument: 2" [ $rc -eq 2 ]
check "stray argument hint" contains "$err" "quote a name"

# Failures.
run env LANG=C "$appeal" write --name Ana -o "$tmp/x.pdf"
check "no language: 1" [ $rc -eq 1 ]
check "no language hint" contains "$err" "hint: add --lang"
run env LANG=es_ES.UTF-8 "$appeal" write --name Ana -o "$tmp/lang.pdf"
check "language from LANG" [ $rc -eq 0 ]
run "$appeal" write --lang fr --name Ana -o "$tmp/x.pdf"
check "unknown language: 1" [ $rc -eq 1 ]
check "unknown language message" contains "$err" "has no text in 'fr'"
run "$appeal" write --letter nowhere --lang en --name Ana -o "$tmp/x.pdf"
check "unknown letter: 1" [ $rc -eq 1 ]
check "unknown letter hint" contains "$err" "appeal list"
run "$appeal" write --lang en --name "" -o "$tmp/x.pdf"
check "empty name: 1" [ $rc -eq 1 ]
run "$appeal" write --lang en --name "$(head -c 10000 /dev/zero | tr '\0' 'a')" -o "$tmp/x.pdf"
check "10,000-character name: 1" [ $rc -eq 1 ]
check "long name message" contains "$err" "the name is too long (10000 characters"
run "$appeal" write --lang en --name "$(printf 'Ana\xff')" -o "$tmp/x.pdf"
check "invalid UTF-8: 1" [ $rc -eq 1 ]
check "invalid UTF-8 message" contains "$err" "not valid UTF-8"
run "$appeal" write --lang en --name "$(printf 'Ana\033[2J')" -o "$tmp/x.pdf"
check "control character: 1" [ $rc -eq 1 ]
check "control character scrubbed from the message" [ -z "$(tr -d '\n' <"$tmp/err" | tr -d '[:print:]' | tr -d '\200-\377')" ]
check "messages are prefixed" all_prefixed
check "nothing written after failures" [ ! -e "$tmp/x.pdf" ]

run "$appeal" write --lang en --name Ana -o "$tmp/missing/dir/x.pdf"
check "missing directory: 1" [ $rc -eq 1 ]
check "missing directory message" contains "$err" "cannot write $tmp/missing/dir/x.pdf"
check "missing directory hint" contains "$err" "its folder does not exist: create it first"
run "$appeal" write --lang en --name Ana -o /proc/appeal-test.pdf
check "unwritable directory: 1" [ $rc -eq 1 ]
mkdir "$tmp/ro"
run "$appeal" write --lang en --name Ana -o "$tmp/ro"
check "output is a directory: 1" [ $rc -eq 1 ]
check "no temporary file left behind" [ -z "$(ls -A "$tmp/ro")" ]

# Successes.
run "$appeal" write --lang en --name "Ana Pérez" --date 2026-11-28 -o - --quiet
check "-o - writes a PDF to stdout" [ "${out:0:5}" = "%PDF-" ]
run "$appeal" write --lang es --name "Ana Pérez" --date 2026-11-28 --format text -o -
check "text format" contains "$out" "Señor Presidente:"
check "text format ends with the name" [ "$(tail -n 1 <<<"$out")" = "Ana Pérez" ]
check "deadline warning" contains "$err" "appeal: warning: the action's deadline was 11 October 2025"
check "deadline hint" contains "$err" "check with the Amnesty International office"
run "$appeal" write --lang en --name Ana --date 2025-10-01 --format text -o -
check "no warning before the deadline" [ -z "$err" ]
printf 'My own words.\n\nA second paragraph.\n' >"$tmp/note.txt"
run "$appeal" write --lang en --name Ana --note-file "$tmp/note.txt" --format text -o -
check "note from a file" contains "$out" "My own words."
run "$appeal" write --lang en --name Ana --note-file "$tmp/none.txt" --format text -o -
check "missing note file: 1" [ $rc -eq 1 ]
run "$appeal" write --lang en --name Ana --stats -o "$tmp/s.pdf"
check "stats" grep -q "^appeal: stats: pages 1, body lines [0-9]*, hyphenated [0-9]*, word space stretch median [0-9.]* worst [0-9.]*" <<<"$err"
(cd "$tmp" && "$appeal" write --lang en --name Ana >/dev/null 2>&1)
check "default output name" [ -s "$tmp/appeal-venezuela-2025-en.pdf" ]
APPEAL_DATA_DIR=$tmp/nothing run "$appeal" write --lang en --name Ana -o "$tmp/y.pdf"
check "missing data dir: 1" [ $rc -eq 1 ]
check "missing data dir names it" contains "$err" "$tmp/nothing"

# Libraries only some commands use are opened when first needed (send:
# libcurl, serve: libmicrohttpd, workbooks: libzip, libxml2, FreeXL), so
# every other run starts without loading them and what they bring (ICU,
# OpenSSL, GnuTLS...).
libs=$(ldd "$appeal" 2>&1)
for lib in libcurl libmicrohttpd libzip libxml2 libfreexl libicu libcrypto libgnutls; do
	check "$lib is not loaded at start" [ -z "$(grep -F "$lib" <<<"$libs")" ]
done
check "ldd lists the library itself" contains "$libs" "libappeal.so"

finish cli
