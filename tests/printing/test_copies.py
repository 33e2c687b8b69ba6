"""Copies drawn from shared form XObjects look exactly like copies laid out by platypus.

Each test renders the same copies twice, once as plain platypus stories (every flowable
drawn on every page) and once through :class:`SharedCopies`, rasterises both with
pdftoppm and compares the pixels and the text.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageChops
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer

from onestop.printing.barcodes import Code128Flowable, QrFlowable
from onestop.printing.common import A4_MARGINS, PdfMeta, build_pdf, frame_width
from onestop.printing.copies import SharedCopies
from onestop.printing.flowables import Columns, Para
from onestop.printing.fonts import BOLD, ITALIC
from onestop.printing.grid import Grid

from .conftest import flat

META = PdfMeta("Bản sao", "Liên", "OneStop Desk")
WIDTH = frame_width((595.2756, 841.8898), A4_MARGINS)
LABELS = ("(Liên 1: Lưu tại Bộ phận Một cửa)",
          # Taller than the first: everything under it must move down on the second page.
          "(Liên 2: Giao người nộp hồ sơ)\nDòng thứ hai của nhãn\nDòng thứ ba")


def _common() -> list[Flowable]:
    """A copy's flowables with every kind the receipt uses and mixed spaces around them."""
    grid = Grid([[Para("TT", 9, font=BOLD), Para("Tên giấy tờ", 9, font=BOLD)],
                 [Para("1", 9), Para("Đơn đề nghị cấp bản sao văn bằng, chứng chỉ", 9)]],
                [10 * mm, WIDTH - 10 * mm])
    return [
        Para("Mẫu số 01", 8, font=ITALIC, align="right", space_after=1),
        Columns([[Para("UBND TỈNH LÂM ĐỒNG", 10, align="center")],
                 [Para("Độc lập - Tự do - Hạnh phúc", 10, font=BOLD, align="center",
                       underline=True)]], [WIDTH * 0.46, WIDTH * 0.54]),
        Para("GIẤY TIẾP NHẬN HỒ SƠ", 14, font=BOLD, align="center", space_before=10),
        Para([("Mã hồ sơ: ", "BeVietnamPro"), ("000.00.15.H36-260105-0001", BOLD)], 11,
             align="center", space_before=2, space_after=6),
        Spacer(1, 3),
        Columns([[Code128Flowable("000.00.15.H36-260105-0001", bar_height=9 * mm)],
                 [QrFlowable("OS1|000.00.15.H36-260105-0001|chữ ký", 26 * mm)]],
                [110 * mm, 26 * mm]),
        Para("Tiếp nhận hồ sơ của: Nguyễn Thị Ánh Tuyết", 11, space_before=4, space_after=3),
        grid,
        Para("Ghi chú: giấy tiếp nhận được lập thành 02 liên. " * 4, 8.5, font=ITALIC,
             align="justify", space_before=6),
    ]


def _own(index: int) -> Para:
    return Para(LABELS[index], 11, font=ITALIC, align="center", space_before=2)


SLOT = 4  # the copy label goes between the code line and the spacer


def _story(index: int) -> list[Flowable]:
    flowables = _common()
    flowables.insert(SLOT, _own(index))
    return flowables


def _png(pdf: bytes, tmp_path: Path, name: str) -> list[Image.Image]:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "100", str(path), str(tmp_path / name)],
                   check=True)
    return [Image.open(p).convert("L") for p in sorted(tmp_path.glob(f"{name}-*.png"))]


def _compare(shared: bytes, plain: bytes, tmp_path: Path,
             pdf_text: Callable[[bytes], str]) -> None:
    a, b = _png(shared, tmp_path, "shared"), _png(plain, tmp_path, "plain")
    assert len(a) == len(b) == 2
    for page_a, page_b in zip(a, b, strict=True):
        assert ImageChops.difference(page_a, page_b).getbbox() is None
    assert pdf_text(shared) == pdf_text(plain)


def test_shared_copies_match_platypus_pages(tmp_path: Path,
                                            pdf_text: Callable[[bytes], str]) -> None:
    flowables = _common()
    flowables.insert(SLOT, _own(0))
    copies = SharedCopies(flowables, SLOT, (_own(0), _own(1)))
    one, two = copies.pages()
    shared = build_pdf([one, PageBreak(), two], META)
    plain = build_pdf([*_story(0), PageBreak(), *_story(1)], META)

    _compare(shared, plain, tmp_path, pdf_text)
    # The common parts are in the file once, as two forms shown on both pages.
    assert shared.count(b"/Subtype /Form") == 2
    assert len(shared) < len(plain)
    text = flat(pdf_text(shared))
    assert text.count("GIẤY TIẾP NHẬN HỒ SƠ") == 2
    assert "Dòng thứ ba" in text and "(Liên 1: Lưu tại Bộ phận Một cửa)" in text


def test_the_same_input_gives_the_same_bytes() -> None:
    def render() -> bytes:
        flowables = _common()
        flowables.insert(SLOT, _own(0))
        one, two = SharedCopies(flowables, SLOT, (_own(0), _own(1))).pages()
        return build_pdf([one, PageBreak(), two], META)

    assert render() == render()


def test_stacked_height_is_what_stack_height_measures() -> None:
    from onestop.printing.common import stack_height

    flowables = _story(1)
    page = SharedCopies(flowables, SLOT, (_own(0), flowables[SLOT])).pages()[1]
    page.wrap(WIDTH, 800)
    assert page.stacked == stack_height(_story(1), WIDTH)
    # Frames overlap a space after with the next space before: the page is shorter.
    assert page.height < page.stacked
