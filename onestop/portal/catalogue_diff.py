"""The portal's catalogue (``LayDanhSachTTHC``/``LayThuTuc``) against ours.

Shows what differs for the national procedures we hold (name, time limit, fee, documents,
field) and suggests national codes for our local procedures by name similarity (kept
unconfirmed in ``portal_map`` for an administrator to confirm with ``portal map``).
``apply`` updates our catalogue the way ``catalogue import --update`` does (new version, the
counters pull it; dossiers keep what they were received under), in one transaction; the
rows carry the writing login (``change_origin``, stamped by the server).
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, text

from onestop.domain import text as tx
from onestop.portal import mapping, wire
from onestop.portal.client import Client
from onestop.portal.store import atomic

FIELDS = ("name", "time_limit_days", "fee_vnd", "documents", "field")


def _int(v: Any) -> int | None:
    if v in (None, ""):
        return None
    if isinstance(v, list):
        v = v[0].get("MUCPHI", v[0].get("SOTIEN")) if v and isinstance(v[0], dict) else None
        return _int(v)
    try:
        return int(float(str(v).replace(".", "").replace(",", "").strip() or "x"))
    except ValueError:
        return None


def theirs(proc: dict[str, Any]) -> dict[str, Any]:
    """The portal's procedure in our columns."""
    docs = []
    for d in proc.get("THANHPHANHOSO") or []:
        name = d.get("TENGIAYTO") if isinstance(d, dict) else d
        if name:
            docs.append(tx.clean(str(name)))
    fields = proc.get("LINHVUCTHUCHIEN") or []
    return {"name": tx.clean(proc.get("TENTTHC", "")),
            "time_limit_days": _int(proc.get("THOIGIANGIAIQUYET")),
            "fee_vnd": _int(proc.get("PHILEPHI")), "documents": docs,
            "field": tx.clean(fields[0].get("TENLINHVUC", "")) if fields else "",
            "field_code": fields[0].get("MALINHVUC", "") if fields else ""}


def run(conn: Connection, client: Client, apply: bool = False,
        central_url: str = "") -> dict[str, Any]:
    client.login()
    listing = client.call(wire.S_LIST).get("result") or []
    national = [(str(p.get("MATTHC")), str(p.get("TENTTHC", ""))) for p in listing]
    ours = {r["code"]: dict(r) for r in conn.execute(text(
        "SELECT id, code, is_local, name, time_limit_days, fee_vnd, documents, field "
        "FROM procedure")).mappings()}
    diffs: list[dict[str, Any]] = []
    updates: dict[str, dict[str, Any]] = {}
    for code, _ in national:
        mine = ours.get(code)
        if mine is None or mine["is_local"]:
            continue
        found = client.call(wire.S_PROCEDURE, MaTTHC=code).get("result") or []
        if not found:
            continue
        t = theirs(found[0])
        mine_docs = [d.get("name") for d in (mine["documents"] or [])]
        for f in FIELDS:
            a = mine_docs if f == "documents" else mine[f]
            b = t[f]
            if f in ("time_limit_days", "fee_vnd") and b is None:
                continue
            if a != b:
                diffs.append({"code": code, "field": f, "ours": a, "theirs": b})
                updates.setdefault(code, {})[f] = b
    local = [(c, r["name"]) for c, r in ours.items() if r["is_local"]]
    suggestions = mapping.suggest(local, national)
    mapping.store_suggestions(conn, suggestions)
    applied = 0
    if apply and updates:
        applied = _apply(conn, updates)
    return {"differences": diffs, "applied": applied,
            "suggestions": [{"local": k, "national": v[0], "similarity": v[1]}
                            for k, v in suggestions.items()]}


def _apply(conn: Connection, updates: dict[str, dict[str, Any]]) -> int:
    with atomic(conn) as tx_conn:
        for code, changes in updates.items():
            sets, params = [], {"code": code}
            for f, v in changes.items():
                if f == "documents":
                    v = json.dumps([{"name": n, "original": 1, "copy": 0} for n in v],
                                   ensure_ascii=False)
                    sets.append("documents = CAST(:documents AS json)")
                else:
                    sets.append(f"{f} = :{f}")
                if f == "name":
                    sets.append("name_folded = :name_folded")
                    params["name_folded"] = tx.fold(v)
                params[f] = v
            tx_conn.execute(text(f"UPDATE procedure SET {', '.join(sets)}, version = version + 1, "
                              "updated_at = now() WHERE code = :code"), params)
    return len(updates)
