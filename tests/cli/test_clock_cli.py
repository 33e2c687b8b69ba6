"""``receive`` on a PC clock behind the recorded time: ``clock: …`` and exit 2, unless an
administrator passes ``--clock-confirmed``; an officer passing it is refused (exit 4)."""

from __future__ import annotations

from tests.support.cli import Runner

NOW = "2026-03-02T10:00:00+07:00"
YEAR_BEHIND = "2025-03-02T10:00:00+07:00"
RECEIVE = ("receive", "--procedure", "2.001914", "--name", "Nguyễn Văn An", "--json")


def test_a_clock_a_year_behind_exits_2_until_an_administrator_confirms(cli: Runner) -> None:
    first = cli(*RECEIVE, now=NOW)
    assert first.rc == 0, first.err
    behind = cli(*RECEIVE, now=YEAR_BEHIND)
    assert behind.rc == 2 and behind.out == ""
    [line] = behind.err.splitlines()
    assert line.startswith("clock: Đồng hồ máy tính đang chỉ 10:00 02/03/2025")

    officer = cli(*RECEIVE, "--clock-confirmed", now=YEAR_BEHIND, user="canbo")
    assert officer.rc == 4, officer.err

    admin = cli(*RECEIVE, "--clock-confirmed", now=YEAR_BEHIND)   # the system administrator
    assert admin.rc == 0, admin.err
    assert admin.json["code"].split("-")[1] == "250302"
    again = cli(*RECEIVE, now=YEAR_BEHIND, user="canbo")          # confirmed: goes on
    assert again.rc == 0, again.err


def test_back_dated_receipts_stay_allowed(cli: Runner) -> None:
    assert cli(*RECEIVE, now=NOW).rc == 0
    late = cli(*RECEIVE, "--received-at", "2026-01-15T09:00", now=NOW)
    assert late.rc == 0, late.err
    assert late.json["code"].split("-")[1] == "260115"
