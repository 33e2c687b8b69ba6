"""Revision 0013 on a counter made by the release before it (``tests/fixtures/136b6f0``, built
by ``build.py`` there with that release's code): the rating, its comment and the returning
officer are filled from the return events the projection took, every old row is kept, the
period's ratings come out exactly as that release counted them from the events, the dossiers
re-project without a difference, the database refuses a rating that is none of the three;
on SQLite (the encrypted file itself) and on PostgreSQL; and the revision goes back down."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, select, text
from sqlalchemy.exc import IntegrityError

from onestop.services import consistency, satisfaction
from onestop.services.context import Context
from onestop.storage import db
from onestop.storage.models import Dossier, DossierEvent
from tests.storage.test_migration_0006 import copy_rows

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "136b6f0"
START = datetime(2026, 11, 2, 1, 30, tzinfo=UTC)
#: what build.py returned, by applicant: rating token, comment, officer
RETURNED = {
    "Nguyễn Văn An": ("very-satisfied", "Cán bộ hướng dẫn rất tận tình.", "tiepnhan"),
    "Trần Thị Bình": ("satisfied", None, "tiepnhan"),
    "Lê Hoàng Cường": ("dissatisfied", "Phải chờ lâu ở quầy trả kết quả.", "tiepnhan2"),
    "Phạm Thu Dung": ("very-satisfied", None, "tiepnhan2"),
    "Hoàng Minh Đức": (None, None, "tiepnhan"),
    "Vũ Thị Hà": ("satisfied", None, "tiepnhan2"),
    "Đặng Quốc Khánh": ("very-satisfied", None, "tiepnhan"),
    "Bùi Thị Lan": ("dissatisfied", None, "tiepnhan"),
}


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def old_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A database at revision 0012 holding the previous release's counter."""
    copy = tmp_path / "counter.sqlite3"
    shutil.copyfile(FIXTURES / "counter.sqlite3", copy)
    source = db.make_engine(f"sqlite:///{copy}")
    assert db.current_revision(source) == "0012"
    if request.param == "sqlite":
        yield source
        source.dispose()
        return
    engine = db.make_engine(request.getfixturevalue("pg_database"))
    db.upgrade(engine, "0012")
    copy_rows(source, engine)
    source.dispose()
    yield engine
    engine.dispose()


def _rows(engine: Engine) -> dict[str, tuple[object, ...]]:
    with engine.connect() as conn:
        return {r[0]: tuple(r[1:]) for r in conn.execute(text(
            "SELECT applicant_name, code, status, returned_at, version FROM dossier"))}


def _normal(summary: dict[str, object]) -> dict[str, object]:
    """The summary with its comments as a sorted list (the old release listed them in the
    order its groups came out; the order is not part of the contract)."""
    for group in summary["by_procedure"]:  # type: ignore[attr-defined]
        group["comments"] = sorted(group["comments"])
    return summary


def test_0013_projects_the_returns_of_the_previous_release(old_engine: Engine) -> None:
    before = _rows(old_engine)
    with old_engine.connect() as conn:
        events = conn.execute(text("SELECT count(*) FROM dossier_event")).scalar_one()
    db.upgrade(old_engine)
    assert db.current_revision(old_engine) == db.head_revision()
    assert _rows(old_engine) == before
    with old_engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM dossier_event")).scalar_one() == events
        got = {r.applicant_name: (r.rating, r.rating_comment, r.returned_by) for r in
               conn.execute(select(Dossier.applicant_name, Dossier.rating,
                                   Dossier.rating_comment, Dossier.returned_by))}
    assert {k: v for k, v in got.items() if v != (None, None, None)} == RETURNED
    assert len(got) == len(RETURNED) + 2   # the two open dossiers have none

    ctx = Context(engine=old_engine, factory=db.session_factory(old_engine))
    with ctx.reading() as session:
        counted = satisfaction.summary(session, START - timedelta(days=1),
                                       START + timedelta(days=2)).to_json()
        # the dossiers re-project to exactly what the revision filled in
        count, mismatches = consistency.reproject_all(session, ctx)
    expected = json.loads((FIXTURES / "ratings.json").read_text(encoding="utf-8"))
    assert _normal(counted) == _normal(expected)
    assert counted["total"]["total"] == 6 and counted["unrated"] == 1
    assert (count, mismatches) == (10, [])

    first = next(iter(before.values()))[0]
    for bad in ({"rating": "happy"}, {"rating_comment": "x" * 501}):
        with pytest.raises(IntegrityError), old_engine.begin() as conn:
            conn.execute(Dossier.__table__.update().where(Dossier.code == first).values(**bad))
    # a tampered projection is named by the consistency check like any other field
    with old_engine.begin() as conn:
        conn.execute(Dossier.__table__.update().where(
            Dossier.applicant_name == "Trần Thị Bình").values(rating="dissatisfied"))
    with ctx.reading() as session:
        _count, mismatches = consistency.reproject_all(session, ctx)
    assert [m.fields for m in mismatches] == [["rating"]]

    from alembic import command

    command.downgrade(db.alembic_config(old_engine), "0012")
    assert db.current_revision(old_engine) == "0012"
    assert _rows(old_engine) == before
    columns = {c["name"] for c in inspect(old_engine).get_columns("dossier")}
    assert "notify_sms" in columns
    assert not columns & {"rating", "rating_comment", "returned_by"}
    with old_engine.connect() as conn:
        assert conn.execute(select(DossierEvent.id).where(
            DossierEvent.kind == "return")).all()
