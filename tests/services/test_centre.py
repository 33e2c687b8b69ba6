"""One desk, many agencies (issue 14) through the services, on SQLite and PostgreSQL: the
handling agency and return point of a receipt, names frozen at receipt, codes from the
counter's share of the unit's ``code_block``, and the bad input of each."""

from __future__ import annotations

from pathlib import Path

import pytest

from onestop.domain import codes
from onestop.domain.validation import ValidationError
from onestop.services import agencies, catalogue, forms
from onestop.services.install import setup
from onestop.services.context import Context
from onestop.services.reception import ReceiveRequest, receive
from tests.support.clock import Clock, vn
from tests.support.db import row_counts, sql

UNIT = "000.00.15.H36"          # the template's agency: unit and handling agency at once
HEALTH = "000.00.16.H36"
JUSTICE = "000.00.17.H36"
BRANCH = "000.11.60.H36"
PROC = "2.001914"


def fields(exc: ValidationError) -> list[tuple[str, str]]:
    return [(e.field, e.code) for e in exc.errors]


def _agencies(ctx: Context) -> None:
    agencies.add_agency(ctx, HEALTH, "SỞ Y TẾ", parent="UBND TỈNH LÂM ĐỒNG")
    agencies.add_agency(ctx, JUSTICE, "SỞ TƯ PHÁP", parent="UBND TỈNH LÂM ĐỒNG",
                        valid_to="2026-06-30")
    agencies.add_agency(ctx, BRANCH, "TRUNG TÂM PHỤC VỤ HCC PHƯỜNG XUÂN HƯƠNG", kind="unit",
                        place="Đà Lạt", address="Phường Xuân Hương - Đà Lạt")


def _handled_by(ctx: Context, tmp_path: Path, agencies_: str) -> None:
    path = tmp_path / "cat.csv"
    path.write_text("code,name,days,agency\n"
                    f"{PROC},\"Chỉnh sửa nội dung văn bằng, chứng chỉ\",5,{agencies_}\n",
                    encoding="utf-8")
    catalogue.import_csv(ctx, path, update=True)


def test_single_agency_receipt_records_the_unit_three_times(ctx: Context) -> None:
    d = receive(ctx, ReceiveRequest(PROC, "Nguyễn Văn An"))
    assert (d.unit_code, d.agency_code, d.return_unit_code) == (UNIT, UNIT, UNIT)
    assert d.names_at_receipt and d.names_at_receipt["unit"]["place"] == "Lâm Đồng"
    assert d.code.endswith("-0100")   # a new installation: counter 1 owns 0100–0199


def test_several_agencies_need_a_choice_and_the_choice_must_handle_it(
        ctx: Context, tmp_path: Path) -> None:
    _agencies(ctx)
    _handled_by(ctx, tmp_path, f"{HEALTH}|{JUSTICE}")
    before = row_counts(ctx.engine)
    for req, expected in (
            (ReceiveRequest(PROC, "Nguyễn Văn An"), ("agency", "agency_choice_needed")),
            (ReceiveRequest(PROC, "Nguyễn Văn An", agency=UNIT),
             ("agency", "agency_not_for_procedure")),
            (ReceiveRequest(PROC, "Nguyễn Văn An", agency=HEALTH, return_unit="000.99.99.H36"),
             ("return_unit", "unknown_unit")),
            # a handling agency is no return point
            (ReceiveRequest(PROC, "Nguyễn Văn An", agency=HEALTH, return_unit=JUSTICE),
             ("return_unit", "unknown_unit"))):
        with pytest.raises(ValidationError) as info:
            receive(ctx, req)
        assert fields(info.value) == [expected]
    assert row_counts(ctx.engine) == before                  # nothing written
    d = receive(ctx, ReceiveRequest(PROC, "Nguyễn Văn An", agency=HEALTH.lower(),
                                    return_unit=BRANCH))
    assert (d.unit_code, d.agency_code, d.return_unit_code) == (UNIT, HEALTH, BRANCH)
    assert d.names_at_receipt["return_unit"]["place"] == "Đà Lạt"


def test_an_agency_outside_its_validity_is_refused(ctx: Context, clock: Clock,
                                                   tmp_path: Path) -> None:
    _agencies(ctx)
    _handled_by(ctx, tmp_path, f"{HEALTH}|{JUSTICE}")
    assert receive(ctx, ReceiveRequest(PROC, "Trần Văn Bình", agency=JUSTICE)).agency_code \
        == JUSTICE
    clock.set(vn(2026, 7, 1, 9, 0))          # the day after its valid_to
    with pytest.raises(ValidationError) as info:
        receive(ctx, ReceiveRequest(PROC, "Trần Văn Bình", agency=JUSTICE))
    assert fields(info.value) == [("agency", "agency_not_valid")]


def test_renaming_never_rewrites_an_old_dossier_or_its_slip(ctx: Context,
                                                             tmp_path: Path) -> None:
    _agencies(ctx)
    _handled_by(ctx, tmp_path, HEALTH)
    d = receive(ctx, ReceiveRequest(PROC, "Lê Thị Cúc"))
    assert d.agency_code == HEALTH                           # the only agency: no choice
    agencies.add_agency(ctx, HEALTH, "SỞ Y TẾ VÀ DÂN SỐ", update=True)
    setup.update_agency(ctx, name="TRUNG TÂM ĐÃ ĐỔI TÊN", place_name="Đà Lạt")
    later = receive(ctx, ReceiveRequest(PROC, "Lê Thị Cúc"))
    assert later.names_at_receipt["agency"]["name"] == "SỞ Y TẾ VÀ DÂN SỐ"
    from onestop.services.queries import show

    old = show(ctx, d.code)
    assert old.names_at_receipt["agency"]["name"] == "SỞ Y TẾ"
    assert old.names_at_receipt["unit"]["name"] != "TRUNG TÂM ĐÃ ĐỔI TÊN"
    text = _pdf_text(forms.receipt_preview(ctx, d.code), tmp_path)
    assert "Cơ quan giải quyết: SỞ Y TẾ" in text and "DÂN SỐ" not in text
    assert "ĐỔI TÊN" not in text and "Lâm Đồng, ngày" in text


def _pdf_text(pdf: bytes, tmp_path: Path) -> str:
    import subprocess

    path = tmp_path / "slip.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def test_code_block_change_applies_from_tomorrow_and_exhaustion_names_it(
        ctx: Context, clock: Clock) -> None:
    first = receive(ctx, ReceiveRequest(PROC, "Phạm Văn Dũng"))
    assert first.code.endswith("-0100")
    setup.update_agency(ctx, code_block="1000")
    today = receive(ctx, ReceiveRequest(PROC, "Phạm Văn Dũng"))
    assert today.code.endswith("-0101")                      # the day keeps its rule
    clock.advance(days=1)
    tomorrow = receive(ctx, ReceiveRequest(PROC, "Phạm Văn Dũng"))
    assert tomorrow.code.endswith("-1001")                   # K + SSS from the next day
    with pytest.raises(ValidationError) as info:
        setup.update_agency(ctx, code_block="300")
    assert [f for f, _code in fields(info.value)] == ["code_block"]


def test_counter_numbers_follow_the_block(ctx: Context) -> None:
    assert setup.set_counter(ctx, 60) == 60
    d = receive(ctx, ReceiveRequest(PROC, "Võ Minh Đức"))
    assert d.code.endswith("-6000") and d.register_book.startswith("60/")
    with pytest.raises(ValidationError) as info:
        setup.set_counter(ctx, 100)
    assert fields(info.value) == [("counter", "number_range")]
    with pytest.raises(ValidationError) as info:
        setup.update_agency(ctx, code_block="1000")          # counter 60 would not fit
    assert fields(info.value) == [("code_block", "counter_over_block")]


def test_code_prefix_of_the_handling_agency(ctx: Context, tmp_path: Path) -> None:
    _agencies(ctx)
    _handled_by(ctx, tmp_path, HEALTH)
    setup.update_agency(ctx, code_prefix="agency")
    d = receive(ctx, ReceiveRequest(PROC, "Đặng Thị Lan"))
    assert d.code.startswith(HEALTH + "-") and d.unit_code == UNIT
    assert codes.parse_code(d.code) is not None


def test_catalogue_agency_column_must_name_known_agencies(ctx: Context,
                                                          tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("code,name,days,agency\n"
                    f"{PROC},\"Chỉnh sửa nội dung văn bằng, chứng chỉ\",5,000.00.99.H36\n"
                    "2.000001,\"Một thủ tục khác\",5,000.00.15\n", encoding="utf-8")
    before = row_counts(ctx.engine)
    with pytest.raises(ValidationError) as info:
        catalogue.import_csv(ctx, path, update=True)
    assert fields(info.value) == [("agency[3]", "agency_code_format")]
    path.write_text("code,name,days,agency\n"
                    f"{PROC},\"Chỉnh sửa nội dung văn bằng, chứng chỉ\",5,000.00.99.H36\n",
                    encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        catalogue.import_csv(ctx, path, update=True)
    assert fields(info.value) == [("agency[2]", "unknown_agency")]
    assert row_counts(ctx.engine) == before
    assert sql(ctx.engine, "SELECT agency_codes FROM procedure WHERE code = :c",
               c=PROC) in ([(None,)], [("",)])
