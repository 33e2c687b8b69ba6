"""Reports and the Theo dõi tab by handling agency and receiving unit (issue 14, item 6).

A centre's counter receives for two handling agencies: the period report groups by agency,
``--agency`` narrows every report, an unknown code is refused, and the dashboard offers the
agency filter and the per-agency table whose numbers drill down. Real SQLite, real widgets.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from onestop.domain.calendar import VN_TZ
from onestop.services import agencies, queries, reports, users
from onestop.services.install import setup
from onestop.services.context import Context
from onestop.services.reception import ReceiveRequest, receive

CENTRE = "000.00.00.H36"
EDU = "000.00.15.H36"
HEALTH = "000.00.16.H36"
PROC = "2.001914"
NOW = datetime(2026, 11, 26, 9, 30, tzinfo=VN_TZ)
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def centre_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('parties') / 'onestop.sqlite3'}"
    clock = [NOW - timedelta(days=3)]
    ctx = Context.open(url, clock=lambda: clock[0])
    setup.init(ctx, counter=1, unit={"code": CENTRE, "name": "TRUNG TÂM PHỤC VỤ HCC TỈNH",
                                     "parent": "UBND TỈNH LÂM ĐỒNG", "place": "Lâm Đồng"})
    users.add_user(ctx, "giamsat", "supervisor", "Trần Văn Giám Sát", "Ca-Phe-Sua-Da-9")
    agencies.add_agency(ctx, EDU, "SỞ GIÁO DỤC VÀ ĐÀO TẠO")
    agencies.add_agency(ctx, HEALTH, "SỞ Y TẾ")
    with ctx.transaction() as session:
        session.execute(text("UPDATE procedure SET agency_codes = :a WHERE code = :c"),
                        {"a": f"{EDU}|{HEALTH}", "c": PROC})
    for i, agency in enumerate((EDU, EDU, HEALTH)):
        clock[0] += timedelta(minutes=5)
        receive(ctx, ReceiveRequest(PROC, f"Nguyễn Văn An {'ABC'[i]}", agency=agency))
    ctx.engine.dispose()
    return url


@pytest.fixture
def sup(centre_url: str) -> Iterator[Context]:
    ctx = Context.open(centre_url, "giamsat", clock=lambda: NOW)
    yield ctx
    ctx.engine.dispose()


def test_period_report_groups_and_narrows_by_agency(sup: Context) -> None:
    rep = reports.period_report(sup, now=NOW)
    assert rep.total["received"] == 3
    assert [(r.level, r.key, r.label, r["received"]) for r in rep.agencies] == [
        ("agency", EDU, "SỞ GIÁO DỤC VÀ ĐÀO TẠO", 2), ("agency", HEALTH, "SỞ Y TẾ", 1)]
    assert rep.units == ()          # one receiving unit: no grouping
    # every grouped number lists exactly its dossiers
    assert len(queries.list_ids(sup, rep.agencies[0].metrics["received"].filter)) == 2
    health = reports.period_report(sup, now=NOW, rf=reports.ReportFilter(agency_code=HEALTH))
    assert health.total["received"] == 1 and health.agencies == ()
    assert health.to_json()["filter"] == {"agency_code": HEALTH}
    mine = reports.overview(sup, reports.ReportFilter(unit_code=CENTRE), now=NOW)
    assert mine.period.total["received"] == 3


def _cli(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    env.pop("ONESTOP_DB", None)
    return subprocess.run([sys.executable, "-m", "onestop", "--db", url, *args], env=env,
                          cwd=REPO, capture_output=True, text=True, timeout=120, check=False)


def test_cli_agency_and_unit_narrowing(centre_url: str) -> None:
    now = ("--now", NOW.isoformat())
    r = _cli(centre_url, "report", "period", "--agency", EDU, *now)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["total"]["received"] == 2
    r = _cli(centre_url, "report", "overdue", "--unit", CENTRE, *now)
    assert r.returncode == 0, r.stderr
    r = _cli(centre_url, "report", "overview", *now)
    assert [a["key"] for a in json.loads(r.stdout)["period"]["agencies"]] == [EDU, HEALTH]
    for flag, value, field in (("--agency", "000.00.99.H36", "agency"),
                               ("--unit", EDU, "unit"),        # an agency, not a unit
                               ("--agency", "X", "agency")):
        r = _cli(centre_url, "report", "period", flag, value, *now)
        assert r.returncode == 2 and r.stdout == "", (r.stdout, r.stderr)
        lines = r.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"{field}: "), r.stderr


@pytest.mark.gui
def test_dashboard_filters_and_groups_by_agency(qtbot: Any, sup: Context) -> None:
    from onestop.ui.dashboard import DashboardTab
    from onestop.ui.tasks import TaskRunner

    errors: list[BaseException] = []
    runner = TaskRunner(errors.append)
    try:
        tab = DashboardTab(sup, runner)
        qtbot.addWidget(tab)
        tab.resize(1366, 768)
        with qtbot.waitSignal(tab.sig_loaded, timeout=30_000):
            tab.show()
        qtbot.waitUntil(lambda: tab.filters.agency.count() == 3, timeout=10_000)
        assert tab.filters.agency.isVisible() and not tab.filters.unit.isVisible()
        assert tab.agency_table.isVisible() and not tab.unit_table.isVisible()
        model = tab.agency_table.model
        assert [model.data(model.index(i, 0)) for i in range(2)] == [EDU, HEALTH]
        assert model.data(model.index(0, 2)) == "2"
        with qtbot.waitSignal(tab.sig_drilldown_requested, timeout=5_000) as sig:
            tab.agency_table.view.clicked.emit(model.index(1, 2))
        assert sig.args[0].agency_code == HEALTH
        assert len(queries.list_ids(sup, sig.args[0])) == 1
        # narrowed to one agency: its figures, no grouping left
        with qtbot.waitSignal(tab.sig_loaded, timeout=30_000):
            tab.filters.agency.setCurrentIndex(tab.filters.agency.findData(HEALTH))
        assert tab.period_tiles.tiles["received"].text_value() == "1"
        assert not tab.agency_table.isVisible()
    finally:
        runner.shutdown(wait=True)
    assert not errors, errors


def test_period_xlsx_has_the_agency_sheet_and_heading(sup: Context) -> None:
    import io

    from openpyxl import load_workbook

    from onestop.services.reports import export as report_export

    data = report_export.export(sup, "period", "xlsx", now=NOW)
    wb = load_workbook(io.BytesIO(data))
    ws = wb["Theo cơ quan, đơn vị"]
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    assert rows[1][0] == "Theo cơ quan giải quyết"
    assert rows[2][1:4] == ["SỞ GIÁO DỤC VÀ ĐÀO TẠO", EDU, 2]
    assert rows[3][1:4] == ["SỞ Y TẾ", HEALTH, 1]
    # narrowed to one agency: the report is headed by that agency
    one = report_export.export(sup, "period", "xlsx", now=NOW,
                               rf=reports.ReportFilter(agency_code=HEALTH))
    top = load_workbook(io.BytesIO(one))["Báo cáo"]
    assert top.cell(row=2, column=1).value == "SỞ Y TẾ"
    assert "Theo cơ quan, đơn vị" not in load_workbook(io.BytesIO(one)).sheetnames


def words_outside_page(pdf: bytes, tmp_path: Path, margin: float = 12 * 72 / 25.4 - 1
                       ) -> list[str]:
    """The words (``pdftotext -bbox``) that stray into a page's side margins: a table that
    does not fit its page."""
    import re

    path = tmp_path / "fit.pdf"
    path.write_bytes(pdf)
    html = subprocess.run(["pdftotext", "-bbox", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout
    out = []
    for page in re.split(r"<page ", html)[1:]:
        width = float(re.match(r'width="([\d.]+)"', page).group(1))  # type: ignore[union-attr]
        for x0, x1, word in re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" '
                                       r'xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', page):
            if float(x0) < margin or float(x1) > width - margin:
                out.append(word)
    return out


def test_period_pdf_has_the_agency_section(sup: Context, tmp_path: Path) -> None:
    """The PDF names each handling agency with its figures, as the xlsx sheet does (issue 14),
    and still fits its landscape A4 page."""
    import re

    from onestop.services.reports import export as report_export

    data = report_export.export(sup, "period", "pdf", now=NOW)
    path = tmp_path / "ky.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout
    text = re.sub(r"[ \t]+", " ", text)
    assert "Số liệu theo cơ quan giải quyết" in text
    assert "Số liệu theo đơn vị tiếp nhận" not in text          # one receiving unit
    edu = next(line for line in text.splitlines() if "SỞ GIÁO DỤC VÀ ĐÀO TẠO" in line)
    health = next(line for line in text.splitlines() if "SỞ Y TẾ" in line)
    # STT, name, code, to handle, carried over, received, …
    assert edu.split()[:1] == ["1"] and EDU in edu and edu.split()[-16:-13] == ["2", "0", "2"]
    assert health.split()[:1] == ["2"] and HEALTH in health
    assert health.split()[-16:-13] == ["1", "0", "1"]
    assert words_outside_page(data, tmp_path) == []
    # narrowed to one agency: no section
    one = report_export.export(sup, "period", "pdf", now=NOW,
                               rf=reports.ReportFilter(agency_code=HEALTH))
    path.write_bytes(one)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout
    assert "Số liệu theo cơ quan giải quyết" not in text
