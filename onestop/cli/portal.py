"""CLI of the national portal link (issue 17): ``onestop portal configure|map|sync|status|
check|catalogue|stand-in`` and ``onestop central add-portal``. Runs beside the central
database (a server-side command, not on counter PCs). See docs/portal.md.

Exit codes: 0 ok, 1 an item was refused for good in this run (it waits in "attention"),
2 invalid input, 3 no link configured, 4 the portal refused the log-in (or the central
database refused ours), 5 the adapter (or the central database) cannot be reached.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from typing import Any

from onestop.cli.common import COMMANDS as _COMMANDS
from onestop.cli.common import command, emit
from onestop.domain import messages

PASSWORD_ENV = "ONESTOP_PORTAL_PASSWORD"
KEYRING_SERVICE = "onestop-portal"


def register(sub: Any) -> None:
    """Add ``portal`` and ``central add-portal``."""
    _register_add_portal(sub)
    portal = sub.add_parser("portal", help="the link to the national portal (Cổng DVCQG)")
    ps = portal.add_subparsers(dest="portal_command", required=True)

    p = ps.add_parser("configure", help="store the link of one receiving unit (no password "
                      "in the database: ONESTOP_PORTAL_PASSWORD, kept in the server's keyring "
                      "when it has one)")
    _central_arg(p)
    p.add_argument("--unit", default="", help="receiving unit code ('' = the only link)")
    p.add_argument("--adapter-url", required=True, help="e.g. https://lgsp.example.gov.vn")
    p.add_argument("--auth-path", required=True)
    p.add_argument("--integration-path", required=True)
    p.add_argument("--share-path", default="")
    p.add_argument("--username", required=True)
    p.add_argument("--dstcode", required=True)
    p.add_argument("--madonvi", required=True)
    p.add_argument("--json", action="store_true")

    p = ps.add_parser("map", help="the mapping tables (no pair: print them)")
    _central_arg(p)
    p.add_argument("--status", action="append", default=[], metavar="OURS=THEIRS")
    p.add_argument("--channel", action="append", default=[], metavar="OURS=THEIRS")
    p.add_argument("--procedure", action="append", default=[], metavar="LOCAL=NATIONAL")
    p.add_argument("--json", action="store_true")

    p = ps.add_parser("sync", help="send what changed to the portal")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--once", action="store_true", help="one run (default)")
    mode.add_argument("--watch", action="store_true", help="a run every --interval seconds")
    _central_arg(p)
    p.add_argument("--unit", default=None)
    p.add_argument("--interval", type=float, default=60.0)
    p.add_argument("--batch", type=int, default=50, help="items per call")
    p.add_argument("--timeout", type=float, default=30.0, help="seconds per HTTP call")
    p.add_argument("--retries", type=int, default=3)
    p.add_argument("--backoff", type=float, default=1.0, help="first retry delay, seconds")
    p.add_argument("--json", action="store_true")

    p = ps.add_parser("status", help="counts by portal state and the attention list")
    _central_arg(p)
    p.add_argument("--unit", default=None)
    p.add_argument("--json", action="store_true")

    p = ps.add_parser("check", help="reconciliation: ask TraCuuHoSo and list mismatches")
    _central_arg(p)
    p.add_argument("--unit", default=None)
    p.add_argument("--since", metavar="DATE", help="dossiers received since (YYYY-MM-DD)")
    p.add_argument("--sample", type=int, default=0, help="ask only N random dossiers")
    p.add_argument("--timeout", type=float, default=30.0)
    p.add_argument("--json", action="store_true")

    p = ps.add_parser("catalogue", help="compare our catalogue with the portal's")
    _central_arg(p)
    p.add_argument("--unit", default=None)
    p.add_argument("--apply", action="store_true", help="update our catalogue (audited)")
    p.add_argument("--timeout", type=float, default=30.0)
    p.add_argument("--json", action="store_true")

    from onestop.portal.standin import __doc__ as standin_doc

    p = ps.add_parser("stand-in", help="a local stand-in of the adapter (tests, trials)",
                      description=standin_doc,
                      formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--ledger", help="JSON-lines file of what arrived")
    p.add_argument("--faults", default="", metavar="SPEC", help="see above")
    p.add_argument("--username", default="onestop")
    p.add_argument("--auth-path", default="/auth")
    p.add_argument("--integration-path", default="/integration")
    p.add_argument("--dstcode", default="")
    p.add_argument("--madonvi", default="")
    p.add_argument("--catalogue", help="JSON file: a list of LayThuTuc objects")


def _central_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--central", required=True, metavar="URL",
                   help="central PostgreSQL URL (password from ONESTOP_CENTRAL_PASSWORD)")


def _register_add_portal(sub: Any) -> None:
    central = sub.choices["central"]
    cs = next(a for a in central._actions if isinstance(a, argparse._SubParsersAction))
    p = cs.add_parser("add-portal", help="create the national portal link's login (reads "
                      "dossiers and events, writes only the portal ledger)")
    p.add_argument("--url", required=True)
    p.add_argument("--name", required=True)
    p.add_argument("--public-url")
    p.add_argument("--json", action="store_true")
    original = _COMMANDS["central"]

    def central_cmd(args: argparse.Namespace) -> int:
        if args.central_command == "add-portal":
            return _add_portal(args)
        return original(args)

    _COMMANDS["central"] = central_cmd


def _fail(field: str, text: str, code: int) -> int:
    print(f"{field}: {text}", file=sys.stderr)
    return code


def _add_portal(args: argparse.Namespace) -> int:
    from onestop.cli.sync import _central_refusal, _unavailable, credentials_public, with_password
    from onestop.storage.credentials import BadUrl
    from onestop.sync.portal_login import add_portal
    from onestop.sync.status import SyncError

    try:
        s: Any = add_portal(with_password(args.url), args.name, args.public_url)
    except BadUrl:
        return _fail("url", messages.message("sync_needs_postgres", field="url"), 2)
    except ValueError:
        return _fail("name", messages.message("invalid_value", field="name"), 2)
    except SyncError as exc:
        return _fail("name" if exc.code == "central_role_clash" else "url", exc.message,
                     exc.exit_code)
    except Exception as exc:
        refusal = _central_refusal(exc, args.url)
        if refusal is not None:
            return _fail(*refusal)
        return _unavailable(exc, args.url)
    out = {"role": s.role, "password": s.password, "url": credentials_public(s.url),
           "use": f"onestop portal sync --central '{credentials_public(s.url)}'"}
    emit(out, args.json)
    return 0


def _engine(args: argparse.Namespace) -> Any:
    from onestop.cli.sync import with_password
    from onestop.portal import store

    return store.engine(with_password(args.central, field="central"))


def _db_error(exc: Exception, url: str) -> int:
    from onestop.cli.sync import _central_refusal
    from onestop.services.errors import database_error

    refusal = _central_refusal(exc, url)
    if refusal is not None:
        return _fail("central", refusal[1], refusal[2])
    err = database_error(exc, url, field="central")
    if err is not None:
        return _fail("central", err.message, err.exit_code)
    raise exc


def _password(cfg: Any) -> str | None:
    pw = os.environ.get(PASSWORD_ENV)
    if pw:
        return pw
    try:
        import keyring

        from onestop.storage.credentials import keyring_usable

        if keyring_usable():
            return keyring.get_password(KEYRING_SERVICE, f"{cfg.adapter_url}|{cfg.username}")
    except Exception:  # noqa: BLE001 - no keyring: the environment variable is the way
        return None
    return None


def _link_config(conn: Any, unit: str | None) -> Any:
    from onestop.portal import store

    return store.read_config(conn, unit)


def _with_conn(args: argparse.Namespace, fn: Any) -> int:
    from onestop.storage.credentials import BadUrl

    try:
        eng = _engine(args)
    except BadUrl:
        return _fail("central", messages.message("sync_needs_postgres", field="central"), 2)
    try:
        with eng.connect() as conn:
            return int(fn(conn))
    except Exception as exc:
        from sqlalchemy.exc import DBAPIError, OperationalError

        if isinstance(exc, (OperationalError, DBAPIError)):
            return _db_error(exc, args.central)
        raise
    finally:
        eng.dispose()


@command("portal")
def _portal(args: argparse.Namespace) -> int:
    name = args.portal_command
    if name == "stand-in":
        return _stand_in(args)
    handler = {"configure": _configure, "map": _map, "sync": _sync, "status": _status,
               "check": _check, "catalogue": _catalogue}[name]
    return _with_conn(args, lambda conn: handler(args, conn))


def _configure(args: argparse.Namespace, conn: Any) -> int:
    from sqlalchemy import text

    from onestop.portal.client import LinkConfig

    url = args.adapter_url.strip()
    checks = [("adapter_url", url.startswith(("http://", "https://"))),
              ("auth_path", args.auth_path.startswith("/")),
              ("integration_path", args.integration_path.startswith("/")),
              ("share_path", args.share_path == "" or args.share_path.startswith("/")),
              ("username", bool(args.username.strip())), ("madonvi", bool(args.madonvi.strip()))]
    for field, ok in checks:
        if not ok:
            return _fail(field, messages.message("invalid_value", field=field), 2)
    conn.execute(text(
        "INSERT INTO portal_link (unit, adapter_url, auth_path, integration_path, share_path, "
        "username, dstcode, madonvi) VALUES (:unit, :u, :a, :i, :s, :n, :d, :m) "
        "ON CONFLICT (unit) DO UPDATE SET adapter_url = excluded.adapter_url, auth_path = "
        "excluded.auth_path, integration_path = excluded.integration_path, share_path = "
        "excluded.share_path, username = excluded.username, dstcode = excluded.dstcode, "
        "madonvi = excluded.madonvi, updated_at = now()"),
        {"unit": args.unit, "u": url, "a": args.auth_path, "i": args.integration_path,
         "s": args.share_path, "n": args.username.strip(), "d": args.dstcode,
         "m": args.madonvi.strip()})
    cfg = LinkConfig(args.unit, url, args.auth_path, args.integration_path, args.share_path,
                     args.username.strip(), args.dstcode, args.madonvi.strip())
    stored = "environment"
    pw = os.environ.get(PASSWORD_ENV)
    if pw:
        try:
            import keyring

            from onestop.storage.credentials import keyring_usable

            if keyring_usable():
                keyring.set_password(KEYRING_SERVICE, f"{cfg.adapter_url}|{cfg.username}", pw)
                stored = "keyring"
        except Exception:  # noqa: BLE001 - keep using the environment variable
            stored = "environment"
    emit({"unit": args.unit, "adapter_url": url, "username": cfg.username,
          "password": stored}, args.json)
    return 0


def _pairs(values: list[str], field: str) -> list[tuple[str, str]] | None:
    out = []
    for v in values:
        ours, sep, theirs = v.partition("=")
        if not sep or not ours.strip():
            print(f"{field}: " + messages.message("portal_bad_pair", value=v), file=sys.stderr)
            return None
        out.append((ours.strip(), theirs.strip()))
    return out


def _map(args: argparse.Namespace, conn: Any) -> int:
    from onestop.portal import mapping

    changes: list[tuple[str, str, str]] = []
    for kind in ("status", "channel", "procedure"):
        pairs = _pairs(getattr(args, kind), kind)
        if pairs is None:
            return 2
        changes += [(kind, o, t) for o, t in pairs]
    if changes:
        mapping.set_pairs(conn, changes)
    tables = mapping.tables(conn)
    if args.json:
        emit(tables, True)
    else:
        for kind, rows in tables.items():
            print(f"[{kind}]")
            for r in rows:
                mark = "" if r["confirmed"] else "  (gợi ý, chưa xác nhận)"
                print(f"  {r['ours']} = {r['theirs'] or '(chưa có)'}{mark}")
    return 0


def _open_client(args: argparse.Namespace, conn: Any, timeout: float) -> Any:
    """(config, client) or an exit code."""
    from onestop.portal.client import Client

    cfg = _link_config(conn, args.unit)
    if cfg is None:
        return _fail("unit", messages.message("portal_not_configured"), 3)
    pw = _password(cfg)
    if not pw:
        return _fail("password", messages.message("portal_password_missing"), 4)
    from dataclasses import replace

    cfg = replace(cfg, password=pw)
    return cfg, Client(cfg, timeout=timeout)


def _portal_failure(exc: Exception, cfg: Any) -> int:
    from onestop.portal.client import LoginRefused

    if isinstance(exc, LoginRefused):
        return _fail("password", messages.message("portal_login_refused", value=cfg.username,
                                                  detail=exc.detail.rstrip(".")), 4)
    return _fail("adapter_url", messages.message("portal_unreachable", value=cfg.adapter_url,
                                                 detail=exc.detail.rstrip(".")), 5)


def _sync(args: argparse.Namespace, conn: Any) -> int:
    from onestop.portal import link, store
    from onestop.portal.client import LoginRefused, Unreachable

    opened = _open_client(args, conn, args.timeout)
    if isinstance(opened, int):
        return opened
    cfg, client = opened
    if not store.lock_unit(conn, cfg.unit):
        client.close()
        return _fail("unit", messages.message("portal_busy"), 5)
    opts = link.Options(batch=max(1, args.batch), retries=max(0, args.retries),
                        backoff=max(0.0, args.backoff))
    try:
        while True:
            try:
                result = link.run_once(conn, cfg, client, opts)
            except (LoginRefused, Unreachable) as exc:
                code = _portal_failure(exc, cfg)
                if not args.watch or code == 4:
                    return code
            else:
                emit(result.as_dict(), args.json)
                sys.stdout.flush()
                if not args.watch:
                    return 1 if result.refused else 0
            time.sleep(max(1.0, args.interval))
    finally:
        client.close()


def _status(args: argparse.Namespace, conn: Any) -> int:
    from onestop.portal import store

    cfg = _link_config(conn, args.unit)
    unit = cfg.unit if cfg is not None else (args.unit or "")
    emit(store.status(conn, unit), args.json)
    return 0


def _check(args: argparse.Namespace, conn: Any) -> int:
    from datetime import date

    from onestop.portal import reconcile
    from onestop.portal.client import LoginRefused, Unreachable

    since = None
    if args.since:
        try:
            since = date.fromisoformat(args.since)
        except ValueError:
            return _fail("since", messages.message("invalid_value", field="since"), 2)
    opened = _open_client(args, conn, args.timeout)
    if isinstance(opened, int):
        return opened
    cfg, client = opened
    try:
        out = reconcile.check(conn, cfg, client, since, args.sample)
    except (LoginRefused, Unreachable) as exc:
        return _portal_failure(exc, cfg)
    finally:
        client.close()
    if args.json:
        emit(out, True)
    else:
        print(f"checked: {out['checked']}  mismatches: {len(out['mismatches'])}")
        for m in out["mismatches"]:
            print(f"  {m['code']}: {m['problem']} {m.get('ours', '')} {m.get('theirs', '')}")
    return 0


def _catalogue(args: argparse.Namespace, conn: Any) -> int:
    from onestop.portal import catalogue_diff
    from onestop.portal.client import LoginRefused, Unreachable

    opened = _open_client(args, conn, args.timeout)
    if isinstance(opened, int):
        return opened
    cfg, client = opened
    try:
        out = catalogue_diff.run(conn, client, apply=args.apply, central_url=args.central)
    except (LoginRefused, Unreachable) as exc:
        return _portal_failure(exc, cfg)
    finally:
        client.close()
    if args.json:
        emit(out, True)
    else:
        for d in out["differences"]:
            print(f"{d['code']} {d['field']}: {d['ours']!r} → {d['theirs']!r}")
        print(f"differences: {len(out['differences'])} applied: {out['applied']}")
    return 0


def _stand_in(args: argparse.Namespace) -> int:
    import json
    from pathlib import Path

    from onestop.portal.standin import Faults, SpecError, StandIn, State

    try:
        faults = Faults.parse(args.faults)
    except SpecError as exc:
        return _fail("faults", messages.message("portal_bad_faults", detail=str(exc)), 2)
    password = os.environ.get(PASSWORD_ENV)
    if not password:
        return _fail("password", messages.message("portal_password_missing"), 2)
    catalogue: list[dict[str, Any]] = []
    if args.catalogue:
        try:
            catalogue = list(json.loads(Path(args.catalogue).read_text(encoding="utf-8")))
        except (OSError, ValueError) as exc:
            return _fail("catalogue", messages.message("portal_bad_setting", field="catalogue",
                                                       detail=str(exc)[:100]), 2)
    state = State(Path(args.ledger) if args.ledger else None, args.username, password,
                  faults, catalogue)
    server = StandIn(args.port, state, host=args.host, auth_path=args.auth_path,
                     integration_path=args.integration_path, dstcode=args.dstcode,
                     madonvi=args.madonvi)
    print(f"stand-in: http://{args.host}:{server.server_address[1]}", flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        state.close()
    return 0
