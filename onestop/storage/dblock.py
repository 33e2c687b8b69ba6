"""An OS file lock beside the SQLite file: writers share it, a restore holds it alone.

SQLite's own locks cannot keep a restore atomic: the online backup API refuses a destination
connection that is inside a transaction, so between reading what the replaced database had
issued and writing the backup's pages another process could commit a receipt that would then
vanish and have its code handed out again. ``<database>.lock`` closes that gap:

* every write transaction of the application (GUI, CLI, sync — all go through
  :func:`onestop.storage.db.make_engine`) holds a **shared** lock on it from ``BEGIN`` until its
  connection goes back to the pool, so writers never wait for each other here;
* ``onestop restore`` takes it **exclusively** for the whole swap: it waits for the writers in
  flight to finish, and writers that start meanwhile wait until the restore is done (or give up
  with "try again later").

portalocker gives shared locks on Linux (``flock``) and on Windows (``LockFileEx``, with the
``win32`` extra). Where ``fcntl`` exists the locks are taken with ``fcntl.flock`` itself, the
call portalocker makes there: its flag checks and enum arithmetic cost ten times the system
call, and every write transaction takes and releases one (the receipt, issue 19). Each holder
opens its own file handle: ``flock`` locks belong to an open file description, so two threads
of one process must not share one. The lock file itself is never deleted (deleting a lock
file races with a process about to lock it).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import IO

import portalocker

try:
    import fcntl
except ImportError:  # Windows: portalocker's LockFileEx
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)

#: How long a writer waits for a restore to finish before it gives up.
WRITER_WAIT_S = 60.0
#: How long a restore waits for the writers in flight to finish before it refuses.
RESTORE_WAIT_S = 30.0
_POLL_S = 0.02


class LockTimeout(Exception):
    """The lock could not be had in time (a restore runs, or writers keep the file busy)."""

    def __init__(self, path: Path, exclusive: bool, waited: float) -> None:
        self.path = path
        self.exclusive = exclusive
        self.waited = waited
        super().__init__(f"{path}: {'exclusive' if exclusive else 'shared'} lock not had "
                         f"in {waited:g} s")


@lru_cache(maxsize=64)
def lock_path(db_file: str | Path) -> Path:
    """The lock file of the SQLite database ``db_file`` (cached: every write transaction
    asks, and the path arithmetic cost a third of taking the lock)."""
    p = Path(db_file).expanduser()
    return p.with_name(p.name + ".lock")


#: The lock flags, combined once (each enum operation costs more than the lock call).
_FLAGS = {exclusive: (portalocker.LockFlags.EXCLUSIVE if exclusive else
                      portalocker.LockFlags.SHARED) | portalocker.LockFlags.NON_BLOCKING
          for exclusive in (False, True)}


def _acquire(db_file: str | Path, exclusive: bool, timeout: float) -> IO[bytes] | None:
    """The open, locked lock file, or None when it cannot be created (read-only folder or
    medium: nothing can be written there anyway, and SQLite says so on its own)."""
    path = lock_path(db_file)
    try:
        handle = open(path, "ab")  # noqa: SIM115 - held until release()
    except OSError as exc:
        log.debug("no lock file %s (%s); going on without it", path, exc)
        return None
    flags = _FLAGS[exclusive]
    deadline = time.monotonic() + timeout
    while True:
        try:
            _lock(handle, exclusive, flags)
            return handle
        except (portalocker.LockException, BlockingIOError):
            if time.monotonic() >= deadline:
                handle.close()
                raise LockTimeout(path, exclusive, timeout) from None
            time.sleep(_POLL_S)


def _lock(handle: IO[bytes], exclusive: bool, flags: portalocker.LockFlags) -> None:
    """Take the lock without waiting (BlockingIOError or LockException when it is held)."""
    if fcntl is not None:
        fcntl.flock(handle.fileno(), _FLOCK[exclusive])
    else:
        portalocker.lock(handle, flags)


#: ``fcntl.flock`` operations of the two locks (non-blocking), where fcntl exists.
_FLOCK = ({False: fcntl.LOCK_SH | fcntl.LOCK_NB, True: fcntl.LOCK_EX | fcntl.LOCK_NB}
          if fcntl is not None else {})


def shared(db_file: str | Path, timeout: float | None = None) -> IO[bytes] | None:
    """Take the writers' shared lock (release it with :func:`release`).

    Raises:
        LockTimeout: a restore held the database longer than ``timeout`` (default
            :data:`WRITER_WAIT_S`).
    """
    return _acquire(db_file, exclusive=False,
                    timeout=WRITER_WAIT_S if timeout is None else timeout)


def release(handle: IO[bytes] | None) -> None:
    """Release a lock taken by :func:`shared` (None: nothing was taken)."""
    if handle is not None:
        try:
            if fcntl is not None:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
            else:
                portalocker.unlock(handle)
        finally:
            handle.close()


@contextmanager
def exclusive(db_file: str | Path, timeout: float | None = None) -> Iterator[None]:
    """Hold the database alone: no write transaction of the application runs meanwhile.

    Raises:
        LockTimeout: writers kept the database busy longer than ``timeout`` (default
            :data:`RESTORE_WAIT_S`).
    """
    lock = _acquire(db_file, exclusive=True,
                    timeout=RESTORE_WAIT_S if timeout is None else timeout)
    try:
        yield
    finally:
        release(lock)
