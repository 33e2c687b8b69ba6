"""Hand-over, return at another unit, and who sees what centrally (issue 14, items 4 and 5).

A provincial centre receives a dossier whose result the citizen collects at a commune
centre: the commune's counter gets it with its normal sync, may append the return and notes
to it — nothing else — and the central row shows it returned. Readers scoped to a handling
agency or to a unit see exactly their dossiers. Real PostgreSQL with row-level security, real
SQLite counters, the real CLI for the bad-input case.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from onestop import sync
from onestop.services import forms, queries
from onestop.services.install import setup
from onestop.services.context import Context
from onestop.services.errors import ValidationError
from onestop.services.processing import EventRequest, kinds_here, record
from onestop.services.reception import ReceiveRequest, receive
from onestop.storage.models import Agency, Dossier, uuid7
from onestop.storage import credentials
from onestop.sync import roles
from tests.support.central import Central, run_cli
from tests.support.clock import confirm_clock
from tests.support.clock import Clock

pytestmark = pytest.mark.postgres

CENTRE = "000.00.00.H36"     # the provincial centre (fictional code for the test)
BRANCH = "000.00.01.H36"     # a commune centre (fictional)
EDU = "000.00.15.H36"        # Sở GD&ĐT Lâm Đồng
HEALTH = "000.00.16.H36"     # Sở Y tế (fictional code)
PROC = "2.001914"


def _engine(url: str):  # type: ignore[no-untyped-def]
    return create_engine(credentials.full_text(credentials.normalise(url)))


def _directory(cen: Central) -> None:
    engine = cen.engine()
    with Session(engine) as s, s.begin():
        for code, name in ((EDU, "SỞ GIÁO DỤC VÀ ĐÀO TẠO"), (HEALTH, "SỞ Y TẾ")):
            s.add(Agency(id=uuid7(), code=code, name=name, parent_name="UBND TỈNH LÂM ĐỒNG",
                         kind="agency"))
        s.execute(text("UPDATE procedure SET agency_codes = :a, version = version + 1 "
                       "WHERE code = :c"), {"a": f"{EDU}|{HEALTH}", "c": PROC})
    engine.dispose()


def _desk(tmp: Path, cen: Central, unit: str, name: str, clock: Clock) -> tuple[Context, str]:
    home = tmp / unit
    home.mkdir(parents=True)
    ctx = Context.open(f"sqlite:///{home / 'db.sqlite3'}")
    ctx.clock = clock
    setup.init(ctx, counter=1, unit={"code": unit, "name": name,
                                     "parent": "UBND TỈNH LÂM ĐỒNG", "place": "Lâm Đồng"})
    confirm_clock(ctx)
    login = roles.add_counter(cen.admin_url, unit, 1, agency_name=name, kind="unit")
    return ctx, login.url


def _synced(ctx: Context, url: str) -> None:
    st = sync.run_once(ctx, url)
    assert st.last_error is None and st.pending == 0, st


def _refused(engine, sql: str, params: dict) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(DBAPIError) as info, engine.begin() as conn:
        conn.execute(text(sql), params)
    assert isinstance(info.value.orig, psycopg.errors.InsufficientPrivilege)
    return str(info.value.orig)


EVENT_INSERT = (
    "INSERT INTO dossier_event (id, dossier_id, kind, at, user_name, counter_no, origin, seq, "
    "payload, prev_hash, hash, created_at, updated_at, version) VALUES (:id, :d, :k, now(), "
    "'x', 1, :o, 999, '{}', '', '', now(), now(), 1)")


@pytest.fixture
def centre(tmp_path: Path, central_db: Central, clock: Clock):  # type: ignore[no-untyped-def]
    _directory(central_db)
    a = _desk(tmp_path, central_db, CENTRE, "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH", clock)
    b = _desk(tmp_path, central_db, BRANCH, "TRUNG TÂM PHỤC VỤ HCC XÃ LẠC DƯƠNG", clock)
    for desk in (a, b):   # joined: the directory of units and agencies and the catalogue
        _synced(*desk)
    # the centre receives two dossiers; the citizen of the first collects at the commune
    away = receive(a[0], ReceiveRequest(PROC, "Nguyễn Văn An", agency=EDU, return_unit=BRANCH))
    home = receive(a[0], ReceiveRequest(PROC, "Trần Thị Bình", agency=HEALTH))
    assert (away.return_unit_code, home.return_unit_code) == (BRANCH, CENTRE)
    _synced(*a)
    _synced(*b)
    yield a, b, away.code, home.code
    for ctx, _url in (a, b):
        ctx.engine.dispose()


def test_return_at_another_unit(centre, central_db: Central, clock: Clock,  # type: ignore[no-untyped-def]
                                tmp_path: Path) -> None:
    (a, a_url), (b, b_url), away, home = centre
    # the commune's counter received the dossier with its normal sync: it can scan it
    seen = queries.show(b, away)
    assert (seen.unit_code, seen.agency_code, seen.return_unit_code) == (CENTRE, EDU, BRANCH)
    with pytest.raises(Exception):   # the other dossier of the centre is not here
        queries.show(b, home)
    # at the return point: notes, and later the return; nothing else
    clock.advance(minutes=5)
    for kind, extra in (("transfer", {"to": "Sở GD&ĐT"}), ("result-ready", {}),
                        ("withdraw", {"reason": "thử"})):
        with pytest.raises(ValidationError) as info:
            record(b, away, EventRequest(kind, **extra))
        assert info.value.errors[0].field == "kind"
        assert info.value.errors[0].code == "return_point_only"
    # what the detail view offers there
    assert kinds_here(b, seen, ["transfer", "note", "withdraw"]) == ["note"]
    assert kinds_here(a, seen, ["transfer", "note"]) == ["transfer", "note"]
    record(b, away, EventRequest("note", reason="Công dân gọi hỏi tiến độ"))
    _synced(b, b_url)
    # the centre hands it over to the Sở and records its result
    clock.advance(minutes=5)
    # the hand-over to the handling agency: an event, addressed to it by default
    handed = record(a, away, EventRequest("transfer"))
    assert handed.events[-1].payload["to"] == "SỞ GIÁO DỤC VÀ ĐÀO TẠO"
    clock.advance(hours=2)
    record(a, away, EventRequest("result-ready"))
    _synced(a, a_url)
    _synced(b, b_url)
    assert queries.show(b, away).status == "result-ready"
    clock.advance(hours=1)
    done = record(b, away, EventRequest("return", collector="Nguyễn Văn An", rating="2",
                                        comment="Nhận kết quả gần nhà, rất tiện."))
    assert done.status == "returned"
    _synced(b, b_url)
    engine = central_db.engine()
    with engine.connect() as conn:
        row = conn.execute(text("SELECT status, returned_at IS NOT NULL, agency_id = "
                                "(SELECT id FROM agency WHERE code = :u), rating, "
                                "rating_comment, returned_by FROM dossier "
                                "WHERE code = :c"), {"c": away, "u": CENTRE}).one()
        returner = conn.execute(text("SELECT e.user_name FROM dossier_event e JOIN dossier d "
                                     "ON d.id = e.dossier_id WHERE d.code = :c AND "
                                     "e.kind = 'return'"), {"c": away}).scalar_one()
        kinds = conn.execute(text("SELECT e.kind, e.origin FROM dossier_event e JOIN dossier d "
                                  "ON d.id = e.dossier_id WHERE d.code = :c ORDER BY e.at"),
                             {"c": away}).all()
    engine.dispose()
    # the server projected the return with its rating (revision 0013), like the counter
    assert tuple(row) == ("returned", True, True, "satisfied",
                          "Nhận kết quả gần nhà, rất tiện.", returner)
    assert [k for k, _ in kinds] == ["received", "note", "transfer", "result-ready", "return"]
    assert dict(kinds)["return"] == f"{BRANCH}#1" and dict(kinds)["note"] == f"{BRANCH}#1"
    # the receiving centre gets the return with its normal sync; the control sheet's events
    _synced(a, a_url)
    back = queries.show(a, away)
    assert back.status == "returned"
    with a.reading() as session:
        mine = session.execute(select(Dossier.rating, Dossier.returned_by).where(
            Dossier.code == away)).one()
    assert tuple(mine) == ("satisfied", returner)
    assert [e.kind for e in back.events] == [k for k, _ in kinds]
    # the control sheet lists the hand-over, the agency's result and the return elsewhere
    pdf = tmp_path / "control.pdf"
    pdf.write_bytes(forms.form_pdf(a, away, "control"))
    sheet = " ".join(subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                                    capture_output=True, text=True).stdout.split())
    for words in ("2. Nhận: SỞ GIÁO DỤC VÀ", "1. Giao: SỞ GIÁO DỤC VÀ",
                  "1. Giao: Bộ phận Một cửa – 11 giờ 40 phút TRUNG TÂM PHỤC VỤ HCC",
                  "XÃ LẠC DƯƠNG", "2. Nhận: Ông/Bà Nguyễn Văn An"):
        assert words in sheet, sheet


def test_return_point_login_appends_return_and_notes_only(centre, central_db: Central) -> None:  # type: ignore[no-untyped-def]
    (_a, _a_url), (_b, b_url), away, home = centre
    admin = central_db.engine()
    with admin.connect() as conn:
        ids = dict(conn.execute(text("SELECT code, id FROM dossier")).all())
    admin.dispose()
    engine = _engine(b_url)
    origin = f"{BRANCH}#1"
    try:
        with engine.begin() as conn:
            assert conn.execute(text("SELECT code FROM dossier")).scalars().all() == [away]
            # not its dossier: the row cannot be written, only events appended
            assert conn.execute(text("UPDATE dossier SET status = 'returned' WHERE id = :i"),
                                {"i": ids[away]}).rowcount == 0
            assert conn.execute(text("UPDATE dossier SET notes = 'x' WHERE id = :i"),
                                {"i": ids[home]}).rowcount == 0
            conn.execute(text(EVENT_INSERT), {"id": uuid7(), "d": ids[away], "k": "note",
                                              "o": origin})
        for kind, target in (("transfer", away), ("result-ready", away), ("note", home)):
            msg = _refused(engine, EVENT_INSERT, {"id": uuid7(), "d": ids[target], "k": kind,
                                                  "o": origin})
            assert "row-level security" in msg
    finally:
        engine.dispose()


def test_readers_by_agency_and_by_unit(centre, central_db: Central, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _a, _b, away, home = centre
    prefix = roles.role_prefix(central_db.database)
    cases = ((dict(agency=HEALTH), [home]), (dict(agency=EDU), [away]),
             (dict(unit=BRANCH), [away]), (dict(unit=CENTRE), sorted([away, home])))
    for i, (scope, expected) in enumerate(cases):
        login = roles.add_reader(central_db.admin_url, f"{prefix}_rd{i}", **scope)
        engine = _engine(login.url)
        try:
            with engine.connect() as conn:
                assert conn.execute(text("SELECT code FROM dossier ORDER BY code")
                                    ).scalars().all() == expected, scope
                n = conn.execute(text("SELECT count(DISTINCT dossier_id) FROM dossier_event")
                                 ).scalar_one()
                assert n == len(expected)
                assert conn.execute(text("SELECT count(*) FROM agency")).scalar_one() == 4
            # never the password hashes (issue 19: the account columns a permission check
            # needs are readable, so `--user` works on a scoped reader's connection)
            with pytest.raises(DBAPIError):
                with engine.connect() as conn:
                    conn.execute(text("SELECT password_hash FROM app_user"))
            with pytest.raises(DBAPIError):
                with engine.begin() as conn:
                    conn.execute(text("UPDATE dossier SET notes = 'x'"))
        finally:
            engine.dispose()
    # an agency or unit the central database does not know: refused, nothing made
    with pytest.raises(ValidationError) as info:
        roles.add_reader(central_db.admin_url, f"{prefix}_rdx", agency="000.00.99.H36")
    assert info.value.errors[0].field == "agency"
    with pytest.raises(ValidationError) as info:
        roles.add_reader(central_db.admin_url, f"{prefix}_rdx", unit=EDU)   # not a unit
    assert info.value.errors[0].field == "unit"
    u = credentials.normalise(central_db.admin_url)
    plain = credentials.public_text(u).replace("postgresql+psycopg://", "postgresql://", 1)
    password = str(u.password)
    for flag, field in (("--agency", "agency"), ("--unit", "unit")):
        r = run_cli(tmp_path / "cli", "central", "add-reader", "--url", plain,
                    "--name", f"{prefix}_rdy", flag, "000.00.99.H36", password=password)
        assert r.returncode == 2, r.stderr
        assert r.stderr.strip().startswith(f"{field}: "), r.stderr
        assert len(r.stderr.strip().splitlines()) == 1
    admin = central_db.engine()
    with admin.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM pg_roles WHERE rolname IN (:a, :b)"),
                            {"a": f"{prefix}_rdx", "b": f"{prefix}_rdy"}).scalar_one() == 0
    admin.dispose()


def test_reports_by_agency_and_unit_across_units(centre, central_db: Central,  # type: ignore[no-untyped-def]
                                                 clock: Clock, tmp_path: Path) -> None:
    import json

    from onestop.services import reports

    (_a, _a_url), (b, b_url), away, home = centre
    third = receive(b, ReceiveRequest(PROC, "Lê Văn Cường", agency=EDU)).code
    _synced(b, b_url)
    # the statutory period report of one agency across every unit, on the central database
    central = Context.open(central_db.admin_url)
    central.clock = clock
    try:
        p = reports.Period.month_of(clock.now.date())
        edu = reports.period_report(central, p, reports.ReportFilter(agency_code=EDU))
        assert edu.total["received"] == 2
        assert [(r.level, r.key, r["received"]) for r in edu.units] == [
            ("unit", CENTRE, 1), ("unit", BRANCH, 1)]
        assert edu.agencies == ()          # narrowed to one agency already
        every = reports.period_report(central, p)
        assert [(r.key, r["received"]) for r in every.agencies] == [(EDU, 2), (HEALTH, 1)]
        assert every.agencies[1].label == "SỞ Y TẾ"
        # every number still lists exactly its dossiers
        listed = queries.list_ids(central, every.units[1].metrics["received"].filter)
        assert len(listed) == 1
        assert reports.narrowing(central, EDU, BRANCH) == (EDU, BRANCH)
    finally:
        central.engine.dispose()
    # the CLI, on the central database: --agency, --unit, and an unknown code
    u = credentials.normalise(central_db.admin_url)
    db = credentials.full_text(u)
    common = ("--from", "2026-03-01", "--to", "2026-03-31", "--now", "2026-03-05T10:00:00+07:00")
    r = run_cli(tmp_path / "cli", "--db", db, "report", "period", "--agency", EDU, *common)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["total"]["received"] == 2 and out["filter"] == {"agency_code": EDU}
    assert [u["key"] for u in out["units"]] == [CENTRE, BRANCH]
    r = run_cli(tmp_path / "cli", "--db", db, "report", "overview", "--unit", BRANCH, *common)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["period"]["total"]["received"] == 1
    for flag, field, value in (("--agency", "agency", "000.00.99.H36"),
                               ("--unit", "unit", HEALTH), ("--agency", "agency", "abc")):
        r = run_cli(tmp_path / "cli", "--db", db, "report", "overdue", flag, value, *common)
        assert r.returncode == 2, r.stderr
        lines = r.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"{field}: "), r.stderr
    assert third and away and home
