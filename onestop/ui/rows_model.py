"""A read-only table model over a small in-memory list of DTOs.

Catalogue, calendar and user lists are a few hundred rows at most, so they are loaded whole
(unlike the dossier list, which pages by id). Subclasses give the headers and one cell's text;
this class does the Qt bookkeeping every such model needs and ``qtmodeltester`` checks.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtCore import QObject

T = TypeVar("T")
Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()  # the default parent: the invisible root


class RowsModel(QAbstractTableModel, Generic[T]):
    """Rows of ``T``; override :meth:`headers` and :meth:`cell` (and :meth:`style`)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[T] = []

    def keep(self, row: T) -> bool:
        """Whether a row given to :meth:`set_rows` is shown (all by default)."""
        return True

    def set_rows(self, rows: Iterable[T]) -> None:
        self.beginResetModel()
        self._rows = [r for r in rows if self.keep(r)]
        self.endResetModel()

    def row(self, index: int) -> T | None:
        """The row at ``index``, or None outside the list."""
        return self._rows[index] if 0 <= index < len(self._rows) else None

    def rows(self) -> list[T]:
        return list(self._rows)

    def headers(self) -> tuple[str, ...]:
        raise NotImplementedError

    def cell(self, row: T, column: int) -> str:
        raise NotImplementedError

    def style(self, row: T, role: int) -> Any:
        """Data for roles other than display (colours…); None by default."""
        return None

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.headers())

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        headers = self.headers()
        if (orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole
                or not 0 <= section < len(headers)):
            return None
        return headers[section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell(row, index.column())
        return self.style(row, role)
