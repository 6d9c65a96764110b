#!/usr/bin/env bash
# End to end: real letters through the real command, checked with poppler
# and qpdf. Usage: pdf.sh APPEAL DATA_DIR
set -u
appeal=$1
data=$2
. "$(dirname "$0")/lib.sh"
need pdftotext pdffonts pdfinfo qpdf pdfimages

# Collapses white space and joins words broken after an explicit hyphen.
flat() { tr '\n\f' '  ' | sed -e 's/- /-/g' -e 's/\xc2\xa0/ /g' | tr -s ' ' | sed 's/^ //; s/ $//'; }

detainees=("Pedro Guanipa" "Perkins Rocha" "Rafael Ramírez" "Américo de Grazia" "Biagio Pilieri"
	"Freddy Superlano" "Luis Somaza" "Alfredo Díaz" "Luis Palocz" "Ricardo Estevez" "Jesús Armas"
	"María Oropeza" "Nélide Sánchez" "Roland Carreño" "Williams Dávila" "Edwin Moya")

for lang in en es; do
	pdf=$tmp/$lang.pdf
	check "$lang: write exits 0" "$appeal" write --lang $lang --name "Ana Pérez" --city "Mérida" \
		--date 2026-11-28 --no-hyphenation -o "$pdf"
	check "$lang: qpdf --check" qpdf --check "$pdf" >/dev/null
	warn=$(qpdf --check "$pdf" 2>&1 | grep -ci warning)
	check "$lang: qpdf reports no warning" [ "$warn" -eq 0 ]
	fonts=$(pdffonts "$pdf" 2>/dev/null | tail -n +3)
	check "$lang: has fonts" [ -n "$fonts" ]
	check "$lang: every font embedded" [ -z "$(awk '{ if ($(NF-4) != "yes") print }' <<<"$fonts")" ]
	check "$lang: Appeal Serif (cut from Liberation Serif)" contains "$fonts" "AppealSerif"
	check "$lang: only WinAnsi for Latin-1 text" [ -z "$(grep -v WinAnsi <<<"$fonts")" ]
	info=$(pdfinfo "$pdf")
	check "$lang: author" contains "$info" "Author:          Ana Pérez"
	check "$lang: creator" grep -q "^Creator: *appeal " <<<"$info"
	check "$lang: keywords" contains "$info" "Urgent Action"
	check "$lang: A4" contains "$info" "595.276 x 841.89 pts (A4)"
	check "$lang: one page" contains "$info" "Pages:           1"
	check "$lang: no print scaling" grep -qa "/PrintScaling */None" "$pdf"
	text=$(pdftotext -enc UTF-8 "$pdf" - 2>/dev/null)
	for who in "${detainees[@]}"; do
		check "$lang: names $who" contains "$(flat <<<"$text")" "$who"
	done
	# The whole letter extracts word for word as its plain-text form.
	"$appeal" write --lang $lang --name "Ana Pérez" --city "Mérida" --date 2026-11-28 --format text -o "$tmp/$lang.txt"
	want=$(grep -v '^Ana Pérez · Mérida$' "$tmp/$lang.txt" | flat)
	got=$(grep -v 'Ana Pérez · Mérida' <<<"$text" | flat)
	# pdftotext orders the right-aligned date line by position; compare the body from the salutation on.
	if [ $lang = en ]; then from="President Maduro,"; else from="Señor Presidente:"; fi
	check "$lang: text layer equals the letter" [ "${got#*"$from"}" = "${want#*"$from"}" ]
	[ "${got#*"$from"}" = "${want#*"$from"}" ] || diff <(tr ' ' '\n' <<<"${want#*"$from"}") <(tr ' ' '\n' <<<"${got#*"$from"}") | head -20 >&2
done
text=$(pdftotext -enc UTF-8 "$tmp/en.pdf" - 2>/dev/null)
check "en: date" contains "$text" "Mérida, 28 November 2026"
check "en: closing" contains "$text" "Yours sincerely,"
text=$(pdftotext -enc UTF-8 "$tmp/es.pdf" - 2>/dev/null)
check "es: date" contains "$text" "Mérida, 28 de noviembre de 2026"
check "es: salutation" contains "$text" "Señor Presidente:"
check "es: closing" contains "$text" "Atentamente,"
check "es: /Lang es" grep -qa "/Lang (es)" "$tmp/es.pdf"
check "en: /Lang en" grep -qa "/Lang (en)" "$tmp/en.pdf"

# Spanish punctuation and quotes survive the text layer.
"$appeal" write --lang es --name "Iñaki Muñoz" --note '¿Por qué siguen detenidos? ¡Libérenlos ya! Como dijo mi abuela: "la justicia tarda, pero llega". Ñandú, pingüino.' \
	--date 2026-11-28 --no-hyphenation -o "$tmp/punct.pdf"
text=$(pdftotext -enc UTF-8 "$tmp/punct.pdf" - | flat)
check "es: ¿ ¡ extract" contains "$text" "¿Por qué siguen detenidos? ¡Libérenlos ya!"
check "es: « » extract" contains "$text" "«la justicia tarda, pero llega»"
check "es: ñ ü extract" contains "$text" "Ñandú, pingüino."

# Names beyond Windows-1252 get a Unicode font for their lines only.
for name in "Łukasz Żółć" "Ayşe Yıldız" "Nguyễn Thị Hương"; do
	"$appeal" write --lang en --name "$name" --city "Łódź" --date 2026-11-28 -o "$tmp/u.pdf"
	check "$name: written" [ -s "$tmp/u.pdf" ]
	check "$name: qpdf" qpdf --check "$tmp/u.pdf" >/dev/null
	fonts=$(pdffonts "$tmp/u.pdf" 2>/dev/null)
	check "$name: a CID font for the name" contains "$fonts" "CID TrueType"
	check "$name: WinAnsi for the rest" contains "$fonts" "WinAnsi"
	# PDF 32000-1 9.6.4: different subsets in one file have different tags.
	tags=$(tail -n +3 <<<"$fonts" | cut -d+ -f1)
	check "$name: every subset has its own tag" [ -z "$(sort <<<"$tags" | uniq -d)" ]
	check "$name: no complaint from poppler" [ -z "$(pdffonts "$tmp/u.pdf" 2>&1 >/dev/null)" ]
	check "$name: extracts" contains "$(pdftotext -enc UTF-8 "$tmp/u.pdf" - 2>/dev/null | flat)" "$name"
	check "$name: metadata" contains "$(pdfinfo "$tmp/u.pdf" 2>/dev/null)" "Author:          $name"
	# The author needs UTF-16 (with its byte-order mark); the title fits PDFDocEncoding.
	qpdf --qdf --object-streams=disable "$tmp/u.pdf" "$tmp/u.qdf"
	check "$name: author in UTF-16" grep -qa "/Author <feff" "$tmp/u.qdf"
	# /W, CIDToGIDMap and ToUnicode hold the code points used, not all 65,536.
	wlen=$(grep -a -o '/W \[[^]]*\]*' "$tmp/u.qdf" | head -1 | wc -c)
	check "$name: a short /W ($wlen bytes)" [ "$wlen" -lt 1500 ]
	check "$name: under 20 KB" [ "$(stat -c %s "$tmp/u.pdf")" -lt 20000 ]
done

# The Info dictionary in PDFDocEncoding where it fits: one byte a character.
"$appeal" write --lang en --name "Ana Pérez" --date 2026-11-28 -o "$tmp/info.pdf"
qpdf --qdf --object-streams=disable "$tmp/info.pdf" "$tmp/info.qdf"
check "Info: author as bytes" env LC_ALL=C grep -qa $'/Author (Ana P\xe9rez)' "$tmp/info.qdf"
check "Info: no UTF-16 when not needed" [ -z "$(grep -a '/Title <' "$tmp/info.qdf")" ]
check "Info: pdfinfo reads it" contains "$(pdfinfo "$tmp/info.pdf")" "Author:          Ana Pérez"
check "Info: em dash from PDFDocEncoding" contains "$(pdfinfo "$tmp/info.pdf")" "Subject:"

# Lean: /Widths only from the first to the last code drawn (the bold subject
# line is ASCII), no /ProcSet, no page-tree node for a one-page letter; the
# seed letter stays small (docs/performance.md has the measured sizes).
bold=$(pdffonts "$tmp/info.pdf" | grep Bold | awk '{ print $(NF-1) }')
check "lean: bold /Widths end at the last code used" grep -q "/LastChar 1[0-2][0-9] " <<<"$(qpdf --show-object="$bold" "$tmp/info.pdf")"
check "lean: no /ProcSet" [ -z "$(grep -a '/ProcSet' "$tmp/info.qdf")" ]
check "lean: one page-tree node" [ "$(grep -ac '/Type /Pages' "$tmp/info.qdf")" -eq 1 ]
check "lean: seed letter under 12 KB" [ "$(stat -c %s "$tmp/info.pdf")" -lt 12000 ]

# Subset tags come from the glyphs kept: the same letter, the same tags; a
# different set of glyphs, a different tag (merged files keep them apart).
"$appeal" write --lang en --name "Ana Pérez" --date 2026-11-28 -o "$tmp/t1.pdf"
"$appeal" write --lang en --name "Zoë Quist" --date 2026-11-28 -o "$tmp/t2.pdf"
t0=$(pdffonts "$tmp/info.pdf" | tail -n +3 | awk '{ print $1 }' | sort)
t1=$(pdffonts "$tmp/t1.pdf" | tail -n +3 | awk '{ print $1 }' | sort)
t2=$(pdffonts "$tmp/t2.pdf" | tail -n +3 | awk '{ print $1 }' | sort)
check "tags: same subsets, same names" [ "$t0" = "$t1" ]
check "tags: six capitals and a plus" [ -z "$(grep -v '^[A-Z]\{6\}+' <<<"$t1")" ]
check "tags: another subset, another name" [ "$(grep -v Bold <<<"$t1")" != "$(grep -v Bold <<<"$t2")" ]
check "tags: the same bold subset keeps its name" [ "$(grep Bold <<<"$t1")" = "$(grep Bold <<<"$t2")" ]

# A print file draws a paragraph seen before in it once, as a form XObject
# painted by every later page; a letter alone has none. Each page of the
# print file must render, and read, exactly as the same signer's own file,
# and that file is byte for byte the letter `write` makes (the font programs
# one PDF per signer reuses change nothing).
cat >"$tmp/forms.csv" <<'CSV'
Name,City,Language,Note
Ana Pérez,Mérida,en,
Łukasz Żółć,Łódź,es,
John Smith,Leeds,en,Please release them.
María José Núñez,Sevilla,es,
Nguyễn Thị Hương,Hà Nội,en,
Chloé Dubois,Lyon,en,
CSV
"$appeal" batch "$tmp/forms.csv" -o "$tmp/forms.pdf" -d 2026-11-28 -q 2>/dev/null
"$appeal" batch "$tmp/forms.csv" -o "$tmp/forms/" -d 2026-11-28 -q --manifest "$tmp/forms-m.csv" 2>/dev/null
check "forms: print file passes qpdf" qpdf --check "$tmp/forms.pdf" >/dev/null
qpdf --qdf --object-streams=disable "$tmp/forms.pdf" "$tmp/forms.qdf"
check "forms: the print file paints forms" [ "$(grep -ac '/Subtype /Form' "$tmp/forms.qdf")" -ge 4 ]
check "forms: six pages" contains "$(pdfinfo "$tmp/forms.pdf")" "Pages:           6"
page=0
while IFS=, read -r row name lang status file rest; do
	[ "$row" = "row" ] || [ "${row#$'\xef\xbb\xbf'}" = "row" ] && continue
	page=$((page + 1))
	one=$file
	qpdf --qdf --object-streams=disable "$one" "$tmp/one.qdf"
	check "forms: $name's own file paints none" [ "$(grep -ac '/Subtype /Form' "$tmp/one.qdf")" -eq 0 ]
	pdftoppm -r 40 -png -f $page -l $page "$tmp/forms.pdf" "$tmp/pp"
	pdftoppm -r 40 -png "$one" "$tmp/po"
	check "forms: page $page renders as $name's own file" cmp -s "$tmp"/pp-*.png "$tmp"/po-*.png
	rm -f "$tmp"/pp-*.png "$tmp"/po-*.png
	check "forms: page $page reads as $name's own file" [ "$(pdftotext -f $page -l $page "$tmp/forms.pdf" -)" = "$(pdftotext "$one" -)" ]
done <"$tmp/forms-m.csv"
check "forms: every signer compared" [ $page -eq 6 ]
"$appeal" write --lang en --name "Nguyễn Thị Hương" --city "Hà Nội" --date 2026-11-28 -o "$tmp/w.pdf" 2>/dev/null
check "forms: a file of the batch is the letter write makes" cmp -s "$tmp/w.pdf" "$tmp/forms/nguyen-thi-huong.pdf"
"$appeal" write --lang es --name "María José Núñez" --city Sevilla --date 2026-11-28 -o "$tmp/w.pdf" 2>/dev/null
check "forms: and another" cmp -s "$tmp/w.pdf" "$tmp/forms/maria-jose-nunez.pdf"
# What a further letter costs: 60 letters against one (issue 10: 1.6 KB).
{
	echo "Name,City,Language"
	for i in $(seq 60); do echo "Signer $i,Leeds,$([ $((i % 2)) -eq 0 ] && echo es || echo en)"; done
} >"$tmp/sixty.csv"
head -2 "$tmp/sixty.csv" >"$tmp/first.csv"
"$appeal" batch "$tmp/sixty.csv" -o "$tmp/sixty.pdf" -d 2026-11-28 -q 2>/dev/null
"$appeal" batch "$tmp/first.csv" -o "$tmp/first.pdf" -d 2026-11-28 -q 2>/dev/null
further=$((($(stat -c %s "$tmp/sixty.pdf") - $(stat -c %s "$tmp/first.pdf")) / 59))
check "forms: a further letter in a print file costs $further bytes (at most 1,600)" [ "$further" -le 1600 ]
check "forms: the 60-letter file passes qpdf" qpdf --check "$tmp/sixty.pdf" >/dev/null
check "forms: and holds every signer" [ "$(pdftotext "$tmp/sixty.pdf" - | grep -c '^Signer [0-9]*$')" -eq 60 ]

# A character no font can draw is refused with its code point; no file. So
# is one the font has but appeal does not promise (Hebrew, a bidi override).
for bad in "王秀英" "محمد" "Ana 😀" "דוד" $'Ana\u202e'; do
	out=$("$appeal" write --lang en --name "$bad" -o "$tmp/bad.pdf" 2>&1)
	rc=$?
	check "refuses $bad" [ $rc -eq 1 ]
	check "names the code point for $bad" grep -q "U+[0-9A-F]\{4,\}" <<<"$out"
	check "hint for $bad" contains "$out" "appeal: hint:"
	check "no file for $bad" [ ! -e "$tmp/bad.pdf" ]
done

# US Letter.
"$appeal" write --lang en --name "Ana Pérez" --paper letter -o "$tmp/letter.pdf"
check "US Letter size" contains "$(pdfinfo "$tmp/letter.pdf")" "612 x 792 pts (letter)"

# Reproducible: the same input gives the same bytes.
"$appeal" write --lang es --name "Ana Pérez" --date 2026-11-28 -o "$tmp/r1.pdf"
"$appeal" write --lang es --name "Ana Pérez" --date 2026-11-28 -o "$tmp/r2.pdf"
check "byte-identical output" cmp -s "$tmp/r1.pdf" "$tmp/r2.pdf"

# A signature with transparency becomes an image with a soft mask.
"$appeal" write --lang en --name "Ana Pérez" --signature "$data/signature.png" -o "$tmp/sig.pdf"
images=$(pdfimages -list "$tmp/sig.pdf" 2>/dev/null)
check "signature image" grep -q " image " <<<"$images"
check "signature alpha kept" grep -q " smask " <<<"$images"
check "signature pdf valid" qpdf --check "$tmp/sig.pdf" >/dev/null
out=$("$appeal" write --lang en --name "Ana" --signature "$data/corrupt.png" -o "$tmp/c.pdf" 2>&1)
check "corrupt PNG refused" [ $? -eq 1 ]
check "corrupt PNG message" contains "$out" "corrupt.png"
check "corrupt PNG leaves no file" [ ! -e "$tmp/c.pdf" ]
out=$("$appeal" write --lang en --name "Ana" --signature "$tmp/none.png" -o "$tmp/c.pdf" 2>&1)
check "missing PNG refused" [ $? -eq 1 ]
check "missing PNG message" contains "$out" "none.png"

# A long personal note runs onto a second page, with a header, and the
# closing keeps company with the body.
note=$(for i in 1 2 3 4 5 6; do printf 'I have followed these cases for years, and I ask you to act now, because every day in detention without a fair trial is another day of suffering for these families and their communities. '; printf '\n\n'; done)
"$appeal" write --lang en --name "Ana Pérez" --city "Mérida" --date 2026-11-28 --note "$note" -o "$tmp/long.pdf"
check "long letter: 2 pages" contains "$(pdfinfo "$tmp/long.pdf")" "Pages:           2"
p2=$(pdftotext -enc UTF-8 -f 2 -l 2 "$tmp/long.pdf" - 2>/dev/null)
check "page 2 header" contains "$p2" "page 2 of 2"
check "page 2 recipient" contains "$p2" "Nicolás Maduro · 28 November 2026"
check "closing on page 2" contains "$p2" "Yours sincerely,"
body_lines=$(sed -n '/page 2 of 2/,/Yours sincerely,/p' <<<"$p2" | grep -c '[a-z]')
check "at least two body lines with the closing" [ "$body_lines" -ge 4 ]
check "page 1 numbered" contains "$(pdftotext -enc UTF-8 -f 1 -l 1 "$tmp/long.pdf" - 2>/dev/null)" "page 1 of 2"
check "long letter valid" qpdf --check "$tmp/long.pdf" >/dev/null

finish pdf
