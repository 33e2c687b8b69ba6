"""“Dữ liệu cá nhân” tab (supervisors): a citizen's data on request, and the access alerts.

Only calls services.privacy (off the event loop through the task runner); the service
validates, checks the role, writes the file and audits the export.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QFormLayout, QHBoxLayout, QLabel, QLineEdit, QListWidget, QPushButton, QVBoxLayout, QWidget,
)

from onestop.services import privacy
from onestop.ui.session import UserSession
from onestop.ui.tasks import Op, TaskRunner
from onestop.ui.widgets import FieldErrors, error_label, role_label


class PrivacyView(QWidget):
    """Export everything held about one person; see who opened too many ID numbers."""

    def __init__(self, session: UserSession, runner: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session, self._runner = session, runner
        lay = QVBoxLayout(self)
        lay.addWidget(role_label(self.tr("Trích xuất dữ liệu cá nhân theo yêu cầu của công dân"),
                                 "title"))
        general = error_label()
        lay.addWidget(general)
        self.errors = FieldErrors(general)
        form = QFormLayout()
        self.id_number = QLineEdit()
        self.id_number.setObjectName("privacy_id_number")
        self.out = QLineEdit()
        self.out.setObjectName("privacy_out")
        self.out.setPlaceholderText(self.tr("đường dẫn tệp .pdf hoặc .json"))
        self.errors.row(form, "id_number", self.tr("Số định danh cá nhân"), self.id_number)
        self.errors.row(form, "out", self.tr("Lưu vào tệp"), self.out)
        lay.addLayout(form)
        row = QHBoxLayout()
        self.export_button = QPushButton(self.tr("Trích xuất"))
        self.export_button.setObjectName("privacy_export")
        self.export_button.clicked.connect(self.export)
        row.addWidget(self.export_button)
        row.addStretch(1)
        lay.addLayout(row)
        self.result = QLabel()
        self.result.setObjectName("privacy_result")
        self.result.setWordWrap(True)
        lay.addWidget(self.result)
        lay.addWidget(role_label(self.tr("Cảnh báo xem số định danh (24 giờ qua)"), "title"))
        self.alerts = QListWidget()
        self.alerts.setObjectName("privacy_alerts")
        lay.addWidget(self.alerts, 1)
        self.refresh_alerts()

    def export(self) -> None:
        """Write the export; errors stay next to the fields, the text as typed."""
        ctx, number, out = self._session.ctx, self.id_number.text(), self.out.text().strip()
        self.errors.clear()
        self.result.clear()
        self.export_button.setEnabled(False)
        Op(self._runner, lambda: privacy.person_export(ctx, id_number=number or None,
                                                       out=Path(out) if out else Path("")),
           write=True, initiator=self).success(self._on_done) \
            .failure(self.errors.show) \
            .finally_(lambda: self.export_button.setEnabled(True)).run_in_background()

    def _on_done(self, r: dict[str, Any]) -> None:
        self.result.setText(self.tr("Đã lưu %1 hồ sơ vào %2.")
                            .replace("%1", str(r["dossiers"])).replace("%2", r["path"]))

    def refresh_alerts(self) -> None:
        ctx = self._session.ctx
        Op(self._runner, lambda: privacy.alerts(ctx), initiator=self) \
            .success(self._show_alerts).run_in_background()

    def _show_alerts(self, rows: list[dict[str, Any]]) -> None:
        self.alerts.clear()
        for a in rows:
            self.alerts.addItem(self.tr("%1 — %2 đã xem %3 số định danh trong một giờ")
                                .replace("%1", str(a["at"])).replace("%2", str(a["user"]))
                                .replace("%3", str(a["count"])))
