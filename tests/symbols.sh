#!/usr/bin/env bash
# The library exports its public API and nothing else: every dynamic symbol
# it defines is appeal_* with the version node APPEAL_0 (appeal.map), every
# function include/appeal.h marks APPEAL_EXPORT is among them, and none is
# exported that the header does not declare.
# Usage: symbols.sh LIBRARY HEADER
set -u
lib=$1
header=$2
. "$(dirname "$0")/lib.sh"
need nm readelf

# The names a header declares with APPEAL_EXPORT (one declaration may span
# lines; the name is the identifier right before the first parenthesis).
declared() {
	awk '/^APPEAL_EXPORT/ { d = "" ; on = 1 } on { d = d " " $0 } on && /;/ { print d; on = 0 }' "$1" |
		sed -n 's/^[^(]*[ *]\(appeal_[A-Za-z0-9_]*\)[ ]*(.*$/\1/p' | sort -u
}
# Declared names missing from a list of exported names, one a line.
missing() { # missing DECLARED_FILE EXPORTED_FILE
	comm -23 "$1" "$2"
}

nm -D --defined-only "$lib" >"$tmp/nm" 2>"$tmp/nm.err"
check "nm -D reads $lib: $(head -c 200 "$tmp/nm.err")" [ -s "$tmp/nm" ]
# Version nodes show as absolute symbols; the library has exactly one.
nodes=$(awk '$2 == "A" { print $3 }' "$tmp/nm" | sort -u | tr '\n' ' ')
check "the only version node is APPEAL_0 (found: $nodes)" [ "$nodes" = "APPEAL_0 " ]
awk '$2 != "A" { print $3 }' "$tmp/nm" | sort -u >"$tmp/symbols"
count=$(wc -l <"$tmp/symbols")
check "the library exports its API ($count symbols)" [ "$count" -ge 80 ]
stray=$(grep -v '^appeal_[a-z0-9_]*@@APPEAL_0$' "$tmp/symbols" | head -5 | tr '\n' ' ')
check "every exported symbol is appeal_*@@APPEAL_0 (not: $stray)" [ -z "$stray" ]
sed 's/@.*//' "$tmp/symbols" | sort -u >"$tmp/exported"

declared "$header" >"$tmp/declared"
check "the header declares its API ($(wc -l <"$tmp/declared") names)" [ "$(wc -l <"$tmp/declared")" -ge 80 ]
gone=$(missing "$tmp/declared" "$tmp/exported" | tr '\n' ' ')
check "every APPEAL_EXPORT function of appeal.h is exported (missing: $gone)" [ -z "$gone" ]
extra=$(comm -13 "$tmp/declared" "$tmp/exported" | tr '\n' ' ')
check "every exported function is declared in appeal.h (undeclared: $extra)" [ -z "$extra" ]
for f in appeal_output_new appeal_signers_options_init appeal_signer_init appeal_version; do
	check "$f is exported" grep -qx "$f" "$tmp/exported"
done
# The private PDF writer is not (src/backend/pdf.h).
check "appeal_pdf_* stay inside the library" [ -z "$(grep '^appeal_pdf_' "$tmp/exported")" ]

# The comparison itself can fail: a header declaring one function more, over
# two lines as appeal.h writes long ones, is reported.
{ cat "$header"; printf 'APPEAL_EXPORT int appeal_not_built(struct appeal_letter *letter,\n                              int x);\n'; } >"$tmp/more.h"
declared "$tmp/more.h" >"$tmp/declared2"
check "a declared function missing from the library is found" [ "$(missing "$tmp/declared2" "$tmp/exported")" = appeal_not_built ]

soname=$(readelf -d "$lib" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
check "the soname is libappeal.so.0, apart from the release number (got $soname)" [ "$soname" = libappeal.so.0 ]
finish symbols
