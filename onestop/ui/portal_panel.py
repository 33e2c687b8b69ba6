"""The supervisors' dashboard: dossiers the national portal (Cổng DVCQG) has not acknowledged
after the agency's ``portal_ack_hours`` (issue 17). Loaded off the event loop."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from onestop.ui.messages import local_dt

STATE_TEXT = {None: "chưa gửi", "pending": "đang chờ", "failed": "lỗi, sẽ gửi lại",
              "attention": "cần xử lý"}


class PortalPanel(QGroupBox):
    """A count (the tile) and the list; double-click or Enter opens the dossier."""

    sig_open_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Cổng DVCQG chưa xác nhận"), parent)
        self.setObjectName("portal_panel")
        lay = QVBoxLayout(self)
        self.tile = QLabel("—")
        self.tile.setObjectName("portal_tile")
        self.tile.setProperty("role", "tile-value")
        lay.addWidget(self.tile)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("portal_list")
        self.table.setHorizontalHeaderLabels([self.tr("Mã hồ sơ"), self.tr("Tiếp nhận"),
                                              self.tr("Tình trạng"), self.tr("Lỗi")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.cellDoubleClicked.connect(self._open)
        self.table.cellActivated.connect(self._open)
        lay.addWidget(self.table)

    def set_data(self, data: dict[str, Any]) -> None:
        self.tile.setText(self.tr("%1 hồ sơ chưa được Cổng DVCQG nhận sau %2 giờ")
                          .replace("%1", str(data["count"])).replace("%2", str(data["hours"])))
        rows = data["rows"]
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            for j, text in enumerate((r["code"], local_dt(datetime.fromisoformat(r["received_at"])),
                                      STATE_TEXT.get(r["state"], r["state"] or ""), r["error"])):
                self.table.setItem(i, j, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()

    def _open(self, row: int, _col: int) -> None:
        item = self.table.item(row, 0)
        if item is not None:
            self.sig_open_requested.emit(item.text())
