"""Login: username and password, lock-out message; creates the first admin on a new database."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from onestop.services import users
from onestop.services.context import SYSTEM_USER, Context
from onestop.services.users import UserDTO
from onestop.ui.messages import fill
from onestop.ui.tasks import Op, TaskRunner
from onestop.ui.widgets import (
    FieldErrors,
    bring_forward,
    dialog_buttons,
    error_label,
    role_label,
)


class LoginDialog(QDialog):
    """Asks for credentials and checks them in the background.

    Signals:
        sig_logged_in(UserDTO): the credentials were right; the dialog is accepted.
    """

    sig_logged_in = Signal(object)

    def __init__(self, ctx: Context, runner: TaskRunner, agency_name: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._runner = runner
        self.user: UserDTO | None = None
        self.setWindowTitle(self.tr("OneStop Desk — Đăng nhập"))
        self.setMinimumWidth(420)
        lay = QVBoxLayout(self)
        lay.addWidget(role_label(self.tr("Bộ phận Một cửa"), "title"))
        if agency_name:
            lay.addWidget(role_label(agency_name, "muted"))
        if ctx.reader is not None:
            self.reader_note = role_label(fill(self.tr(
                "Cơ sở dữ liệu trung tâm, chỉ xem báo cáo (đăng nhập máy chủ: %1). Chỉ lãnh "
                "đạo và quản trị viên đăng nhập được."), ctx.reader), "muted")
            self.reader_note.setObjectName("login_reader_note")
            self.reader_note.setWordWrap(True)
            lay.addWidget(self.reader_note)
        self.general = error_label()
        lay.addWidget(self.general)
        form = QFormLayout()
        self.errors = FieldErrors(self.general)
        self.username = QLineEdit()
        self.username.setObjectName("login_username")
        self.password = QLineEdit()
        self.password.setObjectName("login_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.errors.row(form, "username", self.tr("Tên đăng nhập"), self.username)
        self.errors.row(form, "password", self.tr("Mật khẩu"), self.password)
        lay.addLayout(form)
        self.buttons = dialog_buttons(self, self.tr("Đăng nhập"), self.tr("Thoát"))
        self.buttons.accepted.connect(self.submit)
        lay.addWidget(self.buttons)
        self.username.setFocus()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # a bare X display or a kiosk session has no window manager to activate the dialog:
        # without this the officer's first keys go nowhere
        bring_forward(self, self.username)

    def submit(self) -> None:
        """Check the credentials (Argon2 takes ~50 ms: off the GUI thread)."""
        name, pw = self.username.text(), self.password.text()
        self.buttons.setEnabled(False)
        ctx = self._ctx
        Op(self._runner, lambda: users.authenticate(ctx, name, pw), write=True) \
            .success(self._on_ok).failure(self._on_failed) \
            .finally_(lambda: self.buttons.setEnabled(True)).run_in_background()

    def _on_ok(self, user: UserDTO) -> None:
        self.user = user
        self.sig_logged_in.emit(user)
        self.accept()

    def _on_failed(self, exc: Exception) -> None:
        self.errors.show(exc)
        self.password.clear()
        self.password.setFocus()


class FirstAdminDialog(QDialog):
    """On a database without any account: create the first administrator."""

    def __init__(self, ctx: Context, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx.as_user(SYSTEM_USER)
        self._runner = runner
        self.setWindowTitle(self.tr("Tạo tài khoản quản trị đầu tiên"))
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(self.tr("Cơ sở dữ liệu chưa có tài khoản nào. Hãy tạo tài khoản "
                                     "quản trị để đăng nhập.")))
        self.general = error_label()
        lay.addWidget(self.general)
        self.errors = FieldErrors(self.general)
        form = QFormLayout()
        self.username, self.full_name = QLineEdit("admin"), QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.role = QComboBox()
        self.role.addItem(self.tr("Quản trị"), "admin")
        self.errors.row(form, "username", self.tr("Tên đăng nhập"), self.username)
        self.errors.row(form, "full_name", self.tr("Họ tên"), self.full_name)
        self.errors.row(form, "password", self.tr("Mật khẩu"), self.password)
        lay.addLayout(form)
        buttons = dialog_buttons(self, self.tr("Tạo tài khoản"), self.tr("Thoát"))
        buttons.accepted.connect(self._submit)
        lay.addWidget(buttons)

    def _submit(self) -> None:
        ctx, name = self._ctx, self.username.text()
        full, pw = self.full_name.text(), self.password.text()
        Op(self._runner, lambda: users.add_user(ctx, name, "admin", full, pw), write=True) \
            .success(lambda _u: self.accept()).failure(self.errors.show).run_in_background()


def has_accounts(ctx: Context) -> bool:
    """Whether any account other than the built-in ``system`` exists (runs in a worker)."""
    return any(u.username != SYSTEM_USER for u in users.list_users(ctx.as_user(SYSTEM_USER)))


def ask_central_password(login: str, parent: QWidget | None = None) -> str | None:
    """Ask for the central server's password of ``login`` (a supervisor's reader login, when
    neither ``ONESTOP_CENTRAL_PASSWORD`` nor a kept password gives it); None when cancelled."""
    text, ok = QInputDialog.getText(
        parent, QCoreApplication.translate("LoginDialog", "OneStop Desk — Máy chủ trung tâm"),
        fill(QCoreApplication.translate("LoginDialog", "Mật khẩu của %1 trên máy chủ trung tâm:"),
             login), QLineEdit.EchoMode.Password)
    return text if ok else None
