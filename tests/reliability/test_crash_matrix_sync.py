"""Crash matrix, sync cycle: ``onestop sync --once`` killed at each push and pull point.

The sync's own suite (tests/sync/test_faults.py) proves that the counters and the central
database converge after such a kill. This adds the local view of the crash matrix: after the
kill the counter's SQLite file passes every check of :mod:`tests.reliability.invariants`
(integrity, no half-written dossier, projections, hash chains), the next cycle completes and
empties the outbox (but for the held shared accounts), and the central database holds each of the counter's dossiers once.
"""

from __future__ import annotations

import contextlib
import io
import signal
from tests import rawdb as sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from onestop import sync
from onestop.cli import main
from onestop.services.context import Context
from onestop.services.reception import ReceiveRequest, receive
from onestop.sync.faults import POINTS
from tests.support.cli import Runner
from tests.reliability.common import NOW, PROCEDURE
from tests.reliability.invariants import check
from tests.reliability.test_crash_matrix import receive_in_process
from tests.support.central import (
    Central,
    drop_database,
    init_central,
    make_counter,
    no_duplicates,
    pending,
)
from tests.support.clock import Clock

pytestmark = [pytest.mark.slow, pytest.mark.postgres]
BATCH = "3"   # small batches and pages: the second pass through a point is mid-work
SYNC_POINTS = [f"{p}@2" for p in POINTS]


@pytest.fixture
def central(pg_url: str, tmp_path: Path) -> Iterator[tuple[Central, str]]:
    """A central database with counter 2's dossiers on it; (central, counter 1's login URL)."""
    cen = init_central(pg_url)
    other = make_counter(tmp_path / "other", cen, 2, Clock(datetime(2026, 3, 2, 2, 0, tzinfo=UTC)))
    try:
        for i in range(6):
            receive(other.ctx, ReceiveRequest(PROCEDURE, f"Đặng Thị Quầy Hai {chr(65 + i)}"))
        assert sync.run_once(other.ctx, other.url).last_error is None
        yield cen, cen.add_counter(1).url
    finally:
        other.ctx.engine.dispose()
        drop_database(pg_url, cen.database)


def _sync(url: str, central_url: str, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setenv("ONESTOP_NOW", NOW)
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return main(["--db", url, "sync", "--once", "--batch", BATCH, "--central", central_url])


@pytest.mark.parametrize("point", SYNC_POINTS)
def test_a_killed_sync_cycle_leaves_a_sound_counter(point: str, run: Runner, seeded_db: Path,
                                                    central: tuple[Central, str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    cen, login = central
    before = check(seeded_db)
    killed = run("sync", "--once", "--batch", BATCH, "--central", login, fault=point)
    assert killed.rc == -signal.SIGKILL, (killed.out, killed.err)
    after = check(seeded_db)
    assert before.dossiers.items() <= after.dossiers.items()
    assert before.events.items() <= after.events.items() and before.audit <= after.audit

    assert _sync(run.url, login, monkeypatch) == 0
    final = check(seeded_db)
    ctx = Context.open(run.url)
    try:
        # everything went but the accounts the seed made: those wait for a central
        # administrator's login (a counter login may not write the shared tables)
        st = sync.current(ctx)
        assert pending(ctx) == st.held and {i.table for i in sync.pending(ctx)} <= {"app_user"}
    finally:
        ctx.engine.dispose()
    engine = create_engine(cen.admin_url)
    try:
        no_duplicates(engine)
        with engine.connect() as conn:
            codes = conn.execute(text("SELECT code FROM dossier")).scalars().all()
    finally:
        engine.dispose()
    assert set(final.codes()) <= set(codes)
    # the counter runs at a pinned March 2026 and has now seen the server's real clock: an
    # administrator confirms it (services.clock), or the receipt is refused as a clock behind
    with contextlib.closing(sqlite3.connect(seeded_db)) as conn, conn:
        conn.execute("INSERT OR REPLACE INTO local_setting (key, value) VALUES "
                     "('clock.confirmed', '9999-12-31T00:00:00+00:00')")
    code = receive_in_process(seeded_db)
    assert code not in codes and code not in final.codes()


def test_every_sync_point_is_in_the_matrix() -> None:
    assert len(SYNC_POINTS) == 9 and {p.split("@")[0] for p in SYNC_POINTS} == set(POINTS)
