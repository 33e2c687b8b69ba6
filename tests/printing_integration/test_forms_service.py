"""services.forms on SQLite and PostgreSQL: the data each form is built from, the reprint rule,
permissions and the audit entries."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from onestop.domain.validation import ValidationError
from onestop.services import form_data as fd
from onestop.services import forms
from onestop.services.context import Context
from onestop.services.dossiers import load, terms_of, to_dto
from onestop.services.errors import Forbidden
from onestop.storage.models import Agency
from tests.printing_integration import scenario as sc
from tests.support import pdf as tools
from tests.support.clock import vn
from tests.support.db import audit_actions


def _hand_overs(ctx: Context, code: str) -> list[tuple[str, str, str, str, str]]:
    with ctx.reading() as session:
        row = load(session, code)
        d = to_dto(session, row, with_events=True, ctx=ctx)
        agency = session.get(Agency, row.agency_id)
        terms = terms_of(row, ctx.agency_settings(agency))
        rows = fd.hand_overs(d, terms, ctx.calendar(session, agency))
    return [(r.from_unit, r.to_unit, r.at.astimezone(vn(2026, 1, 1).tzinfo).strftime(
        "%d/%m %H:%M"), r.result, r.note) for r in rows]


def test_control_sheet_rows(ctx: Context, built: sc.Codes) -> None:
    assert _hand_overs(ctx, built.full) == [
        ("Bộ phận Một cửa", sc.DEPARTMENT, "02/03 14:30", "", ""),
        (sc.DEPARTMENT, "Bộ phận Một cửa", "18/03 11:00", "Quá hạn", ""),  # rescheduled
        ("Bộ phận Một cửa", f"Ông/Bà {sc.APPLICANT}", "20/03 09:05", "",
         f"Người nhận: {sc.COLLECTOR}"),
    ]
    assert _hand_overs(ctx, built.early)[1][3] == "Trước hạn"
    assert _hand_overs(ctx, built.postal) == []  # nothing handed over yet


def test_first_print_then_reprint_with_reason(ctx: Context, built: sc.Codes,
                                              tmp_path: Path) -> None:
    officer = ctx.as_user("canbo")
    assert forms.receipt_print_count(officer, built.full) == 0
    preview = forms.receipt_preview(officer, built.full, "k80")
    assert forms.receipt_print_count(officer, built.full) == 0  # previews are not prints
    first = forms.receipt_pdf(officer, built.full)
    assert forms.receipt_print_count(officer, built.full) == 1
    with pytest.raises(ValidationError) as err:
        forms.receipt_pdf(officer, built.full.lower(), "k80")
    assert [e.field for e in err.value.errors] == ["reprint_reason"]
    again = forms.receipt_pdf(officer, built.full, "k80", reprint_reason="Máy in kẹt giấy")
    assert forms.receipt_print_count(officer, built.full) == 2
    mine = [(u, a, t) for u, a, t, _ in audit_actions(ctx.engine) if a.startswith("receipt.")]
    assert mine == [("canbo", "receipt.print", built.full), ("canbo", "receipt.reprint", built.full)]
    for name, pdf in (("preview", preview), ("first", first), ("again", again)):
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(pdf)
        assert sc.APPLICANT in tools.text(path)


def test_layout_and_kind_are_checked(ctx: Context, built: sc.Codes) -> None:
    with pytest.raises(ValidationError) as err:
        forms.receipt_preview(ctx, built.full, "a5")
    assert err.value.errors[0].field == "layout"
    with pytest.raises(ValidationError) as err:
        forms.form_pdf(ctx, built.full, "stop")
    assert err.value.errors[0].field == "kind"
    with pytest.raises(ValidationError) as err:
        forms.form_pdf(ctx, built.postal, "apology")
    assert err.value.errors[0].code == "form_no_event"
    assert "Hẹn lại ngày trả" in err.value.errors[0].message


def test_register_rows_and_permission(ctx: Context, built: sc.Codes) -> None:
    with pytest.raises(Forbidden):
        forms.register(ctx.as_user("canbo"), "2026-03-01", "2026-03-31", "xlsx")
    data = forms.register(ctx.as_user("giamsat"), "01/03/2026", date(2026, 3, 2), "xlsx")
    rows = [r for r in openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True)
            if r[1] in built.all()]
    assert [r[1] for r in rows] == list(built.all())
    full = rows[0]
    # received, due (the rescheduled appointment), transferred, result, returned
    assert [d.date() if d else None for d in full[7:12]] == [
        date(2026, 3, 2), date(2026, 3, 20), date(2026, 3, 2), date(2026, 3, 18),
        date(2026, 3, 20)]
    assert "Hẹn lại ngày trả" in (full[12] or "")
    refused = rows[1]
    assert "Từ chối" in (refused[12] or "")
    assert forms.register(ctx.as_user("giamsat"), "2026-03-03", "2026-03-31", "pdf")[:4] == b"%PDF"
    with pytest.raises(ValidationError):
        forms.register(ctx.as_user("giamsat"), "2026-03-31", "2026-03-01", "pdf")


def test_catalogue_for_every_role(ctx: Context, built: sc.Codes, tmp_path: Path) -> None:
    path = tmp_path / "catalogue.pdf"
    path.write_bytes(forms.catalogue_pdf(ctx.as_user("canbo")))
    text = tools.text(path)
    assert sc.PROCEDURE in text and "NIÊM YẾT" in text.upper()
