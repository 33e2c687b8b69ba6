"""The same scenario on SQLite and on the real PostgreSQL gives identical reports."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from onestop.services import reports
from onestop.services.context import Context
from onestop.services.reports.types import Period, ReportFilter
from tests.reports import scenario as sc

pytestmark = pytest.mark.postgres


def _all_reports(url: str) -> dict[str, Any]:
    ctx = Context.open(url, sc.SUPERVISOR, clock=lambda: sc.NOW)
    try:
        return {
            "overview": reports.overview(ctx).to_json(),
            "april": reports.period_report(ctx, Period(date(2026, 4, 1), date(2026, 4, 30)))
            .to_json(),
            "spring": reports.period_report(ctx, Period(date(2026, 3, 15), date(2026, 5, 31)))
            .to_json(),
            "officer2": reports.period_report(ctx, rf=ReportFilter(officer=sc.OFFICER2))
            .to_json(),
            "briefing": reports.briefing(ctx, paused_days=5).to_json(),
            "paused": reports.urgent_list(ctx, "paused", paused_days=1).to_json(),
        }
    finally:
        ctx.engine.dispose()


def test_sqlite_and_postgresql_reports_are_identical(pg_database: str, tmp_path: Path) -> None:
    sqlite_url = f"sqlite:///{tmp_path / 'onestop.sqlite3'}"
    codes_sqlite = sc.build(sqlite_url)
    codes_pg = sc.build(pg_database)
    assert codes_sqlite == codes_pg
    on_sqlite, on_pg = _all_reports(sqlite_url), _all_reports(pg_database)
    for key in on_sqlite:
        assert on_sqlite[key] == on_pg[key], key
    assert on_pg["overview"]["period"]["total"]["received"] == sc.MAY["received"]
