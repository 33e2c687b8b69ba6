"""Which dossiers the national portal (Cổng DVCQG) has acknowledged, as one SQL condition
shared by the period report's column and the dossier list's drill-down (issue 17, item 6).

Two sources of truth, one vocabulary (``pending | acknowledged | failed | attention``, and
``unseen`` for a dossier the link has not seen — ``null`` elsewhere):

* **central** — the central PostgreSQL with the link's append-only ``portal_ledger``
  (``onestop.sync.portal_schema``). The state of a dossier *at an instant T* is the state of
  its last ledger row written at or before T (``portal_state`` is that row's projection, so
  at T = now both agree). A report can therefore be judged at its ``as_of``.
* **counter** — the states pulled with the normal sync into ``portal_status`` (revision
  0010). Only the current state is kept: the state is the one last pulled, whatever the
  report's ``as_of``.

:func:`source` tells which one a database has, or ``None`` when it has no portal information
at all (a counter that never pulled a state; a central without a link configured and an
empty ledger): then a count would claim "0 pending" falsely, and the report shows none.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import (
    ColumnElement, DateTime, Integer, String, Uuid, column, exists, func, select, table,
)
from sqlalchemy.orm import Session

from onestop.storage.models import Dossier, PortalStatus

CENTRAL, COUNTER = "central", "counter"
#: The states of the filter (``unseen``: no state recorded for the dossier).
STATES = ("unseen", "pending", "acknowledged", "failed", "attention")
#: Not acknowledged by the portal: what the period report's column counts.
NOT_ACKNOWLEDGED = ("unseen", "pending", "failed", "attention")

_LEDGER = table("portal_ledger", column("id", Integer), column("dossier_id", Uuid),
                column("at", DateTime(timezone=True)), column("state", String))
_LINK = table("portal_link", column("unit", String))

_CENTRAL_SQL = ("SELECT COALESCE(has_table_privilege(to_regclass('portal_ledger'), 'SELECT'), "
                "false), COALESCE(has_table_privilege(to_regclass('portal_link'), 'SELECT'), "
                "false)")


def source(session: Session) -> str | None:
    """``"central"``, ``"counter"`` or ``None`` (no portal information in this database)."""
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        ledger, link = conn.exec_driver_sql(_CENTRAL_SQL).one()
        if ledger:
            known = session.scalar(select(exists().select_from(_LEDGER)))
            if not known and link:
                known = session.scalar(select(exists().select_from(_LINK)))
            return CENTRAL if known else None
    if session.scalar(select(exists().select_from(PortalStatus))):
        return COUNTER
    return None


def state_of_dossier(kind: str | None, as_of: datetime | None = None) -> ColumnElement[str]:
    """The portal state of the enclosing query's ``dossier`` row (``unseen`` without one).

    ``as_of`` judges the state at that instant on a central database (ignored on a counter,
    which keeps only the current state)."""
    if kind == CENTRAL:
        q = select(_LEDGER.c.state).where(_LEDGER.c.dossier_id == Dossier.id)
        if as_of is not None:
            q = q.where(_LEDGER.c.at <= as_of)
        sub = q.order_by(_LEDGER.c.id.desc()).limit(1).scalar_subquery()
    else:
        sub = (select(PortalStatus.state).where(PortalStatus.dossier_id == Dossier.id)
               .scalar_subquery())
    return func.coalesce(sub, "unseen")


def condition(kind: str | None, states: Sequence[str], as_of: datetime | None = None
              ) -> ColumnElement[bool]:
    """The dossiers whose portal state is one of ``states`` (see :data:`STATES`)."""
    return state_of_dossier(kind, as_of).in_(tuple(states))
