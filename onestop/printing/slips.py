"""Mẫu 02 (supplement request), Mẫu 03 (refusal), Mẫu 04 (apology / new date) and, from
15/9/2025, Mẫu 05 (stop notice, Thông tư 03/2025/TT-VPCP) on A4."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from onestop.printing.common import (
    handling_line,
    A4_MARGINS,
    A4_SIZES,
    build_pdf,
    contact_line,
    field,
    form_top,
    frame_width,
    or_blank,
    pdf_meta,
    signature,
    signatures,
)
from onestop.printing.barcodes import Code128Flowable
from onestop.printing.flowables import Columns, Para, Run
from onestop.printing.fonts import BOLD, BOLD_ITALIC, ITALIC, REGULAR, ensure_fonts
from onestop.printing.models import AgencyHeader, DossierPrint
from onestop.printing.templates import FORM_TEMPLATES, FormTemplate, template_for
from onestop.printing.textfmt import BLANK, dmy, local, nfc, vn_datetime_words
from onestop.printing.common import form_header

__all__ = ["render_apology", "render_refusal", "render_stop", "render_supplement"]

_SZ = A4_SIZES
_BODY = _SZ.body
_GAP = _BODY * 0.3
_INDENT = 10 * mm  # first-line indent of narrative paragraphs (NĐ 30/2020 style)


def _text(text: str | Sequence[Run], **options: object) -> Para:
    """A justified body paragraph with the form's standard spacing."""
    return Para(text, _BODY, align="justify", space_after=_GAP, **options)  # type: ignore[arg-type]


def _code_line(d: DossierPrint) -> Para:
    return Para([("Mã hồ sơ: ", REGULAR), (d.code, BOLD)], _BODY, align="center",
                space_after=_BODY * 0.8)


def _numbered(items: Sequence[str]) -> list[Flowable]:
    """``1. …`` lines with a hanging indent, or one dotted line to fill by hand."""
    lines = [nfc(i).strip() for i in items if i and i.strip()] or [BLANK * 4]
    hang = 6 * mm
    return [Para(f"{n}. {item}", _BODY, indent=hang, first_indent=-hang + 3 * mm,
                 space_after=_GAP) for n, item in enumerate(lines, start=1)]


def _paragraphs(text: str) -> list[Flowable]:
    """Free text (reason) as justified paragraphs, one per input line."""
    parts = [p.strip() for p in nfc(text).splitlines() if p.strip()] or [BLANK * 4]
    return [_text(p, first_indent=_INDENT) for p in parts]


def render_supplement(
    d: DossierPrint,
    agency: AgencyHeader,
    missing: Sequence[str],
    reason: str,
    guide_name: str,
    at: datetime,
) -> bytes:
    """Render Mẫu 02 — Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ.

    Args:
        d: The dossier.
        agency: Issuing agency.
        missing: What the applicant must add or correct, one item each.
        reason: Why the dossier is incomplete.
        guide_name: Officer who guides the applicant (signs the slip).
        at: When the slip is issued (date line and form version).

    Returns:
        The PDF bytes.
    """
    ensure_fonts()
    template = template_for("supplement", local(at).date())
    width = frame_width(A4, A4_MARGINS)
    phone = f" theo số điện thoại {agency.phone}" if agency.phone else ""
    story: list[Flowable] = [
        *form_top(template, agency, at, width),
        _code_line(d),
        field("Bộ phận tiếp nhận và trả kết quả", agency.name, _BODY),
        field("Tiếp nhận hồ sơ của Ông/Bà", d.applicant_name, _BODY, bold=True),
        *([field("Cơ quan, tổ chức", d.org_name, _BODY)] if d.org_name else []),
        field("Nội dung yêu cầu giải quyết", d.procedure_name, _BODY, bold=True),
        *handling_line(d, _BODY),
        field("Địa chỉ", d.address, _BODY),
        contact_line(d.phone, d.email, _BODY),
        Para("Yêu cầu Ông/Bà hoàn thiện hồ sơ gồm những nội dung như sau:", _BODY,
             space_before=_GAP, space_after=_GAP),
        *_numbered(missing),
        Para([("Lý do: ", BOLD), (or_blank(nfc(reason).strip()), REGULAR)], _BODY,
             align="justify", space_before=_GAP, space_after=_GAP),
        _text(f"Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, Ông/Bà liên hệ với "
              f"{or_blank(guide_name)}{phone} để được hướng dẫn./.", first_indent=_INDENT),
        Spacer(1, 6),
        signatures([], signature("NGƯỜI HƯỚNG DẪN", _BODY, name=guide_name), width),
    ]
    return build_pdf(story, pdf_meta(template, agency, nfc(d.code)))


def render_refusal(d: DossierPrint, agency: AgencyHeader, reason: str, at: datetime) -> bytes:
    """Render Mẫu 03 — Phiếu từ chối tiếp nhận giải quyết hồ sơ.

    Args:
        d: The dossier.
        agency: Issuing agency.
        reason: The specific reasons for refusing (mandatory on the form).
        at: When the slip is issued.

    Returns:
        The PDF bytes.
    """
    ensure_fonts()
    template = template_for("refusal", local(at).date())
    width = frame_width(A4, A4_MARGINS)
    story: list[Flowable] = [
        *form_top(template, agency, at, width),
        _code_line(d),
        field("Bộ phận tiếp nhận và trả kết quả", agency.name, _BODY),
        field("Tiếp nhận hồ sơ của", d.applicant_name, _BODY, bold=True),
        *([field("Cơ quan, tổ chức", d.org_name, _BODY)] if d.org_name else []),
        field("Địa chỉ", d.address, _BODY),
        contact_line(d.phone, d.email, _BODY),
        field("Nội dung yêu cầu giải quyết", d.procedure_name, _BODY, bold=True),
        *handling_line(d, _BODY),
        _text("Sau khi xem xét, đối chiếu thành phần hồ sơ, Bộ phận tiếp nhận và trả kết quả "
              "thông báo không tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:",
              first_indent=_INDENT, space_before=_GAP),
        *_paragraphs(reason),
        _text("Xin thông báo cho Ông/Bà được biết và thực hiện./.", first_indent=_INDENT),
        Spacer(1, 6),
        signatures([], signature("NGƯỜI TIẾP NHẬN HỒ SƠ", _BODY, name=d.officer_name), width),
    ]
    return build_pdf(story, pdf_meta(template, agency, nfc(d.code)))


def render_apology(
    d: DossierPrint,
    agency: AgencyHeader,
    reason: str,
    new_due: datetime,
    at: datetime,
    signer_title: str = "GIÁM ĐỐC",
) -> bytes:
    """Render Mẫu 04 — the apology with a new return date.

    Up to 14/9/2025 this is "Phiếu xin lỗi và hẹn lại ngày trả kết quả" (TT 01/2018); from
    15/9/2025 the form is "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết"
    (TT 03/2025), whose exact fields are unpublished, so only its title and the wording
    of the request change.

    Args:
        d: The dossier (``received_at`` and ``due_at`` are quoted).
        agency: The handling agency, which issues and signs the letter.
        reason: Why the result is late.
        new_due: The new return date proposed.
        at: Date of the letter.
        signer_title: Title above the signature, e.g. ``"KT. GIÁM ĐỐC\\nPHÓ GIÁM ĐỐC"``.

    Returns:
        The PDF bytes.
    """
    ensure_fonts()
    template = template_for("apology", local(at).date())
    extension = "gia hạn" in template.label  # the 2025 form asks for an extension
    width = frame_width(A4, A4_MARGINS)
    story: list[Flowable] = [
        *form_top(template, agency, at, width, unit=False, number_line="Số: ……/……"),
        Para([("Kính gửi: ", REGULAR), (d.applicant_name, BOLD)], _BODY, align="center",
             space_before=4, space_after=2),
        Para(f"Địa chỉ: {or_blank(d.address)}", _BODY, align="center", space_after=_BODY),
        *_apology_body(d, reason, new_due, extension),
        Spacer(1, 4),
        Columns([_recipients(), _head_signature(signer_title)], [width * 0.45, width * 0.55]),
    ]
    return build_pdf(story, pdf_meta(template, agency, nfc(d.code)))


def _apology_body(d: DossierPrint, reason: str, new_due: datetime, extension: bool) -> list[
    Flowable
]:
    """The narrative: what was received, what was promised, why late, the new date."""
    received = dmy(d.received_at) if d.received_at else BLANK
    due = vn_datetime_words(d.due_at) if d.due_at else BLANK
    opening = (f"Ngày {received}, Bộ phận tiếp nhận và trả kết quả đã tiếp nhận hồ sơ của "
               "Ông/Bà đề nghị giải quyết thủ tục hành chính: ")
    request = (
        "Sự chậm trễ này đã gây phiền hà cho Ông/Bà. Chúng tôi trân trọng xin lỗi Ông/Bà và "
        "đề nghị gia hạn thời gian giải quyết hồ sơ đến: " if extension else
        "Sự chậm trễ này đã gây phiền hà cho Ông/Bà. Chúng tôi xin lỗi Ông/Bà và hẹn lại "
        "thời gian trả kết quả vào: "
    )
    return [
        _text([(opening, REGULAR), (d.procedure_name, BOLD), (".", REGULAR)],
              first_indent=_INDENT),
        _text([("Mã hồ sơ: ", REGULAR), (d.code, BOLD),
               (f". Thời hạn trả kết quả đã hẹn: {due}.", REGULAR)], first_indent=_INDENT),
        _text("Tuy nhiên, đến nay hồ sơ của Ông/Bà chưa được giải quyết xong đúng thời hạn. "
              "Lý do:", first_indent=_INDENT),
        *_paragraphs(reason),
        _text([(request, REGULAR), (vn_datetime_words(new_due), BOLD), (".", REGULAR)],
              first_indent=_INDENT),
        _text("Rất mong nhận được sự thông cảm của Ông/Bà. Trân trọng cảm ơn./.",
              first_indent=_INDENT),
    ]


def _recipients() -> list[Flowable]:
    """The "Nơi nhận" block of a letter (NĐ 30/2020)."""
    small = _SZ.small + 0.5
    return [
        Para("Nơi nhận:", small + 0.5, font=BOLD_ITALIC),
        Para("- Như trên;", small),
        Para("- Bộ phận Một cửa;", small),
        Para("- Lưu: VT.", small),
    ]


def _head_signature(title: str) -> list[Flowable]:
    # The head signs and seals; the name is written by hand because the signer is not
    # known to the desk when the letter is drafted.
    return [
        Para(nfc(title).upper(), _BODY, font=BOLD, align="center"),
        Para("(Ký, ghi rõ họ tên và đóng dấu)", _BODY - 1, font=ITALIC, align="center"),
        Spacer(1, 22 * mm),
    ]


def render_stop(
    d: DossierPrint,
    agency: AgencyHeader,
    ground: str,
    reason: str,
    at: datetime,
    signer_title: str = "GIÁM ĐỐC",
) -> bytes:
    """Render Mẫu 05 — Thông báo dừng giải quyết hồ sơ (TT 03/2025/TT-VPCP, new in 2025).

    The circular's annex with this form's fields was not found (docs/printing.md lists what
    is confirmed): the layout prints what the notice must carry at least — header (parent
    body, unit, national motto), title, the dossier code with its barcode, the applicant,
    the procedure, the receipt date, the ground and reason of the stop, the place and date
    and the signer's title — in the style of the other letters of the set.

    Args:
        d: The dossier.
        agency: The handling agency, which issues and signs the notice.
        ground: The legal ground in words (``messages.STOP_GROUND_LABELS``).
        reason: The reason recorded with the stop.
        at: When the dossier was stopped (date line and form version).
        signer_title: Title above the signature.

    Returns:
        The PDF bytes.

    A stop dated before 15/9/2025 (a back-dated entry) still gets the only version there is.
    """
    ensure_fonts()
    template = _first_in_force("stop", local(at).date())
    width = frame_width(A4, A4_MARGINS)
    received = vn_datetime_words(d.received_at) if d.received_at else BLANK
    story: list[Flowable] = [
        *form_top(template, agency, at, width, unit=True, number_line="Số: ……/……"),
        _code_line(d),
        Code128Flowable(d.code, bar_height=9 * mm),
        Spacer(1, 4),
        Para([("Kính gửi: ", REGULAR), (d.applicant_name, BOLD)], _BODY, align="center",
             space_after=_BODY * 0.6),
        *([field("Cơ quan, tổ chức", d.org_name, _BODY)] if d.org_name else []),
        field("Địa chỉ", d.address, _BODY),
        field("Nội dung yêu cầu giải quyết", d.procedure_name, _BODY, bold=True),
        *handling_line(d, _BODY),
        field("Thời gian nhận hồ sơ", received, _BODY),
        _text("Cơ quan giải quyết thông báo dừng giải quyết hồ sơ nêu trên.",
              first_indent=_INDENT, space_before=_GAP),
        Para([("Căn cứ dừng giải quyết: ", BOLD), (or_blank(nfc(ground)), REGULAR)], _BODY,
             align="justify", space_after=_GAP),
        Para("Lý do:", _BODY, font=BOLD, space_after=_GAP),
        *_paragraphs(reason),
        _text("Xin thông báo để Ông/Bà được biết./.", first_indent=_INDENT),
        Spacer(1, 4),
        Columns([_recipients(), _head_signature(signer_title)], [width * 0.45, width * 0.55]),
    ]
    return build_pdf(story, pdf_meta(template, agency, nfc(d.code)))


def _first_in_force(kind: str, day: date) -> FormTemplate:
    """The version in force on ``day``, or the earliest version of a form newer than it."""
    try:
        return template_for(kind, day)  # type: ignore[arg-type]
    except LookupError:
        return min((t for t in FORM_TEMPLATES if t.kind == kind),
                   key=lambda t: t.valid_from or date.min)


def render_calendar_notices(
    notices: Sequence[tuple[DossierPrint, datetime, datetime]],
    agency: AgencyHeader,
    change: str,
    decision: str,
    at: datetime,
) -> bytes:
    """One page per dossier telling the citizen that a holiday change moved the appointment.

    Not an official form (no form of the set covers it): a plain notice in the header style
    of the desk's slips, so each citizen can be told, in person or by post.

    Args:
        notices: ``(dossier, old appointment, new appointment)`` per page.
        agency: The desk's agency.
        change: The calendar change in words, e.g. ``"Nghỉ lễ ngày 24/11/2026"``.
        decision: The decision it follows (may be empty).
        at: When the change was made (date line).

    Returns:
        The PDF bytes (one page per notice; an empty list gives one explanatory page).
    """
    from reportlab.platypus import PageBreak


    ensure_fonts()
    width = frame_width(A4, A4_MARGINS)
    basis = f" theo {nfc(decision)}" if decision else ""
    story: list[Flowable] = []
    for i, (d, old, new) in enumerate(notices):
        if i:
            story.append(PageBreak())
        story += [
            form_header(agency, local(at).date(), width, _SZ.header),
            Para("THÔNG BÁO THAY ĐỔI NGÀY HẸN TRẢ KẾT QUẢ", _SZ.title, font=BOLD,
                 align="center", space_before=_SZ.title * 0.9, space_after=2),
            _code_line(d),
            Code128Flowable(d.code, bar_height=9 * mm),
            Spacer(1, 4),
            Para([("Kính gửi: ", REGULAR), (d.applicant_name, BOLD)], _BODY, align="center",
                 space_after=_BODY * 0.6),
            field("Nội dung yêu cầu giải quyết", d.procedure_name, _BODY, bold=True),
            *handling_line(d, _BODY),
            _text(f"Do thay đổi lịch nghỉ, làm việc ({nfc(change)}){basis}, thời gian trả "
                  "kết quả giải quyết hồ sơ của Ông/Bà được điều chỉnh như sau:",
                  first_indent=_INDENT, space_before=_GAP),
            field("Ngày hẹn trước đây", vn_datetime_words(old), _BODY),
            field("Ngày hẹn mới", vn_datetime_words(new), _BODY, bold=True),
            _text("Xin thông báo để Ông/Bà được biết./.", first_indent=_INDENT),
            Spacer(1, 6),
            signatures([], signature("NGƯỜI TIẾP NHẬN HỒ SƠ", _BODY), width),
        ]
    if not story:
        story.append(Para("Không có hồ sơ nào phải dời ngày hẹn.", _BODY))
    return build_pdf(story, pdf_meta(template_for("receipt", local(at).date()), agency,
                                     "Thông báo thay đổi ngày hẹn"))
