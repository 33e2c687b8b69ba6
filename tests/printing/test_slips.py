"""Mẫu 02, 03, 04 and the control sheet (Mẫu 05 / 06)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import datetime

from onestop.printing import (
    render_apology,
    render_control_sheet,
    render_refusal,
    render_supplement,
)

from .conftest import flat
from .samples import AGENCY, APPLICANT, CODE, DOSSIER, HANDOVERS, ICT, PROCEDURE, nfd

TextOf = Callable[[bytes], str]
AT = datetime(2026, 1, 6, 9, 0, tzinfo=ICT)
NATIONAL = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")


def _in_order(text: str, items: list[str]) -> None:
    position = 0
    for item in items:
        found = text.find(item, position)
        assert found >= 0, f"missing or out of order: {item!r}"
        position = found + len(item)


def _supplement(d=DOSSIER, at=AT) -> bytes:  # type: ignore[no-untyped-def]
    return render_supplement(d, AGENCY, ["Bản sao Giấy khai sinh có chứng thực",
                                         "Ảnh 3x4 (02 ảnh)"],
                             "Hồ sơ thiếu giấy tờ chứng minh thay đổi hộ tịch.", "Lê Thị Hồng", at)


def test_supplement(pdf_text: TextOf) -> None:
    text = flat(pdf_text(_supplement()))
    _in_order(text, [
        "Mẫu số 02 – Thông tư số 03/2025/TT-VPCP", *NATIONAL,
        "Lâm Đồng, ngày 06 tháng 01 năm 2026",
        "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", f"Mã hồ sơ: {CODE}",
        "Bộ phận tiếp nhận và trả kết quả: SỞ GIÁO DỤC VÀ ĐÀO TẠO",
        f"Tiếp nhận hồ sơ của Ông/Bà: {APPLICANT}",
        f"Nội dung yêu cầu giải quyết: {PROCEDURE}", "Địa chỉ: Số 12 đường Trần Phú",
        "Số điện thoại: 0912 345 678", "Email: anhtuyet@example.vn",
        "Yêu cầu Ông/Bà hoàn thiện hồ sơ gồm những nội dung như sau:",
        "1. Bản sao Giấy khai sinh có chứng thực", "2. Ảnh 3x4 (02 ảnh)",
        "Lý do: Hồ sơ thiếu giấy tờ chứng minh thay đổi hộ tịch.",
        "liên hệ với Lê Thị Hồng theo số điện thoại 0263 3822 224 để được hướng dẫn./.",
        "NGƯỜI HƯỚNG DẪN", "(Ký và ghi rõ họ tên)", "Lê Thị Hồng",
    ])


def test_refusal(pdf_text: TextOf) -> None:
    pdf = render_refusal(DOSSIER, AGENCY, "Không thuộc thẩm quyền của Sở.\nLiên hệ UBND xã.",
                         AT)
    _in_order(flat(pdf_text(pdf)), [
        "Mẫu số 03", *NATIONAL, "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ", CODE,
        f"Tiếp nhận hồ sơ của: {APPLICANT}", "Địa chỉ:", "Số điện thoại:",
        f"Nội dung yêu cầu giải quyết: {PROCEDURE}", "với lý do cụ thể như sau:",
        "Không thuộc thẩm quyền của Sở.", "Liên hệ UBND xã.",
        "Xin thông báo cho Ông/Bà được biết và thực hiện./.", "NGƯỜI TIẾP NHẬN HỒ SƠ",
        "Trần Văn Bình",
    ])


def test_apology_2025_asks_for_extension(pdf_text: TextOf) -> None:
    pdf = render_apology(DOSSIER, AGENCY, "Cần xác minh với trường đã cấp văn bằng.",
                         datetime(2026, 1, 16, 16, 0, tzinfo=ICT),
                         datetime(2026, 1, 11, 8, 0, tzinfo=ICT), "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC")
    _in_order(flat(pdf_text(pdf)), [
        "Mẫu số 04 – Thông tư số 03/2025/TT-VPCP", "UBND TỈNH LÂM ĐỒNG", *NATIONAL,
        "Số: ……/……", "Lâm Đồng, ngày 11 tháng 01 năm 2026",
        "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
        f"Kính gửi: {APPLICANT}", "Ngày 05/01/2026", PROCEDURE, f"Mã hồ sơ: {CODE}",
        "16 giờ 00 phút, ngày 12 tháng 01 năm 2026", "Lý do:",
        "Cần xác minh với trường đã cấp văn bằng.", "đề nghị gia hạn",
        "16 giờ 00 phút, ngày 16 tháng 01 năm 2026", "Nơi nhận:", "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
    ])


def test_apology_2018_sets_a_new_date(pdf_text: TextOf) -> None:
    old = dataclasses.replace(DOSSIER, received_at=datetime(2025, 5, 5, 9, 0, tzinfo=ICT))
    pdf = render_apology(old, AGENCY, "Chờ xác minh.", datetime(2025, 5, 20, 16, 0, tzinfo=ICT),
                         datetime(2025, 5, 12, 8, 0, tzinfo=ICT))
    text = flat(pdf_text(pdf))
    _in_order(text, ["Mẫu số 04 – Thông tư số 01/2018/TT-VPCP",
                     "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
                     "hẹn lại thời gian trả kết quả vào: 16 giờ 00 phút, ngày 20 tháng 05 năm 2025",
                     "GIÁM ĐỐC"])
    # The handling agency issues the letter: no reception-unit line in its header.
    assert "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ" not in text


def test_control_sheet(pdf_text: TextOf) -> None:
    text = flat(pdf_text(render_control_sheet(DOSSIER, AGENCY, HANDOVERS)))
    _in_order(text, [
        "Mẫu số 06 – Thông tư số 03/2025/TT-VPCP", *NATIONAL,
        "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ", f"Mã hồ sơ: {CODE}",
        f"Chủ hồ sơ: {APPLICANT}", f"Nội dung yêu cầu giải quyết: {PROCEDURE}",
        "Thời gian nhận hồ sơ: 10 giờ 05 phút, ngày 05 tháng 01 năm 2026",
        "Thời gian trả kết quả: 16 giờ 00 phút, ngày 12 tháng 01 năm 2026",
        "Cơ quan (bộ phận) giải quyết hồ sơ: Phòng Giáo dục trung học",
        "TÊN CƠ QUAN", "THỜI GIAN GIAO, NHẬN HỒ SƠ",
    ])
    # Table cells share lines in the layout text, so only their presence is checked.
    for item in ("KẾT QUẢ GIẢI", "GHI CHÚ", "1. Giao: Bộ phận Một cửa", "14 giờ 30 phút",
                 "ngày 05 tháng 01 năm 2026", "ngày 08 tháng 01 năm 2026", "Người giao",
                 "Người nhận", "Đúng hạn", "Trình ký", "1. Giao: Lãnh đạo Sở", "Trước hạn",
                 "2. Nhận: Bộ phận Một cửa"):
        assert item in text, item


def test_control_sheet_2018_number(pdf_text: TextOf) -> None:
    old = dataclasses.replace(DOSSIER, received_at=datetime(2025, 3, 3, 9, 0, tzinfo=ICT))
    assert "Mẫu số 05 – Thông tư số 01/2018/TT-VPCP" in flat(
        pdf_text(render_control_sheet(old, AGENCY, [])))


def test_nfd_input_on_every_slip(pdf_text: TextOf) -> None:
    d = dataclasses.replace(DOSSIER, applicant_name=nfd(APPLICANT), procedure_name=nfd(PROCEDURE))
    pdfs = [
        render_supplement(d, AGENCY, [nfd("Giấy khai sinh")], nfd("Thiếu giấy tờ"),
                          nfd("Lê Thị Hồng"), AT),
        render_refusal(d, AGENCY, nfd("Không đúng thẩm quyền"), AT),
        render_apology(d, AGENCY, nfd("Chờ xác minh"), AT, AT),
        render_control_sheet(d, AGENCY, [dataclasses.replace(
            HANDOVERS[0], to_unit=nfd("Phòng Giáo dục trung học"))]),
    ]
    for pdf in pdfs:
        text = flat(pdf_text(pdf))
        assert APPLICANT in text and PROCEDURE in text
    assert "Giấy khai sinh" in flat(pdf_text(pdfs[0]))
    assert "Phòng Giáo dục trung học" in flat(pdf_text(pdfs[3]))


def test_slips_are_deterministic() -> None:
    assert _supplement() == _supplement()
    assert render_refusal(DOSSIER, AGENCY, "Lý do", AT) == render_refusal(DOSSIER, AGENCY,
                                                                          "Lý do", AT)
    assert render_apology(DOSSIER, AGENCY, "Lý do", AT, AT) == render_apology(
        DOSSIER, AGENCY, "Lý do", AT, AT)
    assert render_control_sheet(DOSSIER, AGENCY, HANDOVERS) == render_control_sheet(
        DOSSIER, AGENCY, HANDOVERS)


def test_long_reason_flows_over_pages(pdf_text: TextOf) -> None:
    reason = "\n".join(f"Lý do thứ {i}: hồ sơ cần được đối chiếu lại với bản gốc lưu tại "
                       f"trường đã cấp văn bằng, chứng chỉ." for i in range(1, 81))
    pages = [p for p in pdf_text(render_refusal(DOSSIER, AGENCY, reason, AT)).split("\f")
             if p.strip()]
    assert len(pages) >= 2
    text = flat(" ".join(pages))
    assert "Lý do thứ 1:" in text and "Lý do thứ 80:" in text
    assert "Xin thông báo cho Ông/Bà được biết và thực hiện./." in flat(pages[-1])
