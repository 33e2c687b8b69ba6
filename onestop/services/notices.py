"""Result-ready notices through an outbox (issue 18, part 3).

* **Opt-in** — at receipt the citizen may give an e-mail address and/or a mobile number for
  notices (``dossier.notify_email``, ``dossier.notify_sms``: recorded on the dossier, so it
  syncs with it).
* **Collect** — a notice is queued (table ``notice``, local to this installation) for every
  event *recorded here* that the citizen should hear about: ``result-ready`` (kind
  ``result-ready``) and ``reschedule`` / ``calendar-reschedule`` (kind
  ``appointment-moved``), once per event and channel (a unique key), in the transaction of
  the event when the desk records it, and by :func:`collect` for what arrived otherwise
  (a calendar change, a sync). Only the installation that recorded the event sends it, so two
  counters never send the same notice.
* **Send** — :func:`send_due` sends what is due, each notice outside any database
  transaction (a slow server never holds the database), claiming it first so two senders
  (the GUI's timer and ``onestop notify send``) never send it twice. A server that refuses or
  times out leaves the notice ``waiting`` with its ``last_error`` and a later ``next_try``
  (1 min, 2, 4 … at most 6 h): nothing is dropped.
* **Content** — only the dossier code, the procedure name, the place and the time
  (``domain.notices``); templates are the administrator's (:func:`set_template`).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import exists, or_, select, update
from sqlalchemy.orm import Session

from onestop.domain import notices as dn
from onestop.domain import validation as v
from onestop.domain.calendar import VN_TZ
from onestop.notify import Outgoing, Provider, SendError
from onestop.notify import email as smtp
from onestop.notify import http_gateway as gw
from onestop.notify import secrets
from onestop.services import audit, permissions
from onestop.services.context import Context
from onestop.services.dossiers import load
from onestop.services.dto import iso
from onestop.services.errors import ValidationError
from onestop.storage.models import (
    Agency,
    Dossier,
    DossierEvent,
    LocalSetting,
    Notice,
    Procedure,
    uuid7,
)

SETTINGS_KEY = "notify.settings"
#: Event kinds that make a notice, and the notice kind they make.
TRIGGERS = {"result-ready": "result-ready", "reschedule": "appointment-moved",
            "calendar-reschedule": "appointment-moved"}
#: A claimed notice is not picked again for this long (a sender that died mid-send).
LEASE = timedelta(minutes=5)
FIRST_RETRY = timedelta(minutes=1)
MAX_RETRY = timedelta(hours=6)
BATCH = 50


def retry_after(attempts: int) -> timedelta:
    """How long a notice waits after its ``attempts``-th failure: 1 min doubling, ≤ 6 h."""
    return min(FIRST_RETRY * (2 ** max(attempts - 1, 0)), MAX_RETRY)


# --- settings -----------------------------------------------------------------------------

def _stored(session: Session) -> dict[str, Any]:
    row = session.get(LocalSetting, SETTINGS_KEY)
    try:
        return dict(json.loads(row.value)) if row else {}
    except ValueError:
        return {}


def settings(ctx: Context) -> dict[str, Any]:
    """The notice settings of this installation (no secrets in them)."""
    with ctx.reading() as session:
        return _stored(session)


def _check_smtp(values: dict[str, Any], old: dict[str, Any]) -> dict[str, Any]:
    c = v.Collector()
    out = dict(old)
    if values.get("host") is not None:
        host = c.check(v.free_text, values["host"], "smtp_host", 253, True)
        if host and (" " in host or not host.isascii()):
            c.add("smtp_host", "invalid_value")
        out["host"] = host
    if values.get("port") is not None:
        out["port"] = c.check(v.int_range, values["port"], "smtp_port", 1, 65535)
    if values.get("user") is not None:
        out["user"] = c.check(v.free_text, values["user"], "smtp_user", 254) or ""
    if values.get("sender") is not None:
        out["sender"] = c.check(v.email, values["sender"], "sender", True)
    if values.get("security") is not None:
        out["security"] = c.check(v.choice, values["security"], "smtp_security", smtp.SECURITY)
    if values.get("timeout") is not None:
        out["timeout"] = c.check(v.int_range, values["timeout"], "timeout", 1, 300)
    c.raise_if_any()
    if not out.get("host"):
        raise ValidationError("smtp_host", "required")
    out.setdefault("port", 587)
    out.setdefault("security", "starttls")
    if not out.get("sender"):
        raise ValidationError("sender", "required")
    return out


def _check_gateway(values: dict[str, Any], old: dict[str, Any], prefix: str) -> dict[str, Any]:
    c = v.Collector()
    out = dict(old)
    if values.get("url") is not None:
        url = c.check(v.free_text, values["url"], f"{prefix}_url", 1000, True)
        if url and not (url.startswith(("http://", "https://")) and " " not in url):
            c.add(f"{prefix}_url", "invalid_value")
        out["url"] = url
    if values.get("method") is not None:
        out["method"] = c.check(v.choice, str(values["method"]).upper(), f"{prefix}_method",
                                gw.METHODS)
    if values.get("body") is not None:
        try:
            json.loads(values["body"])
            out["body"] = values["body"]
        except ValueError:
            c.add(f"{prefix}_body", "invalid_value")
    if values.get("auth_header") is not None:
        header = str(values["auth_header"]).strip()
        if header and not all(ch.isalnum() or ch == "-" for ch in header):
            c.add(f"{prefix}_auth_header", "invalid_value")
        out["auth_header"] = header
    if values.get("timeout") is not None:
        out["timeout"] = c.check(v.int_range, values["timeout"], "timeout", 1, 300)
    c.raise_if_any()
    if not out.get("url"):
        raise ValidationError(f"{prefix}_url", "required")
    return out


def configure(ctx: Context, smtp_values: dict[str, Any] | None = None,
              sms_values: dict[str, Any] | None = None,
              zalo_values: dict[str, Any] | None = None) -> dict[str, Any]:
    """Set (part of) the SMTP server and the HTTP gateways; admin only; audited.

    Raises:
        ValidationError: a bad host, port, sender, URL, method, JSON body or header name.
        Forbidden: not an administrator.
    """
    with ctx.transaction() as session:
        permissions.require(session, ctx, "settings")
        data = _stored(session)
        if smtp_values is not None:
            data["smtp"] = _check_smtp(smtp_values, data.get("smtp") or {})
        if sms_values is not None:
            data["sms"] = _check_gateway(sms_values, data.get("sms") or {}, "sms")
        if zalo_values is not None:
            data["zalo"] = _check_gateway(zalo_values, data.get("zalo") or {}, "zalo")
        _save(session, data)
        audit.append(session, ctx.actor(session), "notify.configure", target=",".join(
            k for k, val in (("smtp", smtp_values), ("sms", sms_values),
                             ("zalo", zalo_values)) if val is not None))
        return data


def _save(session: Session, data: dict[str, Any]) -> None:
    row = session.get(LocalSetting, SETTINGS_KEY)
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    if row is None:
        session.add(LocalSetting(key=SETTINGS_KEY, value=text))
    else:
        row.value = text


def set_template(ctx: Context, kind: str, subject: str | None = None,
                 body: str | None = None, reset: bool = False) -> dict[str, str]:
    """Change the wording of one notice kind (admin); ``reset`` restores the default.

    Raises:
        ValidationError: unknown kind, a placeholder other than code, procedure, place,
            time and agency.
    """
    kind = v.choice(kind, "kind", dn.KINDS) or ""
    c = v.Collector()
    new: dict[str, str] = {}
    if subject is not None:
        text = c.check(v.free_text, subject, "subject", 300, True)
        new["subject"] = c.check(dn.check_template, text or "", "subject") or ""
    if body is not None:
        text = c.check(v.free_text, body, "body", 2000, True, True)
        new["body"] = c.check(dn.check_template, text or "", "body") or ""
    c.raise_if_any()
    with ctx.transaction() as session:
        permissions.require(session, ctx, "settings")
        data = _stored(session)
        templates = data.setdefault("templates", {})
        if reset:
            templates.pop(kind, None)
        else:
            templates[kind] = {**templates.get(kind, {}), **new}
        _save(session, data)
        audit.append(session, ctx.actor(session), "notify.template", target=kind)
        return {**dn.DEFAULT_TEMPLATES[kind], **templates.get(kind, {})}


def providers(data: dict[str, Any]) -> dict[str, Provider]:
    """The configured providers, secrets read from the environment or the keyring."""
    out: dict[str, Provider] = {}
    s = data.get("smtp") or {}
    if s.get("host") and s.get("sender"):
        account = f"{s.get('user', '')}@{s['host']}:{s.get('port', 587)}"
        out["email"] = smtp.SmtpProvider(smtp.SmtpSettings(
            host=s["host"], port=int(s.get("port", 587)), user=s.get("user", ""),
            password=secrets.load("smtp", account) if s.get("user") else "",
            sender=s["sender"], security=s.get("security", "starttls"),
            timeout=float(s.get("timeout", 20))))
    for channel in ("sms", "zalo"):
        g = data.get(channel) or {}
        if g.get("url"):
            out[channel] = gw.HttpGateway(gw.GatewaySettings(
                url=g["url"], method=g.get("method", "POST"), body=g.get("body", gw.DEFAULT_BODY),
                auth_header=g.get("auth_header", ""),
                auth_value=secrets.load(channel, g["url"]) if g.get("auth_header") else "",
                timeout=float(g.get("timeout", 15))), channel)
    return out


def smtp_account(data: dict[str, Any]) -> str:
    s = data.get("smtp") or {}
    return f"{s.get('user', '')}@{s.get('host', '')}:{s.get('port', 587)}"


# --- collecting ---------------------------------------------------------------------------

def _local(moment: datetime) -> str:
    return moment.astimezone(VN_TZ).strftime("%H:%M ngày %d/%m/%Y")


def _facts(d: Dossier, proc: Procedure | None, agency: Agency | None,
           e: DossierEvent) -> dn.Facts:
    when: datetime = e.at
    if TRIGGERS[e.kind] == "appointment-moved" and (e.payload or {}).get("new_due"):
        when = datetime.fromisoformat(e.payload["new_due"])
    place = ", ".join(p for p in ((agency.name if agency else ""),
                                  (agency.address if agency else "")) if p)
    return dn.Facts(code=d.code, procedure=proc.name if proc else "", place=place,
                    time=_local(when), agency=agency.name if agency else "")


def enqueue(session: Session, d: Dossier, e: DossierEvent, now: datetime) -> int:
    """Queue the notices of one event on an opted-in dossier (caller's transaction)."""
    if e.kind not in TRIGGERS or not (d.notify_email or d.notify_sms):
        return 0
    data = _stored(session)
    proc = session.get(Procedure, d.procedure_id)
    agency = session.get(Agency, d.agency_id)
    subject, body = dn.render(data.get("templates") or {}, TRIGGERS[e.kind],
                              _facts(d, proc, agency, e))
    added = 0
    for channel, recipient in (("email", d.notify_email), ("sms", d.notify_sms)):
        if not recipient:
            continue
        body_out = body + dn.EMAIL_FOOTER if channel == "email" else body.replace("\n", " ")
        session.add(Notice(id=uuid7(), dossier_id=d.id, event_id=e.id, channel=channel,
                           recipient=recipient, kind=TRIGGERS[e.kind], subject=subject,
                           body=body_out, state="waiting", attempts=0, created_at=now,
                           next_try=now))
        added += 1
    return added


def _collect(session: Session, ctx: Context, dossier_ids: Iterable[uuid.UUID] | None = None
             ) -> int:
    origin = ctx.identity(session).origin
    E, D = DossierEvent, Dossier
    stmt = (select(E, D).join(D, D.id == E.dossier_id)
            .where(E.kind.in_(tuple(TRIGGERS)), E.origin == origin,
                   or_(D.notify_email.is_not(None), D.notify_sms.is_not(None)),
                   ~exists().where(Notice.event_id == E.id))
            .order_by(E.seq))
    if dossier_ids is not None:
        stmt = stmt.where(E.dossier_id.in_(list(dossier_ids)))
    now = ctx.now()
    return sum(enqueue(session, d, e, now) for e, d in session.execute(stmt).all())


def collect(ctx: Context) -> int:
    """Queue the notices of every event recorded here that has none yet; the number queued."""
    with ctx.transaction() as session:
        permissions.require(session, ctx, "event")
        return _collect(session, ctx)


# --- sending ------------------------------------------------------------------------------

@dataclass
class SendReport:
    """What one :func:`send_due` did."""

    queued: int = 0
    sent: int = 0
    failed: int = 0
    waiting: int = 0
    results: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"queued": self.queued, "sent": self.sent, "failed": self.failed,
                "waiting": self.waiting, "results": self.results}


def send_due(ctx: Context, now: datetime | None = None, limit: int = BATCH,
             available: dict[str, Provider] | None = None) -> SendReport:
    """Collect, then send every waiting notice whose time has come (at most ``limit``).

    Raises:
        Forbidden: the acting user may not record events.
    """
    report = SendReport()
    with ctx.transaction() as session:
        permissions.require(session, ctx, "event")
        report.queued = _collect(session, ctx)
        data = _stored(session)
    now = now or ctx.now()
    senders = providers(data) if available is None else available
    with ctx.reading() as session:
        due = session.execute(select(Notice.id).where(Notice.state == "waiting",
                                                      Notice.next_try <= now)
                              .order_by(Notice.next_try, Notice.created_at)
                              .limit(limit)).scalars().all()
    for notice_id in due:
        claimed = _claim(ctx, notice_id, now)
        if claimed is None:
            continue
        code, channel, message = claimed
        provider = senders.get(channel)
        error = None
        try:
            if provider is None:
                raise SendError(f"{channel}: not configured")
            provider.send(message)
        except SendError as exc:
            error = str(exc)[:1000] or type(exc).__name__
        _finish(ctx, notice_id, error)
        report.results.append({"code": code, "channel": channel,
                               "state": "sent" if error is None else "waiting",
                               "error": error})
        if error is None:
            report.sent += 1
        else:
            report.failed += 1
    with ctx.reading() as session:
        report.waiting = len(session.execute(select(Notice.id).where(
            Notice.state == "waiting")).all())
    return report


def _claim(ctx: Context, notice_id: uuid.UUID, now: datetime
           ) -> tuple[str, str, Outgoing] | None:
    """Take the notice for this sender (None when another took it)."""
    with ctx.transaction() as session:
        done = session.execute(update(Notice).where(
            Notice.id == notice_id, Notice.state == "waiting", Notice.next_try <= now)
            .values(next_try=ctx.now() + LEASE))
        if done.rowcount != 1:
            return None
        n = session.get(Notice, notice_id)
        assert n is not None
        code = session.scalar(select(Dossier.code).where(Dossier.id == n.dossier_id)) or ""
        return code, n.channel, Outgoing(n.recipient, n.subject, n.body)


def _finish(ctx: Context, notice_id: uuid.UUID, error: str | None) -> None:
    with ctx.transaction() as session:
        n = session.get(Notice, notice_id)
        assert n is not None
        n.attempts += 1
        now = ctx.now()
        if error is None:
            n.state, n.sent_at, n.last_error = "sent", now, None
        else:
            n.last_error, n.next_try = error, now + retry_after(n.attempts)


# --- reading ------------------------------------------------------------------------------

@dataclass(frozen=True)
class NoticeDTO:
    channel: str
    recipient: str
    kind: str
    state: str
    attempts: int
    created_at: datetime
    next_try: datetime | None
    sent_at: datetime | None
    last_error: str | None

    def to_json(self) -> dict[str, Any]:
        return {"channel": self.channel, "recipient": self.recipient, "kind": self.kind,
                "state": self.state, "attempts": self.attempts,
                "created_at": iso(self.created_at), "next_try": iso(self.next_try),
                "sent_at": iso(self.sent_at), "last_error": self.last_error}


def for_dossier(ctx: Context, code: str) -> list[NoticeDTO]:
    """The notices of one dossier, oldest first (the detail screen)."""
    with ctx.reading() as session:
        d = load(session, code)
        rows = session.scalars(select(Notice).where(Notice.dossier_id == d.id)
                               .order_by(Notice.created_at, Notice.channel))
        return [NoticeDTO(n.channel, n.recipient, n.kind, n.state, n.attempts, n.created_at,
                          None if n.state == "sent" else n.next_try, n.sent_at, n.last_error)
                for n in rows]
