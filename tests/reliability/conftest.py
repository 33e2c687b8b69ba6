"""Fixtures of the reliability suites: a seeded SQLite database and a CLI runner with faults.

The seeded template is built once per session through the services (``onestop init``, the
three test accounts of ``tests.services.support`` and a few dossiers with history) and copied
for each test with SQLite's online backup API. The runner starts the real command line,
``python -m onestop --db URL …``, in a subprocess with a private ``ONESTOP_HOME``, the clock
pinned by ``ONESTOP_NOW`` and, when asked, a fault point (``ONESTOP_FAULT``, see
:mod:`onestop.faults`).
"""

from __future__ import annotations

import json
import os
from tests import rawdb as sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from onestop.services.context import Context
from onestop.services.processing import EventRequest, record
from onestop.services.reception import ReceiveRequest, receive
from tests.services.support import Clock, initialise, vn

REPO = Path(__file__).resolve().parents[2]
#: The instant every CLI run of these suites happens at (Monday 02/03/2026, 10:00 local).
NOW = "2026-03-02T10:00:00+07:00"
AGENCY = "000.00.15.H36"
PROCEDURE = "2.001914"
#: Applicants of the seeded dossiers (also searched for in logs by the privacy suite).
SEEDED = (("Nguyễn Văn An", "079090001234", "0912345678"),
          ("Trần Thị Bình", "068185004321", "0987654321"),
          ("Lê Hoàng Cường", "001200123456", "0356789012"))


@dataclass(frozen=True)
class Result:
    """What one CLI run returned."""

    rc: int
    out: str
    err: str

    @property
    def json(self) -> Any:
        return json.loads(self.out)


class Runner:
    """Runs ``python -m onestop`` in a subprocess against one database."""

    def __init__(self, db: Path | str | None, home: Path) -> None:
        self.db = db
        self.home = home
        self.cwd = home   # where relative file arguments are found

    @property
    def url(self) -> str:
        return self.db if isinstance(self.db, str) else f"sqlite:///{self.db}"

    def env(self, fault: str | None = None, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items()
               if not k.startswith("ONESTOP_") or k.startswith("ONESTOP_TEST_")
               or k in ("ONESTOP_DB_KEY", "ONESTOP_NO_KEYRING")}
        env.update(ONESTOP_HOME=str(self.home), ONESTOP_NOW=NOW, PYTHONPATH=str(REPO),
                   PYTHONUTF8="1")
        env.update(extra)
        if fault:
            env["ONESTOP_FAULT"] = fault
        return env

    def __call__(self, *args: str, stdin: str = "", user: str | None = None,
                 fault: str | None = None, db: bool = True, **extra: str) -> Result:
        argv = [sys.executable, "-m", "onestop"]
        if db and self.db is not None:
            argv += ["--db", self.url]
        if user:
            argv += ["--user", user]
        proc = subprocess.run([*argv, *args], input=stdin, capture_output=True, text=True,
                              env=self.env(fault, **extra), cwd=self.cwd, timeout=180,
                              check=False)
        return Result(proc.returncode, proc.stdout, proc.stderr)


def copy_sqlite(src: Path, dst: Path) -> Path:
    """A consistent copy of a SQLite database (online backup API, WAL folded in)."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    a, b = sqlite3.connect(src), sqlite3.connect(dst)
    with b:
        a.backup(b)
    a.close()
    b.close()
    return dst


def seed(url: str) -> None:
    """Initialise ``url`` and receive three dossiers, one transferred, at pinned times."""
    initialise(url)
    clock = Clock(vn(2026, 3, 2, 8, 30))
    ctx = Context.open(url, clock=clock)
    try:
        codes = []
        for name, id_number, phone in SEEDED:
            codes.append(receive(ctx, ReceiveRequest(PROCEDURE, name, id_number=id_number,
                                                     phone=phone)).code)
            clock.advance(minutes=5)
        record(ctx, codes[0], EventRequest("transfer", to="Phòng Quản lý chất lượng"))
    finally:
        ctx.engine.dispose()


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An initialised SQLite database with accounts and three dossiers (built once)."""
    path = tmp_path_factory.mktemp("reliability-template") / "onestop.sqlite3"
    seed(f"sqlite:///{path}")
    return path


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A private ONESTOP_HOME for the subprocesses (settings, data, logs)."""
    root = tmp_path / "home"
    root.mkdir()
    return root


@pytest.fixture
def seeded_db(seeded_template: Path, tmp_path: Path) -> Path:
    """A fresh copy of the seeded database for one test — encrypted (issue 16): the crash
    matrix and every reliability test run on the SQLCipher file."""
    from onestop.storage import keys

    path = copy_sqlite(seeded_template, tmp_path / "db" / "onestop.sqlite3")
    assert keys.state(path) == keys.ENCRYPTED
    return path


@pytest.fixture
def run(seeded_db: Path, home: Path) -> Runner:
    """The command line on the test's copy of the seeded database."""
    return Runner(seeded_db, home)
