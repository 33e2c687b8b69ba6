"""Dossier codes and register numbers.

**Format.** NĐ 61/2018/NĐ-CP Điều 26 and TT 01/2018/TT-VPCP Điều 19 fixed the code as
``<identity code>-YYMMDD-XXXX``: (a) the identity code (QCVN 102:2016) of *the competent body
receiving the dossier* (cơ quan có thẩm quyền tiếp nhận hồ sơ), the receipt date, and a
4-digit ordinal of the dossiers received that day. Since 1/7/2025 the one-stop mechanism is
governed by NĐ 118/2025/NĐ-CP and TT 03/2025/TT-VPCP re-issues its forms; nothing found in the
public texts changes the structure (docs/centre.md, "Dossier code"), so the 2018 structure is
kept and the prefix is the **receiving unit's** identity code. A unit may instead use the
handling agency's code (setting ``code_prefix`` = ``agency``) while at most 99 counters share
that prefix.

**Allocation rule** (unique with no coordination at receipt time, offline for any number of
days). The daily ordinal ``XXXX`` (0000–9999) is cut into equal *shares* of ``block``
ordinals; counter ``k`` owns share ``k``: ordinals ``k*block`` … ``k*block + block - 1``.
Share 0 (``0001``…) belongs to the central system (online portal, VNeID imports). Two
counters sharing a prefix never produce the same code, online or not.

* ``block`` 100 (new installations): counters 1–99, 100 dossiers a counter a day; counter 3's
  first dossier of the day is ``0300``, its 100th ``0399``.
* ``block`` 1000 (installations upgraded from the releases before: their ``K + SSS``): counters
  1–9, 999 dossiers a counter a day from ``K001``; counter 3's seventh dossier is ``3007``. Every
  code issued by the earlier releases keeps its meaning and is never issued again.
* 200, 250 and 500 trade counters for dossiers a day (49 × 200, 39 × 250, 19 × 500).

The unit's ``code_block`` setting chooses the block; a change takes effect from the next day,
so a day's codes all follow one rule. A counter that has used its whole share gets an error
naming that setting.

**Register book** (*Quyển số / Số thứ tự*): each counter keeps one book a year, numbered
``<counter>/<year>`` (e.g. ``01/2026``), and entries are numbered from 1 in that book: unique
per unit and year without coordination.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

#: A permissive pattern for the agency identity code (QCVN 102:2016): levels separated by dots,
#: alphanumerics allowed in the lower levels (``000.A0.01.H26``).
AGENCY_CODE_RE = re.compile(r"^[0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{2}\.[A-Z][0-9]{2}$")
DOSSIER_CODE_RE = re.compile(
    r"^(?P<agency>[0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{2}\.[A-Z][0-9]{2})-"
    r"(?P<date>[0-9]{6})-(?P<ordinal>[0-9]{4})$"
)
#: Shares of the daily ordinal: new installations, and the ``K + SSS`` of earlier releases.
DEFAULT_BLOCK = 100
LEGACY_BLOCK = 1000
BLOCKS = (100, 200, 250, 500, 1000)
#: The largest counter number any block allows (the database CHECK says the same).
MAX_COUNTER = 99
#: Kept for callers of the earlier rule (one counter's ordinals a day under ``LEGACY_BLOCK``).
MAX_DAILY_SEQ = 999
#: At most this many counters may share a handling agency's code as their prefix.
MAX_SHARED_PREFIX_COUNTERS = 99


class CodeSpaceExhausted(Exception):
    """The counter has used its whole share of the day's ordinals."""


@dataclass(frozen=True)
class ParsedCode:
    """The parts of a dossier code."""

    agency_code: str
    received_on: date
    ordinal: int

    def counter(self, block: int = LEGACY_BLOCK) -> int:
        """The counter whose share holds this ordinal under ``block``."""
        return self.ordinal // block


def valid_agency_code(code: str) -> bool:
    """Whether ``code`` has the shape of an agency identity code."""
    return bool(AGENCY_CODE_RE.match(code))


def valid_block(block: int) -> bool:
    return block in BLOCKS


def max_counter(block: int = DEFAULT_BLOCK) -> int:
    """The highest counter number ``block`` leaves room for (share 0 is central)."""
    return min(10_000 // block - 1, MAX_COUNTER)


def valid_counter(counter: int, block: int = LEGACY_BLOCK) -> bool:
    """Counters 1…max receive at the desk; 0 is the central share."""
    return 0 <= counter <= max_counter(block)


def share(counter: int, block: int = DEFAULT_BLOCK) -> tuple[int, int]:
    """The first and last ordinal of ``counter``'s share (the central share skips 0000; the
    legacy block starts at ``K001`` as the earlier releases did)."""
    if not valid_counter(counter, block):
        raise ValueError(f"counter {counter} outside 0–{max_counter(block)} for block {block}")
    first = counter * block
    if counter == 0 or block == LEGACY_BLOCK:
        first += 1
    return first, counter * block + block - 1


def share_size(counter: int, block: int = DEFAULT_BLOCK) -> int:
    first, last = share(counter, block)
    return last - first + 1


def date_part(day: date) -> str:
    return f"{day.year % 100:02d}{day.month:02d}{day.day:02d}"


def code_for(prefix: str, day: date, ordinal: int) -> str:
    """``<prefix>-YYMMDD-XXXX``."""
    if not 0 <= ordinal <= 9999:
        raise ValueError(f"ordinal {ordinal} outside 0000–9999")
    return f"{prefix}-{date_part(day)}-{ordinal:04d}"


def day_prefix(agency_code: str, day: date, counter: int, block: int = LEGACY_BLOCK) -> str:
    """The part of the code shared by one counter's dossiers of one day under the legacy
    block (``…-YYMMDD-K``); for other blocks the two leading digits of its share."""
    first, _last = share(counter, block)
    digits = 1 if block == LEGACY_BLOCK else 2
    return f"{agency_code}-{date_part(day)}-{first:04d}"[:-(4 - digits)]


def make_code(agency_code: str, day: date, counter: int, seq: int,
              block: int = LEGACY_BLOCK) -> str:
    """The code of the ``seq``-th dossier (from 1) of ``counter`` on ``day``.

    Raises:
        ValueError: counter outside the block's range, seq below 1.
        CodeSpaceExhausted: seq beyond the counter's share.
    """
    first, last = share(counter, block)
    if seq < 1:
        raise ValueError("seq starts at 1")
    if first + seq - 1 > last:
        raise CodeSpaceExhausted(day_prefix(agency_code, day, counter, block))
    return code_for(agency_code, day, first + seq - 1)


def share_bounds(agency_code: str, day: date, counter: int,
                 block: int = DEFAULT_BLOCK) -> tuple[str, str]:
    """The first and last code of ``counter``'s share on ``day`` (inclusive; codes of one
    prefix and day sort as their ordinals)."""
    first, last = share(counter, block)
    return code_for(agency_code, day, first), code_for(agency_code, day, last)


def next_code(agency_code: str, day: date, counter: int, block: int,
              last_used: str | None) -> str:
    """The code after ``last_used`` (the highest code of the counter's share that day, or
    None) in the counter's share.

    Raises:
        CodeSpaceExhausted: the share is used up.
    """
    first, last = share(counter, block)
    ordinal = first if not last_used else int(last_used[-4:]) + 1
    if ordinal > last:
        raise CodeSpaceExhausted(day_prefix(agency_code, day, counter, block))
    return code_for(agency_code, day, max(ordinal, first))


def next_seq(last_code: str | None) -> int:
    """The ordinal following ``last_code`` within a legacy ``K + SSS`` share, or 1."""
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
    return ParsedCode(m.group("agency"), day, int(m.group("ordinal")))


def register_book(counter: int, year: int) -> str:
    """The register book (Quyển số) of a counter for a year, e.g. ``01/2026``."""
    return f"{counter:02d}/{year}"
