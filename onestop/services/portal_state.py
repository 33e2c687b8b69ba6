"""The counter's side of the portal link: the dossiers' portal states, pulled with the normal
sync from the central ``onestop_portal_states`` function (a counter sees its agency's
dossiers only), kept in ``portal_status``; read by ``show``, the dossier detail, the
supervisors' dashboard and the period report. One vocabulary everywhere:
``pending | acknowledged | failed | attention`` (``None``: the link has not seen it).
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from onestop.services import permissions
from onestop.services.context import Context
from onestop.services.dto import iso
from onestop.storage.models import Agency, Dossier, PortalStatus

PAGE = 5000
#: agency setting: hours after receipt a dossier not acknowledged by the portal is listed
SETTING_HOURS = "portal_ack_hours"
DEFAULT_HOURS = 24


def pull_states(ctx: Context, link: Any) -> int:
    """Copy the portal states changed since the last pull (a central database without the
    link — an older release — has nothing to give). Returns the rows copied."""
    copied = 0
    with link.engine.connect() as conn:
        has = conn.exec_driver_sql(
            "SELECT to_regprocedure('onestop_portal_states(bigint)') IS NOT NULL AND "
            "has_function_privilege('onestop_portal_states(bigint)', 'EXECUTE')").scalar()
        if not has:
            return 0
        while True:
            with ctx.reading() as s:
                since = s.scalar(select(func.max(PortalStatus.rev))) or 0
            rows = conn.exec_driver_sql("SELECT dossier_id, state, at, error, rev FROM "
                                        "onestop_portal_states(%(s)s)", {"s": since}).all()
            conn.rollback()
            if not rows:
                return copied
            with ctx.transaction() as s:
                for did, state, at, error, rev in rows:
                    values = {"dossier_id": did, "state": state, "at": at, "error": error,
                              "rev": rev}
                    s.merge(PortalStatus(**values))
            copied += len(rows)
            if len(rows) < PAGE:
                return copied


def state_of(session: Session, dossier_id: Any) -> dict[str, Any]:
    """``{"state", "at", "error"}`` of one dossier (state None when the link has not seen it)."""
    key = dossier_id if isinstance(dossier_id, uuid.UUID) else uuid.UUID(str(dossier_id))
    row = session.get(PortalStatus, key)
    if row is None:
        return {"state": None, "at": None, "error": ""}
    return {"state": row.state, "at": iso(row.at), "error": row.error}


def for_dossier(ctx: Context, dossier_id: Any) -> dict[str, Any]:
    with ctx.reading() as s:
        return state_of(s, dossier_id)


def label(state: dict[str, Any]) -> str:
    """The dossier detail's line: "Cổng DVCQG: đã nhận lúc … / đang chờ / lỗi: …"."""
    st = state.get("state")
    if st == "acknowledged":
        at = datetime.fromisoformat(state["at"]).astimezone(messages_tz())
        return f"Cổng DVCQG: đã nhận lúc {at:%H:%M %d/%m/%Y}"
    if st in ("failed", "attention"):
        return f"Cổng DVCQG: lỗi: {state.get('error') or 'chưa gửi được'}"
    return "Cổng DVCQG: đang chờ"


def messages_tz() -> Any:
    return ZoneInfo("Asia/Ho_Chi_Minh")


def not_acknowledged(session: Session, now: datetime, hours: int,
                     limit: int = 200) -> list[dict[str, Any]]:
    """Dossiers received more than ``hours`` ago that the portal has not acknowledged
    (no state yet counts as not acknowledged), oldest first."""
    cutoff = now - timedelta(hours=hours)
    q = (select(Dossier.code, Dossier.received_at, PortalStatus.state, PortalStatus.error)
         .outerjoin(PortalStatus, PortalStatus.dossier_id == Dossier.id)
         .where(Dossier.received_at < cutoff, Dossier.status != "void")
         .where((PortalStatus.state.is_(None)) | (PortalStatus.state != "acknowledged"))
         .order_by(Dossier.received_at).limit(limit))
    return [{"code": c, "received_at": iso(r), "state": st, "error": e or ""}
            for c, r, st, e in session.execute(q)]


def count_not_acknowledged(session: Session, now: datetime, hours: int) -> int:
    cutoff = now - timedelta(hours=hours)
    q = (select(func.count()).select_from(Dossier)
         .outerjoin(PortalStatus, PortalStatus.dossier_id == Dossier.id)
         .where(Dossier.received_at < cutoff, Dossier.status != "void")
         .where((PortalStatus.state.is_(None)) | (PortalStatus.state != "acknowledged")))
    return int(session.scalar(q) or 0)



def unacknowledged(ctx: Context, now: datetime | None = None, limit: int = 200
                   ) -> dict[str, Any]:
    """The supervisors' tile and list: dossiers received more than the agency setting
    ``portal_ack_hours`` ago that the portal has not acknowledged."""
    now = now or ctx.now()
    with ctx.reading() as s:
        permissions.require(s, ctx, "report")
        agency = s.get(Agency, ctx.identity(s).agency_id)
        settings = ctx.agency_settings(agency) if agency else {}
        hours = int(settings.get(SETTING_HOURS, DEFAULT_HOURS))
        return {"hours": hours, "count": count_not_acknowledged(s, now, hours),
                "rows": not_acknowledged(s, now, hours, limit)}
