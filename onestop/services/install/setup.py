"""Creating and upgrading the database, the agency and counter, and the calendar.

``init`` is idempotent: it migrates the schema to the newest revision, creates the agency and
counter of this installation if missing, and seeds the reference data (calendar overrides,
catalogue, the built-in ``system`` admin account: ``services.install.seeding``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from onestop import faults
from onestop.domain import codes
from onestop.domain import validation as v
from onestop.domain.calendar import AFTER_HOURS_CHOICES, VN_TZ, DayOverride
from onestop.services import audit, calendar_change, permissions
from onestop.services.context import AGENCY_DEFAULTS, Context
from onestop.services.dto import AgencyInfo
from onestop.services.errors import ValidationError
from onestop.services.install import seeding
from onestop.services.install.seeding import set_local
from onestop.services.install.start import agency_info
from onestop.services.install.upgrade import upgrade_database
from onestop.storage import db, search
from onestop.storage.models import Agency, CalendarOverride, Counter, LocalSetting, Outbox, as_uuid

from onestop.services.agencies import check_counter
from onestop.domain.units import check_code
from onestop.domain.units import CODE_PREFIXES

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
        seeding.ensure_system_user(session)
        upgrade = session.scalar(select(func.count()).select_from(CalendarOverride)) > 0
        added = seeding.seed_overrides(session)
        n_proc = seeding.seed_catalogue(ctx, session)
        audit.append(session, ctx.actor(session), "init", target=agency.code, counter=number)
        faults.hit("init.before_commit")
    ctx.forget_identity()
    with ctx.reading() as session:
        cal = ctx.calendar(session)
        missing = cal.tet_warning_years(cal.to_local(ctx.now()).date())
    return InitReport(agency.code, number, db.current_revision(ctx.engine), n_proc, len(added),
                      missing, [d.isoformat() for d in added] if upgrade else [])


def _unit_code(value: Any) -> str:

    return check_code(value, "unit_code")


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
        agency = session.get(Agency, as_uuid(current.value))
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
    set_local(session, "agency_id", str(agency.id))
    return agency


def _ensure_counter(session: Session, agency: Agency, number: int | None) -> int:
    current = session.get(LocalSetting, "counter_no")
    if number is None:
        number = int(current.value) if current else 1
    exists = session.scalar(select(Counter).where(Counter.agency_id == agency.id,
                                                  Counter.number == number))
    if exists is None:

        check_counter(session, agency, number)
        c = Counter(agency_id=agency.id, number=number, name=f"Quầy {number}")
        session.add(c)
        session.flush()
        session.add(Outbox(table_name="counter", row_id=c.id))
    set_local(session, "counter_no", str(number))
    return number


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


AGENCY_FIELDS = ("name", "parent_name", "unit_name", "address", "phone", "place_name")
_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
#: Allowed ranges of the numeric agency settings (a bad value would stop every receipt).
SETTING_RANGES = {"due_soon_days": (0, 30), "max_reschedules": (0, 10),
                  "future_tolerance_minutes": (0, 1440), "lockout_failures": (1, 100),
                  "lockout_minutes": (1, 1440), "clock_margin_minutes": (1, 10080),
                  "retention_years": (1, 100), "access_alert_per_hour": (1, 10000),
                  "portal_ack_hours": (1, 720)}


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

        return v.choice(value, key, CODE_PREFIXES)
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
                check_counter(session, a, n)
        except ValidationError as exc:
            raise ValidationError("code_prefix", exc.errors[0].code,
                                  **exc.errors[0].params) from exc


def _agency_text(key: str, value: Any) -> str | None:
    # the column's own size: PostgreSQL enforces it, SQLite would not
    limit = getattr(Agency.__table__.c[key].type, "length", None) or 300
    return v.free_text(value, key, limit, required=key == "name")


def update_agency(ctx: Context, **changes: Any) -> AgencyInfo:
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
