#!/usr/bin/env bash
# No source or build path in the installed command and library: installs
# into a scratch directory and reads every string in the files.
# Usage: strings.sh MESON BUILD_ROOT SOURCE_ROOT
set -u
meson=$1
build=$2
source=$3
. "$(dirname "$0")/lib.sh"
need strings

dest=$tmp/dest
check "meson install into a scratch directory" "$meson" install -C "$build" --no-rebuild --quiet --destdir "$dest"
files=$(find "$dest" -type f \( -name appeal -o -name 'libappeal.so*' \))
check "the command and the library are installed" [ "$(wc -l <<<"$files")" -ge 2 ]
for f in $files; do
	name=${f#"$dest"}
	for root in "$source" "$build" "$(realpath "$source")" "$(realpath "$build")"; do
		hits=$(strings -a "$f" | grep -cF -- "$root")
		check "$name holds no path under $root ($hits found)" [ "$hits" -eq 0 ]
	done
done
check "the data directory file stays in the build tree" [ -z "$(find "$dest" -name appeal-uninstalled)" ]
check "the Spanish messages are installed" [ -n "$(find "$dest" -path '*/locale/es/LC_MESSAGES/appeal.mo')" ]
check "the cut fonts are installed" [ "$(find "$dest" -name 'AppealSerif-*.ttf' | wc -l)" -eq 8 ]
check "the Liberation sources are not" [ -z "$(find "$dest" -name 'LiberationSerif-*.ttf')" ]
finish strings
