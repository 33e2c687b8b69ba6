"""CLI subcommands of personal-data protection (issue 16).

``onestop encrypt`` encrypts a plain database in place (verified backup first, resumable);
``onestop person export`` hands a citizen what the agency holds about them; ``onestop
retention apply`` erases the personal fields of dossiers past the retention period;
``onestop audit access`` and ``onestop audit export`` answer who saw an identity number and
what a 72-hour breach notice needs (``audit verify`` stays in cli_commands).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from onestop.cli.common import command, database_url, emit, open_database
from onestop.domain import messages


def register(sub: Any) -> None:
    """Add ``encrypt``, ``person``, ``retention`` and the ``audit`` access/export commands."""
    p = sub.add_parser("encrypt", help="encrypt the local database in place (SQLCipher)")
    p.add_argument("--json", action="store_true")

    person = sub.add_parser("person", help="a citizen's data, on request")
    ps = person.add_subparsers(dest="person_command", required=True)
    p = ps.add_parser("export", help="every dossier, event, slip and access about a person")
    p.add_argument("--id-number")
    p.add_argument("--name")
    p.add_argument("--birth-date")
    p.add_argument("--out", required=True, metavar="F.pdf|F.json")
    p.add_argument("--json", action="store_true")

    ret = sub.add_parser("retention", help="erase personal data past the retention period")
    rs = ret.add_subparsers(dest="retention_command", required=True)
    p = rs.add_parser("apply")
    p.add_argument("--dry-run", action="store_true")
    p.add_argument("--json", action="store_true")

    audit_p = sub.choices["audit"]
    au = next(a for a in audit_p._actions if isinstance(a, argparse._SubParsersAction))
    p = au.add_parser("access", help="who saw a citizen's identity number, when, why")
    p.add_argument("--id-number", required=True)
    p.add_argument("--json", action="store_true")
    p = au.add_parser("export", help="the facts a 72-hour breach notice needs, as JSON")
    p.add_argument("--from", dest="date_from", required=True)
    p.add_argument("--to", dest="date_to", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--json", action="store_true")


@command("encrypt")
def _encrypt(args: argparse.Namespace) -> int:
    from onestop.services import encryption

    if args.user:
        from onestop.cli.install import _authorize

        _authorize(args, "backup")
    r = encryption.encrypt(database_url(args.db))
    out = {"path": str(r.path), "encrypted": True, "already": r.already, "resumed": r.resumed,
           "backup": str(r.backup) if r.backup else None}
    if args.json:
        out["recovery_key"] = r.recovery_key
    emit(out, args.json)
    if r.recovery_key and not args.json:
        print(messages.message("recovery_key_notice", value=r.recovery_key), file=sys.stderr)
    return 0


def audit_command(args: argparse.Namespace) -> int:
    """``audit access`` and ``audit export`` (called by cli_commands' ``audit``)."""
    from onestop.services import privacy

    ctx = open_database(args)
    if args.audit_command == "access":
        rows = privacy.access_log(ctx, args.id_number)
        if args.json:
            print(__import__("json").dumps(rows, ensure_ascii=False))
        else:
            for r in rows:
                print(f"{r['at']}  {r['user']:<16} {r['action']:<18} {r['code']}")
        return 0
    r = privacy.breach_export(ctx, args.date_from, args.date_to, args.out)
    emit(r, args.json)
    return 0


@command("person")
def _person(args: argparse.Namespace) -> int:
    from onestop.services import privacy

    ctx = open_database(args)
    r = privacy.person_export(ctx, id_number=args.id_number, name=args.name,
                              birth_date=args.birth_date, out=args.out)
    emit(r, args.json)
    return 0


@command("retention")
def _retention(args: argparse.Namespace) -> int:
    from onestop.services import retention

    ctx = open_database(args)
    r = retention.apply(ctx, dry_run=args.dry_run)
    data = {"eligible": r.eligible, "erased": r.erased, "codes": list(r.codes)}
    emit(data, args.json, None if args.json else
         f"eligible: {r.eligible}\nerased: {r.erased}\ncodes: {', '.join(r.codes)}")
    return 0
