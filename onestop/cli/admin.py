"""CLI of the administration area: ``init``, ``demo``, ``user``, ``audit``, ``catalogue``,
``calendar``, ``settings``.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import Any

from onestop.cli.common import SubParsers, command, database_url, emit, open_database, read_password


def register(sub: SubParsers) -> None:
    """Add this area's subcommands."""
    p = sub.add_parser("init", help="create/upgrade the database, load catalogue and calendar")
    p.add_argument("--agency-code")
    p.add_argument("--agency-name")
    p.add_argument("--counter")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("demo", help="fill the database with demo dossiers")
    p.add_argument("--dossiers", type=int, required=True)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--json", action="store_true")

    _register_users(sub)
    _register_admin(sub)


def _register_users(sub: SubParsers) -> None:
    user = sub.add_parser("user", help="accounts")
    us = user.add_subparsers(dest="user_command", required=True)
    p = us.add_parser("add")
    p.add_argument("name")
    p.add_argument("--role", required=True)
    p.add_argument("--full-name", required=True)
    us.add_parser("passwd").add_argument("name")
    us.add_parser("disable").add_argument("name")
    us.add_parser("enable").add_argument("name")
    us.add_parser("list").add_argument("--json", action="store_true")
    p = us.add_parser("login", help="check a password (read from stdin)")
    p.add_argument("name")
    audit_p = sub.add_parser("audit", help="audit log")
    au = audit_p.add_subparsers(dest="audit_command", required=True)
    au.add_parser("verify").add_argument("--json", action="store_true")


def _change_options(p: argparse.ArgumentParser) -> None:
    """Options shared by ``calendar set`` and ``calendar remove``."""
    if p.prog.endswith("remove"):
        p.add_argument("date")
    p.add_argument("--dry-run", action="store_true",
                   help="list the appointments that would move; write nothing")
    p.add_argument("--notices-out", metavar="FILE.pdf",
                   help="one notice page per dossier whose appointment moves")
    p.add_argument("--json", action="store_true")


def _register_admin(sub: SubParsers) -> None:
    cat = sub.add_parser("catalogue", help="procedure catalogue")
    cs = cat.add_subparsers(dest="catalogue_command", required=True)
    p = cs.add_parser("import")
    p.add_argument("file")
    p.add_argument("--update", action="store_true")
    p.add_argument("--json", action="store_true")
    cs.add_parser("list").add_argument("--json", action="store_true")
    p = cs.add_parser("print", help="the catalogue for public posting, as PDF (issue 4)")
    p.add_argument("--out", required=True)
    p.add_argument("--json", action="store_true")
    cal = sub.add_parser("calendar", help="calendar overrides")
    cl = cal.add_subparsers(dest="calendar_command", required=True)
    p = cl.add_parser("list")
    p.add_argument("--year", type=int)
    p.add_argument("--json", action="store_true")
    p = cl.add_parser("set")
    p.add_argument("date")
    p.add_argument("kind", choices=("off", "work"))
    p.add_argument("--name", required=True)
    p.add_argument("--decision", default="")
    p.add_argument("--tet", action="store_true")
    _change_options(p)
    _change_options(cl.add_parser("remove"))
    st = sub.add_parser("settings", help="agency settings (admin)")
    ss = st.add_subparsers(dest="settings_command", required=True)
    p = ss.add_parser("set", help="e.g. settings set after-hours same-day")
    p.add_argument("key", help="after-hours, office-start, office-end, due-soon-days, "
                               "resume-policy, max-reschedules, …")
    p.add_argument("value")
    p.add_argument("--json", action="store_true")
    ss.add_parser("show").add_argument("--json", action="store_true")


# --- handlers ---------------------------------------------------------------------------------

@command("init")
def _init(args: argparse.Namespace) -> int:
    from onestop.services import encryption
    from onestop.services.install import setup
    from onestop.storage import keys

    before = encryption.status(database_url(args.db))
    ctx = open_database(args, create=True)
    from onestop.cli.centre import unit_options

    r = setup.init(ctx, args.agency_code, args.agency_name, args.counter,
                   unit=unit_options(args))
    from onestop.domain.messages import message

    out = {"agency_code": r.agency_code, "counter": r.counter, "revision": r.revision,
           "procedures_loaded": r.procedures_loaded, "overrides_loaded": r.overrides_loaded,
           "overrides_added": r.overrides_added, "missing_tet_years": r.missing_tet_years}
    # issue 16: a new file is encrypted; its recovery key is shown this once
    after = encryption.status(ctx)
    out["encrypted"] = after.encrypted
    recovery = None
    if before.state == keys.MISSING and after.encrypted and after.path is not None:
        ctx.engine.dispose()
        recovery = encryption.recovery_key(after.path)
    if args.json:
        out["recovery_key"] = recovery
    emit(out, args.json)
    if recovery and not args.json:
        print(message("recovery_key_notice", value=recovery), file=sys.stderr)
    if after.encrypted is False:
        print("db: " + message("not_encrypted", value=str(after.path)), file=sys.stderr)
    if r.overrides_added:
        days = ", ".join(date.fromisoformat(d).strftime("%d/%m/%Y") for d in r.overrides_added)
        print("calendar: " + message("calendar_overrides_added", count=len(r.overrides_added),
                                     days=days), file=sys.stderr)
    for year in r.missing_tet_years:
        print("calendar: " + message("tet_decision_missing", year=year), file=sys.stderr)
    return 0


@command("demo")
def _demo(args: argparse.Namespace) -> int:
    from onestop.services import demo
    from onestop.services.install import setup

    ctx = open_database(args, create=True)
    demo.check_demo_allowed(ctx)  # before init writes anything into a real counter's file
    if getattr(args, "centre", False):
        from onestop.services import demo_centre

        emit(demo_centre.generate(ctx, args.dossiers), args.json)
        return 0
    setup.init(ctx)
    r = demo.generate(ctx, args.dossiers, args.seed)
    emit(r, args.json)
    return 0


@command("user")
def _user(args: argparse.Namespace) -> int:
    from onestop.services import users

    ctx = open_database(args)
    cmd = args.user_command
    if cmd == "add":
        users.add_user(ctx, args.name, args.role, args.full_name, read_password())
    elif cmd == "passwd":
        users.set_password(ctx, args.name, read_password("Mật khẩu mới: "))
    elif cmd in ("disable", "enable"):
        users.set_active(ctx, args.name, cmd == "enable")
    elif cmd == "login":
        u = users.authenticate(ctx, args.name, read_password())
        print(f"{u.username}: {u.role}")
    else:
        rows = users.list_users(ctx)
        data = [{"username": u.username, "full_name": u.full_name, "role": u.role,
                 "active": u.active} for u in rows]
        emit({"users": data}, args.json, "\n".join(
            f"{u['username']:<16} {u['role']:<11} {'' if u['active'] else '(khoá) '}{u['full_name']}"
            for u in data))
    return 0


@command("audit")
def _audit(args: argparse.Namespace) -> int:
    from onestop.services import audit

    if args.audit_command != "verify":  # issue 16: access and export
        from onestop.cli.privacy import audit_command

        return audit_command(args)
    from onestop.services import encryption

    ctx = open_database(args)
    r = audit.verify(ctx)
    data = {"ok": r.ok, "audit_entries": r.audit_entries, "events": r.events,
            "dossiers": r.dossiers, "breaks": r.breaks, "mismatches": r.mismatches,
            "encrypted": encryption.status(ctx).encrypted}
    if data["encrypted"] is False:
        from onestop.domain.messages import message

        print("db: " + message("not_encrypted", value=str(encryption.status(ctx).path)),
              file=sys.stderr)
    if args.json:
        emit(data, True)
    elif r.ok:
        print(f"OK: {r.audit_entries} audit entries, {r.events} events, "
              f"{r.dossiers} dossiers")
    for b in r.breaks:
        print(f"{b['table']}: origin {b['origin']} seq {b['seq']} id {b['entry_id']}: "
              f"{b['problem']}", file=sys.stderr)
    for m in r.mismatches:
        print(f"dossier: code {m['code']} id {m['id']}: projection {','.join(m['fields'])}",
              file=sys.stderr)
    return 0 if r.ok else 1


@command("catalogue")
def _catalogue(args: argparse.Namespace) -> int:
    from onestop.services import catalogue

    if args.catalogue_command == "print":  # issue 4: printing owns this subcommand
        from onestop.cli.printing import catalogue_print

        return catalogue_print(args)
    ctx = open_database(args)
    if args.catalogue_command == "import":
        r = catalogue.import_csv(ctx, args.file, update=args.update)
        emit({"created": r.created, "updated": r.updated, "unchanged": r.unchanged}, args.json)
    else:
        items = catalogue.list_procedures(ctx)
        if args.json:
            emit({"procedures": [p.to_json() for p in items]}, True)
        else:
            for p in items:
                limit = "—" if p.time_limit_days is None else f"{p.time_limit_days} ngày"
                print(f"{p.code:<10} {limit:>9}  {p.name}")
    return 0


@command("calendar")
def _calendar(args: argparse.Namespace) -> int:
    from onestop.services.install import setup

    ctx = open_database(args)
    if args.calendar_command == "list":
        rows = setup.list_overrides(ctx, args.year)
        data = [{"date": o.day.isoformat(), "kind": o.kind, "name": o.name,
                 "decision": o.decision, "tet": o.tet} for o in rows]
        emit({"overrides": data}, args.json, "\n".join(
            f"{o['date']} {o['kind']:<4} {o['name']}"
            + (f"  [{o['decision']}]" if o["decision"] else "") for o in data))
    else:
        _calendar_change(ctx, args)
    return 0


def _calendar_change(ctx: Any, args: argparse.Namespace) -> None:
    """``calendar set|remove [--dry-run] [--notices-out F] [--json]``: the moved list."""
    from onestop.services import calendar_change as cc

    run = cc.preview if args.dry_run else cc.apply
    if args.calendar_command == "set":
        change = run(ctx, "set", args.date, args.kind, args.name, args.decision, args.tet)
    else:
        change = run(ctx, "remove", args.date)
    data = change.to_json()
    if args.notices_out:
        from onestop.cli.printing import write_atomic

        data["notices"] = str(write_atomic(args.notices_out, cc.notices_pdf(ctx, change)))
    lines = [f"{m['code']}  {m['old_due_at']} -> {m['new_due_at']}" for m in data["moved"]]
    emit(data, args.json, "\n".join(lines) if lines else None if args.json else
         f"{change.day.isoformat()}: {len(change.moved)}")


@command("settings")
def _settings(args: argparse.Namespace) -> int:
    from onestop.services.install import setup

    ctx = open_database(args)
    if args.settings_command == "set":
        info = setup.update_agency(ctx, **{args.key.strip().replace("-", "_"): args.value})
    else:
        info = setup.agency_info(ctx)
    settings = {k.replace("_", "-"): v for k, v in info.settings.items()}
    emit({"settings": settings}, args.json, "\n".join(f"{k}: {v}" for k, v in settings.items()))
    return 0
