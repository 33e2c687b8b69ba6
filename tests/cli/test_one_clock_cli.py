"""One clock on the command line: run under TZ=UTC and TZ=America/New_York, every instant the
CLI prints (human output) or puts in a file name is agency time (Asia/Ho_Chi_Minh)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest

from onestop.domain.clock import AGENCY_TZ, agency_now
from tests.support.cli import Runner

ISO = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:[+-]\d\d:\d\d|Z)?")
STAMP = re.compile(r"-(\d{8}-\d{6})")
SLACK = timedelta(minutes=3)


def _near_now(moment: datetime) -> bool:
    return abs(moment - agency_now()) <= SLACK


@pytest.mark.parametrize("zone", ["UTC", "America/New_York"])
def test_cli_prints_and_names_files_in_agency_time(cli: Runner, zone: str, monkeypatch:
                                                   pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", zone)  # the subprocesses inherit it
    got = cli("receive", "--procedure", "2.001914", "--name", "Phạm Thị Hoa")
    assert got.rc == 0, got.err
    code = got.out.strip()  # receive prints the code alone
    shown = cli("show", code)
    assert shown.rc == 0, shown.err
    instants = ISO.findall(shown.out)
    assert len(instants) >= 3  # received_at, due_at, and the events' times
    for text in instants:
        assert text.endswith("+07:00"), (zone, text)
    received = datetime.fromisoformat(re.search(r"^received_at: (\S+)$", shown.out,
                                                re.M).group(1))  # type: ignore[union-attr]
    assert _near_now(received)
    # file names: the daily backup (agency date) and the safety copy of a restore (agency time)
    daily = cli("backup", "--auto", "--folder", str(cli.home / "daily"))
    assert daily.rc == 0, daily.err
    assert f"-{agency_now():%Y%m%d}.sqlite3" in daily.out, (zone, daily.out)
    out = cli.home / "copy.sqlite3"
    assert cli("backup", "--out", str(out)).rc == 0
    restored = cli("restore", str(out))
    assert restored.rc == 0, restored.err
    found = re.search(r"^safety_copy: (\S+)$", restored.out, re.M)
    assert found, restored.out
    safety = found.group(1)
    stamp = STAMP.search(safety)
    assert stamp, safety
    named = datetime.strptime(stamp.group(1), "%Y%m%d-%H%M%S").replace(tzinfo=AGENCY_TZ)
    assert _near_now(named), (zone, safety)
