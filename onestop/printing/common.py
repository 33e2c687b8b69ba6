"""Building blocks shared by all forms: sizes, header, titles, fields, signatures, PDF build.

The header follows Nghị định 30/2020/NĐ-CP: agency names on the left, the national motto
(Quốc hiệu, Tiêu ngữ) and the place-date line on the right.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageTemplate,
    Spacer,
)

from onestop.printing.flowables import Align, Columns, Para, Rule, Run
from onestop.printing.fonts import BOLD, ITALIC, REGULAR, ensure_fonts
from onestop.printing.models import AgencyHeader
from onestop.printing.templates import FormTemplate
from onestop.printing.textfmt import BLANK, nfc, vn_date_line

__all__ = [
    "A4_MARGINS",
    "A4_SIZES",
    "K80_SIZES",
    "NATIONAL_MOTTO",
    "NATIONAL_NAME",
    "Margins",
    "NumberedCanvas",
    "PdfMeta",
    "Sizes",
    "build_pdf",
    "cell",
    "contact_line",
    "field",
    "form_header",
    "form_number",
    "form_top",
    "frame_height",
    "frame_width",
    "or_blank",
    "pdf_meta",
    "signature",
    "signatures",
    "stack_height",
]

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
NATIONAL_MOTTO = "Độc lập - Tự do - Hạnh phúc"
PRODUCER = "OneStop Desk"

# Streams stay zlib-compressed but are not also ASCII85-armoured: the armour only serves
# 7-bit transports, makes streams 25 % larger and its pure-Python encoder cost ~3 ms a page.
# reportlab reads this switch at save time and only the printing package uses reportlab.
rl_config.useA85 = 0


@dataclass(frozen=True)
class Sizes:
    """Font sizes of one layout, in points."""

    body: float
    small: float
    title: float
    header: float


@dataclass(frozen=True)
class PdfMeta:
    """Document information shown by PDF viewers (in Vietnamese)."""

    title: str
    subject: str
    author: str


@dataclass(frozen=True)
class Margins:
    """Page margins in points."""

    left: float
    right: float
    top: float
    bottom: float


A4_SIZES = Sizes(body=11.5, small=8.5, title=14, header=11)
K80_SIZES = Sizes(body=8, small=7, title=8.5, header=7.5)
# NĐ 30/2020 asks for a wide binding margin on the left of A4 administrative documents.
A4_MARGINS = Margins(left=25 * mm, right=15 * mm, top=14 * mm, bottom=12 * mm)


def or_blank(value: str | None) -> str:
    """Return ``value``, or a dotted blank to fill by hand when it is empty."""
    return value if value else BLANK


def field(
    label: str, value: str | None, size: float, *, bold: bool = False, indent: float = 0,
) -> Para:
    """A ``"Label: value"`` line; the value is bold for the key facts (applicant, procedure)."""
    runs: list[Run] = [(f"{label}: ", REGULAR), (or_blank(value), BOLD if bold else REGULAR)]
    return Para(runs, size, align="left", space_after=size * 0.22, indent=indent)


def handling_line(d: Any, size: float) -> list[Para]:
    """``Cơ quan giải quyết: …`` when a centre received the dossier for another agency
    (``DossierPrint.handling_agency``; empty at a single-agency desk: nothing printed)."""
    name = getattr(d, "handling_agency", "")
    return [field("Cơ quan giải quyết", name, size, bold=True)] if name else []


def contact_line(phone: str | None, email: str | None, size: float) -> Para:
    """``Số điện thoại: …     Email: …`` on one line."""
    runs: list[Run] = [("Số điện thoại: ", REGULAR), (or_blank(phone), REGULAR),
                       ("     Email: ", REGULAR), (or_blank(email), REGULAR)]
    return Para(runs, size, space_after=size * 0.22)


def form_number(template: FormTemplate | None, size: float) -> list[Flowable]:
    """The small italic ``"Mẫu số 01 – <legal basis>"`` line printed top-right."""
    if template is None:
        return []
    return [Para(template.form_line, size, font=ITALIC, align="right", space_after=1)]


def form_header(
    agency: AgencyHeader,
    when: date | None,
    width: float,
    size: float,
    *,
    unit: bool = True,
    number_line: str | None = None,
    date_line: bool = True,
) -> Columns:
    """Two-column form header.

    Args:
        agency: Issuing agency.
        when: Date of the place-date line (``None`` leaves blanks).
        width: Frame width in points.
        size: Header font size.
        unit: Print the reception unit under the agency name (slips issued by the desk).
        number_line: ``"Số: …"`` line under the agency block (letters).
        date_line: Print the place-date line (a register book has none).
    """
    left_w = width * 0.46
    right_w = width - left_w
    # Agency names run long ("BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ"): half a point smaller
    # keeps them on one line each in the narrower column.
    small = size - 0.5
    left: list[Flowable] = []
    if agency.parent_name:
        left.append(Para(agency.parent_name, small, align="center"))
    left.append(Para(agency.name, small, font=BOLD, align="center"))
    if unit and agency.unit_name:
        left.append(Para(agency.unit_name, small, font=BOLD, align="center"))
    left.append(Rule(left_w * 0.35, space=3))
    if number_line:
        left.append(Para(number_line, small, align="center", space_before=2))
    right: list[Flowable] = [
        Para(NATIONAL_NAME, size, font=BOLD, align="center"),
        Para(NATIONAL_MOTTO, size + 0.5, font=BOLD, align="center", underline=True),
    ]
    if date_line:
        right.append(Para(vn_date_line(nfc(agency.place_name), when), size, font=ITALIC,
                          align="center", space_before=size * 0.6))
    return Columns([left, right], [left_w, right_w])


def signature(
    title: str, size: float, *, name: str = "", note: str = "(Ký và ghi rõ họ tên)",
    gap: float = 18 * mm,
) -> list[Flowable]:
    """One signature block: bold title, italic hint, room to sign, then the name."""
    block: list[Flowable] = [Para(title, size, font=BOLD, align="center")]
    if note:
        block.append(Para(note, size - 1, font=ITALIC, align="center"))
    block.append(Spacer(1, gap))
    if name:
        block.append(Para(name, size, font=BOLD, align="center"))
    return block


def signatures(left: list[Flowable], right: list[Flowable], width: float) -> Columns:
    """Two signature blocks side by side (either may be empty)."""
    half = width / 2
    return Columns([left, right], [half, half])


def cell(text: str, size: float, *, align: Align = "left", font: str = REGULAR) -> Para:
    """A table cell paragraph with tight leading."""
    return Para(text, size, align=align, font=font, leading=size * 1.25)


def build_pdf(
    story: list[Flowable],
    meta: PdfMeta,
    *,
    pagesize: tuple[float, float] = A4,
    margins: Margins = A4_MARGINS,
    on_page: Callable[[Canvas, Any], None] | None = None,
    canvasmaker: type[Canvas] = Canvas,
) -> bytes:
    """Lay ``story`` out into a deterministic PDF and return its bytes.

    ``invariant=1`` fixes the creation date and document ID, so equal input gives equal
    bytes (tests, caching, duplicate detection).
    """
    ensure_fonts()
    buf = io.BytesIO()
    doc = BaseDocTemplate(
        buf,
        pagesize=pagesize,
        leftMargin=margins.left,
        rightMargin=margins.right,
        topMargin=margins.top,
        bottomMargin=margins.bottom,
        title=nfc(meta.title),
        subject=nfc(meta.subject),
        author=nfc(meta.author),
        creator=PRODUCER,
        lang="vi-VN",
        invariant=1,
    )
    # No frame padding: the margins alone define the text area, which makes the height
    # measured for fitting (k80 roll, one A4 copy per page) exact.
    frame = Frame(
        margins.left, margins.bottom, pagesize[0] - margins.left - margins.right,
        pagesize[1] - margins.top - margins.bottom,
        leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body",
    )
    callback = on_page or _no_page_decoration
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=callback)])
    doc.build(story, canvasmaker=canvasmaker)
    return buf.getvalue()


def _no_page_decoration(canv: Canvas, doc: Any) -> None:
    """Default page callback: nothing to add."""


def frame_width(pagesize: tuple[float, float], margins: Margins) -> float:
    """Usable width between the margins."""
    return pagesize[0] - margins.left - margins.right


def frame_height(pagesize: tuple[float, float], margins: Margins) -> float:
    """Usable height between the margins."""
    return pagesize[1] - margins.top - margins.bottom


def stack_height(flowables: Sequence[Flowable], width: float) -> float:
    """Height a frame needs for ``flowables`` laid out at ``width``.

    Mirrors platypus' frame: the first flowable's space-before is dropped at the top.
    """
    total = 0.0
    for i, flowable in enumerate(flowables):
        _, h = flowable.wrap(width, 1e6)
        total += (flowable.getSpaceBefore() if i else 0.0) + h + flowable.getSpaceAfter()
    return total


def form_top(
    template: FormTemplate,
    agency: AgencyHeader,
    when: date | None,
    width: float,
    sz: Sizes = A4_SIZES,
    **header_options: Any,
) -> list[Flowable]:
    """Form number, two-column header and the bold title of an A4 form."""
    return [
        *form_number(template, sz.small),
        form_header(agency, when, width, sz.header, **header_options),
        Para(template.title, sz.title, font=BOLD, align="center", space_before=sz.title * 0.9,
             space_after=2),
    ]


def pdf_meta(template: FormTemplate, agency: AgencyHeader, about: str,
             subject: str = "") -> PdfMeta:
    """Metadata of a form: its name and ``about`` (the dossier code, a period…)."""
    return PdfMeta(
        title=f"{template.label} – {about}",
        subject=f"{template.form_line}. {subject}" if subject else template.form_line,
        author=f"{agency.unit_name} – {agency.name}",
    )


class NumberedCanvas(Canvas):
    """Canvas that prints "Trang n/N" centred at the foot of every page.

    The total is only known at the end, so each page's drawing state is kept until
    :meth:`save`, then the numbers are added and the pages emitted.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        """Keep the finished page's state instead of emitting it now."""
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        """Number every kept page, emit them, and write the file."""
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._number(total)
            super().showPage()
        super().save()

    def _number(self, total: int) -> None:
        width = self._pagesize[0]
        self.setFont(ITALIC, 8)
        self.drawCentredString(width / 2, 6 * mm, f"Trang {self._pageNumber}/{total}")
