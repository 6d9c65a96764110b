#!/usr/bin/python3
"""Reads the messages appeal wrote with Python's email package and checks each.

usage: check-eml.py [--expect-from NAME] [--expect-subject S] [--expect-to ADDR] [--draft]
                    [--expect MAP] [--count N] FILE.eml|FILE.mbox...

For every message: From (one address), Subject, Date, Message-ID and
MIME-Version present; exactly one text/plain part (UTF-8, format=flowed) and
one application/pdf attachment with a file name; the PDF passes qpdf --check
and holds the same words, in the same order, as the text part (pdftotext);
no line longer than 78 characters. Prints "ok N" or the problems, one a line.

--expect MAP names, message by message, what many signers' messages must
hold: a tab-separated line "WHERE<TAB>FROM NAME<TAB>SUBJECT" for each, WHERE
the file (FILE.mbox#N for the N-th message of a mailbox); each such message
must have exactly that From name and Subject, and its PDF must show that
name; a message the map does not name is a problem.
"""
import argparse
import email
import email.policy
import email.utils
import mailbox
import re
import subprocess
import sys
import tempfile


def words(text):
    # Hyphens at line ends are the layout's, not the letter's.
    text = re.sub(r"-\n", "", text)
    out = []
    for w in text.split():
        w = "".join(c for c in w if c.isalnum()).lower()
        if w:
            out.append(w)
    return out


def subsequence(small, big):
    it = iter(big)
    return all(any(w == b for b in it) for w in small)


def check(raw, where, args, problems):
    for n, line in enumerate(raw.split(b"\n"), 1):
        if len(line.rstrip(b"\r")) > 78:
            problems.append("%s: line %d has %d characters" % (where, n, len(line.rstrip(b"\r"))))
            break
    m = email.message_from_bytes(raw, policy=email.policy.default)
    for h in ("From", "Subject", "Date", "Message-ID", "MIME-Version"):
        if m[h] is None:
            problems.append("%s: no %s" % (where, h))
    if problems:
        return None
    if email.utils.parsedate_to_datetime(str(m["Date"])) is None:
        problems.append("%s: Date unreadable" % where)
    froms = m["From"].addresses
    if len(froms) != 1:
        problems.append("%s: %d From addresses" % (where, len(froms)))
    if args.expect_from is not None and froms[0].display_name != args.expect_from:
        problems.append("%s: From name %r, expected %r" % (where, froms[0].display_name, args.expect_from))
    if args.expect_subject is not None and str(m["Subject"]) != args.expect_subject:
        problems.append("%s: Subject %r, expected %r" % (where, str(m["Subject"]), args.expect_subject))
    if args.expect_to is not None:
        got = [a.addr_spec for a in m["To"].addresses] if m["To"] else []
        if got != args.expect_to.split(","):
            problems.append("%s: To %r, expected %r" % (where, got, args.expect_to))
    if args.draft and (m["To"] is not None or str(m["X-Unsent"]) != "1"):
        problems.append("%s: not a draft (To %r, X-Unsent %r)" % (where, m["To"], m["X-Unsent"]))
    texts = [p for p in m.walk() if p.get_content_type() == "text/plain"]
    pdfs = [p for p in m.iter_attachments() if p.get_content_type() == "application/pdf"]
    if len(texts) != 1 or len(pdfs) != 1 or len(list(m.iter_attachments())) != 1:
        problems.append("%s: %d text parts, %d PDF attachments" % (where, len(texts), len(pdfs)))
        return None
    t = texts[0]
    if t.get_content_charset() != "utf-8" or t.get_param("format") != "flowed" or \
            t["Content-Transfer-Encoding"] != "quoted-printable":
        problems.append("%s: text part is %s" % (where, t["Content-Type"]))
    if not pdfs[0].get_filename() or not pdfs[0].get_filename().endswith(".pdf"):
        problems.append("%s: attachment without a .pdf name" % where)
    # format=flowed: soft breaks (a space before the line end) join lines.
    body = re.sub(r" \n", " ", t.get_content().replace("\r\n", "\n"))
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdfs[0].get_content())
        f.flush()
        q = subprocess.run(["qpdf", "--check", f.name], capture_output=True, text=True)
        if q.returncode != 0:
            problems.append("%s: qpdf --check: %s" % (where, q.stdout.strip().splitlines()[-1:]))
        pdf_text = subprocess.run(["pdftotext", f.name, "-"], capture_output=True, text=True).stdout
    if not subsequence(words(body), words(pdf_text)):
        problems.append("%s: the text part's words are not the PDF's" % where)
    if args.expect_map is not None:
        want = args.expect_map.get(where)
        if want is None:
            problems.append("%s: not in the map of expected messages" % where)
        else:
            name, subject = want
            if froms[0].display_name != name:
                problems.append("%s: From name %r, expected %r" % (where, froms[0].display_name, name))
            if subject and str(m["Subject"]) != subject:
                problems.append("%s: Subject %r, expected %r" % (where, str(m["Subject"]), subject))
            # The letter sets a typewriter apostrophe as a typographic one.
            shown = " ".join(pdf_text.replace("\u2019", "'").split())
            if " ".join(name.split()) not in shown:
                problems.append("%s: the PDF does not show %r" % (where, name))
    return m


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--expect-from")
    p.add_argument("--expect-subject")
    p.add_argument("--expect-to")
    p.add_argument("--draft", action="store_true")
    p.add_argument("--count", type=int)
    p.add_argument("--expect", dest="expect_file")
    p.add_argument("files", nargs="+")
    args = p.parse_args()
    args.expect_map = None
    if args.expect_file:
        args.expect_map = {}
        with open(args.expect_file, encoding="utf-8") as f:
            for line in f:
                parts = line.rstrip("\n").split("\t")
                args.expect_map[parts[0]] = (parts[1], parts[2] if len(parts) > 2 else "")
    problems, ids, n = [], set(), 0
    for path in args.files:
        if path.endswith(".mbox"):
            box = mailbox.mbox(path, create=False)
            raws = [(box.get_bytes(k), "%s#%d" % (path, i + 1)) for i, k in enumerate(box.keys())]
        else:
            raws = [(open(path, "rb").read(), path)]
        for raw, where in raws:
            m = check(raw, where, args, problems)
            n += 1
            if m is not None:
                if m["Message-ID"] in ids:
                    problems.append("%s: Message-ID %s seen before" % (where, m["Message-ID"]))
                ids.add(m["Message-ID"])
    if args.count is not None and n != args.count:
        problems.append("%d messages, expected %d" % (n, args.count))
    for pr in problems:
        print(pr)
    if not problems:
        print("ok %d" % n)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
