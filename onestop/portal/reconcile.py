"""Reconciliation: ask the portal (``TraCuuHoSo``) for our dossiers and list mismatches —
missing at the portal, another status, another appointment."""

from __future__ import annotations

import random
import time as time_mod
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import Connection, text

from onestop.portal import store, wire
from onestop.portal.client import Client, LinkConfig, Refused, Unreachable
from onestop.portal.payload import Unmapped


def _lookup(client: Client, code: str, retries: int) -> dict[str, Any]:
    """``TraCuuHoSo`` with retries and back-off on transient failures (a look-up changes
    nothing, so repeating it is always safe)."""
    delay = 0.1
    for attempt in range(retries + 1):
        try:
            return client.call(wire.S_LOOKUP, MaHoSo=code)
        except Unreachable:
            if attempt == retries:
                raise
            time_mod.sleep(delay)
            delay = min(delay * 2, 5.0)
    raise AssertionError("unreachable")


def check(conn: Connection, cfg: LinkConfig, client: Client, since: date | None,
          sample: int = 0, retries: int = 6) -> dict[str, Any]:
    """Compare the unit's dossiers the portal acknowledged (received since ``since``)."""
    clause, params = store.unit_clause(cfg.unit)
    sql = (f"SELECT d.code, d.status, d.due_at FROM dossier d JOIN portal_state s "
           f"ON s.dossier_id = d.id WHERE {clause} AND s.created")
    if since is not None:
        sql += " AND d.received_at >= :since"
        params["since"] = datetime.combine(since, time(0), tzinfo=wire.VN)
    rows = conn.execute(text(sql + " ORDER BY d.code"), params).all()
    if sample and sample < len(rows):
        rows = random.sample(rows, sample)
    maps = store.read_maps(conn)
    client.login()
    mismatches: list[dict[str, Any]] = []
    for code, status, due_at in rows:
        try:
            answer = _lookup(client, code, retries)
        except Refused as exc:
            mismatches.append({"code": code, "problem": "error", "theirs": exc.detail})
            continue
        found = answer.get("result") or []
        if not found:
            mismatches.append({"code": code, "problem": "missing"})
            continue
        theirs = found[0]
        try:
            ours_status = maps.get("status", status)
        except Unmapped:
            ours_status = ""
        if ours_status and theirs.get("TrangThaiHoSo") != ours_status:
            mismatches.append({"code": code, "problem": "status", "ours": ours_status,
                               "theirs": theirs.get("TrangThaiHoSo")})
        if theirs.get("NgayHenTra") != wire.fmt_date(due_at):
            mismatches.append({"code": code, "problem": "appointment",
                               "ours": wire.fmt_date(due_at), "theirs": theirs.get("NgayHenTra")})
    return {"checked": len(rows), "mismatches": mismatches}
