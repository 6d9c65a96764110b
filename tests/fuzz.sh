#!/usr/bin/env bash
# The libFuzzer targets (fuzz/), each for a bounded time on its seed corpus
# in tests/fuzz-corpus/<target>/: builds them with clang in BUILD_DIR
# (-Dfuzz=true, AddressSanitizer and UBSan), then runs each for SECONDS. A
# crash, a sanitizer report, a leak, a timeout (10 s for one input) or 2 GB
# of memory (fuzz_xls: 2 GB at once, 8 GB in all) fails that target; the input is kept as BUILD_DIR/fuzz-<target>-*.
# New inputs the fuzzer finds go to a scratch corpus, never into the seeds.
# Usage: tests/fuzz.sh BUILD_DIR [SECONDS]   (docs/fuzzing.md: for hours)
set -u
dir=$1
seconds=${2:-20}
cd "$(dirname "$0")/.."
. tests/lib.sh
need clang
if [ ! -f "$dir/build.ninja" ]; then
	if ! CC=clang meson setup "$dir" -Dfuzz=true -Db_sanitize=address,undefined -Db_lundef=false \
		>"$tmp/setup.log" 2>&1; then
		cat "$tmp/setup.log" >&2
		fail "meson setup of the fuzz build"
		finish fuzz
		exit 1
	fi
fi
# FreeXL's own leaks on damaged .xls files are not appeal's (fuzz/lsan.supp);
# an .xls goes to FreeXL as a memory file, and were there no memfd its
# temporary copy would land in the scratch directory, never in /tmp.
export LSAN_OPTIONS="suppressions=$PWD/fuzz/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export TMPDIR=$tmp
targets=$(ls tests/fuzz-corpus)
if ! meson compile -C "$dir" $(printf 'fuzz/fuzz_%s ' $targets) >"$tmp/build.log" 2>&1; then
	tail -40 "$tmp/build.log" >&2
	fail "building the fuzz targets"
	finish fuzz
	exit 1
fi
for t in $targets; do
	mkdir -p "$tmp/corpus-$t"
	# What FreeXL loses adds up over an .xls run (up to 64 MB an input; one
	# CI run of 20 s reached 1 GB): its limit on the whole process is wider,
	# while any single allocation over 2 GB still fails the run.
	limits="-rss_limit_mb=2048"
	[ "$t" = xls ] && limits="-rss_limit_mb=8192 -malloc_limit_mb=2048"
	"$dir/fuzz/fuzz_$t" -max_total_time="$seconds" -timeout=10 $limits \
		-artifact_prefix="$dir/fuzz-$t-" "$tmp/corpus-$t" "tests/fuzz-corpus/$t" >"$tmp/$t.log" 2>&1
	rc=$?
	stats=$(grep -o 'DONE .*' "$tmp/$t.log" | tail -1)
	echo "fuzz_$t: exit $rc, $stats"
	if [ $rc -ne 0 ]; then
		grep -A30 -E '^==[0-9]+==|runtime error|ERROR: libFuzzer' "$tmp/$t.log" | head -60 >&2
	fi
	check "fuzz_$t ran $seconds s with no finding" [ $rc -eq 0 ]
	# The seeds themselves are replayed at start: each must have been read.
	check "fuzz_$t read its seeds" grep -q 'INITED' "$tmp/$t.log"
done
finish fuzz
