#!/usr/bin/env bash
# appeal send against a real SMTP server (Debian's aiosmtpd, on 127.0.0.1,
# a free port, stopping by itself): exactly once across runs and kill -9,
# refusals, STARTTLS and implicit TLS with a certificate made here, AUTH,
# drafts and --to, mbox sources, the journal's lock.
# Usage: send.sh APPEAL PYTHON
set -u
appeal=$1
py=${2:-/usr/bin/python3}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
need openssl
"$py" -c 'import aiosmtpd' 2>/dev/null || { echo "missing checker: python3-aiosmtpd for $py" >&2; exit 1; }

servers=()
stop_servers() { for p in "${servers[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; }
trap 'stop_servers; [ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT

# server NAME ARGS...: starts a server spooling to $tmp/NAME; sets $port.
server() {
	local name=$1; shift
	rm -rf "$tmp/spool-$name" "$tmp/$name.port"
	"$py" "$here/smtp-server.py" --port-file "$tmp/$name.port" --spool "$tmp/spool-$name" --lifetime 300 "$@" \
		2>"$tmp/$name.log" &
	servers+=($!)
	for _ in $(seq 200); do [ -s "$tmp/$name.port" ] && break; sleep 0.1; done
	port=$(cat "$tmp/$name.port" 2>/dev/null)
	[ -n "$port" ] || { echo "the test SMTP server did not start:" >&2; cat "$tmp/$name.log" >&2; exit 1; }
}
delivered() { [ -f "$tmp/spool-$1/log.jsonl" ] && wc -l <"$tmp/spool-$1/log.jsonl" || echo 0; }
ids() { "$py" -c 'import json,sys
for l in open(sys.argv[1]): print(json.loads(l)["message_id"])' "$tmp/spool-$1/log.jsonl" | sort; }
dupes() { ids "$1" | uniq -d; }

# 40 messages as a mail program would keep them: non-ASCII names, one
# draft without To:, one with Cc and Bcc. (appeal's own messages are
# tested in eml.sh.)
make_messages() { # make_messages DIR N
	"$py" - "$1" "$2" <<'EOF'
import os, sys
from email.message import EmailMessage
d, n = sys.argv[1], int(sys.argv[2])
os.makedirs(d, exist_ok=True)
names = ["Ana Pérez", "Łukasz Żółć", "John Smith", "María José Núñez", "Ayşe Yıldız"]
for i in range(n):
    m = EmailMessage()
    m["From"] = "%s %d <signer%d@example.org>" % (names[i % 5], i, i)
    if i == 7:
        m["X-Unsent"] = "1"
    else:
        m["To"] = "Presidencia <presidencia@example.gob.ve>"
    if i == 8:
        m["Cc"] = "copy@example.net"
        m["Bcc"] = "hidden@example.net"
    m["Subject"] = "Liberación inmediata %d" % i
    m["Date"] = "Sat, 28 Nov 2026 12:00:00 +0000"
    m["Message-ID"] = "<letter-%04d@example.org>" % i
    m.set_content("Señor Presidente:\n\nLe escribo %d.\n" % i)
    with open(os.path.join(d, "m%04d.eml" % i), "wb") as f:
        f.write(bytes(m))
EOF
}

make_messages "$tmp/mail" 40
server plain
url=smtp://127.0.0.1:$port

# --- dry run ----------------------------------------------------------------
run "$appeal" send "$tmp/mail/" --dry-run
check "dry run: status 1 (a draft without To:)" [ $rc -eq 1 ]
check "dry run: lists 39" [ "$(grep -c '^would send ' "$tmp/out")" -eq 39 ]
check "dry run: decoded names" contains "$out" "Łukasz Żółć 1 <signer1@example.org> -> Presidencia <presidencia@example.gob.ve>: Liberación inmediata 1"
check "dry run: the draft reported with its file" contains "$err" "m0007.eml:1: the message is a draft with no recipient"
check "dry run: a hint names --to" contains "$err" "--to ADDR"
check "dry run: nothing delivered" [ "$(delivered plain)" -eq 0 ]
check "dry run: no journal" [ ! -e "$tmp/mail.sent" ]
run "$appeal" send "$tmp/mail/" --dry-run --to desk@example.org
check "dry run --to: all 40" [ "$(grep -c '^would send ' "$tmp/out")" -eq 40 ] && check "dry run --to: 0" [ $rc -eq 0 ]

# --- twice: each exactly once -------------------------------------------------
run "$appeal" send "$tmp/mail/" --smtp "$url" --no-tls --to desk@example.org
check "first run: 0" [ $rc -eq 0 ]
check "first run: summary" contains "$err" "40 messages in $tmp/mail/: 40 sent, 0 already sent, 0 refused, 0 failed, 0 skipped; journal $tmp/mail.sent"
check "first run: 40 delivered" [ "$(delivered plain)" -eq 40 ]
run "$appeal" send "$tmp/mail/" --smtp "$url" --no-tls --to desk@example.org
check "second run: 0" [ $rc -eq 0 ]
check "second run: nothing sent" contains "$err" "40 messages in $tmp/mail/: 0 sent, 40 already sent"
check "twice: still 40 delivered" [ "$(delivered plain)" -eq 40 ]
check "twice: 40 different Message-IDs" [ "$(ids plain | uniq | wc -l)" -eq 40 ]
check "twice: no Message-ID twice" [ -z "$(dupes plain)" ]
check "journal: 40 sent lines" [ "$(grep -c '^sent	<letter-' "$tmp/mail.sent")" -eq 40 ]

# What went out: --to filled the draft, X-Unsent and Bcc gone, Bcc still delivered.
"$py" - "$tmp/spool-plain" >"$tmp/out" 2>&1 <<'EOF'
import email, email.policy, json, sys
d = sys.argv[1]
seen = {}
for line in open(d + "/log.jsonl"):
    e = json.loads(line)
    m = email.message_from_bytes(open(e["file"], "rb").read(), policy=email.policy.default)
    seen[m["Message-ID"]] = (e, m)
e, m = seen["<letter-0007@example.org>"]
assert str(m["To"]) == "desk@example.org", m["To"]
assert m["X-Unsent"] is None
assert e["rcpt"] == ["desk@example.org"], e
e, m = seen["<letter-0008@example.org>"]
assert m["Bcc"] is None, "Bcc sent"
assert sorted(e["rcpt"]) == ["copy@example.net", "hidden@example.net", "presidencia@example.gob.ve"], e
e, m = seen["<letter-0001@example.org>"]
assert m["From"].addresses[0].display_name == "Łukasz Żółć 1"
assert e["from"] == "signer1@example.org"
assert m.get_content().replace("\r\n", "\n") == "Señor Presidente:\n\nLe escribo 1.\n"
print("ok")
EOF
check "delivered messages: To filled, Bcc and X-Unsent gone, bodies intact ($(tail -1 "$tmp/out"))" [ "$(tail -1 "$tmp/out")" = ok ]

# --- kill -9 half-way, then again --------------------------------------------
make_messages "$tmp/kill" 40
server k
"$appeal" send "$tmp/kill" --smtp "smtp://127.0.0.1:$port" --no-tls --to desk@example.org --rate 300/min \
	>/dev/null 2>&1 &
pid=$!
for _ in $(seq 600); do
	[ "$(cat "$tmp/kill.sent" 2>/dev/null | grep -c '^sent')" -ge 12 ] && break
	sleep 0.05
done
kill -9 $pid
wait $pid 2>/dev/null
before=$(delivered k)
# The only message a kill can leave undecided is one the journal shows as
# "sending" without "sent": all of it went, the answer was not recorded.
uncertain=$(awk -F'\t' '/^sending/ { s[$2] = 1 } /^sent/ { delete s[$2] } END { for (i in s) print i }' "$tmp/kill.sent" | sort)
check "kill -9: stopped half-way ($before of 40)" [ "$before" -ge 12 ] && check "kill -9: not all" [ "$before" -lt 40 ]
run "$appeal" send "$tmp/kill" --smtp "smtp://127.0.0.1:$port" --no-tls --to desk@example.org
check "after kill -9: 0" [ $rc -eq 0 ]
check "after kill -9: the rest delivered" [ "$(ids k | uniq | wc -l)" -eq 40 ]
d=$(dupes k)
check "after kill -9: nothing twice but an undecided one (dupes: '${d}', undecided: '${uncertain}')" \
	[ -z "$d" ] || [ -z "$(comm -23 <(echo "$d") <(echo "$uncertain"))" ]
check "after kill -9: sent counts the rest" contains "$err" "$((40 - before)) sent, $before already sent"

# --- the window between the end of data and the answer -------------------
make_messages "$tmp/drop" 3
server drop --drop-after-data 1
run "$appeal" send "$tmp/drop" --smtp "smtp://127.0.0.1:$port" --no-tls --to desk@example.org
check "dropped answer: 1" [ $rc -eq 1 ]
check "dropped answer: reported as maybe delivered" contains "$err" "m0000.eml: the connection failed after the message was sent, before the server answered"
check "dropped answer: the others sent" contains "$err" "2 sent, 0 already sent, 0 refused, 1 failed"
run "$appeal" send "$tmp/drop" --smtp "smtp://127.0.0.1:$port" --no-tls --to desk@example.org
check "dropped answer, again: 0" [ $rc -eq 0 ]
check "dropped answer, again: sent with the same Message-ID, said so" contains "$err" "m0000.eml was sent again with the same Message-ID <letter-0000@example.org>"
check "dropped answer, again: 3 delivered" [ "$(delivered drop)" -eq 3 ]

# --- a refused recipient ------------------------------------------------------
make_messages "$tmp/ref" 5
"$py" - "$tmp/ref/m0003.eml" <<'EOF'
import sys
p = sys.argv[1]
s = open(p, "rb").read().replace(b"presidencia@example.gob.ve", b"nobody@example.gob.ve")
open(p, "wb").write(s)
EOF
server ref --refuse nobody@example.gob.ve
run "$appeal" send "$tmp/ref" --smtp "smtp://127.0.0.1:$port" --no-tls --to desk@example.org
check "refused: 1" [ $rc -eq 1 ]
check "refused: the server's reply, with the file" contains "$err" "m0003.eml: the server refused the message to Presidencia <nobody@example.gob.ve>: 550 5.1.1 <nobody@example.gob.ve>: mailbox unavailable"
check "refused: the others delivered" [ "$(delivered ref)" -eq 4 ]
check "refused: counted" contains "$err" "4 sent, 0 already sent, 1 refused"
check "refused: in the journal" grep -q '^refused	<letter-0003@example.org>.*550 5.1.1' "$tmp/ref.sent"
server ref2
run "$appeal" send "$tmp/ref" --smtp "smtp://127.0.0.1:$port" --no-tls --to desk@example.org
check "refused, then accepted: 0" [ $rc -eq 0 ] && check "refused, then accepted: only that one" contains "$err" "1 sent, 4 already sent"

# --- duplicate Message-IDs in the source ---------------------------------------
make_messages "$tmp/dup" 3
cp "$tmp/dup/m0001.eml" "$tmp/dup/m0001-copy.eml"
server dup
run "$appeal" send "$tmp/dup" --smtp "smtp://127.0.0.1:$port" --no-tls --to desk@example.org
check "same Message-ID twice: sent once" [ "$(delivered dup)" -eq 3 ]
check "same Message-ID twice: said so" contains "$err" "m0001.eml: not sent: the same Message-ID as $tmp/dup/m0001-copy.eml"

# --- an mbox ------------------------------------------------------------------
"$py" - "$tmp/mail" "$tmp/all.mbox" <<'EOF'
import mailbox, os, sys
box = mailbox.mbox(sys.argv[2])
for name in sorted(os.listdir(sys.argv[1]))[:6]:
    box.add(mailbox.mboxMessage(open(os.path.join(sys.argv[1], name), "rb").read()))
box.flush()
EOF
server mbox
run "$appeal" send "$tmp/all.mbox" --smtp "smtp://127.0.0.1:$port" --no-tls --to desk@example.org
check "mbox: 0" [ $rc -eq 0 ] && check "mbox: 6 delivered" [ "$(delivered mbox)" -eq 6 ]
check "mbox: journal beside it" [ -f "$tmp/all.mbox.sent" ]
run "$appeal" send "$tmp/all.mbox" --smtp "smtp://127.0.0.1:$port" --no-tls --to desk@example.org
check "mbox, twice: once" [ "$(delivered mbox)" -eq 6 ]

# --- TLS and AUTH ---------------------------------------------------------------
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$tmp/key.pem" -out "$tmp/cert.pem" -days 1 \
	-subj "/CN=localhost" -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" 2>/dev/null
make_messages "$tmp/tls" 3
server tls --starttls "$tmp/cert.pem" "$tmp/key.pem" --auth office:s3cr3t
printf 's3cr3t\n' >"$tmp/pw"
chmod 600 "$tmp/pw"
run "$appeal" send "$tmp/tls" --smtp "smtp://localhost:$port" --user office --password s3cr3t
check "--password refused: 2" [ $rc -eq 2 ] && check "--password refused: why" contains "$err" "never taken from the command line"
run "$appeal" send "$tmp/tls" --smtp "smtp://office:s3cr3t@localhost:$port" --user office --password-file "$tmp/pw"
check "password in the URL refused" contains "$err" "the server address holds a password"
run "$appeal" send "$tmp/tls" --smtp "smtp://localhost:$port" --user office --password-file "$tmp/pw" --to desk@example.org
check "STARTTLS, unknown certificate: refused" contains "$err" "TLS with the server failed" && check "... with a hint" contains "$err" "--cacert"
check "STARTTLS, unknown certificate: nothing sent" [ "$(delivered tls)" -eq 0 ]
run env APPEAL_SMTP_PASSWORD=wrong "$appeal" send "$tmp/tls" --smtp "smtp://localhost:$port" --user office --cacert "$tmp/cert.pem" --to desk@example.org
check "AUTH, wrong password: the server's words" contains "$err" "the server refused the login: 535"
run "$appeal" send "$tmp/tls" --smtp "smtp://localhost:$port" --cacert "$tmp/cert.pem" --to desk@example.org
check "no login: said so" contains "$err" "the server wants a login first: 530"
run "$appeal" send "$tmp/tls" --smtp "smtp://localhost:$port" --no-tls --user office --password-file "$tmp/pw" --to desk@example.org
check "--no-tls against a STARTTLS server: nothing sent" [ "$(delivered tls)" -eq 0 ]
run "$appeal" send "$tmp/tls" --smtp "smtp://localhost:$port" --user office --password-file "$tmp/pw" --cacert "$tmp/cert.pem" --to desk@example.org
check "STARTTLS + AUTH (password file): 0" [ $rc -eq 0 ]
check "STARTTLS + AUTH: 3 delivered over TLS, logged in" [ "$(grep -c '"tls": true, "auth": true' "$tmp/spool-tls/log.jsonl")" -eq 3 ]
make_messages "$tmp/tls2" 2
server tls2 --starttls "$tmp/cert.pem" "$tmp/key.pem" --auth office:s3cr3t
run env APPEAL_SMTP_PASSWORD=s3cr3t "$appeal" send "$tmp/tls2" --smtp "smtp://localhost:$port" --user office --cacert "$tmp/cert.pem" --to desk@example.org
check "STARTTLS + AUTH (environment): 0" [ $rc -eq 0 ]
check "STARTTLS + AUTH (environment): 2 delivered" [ "$(delivered tls2)" -eq 2 ]
make_messages "$tmp/smtps" 2
server smtps --implicit-tls "$tmp/cert.pem" "$tmp/key.pem"
run "$appeal" send "$tmp/smtps" --smtp "smtps://localhost:$port" --cacert "$tmp/cert.pem" --to desk@example.org
check "smtps:// (implicit TLS): 0" [ $rc -eq 0 ]
check "smtps:// (implicit TLS): 2 delivered" [ "$(delivered smtps)" -eq 2 ]
run "$appeal" send "$tmp/smtps" --smtp "smtp://example.org:25" --no-tls --user office --password-file "$tmp/pw"
check "--no-tls with a password to another machine: refused" contains "$err" "unencrypted"

# --- the lock -----------------------------------------------------------------------
make_messages "$tmp/lock" 2
: >"$tmp/lock.sent"
"$py" -c 'import fcntl, sys, time
f = open(sys.argv[1], "a"); fcntl.lockf(f, fcntl.LOCK_EX); open(sys.argv[2], "w").close(); time.sleep(30)' \
	"$tmp/lock.sent" "$tmp/locked" &
holder=$!
for _ in $(seq 100); do [ -e "$tmp/locked" ] && break; sleep 0.1; done
run "$appeal" send "$tmp/lock" --smtp "$url" --no-tls --to desk@example.org
kill $holder 2>/dev/null
check "a second run at once: refused" contains "$err" "another 'appeal send' is using the journal"
check "a second run at once: 1" [ $rc -eq 1 ]

# --- a broken journal line is not guessed at ----------------------------------------
printf 'sent\t<letter-0000@example.org>\tx\ty\tz\ngarbage\n' >"$tmp/lock.sent"
run "$appeal" send "$tmp/lock" --smtp "$url" --no-tls --to desk@example.org
check "journal with a foreign line: refused with its line" contains "$err" "lock.sent:2:1: the journal has a line appeal did not write"
check "journal with a foreign line: 1" [ $rc -eq 1 ]

finish send
