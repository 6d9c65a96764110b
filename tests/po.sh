#!/usr/bin/env bash
# The translations are complete: every message the sources mark (_, N_, P_;
# xgettext over po/POTFILES with the arguments po/meson.build gives meson's
# appeal-pot) is translated, and not fuzzy, in every po/<lang>.po of
# po/LINGUAS; each .po passes msgfmt's format checks; no source file that
# marks messages is missing from POTFILES.
# Usage: po.sh SOURCE_ROOT XGETTEXT_ARGS...
set -u
src=$1
shift
. "$(dirname "$0")/lib.sh"
need xgettext msgmerge msgattrib msgfmt
cd "$src" || exit 1

for f in $(grep -rlE '(^|[^A-Za-z0-9_])(_|N_|P_)\(' src --include='*.c' --include='*.h' | sort); do
	check "$f is in po/POTFILES" grep -qxF "$f" po/POTFILES
done
for f in $(cat po/POTFILES); do
	check "po/POTFILES: $f exists" [ -f "$f" ]
done
xgettext "$@" --files-from=po/POTFILES --output="$tmp/appeal.pot" 2>"$tmp/xgettext.err"
check "xgettext reads the sources" [ -s "$tmp/appeal.pot" ]
# every entry but the header (msgid "")
total=$(($(grep -c '^msgid ' "$tmp/appeal.pot") - 1))
check "the sources hold messages ($total)" [ "$total" -gt 100 ]

for lang in $(cat po/LINGUAS); do
	po=po/$lang.po
	check "$lang: msgfmt -c $po" msgfmt --check -o /dev/null "$po"
	own=$(msgfmt --statistics -o /dev/null "$po" 2>&1)
	check "$lang: nothing fuzzy or untranslated in $po ($own)" grep -qx "[0-9]* translated messages\." <<<"$own"
	# What $po lacks for the current sources: a message new or changed in
	# the code comes out untranslated (no fuzzy guesses).
	msgmerge --quiet --no-fuzzy-matching "$po" "$tmp/appeal.pot" -o "$tmp/$lang.po"
	stats=$(msgfmt --statistics -o /dev/null "$tmp/$lang.po" 2>&1)
	if ! grep -qx "$total translated messages\." <<<"$stats"; then
		printf '%s lacks (msgmerge of the sources'"'"' messages):\n' "$po" >&2
		msgattrib --untranslated --no-obsolete "$tmp/$lang.po" | grep -v '^#' | head -40 >&2
	fi
	check "$lang: every message translated ($stats)" grep -qx "$total translated messages\." <<<"$stats"
done
finish po
