"""Engine and session factory, SQLite pragmas, and Alembic upgrades.

Local default: one SQLite file in the user data dir with WAL, ``foreign_keys=ON``,
``synchronous=FULL`` (office PCs lose power) and a ``busy_timeout`` (the GUI's writer and the
sync worker share the file; SQLite has one writer at a time).
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from typing import TYPE_CHECKING
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError, DatabaseError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlcipher3 import dbapi2 as dbapi

from onestop.storage import dblock, keys

if TYPE_CHECKING:  # Alembic is imported when a migration runs, not by every CLI command
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")
BUSY_TIMEOUT_MS = 10_000


#: Kinds of database failure: each asks the user for something else (see :func:`failure_kind`).
BAD_URL = "bad_url"                     # malformed URL or unsupported scheme
MISSING = "missing"                     # no database file at that path
UNKNOWN_DATABASE = "unknown_database"   # the server has no database of that name
AUTH = "auth"                           # wrong login or password
NOT_A_DATABASE = "not_a_database"       # a file that is not (our) SQLite, or a wrong key
BUSY = "busy"                           # the write lock was held past the busy time-out
UNREACHABLE = "unreachable"             # the server or the disk does not answer
NO_SPACE = "no_space"                   # the disk (or the quota) is full
READ_ONLY = "read_only"                 # read-only storage or no write permission
CORRUPT = "corrupt"                     # the file opens but its pages are damaged

#: Errors of both SQLite drivers: the stdlib's and SQLCipher's (the one the application uses).
DBAPI_ERRORS: tuple[type[Exception], ...] = (sqlite3.Error, dbapi.Error)

#: Free bytes under which a disk I/O error is taken as a full disk (a few SQLite pages).
_NEARLY_FULL = 256 * 1024


class DatabaseUnavailable(Exception):
    """The database cannot be opened or reached (missing server, not a database file…).

    Attributes:
        kind: one of the failure kinds above (:data:`UNREACHABLE` when nothing better is known).
    """

    def __init__(self, detail: str, kind: str = UNREACHABLE) -> None:
        super().__init__(detail)
        self.kind = kind


def sqlite_path(url: Any) -> Path | None:
    """The file behind a SQLite URL (None for a server or an in-memory database)."""
    u = make_url(url) if isinstance(url, str) else url
    if u.get_backend_name() != "sqlite" or u.database in (None, "", ":memory:"):
        return None
    return Path(u.database).expanduser()


def failure_kind(exc: BaseException, path: Path | None = None) -> str | None:
    """What a database failure means for the user, or None when it is not one (a bug).

    The one classification behind every database message of the CLI and the GUI. SQLite
    errors are told apart by their result code (``sqlite_errorcode``), never by their English
    text; PostgreSQL errors by their SQLSTATE, and by libpq's text for connection failures
    (which carry none).

    Args:
        exc: the error raised (SQLAlchemy's wrapper, the driver's error, or an ``OSError``).
        path: the SQLite file concerned, to tell a full or read-only disk behind an I/O error.
    """

    if isinstance(exc, (ArgumentError, NoSuchModuleError)):
        return BAD_URL
    if isinstance(exc, DatabaseUnavailable):
        return exc.kind
    orig = getattr(exc, "orig", None) or exc
    if isinstance(orig, DBAPI_ERRORS):
        return _sqlite_kind(orig, path)
    if isinstance(orig, OSError):
        return _os_kind(orig)
    if type(orig).__module__.startswith("psycopg"):
        return _postgres_kind(orig)
    return None


def _os_kind(exc: OSError) -> str | None:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return NO_SPACE
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return READ_ONLY
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        return MISSING
    return None


# SQLite primary result codes (https://sqlite.org/rescode.html)
_SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY, _SQLITE_IOERR = 5, 6, 8, 10
_SQLITE_CORRUPT, _SQLITE_FULL, _SQLITE_CANTOPEN, _SQLITE_NOTADB = 11, 13, 14, 26
_SQLITE_IOERR_SHMSIZE = 4874   # the -shm file could not be grown: no space for it


def _sqlite_kind(exc: Exception, path: Path | None) -> str | None:
    code = getattr(exc, "sqlite_errorcode", None)
    if code is None:
        # SQLCipher's Connection.backup raises with no result code: tell a full or read-only
        # target disk from the disk itself (never from the English text), else unknown
        if path is not None and isinstance(exc, dbapi.OperationalError):
            state = _storage_state(path, False)
            return state if state in (NO_SPACE, READ_ONLY) else None
        return None
    primary = code & 0xFF
    if primary == _SQLITE_FULL or code == _SQLITE_IOERR_SHMSIZE:
        return NO_SPACE
    if primary == _SQLITE_READONLY:
        return READ_ONLY
    if primary == _SQLITE_CORRUPT:
        return CORRUPT
    if primary == _SQLITE_NOTADB:
        return NOT_A_DATABASE
    if primary in (_SQLITE_BUSY, _SQLITE_LOCKED):
        return BUSY
    if primary in (_SQLITE_IOERR, _SQLITE_CANTOPEN):
        return _storage_state(path, primary == _SQLITE_CANTOPEN)
    return None


def _storage_state(path: Path | None, cannot_open: bool) -> str:
    """Why the file cannot be opened or written: missing, read-only, full, or else unknown."""
    if path is None:
        return UNREACHABLE
    folder = path.parent
    if cannot_open and not folder.is_dir():
        return MISSING
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        return READ_ONLY   # os.access also sees a read-only mount, even for root
    try:
        if shutil.disk_usage(folder).free < _NEARLY_FULL:
            return NO_SPACE
    except OSError:
        pass
    return UNREACHABLE


def _postgres_kind(exc: BaseException) -> str:
    state = getattr(exc, "sqlstate", None) or ""
    text = str(exc).lower()
    if state in ("28P01", "28000") or "password authentication failed" in text or (
            "no password supplied" in text) or ("role" in text and "does not exist" in text):
        return AUTH
    if state == "3D000" or ("database" in text and "does not exist" in text):
        return UNKNOWN_DATABASE
    if state in ("53100", "53400"):      # disk_full, configuration_limit_exceeded
        return NO_SPACE
    if state == "25006":                 # read_only_sql_transaction (a standby server)
        return READ_ONLY
    if state in ("XX001", "XX002"):      # data_corrupted, index_corrupted
        return CORRUPT
    if state in ("55P03", "40P01"):      # lock_not_available, deadlock_detected
        return BUSY
    return UNREACHABLE


class _Keying:
    """How the connections of one engine key their file (SQLCipher).

    A plain file opens without a key (it keeps working until ``onestop encrypt``); a new file
    is encrypted with a fresh key (or ``ONESTOP_DB_KEY``) unless ``encrypt_new`` is False; an
    encrypted file is opened with the first key found for its salt (storage.keys) that reads
    it. When none does, the connection keeps the first key tried (or none): its first query
    fails with "file is not a database", the error every caller already reports (exit 4).
    """

    def __init__(self, path: Path | None, encrypt_new: bool) -> None:
        self.path = path
        self.encrypt_new = encrypt_new
        self.chosen: keys.Found | None = None
        self.salt: str | None = None

    def apply(self, conn: Any) -> keys.Found | None:
        conn.execute("PRAGMA cipher_log_level = NONE")   # no SQLCipher lines on stderr
        if self.path is None:
            return None
        if os.environ.get(keys.ENV_KEY) and keys.env_key() is None:
            # a mistyped ONESTOP_DB_KEY is a wrong key: never fall back to another one
            raise DatabaseUnavailable(f"{keys.ENV_KEY}: not 64 hex digits", NOT_A_DATABASE)
        state = keys.state(self.path)
        if state == keys.PLAIN:
            return None
        if state == keys.MISSING:
            if not self.encrypt_new:
                return None
            if self.chosen is None:
                self.chosen, self.salt = keys.for_new_file()
            conn.execute(keys.pragma(self.chosen.key, self.salt))
            return self.chosen
        salt = keys.salt_of(self.path)
        if self.chosen is not None and (self.salt is None or self.salt == salt):
            conn.execute(keys.pragma(self.chosen.key))
            return self.chosen
        tries = keys.candidates(salt)
        for found in tries:
            conn.execute(keys.pragma(found.key))
            try:
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            except dbapi.DatabaseError:
                continue
            if found.where == "recovery" and salt:
                keys.remember(salt, found.key)   # this PC opens it from now on
            self.chosen, self.salt = found, salt
            return found
        if tries:
            conn.execute(keys.pragma(tries[0].key))
        return None


def raw_connect(path: Path, read_only: bool = False, *, timeout: float = 30.0,
                create: bool = True, key: str | None = None, immutable: bool = False) -> Any:
    """A DB-API (SQLCipher) connection to the SQLite file ``path``, keyed like the engines.

    Backups, restores and checks use it instead of ``sqlite3.connect``, which cannot read an
    encrypted file. ``key`` forces a key (a backup written with a given key); otherwise the
    key is found by the file's salt (a missing file is created encrypted when ``create``).
    """
    if read_only:
        uri = f"{Path(path).resolve().as_uri()}?mode=ro" + ("&immutable=1" if immutable else "")
        conn = dbapi.connect(uri, uri=True, timeout=timeout, isolation_level=None,
                             check_same_thread=False)
    else:
        conn = dbapi.connect(str(path), timeout=timeout, isolation_level=None,
                             check_same_thread=False)
    if key is not None:
        conn.execute("PRAGMA cipher_log_level = NONE")
        if key:
            conn.execute(keys.pragma(key))
        return conn
    _Keying(Path(path), create and not read_only).apply(conn)
    return conn


def file_key(path: Path) -> str | None:
    """The key that opens the encrypted file ``path`` (None for a plain one, or when no key
    found for it reads it).

    The probe opens the file ``immutable``: a read-only open of a WAL-mode file would
    otherwise create ``-shm`` and ``-wal`` files beside it, and the file may be one nobody
    must touch (another counter's database named as an ``--out`` target, a backup on a
    read-only stick). Only the key is tested, so the main file's first page suffices."""
    if keys.state(Path(path)) != keys.ENCRYPTED:
        return None
    probe = dbapi.connect(f"{Path(path).resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        found = _Keying(Path(path), False).apply(probe)
    finally:
        probe.close()
    return found.key if found else None


#: Page cache of every SQLite connection, in KiB (``PRAGMA cache_size`` takes it negative).
CACHE_KIB = 65536


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    # 64 MB of page cache (the default is 8 MB): SQLCipher decrypts a page each time it comes
    # from the OS file cache into this one, so a count or list over a large database decrypts
    # its index again on every run unless the index stays here. Measured at 1,000,000 dossiers:
    # a warm count over the dossier table 951 ms encrypted / 392 ms plain with the default,
    # 164 ms / 222 ms with 64 MB (issue 16, docs/privacy.md). The cache grows only as used.
    cur.execute(f"PRAGMA cache_size={-CACHE_KIB}")
    cur.close()


#: Execution option of connections that only read: they start a deferred transaction.
READ_ONLY = "onestop_read_only"


#: Key of the writers' shared file lock (storage.dblock) in a pooled connection's info.
_LOCK_KEY = "onestop_write_lock"


def _sqlite_begin(conn: Any) -> None:
    # pysqlite's own transaction handling defers BEGIN; issue BEGIN IMMEDIATE ourselves so a
    # writer takes the lock up front and two writers wait (busy_timeout) instead of deadlocking.
    # Readers begin deferred: in WAL they never block the writer, so a long report on a
    # supervisor's PC does not hold up receipts or the sync.
    if conn.get_execution_options().get(READ_ONLY):
        driver_sql(conn, "BEGIN")
        return
    # A writer holds the shared lock beside the file until its connection is back in the
    # pool (after COMMIT or ROLLBACK): a restore, which holds it exclusively, never runs
    # between a receipt's commit and anything else (storage.dblock).
    info = conn.connection.info
    database = conn.engine.url.database
    if _LOCK_KEY not in info and database and database != ":memory:":
        info[_LOCK_KEY] = dblock.shared(database)
    driver_sql(conn, "BEGIN IMMEDIATE")


def driver_sql(conn: Connection, sql: str) -> None:
    """Run ``sql`` (no parameters, no rows) on ``conn``'s DBAPI connection itself.

    ``exec_driver_sql`` costs ten times the statement (execution context, events, result
    object: a tenth of a millisecond), and every transaction begins with one (the receipt,
    issue 19). A driver error is raised as the SQLAlchemy error ``exec_driver_sql`` raises.
    """
    try:
        conn.connection.dbapi_connection.execute(sql)  # type: ignore[union-attr]
    except dbapi.Error as exc:
        raise DBAPIError.instance(sql, None, exc, dbapi.Error, hide_parameters=True,
                                  dialect=conn.dialect) from exc


def _release_write_lock(_dbapi_conn: Any, record: Any, *_: Any) -> None:
    dblock.release(record.info.pop(_LOCK_KEY, None))


def make_engine(url: str, create: bool = True, encrypt_new: bool = True,
                **kwargs: Any) -> Engine:
    """Create an engine for ``url`` with the project's connection settings.

    Every SQLite file goes through SQLCipher (``sqlcipher3``): an encrypted file is opened with
    its key (storage.keys), a plain one without (until ``onestop encrypt``).

    Args:
        create: make the SQLite file's folder if missing. Commands that only use an existing
            database pass False, so a mistyped path never leaves a folder behind.
        encrypt_new: a database file created through this engine is encrypted (the default).
    """
    # Error messages must never carry row values: an unexpected IntegrityError would print a
    # password hash or a citizen's name and ID into a traceback, a log or a crash report.
    kwargs.setdefault("hide_parameters", True)
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        if create and u.database and u.database != ":memory:":
            Path(u.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        kwargs.setdefault("module", dbapi)
        engine = create_engine(url, connect_args={"check_same_thread": False}, **kwargs)
        path = sqlite_path(u)
        keying = _Keying(path.resolve() if path else None, encrypt_new)

        @event.listens_for(engine, "do_connect")
        def _keyed(dialect: Any, _rec: Any, cargs: Any, cparams: Any) -> Any:
            conn = dialect.dbapi.connect(*cargs, **cparams)
            keying.apply(conn)
            return conn

        event.listen(engine, "connect", _sqlite_pragmas)
        # let SQLAlchemy emit BEGIN (not pysqlite): required for savepoints and BEGIN IMMEDIATE
        @event.listens_for(engine, "connect")
        def _no_autobegin(dbapi_conn: Any, _r: Any) -> None:
            dbapi_conn.isolation_level = None

        event.listen(engine, "begin", _sqlite_begin)
        for name in ("checkin", "close", "invalidate", "detach"):
            event.listen(engine, name, _release_write_lock)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, **kwargs)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that keep loaded values after commit (DTOs are built after the commit)."""
    return sessionmaker(engine, expire_on_commit=False)


def read_only_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions for reading: on SQLite they begin a deferred (shared) transaction."""
    return sessionmaker(engine.execution_options(**{READ_ONLY: True}), expire_on_commit=False)


def alembic_config(engine: Engine) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    # configparser interpolates "%": escape it (URL-encoded TLS file paths, passwords)
    cfg.set_main_option("sqlalchemy.url",
                        engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    cfg.attributes["engine"] = engine
    return cfg


_REVISION = re.compile(r"^revision\s*(?::[^=]+)?=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)
_DOWN = re.compile(r"^down_revision\s*(?::[^=]+)?=\s*(.+)$", re.MULTILINE)


def quick_head(location: Path | None = None) -> str | None:
    """The newest revision, read from the revision files without importing Alembic (which
    costs a third of a second at every start); None when it is not one plain head."""
    revisions: set[str] = set()
    downs: set[str] = set()
    for f in Path(location or MIGRATIONS, "versions").glob("*.py"):
        text = f.read_text(encoding="utf-8")
        found = _REVISION.search(text)
        if found:
            revisions.add(found.group(1))
        down = _DOWN.search(text)
        if down:
            downs.update(re.findall(r"['\"]([^'\"]+)['\"]", down.group(1)))
    heads = revisions - downs
    return heads.pop() if len(heads) == 1 else None


def at_head(engine: Engine, location: Path | None = None) -> bool:
    """Whether the database is already at the newest revision (one tiny query; False on
    any doubt, so that the caller runs the real, safe upgrade)."""
    head = quick_head(location)
    if head is None:
        return False
    try:
        with engine.connect() as conn:
            rows = conn.exec_driver_sql("SELECT version_num FROM alembic_version").all()
    except (OperationalError, DatabaseError):
        return False
    return [r[0] for r in rows] == [head]


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory(str(MIGRATIONS)).get_current_head()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply the Alembic revisions up to ``revision``.

    Raises:
        DatabaseUnavailable: the file is not a database or the server cannot be reached.
    """
    from alembic import command

    try:
        command.upgrade(alembic_config(engine), revision)
    except (OperationalError, DatabaseError) as exc:
        raise unavailable(exc, engine) from exc


def check_connection(engine: Engine) -> None:
    """Open one connection and run a trivial query, or raise DatabaseUnavailable (with its
    :attr:`~DatabaseUnavailable.kind`)."""
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
            if engine.dialect.name == "sqlite":
                conn.exec_driver_sql("SELECT count(*) FROM sqlite_master")
    except (OperationalError, DatabaseError) as exc:
        raise unavailable(exc, engine) from exc


def reader_login(engine: Engine) -> str | None:
    """The login of a PostgreSQL connection that may read the dossiers but not write them (a
    reader login of the central database, issue 19); None on SQLite, for a counter's, an
    administrator's or the owner's login, and before the schema exists."""
    if engine.dialect.name != "postgresql":
        return None
    with engine.connect() as conn:
        login, reader = conn.exec_driver_sql(
            "SELECT session_user, to_regclass('dossier') IS NOT NULL AND NOT "
            "has_table_privilege(to_regclass('dossier'), 'INSERT')").one()
    return str(login) if reader else None


def unavailable(exc: Exception, engine: Engine) -> DatabaseUnavailable:
    """``exc`` as a :class:`DatabaseUnavailable` of the right kind."""
    detail = str(getattr(exc, "orig", None) or exc)
    return DatabaseUnavailable(detail, failure_kind(exc, sqlite_path(engine.url)) or UNREACHABLE)


@contextmanager
def unit_of_work(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One transaction: commit on success, roll back on any exception."""
    with factory() as session:
        with session.begin():
            yield session


def core(session: Session | Connection) -> Any:
    """The session's connection for a plain Core statement, flushing pending ORM changes first
    (what the ORM's autoflush would do). Hot paths (receive, permission checks, chain tips)
    read through it: a Core statement costs a fraction of the ORM's per-statement machinery.
    A Core connection (``Context.writing``) is returned as it is.
    """
    if isinstance(session, Connection):
        return session
    if session.new or session.dirty or session.deleted:
        session.flush()
    return session.connection()
