"""Issue 19: supervisors read the central database directly, with a reader login.

On a real PostgreSQL, a central database filled by ``tests/bench/make_province.py`` (a small
province), read through ``onestop --db postgresql://reader@… report …`` and the services:

* the report a reader gets is the report the owner gets (same numbers), for the whole
  province and narrowed to one agency, through the global reader and an agency's scoped one;
* a reader signs in on the central database: a failed sign-in counts on the account and
  is audited in the reader's own chain (``reader:<login>``); a good one clears the count;
* and writes nothing else: no password hash, no other origin's audit entry, no dossier, no
  other ``local_setting`` key; a scoped reader never reads the password hashes;
* the province indexes exist after ``central init`` and the overview's scans use them;
* the province benchmark runs end to end at a small size (CI keeps it from rotting).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from onestop.domain.calendar import VN_TZ
from onestop.services import reports, users
from onestop.services.context import Context, open_checked
from onestop.services.errors import AuthFailed
from onestop.sync import central, province, roles
from tests.bench import bench_province, make_province
from tests.support.central import Central, central_scalar

pytestmark = pytest.mark.postgres
ROOT = Path(__file__).resolve().parents[2]
NOW = "2026-11-26T09:30"
AGENCY = "000.00.10.H36"


@pytest.fixture
def filled(central_db: Central) -> Central:
    """The central database with a small province (1,500 dossiers) and a supervisor."""
    assert make_province.main(["1500", "--url", central_db.admin_url, "--workers", "1"]) == 0
    engine = create_engine(central_db.admin_url)
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO app_user (id, created_at, updated_at, version, username, full_name, "
            "role, password_hash, active, failed_logins) VALUES (gen_random_uuid(), now(), "
            "now(), 1, 'giamsat', 'Giám sát', 'supervisor', :h, true, 0)"),
            {"h": users.HASHER.hash("dung-mat-khau")})
    engine.dispose()
    return central_db


def _login(cen: Central, name: str, **scope: str) -> str:
    s = roles.add_reader(cen.admin_url, f"{roles.role_prefix(cen.database)}_{name}", **scope)
    return make_url(s.url).set(password=s.password).render_as_string(hide_password=False)


def _report(url: str, *args: str) -> dict[str, Any]:
    env = {**os.environ, "ONESTOP_HOME": str(ROOT / ".test-home-province")}
    run = subprocess.run([sys.executable, "-m", "onestop", "--db", url, "--user", "giamsat",
                          "report", "overview", "--now", NOW, *args], capture_output=True,
                         text=True, env=env, cwd=ROOT, timeout=300)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def _numbers(report: dict[str, Any]) -> Any:
    """The numbers of an overview (the instant it was made at aside)."""
    report.pop("now", None)
    return report


def test_reader_reports_equal_the_owners(filled: Central) -> None:
    reader = _login(filled, "bgd")
    scoped = _login(filled, "sgd", agency=AGENCY)
    owner = filled.admin_url
    whole = _numbers(_report(owner))
    assert whole["period"]["total"]["received"] > 0
    assert _numbers(_report(reader)) == whole
    one = _numbers(_report(owner, "--agency", AGENCY))
    assert _numbers(_report(reader, "--agency", AGENCY)) == one
    # the agency's scoped reader sees exactly the agency's dossiers, narrowed or not
    assert _numbers(_report(scoped, "--agency", AGENCY)) == one
    assert 0 < one["period"]["total"]["received"] < whole["period"]["total"]["received"]
    # the per-agency rows of the province are the agency-narrowed totals (one grouped scan)
    row = next(r for r in whole["period"]["agencies"] if r["key"] == AGENCY)
    assert {k: v for k, v in row.items() if k not in ("level", "key", "label")} == \
        {k: v for k, v in one["period"]["total"].items() if k not in ("level", "key", "label")}


def test_reader_signs_in_and_audits_in_its_own_chain(filled: Central) -> None:
    url = _login(filled, "bgd")
    login = make_url(url).username
    ctx = open_checked(url, create=False)
    try:
        assert ctx.reader == login and ctx.read_only    # opened as a reader, said explicitly
        with pytest.raises(AuthFailed):
            users.authenticate(ctx, "giamsat", "sai-mat-khau")
        assert central_scalar(filled, "SELECT failed_logins FROM app_user WHERE username = "
                               "'giamsat'") == 1
        with pytest.raises(AuthFailed):
            users.authenticate(ctx, "khong-co-ai", "x")   # a name that is no account
        assert users.authenticate(ctx, "giamsat", "dung-mat-khau").username == "giamsat"
        assert central_scalar(filled, "SELECT failed_logins FROM app_user WHERE username = "
                               "'giamsat'") == 0
        origins = central_scalar(filled, "SELECT string_agg(DISTINCT origin, ',') FROM audit_entry "
                                  "WHERE action IN ('login', 'lockout')")
        assert origins == f"reader:{login}"
        assert central_scalar(filled, "SELECT count(*) FROM local_setting WHERE key LIKE "
                               "'login.unknown.%'") == 1
        assert central_scalar(filled, "SELECT count(*) FROM local_setting WHERE key = "
                               ":k", k=f"anchor.audit.reader:{login}") == 1
        assert central_scalar(filled, "SELECT count(*) FROM sync_outbox") == 0
    finally:
        ctx.engine.dispose()


@pytest.mark.parametrize("sql", [
    "UPDATE app_user SET password_hash = 'x' WHERE username = 'giamsat'",
    "UPDATE app_user SET role = 'admin' WHERE username = 'giamsat'",
    "UPDATE dossier SET notes = 'x'",
    "DELETE FROM audit_entry",
    "INSERT INTO audit_entry (id, origin, seq, at, actor, action, target, outcome, details, "
    "prev_hash, hash) VALUES (gen_random_uuid(), '000.00.00.H36#1', 999, now(), 'x', 'login', "
    "'', 'ok', '{}', '', '')",
    "INSERT INTO local_setting (key, value) VALUES ('agency_id', 'x')",
    "UPDATE local_setting SET value = 'x' WHERE key = 'schema'",
])
def test_reader_writes_nothing_else(filled: Central, sql: str) -> None:
    engine = create_engine(_login(filled, "bgd"))
    try:
        with engine.begin() as conn:
            try:
                hit = conn.execute(text(sql))
            except DBAPIError as exc:   # permission denied or row-level security
                assert exc.orig.sqlstate in ("42501", "42P01")   # type: ignore[union-attr]
            else:
                assert hit.rowcount == 0    # a policy hides every row it may not touch
    finally:
        engine.dispose()


def test_scoped_reader_never_reads_password_hashes(filled: Central) -> None:
    engine = create_engine(_login(filled, "sgd", agency=AGENCY))
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SELECT role FROM app_user WHERE username = 'giamsat'")
                                ).scalar() == "supervisor"
            with pytest.raises(DBAPIError) as err:
                conn.execute(text("SELECT password_hash FROM app_user"))
            assert err.value.orig.sqlstate == "42501"   # type: ignore[union-attr]
    finally:
        engine.dispose()


def test_province_indexes_are_made_by_init_and_used(filled: Central) -> None:
    central.init(filled.admin_url)    # the upgrade path: idempotent, nothing rebuilt
    names = set(str(n) for n in (central_scalar(
        filled, "SELECT array_agg(indexname::text) FROM pg_indexes WHERE indexname LIKE "
                "'ix_central_%'") or []))
    assert names == set(province.INDEXES)
    assert central_scalar(filled, "SELECT bool_and(indisvalid) FROM pg_index i JOIN pg_class c ON "
                           "c.oid = i.indexrelid WHERE c.relname LIKE 'ix_central_%'")
    engine = create_engine(filled.admin_url)
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SET enable_seqscan = off")
            plan = "\n".join(r[0] for r in conn.exec_driver_sql(
                "EXPLAIN SELECT count(*) FROM dossier WHERE agency_code = %(a)s AND "
                "status IN ('processing', 'received') AND sla_due_at < now()",
                {"a": AGENCY}))
    finally:
        engine.dispose()
    assert "ix_central_active" in plan


#: The policies of the release before issue 19's fix, as an upgraded central database has them.
OLD_EVENT_POLICY = ("EXISTS (SELECT 1 FROM dossier d WHERE d.id = dossier_id AND "
                    "(d.agency_id = '{aid}'::uuid OR d.return_unit_code = '{code}'))")
OLD_READER_POLICY = "agency_code IN (SELECT unnest(onestop_agency_lineage('{code}')))"
UNIT = "000.30.05.H36"      # a commune unit of make_province


def _plan(url: str, sql: str, **binds: Any) -> str:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SET enable_seqscan = off")
            return "\n".join(r[0] for r in conn.execute(text("EXPLAIN " + sql), binds))
    finally:
        engine.dispose()


def test_init_gives_an_upgraded_central_the_per_row_policies(filled: Central) -> None:
    """Issue 19: a counter's chain tip and a scoped reader's reads are index probes, not a
    hash of every dossier of the unit or agency; ``central init`` re-applies the policies of
    this release to the counters' units and to the scoped readers' groups."""
    counter = roles.add_counter(filled.admin_url, UNIT, 1)
    counter_url = make_url(counter.url).set(password=counter.password).render_as_string(
        hide_password=False)
    scoped = _login(filled, "sgd", agency=AGENCY)
    by_unit = _login(filled, "ttx", unit=UNIT)
    prefix = roles.role_prefix(filled.database)
    aid = central_scalar(filled, "SELECT id FROM agency WHERE code = :c", c=UNIT)
    engine = create_engine(filled.admin_url)
    with engine.begin() as conn:   # the policies of the previous release
        conn.execute(text(
            f'ALTER POLICY "ag_{central._slug(UNIT)}" ON dossier_event USING ('
            + OLD_EVENT_POLICY.format(aid=aid, code=UNIT) + ")"))
        conn.execute(text(
            f'ALTER POLICY "rd_{roles.ReaderScope("agency", AGENCY).group(prefix)}" ON dossier '
            "USING (" + OLD_READER_POLICY.format(code=AGENCY) + ")"))
    engine.dispose()
    origin = f"{UNIT}#1"
    tip = ("SELECT seq, hash FROM dossier_event WHERE origin = :o ORDER BY seq DESC LIMIT 1")
    overview = ("SELECT count(*) FROM dossier WHERE agency_code = :a AND status IN "
                "('processing', 'received')")
    before = (_plan(counter_url, tip, o=origin), _plan(scoped, overview, a=AGENCY))
    # the shape this test guards: the old policies hash every row of the unit / agency
    assert all("hashed SubPlan" in p for p in before), before
    seen_before = _counts(counter_url, scoped, by_unit)

    central.init(filled.admin_url)
    after = (_plan(counter_url, tip, o=origin), _plan(scoped, overview, a=AGENCY),
             _plan(scoped, "SELECT * FROM dossier_event WHERE dossier_id = :d",
                   d=central_scalar(filled, "SELECT id FROM dossier WHERE agency_code = :a "
                                    "LIMIT 1", a=AGENCY)),
             _plan(by_unit, "SELECT count(*) FROM dossier_event"))
    assert not any("hashed" in p for p in after), after
    assert "uq_event_origin_seq" in after[0]            # the tip: the origin's index, backwards
    assert "InitPlan" in after[1]                       # the agency's codes: once a statement
    assert _counts(counter_url, scoped, by_unit) == seen_before   # the same rows, every login
    quals = dict(central_scalar(filled, "SELECT json_object_agg(policyname || ' ' || tablename, "
                                "qual) FROM pg_policies WHERE tablename IN ('dossier', "
                                "'dossier_event') AND qual IS NOT NULL") or {})
    readers = {k: q for k, q in quals.items() if k.startswith(("rd_", "ag_"))}
    events = {k: q for k, q in readers.items() if k.endswith(" dossier_event")}
    assert len(events) == 3, readers            # the unit's, the agency's and the unit reader's
    assert all("OFFSET 0" in q for q in events.values())
    assert not any("unnest" in q for q in readers.values())


def _counts(*urls: str) -> list[tuple[int, int, int]]:
    """(dossiers, events, distinct dossiers of the events) each login reads."""
    out = []
    for url in urls:
        engine = create_engine(url)
        try:
            with engine.connect() as conn:
                out.append(tuple(conn.execute(text(
                    "SELECT (SELECT count(*) FROM dossier), count(*), count(DISTINCT "
                    "dossier_id) FROM dossier_event")).one()))
        finally:
            engine.dispose()
    return out


@pytest.mark.slow
def test_bench_province_runs_at_a_small_size(filled: Central) -> None:
    out = bench_province.main(["--url", filled.admin_url, "--agency", AGENCY, "--repeat", "1"])
    for key in ("agency_overview", "agency_overview_scoped", "province_overview",
                "agency_year", "first_page", "last_page", "scan", "scan_scoped"):
        (median, best), (floor, _fbest) = out[key]
        assert 0 < best <= median and floor > 0, key
    ctx = Context.open(filled.admin_url)
    try:
        now = reports.parse_now(NOW)
        assert reports.overview(ctx, now=now, weeks=0).now.tzinfo is not None
        assert now.tzinfo == VN_TZ
    finally:
        ctx.engine.dispose()


@pytest.mark.slow
def test_bench_counter_rls_runs_at_a_small_size(filled: Central) -> None:
    from tests.bench import bench_counter_rls

    out = bench_counter_rls.main(["--url", filled.admin_url, "--repeat", "1", "--window", "200"])
    assert [u["unit"] for u in out["units"]] == [bench_counter_rls.COMMUNE,
                                                 bench_counter_rls.CENTRE]
    for unit in out["units"]:
        for key in ("tip", "pull", "first_page", "known"):
            (median, best), (floor, _fbest) = unit[key]
            assert 0 < best <= median and floor > 0, (unit["unit"], key)
