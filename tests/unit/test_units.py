"""Tests for onestop.domain.units: choosing the handling agency, validity, the code block."""

from __future__ import annotations

from datetime import date

import pytest

from onestop.domain import units
from onestop.domain.validation import ValidationError

UNIT, EDU, HEALTH = "000.00.60.H36", "000.00.15.H36", "000.00.16.H36"


def _code(exc: pytest.ExceptionInfo[ValidationError]) -> tuple[str, str]:
    return exc.value.errors[0].field, exc.value.errors[0].code


def test_split_and_join_codes() -> None:
    assert units.split_codes(" 000.00.15.h36 | |000.00.16.H36|000.00.15.H36") == (EDU, HEALTH)
    assert units.split_codes(None) == ()
    assert units.join_codes([HEALTH, EDU, HEALTH]) == f"{HEALTH}|{EDU}"


@pytest.mark.parametrize(("listed", "requested", "expected"), [
    ((), None, UNIT),                      # the single-agency desk decides itself
    ((EDU,), None, EDU),                   # the only agency
    ((EDU, UNIT), None, UNIT),             # several, the unit among them
    ((EDU, HEALTH), "000.00.16.h36", HEALTH),
])
def test_handling_agency(listed: tuple[str, ...], requested: str | None, expected: str) -> None:
    assert units.handling_agency(listed, UNIT, requested) == expected


def test_a_choice_is_needed_or_refused() -> None:
    with pytest.raises(ValidationError) as info:
        units.handling_agency((EDU, HEALTH), UNIT, None)
    assert _code(info) == ("agency", "agency_choice_needed")
    with pytest.raises(ValidationError) as info:
        units.handling_agency((EDU,), UNIT, HEALTH)
    assert _code(info) == ("agency", "agency_not_for_procedure")


def test_validity_and_successor() -> None:
    old = units.HandlingAgency(EDU, "SỞ GIÁO DỤC", valid_to=date(2025, 6, 30),
                               successor=HEALTH)
    assert old.valid_on(date(2025, 6, 30)) and not old.valid_on(date(2025, 7, 1))
    with pytest.raises(ValidationError) as info:
        units.check_valid_on(old, date(2025, 7, 1))
    assert _code(info) == ("agency", "agency_not_valid")


def test_block_in_force_changes_the_next_day() -> None:
    settings = {"code_block": 100, "code_block_since": "2026-03-03", "code_block_before": 1000}
    assert units.block_for(settings, date(2026, 3, 2)) == 1000
    assert units.block_for(settings, date(2026, 3, 3)) == 100
    assert units.block_for({}, date(2026, 3, 3)) == 100


def test_check_code() -> None:
    assert units.check_code(" 000.00.15.h36 ", "agency") == EDU
    with pytest.raises(ValidationError) as info:
        units.check_code("000.00.15", "agency")
    assert _code(info) == ("agency", "agency_code_format")
