"""CLI of the sync area: ``central init|add-counter|add-admin|add-reader|add-agency|set-agency``,
``join``, ``sync``."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from onestop.cli.common import SubParsers, command, emit, open_database
from onestop.domain import messages


def register(sub: SubParsers) -> None:
    """Add this area's subcommands."""
    central = sub.add_parser("central", help="set up the central PostgreSQL (administrator)")
    cs = central.add_subparsers(dest="central_command", required=True)
    p = cs.add_parser("init", help="create/upgrade the central schema, roles and seed data")
    p.add_argument("--url", required=True, help="administrator URL of the central database")
    p.add_argument("--json", action="store_true")
    p = cs.add_parser("add-counter", help="create the login of one counter PC")
    p.add_argument("--url", required=True)
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--unit", help="receiving unit identity code, e.g. 000.00.15.H36")
    which.add_argument("--agency", help="older name of --unit: a single-agency desk (the "
                       "unit is its own handling agency)")
    p.add_argument("--counter", required=True, type=int)
    p.add_argument("--unit-name", "--agency-name", dest="agency_name")
    p.add_argument("--public-url", help="server address as the counters reach it")
    p.add_argument("--json", action="store_true")
    p = cs.add_parser("add-admin", help="create a central administrator's login (the only one "
                      "that writes the shared accounts, catalogue and calendar)")
    p.add_argument("--url", required=True)
    p.add_argument("--name", required=True)
    p.add_argument("--public-url")
    p.add_argument("--json", action="store_true")
    p = cs.add_parser("add-reader", help="create a read-only login for dashboards")
    p.add_argument("--url", required=True)
    p.add_argument("--name", required=True)
    scoped = p.add_mutually_exclusive_group()
    scoped.add_argument("--agency", help="only this handling agency's dossiers, from every "
                        "receiving unit")
    scoped.add_argument("--unit", help="only the dossiers this receiving unit received or "
                        "returns")
    p.add_argument("--public-url")
    p.add_argument("--json", action="store_true")

    for verb, text in (("add-agency", "add a handling agency to the central register (every "
                        "counter gets it by its normal sync)"),
                       ("set-agency", "change a handling agency of the central register "
                        "(renamed, merged: --valid-to, --successor)")):
        p = cs.add_parser(verb, help=text)
        p.add_argument("--url", required=True, help="a central administrator's URL (or the "
                       "database owner's)")
        p.add_argument("code", help="identity code, e.g. 000.00.16.H36")
        p.add_argument("--name", help="required for add-agency")
        p.add_argument("--parent")
        p.add_argument("--valid-from")
        p.add_argument("--valid-to")
        p.add_argument("--successor", help="identity code of the agency that took over")
        p.add_argument("--procedure", action="append", default=[], metavar="CODE",
                       help="attach the agency to this procedure (repeatable; codes may "
                       "also be separated by |)")
        p.add_argument("--update", action="store_true", default=verb == "set-agency",
                       help="change an agency already there (= set-agency)")
        p.add_argument("--json", action="store_true")

    p = sub.add_parser("join", help="connect this PC to the central server")
    p.add_argument("url", help="the URL printed by 'onestop central add-counter'")
    p.add_argument("--replace", action="store_true",
                   help="this PC replaces the one that held the counter")
    p.add_argument("--no-sync", action="store_true", help="store the settings only")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("sync", help="synchronise with the central server")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--once", action="store_true", help="one cycle (default)")
    mode.add_argument("--watch", action="store_true", help="a cycle every --interval seconds")
    mode.add_argument("--status", action="store_true", help="show the last state, no network")
    p.add_argument("--central", metavar="URL", help="central URL (default: the settings)")
    p.add_argument("--admin-url", metavar="URL",
                   help="first send the held shared changes (accounts, catalogue, calendar) "
                        "with this central administrator's login; the password from the URL, "
                        "else ONESTOP_ADMIN_PASSWORD, else asked for")
    p.add_argument("--interval", type=float, default=None)
    p.add_argument("--batch", type=int, default=None,
                   help="outbox entries per central commit and rows per pulled page")
    p.add_argument("--full", action="store_true",
                   help="pull everything again (after restoring a backup)")
    p.add_argument("--resend-since", metavar="TIME",
                   help="send again the changes sent since TIME (after restoring the central "
                        "database), e.g. 2026-03-01T00:00+07:00")
    p.add_argument("--json", action="store_true")


def _fail(field: str, text: str, code: int) -> int:
    print(f"{field}: {text}", file=sys.stderr)
    return code


def _unavailable(exc: Exception, url: str) -> int:
    from onestop.services.errors import Unavailable, database_error

    err = database_error(exc, url, field="url") or Unavailable("url", "database_unavailable")
    return _fail("url", err.message, err.exit_code)


PASSWORD_ENV = "ONESTOP_CENTRAL_PASSWORD"


def with_password(url: str, field: str = "url") -> str:
    """``url`` with its password, which should not be typed on the command line (every user of
    the PC sees a command line, ``ps``): taken from ``ONESTOP_CENTRAL_PASSWORD``, else asked
    for (the first line of standard input when it is not a terminal). A password written in
    the URL still works, with a one-line warning on stderr.

    Raises:
        BadUrl: not a PostgreSQL URL.
    """
    import os

    from onestop.cli.common import read_password
    from onestop.storage.credentials import full_text, normalise

    u = normalise(url)
    if u.password is not None:
        print(f"{field}: " + messages.message("url_password_visible"), file=sys.stderr)
        return url
    password = os.environ.get(PASSWORD_ENV)
    if password is None and u.username:
        password = read_password(f"Mật khẩu của {u.username}: ")
    if not password:
        return url          # no password at all: a server that trusts this user (peer, cert)
    return full_text(u.set(password=password))


def _login_name(url: str) -> str:
    from onestop.storage.credentials import BadUrl, normalise

    try:
        return normalise(url).username or ""
    except BadUrl:
        return ""


def _central_refusal(exc: BaseException, url: str) -> tuple[str, str, int] | None:
    """(field, message, exit code) of an expected failure of a ``central`` command.

    A refused log-in here is the administrator's own (``--url``), never a counter's.
    """
    from onestop.sync.status import classify

    for cause in (exc, exc.__cause__):
        err = classify(cause) if cause is not None else None
        if err is not None and err.code == "sync_auth":
            return "url", messages.message("central_auth", value=_login_name(url)), 4
        if err is not None and err.code == "sync_refused":
            return "url", messages.message("central_refused", value=_login_name(url),
                                           detail=err.params.get("detail", "")), 4
    err = classify(exc)
    return ("url", err.message, err.exit_code) if err is not None else None


@command("central")
def _central(args: argparse.Namespace) -> int:
    from onestop.storage.db import DatabaseUnavailable
    from onestop.sync import central, roles
    from onestop.services.errors import ValidationError
    from onestop.storage.credentials import BadUrl
    from onestop.sync.status import SyncError

    try:
        url = with_password(args.url)
        if args.central_command == "init":
            info = central.init(url)
            emit(info.__dict__, args.json)
            if info.repaired:
                print("role: " + messages.message("central_roles_repaired",
                                                  value=", ".join(info.repaired)),
                      file=sys.stderr)
            return 0
        if args.central_command in ("add-agency", "set-agency"):
            from onestop.sync import directory

            w = directory.add_agency(url, args.code, args.name, parent=args.parent,
                                     valid_from=args.valid_from, valid_to=args.valid_to,
                                     successor=args.successor, procedures=args.procedure,
                                     update_existing=args.update)
            emit(w.as_json(), args.json, None if args.json else w.code)
            return 0
        if args.central_command == "add-counter":
            s = roles.add_counter(url, args.unit or args.agency, args.counter, args.agency_name,
                                  args.public_url, kind="unit" if args.unit else "both")
        elif args.central_command == "add-admin":
            s = roles.add_admin(url, args.name, args.public_url)
        else:
            s = roles.add_reader(url, args.name, args.public_url, agency=args.agency,
                                 unit=args.unit)
    except ValidationError:
        raise   # "field: message", exit 2, nothing written (the transaction rolled back)
    except BadUrl:
        return _fail("url", messages.message("sync_needs_postgres", field="url"), 2)
    except ValueError:
        field = ("unit" if getattr(args, "unit", None) else "agency") \
            if args.central_command == "add-counter" else "name"
        return _fail(field, messages.message("invalid_value", field=field), 2)
    except SyncError as exc:
        field = "url"
        if exc.code == "central_role_clash":
            field = "name" if exc.params.get("value") == getattr(args, "name", None) else "role"
        return _fail(field, exc.message, exc.exit_code)
    except DatabaseUnavailable as exc:
        refusal = _central_refusal(exc, args.url)
        if refusal is not None and refusal[2] == 4:
            return _fail(*refusal)
        return _unavailable(exc, args.url)
    except Exception as exc:
        refusal = _central_refusal(exc, args.url)
        if refusal is not None and refusal[2] == 4:
            return _fail(*refusal)
        from onestop.services.errors import database_error

        err = database_error(exc, args.url, field="url")   # unknown database (3), …
        if err is not None and err.exit_code != 5:
            return _fail("url", err.message, err.exit_code)
        if refusal is None:
            raise
        return _fail(*refusal)
    out = roles.describe(s)
    out["url"] = credentials_public(s.url)       # the password is printed once, on its own
    out["join"] = f"onestop join '{out['url']}'"
    if args.central_command == "add-admin":
        out["join"] = None
        out["use"] = f"onestop sync --admin-url '{out['url']}'"
    if args.json:
        emit(out, True)
    elif args.central_command == "add-admin":
        for key in ("role", "password"):
            print(f"{key}: {out[key]}")
        print("\nMật khẩu này chỉ người quản trị trung tâm giữ, không lưu trên máy quầy. "
              "Gửi thay đổi dùng chung của một quầy:\n  onestop sync --admin-url "
              f"'{credentials_public(s.url)}'")
    else:
        for key in ("role", "password", "url"):
            print(f"{key}: {out[key]}")
        print(f"\nTrên máy mới, chạy:\n  {out['join']}\nvà nhập mật khẩu khi được hỏi (hoặc "
              f"đặt biến môi trường {PASSWORD_ENV}).")
    return 0


@command("join")
def _join(args: argparse.Namespace) -> int:
    from onestop.sync import join
    from onestop.sync.status import SyncError

    from onestop.storage.credentials import BadUrl

    try:
        url = with_password(args.url)
    except BadUrl:
        return _fail("url", messages.message("sync_needs_postgres", field="url"), 2)
    ctx = open_database(args, create=True)
    try:
        r = join(ctx, url, replace=args.replace, sync_now=not args.no_sync)
    except SyncError as exc:
        return _fail("url", exc.message, exc.exit_code)
    if r.password_stored == "file":
        print("password: " + messages.message("sync_password_file", value=r.secrets_file),
              file=sys.stderr)
    out = {"agency_code": r.agency_code, "counter": r.counter, "initialised": r.initialised,
           "password_stored": r.password_stored, "sync": r.status.to_json()}
    emit(out, args.json)
    if r.status.last_error:
        return _fail("sync", r.status.last_error, r.status.exit_code)
    return 0


@command("sync")
def _sync(args: argparse.Namespace) -> int:
    from onestop import config
    from onestop.sync import current, run_once, watch
    from onestop.sync.link import reset_cursors
    from onestop.sync.pull import PAGE
    from onestop.sync.push import BATCH

    ctx = open_database(args)
    if args.status:
        return _show(current(ctx), args.json)
    for field, value in (("central", args.central), ("admin_url", args.admin_url)):
        if value and "@" in value and _has_password(value):
            print(f"{field}: " + messages.message("url_password_visible"), file=sys.stderr)
    if args.full:
        reset_cursors(ctx)
    if args.resend_since:
        from onestop.domain.calendar import VN_TZ
        from onestop.domain.validation import parse_instant
        from onestop.sync.outbox import resend_since

        since = parse_instant(args.resend_since, "at", VN_TZ, ctx.now())
        print(f"resend: {resend_since(ctx, since)}", file=sys.stderr)
    if args.watch:
        interval = args.interval or float(config.load().get("sync.interval_seconds", 60))
        try:
            watch(ctx, args.central, interval, on_status=lambda s: _report(s, args.json))
        except KeyboardInterrupt:
            return 130
        return 0
    if args.admin_url:
        return _push_shared(ctx, args)
    st = run_once(ctx, args.central, batch=args.batch or BATCH, page=args.batch or PAGE)
    if not st.joined:
        return _fail("sync", messages.message("sync_not_joined"), 2)
    return _show(st, args.json)


def _has_password(url: str) -> bool:
    from onestop.storage.credentials import BadUrl, normalise

    try:
        return normalise(url).password is not None
    except BadUrl:
        return False


def credentials_public(url: str) -> str:
    """``url`` without its password (what may be shown or written down)."""
    from onestop.storage.credentials import normalise, public_text

    return public_text(normalise(url)).replace("postgresql+psycopg://", "postgresql://", 1)


def _push_shared(ctx: Any, args: argparse.Namespace) -> int:
    import getpass
    import os

    from onestop.sync import push_shared
    from onestop.storage.credentials import BadUrl, normalise
    from onestop.sync.push import BATCH

    try:
        admin = normalise(args.admin_url)
    except BadUrl:
        return _fail("admin_url", messages.message("sync_needs_postgres", field="admin_url"), 2)
    if admin.password is None:
        password = os.environ.get("ONESTOP_ADMIN_PASSWORD")
        if password is None and sys.stdin.isatty():
            password = getpass.getpass(f"Mật khẩu của {admin.username}: ")
        if password is None:
            return _fail("admin_url", messages.message("required", field="password"), 2)
        admin = admin.set(password=password)
    st = push_shared(ctx, admin, url=args.central, batch=args.batch or BATCH)
    if not st.joined:
        return _fail("sync", messages.message("sync_not_joined"), 2)
    return _show(st, args.json)


def _report(st: Any, as_json: bool) -> None:
    _show(st, as_json)


def _show(st: Any, as_json: bool) -> int:
    data = st.to_json()
    if as_json:
        emit(data, True)
    else:
        state = "trực tuyến" if st.online else "ngoại tuyến"
        held = f" (chờ quản trị trung tâm: {st.held})" if st.held else ""
        print(f"{state}; chờ gửi: {st.pending}{held}; đã gửi: {st.pushed}; "
              f"đã nhận: {st.pulled}; xung đột: {st.conflicts}", flush=True)
    if st.last_error:
        print(f"sync: {st.last_error}", file=sys.stderr, flush=True)
    return int(st.exit_code)
