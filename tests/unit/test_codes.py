"""Tests for onestop.domain.codes: the dossier code rule and the register book."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onestop.domain import codes
from onestop.domain.codes import CodeSpaceExhausted, ParsedCode

AGENCY = "000.00.15.H36"
DAY = date(2026, 2, 13)


def test_code_format_follows_tt01_2018_article_19() -> None:
    code = codes.make_code(AGENCY, DAY, 1, 1)
    assert code == "000.00.15.H36-260213-1001"
    assert codes.DOSSIER_CODE_RE.match(code)


@pytest.mark.parametrize(("counter", "seq", "ordinal"), [
    (1, 1, "1001"), (1, 999, "1999"), (3, 7, "3007"), (9, 999, "9999"), (0, 1, "0001"),
])
def test_each_counter_owns_a_block_of_the_daily_ordinal(counter: int, seq: int,
                                                         ordinal: str) -> None:
    assert codes.make_code(AGENCY, DAY, counter, seq)[-4:] == ordinal


def test_counter_blocks_never_overlap() -> None:
    made = {codes.make_code(AGENCY, DAY, k, s) for k in range(10) for s in range(1, 1000)}
    assert len(made) == 10 * 999


def test_seq_overflow_is_code_space_exhausted() -> None:
    with pytest.raises(CodeSpaceExhausted) as info:
        codes.make_code(AGENCY, DAY, 2, 1000)
    assert str(info.value) == "000.00.15.H36-260213-2"
    assert codes.next_seq("000.00.15.H36-260213-2999") == 1000


@pytest.mark.parametrize(("counter", "seq"), [(10, 1), (-1, 1), (1, 0), (1, -5)])
def test_bad_counter_or_seq_is_refused(counter: int, seq: int) -> None:
    with pytest.raises(ValueError):
        codes.make_code(AGENCY, DAY, counter, seq)


def test_next_seq_follows_the_highest_code_of_the_day() -> None:
    assert codes.next_seq(None) == 1
    assert codes.next_seq("") == 1
    assert codes.next_seq("000.00.15.H36-260213-1041") == 42


def test_day_prefix_is_shared_by_one_counters_day() -> None:
    assert codes.day_prefix(AGENCY, DAY, 4) == "000.00.15.H36-260213-4"
    assert codes.make_code(AGENCY, DAY, 4, 12).startswith(codes.day_prefix(AGENCY, DAY, 4))


agency_codes = st.from_regex(r"\A[0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{2}\.[A-Z][0-9]{2}\Z")


@given(agency=agency_codes, day=st.dates(date(2000, 1, 1), date(2099, 12, 31)),
       counter=st.integers(0, 9), seq=st.integers(1, 999))
def test_parse_round_trip(agency: str, day: date, counter: int, seq: int) -> None:
    code = codes.make_code(agency, day, counter, seq)
    assert codes.parse_code(code) == ParsedCode(agency, day, counter * 1000 + seq)
    assert codes.parse_code(f"  {code.lower()} ") == ParsedCode(agency, day, counter * 1000 + seq)
    assert codes.parse_code(code).counter(codes.LEGACY_BLOCK) == counter  # type: ignore[union-attr]


# --- the shares of new installations (block 100) and the other blocks -------------------------

@pytest.mark.parametrize(("block", "counters", "per_day"), [
    (100, 99, 100), (200, 49, 200), (250, 39, 250), (500, 19, 500), (1000, 9, 999)])
def test_each_block_gives_every_counter_its_share(block: int, counters: int,
                                                  per_day: int) -> None:
    assert codes.max_counter(block) == counters
    assert all(codes.share_size(k, block) == per_day for k in range(1, counters + 1))
    made = [codes.make_code(AGENCY, DAY, k, s, block)
            for k in range(counters + 1) for s in range(1, codes.share_size(k, block) + 1)]
    assert len(set(made)) == len(made) == sum(codes.share_size(k, block)
                                              for k in range(counters + 1))
    assert all(codes.DOSSIER_CODE_RE.match(c) for c in made)
    assert all(codes.parse_code(c).counter(block) == int(c[-4:]) // block  # type: ignore[union-attr]
               for c in made)


def test_sixty_counters_with_a_hundred_dossiers_each() -> None:
    made = set()
    for k in range(1, 61):
        last = None
        for _ in range(100):
            last = codes.next_code(AGENCY, DAY, k, 100, last)
            made.add(last)
        with pytest.raises(CodeSpaceExhausted):
            codes.next_code(AGENCY, DAY, k, 100, last)
    assert len(made) == 6000
    assert codes.next_code(AGENCY, DAY, 3, 100, None) == f"{AGENCY}-260213-0300"
    assert codes.next_code(AGENCY, DAY, 0, 100, None) == f"{AGENCY}-260213-0001"


def test_counter_beyond_the_block_is_refused() -> None:
    with pytest.raises(ValueError):
        codes.share(10, codes.LEGACY_BLOCK)
    with pytest.raises(ValueError):
        codes.share(100, 100)
    assert codes.share(99, 100) == (9900, 9999)


def test_legacy_block_continues_the_earlier_releases_codes() -> None:
    """An upgraded unit (code_block 1000) goes on after the last K+SSS code of the day."""
    assert codes.next_code(AGENCY, DAY, 2, 1000, f"{AGENCY}-260213-2041") == \
        f"{AGENCY}-260213-2042"
    assert codes.next_code(AGENCY, DAY, 2, 1000, None) == f"{AGENCY}-260213-2001"


@pytest.mark.parametrize("text", [
    "", "000.00.15.H36", "000.00.15.H36-260213-101", "000.00.15.H36-260213-10011",
    "000.00.15.H36-261313-1001",  # month 13
    "000.00.15.H36-260230-1001",  # 30 February
    "00.00.15.H36-260213-1001", "000.00.15.36H-260213-1001", "000.00.15.H36_260213_1001",
])
def test_parse_rejects_what_is_not_a_code(text: str) -> None:
    assert codes.parse_code(text) is None


def test_agency_code_shape() -> None:
    assert codes.valid_agency_code("000.00.15.H36")
    assert codes.valid_agency_code("000.A0.01.H26")
    assert not codes.valid_agency_code("000.00.15.h36")
    assert not codes.valid_agency_code("H36")


def test_counter_range() -> None:
    assert [k for k in range(-1, 11) if codes.valid_counter(k)] == list(range(10))


def test_register_book_is_per_counter_and_year() -> None:
    assert codes.register_book(1, 2026) == "01/2026"
    assert codes.register_book(9, 2027) == "09/2027"
    assert codes.register_book(1, 2026) != codes.register_book(2, 2026)
