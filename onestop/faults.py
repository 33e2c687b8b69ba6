"""Fault points for the crash tests: a process that kills itself at a named place.

Used by the services (receive, record-event, import, migration) and the sync cycle; the
reliability suite (tests/reliability) kills real subprocesses at each point.

Disabled unless ``ONESTOP_FAULT`` is set, so production runs pay one dict lookup per point.

* ``ONESTOP_FAULT=push.after_copy`` — SIGKILL at the first pass through that point;
  ``push.after_copy@3`` at the third (e.g. in the third batch).
* ``ONESTOP_FAULT_ACTION=wait`` with ``ONESTOP_FAULT_FILE=PATH`` — instead of dying, create
  PATH and wait (≤ 120 s) until the test removes it; the test can stop the server meanwhile.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

_hits: dict[str, int] = {}


def hit(point: str) -> None:
    """Pass through ``point``: die or wait there when the environment asks for it."""
    spec = os.environ.get("ONESTOP_FAULT")
    if not spec:
        return
    name, _, nth = spec.partition("@")
    if name != point:
        return
    _hits[point] = _hits.get(point, 0) + 1
    if _hits[point] != int(nth or 1):
        return
    if os.environ.get("ONESTOP_FAULT_ACTION") == "wait":
        _wait(Path(os.environ["ONESTOP_FAULT_FILE"]))
        return
    # SIGKILL: no cleanup, no atexit, no rollback — exactly a power cut of this process
    os.kill(os.getpid(), getattr(signal, "SIGKILL", signal.SIGTERM))
    time.sleep(60)  # pragma: no cover - the signal is delivered before this returns


def _wait(flag: Path) -> None:
    flag.write_text(str(os.getpid()), encoding="utf-8")
    deadline = time.monotonic() + 120
    while flag.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
