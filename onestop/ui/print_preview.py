"""Receipt preview and printing from the desk.

The services render and account for the receipt (:mod:`onestop.services.forms`): the preview
uses ``receipt_preview`` (nothing recorded); printing uses ``receipt_pdf``, which logs the
first print and refuses a later copy without a reason (``receipt.reprint`` in the audit log).
The pages go to the printer chosen in the settings through :func:`onestop.ui.qt_print.print_pdf`.
Rendering, the audit write and the printing all run in the background.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from onestop.services.context import Context
from onestop.ui import qt_print
from onestop.ui.tasks import Op, TaskRunner
from onestop.ui.widgets import FieldErrors, error_label, with_error
from onestop.ui.messages import fill

try:  # PySide6-Pdf is a separate wheel; without it the dialog still prints
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPdfWidgets import QPdfView
except ImportError:  # pragma: no cover - depends on the installed wheels
    QPdfDocument = None  # type: ignore[assignment,misc]
    QPdfView = None  # type: ignore[assignment,misc]

LAYOUTS = ("a4", "k80")  # services.forms.LAYOUTS


def _forms() -> Any:
    # reportlab and openpyxl (through services.forms) cost ~0.5 s to import: only load them
    # when a receipt is first rendered, in a worker, not while the main window starts
    from onestop.services import forms

    return forms

__all__ = ["LAYOUTS", "PrintPreviewDialog", "print_pdf"]


def print_pdf(pdf: bytes, printer_name: str = "", dpi: int | None = None) -> int:
    """Print PDF bytes (any thread); kept for callers of the first version of this module."""
    return qt_print.print_pdf(pdf, printer_name, dpi=dpi)


class PrintPreviewDialog(QDialog):
    """Shows a dossier's receipt and prints it; asks for a reason when it is a reprint.

    Signals:
        sig_printed(int): the pages were sent to the printer.
    """

    sig_printed = Signal(int)

    def __init__(self, ctx: Context, runner: TaskRunner, code: str, layout: str = "a4",
                 printer_name: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx, self._runner, self.code = ctx, runner, code
        self._printer = printer_name
        self.pdf: bytes | None = None
        self.printed_before = 0
        self.setWindowTitle(fill(self.tr("Biên nhận hồ sơ %1"), code))
        self.resize(760, 900)
        lay = QVBoxLayout(self)
        lay.addLayout(self._toolbar(layout))
        self.status = error_label()
        lay.addWidget(self.status)
        self.errors = FieldErrors(self.status)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("Biên nhận đã được in; nhập lý do in lại"))
        reason_error = error_label()
        self.errors.bind("reprint_reason", self.reason, reason_error)
        self.reason_row = with_error(self.reason, reason_error)
        self.reason_row.setVisible(False)
        lay.addWidget(self.reason_row)
        self._doc = QPdfDocument(self) if QPdfDocument is not None else None
        self._buffer: QBuffer | None = None
        if QPdfView is not None and self._doc is not None:
            self.view = QPdfView(self)
            self.view.setDocument(self._doc)
            self.view.setPageMode(QPdfView.PageMode.MultiPage)
            self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
            lay.addWidget(self.view, 1)
        else:
            lay.addWidget(QLabel(self.tr("Thiếu thành phần xem trước PDF (PySide6-Pdf).")), 1)
        self.render_pdf()
        self._load_print_count()

    def _toolbar(self, layout: str) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.layout_box = QComboBox()
        self.layout_box.addItem(self.tr("Khổ A4 (2 liên)"), "a4")
        self.layout_box.addItem(self.tr("Giấy in nhiệt 80 mm"), "k80")
        self.layout_box.setCurrentIndex(max(0, self.layout_box.findData(layout)))
        self.layout_box.currentIndexChanged.connect(lambda _i: self.render_pdf())
        self.print_button = QPushButton(self.tr("In (Ctrl+P)"))
        self.print_button.setShortcut("Ctrl+P")
        self.print_button.clicked.connect(self.print_now)
        close = QPushButton(self.tr("Đóng"))
        close.clicked.connect(self.reject)
        bar.addWidget(QLabel(self.tr("Mẫu in")))
        bar.addWidget(self.layout_box)
        bar.addStretch(1)
        bar.addWidget(self.print_button)
        bar.addWidget(close)
        return bar

    def render_pdf(self) -> None:
        """Render the chosen layout for the screen (nothing is recorded)."""
        ctx, code, layout = self._ctx, self.code, str(self.layout_box.currentData())
        Op(self._runner, lambda: _forms().receipt_preview(ctx, code, layout), urgent=True) \
            .success(self._on_rendered).failure(self.errors.show).run_in_background()

    def _load_print_count(self) -> None:
        ctx, code = self._ctx, self.code
        Op(self._runner, lambda: _forms().receipt_print_count(ctx, code)) \
            .success(self._on_print_count).failure(self.errors.show).run_in_background()

    def _on_print_count(self, count: int) -> None:
        self.printed_before = count
        self.reason_row.setVisible(count > 0)

    def _on_rendered(self, pdf: bytes) -> None:
        self.pdf = pdf
        if self._doc is not None:
            old = self._buffer
            self._buffer = QBuffer(self)
            self._buffer.setData(QByteArray(pdf))
            self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
            self._doc.load(self._buffer)
            if old is not None:
                old.deleteLater()

    def print_now(self) -> None:
        """Record the print and send it to the printer (a reprint needs its reason)."""
        if not self.print_button.isEnabled():
            return
        ctx, code, printer = self._ctx, self.code, self._printer
        layout, reason = str(self.layout_box.currentData()), self.reason.text() or None
        self.errors.clear()
        self.print_button.setEnabled(False)
        # the audit write goes through the writer thread; the slow printing does not
        Op(self._runner, lambda: _forms().receipt_pdf(ctx, code, layout, reprint_reason=reason),
           write=True) \
            .success(lambda pdf: self._send(pdf, printer)) \
            .failure(self._on_print_failed).run_in_background()

    def _send(self, pdf: bytes, printer: str) -> None:
        code = self.code
        Op(self._runner, lambda: qt_print.print_pdf(pdf, printer, title=code)) \
            .success(self._on_printed).failure(self._on_print_failed).run_in_background()

    def _on_print_failed(self, exc: Exception) -> None:
        self.print_button.setEnabled(True)
        self.errors.show(exc)
        if self.errors.message_for("reprint_reason"):
            self.reason_row.setVisible(True)

    def _on_printed(self, pages: int) -> None:
        self.print_button.setEnabled(True)
        self.printed_before += 1
        self.reason.clear()
        self.reason_row.setVisible(True)  # the next copy is a reprint
        self.sig_printed.emit(pages)

    def page_image(self, page: int = 0, width: int = 600) -> QImage | None:
        """A rendering of one page (tests and screenshots)."""
        if self._doc is None or self._doc.pageCount() <= page:
            return None
        size = self._doc.pagePointSize(page)
        height = int(width * size.height() / max(size.width(), 1))
        return self._doc.render(page, QSize(width, height))
