"""The link loop: what changed in the central database → the adapter, with a ledger.

One run: find the unit's dossiers with something not yet acknowledged; for each, in order,
its creation (``DongBoHoSoMC`` ``isUpdating`` "False" until acknowledged) or its update ("True"
when its data changed since the acknowledged version), then its events not yet acknowledged
as progress steps (``CapNhatTienDoHoSoMC``), in order. Items go in batches; every attempt is
written to the ledger *before* the call ("sent") and its outcome after ("ack", "error",
"refused"), so a run killed at any point is completed by the next one: an item whose
acknowledgement was lost is sent again (the adapter ignores the repeat), an acknowledged one
never is. A transient failure (time-out, HTTP 5xx, dropped connection, malformed answer) is
retried with back-off, then left "failed" for the next run; a refusal (non-zero
``error_code`` twice — the client logs in again in between) splits the batch until the item
the adapter rejects is found; that item's dossier waits in "attention" and the rest flow on.
A dossier whose status, channel or local procedure has no portal code waits in "attention"
before anything is sent (never a guessed code).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection

from onestop.portal import store, wire
from onestop.portal.client import Client, LinkConfig, Refused, Unreachable
from onestop.portal.payload import Maps, Unmapped, dossier_object, progress_object, statuses_after


@dataclass
class Item:
    """One thing to send."""

    kind: str                   # 'dossier' | 'event'
    dossier_id: Any
    code: str
    obj: dict[str, Any]
    event_id: Any = None
    is_updating: bool | None = None
    version: int | None = None
    last: bool = False          # the dossier's last outstanding item in this run
    attempt: int = 1

    @property
    def digest(self) -> str:
        return wire.digest(self.obj)

    def row(self, unit: str, action: str, state: str, answer: str = "",
            error: str = "") -> dict[str, Any]:
        return {"unit": unit, "item": self.kind, "dossier_id": self.dossier_id,
                "event_id": self.event_id, "code": self.code, "action": action,
                "is_updating": self.is_updating, "version": self.version,
                "digest": self.digest, "attempt": self.attempt, "answer": answer,
                "error": error, "state": state}


@dataclass
class Result:
    sent: int = 0
    acknowledged: int = 0
    failed: int = 0
    refused: int = 0
    pending: int = 0
    attention: list[dict[str, str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"sent": self.sent, "acknowledged": self.acknowledged, "failed": self.failed,
                "pending": self.pending, "attention": self.attention}


@dataclass
class Options:
    batch: int = 50
    retries: int = 3
    backoff: float = 0.2        # seconds, doubled at each retry
    sleep: Callable[[float], None] = time.sleep


class Run:
    """One run of the link for one unit."""

    def __init__(self, conn: Connection, cfg: LinkConfig, client: Client,
                 opts: Options | None = None) -> None:
        self.conn, self.cfg, self.client = conn, cfg, client
        self.opts = opts or Options()
        self.result = Result()
        self.blocked: set[Any] = set()       # dossiers stopped for this run
        self.sent_once: set[tuple[str, Any]] = set()

    # -- planning ---------------------------------------------------------------------------
    def plan(self, maps: Maps, ids: list[Any]) -> tuple[list[Item], list[Item]]:
        """(dossier items, event items) of these dossiers; unmapped ones go to attention."""
        loaded = store.load(self.conn, ids)
        dossiers: list[Item] = []
        events: list[Item] = []
        refusals: list[dict[str, Any]] = []
        for did in ids:
            d = loaded.get(did)
            if d is None:
                continue
            proc = {"code": d["p_code"], "name": d["p_name"], "is_local": d["p_is_local"],
                    "field": d["p_field"], "field_code": d["p_field_code"]}
            unit_name = d["a_name"]
            mine: list[Item] = []
            try:
                if not d["portal_created"] or d["portal_version"] != d["version"]:
                    mine.append(Item("dossier", did, d["code"],
                                     dossier_object(d, proc, maps, unit_name),
                                     is_updating=bool(d["portal_created"]),
                                     version=d["version"]))
                after = statuses_after([e["kind"] for e in d["events"]])
                for e, st in zip(d["events"], after):
                    if e["id"] in d["acked"]:
                        continue
                    mine.append(Item("event", did, d["code"],
                                     progress_object(e, d["code"], st, maps, d, unit_name),
                                     event_id=e["id"]))
            except Unmapped as exc:
                stub = Item("dossier", did, d["code"], {"MaHoSo": d["code"],
                                                        "version": d["version"]},
                            version=d["version"])
                refusals.append(stub.row(self.cfg.unit, "refused", "attention",
                                         error=exc.reason()))
                self.result.attention.append({"code": d["code"], "error": exc.reason()})
                self.result.refused += 1
                continue
            if mine:
                mine[-1].last = True
            for it in mine:
                (dossiers if it.kind == "dossier" else events).append(it)
        store.append(self.conn, refusals)
        return dossiers, events

    # -- sending ----------------------------------------------------------------------------
    def _call(self, items: list[Item]) -> Any:
        kind = items[0].kind
        data = [it.obj for it in items]
        if kind == "dossier":
            upd = "True" if items[0].is_updating else "False"
            return self.client.call(wire.S_SYNC, isUpdating=upd, data=data)
        return self.client.call(wire.S_PROGRESS, data=data)

    def _log(self, items: list[Item], action: str, state: str | None = None,
             answer: str = "", error: str = "") -> None:
        rows = []
        for it in items:
            st = state or ("acknowledged" if (action == "ack" and it.last) else "pending")
            rows.append(it.row(self.cfg.unit, action, st, answer, error))
        store.append(self.conn, rows)

    def send(self, items: list[Item]) -> None:
        """Send one batch (same kind, same isUpdating), with retries and splitting."""
        items = [it for it in items if it.dossier_id not in self.blocked]
        if not items:
            return
        delay = self.opts.backoff
        for attempt in range(1, self.opts.retries + 2):
            for it in items:
                it.attempt = attempt
                key = (it.kind, it.event_id or it.dossier_id)
                if key not in self.sent_once:
                    self.sent_once.add(key)
                    self.result.sent += 1
            self._log(items, "sent")
            try:
                answer = self._call(items)
            except Unreachable as exc:
                if attempt <= self.opts.retries:
                    self._log(items, "error", "failed", error=exc.detail)
                    self.opts.sleep(delay)
                    delay *= 2
                    continue
                self._log(items, "error", "failed", error=exc.detail)
                self.result.failed += len(items)
                self.blocked.update(it.dossier_id for it in items)
                return
            except Refused as exc:
                text = store.answer_text(exc.answer)
                if len(items) == 1:
                    self._log(items, "refused", "attention", text, exc.detail)
                    self.result.refused += 1
                    self.result.attention.append({"code": items[0].code, "error": exc.detail})
                    self.blocked.add(items[0].dossier_id)
                    return
                self._log(items, "error", "pending", text, "refused; batch split")
                half = len(items) // 2
                self.send(items[:half])
                self.send(items[half:])
                return
            self._log(items, "ack", answer=store.answer_text(answer))
            self.result.acknowledged += len(items)
            return

    def run(self, maps: Maps, ids: list[Any]) -> None:
        dossiers, events = self.plan(maps, ids)
        b = self.opts.batch
        for flag in (False, True):
            group = [it for it in dossiers if bool(it.is_updating) == flag]
            for i in range(0, len(group), b):
                self.send(group[i:i + b])
        events = [it for it in events if it.dossier_id not in self.blocked]
        # a batch holds events of several dossiers, each dossier's in order; a dossier whose
        # earlier event failed is blocked before its later ones are sent
        for i in range(0, len(events), b):
            self.send(events[i:i + b])


def run_once(conn: Connection, cfg: LinkConfig, client: Client, opts: Options | None = None,
             chunk: int = 500) -> Result:
    """One pass over everything outstanding of the unit (in chunks of dossiers).

    Raises:
        LoginRefused, Unreachable: the log-in failed (before anything was sent).
    """
    maps = store.read_maps(conn)
    client.login()
    r = Run(conn, cfg, client, opts)
    ids = store.candidates(conn, cfg.unit)
    for i in range(0, len(ids), chunk):
        r.run(maps, ids[i:i + chunk])
    st = store.status(conn, cfg.unit)
    r.result.pending = st["pending"] + st["failed"]
    r.result.attention = st["attention"]
    return r.result
