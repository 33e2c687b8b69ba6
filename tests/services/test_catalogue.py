"""The procedure catalogue: seeding, CSV import (all or nothing), editing, on both back-ends."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from onestop.domain.validation import ValidationError
from onestop.services import catalogue
from onestop.services.context import Context
from onestop.services.errors import Forbidden, NotFound
from onestop.services.reception import ReceiveRequest, receive
from tests.support.db import audit_actions, row_counts, unchanged_except

HEADER = "code,name,field,field_code,days,cutoff,fee_vnd,documents,department,source\n"
GOOD = HEADER + (
    "1.999001,Thủ tục thử nghiệm có mã,\"Văn bằng, chứng chỉ\",G03-GD14,7,,10.000,"
    "Đơn đề nghị | Bản sao CCCD,Phòng Khảo thí,test\n"
    ",Thủ tục thử nghiệm không mã,Giáo dục trung học,G03-GD10,,15:30,,,Phòng Giáo dục,test\n"
)


def write(tmp_path: Path, text: str, name: str = "catalogue.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def fields(exc: ValidationError) -> list[tuple[str, str]]:
    return [(e.field, e.code) for e in exc.errors]


def test_seeded_catalogue_marks_local_codes(ctx: Context) -> None:
    procs = catalogue.list_procedures(ctx)
    assert len(procs) == 31
    local = [p for p in procs if p.is_local]
    national = [p for p in procs if not p.is_local]
    assert len(national) == 9 and len(local) == 22
    assert all(re.fullmatch(r"\d\.\d{6}", p.code) for p in national)
    assert all(p.code == catalogue.local_code(p.name) for p in local)
    assert len({p.code for p in procs}) == 31
    [copy] = catalogue.search(procs, "ban sao so goc")
    assert copy.is_local and copy.cutoff == "15:00"


def test_import_creates_rows_and_local_codes(ctx: Context, tmp_path: Path) -> None:
    report = catalogue.import_csv(ctx, write(tmp_path, GOOD))
    assert (report.created, report.updated, report.unchanged) == (2, 0, 0)
    by_name = {p.name: p for p in catalogue.list_procedures(ctx)}
    coded = by_name["Thủ tục thử nghiệm có mã"]
    assert (coded.code, coded.is_local, coded.time_limit_days, coded.fee_vnd) == (
        "1.999001", False, 7, 10000)
    assert [d["name"] for d in coded.documents] == ["Đơn đề nghị", "Bản sao CCCD"]
    uncoded = by_name["Thủ tục thử nghiệm không mã"]
    assert uncoded.is_local and uncoded.code == catalogue.local_code(uncoded.name)
    assert (uncoded.time_limit_days, uncoded.cutoff) == (None, "15:30")
    assert audit_actions(ctx.engine)[-1] == ("system", "catalogue.import", "catalogue.csv",
                                             "ok")
    again = catalogue.import_csv(ctx, write(tmp_path, GOOD), update=True)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_duplicate_import_is_an_error_naming_the_field(ctx: Context, tmp_path: Path) -> None:
    path = write(tmp_path, GOOD)
    catalogue.import_csv(ctx, path)
    before = row_counts(ctx.engine)
    with pytest.raises(ValidationError) as info:
        catalogue.import_csv(ctx, path)
    assert fields(info.value) == [("code[2]", "duplicate")]
    assert "1.999001" in info.value.errors[0].message
    assert row_counts(ctx.engine) == before


@pytest.mark.parametrize(("text", "expected"), [
    (GOOD + "1.999003,Thủ tục sai,x,,abc,25:00,,,,\n",
     [("days[4]", "number_format"), ("cutoff[4]", "invalid_value")]),
    (GOOD + "9.99,Mã sai,x,,5,,,,,\n", [("code[4]", "invalid_value")]),
    (GOOD + "1.999001,Trùng mã trong tệp,x,,5,,,,,\n", [("code[4]", "duplicate")]),
    (GOOD + ",,x,,5,,,,,\n", [("name[4]", "required")]),
    (GOOD.replace("days,", "ngay,"), [("file", "invalid_value")]),
    (HEADER, [("file", "required")]),
], ids=["bad-days-and-cutoff", "bad-code", "duplicate-in-file", "no-name", "missing-column",
        "no-rows"])
def test_a_malformed_csv_writes_nothing(ctx: Context, tmp_path: Path, text: str,
                                        expected: list[tuple[str, str]]) -> None:
    before = row_counts(ctx.engine)
    with pytest.raises(ValidationError) as info:
        catalogue.import_csv(ctx, write(tmp_path, text))
    assert fields(info.value) == expected
    assert row_counts(ctx.engine) == before


def test_unreadable_file_is_a_validation_error(ctx: Context, tmp_path: Path) -> None:
    (tmp_path / "latin1.csv").write_bytes(HEADER.encode() + "1.999001,Th\xfa,x,,5\n".encode(
        "latin-1"))
    for path in (tmp_path / "missing.csv", tmp_path / "latin1.csv"):
        with pytest.raises(ValidationError) as info:
            catalogue.import_csv(ctx, path)
        assert fields(info.value) == [("file", "invalid_value")]


def test_only_admins_edit_the_catalogue(ctx: Context, tmp_path: Path) -> None:
    before = row_counts(ctx.engine)
    for who in ("canbo", "giamsat"):
        with pytest.raises(Forbidden):
            catalogue.import_csv(ctx.as_user(who), write(tmp_path, GOOD))
        with pytest.raises(Forbidden):
            catalogue.update_procedure(ctx.as_user(who), "2.001914", time_limit_days=3)
    unchanged_except(before, row_counts(ctx.engine), audit_entry=4, sync_outbox=4)
    assert [a[:2] for a in audit_actions(ctx.engine)[-4:]] == [
        ("canbo", "forbidden"), ("canbo", "forbidden"),
        ("giamsat", "forbidden"), ("giamsat", "forbidden")]


def test_editing_a_procedure_keeps_old_dossier_terms(ctx: Context) -> None:
    old = receive(ctx, ReceiveRequest("2.001914", "Nguyễn Văn An"))
    edited = catalogue.update_procedure(ctx.as_user("quantri"), "2.001914", time_limit_days=3,
                                        fee_vnd=20000)
    assert (edited.time_limit_days, edited.fee_vnd) == (3, 20000)
    new = receive(ctx, ReceiveRequest("2.001914", "Trần Văn Bình"))
    assert (old.time_limit_days, new.time_limit_days) == (5, 3)
    with pytest.raises(ValidationError) as info:
        catalogue.update_procedure(ctx, "2.001914", time_limit_days=400)
    assert fields(info.value) == [("days[1]", "number_range")]
    with pytest.raises(ValidationError):
        catalogue.update_procedure(ctx, "2.001914", is_local=True)
    with pytest.raises(NotFound):
        catalogue.update_procedure(ctx, "9.999999", fee_vnd=1)
    catalogue.update_procedure(ctx, "2.001914", active=False)
    with pytest.raises(ValidationError) as info:
        receive(ctx, ReceiveRequest("2.001914", "Trần Văn Bình"))
    assert fields(info.value) == [("procedure", "unknown_procedure")]
