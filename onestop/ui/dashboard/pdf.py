"""A preview of a report PDF (the morning briefing) with Print and Save buttons."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtWidgets import (
    QDialog, QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget,
)

from onestop.ui.qt_print import print_pdf
from onestop.ui.tasks import Op, TaskRunner
from onestop.ui.widgets import error_label
from onestop.services import outfile
from onestop.services.errors import ValidationError
from onestop.ui.messages import error_text

try:  # PySide6-Pdf is a separate wheel; without it the dialog still prints and saves
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPdfWidgets import QPdfView
except ImportError:  # pragma: no cover - depends on the installed wheels
    QPdfDocument = None  # type: ignore[assignment,misc]
    QPdfView = None  # type: ignore[assignment,misc]


class PdfDialog(QDialog):
    """Shows PDF bytes; prints them to the default printer off the GUI thread, or saves them."""

    def __init__(self, pdf: bytes, title: str, runner: TaskRunner, parent: QWidget | None = None,
                 printer_name: str = "", database: Any = None) -> None:
        super().__init__(parent)
        self.pdf, self._runner, self._printer = pdf, runner, printer_name
        self._database = database  # the open database: never saved over (services.outfile)
        self.setWindowTitle(title)
        self.resize(760, 900)
        lay = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.print_button = QPushButton(self.tr("In (Ctrl+P)"))
        self.print_button.setShortcut("Ctrl+P")
        self.print_button.clicked.connect(self.print_now)
        save = QPushButton(self.tr("Lưu tệp PDF…"))
        save.clicked.connect(self._on_save_clicked)
        close = QPushButton(self.tr("Đóng"))
        close.clicked.connect(self.reject)
        bar.addStretch(1)
        for b in (self.print_button, save, close):
            bar.addWidget(b)
        lay.addLayout(bar)
        self.status = error_label()
        lay.addWidget(self.status)
        if QPdfDocument is not None and QPdfView is not None:
            self._buffer = QBuffer(self)
            self._buffer.setData(QByteArray(pdf))
            self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
            self.document = QPdfDocument(self)
            self.document.load(self._buffer)
            view = QPdfView(self)
            view.setDocument(self.document)
            view.setPageMode(QPdfView.PageMode.MultiPage)
            view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
            lay.addWidget(view, 1)
        else:
            lay.addWidget(QLabel(self.tr("Thiếu thành phần xem trước PDF (PySide6-Pdf).")), 1)

    def print_now(self) -> None:
        """Send the PDF to the printer on a worker thread (errors show in the dialog)."""
        pdf, printer, title = self.pdf, self._printer, self.windowTitle()
        self.print_button.setEnabled(False)
        Op(self._runner, lambda: print_pdf(pdf, printer, title=title)) \
            .failure(self._show_error) \
            .finally_(lambda: self.print_button.setEnabled(True)).run_in_background()

    def _on_save_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.windowTitle(), "bao-cao-dau-ngay.pdf",
                                              self.tr("Tệp PDF (*.pdf)"))
        if path:
            self.save_to(path)

    def save_to(self, path: str) -> bool:
        """Save the PDF to ``path``; a refused or unwritable target is shown, nothing written."""

        try:
            outfile.write_atomic(path, self.pdf, self._database)
        except ValidationError as exc:
            self._show_error(exc)
            return False
        self.status.setVisible(False)
        return True

    def _show_error(self, exc: Exception) -> None:
        self.status.setText(error_text(exc))
        self.status.setVisible(True)
