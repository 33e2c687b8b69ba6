"""Benchmark of the national portal link (a plain script: prints figures, asserts nothing).

Run (needs the test PostgreSQL: ``eval "$(bash build_scripts/test_services.sh env)"``):
``python tests/bench/bench_portal.py [--dossiers 1000] [--batch 50]``

Figures, against the stand-in (``onestop portal stand-in``, a separate process) on loopback:
* the link: ``onestop portal sync --once`` over N dossiers with 3 events each, from the
  central database, with its ledger (a "sent" and an "ack" row per item): dossiers/s;
* the floor: raw httpx posting exactly the same payloads (built beforehand, in memory) in
  the same batches to a second, fresh stand-in: no database, no ledger; the ratio link/floor.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import httpx
from sqlalchemy import create_engine

from onestop.portal import link, store, wire
from onestop.portal.client import LinkConfig
from tests.portal.conftest import (
    PORTAL_PW,
    configure,
    fill,
    portal_cli,
    start_standin,
)
from tests.support.central import drop_database, init_central


def _payloads(admin_url: str, batch: int) -> list[tuple[str, dict]]:
    """(service, body) of every call the link makes, built from the central data."""
    eng = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    calls: list[tuple[str, dict]] = []
    with eng.connect() as conn:
        cfg = store.read_config(conn, None)
        maps = store.read_maps(conn)
        run = link.Run(conn, cfg, None)  # type: ignore[arg-type]
        dossiers, events = run.plan(maps, store.candidates(conn, ""))
    eng.dispose()
    for i in range(0, len(dossiers), batch):
        calls.append((wire.S_SYNC, {"isUpdating": "False",
                                    "data": [it.obj for it in dossiers[i:i + batch]]}))
    for i in range(0, len(events), batch):
        calls.append((wire.S_PROGRESS, {"data": [it.obj for it in events[i:i + batch]]}))
    return calls


def _floor(url: str, cfg: LinkConfig, calls: list[tuple[str, dict]]) -> float:
    t0 = time.perf_counter()
    with httpx.Client(base_url=url, headers={"dstcode": cfg.dstcode}) as http:
        s = http.post(cfg.auth_path, json={"username": cfg.username,
                                           "password": PORTAL_PW}).json()["session"]
        for service, body in calls:
            r = http.post(cfg.integration_path, json={"session": s, "madonvi": cfg.madonvi,
                                                      "service": service, **body})
            assert r.json()["error_code"] == 0, r.text
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dossiers", type=int, default=1000)
    ap.add_argument("--batch", type=int, default=50)
    a = ap.parse_args()
    admin_url = os.environ.get("ONESTOP_TEST_PG_URL")
    if not admin_url:
        sys.exit("ONESTOP_TEST_PG_URL is not set (build_scripts/test_services.sh env)")
    cen = init_central(admin_url)
    with tempfile.TemporaryDirectory() as tmp:
        a_stand = start_standin(Path(tmp), name="link")
        b_stand = start_standin(Path(tmp), name="floor")
        try:
            configure(cen, a_stand)
            fill(cen, a.dossiers)
            calls = _payloads(cen.admin_url, a.batch)
            eng = create_engine(cen.admin_url)
            with eng.connect() as conn:
                cfg = store.read_config(conn, None)
            eng.dispose()
            t0 = time.perf_counter()
            r = portal_cli("portal", "sync", "--once", "--central", cen.admin_url, "--json",
                           "--batch", str(a.batch))
            took = time.perf_counter() - t0
            assert r.returncode == 0, r.stderr
            floor = _floor(b_stand.url, cfg, calls)
            n = a.dossiers
            print(f"link: {n:,} dossiers + {3 * n:,} events in {took:.2f} s = "
                  f"{n / took:,.0f} dossiers/s (process start included; {r.stdout.strip()})")
            print(f"floor (raw httpx, same payloads and batches, no database): {floor:.2f} s = "
                  f"{n / floor:,.0f} dossiers/s; link / floor = {took / floor:.2f}×")
        finally:
            a_stand.stop()
            b_stand.stop()
            drop_database(admin_url, cen.database)


if __name__ == "__main__":
    main()
