"""Vietnamese wording of money, dates and time limits as printed on the forms."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from zoneinfo import ZoneInfo

__all__ = [
    "LOCAL_TZ",
    "dmy",
    "format_vnd",
    "local",
    "nfc",
    "time_limit_text",
    "vn_date_line",
    "vn_date_words",
    "vn_datetime_words",
]

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

#: Placeholder printed where a value is unknown, so the officer can write it by hand.
BLANK = "…………"


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC.

    reportlab draws decomposed (NFD) combining marks beside their letters, and pasted or
    scanned input is often NFD, so every string is composed before it is measured or drawn.
    """
    return unicodedata.normalize("NFC", text)


def local(dt: datetime) -> datetime:
    """Convert an aware datetime to Vietnam local time; naive values are taken as local."""
    if dt.tzinfo is None:
        return dt
    return dt.astimezone(LOCAL_TZ)


def format_vnd(amount: int | None) -> str:
    """Format a fee in đồng with dot thousands separators.

    Args:
        amount: Amount in đồng, or ``None`` when there is no fee.

    Returns:
        ``"10.000 đồng"`` for 10000, ``"Không"`` for ``None``.
    """
    if amount is None:
        return "Không"
    return f"{amount:,}".replace(",", ".") + " đồng"


def vn_date_words(d: date) -> str:
    """Return ``"ngày 05 tháng 01 năm 2026"`` (datetimes are first moved to local time)."""
    if isinstance(d, datetime):
        d = local(d)
    return f"ngày {d.day:02d} tháng {d.month:02d} năm {d.year}"


def vn_datetime_words(dt: datetime) -> str:
    """Return ``"10 giờ 05 phút, ngày 05 tháng 01 năm 2026"`` in Vietnam local time."""
    dt = local(dt)
    return f"{dt.hour:02d} giờ {dt.minute:02d} phút, {vn_date_words(dt)}"


def vn_date_line(place: str, d: date | None) -> str:
    """Return the place-date line ``"Lâm Đồng, ngày 05 tháng 01 năm 2026"``.

    Args:
        place: Địa danh; may be empty, then the line starts with the date.
        d: Date or aware datetime; ``None`` leaves dotted blanks to fill by hand.
    """
    words = vn_date_words(d) if d is not None else "ngày …… tháng …… năm ………"
    return f"{place}, {words}" if place else words[0].upper() + words[1:]


def dmy(d: date | None) -> str:
    """Return ``"05/01/2026"`` (local date of a datetime), or ``""`` for ``None``."""
    if d is None:
        return ""
    if isinstance(d, datetime):
        d = local(d)
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def time_limit_text(days: int | None) -> str:
    """Word a procedure time limit: ``None`` → "Không quy định", ``0`` → "Trong ngày"."""
    if days is None:
        return "Không quy định"
    if days == 0:
        return "Trong ngày"
    return f"{days} ngày làm việc"
