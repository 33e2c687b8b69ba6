"""The period and narrowing controls of the Theo dõi tab (kỳ báo cáo, lĩnh vực, phòng, kênh,
cơ quan giải quyết, đơn vị tiếp nhận)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QWidget

from onestop.domain.calendar import VN_TZ
from onestop.services.dto import ProcedureDTO
from onestop.services.reports.types import CHANNELS, Period, ReportFilter
from onestop.ui.messages import channel_label

PRESETS = ("month", "last-month", "quarter", "year")


class DashboardFilters(QWidget):
    """Period presets and dates, and the field / department / channel narrowing.

    Signals:
        sig_changed(): the user chose another period or narrowing.
    """

    sig_changed = Signal()

    def __init__(self, today: Callable[[], date], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._today = today
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.preset = QComboBox()
        for key, text in zip(PRESETS, (self.tr("Tháng này"), self.tr("Tháng trước"),
                                       self.tr("Quý này"), self.tr("Năm nay"))):
            self.preset.addItem(text, key)
        self.preset.addItem(self.tr("Tùy chọn"), "custom")
        self.preset.currentIndexChanged.connect(self._on_preset_current_index_changed)
        self.date_from, self.date_to = QDateEdit(), QDateEdit()
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
            edit.dateChanged.connect(self._on_date_changed)
        self.field, self.department, self.channel = QComboBox(), QComboBox(), QComboBox()
        for box, everything in ((self.field, self.tr("Mọi lĩnh vực")),
                                (self.department, self.tr("Mọi phòng xử lý")),
                                (self.channel, self.tr("Mọi hình thức nộp"))):
            box.addItem(everything, "")
            box.setMaximumWidth(260)
            box.currentIndexChanged.connect(lambda _i: self.sig_changed.emit())
        for c in CHANNELS:
            self.channel.addItem(channel_label(c), c)
        # a centre: the handling agency and the receiving unit (hidden with one of each)
        self.agency, self.unit = QComboBox(), QComboBox()
        for box, everything in ((self.agency, self.tr("Mọi cơ quan giải quyết")),
                                (self.unit, self.tr("Mọi đơn vị tiếp nhận"))):
            box.addItem(everything, "")
            box.setMaximumWidth(260)
            box.setVisible(False)
            box.currentIndexChanged.connect(lambda _i: self.sig_changed.emit())
        for w in (QLabel(self.tr("Kỳ báo cáo")), self.preset, self.date_from, QLabel("–"),
                  self.date_to, self.field, self.department, self.channel, self.agency,
                  self.unit):
            lay.addWidget(w)
        self._set_dates(self._preset_period("month"))

    def set_procedures(self, procedures: list[ProcedureDTO]) -> None:
        """Offer the fields and departments of the catalogue (keeps the current choice)."""
        for box, values in ((self.field, {p.field for p in procedures if p.field}),
                            (self.department, {p.department for p in procedures if p.department})):
            current = box.currentData()
            box.blockSignals(True)
            while box.count() > 1:
                box.removeItem(1)
            for value in sorted(values):
                box.addItem(value, value)
            box.setCurrentIndex(max(0, box.findData(current)))
            box.blockSignals(False)

    def set_parties(self, rows: list[dict[str, Any]]) -> None:
        """Offer the handling agencies and receiving units of the register (``list_agencies``
        rows; keeps the current choice); a box with a single choice stays hidden."""
        for box, kinds in ((self.agency, ("agency", "both")), (self.unit, ("unit", "both"))):
            current = box.currentData()
            box.blockSignals(True)
            while box.count() > 1:
                box.removeItem(1)
            for r in rows:
                if r["kind"] in kinds:
                    box.addItem(f"{r['name']} ({r['code']})", r["code"])
            box.setCurrentIndex(max(0, box.findData(current)))
            box.setVisible(box.count() > 2)
            box.blockSignals(False)

    def report_filter(self) -> ReportFilter:
        return ReportFilter(field=self.field.currentData() or "",
                            department=self.department.currentData() or "",
                            channel=self.channel.currentData() or "",
                            agency_code=self.agency.currentData() or "",
                            unit_code=self.unit.currentData() or "")

    def period(self) -> Period | None:
        """The chosen period; None for "this month" (so it follows the clock at month end)."""
        key = self.preset.currentData()
        if key == "month":
            return None
        if key == "custom":
            lo, hi = self.date_from.date(), self.date_to.date()
            first = date(lo.year(), lo.month(), lo.day())
            return Period(first, max(first, date(hi.year(), hi.month(), hi.day())))
        return self._preset_period(key)

    def _preset_period(self, key: str) -> Period:
        today = self._today()
        month = Period.month_of(today)
        if key == "last-month":
            return Period.month_of(month.date_from - timedelta(days=1))
        if key == "quarter":
            first = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
            return Period(first, Period.month_of(first + timedelta(days=62)).date_to)
        if key == "year":
            return Period(date(today.year, 1, 1), date(today.year, 12, 31))
        return month

    def _set_dates(self, p: Period) -> None:
        for edit, day in ((self.date_from, p.date_from), (self.date_to, p.date_to)):
            edit.blockSignals(True)
            edit.setDate(QDate(day.year, day.month, day.day))
            edit.blockSignals(False)

    def _on_preset_current_index_changed(self, _index: int) -> None:
        key = self.preset.currentData()
        if key != "custom":
            self._set_dates(self._preset_period(key))
            self.sig_changed.emit()

    def _on_date_changed(self, _d: QDate) -> None:
        self.preset.blockSignals(True)
        self.preset.setCurrentIndex(self.preset.findData("custom"))
        self.preset.blockSignals(False)
        self.sig_changed.emit()


def local_today(ctx: object) -> Callable[[], date]:
    """Today in agency time by the context's (injectable) clock."""
    return lambda: ctx.now().astimezone(VN_TZ).date()  # type: ignore[attr-defined]
