"""The period figures of the Theo dõi tab per handling agency and per receiving unit (issue 14).

A public service centre receives for many agencies, and a Sở's figures come from many
centres: each table lists one total row per agency (or unit) of the period report
(:attr:`PeriodReport.agencies` / ``units``). A single-agency desk has none, and the table
stays hidden. Clicking a number lists its dossiers, like every other figure of the tab.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget,
)

from onestop.services.reports.types import Metric, PeriodRow
from onestop.ui.dashboard.tiles import vn_int, vn_percent

_Index = QModelIndex | QPersistentModelIndex
# the numeric columns, in order
_NUMBERS = ("received", "finished", "finished_late", "in_progress", "in_progress_overdue",
            "on_time_rate", "portal_pending")


def _metric(row: PeriodRow, key: str) -> Metric | None:
    if key == "portal_pending":  # None: no portal information in this database
        return row.portal_pending
    if key == "finished":
        return row.finished
    if key == "in_progress":
        return row.in_progress
    if key == "on_time_rate":
        return Metric(row.on_time_rate.denominator, row.on_time_rate.filter)
    return row.metrics[key]


class PartyModel(QAbstractTableModel):
    """Rows: an agency or unit with its period figures."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: tuple[PeriodRow, ...] = ()
        self.headers = [self.tr("Mã định danh"), self.tr("Tên"), self.tr("Tiếp nhận"),
                        self.tr("Đã giải quyết"), self.tr("Giải quyết quá hạn"),
                        self.tr("Đang giải quyết"), self.tr("Đang quá hạn"),
                        self.tr("Tỷ lệ đúng hạn"), self.tr("Chưa đồng bộ Cổng DVCQG")]

    def set_rows(self, rows: tuple[PeriodRow, ...]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None

    def metric(self, index: _Index) -> Metric | None:
        """The figure of a numeric cell (None for the code and name)."""
        if not index.isValid() or index.column() < 2 or index.row() >= len(self.rows):
            return None
        return _metric(self.rows[index.row()], _NUMBERS[index.column() - 2])

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        r, col = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return r.key
            if col == 1:
                return r.label
            if _NUMBERS[col - 2] == "on_time_rate":
                return vn_percent(r.on_time_rate.percent)
            m = _metric(r, _NUMBERS[col - 2])
            return vn_int(None if m is None else m.value)
        if role == Qt.ItemDataRole.TextAlignmentRole and col >= 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and col == 1:
            return r.label
        return None


class PartyTable(QWidget):
    """A titled table of the period figures per agency or unit; hidden when empty.

    Signals:
        sig_drilldown_requested(object): a number was activated (its DossierFilter).
    """

    sig_drilldown_requested = Signal(object)

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel(title)
        self.title.setProperty("role", "section")
        self.model = PartyModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.view.activated.connect(self._on_view_activated)
        self.view.clicked.connect(self._on_view_activated)
        self.view.setAccessibleName(title)
        lay.addWidget(self.title)
        lay.addWidget(self.view)
        self.setVisible(False)

    def set_rows(self, rows: tuple[PeriodRow, ...]) -> None:
        self.model.set_rows(rows)
        self.view.resizeColumnToContents(0)
        # header + rows, no inner scrolling for the handful of agencies of a centre
        height = self.view.horizontalHeader().height() + 4 + sum(
            self.view.rowHeight(i) for i in range(len(rows)))
        self.view.setFixedHeight(min(height, 320))
        self.setVisible(bool(rows))

    def _on_view_activated(self, index: QModelIndex) -> None:
        metric = self.model.metric(index)
        if metric is not None and metric.filter is not None:
            self.sig_drilldown_requested.emit(metric.filter)
