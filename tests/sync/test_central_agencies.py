"""The central register of handling agencies (issue 14): ``onestop central add-agency`` and
``set-agency``, written once with a central administrator's login, pulled by every counter.

Real PostgreSQL with row-level security, the real CLI in subprocesses (counters on SQLite
joined with ``onestop join``), real PDFs read back with pdftotext.
"""

from __future__ import annotations

import json
import subprocess
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from onestop.storage import credentials
from onestop.sync import roles
from tests.support import pdf
from tests.support.central import Central, run_cli

pytestmark = pytest.mark.postgres

CENTRE = "000.00.60.H36"     # the provincial centre (fictional code for the test)
EDU = "000.00.15.H36"        # Sở GD&ĐT Lâm Đồng
HEALTH = "000.00.16.H36"     # Sở Y tế (fictional code)
MERGED = "000.00.18.H36"     # the agency it is merged into (fictional)
PROC = "2.001914"
PARENT = "UBND TỈNH LÂM ĐỒNG"


def _plain(url: str) -> tuple[str, str]:
    """(the URL without its password, the password)."""
    u = credentials.normalise(url)
    return (credentials.public_text(u).replace("postgresql+psycopg://", "postgresql://", 1),
            str(u.password))


def _ok(r: subprocess.CompletedProcess[str]) -> Any:
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout.strip().splitlines()[-1])


def _refused(r: subprocess.CompletedProcess[str], field: str, code: int = 2) -> str:
    assert r.returncode == code, (r.returncode, r.stdout, r.stderr)
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{field}: "), r.stderr
    assert lines[0].rstrip().endswith("."), lines[0]
    return lines[0]


class Admin:
    """The central administrator at the CLI, with their own login."""

    def __init__(self, cen: Central, home: Path) -> None:
        login = cen.add_admin()
        self.url, self.password = _plain(login.url)
        self.home = home

    def __call__(self, verb: str, *args: str) -> subprocess.CompletedProcess[str]:
        return run_cli(self.home, "central", verb, "--url", self.url, *args,
                       password=self.password)


def _counter(tmp: Path, cen: Central) -> Path:
    """A counter PC of the centre, joined from scratch (``central add-counter --unit``)."""
    owner = _plain(cen.admin_url)
    login = _ok(run_cli(tmp, "central", "add-counter", "--url", owner[0], "--unit", CENTRE,
                        "--counter", "1", "--unit-name", "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG",
                        "--json", password=owner[1]))
    home = tmp / "pc1"
    _ok(run_cli(home, "join", login["url"], "--json", password=login["password"]))
    return home


def _agencies(home: Path) -> dict[str, dict[str, Any]]:
    return {a["code"]: a for a in _ok(run_cli(home, "agency", "list", "--json"))["agencies"]}


def _receive(home: Path, agency: str) -> subprocess.CompletedProcess[str]:
    return run_cli(home, "receive", "--procedure", PROC, "--name", "Nguyễn Văn An",
                   "--agency", agency, "--json")


def _procedure_agencies(cen: Central) -> str:
    engine = cen.engine()
    with engine.connect() as conn:
        value = conn.execute(text("SELECT agency_codes FROM procedure WHERE code = :c"),
                             {"c": PROC}).scalar_one()
    engine.dispose()
    return str(value or "")


def _slip(home: Path, tmp: Path, name: str, *args: str) -> str:
    out = tmp / f"{name}.pdf"
    r = run_cli(home, *args, "--out", str(out))
    assert r.returncode == 0, r.stderr
    return pdf.text(out)


def test_an_agency_added_once_reaches_the_counters(tmp_path: Path, central_db: Central) -> None:
    admin = Admin(central_db, tmp_path / "admin")
    _ok(admin("add-agency", EDU, "--name", "SỞ GIÁO DỤC VÀ ĐÀO TẠO", "--parent", PARENT,
              "--procedure", PROC, "--json"))
    home = _counter(tmp_path, central_db)
    assert _agencies(home)[EDU]["kind"] == "agency"           # pulled by the join's sync
    assert _ok(_receive(home, EDU))["agency_code"] == EDU

    # a new agency: unknown on the counter until its normal sync brings it
    _refused(_receive(home, HEALTH), "agency")
    added = _ok(admin("add-agency", HEALTH, "--name", "SỞ Y TẾ (mã minh họa)", "--parent",
                      PARENT, "--procedure", PROC, "--json"))
    assert added["created"] and added["procedures"] == [PROC] and added["kind"] == "agency"
    assert _procedure_agencies(central_db) == f"{EDU}|{HEALTH}"
    _refused(_receive(home, HEALTH), "agency")
    _ok(run_cli(home, "sync", "--json"))
    listed = _agencies(home)[HEALTH]
    assert (listed["name"], listed["parent"], listed["kind"]) == (
        "SỞ Y TẾ (mã minh họa)", PARENT, "agency")
    got = _ok(_receive(home, HEALTH))
    code = got["code"]
    assert (got["agency_code"], got["unit_code"]) == (HEALTH, CENTRE)
    receipt = _slip(home, tmp_path, "receipt1", "receipt", code)
    control = _slip(home, tmp_path, "control1", "form", "control", code)
    assert "SỞ Y TẾ (mã minh họa)" in receipt and "SỞ Y TẾ (mã minh họa)" in control
    _ok(run_cli(home, "sync", "--json"))

    # later the agency is renamed and merged: changed once, centrally
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    _ok(admin("add-agency", MERGED, "--name", "SỞ Y TẾ VÀ DÂN SỐ (mã minh họa)", "--parent",
              PARENT, "--procedure", PROC, "--json"))
    changed = _ok(admin("set-agency", HEALTH, "--name", "SỞ Y TẾ CŨ (mã minh họa)",
                        "--valid-to", yesterday, "--successor", MERGED, "--json"))
    assert (changed["created"], changed["successor"], changed["version"]) == (False, MERGED, 2)
    _ok(run_cli(home, "sync", "--json"))
    listed = _agencies(home)[HEALTH]
    assert (listed["name"], listed["successor"], listed["valid_to"]) == (
        "SỞ Y TẾ CŨ (mã minh họa)", MERGED, yesterday)
    # the old dossier and its slips keep the agency as it was at receipt
    shown = _ok(run_cli(home, "show", code, "--json"))
    assert shown["agency_code"] == HEALTH
    assert shown["names_at_receipt"]["agency"]["name"] == "SỞ Y TẾ (mã minh họa)"
    again = _slip(home, tmp_path, "receipt2", "receipt", code, "--reprint-reason",
                  "Công dân làm mất giấy biên nhận")
    assert "SỞ Y TẾ (mã minh họa)" in again and "CŨ" not in again and "DÂN SỐ" not in again
    assert _slip(home, tmp_path, "control2", "form", "control", code) == control
    # the agency is no longer valid: its successor receives from now on
    assert "hiệu lực" in _refused(_receive(home, HEALTH), "agency")
    assert _ok(_receive(home, MERGED))["agency_code"] == MERGED
    _ok(run_cli(home, "sync", "--json"))

    # readers: the successor's reader sees the dossiers of the agency merged into it
    engine = central_db.engine()
    with engine.connect() as conn:
        by_agency = {a: sorted(conn.execute(text(
            "SELECT code FROM dossier WHERE agency_code = :a"), {"a": a}).scalars())
            for a in (EDU, HEALTH, MERGED)}
    engine.dispose()
    assert all(len(v) == 1 for v in by_agency.values()), by_agency
    prefix = roles.role_prefix(central_db.database)
    cases = (({"agency": HEALTH}, by_agency[HEALTH]),
             ({"agency": MERGED}, sorted(by_agency[HEALTH] + by_agency[MERGED])),
             ({"agency": EDU}, by_agency[EDU]),
             ({"unit": CENTRE}, sorted(sum(by_agency.values(), []))))
    for i, (scope, expected) in enumerate(cases):
        login = roles.add_reader(central_db.admin_url, f"{prefix}_rd{i}", **scope)
        reader = create_engine(credentials.full_text(credentials.normalise(login.url)))
        try:
            with reader.connect() as conn:
                assert sorted(conn.execute(text("SELECT code FROM dossier")).scalars()
                              ) == expected, scope
                assert conn.execute(text("SELECT count(DISTINCT dossier_id) FROM "
                                         "dossier_event")).scalar_one() == len(expected)
        finally:
            reader.dispose()


def _census(cen: Central) -> tuple[Any, ...]:
    engine = cen.engine()
    with engine.connect() as conn:
        out = (conn.execute(text("SELECT code, name, version, successor_code, valid_to FROM "
                                 "agency ORDER BY code")).all(),
               conn.execute(text("SELECT code, agency_codes, version FROM procedure "
                                 "ORDER BY code")).all())
    engine.dispose()
    return out


#: A new agency row copied from EDU's (every NOT NULL column filled)
_COPY = ("INSERT INTO agency (id, code, name, parent_name, unit_name, address, phone, place_name, "
         "settings, kind, created_at, updated_at, version) SELECT gen_random_uuid(), '{code}', "
         "name, parent_name, unit_name, address, phone, place_name, settings, '{kind}', now(), "
         f"now(), 1 FROM agency WHERE code = '{EDU}'")


def test_bad_input_writes_nothing(tmp_path: Path, central_db: Central) -> None:
    admin = Admin(central_db, tmp_path / "admin")
    _ok(admin("add-agency", EDU, "--name", "SỞ GIÁO DỤC VÀ ĐÀO TẠO", "--json"))
    before = _census(central_db)
    cases = (
        (("add-agency", "000.00.16", "--name", "X"), "agency_code"),
        (("add-agency", "abc", "--name", "X"), "agency_code"),
        (("add-agency", HEALTH), "agency_name"),
        (("add-agency", HEALTH, "--name", "SỞ Y TẾ", "--successor", "000.00.99.H36"),
         "successor"),
        (("add-agency", HEALTH, "--name", "SỞ Y TẾ", "--successor", HEALTH), "successor"),
        (("add-agency", HEALTH, "--name", "SỞ Y TẾ", "--successor", "x.y"), "successor"),
        (("add-agency", HEALTH, "--name", "SỞ Y TẾ", "--valid-from", "2026-07-01",
          "--valid-to", "2026-06-30"), "valid_to"),
        (("add-agency", HEALTH, "--name", "SỞ Y TẾ", "--valid-from", "31/02/2026"),
         "valid_from"),
        (("add-agency", HEALTH, "--name", "SỞ Y TẾ", "--procedure", "9.999999"), "procedure"),
        (("add-agency", EDU, "--name", "SỞ GD&ĐT"), "agency_code"),              # already there
        (("set-agency", HEALTH, "--name", "SỞ Y TẾ"), "agency_code"),             # not there
        (("set-agency", EDU, "--valid-from", "2026-07-01", "--valid-to", "2026-06-30"),
         "valid_to"),
        (("add-agency", HEALTH, "--name", "SỞ Y TẾ", "--procedure", PROC, "--successor",
          "000.00.99.H36"), "successor"),
    )
    for args, field in cases:
        _refused(admin(*args), field)
    assert _census(central_db) == before
    # a change that would leave valid-to before the stored valid-from
    _ok(admin("set-agency", EDU, "--valid-from", "2026-07-01", "--json"))
    _refused(admin("set-agency", EDU, "--valid-to", "2026-06-30"), "valid_to")

    # a receiving unit's row is not the central administrator's (nor is making one)
    owner = _plain(central_db.admin_url)
    login = _ok(run_cli(tmp_path, "central", "add-counter", "--url", owner[0], "--unit",
                        CENTRE, "--counter", "1", "--unit-name", "TRUNG TÂM", "--json",
                        password=owner[1]))
    _refused(admin("set-agency", CENTRE, "--name", "TRUNG TÂM MỚI"), "agency_code")
    # …but the database owner may
    assert _ok(run_cli(tmp_path, "central", "set-agency", "--url", owner[0], CENTRE,
                       "--parent", PARENT, "--json", password=owner[1]))["kind"] == "unit"
    # a counter's login may not write the register: refused by the server
    r = run_cli(tmp_path, "central", "add-agency", "--url", _plain(login["url"])[0], HEALTH,
                "--name", "SỞ Y TẾ", password=login["password"])
    assert r.returncode == 4 and r.stderr.startswith("url: "), r.stderr

    # the database refuses it too, whoever writes
    engine = central_db.engine()
    bad = (
        (_COPY.format(code="abc", kind="agency"), "ck_agency_code_shape"),
        (f"UPDATE agency SET successor_code = '000.00.99.H36' WHERE code = '{EDU}'",
         "ck_agency_successor"),
        (f"UPDATE agency SET successor_code = code WHERE code = '{EDU}'", "ck_agency_successor"),
        (f"UPDATE agency SET valid_from = '2026-07-01', valid_to = '2026-06-30' "
         f"WHERE code = '{EDU}'", "validity"),
    )
    for sql, constraint in bad:
        with pytest.raises(DBAPIError) as info, engine.begin() as conn:
            conn.execute(text(sql))
        assert constraint in str(info.value.orig), info.value.orig
    # the admin login: handling agencies only
    admin_engine = create_engine(credentials.full_text(credentials.normalise(
        central_db.add_admin("qtv2").url)))
    with pytest.raises(DBAPIError) as info, admin_engine.begin() as conn:
        conn.execute(text(_COPY.format(code="000.00.61.H36", kind="unit")))
    assert "row-level security" in str(info.value.orig)
    with admin_engine.begin() as conn:
        assert conn.execute(text("UPDATE agency SET name = 'X' WHERE code = :c"),
                            {"c": CENTRE}).rowcount == 0
    with pytest.raises(DBAPIError) as info, admin_engine.begin() as conn:
        conn.execute(text("DELETE FROM agency WHERE code = :c"), {"c": EDU})
    assert "permission denied" in str(info.value.orig)
    admin_engine.dispose()
    engine.dispose()
