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
    QDialog,
    QFormLayout,
    QLabel,
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
from onestop.services import calendar_change
from onestop.services.install import setup
from onestop.services.calendar_change import CalendarChange, Move
from onestop.ui.due_view import weekday
from onestop.ui.messages import fill, local_dt
from onestop.ui.rows_model import RowsModel
from onestop.ui.session import UserSession
from onestop.ui.tasks import Op, TaskRunner
from onestop.ui.widgets import FieldErrors, dialog_buttons, error_label, panel


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


class MovesModel(RowsModel[Move]):
    """The dossiers a calendar change moves: code, old and new appointment."""

    def headers(self) -> tuple[str, ...]:
        return (self.tr("Mã hồ sơ"), self.tr("Ngày hẹn cũ"), self.tr("Ngày hẹn mới"))

    def cell(self, m: Move, col: int) -> str:
        return (m.code, local_dt(m.old_due_at), local_dt(m.new_due_at))[col]


class MovesDialog(QDialog):
    """Shows every open dossier whose appointment the change moves, before it is saved."""

    def __init__(self, change: CalendarChange, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("calendar_moves")
        self.setWindowTitle(self.tr("Thay đổi lịch làm dời ngày hẹn"))
        self.setMinimumWidth(620)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(fill(self.tr("%1 hồ sơ đang giải quyết sẽ được dời ngày hẹn trả kết "
                                     "quả. Lưu thay đổi và ghi nhận vào quá trình xử lý của "
                                     "từng hồ sơ?"), str(len(change.moved)))))
        self.model = MovesModel(self)
        self.model.set_rows(list(change.moved))
        table = QTableView()
        table.setObjectName("calendar_moves_table")
        table.setModel(self.model)
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        lay.addWidget(table, 1)
        buttons = dialog_buttons(self, self.tr("Lưu và dời ngày hẹn"))
        buttons.accepted.connect(self.accept)
        lay.addWidget(buttons)


class CalendarPage(QWidget):
    """A year's overrides with a small editor beside them."""

    def __init__(self, session: UserSession, runner: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session, self._runner = session, runner
        self.last_moves: MovesDialog | None = None
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
        day, kind = self._chosen_day(), str(self.kind.currentData())
        self._change("set", day, kind, self.name.text(), self.decision.text(),
                     self.tet.isChecked())

    def remove(self) -> None:
        self._change("remove", self._chosen_day())

    def _change(self, action: str, *args: object) -> None:
        """Preview the change first; when it moves appointments, list them before saving."""
        ctx = self._session.ctx
        self.errors.clear()
        Op(self._runner, lambda: calendar_change.preview(ctx, action, *args)) \
            .success(lambda change: self._on_preview(action, args, change)) \
            .failure(self.errors.show).run_in_background()

    def _on_preview(self, action: str, args: tuple[object, ...], change: CalendarChange) -> None:
        if not change.moved:
            self._apply(action, args)
            return
        dialog = MovesDialog(change, self)
        dialog.accepted.connect(lambda: self._apply(action, args))
        self.last_moves = dialog
        dialog.open()

    def _apply(self, action: str, args: tuple[object, ...]) -> None:
        ctx = self._session.ctx
        Op(self._runner, lambda: calendar_change.apply(ctx, action, *args), write=True,
           changes={"calendar", "dossier"}) \
            .success(lambda _r: self.load()).failure(self.errors.show).run_in_background()
