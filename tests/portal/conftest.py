"""Fixtures of the portal link tests: a central database (real PostgreSQL), dossiers written
into it, a stand-in adapter run as a real process (``onestop portal stand-in``)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.orm import Session

from onestop.sync.portal_login import add_portal
from tests.sync.conftest import admin_url, central_db  # noqa: F401 - fixtures
from tests.support.central import AGENCY, Central, REPO

pytestmark = pytest.mark.postgres

PORTAL_PW = "mat-khau-cong-1"
CENTRAL_PW_ENV = "ONESTOP_CENTRAL_PASSWORD"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class StandInProc:
    proc: subprocess.Popen[str]
    port: int
    ledger: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(10)


def start_standin(tmp: Path, faults: str = "", name: str = "standin",
                  catalogue: Path | None = None) -> StandInProc:
    port = free_port()
    ledger = tmp / f"{name}.jsonl"
    env = dict(os.environ, PYTHONPATH=str(REPO), ONESTOP_PORTAL_PASSWORD=PORTAL_PW)
    args = [sys.executable, "-m", "onestop", "portal", "stand-in", "--port", str(port),
            "--ledger", str(ledger), "--faults", faults, "--dstcode", "H36",
            "--madonvi", "000.00.15.H36"]
    if catalogue:
        args += ["--catalogue", str(catalogue)]
    proc = subprocess.Popen(args, env=env, cwd=REPO, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    for _ in range(100):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/_standin/health", timeout=1).status_code == 200:
                return StandInProc(proc, port, ledger)
        except httpx.TransportError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError(proc.stderr.read() if proc.stderr else "stand-in did not start")


def portal_cli(*args: str, portal_pw: str | None = PORTAL_PW, central_pw: str | None = None,
               timeout: float = 300) -> subprocess.CompletedProcess[str]:
    args, central_pw = _hide_password(args, central_pw)
    env = dict(os.environ, PYTHONPATH=str(REPO))
    for key in ("ONESTOP_PORTAL_PASSWORD", CENTRAL_PW_ENV, "ONESTOP_DB"):
        env.pop(key, None)
    if portal_pw is not None:
        env["ONESTOP_PORTAL_PASSWORD"] = portal_pw
    if central_pw is not None:
        env[CENTRAL_PW_ENV] = central_pw
    return subprocess.run([sys.executable, "-m", "onestop", *args], env=env, cwd=REPO,
                          capture_output=True, text=True, timeout=timeout, check=False)


def _hide_password(args: tuple[str, ...], central_pw: str | None
                   ) -> tuple[tuple[str, ...], str | None]:
    """The central URL's password moves to ONESTOP_CENTRAL_PASSWORD (never on the command
    line, as an administrator would run it)."""
    from sqlalchemy.engine import make_url

    out = list(args)
    for i, a in enumerate(out[:-1]):
        if a == "--central":
            u = make_url(out[i + 1])
            if u.password:
                central_pw = u.password
                out[i + 1] = u._replace(password=None).render_as_string(hide_password=False)
    return tuple(out), central_pw


def portal_popen(*args: str) -> subprocess.Popen[str]:
    args, central_pw = _hide_password(args, None)
    env = dict(os.environ, PYTHONPATH=str(REPO), ONESTOP_PORTAL_PASSWORD=PORTAL_PW)
    env.pop(CENTRAL_PW_ENV, None)
    if central_pw:
        env[CENTRAL_PW_ENV] = central_pw
    return subprocess.Popen([sys.executable, "-m", "onestop", *args], env=env, cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


KINDS = ("transfer", "result-ready", "return")


def fill(cen: Central, n: int, events_each: int = 3) -> list[str]:
    """``n`` dossiers with ``events_each`` events each ('received' + the rest), written into
    the central database as its owner (what counters would have pushed). Returns the codes."""
    from onestop.storage.models import Agency, Dossier, DossierEvent, Procedure

    eng = create_engine(cen.admin_url)
    codes: list[str] = []
    base = datetime(2026, 3, 2, 1, 30, tzinfo=UTC)
    with Session(eng) as s, s.begin():
        agency = s.scalar(select(Agency).where(Agency.code == AGENCY))
        if agency is None:
            agency = Agency(code=AGENCY, name="SỞ GIÁO DỤC VÀ ĐÀO TẠO")
            s.add(agency)
            s.flush()
        proc = s.scalar(select(Procedure).where(Procedure.code == "2.001914"))
        for i in range(n):
            at = base + timedelta(minutes=i)
            code = f"H36.15-260302-{i + 1:04d}"
            codes.append(code)
            d = Dossier(code=code, agency_id=agency.id, counter_no=1, procedure_id=proc.id,
                        applicant_name=f"Nguyễn Văn {i}", applicant_folded=f"nguyen van {i}",
                        id_number=f"{i:012d}", phone="0912345678", channel="direct",
                        documents=[{"name": "Đơn đề nghị", "original": 1, "copy": 0}],
                        received_at=at, received_by="canbo", register_book="2026",
                        register_no=i + 1, time_limit_days=5, status="returned",
                        due_at=at + timedelta(days=7), finished_at=at + timedelta(days=3),
                        returned_at=at + timedelta(days=4))
            s.add(d)
            s.flush()
            kinds = ("received", *KINDS)[:events_each]
            for k, kind in enumerate(kinds):
                s.add(DossierEvent(dossier_id=d.id, kind=kind, at=at + timedelta(days=k),
                                   user_name="canbo", counter_no=1, origin=f"{AGENCY}#1",
                                   seq=i * 10 + k, payload={}, prev_hash="0" * 64,
                                   hash=f"{i:032d}{k:032d}"))
    eng.dispose()
    return codes


STATUS_CODES = {"received": "1", "processing": "2", "awaiting-supplement": "3",
                "result-ready": "4", "returned": "5", "refused": "6", "withdrawn": "7",
                "void": "8", "stopped": "9"}


@dataclass
class Linked:
    cen: Central
    portal_url: str            # the portal login's URL with its password
    stand_in: StandInProc


def configure(cen: Central, stand: StandInProc, statuses: dict[str, str] | None = None) -> None:
    r = portal_cli("portal", "configure", "--central", cen.admin_url, "--adapter-url", stand.url,
                   "--auth-path", "/auth", "--integration-path", "/integration", "--username",
                   "onestop", "--dstcode", "H36", "--madonvi", "000.00.15.H36", "--json")
    assert r.returncode == 0, r.stderr
    pairs: list[str] = []
    for ours, theirs in (statuses if statuses is not None else STATUS_CODES).items():
        pairs += ["--status", f"{ours}={theirs}"]
    if pairs:
        r = portal_cli("portal", "map", "--central", cen.admin_url, *pairs, "--json")
        assert r.returncode == 0, r.stderr


@pytest.fixture
def linked(tmp_path: Path, central_db: Central) -> Iterator[Linked]:  # noqa: F811
    stand = start_standin(tmp_path)
    configure(central_db, stand)
    login = add_portal(central_db.admin_url, f"{central_db.database}_link")
    try:
        yield Linked(central_db, login.url, stand)  # type: ignore[attr-defined]
    finally:
        stand.stop()


def ledger_rows(cen: Central, sql: str, **params: Any) -> list[Any]:
    eng = create_engine(cen.admin_url)
    try:
        with eng.begin() as conn:
            return list(conn.execute(text(sql), params).all())
    finally:
        eng.dispose()
