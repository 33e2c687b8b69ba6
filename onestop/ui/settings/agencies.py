"""Cơ quan, đơn vị (admin): the directory of receiving units and handling agencies
(issue 14, docs/centre.md). Lists them and adds or edits one; a refused entry keeps the form."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from onestop.services import agencies
from onestop.ui.rows_model import RowsModel
from onestop.ui.session import UserSession
from onestop.ui.tasks import Op, TaskRunner
from onestop.ui.widgets import FieldErrors, error_label, role_label


class AgenciesModel(RowsModel[dict[str, Any]]):
    """Code, kind, name, parent and validity of every unit and agency."""

    def headers(self) -> tuple[str, ...]:
        return (self.tr("Mã định danh"), self.tr("Loại"), self.tr("Tên"),
                self.tr("Cơ quan chủ quản"), self.tr("Hiệu lực"))

    def cell(self, a: dict[str, Any], col: int) -> str:
        if col == 0:
            return str(a["code"])
        if col == 1:
            return {"unit": self.tr("Đơn vị tiếp nhận"), "agency": self.tr("Cơ quan giải quyết"),
                    "both": self.tr("Tiếp nhận và giải quyết")}.get(a["kind"], a["kind"])
        if col == 2:
            return str(a["name"])
        if col == 3:
            return str(a["parent"] or "")
        start, end = a.get("valid_from") or "", a.get("valid_to") or ""
        return f"{start} – {end}" if start or end else ""


class AgenciesPage(QWidget):
    """The directory and a form to add (or, for a code already there, edit) an entry."""

    def __init__(self, session: UserSession, runner: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session, self._runner = session, runner
        lay = QVBoxLayout(self)
        self.model = AgenciesModel(self)
        self.table = QTableView()
        self.table.setObjectName("agencies_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        lay.addWidget(self.table, 1)
        general = error_label()
        lay.addWidget(general)
        self.errors = FieldErrors(general)
        form = QFormLayout()
        self.code = QLineEdit()
        self.code.setPlaceholderText("000.00.15.H36")
        self.errors.row(form, "agency_code", self.tr("Mã định danh"), self.code)
        self.kind = QComboBox()
        self.kind.addItem(self.tr("Cơ quan giải quyết"), "agency")
        self.kind.addItem(self.tr("Đơn vị tiếp nhận (trung tâm, chi nhánh)"), "unit")
        self.errors.row(form, "kind", self.tr("Loại"), self.kind)
        self.name = QLineEdit()
        self.errors.row(form, "agency_name", self.tr("Tên"), self.name)
        self.parent_name = QLineEdit()
        self.errors.row(form, "parent_name", self.tr("Cơ quan chủ quản"), self.parent_name)
        self.place = QLineEdit()
        self.errors.row(form, "place_name", self.tr("Địa danh (dòng ngày tháng)"), self.place)
        self.valid_from = QLineEdit()
        self.valid_from.setPlaceholderText(self.tr("ngày/tháng/năm"))
        self.errors.row(form, "valid_from", self.tr("Hiệu lực từ ngày"), self.valid_from)
        self.valid_to = QLineEdit()
        self.valid_to.setPlaceholderText(self.tr("ngày/tháng/năm"))
        self.errors.row(form, "valid_to", self.tr("Hiệu lực đến ngày"), self.valid_to)
        self.successor = QLineEdit()
        self.errors.row(form, "successor", self.tr("Cơ quan kế thừa"), self.successor)
        lay.addLayout(form)
        self.save_button = QPushButton(self.tr("Lưu cơ quan, đơn vị"))
        self.save_button.setObjectName("agencies_save")
        self.save_button.clicked.connect(self.save)
        lay.addWidget(self.save_button)
        self.saved = role_label("", "muted")
        lay.addWidget(self.saved)
        self.load()

    def load(self) -> None:
        ctx = self._session.ctx
        Op(self._runner, lambda: agencies.list_agencies(ctx)) \
            .success(self.model.set_rows).run_in_background()

    def save(self) -> None:
        """Add the entry (or edit the one with that code); the form stays as typed on error."""
        ctx = self._session.ctx
        code = self.code.text().strip().upper()
        update = code in {a["code"] for a in self.model.rows()}

        def typed(edit: QLineEdit) -> str | None:
            # editing an entry: a field left empty keeps its value
            return edit.text().strip() or (None if update else "")

        values = dict(name=self.name.text() or None, parent=typed(self.parent_name),
                      valid_from=typed(self.valid_from), valid_to=typed(self.valid_to),
                      successor=self.successor.text().strip() or None,
                      kind=str(self.kind.currentData()), place=typed(self.place),
                      update=update)
        self.errors.clear()
        self.saved.clear()
        Op(self._runner, lambda: agencies.add_agency(ctx, self.code.text(), **values),
           write=True, changes={"agency"}).success(self._on_saved) \
            .failure(self.errors.show).run_in_background()

    def _on_saved(self, row: dict[str, Any]) -> None:
        self.saved.setText(self.tr("Đã lưu %1.").replace("%1", str(row["code"])))
        for edit in (self.code, self.name, self.parent_name, self.place, self.valid_from,
                     self.valid_to, self.successor):
            edit.clear()
        self.load()
