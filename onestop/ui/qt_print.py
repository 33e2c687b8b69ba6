"""Printing PDF bytes on a real printer through Qt, off the GUI thread.

The services render every form as PDF (:mod:`onestop.services.forms`); this module only puts
those pages on paper. Each page is rendered by QtPdf (pdfium) into an image and painted on a
:class:`QPrinter`, so the printer driver receives exactly what the preview showed. Qt allows
both off the GUI thread: QPdfDocument serialises pdfium internally, and QPainter may paint on a
QPrinter (or a QImage) in any thread, which is why :func:`print_pdf` is a plain function a
worker calls and :class:`PrintJob` runs it on a thread pool.

The paper follows the PDF: an A4 page prints on A4, an 80 mm receipt on an 80 mm wide custom
page of the receipt's height (CUPS: ``media=Custom.80x…mm``; without it the driver would put
the narrow page on A4), and a landscape page in landscape orientation.

Typical use from a widget::

    job = PrintJob(pdf, settings.printer_name)
    job.sig_done.connect(self._on_print_done)
    job.sig_failed.connect(self._on_print_failed)
    job.start()
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import ClassVar

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QIODevice,
    QMarginsF,
    QObject,
    QRectF,
    QRunnable,
    QSize,
    QSizeF,
    Qt,
    QThreadPool,
    Signal,
)
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from onestop.services.errors import ServiceError
from onestop.ui.messages import fill

try:  # QtPdf ships in a separate wheel (PySide6-Addons); without it nothing can print
    from PySide6.QtPdf import QPdfDocument
except ImportError:  # pragma: no cover - depends on the installed wheels
    QPdfDocument = None  # type: ignore[assignment,misc]

__all__ = ["PrintJob", "PrinterUnavailable", "available_printers", "default_printer",
           "print_pdf"]

log = logging.getLogger("onestop.print")

#: Raster resolution of the pages sent to the printer. 300 dpi keeps a 0.33 mm barcode
#: module at ~4 dots and an A4 page at ~35 MB while it is painted; a printer with a lower
#: native resolution (203 dpi thermal heads) gets its own, so bars fall on whole dots.
MAX_DPI = 300
_POINTS_PER_INCH = 72.0


def _detail(code: str) -> str:
    """The translated reason a print failed (not a widget: no self.tr(); the literal
    ``QCoreApplication.translate("QtPrint", …)`` calls are what pyside6-lupdate extracts)."""
    texts = {
        "no_qtpdf": QCoreApplication.translate("QtPrint", "thiếu thành phần PySide6 QtPdf"),
        "no_printer": QCoreApplication.translate(
            "QtPrint", "không tìm thấy máy in này trên máy tính"),
        "refused": QCoreApplication.translate("QtPrint", "máy in không nhận lệnh in"),
        "stopped": QCoreApplication.translate("QtPrint", "máy in dừng giữa chừng"),
        "not_sent": QCoreApplication.translate("QtPrint", "không gửi được lệnh in tới máy in"),
        "bug": QCoreApplication.translate("QtPrint", "Lỗi không mong đợi khi in: %1"),
    }
    return texts[code]


class PrinterUnavailable(ServiceError):
    """The printer is missing, refused the job, or QtPdf is not installed (a user can fix it)."""

    exit_code = 5

    def __init__(self, printer_name: str, detail: str) -> None:
        super().__init__("printer", "printer_unavailable", value=printer_name or "—",
                         detail=detail)


def available_printers() -> list[str]:
    """Names of the printers the system knows (CUPS queues on Linux, Windows printers)."""
    return sorted(QPrinterInfo.availablePrinterNames())


def default_printer() -> str:
    """The system's default printer, or "" when there is none."""
    return QPrinterInfo.defaultPrinterName()


def print_pdf(pdf_bytes: bytes, printer_name: str, page_size_mm: tuple[float, float] | None = None,
              copies: int = 1, dpi: int | None = None, title: str = "OneStop Desk") -> int:
    """Print every page of a PDF on ``printer_name``; callable from any thread.

    Args:
        pdf_bytes: The document (e.g. from ``services.forms.receipt_pdf``).
        printer_name: Printer (queue) name; "" means the system default printer.
        page_size_mm: Paper (width, height) in millimetres; default: the PDF's first page,
            e.g. ``(80, 150)`` for a thermal receipt.
        copies: Number of copies.
        dpi: Raster resolution; default: the printer's, at most :data:`MAX_DPI`.
        title: Job name shown in the print queue.

    Returns:
        The number of pages sent.

    Raises:
        PrinterUnavailable: no such printer, it cannot be opened, or QtPdf is missing.
        ValueError: the bytes are not a readable PDF (a bug of the caller).
    """
    name = printer_name or default_printer()
    if QPdfDocument is None:
        raise PrinterUnavailable(name, _detail("no_qtpdf"))
    info = QPrinterInfo.printerInfo(name) if name else QPrinterInfo()
    if info.isNull():
        raise PrinterUnavailable(name, _detail("no_printer"))
    buffer, doc = _open_pdf(pdf_bytes)
    try:
        printer = _printer(info, doc, page_size_mm, copies, title)
        resolution = dpi or min(printer.resolution(), MAX_DPI)
        return _paint_pages(doc, printer, resolution, name)
    finally:
        doc.close()
        buffer.close()


def _open_pdf(pdf_bytes: bytes) -> tuple[QBuffer, QPdfDocument]:
    """Load the bytes into a QPdfDocument (the buffer must outlive the document)."""
    buffer = QBuffer()
    buffer.setData(QByteArray(pdf_bytes))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    doc = QPdfDocument()
    doc.load(buffer)  # a random-access device: loaded synchronously
    if doc.status() != QPdfDocument.Status.Ready or doc.pageCount() < 1:
        buffer.close()
        raise ValueError(f"not a readable PDF (QtPdf status {doc.status()}, {doc.error()})")
    return buffer, doc


def _printer(info: QPrinterInfo, doc: QPdfDocument, page_size_mm: tuple[float, float] | None,
             copies: int, title: str) -> QPrinter:
    """A QPrinter on ``info`` with the paper of the document, no margins, ``copies`` copies."""
    printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    printer.setCopyCount(max(1, copies))
    if page_size_mm is not None:
        width, height = page_size_mm
        unit = QPageSize.Unit.Millimeter
    else:
        first = doc.pagePointSize(0)
        width, height = first.width(), first.height()
        unit = QPageSize.Unit.Point
    landscape = width > height
    short, long_ = (height, width) if landscape else (width, height)
    # FuzzyMatch turns 595 × 842 pt into the named A4 size the driver knows; an 80 mm roll
    # matches nothing and stays a custom size of exactly the receipt's height.
    size = QPageSize(QSizeF(short, long_), unit, "", QPageSize.SizeMatchPolicy.FuzzyMatch)
    orientation = (QPageLayout.Orientation.Landscape if landscape
                   else QPageLayout.Orientation.Portrait)
    printer.setPageLayout(QPageLayout(size, orientation, QMarginsF(0, 0, 0, 0)))
    # the PDF carries its own margins: paint from the paper's edge
    printer.setFullPage(True)
    return printer


def _paint_pages(doc: QPdfDocument, printer: QPrinter, dpi: int, name: str) -> int:
    painter = QPainter()
    if not painter.begin(printer):
        raise PrinterUnavailable(name, _detail("refused"))
    pages = doc.pageCount()
    try:
        for page in range(pages):
            if page and not printer.newPage():
                raise PrinterUnavailable(name, _detail("stopped"))
            painter.drawImage(QRectF(painter.viewport()), _page_image(doc, page, dpi))
    except BaseException:
        printer.abort()
        painter.end()
        raise
    if not painter.end():
        # end() submits the job: a refusal here means nothing was printed
        raise PrinterUnavailable(name, _detail("not_sent"))
    return pages


def _page_image(doc: QPdfDocument, page: int, dpi: int) -> QImage:
    """One page rendered at ``dpi`` on white (pdfium leaves the background transparent)."""
    points = doc.pagePointSize(page)
    size = QSize(round(points.width() * dpi / _POINTS_PER_INCH),
                 round(points.height() * dpi / _POINTS_PER_INCH))
    rendered = doc.render(page, size)
    image = QImage(size, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    with_paper = QPainter(image)
    with_paper.drawImage(0, 0, rendered)
    with_paper.end()
    return image


class PrintJob(QObject, QRunnable):
    """Prints PDF bytes on a thread pool; the result comes back as a signal.

    Create it on the GUI thread and keep no other reference: a started job holds itself
    until it has reported. Signals carry plain values only (safe across threads).

    Signals:
        sig_done(int): every page was sent to the printer (the number of pages).
        sig_failed(str): printing failed; the Vietnamese message to show. The exception
            itself is in :attr:`error` (a :class:`PrinterUnavailable` for expected failures).
    """

    sig_done = Signal(int)
    sig_failed = Signal(str)
    _running: ClassVar[set[PrintJob]] = set()  # started jobs keep themselves alive

    def __init__(self, pdf_bytes: bytes, printer_name: str,
                 page_size_mm: tuple[float, float] | None = None, copies: int = 1,
                 title: str = "OneStop Desk", parent: QObject | None = None) -> None:
        QObject.__init__(self, parent)
        QRunnable.__init__(self)
        # Python owns the job: the pool must not delete it behind our back.
        self.setAutoDelete(False)
        self._pdf, self._printer, self._size = pdf_bytes, printer_name, page_size_mm
        self._copies, self._title = copies, title
        self.error: BaseException | None = None
        self.pages = 0
        # queued: runs on this object's (the GUI) thread once the worker has reported
        self.sig_done.connect(self._release, Qt.ConnectionType.QueuedConnection)
        self.sig_failed.connect(self._release, Qt.ConnectionType.QueuedConnection)

    def start(self, pool: QThreadPool | None = None) -> None:
        """Queue the job; returns at once."""
        PrintJob._running.add(self)
        (pool or QThreadPool.globalInstance()).start(self)

    def run(self) -> None:  # worker thread
        try:
            self.pages = print_pdf(self._pdf, self._printer, self._size, self._copies,
                                   title=self._title)
        except ServiceError as exc:
            self.error = exc
            self.sig_failed.emit(exc.message)
        except Exception as exc:  # a bug: logged with its traceback, reported as failure
            log.exception("printing failed")
            self.error = exc
            self.sig_failed.emit(fill(_detail("bug"), str(exc)))
        else:
            self.sig_done.emit(self.pages)

    def _release(self, *_args: object) -> None:
        PrintJob._running.discard(self)


def print_in_background(pdf_bytes: bytes, printer_name: str, on_done: Callable[[int], None],
                        on_failed: Callable[[str], None], **options: object) -> PrintJob:
    """Start a :class:`PrintJob` with its two callbacks connected (GUI thread)."""
    job = PrintJob(pdf_bytes, printer_name, **options)  # type: ignore[arg-type]
    job.sig_done.connect(on_done)
    job.sig_failed.connect(on_failed)
    job.start()
    return job
