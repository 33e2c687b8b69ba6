"""The appointment and how it was reached: start day, skipped days and why, clock notes."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from onestop.domain.calendar import VN_TZ
from onestop.services.dto import DueDTO
from onestop.ui.messages import fill, tr_core
from onestop.ui.widgets import role_label


def weekday(d: date) -> str:
    """Vietnamese weekday name ("Thứ Hai" … "Chủ nhật")."""
    names = (
        QCoreApplication.translate("Weekday", "Thứ Hai"),
        QCoreApplication.translate("Weekday", "Thứ Ba"),
        QCoreApplication.translate("Weekday", "Thứ Tư"),
        QCoreApplication.translate("Weekday", "Thứ Năm"),
        QCoreApplication.translate("Weekday", "Thứ Sáu"),
        QCoreApplication.translate("Weekday", "Thứ Bảy"),
        QCoreApplication.translate("Weekday", "Chủ nhật"),
    )
    return names[d.weekday()]


def appointment_text(due_at: datetime | None) -> str:
    """``07:30, Thứ Hai 07/12/2026`` in agency local time."""
    if due_at is None:
        return QCoreApplication.translate("DueView", "Không quy định thời hạn")
    local = due_at.astimezone(VN_TZ)
    return f"{local:%H:%M}, {weekday(local.date())} {local:%d/%m/%Y}"


class DueView(QWidget):
    """Shows a :class:`DueDTO`: the appointment in large type and its explanation."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.caption = role_label(self.tr("Ngày hẹn trả kết quả"), "muted")
        self.appointment = role_label("—", "big")
        self.appointment.setObjectName("due_appointment")
        self.explanation = QLabel()
        self.explanation.setObjectName("due_explanation")
        self.explanation.setWordWrap(True)
        for w in (self.caption, self.appointment, self.explanation):
            lay.addWidget(w)

    def clear(self, hint: str = "") -> None:
        self.appointment.setText("—")
        self.explanation.setText(hint)

    def show_due(self, due: DueDTO, limit_days: int | None = None) -> None:
        """Display the appointment and every reason behind it."""
        self.appointment.setText(appointment_text(due.due_at))
        self.explanation.setText(explain(due, limit_days))


def explain(due: DueDTO, limit_days: int | None = None) -> str:
    """The explanation as a few lines of text."""
    lines: list[str] = []
    if due.start_day is not None:
        start = f"{weekday(due.start_day)} {due.start_day:%d/%m/%Y}"
        if limit_days:
            lines.append(fill(QCoreApplication.translate("DueView", "%1 ngày làm việc, tính từ %2."),
                              str(limit_days), start))
        else:
            lines.append(fill(QCoreApplication.translate("DueView", "Tính từ %1."), start))
    if due.skipped:
        lines.append(QCoreApplication.translate("DueView", "Không tính các ngày nghỉ:"))
        lines += [f"  • {weekday(d)} {d:%d/%m/%Y} — {tr_core(reason)}" for d, reason in due.skipped]
    lines += [tr_core(n) for n in due.notes]
    return "\n".join(lines)
