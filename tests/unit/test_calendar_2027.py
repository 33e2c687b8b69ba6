"""The shipped calendar for 2026–2027 (Công văn 10065/VPCP-KGVX of 02/10/2026), the 15:00
boundary, the after-hours agency setting and the Tết-decision warning.

The shipped overrides are checked on a calendar *without* the ``holidays`` package's
statutory days, so each case proves the data itself, not the package's own rules.
"""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from onestop.domain.calendar import VN_TZ, WorkCalendar
from onestop.services.install.seeding import shipped_overrides

SEED = shipped_overrides()
DATA_ONLY = WorkCalendar(SEED, statutory=False)
CAL = WorkCalendar(SEED)
CUTOFF = time(15, 0)


def vn(*args: int) -> datetime:
    return datetime(*args, tzinfo=VN_TZ)


@pytest.mark.parametrize("cal", [DATA_ONLY, CAL], ids=["data-only", "with-statutory"])
def test_the_2026_2027_days_off(cal: WorkCalendar) -> None:
    assert not cal.is_working_day(date(2026, 11, 24))                # Tue, one day, no swap
    assert cal.is_working_day(date(2026, 11, 23)) and cal.is_working_day(date(2026, 11, 25))
    tet = [date(2027, 2, d) for d in range(4, 11)]                    # Thu 04/02 – Wed 10/02
    assert [cal.is_working_day(d) for d in tet] == [False] * 7
    assert cal.is_working_day(date(2027, 2, 3)) and cal.is_working_day(date(2027, 2, 11))
    assert [cal.is_working_day(date(2027, 9, d)) for d in range(1, 7)] == [
        True, False, False, False, False, True]                      # 02–05/09, 03/09 off
    assert not cal.is_working_day(date(2027, 5, 3))                   # 01/05 is a Saturday
    assert not cal.is_working_day(date(2027, 11, 24))


def test_every_2027_decision_and_24_11_carry_the_decision_number() -> None:
    by_day = {o.day: o for o in SEED}
    for day in (date(2026, 11, 24), *(date(2027, 2, d) for d in range(4, 11)),
                date(2027, 9, 2), date(2027, 9, 3)):
        assert "10065/VPCP-KGVX" in by_day[day].decision, day
    assert sorted(o.day for o in SEED if o.tet and o.day.year == 2027) == [
        date(2027, 2, d) for d in range(4, 11)]
    assert "Đinh Mùi" in by_day[date(2027, 2, 6)].name


def test_due_dates_across_the_2026_2027_holidays() -> None:
    # 5 working days from Mon 23/11/2026 skip Tue 24/11 only
    r = DATA_ONLY.due(vn(2026, 11, 23, 9, 0), 5)
    assert r.due_at == vn(2026, 12, 1, 9, 0)
    assert [s.day for s in r.skipped] == [date(2026, 11, 24), date(2026, 11, 28),
                                          date(2026, 11, 29)]
    # 1 working day from Wed 03/02/2027 lands after Tết, on Thu 11/02
    assert DATA_ONLY.due(vn(2027, 2, 3, 10, 0), 1).due_at == vn(2027, 2, 11, 10, 0)
    # 1 working day from Wed 01/09/2027 lands on Mon 06/09
    r = DATA_ONLY.due(vn(2027, 9, 1, 10, 0), 1)
    assert r.due_at == vn(2027, 9, 6, 10, 0)
    assert [s.day for s in r.skipped] == [date(2027, 9, d) for d in range(2, 6)]


def test_the_15_00_boundary_is_strictly_after() -> None:
    same = CAL.due(vn(2026, 12, 1, 15, 0, 0), 0, CUTOFF)
    assert (same.start_day, same.due_at) == (date(2026, 12, 1), vn(2026, 12, 1, 17, 0))
    nxt = CAL.due(vn(2026, 12, 1, 15, 0, 1), 0, CUTOFF)
    assert (nxt.start_day, nxt.due_at) == (date(2026, 12, 2), vn(2026, 12, 2, 17, 0))
    assert any("sau 15:00" in n for n in nxt.notes)
    # Mon 23/11/2026 15:00:01: next working day is Wed 25/11 (24/11 is off)
    assert CAL.due(vn(2026, 11, 23, 15, 0, 1), 0, CUTOFF).due_at == vn(2026, 11, 25, 17, 0)


def test_after_hours_setting() -> None:
    late = vn(2026, 12, 1, 18, 0)                                     # Tue, after 17:00
    nxt = CAL.due(late, 2)
    assert (nxt.start_day, nxt.due_at) == (date(2026, 12, 2), vn(2026, 12, 4, 7, 30))
    same_cal = WorkCalendar(SEED, after_hours="same-day")
    same = same_cal.due(late, 2)
    assert (same.start_day, same.due_at) == (date(2026, 12, 1), vn(2026, 12, 3, 17, 0))
    assert any("theo cài đặt của cơ quan" in n for n in same.notes)
    # a same-day procedure cannot be due before it was received: next working day still
    assert same_cal.due(late, 0).due_at == vn(2026, 12, 2, 17, 0)
    # the procedure's own cut-off wins over the setting
    assert same_cal.due(late, 1, CUTOFF).start_day == date(2026, 12, 2)
    # a rest day still counts from the next working day
    assert same_cal.due(vn(2026, 11, 24, 18, 0), 1).start_day == date(2026, 11, 25)
    with pytest.raises(ValueError):
        WorkCalendar(after_hours="whenever")  # type: ignore[arg-type]


def test_the_tet_warning_speaks_of_2028_from_1_october_2027() -> None:
    assert CAL.tet_warning_years(date(2026, 12, 2)) == []
    assert CAL.tet_warning_years(date(2027, 9, 30)) == []
    assert CAL.tet_warning_years(date(2027, 10, 1)) == [2028]
    assert CAL.tet_warning_years(date(2028, 1, 5)) == [2028]
    assert WorkCalendar().tet_warning_years(date(2026, 12, 2)) == [2026, 2027]
