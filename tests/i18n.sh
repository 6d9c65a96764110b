#!/usr/bin/env bash
# The command speaks the user's language: with LANGUAGE=es (in C.UTF-8, as
# gettext wants a locale other than C), --help, the errors of a batch with
# their row, field and hint, and the summary with its plurals are in
# Spanish, from the catalogue built in this build directory (found through
# appeal-uninstalled, as for data). Without LANGUAGE, or in the C locale,
# English.
# Usage: i18n.sh APPEAL DATA_DIR
set -u
appeal=$1
data=$2
b=$data/batch
. "$(dirname "$0")/lib.sh"

run() {
	"$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	out=$(cat "$tmp/out")
	err=$(cat "$tmp/err")
}
es() { LC_ALL=C.UTF-8 LANGUAGE=es "$@"; }

run es "$appeal" --help
check "--help: exit 0" [ $rc -eq 0 ]
check "--help: usage" contains "$out" "uso: appeal write [--letter ID|PATH] --lang LANG --name NAME"
check "--help: commands" contains "$out" "Órdenes"
check "--help: a command's summary" contains "$out" "hacer una carta firmada en PDF"
check "--help: closing lines" contains "$out" "'appeal write --help' lista las opciones de write."
run es "$appeal" inspect --help
check "inspect --help: the languages, in Spanish" contains "$out" "como código (en, es, fr, de,"
run es "$appeal" write --help
check "write --help" contains "$out" "  -n, --name NOMBRE      su nombre, tal como firma (obligatorio)"
run es "$appeal" batch --help
check "batch --help" contains "$out" "Estado de salida: 0 todas las filas escritas"

run es "$appeal" batch --encoding utf-8 "$b/bad.csv" -o "$tmp/bad/"
check "batch: exit 1" [ $rc -eq 1 ]
check "batch: empty name" contains "$err" "appeal: $b/bad.csv: fila 3, campo «name»: el nombre está vacío"
check "batch: its hint" contains "$err" "appeal: sugerencia: rellene el nombre, o borre la fila"
check "batch: field named in the message" contains "$err" "appeal: $b/bad.csv: fila 4, campo «city»: el campo «ciudad» tiene un byte indescifrable"
check "batch: unknown language" contains "$err" "appeal: $b/bad.csv: fila 5, campo «lang»: idioma desconocido 'sv'"
check "batch: languages in the hint" contains "$err" "appeal: sugerencia: use uno de en, es, fr, de, pt, it, nl, ca"
check "batch: date" contains "$err" "fila 7, campo «date»: '2026-02-30' no es una fecha del calendario"
check "batch: warning" contains "$err" "appeal: aviso: $b/bad.csv: fila 8, campo «name»: mismo nombre y ciudad que la fila 2"
check "batch: summary with plurals" contains "$err" "appeal: 9 filas leídas: escritas 4, omitidas 0, fallidas 5; 4 archivos, 4 páginas en $tmp/bad/"
check "batch: every line prefixed" [ -z "$(grep -v '^appeal: ' <<<"$err")" ]
check "batch: no English left" [ -z "$(grep -E 'row [0-9]|field "|hint:|written|failed' <<<"$err")" ]
printf 'name,city,lang\nAna,Mérida,es\n' >"$tmp/one.csv"
run es "$appeal" batch "$tmp/one.csv" -o "$tmp/one.pdf"
check "batch: singular" contains "$err" "appeal: 1 fila leída: escritas 1, omitidas 0, fallidas 0; 1 archivo, 1 página en $tmp/one.pdf"

run es "$appeal" frobnicate
check "unknown command" contains "$err" "appeal: 'frobnicate' no es una orden"
run es "$appeal" check "$data/letters/does-not-exist.json"
check "check: Spanish error" contains "$err" "no se puede abrir el archivo"
# The letter itself is not translated by LANGUAGE: its language is --lang.
run es "$appeal" write -L en -n Ana --format text -o -
check "the letter stays English" contains "$out" "Yours sincerely,"

# English when LANGUAGE is not set, and in the C locale (as every GNU tool).
run env LC_ALL=C.UTF-8 LANGUAGE= "$appeal" --help
check "no LANGUAGE: English" contains "$out" "usage: appeal write"
run env LC_ALL=C LANGUAGE=es "$appeal" --help
check "C locale: English" contains "$out" "usage: appeal write"
finish i18n
