"""The command line of the public service centre (issue 14), exactly as the issue states it."""

from __future__ import annotations

from pathlib import Path

from tests.support.cli import Runner
from tests.cli.test_cli import counts, failed, ok

CENTRE = "000.00.60.H36"
EDU = "000.00.15.H36"
HEALTH = "000.00.16.H36"
BRANCH = "000.11.60.H36"
NOW = "2026-03-02T09:00:00+07:00"


def test_a_centre_from_init_to_receipt(tmp_path: Path, home: Path) -> None:
    cli = Runner(f"sqlite:///{tmp_path / 'centre.sqlite3'}", home)
    init = ok(cli("init", "--unit-code", CENTRE, "--unit-name",
                  "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH LÂM ĐỒNG", "--unit-parent",
                  "UBND TỈNH LÂM ĐỒNG", "--unit-place", "Lâm Đồng", "--unit-address",
                  "Đà Lạt", "--counter", "60", "--json", now=NOW)).json
    assert (init["agency_code"], init["counter"]) == (CENTRE, 60)
    for code, name in ((EDU, "SỞ GIÁO DỤC VÀ ĐÀO TẠO"), (HEALTH, "SỞ Y TẾ")):
        got = ok(cli("agency", "add", code, "--name", name, "--parent", "UBND TỈNH LÂM ĐỒNG",
                     "--valid-from", "2025-07-01", "--json", now=NOW)).json
        assert (got["code"], got["kind"], got["valid_from"]) == (code, "agency", "2025-07-01")
    ok(cli("agency", "add", BRANCH, "--name", "TRUNG TÂM PHỤC VỤ HCC PHƯỜNG XUÂN HƯƠNG",
           "--unit", "--place", "Đà Lạt", now=NOW))
    listed = ok(cli("agency", "list", "--json", now=NOW)).json["agencies"]
    assert [(a["code"], a["kind"]) for a in listed] == [
        (EDU, "agency"), (HEALTH, "agency"), (CENTRE, "unit"), (BRANCH, "unit")]
    assert next(a for a in listed if a["code"] == CENTRE)["counters"] == 1
    csv = tmp_path / "catalogue.csv"
    csv.write_text("code,name,days,agency\n"
                   f"2.001914,\"Chỉnh sửa nội dung văn bằng, chứng chỉ\",5,{EDU}|{HEALTH}\n",
                   encoding="utf-8")
    ok(cli("catalogue", "import", str(csv), "--update", now=NOW))
    before = counts(cli)
    args = ("receive", "--procedure", "2.001914", "--name", "Nguyễn Văn An", "--json")
    failed(cli(*args, now=NOW), 2, "agency")                       # several: choose one
    failed(cli(*args, "--agency", "000.00.99.H36", now=NOW), 2, "agency")   # not its agency
    failed(cli(*args, "--agency", EDU, "--return-unit", HEALTH, now=NOW), 2, "return_unit")
    assert counts(cli) == before                                   # nothing written
    got = ok(cli(*args, "--agency", HEALTH, "--return-unit", BRANCH, now=NOW)).json
    assert got["code"] == f"{CENTRE}-260302-6000"                  # counter 60's share
    assert (got["agency_code"], got["unit_code"], got["return_unit_code"]) == (
        HEALTH, CENTRE, BRANCH)
    show = ok(cli("show", got["code"], "--json", now=NOW)).json
    assert (show["agency_code"], show["unit_code"], show["return_unit_code"]) == (
        HEALTH, CENTRE, BRANCH)
    assert show["names_at_receipt"]["agency"]["name"] == "SỞ Y TẾ"


def test_bad_codes_and_counters_exit_2_with_nothing_written(cli: Runner) -> None:
    before = counts(cli)
    failed(cli("agency", "add", "000.00.15", "--name", "Sở", now=NOW), 2, "agency_code")
    failed(cli("agency", "add", HEALTH, "--name", "SỞ Y TẾ", "--valid-from", "2026-02-30",
               now=NOW), 2, "valid_from")
    failed(cli("agency", "add", HEALTH, "--name", "SỞ Y TẾ", "--successor", "000.00.98.H36",
               now=NOW), 2, "successor")
    failed(cli("agency", "add", EDU, "--name", "TRÙNG", now=NOW), 2, "agency_code")
    failed(cli("init", "--unit-code", "H36", "--unit-name", "Trung tâm", now=NOW), 2,
           "unit_code")
    failed(cli("init", "--counter", "100", now=NOW), 2, "counter")
    failed(cli("init", "--counter", "0", now=NOW), 2, "counter")
    assert counts(cli) == before


def test_the_centre_demo_receives_in_office_hours_within_each_counters_share(
        tmp_path: Path, home: Path) -> None:
    """``demo --centre`` with more dossiers than one day's share of codes: spread over working
    days in office hours (it used to receive one every five minutes back from now, through the
    night, and stopped when a day's 100 codes ran out)."""
    from datetime import datetime

    import tests.rawdb as sqlite3
    from onestop.domain.calendar import VN_TZ

    db = tmp_path / "demo.sqlite3"
    cli = Runner(f"sqlite:///{db}", home)
    now = datetime.fromisoformat("2026-03-03T10:00:00+07:00")   # a Tuesday
    got = ok(cli("demo", "--centre", "--dossiers", "150", "--json", now=now.isoformat())).json
    assert len(got["dossiers"]) == len(set(got["dossiers"])) == 150
    con = sqlite3.connect(db)
    rows = con.execute("SELECT code, received_at, agency_code FROM dossier").fetchall()
    con.close()
    assert sorted(r[0] for r in rows) == sorted(got["dossiers"])
    per_day: dict[str, int] = {}
    for code, received_at, _agency in rows:
        per_day[code.split("-")[1]] = per_day.get(code.split("-")[1], 0) + 1
        local = datetime.fromisoformat(received_at).replace(tzinfo=None)
        local = local.replace(tzinfo=VN_TZ) if "+" in received_at else \
            datetime.fromisoformat(received_at + "+00:00").astimezone(VN_TZ)
        assert local.weekday() < 5 and (7, 30) <= (local.hour, local.minute) <= (12, 10), local
        assert local < now
    assert max(per_day.values()) <= 40 and len(per_day) >= 4
    assert {EDU, HEALTH} <= {r[2] for r in rows}
