"""Upgrading a 2026 installation adds the newly shipped calendar (24/11/2026, the 2027
decisions of Công văn 10065/VPCP-KGVX), reports it, and keeps the installation's own days."""

from __future__ import annotations

from tests import rawdb as sqlite3
from datetime import datetime
from pathlib import Path

from onestop.domain.calendar import VN_TZ
from onestop.services.install import setup
from onestop.services.context import Context

NEW_DAYS = ["2026-11-24", "2027-01-01", *(f"2027-02-{d:02d}" for d in range(5, 11)),
            "2027-04-16", "2027-04-30", "2027-05-03", "2027-09-02", "2027-09-03", "2027-11-24"]


def _overrides(path: Path) -> dict[str, tuple[str, str, str]]:
    conn = sqlite3.connect(path)
    try:
        return {d: (k, n, dec) for d, k, n, dec in conn.execute(
            "SELECT day, kind, name, decision FROM calendar_override")}
    finally:
        conn.close()


def test_upgrade_adds_the_new_shipped_days_and_keeps_the_agencys_own(
        rev0001_db: Path, home: Path) -> None:
    conn = sqlite3.connect(rev0001_db)
    with conn:
        # the agency renamed a shipped day, removed another on purpose, and decided its own
        # 04/02/2027 before the shipped decision reached it
        conn.execute("UPDATE calendar_override SET name = 'Nghỉ bù (quyết định của tỉnh)' "
                     "WHERE day = '2026-01-02'")
        conn.execute("DELETE FROM calendar_override WHERE day = '2026-08-31'")
        conn.execute("INSERT INTO calendar_override (id, created_at, updated_at, version, day, "
                     "kind, name, decision, tet) VALUES ('0192000000007000800000000000aaaa', "
                     "'2026-10-01 00:00:00', '2026-10-01 00:00:00', 1, '2027-02-04', 'work', "
                     "'Trực Tết', 'QĐ của Sở', 0)")
    conn.close()
    before = _overrides(rev0001_db)

    ctx = Context.open(f"sqlite:///{rev0001_db}",
                       clock=lambda: datetime(2026, 12, 2, 9, 0, tzinfo=VN_TZ))
    try:
        report = setup.init(ctx)
        again = setup.init(ctx)
    finally:
        ctx.engine.dispose()

    after = _overrides(rev0001_db)
    assert report.overrides_added == NEW_DAYS and report.overrides_loaded == len(NEW_DAYS)
    assert report.missing_tet_years == []
    assert again.overrides_added == [] and again.overrides_loaded == 0
    assert {d: after[d] for d in before} == before           # nothing of its own changed
    assert "2026-08-31" not in after                          # removed on purpose: not back
    assert after["2027-02-04"] == ("work", "Trực Tết", "QĐ của Sở")
    assert after["2026-11-24"][0] == "off" and "10065/VPCP-KGVX" in after["2026-11-24"][2]
