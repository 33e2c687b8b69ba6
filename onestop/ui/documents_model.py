"""The required-documents checklist of the receive screen: received?, originals, copies."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtCore import QObject

_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()  # the default parent: the invisible root
NAME, ORIGINAL, COPY = range(3)
MAX_COUNT = 99


@dataclass
class DocumentRow:
    """One line of the checklist (mutable: the officer edits it in place)."""

    name: str
    received: bool = True
    original: int = 1
    copy: int = 0


class DocumentsModel(QAbstractTableModel):
    """Documents of the chosen procedure; the officer ticks what was handed in."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[DocumentRow] = []

    # --- loading and reading ----------------------------------------------------------------

    def set_documents(self, documents: list[dict[str, Any]]) -> None:
        """Load the procedure's required documents, all ticked with their default counts."""
        self.beginResetModel()
        self._rows = [DocumentRow(str(d.get("name", "")), True, int(d.get("original", 1) or 0),
                                  int(d.get("copy", 0) or 0)) for d in documents]
        self.endResetModel()

    def add_document(self, name: str) -> None:
        """Add a paper the procedure does not list (the officer types its name)."""
        row = len(self._rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append(DocumentRow(name))
        self.endInsertRows()

    def received(self) -> list[dict[str, Any]]:
        """The ticked documents as the reception service expects them."""
        return [{"name": r.name, "original": r.original, "copy": r.copy}
                for r in self._rows if r.received]

    def rows(self) -> list[DocumentRow]:
        return list(self._rows)

    # --- Qt model ---------------------------------------------------------------------------

    def rowCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else 3

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if not 0 <= section < 3:
            return None
        return (self.tr("Thành phần hồ sơ"), self.tr("Bản chính"), self.tr("Bản sao"))[section]

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == NAME:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base | Qt.ItemFlag.ItemIsEditable

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r, col = self._rows[index.row()], index.column()
        if col == NAME:
            if role == Qt.ItemDataRole.DisplayRole or role == Qt.ItemDataRole.ToolTipRole:
                return r.name
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if r.received else Qt.CheckState.Unchecked
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return r.original if col == ORIGINAL else r.copy
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return False
        r, col = self._rows[index.row()], index.column()
        if col == NAME and role == Qt.ItemDataRole.CheckStateRole:
            r.received = _checked(value)
        elif col in (ORIGINAL, COPY) and role == Qt.ItemDataRole.EditRole:
            try:
                count = int(value)
            except (TypeError, ValueError):
                return False
            if not 0 <= count <= MAX_COUNT:
                return False
            if col == ORIGINAL:
                r.original = count
            else:
                r.copy = count
        else:
            return False
        self.dataChanged.emit(index, index, [role])
        return True


def _checked(value: Any) -> bool:
    if isinstance(value, Qt.CheckState):
        return value == Qt.CheckState.Checked
    return int(value) == Qt.CheckState.Checked.value
