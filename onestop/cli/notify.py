"""``onestop notify configure|send|list|template`` (issue 18): notices to citizens.

* ``notify configure --smtp-host H --smtp-port P [--smtp-user U] [--sender ADDR]
  [--starttls|--tls|--no-tls] [--password-stdin]`` and ``--sms-url URL [--sms-method M]
  [--sms-body JSON] [--sms-auth-header NAME] [--sms-auth-stdin]`` (admin). The SMTP
  password comes from ``ONESTOP_SMTP_PASSWORD`` or the keyring (``--password-stdin`` stores
  it there); the gateway's auth value from ``ONESTOP_SMS_AUTH`` or the keyring.
* ``notify send [--json]`` sends what is due (the GUI sends on its own); exit 0 even when a
  server refused: the notices wait with their error and are retried.
* ``notify list CODE [--json]`` shows a dossier's notices and their state.
* ``notify template KIND [--subject S] [--body B] [--reset]`` edits the wording (admin).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from onestop.cli.common import command, emit, open_database, read_password


def register(sub: Any) -> None:
    """Add the ``notify`` subcommand."""
    p = sub.add_parser("notify", help="result-ready notices by e-mail and SMS")
    ns = p.add_subparsers(dest="notify_command", required=True)
    c = ns.add_parser("configure", help="SMTP server and SMS gateway (admin)")
    c.add_argument("--smtp-host")
    c.add_argument("--smtp-port")
    c.add_argument("--smtp-user")
    c.add_argument("--sender", help="the From address of the notices")
    sec = c.add_mutually_exclusive_group()
    sec.add_argument("--starttls", dest="security", action="store_const", const="starttls")
    sec.add_argument("--tls", dest="security", action="store_const", const="tls")
    sec.add_argument("--no-tls", dest="security", action="store_const", const="none")
    c.add_argument("--password-stdin", action="store_true",
                   help="read the SMTP password from stdin and keep it in the keyring")
    c.add_argument("--sms-url")
    c.add_argument("--sms-method")
    c.add_argument("--sms-body", help='JSON template, e.g. {"to": "{to}", "text": "{text}"}')
    c.add_argument("--sms-auth-header", help="e.g. Authorization")
    c.add_argument("--sms-auth-stdin", action="store_true",
                   help="read the auth header's value from stdin and keep it in the keyring")
    c.add_argument("--timeout", help="seconds before a server counts as not answering")
    c.add_argument("--json", action="store_true")
    s = ns.add_parser("send", help="send the notices that are due")
    s.add_argument("--limit", type=int, default=50)
    s.add_argument("--json", action="store_true")
    lst = ns.add_parser("list", help="a dossier's notices and their state")
    lst.add_argument("code")
    lst.add_argument("--json", action="store_true")
    t = ns.add_parser("template", help="the wording of a notice kind (admin)")
    t.add_argument("kind", help="result-ready or appointment-moved")
    t.add_argument("--subject")
    t.add_argument("--body")
    t.add_argument("--reset", action="store_true")
    t.add_argument("--json", action="store_true")


@command("notify")
def _notify(args: argparse.Namespace) -> int:
    from onestop.services import notices

    ctx = open_database(args)
    cmd = args.notify_command
    if cmd == "configure":
        return _configure(ctx, args)
    if cmd == "send":
        r = notices.send_due(ctx, limit=args.limit)
        emit(r.to_json(), args.json, None if args.json else
             f"sent: {r.sent}  failed: {r.failed}  waiting: {r.waiting}")
        if not args.json:
            for item in r.results:
                if item["error"]:
                    print(f"{item['code']} {item['channel']}: {item['error']}", file=sys.stderr)
        return 0
    if cmd == "list":
        rows = [n.to_json() for n in notices.for_dossier(ctx, args.code)]
        emit({"notices": rows}, args.json, "\n".join(
            f"{n['channel']:<6} {n['kind']:<18} {n['state']:<8} {n['recipient']}"
            + (f"  ({n['attempts']}: {n['last_error']})" if n["last_error"] else "")
            for n in rows) or None)
        return 0
    t = notices.set_template(ctx, args.kind, args.subject, args.body, args.reset)
    emit(t, args.json, None if args.json else f"{t['subject']}\n{t['body']}")
    return 0


def _configure(ctx: Any, args: argparse.Namespace) -> int:
    from onestop.notify import secrets
    from onestop.services import notices

    smtp_given = any(x is not None for x in (args.smtp_host, args.smtp_port, args.smtp_user,
                                             args.sender, args.security))
    sms_given = any(x is not None for x in (args.sms_url, args.sms_method, args.sms_body,
                                            args.sms_auth_header))
    smtp_values = {"host": args.smtp_host, "port": args.smtp_port, "user": args.smtp_user,
                   "sender": args.sender, "security": args.security,
                   "timeout": args.timeout} if smtp_given or args.password_stdin else None
    sms_values = {"url": args.sms_url, "method": args.sms_method, "body": args.sms_body,
                  "auth_header": args.sms_auth_header,
                  "timeout": args.timeout} if sms_given or args.sms_auth_stdin else None
    # read the secrets before writing anything: a closed stdin leaves the settings as they were
    password = read_password("Mật khẩu SMTP: ") if args.password_stdin else None
    auth = read_password("Giá trị xác thực: ") if args.sms_auth_stdin else None
    data = notices.configure(ctx, smtp_values, sms_values)
    where = {}
    if password:
        where["smtp_password"] = secrets.store("smtp", notices.smtp_account(data), password)
    if auth:
        where["sms_auth"] = secrets.store("sms", data["sms"]["url"], auth)
    emit(data | {"secrets": where} if where else data, args.json)
    return 0
