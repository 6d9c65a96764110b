#!/usr/bin/env bash
# What `meson install` puts on a system works by itself: both man pages
# render without a warning, the installed command writes a real letter from
# the installed letters and fonts and opens nothing in the source or build
# tree, and a program built with the installed pkg-config file compiles,
# links and runs against the installed library.
# Usage: install.sh MESON BUILD_ROOT SOURCE_ROOT PREFIX BINDIR LIBDIR DATADIR MANDIR INCLUDEDIR SANITIZE CC
set -u
meson=$1 build=$2 source=$3 prefix=$4 bindir=$5 libdir=$6 datadir=$7 mandir=$8 includedir=$9
sanitize=${10} cc=${11}
. "$(dirname "$0")/lib.sh"
need man groff strace pkg-config pdftotext "$cc"

# meson gives directories relative to the prefix unless they are absolute.
under() { case "$1" in /*) echo "$dest$1" ;; *) echo "$dest$prefix/$1" ;; esac; }
dest=$tmp/dest
check "meson install into a scratch directory" "$meson" install -C "$build" --no-rebuild --quiet --destdir "$dest"
bin=$(under "$bindir")/appeal
lib=$(under "$libdir")
data=$(under "$datadir")/appeal
man=$(under "$mandir")
check "the command is installed" [ -x "$bin" ]
check "the library is installed with its soname link" [ -e "$lib/libappeal.so.0" ]

# Man pages: rendered by man(1) as a reader sees them, with groff's
# warnings on; any warning or error is a failure.
for page in man1/appeal.1 man5/appeal-letter.5; do
	f=$man/$page
	if ! check "$page is installed" [ -f "$f" ]; then
		continue
	fi
	LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings=w -l "$f" >"$tmp/page.txt" 2>"$tmp/page.err"
	check "man -l $page succeeds" [ $? -eq 0 ]
	check "$page renders without warnings: $(head -c 300 "$tmp/page.err")" [ ! -s "$tmp/page.err" ]
	LC_ALL=C.UTF-8 groff -man -Tutf8 -ww -z "$f" 2>"$tmp/groff.err"
	check "groff -ww finds nothing in $page: $(head -c 300 "$tmp/groff.err")" [ ! -s "$tmp/groff.err" ]
	check "$page has a NAME and a SEE ALSO" grep -q "SEE ALSO" "$tmp/page.txt"
done
page=$(LC_ALL=C.UTF-8 MANWIDTH=200 man -l "$man/man1/appeal.1" 2>/dev/null)
for section in "EXIT STATUS" ENVIRONMENT EXAMPLES FILES; do
	check "appeal(1) has $section" contains "$page" "$section"
done
# Every command, and every option each command's --help shows, is in the page.
for cmd in write batch inspect check list send serve; do
	check "appeal(1) describes appeal $cmd" contains "$page" "appeal $cmd"
	opts=$(APPEAL_DATA_DIR=$data LANGUAGE=en "$bin" "$cmd" --help 2>&1 | grep -o -- '--[a-z][a-z-]*' | sort -u)
	for o in $opts; do
		check "appeal(1) documents $cmd $o" contains "$page" "$o"
	done
done
for v in LANGUAGE APPEAL_DATA_DIR APPEAL_HYPHEN_DIR APPEAL_SMTP_PASSWORD SOURCE_DATE_EPOCH; do
	check "appeal(1) explains $v" contains "$page" "$v"
done
page5=$(LC_ALL=C.UTF-8 MANWIDTH=200 man -l "$man/man5/appeal-letter.5" 2>/dev/null)
for key in format id title issuer link deadline default preferred_languages addressee names texts address \
	email addressee_title subject salutation paragraphs closing '{{name}}' '{{city}}' '{{date}}' '{{deadline}}'; do
	check "appeal-letter(5) explains \"$key\"" contains "$page5" "$key"
done
# The page's example is a letter appeal accepts.
sed -n '/^\.EX/,/^\.EE/p' "$man/man5/appeal-letter.5" | sed '1d;$d; s/\\-/-/g' >"$tmp/example.json"
check "the example of appeal-letter(5) passes appeal check" env APPEAL_DATA_DIR="$data" \
	LD_LIBRARY_PATH="$lib" "$bin" check "$tmp/example.json"

# The installed command, away from the build tree, with the installed data:
# a real letter, and no file opened under the source or build tree.
cp "$bin" "$tmp/appeal"
letter=$(ls "$data/letters/"*.json | head -1)
check "a letter is installed" [ -f "$letter" ]
(cd "$tmp" && env APPEAL_DATA_DIR="$data" LD_LIBRARY_PATH="$lib" SOURCE_DATE_EPOCH=1795824000 \
	strace -f -qq -e trace=open,openat,execve -o "$tmp/trace" ./appeal write --letter "$letter" --lang en \
	--name "Ana Pérez" --city Mérida -o "$tmp/letter.pdf" -q) 2>"$tmp/write.err"
check "the installed command writes a letter: $(head -c 300 "$tmp/write.err")" [ -s "$tmp/letter.pdf" ]
text=$(pdftotext "$tmp/letter.pdf" - 2>/dev/null | tr -s ' \n' ' ')
check "the letter is signed by Ana Pérez" contains "$text" "Ana Pérez"
check "the letter is dated from SOURCE_DATE_EPOCH" contains "$text" "28 November 2026"
check "it loaded the installed library" grep -qF "$lib/libappeal.so.0" "$tmp/trace"
check "it read the installed fonts" grep -qF "$data/fonts/" "$tmp/trace"
for root in "$source" "$build" "$(realpath "$source")" "$(realpath "$build")"; do
	hits=$(grep -v -- "$dest" "$tmp/trace" | grep -v -- "$tmp" | grep -cF -- "\"$root/")
	check "nothing under $root is opened ($hits)" [ "$hits" -eq 0 ]
done

# A program of one's own, built with the installed pkg-config file.
cat >"$tmp/hello.c" <<'C'
#include <appeal.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	struct appeal_error err = {0};
	struct appeal_letter *letter = argc > 1 ? appeal_letter_load(argv[1], &err) : NULL;
	struct appeal_signer who = APPEAL_SIGNER_INIT;
	struct appeal_output_options opts = APPEAL_OUTPUT_OPTIONS_INIT;
	struct appeal_document *doc;
	struct appeal_output *out;
	unsigned char *data = NULL;
	size_t size = 0;

	who.name = "Ana Pérez";
	who.date = (struct appeal_date){2026, 11, 28};
	opts.format = APPEAL_FORMAT_TEXT;
	if (!letter || !(doc = appeal_document_fill(letter, "es", &who, &err)) || !(out = appeal_output_new(&opts, &err)) ||
	    appeal_output_add(out, doc, NULL, &err) || appeal_output_finish_mem(out, &data, &size, &err)) {
		fprintf(stderr, "%s\n", err.message);
		return 1;
	}
	printf("appeal %s\n%.*s", appeal_version(), (int)size, (const char *)data);
	return 0;
}
C
export PKG_CONFIG_PATH=$lib/pkgconfig
pc="pkg-config --define-variable=prefix=$dest$prefix"
check "pkg-config finds the installed appeal.pc" $pc --exists appeal
flags=$($pc --cflags --libs appeal)
check "its flags point into the installed tree only ($flags)" [ -z "$(tr ' ' '\n' <<<"$flags" |
	grep -e "$source" -e "$build")" ]
san=()
[ "$sanitize" != none ] && san=(-fsanitize="$sanitize")
# shellcheck disable=SC2086
"$cc" -std=c11 -Wall -Werror "${san[@]}" "$tmp/hello.c" -o "$tmp/hello" $flags 2>"$tmp/cc.err"
check "a program compiles and links with pkg-config's flags: $(head -c 300 "$tmp/cc.err")" [ -x "$tmp/hello" ]
out=$(LD_LIBRARY_PATH=$lib ASAN_OPTIONS=detect_leaks=0 "$tmp/hello" "$letter" 2>&1)
check "the program runs against the installed library" contains "$out" "Ana Pérez"
check "and writes the Spanish date" contains "$out" "28 de noviembre de 2026"
finish install
