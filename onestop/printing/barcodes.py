"""Code 128 barcode of the dossier code, drawn as vector bars.

python-barcode computes the module pattern; we draw each run of dark modules as one
rectangle.  Vector bars stay sharp at any printer resolution and cost a fraction of an
embedded raster image.
"""

from __future__ import annotations

from functools import lru_cache

import barcode
from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from onestop.printing.flowables import text_width
from onestop.printing.fonts import REGULAR
from onestop.printing.textfmt import nfc

__all__ = ["Code128Flowable", "QrFlowable", "bar_runs", "code128_modules", "qr_matrix"]

#: Narrowest module we print: decodes reliably from 150 dpi scans and thermal heads.
MIN_MODULE = 0.33 * mm
#: Light margin each side, in modules (the standard asks for at least 10).
QUIET_MODULES = 10


@lru_cache(maxsize=256)
def code128_modules(data: str) -> str:
    """Return the Code 128 module string ("1" dark, "0" light) of ``data``."""
    return str(barcode.Code128(data).build()[0])


@lru_cache(maxsize=256)
def bar_runs(data: str) -> tuple[tuple[int, int], ...]:
    """Return ``(start, length)`` in modules of each dark bar of ``data``'s barcode."""
    modules = code128_modules(data)
    runs: list[tuple[int, int]] = []
    start = -1
    for i, bit in enumerate(modules):
        if bit == "1" and start < 0:
            start = i
        elif bit == "0" and start >= 0:
            runs.append((start, i - start))
            start = -1
    if start >= 0:
        runs.append((start, len(modules) - start))
    return tuple(runs)


@lru_cache(maxsize=64)
def _bars_code(data: str) -> str:
    # The bars as PDF path operators in module units (x in modules, bar height 1): integers
    # only, so no float has to be formatted; the caller scales the units to the symbol.
    return " ".join(f"{start} 0 {length} 1 re" for start, length in bar_runs(data))


class Code128Flowable(Flowable):
    """A centred Code 128 symbol with the human-readable code below.

    When the symbol at ``module`` does not fit the frame width (a long code on an 80 mm
    receipt), it is turned 90° into "ladder" orientation instead of shrinking the module
    below what scanners read reliably.

    Args:
        data: Text to encode (the dossier code).
        module: Width of one module in points (at least :data:`MIN_MODULE`).
        bar_height: Height of the bars in points.
        font_size: Size of the human-readable text.
    """

    def __init__(
        self,
        data: str,
        *,
        module: float = MIN_MODULE,
        bar_height: float = 10 * mm,
        font_size: float = 8,
    ) -> None:
        super().__init__()
        self.data = nfc(data)
        self.module: float = max(module, MIN_MODULE)
        self.bar_height = bar_height
        self.font_size = font_size
        self.hAlign = "CENTER"
        self.ladder = False
        self._modules = len(code128_modules(self.data))

    @property
    def symbol_length(self) -> float:
        """Length of bars plus both quiet zones, in points."""
        return (self._modules + 2 * QUIET_MODULES) * self.module

    @property
    def _depth(self) -> float:
        return self.bar_height + self.font_size * 1.4

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """Choose orientation and return the symbol's box."""
        self.ladder = self.symbol_length > availWidth
        if self.ladder:
            self.width, self.height = self._depth, self.symbol_length
        else:
            self.width, self.height = self.symbol_length, self._depth
        return self.width, self.height

    def draw(self) -> None:
        """Draw bars and text, rotated for ladder orientation."""
        canv = self.canv
        canv.saveState()
        if self.ladder:
            # Rotate so that the bars' "bottom" (text side) faces the right edge.
            canv.translate(self._depth, 0)
            canv.rotate(90)
        self._draw_horizontal()
        canv.restoreState()

    def _draw_horizontal(self) -> None:
        canv = self.canv
        text_band = self.font_size * 1.4
        canv.saveState()
        canv.transform(self.module, 0, 0, self.bar_height, QUIET_MODULES * self.module, text_band)
        canv.setFillGray(0)
        canv.addLiteral(_bars_code(self.data) + " f")
        canv.restoreState()
        canv.setFont(REGULAR, self.font_size)
        text_x = (self.symbol_length - text_width(self.data, REGULAR, self.font_size)) / 2
        canv.drawString(text_x, self.font_size * 0.35, self.data)


#: Quiet zone around a QR symbol, in modules (ISO/IEC 18004 asks for 4).
QR_QUIET = 4


@lru_cache(maxsize=16)
def qr_matrix(data: str) -> tuple[tuple[bool, ...], ...]:
    """The dark modules of a QR symbol for ``data`` (error correction M, smallest version).

    Cached: the A4 receipt may build its flowables at several font sizes before one copy
    fits its page, and encoding costs tens of milliseconds each time.
    """
    from reportlab.graphics.barcode import qrencoder

    qr = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    qr.addData(data)
    qr.make()
    n = qr.getModuleCount()
    return tuple(tuple(bool(qr.isDark(r, c)) for c in range(n)) for r in range(n))


def _qr_code(matrix: tuple[tuple[bool, ...], ...]) -> str:
    """The dark runs of each row as PDF path operators in module units, quiet zone included
    (origin bottom-left, integers only)."""
    n = len(matrix)
    ops: list[str] = []
    for r, row in enumerate(matrix):
        y = n + QR_QUIET - r - 1
        c = 0
        while c < n:
            if row[c]:
                start = c
                while c < n and row[c]:
                    c += 1
                ops.append(f"{QR_QUIET + start} {y} {c - start} 1 re")
            else:
                c += 1
    return " ".join(ops)


class QrFlowable(Flowable):
    """A QR symbol drawn as vector squares (runs of dark modules per row), centred.

    Args:
        data: Text to encode (the receipt's signed payload, plain ASCII).
        size: Side of the symbol including its quiet zone, in points.
    """

    def __init__(self, data: str, size: float = 26 * mm) -> None:
        super().__init__()
        self.data = data
        self.size = size
        self.hAlign = "CENTER"
        self._matrix = qr_matrix(data)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = self.height = self.size
        return self.size, self.size

    def draw(self) -> None:
        module = self.size / (len(self._matrix) + 2 * QR_QUIET)
        canv = self.canv
        canv.saveState()
        canv.transform(module, 0, 0, module, 0, 0)
        canv.setFillGray(0)
        canv.addLiteral(_qr_code(self._matrix) + " f")
        canv.restoreState()
