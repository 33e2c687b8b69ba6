"""Safe schema upgrades: back up, migrate, and on failure put the database back as it was.

Used by ``onestop init`` and by the GUI at start-up (through ``services.setup.migrate``).
On SQLite, Alembic cannot be trusted to undo a failed revision: SQLite's ALTER support makes
migrations rebuild tables in batch mode and some statements commit on their own. So before
touching a SQLite file that already holds data we copy it with the online backup API to
``<db dir>/backups/<name>-before-upgrade-<rev>-<time>.sqlite3``; if any revision fails, the
copy is written back and :class:`UpgradeFailed` says so in Vietnamese. PostgreSQL runs DDL in
a transaction, so there the failed upgrade is simply rolled back.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect
from sqlalchemy.exc import DatabaseError, OperationalError

from onestop import faults
from onestop.services.install import backup as bk
from onestop.services.errors import ServiceError
from onestop.storage import db

__all__ = ["UpgradeFailed", "UpgradeReport", "pending", "upgrade_database"]

log = logging.getLogger(__name__)

#: Pre-upgrade copies kept beside the database (older ones are deleted after a success).
KEEP_PRE_UPGRADE = 5


class UpgradeFailed(ServiceError):
    """A migration failed; the database was restored (or rolled back) — exit code 5."""

    exit_code = 5


@dataclass(frozen=True)
class UpgradeReport:
    """What an upgrade did."""

    from_revision: str | None
    to_revision: str | None
    backup: Path | None
    seconds: float

    @property
    def changed(self) -> bool:
        return self.from_revision != self.to_revision


def _scripts(location: Path | None) -> ScriptDirectory:
    # read db.MIGRATIONS at call time: tests point it at a throwaway directory
    return ScriptDirectory(str(location or db.MIGRATIONS))


def _current(engine: Engine) -> tuple[str | None, bool]:
    """The current revision and whether the database holds any table at all."""
    try:
        with engine.connect() as conn:
            revision = MigrationContext.configure(conn).get_current_revision()
            has_tables = bool(inspect(conn).get_table_names())
    except (OperationalError, DatabaseError) as exc:
        raise db.unavailable(exc, engine) from exc
    return revision, has_tables


def pending(engine: Engine, script_location: Path | None = None) -> bool:
    """True when the database is behind the newest revision shipped with this version."""
    return _current(engine)[0] != _scripts(script_location).get_current_head()


def _apply(engine: Engine, script_location: Path | None) -> None:
    cfg = db.alembic_config(engine)
    cfg.set_main_option("script_location", str(script_location or db.MIGRATIONS))
    command.upgrade(cfg, "head")


def upgrade_database(engine: Engine, script_location: Path | None = None) -> UpgradeReport:
    """Migrate to the newest revision, safely.

    Args:
        engine: The application's engine (SQLite or PostgreSQL).
        script_location: Another Alembic script directory (tests only).

    Returns:
        What was done; ``changed`` is False when the schema was already current.

    Raises:
        db.DatabaseUnavailable: the database cannot be opened or is not a database.
        bk.BackupFailed: the pre-upgrade copy could not be made (nothing was migrated).
        UpgradeFailed: a revision failed; the data is back as it was before.
    """
    started = time.perf_counter()
    head = _scripts(script_location).get_current_head()
    current, has_tables = _current(engine)
    if current == head:
        return UpgradeReport(current, head, None, 0.0)
    copy = None
    if engine.dialect.name == "sqlite" and has_tables:
        db_file = bk.sqlite_file(engine.url)
        name = bk.stamped_path(db_file.parent / "backups", db_file.stem,
                               f"before-upgrade-{current}")
        copy = bk.copy_database(db_file, name).path
    faults.hit("migrate.before_upgrade")
    try:
        _apply(engine, script_location)
    except Exception as exc:  # any failure of any revision: put the data back first
        log.exception("upgrade %s -> %s failed", current, head)
        _undo(engine, copy, head, exc)
    log.info("database upgraded %s -> %s (backup %s)", current, head, copy)
    if copy is not None:
        _prune(copy.parent, copy.name.split("-before-upgrade-")[0])
    return UpgradeReport(current, head, copy, time.perf_counter() - started)


def _undo(engine: Engine, copy: Path | None, head: str | None, exc: Exception) -> None:
    """Restore the pre-upgrade copy (SQLite) and raise the typed error."""
    detail = type(exc).__name__  # the full text (maybe with row values) goes to the log only
    engine.dispose()  # no pooled connection may hold a transaction on the file being restored
    if copy is None:
        raise UpgradeFailed("db", "upgrade_rolled_back", head=head, detail=detail) from exc
    try:
        bk.restore_into(copy, bk.sqlite_file(engine.url))
    except bk.BackupFailed as again:
        log.critical("restoring %s after a failed upgrade failed: %s", copy, again)
        raise UpgradeFailed("db", "upgrade_restore_failed", backup=str(copy)) from exc
    raise UpgradeFailed("db", "upgrade_failed", head=head, detail=detail,
                        backup=str(copy)) from exc


def _prune(folder: Path, stem: str) -> None:
    copies = sorted(folder.glob(f"{stem}-before-upgrade-*.sqlite3"),
                    key=lambda p: p.stat().st_mtime)
    for old in copies[:-KEEP_PRE_UPGRADE]:
        old.unlink(missing_ok=True)
