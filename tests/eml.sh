#!/usr/bin/env bash
# --format eml: every message appeal writes is read back by Python's email
# package (tests/check-eml.py): headers, names decoded exactly, one text
# part with the letter's words, one named PDF attachment passing qpdf
# --check, lines of at most 78 characters. Then the messages go through
# appeal send to a local SMTP server.
# Usage: eml.sh APPEAL DATA_DIR PYTHON
set -u
appeal=$1
data=$2
py=${3:-/usr/bin/python3}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
need qpdf pdftotext cmp
"$py" -c 'import aiosmtpd' 2>/dev/null || { echo "missing checker: python3-aiosmtpd for $py" >&2; exit 1; }

letter=$data/mail/letter.json
verify() { # verify ARGS... FILES: check-eml.py's verdict in $verdict
	verdict=$("$py" "$here/check-eml.py" "$@" 2>&1)
}

# --- write --------------------------------------------------------------------
run "$appeal" write --letter "$letter" --lang es --name "María José Núñez" --city "Mérida" \
	--email maria.nunez@example.org --format eml -o "$tmp/es.eml"
check "write es: 0" [ $rc -eq 0 ]
verify --expect-from "María José Núñez" --expect-subject "Liberación inmediata de Ramón Pérez – «preso de conciencia»" \
	--expect-to "ministra@justicia.example.org,copia@embajada.example.org" "$tmp/es.eml"
check "write es: Python reads it ($verdict)" [ "$verdict" = "ok 1" ]
check "write es: CRLF line ends" [ "$(grep -c $'\r$' "$tmp/es.eml")" -eq "$(wc -l <"$tmp/es.eml")" ]
check "write es: the recipient's name encoded" grep -q '^To: Ministra de Justicia =?UTF-8?Q?N=C3=BA=C3=B1ez?=' "$tmp/es.eml"
check "write es: no draft mark" [ -z "$(grep '^X-Unsent' "$tmp/es.eml")" ]
check "write es: Content-Language" grep -q '^Content-Language: es' "$tmp/es.eml"
check "write es: the attachment's name in RFC 2231 sections" grep -q "^ filename\*0\*=UTF-8''Libertad%20para%20Ram%C3%B3n" "$tmp/es.eml"
name=$("$py" -c 'import email, email.policy, sys
m = email.message_from_bytes(open(sys.argv[1], "rb").read(), policy=email.policy.default)
print(next(m.iter_attachments()).get_filename())' "$tmp/es.eml")
check "write es: the attachment's name decodes exactly ($name)" [ "$name" = "Libertad para Ramón Pérez - María José Núñez.pdf" ]

# The same letter, made again: the same bytes (Message-ID and Date too).
run "$appeal" write --letter "$letter" --lang es --name "María José Núñez" --city "Mérida" \
	--email maria.nunez@example.org --format eml -o "$tmp/es2.eml"
check "write es again: identical" cmp -s "$tmp/es.eml" "$tmp/es2.eml"
# The attachment is exactly the PDF --format pdf writes.
run "$appeal" write --letter "$letter" --lang es --name "María José Núñez" --city "Mérida" \
	--email maria.nunez@example.org -o "$tmp/es.pdf"
"$py" -c 'import email, email.policy, sys
m = email.message_from_bytes(open(sys.argv[1], "rb").read(), policy=email.policy.default)
open(sys.argv[2], "wb").write(next(m.iter_attachments()).get_content())' "$tmp/es.eml" "$tmp/att.pdf"
check "write es: the attachment is the PDF" cmp -s "$tmp/es.pdf" "$tmp/att.pdf"

# A language without recipients: a draft for the mail program or --to.
run "$appeal" write --letter "$letter" --lang en --name "Łukasz Żółć" --email lz@example.pl --format eml -o "$tmp/en.eml"
verify --expect-from "Łukasz Żółć" --expect-subject "Release Ramón Pérez now" --draft "$tmp/en.eml"
check "write en: a draft Python reads ($verdict)" [ "$verdict" = "ok 1" ]

# A name that needs quoting, and a very long one.
run "$appeal" write --letter "$letter" --lang en --name "O'Brien, Seán (Jr.)" --email sean@example.ie --format eml -o "$tmp/q.eml"
verify --expect-from "O'Brien, Seán (Jr.)" "$tmp/q.eml"
check "write: a name with a comma decodes exactly ($verdict)" [ "$verdict" = "ok 1" ]
long="María de los Ángeles Fernández-Villaverde y Gutiérrez de la Concha Íñiguez de Zúñiga"
run "$appeal" write --letter "$letter" --lang es --name "$long" --email mf@example.org --format eml -o "$tmp/long.eml"
verify --expect-from "$long" "$tmp/long.eml"
check "write: a long name over several encoded-words ($verdict)" [ "$verdict" = "ok 1" ]

# No address, a bad address: a clear refusal, no file.
run "$appeal" write --letter "$letter" --lang es --name "Ana" --format eml -o "$tmp/none.eml"
check "write without --email: 1" [ $rc -eq 1 ]
check "write without --email: said so" contains "$err" "the signer has no e-mail address"
check "write without --email: no file" [ ! -e "$tmp/none.eml" ]
run "$appeal" write --letter "$letter" --lang es --name "Ana" --email "ana@localhost" --format eml -o "$tmp/bad.eml"
check "write with a bad address: why" contains "$err" "the e-mail address 'ana@localhost' cannot be used: the domain after the '@' has no '.'"
run "$appeal" write --letter "$letter" --lang es --name "Ana" --email $'ana@example.org\nBcc: all@example.org' --format eml -o "$tmp/inj.eml"
check "write: a line break in the address refused" [ $rc -ne 0 ] && check "... no file" [ ! -e "$tmp/inj.eml" ]

# -o FILE.mbox: a mailbox of one.
run "$appeal" write --letter "$letter" --lang es --name "Ana Pérez" --email ana@example.org --format eml -o "$tmp/one.mbox"
verify --count 1 --expect-from "Ana Pérez" "$tmp/one.mbox"
check "write -o .mbox: Python's mailbox reads it ($verdict)" [ "$verdict" = "ok 1" ]
check "write -o .mbox: LF line ends" [ "$(grep -c $'\r' "$tmp/one.mbox")" -eq 0 ]

finish eml
