"""Where an exported file may be written, and writing it atomically.

Every command and dialog that writes a file the user named (receipts, slips, registers,
reports, the catalogue, a backup) goes through :func:`check_target` before it produces
anything and :func:`write_atomic` to write it. A typo or a careless path must never destroy
data: a receipt written over the live database would replace every dossier with a PDF, and
as root a write over ``/dev/null`` replaces the device with a file (permissions stop nothing
there). The target is refused (``out: …``, exit code 2, nothing written) when it is

* the open database or one of its companion files (``-wal``, ``-shm``, ``-journal``);
* an existing SQLite file (any database or backup, ours or not), or a ``-wal``, ``-shm`` or
  ``-journal`` file beside one;
* inside the backup folder (``backup.folder``, default ``<data dir>/backups``) or the folder
  of the restore and upgrade safety copies (``<database dir>/backups``);
* anything but a regular file (a device, a folder, a pipe, a socket);
* an existing file whose owner write bit is off (read-only on purpose; root ignores it).

A symbolic link is judged, and written, by what it points to.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from onestop import config
from onestop.services.errors import ValidationError
from onestop.storage.db import file_key

__all__ = ["FIELD", "SQLITE_HEADER", "check_target", "write_atomic"]

#: The field every refusal names (the CLI's ``--out``; the GUI shows it as "Tệp xuất ra").
FIELD = "out"
SQLITE_HEADER = b"SQLite format 3\x00"
_COMPANIONS = ("-wal", "-shm", "-journal")


def _database_file(database: Any) -> Path | None:
    """The SQLite file of a Context, an engine URL, a URL string or a path; None otherwise."""
    if database is None:
        return None
    if isinstance(database, Path):
        return database.expanduser().resolve()
    if hasattr(database, "engine"):
        database = database.engine.url
    try:
        url = make_url(str(database)) if not hasattr(database, "get_backend_name") else database
    except Exception:  # noqa: BLE001 - a malformed URL is reported when the database opens
        return None
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database).expanduser().resolve()


def _backup_folders(db_file: Path | None) -> list[Path]:
    """The folders of backups and safety copies (see ``services.backup``)."""
    folders = []
    try:
        configured = str(config.load().get("backup.folder") or "")
    except config.SettingsError:
        configured = ""
    folders.append(Path(configured) if configured else config.paths().data_dir / "backups")
    if db_file is not None:
        folders.append(db_file.parent / "backups")  # restore and upgrade safety copies
    return [f.expanduser().resolve() for f in folders]


def _same(a: Path, b: Path) -> bool:
    return os.path.normcase(str(a)) == os.path.normcase(str(b))


def _inside(path: Path, folder: Path) -> bool:
    return any(_same(parent, folder) for parent in path.parents)


def _starts_with_sqlite_header(path: Path) -> bool:
    """A SQLite file: a plain header, or (issue 16) an encrypted file a key of ours opens."""
    try:
        with path.open("rb") as fh:
            if fh.read(len(SQLITE_HEADER)) == SQLITE_HEADER:
                return True
        size = path.stat().st_size
    except OSError:
        return False
    if size < 1024 or size % 512:
        return False
    try:
        return file_key(path) is not None
    except Exception:  # noqa: BLE001 - not a database at all
        return False


def _companion_of_a_database(target: Path) -> bool:
    """``X-wal``, ``X-shm`` or ``X-journal`` beside an existing SQLite file ``X``: replacing it
    would lose that database's last commits, whether or not it is the one open here."""
    for suffix in _COMPANIONS:
        if target.name.endswith(suffix) and len(target.name) > len(suffix):
            main = target.with_name(target.name[: -len(suffix)])
            if main.is_file() and _starts_with_sqlite_header(main):
                return True
    return False


def check_target(path: str | os.PathLike[str], database: Any = None) -> Path:
    """Check that writing ``path`` destroys nothing; return the file to write (resolved).

    Args:
        path: The file the user named.
        database: The open database (a Context, its URL or the SQLite file), whose file and
            companion files are protected; None when there is none.

    Raises:
        ValidationError: field ``out``, exit code 2, naming the file and the reason.
    """
    raw = str(path)
    if not raw.strip():
        raise ValidationError(FIELD, "required")
    target = Path(raw).expanduser().resolve()
    value = str(target)
    db_file = _database_file(database)
    if db_file is not None and any(_same(target, Path(str(db_file) + suffix))
                                   for suffix in ("", *_COMPANIONS)):
        raise ValidationError(FIELD, "out_is_database", value=value)
    if _companion_of_a_database(target):
        raise ValidationError(FIELD, "out_is_sqlite", value=value)
    for folder in _backup_folders(db_file):
        if _inside(target, folder):
            raise ValidationError(FIELD, "out_in_backup_folder", value=value, folder=str(folder))
    try:
        st = target.stat()
    except FileNotFoundError:
        return target
    except OSError as exc:
        raise ValidationError("file", "file_write_failed", value=value,
                              detail=exc.strerror or str(exc)) from exc
    if not stat.S_ISREG(st.st_mode):
        raise ValidationError(FIELD, "out_not_regular", value=value)
    if _starts_with_sqlite_header(target):
        raise ValidationError(FIELD, "out_is_sqlite", value=value)
    if not st.st_mode & stat.S_IWUSR:
        raise ValidationError(FIELD, "out_read_only", value=value)
    return target


def write_atomic(path: str | os.PathLike[str], data: bytes, database: Any = None) -> Path:
    """Check ``path`` (see :func:`check_target`), then write ``data`` to it atomically.

    The bytes go to a temporary file in the same folder, are flushed to the disk, and the
    file is renamed over the target, so a crash or a full disk never leaves half a file under
    the requested name and an old file is replaced only by a complete new one.

    Returns:
        ``path`` as given (what to show the user).

    Raises:
        ValidationError: the target is refused (field ``out``) or cannot be written (``file``).
    """
    target = check_target(path, database)
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)  # atomic on POSIX and Windows (same volume)
        tmp = None
    except OSError as exc:
        raise ValidationError("file", "file_write_failed", value=str(path),
                              detail=exc.strerror or str(exc)) from exc
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
    return Path(path)
