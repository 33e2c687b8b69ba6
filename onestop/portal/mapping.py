"""The administrator's mapping tables (``portal_map``): status, channel, procedure."""

from __future__ import annotations

import difflib
from typing import Any

from sqlalchemy import Connection, text

from onestop.domain import text as tx
from onestop.portal.store import atomic

KINDS = ("status", "channel", "procedure")


def set_pairs(conn: Connection, pairs: list[tuple[str, str, str]]) -> None:
    """Write (kind, ours, theirs) pairs, confirmed, in one transaction."""
    with atomic(conn) as tx_conn:
        for kind, ours, theirs in pairs:
            tx_conn.execute(text(
                "INSERT INTO portal_map (kind, ours, theirs, confirmed) VALUES (:k, :o, :t, true) "
                "ON CONFLICT (kind, ours) DO UPDATE SET theirs = excluded.theirs, "
                "confirmed = true, updated_at = now()"), {"k": kind, "o": ours, "t": theirs})


def tables(conn: Connection) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {k: [] for k in KINDS}
    for kind, ours, theirs, confirmed in conn.execute(text(
            "SELECT kind, ours, theirs, confirmed FROM portal_map ORDER BY kind, ours")):
        out[kind].append({"ours": ours, "theirs": theirs, "confirmed": confirmed})
    return out


def suggest(local: list[tuple[str, str]], national: list[tuple[str, str]],
            cutoff: float = 0.6) -> dict[str, tuple[str, float]]:
    """For each local (code, name), the most similar national (code, name) by folded name —
    a suggestion an administrator confirms (as OpenCPS did), never applied by itself."""
    folded = {tx.fold(n): c for c, n in national}
    out: dict[str, tuple[str, float]] = {}
    for code, name in local:
        best = difflib.get_close_matches(tx.fold(name), list(folded), n=1, cutoff=cutoff)
        if best:
            ratio = difflib.SequenceMatcher(None, tx.fold(name), best[0]).ratio()
            out[code] = (folded[best[0]], round(ratio, 3))
    return out


def store_suggestions(conn: Connection, suggestions: dict[str, tuple[str, float]]) -> None:
    """Keep suggestions unconfirmed (never over a confirmed entry)."""
    for ours, (theirs, _) in suggestions.items():
        conn.execute(text(
            "INSERT INTO portal_map (kind, ours, theirs, confirmed) VALUES ('procedure', :o, :t, "
            "false) ON CONFLICT (kind, ours) DO UPDATE SET theirs = excluded.theirs "
            "WHERE NOT portal_map.confirmed"), {"o": ours, "t": theirs})
