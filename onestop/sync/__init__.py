"""Sync with the central PostgreSQL (no Qt): outbox push, change-number pull, convergence.

Public API for the CLI and the GUI:

* :func:`run_once` — one cycle, returns a :class:`SyncStatus` (never raises for an offline
  server, a wrong password or a refusal: those are in the status, in plain Vietnamese);
* :func:`watch` — cycles every N seconds until a ``threading.Event`` is set;
* :func:`current` — the stored status without touching the network (status bar);
* :func:`conflicts` — merged events kept in a history but not applied;
* :func:`pending` — the outbox entries not yet accepted centrally (outbox view);
* :func:`join` — connect this PC to a central server (``onestop join``);
* :func:`push_shared` — send the held shared changes with a central administrator's login.
"""

from __future__ import annotations

from onestop.sync.cycle import Joined, admin_url, current, join, push_shared, run_once, watch
from onestop.sync.outbox import OutboxItem, pending, retry
from onestop.sync.status import Conflict, SyncError, SyncStatus, conflicts

__all__ = [
           "Conflict",
           "Joined",
           "OutboxItem",
           "SyncError",
           "SyncStatus",
           "admin_url",
           "conflicts",
           "current",
           "join",
           "pending",
           "push_shared",
           "retry",
           "run_once",
           "watch",
]
