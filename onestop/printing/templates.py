"""Registry of form templates, versioned by legal basis.

Each printed form states which official form it follows.  The form set changed on
15/9/2025: Phụ lục I of TT 03/2025/TT-VPCP (guiding NĐ 118/2025/NĐ-CP, amended by NĐ
367/2025/NĐ-CP) replaced the forms of TT 01/2018/TT-VPCP (under NĐ 61/2018/NĐ-CP), and old
dossiers must still be reprinted with the form in force on their event date, so the choice is
data looked up by date rather than a constant in the renderers. The 2025 set adds Mẫu 05
(Thông báo dừng giải quyết hồ sơ) and renumbers the control sheet (06) and register (07).

The list of the seven 2025 forms is confirmed by three secondary sources; their field layout
was not found (docs/printing.md lists each field and its source), so the renderers keep the
2018 fields and follow the 2025 titles, numbers and the wording of Mẫu 04's request.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from onestop.printing.textfmt import local

__all__ = ["FORM_TEMPLATES", "FormKind", "FormTemplate", "template_for"]

FormKind = Literal["receipt", "supplement", "refusal", "apology", "stop", "control", "register"]


@dataclass(frozen=True)
class FormTemplate:
    """One official form version.

    Attributes:
        kind: Which slip this is, e.g. ``"receipt"``.
        legal_basis: Instrument that issues the form, e.g. ``"Thông tư số 01/2018/TT-VPCP"``.
        label: Official form name in Vietnamese (used as the printed title).
        valid_from: First day the form applies; ``None`` for "since before any record we hold".
        valid_to: Last day it applies; ``None`` while in force.
        number: Form number within its instrument, e.g. ``"01"``.
        full_id: Whether the form requires the citizen's full identity number; otherwise
            slips print it masked (data minimisation). No version we could check does.
    """

    kind: FormKind
    legal_basis: str
    label: str
    valid_from: date | None
    valid_to: date | None
    number: str = ""
    full_id: bool = False

    @property
    def title(self) -> str:
        """Form name in capitals, as printed in the title line."""
        return self.label.upper()

    @property
    def form_line(self) -> str:
        """Small reference printed top-right: ``"Mẫu số 01 – Thông tư số 01/2018/TT-VPCP"``."""
        return f"Mẫu số {self.number} – {self.legal_basis}"

    def applies_on(self, on: date) -> bool:
        """Tell whether this version is in force on ``on``."""
        return (self.valid_from is None or self.valid_from <= on) and (
            self.valid_to is None or on <= self.valid_to
        )


_TT2018 = "Thông tư số 01/2018/TT-VPCP"
_TT2025 = "Thông tư số 03/2025/TT-VPCP"
_END_2018 = date(2025, 9, 14)
_START_2025 = date(2025, 9, 15)


def _v2018(kind: FormKind, number: str, label: str) -> FormTemplate:
    return FormTemplate(kind, _TT2018, label, None, _END_2018, number)


def _v2025(kind: FormKind, number: str, label: str) -> FormTemplate:
    return FormTemplate(kind, _TT2025, label, _START_2025, None, number)


FORM_TEMPLATES: tuple[FormTemplate, ...] = (
    _v2018("receipt", "01", "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"),
    _v2018("supplement", "02", "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"),
    _v2018("refusal", "03", "Phiếu từ chối tiếp nhận giải quyết hồ sơ"),
    _v2018("apology", "04", "Phiếu xin lỗi và hẹn lại ngày trả kết quả"),
    _v2018("control", "05", "Phiếu kiểm soát quá trình giải quyết hồ sơ"),
    _v2018("register", "06", "Sổ theo dõi hồ sơ"),
    _v2025("receipt", "01", "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"),
    _v2025("supplement", "02", "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"),
    _v2025("refusal", "03", "Phiếu từ chối tiếp nhận giải quyết hồ sơ"),
    _v2025("apology", "04", "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết"),
    _v2025("stop", "05", "Thông báo dừng giải quyết hồ sơ"),
    _v2025("control", "06", "Phiếu kiểm soát quá trình giải quyết hồ sơ"),
    _v2025("register", "07", "Sổ theo dõi hồ sơ"),
)


def template_for(kind: FormKind, on: date) -> FormTemplate:
    """Return the version of form ``kind`` in force on ``on``.

    Args:
        kind: Form kind, e.g. ``"receipt"``.
        on: Event date (a datetime is accepted and its date used).

    Returns:
        The matching template.

    Raises:
        LookupError: No version of that form applies on that date.
    """
    day = local(on).date() if isinstance(on, datetime) else on
    for template in FORM_TEMPLATES:
        if template.kind == kind and template.applies_on(day):
            return template
    raise LookupError(f"No form template {kind!r} in force on {day.isoformat()}")
