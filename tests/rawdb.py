"""``sqlite3`` for tests, through SQLCipher: opens plain and encrypted OneStop files alike.

Tests read and damage database files directly (``import tests.rawdb as sqlite3``); the
stdlib module cannot read an encrypted file. A connection is keyed the way the application
keys its own (storage.db): by the file's salt, ``ONESTOP_DB_KEY`` (set for the whole suite
in tests/conftest.py) or ``ONESTOP_RECOVERY_KEY``; a plain file opens without a key and a
new file is created encrypted.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from sqlcipher3.dbapi2 import *  # noqa: F403 - the whole DB-API surface, as sqlite3 has it
from sqlcipher3 import dbapi2 as _dbapi

from onestop.storage.db import _Keying


def _path(database: Any, uri: bool) -> Path | None:
    text = str(database)
    if text in (":memory:", "") or "mode=memory" in text:
        return None
    if uri or text.startswith("file:"):
        return Path(unquote(urlparse(text).path))
    return Path(text)


def connect(database: Any, *args: Any, **kwargs: Any) -> Any:
    """``sqlite3.connect`` with the file keyed as the application keys it."""
    conn = _dbapi.connect(database, *args, **kwargs)
    path = _path(database, bool(kwargs.get("uri")))
    read_only = "mode=ro" in str(database)
    _Keying(path.resolve() if path else None, not read_only).apply(conn)
    return conn


def plain_connect(database: Any, *args: Any, **kwargs: Any) -> Any:
    """A connection that never keys the file (a plain database, as before issue 16)."""
    return _dbapi.connect(database, *args, **kwargs)


def iterdump(conn: Any) -> list[str]:
    """What ``sqlite3.Connection.iterdump`` gives (SQLCipher's connection has none): the
    schema, then every row of every table as text, in a fixed order."""
    out: list[str] = []
    schema = conn.execute("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL "
                          "ORDER BY type, name").fetchall()
    for _type, _name, sql in schema:
        out.append(f"{sql};")
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                "ORDER BY name").fetchall():
        for row in conn.execute(f'SELECT * FROM "{name}" ORDER BY 1').fetchall():
            out.append(f'INSERT INTO "{name}" VALUES{row!r};')
    return out
