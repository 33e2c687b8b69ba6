"""Finding and listing dossiers: by code, folded name and citizen ID, on both back-ends."""

from __future__ import annotations

from datetime import date

import pytest

from onestop.domain.validation import citizen_id_for
from onestop.services.context import Context
from onestop.services.errors import NotFound, ValidationError
from onestop.services.processing import EventRequest, record
from onestop.services.queries import (
    FIND_MAX, DossierFilter, find, list_ids, rows_by_ids, search_dossiers, show,
)
from onestop.services.reception import ReceiveRequest, receive
from tests.support.clock import Clock, vn

ANH_ID = citizen_id_for("079", date(1990, 5, 17), True, 123456)


@pytest.fixture
def people(ctx: Context, clock: Clock) -> dict[str, str]:
    """Four dossiers received a minute apart; name -> code."""
    out = {}
    for i, (name, ident) in enumerate([("Nguyễn Thị Ánh", ANH_ID),
                                       ("Nguyễn Thị Anh Thư", None),
                                       ("Trần Văn Đức", None),
                                       ("Lê Ánh Dương", None)]):
        clock.set(vn(2026, 3, 2, 9, i))
        out[name] = receive(ctx, ReceiveRequest("2.001914", name, id_number=ident,
                                                birth_date="1990-05-17" if ident else None)).code
    return out


def names(rows: list) -> list[str]:  # type: ignore[type-arg]
    return [r.applicant_name for r in rows]


def test_find_by_folded_name(ctx: Context, people: dict[str, str]) -> None:
    # newest first; accent-, case- and đ-insensitive; prefix of the name or of any word
    assert names(find(ctx, "nguyen thi anh")) == ["Nguyễn Thị Anh Thư", "Nguyễn Thị Ánh"]
    assert names(find(ctx, "NGUYỄN THỊ ÁNH")) == ["Nguyễn Thị Anh Thư", "Nguyễn Thị Ánh"]
    assert names(find(ctx, "duc")) == ["Trần Văn Đức"]
    assert names(find(ctx, "Đức")) == ["Trần Văn Đức"]
    assert names(find(ctx, "anh")) == ["Lê Ánh Dương", "Nguyễn Thị Anh Thư", "Nguyễn Thị Ánh"]
    assert names(find(ctx, "anh", limit=1)) == ["Lê Ánh Dương"]
    assert find(ctx, "nguyen van") == []


def test_find_by_code_and_id_number(ctx: Context, people: dict[str, str]) -> None:
    code = people["Trần Văn Đức"]
    assert names(find(ctx, code)) == ["Trần Văn Đức"]
    assert names(find(ctx, f"  {code.lower()}")) == ["Trần Văn Đức"]
    assert names(find(ctx, ANH_ID)) == ["Nguyễn Thị Ánh"]
    assert names(find(ctx, "079 190 123 456")) == ["Nguyễn Thị Ánh"]
    # every code of the day by prefix
    assert len(find(ctx, code[:-4])) == 4


def test_rows_mask_the_citizen_id(ctx: Context, people: dict[str, str]) -> None:
    [row] = find(ctx, ANH_ID)
    assert row.id_number_masked != ANH_ID
    assert row.id_number_masked.endswith(ANH_ID[-3:]) or "*" in row.id_number_masked
    assert row.procedure_name == "Chỉnh sửa nội dung văn bằng, chứng chỉ"


def test_show_unknown_code_is_not_found(ctx: Context) -> None:
    with pytest.raises(NotFound) as info:
        show(ctx, "000.00.15.H36-260302-1999")
    assert (info.value.field, info.value.code, info.value.exit_code) == ("code",
                                                                         "unknown_dossier", 3)


def test_lists_are_id_based_and_exclude_void(ctx: Context, clock: Clock,
                                             people: dict[str, str]) -> None:
    clock.set(vn(2026, 3, 3, 9, 0))
    record(ctx, people["Lê Ánh Dương"], EventRequest("void", reason="Nhập nhầm"))
    record(ctx, people["Trần Văn Đức"], EventRequest("result-ready"))
    ids = list_ids(ctx, DossierFilter(), sort="name", descending=False)
    rows = rows_by_ids(ctx, ids)
    assert names(rows) == ["Nguyễn Thị Ánh", "Nguyễn Thị Anh Thư", "Trần Văn Đức"]
    assert names(rows_by_ids(ctx, ids[::-1])) == names(rows)[::-1]
    with_void = list_ids(ctx, DossierFilter(include_void=True))
    assert len(with_void) == 4
    ready = list_ids(ctx, DossierFilter(statuses=("result-ready",)))
    assert names(rows_by_ids(ctx, ready)) == ["Trần Văn Đức"]
    early = list_ids(ctx, DossierFilter(timeliness=("early",)))
    assert names(rows_by_ids(ctx, early)) == ["Trần Văn Đức"]
    clock.set(vn(2026, 3, 9, 10, 0))
    overdue = list_ids(ctx, DossierFilter(timeliness=("overdue",)), sort="code")
    assert sorted(names(rows_by_ids(ctx, overdue))) == ["Nguyễn Thị Anh Thư", "Nguyễn Thị Ánh"]
    day = list_ids(ctx, DossierFilter(date_from=date(2026, 3, 2), date_to=date(2026, 3, 2)))
    assert len(day) == 3
    assert list_ids(ctx, DossierFilter(date_from=date(2026, 3, 3))) == []


# --- search hardening: counts, phone spellings, literal characters (both back-ends) ----------

PHONE = "0912345678"


@pytest.fixture
def with_phone(ctx: Context, people: dict[str, str], clock: Clock) -> str:
    clock.set(vn(2026, 3, 2, 9, 30))
    return receive(ctx, ReceiveRequest("2.001914", "Phạm Văn Bình", phone=PHONE)).code


def test_find_says_how_many_matched_when_it_cuts_the_list(ctx: Context,
                                                          people: dict[str, str]) -> None:
    found = search_dossiers(ctx, "anh", limit=2)
    assert (found.total, len(found.rows), found.truncated) == (3, 2, True)
    found = search_dossiers(ctx, "anh", limit=3)
    assert (found.total, len(found.rows), found.truncated) == (3, 3, False)
    assert search_dossiers(ctx, "nguyen van").total == 0
    for bad in (0, -1, FIND_MAX + 1):   # SQLite reads LIMIT -1 as "no limit"
        with pytest.raises(ValidationError) as info:
            search_dossiers(ctx, "anh", limit=bad)
        assert info.value.first.field == "limit"


@pytest.mark.parametrize("query", [
    PHONE, "+84912345678", "+84 912 345 678", "84912345678", "0084 912 345 678",
    "0912.345.678", "0912-345-678", "0912 345 678", "(+84) 912-345-678", "+84 (0) 912 345 678"])
def test_find_by_phone_in_any_usual_spelling(ctx: Context, with_phone: str, query: str) -> None:
    assert [r.code for r in find(ctx, query)] == [with_phone]


@pytest.mark.parametrize("query", [
    "%", "%%", "_", "__", "%anh", "anh%", "ngu%n", "nguy_n", "%_%", "n%", "_nh", "Tr_n",
    "000.00.15.H36-%", "000.00.15.H36-26030_-1001", "%-%"])
def test_percent_and_underscore_are_never_wildcards(ctx: Context, people: dict[str, str],
                                                    query: str) -> None:
    assert find(ctx, query) == []
    assert search_dossiers(ctx, query).total == 0


@pytest.mark.parametrize("query", [
    '"', '""', '"nguyen', 'nguyen"', "*", "anh*", "-anh", "anh -thu", "NOT anh", "anh OR duc",
    "anh AND", "anh:", "name:anh", "(", "(anh", "anh)", "^anh", "anh NEAR(thu)", "{anh}",
    "anh & thu", "anh | thu", "!anh", "anh <-> thu", "anh:*", "'", "anh'", "\\", "ánh+", "+"])
def test_search_syntax_characters_never_cause_an_error(ctx: Context, people: dict[str, str],
                                                      query: str) -> None:
    rows = find(ctx, query)          # no OperationalError / syntax error on either back-end
    assert {r.applicant_name for r in rows} <= set(people)


def test_punctuation_around_words_still_finds_them(ctx: Context, people: dict[str, str]) -> None:
    assert names(find(ctx, '"nguyen thi anh"')) == ["Nguyễn Thị Anh Thư", "Nguyễn Thị Ánh"]
    assert names(find(ctx, "(duc)")) == ["Trần Văn Đức"]
