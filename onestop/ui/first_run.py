"""First-run wizard: agency identity, counter, first admin, optional central database.

Start-up (in ``app.py``, after the QApplication and the translators exist)::

    from onestop.ui.first_run import needs_first_run, run_first_run_wizard
    if needs_first_run() and not run_first_run_wizard():
        return 0          # the administrator cancelled: nothing was written

The wizard only collects answers; ``services.first_run.apply`` validates and writes them
(on a worker thread: Argon2 and the catalogue import take about a second).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from onestop import config
from onestop.domain import codes
from onestop.services.install import first_run
from onestop.services.errors import ServiceError, ValidationError
from onestop.ui.messages import fill

__all__ = ["FirstRunWizard", "needs_first_run", "qt_smoke", "run_first_run_wizard"]


def needs_first_run() -> bool:
    """True when this PC has no settings file and no initialised local database."""
    return first_run.needs_first_run()


def run_first_run_wizard(parent: QWidget | None = None) -> bool:
    """Show the wizard modally; True once the installation is set up, False if cancelled."""
    wizard = FirstRunWizard(parent)
    return wizard.exec() == QDialog.DialogCode.Accepted


class _Signals(QObject):
    sig_finished = Signal(object)
    sig_failed = Signal(object)


class _ApplyTask(QRunnable):
    """Runs ``first_run.apply`` off the GUI thread; results come back as queued signals."""

    def __init__(self, answers: first_run.FirstRunAnswers) -> None:
        super().__init__()
        self.answers = answers
        self.signals = _Signals()

    def run(self) -> None:
        try:
            result = first_run.apply(self.answers)
        except (ServiceError, ValidationError, OSError) as exc:
            self.signals.sig_failed.emit(exc)
        else:
            self.signals.sig_finished.emit(result)


def _line(page: QWizardPage, name: str, mandatory: bool = True,
          echo: QLineEdit.EchoMode = QLineEdit.EchoMode.Normal) -> QLineEdit:
    edit = QLineEdit(page)
    edit.setObjectName(name)
    edit.setEchoMode(echo)
    page.registerField(f"{name}*" if mandatory else name, edit)
    return edit


class _ModePage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Chào mừng đến với OneStop Desk"))
        self.setSubTitle(self.tr("Thiết lập máy tính này làm một quầy của Bộ phận Một cửa."))
        self.normal = QRadioButton(self.tr("Cài đặt thông thường (dữ liệu trong thư mục của "
                                           "người dùng Windows)"), self)
        self.portable = QRadioButton(self.tr("Chế độ di động (dữ liệu nằm cạnh tệp chạy, "
                                             "cho máy không có hồ sơ người dùng)"), self)
        self.portable.setObjectName("portable")
        self.normal.setChecked(True)
        where = QLabel(fill(self.tr("Thư mục dữ liệu: %1"), str(config.paths().data_dir)))
        where.setWordWrap(True)
        layout = QVBoxLayout(self)
        for w in (self.normal, self.portable, where):
            layout.addWidget(w)
        self.registerField("portable", self.portable)


class _AgencyPage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Cơ quan và quầy"))
        self.setSubTitle(self.tr("Mã định danh điện tử của cơ quan, ví dụ 000.00.15.H36."))
        form = QFormLayout(self)
        form.addRow(self.tr("Mã định danh cơ quan:"), _line(self, "agency_code"))
        form.addRow(self.tr("Tên cơ quan:"), _line(self, "agency_name"))
        form.addRow(self.tr("Cơ quan chủ quản:"), _line(self, "parent_name", mandatory=False))
        counter = QSpinBox(self)
        counter.setObjectName("counter")
        counter.setRange(1, codes.MAX_COUNTER)
        self.registerField("counter", counter)
        form.addRow(self.tr("Số quầy:"), counter)


class _AdminPage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Tài khoản quản trị đầu tiên"))
        form = QFormLayout(self)
        form.addRow(self.tr("Tên đăng nhập:"), _line(self, "admin_username"))
        form.addRow(self.tr("Họ và tên:"), _line(self, "admin_full_name"))
        pw = QLineEdit.EchoMode.Password
        form.addRow(self.tr("Mật khẩu:"), _line(self, "admin_password", echo=pw))
        form.addRow(self.tr("Nhập lại mật khẩu:"), _line(self, "admin_password2", echo=pw))
        self.mismatch = QLabel(self)
        self.mismatch.setObjectName("mismatch")
        form.addRow(self.mismatch)

    def validatePage(self) -> bool:  # noqa: N802 - Qt override
        same = self.field("admin_password") == self.field("admin_password2")
        self.mismatch.setText("" if same else self.tr("Hai lần nhập mật khẩu không khớp."))
        return bool(same)


class _CentralPage(QWizardPage):
    """Last page: the optional central database, then Finish runs the set-up."""

    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.setTitle(self.tr("Cơ sở dữ liệu trung tâm (không bắt buộc)"))
        self.setSubTitle(self.tr("Để trống nếu quầy làm việc độc lập; có thể khai báo sau."))
        form = QFormLayout(self)
        url = _line(self, "central_url", mandatory=False)
        url.setPlaceholderText("postgresql+psycopg://user:password@server/onestop")
        form.addRow(self.tr("Địa chỉ (URL):"), url)
        self.status = QLabel(self)
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        form.addRow(self.status)

    def validatePage(self) -> bool:  # noqa: N802 - Qt override
        if self._wizard.done_result is not None:
            return True
        self._wizard.start_apply()
        return False


class FirstRunWizard(QWizard):
    """The first-run wizard.

    Signals:
        sig_setup_finished(object): the set-up succeeded (a ``FirstRunResult``).
        sig_setup_failed(str): the set-up failed; the message was shown on the last page.
    """

    sig_setup_finished = Signal(object)
    sig_setup_failed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("OneStop Desk — Thiết lập lần đầu"))
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, False)
        # going back to fix the agency code must not wipe the admin account typed later
        self.setOption(QWizard.WizardOption.IndependentPages, True)
        self.done_result: first_run.FirstRunResult | None = None
        self._task: _ApplyTask | None = None
        self.central_page = _CentralPage(self)
        for page in (_ModePage(self), _AgencyPage(self), _AdminPage(self), self.central_page):
            self.addPage(page)

    def answers(self) -> first_run.FirstRunAnswers:
        """The answers as typed."""
        f = self.field
        return first_run.FirstRunAnswers(
            agency_code=str(f("agency_code")), agency_name=str(f("agency_name")),
            parent_name=str(f("parent_name") or ""), counter=int(f("counter")),
            admin_username=str(f("admin_username")), admin_full_name=str(f("admin_full_name")),
            admin_password=str(f("admin_password")), central_url=str(f("central_url") or ""),
            portable=bool(f("portable")),
        )

    def start_apply(self) -> None:
        """Run the set-up in the background; buttons stay disabled until it ends."""
        if self._task is not None:
            return
        self._busy(True)
        self.central_page.status.setText(self.tr("Đang tạo cơ sở dữ liệu…"))
        self._task = _ApplyTask(self.answers())
        self._task.signals.sig_finished.connect(self._on_task_finished)
        self._task.signals.sig_failed.connect(self._on_task_failed)
        QThreadPool.globalInstance().start(self._task)

    def _busy(self, busy: bool) -> None:
        for which in (QWizard.WizardButton.FinishButton, QWizard.WizardButton.BackButton,
                      QWizard.WizardButton.CancelButton):
            self.button(which).setEnabled(not busy)

    def _on_task_finished(self, result: Any) -> None:
        self._task = None
        self._busy(False)
        self.done_result = result
        self.sig_setup_finished.emit(result)
        self.accept()

    def _on_task_failed(self, exc: Any) -> None:
        self._task = None
        self._busy(False)
        if isinstance(exc, ValidationError):
            text = "\n".join(e.message for e in exc.errors)
        elif isinstance(exc, ServiceError):
            text = exc.message
        else:
            text = fill(self.tr("Không ghi được vào thư mục: %1"), str(exc))
        self.central_page.status.setText(text)
        self.sig_setup_failed.emit(text)


def qt_smoke() -> int:
    """Build and paint the wizard once (used by ``onestop --smoke`` to test the Qt bundle).

    Returns:
        The number of wizard pages painted.
    """
    app = QApplication.instance() or QApplication([])
    wizard = FirstRunWizard()
    wizard.show()
    app.processEvents()
    painted = 0
    for _ in wizard.pageIds():
        painted += int(not wizard.grab().isNull())
        wizard.next()
        app.processEvents()
    wizard.close()
    wizard.deleteLater()
    app.processEvents()
    return painted
