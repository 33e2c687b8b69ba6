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

:func:`require` (inside a transaction) and :func:`check` (a read of its own) enforce the matrix
for the acting user; a refusal raises :class:`Forbidden`, which the context audits.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, bindparam, select
from sqlalchemy.orm import Session

from onestop.services.errors import Forbidden
from onestop.storage.db import core
from onestop.storage.models import User

if TYPE_CHECKING:  # annotations only: the context audits refusals through onestop.services.audit
    from onestop.services.context import Context

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


_U = User.__table__.c
_ACTING = select(_U.role, _U.active, _U.locked_until).where(_U.username == bindparam("username"))


def acting_columns() -> list[Any]:
    """The acting user's role, active flag and lock as three labelled columns
    (``acting_role``, ``acting_active``, ``acting_locked_until``; parameter ``username``),
    for a hot transaction that reads them in a statement of its own (the receipt); checked
    by :func:`require_row`."""
    def one(col: Any, label: str) -> Any:
        return (select(col).where(_U.username == bindparam("username"))
                .scalar_subquery().label(label))
    return [one(_U.role, "acting_role"), one(_U.active, "acting_active"),
            one(_U.locked_until, "acting_locked_until")]


def _role(role: str | None, active: bool | None, locked_until: Any, ctx: Context) -> str | None:
    """``role``, or None for an unknown (no row), disabled or locked account."""
    if role is None or not active:
        return None
    if locked_until is not None and locked_until > ctx.now():
        return None
    return role


def acting_role(session: Session | Connection, ctx: Context) -> str | None:
    """The role of the acting user, or None when unknown, disabled or locked."""
    user = core(session).execute(_ACTING, {"username": ctx.username}).first()
    if user is None:
        return None
    return _role(user.role, user.active, user.locked_until, ctx)


def require(session: Session | Connection, ctx: Context, action: str, target: str = "") -> str:
    """Check that the acting user may do ``action``; return their role.

    Raises:
        Forbidden: unknown, disabled or locked user, or a role the matrix does not allow.
            The context audits the refusal once the refused transaction is rolled back.
    """
    return _allowed(acting_role(session, ctx), action, target)


def require_row(row: Any, ctx: Context, action: str, target: str = "") -> str:
    """:func:`require` on the columns of :func:`acting_columns` already read in ``row``."""
    return _allowed(_role(row.acting_role, row.acting_active, row.acting_locked_until, ctx),
                    action, target)


def _allowed(role: str | None, action: str, target: str) -> str:
    if role is None or not allows(role, action):
        raise Forbidden("user", "forbidden", action=action, target=target)
    return role


def check(ctx: Context, action: str, target: str = "") -> str:
    """Check, in a read of its own, that the acting user may do ``action``; return the role.

    For work that is not itself a database transaction: backup, restore, joining a server.

    Raises:
        Forbidden: as :func:`require`; the refusal is audited.
    """
    with ctx.reading() as session:
        return require(session, ctx, action, target)
