"""Role matrix on the central PostgreSQL: a counter's login cannot touch another agency's rows.

Each counter PC holds the password of its own PostgreSQL login (``onestop central
add-counter``). Whoever steals it — or the PC — connects straight to the server; the server
itself must refuse what the application would never do. tests/sync/test_security.py covers
inserting, upserting and updating another agency's dossiers and events; this adds deleting
them, rewriting or forging hash-chained history, another agency's agency and counter rows,
and the shared tables every agency pulls (accounts, catalogue, calendar): those are written
only by a central administrator's login (``onestop central add-admin``), which in turn
cannot touch any agency's dossiers, events or audit.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import psycopg
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from onestop import sync
from onestop.services.reception import ReceiveRequest, receive
from onestop.sync import roles
from onestop.storage import credentials
from tests.support.central import (
    AGENCY,
    OTHER_AGENCY,
    central_scalar,
    drop_database,
    init_central,
    make_counter,
)
from tests.support.clock import Clock

pytestmark = pytest.mark.postgres

REFUSED = {
    "delete-their-dossier": "DELETE FROM dossier WHERE agency_id = :theirs",
    "rename-their-agency": "UPDATE agency SET name = 'Cơ quan bị đổi tên' WHERE id = :theirs",
    "add-agency-row": "INSERT INTO agency (id, code, name, parent_name, unit_name, address, "
                      "phone, place_name, settings, created_at, updated_at, version) VALUES "
                      "(gen_random_uuid(), '000.00.99.H99', 'Giả', '', '', '', '', '', '{}', "
                      "now(), now(), 1)",
    "add-their-counter": "INSERT INTO counter (id, agency_id, number, name, created_at, "
                         "updated_at, version) VALUES (gen_random_uuid(), :theirs, 5, 'Quầy giả',"
                         " now(), now(), 1)",
    "renumber-their-counter": "UPDATE counter SET number = 9 WHERE agency_id = :theirs",
    "rewrite-audit": "UPDATE audit_entry SET actor = 'ai-do'",
    "delete-audit": "DELETE FROM audit_entry",
    "forge-their-audit": "INSERT INTO audit_entry (id, origin, seq, at, actor, action, target, "
                         "outcome, details, prev_hash, hash) VALUES (gen_random_uuid(), "
                         "'000.00.16.H37#1', 99, now(), 'x', 'login', '', 'ok', '{}', '', '')",
    "rewrite-events": "UPDATE dossier_event SET kind = 'note'",
    "delete-events": "DELETE FROM dossier_event",
}
#: The shared tables every agency pulls: no counter login writes them.
SHARED = {
    "add-admin-account": "INSERT INTO app_user (id, username, full_name, role, active, "
                         "failed_logins, created_at, updated_at, version) VALUES "
                         "(gen_random_uuid(), 'ke.gian', 'Kẻ Gian', 'admin', true, 0, now(), "
                         "now(), 1)",
    "reset-an-admin-password": "UPDATE app_user SET password_hash = 'x' WHERE role = 'admin'",
    "rewrite-the-catalogue": "UPDATE procedure SET time_limit_days = 365",
    "delete-the-holidays": "DELETE FROM calendar_override",
    "add-a-procedure": "INSERT INTO procedure (id, code, is_local, name, name_folded, field, "
                       "field_code, documents, department, active, source, created_at, "
                       "updated_at, version) VALUES (gen_random_uuid(), '9.999999', true, "
                       "'Thủ tục giả', 'thu tuc gia', '', '', '[]', '', true, '', now(), now(), 1)",
}
#: What a central administrator's login may not do: it writes the shared tables only.
ADMIN_REFUSED = {
    "admin-deletes-dossiers": "DELETE FROM dossier",
    "admin-rewrites-dossiers": "UPDATE dossier SET status = 'returned'",
    "admin-forges-events": "UPDATE dossier_event SET kind = 'note'",
    "admin-deletes-audit": "DELETE FROM audit_entry",
    "admin-renames-agency": "UPDATE agency SET name = 'Cơ quan bị đổi tên' WHERE id = :theirs",
}


@pytest.fixture(scope="module")
def two_agencies(pg_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A central database with two agencies' counters synced; (counter login engine, theirs)."""
    cen = init_central(pg_url)
    tmp = tmp_path_factory.mktemp("central")
    clock = Clock(datetime(2026, 3, 2, 2, 0, tzinfo=UTC))
    mine = make_counter(tmp / "mine", cen, 1, clock, AGENCY)
    other = make_counter(tmp / "other", cen, 1, clock, OTHER_AGENCY)
    receive(other.ctx, ReceiveRequest("2.001914", "Đỗ Văn Giang"))
    for c in (mine, other, mine):
        assert sync.run_once(c.ctx, c.url).last_error is None
    engine = create_engine(credentials.full_text(credentials.normalise(mine.url)))
    theirs = central_scalar(cen, "SELECT id FROM agency WHERE code = :c", c=OTHER_AGENCY)
    yield engine, theirs, cen
    engine.dispose()
    for c in (mine, other):
        c.ctx.engine.dispose()
    drop_database(pg_url, cen.database)


def _attempt(engine: Any, sql: str, theirs: Any) -> int | str:
    """Run ``sql`` as the counter's login, always rolled back: rows hit, or the refusal."""
    try:
        with engine.connect() as conn:
            hit = conn.execute(text(sql), {"theirs": theirs}).rowcount
            conn.rollback()
            return hit
    except DBAPIError as exc:
        assert isinstance(exc.orig, psycopg.errors.InsufficientPrivilege), exc
        return "refused"


@pytest.mark.parametrize("name", REFUSED)
def test_the_server_refuses_another_agencys_rows(two_agencies: Any, name: str) -> None:
    engine, theirs, _ = two_agencies
    # refused outright, or the rows are invisible to this login and nothing is hit
    assert _attempt(engine, REFUSED[name], theirs) in ("refused", 0)


@pytest.mark.parametrize("name", SHARED)
def test_the_server_refuses_writes_to_what_every_agency_pulls(two_agencies: Any,
                                                              name: str) -> None:
    engine, theirs, _ = two_agencies
    assert _attempt(engine, SHARED[name], theirs) == "refused"


@pytest.fixture(scope="module")
def admin_engine(two_agencies: Any) -> Iterator[Any]:
    """The engine of a central administrator's login (``central add-admin``)."""
    _, _, cen = two_agencies
    login = roles.add_admin(cen.admin_url, f"{roles.role_prefix(cen.database)}_qtv")
    engine = create_engine(credentials.full_text(credentials.normalise(login.url)))
    yield engine
    engine.dispose()


@pytest.mark.parametrize("name", ADMIN_REFUSED)
def test_a_central_administrator_cannot_touch_dossiers_or_history(
        two_agencies: Any, admin_engine: Any, name: str) -> None:
    _, theirs, _ = two_agencies
    assert _attempt(admin_engine, ADMIN_REFUSED[name], theirs) in ("refused", 0)


@pytest.mark.parametrize("name", SHARED)
def test_a_central_administrator_writes_the_shared_tables(
        two_agencies: Any, admin_engine: Any, name: str) -> None:
    _, theirs, _ = two_agencies
    hit = _attempt(admin_engine, SHARED[name], theirs)
    assert isinstance(hit, int) and hit >= 1


def test_their_rows_are_still_there_unchanged(two_agencies: Any) -> None:
    _, theirs, cen = two_agencies
    assert central_scalar(cen, "SELECT count(*) FROM dossier WHERE agency_id = :a", a=theirs) == 1
    assert central_scalar(cen, "SELECT count(*) FROM dossier_event") >= 1
    assert central_scalar(cen, "SELECT name FROM agency WHERE id = :a", a=theirs) != \
        "Cơ quan bị đổi tên"
