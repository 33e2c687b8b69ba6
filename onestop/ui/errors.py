"""The one place that reports errors: expected ones as messages, bugs as a logged crash dialog.

Expected failures (:data:`onestop.ui.tasks.EXPECTED`: invalid input, not found, forbidden,
database unreachable) are shown as their Vietnamese message. Anything else is a bug: it is
written to the log with its traceback (never with field values: tracebacks carry no locals) and
shown in a dialog the officer can copy into a support request. PySide prints exceptions raised
in slots and carries on; :meth:`ErrorReporter.install` routes them here instead.
"""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from onestop.domain.validation import ValidationError
from onestop.services.errors import ServiceError
from onestop.ui.messages import error_text, fill
from onestop import logsetup

log = logging.getLogger("onestop.ui")


class ErrorReporter(QObject):
    """Shows errors to the user and logs the unexpected ones.

    Signals:
        sig_reported(object): an error was reported (the exception); tests listen to it.
    """

    sig_reported = Signal(object)

    def __init__(self, parent_widget: QWidget | None = None, show_dialogs: bool = True) -> None:
        super().__init__()
        self._parent = parent_widget
        self._show = show_dialogs
        self._previous_hook = sys.excepthook
        self.last_dialog: QMessageBox | None = None

    def set_parent_widget(self, widget: QWidget | None) -> None:
        """The window dialogs are centred on (the main window once it exists)."""
        self._parent = widget

    def install(self) -> None:
        """Route uncaught exceptions (also those raised in slots) to a logged crash dialog."""

        logsetup.install_excepthook(on_crash=self._on_crash)

    def uninstall(self) -> None:
        sys.excepthook = self._previous_hook

    def report(self, exc: BaseException) -> None:
        """Report one error: a message for expected ones, log + crash report + dialog for bugs."""
        self.sig_reported.emit(exc)
        if isinstance(exc, (ValidationError, ServiceError)):
            self._message(self.tr("Không thực hiện được"), error_text(exc), detail=None)
            return
        log.critical("unexpected error", exc_info=(type(exc), exc, exc.__traceback__))
        report_path = None
        try:
            report_path = logsetup.write_crash_report(type(exc), exc, exc.__traceback__)
        except OSError:
            log.exception("could not write the crash report")
        self._on_crash(report_path, exc)

    def _on_crash(self, report_path: Path | None, exc: BaseException) -> None:
        text = self.tr("Đã xảy ra lỗi không mong đợi. Dữ liệu đã lưu không bị ảnh hưởng; thao "
                       "tác vừa rồi có thể chưa hoàn tất.")
        if report_path is not None:
            text += "\n" + fill(self.tr("Báo cáo lỗi (gửi cho bộ phận kỹ thuật): %1"),
                                str(report_path))
        detail = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        self._message(self.tr("Lỗi không mong đợi"), text, detail=detail)

    def _message(self, title: str, text: str, detail: str | None) -> None:
        if not self._show or QApplication.instance() is None:
            return
        box = QMessageBox(QMessageBox.Icon.Critical if detail else QMessageBox.Icon.Warning,
                          title, text, QMessageBox.StandardButton.Ok, self._parent)
        box.button(QMessageBox.StandardButton.Ok).setText(self.tr("Đóng"))
        if detail:
            box.setDetailedText(detail)
        # open(), not exec(): a nested event loop inside a callback re-enters other callbacks
        box.open()
        self.last_dialog = box
