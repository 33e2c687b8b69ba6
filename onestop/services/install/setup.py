"""Creating and upgrading the database, the agency and counter, and the calendar.

``init`` is idempotent: it migrates the schema to the newest revision, creates the agency and
counter of this installation if missing, seeds the calendar overrides and the catalogue from
``resources/`` when absent, and creates the built-in ``system`` admin account.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from onestop import faults
from onestop.config import resources_dir
from onestop.domain import codes
from onestop.domain import units
from onestop.domain import validation as v
from onestop.domain.calendar import AFTER_HOURS_CHOICES, DayOverride, read_overrides_csv
from onestop.services import agencies, audit, catalogue, permissions
from onestop.services.context import SYSTEM_USER, Context
from onestop.services.dto import DueDTO
from onestop.services.errors import NotFound, Unavailable, ValidationError
from onestop.storage import db, search
from onestop.storage.models import (
    Agency, CalendarOverride, Counter, LocalSetting, Outbox, Procedure, User,
)
import uuid
from onestop.services import calendar_change
from datetime import timedelta
from onestop.domain.calendar import VN_TZ
from onestop.services.dossiers import parse_hhmm
from onestop.services.context import AGENCY_DEFAULTS
from onestop.services.install.upgrade import upgrade_database

DEMO_AGENCY = {
    "code": "000.00.15.H36",
    "name": "SỞ GIÁO DỤC VÀ ĐÀO TẠO",
    "parent_name": "UBND TỈNH LÂM ĐỒNG",
    "place_name": "Lâm Đồng",
    "address": "Trung tâm Phục vụ hành chính công tỉnh Lâm Đồng",
}


@dataclass(frozen=True)
class InitReport:
    agency_code: str
    counter: int
    revision: str | None
    procedures_loaded: int
    overrides_loaded: int
    missing_tet_years: list[int]
    #: The shipped overrides this run added to an installation that already had a calendar
    #: (days, ISO): e.g. the 2027 decisions on an upgrade. Empty on a fresh installation.
    overrides_added: list[str] = field(default_factory=list)


def migrate(ctx: Context) -> None:
    """Upgrade the schema to the newest revision (exit code 5 when the file is unusable).

    SQLite files are backed up first and restored if a revision fails (services.upgrade).
    """
    try:
        if db.at_head(ctx.engine):
            return  # the usual start: nothing to do, and Alembic is not even imported

        upgrade_database(ctx.engine)
        search.forget(ctx.engine)   # a revision may have added the name index
    except db.DatabaseUnavailable as exc:
        raise ctx.failure(exc) from exc


def init(ctx: Context, agency_code: str | None = None, agency_name: str | None = None,
         counter: int | str | None = None, unit: dict[str, Any] | None = None) -> InitReport:
    """Create or upgrade the database and this installation's identity (idempotent).

    ``unit`` (keys ``code``, ``name``, ``parent``, ``place``, ``address``) makes this
    installation a counter of a receiving unit (``onestop init --unit-code …``);
    ``agency_code``/``agency_name`` is the single-agency shorthand (the unit is its own
    handling agency).
    """
    fields: dict[str, Any] = {}
    if unit:
        c = v.Collector()
        code = c.check(_unit_code, unit.get("code"))
        name = c.check(v.free_text, unit.get("name"), "unit_full_name", 200)
        for key, column, limit in (("parent", "parent_name", 200), ("place", "place_name", 100),
                                   ("address", "address", 300)):
            if unit.get(key) not in (None, ""):
                fields[column] = c.check(v.free_text, unit.get(key), f"unit_{key}", limit)
        number = c.check(_counter_no, counter)
        c.raise_if_any()
        fields["kind"] = "unit"
    else:
        code = (agency_code or "").strip().upper() or None
        if code is not None and not codes.valid_agency_code(code):
            raise ValidationError("agency_code", "invalid_value")
        name = v.free_text(agency_name, "agency_name", 200) if agency_name else None
        number = _counter_no(counter)
    migrate(ctx)
    faults.hit("init.after_migrate")
    ctx.forget_identity()
    with ctx.transaction() as session:
        if session.get(LocalSetting, "agency_id") is not None:
            # once initialised, init may rename the agency or renumber the counter: admin only
            permissions.require(session, ctx, "settings", target="init")
        agency = _ensure_agency(session, code, name, fields)
        number = _ensure_counter(session, agency, number)
        _ensure_system_user(session)
        upgrade = session.scalar(select(func.count()).select_from(CalendarOverride)) > 0
        added = _seed_overrides(session)
        n_proc = 0
        if not session.scalar(select(func.count()).select_from(Procedure)):
            path = resources_dir() / "catalogue" / "procedures_education.csv"
            n_proc = catalogue.import_csv(ctx, path, session=session).created
        audit.append(session, ctx.actor(session), "init", target=agency.code, counter=number)
        faults.hit("init.before_commit")
    ctx.forget_identity()
    with ctx.reading() as session:
        cal = ctx.calendar(session)
        missing = cal.tet_warning_years(cal.to_local(ctx.now()).date())
    return InitReport(agency.code, number, db.current_revision(ctx.engine), n_proc, len(added),
                      missing, [d.isoformat() for d in added] if upgrade else [])


def _set_local(session: Session, key: str, value: str) -> None:
    row = session.get(LocalSetting, key)
    if row is None:
        session.add(LocalSetting(key=key, value=value))
    else:
        row.value = value


def _unit_code(value: Any) -> str:
    return units.check_code(value, "unit_code")


def _counter_no(value: Any) -> int | None:
    if value in (None, ""):
        return None
    return v.int_range(value, "counter", 1, codes.MAX_COUNTER)


def _ensure_agency(session: Session, code: str | None, name: str | None,
                   extra: dict[str, Any] | None = None) -> Agency:
    extra = dict(extra or {})
    current = session.get(LocalSetting, "agency_id")
    agency = None
    if current is not None:
        agency = session.get(Agency, _uuid(current.value))
        if agency is not None and code and agency.code != code:
            raise ValidationError("unit_code" if extra else "agency_code", "invalid_value")
    if agency is None:
        wanted = code or DEMO_AGENCY["code"]
        agency = session.scalar(select(Agency).where(Agency.code == wanted))
    if agency is None:
        fields = dict(DEMO_AGENCY) if not code else {"code": code, "name": name or code}
        if name:
            fields["name"] = name
        fields.update(extra)
        # a new installation shares out the daily ordinal in blocks of 100 (domain.codes)
        agency = Agency(**fields, settings={"code_block": codes.DEFAULT_BLOCK})
        session.add(agency)
        session.flush()
        session.add(Outbox(table_name="agency", row_id=agency.id))
    else:
        changed = False
        if name and agency.name != name:
            agency.name = name
            changed = True
        for key, value in extra.items():
            if key == "kind":
                value = value if agency.kind == value else "both"
            if getattr(agency, key) != value:
                setattr(agency, key, value)
                changed = True
        if changed:
            agency.version += 1
            session.add(Outbox(table_name="agency", row_id=agency.id))
    _set_local(session, "agency_id", str(agency.id))
    return agency


def _ensure_counter(session: Session, agency: Agency, number: int | None) -> int:
    current = session.get(LocalSetting, "counter_no")
    if number is None:
        number = int(current.value) if current else 1
    exists = session.scalar(select(Counter).where(Counter.agency_id == agency.id,
                                                  Counter.number == number))
    if exists is None:
        agencies.check_counter(session, agency, number)
        c = Counter(agency_id=agency.id, number=number, name=f"Quầy {number}")
        session.add(c)
        session.flush()
        session.add(Outbox(table_name="counter", row_id=c.id))
    _set_local(session, "counter_no", str(number))
    return number


def _ensure_system_user(session: Session) -> None:
    if session.scalar(select(User.id).where(User.username == SYSTEM_USER)) is None:
        session.add(User(username=SYSTEM_USER, full_name="Quản trị hệ thống", role="admin",
                         password_hash=None))


#: LocalSetting key: the shipped override days already offered to this installation.
SEED_KEY = "calendar_seed_offered"
#: The last day of the calendar shipped before the offered days were recorded (2026-09-02):
#: an installation without the key got at least those, and may have removed some on purpose.
PREVIOUS_SEED_LAST_DAY = date(2026, 9, 2)


def _seed_overrides(session: Session) -> list[date]:
    """Add the shipped overrides this installation has not been offered yet.

    An installation keeps its own overrides: a day it already holds is never replaced, and a
    shipped day it was offered before and removed on purpose is not added back. New shipped
    days (the 2027 decisions on an upgrade from a 2026 release) are added and returned, so
    ``init`` reports them.
    """
    have = set(session.scalars(select(CalendarOverride.day)))
    path = resources_dir() / "calendar" / "overrides_vn.csv"
    shipped = read_overrides_csv(path)
    mark = session.get(LocalSetting, SEED_KEY)
    if mark is not None:
        offered = {date.fromisoformat(d) for d in mark.value.split(",") if d}
    elif have:   # an installation of a release that did not record what it was offered
        offered = {o.day for o in shipped if o.day <= PREVIOUS_SEED_LAST_DAY}
    else:
        offered = set()
    added: list[date] = []
    for o in shipped:
        if o.day not in have and o.day not in offered:
            row = CalendarOverride(day=o.day, kind=o.kind, name=o.name, decision=o.decision,
                                   tet=o.tet)
            session.add(row)  # not queued: the central calendar is written centrally
            have.add(o.day)
            added.append(o.day)
    _set_local(session, SEED_KEY, ",".join(sorted({d.isoformat() for d in offered}
                                                  | {o.day.isoformat() for o in shipped})))
    return added


def _uuid(value: str) -> Any:
    return uuid.UUID(value)


# --- calendar overrides and due preview -------------------------------------------------------

def list_overrides(ctx: Context, year: int | None = None) -> list[DayOverride]:
    with ctx.reading() as session:
        stmt = select(CalendarOverride).order_by(CalendarOverride.day)
        rows = session.scalars(stmt).all()
        return [DayOverride(r.day, r.kind, r.name, r.decision, r.tet) for r in rows  # type: ignore[arg-type]
                if year is None or r.day.year == year]


def set_override(ctx: Context, day: str | date, kind: str, name: str, decision: str = "",
                 tet: bool = False) -> Any:
    """Add or replace the override of one day (admin), moving the appointments it changes.

    See :mod:`onestop.services.calendar_change` (preview, events, notices).
    """

    return calendar_change.apply(ctx, "set", day, kind, name, decision, tet)


def remove_override(ctx: Context, day: str | date) -> Any:
    """Remove the override of one day (admin), moving the appointments it changes."""

    return calendar_change.apply(ctx, "remove", day)


def due_preview(ctx: Context, received_at: str | datetime | None, days: int | str | None = None,
                procedure: str | None = None) -> DueDTO:
    """The appointment for a receipt at ``received_at``, with every skipped day and why."""


    now = ctx.now()
    at = now if received_at in (None, "") else v.parse_instant(received_at, "received_at", VN_TZ,
                                                               now, timedelta(days=3660))
    with ctx.reading() as session:
        cutoff = None
        if procedure:
            proc = session.scalar(select(Procedure).where(Procedure.code == procedure.upper()))
            if proc is None:
                raise ValidationError("procedure", "unknown_procedure", value=procedure)
            limit, cutoff = proc.time_limit_days, parse_hhmm(proc.cutoff)
        else:
            limit = v.int_range(days, "days", 0, 365)
        try:
            agency = session.get(Agency, ctx.identity(session).agency_id)
        except Unavailable:
            agency = None
        cal = ctx.calendar(session, agency)
    if limit is None:
        return DueDTO(None, None, (), ())
    r = cal.due(at, limit, cutoff)
    return DueDTO(r.due_at, r.start_day, tuple((s.day, s.reason) for s in r.skipped), r.notes)


def agency_info(ctx: Context) -> dict[str, Any]:
    """The agency and counter of this installation, with its settings."""
    with ctx.reading() as session:
        ident = ctx.identity(session)
        a = session.get(Agency, ident.agency_id)
        assert a is not None
        return {"code": a.code, "name": a.name, "parent_name": a.parent_name,
                "unit_name": a.unit_name, "address": a.address, "phone": a.phone,
                "place_name": a.place_name, "counter": ident.counter_no,
                "settings": ctx.agency_settings(a)}


AGENCY_FIELDS = ("name", "parent_name", "unit_name", "address", "phone", "place_name")
_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
#: Allowed ranges of the numeric agency settings (a bad value would stop every receipt).
SETTING_RANGES = {"due_soon_days": (0, 30), "max_reschedules": (0, 10),
                  "future_tolerance_minutes": (0, 1440), "lockout_failures": (1, 100),
                  "lockout_minutes": (1, 1440), "clock_margin_minutes": (1, 10080)}


def _setting(key: str, value: Any) -> Any:
    """A valid value of agency setting ``key`` (raises ValidationError naming the key)."""
    if key in SETTING_RANGES:
        return v.int_range(value, key, *SETTING_RANGES[key])
    if key == "resume_policy":
        return v.choice(value, key, ("restart", "resume"))
    if key == "after_hours":
        return v.choice(value, key, AFTER_HOURS_CHOICES)
    hhmm = isinstance(value, str) and _HHMM.match(value)
    if key in ("office_start", "office_end") and not hhmm:
        raise ValidationError(key, "invalid_value")
    if key == "code_block":
        return int(v.choice(str(value), key, tuple(str(b) for b in codes.BLOCKS)))
    if key == "code_prefix":
        return v.choice(value, key, units.CODE_PREFIXES)
    return value


def _code_settings(session: Session, ctx: Context, a: Agency, before: dict[str, Any]) -> None:
    """A new ``code_block`` applies from tomorrow (a day's codes follow one rule) and must
    leave room for every counter of the unit; ``code_prefix`` = ``agency`` needs counter
    numbers no other unit sharing a prefix uses, at most 99 of them (domain.codes).

    Raises:
        ValidationError(``code_block`` / ``code_prefix``).
    """
    after = ctx.agency_settings(a)
    numbers = list(session.scalars(select(Counter.number).where(Counter.agency_id == a.id)))
    block = int(after["code_block"])
    if block != int(before["code_block"]):
        if any(n > codes.max_counter(block) for n in numbers):
            raise ValidationError("code_block", "counter_over_block",
                                  max=codes.max_counter(block), block=block)
        tomorrow = ctx.now().astimezone(VN_TZ).date() + timedelta(days=1)
        a.settings = {**(a.settings or {}), "code_block_since": tomorrow.isoformat(),
                      "code_block_before": int(before["code_block"])}
    if after["code_prefix"] == "agency" and before["code_prefix"] != "agency":
        try:
            for n in numbers:
                agencies.check_counter(session, a, n)
        except ValidationError as exc:
            raise ValidationError("code_prefix", exc.errors[0].code,
                                  **exc.errors[0].params) from exc


def _agency_text(key: str, value: Any) -> str | None:
    # the column's own size: PostgreSQL enforces it, SQLite would not
    limit = getattr(Agency.__table__.c[key].type, "length", None) or 300
    return v.free_text(value, key, limit, required=key == "name")


def update_agency(ctx: Context, **changes: Any) -> dict[str, Any]:
    """Edit the agency's names, address, place name and settings (admin)."""

    with ctx.transaction() as session:
        permissions.require(session, ctx, "settings")
        a = session.get(Agency, ctx.identity(session).agency_id)
        assert a is not None
        c = v.Collector()
        before = ctx.agency_settings(a)
        for key, value in changes.items():
            if key in AGENCY_FIELDS:
                setattr(a, key, c.check(_agency_text, key, value) or "")
            elif key in AGENCY_DEFAULTS:
                a.settings = {**(a.settings or {}), key: c.check(_setting, key, value)}
            else:
                c.add(key, "invalid_value")
        hours = ctx.agency_settings(a)
        if not c and hours["office_start"] >= hours["office_end"]:
            c.add("office_start", "office_hours_order")
        c.raise_if_any()
        _code_settings(session, ctx, a, before)
        a.version += 1
        session.add(Outbox(table_name="agency", row_id=a.id))
        audit.append(session, ctx.actor(session), "settings.agency", target=a.code, fields=sorted(changes))
    ctx.calendar_changed()
    return agency_info(ctx)


def set_counter(ctx: Context, number: int | str) -> int:
    """Make this installation counter ``number`` (admin); codes allocated from now use it."""
    n = _counter_no(number)
    with ctx.transaction() as session:
        permissions.require(session, ctx, "settings", target=str(n))
        agency = session.get(Agency, ctx.identity(session).agency_id)
        assert agency is not None
        _ensure_counter(session, agency, n)
        audit.append(session, ctx.actor(session), "settings.counter", target=str(n))
    ctx.forget_identity()
    return n
