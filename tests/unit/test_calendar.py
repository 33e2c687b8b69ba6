"""Tests for onestop.domain.calendar: the 2026 schedule, clock rules and counting properties."""

from __future__ import annotations

import sys
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from onestop.domain.calendar import (
    VN_TZ,
    DayOverride,
    OfficeHours,
    SkippedDay,
    WorkCalendar,
    parse_overrides_csv,
)
from onestop.config import resources_dir
from onestop.services.install.seeding import shipped_overrides

SEED = shipped_overrides()
CAL = WorkCalendar(SEED)
CUTOFF = time(15, 0)

days_in_range = st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 12, 31))
limits = st.integers(min_value=0, max_value=60)
local_instants = st.datetimes(
    min_value=datetime(2024, 1, 1), max_value=datetime(2028, 12, 31), timezones=st.just(VN_TZ)
)


def vn(*args: int) -> datetime:
    """Build an aware local datetime."""
    return datetime(*args, tzinfo=VN_TZ)


def reasons(skipped: tuple[SkippedDay, ...]) -> dict[date, str]:
    """Map skipped days to their reasons."""
    return {s.day: s.reason for s in skipped}


# --------------------------------------------------------------------------- seed data


def test_seed_has_the_2026_schedule() -> None:
    by_day = {ov.day: ov for ov in SEED}
    assert by_day[date(2026, 1, 2)].kind == "off"
    assert "12729/VPCP-KGVX" in by_day[date(2026, 1, 2)].decision
    assert by_day[date(2026, 1, 10)].kind == "work"
    assert by_day[date(2026, 8, 22)].kind == "work"
    tet_2026 = sorted(ov.day for ov in SEED if ov.tet and ov.day.year == 2026)
    assert tet_2026 == [date(2026, 2, d) for d in range(14, 23)]
    assert not any(ov.day.year == 2028 for ov in SEED)


def test_years_missing_tet_decision_warns_for_2028() -> None:
    assert CAL.years_missing_tet_decision([2027, 2028]) == [2028]
    assert CAL.years_missing_tet_decision([2025, 2026, 2027]) == []
    assert WorkCalendar().years_missing_tet_decision([2027, 2026, 2027]) == [2026, 2027]


def test_resources_dir_honours_env_and_bundle(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("ONESTOP_RESOURCES", raising=False)
    assert (resources_dir() / "calendar" / "overrides_vn.csv").is_file()
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources_dir() == tmp_path / "resources"
    monkeypatch.setenv("ONESTOP_RESOURCES", str(tmp_path / "elsewhere"))
    assert resources_dir() == tmp_path / "elsewhere"


def test_load_seed_overrides_from_env_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "calendar").mkdir()
    (tmp_path / "calendar" / "overrides_vn.csv").write_text(
        "\ufeffday,kind,name,decision,tet\n# comment,,,,\n2030-01-02,off,Đóng cửa,QĐ 1,\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("ONESTOP_RESOURCES", str(tmp_path))
    expected = [DayOverride(date(2030, 1, 2), "off", "Đóng cửa", "QĐ 1")]
    assert shipped_overrides() == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("day,kind,name\n", "missing column"),
        ("day,kind,name,decision,tet\n2026-13-01,off,x,,0\n", ":2:"),
        ("day,kind,name,decision,tet\n2026-01-01,holiday,x,,0\n", "'off' or 'work'"),
        ("day,kind,name,decision,tet\n2026-01-01,off,x,,maybe\n", "tet must be"),
    ],
)
def test_bad_csv_rows_are_reported(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_overrides_csv(text.splitlines(keepends=True), source="f.csv")


# --------------------------------------------------------------------------- rest days


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 1, 1), False),
        (date(2026, 1, 2), False),
        (date(2026, 1, 10), True),  # make-up Saturday
        (date(2026, 1, 17), False),
        (date(2026, 2, 23), True),
        (date(2026, 4, 27), False),
        (date(2026, 8, 22), True),  # make-up Saturday
        (date(2026, 8, 31), False),
        (date(2026, 9, 1), False),
        (date(2026, 9, 2), False),
        (date(2026, 9, 3), True),
        (date(2025, 1, 27), False),
        (date(2025, 2, 3), True),
    ],
)
def test_2026_schedule(day: date, working: bool) -> None:
    assert CAL.is_working_day(day) is working
    assert (CAL.rest_reason(day) is None) is working


def test_rest_reasons_are_vietnamese() -> None:
    assert CAL.rest_reason(date(2026, 3, 7)) == "Thứ Bảy"
    assert CAL.rest_reason(date(2026, 3, 8)) == "Chủ nhật"
    assert CAL.rest_reason(date(2026, 2, 17)) == "Nghỉ Tết Nguyên đán Bính Ngọ"
    assert CAL.rest_reason(date(2026, 4, 30)) == "Ngày Chiến thắng"
    # No override: the statutory name comes from the holidays package.
    assert WorkCalendar().rest_reason(date(2027, 4, 16)) == "Ngày Giỗ Tổ Hùng Vương"


def test_override_precedence() -> None:
    monday, saturday = date(2030, 3, 4), date(2030, 3, 9)
    cal = WorkCalendar(
        [
            DayOverride(monday, "off", "Đóng cửa"),
            DayOverride(saturday, "work", "Làm bù"),
            DayOverride(saturday, "off", "Nghỉ"),  # work wins whatever the order
            DayOverride(date(2030, 1, 1), "work", "Trực lễ"),  # work wins over a holiday
        ]
    )
    assert cal.rest_reason(monday) == "Đóng cửa"
    assert cal.is_working_day(saturday)
    assert cal.is_working_day(date(2030, 1, 1))
    assert [ov.day for ov in cal.overrides] == [date(2030, 1, 1), monday, saturday]


def test_package_swaps_come_with_their_make_up_saturday() -> None:
    cal = WorkCalendar()
    assert not cal.is_working_day(date(2025, 5, 2))
    assert cal.is_working_day(date(2025, 4, 26))


def test_statutory_off_and_custom_weekend() -> None:
    cal = WorkCalendar(statutory=False, weekend=frozenset({6}))
    assert cal.is_working_day(date(2026, 9, 2))
    assert cal.is_working_day(date(2026, 3, 7))
    assert cal.rest_reason(date(2026, 3, 8)) == "Chủ nhật"
    with pytest.raises(ValueError):
        WorkCalendar(weekend=frozenset(range(7)))
    with pytest.raises(ValueError):
        OfficeHours(time(17), time(8))


# --------------------------------------------------------------------------- counting


def test_add_working_days_edges() -> None:
    assert CAL.add_working_days(date(2026, 1, 9), 1) == date(2026, 1, 10)
    assert CAL.add_working_days(date(2026, 3, 7), 0) == date(2026, 3, 9)
    assert CAL.add_working_days(date(2026, 3, 9), 0) == date(2026, 3, 9)
    assert CAL.add_working_days(date(2026, 2, 23), -1) == date(2026, 2, 13)
    assert CAL.next_working_day(date(2026, 2, 13)) == date(2026, 2, 23)
    assert CAL.working_days_between(date(2026, 2, 23), date(2026, 2, 13)) == -1
    assert CAL.working_days_between(date(2026, 2, 13), date(2026, 2, 13)) == 0
    # Far ranges grow the index on demand in both directions.
    assert CAL.add_working_days(date(2026, 1, 1), 2500) > date(2035, 1, 1)
    assert CAL.add_working_days(date(2026, 1, 1), -2500) < date(2017, 1, 1)


def test_explain_2026_new_year() -> None:
    got = reasons(CAL.explain(date(2025, 12, 31), date(2026, 1, 5)))
    assert got == {
        date(2026, 1, 1): "Tết Dương lịch",
        date(2026, 1, 2): "Nghỉ Tết Dương lịch (hoán đổi với thứ Bảy 10/01/2026)",
        date(2026, 1, 3): "Thứ Bảy",
        date(2026, 1, 4): "Chủ nhật",
    }
    assert CAL.explain(date(2026, 1, 5), date(2026, 1, 5)) == ()


@given(days_in_range, st.integers(min_value=-40, max_value=80))
def test_add_result_is_a_working_day(d: date, n: int) -> None:
    assert CAL.is_working_day(CAL.add_working_days(d, n))


@given(days_in_range, st.integers(0, 80), st.integers(0, 80))
def test_add_is_monotonic_in_n(d: date, n: int, m: int) -> None:
    lo, hi = sorted((n, m))
    assert CAL.add_working_days(d, lo) <= CAL.add_working_days(d, hi)
    if lo < hi:
        assert CAL.add_working_days(d, lo) < CAL.add_working_days(d, hi)


@given(days_in_range, days_in_range, st.integers(min_value=0, max_value=80))
def test_add_is_monotonic_in_day(d1: date, d2: date, n: int) -> None:
    a, b = sorted((d1, d2))
    assert CAL.add_working_days(a, n) <= CAL.add_working_days(b, n)


@given(days_in_range, st.integers(min_value=-60, max_value=60))
def test_between_inverts_add_on_working_days(d: date, n: int) -> None:
    start = CAL.add_working_days(d, 0)
    assert CAL.working_days_between(start, CAL.add_working_days(start, n)) == n


@given(days_in_range, days_in_range)
def test_explain_accounts_for_every_day(a: date, b: date) -> None:
    start, end = sorted((a, b))
    skipped = CAL.explain(start, end)
    assert CAL.working_days_between(start, end) + len(skipped) == (end - start).days
    assert all(start < s.day <= end and not CAL.is_working_day(s.day) for s in skipped)
    assert all(s.reason == CAL.rest_reason(s.day) for s in skipped)


@given(
    st.lists(
        st.builds(
            DayOverride, day=days_in_range, kind=st.sampled_from(["off", "work"]), name=st.just("x")
        ),
        max_size=30,
    ),
    days_in_range,
    st.integers(min_value=0, max_value=40),
)
@settings(max_examples=30)
def test_properties_hold_with_arbitrary_overrides(ovs: list[DayOverride], d: date, n: int) -> None:
    cal = WorkCalendar(ovs)
    due = cal.add_working_days(d, n)
    assert cal.is_working_day(due)
    assert cal.working_days_between(d, due) + len(cal.explain(d, due)) == (due - d).days
    if cal.is_working_day(d):
        assert cal.working_days_between(d, due) == n


# --------------------------------------------------------------------------- due moments


@given(local_instants, limits, st.sampled_from([None, CUTOFF]))
def test_due_properties(received: datetime, days: int, cutoff: time | None) -> None:
    result = CAL.due(received, days, cutoff)
    assert result.due_at.tzinfo is not None
    assert CAL.is_working_day(result.due_at.date())
    assert CAL.is_working_day(result.start_day)
    assert result.start_day >= received.date()
    assert CAL.office.start <= result.due_at.timetz().replace(tzinfo=None) <= CAL.office.end
    assert CAL.working_days_between(result.start_day, result.due_at.date()) == days
    if days:
        assert result.skipped == CAL.explain(result.start_day, result.due_at.date())
    assert result.due_at > received or days == 0


@given(local_instants, limits)
def test_due_is_the_same_instant_from_any_zone(received: datetime, days: int) -> None:
    assert CAL.due(received.astimezone(timezone.utc), days) == CAL.due(received, days)


def test_monday_plus_two_days() -> None:
    result = CAL.due(vn(2026, 1, 5, 10, 0), 2)
    assert result.due_at == vn(2026, 1, 7, 10, 0)
    assert result.start_day == date(2026, 1, 5)
    assert result.skipped == () and result.notes == ()


def test_across_new_year_2026() -> None:
    result = CAL.due(vn(2025, 12, 31, 10, 0), 1)
    assert result.due_at == vn(2026, 1, 5, 10, 0)
    assert list(reasons(result.skipped)) == [date(2026, 1, d) for d in (1, 2, 3, 4)]
    assert all(s.reason for s in result.skipped)


def test_utc_input_is_converted() -> None:
    # 03:00 UTC is 10:00 in Hanoi.
    result = CAL.due(datetime(2026, 1, 5, 3, 0, tzinfo=timezone.utc), 2)
    assert result.due_at == vn(2026, 1, 7, 10, 0)
    assert result.due_at.tzinfo is VN_TZ


def test_make_up_saturday_counts() -> None:
    assert CAL.due(vn(2026, 1, 9, 10, 0), 1).due_at == vn(2026, 1, 10, 10, 0)
    assert CAL.due(vn(2026, 8, 21, 10, 0), 1).due_at == vn(2026, 8, 22, 10, 0)


def test_across_tet_2026() -> None:
    result = CAL.due(vn(2026, 2, 13, 9, 0), 3)
    assert result.due_at == vn(2026, 2, 25, 9, 0)
    assert [s.day for s in result.skipped] == [date(2026, 2, d) for d in range(14, 23)]


def test_across_quoc_khanh_2026() -> None:
    result = CAL.due(vn(2026, 8, 28, 9, 0), 1)
    assert result.due_at == vn(2026, 9, 3, 9, 0)
    assert date(2026, 8, 31) in reasons(result.skipped)


def test_cutoff_same_day_procedure() -> None:
    late = CAL.due(vn(2026, 3, 2, 15, 5), 0, CUTOFF)
    assert late.due_at == vn(2026, 3, 3, 17, 0)
    assert late.start_day == date(2026, 3, 3)
    assert any("15:00" in note for note in late.notes)
    early = CAL.due(vn(2026, 3, 2, 14, 59), 0, CUTOFF)
    assert early.due_at == vn(2026, 3, 2, 17, 0)
    assert early.start_day == date(2026, 3, 2)


def test_cutoff_friday_same_day_lists_the_weekend() -> None:
    result = CAL.due(vn(2026, 3, 6, 15, 30), 0, CUTOFF)
    assert result.due_at == vn(2026, 3, 9, 17, 0)
    assert reasons(result.skipped) == {date(2026, 3, 7): "Thứ Bảy", date(2026, 3, 8): "Chủ nhật"}


def test_cutoff_with_days() -> None:
    result = CAL.due(vn(2026, 3, 2, 15, 0, 1), 2, CUTOFF)
    assert result.start_day == date(2026, 3, 3)
    assert result.due_at == vn(2026, 3, 5, 7, 30)
    at_cutoff = CAL.due(vn(2026, 3, 2, 15, 0), 2, CUTOFF)   # 15:00:00 is not after 15:00
    assert (at_cutoff.start_day, at_cutoff.due_at) == (date(2026, 3, 2), vn(2026, 3, 4, 15, 0))


def test_received_on_saturday() -> None:
    result = CAL.due(vn(2026, 3, 7, 9, 0), 1)
    assert result.start_day == date(2026, 3, 9)
    assert result.due_at == vn(2026, 3, 10, 7, 30)
    assert any("ngày nghỉ" in note and "Thứ Bảy" in note for note in result.notes)
    same_day = CAL.due(vn(2026, 3, 7, 9, 0), 0)
    assert same_day.due_at == vn(2026, 3, 9, 17, 0)
    assert reasons(same_day.skipped) == {date(2026, 3, 8): "Chủ nhật"}


def test_received_after_hours() -> None:
    result = CAL.due(vn(2026, 3, 2, 18, 30), 1)
    assert result.start_day == date(2026, 3, 3)
    assert result.due_at == vn(2026, 3, 4, 7, 30)
    assert any("sau giờ làm việc" in note for note in result.notes)
    assert CAL.due(vn(2026, 3, 2, 17, 0), 0).due_at == vn(2026, 3, 3, 17, 0)


def test_received_before_opening() -> None:
    result = CAL.due(vn(2026, 3, 2, 6, 0), 2)
    assert result.start_day == date(2026, 3, 2)
    assert result.due_at == vn(2026, 3, 4, 7, 30)
    assert any("07:30" in note for note in result.notes)


def test_due_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        CAL.due(datetime(2026, 3, 2, 10, 0), 1)
    with pytest.raises(ValueError):
        CAL.due(vn(2026, 3, 2, 10, 0), -1)
    with pytest.raises(ValueError):
        CAL.to_local(datetime(2026, 3, 2))


def test_custom_office_hours() -> None:
    cal = WorkCalendar(SEED, office=OfficeHours(time(8, 0), time(16, 30)))
    assert cal.due(vn(2026, 3, 2, 16, 45), 0).due_at == vn(2026, 3, 3, 16, 30)
    assert cal.due(vn(2026, 3, 2, 7, 45), 1).due_at == vn(2026, 3, 3, 8, 0)


def end_of(y: int, m: int, d: int) -> datetime:
    return datetime(y, m, d, 23, 59, 59, 999999, tzinfo=VN_TZ)


def test_due_soon_bound() -> None:
    # the bound is the end of the n-th working day after today, whatever the clock time
    assert CAL.due_soon_bound(vn(2026, 2, 13, 10, 0)) == end_of(2026, 2, 23)
    assert CAL.due_soon_bound(vn(2026, 3, 2, 10, 0), 2) == end_of(2026, 3, 4)
    utc_now = datetime(2026, 3, 2, 3, 0, tzinfo=timezone.utc)
    assert CAL.due_soon_bound(utc_now) == end_of(2026, 3, 3)


def test_due_soon_is_stable_over_a_weekend() -> None:
    # Saturday evening and Sunday morning both see a dossier due Monday as due soon
    assert CAL.due_soon_bound(vn(2026, 3, 7, 18, 0)) == end_of(2026, 3, 9)
    assert CAL.due_soon_bound(vn(2026, 3, 8, 9, 0)) == end_of(2026, 3, 9)


def test_repeated_due_calls_are_memoised() -> None:
    cal = WorkCalendar(SEED)
    received = vn(2026, 3, 2, 9, 0)
    first = cal.due(received, 20)
    for minute in range(50):
        assert cal.due(received + timedelta(minutes=minute), 20).due_at == first.due_at + timedelta(
            minutes=minute
        )
    assert cal._plan.cache_info().hits >= 50
