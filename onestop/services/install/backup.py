"""Backups of the local SQLite database: online copies, checked restores, daily rotation.

Copies go through SQLite's online backup API (``sqlite3.Connection.backup``), never a file
copy: it reads a consistent snapshot while the GUI and the sync worker keep the database
open, and it folds in whatever is still in the WAL. Restores use the same API in the other
direction, so connections that are still open see the restored pages instead of a file
swapped under their feet. Every backup is written to a ``.part`` file, checked with
``PRAGMA integrity_check`` and only then renamed into place, so a USB stick pulled out or a
share that drops mid-copy never leaves a file that looks like a good backup.

The central PostgreSQL database is backed up on its server (``pg_dump``); here only SQLite.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import time
from dataclasses import dataclass
from functools import lru_cache
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.engine import make_url

from onestop import config, faults
from onestop.domain.clock import file_stamp
from onestop.services.errors import (
    Damaged, NoSpace, NotFound, ReadOnlyStorage, ServiceError,
)
from onestop.storage import health
from onestop.storage import dblock, keys
from onestop.storage import rekey
from onestop.storage import db
from onestop.storage.db import dbapi as sqlite3, file_key, raw_connect
from onestop.storage.models import LocalSetting

__all__ = [
    "BackupFailed", "BackupResult", "BadBackupFile", "RestoreResult", "auto_backup", "backup",
    "check_file", "copy_database", "restore", "restore_into", "rotate", "sqlite_file",
    "stamped_path",
]

log = logging.getLogger(__name__)

SQLITE_HEADER = b"SQLite format 3\x00"
#: Tables every OneStop database has, from revision 0001 on.
REQUIRED_TABLES = frozenset({"alembic_version", "dossier", "dossier_event", "agency"})
BUSY_TIMEOUT_S = 30.0


class BadBackupFile(ServiceError):
    """The file given is missing, not SQLite, corrupt or not ours (exit code 2)."""

    exit_code = 2


class BackupFailed(ServiceError):
    """The copy could not be written (disk full, share gone, database locked) — exit code 5."""

    exit_code = 5


@dataclass(frozen=True)
class BackupResult:
    """A backup written and checked."""

    path: Path
    size: int
    seconds: float
    revision: str | None


@dataclass(frozen=True)
class RestoreResult:
    """A restore done: where from, the copy of the database it replaced, its revision.

    Attributes:
        missing: codes of dossiers the replaced database held and the backup does not
            (received after the backup; they stay in the safety copy).
        reserved: day prefixes and register books whose numbers the replaced database had
            gone past: the restored database keeps them reserved (never handed out twice).
    """

    source: Path
    database: Path
    safety_copy: Path | None
    revision: str | None
    missing: tuple[str, ...] = ()
    reserved: int = 0


def sqlite_file(target: Any) -> Path:
    """The SQLite file behind a Context, a SQLAlchemy URL or a path.

    Raises:
        BackupFailed: the database is not a SQLite file (PostgreSQL, in-memory).
    """
    if isinstance(target, Path):
        return target
    url = target.engine.url if hasattr(target, "engine") else make_url(str(target))
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        raise BackupFailed("db", "backup_sqlite_only")
    return Path(url.database).expanduser().resolve()


class BackupKeyFailed(ServiceError):
    """An encrypted backup no key on this PC opens (wrong recovery key) — exit code 4."""

    exit_code = 4


def _connect(path: Path, read_only: bool = False, key: str | None = None) -> sqlite3.Connection:
    # immutable=1: a backup on a read-only stick must not get -wal/-shm files written beside it.
    # SQLCipher: an encrypted file is keyed by its salt (storage.keys), or with ``key``.
    return raw_connect(path, read_only=read_only, timeout=BUSY_TIMEOUT_S, key=key,
                       immutable=read_only, create=False)


def _target(src: Path, part: Path) -> sqlite3.Connection:
    """The copy's connection: a plain source gives a plain copy; an encrypted one a copy with
    the same key and salt (found again by its salt on any PC holding the key)."""
    if keys.state(src) != keys.ENCRYPTED:
        return _connect(part, key="")
    key = file_key(src)
    if key is None:
        raise sqlite3.DatabaseError("file is not a database")
    conn = sqlite3.connect(str(part), timeout=BUSY_TIMEOUT_S, isolation_level=None)
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(keys.pragma(key, keys.salt_of(src)))
    return conn


def _integrity(conn: sqlite3.Connection) -> str | None:
    """None when the database is sound, else the first problem reported."""
    rows = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
    return None if rows == ["ok"] else str(rows[0])[:200]


def _revision(conn: sqlite3.Connection) -> str | None:
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError:
        return None
    return row[0] if row else None


def copy_database(src: Path, dst: Path, check: bool = True) -> BackupResult:
    """Copy the SQLite database ``src`` to ``dst`` with the online backup API, then check it.

    The copy is a single self-contained file (journal mode DELETE) that SQLite opens alone.

    Raises:
        BackupFailed: the source cannot be read or the copy cannot be written or checked.
    """
    started = time.perf_counter()
    part = dst.with_name(dst.name + ".part")
    if not src.is_file():
        raise NotFound("db", "db_missing", value=str(src))
    try:
        dst.parent.mkdir(parents=True, exist_ok=True)
        part.unlink(missing_ok=True)
        source = _connect(src)
        target = _target(src, part)
        try:
            source.backup(target)  # one step: a consistent snapshot (WAL readers never block)
            target.execute("PRAGMA journal_mode=DELETE")
            problem = _integrity(target) if check else None
            revision = _revision(target)
        finally:
            source.close()
            target.close()
        if problem is not None:
            _source_damage(src)   # the copy holds the source's pages: is the source damaged?
            raise sqlite3.DatabaseError(problem)
        _fsync(part)
        faults.hit("backup.before_rename")
        os.replace(part, dst)
    except (OSError, sqlite3.Error) as exc:
        part.unlink(missing_ok=True)
        raise _copy_error(exc, src, dst) from exc
    return BackupResult(dst, dst.stat().st_size, time.perf_counter() - started, revision)


def _source_damage(src: Path) -> None:
    """Raise :class:`Damaged` (and record it) when ``src`` fails ``PRAGMA integrity_check``."""
    try:
        conn = _connect(src, read_only=True)
        try:
            problem = health.check(conn, full=True)
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        problem = str(exc)
    if problem is not None:
        health.mark_damaged(src, problem)
        raise Damaged("db", "database_corrupt", value=str(src), detail=problem)


def _copy_error(exc: Exception, src: Path, dst: Path) -> ServiceError:
    """A full or read-only target disk, a damaged source, or else a failed backup."""

    kind = db.failure_kind(exc, dst)
    if kind in (db.NO_SPACE, db.READ_ONLY):
        return NoSpace("file", "disk_full", value=str(dst)) if kind == db.NO_SPACE \
            else ReadOnlyStorage("file", "read_only", value=str(dst))
    if kind == db.CORRUPT:
        health.mark_damaged(src, str(exc))
        return Damaged("db", "database_corrupt", value=str(src), detail=str(exc))
    return BackupFailed("file", "backup_failed", value=str(dst), detail=str(exc))


def _fsync(path: Path) -> None:
    # office PCs lose power: the renamed file must already be on the disk
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def backup(ctx_or_url: Any, out_path: str | Path) -> BackupResult:
    """Back the database up to ``out_path`` (overwritten only once the new copy checks out).

    Args:
        ctx_or_url: A services Context, a SQLAlchemy URL or the path of the SQLite file.
        out_path: Where to write the backup.

    Raises:
        BackupFailed: not a SQLite database, or the copy failed.
    """
    result = copy_database(sqlite_file(ctx_or_url), Path(out_path).expanduser().resolve())
    log.info("backup written: %s (%d bytes, %.2f s)", result.path, result.size, result.seconds)
    return result


def check_file(path: str | Path) -> str | None:
    """Check that ``path`` is a sound OneStop SQLite database; return its Alembic revision.

    Raises:
        BadBackupFile: missing, not SQLite, failing ``PRAGMA integrity_check``, or not ours.
    """
    p = Path(path).expanduser()
    if not p.is_file():
        raise BadBackupFile("file", "not_found", value=str(p))
    if keys.state(p) == keys.MISSING:
        raise BadBackupFile("file", "backup_not_sqlite", value=str(p))
    if keys.state(p) == keys.ENCRYPTED and file_key(p) is None:
        # an encrypted backup with no key here, or no database at all: one cannot tell
        raise BackupKeyFailed("file", "backup_key_wrong", value=str(p))
    try:
        conn = _connect(p, read_only=True)
        try:
            problem = _integrity(conn)
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
            revision = _revision(conn)
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise BadBackupFile("file", "backup_corrupt", value=str(p), detail=str(exc)) from exc
    if problem is not None:
        raise BadBackupFile("file", "backup_corrupt", value=str(p), detail=problem)
    if not REQUIRED_TABLES <= tables:
        raise BadBackupFile("file", "backup_not_onestop", value=str(p))
    return revision


def restore(path: str | Path, db_path: str | Path, keep_safety_copy: bool = True) -> RestoreResult:
    """Replace the database at ``db_path`` with the backup ``path``.

    The backup is checked first (nothing is touched if it fails); the current database, if
    any, is copied to ``<db dir>/backups/<name>-before-restore-<time>.sqlite3``.

    The whole swap holds the lock beside the database exclusively (storage.dblock): it waits
    up to ``dblock.RESTORE_WAIT_S`` for write transactions in flight, and writers starting
    meanwhile wait until it is done.

    Raises:
        BadBackupFile: the backup is missing, not SQLite, corrupt or not a OneStop database.
        BackupFailed: the safety copy or the restore itself could not be written, or writers
            kept the database busy (``restore_busy``, exit code 5: try again later).
    """
    source = Path(path).expanduser().resolve()
    target = Path(db_path).expanduser().resolve()
    revision = check_file(source)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        # No writer (GUI, CLI, sync) commits between the safety copy, which is where the
        # reservations are read, and the swap: the copy is the final state replaced.
        with dblock.exclusive(target):
            return _restore_locked(source, target, revision, keep_safety_copy)
    except dblock.LockTimeout as exc:
        raise BackupFailed("db", "restore_busy", value=str(target),
                           seconds=f"{exc.waited:g}") from exc


def _restore_locked(source: Path, target: Path, revision: str | None,
                    keep_safety_copy: bool) -> RestoreResult:
    safety = None
    if keep_safety_copy and target.is_file() and target.stat().st_size > 0:
        name = stamped_path(target.parent / "backups", target.stem, "before-restore")
        safety = _safety_copy(target, name)
    faults.hit("restore.after_safety_copy")
    ahead = _issued_after(safety.path, source) if safety else None
    restore_into(source, target)
    health.clear_damage(target)   # the damaged pages are gone: writing is allowed again
    reserved = _reserve(target, ahead) if ahead else 0
    missing = tuple(ahead.missing) if ahead else ()
    log.info("database %s restored from %s (revision %s); previous copy: %s; %d dossiers "
             "not in the backup, %d number ranges kept reserved", target, source, revision,
             safety.path if safety else None, len(missing), reserved)
    return RestoreResult(source, target, safety.path if safety else None, revision, missing,
                         reserved)


def _safety_copy(target: Path, name: Path) -> BackupResult:
    """A copy of the database a restore replaces; a damaged one is kept as it is (it is
    often why one restores, and its codes are still read as far as they can be)."""
    try:
        return copy_database(target, name)
    except Damaged:
        pass
    try:
        return copy_database(target, name, check=False)
    except Damaged:
        name.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(target, name)
        return BackupResult(name, name.stat().st_size, 0.0, None)


@dataclass
class _Ahead:
    """What the replaced database had issued beyond the backup."""

    codes: dict[str, str]          # day prefix -> last code issued
    registers: dict[str, int]      # register book -> last number issued
    missing: list[str]             # codes of its dossiers the backup lacks


def _issued_after(replaced: Path, backup_file: Path) -> _Ahead | None:
    """Codes and register numbers the replaced database used beyond the backup.

    Codes printed on receipts already in citizens' hands must never be handed out again to
    someone else; a restore would otherwise count from the backup's last code. None when the
    replaced database cannot be read (it is often why one restores).
    """
    try:
        conn = _connect(replaced, read_only=True)
        try:
            uri = backup_file.resolve().as_uri() + "?mode=ro&immutable=1"
            conn.execute(f"ATTACH DATABASE ? AS b KEY {keys.sql_literal(file_key(backup_file))}",
                         (uri,))
            # by hundreds of the daily ordinal: each counter's share (domain.codes) is a
            # whole number of them, whatever the unit's code_block
            by_day = ("SELECT substr(code, 1, length(code) - 2) AS p, max(code) FROM {}dossier "
                      "GROUP BY p")
            mine = dict(conn.execute(by_day.format("main.")).fetchall())
            theirs = dict(conn.execute(by_day.format("b.")).fetchall())
            books = "SELECT register_book, max(register_no) FROM {}dossier GROUP BY 1"
            reg_mine = dict(conn.execute(books.format("main.")).fetchall())
            reg_theirs = dict(conn.execute(books.format("b.")).fetchall())
            missing = [r[0] for r in conn.execute(
                "SELECT code FROM main.dossier WHERE id NOT IN (SELECT id FROM b.dossier) "
                "ORDER BY code")]
        finally:
            conn.close()
    except sqlite3.Error as exc:
        log.warning("restore: the replaced database could not be read (%s); codes issued "
                    "after the backup are not reserved", exc)
        return None
    return _Ahead({p: c for p, c in mine.items() if c > theirs.get(p, "")},
                  {b: int(n) for b, n in reg_mine.items() if int(n) > int(reg_theirs.get(b) or 0)},
                  missing)


#: ``local_setting`` keys of reserved numbers (read through :func:`reserved_columns`).
RESERVED_CODE = "reserved.code."
RESERVED_REGISTER = "reserved.register."


#: Parameters of the reservation keys in the receipt's statement: a counter's share of a day
#: (at most 1,000 codes, ``domain.codes``) spans at most ten hundreds and one thousand. A fixed
#: number (the unused ones repeat a key), so the statement is prepared once (issue 19).
RESERVED_KEY_SLOTS = 11


@lru_cache(maxsize=256)
def _reservation_keys(lo: str, hi: str) -> tuple[str, ...]:
    """The reservation keys (the code less its last two digits; the last three in earlier
    releases) that may hold a code of the share ``lo``…``hi``."""
    head, first, last = lo[:-4], int(lo[-4:]), int(hi[-4:])
    keys = {f"{head}{n:04d}"[:-2] for n in range(first - first % 100, last + 1, 100)}
    keys |= {f"{head}{n:04d}"[:-3] for n in range(first - first % 1000, last + 1, 1000)}
    return tuple(sorted(keys))


def reserved_columns() -> list[Any]:
    """What a restore keeps reserved for reception: the last dossier code of the share
    ``lo``…``hi`` and the last number of register book ``book`` that the replaced database
    had issued after the backup was taken (NULL when nothing is reserved: the usual case).

    Two labelled columns for the receipt's allocation statement, which reads them inside the
    receipt's own transaction beside the last code and number used: ``reserved_code`` and
    ``reserved_register`` (text); parameters from :func:`reserved_params`."""
    t = LocalSetting.__table__.c
    code = select(func.max(t.value)).where(
        t.key.in_([bindparam(f"reserved_key_{i}") for i in range(RESERVED_KEY_SLOTS)]),
        t.value >= bindparam("lo"), t.value <= bindparam("hi"))
    register = select(t.value).where(t.key == bindparam("reserved_book"))
    return [code.scalar_subquery().label("reserved_code"),
            register.scalar_subquery().label("reserved_register")]


def reserved_params(lo: str, hi: str, book: str) -> dict[str, Any]:
    """The parameters of :func:`reserved_columns` (also ``lo`` and ``hi``).

    Raises:
        ValueError: ``lo``…``hi`` is not one counter's share of a day.
    """
    keys = _reservation_keys(lo, hi)
    if len(keys) > RESERVED_KEY_SLOTS:
        raise ValueError(f"{lo}…{hi}: more than {RESERVED_KEY_SLOTS} reservation keys")
    out: dict[str, Any] = {f"reserved_key_{i}": RESERVED_CODE + keys[min(i, len(keys) - 1)]
                           for i in range(RESERVED_KEY_SLOTS)}
    out.update(reserved_book=RESERVED_REGISTER + book, lo=lo, hi=hi)
    return out


def _reserve(target: Path, ahead: _Ahead) -> int:
    rows = [(RESERVED_CODE + p, c) for p, c in ahead.codes.items()]
    rows += [(RESERVED_REGISTER + b, str(n)) for b, n in ahead.registers.items()]
    if not rows:
        return 0
    try:
        conn = _connect(target)
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.executemany("INSERT INTO local_setting (key, value) VALUES (?, ?) ON CONFLICT "
                             "(key) DO UPDATE SET value = CASE WHEN key LIKE 'reserved.register.%' "
                             "THEN CAST(max(CAST(value AS INTEGER), CAST(excluded.value AS "
                             "INTEGER)) AS TEXT) ELSE max(value, excluded.value) END", rows)
            conn.execute("COMMIT")
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise BackupFailed("file", "backup_failed", value=str(target), detail=str(exc)) from exc
    return len(rows)


def restore_into(source: Path, target: Path) -> None:
    """Write the pages of ``source`` into ``target`` with the backup API (no checks).

    Raises:
        BackupFailed: the target cannot be written or is not sound afterwards.
    """
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if health.known_damage(target) is not None and keys.state(target) == keys.ENCRYPTED:
            # SQLCipher: the backup API reads each target page it replaces, and a damaged
            # encrypted page fails its HMAC (reported as out of memory): the damaged file
            # (already kept as the safety copy) is replaced whole by a fresh one instead
            for p in (target, Path(f"{target}-wal"), Path(f"{target}-shm")):
                p.unlink(missing_ok=True)
        staged = source
        if keys.state(source) != keys.state(target):
            staged = _match_target(source, target)
        src, dst = _connect(staged, read_only=True), _connect(target)
        try:
            src.backup(dst)
            problem = _integrity(dst)
        finally:
            src.close()
            dst.close()
            if staged != source:
                staged.unlink(missing_ok=True)
    except (OSError, sqlite3.Error) as exc:
        raise BackupFailed("file", "backup_failed", value=str(target), detail=str(exc)) from exc
    if problem is not None:
        raise BackupFailed("file", "backup_failed", value=str(target), detail=problem)


def _match_target(source: Path, target: Path) -> Path:
    """Make ``target`` a file the backup API can write ``source`` into (SQLite copies pages
    only between two plain or two encrypted files).

    A missing or plain target restored from an encrypted backup becomes encrypted with the
    backup's key and salt; an encrypted target restored from a plain (older) backup stays
    encrypted: the backup is first exported to an encrypted copy with the target's key.
    """
    if keys.state(source) == keys.ENCRYPTED:
        key = file_key(source)
        if key is None:
            raise sqlite3.DatabaseError("file is not a database")
        for p in (target, Path(f"{target}-wal"), Path(f"{target}-shm")):
            p.unlink(missing_ok=True)
        conn = sqlite3.connect(str(target), isolation_level=None)
        try:
            conn.execute(keys.pragma(key, keys.salt_of(source)))
            conn.execute("PRAGMA journal_mode=WAL")
        finally:
            conn.close()
        return source
    key = file_key(target)
    if key is None:   # target missing (nothing to match) or unreadable: let the copy report it
        if keys.state(target) == keys.MISSING:
            target.unlink(missing_ok=True)
            plain = _connect(target, key="")
            plain.close()
        return source
    staged = target.with_name(target.name + ".restoring")
    rekey.export(source, staged, key, keys.salt_of(target), src_key="")
    return staged


def stamped_path(folder: Path, stem: str, label: str) -> Path:
    """A fresh file name ``<stem>-<label>-<agency time>.sqlite3`` in ``folder``."""
    stamp = file_stamp()
    candidate = folder / f"{stem}-{label}-{stamp}.sqlite3"
    n = 1
    while candidate.exists():
        n += 1
        candidate = folder / f"{stem}-{label}-{stamp}-{n}.sqlite3"
    return candidate


# --- daily automatic backups -----------------------------------------------------------------

def _prefix(db_file: Path) -> str:
    """``onestop-<agency code>-q<counter>``: several PCs may share one backup folder."""
    try:
        conn = _connect(db_file, read_only=False)
        try:
            row = conn.execute(
                "SELECT a.code, c.value FROM local_setting s JOIN agency a"
                " ON replace(a.id, '-', '') = replace(s.value, '-', '')"
                " JOIN local_setting c ON c.key = 'counter_no' WHERE s.key = 'agency_id'"
            ).fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        row = None
    if not row:
        return "onestop"
    return "onestop-" + re.sub(r"[^A-Za-z0-9.-]", "_", f"{row[0]}-q{row[1]}")


def auto_backup(ctx_or_url: Any, folder: str | Path | None = None, keep: int | None = None,
                today: datetime | None = None) -> BackupResult | None:
    """Today's backup, unless there already is one; then keep only the newest ``keep``.

    Meant for start-up (the GUI runs it in the background) and for a scheduled
    ``onestop backup --auto``. Folder and count come from ``backup.folder`` (default: a
    ``backups`` folder in the user data dir) and ``backup.keep``.

    Returns:
        The new backup, or None when today's already exists.

    Raises:
        BackupFailed: not SQLite, or the folder cannot be written (share offline, disk full).
    """
    settings = _settings()
    src = sqlite_file(ctx_or_url)
    where = Path(folder or settings["backup.folder"] or config.paths().data_dir / "backups")
    count = int(keep or settings["backup.keep"])
    prefix = _prefix(src)
    out = where.expanduser() / f"{prefix}-{file_stamp(today, with_time=False)}.sqlite3"
    if out.exists():
        return None
    result = backup(src, out)
    rotate(out.parent, prefix, count)
    return result


def _settings() -> dict[str, Any]:
    try:
        return config.load()
    except config.SettingsError:
        log.warning("settings file unreadable; daily backup uses the defaults")
        return dict(config.DEFAULTS)


def rotate(folder: Path, prefix: str, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` daily backups named ``<prefix>-YYYYMMDD.sqlite3``."""
    pattern = re.compile(re.escape(prefix) + r"-\d{8}\.sqlite3")
    mine = sorted(p for p in folder.iterdir() if pattern.fullmatch(p.name))
    doomed = mine[:-keep] if keep > 0 else []
    for p in doomed:
        p.unlink(missing_ok=True)
    return doomed
