"""The Theo dõi tab on demo data (pytest-qt, offscreen): figures, drill-down, exports."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from onestop.domain.calendar import VN_TZ
from onestop.services import demo, queries, reports, users
from onestop.services.install import setup
from onestop.services.context import Context
from onestop.services.reports.types import Metric

pytestmark = pytest.mark.gui

NOW = datetime(2026, 11, 26, 9, 30, tzinfo=VN_TZ)


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('dash') / 'onestop.sqlite3'}"
    ctx = Context.open(url, clock=lambda: NOW)
    setup.init(ctx)
    users.add_user(ctx, "giamsat", "supervisor", "Trần Văn Giám Sát", "Ca-Phe-Sua-Da-9")
    demo.generate(ctx, 1500, seed=7)
    ctx.engine.dispose()
    return url


@pytest.fixture
def sup(demo_url: str) -> Iterator[Context]:
    ctx = Context.open(demo_url, "giamsat", clock=lambda: NOW)
    yield ctx
    ctx.engine.dispose()


@pytest.fixture
def runner(qtbot: Any) -> Iterator[Any]:
    from onestop.ui.tasks import TaskRunner

    errors: list[BaseException] = []
    r = TaskRunner(errors.append)
    yield r
    r.shutdown(wait=True)
    assert not errors, errors


@pytest.fixture
def tab(qtbot: Any, sup: Context, runner: Any) -> Any:
    from onestop.ui.dashboard import DashboardTab

    t = DashboardTab(sup, runner)
    qtbot.addWidget(t)
    t.resize(1366, 768)  # the counter PCs' screen
    with qtbot.waitSignal(t.sig_loaded, timeout=30_000):
        t.show()
    return t


def drilled(qtbot: Any, tab: Any, action: Any) -> Any:
    with qtbot.waitSignal(tab.sig_drilldown_requested, timeout=5_000) as blocker:
        action()
    return blocker.args[0]


def test_tiles_show_the_service_numbers(tab: Any, sup: Context) -> None:
    ov = reports.overview(sup)
    for key, m in ov.live.metrics.items():
        assert tab.live_tiles.tiles[key].text_value() == f"{m.value:,}".replace(",", ".")
    total = ov.period.total
    tiles = tab.period_tiles.tiles
    assert tiles["received"].text_value() == f"{total['received']:,}".replace(",", ".")
    assert tiles["finished"].shown.value == total.finished.value
    assert tiles["on_time_rate"].text_value() == \
        f"{total.on_time_rate.percent:.1f}".replace(".", ",") + " %"
    assert ov.live["overdue"] > 0 and total["received"] > 0  # demo data has both


def test_every_tile_drills_down_to_exactly_its_dossiers(qtbot: Any, tab: Any,
                                                        sup: Context) -> None:
    from PySide6.QtCore import Qt

    for grid in (tab.live_tiles, tab.period_tiles):
        for tile in grid.tiles.values():
            if tile.key == "portal_pending":  # demo data: no portal state (test_portal_column)
                assert tile.shown is None and tile.text_value() == "–"
                continue
            f = drilled(qtbot, tab, lambda t=tile: qtbot.mouseClick(t, Qt.MouseButton.LeftButton))
            assert len(queries.list_ids(sup, f)) == tile.shown.value, tile.key


def test_charts_and_lists_drill_down(qtbot: Any, tab: Any, sup: Context) -> None:
    ov = tab.overview
    last = len(ov.weeks) - 1
    f = drilled(qtbot, tab, lambda: tab.weekly_chart.drill(1, last))
    assert len(queries.list_ids(sup, f)) == ov.weeks[last].finished.value
    f = drilled(qtbot, tab, lambda: tab.field_chart.drill(0, 0))
    field = next(r for r in ov.period.fields if r.finished.value)
    assert len(queries.list_ids(sup, f)) == field["finished_early"]
    assert tab.overdue_panel.model.rowCount() == len(ov.overdue.rows) > 0
    f = drilled(qtbot, tab, tab.overdue_panel.all_button.click)
    assert len(queries.list_ids(sup, f)) == ov.live["overdue"]
    with qtbot.waitSignal(tab.sig_open_requested) as blocker:
        tab.overdue_panel.table.doubleClicked.emit(tab.overdue_panel.model.index(0, 1))
    assert blocker.args == [ov.overdue.rows[0].code]


def test_stale_results_are_dropped_and_local_changes_refresh(qtbot: Any, tab: Any) -> None:
    from onestop.ui.tasks import Changes

    before = tab.live_tiles.tiles["overdue"].text_value()
    fake = tab.overview.live.metrics["overdue"]
    stale = type(tab.overview)(tab.overview.now, type(tab.overview.live)(
        tab.overview.live.now, tab.overview.live.today, tab.overview.live.next_day,
        {**tab.overview.live.metrics, "overdue": Metric(fake.value + 99, fake.filter)}),
        tab.overview.period, tab.overview.overdue, tab.overview.due_soon)
    tab._on_loaded(tab._seq - 1, stale)  # an older request answering late
    assert tab.live_tiles.tiles["overdue"].text_value() == before
    with qtbot.waitSignal(tab.sig_loaded, timeout=10_000):
        tab._runner.sig_changed.emit(Changes(frozenset({"dossier"})))


def test_period_export_and_briefing(qtbot: Any, tab: Any, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from onestop.ui.dashboard.pdf import PdfDialog

    out = tmp_path / "ky.xlsx"
    with qtbot.waitSignal(tab.sig_exported, timeout=30_000):
        tab.export_period(str(out), "xlsx")
    sheet = load_workbook(out)["Báo cáo"]
    assert sheet["B8"].value == "TỔNG CỘNG"
    assert sheet["F8"].value == tab.overview.period.total["received"]
    with qtbot.waitSignal(tab.sig_briefing_ready, timeout=30_000) as blocker:
        tab.briefing_button.click()
    assert blocker.args[0].startswith(b"%PDF")
    dialogs = tab.findChildren(PdfDialog)
    assert len(dialogs) == 1
    dialogs[0].close()
    if os.environ.get("ONESTOP_SCREENSHOTS"):
        tab.grab().save(os.path.join(os.environ["ONESTOP_SCREENSHOTS"], "theo-doi.png"))


def test_briefing_prints_on_a_real_queue(qtbot: Any, tab: Any, runner: Any,
                                         cups_queue: tuple[str, Path]) -> None:
    from onestop.ui.dashboard.pdf import PdfDialog

    queue, out_dir = cups_queue
    before = set(out_dir.glob("*.pdf"))
    with qtbot.waitSignal(tab.sig_briefing_ready, timeout=30_000) as blocker:
        tab.make_briefing()
    for d in tab.findChildren(PdfDialog):
        d.close()
    dialog = PdfDialog(blocker.args[0], "Báo cáo đầu ngày", runner, tab, printer_name=queue)
    qtbot.addWidget(dialog)
    dialog.print_now()
    qtbot.waitUntil(lambda: runner.idle, timeout=60_000)
    assert not dialog.status.isVisible(), dialog.status.text()
    qtbot.waitUntil(lambda: bool(set(out_dir.glob("*.pdf")) - before), timeout=60_000)


def test_saving_never_overwrites_the_database_or_a_read_only_file(
        qtbot: Any, tab: Any, sup: Context, runner: Any, tmp_path: Path) -> None:
    """The GUI's save dialogs go through the same rule as ``--out`` (services.outfile)."""
    from sqlalchemy.engine import make_url

    from onestop.ui.dashboard.pdf import PdfDialog

    db = Path(str(make_url(str(sup.engine.url)).database))
    before = db.read_bytes()
    tab.export_period(str(db), "xlsx")             # refused at once, before the export
    assert tab.error.isVisible() and "cơ sở dữ liệu đang dùng" in tab.error.text()
    qtbot.wait(200)
    assert runner.idle and db.read_bytes() == before
    dialog = PdfDialog(b"%PDF-1.4 bao cao", "Báo cáo đầu ngày", runner, tab, database=sup)
    qtbot.addWidget(dialog)
    dialog.show()
    for target in (db, Path(f"{db}-wal")):
        assert not dialog.save_to(str(target))
        assert dialog.status.isVisible() and "cơ sở dữ liệu đang dùng" in dialog.status.text()
    locked = tmp_path / "ban-ky.pdf"
    locked.write_bytes(b"signed")
    locked.chmod(0o444)
    assert not dialog.save_to(str(locked)) and "chỉ được đọc" in dialog.status.text()
    assert locked.read_bytes() == b"signed" and db.read_bytes() == before
    fine = tmp_path / "bao-cao.pdf"
    assert dialog.save_to(str(fine)) and not dialog.status.isVisible()
    assert fine.read_bytes() == b"%PDF-1.4 bao cao"


def test_the_satisfaction_panel_shows_the_ratings_of_the_period(tab: Any, sup: Context) -> None:
    s = tab.overview.period.satisfaction
    assert s is not None and s.total.total > 0          # the demo's returns carry ratings
    panel = tab.satisfaction
    assert str(s.total.total) in panel.summary.text()
    rows = panel.table.rowCount()
    assert rows == len(s.by_procedure) + len(s.by_agency) + len(s.by_officer)
    labels = [panel.table.item(i, 0).text() for i in range(rows)]
    assert any(lbl.startswith("Cán bộ trả kết quả: ") for lbl in labels)
    totals = [int(panel.table.item(i, 4).text()) for i in range(rows)
              if panel.table.item(i, 0).text().startswith("Cơ quan")]
    assert sum(totals) == s.total.total
