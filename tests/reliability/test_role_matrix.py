"""Role matrix: every forbidden action is refused by the services and audited as ``forbidden``.

Officers may not administer (accounts, catalogue, calendar, agency settings, counter number,
demo data), void, override a second reschedule, verify the audit log, see reports or export;
supervisors may not administer; a disabled or locked account — even an admin's — and a name
with no account may do nothing at all, not even change their own password. Each refusal raises
``Forbidden`` (exit code 4), changes nothing and adds exactly one audit entry (actor, action
``forbidden``, outcome ``refused``, the attempted action) to the hash chain.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select

from onestop.services import audit, users
from onestop.services.context import Context
from onestop.services.errors import AuthFailed, Forbidden
from onestop.storage.models import AuditEntry
from tests.reliability.common import seed
from tests.reliability.roles import REFUSALS, Refusal
from tests.support.accounts import PASSWORD
from tests.support.clock import Clock, vn
from tests.support.db import BACKENDS, pg_create, pg_drop, row_counts

NOW = vn(2026, 3, 2, 10, 0)


def prepare_accounts(ctx: Context) -> None:
    """A disabled admin (``nghiviec``) and an admin locked by five wrong passwords (``bikhoa``)."""
    for name in ("nghiviec", "bikhoa"):
        users.add_user(ctx, name, "admin", "Quản Trị Cũ", PASSWORD)
    users.set_active(ctx, "nghiviec", False)
    for _ in range(5):
        with pytest.raises(AuthFailed):
            users.authenticate(ctx, "bikhoa", "sai-mat-khau")


@pytest.fixture(scope="module", params=BACKENDS)
def matrix_db(request: pytest.FixtureRequest,
              tmp_path_factory: pytest.TempPathFactory) -> Iterator[Context]:
    if request.param == "sqlite":
        url, pg = f"sqlite:///{tmp_path_factory.mktemp('roles') / 'onestop.sqlite3'}", None
    else:
        pg = request.getfixturevalue("pg_url")
        url = pg_create(pg)
    seed(url)
    ctx = Context.open(url, clock=Clock(NOW))
    prepare_accounts(ctx)
    yield ctx
    ctx.engine.dispose()
    if pg:
        pg_drop(pg, url)


def audit_tail(ctx: Context) -> list[AuditEntry]:
    with ctx.reading() as s:
        return list(s.scalars(select(AuditEntry).order_by(AuditEntry.origin, AuditEntry.seq)))


@pytest.mark.parametrize("refusal", REFUSALS, ids=[r.id for r in REFUSALS])
def test_forbidden_action_is_refused_and_audited(matrix_db: Context, refusal: Refusal) -> None:
    before, counts = audit_tail(matrix_db), row_counts(matrix_db.engine)
    with pytest.raises(Forbidden) as info:
        refusal.call(matrix_db.as_user(refusal.user))
    assert info.value.exit_code == 4 and info.value.field == "user"
    new = audit_tail(matrix_db)[len(before):]
    assert [(e.actor, e.action, e.outcome, e.details.get("attempted")) for e in new] == \
           [(refusal.user, "forbidden", "refused", refusal.action)]
    after = row_counts(matrix_db.engine)
    assert after == {**counts, "audit_entry": counts["audit_entry"] + 1,
                     "sync_outbox": counts["sync_outbox"] + 1}


def test_the_matrix_has_thirty_forbidden_actions() -> None:
    assert len(REFUSALS) >= 30
    assert {r.user for r in REFUSALS} == {"canbo", "giamsat", "nghiviec", "bikhoa", "khongco"}


def test_refusals_keep_the_audit_chain_intact(matrix_db: Context) -> None:
    report = audit.verify(matrix_db)
    assert report.ok, report.breaks

