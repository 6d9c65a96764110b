#!/usr/bin/python3
"""A local SMTP server for the tests of `appeal send` (Debian's python3-aiosmtpd).

Listens on 127.0.0.1 on a free port, written to --port-file once it is ready.
Every message accepted goes to SPOOL/NNNN.eml, and a line with its envelope
and Message-ID to SPOOL/log.jsonl. Stops by itself after --lifetime seconds,
or when the file --stop-file appears.
"""
import argparse
import asyncio
import email
import email.policy
import json
import os
import socket
import ssl
import sys
import time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Handler:
    def __init__(self, args):
        self.args = args
        self.count = 0
        self.dropped = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.args.refuse:
            return "550 5.1.1 <%s>: mailbox unavailable" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.args.delay:
            await asyncio.sleep(self.args.delay)
        if self.dropped < self.args.drop_after_data:
            # Everything arrived; the connection is cut before the answer.
            self.dropped += 1
            server.transport.close()
            return "250 never seen"
        self.count += 1
        data = envelope.original_content or envelope.content
        name = os.path.join(self.args.spool, "%04d.eml" % self.count)
        with open(name + ".tmp", "wb") as f:
            f.write(data)
        os.rename(name + ".tmp", name)
        msg = email.message_from_bytes(data, policy=email.policy.default)
        with open(os.path.join(self.args.spool, "log.jsonl"), "a") as log:
            log.write(json.dumps({"file": name, "from": envelope.mail_from, "rcpt": envelope.rcpt_tos,
                                  "message_id": msg.get("Message-ID", ""), "tls": session.ssl is not None,
                                  "auth": bool(session.authenticated)}) + "\n")
        return "250 2.0.0 queued as %04d" % self.count


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port-file", required=True)
    p.add_argument("--spool", required=True)
    p.add_argument("--refuse", action="append", default=[])
    p.add_argument("--starttls", nargs=2, metavar=("CERT", "KEY"))
    p.add_argument("--implicit-tls", nargs=2, metavar=("CERT", "KEY"))
    p.add_argument("--auth", metavar="USER:PASSWORD")
    p.add_argument("--delay", type=float, default=0)
    p.add_argument("--drop-after-data", type=int, default=0)
    p.add_argument("--lifetime", type=float, default=120)
    p.add_argument("--stop-file")
    args = p.parse_args()
    args.refuse = [a.lower() for a in args.refuse]
    os.makedirs(args.spool, exist_ok=True)

    kw = {}
    if args.starttls:
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(*args.starttls)
        kw.update(tls_context=ctx, require_starttls=True)
    if args.implicit_tls:
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(*args.implicit_tls)
        kw.update(ssl_context=ctx)
    if args.auth:
        user, password = args.auth.split(":", 1)

        def check(server, session, envelope, mechanism, auth_data):
            ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user \
                and auth_data.password.decode() == password
            return AuthResult(success=ok, handled=False)
        kw.update(authenticator=check, auth_required=True)
    else:
        kw.update(auth_require_tls=False)

    handler = Handler(args)
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port, server_hostname="localhost",
                            ready_timeout=10, **kw)
    controller.start()
    with open(args.port_file + ".tmp", "w") as f:
        f.write("%d\n" % port)
    os.rename(args.port_file + ".tmp", args.port_file)
    end = time.monotonic() + args.lifetime
    try:
        while time.monotonic() < end and not (args.stop_file and os.path.exists(args.stop_file)):
            time.sleep(0.05)
    finally:
        controller.stop()


if __name__ == "__main__":
    sys.exit(main())
