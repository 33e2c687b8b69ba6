"""Satisfaction ratings at return: one per dossier, in the return event, counted per
procedure, agency and officer in the period report without naming the citizen (issue 18)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from onestop.domain.validation import ValidationError, citizen_id_for
from onestop.services import reports
from onestop.services.context import Context
from onestop.services.processing import EventRequest, record
from onestop.services.reception import ReceiveRequest, receive
from onestop.services.reports.types import Period
from tests.support.clock import Clock, confirm_clock, vn
from tests.support.db import as_user, row_counts, unchanged_except

COLLECTOR_ID = citizen_id_for("001", date(2001, 1, 2), False, 42)


def returned(ctx: Context, clock: Clock, name: str, procedure: str = "2.001914",
             officer: str = "canbo", **rating: str) -> str:
    clock.set(vn(2026, 3, 2, 9, 0))
    code = receive(ctx, ReceiveRequest(procedure, name)).code
    clock.set(vn(2026, 3, 5, 10, 0))
    record(ctx, code, EventRequest("result-ready"))
    clock.set(vn(2026, 3, 6, 15, 0))
    record(as_user(ctx, officer), code, EventRequest("return", collector=name,
                                                     collector_id=COLLECTOR_ID, **rating))
    return code


def test_ratings_are_counted_per_procedure_agency_and_officer(ctx: Context,
                                                              clock: Clock) -> None:
    confirm_clock(ctx)   # the receipts below are dated back on purpose
    a = returned(ctx, clock, "Phạm Thị Hoa", rating="very-satisfied",
                 comment="Cán bộ hướng dẫn tận tình")
    returned(ctx, clock, "Đỗ Văn Hùng", rating="2")                   # the keypad's key
    returned(ctx, clock, "Vũ Thị Lan", officer="giamsat", rating="dissatisfied")
    returned(ctx, clock, "Hoàng Văn Minh")                            # did not rate
    d = [e for e in record(ctx, a, EventRequest("note", reason="Đã lưu hồ sơ")).events
         if e.kind == "return"][0]
    assert (d.payload["rating"], d.payload["rating_comment"]) == (
        "very-satisfied", "Cán bộ hướng dẫn tận tình")
    clock.set(vn(2026, 3, 31, 17, 0))
    r = reports.period_report(ctx, Period(date(2026, 3, 1), date(2026, 3, 31)))
    s = r.to_json()["satisfaction"]
    assert s["total"] | {} == {"key": "", "label": "", "very-satisfied": 1, "satisfied": 1,
                               "dissatisfied": 1, "total": 3, "satisfied_percent": 66.7}
    assert s["unrated"] == 1
    [proc] = s["by_procedure"]
    assert proc["key"] == "2.001914" and proc["total"] == 3
    assert proc["comments"] == ["Cán bộ hướng dẫn tận tình"]
    assert [(o["key"], o["total"]) for o in s["by_officer"]] == [("canbo", 2), ("giamsat", 1)]
    assert [a_["total"] for a_ in s["by_agency"]] == [3]
    text = json.dumps(s, ensure_ascii=False)
    for name in ("Phạm Thị Hoa", "Đỗ Văn Hùng", "Vũ Thị Lan", "Hoàng Văn Minh", COLLECTOR_ID):
        assert name not in text                                       # never the citizen
    officer_only = reports.period_report(
        ctx, Period(date(2026, 3, 1), date(2026, 3, 31)),
        reports.ReportFilter(officer="giamsat")).to_json()["satisfaction"]
    assert officer_only["total"]["dissatisfied"] == 1 and officer_only["total"]["total"] == 1
    april = reports.period_report(ctx, Period(date(2026, 4, 1), date(2026, 4, 30)),
                                  now=vn(2026, 4, 30, 17, 0))
    assert april.to_json()["satisfaction"]["total"]["total"] == 0


def test_a_rating_outside_a_return_or_out_of_the_scale_is_refused(ctx: Context,
                                                                  clock: Clock) -> None:
    clock.set(vn(2026, 3, 2, 9, 0))
    code = receive(ctx, ReceiveRequest("2.001914", "Phạm Thị Hoa")).code
    clock.set(vn(2026, 3, 5, 10, 0))
    before = row_counts(ctx.engine)
    cases = ((EventRequest("result-ready", rating="satisfied"), "rating"),
             (EventRequest("return", collector="Phạm Thị Hoa", collector_id=COLLECTOR_ID,
                           rating="rất hài lòng"), "rating"),
             (EventRequest("return", collector="Phạm Thị Hoa", collector_id=COLLECTOR_ID,
                           comment="Không có đánh giá"), "rating"))
    for req, field in cases:
        with pytest.raises(ValidationError) as exc:
            record(ctx, code, req)
        assert field in [e.field for e in exc.value.errors]
    unchanged_except(before, row_counts(ctx.engine))


def test_the_period_report_files_show_the_ratings(ctx: Context, clock: Clock) -> None:
    import io
    import subprocess

    from openpyxl import load_workbook

    from onestop.services.reports import export as report_export

    confirm_clock(ctx)
    returned(ctx, clock, "Phạm Thị Hoa", rating="very-satisfied")
    returned(ctx, clock, "Đỗ Văn Hùng", rating="dissatisfied")
    clock.set(vn(2026, 3, 31, 17, 0))
    period = Period(date(2026, 3, 1), date(2026, 3, 31))
    xlsx = report_export.export(ctx, "period", "xlsx", period)
    ws = load_workbook(io.BytesIO(xlsx))["Hài lòng"]
    rows = [tuple(c.value for c in r) for r in ws.iter_rows(min_row=3)]
    assert rows[0] == ("TỔNG CỘNG", 1, 0, 1, 2, 50.0)
    assert ("Theo cán bộ trả kết quả", None, None, None, None, None) in rows
    pdf = report_export.export(ctx, "period", "pdf", period)
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True,
                          check=True).stdout.decode("utf-8")
    assert "Mức độ hài lòng của người dân" in text and "Không hài lòng" in text
    assert "Phạm Thị Hoa" not in text and "Đỗ Văn Hùng" not in text
