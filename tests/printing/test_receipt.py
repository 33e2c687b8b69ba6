"""Mẫu 01 receipt: text, barcode, layouts, determinism."""

from __future__ import annotations

import dataclasses
import os
import re
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from onestop.printing import DocumentLine, DossierPrint, render_receipt

from .conftest import flat
from .samples import AGENCY, APPLICANT, CODE, DOSSIER, ICT, PAPERS, PROCEDURE, nfd

TextOf = Callable[[bytes], str]


def _page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    boxes = re.findall(rb"/MediaBox \[ ?([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) ?\]", pdf)
    return [(float(x1) - float(x0), float(y1) - float(y0)) for x0, y0, x1, y1 in boxes]


def test_a4_has_every_field_in_order(pdf_text: TextOf) -> None:
    text = flat(pdf_text(render_receipt(DOSSIER, AGENCY)))
    expected = [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Lâm Đồng, ngày 05 tháng 01 năm 2026",
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        f"Mã hồ sơ: {CODE}",
        "(Liên 1: Lưu tại Bộ phận Một cửa)",
        "Bộ phận tiếp nhận và trả kết quả: SỞ GIÁO DỤC VÀ ĐÀO TẠO",
        f"Tiếp nhận hồ sơ của: {APPLICANT}",
        "Số định danh cá nhân (CCCD): 068190001234",
        "Địa chỉ: Số 12 đường Trần Phú, phường Xuân Hương - Đà Lạt, tỉnh Lâm Đồng",
        "Số điện thoại: 0912 345 678 Email: anhtuyet@example.vn",
        f"Nội dung yêu cầu giải quyết: {PROCEDURE}",
        "1. Thành phần hồ sơ nộp gồm:",
        "TT Tên giấy tờ Bản chính Bản sao",
        "Giấy khai sinh",
        "2. Số lượng hồ sơ: 1 (bộ)",
        "3. Thời gian giải quyết hồ sơ theo quy định là: 5 ngày làm việc",
        "4. Thời gian nhận hồ sơ: 10 giờ 05 phút, ngày 05 tháng 01 năm 2026",
        "5. Thời gian trả kết quả giải quyết hồ sơ: 16 giờ 00 phút, ngày 12 tháng 01 năm 2026",
        "6. Đăng ký nhận kết quả tại: Bộ phận Một cửa Sở Giáo dục và Đào tạo",
        "Phí, lệ phí: 10.000 đồng",
        "Vào Sổ theo dõi hồ sơ, Quyển số: 01 Số thứ tự: 1007",
        "NGƯỜI NỘP HỒ SƠ",
        "NGƯỜI TIẾP NHẬN HỒ SƠ",
        "(Ký và ghi rõ họ tên)",
        "Trần Văn Bình",
    ]
    position = 0
    for item in expected:
        found = text.find(item, position)
        assert found >= 0, f"missing or out of order: {item!r}"
        position = found + len(item)
    assert "Mẫu số 01 – Thông tư số 03/2025/TT-VPCP" in text


def test_a4_has_both_copies_one_per_page(pdf_text: TextOf) -> None:
    pdf = render_receipt(DOSSIER, AGENCY)
    pages = pdf_text(pdf).split("\f")
    assert [p for p in pages if p.strip()].__len__() == 2
    assert "Liên 1: Lưu tại Bộ phận Một cửa" in pages[0]
    assert "Liên 2: Giao người nộp hồ sơ" in pages[1]
    for page in pages[:2]:
        assert APPLICANT in page and "NGƯỜI TIẾP NHẬN HỒ SƠ" in page
    assert _page_sizes(pdf) == [pytest.approx(A4, abs=0.01)] * 2


def test_ten_long_documents_keep_each_copy_on_one_page(pdf_text: TextOf) -> None:
    papers = tuple(
        DocumentLine(f"{p.name} – bản thứ {i} kèm theo hồ sơ gốc đã được chứng thực", 1, 1)
        for i, p in enumerate(PAPERS * 2, start=1)
    )
    pdf = render_receipt(dataclasses.replace(DOSSIER, documents=papers), AGENCY)
    pages = [p for p in pdf_text(pdf).split("\f") if p.strip()]
    assert len(pages) == 2
    for page in pages:
        assert "NGƯỜI TIẾP NHẬN HỒ SƠ" in page and "bản thứ 10" in flat(page)


def test_barcode_decodes_on_both_a4_copies(decode_barcodes: Callable[[bytes], list[list[str]]]
                                           ) -> None:
    assert decode_barcodes(render_receipt(DOSSIER, AGENCY)) == [[CODE], [CODE]]


def test_k80_barcode_decodes(decode_barcodes: Callable[[bytes], list[list[str]]]) -> None:
    assert decode_barcodes(render_receipt(DOSSIER, AGENCY, "k80")) == [[CODE]]


def test_short_code_barcode_lies_flat_on_k80(
    decode_barcodes: Callable[[bytes], list[list[str]]],
) -> None:
    short = dataclasses.replace(DOSSIER, code="H36-260105-1007")
    assert decode_barcodes(render_receipt(short, AGENCY, "k80")) == [["H36-260105-1007"]]


def test_k80_text(pdf_text: TextOf) -> None:
    text = flat(pdf_text(render_receipt(DOSSIER, AGENCY, "k80")))
    for item in (APPLICANT, PROCEDURE, CODE, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                 "Độc lập - Tự do - Hạnh phúc", "16 giờ 00 phút, ngày 12 tháng 01 năm 2026",
                 "Lâm Đồng, ngày 05 tháng 01 năm 2026", "Số thứ tự: 1007", "10.000 đồng",
                 "Giấy khai sinh", "Trần Văn Bình"):
        assert item in text, item


def test_k80_page_is_80mm_wide_and_fits_content() -> None:
    one = _page_sizes(render_receipt(dataclasses.replace(DOSSIER, documents=PAPERS[:1]),
                                     AGENCY, "k80"))
    ten = _page_sizes(render_receipt(dataclasses.replace(DOSSIER, documents=PAPERS * 2),
                                     AGENCY, "k80"))
    assert len(one) == len(ten) == 1
    (w1, h1), (w10, h10) = one[0], ten[0]
    assert w1 == pytest.approx(80 * mm, abs=0.01) and w10 == pytest.approx(80 * mm, abs=0.01)
    assert h1 < A4[1] and h10 < A4[1]
    assert h10 > h1 + 30  # nine more papers need more paper


def test_nfd_input_prints_composed(pdf_text: TextOf) -> None:
    decomposed = dataclasses.replace(
        DOSSIER, applicant_name=nfd(APPLICANT), procedure_name=nfd(PROCEDURE),
        address=nfd(DOSSIER.address or ""),
    )
    for layout in ("a4", "k80"):
        text = flat(pdf_text(render_receipt(decomposed, AGENCY, layout)))  # type: ignore[arg-type]
        assert APPLICANT in text and PROCEDURE in text
        assert "Xuân Hương - Đà Lạt" in text
    assert render_receipt(decomposed, AGENCY) == render_receipt(DOSSIER, AGENCY)


def test_same_input_same_bytes() -> None:
    assert render_receipt(DOSSIER, AGENCY) == render_receipt(DOSSIER, AGENCY)
    printed = datetime(2026, 1, 5, 10, 6, tzinfo=ICT)
    assert render_receipt(DOSSIER, AGENCY, "k80", printed) == render_receipt(
        DOSSIER, AGENCY, "k80", printed)
    assert render_receipt(DOSSIER, AGENCY) != render_receipt(
        dataclasses.replace(DOSSIER, register_no=1008), AGENCY)


def test_minimal_dossier_prints_blanks_and_defaults(pdf_text: TextOf) -> None:
    bare = DossierPrint(code="000.00.15.H36-260105-0001", applicant_name="Lê Văn Đức",
                        procedure_name=PROCEDURE)
    text = flat(pdf_text(render_receipt(bare, AGENCY, printed_at=datetime(
        2026, 1, 5, 8, 0, tzinfo=ICT))))
    assert "3. Thời gian giải quyết hồ sơ theo quy định là: Không quy định" in text
    assert "Phí, lệ phí: Không" in text
    assert "Địa chỉ: …………" in text
    assert "Lâm Đồng, ngày 05 tháng 01 năm 2026" in text
    assert "In lúc 08:00 ngày 05/01/2026" in text
    same_day = flat(pdf_text(render_receipt(dataclasses.replace(bare, time_limit_days=0),
                                            AGENCY)))
    assert "theo quy định là: Trong ngày" in same_day


def test_form_version_follows_receipt_date(pdf_text: TextOf) -> None:
    old = dataclasses.replace(DOSSIER, received_at=datetime(2025, 9, 14, 9, 0, tzinfo=ICT))
    assert "Mẫu số 01 – Thông tư số 01/2018/TT-VPCP" in flat(pdf_text(render_receipt(old, AGENCY)))


def test_metadata_in_vietnamese(pdf_info: Callable[[bytes], dict[str, str]]) -> None:
    info = pdf_info(render_receipt(DOSSIER, AGENCY))
    assert info["Title"] == f"Giấy tiếp nhận hồ sơ và hẹn trả kết quả – {CODE}"
    assert info["Author"] == "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ – SỞ GIÁO DỤC VÀ ĐÀO TẠO"
    assert "Mẫu số 01" in info["Subject"] and PROCEDURE in info["Subject"]
    assert info["Pages"] == "2"


def test_unknown_layout_is_refused() -> None:
    with pytest.raises(ValueError):
        render_receipt(DOSSIER, AGENCY, "a5")  # type: ignore[arg-type]


def test_dozens_of_papers_flow_onto_more_pages(
    pdf_text: TextOf, decode_barcodes: Callable[[bytes], list[list[str]]],
) -> None:
    pdf = render_receipt(dataclasses.replace(DOSSIER, documents=PAPERS * 8), AGENCY)
    pages = [p for p in pdf_text(pdf).split("\f") if p.strip()]
    assert len(pages) == 4
    text = flat(pdf_text(pdf))
    assert text.count("Liên 1: Lưu tại Bộ phận Một cửa") == 1
    assert text.count("Liên 2: Giao người nộp hồ sơ") == 1
    assert text.count("Tên giấy tờ") == 4  # the table heading repeats on each page
    assert text.count("NGƯỜI TIẾP NHẬN HỒ SƠ") == 2
    assert [codes for codes in decode_barcodes(pdf) if codes] == [[CODE], [CODE]]


def test_same_bytes_in_another_process() -> None:
    # A fresh interpreter with another hash seed: no cache or set order leaks into the file.
    script = ("import sys; from tests.printing.samples import AGENCY, DOSSIER; "
              "from onestop.printing import render_receipt; "
              "sys.stdout.buffer.write(render_receipt(DOSSIER, AGENCY))")
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", script], cwd=root, check=True,
                         capture_output=True, env={**os.environ, "PYTHONHASHSEED": "12345"})
    assert out.stdout == render_receipt(DOSSIER, AGENCY)
