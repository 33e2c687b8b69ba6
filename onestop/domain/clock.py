"""One clock: every instant the application shows, prints or puts in a file name is agency time.

The office PC's own time zone is whatever the installer or the IT staff left (often UTC on a
fresh Linux, sometimes a neighbouring zone on a laptop), while the dossiers, appointments and
receipts are in the agency's time (Asia/Ho_Chi_Minh). A footer stamp in the PC's zone beside a
receipt time in the agency's zone looks like a seven-hour gap. So nothing here, and nothing
that uses it, reads the process time zone (``datetime.now()`` without a zone, ``time.localtime``,
``QDate.currentDate``): instants are taken in UTC and converted to :data:`AGENCY_TZ`.

Vietnam has one time zone and no daylight saving, so there is no per-agency zone setting; if
one is ever added, :data:`AGENCY_TZ` is the one place to read it.
"""

from __future__ import annotations

import time
from datetime import UTC, date, datetime

from onestop.domain.calendar import VN_TZ

__all__ = [
    "AGENCY_TZ", "agency_now", "agency_today", "clock_text", "datetime_text", "file_stamp",
    "log_time_tuple", "to_agency",
]

#: The agency's time zone.
AGENCY_TZ = VN_TZ


def agency_now() -> datetime:
    """Now, aware, in agency time."""
    return datetime.now(UTC).astimezone(AGENCY_TZ)


def agency_today() -> date:
    """Today's date at the agency (not the PC's: at 01:00 in Hà Nội it is still yesterday in
    UTC)."""
    return agency_now().date()


def to_agency(instant: datetime) -> datetime:
    """``instant`` in agency time. A naive value is taken as UTC (how the database and
    SQLite return stored instants), never as the PC's local time."""
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=UTC)
    return instant.astimezone(AGENCY_TZ)


def clock_text(instant: datetime | None = None) -> str:
    """``HH:MM:SS`` in agency time (the "dữ liệu lúc …" stamps); now by default."""
    return to_agency(instant or agency_now()).strftime("%H:%M:%S")


def datetime_text(instant: datetime | None) -> str:
    """``HH:MM dd/mm/yyyy`` in agency time, the way Vietnamese forms write an instant."""
    return "" if instant is None else to_agency(instant).strftime("%H:%M %d/%m/%Y")


def file_stamp(instant: datetime | None = None, with_time: bool = True) -> str:
    """``YYYYMMDD-HHMMSS`` (or ``YYYYMMDD``) in agency time, for backup and report file names;
    a naive ``instant`` is an agency wall-clock time already (e.g. a test's "today")."""
    instant = instant or agency_now()
    local = instant if instant.tzinfo is None else to_agency(instant)
    return local.strftime("%Y%m%d-%H%M%S" if with_time else "%Y%m%d")


def log_time_tuple(seconds: float | None = None) -> time.struct_time:
    """A ``logging.Formatter.converter``: log lines carry agency time, not the PC's."""
    moment = datetime.fromtimestamp(time.time() if seconds is None else seconds, AGENCY_TZ)
    return moment.timetuple()
