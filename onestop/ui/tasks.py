"""Running service calls off the GUI thread: one writer thread, a small reader pool.

The shape follows Anki's ``CollectionOp``/``QueryOp``::

    Op(runner, lambda: reception.receive(ctx, req), write=True, changes={"dossier"})
        .success(self._on_saved)
        .failure(self._on_invalid)
        .run_in_background()

* Writes are serialised on **one** thread: SQLite has one writer at a time, and two GUI
  writes racing for the lock would only wait on each other (``busy_timeout``).
* Reads (lists, searches, reports) run on a small pool; reads someone is waiting for at the
  counter (a scanned dossier, the appointment preview) are marked ``urgent`` and have a pool
  of their own, so a long report over a million dossiers never delays a scan.
* Results come back to the GUI thread through a queued signal; the callable itself must not
  touch widgets (it only receives plain values captured before the op started).
* Expected failures (invalid input, not found, forbidden, database unreachable) go to the
  op's ``failure`` callback, or to a message box when it has none; a failure of the storage
  itself (disk full, read-only, damaged file) is always a message box: it is about no field,
  and the screen keeps what was typed. Anything else is a bug and goes to the
  :class:`~onestop.ui.errors.ErrorReporter`.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, Qt, Signal, Slot

from onestop.domain.validation import ValidationError
from onestop.services.errors import ServiceError, StorageFailure

T = TypeVar("T")

#: Exceptions a user can act on; they are messages, not crashes.
EXPECTED = (ValidationError, ServiceError)


@dataclass(frozen=True)
class Changes:
    """What a successful write changed, fanned out to every screen that shows it."""

    tags: frozenset[str]
    initiator: object | None = None

    def touches(self, *tags: str) -> bool:
        """Whether any of ``tags`` changed."""
        return bool(self.tags.intersection(tags))


class TaskRunner(QObject):
    """Executes callables on a writer thread or a reader pool and calls back on the GUI thread.

    Signals:
        sig_changed(Changes): a write op succeeded; screens refresh what it touched.
        sig_busy_changed(bool): whether any op is running (for a busy indicator).
    """

    sig_changed = Signal(object)
    sig_busy_changed = Signal(bool)
    # Carries no Python object across threads: results wait in a queue.SimpleQueue and the
    # GUI thread drains it. (Queued signals with ``object`` arguments emitted from Python
    # worker threads have crashed PySide6 with refcount errors under load.)
    _sig_wakeup = Signal()

    def __init__(self, report_error: Callable[[BaseException], None], readers: int = 3,
                 urgent: int = 3, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._report_error = report_error
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="onestop-writer")
        self._readers = ThreadPoolExecutor(max_workers=readers,
                                           thread_name_prefix="onestop-reader")
        self._urgent = ThreadPoolExecutor(max_workers=urgent,
                                          thread_name_prefix="onestop-urgent")
        self._pending = 0
        self._lock = threading.Lock()
        self._done: queue.SimpleQueue[tuple[Callable[[Future[Any]], None], Future[Any]]] = \
            queue.SimpleQueue()
        # Queued: the callbacks run in the GUI thread's event loop, never in the worker.
        self._sig_wakeup.connect(self._on_wakeup, Qt.ConnectionType.QueuedConnection)

    @property
    def idle(self) -> bool:
        """True when no op is queued or running (tests wait on it)."""
        return self._pending == 0

    def submit(self, fn: Callable[[], T], done: Callable[[Future[T]], None],
               write: bool = False, urgent: bool = False) -> None:
        """Run ``fn`` in the background and call ``done(future)`` on the GUI thread."""
        self._set_pending(+1)
        pool = self._writer if write else self._urgent if urgent else self._readers
        future = pool.submit(fn)
        future.add_done_callback(lambda f: self._deliver(done, f))

    def report(self, exc: BaseException) -> None:
        """Send an unexpected error to the global reporter."""
        self._report_error(exc)

    def shutdown(self, wait: bool = True) -> None:
        """Stop the threads (at exit); queued work still finishes when ``wait``."""
        for pool in (self._writer, self._readers, self._urgent):
            pool.shutdown(wait=wait, cancel_futures=not wait)

    def _deliver(self, done: Callable[[Future[Any]], None], future: Future[Any]) -> None:
        """Worker side: queue the result and wake the GUI thread."""
        self._done.put((done, future))
        self._sig_wakeup.emit()

    @Slot()
    def _on_wakeup(self) -> None:
        # one wake-up may find several results (or none: an earlier one took them)
        while True:
            try:
                done, future = self._done.get_nowait()
            except queue.Empty:
                return
            try:
                done(future)
            except Exception as exc:  # noqa: BLE001 - a bug in a callback: report, carry on
                self._report_error(exc)
            finally:
                self._set_pending(-1)

    def _set_pending(self, delta: int) -> None:
        with self._lock:
            before = self._pending
            self._pending += delta
            after = self._pending
        if (before == 0) != (after == 0) and threading.current_thread() is threading.main_thread():
            self.sig_busy_changed.emit(after > 0)


class Op(Generic[T]):
    """One background service call with fluent callbacks (Anki's CollectionOp/QueryOp)."""

    def __init__(self, runner: TaskRunner, fn: Callable[[], T], *, write: bool = False,
                 urgent: bool = False, changes: Iterable[str] = (),
                 initiator: object | None = None) -> None:
        self._runner = runner
        self._fn = fn
        self._write = write
        self._urgent = urgent
        self._changes = frozenset(changes)
        self._initiator = initiator
        self._success: Callable[[T], None] | None = None
        self._failure: Callable[[Exception], None] | None = None
        self._finally: Callable[[], None] | None = None

    def success(self, callback: Callable[[T], None]) -> Op[T]:
        """Call ``callback(result)`` on the GUI thread when the op succeeds."""
        self._success = callback
        return self

    def failure(self, callback: Callable[[Exception], None]) -> Op[T]:
        """Call ``callback(exc)`` for an expected error (validation, not found, forbidden…)."""
        self._failure = callback
        return self

    def finally_(self, callback: Callable[[], None]) -> Op[T]:
        """Call ``callback()`` after success or failure (re-enable a button…)."""
        self._finally = callback
        return self

    def run_in_background(self) -> None:
        """Start the op; returns at once."""
        self._runner.submit(self._fn, self._done, write=self._write, urgent=self._urgent)

    def _done(self, future: Future[T]) -> None:
        try:
            exc = future.exception()
            if exc is None:
                result = future.result()
                if self._changes:
                    self._runner.sig_changed.emit(Changes(self._changes, self._initiator))
                if self._success is not None:
                    self._success(result)
            elif isinstance(exc, EXPECTED) and not isinstance(exc, StorageFailure) \
                    and self._failure is not None:
                self._failure(exc)
            else:
                # unexpected, or expected without a handler: the reporter words it
                self._runner.report(exc)
        finally:
            if self._finally is not None:
                self._finally()
