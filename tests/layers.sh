#!/bin/sh
# The stage folders form layers: a file may include headers of its own
# folder and of the folders below it, never above (docs/architecture.md).
# The command includes only the public header and its own.
# Prints "CHECK layers: N passed, M failed".
src=${1:-src}
order="util lang letter signers document typeset backend batch mail"
rank() {
	i=0
	for d in $order; do
		[ "$d" = "$1" ] && { echo $i; return; }
		i=$((i + 1))
	done
	echo -1
}
pass=0
fail=0
for f in $(find "$src" -name '*.[ch]' | sort); do
	dir=$(basename "$(dirname "$f")")
	grep -o '#include "[^"]*"' "$f" | sed 's/#include "//; s/"$//' >/tmp/layers.$$
	while read -r inc; do
		case "$inc" in
		appeal.h) pass=$((pass + 1)); continue ;;
		esac
		if [ "$dir" = cli ]; then
			case "$inc" in
			*/*) echo "$f: the command includes $inc; it may use only appeal.h and its own headers"
			     fail=$((fail + 1)); continue ;;
			esac
			pass=$((pass + 1)); continue
		fi
		idir=${inc%%/*}
		if [ "$idir" = "$inc" ]; then
			# config.h and test-config.h are generated; anything else must name its folder
			case "$inc" in
			config.h) pass=$((pass + 1)) ;;
			*) echo "$f: #include \"$inc\" does not name its folder"; fail=$((fail + 1)) ;;
			esac
			continue
		fi
		r=$(rank "$dir")
		ri=$(rank "$idir")
		if [ "$r" -lt 0 ] || [ "$ri" -lt 0 ]; then
			echo "$f: unknown folder in #include \"$inc\" (layers: $order)"
			fail=$((fail + 1))
		elif [ "$ri" -gt "$r" ] || { [ "$ri" -eq "$r" ] && [ "$idir" != "$dir" ]; }; then
			echo "$f: $dir/ includes $inc, a folder above or beside it (layers: $order)"
			fail=$((fail + 1))
		else
			pass=$((pass + 1))
		fi
	done </tmp/layers.$$
done
rm -f /tmp/layers.$$
echo "CHECK layers: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
