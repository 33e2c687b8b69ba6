"""Light platypus flowables for form text.

reportlab's ``Paragraph`` parses XML mark-up and measures every word with the pure-Python
TTF width routine on each wrap; a receipt spent three quarters of its build time there.
The forms need far less: runs of plain text in one of four faces, greedy word wrap, left /
centre / right / justified alignment and an optional underline.  :class:`Para` does exactly
that, with word widths cached across documents, and draws each paragraph as one PDF text
object.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import Literal

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from onestop.printing.fonts import REGULAR, ensure_fonts
from onestop.printing.textfmt import nfc

__all__ = ["Align", "Columns", "Para", "Rule", "Run", "text_width"]

Run = tuple[str, str]
"""A piece of text and the registered font name it is drawn in."""

Align = Literal["left", "center", "right", "justify"]

_SPACES = re.compile(r"( +)")
# Long unspaced tokens (dossier codes "000.00.15.H36-260105-1007") may break after a hyphen.
_HYPHEN_BREAK = re.compile(r"(?<=-)(?=.)")
_LONG_TOKEN = 12
_BREAK = "\u200b"  # internal marker: a line may break here, nothing is drawn


@lru_cache(maxsize=32768)
def _unit_width(text: str, font: str) -> float:
    # Width at size 1: words repeat across forms and copies, so caching pays off quickly.
    ensure_fonts()  # measuring may happen before any document is built
    return float(stringWidth(text, font, 1.0))


def text_width(text: str, font: str, size: float) -> float:
    """Return the width in points of ``text`` drawn in ``font`` at ``size``."""
    return _unit_width(text, font) * size


class _Line:
    """One laid-out line: merged (text, font) segments, natural width and space count."""

    __slots__ = ("segments", "spaces", "width")

    def __init__(self, segments: list[Run], width: float, spaces: int) -> None:
        self.segments = segments
        self.width = width
        self.spaces = spaces


def _tokens(runs: Sequence[Run]) -> Iterator[tuple[str, str]]:
    """Yield ``(piece, font)`` where a piece is a word part, a run of spaces, or ``"\\n"``."""
    for text, font in runs:
        for i, chunk in enumerate(nfc(text).split("\n")):
            if i:
                yield "\n", font
            for piece in _SPACES.split(chunk):
                if len(piece) >= _LONG_TOKEN and piece[0] != " " and "-" in piece:
                    for j, part in enumerate(_HYPHEN_BREAK.split(piece)):
                        if j:
                            yield _BREAK, font
                        yield part, font
                elif piece:
                    yield piece, font


class _LineBuilder:
    """Greedy line breaker over word/space pieces of mixed fonts."""

    def __init__(self, first_width: float, width: float, size: float) -> None:
        self.avail = first_width
        self.next_avail = width
        self.size = size
        self.lines: list[_Line] = []
        self.line: list[Run] = []
        self.width = 0.0
        self.spaces = 0
        self.pending: list[Run] = []  # spaces waiting for the next word on the line
        self.word: list[Run] = []

    def _w(self, parts: list[Run]) -> float:
        return sum(_unit_width(t, f) for t, f in parts) * self.size

    def end_line(self) -> None:
        self.lines.append(_Line(_merge(self.line), self.width, self.spaces))
        self.line, self.width, self.spaces, self.pending = [], 0.0, 0, []
        self.avail = self.next_avail

    def flush_word(self) -> None:
        if not self.word:
            return
        word, self.word = self.word, []
        word_w = self._w(word)
        gap_w = self._w(self.pending)
        if self.line and self.width + gap_w + word_w > self.avail:
            self.end_line()
            gap_w = 0.0
        if not self.line and word_w > self.avail:
            self._place_long_word(word)
            return
        self.line.extend(self.pending)
        self.spaces += sum(len(t) for t, _ in self.pending)
        self.line.extend(word)
        self.width += gap_w + word_w
        self.pending = []

    def _place_long_word(self, word: list[Run]) -> None:
        # A word wider than the line (a long e-mail or code) is cut character by character.
        for text, font in word:
            for ch in text:
                w = _unit_width(ch, font) * self.size
                if self.line and self.width + w > self.avail:
                    self.end_line()
                self.line.append((ch, font))
                self.width += w

    def feed(self, piece: str, font: str) -> None:
        if piece == "\n":
            self.flush_word()
            self.end_line()
        elif piece == _BREAK:
            self.flush_word()
        elif piece[0] == " ":
            self.flush_word()
            if self.line:  # leading spaces of a line are dropped
                self.pending.append((piece, font))
        else:
            self.word.append((piece, font))

    def finish(self) -> list[_Line]:
        self.flush_word()
        if self.line or not self.lines:
            self.end_line()
        return self.lines


def _merge(parts: list[Run]) -> list[Run]:
    """Join neighbouring pieces of the same font so each line draws few text runs."""
    merged: list[Run] = []
    for text, font in parts:
        if merged and merged[-1][1] == font:
            merged[-1] = (merged[-1][0] + text, font)
        else:
            merged.append((text, font))
    return merged


@lru_cache(maxsize=4096)
def _lay_out(runs: tuple[Run, ...], size: float, first: float, width: float) -> list[_Line]:
    # Labels, titles, headers and notes repeat on every slip; caching their layout leaves
    # only the dossier's own values to break into lines.  Callers never mutate the result.
    builder = _LineBuilder(first, width, size)
    for piece, font in _tokens(runs):
        builder.feed(piece, font)
    return builder.finish()


class Para(Flowable):
    """A wrapped paragraph of mixed-font runs.

    Args:
        runs: A plain string (drawn in ``font``) or a sequence of ``(text, font)`` runs;
            ``"\\n"`` forces a line break.
        size: Font size in points.
        leading: Line pitch; defaults to 1.3 × ``size`` (room for stacked Vietnamese marks).
        align: ``"left"``, ``"center"``, ``"right"`` or ``"justify"`` (last line left).
        indent: Left indent of every line.
        first_indent: Extra indent of the first line (negative for a hanging indent).
        space_before: Space above, honoured by platypus frames.
        space_after: Space below.
        underline: Draw a rule under each line (the tiêu ngữ).
        font: Font of a plain-string ``runs``.
    """

    def __init__(
        self,
        runs: str | Sequence[Run],
        size: float = 11,
        *,
        leading: float | None = None,
        align: Align = "left",
        indent: float = 0,
        first_indent: float = 0,
        space_before: float = 0,
        space_after: float = 0,
        underline: bool = False,
        font: str = REGULAR,
    ) -> None:
        super().__init__()
        self.runs: tuple[Run, ...] = ((runs, font),) if isinstance(runs, str) else tuple(runs)
        self.size = size
        self.leading = leading if leading is not None else size * 1.3
        self.align = align
        self.indent = indent
        self.first_indent = first_indent
        self.spaceBefore = space_before
        self.spaceAfter = space_after
        self.underline = underline
        self._lines: list[_Line] = []
        self._laid_for: float | None = None
        self._frozen = False  # a split part keeps its own lines

    def _layout(self, avail: float) -> None:
        if self._laid_for == avail or self._frozen:
            return
        width = max(avail - self.indent, self.size)
        first = max(width - self.first_indent, self.size)
        self._lines = _lay_out(self.runs, self.size, first, width)
        self._laid_for = avail

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """Lay the text out for ``availWidth``; return (width, height)."""
        self._layout(availWidth)
        self.width = availWidth
        self.height = len(self._lines) * self.leading
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        """Split between lines when the paragraph does not fit the rest of a frame."""
        self._layout(availWidth)
        fit = int(availHeight // self.leading)
        if fit <= 0 or fit >= len(self._lines):
            return []
        head, tail = self._clone(self._lines[:fit]), self._clone(self._lines[fit:])
        head.spaceAfter = 0
        tail.spaceBefore = 0
        tail.first_indent = 0
        return [head, tail]

    def _clone(self, lines: list[_Line]) -> Para:
        twin = Para(
            self.runs, self.size, leading=self.leading, align=self.align, indent=self.indent,
            first_indent=self.first_indent, space_before=self.spaceBefore,
            space_after=self.spaceAfter, underline=self.underline,
        )
        twin._lines, twin._laid_for, twin._frozen = lines, self._laid_for, True
        return twin

    def _line_x(self, index: int, line: _Line, avail: float) -> float:
        left = self.indent + (self.first_indent if index == 0 else 0)
        room = avail - left
        if self.align == "center":
            return left + (room - line.width) / 2
        if self.align == "right":
            return left + room - line.width
        return left

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        """Draw at (x, y) in page coordinates.

        Platypus' default wraps every flowable in save-state / translate / restore-state;
        for a form made of dozens of short paragraphs that costs more than the text itself,
        so the paragraph positions its text object directly instead.
        """
        self.canv = canvas
        self._draw_at(self._hAlignAdjust(x, _sW), y)
        del self.canv

    def draw(self) -> None:
        """Draw at the origin (used when a caller has already translated the canvas)."""
        self._draw_at(0.0, 0.0)

    def _draw_at(self, ox: float, oy: float) -> None:
        canv: Canvas = self.canv
        avail = self._laid_for or self.width
        # Centre the glyphs in the line box: Be Vietnam Pro sits ~0.35 em above its baseline.
        baseline = oy + self.height - self.leading / 2 - 0.35 * self.size
        prev_x = ox + self._line_x(0, self._lines[0], avail) if self._lines else ox
        text = canv.beginText(prev_x, baseline)
        current_font = ""
        word_space = 0.0
        last = len(self._lines) - 1
        for i, line in enumerate(self._lines):
            x = ox + self._line_x(i, line, avail)
            if i:
                text.moveCursor(x - prev_x, self.leading)  # Td: two numbers instead of six
            prev_x = x
            stretch = 0.0
            if self.align == "justify" and i < last and line.spaces:
                stretch = (ox + avail - x - line.width) / line.spaces
            if stretch != word_space:
                text.setWordSpace(stretch)
                word_space = stretch
            for segment, font in line.segments:
                if font != current_font:
                    text.setFont(font, self.size, self.leading)
                    current_font = font
                # _textOut (as platypus' Paragraph uses) skips re-measuring the segment
                # only to advance a cursor we never read; PDF advances the glyphs itself.
                text._textOut(segment)
            if self.underline and line.width:
                self._underline(x, baseline, line.width)
            baseline -= self.leading
        canv.drawText(text)

    def _underline(self, x: float, baseline: float, width: float) -> None:
        canv: Canvas = self.canv
        canv.setLineWidth(0.6)
        y = baseline - 0.18 * self.size
        canv.line(x, y, x + width, y)


class Rule(Flowable):
    """A short horizontal rule, centred in the available width."""

    def __init__(self, length: float, *, thickness: float = 0.6, space: float = 2) -> None:
        super().__init__()
        self.length = length
        self.thickness = thickness
        self.space = space

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """Take the full width and a thin strip."""
        self.width = availWidth
        return availWidth, self.space * 2

    def draw(self) -> None:
        """Draw the rule in the middle of the strip."""
        x = (self.width - self.length) / 2
        self.canv.setLineWidth(self.thickness)
        self.canv.line(x, self.space, x + self.length, self.space)


class Columns(Flowable):
    """Stacks of flowables side by side (form header, signature blocks).

    With a single column it is a plain vertical stack (a table cell of several parts).

    Args:
        columns: One list of flowables per column, drawn top-aligned.
        widths: Column widths in points; their sum should not exceed the frame width.
    """

    def __init__(self, columns: Sequence[Sequence[Flowable]], widths: Sequence[float]) -> None:
        super().__init__()
        self.columns = [list(c) for c in columns]
        self.widths = list(widths)
        self._sizes: list[list[float]] = []
        self._slack: list[list[float]] = []

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """Wrap each column at its width; the height is the tallest column's."""
        self._sizes = []
        self._slack = []
        for stack, width in zip(self.columns, self.widths, strict=True):
            heights, slack = [], []
            for flowable in stack:
                w, h = flowable.wrap(width, availHeight)
                heights.append(flowable.getSpaceBefore() + h + flowable.getSpaceAfter())
                slack.append(width - w)  # lets a centred child (barcode) centre itself
            self._sizes.append(heights)
            self._slack.append(slack)
        self.width = sum(self.widths)
        self.height = max((sum(h) for h in self._sizes), default=0.0)
        return self.width, self.height

    def draw(self) -> None:
        """Draw each column top-down."""
        x = 0.0
        for stack, width, heights, slack in zip(self.columns, self.widths, self._sizes,
                                                self._slack, strict=True):
            y = self.height
            for flowable, total, spare in zip(stack, heights, slack, strict=True):
                y -= total
                flowable.drawOn(self.canv, x, y + flowable.getSpaceAfter(), _sW=spare)
            x += width

