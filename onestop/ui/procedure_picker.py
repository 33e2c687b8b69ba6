"""Procedure picker: accent-insensitive type-ahead over the code, name and field."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from onestop.services import catalogue
from onestop.services.dto import ProcedureDTO
from PySide6.QtCore import QObject

_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()  # the default parent: the invisible root


def procedure_text(p: ProcedureDTO) -> str:
    """How a chosen procedure reads in the picker."""
    return f"{p.code} — {p.name}"


class ProcedureListModel(QAbstractListModel):
    """The catalogue, filtered in memory (a few hundred rows at most)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._all: list[ProcedureDTO] = []
        self._shown: list[ProcedureDTO] = []

    def set_procedures(self, procedures: list[ProcedureDTO]) -> None:
        self.beginResetModel()
        self._all = list(procedures)
        self._shown = list(procedures)
        self.endResetModel()

    def set_filter(self, query: str) -> None:
        """Keep the procedures whose code, name or field contain every folded word."""
        self.beginResetModel()
        self._shown = catalogue.search(self._all, query)
        self.endResetModel()

    def procedure(self, row: int) -> ProcedureDTO | None:
        return self._shown[row] if 0 <= row < len(self._shown) else None

    def by_code(self, code: str) -> ProcedureDTO | None:
        code = code.strip().upper()
        return next((p for p in self._all if p.code == code), None)

    def rowCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._shown)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._shown):
            return None
        p = self._shown[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return procedure_text(p)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{p.field}\n{p.department}"
        if role == Qt.ItemDataRole.UserRole:
            return p.code
        return None


class ProcedurePicker(QLineEdit):
    """A line edit with a popup of matching procedures.

    Typing filters the popup (``truong thpt`` finds "trường trung học phổ thông"); Enter or a
    click picks the highlighted one; leaving the field with exactly one match picks it.

    Signals:
        sig_procedure_changed(object): the chosen ProcedureDTO, or None when cleared.
        sig_picked(object): the officer picked a procedure with Enter or a click (the form
            moves on to the applicant's name); leaving the field with Tab does not emit it.
    """

    sig_procedure_changed = Signal(object)
    sig_picked = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ProcedureListModel(self)
        self._chosen: ProcedureDTO | None = None
        self._completer = QCompleter(self.model, self)
        # our model filters itself; the completer must show it unfiltered
        self._completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self._completer.setMaxVisibleItems(12)
        self.setCompleter(self._completer)
        self._completer.activated[QModelIndex].connect(  # type: ignore[index]
            self._on_completer_activated)
        self.textEdited.connect(self._on_text_edited)
        self.editingFinished.connect(self._on_editing_finished)
        self.returnPressed.connect(self._on_return_pressed)
        self.setPlaceholderText(self.tr("Gõ mã hoặc tên thủ tục (không cần dấu)…"))

    @property
    def chosen(self) -> ProcedureDTO | None:
        return self._chosen

    def set_procedures(self, procedures: list[ProcedureDTO]) -> None:
        self.model.set_procedures(procedures)

    def choose(self, p: ProcedureDTO | None) -> None:
        """Select ``p`` (or clear) and tell the listeners."""
        changed = (p.code if p else None) != (self._chosen.code if self._chosen else None)
        self._chosen = p
        self.setText(procedure_text(p) if p else "")
        if changed:
            self.sig_procedure_changed.emit(p)

    def choose_code(self, code: str) -> bool:
        p = self.model.by_code(code)
        if p is not None:
            self.choose(p)
        return p is not None

    def _on_text_edited(self, text: str) -> None:
        if self._chosen is not None and text != procedure_text(self._chosen):
            self._chosen = None
            self.sig_procedure_changed.emit(None)
        self.model.set_filter(text)
        if self.model.rowCount():
            self._completer.complete()

    def _on_completer_activated(self, index: QModelIndex) -> None:
        p = self.model.procedure(index.row())
        if p is not None:
            self.choose(p)
            self.sig_picked.emit(p)

    def _on_return_pressed(self) -> None:
        # Qt emits returnPressed before editingFinished: pick an exact code or a sole match now
        self._on_editing_finished()
        if self._chosen is not None:
            self.sig_picked.emit(self._chosen)

    def _on_editing_finished(self) -> None:
        if self._chosen is not None or not self.text().strip():
            return
        exact = self.model.by_code(self.text())
        if exact is not None:
            self.choose(exact)
        elif self.model.rowCount() == 1:
            self.choose(self.model.procedure(0))
