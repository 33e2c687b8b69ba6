"""The dashboard's satisfaction panel (issue 18): ratings of the dossiers returned in the
period, in total and per procedure, agency and officer — counts only, never a citizen."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from onestop.domain import messages as m
from onestop.domain.notices import RATINGS
from onestop.ui.messages import tr_core
from onestop.ui.widgets import role_label


class SatisfactionPanel(QWidget):
    """A table: group, one column per rating, ratings, satisfied %."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dashboard_satisfaction")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(role_label(self.tr("Mức độ hài lòng của người dân (hồ sơ trả kết quả "
                                         "trong kỳ)"), "muted"))
        self.summary = QLabel()
        self.summary.setObjectName("satisfaction_summary")
        lay.addWidget(self.summary)
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Nhóm"), *[tr_core(m.RATING_LABELS[r]) for r in RATINGS],
             self.tr("Số đánh giá"), self.tr("Hài lòng (%)")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(160)
        lay.addWidget(self.table)

    def set_summary(self, s: Any) -> None:
        """Show a :class:`onestop.services.satisfaction.Summary` (None: nothing to show)."""
        self.table.setRowCount(0)
        if s is None:
            self.summary.setText("")
            return
        pct = s.total.satisfied_percent
        self.summary.setText(self.tr("%1 lượt đánh giá · hài lòng %2 · %3 hồ sơ không đánh giá")
                             .replace("%1", str(s.total.total))
                             .replace("%2", "—" if pct is None else f"{pct:.1f}".replace(".", ",")
                                      + " %")
                             .replace("%3", str(s.unrated)))
        groups = ((self.tr("Thủ tục"), s.by_procedure), (self.tr("Cơ quan"), s.by_agency),
                  (self.tr("Cán bộ trả kết quả"), s.by_officer))
        for title, rows in groups:
            for r in rows:
                label = f"{title}: {r.key} – {r.label}" if r.label != r.key else f"{title}: {r.key}"
                pct = r.satisfied_percent
                self._append([label, *[str(r.counts[x]) for x in RATINGS], str(r.total),
                              "—" if pct is None else f"{pct:.1f}".replace(".", ",")])

    def _append(self, values: list[str]) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for col, text in enumerate(values):
            self.table.setItem(row, col, QTableWidgetItem(text))
