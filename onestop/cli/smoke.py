"""``onestop --smoke``: a self-test of an installed or bundled copy.

In a temporary data dir it creates and initialises a database (Alembic scripts, seed
catalogue and calendar), receives one dossier, renders its receipt (bundled fonts,
barcode), builds the first-run wizard offscreen-capable (Qt plugins), prints the timings and
exits 0; on any failure it prints the traceback and exits 1. It never touches the real data.
"""

from __future__ import annotations

from onestop.cli.common import SubParsers

import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

__all__ = ["register", "run_smoke"]

_T = TypeVar("_T")


def register(sub: SubParsers) -> None:
    """No subcommand: the self-test is the top-level ``--smoke`` option of ``build_parser``."""


@contextmanager
def _temporary_home() -> Iterator[Path]:
    """ONESTOP_HOME in a temp dir for the duration (settings, data and logs go there)."""
    saved = {k: os.environ.get(k) for k in ("ONESTOP_HOME", "ONESTOP_DB", "ONESTOP_NO_KEYRING")}
    with tempfile.TemporaryDirectory(prefix="onestop-smoke-") as tmp:
        os.environ["ONESTOP_HOME"] = tmp
        os.environ.pop("ONESTOP_DB", None)
        # the throwaway database's key goes to a key file in the temp dir, not the keyring
        os.environ["ONESTOP_NO_KEYRING"] = "1"
        try:
            yield Path(tmp)
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value


def _timed(timings: dict[str, float], name: str, fn: Callable[[], _T]) -> _T:
    started = time.perf_counter()
    result = fn()
    timings[name] = time.perf_counter() - started
    return result


def _print_forms(ctx: Any, dossier: Any) -> tuple[Any, Any]:
    """The printing records for one dossier (agency header and dossier)."""
    from onestop.printing import AgencyHeader, DocumentLine, DossierPrint
    from onestop.services.install import setup

    info = setup.agency_info(ctx)
    agency = AgencyHeader(parent_name=info.parent_name or "", name=info.name,
                          place_name=info.place_name or "", address=info.address or "")
    docs = tuple(DocumentLine(str(d.get("name", "")), int(d.get("original", 0) or 0),
                              int(d.get("copy", 0) or 0)) for d in dossier.documents)
    record = DossierPrint(
        code=dossier.code, applicant_name=dossier.applicant_name,
        procedure_name=dossier.procedure_name, procedure_code=dossier.procedure_code,
        documents=docs, sets=dossier.sets, time_limit_days=dossier.time_limit_days,
        received_at=dossier.received_at, due_at=dossier.due_at, fee_vnd=dossier.fee_vnd,
        register_book=dossier.register_book, register_no=dossier.register_no,
        officer_name=dossier.received_by, channel=dossier.channel,
        department=dossier.department,
    )
    return agency, record


def _flow(home: Path, timings: dict[str, float]) -> dict[str, Any]:
    started = time.perf_counter()
    from onestop.printing import render_receipt
    from onestop.services import catalogue
    from onestop.services.install import setup
    from onestop.services.context import Context
    from onestop.services.reception import ReceiveRequest, receive

    timings["imports"] = time.perf_counter() - started
    ctx = Context.open(f"sqlite:///{home / 'data' / 'onestop.sqlite3'}")
    try:
        _timed(timings, "init", lambda: setup.init(ctx))
        code = catalogue.list_procedures(ctx)[0].code
        request = ReceiveRequest(procedure=code, name="Nguyễn Văn Thử")
        dossier = _timed(timings, "receive", lambda: receive(ctx, request))
        agency, record = _print_forms(ctx, dossier)
        pdf = _timed(timings, "receipt", lambda: render_receipt(record, agency))
    finally:
        ctx.engine.dispose()
    if not pdf.startswith(b"%PDF") or len(pdf) < 1000:
        raise RuntimeError("the receipt is not a PDF")
    from onestop.storage import keys

    db_file = home / "data" / "onestop.sqlite3"
    if keys.state(db_file) != keys.ENCRYPTED or "Thử".encode() in db_file.read_bytes():
        raise RuntimeError("the database is not encrypted (SQLCipher)")
    return {"dossier": dossier.code, "pdf_bytes": len(pdf), "encrypted": True}


def run_smoke() -> int:
    """Run the self-test; print one line per step and the timings.

    Returns:
        0 when every step passed, 1 otherwise.
    """
    started = time.perf_counter()
    timings: dict[str, float] = {}
    try:
        with _temporary_home() as home:
            facts = _flow(home, timings)
            started_qt = time.perf_counter()
            from onestop.ui.first_run import qt_smoke

            timings["qt_imports"] = time.perf_counter() - started_qt
            facts["qt_pages"] = _timed(timings, "qt", qt_smoke)
    except Exception:  # a self-test reports every failure the same way
        traceback.print_exc()
        print("smoke: FAILED", file=sys.stderr)
        return 1
    timings["total"] = time.perf_counter() - started
    print("smoke: ok " + " ".join(f"{k}={v}" for k, v in facts.items()))
    print("smoke: timings " + " ".join(f"{k}={v:.3f}s" for k, v in timings.items()))
    return 0
