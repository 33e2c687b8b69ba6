"""Status bar: who is logged in, which counter, which database, and the sync state."""

from __future__ import annotations

from pathlib import PurePath
from urllib.parse import urlsplit

from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from onestop.services import encryption
from onestop.ui.messages import fill, role_label
from onestop.ui.session import UserSession


def database_text(url: str) -> str:
    """A short, password-free description of a database URL (never the password)."""
    scheme, _, rest = url.partition("://")
    if scheme.startswith("sqlite"):
        return f"SQLite · {PurePath(rest.lstrip('/') or ':memory:').name}"
    parts = urlsplit(f"//{rest}")
    return f"PostgreSQL · {parts.hostname or 'localhost'}/{parts.path.lstrip('/')}"


class AppStatusBar(QStatusBar):
    """Permanent labels on the right; transient messages on the left."""

    def __init__(self, session: UserSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.user_label = QLabel(f"{session.user.full_name} ({role_label(session.role)})")
        self.counter_label = QLabel()
        self.database_label = QLabel(
            database_text(session.ctx.engine.url.render_as_string(hide_password=True)))
        self.sync_label = QLabel()
        self.sync_label.setObjectName("status_sync")
        # issue 16: a plain (unencrypted) local database is said, in red, until "encrypt"
        self.encryption_label = QLabel()
        self.encryption_label.setObjectName("status_encryption")
        if encryption.status(session.ctx).encrypted is False:
            self.encryption_label.setText(self.tr("CSDL chưa mã hoá"))
            self.encryption_label.setToolTip(self.tr(
                "Dữ liệu cá nhân đọc được nếu tệp bị sao chép; quản trị viên chạy "
                "“onestop encrypt”."))
            self.encryption_label.setStyleSheet("color: #b42318; font-weight: bold;")
        elif encryption.status(session.ctx).encrypted:
            self.encryption_label.setText(self.tr("CSDL đã mã hoá"))
        for w in (self.user_label, self.counter_label, self.database_label,
                  self.encryption_label, self.sync_label):
            self.addPermanentWidget(w)
        self.set_sync_state(self.tr("Đồng bộ: chưa cấu hình"))

    def set_counter(self, number: int) -> None:
        self.counter_label.setText(fill(self.tr("Quầy %1"), str(number)))

    def set_sync_state(self, text: str, ok: bool | None = None) -> None:
        """Show the sync state (the sync worker calls this; ``ok`` colours it)."""
        colour = {True: "#067647", False: "#b42318"}.get(ok, "#475467")  # type: ignore[arg-type]
        self.sync_label.setText(text)
        self.sync_label.setStyleSheet(f"color: {colour};")
