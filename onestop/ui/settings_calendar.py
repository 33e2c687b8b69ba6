"""Calendar overrides editor: extra days off, swapped working days, Tết decisions."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import (
    QDate,
    QModelIndex,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from onestop.domain.calendar import DayOverride
from onestop.domain.clock import to_agency
from onestop.services import setup
from onestop.ui.due_view import weekday
from onestop.ui.rows_model import RowsModel
from onestop.ui.session import UserSession
from onestop.ui.tasks import Op, TaskRunner
from onestop.ui.widgets import FieldErrors, error_label, panel


class OverridesModel(RowsModel[DayOverride]):
    """Date, kind, name, decision and Tết flag of each override."""

    def override(self, row: int) -> DayOverride | None:
        return self.row(row)

    def headers(self) -> tuple[str, ...]:
        return (self.tr("Ngày"), self.tr("Loại"), self.tr("Tên ngày"), self.tr("Căn cứ"))

    def cell(self, o: DayOverride, col: int) -> str:
        if col == 0:
            return f"{weekday(o.day)} {o.day:%d/%m/%Y}"
        if col == 1:
            kind = self.tr("Nghỉ") if o.kind == "off" else self.tr("Làm việc")
            return kind + (" (Tết)" if o.tet else "")
        return o.name if col == 2 else o.decision


class CalendarPage(QWidget):
    """A year's overrides with a small editor beside them."""

    def __init__(self, session: UserSession, runner: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session, self._runner = session, runner
        lay = QHBoxLayout(self)
        left = QVBoxLayout()
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(to_agency(session.ctx.now()).year)  # the agency's year, not UTC's
        self.year.setPrefix(self.tr("Năm "))
        self.year.valueChanged.connect(lambda _y: self.load())
        left.addWidget(self.year)
        self.model = OverridesModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        for col in (0, 1):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(3, 190)
        self.table.verticalHeader().setVisible(False)
        self.table.clicked.connect(self._on_table_clicked)
        left.addWidget(self.table, 1)
        lay.addLayout(left, 3)
        lay.addWidget(self._editor(), 2)
        self.load()

    def _editor(self) -> QWidget:
        box = panel()
        v = QVBoxLayout(box)
        self.general = error_label()
        v.addWidget(self.general)
        self.errors = FieldErrors(self.general)
        form = QFormLayout()
        self.day = QDateEdit()
        self.day.setDisplayFormat("dd/MM/yyyy")
        self.day.setCalendarPopup(True)
        today = to_agency(self._session.ctx.now()).date()  # the agency's day, not the PC's
        self.day.setDate(QDate(today.year, today.month, today.day))
        self.kind = QComboBox()
        self.kind.addItem(self.tr("Nghỉ (ngày nghỉ thêm, nghỉ bù)"), "off")
        self.kind.addItem(self.tr("Làm việc (làm bù ngày thứ Bảy)"), "work")
        self.name, self.decision = QLineEdit(), QLineEdit()
        self.tet = QCheckBox(self.tr("Thuộc kỳ nghỉ Tết Nguyên đán"))
        self.errors.row(form, "date", self.tr("Ngày"), self.day)
        self.errors.row(form, "kind", self.tr("Loại"), self.kind)
        self.errors.row(form, "name", self.tr("Tên ngày"), self.name)
        self.errors.row(form, "decision", self.tr("Căn cứ (số văn bản)"), self.decision)
        form.addRow("", self.tet)
        v.addLayout(form)
        buttons = QHBoxLayout()
        save, remove = QPushButton(self.tr("Lưu ngày này")), QPushButton(self.tr("Xoá ngày này"))
        save.clicked.connect(self.save)
        remove.clicked.connect(self.remove)
        buttons.addWidget(save)
        buttons.addWidget(remove)
        v.addLayout(buttons)
        v.addStretch(1)
        return box

    def load(self) -> None:
        ctx, year = self._session.ctx, self.year.value()
        Op(self._runner, lambda: setup.list_overrides(ctx, year)) \
            .success(self.model.set_rows).run_in_background()

    def _on_table_clicked(self, index: QModelIndex) -> None:
        o = self.model.override(index.row())
        if o is None:
            return
        self.day.setDate(QDate(o.day.year, o.day.month, o.day.day))
        self.kind.setCurrentIndex(self.kind.findData(o.kind))
        self.name.setText(o.name)
        self.decision.setText(o.decision)
        self.tet.setChecked(o.tet)

    def _chosen_day(self) -> date:
        d = self.day.date()
        return date(d.year(), d.month(), d.day())

    def save(self) -> None:
        ctx, day, kind = self._session.ctx, self._chosen_day(), str(self.kind.currentData())
        name, decision, tet = self.name.text(), self.decision.text(), self.tet.isChecked()
        self.errors.clear()
        Op(self._runner, lambda: setup.set_override(ctx, day, kind, name, decision, tet),
           write=True, changes={"calendar"}) \
            .success(lambda _r: self.load()).failure(self.errors.show).run_in_background()

    def remove(self) -> None:
        ctx, day = self._session.ctx, self._chosen_day()
        self.errors.clear()
        Op(self._runner, lambda: setup.remove_override(ctx, day), write=True,
           changes={"calendar"}) \
            .success(lambda _r: self.load()).failure(self.errors.show).run_in_background()
