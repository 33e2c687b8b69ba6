"""One clock: whatever the PC's time zone, every instant the desk shows, prints, logs or puts in
a file name is agency time (Asia/Ho_Chi_Minh).

The process time zone is set to UTC and to America/New_York (``TZ`` + ``time.tzset()``), the
way a fresh Linux install or a laptop brought from abroad runs; each shown instant is compared
with the agency's clock. The CLI side is in ``tests/cli/test_one_clock_cli.py``.
"""

from __future__ import annotations

import logging
import os
import re
import subprocess
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from onestop.domain.clock import AGENCY_TZ, agency_now
from onestop.services import forms
from onestop.services.install import backup
from onestop.services.reception import ReceiveRequest, receive
from tests.gui.conftest import wait_idle

pytestmark = pytest.mark.gui

ZONES = ("UTC", "America/New_York")
#: How far a shown clock time may be from the agency's clock when compared (test run time).
SLACK = timedelta(minutes=3)


@pytest.fixture(params=ZONES)
def pc_zone(request: pytest.FixtureRequest) -> Iterator[str]:
    """The process runs in another time zone than the agency's for the test."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = request.param
    time.tzset()
    # the premise: the PC's clock reads differently from the agency's
    assert datetime.now().hour != agency_now().hour
    try:
        yield request.param
    finally:
        if old is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = old
        time.tzset()


def near_agency_now(text: str, fmt: str) -> bool:
    """``text`` (a clock time in ``fmt``) is the agency's time now, give or take the test."""
    now = agency_now()
    shown = datetime.strptime(text, fmt)
    if "%d" not in fmt:  # a bare clock time: today's, or yesterday's just before midnight
        shown = datetime.combine(now.date(), shown.time())
        candidates = [shown, shown - timedelta(days=1), shown + timedelta(days=1)]
    else:
        candidates = [shown]
    return any(abs(c.replace(tzinfo=AGENCY_TZ) - now) <= SLACK for c in candidates)


def test_every_instant_the_desk_shows_is_agency_time(
        pc_zone: str, qtbot: Any, make_window: Any, runner: Any, base_ctx: Any,
        tmp_path: Path) -> None:
    d = receive(base_ctx.as_user("canbo"),
                ReceiveRequest(procedure="2.001914", name="Lê Văn Tám"))
    w = make_window("giamsat")
    # the dossier list: its footer stamp and the dossier's received time
    w.show_list()
    wait_idle(qtbot, runner)
    footer = w.dossier_list.count_label.text()
    stamp = re.search(r"dữ liệu lúc (\d\d:\d\d:\d\d)", footer)
    assert stamp, footer
    assert near_agency_now(stamp.group(1), "%H:%M:%S"), (pc_zone, footer)
    model = w.dossier_list.model
    cells = [str(model.data(model.index(r, c))) for r in range(model.rowCount())
             for c in range(model.columnCount())]
    received = next(t for t in cells if re.fullmatch(r"\d\d:\d\d \d\d/\d\d/\d{4}", t))
    assert near_agency_now(received, "%H:%M %d/%m/%Y"), (pc_zone, received)
    # the dashboard's stamp
    w.tabs.setCurrentIndex(2)
    w.dashboard_tab.build()
    wait_idle(qtbot, runner)
    dash = w.dashboard.stamp.text()
    found = re.search(r"(\d\d:\d\d:\d\d)", dash)
    assert found and near_agency_now(found.group(1), "%H:%M:%S"), (pc_zone, dash)
    # the status bar's sync time (a cycle that just succeeded)
    from onestop.sync.status import SyncStatus
    from onestop.ui.sync_panel import status_text

    text, _ok, _tip = status_text(SyncStatus(joined=True, online=True, pending=0,
                                             last_success=datetime.now(UTC)))
    found = re.search(r"(\d\d:\d\d)$", text)
    assert found and near_agency_now(found.group(1), "%H:%M"), (pc_zone, text)
    # the receipt's "In lúc"
    pdf = forms.receipt_pdf(base_ctx.as_user("canbo"), d.code, "a4")
    path = tmp_path / "receipt.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout
    printed = re.search(r"In lúc (\d\d:\d\d) ngày (\d\d/\d\d/\d{4})", text)
    assert printed, text
    assert near_agency_now(f"{printed.group(1)} {printed.group(2)}", "%H:%M %d/%m/%Y")
    # backup file names
    name = backup.stamped_path(tmp_path, "onestop", "before-restore").name
    found = re.search(r"(\d{8}-\d{6})", name)
    assert found and near_agency_now(found.group(1), "%Y%m%d-%H%M%S"), (pc_zone, name)
    daily = backup.auto_backup(base_ctx, tmp_path / "daily", keep=3)
    assert daily is not None and agency_now().strftime("%Y%m%d") in daily.path.name
    if w.preview is not None:
        w.preview.close()


def test_log_lines_and_crash_reports_carry_agency_time(pc_zone: str, tmp_path: Path) -> None:
    from onestop import logsetup

    root = logging.getLogger()
    before = list(root.handlers)
    path = logsetup.setup_logging(tmp_path)
    try:
        logging.getLogger("onestop.test").warning("a line a person reads")
        for h in root.handlers:
            h.flush()
        line = path.read_text(encoding="utf-8").splitlines()[-1]
        assert near_agency_now(line[:19], "%Y-%m-%d %H:%M:%S"), (pc_zone, line)
        try:
            raise RuntimeError("boom")
        except RuntimeError as exc:
            report = logsetup.write_crash_report(RuntimeError, exc, exc.__traceback__, tmp_path)
        stamp = re.search(r"crash-(\d{8}-\d{6})", report.name)
        assert stamp and near_agency_now(stamp.group(1), "%Y%m%d-%H%M%S"), report.name
        said = re.search(r"^time: (\S+)$", report.read_text(encoding="utf-8"), re.M)
        assert said and said.group(1).endswith("+07:00"), said
    finally:
        for h in [h for h in root.handlers if h not in before]:
            root.removeHandler(h)
            h.close()


def test_the_calendar_editor_starts_on_the_agencys_day(
        qtbot: Any, runner: Any, base_ctx: Any, session_for: Any, pc_zone: str) -> None:
    """At 01:00 on New Year's Day in Hà Nội it is still the old year in UTC and New York."""
    from onestop.ui.settings.calendar import CalendarPage

    session = session_for("quantri")
    session.ctx.clock = lambda: datetime(2026, 12, 31, 18, 0, tzinfo=UTC)
    page = CalendarPage(session, runner)
    qtbot.addWidget(page)
    wait_idle(qtbot, runner)
    assert page.year.value() == 2027
    shown = page.day.date()
    assert date(shown.year(), shown.month(), shown.day()) == date(2027, 1, 1)
