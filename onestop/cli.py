"""The command line: ``onestop [--db URL] [--user NAME] COMMAND ...``.

Exit codes: 0 ok, 2 invalid input or usage (also a malformed database URL), 3 not found (also
a missing database file or an unknown database), 4 forbidden or bad credentials (also a file
that is not a OneStop database), 5 database locked or server unreachable, 6 disk full,
7 read-only storage, 8 damaged database. Errors are one line per field on stderr,
``field: message``.
``--json`` prints one JSON object on stdout.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

from onestop import __version__, config
from onestop.domain.validation import ValidationError
from onestop.services.errors import ServiceError, Unavailable, exit_code_for
from onestop.storage.dblock import LockTimeout

EXIT_OK, EXIT_INVALID, EXIT_NOT_FOUND, EXIT_FORBIDDEN, EXIT_UNAVAILABLE = 0, 2, 3, 4, 5

Handler = Callable[[argparse.Namespace], int]
_COMMANDS: dict[str, Handler] = {}


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors as ``field: message`` with exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        print(f"usage: {message}", file=sys.stderr)
        raise SystemExit(EXIT_INVALID)


def command(name: str) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        _COMMANDS[name] = fn
        return fn
    return register


def emit(obj: Any, as_json: bool, text: str | None = None) -> None:
    """Print a result: JSON object or a human line."""
    if as_json:
        print(json.dumps(obj, ensure_ascii=False, indent=None, default=str))
    elif text is not None:
        print(text)
    else:
        for key, value in obj.items():
            print(f"{key}: {value}")


def build_parser() -> argparse.ArgumentParser:
    from onestop import cli_commands

    p = _Parser(prog="onestop", description="OneStop Desk — Bộ phận Một cửa")
    p.add_argument("--db", help="SQLAlchemy URL (default: ONESTOP_DB or the local SQLite file)")
    p.add_argument("--user", default=None, help="account the action is recorded under")
    p.add_argument("--version", action="version", version=f"onestop {__version__}")
    p.add_argument("--smoke", action="store_true",
                   help="self-test: temporary database, one dossier, one receipt; exit 0")
    sub = p.add_subparsers(dest="command", parser_class=_Parser)
    cli_commands.register(sub)
    return p


def _open(args: argparse.Namespace, migrate: bool = False,  # type: ignore[no-untyped-def]
          create: bool = False):
    """The service context for the global ``--db`` and ``--user`` options.

    Args:
        create: the command may create a missing database (``init``, ``demo``, ``join``);
            any other command on a missing file exits 3 and creates nothing.
    """
    from onestop.services import setup, users
    from onestop.services.context import SYSTEM_USER, open_checked

    ctx = open_checked(database_url(args.db), args.user or SYSTEM_USER, create=create)
    if migrate:
        setup.migrate(ctx)
    if args.user and args.user != SYSTEM_USER:
        users.require_active(ctx)
    return ctx


def database_url(cli_value: str | None) -> str:
    """The database URL: ``--db``, ``ONESTOP_DB``, the settings file, the default file.

    Raises:
        config.SettingsError: the settings file would decide but cannot be read; never fall
            back silently to another database (dossiers would land in the wrong file).
    """
    return config.database_url(cli_value)


def _settings_error(exc: config.SettingsError) -> ValidationError:
    path = str(config.paths().settings_file)
    detail = str(exc).removeprefix(f"{path}: ")
    return ValidationError("settings", "settings_corrupt", value=path, detail=detail)


def report_error(exc: BaseException) -> int:
    """Print a typed error as ``field: message`` lines; return its exit code."""
    if isinstance(exc, ValidationError):
        for err in exc.errors:
            print(f"{err.field}: {err.message}", file=sys.stderr)
    elif isinstance(exc, ServiceError):
        print(f"{exc.field}: {exc.message}", file=sys.stderr)
    return exit_code_for(exc)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.smoke:
        from onestop.smoke import run_smoke

        return run_smoke()
    name = args.command or "gui"
    try:
        return _COMMANDS[name](args)
    except (ValidationError, ServiceError) as exc:
        return report_error(exc)
    except config.SettingsError as exc:  # named, exit 2: the CLI still works with --db
        return report_error(_settings_error(exc))
    except LockTimeout as exc:  # a write outside a service transaction (migration, sync)
        return report_error(Unavailable("db", "restore_in_progress", detail=str(exc)))
    except KeyboardInterrupt:
        return 130


def read_password(prompt: str = "Mật khẩu: ") -> str:
    """A password from the terminal, or the first line of stdin when it is not a terminal."""
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    return sys.stdin.readline().rstrip("\r\n")


if __name__ == "__main__":
    sys.exit(main())
