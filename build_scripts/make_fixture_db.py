"""Create ``tests/fixtures/db_rev0001.sqlite3``: a database made by Alembic revision 0001.

Run ONCE, when revision 0001 was the newest one. The file is committed and never regenerated:
it stands for the databases already out on office PCs, and the upgrade tests check that every
later revision migrates it with all its dossiers intact. The script refuses to run once the
head revision has moved past 0001 (it would produce a newer schema, not the old one).

Usage: ``python build_scripts/make_fixture_db.py [OUT]``. Uses the CLI only, with
``ONESTOP_HOME`` in a temp dir and a pinned clock; the people in it are fictional.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "tests" / "fixtures" / "db_rev0001.sqlite3"

# (procedure, name, id number, phone, email, events after the receipt)
DOSSIERS: list[tuple[str, str, str, str, str, list[list[str]]]] = [
    ("2.001914", "Nguyễn Văn An", "068090000123", "0912345678", "an.nguyen@example.vn",
     [["transfer", "--to", "Phòng Quản lý chất lượng"], ["result-ready"]]),
    ("2.001914", "Trần Thị Bích", "068190000456", "0987654321", "",
     [["supplement-request", "--missing", "Giấy khai sinh (bản sao)", "--reason", "Thiếu giấy"]]),
    ("2.001914", "Lê Hoàng Đức", "", "0356789012", "",
     [["transfer", "--to", "Phòng Quản lý chất lượng"], ["result-ready"],
      ["return", "--collector", "Lê Hoàng Đức"]]),
    ("2.001914", "Phạm Ngọc Ánh", "", "", "anh.pham@example.vn", [["note", "--reason", "Gọi lại"]]),
    ("2.001914", "Đặng Quốc Việt", "", "", "", [["withdraw", "--reason", "Người nộp rút"]]),
]


def _run(home: Path, *args: str, now: str = "2026-11-23T02:00:00+00:00") -> str:
    env = {**os.environ, "ONESTOP_HOME": str(home), "ONESTOP_NOW": now}
    env.pop("ONESTOP_DB", None)
    proc = subprocess.run([sys.executable, "-m", "onestop", *args], cwd=REPO, env=env,
                          capture_output=True, text=True, encoding="utf-8")
    if proc.returncode != 0:
        raise SystemExit(f"onestop {' '.join(args)} failed ({proc.returncode}):\n{proc.stderr}")
    return proc.stdout


def _receive(home: Path, i: int, spec: tuple[str, str, str, str, str, list[list[str]]]) -> None:
    procedure, name, id_number, phone, email, events = spec
    at = f"2026-11-23T0{1 + i}:00:00+07:00"
    args = ["receive", "--procedure", procedure, "--name", name, "--received-at", at, "--json"]
    for flag, value in (("--id-number", id_number), ("--phone", phone), ("--email", email)):
        if value:
            args += [flag, value]
    code = json.loads(_run(home, *args))["code"]
    for j, event in enumerate(events):
        when = f"2026-11-2{4 + j}T03:00:00+00:00"
        _run(home, "event", code, *event, "--json", now=when)


def main(out: Path = OUT) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        _run(home, "init", "--agency-code", "000.00.15.H36", "--counter", "1", "--json")
        for i, spec in enumerate(DOSSIERS):
            _receive(home, i, spec)
        src = sqlite3.connect(home / "data" / "onestop.sqlite3")
        revision = src.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        if revision != "0001":
            raise SystemExit(f"head is {revision}, not 0001: the fixture must not be regenerated")
        out.parent.mkdir(parents=True, exist_ok=True)
        out.unlink(missing_ok=True)
        dst = sqlite3.connect(out)
        src.backup(dst)  # one self-contained file, whatever is still in the WAL
        src.close()
        dst.execute("PRAGMA journal_mode=DELETE")
        dst.execute("VACUUM")
        dst.close()
    print(f"{out}: revision 0001, {len(DOSSIERS)} dossiers")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT))
