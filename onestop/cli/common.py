"""What every CLI area module shares: the command registry, opening the database, output, errors.

The command line is ``onestop [--db URL] [--user NAME] COMMAND ...``.

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
from collections.abc import Callable
from typing import Any, TypeAlias

from onestop import config
from onestop.domain.validation import ValidationError
from onestop.services import errors
from onestop.services.errors import ServiceError, exit_code_for

EXIT_OK, EXIT_INVALID, EXIT_NOT_FOUND, EXIT_FORBIDDEN, EXIT_UNAVAILABLE = 0, 2, 3, 4, 5

Handler = Callable[[argparse.Namespace], int]
#: Every subcommand's handler by name, filled by :func:`command` as the area modules load.
COMMANDS: dict[str, Handler] = {}

#: What ``register(sub)`` of each area module receives: the parser's subcommands.
SubParsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def command(name: str) -> Callable[[Handler], Handler]:
    """Register the decorated function as the handler of subcommand ``name``."""
    def register(fn: Handler) -> Handler:
        COMMANDS[name] = fn
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


def open_database(args: argparse.Namespace, migrate: bool = False,  # type: ignore[no-untyped-def]
                  create: bool = False):
    """The service context for the global ``--db`` and ``--user`` options.

    Args:
        create: the command may create a missing database (``init``, ``demo``, ``join``);
            any other command on a missing file exits 3 and creates nothing.
    """
    from onestop.services import users
    from onestop.services.install import setup
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


settings_error = errors.settings_error


def report_error(exc: BaseException) -> int:
    """Print a typed error as ``field: message`` lines; return its exit code."""
    if isinstance(exc, ValidationError):
        for err in exc.errors:
            print(f"{err.field}: {err.message}", file=sys.stderr)
    elif isinstance(exc, ServiceError):
        print(f"{exc.field}: {exc.message}", file=sys.stderr)
    return exit_code_for(exc)


def read_password(prompt: str = "Mật khẩu: ") -> str:
    """A password from the terminal, or the first line of stdin when it is not a terminal."""
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    return sys.stdin.readline().rstrip("\r\n")

