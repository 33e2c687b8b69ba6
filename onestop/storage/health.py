"""Is the SQLite file sound? Unclean-shutdown detection, integrity checks, the damage marker.

``PRAGMA quick_check`` reads every page, so it runs at open only after an unclean shutdown:
a process that writes and then ends normally leaves no ``-wal`` file behind (the last
connection checkpoints and deletes it), so a non-empty ``-wal`` that no running process holds
open means the last writer died (power cut, kill, crash). Whether a process holds it is read
from the lock SQLite keeps on the ``-shm`` file while a connection is open (the "DMS" byte),
without opening the database. The full ``PRAGMA integrity_check`` runs in ``audit verify``
and in ``backup``.

A failed check is recorded in a marker file beside the database (``<file>.damaged``), so the
next process knows without checking again: writes are refused until ``onestop restore``
replaces the file (which removes the marker) or a full check passes again.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import sys
from pathlib import Path

from onestop.storage import db

log = logging.getLogger(__name__)

#: Offset of the byte every open connection holds a shared lock on in the ``-shm`` file
#: (SQLite's os_unix.c and os_win.c: UNIX_SHM_DMS / WIN_SHM_DMS = 120 + 8).
_SHM_DMS = 128

#: Files this process has already opened a database on: checking them again would need a
#: file descriptor on their ``-shm``, and closing it drops this process's own POSIX locks.
_opened: set[str] = set()


def marker(path: Path) -> Path:
    """The file that records ``path`` as damaged."""
    return path.with_name(path.name + ".damaged")


def known_damage(path: Path) -> str | None:
    """The problem recorded for ``path`` (None when it is not known to be damaged).

    Called before every write transaction: one ``stat`` when there is no record."""
    if not os.path.exists(marker(path)):
        return None
    try:
        return marker(path).read_text(encoding="utf-8").strip() or "?"
    except FileNotFoundError:
        return None
    except OSError:
        return "?"


def mark_damaged(path: Path, problem: str) -> None:
    """Record that ``path`` failed an integrity check (best effort: the disk may be failing)."""
    try:
        marker(path).write_text(problem[:500] + "\n", encoding="utf-8")
    except OSError as exc:
        log.info("could not record the damage of %s: %s", path, exc)
    log.info("database %s is damaged: %s", path, problem[:200])


def clear_damage(path: Path) -> None:
    """Forget a recorded damage (after a restore or a full check that passed)."""
    try:
        marker(path).unlink(missing_ok=True)
    except OSError as exc:
        log.info("could not remove %s: %s", marker(path), exc)


def first_open(path: Path) -> bool:
    """Whether this process opens ``path`` for the first time (and note that it does)."""
    key = str(path.resolve())
    if key in _opened:
        return False
    _opened.add(key)
    return True


def unclean_shutdown(path: Path) -> bool:
    """Whether the last process that wrote ``path`` ended without closing it.

    Cheap: two ``stat`` calls and one lock probe. False when another process has the
    database open (its ``-wal`` is expected) or when this process already opened it.
    """
    wal = path.with_name(path.name + "-wal")
    try:
        if wal.stat().st_size == 0:
            return False
    except OSError:
        return False
    return not _held_by_another_process(path.with_name(path.name + "-shm"))


def _held_by_another_process(shm: Path) -> bool:
    try:
        fd = os.open(shm, os.O_RDWR)
    except OSError:
        return False   # no -shm: nobody has the database open
    try:
        if sys.platform == "win32":
            import msvcrt

            os.lseek(fd, _SHM_DMS, os.SEEK_SET)
            try:
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            except OSError:
                return True
            os.lseek(fd, _SHM_DMS, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
            return False
        import fcntl

        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, _SHM_DMS)
        except OSError:
            return True
        fcntl.lockf(fd, fcntl.LOCK_UN, 1, _SHM_DMS)
        return False
    finally:
        os.close(fd)


def check(conn: sqlite3.Connection | object, full: bool = False) -> str | None:
    """Run ``PRAGMA quick_check`` (or ``integrity_check``) on a DB-API or SQLAlchemy
    connection; None when the file is sound, else the first problem reported."""
    pragma = "PRAGMA integrity_check" if full else "PRAGMA quick_check"
    run = getattr(conn, "exec_driver_sql", None) or conn.execute  # type: ignore[attr-defined]
    try:
        rows = [str(r[0]) for r in run(pragma).fetchall()]
    except Exception as exc:  # noqa: BLE001 - re-raised unless it reports damage
        # SQLCipher: a damaged page of an encrypted file fails its HMAC and the check itself
        # raises SQLITE_CORRUPT instead of listing the problem: that is the answer too
        if db.failure_kind(exc) != db.CORRUPT:
            raise
        return " ".join(str(getattr(exc, "orig", None) or exc).split())[:160] or "?"
    if rows == ["ok"]:
        return None
    text = " ".join(" ".join(rows[:3]).replace("*** in database main ***", "").split())
    return text[:160] or "?"
