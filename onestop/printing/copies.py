"""Copies (liên) of one form that differ in a single flowable, drawn once and shown twice.

The A4 receipt prints the same slip on two pages; only the line naming the copy ("Liên 1 …",
"Liên 2 …") differs.  Laying out and drawing the common flowables for every page cost about
as much as the rest of the document, so :class:`SharedCopies` lays them out once, the way a
platypus frame would, records each stretch of common flowables as a PDF form XObject the
first time it is drawn, and shows that form on every copy's page.  Viewers, printers and
text extraction see the same marks and the same text at the same places; the file carries
the common content once.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

__all__ = ["CopyPage", "SharedCopies"]


class SharedCopies:
    """The common flowables of every copy and the forms recorded from them.

    Args:
        flowables: The copy's flowables, top to bottom, as a frame would receive them.
        slot: Index in ``flowables`` of the one flowable that differs between copies.
        own: The flowable put in ``slot`` on each copy, one per copy.
        name: Prefix of the form names (unique within the document, the same for the
            same input so that equal input keeps giving equal bytes).
    """

    def __init__(
        self, flowables: Sequence[Flowable], slot: int, own: Sequence[Flowable],
        name: str = "SharedCopy",
    ) -> None:
        self.flowables = list(flowables)
        self.slot = slot
        self.own = list(own)
        self.name = name
        # The stretches of common flowables: [0, slot) and (slot, end].
        self.stretches = [(0, slot), (slot + 1, len(self.flowables))]
        # Form name and the page position its content was recorded at, per stretch.
        self._recorded: dict[int, tuple[str, float, float]] = {}

    def pages(self) -> list[CopyPage]:
        """One flowable per copy, each filling its frame from the top."""
        return [CopyPage(self, i) for i in range(len(self.own))]

    def children(self, copy: int) -> list[Flowable]:
        """The flowables of one copy, in order."""
        out = list(self.flowables)
        out[self.slot] = self.own[copy]
        return out

    def show(self, canv: Canvas, stretch: int, children: list[tuple[Flowable, float, float,
                                                                     float]]) -> None:
        """Draw one stretch of common flowables: record it the first time, then reuse it.

        ``children`` holds ``(flowable, x, y, spare width)`` in page coordinates.
        """
        if not children:
            return
        _, x0, y0, _ = children[0]
        recorded = self._recorded.get(stretch)
        if recorded is None:
            name = f"{self.name}{stretch}"
            canv.beginForm(name)
            for flowable, x, y, spare in children:
                flowable.drawOn(canv, x, y, _sW=spare)
            canv.endForm()
            recorded = self._recorded[stretch] = (name, x0, y0)
        name, rx, ry = recorded
        if (rx, ry) == (x0, y0):
            canv.doForm(name)
        else:  # the differing flowable had another height: the rest moves with it
            canv.saveState()
            canv.translate(x0 - rx, y0 - ry)
            canv.doForm(name)
            canv.restoreState()


class CopyPage(Flowable):
    """One copy: its flowables stacked exactly as a platypus frame stacks them.

    The frame rules mirrored: no space before the first flowable; adjacent space after and
    space before overlap (``rl_config.overlapAttachedSpace``), so the larger one counts;
    each flowable is wrapped at the frame width and told the spare width for its alignment.
    """

    def __init__(self, shared: SharedCopies, copy: int) -> None:
        super().__init__()
        self.shared = shared
        self.copy = copy
        self.children = shared.children(copy)
        # (offset of the flowable's bottom below the top, spare width) per child.
        self._places: list[tuple[float, float]] = []
        self._wrapped_for: tuple[float, float] | None = None
        self.stacked = 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """Lay the children out top-down at ``availWidth``; return the height they use."""
        if self._wrapped_for == (availWidth, availHeight):
            return self.width, self.height
        places: list[tuple[float, float]] = []
        used = 0.0
        stacked = 0.0
        prev_after = 0.0
        for i, flowable in enumerate(self.children):
            before = 0.0
            if i:
                before = flowable.getSpaceBefore()
                if getattr(flowable, "_SPACETRANSFER", False):
                    before = prev_after
                before = max(before - prev_after, 0.0)
            w, h = flowable.wrap(availWidth, availHeight - used - before)
            stacked += (flowable.getSpaceBefore() if i else 0.0) + h + flowable.getSpaceAfter()
            used += before + h
            places.append((used, availWidth - w))
            after = flowable.getSpaceAfter()
            used += after
            if getattr(flowable, "_SPACETRANSFER", False):
                after = prev_after
            prev_after = after
        self._places = places
        # What common.stack_height would say (spaces added, not overlapped): the A4 receipt
        # decides its font sizes on that figure, measured here in the same pass.
        self.stacked = stacked
        self._wrapped_for = (availWidth, availHeight)
        # The frame goes on below the last flowable's space after; so does this copy.
        self.width = availWidth
        self.height = used
        return self.width, self.height

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        """Draw at (x, y) in page coordinates: common stretches as forms, the own flowable
        directly."""
        top = y + self.height
        shared = self.shared
        for stretch, (start, end) in enumerate(shared.stretches):
            shared.show(canvas, stretch, [
                (self.children[i], x, top - self._places[i][0], self._places[i][1])
                for i in range(start, end)
            ])
            if stretch == 0:
                own = self.children[shared.slot]
                own_bottom, spare = self._places[shared.slot]
                own.drawOn(canvas, x, top - own_bottom, _sW=spare)
