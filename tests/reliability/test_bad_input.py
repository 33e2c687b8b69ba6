"""The bad-input corpus through the services, on SQLite and PostgreSQL, plus generated input.

Every case of :mod:`tests.reliability.corpus` must raise one ``ValidationError`` naming its
field in Vietnamese and leave every table's row count unchanged. Odd but valid text
(decomposed Vietnamese, mixed normalisation) is accepted and stored in NFC. ``hypothesis``
then throws arbitrary text at the same services: the answer is always a clean value or a
``ValidationError`` — never another exception.
"""

from __future__ import annotations

import unicodedata
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from onestop.domain import text as tx
from onestop.domain.validation import ValidationError
from onestop.services.context import Context
from onestop.storage.models import Dossier, DossierEvent, Procedure, User
from tests.reliability import corpus
from tests.reliability.badinput import assert_clear, attempt
from tests.reliability.common import seed
from tests.support.clock import Clock, vn
from tests.support.db import BACKENDS, pg_create, pg_drop, row_counts

NOW = vn(2026, 3, 2, 10, 0)


@pytest.fixture(scope="module", params=BACKENDS)
def shared(request: pytest.FixtureRequest,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[Context]:
    """One seeded database per back-end for the whole corpus (bad input writes nothing)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('corpus') / 'onestop.sqlite3'}"
        pg = None
    else:
        pg = request.getfixturevalue("pg_url")
        url = pg_create(pg)
    seed(url)
    ctx = Context.open(url, clock=Clock(NOW))
    yield ctx
    ctx.engine.dispose()
    if pg:
        pg_drop(pg, url)


@pytest.mark.parametrize("case", corpus.CASES, ids=[c.id for c in corpus.CASES])
def test_bad_input_is_refused_naming_the_field_and_writes_nothing(
        shared: Context, case: corpus.Bad, tmp_path: Path) -> None:
    before = row_counts(shared.engine)
    with pytest.raises(ValidationError) as info:
        attempt(shared, case.op, case.values, tmp_path)
    assert_clear(info.value, case.field)
    if case.code is not None:
        assert info.value.first.code == case.code, info.value
    assert row_counts(shared.engine) == before


def test_the_corpus_is_large_and_varied() -> None:
    assert len(corpus.CASES) >= 200
    assert len({(c.op, c.field) for c in corpus.CASES}) >= 40


COLUMNS = {"name": "applicant_name", "org": "org_name"}


def _stored(ctx: Context, op: str, values: dict[str, Any], result: Any) -> str:
    """The stored value an accepted case is about, read back from the database."""
    with ctx.reading() as s:
        if op == "receive":
            d = s.get(Dossier, uuid.UUID(result.id))
            key = next(iter(values))
            return str(getattr(d, COLUMNS.get(key, key)))
        if op == "event":
            e = s.scalars(select(DossierEvent).order_by(DossierEvent.seq.desc())).first()
            return str(e.payload["reason"])  # type: ignore[union-attr]
        if op == "user":
            return s.scalar(select(User.full_name).where(User.username == "thu.ha")) or ""
        return s.scalar(select(Procedure.name).where(Procedure.code == "9.000009")) or ""


@pytest.mark.parametrize(("op", "label", "values", "expected"), corpus.ACCEPTED,
                         ids=[a[1] for a in corpus.ACCEPTED])
def test_decomposed_and_mixed_text_is_accepted_and_stored_nfc(
        shared: Context, op: str, label: str, values: dict[str, Any], expected: str,
        tmp_path: Path) -> None:
    result = attempt(shared, op, values, tmp_path)
    stored = _stored(shared, op, values, result)
    assert stored == expected and unicodedata.is_normalized("NFC", stored)
    if op == "receive" and "name" in values:   # and it is found by its NFC spelling
        assert result.applicant_name == expected
        assert tx.fold(expected) == tx.fold(values["name"])


# --- generated input ----------------------------------------------------------------------
SLOW_DB = settings(max_examples=120, deadline=None,
                   suppress_health_check=[HealthCheck.too_slow,
                                          HealthCheck.function_scoped_fixture])
TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=160)
ANY_TEXT = st.text(max_size=160)   # lone surrogates included


@pytest.fixture(scope="module")
def lite(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Context]:
    url = f"sqlite:///{tmp_path_factory.mktemp('hypothesis') / 'onestop.sqlite3'}"
    seed(url)
    ctx = Context.open(url, clock=Clock(NOW))
    yield ctx
    ctx.engine.dispose()


def _clean_or_refused(ctx: Context, op: str, values: dict[str, Any], folder: Path,
                      fields: set[str] | None = None) -> Any:
    before = row_counts(ctx.engine)
    try:
        return attempt(ctx, op, values, folder)
    except ValidationError as exc:
        assert all(e.message for e in exc.errors)
        if fields is not None:
            assert {e.field.split("[")[0] for e in exc.errors} <= fields, exc.errors
        assert row_counts(ctx.engine) == before
        return None


@SLOW_DB
@given(name=ANY_TEXT)
def test_any_name_is_stored_clean_or_refused(lite: Context, tmp_path: Path, name: str) -> None:
    d = _clean_or_refused(lite, "receive", {"name": name}, tmp_path, {"name"})
    if d is not None:
        assert d.applicant_name == tx.clean(name).replace("\u2019", "'")
        assert unicodedata.is_normalized("NFC", d.applicant_name)
        assert not tx.has_control_chars(d.applicant_name)


RECEIVE_FIELDS = ("id_number", "birth_date", "phone", "email", "address", "org", "notes",
                  "sets", "channel", "received_at")


@SLOW_DB
@given(values=st.fixed_dictionaries({}, optional={k: TEXT for k in RECEIVE_FIELDS}))
def test_any_receipt_fields_give_a_dossier_or_a_validation_error(
        lite: Context, tmp_path: Path, values: dict[str, str]) -> None:
    _clean_or_refused(lite, "receive", values, tmp_path, set(RECEIVE_FIELDS) | {"name"})


@SLOW_DB
@given(reason=ANY_TEXT, kind=st.sampled_from(["note", "transfer", "refuse", "bogus"]))
def test_any_event_text_gives_an_event_or_a_validation_error(
        lite: Context, tmp_path: Path, reason: str, kind: str) -> None:
    values = {"code": corpus.PROCESSING, "kind": kind, "reason": reason, "to": reason}
    _clean_or_refused(lite, "event", values, tmp_path)


CSV_CELL = st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\r"), max_size=40)


@SLOW_DB
@given(data=st.one_of(
    st.binary(max_size=600),
    st.lists(st.lists(CSV_CELL, min_size=1, max_size=7), max_size=6).map(
        lambda rows: (corpus.HEADER + "\n".join(",".join(r) for r in rows)).encode())))
def test_any_catalogue_file_imports_or_is_refused(lite: Context, tmp_path: Path,
                                                  data: bytes) -> None:
    fields = {"file", "code", "name", "days", "fee_vnd", "cutoff", "documents"}
    _clean_or_refused(lite, "import", {"data": data}, tmp_path, fields)
