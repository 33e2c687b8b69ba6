"""The period report's column "Chưa đồng bộ Cổng DVCQG" on a counter (issue 17, item 6).

The known scenario (``scenario.py``) on a real SQLite file, with the portal states a counter
pulls (``portal_status``) given to some dossiers. May 2026 received 14 dossiers (D E F G H I
J1 J2 K L N O P S; M is void): D, E, K and P acknowledged, F and L pending, G attention
(refused by the portal), H failed, the rest never seen → 10 not acknowledged, by procedure
P5 7 (G H J1 J2 L N S), P15 2 (F I), P20 0, PNL 1 (O). A database without any portal state
shows no figure ("–" and a note), never 0. JSON through the real CLI, the xlsx read back
with openpyxl, the PDF's text with pdftotext, the dashboard's tile with pytest-qt.
"""

from __future__ import annotations

import json
import shutil
import uuid
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from onestop.cli import main
from onestop.services import queries, reports
from onestop.services.context import Context
from onestop.services.reports import export as report_export
from onestop.services.reports.layout import PORTAL_NOTES
from onestop.services.reports.types import Period
from onestop.storage.models import Dossier, PortalStatus
from tests.reports import scenario as sc
from tests.reports.test_exports import pdf_text
from tests.reports.test_parties import words_outside_page

MAY = Period(date(2026, 5, 1), date(2026, 5, 31))
APRIL = Period(date(2026, 4, 1), date(2026, 4, 30))
STATES = {"D": "acknowledged", "E": "acknowledged", "K": "acknowledged", "P": "acknowledged",
          "F": "pending", "L": "pending", "G": "attention", "H": "failed",
          "A": "acknowledged", "W": "pending",       # April's: outside May
          "M": "pending"}                             # void: never counted
MAY_PENDING = {"F", "G", "H", "I", "J1", "J2", "L", "N", "O", "S"}
BY_PROCEDURE = {sc.P5: 7, sc.P15: 2, sc.P20: 0, sc.PNL: 1}
COLUMN = 19   # the xlsx column of "Chưa đồng bộ Cổng DVCQG" (after the mean days, column 18)


class Db:
    def __init__(self, url: str, codes: dict[str, str]) -> None:
        self.url, self.codes = url, codes

    def letters(self, ids: list[uuid.UUID]) -> set[str]:
        ctx = Context.open(self.url)
        try:
            with ctx.reading() as s:
                found = set(s.scalars(select(Dossier.code).where(Dossier.id.in_(ids))))
        finally:
            ctx.engine.dispose()
        return {k for k, c in self.codes.items() if c in found}


@pytest.fixture(scope="module")
def bare(tmp_path_factory: pytest.TempPathFactory) -> Db:
    """The scenario on a counter that never pulled a portal state."""
    path = tmp_path_factory.mktemp("portal") / "bare.sqlite3"
    codes = sc.build(f"sqlite:///{path}")
    return Db(f"sqlite:///{path}", codes)


@pytest.fixture(scope="module")
def stated(bare: Db, tmp_path_factory: pytest.TempPathFactory) -> Db:
    """The same file with the states a counter pulls (``services.portal_state.pull_states``
    writes these rows)."""
    path = tmp_path_factory.mktemp("portal") / "stated.sqlite3"
    shutil.copy(bare.url.removeprefix("sqlite:///"), path)
    db = Db(f"sqlite:///{path}", bare.codes)
    ctx = Context.open(db.url)
    try:
        with ctx.transaction() as s:
            ids = dict(s.execute(select(Dossier.code, Dossier.id)).all())
            for rev, (letter, state) in enumerate(sorted(STATES.items()), start=1):
                s.add(PortalStatus(dossier_id=ids[db.codes[letter]], state=state,
                                   at=sc.NOW - timedelta(hours=rev), rev=rev,
                                   error="chưa có mã của Cổng" if state == "attention" else ""))
    finally:
        ctx.engine.dispose()
    return db


def _sup(db: Db) -> Context:
    return Context.open(db.url, sc.SUPERVISOR, clock=lambda: sc.NOW)


def cli_json(db: Db, capsys: Any, *argv: str) -> dict[str, Any]:
    code = main(["--db", db.url, "--user", sc.SUPERVISOR, "report", "period", *argv,
                 "--now", sc.NOW.isoformat()])
    out = capsys.readouterr()
    assert code == 0, out.err
    return json.loads(out.out)


def test_json_counts_the_dossiers_not_acknowledged(stated: Db, capsys: Any,
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   tmp_path: Path) -> None:
    monkeypatch.setenv("ONESTOP_HOME", str(tmp_path / "home"))
    data = cli_json(stated, capsys, "--from", "2026-05-01", "--to", "2026-05-31")
    assert data["portal"] == {"source": "counter", "as_of": None}
    assert data["total"]["received"] == 14 and data["total"]["portal_pending"] == 10
    assert {r["key"]: r["portal_pending"] for r in data["procedures"]} == BY_PROCEDURE
    for f in data["fields"]:   # a field's figure is the sum of its procedures'
        assert f["portal_pending"] == sum(r["portal_pending"] for r in data["procedures"]
                                          if r["field"] == f["key"])
    # April (a past period) on a counter: judged on the state last pulled (A acknowledged)
    april = cli_json(stated, capsys, "--from", "2026-04-01", "--to", "2026-04-30")
    assert april["total"]["received"] == 6 and april["total"]["portal_pending"] == 5


def test_every_figure_drills_down_to_exactly_its_dossiers(stated: Db) -> None:
    sup = _sup(stated)
    try:
        rep = reports.period_report(sup, MAY)
        total = rep.total.portal_pending
        assert total is not None and total.value == 10
        assert total.filter.portal_states == ("unseen", "pending", "failed", "attention")
        assert total.filter.portal_as_of is None          # a counter: the state last pulled
        assert stated.letters(queries.list_ids(sup, total.filter)) == MAY_PENDING
        for row in rep.procedures:
            assert row.portal_pending is not None
            assert len(queries.list_ids(sup, row.portal_pending.filter)) == \
                row.portal_pending.value == BY_PROCEDURE[row.key], row.key
        # the filter's other states: what the portal has, refused, or never saw
        ack = queries.DossierFilter(date_from=MAY.date_from, date_to=MAY.date_to,
                                    portal_states=("acknowledged",))
        assert stated.letters(queries.list_ids(sup, ack)) == {"D", "E", "K", "P"}
        refused = queries.DossierFilter(portal_states=("attention",))
        assert stated.letters(queries.list_ids(sup, refused)) == {"G"}
        unseen = queries.DossierFilter(date_from=MAY.date_from, date_to=MAY.date_to,
                                       portal_states=("unseen",))
        assert stated.letters(queries.list_ids(sup, unseen)) == {"I", "J1", "J2", "N", "O",
                                                                  "S"}
    finally:
        sup.engine.dispose()


def test_no_portal_information_is_not_reported_as_zero(bare: Db, capsys: Any,
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      tmp_path: Path) -> None:
    monkeypatch.setenv("ONESTOP_HOME", str(tmp_path / "home"))
    data = cli_json(bare, capsys, "--from", "2026-05-01", "--to", "2026-05-31")
    assert data["portal"] is None
    assert data["total"]["portal_pending"] is None
    assert all(r["portal_pending"] is None for r in data["procedures"] + data["fields"])
    sup = _sup(bare)
    try:
        wb = load_workbook(BytesIO(report_export.export(sup, "period", "xlsx", MAY)))
        ws = wb["Báo cáo"]
        assert ws.cell(8, COLUMN).value == "–"
        assert any(ws.cell(r, 1).value == PORTAL_NOTES[None] for r in range(9, ws.max_row + 1))
        text = pdf_text(report_export.export(sup, "period", "pdf", MAY), tmp_path)
        total = next(line for line in text.splitlines() if "TỔNG CỘNG" in line)
        assert total.split()[-3:] == ["40,0", "7,0", "–"]
        assert "Cột Chưa đồng bộ Cổng DVCQG để trống (–)" in text
    finally:
        sup.engine.dispose()


def test_xlsx_and_pdf_have_the_column(stated: Db, tmp_path: Path) -> None:
    sup = _sup(stated)
    try:
        wb = load_workbook(BytesIO(report_export.export(sup, "period", "xlsx", MAY)))
        ws = wb["Báo cáo"]
        assert ws.cell(6, COLUMN).value == "Chưa đồng bộ Cổng DVCQG"
        assert ws.cell(8, 2).value == "TỔNG CỘNG" and ws.cell(8, COLUMN).value == 10
        by_code = {ws.cell(r, 3).value: ws.cell(r, COLUMN).value
                   for r in range(9, ws.max_row + 1) if ws.cell(r, 3).value}
        assert by_code == BY_PROCEDURE
        assert any(ws.cell(r, 1).value == PORTAL_NOTES["counter"]
                   for r in range(9, ws.max_row + 1))
        pdf = report_export.export(sup, "period", "pdf", MAY)
        assert words_outside_page(pdf, tmp_path) == []     # the wider table fits its page
        text = pdf_text(pdf, tmp_path)
        total = next(line for line in text.splitlines() if "TỔNG CỘNG" in line)
        assert total.split()[2:] == ["19", "5", "14", "6", "1", "1", "3", "8", "4", "3", "2",
                                     "3", "0", "40,0", "7,0", "10"]
        assert "Chưa đồng bộ Cổng DVCQG = hồ sơ tiếp nhận trong kỳ" in " ".join(text.split())
    finally:
        sup.engine.dispose()


@pytest.fixture
def runner(qtbot: Any) -> Iterator[Any]:
    from onestop.ui.tasks import TaskRunner

    errors: list[BaseException] = []
    r = TaskRunner(errors.append)
    yield r
    r.shutdown(wait=True)
    assert not errors, errors


def _tab(qtbot: Any, ctx: Context, runner: Any) -> Any:
    from onestop.ui.dashboard import DashboardTab

    tab = DashboardTab(ctx, runner)
    qtbot.addWidget(tab)
    tab.resize(1366, 768)
    with qtbot.waitSignal(tab.sig_loaded, timeout=30_000):
        tab.show()
    return tab


@pytest.mark.gui
def test_dashboard_tile_drills_down(qtbot: Any, stated: Db, runner: Any) -> None:
    from PySide6.QtCore import Qt

    sup = _sup(stated)
    try:
        tab = _tab(qtbot, sup, runner)        # the current month at NOW: May
        tile = tab.period_tiles.tiles["portal_pending"]
        assert tile.text_value() == "10"
        with qtbot.waitSignal(tab.sig_drilldown_requested, timeout=5_000) as sig:
            qtbot.mouseClick(tile, Qt.MouseButton.LeftButton)
        assert stated.letters(queries.list_ids(sup, sig.args[0])) == MAY_PENDING
    finally:
        sup.engine.dispose()


@pytest.mark.gui
def test_dashboard_tile_without_portal_data(qtbot: Any, bare: Db, runner: Any) -> None:
    from PySide6.QtCore import Qt

    sup = _sup(bare)
    try:
        tab = _tab(qtbot, sup, runner)
        tile = tab.period_tiles.tiles["portal_pending"]
        assert tile.text_value() == "–" and "Chưa có thông tin từ Cổng DVCQG" in tile.toolTip()
        with qtbot.assertNotEmitted(tab.sig_drilldown_requested, wait=200):
            qtbot.mouseClick(tile, Qt.MouseButton.LeftButton)
    finally:
        sup.engine.dispose()


def test_period_before_the_states_is_still_counted(stated: Db) -> None:
    """Received in the period is what counts, not when the state came: nothing older leaks."""
    sup = _sup(stated)
    try:
        rep = reports.period_report(sup, APRIL, now=datetime(2026, 5, 20, 10, 0,
                                                             tzinfo=sc.NOW.tzinfo))
        assert rep.total["received"] == 6
        assert rep.total.portal_pending is not None
        assert stated.letters(queries.list_ids(sup, rep.total.portal_pending.filter)) == {
            "B", "C", "Q", "U", "W"}
    finally:
        sup.engine.dispose()
