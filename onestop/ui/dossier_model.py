"""The dossier list model: a count, then windows of ids read from SQL as the view needs them.

Searching and ordering happen in SQL. Opening the list costs one ``COUNT``; the view asks for
the rows it paints and the model reads the page of ids around them
(:func:`~onestop.services.queries.page_ids`, which reads a window past the middle from the
other end, so the last page is as quick as the first) and their rows in the background,
caching a bounded number of pages. Only the newest few page requests are kept when the user
scrolls fast. Every answer carries the version of the list it belongs to: one that arrives
after the filter, sort or data changed is dropped (STYLE.md rules 7 and 8).
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from onestop.domain.clock import agency_now
from onestop.services.queries import DossierFilter, DossierRow
from onestop.ui import style
from onestop.ui.messages import local_date, local_dt, status_label, timeliness_label
from onestop.ui.tasks import Op, TaskRunner
from PySide6.QtCore import QObject

_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()  # the default parent: the invisible root

LoadCount = Callable[[DossierFilter], int]
#: (filter, sort key, descending, offset, limit, total) -> the rows of that window
LoadPage = Callable[[DossierFilter, str, bool, int, int, int], Sequence[DossierRow]]

PAGE_SIZE = 100
MAX_PAGES = 60  # ~6,000 rows cached: a few screens either way, bounded memory
MAX_PENDING = 4  # page requests waiting; older ones are forgotten (the view moved on)
MAX_RUNNING = 2  # page loads at once; an urgent reader stays free for scans and previews

#: (column key, sort key in services.queries.SORTABLE or "" when not sortable)
COLUMNS: tuple[tuple[str, str], ...] = (
    ("code", "code"), ("name", "name"), ("id_number", ""), ("procedure", ""),
    ("status", "status"), ("timeliness", ""), ("received_at", "received_at"),
    ("due_at", "due_at"), ("received_by", ""),
)
CODE_ROLE = Qt.ItemDataRole.UserRole + 1


class DossierTableModel(QAbstractTableModel):
    """Lazy table over all dossiers matching a filter.

    Signals:
        sig_loaded(int): a new count arrived (the number of matching dossiers).
        sig_page_loaded(int): a page of rows arrived (its number).
    """

    sig_loaded = Signal(int)
    sig_page_loaded = Signal(int)

    def __init__(self, runner: TaskRunner, load_count: LoadCount, load_page: LoadPage,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._load_count = load_count
        self._load_page = load_page
        self._filter = DossierFilter()
        self._sort, self._descending = "received_at", True
        self._count = 0
        self._pages: OrderedDict[int, list[DossierRow | None]] = OrderedDict()
        self._pending: list[int] = []
        self._running: set[tuple[int, int]] = set()  # (version, page)
        self._generation = 0  # count requests: only the newest one is applied
        self._version = 0  # the list in use: pages of an older list are dropped
        #: when the count was read (the staleness stamp shown under the list)
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
        """Count again (filter, sort or data changed); the rows shown stay until it arrives."""
        self._generation += 1
        gen, f = self._generation, self._filter
        started = time.perf_counter()
        Op(self._runner, lambda: self._load_count(f)) \
            .success(lambda n: self._on_count(gen, n, started)).run_in_background()

    def _on_count(self, generation: int, count: int, started: float) -> None:
        if generation != self._generation:
            return  # a newer filter or sort is on its way
        self.beginResetModel()
        self._count = count
        self._version += 1
        self._pages.clear()
        self._pending.clear()
        self.loaded_at = agency_now()
        self.load_seconds = time.perf_counter() - started
        self.endResetModel()
        self.sig_loaded.emit(count)

    def _request_page(self, page: int) -> None:
        if page in self._pending or (self._version, page) in self._running:
            return
        self._pending.append(page)
        del self._pending[:-MAX_PENDING]
        self._pump()

    def _pump(self) -> None:
        """Start the newest pending page loads, at most MAX_RUNNING at a time."""
        running = sum(1 for v, _p in self._running if v == self._version)
        while self._pending and running < MAX_RUNNING:
            self._start_page(self._pending.pop())
            running += 1

    def _start_page(self, page: int) -> None:
        version, f, key, desc, total = (self._version, self._filter, self._sort,
                                         self._descending, self._count)
        self._running.add((version, page))
        # urgent: someone is looking at these rows (at most MAX_RUNNING at once)
        Op(self._runner, lambda: self._load_page(f, key, desc, page * PAGE_SIZE, PAGE_SIZE,
                                                 total), urgent=True) \
            .success(lambda rows: self._on_page(version, page, rows)) \
            .finally_(lambda: self._on_page_done(version, page)).run_in_background()

    def _on_page_done(self, version: int, page: int) -> None:
        self._running.discard((version, page))
        self._pump()

    def _on_page(self, version: int, page: int, rows: Sequence[DossierRow]) -> None:
        if version != self._version:
            return  # rows of a list that has been replaced meanwhile
        first = page * PAGE_SIZE
        size = max(0, min(PAGE_SIZE, self._count - first))
        self._pages[page] = (list(rows) + [None] * size)[:size]
        while len(self._pages) > MAX_PAGES:
            self._pages.popitem(last=False)
        if size:
            self.dataChanged.emit(self.index(first, 0),
                                  self.index(first + size - 1, len(COLUMNS) - 1))
        self.sig_page_loaded.emit(page)

    def row_at(self, row: int) -> DossierRow | None:
        """The row's data if its page is loaded (None otherwise; the page is then requested)."""
        if not 0 <= row < self._count:
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

    def rowCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: _Index = _ROOT) -> int:
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
        if not index.isValid() or not 0 <= index.row() < self._count:
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
