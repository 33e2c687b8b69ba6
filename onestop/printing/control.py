"""Mẫu 05 (Mẫu 06 from 15/9/2025) — Phiếu kiểm soát quá trình giải quyết hồ sơ."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from onestop.domain.clock import agency_today
from onestop.printing.common import (
    handling_line,
    A4_MARGINS,
    A4_SIZES,
    build_pdf,
    cell,
    contact_line,
    field,
    form_top,
    frame_width,
    pdf_meta,
)
from onestop.printing.flowables import Columns, Para
from onestop.printing.fonts import BOLD, ITALIC, REGULAR, ensure_fonts
from onestop.printing.grid import Grid
from onestop.printing.models import AgencyHeader, DossierPrint, HandOver
from onestop.printing.templates import template_for
from onestop.printing.textfmt import local, nfc, vn_datetime_words

__all__ = ["render_control_sheet"]

_SZ = A4_SIZES
_BODY = _SZ.body
_CELL = 9.5
_BLANK_TIME = "…… giờ …… phút, ngày …… tháng …… năm ………"
_BLANK_CELL_TIME = "…… giờ …… phút\nngày …… tháng …… năm ………"
# Rows printed in all, so that hand-overs still to come can be written in by hand.
_MIN_ROWS = 5
_HEADINGS = (
    "TÊN CƠ QUAN",
    "THỜI GIAN GIAO, NHẬN HỒ SƠ",
    "KẾT QUẢ GIẢI QUYẾT HỒ SƠ\n(Trước hạn/đúng hạn/quá hạn)",
    "GHI CHÚ",
)


def render_control_sheet(d: DossierPrint, agency: AgencyHeader, rows: Sequence[HandOver]) -> bytes:
    """Render the control sheet with one table row per hand-over.

    Args:
        d: The dossier.
        agency: Agency of the desk.
        rows: Hand-overs in order (desk → department → … → desk → applicant); the sheet is
            padded with blank rows to fill in by hand.

    Returns:
        The PDF bytes.
    """
    ensure_fonts()
    on = local(d.received_at).date() if d.received_at else agency_today()
    template = template_for("control", on)
    width = frame_width(A4, A4_MARGINS)
    received = vn_datetime_words(d.received_at) if d.received_at else _BLANK_TIME
    due = vn_datetime_words(d.due_at) if d.due_at else _BLANK_TIME
    story: list[Flowable] = [
        *form_top(template, agency, d.received_at, width),
        Para([("Mã hồ sơ: ", REGULAR), (d.code, BOLD)], _BODY, align="center"),
        Para("(Kèm theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả)", _BODY - 1, font=ITALIC,
             align="center", space_after=_BODY * 0.6),
        field("Chủ hồ sơ", d.applicant_name, _BODY, bold=True),
        contact_line(d.phone, d.email, _BODY),
        field("Địa chỉ", d.address, _BODY),
        field("Nội dung yêu cầu giải quyết", d.procedure_name, _BODY, bold=True),
        *handling_line(d, _BODY),
        field("Thời gian nhận hồ sơ", received, _BODY),
        field("Thời gian trả kết quả", due, _BODY),
        field("Cơ quan (bộ phận) giải quyết hồ sơ", d.department, _BODY),
        field("Cơ quan phối hợp giải quyết hồ sơ", None, _BODY),
        Spacer(1, 4),
        _table(rows, width),
    ]
    return build_pdf(story, pdf_meta(template, agency, nfc(d.code)))


def _table(rows: Sequence[HandOver], width: float) -> Grid:
    widths = (width * 0.28, width * 0.36, width * 0.20, width * 0.16)
    head = [cell(h, _CELL - 0.5, align="center", font=BOLD) for h in _HEADINGS]
    body = [_row(r, widths[1]) for r in rows]
    body += [_blank_row(widths[1]) for _ in range(_MIN_ROWS - len(body))]
    return Grid([head, *body], widths, pad=3)


def _row(r: HandOver, time_width: float) -> list[Flowable]:
    return [
        cell(f"1. Giao: {nfc(r.from_unit)}\n2. Nhận: {nfc(r.to_unit)}", _CELL),
        # "14 giờ 30 phút" over "ngày 05 tháng 01 năm 2026": breaks where a reader expects.
        _time_cell(vn_datetime_words(r.at).replace(", ", "\n", 1), time_width),
        cell(r.result, _CELL, align="center"),
        cell(r.note, _CELL),
    ]


def _blank_row(time_width: float) -> list[Flowable]:
    return [
        cell("1. Giao: ……………………\n2. Nhận: ……………………", _CELL),
        _time_cell(_BLANK_CELL_TIME, time_width),
        cell("", _CELL),
        cell("", _CELL),
    ]


def _time_cell(when: str, width: float) -> Flowable:
    """Hand-over time over two signature boxes: Người giao | Người nhận."""
    inner = width - 6  # the grid's cell padding
    half = inner / 2
    signers = Columns(
        [[cell("Người giao", _CELL - 1, align="center", font=ITALIC), Spacer(1, 11 * mm)],
         [cell("Người nhận", _CELL - 1, align="center", font=ITALIC), Spacer(1, 11 * mm)]],
        [half, half],
    )
    # A one-column Columns is a plain vertical stack.
    return Columns([[cell(when, _CELL, align="center"), Spacer(1, 2), signers]], [inner])

