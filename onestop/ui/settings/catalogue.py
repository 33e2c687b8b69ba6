"""Procedure catalogue editor: list, edit one procedure, import a CSV file."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from onestop.services import catalogue
from onestop.services.dto import ProcedureDTO
from onestop.ui.messages import fill, money
from onestop.ui.rows_model import RowsModel
from onestop.ui.session import UserSession
from onestop.ui.tasks import Op, TaskRunner
from onestop.ui.widgets import FieldErrors, error_label, panel, role_label


class ProceduresModel(RowsModel[ProcedureDTO]):
    """Code, name, field, time limit, fee and active flag of every procedure."""

    def procedure(self, row: int) -> ProcedureDTO | None:
        return self.row(row)

    def headers(self) -> tuple[str, ...]:
        return (self.tr("Mã"), self.tr("Tên thủ tục"), self.tr("Lĩnh vực"), self.tr("Thời hạn"),
                self.tr("Phí"))

    def style(self, p: ProcedureDTO, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and not p.active:
            return Qt.GlobalColor.gray
        return None

    def cell(self, p: ProcedureDTO, col: int) -> str:
        if col == 0:
            return p.code
        if col == 1:
            return p.name + ("" if p.active else self.tr(" (ngừng áp dụng)"))
        if col == 2:
            return p.field
        if col == 3:
            return "—" if p.time_limit_days is None else fill(self.tr("%1 ngày"),
                                                              str(p.time_limit_days))
        return money(p.fee_vnd)


class CataloguePage(QWidget):
    """The catalogue with an editor for the selected procedure."""

    def __init__(self, session: UserSession, runner: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session, self._runner = session, runner
        self._current: ProcedureDTO | None = None
        lay = QHBoxLayout(self)
        left = QVBoxLayout()
        self.model = ProceduresModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.clicked.connect(self._on_table_clicked)
        left.addWidget(self.table, 1)
        import_button = QPushButton(self.tr("Nhập danh mục từ tệp CSV…"))
        import_button.clicked.connect(self.import_csv)
        self.import_result = role_label("", "muted")
        left.addWidget(import_button)
        left.addWidget(self.import_result)
        lay.addLayout(left, 3)
        lay.addWidget(self._editor(), 2)
        self.load()

    def _editor(self) -> QWidget:
        box = panel()
        v = QVBoxLayout(box)
        self.code = role_label("", "title")
        v.addWidget(self.code)
        self.general = error_label()
        v.addWidget(self.general)
        self.errors = FieldErrors(self.general)
        form = QFormLayout()
        self.name, self.field, self.department = QLineEdit(), QLineEdit(), QLineEdit()
        self.days, self.cutoff, self.fee = QLineEdit(), QLineEdit(), QLineEdit()
        self.days.setPlaceholderText(self.tr("để trống: không quy định"))
        self.cutoff.setPlaceholderText(self.tr("HH:MM, để trống nếu không có"))
        self.fee.setPlaceholderText(self.tr("đồng, để trống nếu không thu"))
        self.documents = QPlainTextEdit()
        self.documents.setTabChangesFocus(True)
        self.documents.setPlaceholderText(self.tr("Mỗi dòng một thành phần hồ sơ"))
        self.active = QCheckBox(self.tr("Đang áp dụng"))
        for key, caption, w in (("name", self.tr("Tên thủ tục"), self.name),
                                ("field", self.tr("Lĩnh vực"), self.field),
                                ("days", self.tr("Thời hạn (ngày làm việc)"), self.days),
                                ("cutoff", self.tr("Giờ chốt nhận"), self.cutoff),
                                ("fee_vnd", self.tr("Phí, lệ phí"), self.fee),
                                ("department", self.tr("Phòng xử lý"), self.department),
                                ("documents", self.tr("Thành phần hồ sơ"), self.documents)):
            self.errors.row(form, key, caption, w)
        form.addRow("", self.active)
        v.addLayout(form)
        self.save_button = QPushButton(self.tr("Lưu thủ tục"))
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self.save)
        v.addWidget(self.save_button)
        return box

    def load(self) -> None:
        ctx = self._session.ctx
        Op(self._runner, lambda: catalogue.list_procedures(ctx, active_only=False)) \
            .success(self.model.set_rows).run_in_background()

    def _on_table_clicked(self, index: QModelIndex) -> None:
        p = self.model.procedure(index.row())
        if p is not None:
            self.edit(p)

    def edit(self, p: ProcedureDTO) -> None:
        """Fill the editor with ``p``."""
        self._current = p
        self.errors.clear()
        self.code.setText(p.code)
        self.name.setText(p.name)
        self.field.setText(p.field)
        self.department.setText(p.department)
        self.days.setText("" if p.time_limit_days is None else str(p.time_limit_days))
        self.cutoff.setText(p.cutoff or "")
        self.fee.setText("" if p.fee_vnd is None else str(p.fee_vnd))
        self.documents.setPlainText("\n".join(str(d.get("name", "")) for d in p.documents))
        self.active.setChecked(p.active)
        self.save_button.setEnabled(True)

    def save(self) -> None:
        if self._current is None:
            return
        ctx, code = self._session.ctx, self._current.code
        docs = [line.strip() for line in self.documents.toPlainText().splitlines() if line.strip()]
        changes: dict[str, Any] = {
            "name": self.name.text(), "field": self.field.text(),
            "department": self.department.text(), "time_limit_days": self.days.text() or None,
            "cutoff": self.cutoff.text() or None, "fee_vnd": self.fee.text() or None,
            "documents": docs, "active": self.active.isChecked()}
        self.errors.clear()
        Op(self._runner, lambda: catalogue.update_procedure(ctx, code, **changes), write=True,
           changes={"catalogue"}) \
            .success(self._on_saved).failure(self.errors.show).run_in_background()

    def _on_saved(self, p: ProcedureDTO) -> None:
        self.edit(p)
        self.load()

    def import_csv(self) -> None:
        path, _f = QFileDialog.getOpenFileName(self, self.tr("Chọn tệp danh mục"), "",
                                               self.tr("Tệp CSV (*.csv)"))
        if not path:
            return
        ctx = self._session.ctx
        Op(self._runner, lambda: catalogue.import_csv(ctx, path, update=True), write=True,
           changes={"catalogue"}) \
            .success(self._on_imported).failure(self.errors.show).run_in_background()

    def _on_imported(self, report: catalogue.ImportReport) -> None:
        self.import_result.setText(fill(self.tr("Đã nhập: %1 mới, %2 cập nhật, %3 không đổi."),
                                        str(report.created), str(report.updated),
                                        str(report.unchanged)))
        self.load()
