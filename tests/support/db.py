"""Databases of the tests on both back-ends: the same test on SQLite and PostgreSQL.

Every test gets a fresh database copied from a template initialised once per session and
back-end (``services.install.setup.init`` plus three accounts — Argon2 hashing is the slow
part): SQLite through the online backup API (:func:`copy_sqlite`), PostgreSQL with
``CREATE DATABASE … TEMPLATE``. The fixtures are in :mod:`tests.support.fixtures`.
"""

from __future__ import annotations

from tests import rawdb as sqlite3
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, func, select, text
from sqlalchemy.engine import make_url

from onestop.services.context import Context
from onestop.storage.models import AuditEntry, Base

#: Back-ends of the parametrized tests; the PostgreSQL one carries the ``postgres`` marker.
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def copy_sqlite(src: Path | str, dst: Path | str) -> Path:
    """A consistent copy of a SQLite database (online backup API: a WAL database is copied
    whole, which a file copy may not do)."""
    dst = Path(dst)
    dst.parent.mkdir(parents=True, exist_ok=True)
    # the copy keeps the source's state: a plain file (an old fixture, as before issue 16) is
    # copied plain — SQLCipher's backup API cannot copy between a plain and an encrypted file
    from onestop.storage import keys

    if keys.state(Path(src)) == keys.PLAIN:
        a, b = sqlite3.plain_connect(src), sqlite3.plain_connect(dst)
    else:
        a, b = sqlite3.connect(src), sqlite3.connect(dst)
    with b:
        a.backup(b)
    a.close()
    b.close()
    return dst


def sqlite_value(path: Path | str, statement: str) -> Any:
    """The first column of the first row of one SQL statement on a SQLite file (read with the
    plain sqlite3 module, apart from the application's engine)."""
    conn = sqlite3.connect(path)
    try:
        return conn.execute(statement).fetchone()[0]
    finally:
        conn.close()


def sqlite_template(factory: pytest.TempPathFactory, name: str,
                    build: Callable[[str], object]) -> Path:
    """A SQLite file built once per session by ``build(url)``, to be copied for each test with
    :func:`copy_sqlite`."""
    path = factory.mktemp(name) / "onestop.sqlite3"
    build(f"sqlite:///{path}")
    return path


@dataclass(frozen=True)
class Template:
    backend: str
    url: str


def _pg_admin(pg_url: str) -> Engine:
    return create_engine(pg_url, isolation_level="AUTOCOMMIT")


def pg_create(pg_url: str, template: str | None = None) -> str:
    """Create a database (optionally from a template) and return its URL."""
    name = f"onestop_t_{uuid.uuid4().hex[:12]}"
    admin = _pg_admin(pg_url)
    with admin.connect() as conn:
        suffix = f' TEMPLATE "{template}"' if template else ""
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"{suffix}')
    admin.dispose()
    return make_url(pg_url).set(database=name).render_as_string(hide_password=False)


def pg_drop(pg_url: str, url: str) -> None:
    admin = _pg_admin(pg_url)
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')
    admin.dispose()


def as_user(ctx: Context, username: str) -> Context:
    """The same database and clock, acted on by another account."""
    return ctx.as_user(username)


def sql(engine: Engine, statement: str, **params: Any) -> Any:
    """Run one raw SQL statement in its own transaction (the way an intruder would)."""
    with engine.begin() as conn:
        result = conn.execute(text(statement), params)
        return result.all() if result.returns_rows else result.rowcount


def row_counts(engine: Engine) -> dict[str, int]:
    """The number of rows of every table."""
    with engine.connect() as conn:
        return {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                for t in Base.metadata.sorted_tables}


def audit_actions(engine: Engine) -> list[tuple[str, str, str, str]]:
    """(actor, action, target, outcome) of every audit entry, oldest first."""
    with engine.connect() as conn:
        rows = conn.execute(select(AuditEntry.actor, AuditEntry.action, AuditEntry.target,
                                   AuditEntry.outcome).order_by(AuditEntry.origin,
                                                                AuditEntry.seq))
        return [tuple(r) for r in rows]  # type: ignore[misc]


def json_param(engine: Engine, name: str) -> str:
    """A bind parameter usable as a JSON column value in raw SQL on either back-end."""
    return f"CAST(:{name} AS json)" if engine.dialect.name == "postgresql" else f":{name}"


def unchanged_except(before: dict[str, int], after: dict[str, int],
                     **grown: int) -> None:
    """Assert the row counts are identical apart from the named tables' growth."""
    expected = {k: v + grown.get(k, 0) for k, v in before.items()}
    assert after == expected
