"""A citizen's data on request, who saw it, the access alert, and the breach-notice facts.

* :func:`person_export` — every dossier, event, slip printed and access recorded about one
  person (by identity number, or by name and birth date), as JSON or a Vietnamese PDF to
  hand over (Luật 91/2025/QH15: the right to know and to access; NĐ 356/2025/NĐ-CP: answer
  within 2 working days). Supervisors only; audited as ``person.export`` (codes, never data).
* :func:`access_log` — who opened a person's dossiers, when and why (``audit access``).
* :func:`note_full_view` — after each full view of an identity number: when one login opened
  more than ``access_alert_per_hour`` of them in the last hour, an ``access.alert`` audit
  entry (once per hour and login) that supervisors see on the dashboard and in the log.
* :func:`breach_export` — the facts the 72-hour breach notice needs (SECURITY.md).
"""

from __future__ import annotations

import json
import logging
import io
import unicodedata
from xml.sax.saxutils import escape
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from onestop.domain import text as tx
from onestop.domain import validation as v
from onestop.domain.clock import VN_TZ
from onestop.domain import messages
from onestop.domain.messages import STATUS_LABELS
from onestop.services import audit, encryption, outfile, permissions
from onestop.services.context import Context
from onestop.services.errors import NotFound, ValidationError
from onestop.storage.models import Agency, AuditEntry, Dossier, DossierEvent, Procedure

log = logging.getLogger(__name__)

#: Audit actions that touch one dossier's personal data (target = the dossier's code).
ACCESS_ACTIONS = ("personal.view", "receipt.print", "receipt.reprint", "dossier.correct",
                  "person.export", "retention.erase")
ACTION_LABELS = {
    "personal.view": "Xem đầy đủ số định danh, số điện thoại",
    "receipt.print": "In giấy tiếp nhận",
    "receipt.reprint": "In lại giấy tiếp nhận",
    "dossier.correct": "Sửa thông tin",
    "person.export": "Trích xuất dữ liệu cá nhân theo yêu cầu",
    "retention.erase": "Xoá dữ liệu cá nhân hết thời hạn lưu",
}
SLIP_ACTIONS = ("receipt.print", "receipt.reprint")


def _local(at: datetime | None) -> str | None:
    return at.astimezone(VN_TZ).isoformat(timespec="seconds") if at else None


def _find(session: Session, id_number: str | None, name: str | None,
          birth_date: str | None) -> tuple[list[Dossier], str]:
    if id_number:
        number = v.citizen_id(id_number, "id_number") or ""
        stmt = select(Dossier).where(Dossier.id_number == number)
        who = v.mask_citizen_id(number)
    elif name and birth_date:
        clean = v.person_name(name, "name") or ""
        born = v.parse_date(birth_date, "birth_date")
        stmt = select(Dossier).where(Dossier.applicant_folded == tx.fold(clean),
                                     Dossier.birth_date == born)
        who = f"{clean}, {born:%d/%m/%Y}"
    else:
        raise ValidationError("id_number", "person_selector")
    return list(session.scalars(stmt.order_by(Dossier.received_at))), who


def _accesses(session: Session, codes: list[str]) -> list[dict[str, Any]]:
    if not codes:
        return []
    rows = session.execute(
        select(AuditEntry.at, AuditEntry.actor, AuditEntry.action, AuditEntry.target)
        .where(AuditEntry.target.in_(codes), AuditEntry.action.in_(ACCESS_ACTIONS))
        .order_by(AuditEntry.at))
    return [{"at": _local(r.at), "user": r.actor, "action": r.action, "code": r.target}
            for r in rows]


def person_export(ctx: Context, *, id_number: str | None = None, name: str | None = None,
                  birth_date: str | None = None, out: str | Path) -> dict[str, Any]:
    """Write what the agency holds about one person to ``out`` (.json or .pdf).

    Raises:
        ValidationError: no selector, a bad identity number, name or date, or another format.
        NotFound: no dossier of that person (exit 3).
        Forbidden: not a supervisor.
    """
    target = Path(out)
    kind = target.suffix.lower()
    if kind not in (".json", ".pdf"):
        raise ValidationError("out", "export_out_format")
    outfile.check_target(target, ctx)
    with ctx.transaction() as session:
        permissions.require(session, ctx, "audit_verify")
        found, who = _find(session, id_number, name, birth_date)
        if not found:
            raise NotFound("person", "person_not_found", value=who)
        codes = [d.code for d in found]
        procs = {p.id: (p.code, p.name) for p in session.scalars(
            select(Procedure).where(Procedure.id.in_({d.procedure_id for d in found})))}
        dossiers = []
        for d in found:
            events = session.scalars(select(DossierEvent).where(DossierEvent.dossier_id == d.id)
                                     .order_by(DossierEvent.at, DossierEvent.seq))
            dossiers.append({
                "code": d.code, "procedure": procs.get(d.procedure_id, ("", ""))[0],
                "procedure_name": procs.get(d.procedure_id, ("", ""))[1],
                "status": d.status, "received_at": _local(d.received_at),
                "received_by": d.received_by, "due_at": _local(d.due_at),
                "returned_at": _local(d.returned_at),
                "applicant": {"name": d.applicant_name, "id_number": d.id_number,
                              "birth_date": d.birth_date.isoformat() if d.birth_date else None,
                              "phone": d.phone, "email": d.email, "address": d.address,
                              "org": d.org_name},
                "events": [{"kind": e.kind, "at": _local(e.at), "user": e.user_name,
                            "payload": e.payload} for e in events],
            })
        accesses = _accesses(session, codes)
        audit.append(session, ctx.actor(session), "person.export", target=codes[0], codes=codes,
                     format=kind[1:])
        agency = session.get(Agency, ctx.identity(session).agency_id)
        data = {"agency": agency.name if agency else "", "person": who,
                "generated_at": _local(ctx.now()), "dossiers": dossiers,
                "slips": [a for a in accesses if a["action"] in SLIP_ACTIONS],
                "accesses": accesses}
        body = (json.dumps(data, ensure_ascii=False, indent=2, default=str).encode("utf-8")
                if kind == ".json" else _pdf(data))
        outfile.write_atomic(target, body, ctx)
    log.info("person export written (%d dossiers)", len(codes))
    return {"path": str(target.resolve()), "dossiers": len(codes), "codes": codes,
            "accesses": len(accesses)}


def _pdf(data: dict[str, Any]) -> bytes:
    """The export as a Vietnamese A4 PDF (reportlab, the bundled font)."""

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    from onestop.printing.fonts import BOLD, REGULAR, ensure_fonts

    ensure_fonts()
    body = ParagraphStyle("b", fontName=REGULAR, fontSize=10, leading=13)
    head = ParagraphStyle("h", fontName=BOLD, fontSize=13, leading=17)
    sub = ParagraphStyle("s", fontName=BOLD, fontSize=11, leading=15)

    def p(text: Any, style: ParagraphStyle = body) -> Paragraph:
        return Paragraph(escape(unicodedata.normalize("NFC", str(text))), style)

    story: list[Any] = [p("DỮ LIỆU CÁ NHÂN CƠ QUAN ĐANG LƯU GIỮ", head),
                        p(f"Cơ quan: {data['agency']}"), p(f"Người được cung cấp: {data['person']}"),
                        p(f"Thời điểm lập: {data['generated_at']}"),
                        p(f"Số hồ sơ: {len(data['dossiers'])}"), Spacer(1, 4 * mm)]
    for d in data["dossiers"]:
        a = d["applicant"]
        story += [p(f"Hồ sơ {d['code']} — {d['procedure_name']}", sub),
                  p(f"Trạng thái: {STATUS_LABELS.get(d['status'], d['status'])}; tiếp nhận "
                    f"{d['received_at']} bởi {d['received_by']}; hẹn trả {d['due_at'] or ''}"),
                  p(f"Họ và tên: {a['name']}; số định danh: {a['id_number'] or ''}; ngày sinh: "
                    f"{a['birth_date'] or ''}; điện thoại: {a['phone'] or ''}; thư điện tử: "
                    f"{a['email'] or ''}; địa chỉ: {a['address'] or ''}")]
        for e in d["events"]:
            story.append(p(f"• {e['at']} — {e['kind']} — {e['user']}"))
        story.append(Spacer(1, 3 * mm))
    story.append(p("Ai đã xem, in, trích xuất dữ liệu", sub))
    for r in data["accesses"]:
        story.append(p(f"• {r['at']} — {r['user']} — {ACTION_LABELS.get(r['action'], r['action'])}"
                       f" — {r['code']}"))
    if not data["accesses"]:
        story.append(p("Chưa có lượt truy cập nào được ghi nhận."))
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm,
                      topMargin=18 * mm, bottomMargin=18 * mm,
                      title="Dữ liệu cá nhân theo yêu cầu").build(story)
    return buf.getvalue()


def access_log(ctx: Context, id_number: str) -> list[dict[str, Any]]:
    """Who opened, printed or exported the dossiers of ``id_number``: ``{at, user, action,
    code}`` oldest first (supervisors). The query itself is audited.

    Raises:
        ValidationError: not a valid identity number.
    """
    number = v.citizen_id(id_number, "id_number") or ""
    with ctx.transaction() as session:
        permissions.require(session, ctx, "audit_verify")
        codes = list(session.scalars(select(Dossier.code).where(Dossier.id_number == number)))
        rows = _accesses(session, codes)
        audit.append(session, ctx.actor(session), "audit.access", target=codes[0] if codes else "",
                     dossiers=len(codes))
    return rows


def note_full_view(session: Session, ctx: Context) -> AuditEntry | None:
    """After a ``personal.view`` in this transaction: the alert entry when the acting login
    has now opened more than the agency's ``access_alert_per_hour`` in the last hour (once
    an hour per login), else None."""
    agency = session.get(Agency, ctx.identity(session).agency_id)
    limit = int(ctx.agency_settings(agency)["access_alert_per_hour"]) if agency else 30
    since = ctx.now() - timedelta(hours=1)
    count = session.scalar(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.actor == ctx.username, AuditEntry.action == "personal.view",
        AuditEntry.at >= since)) or 0
    if count <= limit:
        return None
    already = session.scalar(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.action == "access.alert", AuditEntry.target == ctx.username,
        AuditEntry.at >= since)) or 0
    if already:
        return None
    log.warning("access alert: one login opened %d full identity numbers in an hour "
                "(limit %d)", count, limit)
    return audit.append(session, ctx.actor(session), "access.alert", target=ctx.username, count=count,
                        limit=limit)


def alerts(ctx: Context, hours: int = 24) -> list[dict[str, Any]]:
    """Access alerts of the last ``hours`` (for the supervisors' dashboard)."""
    since = ctx.now() - timedelta(hours=hours)
    with ctx.reading() as session:
        rows = session.execute(select(AuditEntry.at, AuditEntry.target, AuditEntry.details)
                               .where(AuditEntry.action == "access.alert",
                                      AuditEntry.at >= since).order_by(AuditEntry.at))
        return [{"at": _local(r.at), "user": r.target, "count": (r.details or {}).get("count"),
                 "limit": (r.details or {}).get("limit")} for r in rows]


def breach_export(ctx: Context, date_from: str, date_to: str, out: str | Path) -> dict[str, Any]:
    """The facts a breach notice within 72 hours needs, for ``date_from``..``date_to``
    (agency days), as JSON at ``out``: the controller, the data held (categories, number of
    citizens and records), the protection in place (encryption, last backups), and every
    audit entry of the period (logins and failures, views, exports, backups, restores,
    alerts) — no citizen's data. Supervisors only; audited.

    Raises:
        ValidationError: a bad date, or ``--to`` before ``--from``.
    """
    start = v.parse_date(date_from, "from")
    end = v.parse_date(date_to, "to_date")
    if end < start:
        raise ValidationError("to_date", "date_order", other=messages.label("from").lower())
    target = outfile.check_target(out, ctx)
    lo = datetime.combine(start, time(0), VN_TZ)
    hi = datetime.combine(end + timedelta(days=1), time(0), VN_TZ)
    with ctx.transaction() as session:
        permissions.require(session, ctx, "audit_verify")
        ident = ctx.identity(session)
        agency = session.get(Agency, ident.agency_id)
        held = session.execute(select(
            func.count(), func.count(func.distinct(Dossier.id_number)),
            func.count(Dossier.phone), func.count(Dossier.address), func.count(Dossier.email),
            func.count(Dossier.birth_date))).one()
        period = session.scalar(select(func.count()).select_from(Dossier).where(
            Dossier.received_at >= lo, Dossier.received_at < hi)) or 0
        entries = session.execute(
            select(AuditEntry.at, AuditEntry.actor, AuditEntry.action, AuditEntry.target,
                   AuditEntry.outcome)
            .where(AuditEntry.at >= lo, AuditEntry.at < hi).order_by(AuditEntry.at)).all()
        by_action: dict[str, int] = {}
        for e in entries:
            by_action[e.action] = by_action.get(e.action, 0) + 1
        st = encryption.status(ctx)
        data = {
            "controller": {"agency_code": agency.code if agency else "",
                           "agency_name": agency.name if agency else "",
                           "address": agency.address if agency else "",
                           "phone": agency.phone if agency else "",
                           "counter": ident.counter_no},
            "period": {"from": start.isoformat(), "to": end.isoformat()},
            "generated_at": _local(ctx.now()),
            "data_held": {
                "categories": ["họ và tên", "số định danh cá nhân", "ngày sinh",
                               "số điện thoại", "thư điện tử", "địa chỉ"],
                "dossiers": held[0], "distinct_identity_numbers": held[1],
                "with_phone": held[2], "with_address": held[3], "with_email": held[4],
                "with_birth_date": held[5], "received_in_period": period},
            "protection": {"encrypted_at_rest": st.encrypted, "database": str(st.path or ""),
                           "retention_years": int(ctx.agency_settings(agency)["retention_years"])
                           if agency else None},
            "audit_summary": by_action,
            "audit_entries": [{"at": _local(e.at), "user": e.actor, "action": e.action,
                               "target": e.target, "outcome": e.outcome} for e in entries],
        }
        audit.append(session, ctx.actor(session), "audit.export", target=f"{start}..{end}",
                     entries=len(entries))
        outfile.write_atomic(target, json.dumps(data, ensure_ascii=False, indent=2)
                             .encode("utf-8"), ctx)
    return {"path": str(target), "audit_entries": len(entries), "dossiers": held[0],
            "encrypted": st.encrypted}


__all__ = ["access_log", "alerts", "breach_export", "note_full_view", "person_export"]


