"""The database's own CHECK constraints reject invalid rows written with raw SQL.

The services validate first; these constraints are the last line when a bug, a sync peer or
a hand-written statement bypasses them. Each case first inserts a valid copy of a real row
with the same statement (rolled back), so the failure can only come from the bad value.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine, Uuid, bindparam, text
from sqlalchemy.exc import IntegrityError

from onestop.services.context import Context
from onestop.services.reception import ReceiveRequest, receive
from onestop.storage.models import Dossier, uuid7
from tests.support.db import row_counts


def insert_copy(engine: Engine, source: str, commit: bool, **changes: Any) -> None:
    """INSERT … SELECT a copy of dossier ``source`` with new keys and ``changes``."""
    columns = [c.name for c in Dossier.__table__.columns]
    values = {"id": uuid7(), "code": source[:-4] + "9001", "register_no": 9001, **changes}
    select_list = ", ".join(f":{c}" if c in values else c for c in columns)
    statement = text(f"INSERT INTO dossier ({', '.join(columns)}) SELECT {select_list} "
                     "FROM dossier WHERE code = :source").bindparams(bindparam("id", type_=Uuid()))
    with engine.connect() as conn:
        trans = conn.begin()
        assert conn.execute(statement, {**values, "source": source}).rowcount == 1
        if commit:
            trans.commit()
        else:
            trans.rollback()


@pytest.fixture
def source(ctx: Context) -> str:
    return receive(ctx, ReceiveRequest("2.001914", "Nguyễn Văn An")).code


#: (bad value, the constraint that must reject it); one database serves all cases.
DOSSIER_CASES: list[tuple[dict[str, Any], str]] = [
    ({"status": "lost"}, "ck_dossier_status"),
    ({"sets": 0}, "ck_dossier_sets_range"),
    ({"sets": 101}, "ck_dossier_sets_range"),
    ({"id_number": "07919012345"}, "ck_dossier_id_number_len"),
    ({"channel": "fax"}, "ck_dossier_channel"),
    ({"timeliness": "whenever"}, "ck_dossier_timeliness"),
    ({"counter_no": 100}, "ck_dossier_counter_range"),
    ({"register_no": 0}, "ck_dossier_register_no"),
    ({"applicant_name": "A"}, "ck_dossier_name_len"),
]
UPDATE_CASES: list[tuple[str, str]] = [
    ("UPDATE app_user SET role = 'root' WHERE username = 'canbo'", "ck_app_user_role"),
    ("UPDATE dossier_event SET kind = 'teleport'", "ck_dossier_event_kind"),
    ("UPDATE calendar_override SET kind = 'none'", "ck_calendar_override_kind"),
    ("UPDATE procedure SET time_limit_days = 400", "ck_procedure_time_limit_range"),
    ("UPDATE procedure SET fee_vnd = -1", "ck_procedure_fee_nonneg"),
    ("UPDATE counter SET number = 100", "ck_counter_number_range"),
]


def test_invalid_dossier_rows_are_rejected(engine: Engine, source: str) -> None:
    before = row_counts(engine)
    for change, constraint in DOSSIER_CASES:
        insert_copy(engine, source, commit=False)   # the same statement with valid values
        with pytest.raises(IntegrityError) as info:
            insert_copy(engine, source, commit=True, **change)
        assert constraint in str(info.value.orig), change
    assert row_counts(engine) == before


def test_invalid_updates_are_rejected(engine: Engine, source: str) -> None:
    before = row_counts(engine)
    for statement, constraint in UPDATE_CASES:
        with pytest.raises(IntegrityError) as info, engine.begin() as conn:
            conn.execute(text(statement))
        assert constraint in str(info.value.orig), statement
    assert row_counts(engine) == before


def test_dossier_codes_and_register_entries_are_unique(engine: Engine, source: str) -> None:
    with pytest.raises(IntegrityError):
        insert_copy(engine, source, commit=True, code=source)
    with pytest.raises(IntegrityError):
        insert_copy(engine, source, commit=True, register_no=1)
