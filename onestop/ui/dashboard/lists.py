"""The overdue and due-soon lists of the Theo dõi tab: a small in-memory table per list.

The lists are short (the service cuts them at ``LIST_LIMIT``), so a plain table model over
the rows is right here; "Xem tất cả" drills into the full, lazy dossier list instead.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableView, QVBoxLayout,
    QWidget,
)

from onestop.services.reports.types import UrgentList, UrgentRow
from onestop.ui import style
from onestop.ui.dashboard.tiles import vn_int
from onestop.ui.messages import fill, local_dt
from PySide6.QtCore import QObject

CODE_ROLE = Qt.ItemDataRole.UserRole + 1
#: Widest a list column grows to fit its contents (the full text is in the tooltip).
MAX_COLUMN_PX = 220
_Index = QModelIndex | QPersistentModelIndex


class UrgentModel(QAbstractTableModel):
    """Rows of one urgent list: code, applicant, procedure, department, officer, due, days."""

    def __init__(self, tone: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tone = tone
        self.rows: tuple[UrgentRow, ...] = ()
        self.headers = [self.tr("Mã hồ sơ"), self.tr("Người nộp"), self.tr("Thủ tục"),
                        self.tr("Phòng xử lý"), self.tr("Cán bộ tiếp nhận"),
                        self.tr("Hạn giải quyết"),
                        self.tr("Số ngày quá hạn") if tone == "overdue" else self.tr("Còn (ngày)")]

    def set_rows(self, rows: tuple[UrgentRow, ...]) -> None:
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

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        r = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (r.code, r.applicant_name, r.procedure_name, r.department, r.officer,
                    local_dt(r.sla_due_at), vn_int(r.working_days))[index.column()]
        if role == CODE_ROLE:
            return r.code
        if role == Qt.ItemDataRole.ToolTipRole and index.column() in (1, 2, 3):
            return (r.applicant_name, r.procedure_name, r.department)[index.column() - 1]
        if role == Qt.ItemDataRole.ForegroundRole and index.column() in (5, 6):
            return style.timeliness_foreground(self.tone)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 6:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class UrgentPanel(QWidget):
    """A titled list with its total and a "see all" button.

    Signals:
        sig_drilldown_requested(object): "see all" (the list's DossierFilter).
        sig_open_requested(str): a dossier was opened (double-click or Enter).
    """

    sig_drilldown_requested = Signal(object)
    sig_open_requested = Signal(str)

    def __init__(self, title: str, tone: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data: UrgentList | None = None
        self.model = UrgentModel(tone, self)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.title = QLabel(title)
        self.title.setProperty("role", "title")
        self.count_label = QLabel("")
        self.all_button = QPushButton(self.tr("Xem tất cả"))
        self.all_button.clicked.connect(self._on_all_button_clicked)
        bar.addWidget(self.title)
        bar.addWidget(self.count_label)
        bar.addStretch(1)
        bar.addWidget(self.all_button)
        lay.addLayout(bar)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        self.table.activated.connect(self._on_table_double_clicked)
        lay.addWidget(self.table)

    def set_list(self, data: UrgentList) -> None:
        self.data = data
        self.model.set_rows(data.rows)
        shown = len(data.rows)
        text = fill(self.tr("%1 hồ sơ"), vn_int(data.total.value))
        if shown < data.total.value:
            text += fill(self.tr(" (hiện %1 hồ sơ gấp nhất)"), vn_int(shown))
        self.count_label.setText(text)
        self.table.resizeColumnsToContents()
        for column in range(self.model.columnCount()):  # long procedure names: cut, tooltip
            if self.table.columnWidth(column) > MAX_COLUMN_PX:
                self.table.setColumnWidth(column, MAX_COLUMN_PX)

    def _on_all_button_clicked(self) -> None:
        if self.data is not None:
            self.sig_drilldown_requested.emit(self.data.total.filter)

    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        code = self.model.data(index, CODE_ROLE)
        if code:
            self.sig_open_requested.emit(code)
