"""Dossier codes and register numbers.

The code was fixed by NĐ 61/2018/NĐ-CP Điều 26 and TT 01/2018/TT-VPCP Điều 19 as
``<agency identity code>-YYMMDD-NNNN``: the agency's electronic identity code (QCVN
102:2016), the receipt date, and a 4-digit ordinal of the dossiers received that day. Since
1/7/2025 the one-stop mechanism is governed by NĐ 118/2025/NĐ-CP (amended by NĐ
367/2025/NĐ-CP), and TT 03/2025/TT-VPCP (from 15/9/2025) re-issues the rules on the dossier
code; whether it changed the structure is not confirmed, so the 2018 structure is kept.

The regulation numbers an agency's dossiers per day, but counters work offline and cannot share
one sequence. **Allocation rule** (unique without asking anyone):

* the 4-digit ordinal ``NNNN`` is ``K`` followed by ``SSS``: ``K`` is the counter number
  (1–9) and ``SSS`` the counter's own ordinal that day (001–999). Counter 3's seventh dossier of
  the day is ``3007``. Two counters can never produce the same code, online or not.
* ``K = 0`` (``0001``–``0999``) is reserved for dossiers created centrally (online portal,
  VNeID imports), so the central system has a block of its own.
* a counter that has received 999 dossiers in one day gets a clear error; an agency with more
  than nine counters needs a second agency identity code (a sub-unit code), which the standard
  provides for.

The ordinal still reads as "the n-th dossier of that counter on that day", and codes sort by
date then counter.

**Register book** (*Quyển số / Số thứ tự*): each counter keeps one book a year, numbered
``<counter>/<year>`` (e.g. ``01/2026``), and entries are numbered from 1 in that book. That is
again unique per agency and year without coordination.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

#: A permissive pattern for the agency identity code (QCVN 102:2016): levels separated by dots,
#: alphanumerics allowed in the lower levels (``000.A0.01.H26``). TT 03/2025 may change it, so
#: the pattern is a module constant tests and settings can override.
AGENCY_CODE_RE = re.compile(r"^[0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{2}\.[A-Z][0-9]{2}$")
DOSSIER_CODE_RE = re.compile(
    r"^(?P<agency>[0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{2}\.[A-Z][0-9]{2})-"
    r"(?P<date>[0-9]{6})-(?P<counter>[0-9])(?P<seq>[0-9]{3})$"
)
MAX_COUNTER = 9
MAX_DAILY_SEQ = 999


class CodeSpaceExhausted(Exception):
    """The counter has used all 999 ordinals of the day."""


@dataclass(frozen=True)
class ParsedCode:
    """The parts of a dossier code."""

    agency_code: str
    received_on: date
    counter: int
    seq: int


def valid_agency_code(code: str) -> bool:
    """Whether ``code`` has the shape of an agency identity code."""
    return bool(AGENCY_CODE_RE.match(code))


def valid_counter(counter: int) -> bool:
    """Counters 1–9 receive at the desk; 0 is the central block."""
    return 0 <= counter <= MAX_COUNTER


def day_prefix(agency_code: str, day: date, counter: int) -> str:
    """The part of the code shared by one counter's dossiers of one day (``…-YYMMDD-K``)."""
    return f"{agency_code}-{day.year % 100:02d}{day.month:02d}{day.day:02d}-{counter}"


def make_code(agency_code: str, day: date, counter: int, seq: int) -> str:
    """Build the dossier code for the ``seq``-th dossier of ``counter`` on ``day``.

    Raises:
        ValueError: counter outside 0–9.
        CodeSpaceExhausted: seq above 999.
    """
    if not valid_counter(counter):
        raise ValueError(f"counter {counter} outside 0–{MAX_COUNTER}")
    if seq > MAX_DAILY_SEQ:
        raise CodeSpaceExhausted(day_prefix(agency_code, day, counter))
    if seq < 1:
        raise ValueError("seq starts at 1")
    return f"{day_prefix(agency_code, day, counter)}{seq:03d}"


def next_seq(last_code: str | None) -> int:
    """The ordinal following ``last_code`` (the highest code of the same day prefix), or 1."""
    if not last_code:
        return 1
    return int(last_code[-3:]) + 1


def parse_code(code: str) -> ParsedCode | None:
    """Split a dossier code into its parts, or None when it is not one."""
    m = DOSSIER_CODE_RE.match(code.strip().upper())
    if not m:
        return None
    raw = m.group("date")
    try:
        day = date(2000 + int(raw[:2]), int(raw[2:4]), int(raw[4:]))
    except ValueError:
        return None
    return ParsedCode(m.group("agency"), day, int(m.group("counter")), int(m.group("seq")))


def register_book(counter: int, year: int) -> str:
    """The register book (Quyển số) of a counter for a year, e.g. ``01/2026``."""
    return f"{counter:02d}/{year}"
