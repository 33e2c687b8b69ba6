"""Người dùng (admin): accounts, roles, passwords, disabling."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from onestop.services import users
from onestop.services.context import SYSTEM_USER
from onestop.services.users import UserDTO
from onestop.ui.messages import fill, local_dt, role_label, ROLES
from onestop.ui.rows_model import RowsModel
from onestop.ui.session import UserSession
from onestop.ui.tasks import Op, TaskRunner
from onestop.ui.widgets import FieldErrors, dialog_buttons, error_label
from onestop.domain.validation import ValidationError


class UsersModel(RowsModel[UserDTO]):
    """Username, full name, role and state of every account."""

    def keep(self, u: UserDTO) -> bool:
        return u.username != SYSTEM_USER  # the built-in CLI account is not managed here

    def user(self, row: int) -> UserDTO | None:
        return self.row(row)

    def usernames(self) -> list[str]:
        return [u.username for u in self.rows()]

    def headers(self) -> tuple[str, ...]:
        return (self.tr("Tên đăng nhập"), self.tr("Họ tên"), self.tr("Vai trò"),
                self.tr("Trạng thái"))

    def cell(self, u: UserDTO, col: int) -> str:
        if col == 0:
            return u.username
        if col == 1:
            return u.full_name
        if col == 2:
            return role_label(u.role)
        if not u.active:
            return self.tr("Đã vô hiệu hoá")
        if u.locked_until is not None:
            return fill(self.tr("Tạm khoá đến %1"), local_dt(u.locked_until))
        return self.tr("Hoạt động")


class UsersView(QWidget):
    """The accounts table with the admin's actions."""

    def __init__(self, session: UserSession, runner: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session, self._runner = session, runner
        lay = QVBoxLayout(self)
        self.general = error_label()
        lay.addWidget(self.general)
        self.errors = FieldErrors(self.general)
        self.model = UsersModel(self)
        self.table = QTableView()
        self.table.setObjectName("users_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        for col in (0, 2, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        lay.addWidget(self.table, 1)
        bar = QHBoxLayout()
        for caption, slot in ((self.tr("Thêm người dùng…"), self.add_user),
                              (self.tr("Đặt lại mật khẩu…"), self.reset_password),
                              (self.tr("Đổi vai trò…"), self.change_role),
                              (self.tr("Vô hiệu hoá / kích hoạt"), self.toggle_active)):
            button = QPushButton(caption)
            button.clicked.connect(slot)
            bar.addWidget(button)
        bar.addStretch(1)
        lay.addLayout(bar)
        self.dialog: UserDialog | None = None
        self.load()

    def load(self) -> None:
        ctx = self._session.ctx
        Op(self._runner, lambda: users.list_users(ctx)).success(self.model.set_rows) \
            .run_in_background()

    def selected(self) -> UserDTO | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.user(rows[0].row()) if rows else None

    def add_user(self) -> UserDialog:
        return self._open(UserDialog(self._session, self._runner, None, "add", self))

    def reset_password(self) -> UserDialog | None:
        u = self.selected()
        return self._open(UserDialog(self._session, self._runner, u, "password", self)) if u \
            else None

    def change_role(self) -> UserDialog | None:
        u = self.selected()
        return self._open(UserDialog(self._session, self._runner, u, "role", self)) if u \
            else None

    def toggle_active(self) -> None:
        u = self.selected()
        if u is None:
            return
        ctx, name, active = self._session.ctx, u.username, not u.active
        Op(self._runner, lambda: users.set_active(ctx, name, active), write=True,
           changes={"user"}).success(lambda _r: self.load()).failure(self.errors.show) \
            .run_in_background()

    def _open(self, dialog: UserDialog) -> UserDialog:
        dialog.accepted.connect(self.load)
        self.dialog = dialog
        dialog.open()
        return dialog


class UserDialog(QDialog):
    """Add an account, set a password, or change a role (``mode``)."""

    def __init__(self, session: UserSession, runner: TaskRunner, user: UserDTO | None,
                 mode: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session, self._runner, self._user, self.mode = session, runner, user, mode
        titles = {"add": self.tr("Thêm người dùng"), "password": self.tr("Đặt lại mật khẩu"),
                  "role": self.tr("Đổi vai trò")}
        self.setWindowTitle(titles[mode])
        lay = QVBoxLayout(self)
        general = error_label()
        lay.addWidget(general)
        self.errors = FieldErrors(general)
        form = QFormLayout()
        self.username = QLineEdit(user.username if user else "")
        self.username.setReadOnly(user is not None)
        self.full_name = QLineEdit(user.full_name if user else "")
        self.role = QComboBox()
        for token in ROLES:
            self.role.addItem(role_label(token), token)
        if user is not None:
            self.role.setCurrentIndex(self.role.findData(user.role))
        self.password, self.again = QLineEdit(), QLineEdit()
        for edit in (self.password, self.again):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.errors.row(form, "username", self.tr("Tên đăng nhập"), self.username)
        if mode == "add":
            self.errors.row(form, "full_name", self.tr("Họ tên"), self.full_name)
        if mode in ("add", "role"):
            self.errors.row(form, "role", self.tr("Vai trò"), self.role)
        if mode in ("add", "password"):
            self.errors.row(form, "password", self.tr("Mật khẩu"), self.password)
            self.errors.row(form, "again", self.tr("Nhập lại mật khẩu"), self.again)
        lay.addLayout(form)
        buttons = dialog_buttons(self, self.tr("Lưu"))
        buttons.accepted.connect(self.submit)
        lay.addWidget(buttons)

    def submit(self) -> None:
        if self.mode in ("add", "password") and self.password.text() != self.again.text():
            self.errors.show(ValidationError("again", "password_mismatch"))
            return
        ctx, name = self._session.ctx, self.username.text()
        full, role, pw = self.full_name.text(), str(self.role.currentData()), self.password.text()
        work = {"add": lambda: users.add_user(ctx, name, role, full, pw),
                "password": lambda: users.set_password(ctx, name, pw),
                "role": lambda: users.set_role(ctx, name, role)}[self.mode]
        Op(self._runner, work, write=True, changes={"user"}) \
            .success(lambda _r: self.accept()).failure(self.errors.show).run_in_background()
