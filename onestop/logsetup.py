"""Logging to a rotating file in the user log dir, with personal data scrubbed out.

Log files leave the office: IT staff attach them to support requests. So every record that
reaches our handler goes through :class:`ScrubFilter`, which masks citizen ID numbers (12
digits, and the old 9-digit ones), phone numbers and e-mail addresses in the message, its
arguments and any traceback. The filter is a safety net: code should not log applicants'
data in the first place (names cannot be recognised by a pattern). SQLAlchemy's engine log,
which prints bound parameters, is capped at WARNING for the same reason.

:func:`install_excepthook` logs unexpected exceptions and writes a crash report (version,
platform, scrubbed traceback and the tail of the log, no local variables) for the GUI's
error dialog to offer for saving.
"""

from __future__ import annotations

import logging
import logging.handlers
import platform
import re
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from onestop import __version__, config
from onestop.domain import clock

__all__ = [
    "LOG_NAME", "ScrubFilter", "install_excepthook", "scrub", "setup_logging",
    "write_crash_report",
]

LOG_NAME = "onestop.log"
_FORMAT = "%(asctime)s %(levelname)-7s %(name)s [%(threadName)s] %(message)s"
_HANDLER_TAG = "_onestop_handler"

# Order matters: e-mails first (they contain digits), then the long digit runs.
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "[email]"),
    (re.compile(r"(?<![\w])\d{12}(?![\w])"), "[id]"),
    (re.compile(r"(?<![\w+])(?:\+84|84|0)(?:[ .-]?\d){8,10}(?![\w])"), "[phone]"),
    (re.compile(r"(?<![\w])\d{9}(?![\w])"), "[id]"),
)


def scrub(text: str) -> str:
    """Mask citizen ID numbers, phone numbers and e-mail addresses in ``text``."""
    for pattern, mask in _PATTERNS:
        text = pattern.sub(mask, text)
    return text


class ScrubFilter(logging.Filter):
    """Render each record's message (and traceback) and mask personal data in it."""

    _plain = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = scrub(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = self._plain.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = scrub(record.exc_text)
        if record.stack_info:
            record.stack_info = scrub(record.stack_info)
        return True


def setup_logging(log_dir: Path | None = None, level: int = logging.INFO,
                  max_bytes: int = 1_000_000, backups: int = 5) -> Path:
    """Send the root logger to ``<log dir>/onestop.log`` (rotated), scrubbed. Idempotent.

    Args:
        log_dir: Defaults to ``config.paths().log_dir``.
        level: Root level.
        max_bytes: Size at which the file rolls over.
        backups: How many rolled-over files to keep.

    Returns:
        The path of the log file.
    """
    folder = log_dir or config.paths().log_dir
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOG_NAME
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, _HANDLER_TAG, False)]:
        root.removeHandler(old)
        old.close()
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=max_bytes,
                                                   backupCount=backups, encoding="utf-8")
    setattr(handler, _HANDLER_TAG, True)
    # on the handler, not the logger: handler filters also see records of child loggers
    handler.addFilter(ScrubFilter())
    handler.setFormatter(_formatter())
    root.addHandler(handler)
    root.setLevel(level)
    logging.getLogger("sqlalchemy").setLevel(logging.WARNING)  # its INFO prints row values
    logging.captureWarnings(True)
    return path


def _formatter() -> logging.Formatter:
    """Log lines stamped in agency time (the PC's zone may be UTC): the times IT staff read
    in a log match the times on the dossiers and receipts."""
    formatter = logging.Formatter(_FORMAT)
    formatter.converter = clock.log_time_tuple  # type: ignore[assignment]
    return formatter


def _log_file() -> Path | None:
    for h in logging.getLogger().handlers:
        if getattr(h, _HANDLER_TAG, False):
            return Path(h.baseFilename)  # type: ignore[attr-defined]
    return None


def write_crash_report(exc_type: type[BaseException], exc: BaseException,
                       tb: TracebackType | None, log_dir: Path | None = None,
                       tail_lines: int = 60) -> Path:
    """Write ``crash-<time>.txt`` into ``<log dir>/crash`` without personal data.

    Returns:
        The report's path.
    """
    folder = (log_dir or config.paths().log_dir) / "crash"
    folder.mkdir(parents=True, exist_ok=True)
    now = clock.agency_now()
    path = folder / f"crash-{now:%Y%m%d-%H%M%S-%f}.txt"
    lines = [
        f"OneStop Desk {__version__}",
        f"time: {now.isoformat(timespec='seconds')}",
        f"python: {platform.python_version()} ({sys.executable if not _frozen() else 'bundle'})",
        f"platform: {platform.platform()}",
        "",
        "".join(traceback.format_exception(exc_type, exc, tb)),
    ]
    log_file = _log_file()
    if log_file is not None and log_file.exists():
        tail = log_file.read_text(encoding="utf-8", errors="replace").splitlines()[-tail_lines:]
        lines += ["--- log (last lines) ---", *tail]
    path.write_text(scrub("\n".join(lines)) + "\n", encoding="utf-8")
    return path


def _frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


CrashCallback = Callable[[Path, BaseException], None]


def install_excepthook(on_crash: CrashCallback | None = None,
                       log_dir: Path | None = None) -> None:
    """Log unexpected exceptions (main and worker threads) and write a crash report.

    Args:
        on_crash: Called with the report path and the exception, e.g. by the GUI to show the
            error dialog that offers to save the report; without it the traceback is also
            printed to stderr.
        log_dir: Where the ``crash`` folder goes (default: the user log dir).
    """
    log = logging.getLogger("onestop.crash")

    def hook(exc_type: type[BaseException], exc: BaseException,
             tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        log.critical("unexpected error", exc_info=(exc_type, exc, tb))
        try:
            report = write_crash_report(exc_type, exc, tb, log_dir)
        except OSError:
            log.exception("could not write the crash report")
            sys.__excepthook__(exc_type, exc, tb)
            return
        if on_crash is None:
            sys.__excepthook__(exc_type, exc, tb)
        else:
            on_crash(report, exc)

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            hook(args.exc_type, args.exc_value, args.exc_traceback)

    sys.excepthook = hook
    threading.excepthook = thread_hook
