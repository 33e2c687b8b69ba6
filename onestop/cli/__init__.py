"""The command line: ``onestop [--db URL] [--user NAME] COMMAND ...``.

This package is the ``onestop`` console script (``onestop.cli:main``) and ``python -m onestop``.
:mod:`onestop.cli.common` holds what the area modules share (the command registry, opening the
database, output, errors); each area module adds its subcommands with ``register(sub)``:

* :mod:`~onestop.cli.dossiers` — receive, show, find, event, correct, due
* :mod:`~onestop.cli.citizen` — verify, receipt-key
* :mod:`~onestop.cli.admin` — init, demo, user, audit, catalogue, calendar, settings
* :mod:`~onestop.cli.printing` — receipt, form (and ``report register``, ``catalogue print``)
* :mod:`~onestop.cli.reports` — report
* :mod:`~onestop.cli.sync` — central, join, sync
* :mod:`~onestop.cli.portal` — portal …, central add-portal (the national portal link)
* :mod:`~onestop.cli.install` — backup, restore
* :mod:`~onestop.cli.notify` — notify (result-ready notices, issue 18)
* :mod:`~onestop.cli.smoke` — the ``--smoke`` self-test
* :mod:`~onestop.cli.centre` — ``agency add|list``; ``init --unit-*``, ``receive --agency/--return-unit``, ``demo --centre`` (issue 14)

Exit codes: 0 ok, 2 invalid input or usage (also a malformed database URL), 3 not found (also
a missing database file or an unknown database), 4 forbidden or bad credentials (also a file
that is not a OneStop database), 5 database locked or server unreachable, 6 disk full,
7 read-only storage, 8 damaged database. Errors are one line per field on stderr,
``field: message``. ``--json`` prints one JSON object on stdout.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import NoReturn

from onestop import __version__, config
from onestop.cli import (admin, centre, citizen, dossiers, install, notify, portal, printing,
                         privacy, reports, smoke, sync)
from onestop.cli.common import COMMANDS, EXIT_INVALID, command, report_error, settings_error
from onestop.domain.validation import ValidationError
from onestop.services.errors import ServiceError, Unavailable
from onestop.storage.dblock import LockTimeout

#: The area modules, in the order their subcommands appear in ``onestop --help``.
AREAS = (admin, dossiers, citizen, centre, printing, reports, sync, portal, install, notify,
         smoke, privacy)


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors as ``field: message`` with exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        print(f"usage: {message}", file=sys.stderr)
        raise SystemExit(EXIT_INVALID)


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="onestop", description="OneStop Desk — Bộ phận Một cửa")
    p.add_argument("--db", help="SQLAlchemy URL (default: ONESTOP_DB or the local SQLite file)")
    p.add_argument("--user", default=None, help="account the action is recorded under")
    p.add_argument("--version", action="version", version=f"onestop {__version__}")
    p.add_argument("--smoke", action="store_true",
                   help="self-test: temporary database, one dossier, one receipt; exit 0")
    sub = p.add_subparsers(dest="command", parser_class=_Parser)
    for area in AREAS:
        area.register(sub)
    p2 = sub.add_parser("gui", help="open the desktop application")
    p2.add_argument("--screenshots", metavar="DIR", help="save PNGs of every main screen and exit")
    return p


@command("gui")
def _gui(args: argparse.Namespace) -> int:
    from onestop.app import run_gui

    return run_gui(args)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.smoke:
        return smoke.run_smoke()
    name = args.command or "gui"
    try:
        return COMMANDS[name](args)
    except (ValidationError, ServiceError) as exc:
        return report_error(exc)
    except config.SettingsError as exc:  # named, exit 2: the CLI still works with --db
        return report_error(settings_error(exc))
    except LockTimeout as exc:  # a write outside a service transaction (migration, sync)
        return report_error(Unavailable("db", "restore_in_progress", detail=str(exc)))
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
