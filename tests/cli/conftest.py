"""The CLI tests run the real command in a subprocess: ``python -m onestop --db URL …``.

``ONESTOP_HOME`` points into the test's tmp dir so no real user folder is touched, and
``ONESTOP_NOW`` pins the clock where a test needs it. A subprocess costs about half a second,
so each test groups several checks on one database.
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

from tests.services.support import initialise

REPO = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Result:
    rc: int
    out: str
    err: str

    @property
    def json(self) -> Any:
        return json.loads(self.out)

    @property
    def err_lines(self) -> list[str]:
        return self.err.splitlines()


class Cli:
    """Runs ``python -m onestop`` against one database."""

    def __init__(self, db: str | None, home: Path) -> None:
        self.db = db
        self.home = home
        self.now: str | None = None

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items()
               if k not in ("ONESTOP_DB", "ONESTOP_NOW", "ONESTOP_PORTABLE")}
        env.update(ONESTOP_HOME=str(self.home), PYTHONPATH=str(REPO), PYTHONUTF8="1")
        if self.now:
            env["ONESTOP_NOW"] = self.now
        return env

    def __call__(self, *args: str, stdin: str = "", user: str | None = None,
                 now: str | None = None) -> Result:
        argv = [sys.executable, "-m", "onestop"]
        if self.db:
            argv += ["--db", self.db]
        if user:
            argv += ["--user", user]
        env = self.env()
        if now:
            env["ONESTOP_NOW"] = now
        proc = subprocess.run([*argv, *args], input=stdin, capture_output=True, text=True,
                              env=env, cwd=self.home, timeout=120, check=False)
        return Result(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture(scope="session")
def cli_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An initialised SQLite database with the three test accounts (built once)."""
    path = tmp_path_factory.mktemp("cli-template") / "onestop.sqlite3"
    initialise(f"sqlite:///{path}")
    return path


@pytest.fixture
def home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    return home


@pytest.fixture
def cli(cli_template: Path, tmp_path: Path, home: Path) -> Cli:
    """The command on a fresh copy of the initialised SQLite database."""
    target = tmp_path / "onestop.sqlite3"
    src, dst = sqlite3.connect(cli_template), sqlite3.connect(target)
    with dst:
        src.backup(dst)
    src.close()
    dst.close()
    return Cli(f"sqlite:///{target}", home)
