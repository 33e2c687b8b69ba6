"""Working-day calendar: rest days, due moments of dossiers and why they fall where they do.

Plain Python (no Qt, no database): the storage layer hands in the overrides it keeps in the
``CalendarDay`` table (``services.install.seeding.shipped_overrides`` reads the shipped file).

Contract
--------
* **Rest day** = a weekend day (Saturday and Sunday by default), a statutory holiday of
  Vietnam (from ``holidays.Vietnam(language="vi")``, Vietnamese names, cached per year) or an
  ``"off"`` override. A ``"work"`` override wins over everything (a make-up Saturday, or a
  holiday the agency works); an ``"off"`` override also wins over a normal weekday.
  With ``statutory=True`` the make-up Saturdays that the ``holidays`` package pairs with its
  own swapped days off (``weekend_workdays``, e.g. Sat 26/04/2025 for Fri 02/05/2025) are
  working days too, so a swap taken from the package is never half applied.
* **Counting** (Bộ luật Dân sự 2015, Điều 147–148): the first day is not counted.
  ``add_working_days(d, n)`` is the n-th working day after ``d``; ``n == 0`` gives ``d`` if
  it is a working day, else the next one; a negative ``n`` counts backwards.
  ``working_days_between(a, b)`` counts the working days in ``(a, b]`` (negative when
  ``b < a``). ``explain(start, end)`` lists the rest days in ``(start, end]``.
* **Due moment** (:meth:`WorkCalendar.due`): ``received_at`` must be timezone-aware (a naive
  value is refused: SQLite returns stored UTC instants naive) and is converted to the
  calendar's time zone. The start day is its date. If the start day is a
  rest day, or the local time is at/after the end of office hours (unless the agency chose
  ``after_hours="same-day"``), or a ``cutoff`` is given and the local time is strictly after
  it (15:00:00 is same-day, 15:00:01 is not), the clock starts on the next working day at
  office start (with a note). Before office start on a working day the clock time becomes office start.
  For ``days >= 1`` the due day is ``add_working_days(start_day, days)`` at the (possibly
  moved) clock time, kept inside office hours: received Monday 10:00 with 2 days is due
  Wednesday 10:00. For ``days == 0`` (same-day procedures) the due moment is the start day
  at office end. ``skipped`` lists the rest days in ``(start_day, due_day]``; for a same-day
  procedure whose start was moved it lists them from the receipt date instead, so the
  officer sees why "today" became a later day.
* **Speed**: a bulk generator calls :meth:`WorkCalendar.due` about a million times, so the
  calendar keeps a lazily grown index over whole years (working-day flags, prefix counts, the
  ordered list of working days and of rest days). Lookups, ``add_working_days`` and
  ``working_days_between`` are O(1); ``explain`` is a bisection plus a slice.
"""

from __future__ import annotations

import csv
import threading
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import MAXYEAR, MINYEAR, date, datetime, time, timedelta, tzinfo
from functools import lru_cache
from pathlib import Path
from typing import Final, Literal, get_args
from zoneinfo import ZoneInfo

import holidays

__all__ = [
    "VN_TZ",
    "WEEKDAY_NAMES_VI",
    "DayOverride",
    "DueResult",
    "OfficeHours",
    "OverrideKind",
    "SkippedDay",
    "WorkCalendar",
    "parse_overrides_csv",
    "read_overrides_csv",
]

VN_TZ: Final = ZoneInfo("Asia/Ho_Chi_Minh")

#: Vietnamese weekday names indexed by ``date.weekday()`` (Monday = 0).
WEEKDAY_NAMES_VI: Final = (
    "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật",
)


OverrideKind = Literal["off", "work"]

#: (month, day) from which a missing Tết decision of the next year is flagged.
TET_WARNING_FROM: Final = (10, 1)

_CSV_COLUMNS: Final = ("day", "kind", "name", "decision", "tet")
_TRUE_WORDS: Final = frozenset({"1", "true", "yes", "x", "có"})
_FALSE_WORDS: Final = frozenset({"", "0", "false", "no", "không"})
# Classes of a local receipt time (see WorkCalendar._clock_class).
_IN_HOURS: Final = 0
_BEFORE_OPENING: Final = 1
_AFTER_CUTOFF: Final = 2
_AFTER_HOURS: Final = 3
_AFTER_HOURS_SAME_DAY: Final = 4  # after hours, agency setting after_hours = "same-day"

#: Agency choices for a receipt after office hours on a working day (``after_hours``).
AfterHours = Literal["next-working-day", "same-day"]
AFTER_HOURS_CHOICES: Final = ("next-working-day", "same-day")
# Size of the per-calendar memo of due() plans: a decade of days times a dozen limits.
_PLAN_CACHE_SIZE: Final = 1 << 17
# Rough lower bound of working days in a year, used only to size an index extension.
_MIN_WORKING_DAYS_PER_YEAR: Final = 200


@dataclass(frozen=True)
class DayOverride:
    """A dated exception to the weekly pattern decided by the government or the agency.

    Attributes:
        day: The calendar day concerned.
        kind: ``"off"`` for an extra day off (a swapped day, a Tết day, a local closure);
            ``"work"`` for a normally rest day that is worked (a make-up Saturday).
        name: Vietnamese name shown to officers, e.g. ``"Nghỉ Tết Nguyên đán Bính Ngọ"``.
        decision: Legal basis, e.g. ``"Công văn 12729/VPCP-KGVX"``.
        tet: True on days that belong to a Tết Nguyên đán decision.
    """

    day: date
    kind: OverrideKind
    name: str
    decision: str = ""
    tet: bool = False

    def __post_init__(self) -> None:
        """Reject kinds other than ``"off"``/``"work"``: a typo would silently flip a day."""
        if self.kind not in get_args(OverrideKind):
            raise ValueError(f"DayOverride.kind must be 'off' or 'work', not {self.kind!r}")


@dataclass(frozen=True)
class OfficeHours:
    """Daily office hours in the calendar's local time.

    Attributes:
        start: Opening time; clocks started outside office hours move here.
        end: Closing time; receipts at or after it count from the next working day.
    """

    start: time = time(7, 30)
    end: time = time(17, 0)

    def __post_init__(self) -> None:
        """Reject an empty or inverted day, which would make every receipt "after hours"."""
        if not self.start < self.end:
            raise ValueError(f"office start {self.start} must be before end {self.end}")


@dataclass(frozen=True)
class SkippedDay:
    """A rest day passed over while counting.

    Attributes:
        day: The rest day.
        reason: Vietnamese reason: ``"Thứ Bảy"``, ``"Chủ nhật"``, a holiday or override name.
    """

    day: date
    reason: str


@dataclass(frozen=True)
class DueResult:
    """The due moment of a dossier and how it was reached.

    Attributes:
        due_at: Aware due moment in the calendar's time zone.
        start_day: Day the clock starts from (the receipt day, or the next working day after
            a cut-off, a rest day or a receipt after hours).
        days: The time limit in working days.
        skipped: Every rest day strictly after ``start_day`` up to the due day.
        notes: Vietnamese explanations of the clock rules applied.
    """

    due_at: datetime
    start_day: date
    days: int
    skipped: tuple[SkippedDay, ...]
    notes: tuple[str, ...]


class _Index:
    """Precomputed view of whole years ``[lo, hi)`` (date ordinals); never mutated once built.

    Readers take one reference to the current index and use it throughout, so a concurrent
    extension (which builds a new index and swaps the reference) cannot tear a read.
    """

    __slots__ = ("cum", "hi", "lo", "reasons", "rest_days", "rest_ords", "work_ords", "working")

    def __init__(self, lo: int, hi: int, reasons: dict[int, str]) -> None:
        """Build the index.

        Args:
            lo: First ordinal covered (0 with ``hi == 0`` for the empty index).
            hi: One past the last ordinal covered.
            reasons: Rest-day reason for every rest day in ``[lo, hi)``.
        """
        self.lo = lo
        self.hi = hi
        self.reasons = reasons
        self.working = bytes(0 if o in reasons else 1 for o in range(lo, hi))
        # cum[i] = working days in [lo, lo + i): any count over a range is one subtraction.
        cum = [0] * (hi - lo + 1)
        running = 0
        for i, flag in enumerate(self.working):
            running += flag
            cum[i + 1] = running
        self.cum = cum
        self.work_ords = [o for o in range(lo, hi) if o not in reasons]
        self.rest_ords = sorted(reasons)
        self.rest_days = [SkippedDay(date.fromordinal(o), reasons[o]) for o in self.rest_ords]

    @property
    def first_year(self) -> int:
        """First year covered (the index always spans whole years)."""
        return date.fromordinal(self.lo).year

    @property
    def last_year(self) -> int:
        """Last year covered."""
        return date.fromordinal(self.hi - 1).year


@lru_cache(maxsize=None)
def _statutory_year(year: int) -> tuple[dict[int, str], frozenset[int]]:
    """Statutory holidays and make-up working days of one year from the ``holidays`` package.

    Cached at module level because the package is slow to compute (lunar calendar) and the
    result does not depend on any calendar's overrides.

    Args:
        year: Gregorian year.

    Returns:
        ``(holidays by ordinal -> Vietnamese name, ordinals of make-up working days)``.
    """
    vn = holidays.Vietnam(years=year, language="vi")
    days_off = {d.toordinal(): str(name) for d, name in vn.items() if d.year == year}
    # weekend_workdays accumulates across years in the package, hence the year filter.
    made_up = getattr(vn, "weekend_workdays", ())
    workdays = frozenset(d.toordinal() for d in made_up if d.year == year)
    return days_off, workdays


def _require_aware(instant: datetime, what: str) -> None:
    """Refuse naive datetimes: SQLite hands back naive UTC, which read as local is 7 h off."""
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError(f"{what} must be timezone-aware, got naive {instant.isoformat()}")


def _fmt_day(d: date) -> str:
    """Format a day the Vietnamese way (dd/mm/yyyy)."""
    return f"{d:%d/%m/%Y}"


def _fmt_time(t: time) -> str:
    """Format a clock time as HH:MM, the precision printed on receipts."""
    return f"{t:%H:%M}"


class WorkCalendar:
    """Working days, due moments and explanations for one agency (see the module docstring)."""

    def __init__(
        self,
        overrides: Iterable[DayOverride] = (),
        *,
        weekend: frozenset[int] = frozenset({5, 6}),
        office: OfficeHours = OfficeHours(),
        tz: tzinfo = VN_TZ,
        statutory: bool = True,
        after_hours: AfterHours = "next-working-day",
    ) -> None:
        """Create a calendar.

        Args:
            overrides: Dated exceptions. When one day has both kinds, ``"work"`` wins; among
                overrides of the same kind for one day the last one wins.
            weekend: Weekly rest days as ``date.weekday()`` numbers (Monday = 0).
            office: Office hours in local time.
            tz: The agency's time zone.
            statutory: Whether Vietnam's statutory holidays from ``holidays`` apply.
            after_hours: A receipt after office hours on a working day counts from the
                next working day at office start (``"next-working-day"``, the default) or
                from the receipt day, due at office end (``"same-day"``). Same-day
                procedures always move to the next working day (today's end has passed).

        Raises:
            ValueError: If ``weekend`` holds numbers outside 0–6 or all seven days.
        """
        weekend = frozenset(weekend)
        if not weekend <= frozenset(range(7)) or len(weekend) == 7:
            raise ValueError(f"weekend must be a proper subset of 0..6, got {sorted(weekend)}")
        self._weekend = weekend
        self._office = office
        self._tz = tz
        self._statutory = statutory
        if after_hours not in AFTER_HOURS_CHOICES:
            raise ValueError(f"after_hours must be one of {AFTER_HOURS_CHOICES}, not {after_hours!r}")
        self._after_hours = after_hours
        self._overrides = self._merge_overrides(overrides)
        self._index = _Index(0, 0, {})
        self._lock = threading.Lock()
        # Bounded per-instance memo (a method-level lru_cache would keep every calendar alive).
        self._plan = lru_cache(maxsize=_PLAN_CACHE_SIZE)(self._make_plan)

    # ------------------------------------------------------------------ configuration

    @staticmethod
    def _merge_overrides(overrides: Iterable[DayOverride]) -> dict[int, DayOverride]:
        """Key overrides by ordinal, letting ``"work"`` win over ``"off"`` on the same day."""
        merged: dict[int, DayOverride] = {}
        for ov in overrides:
            o = ov.day.toordinal()
            current = merged.get(o)
            if current is None or not (current.kind == "work" and ov.kind == "off"):
                merged[o] = ov
        return merged

    @property
    def overrides(self) -> tuple[DayOverride, ...]:
        """The effective overrides, one per day, in date order."""
        return tuple(self._overrides[o] for o in sorted(self._overrides))

    @property
    def office(self) -> OfficeHours:
        """Office hours in local time."""
        return self._office

    @property
    def after_hours(self) -> str:
        """The agency's rule for receipts after office hours (``AFTER_HOURS_CHOICES``)."""
        return self._after_hours

    @property
    def tz(self) -> tzinfo:
        """The calendar's time zone."""
        return self._tz

    @property
    def weekend(self) -> frozenset[int]:
        """Weekly rest days as ``date.weekday()`` numbers."""
        return self._weekend

    # ------------------------------------------------------------------ index upkeep

    def _reason_of(self, o: int) -> str | None:
        """Classify one day from scratch; ``None`` means working. Used only to build the index."""
        ov = self._overrides.get(o)
        if ov is not None:
            # An unnamed closure still needs a visible reason on the receipt screen.
            return None if ov.kind == "work" else (ov.name or "Ngày nghỉ")
        d = date.fromordinal(o)
        if self._statutory:
            days_off, workdays = _statutory_year(d.year)
            if o in workdays:
                return None
            name = days_off.get(o)
            if name is not None:
                return name
        weekday = d.weekday()
        return WEEKDAY_NAMES_VI[weekday] if weekday in self._weekend else None

    def _build(self, first_year: int, last_year: int) -> _Index:
        """Build an index over the whole years ``first_year..last_year``."""
        lo = date(first_year, 1, 1).toordinal()
        hi = date(last_year, 12, 31).toordinal() + 1
        reasons: dict[int, str] = {}
        for o in range(lo, hi):
            reason = self._reason_of(o)
            if reason is not None:
                reasons[o] = reason
        return _Index(lo, hi, reasons)

    def _grow(self, first_year: int, last_year: int) -> _Index:
        """Return an index covering at least ``first_year..last_year``, rebuilding if needed.

        Raises:
            OverflowError: If the years fall outside what ``date`` can represent.
        """
        if first_year < MINYEAR or last_year > MAXYEAR:
            raise OverflowError(f"years {first_year}..{last_year} are outside the calendar")
        with self._lock:
            idx = self._index
            if idx.hi:
                first_year = min(first_year, idx.first_year)
                last_year = max(last_year, idx.last_year)
                if first_year == idx.first_year and last_year == idx.last_year:
                    return idx  # another thread already grew it
            self._index = self._build(first_year, last_year)
            return self._index

    def _covering(self, *ordinals: int) -> _Index:
        """Return an index covering every given ordinal (with a year of margin when grown)."""
        idx = self._index
        if all(idx.lo <= o < idx.hi for o in ordinals):
            return idx
        years = [date.fromordinal(o).year for o in ordinals]
        # One year of margin: due dates near December run into January.
        return self._grow(max(MINYEAR, min(years) - 1), min(MAXYEAR, max(years) + 1))

    # ------------------------------------------------------------------ day queries

    def is_working_day(self, d: date) -> bool:
        """Return whether ``d`` is a working day.

        Args:
            d: The day.

        Returns:
            True on a working day, False on a rest day.
        """
        o = d.toordinal()
        idx = self._index
        if not idx.lo <= o < idx.hi:
            idx = self._covering(o)
        return idx.working[o - idx.lo] == 1

    def rest_reason(self, d: date) -> str | None:
        """Return why ``d`` is a rest day, in Vietnamese.

        Args:
            d: The day.

        Returns:
            An override or holiday name, ``"Thứ Bảy"``/``"Chủ nhật"``, or ``None`` on a
            working day.
        """
        o = d.toordinal()
        return self._covering(o).reasons.get(o)

    def next_working_day(self, d: date) -> date:
        """Return the first working day strictly after ``d``."""
        return self.add_working_days(d, 1)

    def add_working_days(self, d: date, n: int) -> date:
        """Return the n-th working day after ``d`` (``d`` itself is not counted).

        Args:
            d: The day counting starts from.
            n: Working days to add. ``0`` gives ``d`` if it is a working day, else the next
                working day; a negative ``n`` gives the |n|-th working day before ``d``.

        Returns:
            The resulting working day.

        Raises:
            OverflowError: If the result lies outside what ``date`` can represent.
        """
        o = d.toordinal()
        idx = self._index
        while True:
            if not idx.lo <= o < idx.hi:
                idx = self._covering(o)
            # Position of the last working day <= d (n > 0) or of the first one >= d (n <= 0)
            # in work_ords; the answer is n places further along.
            base = idx.cum[o - idx.lo + 1] - 1 if n > 0 else idx.cum[o - idx.lo]
            k = base + n
            if 0 <= k < len(idx.work_ords):
                return date.fromordinal(idx.work_ords[k])
            idx = self._extend_for(idx, k)

    def _extend_for(self, idx: _Index, k: int) -> _Index:
        """Grow the index so that position ``k`` of its working-day list exists."""
        if k >= 0:
            missing = k - len(idx.work_ords) + 1
            years = missing // _MIN_WORKING_DAYS_PER_YEAR + 1
            return self._grow(idx.first_year, idx.last_year + years)
        years = -k // _MIN_WORKING_DAYS_PER_YEAR + 1
        return self._grow(idx.first_year - years, idx.last_year)

    def working_days_between(self, a: date, b: date) -> int:
        """Count the working days in ``(a, b]``.

        Args:
            a: Exclusive lower day.
            b: Inclusive upper day.

        Returns:
            The count, or minus the count of working days in ``(b, a]`` when ``b < a``; used
            for "days remaining" (positive) and "days overdue" (negative).
        """
        oa, ob = a.toordinal(), b.toordinal()
        idx = self._covering(oa, ob)
        return idx.cum[ob - idx.lo + 1] - idx.cum[oa - idx.lo + 1]

    def explain(self, start: date, end: date) -> tuple[SkippedDay, ...]:
        """List the rest days in ``(start, end]`` with their reasons.

        Args:
            start: Exclusive first day (the day counting starts from).
            end: Inclusive last day.

        Returns:
            The rest days in date order; empty when ``end <= start``.
        """
        os_, oe = start.toordinal(), end.toordinal()
        if oe <= os_:
            return ()
        idx = self._covering(os_, oe)
        i = bisect_right(idx.rest_ords, os_)
        j = bisect_right(idx.rest_ords, oe, i)
        return tuple(idx.rest_days[i:j])

    def years_missing_tet_decision(self, years: Iterable[int]) -> list[int]:
        """Return the years for which no Tết Nguyên đán decision has been entered.

        The ``holidays`` package computes Tết days by its own rule, but the Prime Minister
        fixes them every year; a year without a ``tet=True`` override is only a guess.

        Args:
            years: Years to check.

        Returns:
            The sorted years with no override flagged ``tet``.
        """
        decided = {ov.day.year for ov in self._overrides.values() if ov.tet}
        return sorted(set(years) - decided)

    def tet_warning_years(self, today: date) -> list[int]:
        """Return the years whose missing Tết decision should be flagged on ``today``.

        The current year always; the next year only from 1 October, because the government
        fixes the next Tết around then (Công văn 10065/VPCP-KGVX of 02/10/2026 fixed 2027),
        so before October its absence is normal and a warning would only teach officers to
        ignore it. In December 2026 nothing is missing; from 01/10/2027 2028 is.

        Args:
            today: The local date.

        Returns:
            The sorted years with no override flagged ``tet``.
        """
        years = [today.year]
        if (today.month, today.day) >= TET_WARNING_FROM:
            years.append(today.year + 1)
        return self.years_missing_tet_decision(years)

    # ------------------------------------------------------------------ instants

    def to_local(self, instant: datetime) -> datetime:
        """Convert an aware instant to the calendar's time zone.

        Raises:
            ValueError: If ``instant`` is naive.
        """
        _require_aware(instant, "instant")
        return instant.astimezone(self._tz)

    def due(self, received_at: datetime, days: int, cutoff: time | None = None) -> DueResult:
        """Compute the due moment of a dossier received at ``received_at``.

        Args:
            received_at: Aware receipt instant (any zone; converted to local time).
            days: Time limit in working days; ``0`` for same-day procedures.
            cutoff: Procedure cut-off (e.g. 15:00): receipts strictly after it count from
                the next working day (15:00:00 is same-day). ``None`` for no cut-off.

        Returns:
            The due moment, the start day, the skipped rest days and Vietnamese notes.

        Raises:
            ValueError: If ``received_at`` is naive or ``days`` is negative.
        """
        if days < 0:
            raise ValueError(f"days must be >= 0, got {days}")
        local = self.to_local(received_at)
        clock = local.time()
        plan = self._plan(local.toordinal(), self._clock_class(clock, cutoff), days, cutoff)
        if isinstance(plan, DueResult):
            return plan
        # Only a receipt inside office hours with days >= 1 keeps its own clock time, which is
        # then already inside office hours. Aware datetime + timedelta keeps the wall-clock
        # time (and is cheaper than datetime.combine, which matters at a million calls).
        start_day, shift, skipped, notes = plan
        return DueResult(local + shift, start_day, days, skipped, notes)

    def _clock_class(self, clock: time, cutoff: time | None) -> int:
        """Classify a local receipt time; everything else about ``due`` depends on the day only.

        "Received after 15:00" is strictly after: a receipt at 15:00:00 is still same-day,
        15:00:01 is not (a cut-off is a minute on the wall clock; the procedures say "sau 15
        giờ", after three o'clock). The end of office hours is a closing time: at 17:00:00
        the desk is closed.
        """
        office = self._office
        after_cutoff = cutoff is not None and clock > cutoff
        if clock >= office.end:
            if self._after_hours == "same-day" and not after_cutoff:
                return _AFTER_HOURS_SAME_DAY
            return _AFTER_HOURS
        if after_cutoff:
            return _AFTER_CUTOFF
        if clock < office.start:
            return _BEFORE_OPENING
        return _IN_HOURS

    def _make_plan(
        self, receipt_ord: int, clock_class: int, days: int, cutoff: time | None
    ) -> DueResult | tuple[date, timedelta, tuple[SkippedDay, ...], tuple[str, ...]]:
        """Work out everything of a due moment that does not depend on the exact clock time.

        Memoised per instance (see ``__init__``) because bulk generators repeat the same
        (day, limit) pairs a million times.

        Returns:
            A finished :class:`DueResult` when the due time is fixed (office start or end),
            else ``(start day, shift from receipt day to due day, skipped, notes)`` to apply
            to the local receipt instant.
        """
        office = self._office
        receipt_day = date.fromordinal(receipt_ord)
        if clock_class == _AFTER_HOURS_SAME_DAY and days == 0:
            clock_class = _AFTER_HOURS  # today's end has passed: a same-day one moves on
        start_day, moved_note = self._moved_start(receipt_day, clock_class, cutoff)
        notes = [moved_note] if moved_note else []
        same_day_after_hours = clock_class == _AFTER_HOURS_SAME_DAY and start_day == receipt_day
        if same_day_after_hours:
            notes.append(
                f"Nhận hồ sơ sau giờ làm việc (từ {_fmt_time(office.end)}): theo cài đặt của "
                f"cơ quan, thời hạn tính từ ngày tiếp nhận {_fmt_day(receipt_day)}; giờ hẹn "
                f"là {_fmt_time(office.end)}."
            )
        if clock_class == _BEFORE_OPENING and start_day == receipt_day:
            notes.append(
                f"Nhận hồ sơ trước giờ làm việc ({_fmt_time(office.start)}): "
                f"giờ tính hạn chuyển thành {_fmt_time(office.start)}."
            )
        if days == 0:
            notes.append(
                f"Thủ tục giải quyết trong ngày: hẹn trả lúc {_fmt_time(office.end)} "
                f"ngày {_fmt_day(start_day)}."
            )
            # A same-day procedure pushed to a later day lists the rest days that caused it.
            skipped = self.explain(receipt_day, start_day)
            due_at = datetime.combine(start_day, office.end, tzinfo=self._tz)
            return DueResult(due_at, start_day, 0, skipped, tuple(notes))
        due_day = self.add_working_days(start_day, days)
        skipped = self.explain(start_day, due_day)
        if same_day_after_hours:
            due_at = datetime.combine(due_day, office.end, tzinfo=self._tz)
            return DueResult(due_at, start_day, days, skipped, tuple(notes))
        if start_day != receipt_day or clock_class == _BEFORE_OPENING:
            due_at = datetime.combine(due_day, office.start, tzinfo=self._tz)
            return DueResult(due_at, start_day, days, skipped, tuple(notes))
        return start_day, due_day - receipt_day, skipped, tuple(notes)

    def _moved_start(self, day: date, clock_class: int, cutoff: time | None) -> tuple[date, str]:
        """Apply the "count from the next working day" rules to a receipt day.

        Returns:
            ``(start day, note)``; the note is empty when the start day did not move.
        """
        office = self._office
        reason = self.rest_reason(day)
        if reason is not None:
            why = f"Nhận hồ sơ vào ngày nghỉ ({reason}, {_fmt_day(day)})"
        elif clock_class == _AFTER_HOURS:
            why = f"Nhận hồ sơ sau giờ làm việc (từ {_fmt_time(office.end)})"
        elif clock_class == _AFTER_CUTOFF and cutoff is not None:
            why = f"Nhận hồ sơ sau {_fmt_time(cutoff)}"
        else:
            return day, ""
        start = self.next_working_day(day)
        return start, (
            f"{why}: thời hạn tính từ ngày làm việc tiếp theo {_fmt_day(start)}, "
            f"lúc {_fmt_time(office.start)}."
        )

    def due_soon_bound(self, now: datetime, days: int = 1) -> datetime:
        """Return the last instant of the ``days``-th working day after today.

        A dossier in progress whose due moment is at or before this bound is "due soon": it is
        due today or within the next ``days`` working days, whatever the clock time. Judging
        by days (not by the same clock time) keeps the class stable over a weekend: on
        Saturday evening and on Sunday morning a dossier due on Monday is due soon alike.

        Args:
            now: Aware current instant.
            days: Lead time in working days.

        Returns:
            Aware instant in the calendar's time zone (23:59:59.999999 local).

        Raises:
            ValueError: If ``now`` is naive.
        """
        local = self.to_local(now)
        day = self.add_working_days(local.date(), days)
        return datetime.combine(day, time(23, 59, 59, 999999), self._tz)


def read_overrides_csv(path: Path) -> list[DayOverride]:
    """Read overrides from a CSV file (UTF-8, optional BOM as saved by Excel).

    Args:
        path: The file.

    Returns:
        The overrides in file order.

    Raises:
        ValueError: If a row is malformed (the message names the file and line).
    """
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return parse_overrides_csv(fh, source=str(path))


def parse_overrides_csv(lines: Iterable[str], source: str = "<csv>") -> list[DayOverride]:
    """Parse override rows with columns ``day,kind,name,decision,tet``.

    ``day`` is ISO (``2026-01-02``); ``kind`` is ``off`` or ``work``; ``tet`` is ``1``/``0``
    (empty means ``0``). Blank rows and rows whose ``day`` starts with ``#`` are skipped, so
    the file can carry comments.

    Args:
        lines: The CSV text, line by line, header first.
        source: Name used in error messages.

    Returns:
        The overrides in file order.

    Raises:
        ValueError: On a missing column or a malformed row.
    """
    reader = csv.DictReader(lines)
    missing = [c for c in _CSV_COLUMNS if c not in (reader.fieldnames or ())]
    if missing:
        raise ValueError(f"{source}: missing column(s) {', '.join(missing)}")
    return list(_rows_to_overrides(reader, source))


def _rows_to_overrides(reader: csv.DictReader[str], source: str) -> Iterator[DayOverride]:
    """Turn parsed CSV rows into overrides, naming the line of any bad row."""
    for row in reader:
        raw_day = (row.get("day") or "").strip()
        if not raw_day or raw_day.startswith("#"):
            continue
        where = f"{source}:{reader.line_num}"
        try:
            yield DayOverride(
                day=date.fromisoformat(raw_day),
                kind=(row.get("kind") or "").strip().lower(),  # type: ignore[arg-type]
                name=(row.get("name") or "").strip(),
                decision=(row.get("decision") or "").strip(),
                tet=_parse_flag(row.get("tet") or ""),
            )
        except ValueError as exc:
            raise ValueError(f"{where}: {exc}") from exc


def _parse_flag(raw: str) -> bool:
    """Parse a yes/no cell; anything unrecognised is an error rather than a silent False."""
    word = raw.strip().lower()
    if word in _TRUE_WORDS:
        return True
    if word in _FALSE_WORDS:
        return False
    raise ValueError(f"tet must be 1 or 0, got {raw!r}")
