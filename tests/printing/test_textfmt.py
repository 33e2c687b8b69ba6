"""Money, date and time wording."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from onestop.printing import format_vnd, vn_date_line, vn_datetime_words
from onestop.printing.textfmt import dmy, nfc, time_limit_text

from .samples import nfd


def test_format_vnd() -> None:
    assert format_vnd(10000) == "10.000 đồng"
    assert format_vnd(0) == "0 đồng"
    assert format_vnd(1_250_000) == "1.250.000 đồng"
    assert format_vnd(None) == "Không"


def test_datetime_words_in_vietnam_time() -> None:
    utc = datetime(2026, 1, 5, 3, 5, tzinfo=UTC)
    assert vn_datetime_words(utc) == "10 giờ 05 phút, ngày 05 tháng 01 năm 2026"
    # Late evening UTC is already the next day in Việt Nam.
    late = datetime(2026, 1, 4, 20, 30, tzinfo=UTC)
    assert vn_datetime_words(late) == "03 giờ 30 phút, ngày 05 tháng 01 năm 2026"


def test_naive_datetime_is_taken_as_local() -> None:
    assert vn_datetime_words(datetime(2026, 1, 5, 10, 5)) == (
        "10 giờ 05 phút, ngày 05 tháng 01 năm 2026")


def test_date_line() -> None:
    assert vn_date_line("Lâm Đồng", date(2026, 1, 5)) == "Lâm Đồng, ngày 05 tháng 01 năm 2026"
    ict = timezone(timedelta(hours=7))
    assert vn_date_line("Lâm Đồng", datetime(2026, 1, 5, 23, 0, tzinfo=ict)) == (
        "Lâm Đồng, ngày 05 tháng 01 năm 2026")
    assert vn_date_line("", date(2026, 1, 5)) == "Ngày 05 tháng 01 năm 2026"
    assert vn_date_line("Lâm Đồng", None).startswith("Lâm Đồng, ngày ……")


def test_dmy_and_time_limits() -> None:
    assert dmy(date(2026, 1, 5)) == "05/01/2026"
    assert dmy(None) == ""
    assert time_limit_text(None) == "Không quy định"
    assert time_limit_text(0) == "Trong ngày"
    assert time_limit_text(5) == "5 ngày làm việc"


def test_nfc() -> None:
    assert nfc(nfd("Nguyễn Thị Ánh Tuyết")) == "Nguyễn Thị Ánh Tuyết"
