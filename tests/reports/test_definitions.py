"""Hand-computed numbers of every class on the known scenario, on SQLite and PostgreSQL.

Each number is also drilled down: its filter must list exactly the dossiers named in the
scenario (by letter), so the dashboard's drill-down and the count can never disagree.
"""

from __future__ import annotations

from datetime import date

import pytest

from onestop.services import queries, reports
from onestop.services.context import Context
from onestop.services.errors import Forbidden
from onestop.services.reports.types import Metric, Period, ReportFilter
from tests.reports import scenario as sc
from tests.reports.conftest import Built

MAY = Period(date(2026, 5, 1), date(2026, 5, 31))
APRIL = Period(date(2026, 4, 1), date(2026, 4, 30))


def listed(ctx: Context, built: Built, m: Metric) -> set[str]:
    """The scenario letters the metric's drill-down filter lists."""
    ids = queries.list_ids(ctx, m.filter)
    rows = queries.rows_by_ids(ctx, ids)
    assert len(rows) == len(ids) == m.value
    return built.letters([r.code for r in rows])


def test_live_classes_at_now(sup: Context, built: Built) -> None:
    lv = reports.live(sup)
    assert {k: lv[k] for k in sc.LIVE} == sc.LIVE
    assert lv.today == date(2026, 5, 20) and lv.next_day == date(2026, 5, 21)
    for key, letters in sc.LIVE_LETTERS.items():
        assert listed(sup, built, lv.metrics[key]) == letters, key


def test_may_period_numbers_and_drilldown(sup: Context, built: Built) -> None:
    rep = reports.period_report(sup, MAY)
    total = rep.total
    assert {k: total[k] for k in sc.MAY} == sc.MAY
    for key, letters in sc.MAY_LETTERS.items():
        assert listed(sup, built, total.metrics[key]) == letters, key
    assert {c: m.value for c, m in rep.by_channel.items()} == sc.MAY_CHANNELS
    assert listed(sup, built, rep.by_channel["vneid"]) == {"J2"}
    # void M is nowhere; the conservation law holds
    assert total.to_handle == 19 == total.finished.value + total.in_progress.value \
        + total["paused"] + total["refused"] + total["withdrawn"]
    assert listed(sup, built, total.finished) == {"A", "B", "D", "E", "P", "W"}


def test_on_time_rate_and_rescheduled_counts_late(sup: Context, built: Built) -> None:
    total = reports.period_report(sup, MAY).total
    rate = total.on_time_rate
    assert (rate.numerator, rate.denominator, rate.percent) == (2, 5, 40.0)
    assert listed(sup, built, total.metrics["finished_late"]) == {"B", "E", "W"}
    assert len(queries.list_ids(sup, rate.filter)) == 5  # no-limit P is not rated


def test_processing_time_per_procedure(sup: Context) -> None:
    rep = reports.period_report(sup, MAY)
    got = {r.key: (r.processing.count, r.processing.mean, r.processing.median)
           for r in rep.procedures if r.processing.count}
    assert got == sc.MAY_PROCESSING
    assert rep.total.processing.count == 6
    assert rep.total.processing.mean == pytest.approx(42 / 6)
    assert rep.total.processing.median == 6.0  # 4 5 5 7 9 12 → (5 + 7) / 2


def test_rows_per_field_and_procedure_add_up(sup: Context, built: Built) -> None:
    rep = reports.period_report(sup, MAY)
    for key in sc.MAY:
        assert sum(r[key] for r in rep.fields) == rep.total[key]
        assert sum(r[key] for r in rep.procedures) == rep.total[key]
    p5 = next(r for r in rep.procedures if r.key == sc.P5)
    assert p5.field == "Hệ thống văn bằng, chứng chỉ"
    assert listed(sup, built, p5.metrics["in_progress_overdue"]) == {"H", "Q", "S"}
    field = next(r for r in rep.fields if r.key == p5.field)
    assert listed(sup, built, field.metrics["received"]) == {
        "D", "E", "G", "H", "J1", "J2", "L", "N", "S"}


def test_past_period_is_judged_at_its_end(sup: Context, built: Built) -> None:
    rep = reports.period_report(sup, APRIL)
    assert rep.as_of == APRIL.end
    assert {k: rep.total[k] for k in sc.APRIL} == sc.APRIL
    for key, letters in sc.APRIL_LETTERS.items():
        assert listed(sup, built, rep.total.metrics[key]) == letters, key
    may = reports.period_report(sup, MAY).total
    # what April left in progress or paused is exactly May's carried over
    assert rep.total.in_progress.value + rep.total["paused"] == may["carried_over"]


def test_filter_narrows_every_number(sup: Context, built: Built) -> None:
    rf = ReportFilter(officer=sc.OFFICER2)
    lv = reports.live(sup, rf)
    assert lv["overdue"] == 2 and lv["due_soon"] == 0 and lv["on_track"] == 0
    assert listed(sup, built, lv.metrics["overdue"]) == {"H", "Q"}
    rep = reports.period_report(sup, MAY, ReportFilter(channel="online"))
    assert rep.total["received"] == 1 and rep.total["finished_on_time"] == 1
    rep = reports.period_report(sup, MAY, ReportFilter(procedure_code=sc.PNL))
    assert (rep.total["finished_no_limit"], rep.total["in_progress_no_limit"]) == (1, 1)
    assert [r.key for r in rep.procedures] == [sc.PNL]


def test_urgent_lists_sorted_by_urgency(sup: Context, built: Built) -> None:
    ov = reports.overview(sup)
    assert [built.letters([r.code]).pop() for r in ov.overdue.rows] == ["Q", "H", "S"]
    assert [r.working_days for r in ov.overdue.rows] == [12, 4, 0]
    assert {r.department for r in ov.overdue.rows} == {sc.QLCL}
    assert [r.officer for r in ov.overdue.rows] == [sc.OFFICER2, sc.OFFICER2, sc.OFFICER1]
    assert [built.letters([r.code]).pop() for r in ov.due_soon.rows] == ["G", "J1", "J2"]
    assert [r.working_days for r in ov.due_soon.rows] == [0, 1, 1]
    cut = reports.urgent_list(sup, "overdue", limit=1)
    assert cut.total.value == 3 and len(cut.rows) == 1


def test_briefing(sup: Context, built: Built) -> None:
    b = reports.briefing(sup)
    assert built.letters([r.code for r in b.due_today.rows]) == {"G", "S"}
    assert built.letters([r.code for r in b.due_next_day.rows]) == {"J1", "J2"}
    groups = [(g.department, g.officer, g.metric.value) for g in b.overdue_groups]
    assert groups == [(sc.QLCL, sc.OFFICER2, 2), (sc.QLCL, sc.OFFICER1, 1)]
    assert listed(sup, built, b.overdue_groups[0].metric) == {"H", "Q"}
    assert [built.letters([r.code]).pop() for r in b.paused_long.rows] == ["U", "F"]
    assert [r.working_days for r in b.paused_long.rows] == [16, 8]
    assert listed(sup, built, b.paused_long.total) == {"U", "F"}
    assert b.month_rate.percent == 40.0 and b.month_finished.value == 6
    rated = Metric(b.month_rate.denominator, b.month_rate.filter)
    assert listed(sup, built, rated) == {"A", "B", "D", "E", "W"}
    longer = reports.briefing(sup, paused_days=10)
    assert built.letters([r.code for r in longer.paused_long.rows]) == {"U"}


def test_weekly_points(sup: Context, built: Built) -> None:
    weeks = reports.weekly(sup, weeks=3)
    assert [w.monday for w in weeks] == [date(2026, 5, 4), date(2026, 5, 11), date(2026, 5, 18)]
    assert [w.received.value for w in weeks] == [7, 6, 1]  # M (void, 12/05) not counted
    assert [w.finished.value for w in weeks] == [3, 3, 0]
    assert listed(sup, built, weeks[1].finished) == {"D", "E", "P"}


def test_officer_may_not_see_reports(built: Built) -> None:
    ctx = Context.open(built.url, sc.OFFICER1, clock=lambda: sc.NOW)
    try:
        with pytest.raises(Forbidden):
            reports.overview(ctx)
    finally:
        ctx.engine.dispose()
