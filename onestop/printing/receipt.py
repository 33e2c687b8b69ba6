"""Mẫu 01 — Giấy tiếp nhận hồ sơ và hẹn trả kết quả, on A4 (two copies) or an 80 mm roll."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from typing import Any, Literal

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, PageBreak, Spacer

from onestop.domain.clock import agency_today
from onestop.printing.barcodes import Code128Flowable, QrFlowable
from onestop.printing.common import (
    handling_line,
    A4_MARGINS,
    A4_SIZES,
    K80_SIZES,
    NATIONAL_MOTTO,
    NATIONAL_NAME,
    Margins,
    PdfMeta,
    Sizes,
    build_pdf,
    cell,
    contact_line,
    field,
    form_header,
    form_number,
    frame_height,
    frame_width,
    or_blank,
    pdf_meta,
    signature,
    signatures,
    stack_height,
)
from onestop.printing.copies import SharedCopies
from onestop.printing.flowables import Columns, Para, Rule, Run
from onestop.printing.fonts import BOLD, ITALIC, REGULAR, ensure_fonts
from onestop.printing.grid import Grid
from onestop.printing.models import AgencyHeader, DossierPrint
from onestop.printing.templates import FormTemplate, template_for
from onestop.printing.textfmt import (
    BLANK,
    dmy,
    format_vnd,
    local,
    nfc,
    time_limit_text,
    vn_date_line,
    vn_datetime_words,
)

__all__ = ["COPY_LABELS", "render_receipt"]

COPY_LABELS = ("Liên 1: Lưu tại Bộ phận Một cửa", "Liên 2: Giao người nộp hồ sơ")
_BLANK_TIME = "…… giờ …… phút, ngày …… tháng …… năm ………"
_NOTE = (
    "Ghi chú: Giấy tiếp nhận được lập thành 02 liên: 01 liên kèm Phiếu kiểm soát quá trình "
    "giải quyết hồ sơ, lưu tại Bộ phận Một cửa; 01 liên giao người nộp hồ sơ. Người nộp có "
    "thể đăng ký nhận kết quả tại Bộ phận Một cửa hoặc qua dịch vụ bưu chính."
)
# (body, table) font sizes tried, largest first, until one A4 copy fits on its page.
_A4_FITS = ((11.5, 10.5), (11.5, 9.5), (11, 9), (10.5, 8.5), (10, 8), (9.5, 7.5), (9, 7))
# Space after each line of the form, as a fraction of the font size.
_GAP = 0.22
K80_WIDTH = 80 * mm
# 80 mm rolls print about 72 mm wide: 4 mm each side keeps every mark on the paper.
K80_MARGINS = Margins(left=4 * mm, right=4 * mm, top=4 * mm, bottom=5 * mm)


def render_receipt(
    d: DossierPrint,
    agency: AgencyHeader,
    layout: Literal["a4", "k80"] = "a4",
    printed_at: datetime | None = None,
) -> bytes:
    """Render the receipt and appointment slip (Mẫu 01).

    Args:
        d: The dossier.
        agency: Issuing agency.
        layout: ``"a4"``: both copies (liên), one per page; ``"k80"``: one copy on an 80 mm
            thermal roll, page height fitted to the content.
        printed_at: When the slip is printed; shown in a small footer and used for the
            date line when the dossier has no receipt time.

    Returns:
        The PDF bytes.
    """
    ensure_fonts()
    when = d.received_at or printed_at
    template = template_for("receipt", local(when).date() if when else agency_today())
    meta = pdf_meta(template, agency, nfc(d.code), nfc(d.procedure_name))
    footer = _footer(printed_at)
    if layout == "k80":
        return _render_k80(d, agency, template, when, footer, meta)
    if layout != "a4":
        raise ValueError(f"Unknown receipt layout: {layout!r}")
    return _render_a4(d, agency, template, when, footer, meta)


def _footer(printed_at: datetime | None) -> Callable[[Canvas, Any], None] | None:
    """A page callback writing "In lúc …" in the bottom margin, or None."""
    if printed_at is None:
        return None
    at = local(printed_at)
    text = f"In lúc {at.hour:02d}:{at.minute:02d} ngày {dmy(at)}"

    def draw(canv: Canvas, doc: Any) -> None:
        canv.setFont(ITALIC, 6.5)
        canv.drawRightString(doc.pagesize[0] - doc.rightMargin, doc.bottomMargin * 0.4, text)

    return draw


# ---------------------------------------------------------------- wording shared by both layouts


def _due_text(d: DossierPrint) -> str:
    if d.due_at is not None:
        return vn_datetime_words(d.due_at)
    if d.time_limit_days is None:
        return "Theo thông báo của cơ quan giải quyết"
    return _BLANK_TIME


def _collect_text(d: DossierPrint, agency: AgencyHeader) -> str:
    if d.collect_at:
        return d.collect_at
    place = "Bộ phận Một cửa"
    return f"{place}, {agency.address}" if agency.address else place


def _register_runs(d: DossierPrint) -> list[Run]:
    return [
        ("Vào Sổ theo dõi hồ sơ, Quyển số: ", REGULAR),
        (or_blank(d.register_book), BOLD),
        ("    Số thứ tự: ", REGULAR),
        (str(d.register_no) if d.register_no is not None else BLANK, BOLD),
    ]


def _party_lines(d: DossierPrint, agency: AgencyHeader, size: float) -> list[Flowable]:
    """Who filed what: the lines between the barcode and the list of papers."""
    out: list[Flowable] = [
        field("Bộ phận tiếp nhận và trả kết quả", agency.name, size),
        field("Tiếp nhận hồ sơ của", d.applicant_name, size, bold=True),
    ]
    if d.org_name:
        out.append(field("Cơ quan, tổ chức", d.org_name, size))
    if d.id_number:
        out.append(field("Số định danh cá nhân (CCCD)", d.id_number, size))
    out.append(field("Địa chỉ", d.address, size))
    out.append(contact_line(d.phone, d.email, size))
    procedure = d.procedure_name + (f" (Mã TTHC: {d.procedure_code})" if d.procedure_code else "")
    out.append(field("Nội dung yêu cầu giải quyết", procedure, size, bold=True))
    out.extend(handling_line(d, size))
    return out


def _documents_table(d: DossierPrint, width: float, size: float, narrow: bool) -> Grid:
    """TT | Tên giấy tờ | Bản chính | Bản sao."""
    num_w = (5 if narrow else 10) * mm
    count_w = (8 if narrow else 21) * mm
    heads = ("TT", "Tên giấy tờ", "BC" if narrow else "Bản chính", "BS" if narrow else "Bản sao")
    rows: list[list[Para]] = [[cell(h, size, align="center", font=BOLD) for h in heads]]
    for i, doc in enumerate(d.documents, start=1):
        rows.append([
            cell(str(i), size, align="center"),
            cell(doc.name, size),
            cell(str(doc.original) if doc.original else "", size, align="center"),
            cell(str(doc.copy) if doc.copy else "", size, align="center"),
        ])
    if not d.documents:
        rows.append([cell("", size), cell(BLANK, size), cell("", size), cell("", size)])
    pad = 1.5 if narrow else 3
    widths = (num_w, width - num_w - 2 * count_w, count_w, count_w)
    return Grid(rows, widths, pad=pad)


def _numbered_items(d: DossierPrint, agency: AgencyHeader, size: float) -> list[Flowable]:
    """Items 2–6, fee and the register entry."""
    received = vn_datetime_words(d.received_at) if d.received_at else _BLANK_TIME
    gap = size * _GAP
    return [
        Para(f"2. Số lượng hồ sơ: {d.sets} (bộ)", size, space_before=size * 0.3, space_after=gap),
        Para("3. Thời gian giải quyết hồ sơ theo quy định là: "
             + time_limit_text(d.time_limit_days), size, space_after=gap),
        Para(f"4. Thời gian nhận hồ sơ: {received}", size, space_after=gap),
        Para([("5. Thời gian trả kết quả giải quyết hồ sơ: ", REGULAR), (_due_text(d), BOLD)],
             size, space_after=gap),
        Para(f"6. Đăng ký nhận kết quả tại: {_collect_text(d, agency)}", size, space_after=gap),
        Para(f"Phí, lệ phí: {format_vnd(d.fee_vnd)}", size, space_after=gap),
        Para(_register_runs(d), size, space_after=gap),
    ]


# ---------------------------------------------------------------------------------- A4 layout


def _copy_label(index: int, sz: Sizes) -> Para:
    return Para(f"({COPY_LABELS[index]})", sz.body - 0.5, font=ITALIC, align="center")


def _a4_copy(
    d: DossierPrint, agency: AgencyHeader, template: FormTemplate, when: datetime | None,
    copy_label: Para, sz: Sizes, table_size: float, width: float,
) -> list[Flowable]:
    body = sz.body
    return [
        *form_number(template, sz.small),
        form_header(agency, when, width, sz.header),
        Para(template.title, sz.title, font=BOLD, align="center", space_before=10),
        Para([("Mã hồ sơ: ", REGULAR), (d.code, BOLD)], body, align="center", space_before=2),
        copy_label,
        Spacer(1, 3),
        _codes_row(d, width),
        Spacer(1, 4),
        *_party_lines(d, agency, body),
        Para("1. Thành phần hồ sơ nộp gồm:", body, space_before=1, space_after=3),
        _documents_table(d, width, table_size, narrow=False),
        *_numbered_items(d, agency, body),
        Spacer(1, 5),
        signatures(
            signature("NGƯỜI NỘP HỒ SƠ", body),
            signature("NGƯỜI TIẾP NHẬN HỒ SƠ", body, name=d.officer_name),
            width,
        ),
        Para(_phone_note(agency), sz.small, font=ITALIC, align="justify", space_before=6),
    ]


#: Side of the receipt's QR (quiet zone included): ~0.4 mm modules for a ~200-character
#: payload, read by desk imagers and phone cameras alike.
QR_SIZE = 26 * mm


def _codes_row(d: DossierPrint, width: float) -> Flowable:
    """The Code 128 of the dossier code, with the signed QR to its right when there is one."""
    barcode = Code128Flowable(d.code, bar_height=9 * mm)
    if not d.qr_text:
        return barcode
    gap = 6 * mm
    bar_w = barcode.symbol_length
    row = Columns([[Spacer(1, (QR_SIZE - 9 * mm) / 2 - 4), barcode],
                   [QrFlowable(d.qr_text, QR_SIZE)]],
                  [min(bar_w, width - QR_SIZE - gap) + gap, QR_SIZE])
    row.hAlign = "CENTER"
    return row


def _phone_note(agency: AgencyHeader) -> str:
    return _NOTE + (f" Điện thoại liên hệ: {agency.phone}." if agency.phone else "")


def _render_a4(
    d: DossierPrint, agency: AgencyHeader, template: FormTemplate, when: datetime | None,
    footer: Callable[[Canvas, Any], None] | None, meta: PdfMeta,
) -> bytes:
    width = frame_width(A4, A4_MARGINS)
    height = frame_height(A4, A4_MARGINS)
    room = height - 2  # a hair of slack for rounding in the frame
    # One measurement decides the sizes for both copies.  If even the smallest sizes are too
    # tall (dozens of papers) each copy flows onto more pages, at the normal, readable size.
    fits = False
    for body, table_size in (*_A4_FITS, _A4_FITS[0]):
        sz = replace(A4_SIZES, body=body)
        label = _copy_label(0, sz)
        first = _a4_copy(d, agency, template, when, label, sz, table_size, width)
        # The copies differ only by their label: the common flowables are laid out once,
        # drawn once into form XObjects and shown on both pages (see printing.copies).
        one, two = SharedCopies(first, first.index(label), (label, _copy_label(1, sz))).pages()
        # Wrapped as the page's frame will wrap it (so the frame reuses this layout).
        one.wrap(width, height)
        fits = one.stacked <= room
        if fits:
            break
    if fits and two.wrap(width, height)[1] <= room:
        return build_pdf([one, PageBreak(), two], meta, on_page=footer)
    second_label = _copy_label(1, sz)
    # Too tall for one page each: platypus flows each copy over its pages.  (Not with the
    # first copy's flowables reused: platypus marks postponed flowables and would refuse
    # them a second time.)
    second = _a4_copy(d, agency, template, when, second_label, sz, table_size, width)
    story = [*first, PageBreak(), *second]
    return build_pdf(story, meta, on_page=footer)


# --------------------------------------------------------------------------------- k80 layout


def _k80_story(
    d: DossierPrint, agency: AgencyHeader, template: FormTemplate, when: datetime | None,
    width: float,
) -> list[Flowable]:
    sz = K80_SIZES
    body = sz.body
    head = [Para(t, sz.header, font=f, align="center") for t, f in (
        (agency.parent_name, REGULAR), (agency.name, BOLD), (agency.unit_name, BOLD)) if t]
    return [
        *head,
        Para(NATIONAL_NAME, sz.header, font=BOLD, align="center", space_before=2),
        Para(NATIONAL_MOTTO, sz.header, font=BOLD, align="center", underline=True),
        Rule(width * 0.9, space=3),
        Para(template.title, sz.title, font=BOLD, align="center", space_before=1),
        Para([("Mã hồ sơ: ", REGULAR), (d.code, BOLD)], body, align="center", space_after=3),
        *_k80_details(d, agency, width, body),
        Para(vn_date_line(agency.place_name, when), body, font=ITALIC, align="center",
             space_before=4),
        Para(template.form_line, sz.small - 0.5, font=ITALIC, align="center", space_before=2),
    ]


def _k80_details(d: DossierPrint, agency: AgencyHeader, width: float, body: float) -> list[
    Flowable
]:
    """The fields and the barcode, the barcode stood up beside the first fields if needed."""
    barcode = Code128Flowable(d.code, bar_height=8 * mm, font_size=6.5)
    gap = 2 * mm
    fits_flat = barcode.symbol_length <= width
    bar_w = 0.0 if fits_flat else barcode.wrap(width, 1e6)[0]
    text_w = width - bar_w - gap
    pieces: list[Flowable | Callable[[float], Flowable]] = [
        *_party_lines(d, agency, body),
        Para("1. Thành phần hồ sơ nộp gồm:", body, space_before=1, space_after=2),
        lambda w: _documents_table(d, w, body - 0.5, narrow=True),
        *_numbered_items(d, agency, body),
        field("Người tiếp nhận", d.officer_name, body, bold=True),
    ]
    if d.qr_text:
        pieces.append(Spacer(1, 2))
        pieces.append(lambda w: QrFlowable(d.qr_text, min(QR_SIZE, w)))
    if fits_flat:
        return [barcode, Spacer(1, 2), *[p if isinstance(p, Flowable) else p(width)
                                          for p in pieces]]
    # A long code does not fit across 74 mm at a module scanners read reliably, so the
    # symbol stands up on the right and the first fields run beside it; the rest of the
    # slip goes back to the full width below it.
    beside: list[Flowable] = []
    below: list[Flowable] = []
    used = 0.0
    for piece in pieces:
        if used < barcode.symbol_length:
            flowable = piece if isinstance(piece, Flowable) else piece(text_w)
            used += stack_height([flowable], text_w) + flowable.getSpaceBefore()
            beside.append(flowable)
        else:
            below.append(piece if isinstance(piece, Flowable) else piece(width))
    return [Columns([beside, [barcode]], [text_w + gap, bar_w]), *below]


def _render_k80(
    d: DossierPrint, agency: AgencyHeader, template: FormTemplate, when: datetime | None,
    footer: Callable[[Canvas, Any], None] | None, meta: PdfMeta,
) -> bytes:
    width = K80_WIDTH - K80_MARGINS.left - K80_MARGINS.right
    story = _k80_story(d, agency, template, when, width)
    # Measure first, then give the roll exactly that length (plus margins and a hair).
    height = stack_height(story, width) + K80_MARGINS.top + K80_MARGINS.bottom + 2
    return build_pdf(story, meta, pagesize=(K80_WIDTH, height), margins=K80_MARGINS,
                     on_page=footer)
