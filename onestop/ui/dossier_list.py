"""Hồ sơ: every dossier in a lazy table with filters and accent-insensitive search."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from onestop.domain import workflow as wf
from onestop.domain.clock import clock_text
from onestop.services import catalogue, queries
from onestop.services.dto import ProcedureDTO
from onestop.services.queries import DossierFilter
from onestop.ui import style
from onestop.ui.dossier_model import CODE_ROLE, DossierTableModel
from onestop.ui.messages import fill, status_label, timeliness_label
from onestop.ui.session import UserSession
from onestop.ui.tasks import Changes, Op, TaskRunner
from onestop.ui.widgets import role_label

SEARCH_DELAY_MS = 250
_NO_DATE = QDate(2000, 1, 1)


class LazyTableView(QTableView):
    """A table over a lazy model: typing does not search the rows (that would read every
    page of a million-row list) — the search box does it in SQL."""

    def keyboardSearch(self, search: str) -> None:
        return


class DossierListView(QWidget):
    """Filters above, the lazy table below, the count and staleness stamp at the bottom.

    Signals:
        sig_open_requested(str): the officer opened a dossier (Enter or double-click).
    """

    sig_open_requested = Signal(str)

    def __init__(self, session: UserSession, runner: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._runner = runner
        ctx = session.ctx
        self.model = DossierTableModel(runner, lambda f: queries.count_ids(ctx, f),
                                       lambda *window: _page_rows(ctx, *window), self)
        self.model.sig_loaded.connect(self._on_model_loaded)
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filter)
        self._build()
        runner.sig_changed.connect(self._on_runner_changed)
        QShortcut(QKeySequence("F5"), self, self.model.reload,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        QShortcut(QKeySequence("Ctrl+F"), self, self.search.setFocus,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._load_procedures()
        self.apply_filter()

    # --- layout -------------------------------------------------------------------------------

    def _build(self) -> None:
        lay = QVBoxLayout(self)
        lay.setContentsMargins(style.MARGIN, style.MARGIN, style.MARGIN, style.MARGIN)
        lay.addLayout(self._filters())
        self.table = LazyTableView()
        self.table.setObjectName("dossier_table")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(6, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setDefaultSectionSize(26)
        # fixed heights: a million rows must not be measured one by one
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        for col, width in enumerate((205, 165, 105, 300, 115, 105, 120, 85, 80)):
            header.resizeSection(col, width)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)  # the procedure name
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        self.table.activated.connect(self._on_table_double_clicked)
        lay.addWidget(self.table, 1)
        foot = QHBoxLayout()
        self.count_label = role_label("", "muted")
        self.count_label.setObjectName("dossier_count")
        foot.addWidget(self.count_label, 1)
        refresh = QPushButton(self.tr("Làm mới (F5)"))
        refresh.clicked.connect(self.model.reload)
        foot.addWidget(refresh)
        lay.addLayout(foot)

    def _filters(self) -> QGridLayout:
        grid = QGridLayout()
        self.search = QLineEdit()
        self.search.setObjectName("dossier_search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(
            self.tr("Tìm theo mã hồ sơ, số định danh, điện thoại hoặc tên (không cần dấu) — Ctrl+F"))
        self.search.textEdited.connect(lambda _t: self._search_timer.start())
        self.search.returnPressed.connect(self.apply_filter)
        grid.addWidget(self.search, 0, 0, 1, 6)
        self.status = self._combo([(status_label(s), s) for s in wf.STATUSES])
        self.timeliness = self._combo([(timeliness_label(t), t) for t in wf.TIMELINESS])
        self.procedure = self._combo([])
        self.field = self._combo([])
        self.officer = QComboBox()
        self.officer.setEditable(True)
        self.officer.addItems(["", self._session.username])
        officer_edit = self.officer.lineEdit()
        if officer_edit is not None:
            officer_edit.setPlaceholderText(self.tr("mọi người"))
        self.officer.currentTextChanged.connect(lambda _t: self._search_timer.start())
        self.date_from, self.date_to = self._date_edit(), self._date_edit()
        pairs = ((self.tr("Trạng thái"), self.status), (self.tr("Tiến độ"), self.timeliness),
                 (self.tr("Lĩnh vực"), self.field), (self.tr("Thủ tục"), self.procedure),
                 (self.tr("Từ ngày"), self.date_from), (self.tr("Đến ngày"), self.date_to),
                 (self.tr("Người nhận"), self.officer))
        for i, (caption, widget) in enumerate(pairs):
            row, col = 1 + i // 3, (i % 3) * 2
            grid.addWidget(QLabel(caption), row, col)
            grid.addWidget(widget, row, col + 1)
        clear = QPushButton(self.tr("Xoá bộ lọc"))
        clear.clicked.connect(self.clear_filters)
        grid.addWidget(clear, 3, 4, 1, 2)
        for col in (1, 3, 5):
            grid.setColumnStretch(col, 1)
        return grid

    def _combo(self, items: list[tuple[str, str]]) -> QComboBox:
        box = QComboBox()
        # procedure names are long: size by a fixed length, not by the longest item
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        box.setMinimumContentsLength(16)
        box.addItem(self.tr("Tất cả"), "")
        for text, data in items:
            box.addItem(text, data)
        box.currentIndexChanged.connect(lambda _i: self.apply_filter())
        return box

    def _date_edit(self) -> QDateEdit:
        edit = QDateEdit()
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("dd/MM/yyyy")
        edit.setMinimumDate(_NO_DATE)
        edit.setSpecialValueText("—")  # shown at the minimum date: no bound
        edit.setDate(_NO_DATE)
        edit.dateChanged.connect(lambda _d: self.apply_filter())
        return edit

    # --- behaviour ----------------------------------------------------------------------------

    def _load_procedures(self) -> None:
        ctx = self._session.ctx
        Op(self._runner, lambda: catalogue.list_procedures(ctx, active_only=False)) \
            .success(self._on_procedures).run_in_background()

    def _on_procedures(self, procedures: list[ProcedureDTO]) -> None:
        for box in (self.procedure, self.field):
            box.blockSignals(True)
        for p in procedures:
            self.procedure.addItem(f"{p.code} — {p.name}", p.code)
        for name in sorted({p.field for p in procedures}):
            self.field.addItem(name, name)
        for box in (self.procedure, self.field):
            box.blockSignals(False)

    def current_filter(self) -> DossierFilter:
        """The filter the widgets describe."""
        status, timeliness = self.status.currentData(), self.timeliness.currentData()
        return DossierFilter(
            text=self.search.text(), statuses=(status,) if status else (),
            timeliness=(timeliness,) if timeliness else (),
            procedure_code=self.procedure.currentData() or "",
            field=self.field.currentData() or "", officer=self.officer.currentText().strip(),
            date_from=_date_of(self.date_from), date_to=_date_of(self.date_to))

    def apply_filter(self) -> None:
        self._search_timer.stop()
        self.model.set_filter(self.current_filter())

    def clear_filters(self) -> None:
        for box in (self.status, self.timeliness, self.procedure, self.field):
            box.blockSignals(True)
            box.setCurrentIndex(0)
            box.blockSignals(False)
        for edit in (self.date_from, self.date_to):
            edit.blockSignals(True)
            edit.setDate(_NO_DATE)
            edit.blockSignals(False)
        self.officer.setCurrentText("")
        self.search.clear()
        self.apply_filter()

    def show_filter(self, f: DossierFilter) -> None:
        """List exactly ``f`` (a drill-down): the filter widgets are cleared, the search box
        shows the filter's text, and the model gets ``f`` as it is."""
        for box in (self.status, self.timeliness, self.procedure, self.field, self.date_from,
                    self.date_to, self.officer, self.search):
            box.blockSignals(True)
        for box in (self.status, self.timeliness, self.procedure, self.field):
            box.setCurrentIndex(0)
        for edit in (self.date_from, self.date_to):
            edit.setDate(_NO_DATE)
        self.officer.setCurrentText(f.officer)
        self.search.setText(f.text)
        for box in (self.status, self.timeliness, self.procedure, self.field, self.date_from,
                    self.date_to, self.officer, self.search):
            box.blockSignals(False)
        self._search_timer.stop()
        self.model.set_filter(f)

    def _on_model_loaded(self, count: int) -> None:
        stamp = clock_text(self.model.loaded_at) if self.model.loaded_at else ""
        self.count_label.setText(
            fill(self.tr("%1 hồ sơ · dữ liệu lúc %2"), f"{count:,}".replace(",", "."), stamp))

    def _on_runner_changed(self, changes: Changes) -> None:
        if changes.touches("dossier"):
            self.model.reload()

    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        code = self.model.data(index.siblingAtColumn(0), CODE_ROLE)
        if code:
            self.sig_open_requested.emit(code)


def _page_rows(ctx: Any, f: DossierFilter, key: str, desc: bool, offset: int, limit: int,
               total: int) -> list[queries.DossierRow]:
    """One window of the list: its ids in order, then their rows (runs in a reader)."""
    return queries.rows_by_ids(ctx, queries.page_ids(ctx, f, key, desc, offset, limit, total))


def _date_of(edit: QDateEdit) -> date | None:
    d = edit.date()
    return None if d == _NO_DATE else date(d.year(), d.month(), d.day())
