"""The README's first command, ``bash build_scripts/run_app.sh``, on a fresh user folder: it
initialises the (encrypted) database, loads the demo dossiers and starts the window.

Encryption at rest (issue 16) once broke it without a test noticing: the script counted the
dossiers with plain ``sqlite3``, could not read the encrypted file, and opened an empty desk.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

import tests.rawdb as sqlite3

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_run_app_loads_the_demo_into_the_encrypted_database_and_opens_the_window(
        tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = {k: v for k, v in os.environ.items() if not k.startswith("ONESTOP_")}
    env.update(ONESTOP_HOME=str(home), ONESTOP_NO_KEYRING="1", ONESTOP_DEMO_DOSSIERS="150",
               QT_QPA_PLATFORM="offscreen", ONESTOP_DB_KEY=os.environ["ONESTOP_DB_KEY"])
    proc = subprocess.Popen(["bash", "build_scripts/run_app.sh"], cwd=REPO, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    lines: list[str] = []
    try:
        deadline = time.monotonic() + 600
        assert proc.stderr is not None
        for line in proc.stderr:
            lines.append(line.rstrip())
            if "starting the GUI" in line or time.monotonic() > deadline:
                break
        time.sleep(3)                       # the window opens: the process must still run
        assert proc.poll() is None, "\n".join(lines)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    text = "\n".join(lines)
    assert "demo data loaded" in text and "WARNING" not in text, text
    db = next(home.rglob("*.sqlite3"))
    assert db.read_bytes()[:16] != b"SQLite format 3\x00"          # encrypted at rest
    con = sqlite3.connect(db)
    assert con.execute("SELECT count(*) FROM dossier").fetchone()[0] == 150
    con.close()
