"""Logs and crash reports carry no personal data."""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from onestop import logsetup
from onestop.cli import main
from onestop.services import processing, reception
from onestop.services.install import setup
from onestop.services.context import Context

ID_NUMBER = "079190000789"
PHONE = "0901234567"
EMAIL = "lan.hoang@example.vn"
SECRETS = (ID_NUMBER, PHONE, EMAIL, "090 123 4567", "+84901234567")


@pytest.fixture
def log_file(home: Path) -> Iterator[Path]:
    saved_hooks = (sys.excepthook, threading.excepthook)
    root = logging.getLogger()
    saved_level = root.level
    path = logsetup.setup_logging(level=logging.DEBUG)
    yield path
    for h in [h for h in root.handlers if getattr(h, "_onestop_handler", False)]:
        root.removeHandler(h)
        h.close()
    root.setLevel(saved_level)
    sys.excepthook, threading.excepthook = saved_hooks


@pytest.mark.parametrize("text, expected", [
    (f"cccd {ID_NUMBER}.", "cccd [id]."),
    (f"sđt {PHONE}", "sđt [phone]"),
    ("sđt 090 123 4567 và +84901234567", "sđt [phone] và [phone]"),
    ("landline 02633812345", "landline [phone]"),
    (f"mail {EMAIL}, cmnd 250123456", "mail [email], cmnd [id]"),
])
def test_scrub_masks_ids_phones_and_emails(text: str, expected: str) -> None:
    assert logsetup.scrub(text) == expected


def test_scrub_keeps_codes_dates_and_counts() -> None:
    text = ("dossier 000.00.15.H36-261128-1001 at 2026-11-28T08:30:00+07:00, 20261128, "
            "id 01a22289-9485-70de-b2bf-54f0ddbcc5d5, 1234567 rows in 0.25 s")
    assert logsetup.scrub(text) == text


def test_log_after_a_flow_has_no_personal_data(log_file: Path, home: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{home / 'data' / 'onestop.sqlite3'}"
    ctx = Context.open(url)
    log = logging.getLogger("onestop.test")
    try:
        setup.init(ctx)
        d = reception.receive(ctx, reception.ReceiveRequest(
            procedure="2.001914", name="Hoàng Thị Lan", id_number=ID_NUMBER, phone=PHONE,
            email=EMAIL))
        processing.record(ctx, d.code, processing.EventRequest(kind="transfer", to="Phòng QLCL"))
        # a careless developer logs contact data, and an error that quotes the input
        log.info("received %s: id=%s phone=%s email=%s", d.code, d.id_number, d.phone, d.email)
        try:
            raise ValueError(f"bad phone {PHONE} / {EMAIL}")
        except ValueError:
            log.exception("while handling %s", ID_NUMBER)
    finally:
        ctx.engine.dispose()
    assert main(["--db", url, "find", PHONE]) == 0
    assert main(["--db", url, "backup", "--out", str(home / "b.sqlite3")]) == 0
    capsys.readouterr()

    text = log_file.read_text(encoding="utf-8")
    assert f"received {d.code}: id=[id] phone=[phone] email=[email]" in text
    assert "ValueError: bad phone [phone]" in text and "backup written" in text
    for secret in (*SECRETS, "Hoàng Thị Lan"):
        assert secret not in text


def test_crash_report_without_personal_data(log_file: Path, home: Path) -> None:
    reports: list[Path] = []
    logsetup.install_excepthook(on_crash=lambda path, exc: reports.append(path))
    logging.getLogger("onestop.test").warning("applicant phone %s", PHONE)
    try:
        raise RuntimeError(f"unexpected with {ID_NUMBER} and {EMAIL}")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())

    assert len(reports) == 1
    report = reports[0].read_text(encoding="utf-8")
    assert reports[0].parent == home / "logs" / "crash"
    assert "RuntimeError: unexpected with [id] and [email]" in report
    assert "applicant phone [phone]" in report  # the log tail
    for secret in SECRETS:
        assert secret not in report
    assert "unexpected error" in log_file.read_text(encoding="utf-8")


def test_worker_thread_crash_is_reported(log_file: Path, home: Path) -> None:
    reports: list[Path] = []
    logsetup.install_excepthook(on_crash=lambda path, exc: reports.append(path))

    def boom() -> None:
        raise KeyError(PHONE)

    t = threading.Thread(target=boom)
    t.start()
    t.join()
    assert len(reports) == 1 and PHONE not in reports[0].read_text(encoding="utf-8")


def test_log_rotates(home: Path, log_file: Path) -> None:
    path = logsetup.setup_logging(max_bytes=2_000, backups=2)
    for i in range(200):
        logging.getLogger("onestop.test").info("line %d %s", i, "x" * 40)
    rolled = sorted(p.name for p in path.parent.glob("onestop.log*"))
    assert rolled == ["onestop.log", "onestop.log.1", "onestop.log.2"]
