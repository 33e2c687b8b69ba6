"""Receipt preview and printing — the GUI's seam to the printing package.

``receipt_pdf`` turns a dossier into the PDF bytes of its receipt (Mẫu 01) with
:func:`onestop.printing.render_receipt`; the dialog previews them with QtPdf and prints them to
the printer chosen in the settings. Rendering and printing run on worker threads.

Seam: when the printing issue adds a service that builds the receipt (and audits reprints),
``receipt_pdf`` should call it instead of assembling the print records here.
"""

from __future__ import annotations

from datetime import timezone

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Signal
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import (
    QComboBox, QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget,
)

from onestop.services import queries, setup
from onestop.services.context import Context
from onestop.services.errors import ServiceError
from onestop.ui.tasks import Op, TaskRunner
from onestop.ui.widgets import error_label

try:  # PySide6-Pdf is a separate wheel; without it the dialog still prints
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPdfWidgets import QPdfView
except ImportError:  # pragma: no cover - depends on the installed wheels
    QPdfDocument = None  # type: ignore[assignment,misc]
    QPdfView = None  # type: ignore[assignment,misc]

LAYOUTS = ("a4", "k80")

__all__ = ["LAYOUTS", "PrintPreviewDialog", "print_pdf", "receipt_pdf"]


def receipt_pdf(ctx: Context, code: str, layout: str = "a4") -> bytes:
    """The receipt of ``code`` as PDF bytes (runs in a worker: reads the DB, renders)."""
    from onestop.printing import AgencyHeader, DocumentLine, DossierPrint, render_receipt

    d = queries.show(ctx, code)
    info = setup.agency_info(ctx)
    agency = AgencyHeader(parent_name=info["parent_name"] or "", name=info["name"],
                          unit_name=info.get("unit_name") or AgencyHeader.unit_name,
                          place_name=info["place_name"] or "", address=info["address"] or "",
                          phone=info["phone"] or "")
    docs = tuple(DocumentLine(str(x.get("name", "")), int(x.get("original", 0) or 0),
                              int(x.get("copy", 0) or 0)) for x in d.documents)
    record = DossierPrint(
        code=d.code, applicant_name=d.applicant_name, procedure_name=d.procedure_name,
        procedure_code=d.procedure_code, org_name=d.org_name, address=d.address,
        documents=docs, sets=d.sets, time_limit_days=d.time_limit_days,
        received_at=d.received_at, due_at=d.due_at, fee_vnd=d.fee_vnd,
        register_book=d.register_book, register_no=d.register_no,
        officer_name=d.received_by, channel=d.channel, department=d.department)
    return render_receipt(record, agency, "k80" if layout == "k80" else "a4",
                          printed_at=ctx.now().astimezone(timezone.utc))


def print_pdf(pdf: bytes, printer_name: str = "", dpi: int = 300) -> int:
    """Print PDF bytes through Qt to ``printer_name`` (default printer when empty).

    Runs in a worker thread: QPainter may paint on a QPrinter outside the GUI thread. Returns
    the number of pages sent.
    """
    from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

    if QPdfDocument is None:
        raise ServiceError("printer", "printer_unavailable", value=printer_name or "—",
                           detail="thiếu PySide6-Pdf")
    doc, buffer = _open_pdf(pdf)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    info = QPrinterInfo.printerInfo(printer_name) if printer_name else QPrinterInfo.defaultPrinter()
    if not info.isNull():
        printer.setPrinterName(info.printerName())
    printer.setResolution(dpi)
    painter = QPainter()
    if info.isNull() or not painter.begin(printer):
        raise ServiceError("printer", "printer_unavailable", value=printer_name or "—",
                           detail="không mở được máy in")
    try:
        for page in range(doc.pageCount()):
            if page:
                printer.newPage()
            target = painter.viewport()
            image = doc.render(page, QSize(target.width(), target.height()))
            painter.drawImage(target, image)
    finally:
        painter.end()
        doc.close()
        buffer.close()
    return doc.pageCount()


def _open_pdf(pdf: bytes) -> tuple[QPdfDocument, QBuffer]:
    buffer = QBuffer()
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    doc = QPdfDocument()
    doc.load(buffer)
    return doc, buffer


class PrintPreviewDialog(QDialog):
    """Shows a receipt and prints it.

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
        self.setWindowTitle(self.tr("Biên nhận hồ sơ %1").replace("%1", code))
        self.resize(760, 900)
        lay = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.layout_box = QComboBox()
        self.layout_box.addItem(self.tr("Khổ A4 (2 liên)"), "a4")
        self.layout_box.addItem(self.tr("Giấy in nhiệt 80 mm"), "k80")
        self.layout_box.setCurrentIndex(max(0, LAYOUTS.index(layout) if layout in LAYOUTS else 0))
        self.layout_box.currentIndexChanged.connect(lambda _i: self.render())
        self.print_button = QPushButton(self.tr("In (Ctrl+P)"))
        self.print_button.setShortcut("Ctrl+P")
        self.print_button.setEnabled(False)
        self.print_button.clicked.connect(self.print_now)
        close = QPushButton(self.tr("Đóng"))
        close.clicked.connect(self.reject)
        bar.addWidget(QLabel(self.tr("Mẫu in")))
        bar.addWidget(self.layout_box)
        bar.addStretch(1)
        bar.addWidget(self.print_button)
        bar.addWidget(close)
        lay.addLayout(bar)
        self.status = error_label()
        lay.addWidget(self.status)
        self._doc = QPdfDocument(self) if QPdfDocument is not None else None
        self._buffer: QBuffer | None = None
        if QPdfView is not None:
            self.view = QPdfView(self)
            self.view.setDocument(self._doc)
            self.view.setPageMode(QPdfView.PageMode.MultiPage)
            self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
            lay.addWidget(self.view, 1)
        else:
            lay.addWidget(QLabel(self.tr("Thiếu thành phần xem trước PDF (PySide6-Pdf).")), 1)
        self.render()

    def render(self) -> None:
        """Render the chosen layout in the background."""
        ctx, code, layout = self._ctx, self.code, str(self.layout_box.currentData())
        self.print_button.setEnabled(False)
        Op(self._runner, lambda: receipt_pdf(ctx, code, layout)) \
            .success(self._on_rendered).failure(self._show_error).run_in_background()

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
        self.print_button.setEnabled(True)

    def print_now(self) -> None:
        if self.pdf is None:
            return
        pdf, printer = self.pdf, self._printer
        self.print_button.setEnabled(False)
        self.status.setVisible(False)
        Op(self._runner, lambda: print_pdf(pdf, printer)) \
            .success(self._on_printed).failure(self._show_error) \
            .finally_(lambda: self.print_button.setEnabled(True)).run_in_background()

    def _on_printed(self, pages: int) -> None:
        self.sig_printed.emit(pages)

    def _show_error(self, exc: Exception) -> None:
        from onestop.ui.messages import error_text

        self.status.setText(error_text(exc))
        self.status.setVisible(True)

    def page_image(self, page: int = 0, width: int = 600) -> QImage | None:
        """A rendering of one page (tests and screenshots)."""
        if self._doc is None or self._doc.pageCount() <= page:
            return None
        size = self._doc.pagePointSize(page)
        height = int(width * size.height() / max(size.width(), 1))
        return self._doc.render(page, QSize(width, height))


