"""Theo dõi: the supervisor dashboard — tiles, charts, overdue and due-soon lists.

Every number drills down: the tab emits ``sig_drilldown_requested(DossierFilter)`` and the
main window opens the dossier list with it. The data are computed by
:func:`onestop.services.reports.overview` on the task runner's reader pool, on a timer and
after local changes; a result older than the latest request is dropped.

Mounting (main window)::

    tab = DashboardTab(session, runner)          # session: UserSession (or a Context)
    tab.sig_drilldown_requested.connect(
        lambda f: (dossier_list.model.set_filter(f), show_list()))
    tab.sig_open_requested.connect(open_dossier)
"""

from __future__ import annotations

from typing import Any


from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFileDialog, QGridLayout, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout,
    QWidget,
)

from onestop.domain.clock import clock_text
from onestop.services import agencies, catalogue, outfile, reports
from onestop.services.portal_state import unacknowledged
from onestop.services.reports import export as report_export
from onestop.services.errors import ValidationError
from onestop.services.reports.types import Metric, Overview, Period, ReportFilter
from onestop.ui.dashboard.charts import FieldChart, WeeklyChart
from onestop.ui.dashboard.filters import DashboardFilters, local_today
from onestop.ui.dashboard.groups import PartyTable
from onestop.ui.dashboard.lists import UrgentPanel
from onestop.ui.dashboard.satisfaction import SatisfactionPanel
from onestop.ui.dashboard.tiles import TileGrid, vn_percent
from onestop.ui.messages import error_text
from onestop.ui.portal_panel import PortalPanel
from onestop.ui.tasks import Changes, Op, TaskRunner
from onestop.ui.widgets import error_label
from pathlib import Path
from onestop.ui.session import UserSession

REFRESH_MS = 60_000
#: Local changes come in bursts (a receipt = several writes): refresh once after them.
CHANGE_DELAY_MS = 1_000


class DashboardTab(QWidget):
    """The Theo dõi tab (supervisor and admin).

    Signals:
        sig_drilldown_requested(object): list exactly the dossiers of a number
            (a :class:`~onestop.services.queries.DossierFilter`).
        sig_open_requested(str): open one dossier (double-click in a list).
        sig_loaded(object): new figures are shown (the :class:`Overview`).
        sig_exported(str): a report file was written (its path).
        sig_briefing_ready(bytes): the morning briefing PDF is ready.
    """

    sig_drilldown_requested = Signal(object)
    sig_open_requested = Signal(str)
    sig_loaded = Signal(object)
    sig_exported = Signal(str)
    sig_briefing_ready = Signal(bytes)

    def __init__(self, session: UserSession, runner: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = getattr(session, "ctx", session)
        self._runner = runner
        self._seq = 0
        self._dirty = True
        self.overview: Overview | None = None
        self._build()
        self._load_procedures()
        self._timer = QTimer(self, interval=REFRESH_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._timer.start()
        self._change_timer = QTimer(self, singleShot=True, interval=CHANGE_DELAY_MS)
        self._change_timer.timeout.connect(self._on_timer_timeout)
        runner.sig_changed.connect(self._on_runner_changed)

    # --- layout -------------------------------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.addLayout(self._toolbar())
        self.error = error_label()
        outer.addWidget(self.error)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        body = QWidget()
        lay = QVBoxLayout(body)
        self.live_tiles = TileGrid(self.tr("Hồ sơ đang giải quyết (hiện tại)"), [
            ("overdue", self.tr("Quá hạn"), "overdue"),
            ("due_soon", self.tr("Sắp đến hạn"), "due-soon"),
            ("on_track", self.tr("Trong hạn"), "on-track"),
            ("paused", self.tr("Chờ bổ sung"), "paused"),
            ("no_limit", self.tr("Không quy định thời hạn"), "no-limit"),
            ("due_today", self.tr("Đến hạn hôm nay"), "due-soon"),
            ("due_next_day", self.tr("Đến hạn ngày làm việc tiếp theo"), "")])
        self.period_tiles = TileGrid(self.tr("Trong kỳ"), [
            ("received", self.tr("Tiếp nhận"), ""),
            ("carried_over", self.tr("Tồn kỳ trước"), ""),
            ("finished", self.tr("Đã giải quyết"), ""),
            ("finished_early", self.tr("Trước hạn"), "early"),
            ("finished_on_time", self.tr("Đúng hạn"), "on-time"),
            ("finished_late", self.tr("Quá hạn"), "late"),
            ("refused_withdrawn", self.tr("Từ chối / rút"), ""),
            ("stopped", self.tr("Dừng giải quyết"), ""),
            ("on_time_rate", self.tr("Tỷ lệ đúng hạn"), "on-time"),
            ("portal_pending", self.tr("Chưa đồng bộ Cổng DVCQG"), "")])
        charts = QHBoxLayout()
        self.weekly_chart, self.field_chart = WeeklyChart(), FieldChart()
        charts.addWidget(self.weekly_chart, 1)
        charts.addWidget(self.field_chart, 1)
        lists = QGridLayout()
        self.overdue_panel = UrgentPanel(self.tr("Hồ sơ quá hạn"), "overdue")
        self.due_soon_panel = UrgentPanel(self.tr("Hồ sơ sắp đến hạn"), "due-soon")
        lists.addWidget(self.overdue_panel, 0, 0)
        lists.addWidget(self.due_soon_panel, 0, 1)
        self.portal_panel = PortalPanel()
        self.portal_panel.sig_open_requested.connect(self.sig_open_requested)
        lists.addWidget(self.portal_panel, 1, 0, 1, 2)
        for w in (self.live_tiles, self.period_tiles):
            lay.addWidget(w)
        # a centre's figures per handling agency and per receiving unit (hidden otherwise)
        parties = QHBoxLayout()
        self.agency_table = PartyTable(self.tr("Theo cơ quan giải quyết (trong kỳ)"))
        self.unit_table = PartyTable(self.tr("Theo đơn vị tiếp nhận (trong kỳ)"))
        parties.addWidget(self.agency_table, 1)
        parties.addWidget(self.unit_table, 1)
        lay.addLayout(parties)
        lay.addLayout(charts)
        lay.addLayout(lists, 1)
        self.satisfaction = SatisfactionPanel()
        lay.addWidget(self.satisfaction)
        for source in (self.live_tiles, self.period_tiles, self.weekly_chart, self.field_chart,
                       self.overdue_panel, self.due_soon_panel, self.agency_table,
                       self.unit_table):
            source.sig_drilldown_requested.connect(self.sig_drilldown_requested)
        for panel in (self.overdue_panel, self.due_soon_panel):
            panel.sig_open_requested.connect(self.sig_open_requested)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)

    def _toolbar(self) -> QVBoxLayout:
        """Two rows (narrowing; actions) so the tab fits a 1366 px counter screen."""
        self.filters = DashboardFilters(local_today(self._ctx))
        self.filters.sig_changed.connect(self.refresh)
        self.refresh_button = QPushButton(self.tr("Làm mới (F5)"))
        self.refresh_button.setShortcut("F5")
        self.refresh_button.clicked.connect(self.refresh)
        self.briefing_button = QPushButton(self.tr("In báo cáo đầu ngày"))
        self.briefing_button.clicked.connect(self.make_briefing)
        self.xlsx_button = QPushButton(self.tr("Xuất báo cáo kỳ (Excel)…"))
        self.xlsx_button.clicked.connect(lambda: self._ask_export("xlsx"))
        self.pdf_button = QPushButton(self.tr("Xuất báo cáo kỳ (PDF)…"))
        self.pdf_button.clicked.connect(lambda: self._ask_export("pdf"))
        self.stamp = QLabel("")
        self.stamp.setProperty("role", "muted")
        rows = QVBoxLayout()
        top, bottom = QHBoxLayout(), QHBoxLayout()
        top.addWidget(self.filters)
        top.addStretch(1)
        bottom.addWidget(self.stamp)
        bottom.addStretch(1)
        for w in (self.refresh_button, self.briefing_button, self.xlsx_button, self.pdf_button):
            bottom.addWidget(w)
        rows.addLayout(top)
        rows.addLayout(bottom)
        return rows

    @property
    def filter(self) -> ReportFilter:
        """The narrowing the user chose (field, department, channel)."""
        return self.filters.report_filter()

    def period(self) -> Period | None:
        return self.filters.period()

    def _load_procedures(self) -> None:
        ctx = self._ctx
        Op(self._runner, lambda: catalogue.list_procedures(ctx)) \
            .success(self.filters.set_procedures).failure(self._show_error) \
            .run_in_background()
        Op(self._runner, lambda: agencies.list_agencies(ctx)) \
            .success(self.filters.set_parties).failure(self._show_error) \
            .run_in_background()

    # --- loading ------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Recompute every figure in the background (a newer request wins)."""
        self._seq += 1
        seq, ctx, rf, period = self._seq, self._ctx, self.filter, self.period()
        self._dirty = False
        Op(self._runner, lambda: reports.overview(ctx, rf, period=period)) \
            .success(lambda ov: self._on_loaded(seq, ov)) \
            .failure(self._show_error).run_in_background()
        Op(self._runner, lambda: unacknowledged(ctx)) \
            .success(lambda data: self._on_portal(seq, data)) \
            .failure(self._show_error).run_in_background()

    def _on_portal(self, seq: int, data: dict[str, Any]) -> None:
        if seq == self._seq:
            self.portal_panel.set_data(data)

    def _on_loaded(self, seq: int, ov: Overview) -> None:
        if seq != self._seq:
            return  # a newer refresh is on its way: never show older figures over it
        self.overview = ov
        self.error.setVisible(False)
        for key, metric in ov.live.metrics.items():
            self.live_tiles.tiles[key].set_metric(metric)
        total = ov.period.total
        tiles = self.period_tiles.tiles
        for key in ("received", "carried_over", "finished_early", "finished_on_time",
                    "finished_late", "stopped"):
            tiles[key].set_metric(total.metrics[key])
        tiles["finished"].set_metric(total.finished)
        tiles["refused_withdrawn"].set_metric(total.refused_withdrawn)
        rate = total.on_time_rate
        # the rate drills into the dossiers it is computed over (finished with a limit)
        tiles["on_time_rate"].set_metric(Metric(rate.denominator, rate.filter),
                                         vn_percent(rate.percent))
        # received in the period, not acknowledged by the national portal (issue 17)
        if total.portal_pending is None:
            tiles["portal_pending"].set_unavailable(self.tr(
                "Chưa có thông tin từ Cổng DVCQG: chưa cấu hình kết nối Cổng hoặc máy chưa "
                "nhận trạng thái nào khi đồng bộ."))
        else:
            tiles["portal_pending"].set_metric(total.portal_pending)
        self.weekly_chart.set_weeks(ov.weeks)
        self.field_chart.set_rows(ov.period.fields)
        self.agency_table.set_rows(ov.period.agencies)
        self.unit_table.set_rows(ov.period.units)
        self.overdue_panel.set_list(ov.overdue)
        self.due_soon_panel.set_list(ov.due_soon)
        self.satisfaction.set_summary(ov.period.satisfaction)
        self.stamp.setText(self.tr("Số liệu lúc %1").replace(
            "%1", clock_text(ov.now)))
        self.sig_loaded.emit(ov)

    def _show_error(self, exc: Exception) -> None:
        self.error.setText(error_text(exc))
        self.error.setVisible(True)

    def _on_timer_timeout(self) -> None:
        if self.isVisible():
            self.refresh()
        else:
            self._dirty = True  # hidden tab: refresh when shown, not in the background

    def _on_runner_changed(self, changes: Changes) -> None:
        if changes.touches("dossier"):
            self._change_timer.start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._dirty:
            self.refresh()

    # --- briefing and exports -----------------------------------------------------------------

    def make_briefing(self) -> None:
        """Build the morning briefing PDF in the background and preview it for printing."""
        ctx, rf = self._ctx, self.filter
        self.briefing_button.setEnabled(False)
        Op(self._runner, lambda: report_export.export(ctx, "briefing", "pdf", rf=rf,
                                                      target="briefing.pdf")) \
            .success(self._on_briefing_ready).failure(self._show_error) \
            .finally_(lambda: self.briefing_button.setEnabled(True)).run_in_background()

    def _on_briefing_ready(self, pdf: bytes) -> None:
        self.sig_briefing_ready.emit(pdf)
        if self.isVisible():
            from onestop.ui.dashboard.pdf import PdfDialog

            PdfDialog(pdf, self.tr("Báo cáo đầu ngày"), self._runner, self,
                      database=self._ctx).open()

    def _ask_export(self, fmt: str) -> None:
        filters = {"xlsx": self.tr("Bảng tính Excel (*.xlsx)"), "pdf": self.tr("Tệp PDF (*.pdf)")}
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Xuất báo cáo kỳ"),
                                              f"bao-cao-ky.{fmt}", filters[fmt])
        if path:
            self.export_period(path, fmt)

    def export_period(self, path: str, fmt: str) -> None:
        """Write the period report of the chosen period to ``path`` (in the background)."""

        ctx, rf, period = self._ctx, self.filter, self.period()
        try:  # refused before the (audited) export is made: never over the database
            outfile.check_target(path, ctx)
        except ValidationError as exc:
            self._show_error(exc)
            return

        def work() -> str:
            data = report_export.export(ctx, "period", fmt, period, rf, target=Path(path).name)
            outfile.write_atomic(path, data, ctx)
            return path

        Op(self._runner, work).success(self.sig_exported.emit) \
            .failure(self._show_error).run_in_background()


#: The name the main window imports (``DashboardView(session, runner)``).
DashboardView = DashboardTab
