"""Plain input records for the printing package.

The services layer builds these from the database; the renderers only read them.  They are
frozen so that one record can be rendered many times (preview, A4, thermal) without surprises.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

__all__ = [
    "AgencyHeader",
    "CatalogueEntry",
    "DocumentLine",
    "DossierPrint",
    "HandOver",
    "RegisterRow",
]


@dataclass(frozen=True)
class AgencyHeader:
    """Identity of the issuing agency, printed in the left column of every form header.

    Attributes:
        parent_name: Governing body in capitals, e.g. ``"UBND TỈNH LÂM ĐỒNG"``.
        name: The agency itself, e.g. ``"SỞ GIÁO DỤC VÀ ĐÀO TẠO"``.
        unit_name: The reception unit printed under the agency name.
        place_name: Địa danh used in the place-date line, e.g. ``"Lâm Đồng"``.
        address: Where results are collected.
        phone: Contact number of the desk.
    """

    parent_name: str
    name: str
    unit_name: str = "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ"
    place_name: str = ""
    address: str = ""
    phone: str = ""


@dataclass(frozen=True)
class DocumentLine:
    """One paper of the dossier with the number of originals and copies handed in."""

    name: str
    original: int = 0
    copy: int = 0


@dataclass(frozen=True)
class DossierPrint:
    """Everything a slip may show about one dossier.

    Attributes:
        code: Dossier code (mã hồ sơ), also printed as a Code 128 barcode.
        applicant_name: Person or organisation that filed the dossier.
        procedure_name: Name of the administrative procedure requested.
        procedure_code: National procedure code, if known.
        id_number: Citizen ID printed as given (the caller masks it when needed).
        org_name: Organisation the applicant files for, if any.
        address: Applicant's address.
        phone: Applicant's phone.
        email: Applicant's e-mail.
        documents: Papers handed in.
        sets: Number of dossier sets (bộ).
        time_limit_days: Working days allowed; ``None`` means no fixed limit, ``0`` same day.
        received_at: Aware receipt time; printed in Asia/Ho_Chi_Minh local time.
        due_at: Aware promised return time.
        collect_at: Where the applicant collects the result.
        fee_vnd: Fee in đồng; ``None`` prints "Không".
        register_book: Book number (Quyển số) of the Sổ theo dõi hồ sơ.
        register_no: Entry number (Số thứ tự) in that book.
        officer_name: Officer who received the dossier.
        channel: Filing channel (``"direct"``, ``"online"``, ``"postal"`` …).
        department: Department that handles the dossier.
        handling_agency: The agency that decides the dossier when a centre received it for
            another agency (cơ quan giải quyết, NĐ 118/2025/NĐ-CP); empty at a
            single-agency desk.
        qr_text: The receipt's signed QR payload (``domain.receipt_qr``), printed as a QR
            beside the Code 128; empty prints no QR.
    """

    code: str
    applicant_name: str
    procedure_name: str
    procedure_code: str = ""
    id_number: str | None = None
    org_name: str | None = None
    address: str | None = None
    phone: str | None = None
    email: str | None = None
    documents: tuple[DocumentLine, ...] = ()
    sets: int = 1
    time_limit_days: int | None = None
    received_at: datetime | None = None
    due_at: datetime | None = None
    collect_at: str = ""
    fee_vnd: int | None = None
    register_book: str = ""
    register_no: int | None = None
    officer_name: str = ""
    channel: str = "direct"
    department: str = ""
    handling_agency: str = ""
    qr_text: str = ""


@dataclass(frozen=True)
class HandOver:
    """One row of the control sheet (Phiếu kiểm soát): a hand-over between two units.

    Attributes:
        from_unit: Unit handing the dossier over.
        to_unit: Unit receiving it.
        at: Aware time of the hand-over.
        result: Timeliness of the previous step: "Trước hạn", "Đúng hạn", "Quá hạn" or "".
        note: Free remark.
    """

    from_unit: str
    to_unit: str
    at: datetime
    result: str = ""
    note: str = ""


@dataclass(frozen=True)
class RegisterRow:
    """One row of the Sổ theo dõi hồ sơ (Mẫu 06)."""

    code: str
    procedure_name: str
    sets: int
    applicant: str
    address_phone: str
    department: str
    received_at: datetime
    due_at: datetime | None
    transferred_at: datetime | None
    result_at: datetime | None
    returned_at: datetime | None
    note: str = ""


@dataclass(frozen=True)
class CatalogueEntry:
    """One procedure of the public catalogue posting.

    Attributes:
        code: National procedure code.
        name: Procedure name.
        field: Field (lĩnh vực) the procedure is grouped under.
        time_limit_days: Working days; ``None`` means no fixed limit, ``0`` same day.
        fee_vnd: Fee in đồng; ``None`` means no fee.
        documents: Names of the papers required.
        department: Department that handles it.
        is_local: True for a procedure specific to this province (marked on the posting).
    """

    code: str
    name: str
    field: str
    time_limit_days: int | None
    fee_vnd: int | None
    documents: tuple[str, ...]
    department: str = ""
    is_local: bool = False
