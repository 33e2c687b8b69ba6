"""Nothing lost or duplicated whatever fails: killed processes, a vanished server, replays.

The sync runs as a real subprocess (``python -m onestop sync --once``) that SIGKILLs itself
at a named fault point (``ONESTOP_FAULT``, see onestop/sync/faults.py); the next normal cycle
must leave the central database and both counters with exactly the same rows.
"""

from __future__ import annotations

import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from onestop import sync
from onestop.services.processing import EventRequest, record
from onestop.services.reception import ReceiveRequest, receive
from onestop.sync import central, push
from onestop.storage import credentials
from onestop.sync.link import open_link
from tests.support.central import (
    Central,
    Counter,
    PROCEDURE,
    assert_same,
    dump,
    make_counter,
    no_duplicates,
    pending,
)
from tests.support.clock import Clock
from tests.sync.pgserver import PrivateServer

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
BATCH = "7"   # small batches and pages: a fault @2 falls in the middle of the work


def _work(c: Counter, clock: Clock, n: int, tag: str) -> None:
    """``n`` receipts with a transfer on every other one (about 2.5 outbox rows each)."""
    for i in range(n):
        clock.advance(minutes=1)
        code = receive(c.ctx, ReceiveRequest(procedure=PROCEDURE,
                                             name=f"Nguyễn Văn {tag} {chr(65 + i)}")).code
        if i % 2:
            record(c.ctx, code, EventRequest(kind="transfer", to="Phòng Khảo thí"))


def _same_everywhere(cen: Central, *counters: Counter, what: str = "") -> None:
    engine = create_engine(cen.admin_url)
    try:
        want = dump(engine)
        no_duplicates(engine)
    finally:
        engine.dispose()
    for c in counters:
        assert pending(c.ctx) == 0, f"{what}: counter {c.number} still has pending rows"
        assert_same(dump(c.ctx.engine), want, f"{what}: counter {c.number} vs central:")
        no_duplicates(c.ctx.engine)


def _sync_ok(c: Counter) -> None:
    r = c.cli("sync", "--once", "--batch", BATCH, "--central", c.url)
    assert r.returncode == 0, r.stderr


@pytest.fixture
def pair(tmp_path: Path, central_db: Central, clock: Clock) -> tuple[Counter, Counter]:
    c1 = make_counter(tmp_path, central_db, 1, clock)
    c2 = make_counter(tmp_path, central_db, 2, clock)
    for c in (c1, c2, c1):
        assert sync.run_once(c.ctx, c.url).last_error is None
    return c1, c2


PUSH_POINTS = ["push.begin@2", "push.after_copy@2", "push.after_upsert@2",
               "push.before_commit@2", "push.after_commit@2", "push.after_mark@2"]
PULL_POINTS = ["pull.after_fetch@13", "pull.before_commit@3", "pull.after_commit@4"]


def test_killed_push_resumes_without_loss_or_duplicate(pair: tuple[Counter, Counter],
                                                       central_db: Central,
                                                       clock: Clock) -> None:
    c1, c2 = pair
    for n, point in enumerate(PUSH_POINTS):
        _work(c1, clock, 8, f"Phú {chr(65 + n)}")
        killed = c1.cli("sync", "--once", "--batch", BATCH, "--central", c1.url, fault=point)
        assert killed.returncode == -signal.SIGKILL, (point, killed.stderr)
        assert pending(c1.ctx) > 0 or point.startswith("push.after_mark")
        _sync_ok(c1)
        _sync_ok(c2)
        _same_everywhere(central_db, c1, c2, what=point)


def test_killed_pull_resumes_without_loss_or_duplicate(pair: tuple[Counter, Counter],
                                                       central_db: Central,
                                                       clock: Clock) -> None:
    c1, c2 = pair
    for n, point in enumerate(PULL_POINTS):
        _work(c1, clock, 10, f"Quý {chr(65 + n)}")
        _sync_ok(c1)
        killed = c2.cli("sync", "--once", "--batch", BATCH, "--central", c2.url, fault=point)
        assert killed.returncode == -signal.SIGKILL, (point, killed.stderr)
        _sync_ok(c2)
        _same_everywhere(central_db, c1, c2, what=point)


def test_replayed_batch_changes_nothing(pair: tuple[Counter, Counter], central_db: Central,
                                        clock: Clock) -> None:
    c1, c2 = pair
    _work(c1, clock, 5, "Rạng")
    url = credentials.normalise(c1.url)
    engine = create_engine(central_db.admin_url)
    stamp = "SELECT id, xmin::text, change_xid::text FROM {} ORDER BY id"
    with open_link(c1.ctx, url) as link:
        batch = push.read_batch(c1.ctx, link, 1000)
        assert batch is not None and batch.size > 0
        push.send(c1.ctx, link, batch)
        with engine.connect() as conn:
            first = {t: conn.execute(text(stamp.format(t))).all()
                     for t in ("dossier", "dossier_event", "audit_entry")}
        again = push.send(c1.ctx, link, batch)      # the same batch, as after a crash
        assert again.reprojected == 0
        with engine.connect() as conn:
            second = {t: conn.execute(text(stamp.format(t))).all() for t in first}
        assert second == first   # not even a new change number: nobody re-pulls anything
        push.mark_sent(c1.ctx, link, batch, again)
    engine.dispose()
    _sync_ok(c2)
    _sync_ok(c1)
    _same_everywhere(central_db, c1, c2, what="replay")


def test_a_replayed_early_batch_does_not_step_a_dossier_back(
        pair: tuple[Counter, Counter], central_db: Central, clock: Clock) -> None:
    """Found by the crash matrix: a batch replayed after a crash, whose dossier has a later
    event still waiting locally, once re-projected the dossier centrally without that event
    (status back to "received", a new version every counter then pulled)."""
    c1, c2 = pair
    clock.advance(minutes=1)
    code = receive(c1.ctx, ReceiveRequest(procedure=PROCEDURE, name="Tạ Văn Phát")).code
    record(c1.ctx, code, EventRequest(kind="transfer", to="Phòng Khảo thí"))
    engine = create_engine(central_db.admin_url)
    status = "SELECT status FROM dossier WHERE code = :c"
    with open_link(c1.ctx, credentials.normalise(c1.url)) as link:
        # the receipt's first outbox entries only: its event, the dossier row (as it is now)
        first = push.read_batch(c1.ctx, link, 2)
        assert first is not None and "dossier" in first.rows
        assert len(first.rows.get("dossier_event", [])) <= 1
        push.send(c1.ctx, link, first)           # committed centrally, then "the crash"
        again = push.send(c1.ctx, link, first)   # replay: the dossier is known centrally now
        assert again.reprojected == 0 and again.conflicts == []
        with engine.connect() as conn:
            assert conn.execute(text(status), {"c": code}).scalar_one() == "processing"
        push.mark_sent(c1.ctx, link, first, again)
    _sync_ok(c1)
    _sync_ok(c2)
    with engine.connect() as conn:
        assert conn.execute(text(status), {"c": code}).scalar_one() == "processing"
    engine.dispose()
    _same_everywhere(central_db, c1, c2, what="early replay")


@pytest.fixture
def private_pg() -> Iterator[PrivateServer]:
    try:
        server = PrivateServer()
    except Exception as exc:  # noqa: BLE001 - no server binaries, or no postgres user
        pytest.skip(f"cannot start a private PostgreSQL: {exc}")
    server.start()
    try:
        yield server
    finally:
        server.destroy()


@pytest.mark.parametrize("point", ["push.after_upsert@2", "pull.after_fetch@2"])
def test_server_stopped_mid_batch(tmp_path: Path, private_pg: PrivateServer, clock: Clock,
                                  point: str) -> None:
    cen = Central(private_pg.url.rsplit("/", 1)[0] + "/postgres", "postgres")
    central.init(cen.admin_url)
    c1 = make_counter(tmp_path, cen, 1, clock)
    c2 = make_counter(tmp_path, cen, 2, clock)
    for c in (c1, c2):
        assert sync.run_once(c.ctx, c.url).last_error is None
    _work(c1, clock, 12, "Sơn")
    if point.startswith("pull"):
        _sync_ok(c1)
    victim = c1 if point.startswith("push") else c2
    flag = tmp_path / "at-fault-point"
    proc = _popen(victim, point, flag)
    _wait_for(flag, proc)
    private_pg.stop("immediate")          # the server vanishes in the middle of the batch
    flag.unlink()                          # let the process carry on into the dead socket
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 5, (out, err)
    assert "máy chủ trung tâm" in err
    private_pg.start()
    _sync_ok(victim)
    _sync_ok(c1 if victim is c2 else c2)
    _same_everywhere(cen, c1, c2, what=f"server stopped at {point}")


def _popen(c: Counter, point: str, flag: Path):  # type: ignore[no-untyped-def]
    import subprocess
    import sys

    from tests.support.central import REPO

    env = c.env()
    env.update(ONESTOP_FAULT=point, ONESTOP_FAULT_ACTION="wait", ONESTOP_FAULT_FILE=str(flag))
    return subprocess.Popen([sys.executable, "-m", "onestop", "--db", c.db_url, "sync",
                             "--once", "--batch", BATCH, "--central", c.url], env=env, cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for(flag: Path, proc) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + 120
    while not flag.exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the sync never reached its fault point"
        time.sleep(0.05)
