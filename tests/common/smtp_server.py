"""A throwaway SMTP server for the tests of `cleancopy send` (aiosmtpd on 127.0.0.1).

Prints `READY <port>` once it listens, then serves until its standard input closes. Each
message received is written to --dir as msg-N.eml (the raw bytes) and msg-N.json (envelope,
headers, whether TLS and a login were used, and each MIME part: type, file names, and a file
holding its decoded bytes). With --refuse N, the N-th message is refused (554) and not kept.
"""

import argparse
import email
import email.policy
import email.utils
import json
import logging
import os
import socket
import ssl
import sys
import warnings

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def rfc2231_filename(part):
    """The `filename*` of a part's Content-Disposition, decoded; None when it has none."""
    legacy = email.message_from_bytes(part.as_bytes(), policy=email.policy.compat32)
    for name, value in legacy.get_params(header="content-disposition", failobj=[]):
        if name == "filename" and isinstance(value, tuple):
            return email.utils.collapse_rfc2231_value(value)
    return None


class Saver:
    def __init__(self, folder, refuse):
        self.folder = folder
        self.count = 0
        self.received = 0
        self.refuse = refuse

    async def handle_DATA(self, server, session, envelope):
        self.received += 1
        if self.received == self.refuse:
            return "554 5.7.1 Message refused by the test server"
        self.count += 1
        base = os.path.join(self.folder, "msg-%d" % self.count)
        raw = envelope.original_content or envelope.content
        with open(base + ".eml", "wb") as out:
            out.write(raw)
        message = email.message_from_bytes(raw, policy=email.policy.default)
        parts = []
        for index, part in enumerate(message.walk()):
            if part.is_multipart():
                continue
            path = "%s-part-%d.bin" % (base, index)
            with open(path, "wb") as out:
                out.write(part.get_payload(decode=True) or b"")
            parts.append({
                "content_type": part.get_content_type(),
                "filename": part.get_filename(),
                "filename_star": rfc2231_filename(part),
                "disposition": part.get_content_disposition(),
                "file": path,
            })
        summary = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "subject": str(message["subject"]),
            "message_id": message["message-id"] and str(message["message-id"]),
            "date": message["date"] and str(message["date"]),
            "from": str(message["from"]),
            "to": str(message["to"]),
            "tls": session.ssl is not None,
            "login": session.auth_data if session.authenticated else None,
            "parts": parts,
        }
        with open(base + ".json.part", "w") as out:
            json.dump(summary, out)
        os.rename(base + ".json.part", base + ".json")
        return "250 Message accepted"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--user")
    parser.add_argument("--password")
    parser.add_argument("--implicit-tls", action="store_true")
    parser.add_argument("--refuse", type=int, default=0)
    args = parser.parse_args()
    # Failed handshakes and logins are what some tests are about: no tracebacks for them.
    logging.getLogger("mail.log").setLevel(logging.CRITICAL)
    warnings.filterwarnings("ignore", message="Requiring AUTH while not requiring TLS")

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = (
            isinstance(auth_data, LoginPassword)
            and auth_data.login == args.user.encode()
            and auth_data.password == args.password.encode()
        )
        if ok:
            return AuthResult(success=True, auth_data=args.user)
        return AuthResult(success=False, handled=False)

    kwargs = {}
    if args.cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.cert, args.key)
        if args.implicit_tls:
            kwargs.update(ssl_context=context)
        else:
            kwargs.update(tls_context=context, require_starttls=True)
    if args.user:
        kwargs.update(
            authenticator=authenticator,
            auth_required=True,
            auth_require_tls=bool(args.cert) and not args.implicit_tls,
        )

    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()

    controller = Controller(Saver(args.dir, args.refuse), hostname="127.0.0.1", port=port, **kwargs)
    controller.start()
    print("READY %d" % port, flush=True)
    try:
        sys.stdin.read()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
