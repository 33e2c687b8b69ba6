"""Typed service errors. Each names a field and carries a Vietnamese message and an exit code.

The CLI prints ``field: message`` and exits with :attr:`exit_code`; the GUI shows the message
next to the field. Validation failures are :class:`onestop.domain.validation.ValidationError`
(exit code 2), raised by the domain validators and re-used here unchanged.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from onestop import config
from onestop.domain import messages
from onestop.domain.validation import FieldError, ValidationError
from sqlalchemy.engine import make_url
from onestop.storage.db import sqlite_path
from onestop.storage import db

__all__ = [
    "ServiceError", "NotFound", "Forbidden", "AuthFailed", "ValidationError", "FieldError",
    "exit_code_for", "Unavailable", "StorageFailure", "NoSpace", "ReadOnlyStorage", "Damaged", "BadDatabaseUrl",
    "database_error", "storage_error", "where", "settings_error",
]


class ServiceError(Exception):
    """Base of the expected, typed failures of a service call (nothing was changed)."""

    exit_code = 1

    def __init__(self, field: str, code: str, **params: object) -> None:
        self.field = field
        self.code = code
        self.params = params
        super().__init__(f"{field}: {self.message}")

    @property
    def message(self) -> str:
        return messages.message(self.code, field=self.field, **self.params)


class NotFound(ServiceError):
    """The dossier, user or procedure named does not exist (exit code 3)."""

    exit_code = 3


class Forbidden(ServiceError):
    """The acting user's role does not allow the action, or the account is disabled (exit 4)."""

    exit_code = 4


class AuthFailed(ServiceError):
    """Wrong credentials or a locked account (exit code 4)."""

    exit_code = 4


class Unavailable(ServiceError):
    """The database is locked past the busy time-out or its server cannot be reached (exit 5):
    the only failure where "try again later" is the right advice."""

    exit_code = 5


class BadDatabaseUrl(ServiceError):
    """The database URL is malformed or names an unsupported kind of database (exit 2)."""

    exit_code = 2


class StorageFailure(ServiceError):
    """The storage itself failed (full, read-only, damaged): nothing the user typed is wrong,
    so the GUI says it in a dialog and keeps the form as typed."""


class NoSpace(StorageFailure):
    """The disk holding the file is full; nothing was written (exit 6)."""

    exit_code = 6


class ReadOnlyStorage(StorageFailure):
    """The file is on read-only storage or may not be written; nothing was written (exit 7)."""

    exit_code = 7


class Damaged(StorageFailure):
    """The database opens but fails its integrity check; it is not written to (exit 8)."""

    exit_code = 8


def where(target: Any) -> str:
    """What to name in a message about a database: its file, or its URL without password."""


    try:
        url = make_url(target) if isinstance(target, str) else getattr(target, "url", target)
        path = sqlite_path(url)
    except Exception:  # noqa: BLE001 - an unparsable URL: name nothing rather than leak it
        return ""
    if path is not None:
        return str(path.resolve()) if path.parent.exists() else str(path)
    return url.render_as_string(hide_password=True)


def database_error(exc: BaseException, target: Any, field: str = "db") -> ServiceError | None:
    """The typed error for a failure of the database ``target`` (an engine, URL or path),
    or None when ``exc`` is not a database failure but a bug.

    The one mapping from failure kind to message and exit code, used by the CLI and the GUI:
    malformed URL 2; missing file or unknown database 3; wrong password or not a OneStop
    database 4; locked or unreachable 5 ("try again later" only here); no space 6;
    read-only 7; damaged 8.
    """

    path = None
    if isinstance(target, Path):
        path = target
    else:
        try:
            path = db.sqlite_path(target if isinstance(target, str) else target.url)
        except Exception:  # noqa: BLE001 - a malformed URL has no file
            path = None
    kind = db.failure_kind(exc, path)
    if kind is None:
        return None
    name = str(path) if isinstance(target, Path) else where(target)
    return _typed(kind, name, field, _detail(exc))


def storage_error(exc: OSError, path: Path, field: str = "file") -> ServiceError | None:
    """A full or read-only disk met while writing ``path`` (None for other OS errors)."""

    kind = db.failure_kind(exc, path)
    if kind in (db.NO_SPACE, db.READ_ONLY):
        return _typed(kind, str(path), field, _detail(exc))
    return None


def _detail(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None) or exc
    if isinstance(orig, OSError) and orig.strerror:
        return orig.strerror
    text = " ".join(str(orig).split())
    return text[:160] if text else type(orig).__name__


def _typed(kind: str, name: str, field: str, detail: str) -> ServiceError:
    if kind == db.BAD_URL:
        return BadDatabaseUrl(field, "db_url_invalid", detail=detail)
    if kind == db.MISSING:
        return NotFound(field, "db_missing", value=name)
    if kind == db.UNKNOWN_DATABASE:
        return NotFound(field, "db_unknown", value=name)
    if kind == db.AUTH:
        return AuthFailed(field, "db_auth", value=name)
    if kind == db.NOT_A_DATABASE:
        return AuthFailed(field, "not_a_database", value=name)
    if kind == db.BUSY:
        return Unavailable(field, "database_busy", value=name,
                           seconds=db.BUSY_TIMEOUT_MS // 1000)
    if kind == db.NO_SPACE:
        return NoSpace(field, "disk_full", value=name)
    if kind == db.READ_ONLY:
        return ReadOnlyStorage(field, "read_only", value=name)
    if kind == db.CORRUPT:
        return Damaged(field, "database_corrupt", value=name, detail=detail)
    return Unavailable(field, "database_unavailable", value=name, detail=detail)


def exit_code_for(exc: BaseException) -> int:
    """The CLI exit code of an error raised by a service."""
    if isinstance(exc, ValidationError):
        return 2
    if isinstance(exc, ServiceError):
        return exc.exit_code
    return 1


def settings_error(exc: Exception) -> ValidationError:
    """An unreadable settings file (``config.SettingsError``) as a ``settings:`` field error.

    The CLI and the GUI both report it this way (exit 2 / a message box naming the file).
    """
    path = str(config.paths().settings_file)
    detail = str(exc).removeprefix(f"{path}: ")
    return ValidationError("settings", "settings_corrupt", value=path, detail=detail)
