# Shared by the shell tests: counting checks and failing loudly.
# Each script ends with `finish`, which prints "CHECK name: N passed, M failed".
passed=0
failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); printf 'FAIL: %s\n' "$*" >&2; }
check() { # check DESCRIPTION COMMAND...
	local what=$1; shift
	if "$@"; then pass; else fail "$what"; fi
}
# run CMD...: stdout in $out, stderr in $err, status in $rc (a script may
# define its own after sourcing this file).
run() {
	"$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	out=$(cat "$tmp/out")
	err=$(cat "$tmp/err")
}
contains() { grep -qF -- "$2" <<<"$1"; }
# need TOOL...: a checker that is not installed fails the test with its name.
need() {
	local t missing=0
	for t in "$@"; do
		if ! command -v "$t" >/dev/null; then
			fail "missing checker tool: $t (tools/install-deps installs it)"
			missing=1
		fi
	done
	if [ $missing -ne 0 ]; then
		finish "$(basename "$0" .sh)"
		exit 1
	fi
}
finish() {
	echo "CHECK $1: $passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}
