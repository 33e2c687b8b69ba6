"""The light text engine: line breaking, splitting, the ruled grid and the barcode symbol."""

from __future__ import annotations

import barcode
import pytest
from reportlab.lib.units import mm

from onestop.printing.barcodes import MIN_MODULE, QUIET_MODULES, Code128Flowable, bar_runs
from onestop.printing.flowables import Para, text_width
from onestop.printing.fonts import BOLD, REGULAR
from onestop.printing.grid import Grid

from .samples import CODE, nfd

SENTENCE = ("Sau khi xem xét, đối chiếu thành phần hồ sơ, Bộ phận tiếp nhận và trả kết quả "
            "thông báo không tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau")


def _lines(p: Para) -> list[str]:
    return ["".join(t for t, _ in line.segments) for line in p._lines]


@pytest.mark.parametrize("width", [60, 120, 250, 480])
def test_lines_fit_and_keep_every_word(width: float) -> None:
    p = Para([("Nội dung: ", REGULAR), (SENTENCE, BOLD)], 11)
    p.wrap(width, 1000)
    for line in p._lines:
        assert line.width <= width + 0.01
    assert " ".join(" ".join(_lines(p)).split()) == f"Nội dung: {SENTENCE}"


def test_nfd_is_composed_before_measuring() -> None:
    p = Para(nfd(SENTENCE), 11)
    p.wrap(200, 1000)
    assert " ".join(_lines(p)) == SENTENCE


def test_code_breaks_after_a_hyphen() -> None:
    p = Para(CODE, 8)
    p.wrap(text_width("000.00.15.H36-2601", REGULAR, 8), 100)
    assert _lines(p) == ["000.00.15.H36-", "260105-1007"]


def test_unbreakable_word_is_cut() -> None:
    p = Para("a" * 60, 10)
    p.wrap(50, 100)
    assert len(p._lines) > 1 and "".join(_lines(p)) == "a" * 60


def test_forced_line_breaks() -> None:
    p = Para("1. Giao: Bộ phận Một cửa\n2. Nhận: Phòng Giáo dục trung học", 9)
    p.wrap(400, 100)
    assert _lines(p) == ["1. Giao: Bộ phận Một cửa", "2. Nhận: Phòng Giáo dục trung học"]


def test_split_between_lines() -> None:
    p = Para(SENTENCE * 3, 11, leading=14)
    _, height = p.wrap(150, 1000)
    head, tail = p.split(150, height / 2)
    assert head.wrap(150, 1000)[1] <= height / 2
    assert _lines(head) + _lines(tail) == _lines(p)
    # A split part keeps its lines even if asked to wrap at another width.
    tail.wrap(400, 1000)
    assert _lines(tail) == _lines(p)[len(_lines(head)):]


def test_grid_splits_between_rows_and_repeats_header() -> None:
    rows = [[Para(h, 9) for h in ("TT", "Tên giấy tờ")]]
    rows += [[Para(str(i), 9), Para(f"Giấy tờ số {i}", 9)] for i in range(1, 31)]
    grid = Grid(rows, [30, 200])
    _, height = grid.wrap(230, 1000)
    first, rest = grid.split(230, height / 2)
    assert first.wrap(230, 1000)[1] <= height / 2
    assert rest.rows[0] == rows[0]  # the same heading cells start the second part
    assert len(first.rows) + len(rest.rows) == len(rows) + 1


def test_code128_modules_and_size() -> None:
    modules = str(barcode.Code128(CODE).build()[0])
    runs = bar_runs(CODE)
    assert sum(length for _, length in runs) == modules.count("1")
    symbol = Code128Flowable(CODE)
    assert symbol.module >= 0.33 * mm == MIN_MODULE
    assert symbol.symbol_length == pytest.approx((len(modules) + 2 * QUIET_MODULES) * MIN_MODULE)
    # Wide enough: lies flat; too narrow for the 0.33 mm module: stands up (ladder).
    assert symbol.wrap(170 * mm, 1000)[0] == pytest.approx(symbol.symbol_length)
    assert not symbol.ladder
    assert symbol.wrap(74 * mm, 1000)[1] == pytest.approx(symbol.symbol_length)
    assert symbol.ladder
