#!/usr/bin/env bash
# Languages as data: a campaign with French and German texts, written here
# (no such letter ships), passes `check` and prints with each language's
# date, quotation marks and hyphenation; signers name their language in
# words; an unknown language is refused by `check` where it is written.
# Usage: lang.sh APPEAL DATA_DIR
set -u
appeal=$1
data=$2
. "$(dirname "$0")/lib.sh"
need pdftotext qpdf python3

run() {
	"$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	out=$(cat "$tmp/out")
	err=$(cat "$tmp/err")
}

# The campaign: the shipped letter's addressee and names, with texts in two
# languages it does not ship. Long words and typed straight quotes, so that
# the PDF must show each language's hyphenation and quotation marks.
python3 - "$data/../../letters/venezuela-2025.json" "$tmp/fr-de.json" <<'EOF'
import json, sys
letter = json.load(open(sys.argv[1], encoding="utf-8"))
letter.update(id="fr-de-test", default=False, deadline="2026-12-15", preferred_languages=["fr", "de"])
letter["texts"] = {
    "fr": {
        "title": "Libérer les personnes détenues",
        "addressee_title": "Président de la République",
        "subject": "Libération des personnes détenues pour des raisons politiques",
        "salutation": "Monsieur le Président,",
        "paragraphs": [
            "Nous vous écrivons pour demander la libération de toutes les personnes privées de liberté "
            "pour des raisons politiques; leurs familles attendent des nouvelles depuis des semaines!",
            "Les autorités recourent aux disparitions forcées : les personnes détenues sont soustraites "
            "à la protection de la loi, ce qui est \"absolument incompatible\" avec les engagements "
            "internationaux. Ces pratiques anticonstitutionnelles et disproportionnées doivent cesser "
            "immédiatement, car les responsabilités institutionnelles sont incontestablement établies. "
            "Les organisations intergouvernementales demandent des éclaircissements circonstanciés.",
        ],
        "closing": "Veuillez agréer, Monsieur le Président, l'expression de ma haute considération.",
    },
    "de": {
        "title": "Inhaftierte Personen freilassen",
        "addressee_title": "Präsident der Republik",
        "subject": "Freilassung der aus politischen Gründen inhaftierten Personen",
        "salutation": "Sehr geehrter Herr Präsident,",
        "paragraphs": [
            "wir schreiben Ihnen, um die Freilassung aller Personen zu fordern, denen aus politischen "
            "Gründen die Freiheit entzogen wurde. Ihre Angehörigen warten seit Wochen auf Nachricht.",
            "Nach vorliegenden Berichten setzen die Behörden das Verschwindenlassen ein, um Inhaftierte "
            "dem Schutz des Gesetzes zu entziehen. Diese Menschenrechtsverletzungen sind \"absolut "
            "verboten\"; die Verantwortlichkeiten der Sicherheitsbehörden und die "
            "Rechtsstaatlichkeitsgrundsätze verlangen unverzügliche Untersuchungen durch unabhängige "
            "Gerichte und Informationsfreiheitsbeauftragte.",
        ],
        "closing": "Mit freundlichen Grüßen",
    },
}
json.dump(letter, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False, indent=1)
EOF
letter=$tmp/fr-de.json

run "$appeal" check "$letter"
check "check: French and German pass" [ $rc -eq 0 ]
check "check: two languages" contains "$out" "ok (fr-de-test, 2 languages)"

# A line of the PDF's text that ends in a hyphen inside a word: the next
# line goes on with a lower-case letter.
hyphenated() {
	python3 - "$1" <<'EOF'
import re, sys
lines = [l.strip() for l in open(sys.argv[1], encoding="utf-8").read().splitlines()]
for a, b in zip(lines, lines[1:]):
    if re.search(r"\w\w-$", a) and re.match(r"[a-zäöüßàâçéèêëîïôûù]", b):
        print("broken:", a.split()[-1] + b.split()[0], file=sys.stderr)
        sys.exit(0)
sys.exit(1)
EOF
}

for lang in fr de; do
	run "$appeal" write -l "$letter" -L "$lang" -n "Ana Pérez" -c "Lyon" -d 2026-11-28 -o "$tmp/$lang.pdf"
	check "$lang: write exits 0" [ $rc -eq 0 ]
	check "$lang: qpdf --check" qpdf --check "$tmp/$lang.pdf" >/dev/null
	# -layout: plain pdftotext joins a word broken at a line's end
	pdftotext -layout "$tmp/$lang.pdf" "$tmp/$lang.txt"
	check "$lang: a word broken with a hyphen" hyphenated "$tmp/$lang.txt"
	qpdf --qdf --object-streams=disable "$tmp/$lang.pdf" "$tmp/$lang.qdf"
	check "$lang: Lang in the catalogue" grep -aq "/Lang ($lang)" "$tmp/$lang.qdf"
done
text=$(cat "$tmp/fr.txt")
check "fr: date" contains "$text" "Lyon, 28 novembre 2026"
# pdftotext shows any space as U+0020; the page's text (Unicode values as
# the codes of the Unicode face) holds the narrow no-break spaces themselves.
check "fr: guillemets" contains "$text" "« absolument incompatible »"
check "fr: « then a narrow no-break space" grep -aq "<00ab202f0061" "$tmp/fr.qdf"
check "fr: a narrow no-break space then »" grep -aq "0065202f00bb" "$tmp/fr.qdf"
check "fr: a narrow no-break space before ;" grep -aq "202f003b" "$tmp/fr.qdf"
check "fr: a narrow no-break space before !" grep -aq "202f0021" "$tmp/fr.qdf"
check "fr: and before :" grep -aq "202f003a" "$tmp/fr.qdf"
check "fr: apostrophe" contains "$text" "l’expression"
text=$(cat "$tmp/de.txt")
check "de: date" contains "$text" "Lyon, 28. November 2026"
check "de: German quotes" contains "$text" "„absolut verboten“"
check "de: no French spaces" contains "$text" "verboten“;"

# Names of languages, as a spreadsheet writes them, choose the text.
printf 'Name,City,Language\nAna Pérez,Lyon,Français\nBea Schmidt,Köln,deutsch\nCarla Rossi,Bern,DE-ch\n' \
	>"$tmp/signers.csv"
run "$appeal" batch "$tmp/signers.csv" -l "$letter" -d 2026-11-28 -o "$tmp/all.pdf" --manifest "$tmp/m.csv"
check "batch: exits 0" [ $rc -eq 0 ]
check "batch: manifest languages" [ "$(cut -d, -f3 "$tmp/m.csv" | tail -n +2 | tr '\n' ' ')" = "fr de de " ]
pdftotext "$tmp/all.pdf" "$tmp/all.txt"
check "batch: French date" grep -q "Lyon, 28 novembre 2026" "$tmp/all.txt"
check "batch: German date" grep -q "Köln, 28. November 2026" "$tmp/all.txt"

# --lang takes a name or a region tag as well as a code.
run "$appeal" write -l "$letter" -L "Deutsch" -n "Ana" -d 2026-11-28 --format text -o -
check "--lang Deutsch" contains "$out" "28. November 2026"
run "$appeal" write -l "$letter" -L "fr-CA" -n "Ana" -d 2026-11-28 --format text -o -
check "--lang fr-CA" contains "$out" "28 novembre 2026"
# ...and LANG, when --lang is not given
run env LANG=de_DE.UTF-8 LC_ALL= LC_MESSAGES= "$appeal" write -l "$letter" -n "Ana" -d 2026-11-28 --format text -o -
check "language from LANG=de_DE.UTF-8" contains "$out" "28. November 2026"

# A text in a language appeal cannot write is refused by check, at the key.
python3 - "$letter" "$tmp/sv.json" <<'EOF'
import json, sys
letter = json.load(open(sys.argv[1], encoding="utf-8"))
letter["texts"]["sv"] = letter["texts"].pop("de")
letter["preferred_languages"] = ["fr"]
json.dump(letter, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False, indent=1)
EOF
line=$(grep -n '"sv": {' "$tmp/sv.json" | cut -d: -f1)
run "$appeal" check "$tmp/sv.json"
check "sv: check fails" [ $rc -eq 1 ]
check "sv: file:line:column and path" contains "$err" "appeal: $tmp/sv.json:$line:3: texts.sv: "
check "sv: says why" contains "$err" "appeal cannot write letters in the language \"sv\""
check "sv: hint lists the languages" contains "$err" "hint: appeal writes letters in en, es, fr, de, pt, it, nl, ca"
run "$appeal" write -l "$tmp/sv.json" -L fr -n Ana -o "$tmp/sv.pdf"
check "sv: write refuses the same file" [ $rc -eq 1 ] && [ ! -e "$tmp/sv.pdf" ]
# A name where a code belongs is refused with the code to write.
sed 's/"fr": {/"Français": {/' "$letter" >"$tmp/name.json"
run "$appeal" check "$tmp/name.json"
check "name as key: refused" [ $rc -eq 1 ]
check "name as key: hint" contains "$err" "hint: write \"fr\""

finish lang
