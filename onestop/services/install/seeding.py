"""The reference data every database starts with, in one place.

Used by ``services.install.setup.init`` (a counter's database) and ``sync.central.init``
(the central database): the built-in ``system`` account, the shipped calendar overrides and
the shipped catalogue, each added only when absent.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from onestop.config import resources_dir
from onestop.domain.calendar import DayOverride, read_overrides_csv
from onestop.services import catalogue
from onestop.services.context import SYSTEM_USER, Context
from onestop.storage.models import CalendarOverride, LocalSetting, Procedure, User

#: LocalSetting key: the shipped override days already offered to this installation.
SEED_KEY = "calendar_seed_offered"
#: The last day of the calendar shipped before the offered days were recorded (2026-09-02):
#: an installation without the key got at least those, and may have removed some on purpose.
PREVIOUS_SEED_LAST_DAY = date(2026, 9, 2)
#: The shipped files, below ``resources/``.
CATALOGUE_FILE = ("catalogue", "procedures_education.csv")
OVERRIDES_FILE = ("calendar", "overrides_vn.csv")


def shipped_overrides() -> list[DayOverride]:
    """The calendar overrides shipped in ``resources/calendar/overrides_vn.csv``, in file order.

    Raises:
        FileNotFoundError: the resources folder holds no such file.
        ValueError: a row is malformed.
    """
    return read_overrides_csv(resources_dir().joinpath(*OVERRIDES_FILE))


def set_local(session: Session, key: str, value: str) -> None:
    """Write one ``local_setting`` of this database (insert or replace)."""
    row = session.get(LocalSetting, key)
    if row is None:
        session.add(LocalSetting(key=key, value=value))
    else:
        row.value = value


def ensure_system_user(session: Session) -> None:
    """The built-in ``system`` admin account (no password: it cannot log in)."""
    if session.scalar(select(User.id).where(User.username == SYSTEM_USER)) is None:
        session.add(User(username=SYSTEM_USER, full_name="Quản trị hệ thống", role="admin",
                         password_hash=None))


def seed_catalogue(ctx: Context, session: Session) -> int:
    """Import the shipped catalogue when the database has no procedure; how many were added."""
    if session.scalar(select(func.count()).select_from(Procedure)):
        return 0
    return catalogue.import_csv(ctx, resources_dir().joinpath(*CATALOGUE_FILE),
                                session=session).created


def seed_overrides(session: Session, remember: bool = True) -> list[date]:
    """Add the shipped overrides this database has not been offered yet; the days added.

    A database keeps its own overrides: a day it already holds is never replaced. With
    ``remember`` (a counter's database) the days offered are recorded under :data:`SEED_KEY`,
    so a shipped day removed on purpose is not added back, while new shipped days (the 2027
    decisions on an upgrade from a 2026 release) are. Without it (the central database) every
    shipped day it lacks is added.
    """
    have = set(session.scalars(select(CalendarOverride.day)))
    shipped = shipped_overrides()
    offered: set[date] = set()
    if remember:
        mark = session.get(LocalSetting, SEED_KEY)
        if mark is not None:
            offered = {date.fromisoformat(d) for d in mark.value.split(",") if d}
        elif have:   # an installation of a release that did not record what it was offered
            offered = {o.day for o in shipped if o.day <= PREVIOUS_SEED_LAST_DAY}
    added: list[date] = []
    for o in shipped:
        if o.day not in have and o.day not in offered:
            row = CalendarOverride(day=o.day, kind=o.kind, name=o.name, decision=o.decision,
                                   tet=o.tet)
            session.add(row)  # not queued: the central calendar is written centrally
            have.add(o.day)
            added.append(o.day)
    if remember:
        set_local(session, SEED_KEY, ",".join(sorted({d.isoformat() for d in offered}
                                                     | {o.day.isoformat() for o in shipped})))
    return added
