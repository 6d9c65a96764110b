#!/usr/bin/env bash
# appeal serve over real HTTP, with curl: the page, letters, refusals,
# limits, many clients at once, memory over many requests, stand mode and
# a clean stop. Usage: serve.sh APPEAL DATA_DIR
set -u
appeal=$1
data=$2
. "$(dirname "$0")/lib.sh"
need curl qpdf pdftotext pdfimages python3

# Under AddressSanitizer, freed memory waits in a 256 MB quarantine: a
# small one keeps resident memory a measure of what the server holds.
[ -n "${ASAN_OPTIONS:-}" ] && export ASAN_OPTIONS="$ASAN_OPTIONS:quarantine_size_mb=4"

server_pid=
stop_server() { # stop_server [SIGNAL]: stops it and waits; sets $stopped to its exit status
	stopped=
	[ -n "$server_pid" ] || return 0
	kill -"${1:-TERM}" "$server_pid" 2>/dev/null
	wait "$server_pid"
	stopped=$?
	server_pid=
}
trap 'stop_server; rm -rf "$tmp"' EXIT

start_server() { # start_server ARGS...: sets $url, $server_pid; output in $tmp/server.{out,err}
	"$appeal" serve --port 0 "$@" >"$tmp/server.out" 2>"$tmp/server.err" &
	server_pid=$!
	url=
	for _ in $(seq 200); do
		url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$tmp/server.out" 2>/dev/null | head -n 1)
		[ -n "$url" ] && return 0
		kill -0 "$server_pid" 2>/dev/null || break
		sleep 0.1
	done
	echo "appeal serve did not start:" >&2
	cat "$tmp/server.err" >&2
	return 1
}

# fetch OUT [curl args...]: the body in OUT, $code, $type, headers in $tmp/headers.
fetch() {
	local out=$1
	shift
	read -r code type < <(curl -s -o "$out" -D "$tmp/headers" -w '%{http_code} %{content_type}\n' "$@")
}
header() { grep -i "^$1:" "$tmp/headers" | head -n 1 | cut -d' ' -f2- | tr -d '\r'; }
text() { pdftotext "$1" - 2>/dev/null | tr '\n\f' '  ' | sed 's/\xc2\xa0/ /g' | tr -s ' '; }
rss() { awk '/^VmRSS:/ { print $2 }' "/proc/$server_pid/status"; }

# ------------------------------------------------------------------ the command line

"$appeal" serve --help >"$tmp/help" 2>&1
check "--help exits 0" [ $? -eq 0 ]
check "--help shows --stand" grep -q -- "--stand FILE" "$tmp/help"
"$appeal" serve --port 70000 >/dev/null 2>"$tmp/err"
check "a port out of range is a usage error" [ $? -eq 2 ]
check "a port out of range is named" grep -q -- "--port must be a number from 0 to 65535" "$tmp/err"
"$appeal" serve --bind no.such.host.invalid >/dev/null 2>"$tmp/err"
check "an unknown address is a usage error" [ $? -eq 2 ]
"$appeal" serve --date 2026-02-30 >/dev/null 2>"$tmp/err"
check "a date not in the calendar is a usage error" [ $? -eq 2 ]

# ------------------------------------------------------------------ the page

start_server || exit 1
check "prints the address to open, on loopback" grep -q "serving 'venezuela-2025' at http://127.0.0.1:[0-9]*/" "$tmp/server.out"
check "says nothing loud on loopback" [ -z "$(grep -i warning "$tmp/server.err")" ]

fetch "$tmp/page.html" "$url/"
check "GET / is 200" [ "$code" = 200 ]
check "GET / is HTML" [ "$type" = "text/html; charset=utf-8" ]
check "page has a language" grep -q '<html lang="en">' "$tmp/page.html"
check "the English page is headed with the English text's title" \
	grep -q '<h1>Release persons arbitrarily detained</h1>' "$tmp/page.html"
fetch "$tmp/page-es.html" -H 'Accept-Language: es-ES,es;q=0.9' "$url/"
check "Accept-Language: es gives the Spanish page" grep -q '<html lang="es">' "$tmp/page-es.html"
check "the Spanish page is headed with the Spanish text's title" \
	grep -q '<h1>Liberen a las personas detenidas arbitrariamente</h1>' "$tmp/page-es.html"
check "CSP forbids framing" grep -q "frame-ancestors 'none'" <<<"$(header Content-Security-Policy)"
check "CSP: scripts only from the page's own server, none inline" \
	grep -q "script-src 'self';" <<<"$(header Content-Security-Policy)"
check "X-Content-Type-Options" [ "$(header X-Content-Type-Options)" = nosniff ]
check "Referrer-Policy: nothing to other sites" [ "$(header Referrer-Policy)" = same-origin ]
check "nothing cached" [ "$(header Cache-Control)" = no-store ]

# Every field has a label; nothing is loaded from elsewhere; no inline script.
python3 - "$tmp/page.html" >"$tmp/page-check" <<'EOF'
import sys
from html.parser import HTMLParser

class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.fields, self.labels, self.problems = [], set(), []
        self.in_script = False
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("input", "select", "textarea") and a.get("type") != "hidden":
            self.fields.append(a.get("id"))
        if tag == "label":
            self.labels.add(a.get("for"))
        for key in ("src", "href", "action"):
            v = a.get(key)
            if v is not None and (not v.startswith("/") or v.startswith("//")):
                self.problems.append(f"{tag} {key}={v} is not on this server")
        if tag == "script" and "src" not in a:
            self.problems.append("inline script")
        if any(k.startswith("on") for k in a):
            self.problems.append(f"inline event handler on {tag}")
        if tag == "canvas" and not a.get("aria-label"):
            self.problems.append("canvas without a label")

p = Page()
p.feed(open(sys.argv[1], encoding="utf-8").read())
for f in p.fields:
    if f not in p.labels:
        p.problems.append(f"field {f} has no label")
print(f"fields {len(p.fields)}")
for x in p.problems:
    print(x)
EOF
check "the page has its fields" grep -q "^fields [5-9]" "$tmp/page-check"
check "every field labelled, nothing from outside, no inline script" [ "$(wc -l <"$tmp/page-check")" -eq 1 ]
cat "$tmp/page-check" | tail -n +2 >&2
for asset in form.css form.js; do
	fetch "$tmp/$asset" "$url/$asset"
	check "$asset is served" [ "$code" = 200 ]
	check "$asset refers to nothing outside" [ -z "$(grep -E 'https?:|url\(|@import|//[a-z]' "$tmp/$asset" | grep -v '^\s*//')" ]
done
check "the script has its type" grep -q "text/javascript" <<<"$(curl -s -o /dev/null -w '%{content_type}' "$url/form.js")"
fetch "$tmp/x" -I "$url/"
check "HEAD / is 200" [ "$code" = 200 ]

# ------------------------------------------------------------------ letters

fetch "$tmp/ana.pdf" --data-urlencode "name=Ana Pérez" --data-urlencode "city=Mérida" -d lang=es \
	--data-urlencode "note=Pienso en estas familias cada día." "$url/letter"
check "POST /letter is 200" [ "$code" = 200 ]
check "POST /letter is a PDF" [ "$type" = application/pdf ]
check "qpdf --check" qpdf --check "$tmp/ana.pdf" >/dev/null
t=$(text "$tmp/ana.pdf")
check "the PDF has the signer's name" contains "$t" "Ana Pérez"
check "the PDF has the note" contains "$t" "Pienso en estas familias cada día."
check "the PDF has the Spanish closing" contains "$t" "Atentamente,"
check "the PDF has the Spanish date" contains "$t" "Mérida, 28 de noviembre de 2026"
cd_header=$(header Content-Disposition)
check "a download, named after the signer" contains "$cd_header" "attachment; filename=\"letter Ana P_rez.pdf\""
check "the exact name, RFC 8187" contains "$cd_header" "filename*=UTF-8''letter%20Ana%20P%C3%A9rez.pdf"

fetch "$tmp/sig.pdf" -F "name=Łukasz Żółć" -F lang=en -F "signature=@$data/signature.png;type=image/png" "$url/letter"
check "multipart with a signature: 200" [ "$code" = 200 ]
check "multipart: the name" contains "$(text "$tmp/sig.pdf")" "Łukasz Żółć"
check "multipart: the English closing" contains "$(text "$tmp/sig.pdf")" "Yours sincerely,"
check "multipart: the signature is drawn" [ "$(pdfimages -list "$tmp/sig.pdf" | awk '$3 == "image"' | wc -l)" -eq 1 ]
fetch "$tmp/x" -F "name=Ana" -F lang=en -F "signature=@$tmp/page.html;type=image/png" "$url/letter"
check "a signature that is not a PNG: 400" [ "$code" = 400 ]
check "not a PNG: says so" grep -q "not a PNG image" "$tmp/x"
check "not a PNG: says where" grep -q "Signature (optional)" "$tmp/x"
head -c 300 "$data/signature.png" >"$tmp/cut.png"
fetch "$tmp/x" -F "name=Ana" -F lang=en -F "signature=@$tmp/cut.png;type=image/png" "$url/letter"
check "a truncated PNG: 400" [ "$code" = 400 ]
fetch "$tmp/x" -F "name=Ana" -F lang=en -F "signature=@$data/corrupt.png;type=image/png" "$url/letter"
check "a corrupt PNG: 400" [ "$code" = 400 ]
# A PNG header claiming 100,000 x 100,000 pixels, correct checksums.
python3 - "$tmp/bomb.png" <<'EOF'
import struct, sys, zlib
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
ihdr = struct.pack(">IIBBBBB", 100000, 100000, 8, 6, 0, 0, 0)
idat = zlib.compressobj().compress(b"\0" * 1000)
open(sys.argv[1], "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b""))
EOF
fetch "$tmp/x" -F "name=Ana" -F lang=en -F "signature=@$tmp/bomb.png;type=image/png" "$url/letter"
check "a PNG claiming 100000x100000 pixels: 400" [ "$code" = 400 ]
check "too many pixels: says so" grep -q "100000x100000 pixels" "$tmp/x"

# ------------------------------------------------------------------ bad input

fetch "$tmp/zh.html" --data-urlencode "name=中村" -d lang=es "$url/letter"
check "a Chinese name: 400" [ "$code" = 400 ]
check "a Chinese name: an HTML page" [ "$type" = "text/html; charset=utf-8" ]
check "a Chinese name: names U+4E2D" grep -q "U+4E2D" "$tmp/zh.html"
check "a Chinese name: says where" grep -q "Your name" "$tmp/zh.html"
check "a 400 page has a language" grep -q '<html lang="en">' "$tmp/zh.html"
fetch "$tmp/x" --data-urlencode "name=<script>alert(1)</script>" -d lang=xx "$url/letter"
check "an unknown language: 400" [ "$code" = 400 ]
check "what a visitor sent is escaped" [ -z "$(grep -F '<script>alert' "$tmp/x")" ]
fetch "$tmp/x" -d "name=Ana" -d "colour=blue" "$url/letter"
check "an unknown field: 400" [ "$code" = 400 ]
check "an unknown field is named" grep -q "colour" "$tmp/x"
fetch "$tmp/x" -d "name=Ana" -d "name=Bob" "$url/letter"
check "a field twice: 400" [ "$code" = 400 ]
fetch "$tmp/x" --data-urlencode "name=$(head -c 201 /dev/zero | tr '\0' a)" "$url/letter"
check "a name over 200 bytes: 400" [ "$code" = 400 ]
check "too long: says the limit" grep -q "at most 200 bytes" "$tmp/x"
fetch "$tmp/x" -d "name=Ana%00Bob" "$url/letter"
check "a NUL in a field: 400" [ "$code" = 400 ]
fetch "$tmp/x" -d "name=%20%20" "$url/letter"
check "a blank name: 400" [ "$code" = 400 ]
fetch "$tmp/x" -d "name=Ana" -d "email=ana@example.org" "$url/letter"
check "an e-mail outside stand mode is not silently dropped" [ "$code" = 400 ]
fetch "$tmp/x" -d "name=Ana%FF" "$url/letter"
check "invalid UTF-8: 400" [ "$code" = 400 ]
fetch "$tmp/x" -H "Content-Type: application/json" -d '{"name":"Ana"}' "$url/letter"
check "JSON is not a form: 415" [ "$code" = 415 ]

head -c 3000000 /dev/zero | tr '\0' a >"$tmp/big"
fetch "$tmp/x" --data-binary "@$tmp/big" "$url/letter"
check "a 3 MB body: 413" [ "$code" = 413 ]
fetch "$tmp/x" -H "Transfer-Encoding: chunked" --data-binary "@$tmp/big" "$url/letter"
check "a 3 MB chunked body: 413" [ "$code" = 413 ]

for path in /../../etc/passwd /%2e%2e/%2e%2e/etc/passwd /..%2f..%2fetc%2fpasswd /%252e%252e%252fetc%252fpasswd \
	/form.css/../../../etc/passwd "/..%5c..%5cetc%5cpasswd" /etc/passwd /letter/../../etc/passwd /%00; do
	fetch "$tmp/x" --path-as-is "$url$path"
	check "GET $path: 404" [ "$code" = 404 ]
	check "GET $path: no file served" [ -z "$(grep -F 'root:' "$tmp/x")" ]
done
fetch "$tmp/x" "$url/letter"
check "GET /letter: 405" [ "$code" = 405 ]
check "405 says what is allowed" [ "$(header Allow)" = POST ]
fetch "$tmp/x" -X DELETE "$url/"
check "DELETE /: 405" [ "$code" = 405 ]
fetch "$tmp/x" -d "name=Ana" "$url/nowhere"
check "POST to an unknown path: 404" [ "$code" = 404 ]

fetch "$tmp/x" -H "Origin: http://evil.example" -d "name=Ana" "$url/letter"
check "a post from another site's page (Origin): 403" [ "$code" = 403 ]
fetch "$tmp/x" -H "Sec-Fetch-Site: cross-site" -d "name=Ana" "$url/letter"
check "a post from another site's page (Sec-Fetch-Site): 403" [ "$code" = 403 ]
fetch "$tmp/x" -H "Origin: null" -d "name=Ana" "$url/letter"
check "Origin null: 403" [ "$code" = 403 ]
fetch "$tmp/x" -H "Origin: $url" -H "Sec-Fetch-Site: same-site" -d "name=Ana" "$url/letter"
check "another port or subdomain of the same site: 403" [ "$code" = 403 ]
fetch "$tmp/x" -H "Origin: null" -H "Sec-Fetch-Site: same-origin" -d "name=Ana" -d lang=en "$url/letter"
check "the page's own form with Origin null: 200" [ "$code" = 200 ]
fetch "$tmp/x" -H "Origin: $url" -H "Sec-Fetch-Site: same-origin" -d "name=Ana" -d lang=en "$url/letter"
check "a post from the page itself: 200" [ "$code" = 200 ]
fetch "$tmp/x" -H "Host: rebound.example:${url##*:}" "$url/"
check "a foreign Host on loopback (DNS rebinding): 421" [ "$code" = 421 ]

# ------------------------------------------------------------------ the page counter

pages() { curl -s --data-urlencode "note=$1" -d lang=en -d "name=Ana Pérez" "$url/pages"; }
answer=$(pages "I think of these families every day.")
check "a short note fits ($answer)" grep -q '^{"pages":1,"room":[1-9][0-9]*,"near":false}$' <<<"$answer"
room=$(sed 's/.*"room":\([0-9]*\).*/\1/' <<<"$answer")
more=$(pages "I think of these families every day. $(printf 'word %.0s' $(seq $(( (room + 40) / 5 ))))")
check "40 characters more than the room it gives do not fit" contains "$more" '"pages":2'
fewer=$(pages "I think of these families every day. $(printf 'word %.0s' $(seq $(( (room - 40) / 5 ))))")
check "40 fewer than the room do fit" contains "$fewer" '"pages":1,'
check "a long note needs a second page" contains "$(pages "$(printf 'words of my own %.0s' $(seq 200))")" '"pages":2'
# Growing the note, the warning comes before the second page does.
first_near=0
first_over=0
note=
for i in $(seq 1 60); do
	note="$note Every family deserves to know."
	answer=$(pages "$note")
	[ $first_near -eq 0 ] && contains "$answer" '"near":true' && first_near=$i
	[ $first_over -eq 0 ] && contains "$answer" '"pages":2' && first_over=$i
done
check "the counter warns ($first_near) before the page overflows ($first_over)" \
	[ $first_near -gt 0 -a $first_near -lt $first_over ]
check "a character the fonts cannot draw, live" contains "$(curl -s --data-urlencode "city=東京" -d lang=en "$url/pages")" "U+6771"

# ------------------------------------------------------------------ many clients

mkdir "$tmp/many"
seq -w 1 400 | xargs -P 8 -I{} curl -s -o "$tmp/many/{}.pdf" -w '%{http_code}\n' \
	--data-urlencode "name=Signer {} Pérez" -d lang=es "$url/letter" >"$tmp/many.codes"
check "400 letters from 8 clients: all 200" [ "$(grep -c '^200$' "$tmp/many.codes")" -eq 400 ]
bad=0
for f in "$tmp"/many/*.pdf; do
	n=$(basename "$f" .pdf)
	if ! qpdf --check "$f" >/dev/null 2>&1 || ! contains "$(text "$f")" "Signer $n Pérez"; then
		bad=$((bad + 1))
		echo "FAIL: $f" >&2
	fi
done
check "each of the 400 PDFs valid and its own signer's" [ $bad -eq 0 ]

# Memory: warm up, then 10,000 requests of every kind; resident memory may
# not keep growing (a generous bound, not a timing).
burst() { # burst N PATH ARGS...: N requests, 8 at a time (curl -Z; one at a time for multipart,
	# which curl 7.88 cannot send in parallel)
	local n=$1 path=$2 parallel=(-Z --parallel-max 8)
	shift 2
	[ "${1:-}" = -F ] && parallel=()
	curl -s --no-progress-meter "${parallel[@]}" -o /dev/null -w '%{stderr}%{http_code}\n' "$@" \
		"$url$path?i=[1-$n]" 2>>"$tmp/burst.codes" >/dev/null
}
: >"$tmp/burst.codes"
burst 200 /letter --data-urlencode "name=Ana Pérez" -d lang=es
before=$(rss)
: >"$tmp/burst.codes"
burst 1500 /letter --data-urlencode "name=Ana Pérez" -d lang=es --data-urlencode "note=Pienso en ellos."
burst 500 /letter -F "name=Ana" -F lang=en -F "signature=@$data/signature.png;type=image/png"
burst 4000 /pages --data-urlencode "note=A few words." -d lang=en
burst 2000 / -o /dev/null
burst 1000 /letter --data-urlencode "name=中村" -d lang=en
burst 1000 /nowhere
after=$(rss)
total=$(grep -c '^[0-9]' "$tmp/burst.codes")
check "10,000 requests answered" [ "$total" -eq 10000 ]
check "10,000 requests: only 200, 400 and 404" [ -z "$(grep -v '^\(200\|400\|404\)$' "$tmp/burst.codes")" ]
echo "resident memory: $before KiB after warm-up, $after KiB after 10,000 requests" >&2
check "memory flat after 10,000 requests ($before -> $after KiB)" [ "$after" -le $((before + 40 * 1024)) ]

stop_server TERM
check "SIGTERM: exits 0" [ "$stopped" = 0 ]
check "SIGTERM: says it stops" grep -q "stopping (SIGTERM)" "$tmp/server.err"

# ------------------------------------------------------------------ stand mode

stand=$tmp/stand.csv
start_server --stand "$stand" || exit 1
check "stand mode says where signers go" grep -q "added to $stand" "$tmp/server.out"
check "the stand file is private" [ "$(stat -c %a "$stand")" = 600 ]
"$appeal" serve --port 0 --stand "$stand" >/dev/null 2>"$tmp/err"
check "a second server on the same stand file: refused" [ $? -eq 1 ]
check "a second server: says why" grep -q "in use by another appeal serve" "$tmp/err"
fetch "$tmp/stand.html" "$url/"
check "stand page asks for consent" grep -q 'name="consent"' "$tmp/stand.html"
check "stand page asks for an e-mail" grep -q 'name="email"' "$tmp/stand.html"

fetch "$tmp/thanks.html" --data-urlencode "name=Ana Pérez" --data-urlencode "city=Mérida" -d lang=es -d consent=yes \
	--data-urlencode "note=Pienso en ellos, cada día." -d email=ana@example.org "$url/letter"
check "a consenting signer: 200" [ "$code" = 200 ]
check "a consenting signer: a page, not a PDF" [ "$type" = "text/html; charset=utf-8" ]
check "the page thanks them" grep -q "Thank you" "$tmp/thanks.html"
check "the page does not show their data" [ -z "$(grep -e 'Ana' -e 'Mérida' -e 'ana@' "$tmp/thanks.html")" ]
check "the page goes back to an empty form" grep -q 'http-equiv="refresh"' "$tmp/thanks.html"
seq -w 1 30 | xargs -P 8 -I{} curl -s -o /dev/null -w '%{http_code}\n' --data-urlencode "name=Stand {} Signer" \
	-d lang=en -d consent=yes "$url/letter" >"$tmp/stand.codes"
check "30 more signers at once: all 200" [ "$(grep -c '^200$' "$tmp/stand.codes")" -eq 30 ]
fetch "$tmp/x" --data-urlencode "name==HYPERLINK(\"http://x\",\"click\")" -d lang=en -d consent=yes "$url/letter"
check "a formula-looking name is kept" [ "$code" = 200 ]
fetch "$tmp/x" --data-urlencode "name=Not Kept" -d lang=en "$url/letter"
check "without consent: the PDF, here and now" [ "$type" = application/pdf ]
fetch "$tmp/x" --data-urlencode "name=中村" -d lang=en -d consent=yes "$url/letter"
check "a letter that cannot be printed is not kept: 400" [ "$code" = 400 ]
fetch "$tmp/x" --data-urlencode "name=Ana" -d lang=en -d consent=yes -d "email=not an address" "$url/letter"
check "a mistyped e-mail: 400" [ "$code" = 400 ]
fetch "$tmp/x" -F "name=Ana" -F lang=en -F consent=yes -F "signature=@$data/signature.png;type=image/png" "$url/letter"
check "a signature that a stand cannot keep is not dropped silently: 400" [ "$code" = 400 ]
stop_server INT
check "SIGINT: exits 0" [ "$stopped" = 0 ]
check "SIGINT: counts the signers" grep -q "32 signers added to $stand" "$tmp/server.err"

check "the stand file: a header and 32 rows" [ "$(grep -c '' "$stand")" -eq 33 ]
check "the stand file holds no one who did not agree" [ -z "$(grep -e 'Not Kept' -e '中村' "$stand")" ]
check "the formula is neutralised in the file" grep -q "^\"'=HYPERLINK" "$stand"
"$appeal" batch "$stand" -o "$tmp/stand.pdf" >"$tmp/batch.out" 2>&1
check "appeal batch reads the stand file" [ $? -eq 0 ]
check "appeal batch prints all 32" grep -q "32 written" "$tmp/batch.out"
t=$(text "$tmp/stand.pdf")
check "batch: the first signer, in Spanish" contains "$t" "Mérida, 28 de noviembre de 2026"
check "batch: the first signer's note" contains "$t" "Pienso en ellos, cada día."
check "batch: the name that looked like a formula, as typed" contains "$t" ' =HYPERLINK('
check "batch: without the guard's apostrophe" [ -z "$(grep -F "'=HYPERLINK" <<<"$t")" ]
missing=0
for i in $(seq -w 1 30); do contains "$t" "Stand $i Signer" || missing=$((missing + 1)); done
check "batch: every stand signer" [ $missing -eq 0 ]

# The file keeps growing across runs, and is never rewritten.
cp "$stand" "$tmp/stand.before"
start_server --stand "$stand" || exit 1
fetch "$tmp/x" --data-urlencode "name=Next Day" -d lang=en -d consent=yes "$url/letter"
stop_server
check "a second day appends" [ "$(grep -c '' "$stand")" -eq 34 ]
check "earlier rows are untouched" cmp -s "$tmp/stand.before" <(head -n 33 "$stand")
printf 'Nombre;Ciudad\nAna;Mérida\n' >"$tmp/other.csv"
"$appeal" serve --port 0 --stand "$tmp/other.csv" >/dev/null 2>"$tmp/err"
check "someone else's table is not appended to" [ $? -eq 1 ]
check "someone else's table: says why" grep -q "is not a stand file written by appeal serve" "$tmp/err"
ln -s "$stand" "$tmp/link.csv"
"$appeal" serve --port 0 --stand "$tmp/link.csv" >/dev/null 2>"$tmp/err"
check "a symbolic link as the stand file: refused" [ $? -eq 1 ]

finish serve
