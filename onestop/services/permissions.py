"""The permission matrix: which role may do what. Services check it; the GUI only hides.

| action                         | officer | supervisor | admin |
|--------------------------------|:-------:|:----------:|:-----:|
| receive, record workflow events, correct data, print/reprint | ✓ | ✓ | ✓ |
| view full citizen ID / phone in the detail view | ✓ | ✓ | ✓ |
| reschedule (first time)        | ✓       | ✓          | ✓     |
| reschedule again (override)    |         |            | ✓     |
| void a mistaken entry          |         | ✓          | ✓     |
| reports, dashboard, registers, exports | | ✓          | ✓     |
| verify the audit log           |         | ✓          | ✓     |
| confirm a clock behind the recorded time (receive) | | | ✓ |
| catalogue, calendar, agency/counter settings, users, backup/restore, sync set-up | | | ✓ |

Supervisors also stand in at the counter (small desks), so they may receive and process.
"""

from __future__ import annotations

OFFICER, SUPERVISOR, ADMIN = "officer", "supervisor", "admin"
_ALL = frozenset({OFFICER, SUPERVISOR, ADMIN})
_SUP = frozenset({SUPERVISOR, ADMIN})
_ADM = frozenset({ADMIN})

MATRIX: dict[str, frozenset[str]] = {
    "receive": _ALL,
    "event": _ALL,
    "correct": _ALL,
    "print": _ALL,
    "view_personal": _ALL,
    "reschedule": _ALL,
    "reschedule_override": _ADM,
    "void": _SUP,
    "report": _SUP,
    "export": _SUP,
    "audit_verify": _SUP,
    "catalogue": _ADM,
    "calendar": _ADM,
    "settings": _ADM,
    "users": _ADM,
    "own_password": _ALL,   # an active, unlocked account changing its own password
    "backup": _ADM,
    "sync_setup": _ADM,
    "sync": _ALL,
    "clock_confirm": _ADM,
}


def allows(role: str, action: str) -> bool:
    """Whether ``role`` may perform ``action`` (unknown actions are refused)."""
    return role in MATRIX.get(action, frozenset())


def event_action(kind: str, override: bool = False) -> str:
    """The matrix action guarding an event kind."""
    if kind == "void":
        return "void"
    if kind == "reschedule":
        return "reschedule_override" if override else "reschedule"
    return "event"
