"""A restore while two counters' ``receive`` loops keep printing receipts (real processes).

Every code a loop printed must end up in the restored database or be named by the restore as
missing (kept in the safety copy, its number reserved), and no code or register number may
ever be printed twice. The restore is held for a moment right after its safety copy (the
fault point ``restore.after_safety_copy`` with the ``wait`` action) so that the loops are
certainly running while it swaps the file; a second restore runs unheld.
"""

from __future__ import annotations

import json
from tests import rawdb as sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from .conftest import Runner

pytestmark = pytest.mark.slow


def _loop(cli: Runner, tag: str, stop: threading.Event, printed: list[dict[str, object]],
          failures: list[str]) -> None:
    n = 0
    while not stop.is_set():
        n += 1
        r = cli("receive", "--procedure", "2.001914", "--name", f"Lê Văn {tag}", "--json")
        if r.rc == 0:
            printed.append(r.json)
        else:
            failures.append(f"{tag}{n}: rc={r.rc} {r.err.strip()}")


def _restore(cli: Runner, backup: Path, flag: Path | None) -> subprocess.Popen[str]:
    env = cli.env()
    if flag is not None:
        env.update(ONESTOP_FAULT="restore.after_safety_copy", ONESTOP_FAULT_ACTION="wait",
                   ONESTOP_FAULT_FILE=str(flag))
    return subprocess.Popen([sys.executable, "-m", "onestop", "--db", str(cli.db), "restore",
                             str(backup), "--json"], env=env, cwd=cli.home, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _wait_for(predicate, seconds: float = 60) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_restore_during_receipts_loses_no_dossier_and_reuses_no_number(
        cli: Runner, tmp_path: Path) -> None:
    db = Path(str(cli.db).removeprefix("sqlite:///"))
    backup = tmp_path / "morning.sqlite3"
    assert cli("backup", "--out", str(backup)).rc == 0
    stop, printed, failures = threading.Event(), [], []  # type: ignore[var-annotated]
    loops = [threading.Thread(target=_loop, args=(cli, tag, stop, printed, failures))
             for tag in ("An", "Bình")]
    for t in loops:
        t.start()
    missing: list[str] = []
    try:
        _wait_for(lambda: len(printed) >= 4)
        flag = tmp_path / "held"
        held = _restore(cli, backup, flag)
        _wait_for(flag.exists)             # the safety copy is taken; the swap is pending
        during = len(printed)
        time.sleep(6)                      # the loops keep trying to receive meanwhile
        blocked = len(printed) - during
        flag.unlink()
        out, err = held.communicate(timeout=120)
        assert held.returncode == 0, err
        missing += json.loads(out)["missing"]
        _wait_for(lambda: len(printed) >= during + blocked + 4)
        unheld = _restore(cli, backup, None)  # an ordinary race, nothing held
        out, err = unheld.communicate(timeout=120)
        assert unheld.returncode == 0, err
        missing += json.loads(out)["missing"]
        _wait_for(lambda: len(printed) >= during + blocked + 8)
    finally:
        stop.set()
        for t in loops:
            t.join(timeout=120)
    assert not failures
    # while the restore held the database no receipt could be committed (and so printed)
    assert blocked <= 2, blocked    # at most one per loop, committed before the lock

    conn = sqlite3.connect(db)
    try:
        stored = {r[0].replace("-", "") for r in conn.execute("SELECT id FROM dossier")}
    finally:
        conn.close()
    codes = [str(p["code"]) for p in printed]
    lost = [str(p["code"]) for p in printed
            if str(p["id"]).replace("-", "") not in stored and p["code"] not in missing]
    assert lost == [], f"printed codes neither restored nor named missing: {lost}"
    assert len(codes) == len(set(codes)), "a code was handed out twice"
    entries = [(p["register_book"], p["register_no"]) for p in printed]
    assert len(entries) == len(set(entries)), "a register number was handed out twice"
