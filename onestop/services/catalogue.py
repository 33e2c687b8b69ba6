"""The procedure catalogue: import from CSV, list, search and edit.

CSV columns (UTF-8, header row): ``code, name, field, field_code, days, cutoff, fee_vnd,
documents, department, source, agency``. ``days`` empty = no time limit; ``documents`` separated by
`` | ``; ``agency`` = the identity codes of the handling agencies separated by ``|`` (empty or
absent: the receiving unit itself; an agency must be known, ``onestop agency add``). A row without a national code gets a **local code** ``L.NNNNNN`` derived from its
folded name (so every counter importing the same file derives the same code) and is marked
local. The whole file is validated before anything is written: one bad row, nothing imported.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from onestop import faults
from onestop.domain import text as tx
from onestop.domain import units
from onestop.domain import validation as v
from onestop.services import audit, permissions
from onestop.services.context import Context
from onestop.services.dto import ProcedureDTO
from onestop.services.errors import NotFound, ValidationError
from onestop.storage.models import Agency, Outbox, Procedure

NATIONAL_CODE = re.compile(r"^\d\.\d{6}$")
LOCAL_CODE = re.compile(r"^L\.\d{6}$")
COLUMNS = ("code", "name", "field", "field_code", "days", "cutoff", "fee_vnd", "documents",
           "department", "source", "agency")
_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def local_code(name: str) -> str:
    """A stable local code for a procedure that has no national code."""
    digest = hashlib.sha1(tx.fold(name).encode("utf-8")).hexdigest()
    return f"L.{int(digest, 16) % 1_000_000:06d}"


@dataclass(frozen=True)
class ImportReport:
    created: int
    updated: int
    unchanged: int


def _err(field: str, row: int, code: str, **params: Any) -> v.FieldError:
    return v.FieldError(f"{field}[{row}]", code, params)


def parse_row(raw: dict[str, str], row: int) -> dict[str, Any]:
    """Validate one CSV row into Procedure column values (raises ValidationError)."""
    c = v.Collector()
    name = c.check(v.free_text, raw.get("name"), f"name[{row}]", 500, True)
    if name is not None and len(name) < 3:  # the table's CHECK (ck_procedure_name_len)
        c.errors.append(_err("name", row, "too_short", min=3))
        name = None
    code = (raw.get("code") or "").strip().upper()
    is_local = not code
    if is_local and name:
        code = local_code(name)
    elif not is_local and not (NATIONAL_CODE.match(code) or LOCAL_CODE.match(code)):
        c.errors.append(_err("code", row, "invalid_value"))
    days_raw = (raw.get("days") or "").strip()
    days = c.check(v.int_range, days_raw, f"days[{row}]", 0, 365) if days_raw else None
    fee_raw = (raw.get("fee_vnd") or "").strip().replace(".", "")
    fee = c.check(v.int_range, fee_raw, f"fee_vnd[{row}]", 0, 1_000_000_000) if fee_raw else None
    cutoff = (raw.get("cutoff") or "").strip() or None
    if cutoff and not _HHMM.match(cutoff):
        c.errors.append(_err("cutoff", row, "invalid_value"))
    docs = [d.strip() for d in (raw.get("documents") or "").split("|") if d.strip()]
    documents = [{"name": c.check(v.free_text, d, f"documents[{row}]", 500, True),
                  "original": 1, "copy": 0} for d in docs]
    agencies = None
    if "agency" in raw:   # the column is optional: without it an update keeps the agencies
        agencies = [c.check(units.check_code, a, f"agency[{row}]")
                    for a in units.split_codes(raw.get("agency"))]
    c.raise_if_any()
    extra = {} if agencies is None else {"agency_codes": units.join_codes(agencies)}
    return extra | {
        "code": code, "is_local": is_local, "name": name, "name_folded": tx.fold(name),
        "field": tx.clean(raw.get("field"))[:200], "field_code": tx.clean(raw.get("field_code"))[:20],
        "time_limit_days": days, "cutoff": cutoff, "fee_vnd": fee, "documents": documents,
        "department": tx.clean(raw.get("department"))[:200], "source": tx.clean(raw.get("source")),
    }


def parse_csv(text: str) -> list[dict[str, Any]]:
    """Validate a whole catalogue CSV; duplicate codes within the file are an error."""
    # strict: a quote left open must not swallow the rest of the file into one cell
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")), strict=True)
    try:
        return _parse_rows(reader)
    except csv.Error as exc:  # open quote, a cell over the csv module's size limit
        raise ValidationError("file", "csv_malformed", line=reader.line_num) from exc


def _parse_rows(reader: csv.DictReader[str]) -> list[dict[str, Any]]:
    missing = [c for c in ("code", "name", "days") if c not in (reader.fieldnames or [])]
    if missing:
        raise ValidationError("file", "invalid_value", detail=", ".join(missing))
    rows, errors, seen = [], [], {}
    for n, raw in enumerate(reader, start=2):
        try:
            row = parse_row(raw, n)
        except ValidationError as exc:
            errors.extend(exc.errors)
            continue
        if row["code"] in seen:
            errors.append(_err("code", n, "duplicate", value=row["code"]))
            continue
        seen[row["code"]] = n
        rows.append(row)
    if errors:
        raise ValidationError.many(errors)
    if not rows:
        raise ValidationError("file", "required")
    return rows


def import_csv(ctx: Context, source: str | Path, update: bool = False,
               session: Session | None = None) -> ImportReport:
    """Import a catalogue CSV in one transaction.

    Args:
        update: overwrite procedures whose code exists; otherwise an existing code is an error.

    Raises:
        ValidationError: a bad row (field named with its line), a duplicate code.
    """
    path = Path(source)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValidationError("file", "invalid_value", detail=str(exc)) from exc
    rows = parse_csv(text)
    if session is not None:
        return _write(session, ctx, rows, update)
    with ctx.transaction() as s:
        permissions.require(s, ctx, "catalogue")
        report = _write(s, ctx, rows, update)
        faults.hit("import.after_rows")
        audit.append(s, ctx.actor(s), "catalogue.import", target=path.name, created=report.created,
                     updated=report.updated)
        faults.hit("import.before_commit")
        return report


def _write(session: Session, ctx: Context, rows: list[dict[str, Any]], update: bool) -> ImportReport:
    existing = {p.code: p for p in session.scalars(select(Procedure))}
    known = set(session.scalars(select(Agency.code).where(Agency.kind.in_(("agency", "both")))))
    unknown = [v.FieldError(f"agency[{n}]", "unknown_agency", {"value": a})
               for n, row in enumerate(rows, start=2)
               for a in units.split_codes(row.get("agency_codes")) if a not in known]
    if unknown:
        raise ValidationError.many(unknown)
    created = updated = unchanged = 0
    for n, row in enumerate(rows, start=2):
        proc = existing.get(row["code"])
        if proc is None:
            proc = Procedure(**row)
            session.add(proc)
            created += 1
        elif not update:
            raise ValidationError(f"code[{n}]", "duplicate", value=row["code"])
        elif any(getattr(proc, k) != val for k, val in row.items()):
            for k, val in row.items():
                setattr(proc, k, val)
            proc.version += 1
            updated += 1
        else:
            unchanged += 1
            continue
        session.flush()
        session.add(Outbox(table_name="procedure", row_id=proc.id))
    return ImportReport(created, updated, unchanged)


def to_dto(p: Procedure) -> ProcedureDTO:
    return ProcedureDTO(str(p.id), p.code, p.is_local, p.name, p.field, p.time_limit_days,
                        p.cutoff, p.fee_vnd, list(p.documents or []), p.department, p.active,
                        units.split_codes(p.agency_codes))


def list_procedures(ctx: Context, active_only: bool = True) -> list[ProcedureDTO]:
    """The catalogue ordered by field then name."""
    with ctx.reading() as session:
        stmt = select(Procedure).order_by(Procedure.field, Procedure.name)
        if active_only:
            stmt = stmt.where(Procedure.active.is_(True))
        return [to_dto(p) for p in session.scalars(stmt)]


def search(procedures: list[ProcedureDTO], query: str) -> list[ProcedureDTO]:
    """Accent-insensitive type-ahead over code and name (every word must match)."""
    words = tx.fold(query).split()
    if not words:
        return procedures
    out = []
    for p in procedures:
        hay = f"{p.code.lower()} {tx.fold(p.name)} {tx.fold(p.field)}"
        if all(w in hay for w in words):
            out.append(p)
    return out


EDITABLE = ("name", "field", "time_limit_days", "cutoff", "fee_vnd", "documents",
            "department", "active")


def update_procedure(ctx: Context, code: str, **changes: Any) -> ProcedureDTO:
    """Edit a procedure (admin). Dossiers keep the terms they were received under."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValidationError("field", "invalid_choice", choices=", ".join(EDITABLE))
    with ctx.transaction() as session:
        permissions.require(session, ctx, "catalogue", target=code)
        proc = session.scalar(select(Procedure).where(Procedure.code == code))
        if proc is None:
            raise NotFound("procedure", "unknown_procedure", value=code)
        raw = {"code": proc.code, "name": proc.name, "days": proc.time_limit_days,
               "cutoff": proc.cutoff, "fee_vnd": proc.fee_vnd, "field": proc.field,
               "department": proc.department,
               "documents": " | ".join(d["name"] for d in proc.documents or [])}
        for k, val in changes.items():
            key = {"time_limit_days": "days"}.get(k, k)
            if key == "documents" and isinstance(val, list):
                val = " | ".join(str(x.get("name", x)) if isinstance(x, dict) else str(x)
                                 for x in val)
            raw[key] = "" if val is None else str(val) if key != "active" else val
        row = parse_row({k: (v2 if isinstance(v2, str) else ("" if v2 is None else str(v2)))
                         for k, v2 in raw.items() if k != "active"}, 1)
        for k in ("name", "name_folded", "field", "time_limit_days", "cutoff", "fee_vnd",
                  "documents", "department"):
            setattr(proc, k, row[k])
        if "active" in changes:
            proc.active = bool(changes["active"])
        proc.version += 1
        session.add(Outbox(table_name="procedure", row_id=proc.id))
        audit.append(session, ctx.actor(session), "catalogue.edit", target=code, fields=sorted(changes))
        return to_dto(proc)
