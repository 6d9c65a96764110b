#!/usr/bin/env bash
# kill -9 at random moments (issue 13): a batch killed, resumed (killed again
# while resuming, then resumed to the end) leaves every signer exactly once
# (pdftotext over all files, compared with an uninterrupted run) and no
# broken PDF (qpdf --check), for a combined file in chunks and for a folder
# of per-signer files. A few trials, each bounded in time; the moments come
# from $RANDOM (seed printed: CRASH_SEED=N repeats a run).
# Usage: crash.sh APPEAL DATA_DIR
set -u
appeal=$1
. "$(dirname "$0")/lib.sh"
need pdftotext qpdf
seed=${CRASH_SEED:-$$}
RANDOM=$seed
echo "crash: CRASH_SEED=$seed"

# Unique tokens: signer i is "Kim Q0042", so every letter names its signer.
gen() { awk -v n="$1" 'BEGIN { print "Name,City,Language"; for (i = 0; i < n; i++) printf "Kim Q%04d,Lund,%s\n", i, i % 2 ? "es" : "en" }'; }
# The signers named in every PDF under $1, one per line with its count.
signers_in() { for f in $(find "$1" -name '*.pdf' | sort); do pdftotext "$f" - 2>/dev/null; done | grep -o 'Q[0-9]\{4\}' | sort | uniq -c; }
all_whole() { local f; for f in $(find "$1" -name '*.pdf'); do qpdf --check "$f" >/dev/null 2>&1 || { echo "broken: $f" >&2; return 1; }; done; }
no_leftovers() { [ -z "$(find "$1" -name '*.appeal.tmp' -o -name '.appeal-journal*')" ]; }
# Starts the batch, kills it -9 after a random 0.1 .. 1.6 s (or lets it end).
# Every moment is as likely: starting, drawing, writing, renaming, flushing.
killed_run() {
	"$appeal" batch "$@" -j 2 -q 2>/dev/null &
	local pid=$! ms=$((100 + RANDOM % 1500))
	sleep "$(printf '0.%03d' $((ms % 1000)))"
	[ $ms -ge 1000 ] && sleep 1
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
}

gen 300 >"$tmp/300.csv"
gen 80 >"$tmp/80.csv"
mkdir -p "$tmp/ref-c" "$tmp/ref-d"
"$appeal" batch "$tmp/300.csv" -o "$tmp/ref-c/all.pdf" --per-file 25 -q
"$appeal" batch "$tmp/80.csv" -o "$tmp/ref-d/" -q
signers_in "$tmp/ref-c" >"$tmp/want-c"
signers_in "$tmp/ref-d" >"$tmp/want-d"
check "reference: every signer once (combined)" [ "$(wc -l <"$tmp/want-c")" -eq 300 ]
check "reference: every signer once (folder)" [ "$(wc -l <"$tmp/want-d")" -eq 80 ]

for trial in 1 2; do
	for kind in c d; do
		out=$tmp/t$trial-$kind
		mkdir -p "$out"
		if [ $kind = c ]; then args=("$tmp/300.csv" -o "$out/all.pdf" --per-file 25); else args=("$tmp/80.csv" -o "$out/"); fi
		killed_run "${args[@]}"
		check "trial $trial $kind: whole after kill -9" all_whole "$out"
		killed_run "${args[@]}" --resume
		"$appeal" batch "${args[@]}" -j 2 -q --resume 2>"$tmp/err"
		rc=$?
		check "trial $trial $kind: resume ends with 0" [ $rc -eq 0 ]
		signers_in "$out" >"$tmp/got"
		check "trial $trial $kind: every signer exactly once" cmp -s "$tmp/got" "$tmp/want-$kind"
		check "trial $trial $kind: no broken PDF" all_whole "$out"
		check "trial $trial $kind: no temporary or journal left" no_leftovers "$out"
	done
done
finish crash
