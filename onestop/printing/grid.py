"""A plain ruled table of flowable cells.

reportlab's ``Table`` handles spans, styles per cell and nested flowables generically; the
receipt's list of papers needs none of that, and drawing it through ``Table`` cost more than
all the other text of the receipt.  :class:`Grid` lays out rows of :class:`Para` cells with
fixed column widths, rules every cell and splits between rows, repeating the header rows.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import Flowable

__all__ = ["Grid"]


class Grid(Flowable):
    """Rows of cells (usually :class:`Para`) with a full grid of rules.

    Args:
        rows: Cells row by row; every row has one cell per column.
        widths: Column widths in points.
        header_rows: Leading rows repeated at the top of each part after a split.
        pad: Horizontal cell padding; vertical padding is 0.6 of it.
        line_width: Thickness of the rules.
    """

    def __init__(
        self,
        rows: Sequence[Sequence[Flowable]],
        widths: Sequence[float],
        *,
        header_rows: int = 1,
        pad: float = 3,
        line_width: float = 0.5,
    ) -> None:
        super().__init__()
        self.rows = [list(r) for r in rows]
        self.widths = list(widths)
        self.header_rows = header_rows
        self.pad = pad
        self.line_width = line_width
        self.row_heights: list[float] = []
        self._cell_heights: list[list[float]] = []
        self.width = sum(self.widths)

    def _measure(self) -> None:
        if self.row_heights:
            return
        vpad = self.pad * 0.6
        for row in self.rows:
            heights = [cell.wrap(width - 2 * self.pad, 1e6)[1]
                       for cell, width in zip(row, self.widths, strict=True)]
            self._cell_heights.append(heights)
            self.row_heights.append(max(heights, default=0.0) + 2 * vpad)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """Return the fixed width and the sum of row heights."""
        self._measure()
        self.height = sum(self.row_heights)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        """Split between rows; the second part starts with the header rows again."""
        self._measure()
        head = self.header_rows
        used = sum(self.row_heights[:head])
        fit = head
        for h in self.row_heights[head:]:
            if used + h > availHeight:
                break
            used += h
            fit += 1
        if fit <= head or fit >= len(self.rows):
            return []
        return [self._part(self.rows[:fit]), self._part(self.rows[:head] + self.rows[fit:])]

    def _part(self, rows: list[list[Flowable]]) -> Grid:
        return Grid(rows, self.widths, header_rows=self.header_rows, pad=self.pad,
                    line_width=self.line_width)

    def draw(self) -> None:
        """Draw the cells (vertically centred) and all rules as a single path."""
        canv = self.canv
        y = self.height
        for row, height, cells_h in zip(self.rows, self.row_heights, self._cell_heights,
                                        strict=True):
            y -= height
            x = 0.0
            for cell, width, cell_h in zip(row, self.widths, cells_h, strict=True):
                cell.drawOn(canv, x + self.pad, y + (height - cell_h) / 2)
                x += width
        path = canv.beginPath()
        y = self.height
        for height in (0.0, *self.row_heights):
            y -= height
            path.moveTo(0, y)
            path.lineTo(self.width, y)
        x = 0.0
        for width in (0.0, *self.widths):
            x += width
            path.moveTo(x, 0)
            path.lineTo(x, self.height)
        canv.setLineWidth(self.line_width)
        canv.drawPath(path, stroke=1, fill=0)
