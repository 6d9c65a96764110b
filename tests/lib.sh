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
contains() { grep -qF -- "$2" <<<"$1"; }
need() {
	for t in "$@"; do
		command -v "$t" >/dev/null || { echo "missing checker tool: $t (install poppler-utils and qpdf)" >&2; exit 1; }
	done
}
finish() {
	echo "CHECK $1: $passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}
