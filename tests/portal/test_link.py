"""The portal link end to end: real PostgreSQL, the real CLI in subprocesses, the stand-in as
a real HTTP server process."""

from __future__ import annotations

import json
import os
import signal
import time
from collections import Counter as Count
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import ProgrammingError

from onestop.portal.standin import read_ledger
from tests.portal.conftest import (
    Linked,
    configure,
    fill,
    ledger_rows,
    portal_cli,
    portal_popen,
    start_standin,
)

pytestmark = pytest.mark.postgres


def _sync(linked: Linked, *extra: str) -> tuple[int, dict]:
    r = portal_cli("portal", "sync", "--once", "--central", linked.portal_url, "--json",
                   "--timeout", "2", "--backoff", "0.05", *extra)
    out = json.loads(r.stdout.strip().splitlines()[-1]) if r.stdout.strip() else {}
    return r.returncode, out | {"_stderr": r.stderr}


def test_sync_creates_each_dossier_and_event_once(linked: Linked) -> None:
    codes = fill(linked.cen, 5)
    code, out = _sync(linked)
    assert code == 0, out
    assert out["sent"] == 20 and out["acknowledged"] == 20 and out["pending"] == 0
    arrived = read_ledger(linked.stand_in.ledger)
    assert sorted(e["MaHoSo"] for e in arrived if e["kind"] == "create") == codes
    assert len([e for e in arrived if e["kind"] == "progress"]) == 15
    # nothing more to send; the status command agrees
    code, out = _sync(linked)
    assert code == 0 and out["sent"] == 0
    r = portal_cli("portal", "status", "--central", linked.portal_url, "--json")
    assert json.loads(r.stdout) == {"pending": 0, "acknowledged": 5, "failed": 0,
                                    "attention": []}
    # a later change of the dossier's data is an update ("True"), never a second create
    ledger_rows(linked.cen, "UPDATE dossier SET status = 'result-ready', version = version + 1 "
                "WHERE code = :c RETURNING 1", c=codes[0])
    code, out = _sync(linked)
    assert code == 0 and out["sent"] == 1
    kinds = [e["kind"] for e in read_ledger(linked.stand_in.ledger) if e["MaHoSo"] == codes[0]]
    assert kinds.count("create") == 1 and kinds.count("update") == 1
    # the ledger holds digests, not the personal data
    dump = " ".join(str(r) for r in ledger_rows(linked.cen, "SELECT * FROM portal_ledger"))
    assert "Nguyễn" not in dump and "000000000001" not in dump


def test_unmapped_status_waits_in_attention_and_the_rest_flow(linked: Linked,
                                                             tmp_path: Path) -> None:
    codes = fill(linked.cen, 3)
    ledger_rows(linked.cen, "UPDATE portal_map SET theirs = '' WHERE kind = 'status' AND "
                "ours = 'returned' RETURNING 1")
    ledger_rows(linked.cen, "UPDATE dossier SET status = 'received' WHERE code <> :c "
                "RETURNING 1", c=codes[0])
    code, out = _sync(linked)
    assert code == 1, out
    assert [a["code"] for a in out["attention"]] == [codes[0]]
    assert "returned" in out["attention"][0]["error"]
    arrived = read_ledger(linked.stand_in.ledger)
    assert {e["MaHoSo"] for e in arrived if e["kind"] == "create"} == set(codes[1:])
    # the administrator fills the code: the dossier goes on
    r = portal_cli("portal", "map", "--central", linked.cen.admin_url, "--status", "returned=5")
    assert r.returncode == 0, r.stderr
    code, out = _sync(linked)
    assert code == 0 and out["attention"] == [] and out["pending"] == 0


def test_wrong_password_exit_4_unreachable_exit_5(linked: Linked) -> None:
    fill(linked.cen, 1)
    r = portal_cli("portal", "sync", "--once", "--central", linked.portal_url, "--json",
                   portal_pw="sai")
    assert r.returncode == 4 and r.stderr.startswith("password: "), r.stderr
    ledger_rows(linked.cen, "UPDATE portal_link SET adapter_url = 'http://127.0.0.1:9' "
                "RETURNING 1")
    r = portal_cli("portal", "sync", "--once", "--central", linked.portal_url, "--json",
                   "--timeout", "2")
    assert r.returncode == 5 and r.stderr.startswith("adapter_url: "), r.stderr
    assert ledger_rows(linked.cen, "SELECT count(*) FROM portal_ledger")[0][0] == 0


def test_portal_login_writes_only_the_ledger(linked: Linked) -> None:
    fill(linked.cen, 1)
    eng = create_engine(linked.portal_url.replace("postgresql://", "postgresql+psycopg://"))
    try:
        with eng.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM dossier")).scalar() == 1
            assert conn.execute(text("SELECT count(*) FROM dossier_event")).scalar() == 3
            for sql in ("UPDATE dossier SET notes = 'x'", "DELETE FROM dossier_event",
                        "INSERT INTO portal_map (kind, ours) VALUES ('status', 'x')",
                        "UPDATE portal_state SET state = 'acknowledged'",
                        "SELECT * FROM app_user", "UPDATE portal_ledger SET error = ''"):
                with pytest.raises(ProgrammingError):
                    conn.execute(text(sql))
                conn.rollback()
    finally:
        eng.dispose()
    # append-only even for the owner
    with pytest.raises(Exception, match="append-only"):
        _sync(linked)
        ledger_rows(linked.cen, "DELETE FROM portal_ledger RETURNING 1")


def test_the_link_holds_no_transaction_while_it_talks(tmp_path: Path, linked: Linked) -> None:
    """While a call waits on the adapter, the link's database session is idle (no open
    transaction: no row lock, no hold on the counters' pull horizon)."""
    slow = start_standin(tmp_path, faults="delay=1.5", name="slow")
    try:
        configure(linked.cen, slow, statuses={})
        fill(linked.cen, 2)
        proc = portal_popen("portal", "sync", "--once", "--central", linked.portal_url,
                            "--json", "--batch", "1")
        seen = []
        deadline = time.time() + 20
        while proc.poll() is None and time.time() < deadline:
            seen += ledger_rows(linked.cen, "SELECT state, backend_xmin IS NULL, "
                                "backend_xid IS NULL FROM pg_stat_activity WHERE "
                                "application_name = 'onestop-portal'")
            time.sleep(0.2)
        proc.wait(30)
        assert proc.returncode == 0, proc.stderr.read() if proc.stderr else ""
        assert seen and all(s == ("idle", True, True) for s in seen), seen
    finally:
        slow.stop()


def test_mismatch_check_finds_a_dossier_deleted_at_the_portal(linked: Linked) -> None:
    codes = fill(linked.cen, 4)
    assert _sync(linked)[0] == 0
    httpx.post(f"{linked.stand_in.url}/_standin/delete", json={"MaHoSo": codes[2]})
    r = portal_cli("portal", "check", "--central", linked.portal_url, "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["checked"] == 4
    assert out["mismatches"] == [{"code": codes[2], "problem": "missing"}]


@pytest.mark.slow
def test_thousand_dossiers_ten_percent_faults_five_kills(tmp_path: Path, linked: Linked) -> None:
    """1,000 dossiers, 3,000 events, 10 % injected faults, the link killed (SIGKILL) five
    times: the stand-in holds each dossier created once and each event once, in order."""
    faults = "timeout=0.02,http500=0.02,error=0.02,dup=0.02,drop=0.02,expire=40,hang=2.5,seed=17"
    stand = start_standin(tmp_path, faults=faults, name="faulty")
    try:
        configure(linked.cen, stand, statuses={})
        codes = fill(linked.cen, 1000)
        args = ("portal", "sync", "--once", "--central", linked.portal_url, "--json",
                "--timeout", "2", "--backoff", "0.05", "--batch", "20")
        kills = 0
        while kills < 5:
            proc = portal_popen(*args)
            before = len(read_ledger(stand.ledger))
            deadline = time.time() + 60
            while time.time() < deadline and proc.poll() is None:
                time.sleep(0.1)
                if len(read_ledger(stand.ledger)) > before + 150 + 40 * kills:
                    break
            if proc.poll() is None:
                os.kill(proc.pid, signal.SIGKILL)
                proc.wait()
                kills += 1
            else:
                proc.wait()
        runs = 0
        while True:
            r = portal_cli(*args)
            runs += 1
            out = json.loads(r.stdout.strip().splitlines()[-1])
            if out["pending"] == 0 and not out["attention"]:
                break
            assert runs < 30, out
        arrived = read_ledger(stand.ledger)
        creates = Count(e["MaHoSo"] for e in arrived if e["kind"] == "create")
        assert set(creates) == set(codes) and set(creates.values()) == {1}
        steps: dict[str, list[str]] = {}
        for e in arrived:
            if e["kind"] == "progress":
                steps.setdefault(e["MaHoSo"], []).append(e["data"]["ThoiDiemXuLy"])
        assert len(steps) == 1000 and sum(len(v) for v in steps.values()) == 3000
        assert all(v == sorted(v) and len(set(v)) == 3 for v in steps.values())
        # a step never arrives before its dossier
        seen: set[str] = set()
        for e in arrived:
            if e["kind"] == "create":
                seen.add(e["MaHoSo"])
            elif e["kind"] == "progress":
                assert e["MaHoSo"] in seen
        # the faults really happened: repeats were sent and ignored
        kinds = Count(e["kind"] for e in arrived)
        assert kinds["create-repeat"] + kinds["progress-repeat"] > 0, kinds
        # the mismatch check finds a dossier deleted at the stand-in
        httpx.post(f"{stand.url}/_standin/delete", json={"MaHoSo": codes[500]})
        for _ in range(5):
            r = portal_cli("portal", "check", "--central", linked.portal_url, "--json",
                           "--timeout", "5")
            if r.returncode == 0:
                break
        out = json.loads(r.stdout)
        assert {"code": codes[500], "problem": "missing"} in out["mismatches"]
    finally:
        stand.stop()
