"""Copy a SQLite file into one with another key (plain -> encrypted), and encrypt in place.

``sqlcipher_export`` (SQLCipher's documented way between a plain and an encrypted file)
rebuilds every table, index, trigger and FTS5 table in the target; the copy is then checked
(``PRAGMA integrity_check`` and the row count of every table) before anything else happens.

Encrypting the working file in place (:func:`encrypt_in_place`) is crash-safe and resumable:

1. a journal ``<db>.encrypt`` records the new file's salt (never the key), and the key is
   kept (keyring or key file) under that salt *before* any encrypted byte is written;
2. the database is checkpointed and exported to ``<db>.encrypting``, which is checked,
   fsynced, and copied as the verified backup ``backups/<name>-before-encrypt-<time>``
   (encrypted too: a plain copy would leave the very leak this closes);
3. one ``os.replace`` swaps the encrypted file in (the database is either wholly plain or
   wholly encrypted at any instant), then the journal goes.

A crash before step 3 leaves the plain database working and the journal: ``encrypt`` run
again reuses the same key and starts the export over. A crash after it finds the database
encrypted with the journal's salt and only tidies up.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from onestop import faults
from onestop.storage import dblock, keys
from onestop.storage.db import dbapi, file_key, raw_connect


class RekeyError(Exception):
    """The copy did not check out (its problem is the message); nothing was replaced."""


@dataclass(frozen=True)
class Encrypted:
    """An in-place encryption done."""

    path: Path
    key: str
    backup: Path | None
    resumed: bool
    already: bool = False


def _tables(conn: object) -> list[str]:
    rows = conn.execute(  # type: ignore[attr-defined]
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name").fetchall()
    return [r[0] for r in rows]


def _counts(conn: object, schema: str = "main") -> dict[str, int]:
    return {t: conn.execute(f'SELECT count(*) FROM {schema}."{t}"').fetchone()[0]  # type: ignore[attr-defined]
            for t in _tables(conn)}


def export(src: Path, dst: Path, dst_key: str | None, dst_salt: str | None = None,
           src_key: str | None = None) -> None:
    """Write a copy of ``src`` to ``dst`` (replaced) keyed with ``dst_key`` (None: plain).

    Raises:
        RekeyError: the copy failed ``integrity_check`` or lost rows.
    """
    for p in (dst, Path(f"{dst}-wal"), Path(f"{dst}-shm"), Path(f"{dst}-journal")):
        p.unlink(missing_ok=True)
    conn = raw_connect(src, read_only=True, key=src_key) if src_key is not None \
        else raw_connect(src, read_only=True, create=False)
    try:
        literal = f"\"x'{dst_key}{dst_salt or ''}'\"" if dst_key else "''"
        conn.execute(f"ATTACH DATABASE ? AS target KEY {literal}", (str(dst),))
        conn.execute("BEGIN")
        conn.execute("SELECT sqlcipher_export('target')")
        version = conn.execute("PRAGMA main.user_version").fetchone()[0]
        conn.execute(f"PRAGMA target.user_version = {int(version)}")
        conn.execute("COMMIT")
        source_counts = _counts(conn, "main")
        conn.execute("DETACH DATABASE target")
    finally:
        conn.close()
    check = raw_connect(dst, key=dst_key or "")
    try:
        rows = [r[0] for r in check.execute("PRAGMA integrity_check").fetchall()]
        copied = _counts(check)
        check.execute("PRAGMA journal_mode=DELETE")
    finally:
        check.close()
    if rows != ["ok"]:
        raise RekeyError(str(rows[0])[:200])
    if copied != source_counts:
        raise RekeyError("row counts differ")
    _fsync(dst)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def journal(db_file: Path) -> Path:
    return db_file.with_name(db_file.name + ".encrypt")


def work_file(db_file: Path) -> Path:
    return db_file.with_name(db_file.name + ".encrypting")


def encrypt_in_place(db_file: Path, backup_to: Path) -> Encrypted:
    """Encrypt the plain database ``db_file`` (see the module's steps); ``backup_to`` is the
    verified backup's path. Holds the writers' lock exclusively throughout.

    Raises:
        RekeyError: the encrypted copy did not check out (the plain file is untouched).
        dblock.LockTimeout: writers kept the database busy.
    """
    db_file = db_file.resolve()
    marker = journal(db_file)
    with dblock.exclusive(db_file):
        state = keys.state(db_file)
        if state == keys.ENCRYPTED:
            salt = keys.salt_of(db_file)
            resumed = marker.exists()
            if resumed and marker.read_text(encoding="ascii").strip() == salt:
                _tidy(db_file)
            return Encrypted(db_file, file_key(db_file) or "", None, resumed, already=True)
        resumed = marker.exists()
        salt = marker.read_text(encoding="ascii").strip() if resumed else ""
        kept = keys.stored(salt) if salt else None
        env = keys.env_key()
        if env:
            key, salt = env, salt or keys.new_key()[1]
        elif kept:
            key = kept.key
        else:
            key, salt = keys.new_key()
            keys.remember(salt, key)
        marker.write_text(salt, encoding="ascii")
        _fsync(marker)
        plain = raw_connect(db_file, key="")
        try:
            plain.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            plain.close()
        tmp = work_file(db_file)
        export(db_file, tmp, key, salt, src_key="")
        faults.hit("encrypt.after_export")
        backup_to.parent.mkdir(parents=True, exist_ok=True)
        part = backup_to.with_name(backup_to.name + ".part")
        shutil.copyfile(tmp, part)
        _fsync(part)
        os.replace(part, backup_to)
        faults.hit("encrypt.before_swap")
        for side in ("-wal", "-shm"):
            Path(f"{db_file}{side}").unlink(missing_ok=True)
        os.replace(tmp, db_file)
        _fsync_dir(db_file.parent)
        faults.hit("encrypt.after_swap")
        _tidy(db_file)
        return Encrypted(db_file, key, backup_to, resumed)


def _tidy(db_file: Path) -> None:
    work_file(db_file).unlink(missing_ok=True)
    journal(db_file).unlink(missing_ok=True)


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


__all__ = ["Encrypted", "RekeyError", "dbapi", "encrypt_in_place", "export"]
