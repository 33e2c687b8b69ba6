"""First-run set-up of an installation: what the first-run wizard does, without Qt.

The wizard (``ui/first_run.py``) only collects :class:`FirstRunAnswers` and calls
:func:`apply`, which validates everything before writing anything, creates the database in
the user data dir (or beside the executable in portable mode), sets the agency and counter,
adds the first admin account and finally writes the settings file. The settings file is
written last because its existence marks the set-up as done (:func:`needs_first_run`).
"""

from __future__ import annotations

import logging
import os
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL, make_url

from onestop import config
from onestop.domain import codes
from onestop.domain import validation as v
from onestop.services import passwords, users
from onestop.services.install import setup
from onestop.services.context import Context
from onestop.services.errors import ValidationError
from onestop.storage import credentials
from onestop.storage.db import DBAPI_ERRORS
from onestop.storage.db import raw_connect

__all__ = ["FirstRunAnswers", "FirstRunResult", "apply", "enable_portable", "needs_first_run"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FirstRunAnswers:
    """What the administrator typed in the wizard (strings as typed)."""

    agency_code: str
    agency_name: str
    parent_name: str
    counter: int | str
    admin_username: str
    admin_full_name: str
    admin_password: str
    central_url: str = ""
    portable: bool = False


@dataclass(frozen=True)
class FirstRunResult:
    """Where things went."""

    settings_file: Path
    data_dir: Path
    agency_code: str
    counter: int
    admin: str
    central_password_stored: str | None  # "keyring", "file" or None


def needs_first_run() -> bool:
    """True when this PC has neither a settings file nor an initialised local database."""
    if os.environ.get("ONESTOP_DB") or config.paths().settings_file.exists():
        return False
    url = make_url(config.database_url())
    if url.get_backend_name() != "sqlite" or not url.database:
        return False
    return not _initialised(Path(url.database))


def _initialised(db_file: Path) -> bool:
    if not db_file.is_file():
        return False
    try:
        conn = raw_connect(db_file, read_only=True, create=False)   # encrypted or plain
        try:
            row = conn.execute("SELECT 1 FROM local_setting WHERE key = 'agency_id'").fetchone()
        finally:
            conn.close()
    except (sqlite3.Error, DBAPI_ERRORS):
        return True  # a file that is not ours: let the app report it, not the wizard
    return row is not None


def enable_portable(exe_dir: Path | None = None) -> Path:
    """Keep settings and data beside the executable from now on.

    Writes ``portable.txt`` beside a frozen executable (read by ``config.paths()`` on the
    next start) and sets ``ONESTOP_PORTABLE=1`` for this process.

    Returns:
        The portable root folder.

    Raises:
        OSError: the folder is not writable (e.g. installed under Program Files).
    """
    root = exe_dir or Path(sys.executable).resolve().parent
    if exe_dir is not None or getattr(sys, "frozen", False):
        (root / "portable.txt").write_text(
            "OneStop Desk: chế độ di động — dữ liệu nằm cạnh tệp chạy.\n", encoding="utf-8")
    os.environ["ONESTOP_PORTABLE"] = "1"
    return root


def validate(a: FirstRunAnswers) -> tuple[str, int, str | None, str | None]:
    """Check every answer; return (agency code, counter, central URL, central password).

    Raises:
        ValidationError: with every field in error at once.
    """
    c = v.Collector()
    code = a.agency_code.strip().upper()
    if not codes.valid_agency_code(code):
        c.add("agency_code", "invalid_value")
    c.check(v.free_text, a.agency_name, "agency_name", 200, required=True)
    c.check(v.free_text, a.parent_name, "agency_name", 200)
    counter = c.check(v.int_range, a.counter, "counter", 1, codes.MAX_COUNTER)
    c.check(users._username, a.admin_username)
    c.check(v.person_name, a.admin_full_name, "full_name")
    c.check(passwords.check, a.admin_password, a.admin_username.strip(), "password")
    url, password = None, None
    with c.field("url"):
        url, password = _central(a.central_url)
    c.raise_if_any()
    assert counter is not None
    return code, counter, url, password


def _central(text: str) -> tuple[str | None, str | None]:
    """The central URL without its password (for the settings file), and the password."""
    if not text.strip():
        return None, None
    try:
        url = credentials.normalise(text)
    except credentials.BadUrl:
        raise ValidationError("url", "invalid_value") from None
    if not url.host:
        raise ValidationError("url", "invalid_value")
    return credentials.full_text(url), url.password


def _without_password(u: URL) -> str:
    # URL.set(password=None) keeps the password (None means "unchanged"): rebuild instead
    bare = URL.create(u.drivername, u.username, None, u.host, u.port, u.database, u.query)
    return bare.render_as_string(hide_password=False)


def _keep_password(url: str, password: str | None) -> str | None:
    """Store the central password (keyring, else a 0600 file); where it went."""
    if not password:
        return None
    return credentials.store_password(make_url(url), password).where


def apply(a: FirstRunAnswers) -> FirstRunResult:
    """Set this installation up from the wizard's answers (re-running it is harmless).

    Raises:
        ValidationError: an answer is invalid (nothing was written).
        OSError: portable mode chosen but the executable's folder is not writable.
        Unavailable, UpgradeFailed: the local database cannot be created.
    """
    code, counter, central, password = validate(a)
    if a.portable:
        enable_portable()
    values = _load_settings()
    ctx = Context.open(config.database_url())
    try:
        setup.init(ctx, code, a.agency_name, counter)
        if a.parent_name.strip():
            setup.update_agency(ctx, parent_name=a.parent_name)
        if a.admin_username.strip().lower() not in {u.username for u in users.list_users(ctx)}:
            users.add_user(ctx, a.admin_username, "admin", a.admin_full_name, a.admin_password)
    finally:
        ctx.engine.dispose()
    stored = None
    if central:
        values["central.url"] = _without_password(make_url(central))
        stored = _keep_password(central, password)
        values["central.password_in_keyring"] = stored == "keyring"
    config.save(values)
    p = config.paths()
    log.info("first-run set-up done: agency %s, counter %d, data in %s", code, counter, p.data_dir)
    return FirstRunResult(p.settings_file, p.data_dir, code, counter,
                          a.admin_username.strip().lower(), stored)


def _load_settings() -> dict[str, object]:
    try:
        return config.load()
    except config.SettingsError:
        return dict(config.DEFAULTS)  # a broken file is replaced by the wizard's answers
