"""Sample records with Vietnamese diacritics, shared by the printing tests."""

from __future__ import annotations

import unicodedata
from datetime import UTC, date, datetime, timedelta, timezone

from onestop.printing import (
    AgencyHeader,
    CatalogueEntry,
    DocumentLine,
    DossierPrint,
    HandOver,
    RegisterRow,
)

ICT = timezone(timedelta(hours=7))

CODE = "000.00.15.H36-260105-1007"
APPLICANT = "Nguyễn Thị Ánh Tuyết"
PROCEDURE = "Chỉnh sửa nội dung văn bằng, chứng chỉ"
# 03:05 UTC is 10:05 in Hà Nội / Hồ Chí Minh (UTC+7): the slip must show local time.
RECEIVED = datetime(2026, 1, 5, 3, 5, tzinfo=UTC)
DUE = datetime(2026, 1, 12, 16, 0, tzinfo=ICT)

AGENCY = AgencyHeader(
    parent_name="UBND TỈNH LÂM ĐỒNG",
    name="SỞ GIÁO DỤC VÀ ĐÀO TẠO",
    place_name="Lâm Đồng",
    address="Số 23 Lê Hồng Phong, phường Xuân Hương - Đà Lạt, tỉnh Lâm Đồng",
    phone="0263 3822 224",
)

PAPERS = (
    DocumentLine("Đơn đề nghị chỉnh sửa nội dung văn bằng, chứng chỉ", original=1),
    DocumentLine("Văn bằng, chứng chỉ đề nghị chỉnh sửa", original=1),
    DocumentLine("Trích lục hoặc quyết định thay đổi, cải chính hộ tịch, xác định lại dân tộc, "
                 "xác định lại giới tính", copy=1),
    DocumentLine("Giấy khai sinh", copy=1),
    DocumentLine("Căn cước công dân hoặc giấy tờ tùy thân hợp pháp khác có ảnh", copy=1),
)

DOSSIER = DossierPrint(
    code=CODE,
    applicant_name=APPLICANT,
    procedure_name=PROCEDURE,
    procedure_code="1.005092",
    id_number="068190001234",
    address="Số 12 đường Trần Phú, phường Xuân Hương - Đà Lạt, tỉnh Lâm Đồng",
    phone="0912 345 678",
    email="anhtuyet@example.vn",
    documents=PAPERS,
    sets=1,
    time_limit_days=5,
    received_at=RECEIVED,
    due_at=DUE,
    collect_at="Bộ phận Một cửa Sở Giáo dục và Đào tạo, số 23 Lê Hồng Phong",
    fee_vnd=10000,
    register_book="01",
    register_no=1007,
    officer_name="Trần Văn Bình",
    department="Phòng Giáo dục trung học",
)

HANDOVERS = (
    HandOver("Bộ phận Một cửa", "Phòng Giáo dục trung học",
             datetime(2026, 1, 5, 14, 30, tzinfo=ICT), "Đúng hạn"),
    HandOver("Phòng Giáo dục trung học", "Lãnh đạo Sở",
             datetime(2026, 1, 8, 9, 15, tzinfo=ICT), "Trước hạn", "Trình ký"),
    HandOver("Lãnh đạo Sở", "Bộ phận Một cửa", datetime(2026, 1, 9, 16, 0, tzinfo=ICT),
             "Trước hạn"),
)


def register_rows(n: int = 3) -> list[RegisterRow]:
    """``n`` register rows on consecutive days from 05/01/2026."""
    rows = []
    names = ("Nguyễn Thị Ánh Tuyết", "Trần Văn Bình", "Lê Hoàng Yến", "Phạm Đức Thắng")
    for i in range(n):
        received = datetime(2026, 1, 5, 8, 30, tzinfo=ICT) + timedelta(days=i)
        rows.append(RegisterRow(
            code=f"000.00.15.H36-2601{5 + i:02d}-{1007 + i:04d}",
            procedure_name=PROCEDURE if i % 2 == 0 else "Cấp bản sao văn bằng, chứng chỉ từ sổ gốc",
            sets=1 + i % 2,
            applicant=names[i % len(names)],
            address_phone="Phường Xuân Hương - Đà Lạt; 0912 345 678",
            department="Phòng Giáo dục trung học",
            received_at=received,
            due_at=received + timedelta(days=7),
            transferred_at=received + timedelta(hours=5),
            result_at=received + timedelta(days=5) if i % 3 != 2 else None,
            returned_at=received + timedelta(days=6) if i % 3 == 0 else None,
            note="Đã trả" if i % 3 == 0 else "",
        ))
    return rows


CATALOGUE = (
    CatalogueEntry("1.005092", PROCEDURE, "Văn bằng, chứng chỉ", 5, None,
                   ("Đơn đề nghị chỉnh sửa nội dung văn bằng, chứng chỉ",
                    "Văn bằng, chứng chỉ đề nghị chỉnh sửa", "Giấy khai sinh"),
                   "Phòng Giáo dục trung học"),
    CatalogueEntry("2.001914", "Cấp bản sao văn bằng, chứng chỉ từ sổ gốc", "Văn bằng, chứng chỉ",
                   0, 9000, ("Đơn đề nghị cấp bản sao", "Căn cước công dân"),
                   "Phòng Khảo thí và Kiểm định chất lượng"),
    CatalogueEntry("LĐ.GD.01", "Tiếp nhận học sinh Việt Nam về nước", "Giáo dục trung học", 3,
                   None, ("Đơn xin học", "Hồ sơ học tập"), "Phòng Giáo dục trung học",
                   is_local=True),
    CatalogueEntry("1.004442", "Cho phép trường trung học phổ thông hoạt động giáo dục",
                   "Giáo dục trung học", 20, None, ("Tờ trình", "Quyết định thành lập"),
                   "Phòng Tổ chức cán bộ"),
)

CATALOGUE_DATE = date(2026, 1, 5)


def nfd(text: str) -> str:
    """Decomposed form of ``text`` (as pasted from some sources)."""
    return unicodedata.normalize("NFD", text)
