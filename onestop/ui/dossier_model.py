"""The dossier list model: an ID list from SQL, rows fetched a page at a time on demand.

Searching and ordering happen in SQL and return only ids (cheap even for a million dossiers);
the view asks for the rows it paints and the model fetches the page around them in the
background, caching a bounded number of pages. Every load carries the model's *generation*:
an answer that arrives after the filter or sort changed is dropped (STYLE.md rules 7 and 8).
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal,
)

from onestop.services.queries import DossierFilter, DossierRow
from onestop.ui import style
from onestop.ui.messages import local_date, local_dt, status_label, timeliness_label
from onestop.ui.tasks import Op, TaskRunner

_Index = QModelIndex | QPersistentModelIndex

LoadIds = Callable[[DossierFilter, str, bool], Sequence[Any]]
LoadRows = Callable[[Sequence[Any]], Sequence[DossierRow]]

PAGE_SIZE = 100
MAX_PAGES = 60  # ~6,000 rows cached: a few screens either way, bounded memory

#: (column key, sort key in services.queries.SORTABLE or "" when not sortable)
COLUMNS: tuple[tuple[str, str], ...] = (
    ("code", "code"), ("name", "name"), ("id_number", ""), ("procedure", ""),
    ("status", "status"), ("timeliness", ""), ("received_at", "received_at"),
    ("due_at", "due_at"), ("received_by", ""),
)
CODE_ROLE = Qt.ItemDataRole.UserRole + 1


class DossierTableModel(QAbstractTableModel):
    """Lazy, ID-based table over all dossiers.

    Signals:
        sig_loaded(int): a new id list arrived (the number of matching dossiers).
        sig_page_loaded(int): a page of rows arrived (its number).
    """

    sig_loaded = Signal(int)
    sig_page_loaded = Signal(int)

    def __init__(self, runner: TaskRunner, load_ids: LoadIds, load_rows: LoadRows,
                 parent: Any = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._load_ids = load_ids
        self._load_rows = load_rows
        self._filter = DossierFilter()
        self._sort, self._descending = "received_at", True
        self._ids: Sequence[Any] = ()
        self._pages: OrderedDict[int, list[DossierRow | None]] = OrderedDict()
        self._inflight: set[int] = set()
        self._generation = 0
        #: when the id list was read (the staleness stamp shown under the list)
        self.loaded_at: datetime | None = None
        self.load_seconds = 0.0

    # --- loading ------------------------------------------------------------------------------

    @property
    def filter(self) -> DossierFilter:
        return self._filter

    def set_filter(self, f: DossierFilter) -> None:
        self._filter = f
        self.reload()

    def reload(self) -> None:
        """Read the id list again (filter, sort or data changed); keeps rows until it arrives."""
        self._generation += 1
        gen, f, key, desc = self._generation, self._filter, self._sort, self._descending
        started = time.perf_counter()
        Op(self._runner, lambda: self._load_ids(f, key, desc)) \
            .success(lambda ids: self._on_ids(gen, ids, started)).run_in_background()

    def _on_ids(self, generation: int, ids: Sequence[Any], started: float) -> None:
        if generation != self._generation:
            return  # a newer filter or sort is on its way
        self.beginResetModel()
        self._ids = ids
        self._pages.clear()
        self._inflight.clear()
        self.loaded_at = datetime.now().astimezone()
        self.load_seconds = time.perf_counter() - started
        self.endResetModel()
        self.sig_loaded.emit(len(ids))

    def _request_page(self, page: int) -> None:
        if page in self._inflight:
            return
        self._inflight.add(page)
        gen = self._generation
        ids = list(self._ids[page * PAGE_SIZE:(page + 1) * PAGE_SIZE])
        Op(self._runner, lambda: self._load_rows(ids)) \
            .success(lambda rows: self._on_page(gen, page, ids, rows)).run_in_background()

    def _on_page(self, generation: int, page: int, ids: list[Any],
                 rows: Sequence[DossierRow]) -> None:
        if generation != self._generation:
            return
        self._inflight.discard(page)
        by_id = {r.id: r for r in rows}
        self._pages[page] = [by_id.get(i) for i in ids]
        while len(self._pages) > MAX_PAGES:
            self._pages.popitem(last=False)
        first = page * PAGE_SIZE
        last = min(first + len(ids), len(self._ids)) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1))
        self.sig_page_loaded.emit(page)

    def row_at(self, row: int) -> DossierRow | None:
        """The row's data if its page is loaded (None otherwise; the page is then requested)."""
        if not 0 <= row < len(self._ids):
            return None
        page = row // PAGE_SIZE
        rows = self._pages.get(page)
        if rows is None:
            self._request_page(page)
            return None
        self._pages.move_to_end(page)
        return rows[row - page * PAGE_SIZE]

    def is_loaded(self, row: int) -> bool:
        return (row // PAGE_SIZE) in self._pages

    # --- Qt model -----------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        if not 0 <= section < len(COLUMNS):
            return None
        return (self.tr("Mã hồ sơ"), self.tr("Người nộp"), self.tr("Số định danh"),
                self.tr("Thủ tục"), self.tr("Trạng thái"), self.tr("Tiến độ"),
                self.tr("Ngày nhận"), self.tr("Hẹn trả"), self.tr("Người nhận"))[section]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        r = self.row_at(index.row())
        if r is None:
            if role == Qt.ItemDataRole.DisplayRole and index.column() == 0:
                return "…"
            return None
        key = COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(r, key)
        if role == Qt.ItemDataRole.ToolTipRole and key == "procedure":
            return r.procedure_name
        if role == CODE_ROLE:
            return r.code
        if key == "timeliness" and role == Qt.ItemDataRole.BackgroundRole:
            return style.timeliness_background(r.timeliness)
        if key == "timeliness" and role == Qt.ItemDataRole.ForegroundRole:
            return style.timeliness_foreground(r.timeliness)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Order in SQL by the column's key (columns without one keep the current order)."""
        if not 0 <= column < len(COLUMNS) or not COLUMNS[column][1]:
            return
        self._sort = COLUMNS[column][1]
        self._descending = order == Qt.SortOrder.DescendingOrder
        self.reload()


def _display(r: DossierRow, key: str) -> str:
    if key == "code":
        return r.code
    if key == "name":
        return r.applicant_name
    if key == "id_number":
        return r.id_number_masked
    if key == "procedure":
        return r.procedure_name
    if key == "status":
        return status_label(r.status)
    if key == "timeliness":
        return timeliness_label(r.timeliness)
    if key == "received_at":
        return local_dt(r.received_at)
    if key == "due_at":
        return local_date(r.due_at)
    return r.received_by
