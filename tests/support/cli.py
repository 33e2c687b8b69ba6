"""The one runner of the real command line: ``python -m onestop [--db URL] …`` in a subprocess.

The subprocess gets a private ``ONESTOP_HOME`` (created before the run; also its working
folder, where relative file arguments are found), none of the caller's ``ONESTOP_*``
variables but the test harness's ``ONESTOP_TEST_*`` and the suite's database key
(``ONESTOP_DB_KEY``, ``ONESTOP_NO_KEYRING``, tests/conftest.py), the clock pinned by ``ONESTOP_NOW`` when
``now`` is set, and, when asked, a fault point (``ONESTOP_FAULT``, see :mod:`onestop.faults`).
A subprocess costs about half a second, so tests group several checks on one database.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Result:
    """What one CLI run returned."""

    rc: int
    out: str
    err: str

    @property
    def json(self) -> Any:
        return json.loads(self.out)

    @property
    def err_lines(self) -> list[str]:
        return self.err.splitlines()


class Runner:
    """Runs ``python -m onestop`` against one database (``db`` None: no ``--db``)."""

    def __init__(self, db: Path | str | None, home: Path, now: str | None = None) -> None:
        self.db = db
        self.home = home
        self.cwd = home
        self.now = now

    @property
    def url(self) -> str | None:
        return self.db if self.db is None or isinstance(self.db, str) else f"sqlite:///{self.db}"

    def env(self, fault: str | None = None, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items()
               if not k.startswith("ONESTOP_") or k.startswith("ONESTOP_TEST_")
               or k in ("ONESTOP_DB_KEY", "ONESTOP_NO_KEYRING")}
        env.update(ONESTOP_HOME=str(self.home), PYTHONPATH=str(REPO), PYTHONUTF8="1")
        if self.now:
            env["ONESTOP_NOW"] = self.now
        env.update(extra)
        if fault:
            env["ONESTOP_FAULT"] = fault
        return env

    def __call__(self, *args: str, stdin: str = "", user: str | None = None,
                 fault: str | None = None, db: bool = True, now: str | None = None,
                 **extra: str) -> Result:
        argv = [sys.executable, "-m", "onestop"]
        if db and self.db is not None:
            argv += ["--db", str(self.url)]
        if user:
            argv += ["--user", user]
        if now:
            extra["ONESTOP_NOW"] = now
        self.home.mkdir(parents=True, exist_ok=True)
        proc = subprocess.run([*argv, *args], input=stdin, capture_output=True, text=True,
                              env=self.env(fault, **extra), cwd=self.cwd, timeout=180,
                              check=False)
        return Result(proc.returncode, proc.stdout, proc.stderr)
