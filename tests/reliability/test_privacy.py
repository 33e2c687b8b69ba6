"""Personal data: a full day at the desk leaves no citizen's name, ID number or phone in logs.

Everything runs with ``ONESTOP_HOME`` in a temp folder, the scrubbed rotating log of
:func:`onestop.logsetup.setup_logging` at DEBUG and the crash handler installed: set-up,
receipts (a person, a person with every contact field, an organisation), the whole workflow
up to the return to a named collector, corrections, searches, the full-data view, a receipt
PDF, reports and exports, backups, a refused bad input and an unexpected database error that
ends in a crash report. Then every file written under the home folder — the databases and
their backups excepted, which hold the data by design — is searched for each citizen's name
(also folded), ID number, phone (also spaced and +84), e-mail, birth date and the collector.
"""

from __future__ import annotations

import contextlib
import io
import logging
from tests import rawdb as sqlite3
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from onestop import logsetup
from onestop.cli import main
from onestop.domain import text as tx
from onestop.services import forms, queries
from onestop.services.context import Context
from tests.reliability.test_passwords import readable_text

NOW = "2026-03-02T10:00:00+07:00"
PEOPLE = [
    {"name": "Hoàng Thị Mỹ Duyên", "id-number": "068190012345", "phone": "0387654321",
     "email": "duyen.hoang@example.vn", "birth-date": "1990-07-21",
     "address": "Số 12 Phan Chu Trinh, Phường Lâm Viên - Đà Lạt"},
    {"name": "Nguyễn Văn Khải", "id-number": "079089054321", "phone": "0909 111 222",
     "birth-date": "1989-01-05"},
    {"name": "K'Sô Liễng", "id-number": "067201098765", "phone": "+84 263 381 2345",
     "org": "Hợp tác xã Cà phê Lạc Dương"},
]
COLLECTOR = ("Trần Thị Ngọc Bích", "079301000111")
NEW_PHONE, NEW_NAME = "0911222333", "Ka Sô Liễng"


def secrets() -> set[str]:
    """Every way the personal data could show up in a text file."""
    out = {COLLECTOR[0], COLLECTOR[1], NEW_PHONE, NEW_NAME, tx.fold(NEW_NAME)}
    for p in PEOPLE:
        out |= {p["name"], tx.fold(p["name"]), p["id-number"], p["phone"],
                p["phone"].replace(" ", "")}
        out |= {p[k] for k in ("email", "birth-date", "address") if k in p}
    out |= {"0909111222", "02633812345", "21/07/1990", "05/01/1989"}
    return out


@pytest.fixture
def desk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Path, list[Path]]]:
    """A home folder with the scrubbed DEBUG log and the crash handler; (home, crash reports)."""
    home = tmp_path / "home"
    for key, value in (("ONESTOP_HOME", str(home)), ("ONESTOP_NOW", NOW)):
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("ONESTOP_DB", raising=False)
    saved = (sys.excepthook, threading.excepthook, logging.getLogger().level)
    logsetup.setup_logging(level=logging.DEBUG)
    reports: list[Path] = []
    logsetup.install_excepthook(on_crash=lambda path, exc: reports.append(path))
    yield home, reports
    root = logging.getLogger()
    for h in [h for h in root.handlers if getattr(h, "_onestop_handler", False)]:
        root.removeHandler(h)
        h.close()
    sys.excepthook, threading.excepthook = saved[:2]
    root.setLevel(saved[2])


def cli(*args: str, stdin: str = "", monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    """The command line in-process (the default database under ONESTOP_HOME)."""
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        rc = main(list(args))
    return rc, out.getvalue()


def receive_all(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    codes = []
    for p in PEOPLE:
        flags = [f"--{k}={v}" for k, v in p.items()]
        rc, out = cli("receive", "--procedure", "2.001914", *flags, "--json",
                      monkeypatch=monkeypatch)
        assert rc == 0, out
        codes.append(out.split('"code": "')[1].split('"')[0])
    return codes


def workflow(code: str, monkeypatch: pytest.MonkeyPatch) -> None:
    steps = [("transfer", "--to", "Phòng Quản lý chất lượng"),
             ("supplement-request", "--missing", "Bản sao giấy khai sinh"),
             ("supplement-received",), ("result-ready",),
             ("return", "--collector", COLLECTOR[0], "--collector-id", COLLECTOR[1])]
    for kind, *flags in steps:
        assert cli("event", code, kind, *flags, monkeypatch=monkeypatch)[0] == 0, kind


def unexpected_error(home: Path, reports: list[Path]) -> None:
    """A database failure in the middle of a receipt: the bug path, logged and reported."""
    db = home / "data" / "onestop.sqlite3"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TRIGGER full_disk BEFORE INSERT ON dossier "
                 "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END")
    conn.commit()
    conn.close()
    ctx = Context.open(f"sqlite:///{db}")
    try:
        from onestop.services.reception import ReceiveRequest, receive

        p = PEOPLE[0]
        receive(ctx, ReceiveRequest("2.001914", p["name"], id_number=p["id-number"],
                                    phone=p["phone"], email=p["email"]))
    except Exception:  # noqa: BLE001 - what the GUI's excepthook would receive
        sys.excepthook(*sys.exc_info())
    finally:
        ctx.engine.dispose()
    assert len(reports) == 1


def _database(path: Path) -> bool:
    with path.open("rb") as fh:
        head = fh.read(16)
    return head == b"SQLite format 3\x00" or path.name.endswith(("-wal", "-shm", ".part"))


@pytest.mark.slow
def test_a_full_day_leaves_no_personal_data_in_logs_or_crash_reports(
        desk: tuple[Path, list[Path]], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    home, reports = desk
    assert cli("init", monkeypatch=monkeypatch)[0] == 0
    assert cli("user", "add", "canbo", "--role", "officer", "--full-name", "Lê Thị Cán Bộ",
               stdin="Ca-Phe-Sua-Da-9\n", monkeypatch=monkeypatch)[0] == 0
    codes = receive_all(monkeypatch)
    workflow(codes[0], monkeypatch)
    assert cli("correct", codes[1], "--field", "phone", "--value", NEW_PHONE, "--reason",
               "Công dân báo đổi số", monkeypatch=monkeypatch)[0] == 0
    assert cli("correct", codes[2], "--field", "name", "--value", NEW_NAME, "--reason",
               "Sai chính tả", monkeypatch=monkeypatch)[0] == 0
    for query in (PEOPLE[0]["name"], "duyen", PEOPLE[1]["id-number"], NEW_PHONE):
        rc, out = cli("find", query, "--json", monkeypatch=monkeypatch)
        assert rc == 0 and '"total": 1' in out, query
    assert cli("show", codes[0], "--json", monkeypatch=monkeypatch)[0] == 0
    ctx = Context.open(f"sqlite:///{home / 'data' / 'onestop.sqlite3'}")
    try:
        assert queries.reveal_personal(ctx, codes[0]).id_number == PEOPLE[0]["id-number"]
        assert forms.receipt_pdf(ctx, codes[1])[:4] == b"%PDF"
    finally:
        ctx.engine.dispose()
    exports = tmp_path / "exports"
    exports.mkdir()
    for args in (("report", "overview"), ("report", "briefing"),
                 ("report", "period", "--format", "xlsx", "--out", str(exports / "bc.xlsx")),
                 ("receipt", codes[2], "--out", str(exports / "giay-hen.pdf")),
                 ("backup", "--out", str(exports / "ban-sao.sqlite3")), ("backup", "--auto"),
                 ("audit", "verify"),
                 # issue 16: the new commands log nothing personal either
                 ("encrypt",), ("person", "export", "--id-number", PEOPLE[0]["id-number"],
                                "--out", str(exports / "ca-nhan.json")),
                 ("person", "export", "--id-number", PEOPLE[1]["id-number"], "--out",
                  str(exports / "ca-nhan.pdf")),
                 ("audit", "access", "--id-number", PEOPLE[0]["id-number"], "--json"),
                 ("audit", "export", "--from", "2026-03-01", "--to", "2026-03-31", "--out",
                  str(exports / "su-co.json")),
                 ("retention", "apply", "--dry-run", "--json")):
        assert cli(*args, monkeypatch=monkeypatch)[0] == 0, args
    rc, _ = cli("receive", "--procedure", "2.001914", "--name", PEOPLE[0]["name"], "--phone",
                "09x" + PEOPLE[0]["phone"], monkeypatch=monkeypatch)
    assert rc == 2
    unexpected_error(home, reports)

    written = [p for p in home.rglob("*") if p.is_file() and not _database(p)]
    names = {p.relative_to(home).as_posix() for p in written}
    assert "logs/onestop.log" in names and any(n.startswith("logs/crash/") for n in names)
    assert "backup written" in (home / "logs" / "onestop.log").read_text(encoding="utf-8")
    # issue 16: the database and its backups are encrypted, so they are searched too
    assert "data/onestop.sqlite3" in names and any(n.startswith("data/backups/") for n in names)
    for f in (home / "data" / "onestop.sqlite3", exports / "ban-sao.sqlite3"):
        raw = f.read_bytes()
        assert not [x for x in secrets() if x.encode("utf-8") in raw], f
    found = {(str(p.relative_to(home)), s) for p in written for s in secrets()
             if s in readable_text(p)}
    assert found == set()
