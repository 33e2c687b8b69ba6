"""Hash chains for the audit log and the dossier events, one chain per origin.

An origin is one installation (agency code + counter number). Each new entry stores the hash
of the previous entry of the same origin and its own hash over its content, so an edit, a
deletion or a reordering breaks the chain at a place :func:`verify_chain` can name. Merging the
chains of several counters centrally never breaks any of them.
"""

from __future__ import annotations

import functools
import hashlib
import json
import uuid
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, func, select, type_coerce
from sqlalchemy.orm import Session
from sqlalchemy.types import NullType

from onestop.storage.models import AuditEntry, DossierEvent
from onestop.storage.models import uuid_text
from onestop.storage.sqlfn import ONE

GENESIS = "0" * 64


def _canon(value: Any) -> str:
    """JSON fallback for the two non-JSON types entries hold (called by the C encoder)."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return str(value)


#: ``json.dumps(..., sort_keys=True, ensure_ascii=False, separators=(",", ":"),
#: default=_canon)``, the encoder built once (json.dumps builds one per call; the bulk demo
#: hashes millions of events).
_CANONICAL = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                              default=_canon).encode


def entry_hash(prev_hash: str, fields: Mapping[str, Any]) -> str:
    """SHA-256 over the previous hash and the canonical JSON of the entry's fields.

    Canonical: keys sorted, no spaces, UTF-8, instants as ISO 8601, UUIDs with dashes.
    """
    body = _CANONICAL(fields)
    return hashlib.sha256((prev_hash + body).encode("utf-8")).hexdigest()


@functools.lru_cache(maxsize=4096)
def _json_text(value: str) -> str:
    """A string as canonical JSON text (kinds, user names and origins repeat: encoded once)."""
    return _CANONICAL(value)


def canonical(value: Any) -> str:
    """The canonical JSON text :func:`entry_hash` hashes (e.g. an event's payload)."""
    return _CANONICAL(value)


def event_hash(prev_hash: str, id_text: str, dossier_text: str, kind: str, at_iso: str,
               user_name: str, counter_no: int, origin: str, seq: int,
               payload_text: str) -> str:
    """:func:`entry_hash` of a new dossier event from its fields already as text, without
    the field dict and the encoder's per-value call-backs (the bulk demo hashes millions).

    ``id_text`` and ``dossier_text`` are ``str(uuid)``, ``at_iso`` is ``at.isoformat()``,
    ``payload_text`` is :func:`canonical` of the payload: the body is byte for byte
    :data:`_CANONICAL` of :func:`event_fields` (its keys in sorted order; UUID and ISO texts
    need no JSON escaping). A test compares the two.
    """
    body = (f'{{"at":"{at_iso}","counter_no":{counter_no:d},"dossier_id":"{dossier_text}",'
            f'"id":"{id_text}","kind":{_json_text(kind)},"origin":{_json_text(origin)},'
            f'"payload":{payload_text},"seq":{seq:d},'
            f'"user_name":{_json_text(user_name)}}}')
    return hashlib.sha256((prev_hash + body).encode("utf-8")).hexdigest()


def event_fields(e: DossierEvent | Mapping[str, Any]) -> dict[str, Any]:
    """The fields of a dossier event covered by its hash."""
    if isinstance(e, Mapping):
        return {k: e[k] for k in _EVENT_FIELDS}
    return {k: getattr(e, k) for k in _EVENT_FIELDS}


_EVENT_FIELDS = ("id", "dossier_id", "kind", "at", "user_name", "counter_no", "origin", "seq",
                 "payload")


def audit_fields(a: AuditEntry | Mapping[str, Any]) -> dict[str, Any]:
    """The fields of an audit entry covered by its hash."""
    get = (lambda k: a[k]) if isinstance(a, Mapping) else (lambda k: getattr(a, k))
    return {k: get(k) for k in ("id", "origin", "seq", "at", "actor", "action", "target",
                                "outcome", "details")}


def _tip_statement(model: type[AuditEntry] | type[DossierEvent]) -> Any:
    t = model.__table__  # type: ignore[attr-defined]
    return (select(t.c.seq, t.c.hash).where(t.c.origin == bindparam("origin"))
            .order_by(t.c.seq.desc()).limit(ONE))


_TIPS = {AuditEntry: _tip_statement(AuditEntry), DossierEvent: _tip_statement(DossierEvent)}


def tip_columns(model: type[AuditEntry] | type[DossierEvent]) -> list[Any]:
    """The last seq and hash of a chain (parameter ``origin``) as two labelled columns,
    ``tip_seq`` and ``tip_hash``, for a statement that reads more than the tip (the receipt);
    :func:`tip_of` turns them into what :func:`chain_tip` returns."""
    tip = _tip_statement(model).subquery()
    return [select(tip.c.seq).scalar_subquery().label("tip_seq"),
            select(tip.c.hash).scalar_subquery().label("tip_hash")]


def tip_of(seq: int | None, hash_: str | None) -> tuple[int, str]:
    """:func:`chain_tip`'s answer from the columns of :func:`tip_columns`."""
    return (int(seq), str(hash_)) if seq is not None else (0, GENESIS)


def chain_tip(session: Session | Connection, model: type[AuditEntry] | type[DossierEvent],
              origin: str) -> tuple[int, str]:
    """The last (seq, hash) of ``origin``'s chain, or (0, GENESIS).

    Entries of ``model`` added to the session but not yet written are flushed first (two
    entries in one transaction chain one after the other); anything else pending is not.
    """
    if isinstance(session, Connection):   # a Core transaction (Context.writing): nothing pending
        conn = session
    else:
        if any(isinstance(o, model) for o in session.new):
            session.flush()
        conn = session.connection()
    last = conn.execute(_TIPS[model], {"origin": origin}).first()
    return tip_of(*last) if last else (0, GENESIS)


@dataclass(frozen=True)
class ChainBreak:
    """Where a chain is broken and why."""

    table: str
    origin: str
    seq: int
    entry_id: str
    #: "hash" (content edited), "link" (entry deleted/reordered), "gap" (seq missing),
    #: "unreadable" (a stored value is no longer of its column's type)
    problem: str


@dataclass(frozen=True)
class Unreadable:
    """Stands for the fields of a row whose values no longer read as their column types."""

    id: str


Fields = dict[str, Any] | Unreadable
Row = tuple[Any, Any, Any, Any, Fields]


#: Audit action recording the erasure of personal data from events (services.retention).
ERASE_ACTION = "retention.erase"


def fields_digest(fields: Mapping[str, Any]) -> str:
    """SHA-256 of an entry's hashed fields alone (canonical like :func:`entry_hash`)."""
    body = _CANONICAL(fields)
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def erasure_evidence(session: Session) -> dict[str, tuple[str, str]]:
    """Event id -> (hash before erasure, digest of its fields after), from the hash-chained
    ``retention.erase`` audit entries (see services.retention)."""
    out: dict[str, tuple[str, str]] = {}
    rows = session.execute(select(AuditEntry.details).where(AuditEntry.action == ERASE_ACTION))
    for (details,) in rows:
        events = details.get("events", {}) if isinstance(details, dict) else {}
        for event_id, pair in events.items():
            if isinstance(pair, list) and len(pair) == 2:
                out[str(event_id)] = (str(pair[0]), str(pair[1]))
    return out


def verify_chain(table: str, rows: Iterable[Row],
                 erased: Mapping[str, tuple[str, str]] | None = None) -> Iterator[ChainBreak]:
    """Check rows ``(origin, seq, prev_hash, hash, fields)`` sorted by origin then seq.

    A row with :class:`Unreadable` fields (a date that is not a date, broken JSON…) is
    reported as ``unreadable`` and the check of the chain goes on after it. A row named in
    ``erased`` (its personal data erased by retention) passes when its stored hash is the one
    recorded and its present fields give the recorded digest.
    """
    prev_origin: str | None = None
    expected_prev, expected_seq = GENESIS, 1
    for origin, seq, prev_hash, stored_hash, fields in rows:
        if origin != prev_origin:
            prev_origin, expected_prev, expected_seq = origin, GENESIS, 1
        if isinstance(fields, Unreadable) or not isinstance(seq, int):
            entry_id = fields.id if isinstance(fields, Unreadable) else str(fields.get("id"))
            yield ChainBreak(table, str(origin), seq if isinstance(seq, int) else -1,
                             entry_id, "unreadable")
            expected_prev, expected_seq = stored_hash, expected_seq + 1
            continue
        entry_id = str(fields.get("id"))
        if seq != expected_seq:
            yield ChainBreak(table, origin, seq, entry_id, "gap")
        elif prev_hash != expected_prev:
            yield ChainBreak(table, origin, seq, entry_id, "link")
        if entry_hash(prev_hash, fields) != stored_hash:
            evidence = erased.get(entry_id) if erased else None
            if not (evidence and evidence[0] == stored_hash
                    and fields_digest(fields) == evidence[1]):
                yield ChainBreak(table, origin, seq, entry_id, "hash")
        expected_prev, expected_seq = stored_hash, seq + 1


def _rows(session: Session, model: type[AuditEntry | DossierEvent],
          names: tuple[str, ...]) -> Iterator[Row]:
    """The chain rows of ``model``, each value converted on its own.

    The values are fetched untyped and converted with each column type's own result
    processor, so a tampered value that no longer converts spoils only its row
    (:class:`Unreadable`) instead of stopping the whole verification with an exception.
    """
    table = model.__table__
    dialect = session.get_bind().dialect
    cols = [table.c[n] for n in names]
    procs = [c.type.dialect_impl(dialect).result_processor(dialect, None) for c in cols]
    stmt = (select(*[type_coerce(c, NullType()) for c in cols])
            .order_by(table.c.origin, table.c.seq).execution_options(yield_per=5000))
    for raw in session.execute(stmt):
        try:
            values = {n: (p(v) if p else v) for n, p, v in zip(names, procs, raw)}
        except Exception:  # noqa: BLE001 - any conversion failure means a tampered value
            yield raw[1], raw[2], raw[3], raw[4], Unreadable(uuid_text(raw[0]))
            continue
        fields = {k: values[k] for k in names[5:]}
        fields.update(id=values["id"], origin=values["origin"], seq=values["seq"])
        yield values["origin"], values["seq"], values["prev_hash"], values["hash"], fields


#: Columns read for verification: id, origin, seq, prev_hash, hash, then the hashed fields.
_AUDIT_COLUMNS = ("id", "origin", "seq", "prev_hash", "hash", "at", "actor", "action",
                  "target", "outcome", "details")
_EVENT_COLUMNS = ("id", "origin", "seq", "prev_hash", "hash", "dossier_id", "kind", "at",
                  "user_name", "counter_no", "payload")


def verify_all(session: Session) -> list[ChainBreak]:
    """Verify the audit log and the dossier event chains of every origin."""
    breaks = list(verify_chain("audit_entry", _rows(session, AuditEntry, _AUDIT_COLUMNS)))
    breaks += verify_chain("dossier_event", _rows(session, DossierEvent, _EVENT_COLUMNS),
                           erasure_evidence(session))
    return breaks


def count_entries(session: Session) -> tuple[int, int]:
    """Number of audit entries and dossier events checked by a full verification."""
    return (session.scalar(select(func.count()).select_from(AuditEntry)) or 0,
            session.scalar(select(func.count()).select_from(DossierEvent)) or 0)
