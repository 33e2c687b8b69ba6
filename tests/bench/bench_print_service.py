"""Benchmark of printing from the database and through Qt (a plain script: prints figures).

Run: ``python tests/bench/bench_print_service.py [--repeat N] [--dossiers N]``
(with ``ONESTOP_TEST_CUPS_QUEUE``/``ONESTOP_TEST_CUPS_OUT`` set for the CUPS figures).

Figures:
* ``services.forms.receipt_pdf`` (read the dossier and its history, check the reprint rule,
  render, append the audit entry, commit) against its raw baseline ``render_receipt`` of the
  same record — the ratio is what the database round trip and the audit cost on top;
* ``form_pdf(control)`` and ``register`` (PDF, xlsx) for a month of demo dossiers, with the
  register's one SQL query timed alone;
* with a CUPS queue: ``qt_print.print_pdf`` (QtPdf rasterising + QPrinter spooling) per layout
  and the time until the job's output file is complete (submit → paper, as far as CUPS-PDF
  can tell).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from onestop.printing import render_receipt
from onestop.services import demo, forms
from onestop.services.install import setup
from onestop.services import form_data as fd
from onestop.services.context import Context
from onestop.services.dossiers import load, to_dto
from onestop.storage.models import Agency, Dossier


def median_ms(fn: Callable[[], object], repeat: int) -> float:
    fn()  # warm-up: fonts, calendar, statement cache
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def build(path: Path, dossiers: int) -> Context:
    ctx = Context.open(f"sqlite:///{path}")
    ctx.clock = lambda: datetime(2026, 3, 31, 10, 0, tzinfo=UTC)
    setup.init(ctx)
    demo.generate(ctx, dossiers, 1)
    return ctx


def service_figures(ctx: Context, repeat: int) -> str:
    with ctx.reading() as session:
        code = session.query(Dossier.code).order_by(Dossier.received_at.desc()).first()[0]
        row = load(session, code)
        d = to_dto(session, row, with_events=True, ctx=ctx)
        agency = fd.agency_header(session.get(Agency, row.agency_id))
        names = fd.full_names(session, [d.received_by])
    record = fd.dossier_print(d, agency, names)
    lines = []
    for layout in ("a4", "k80"):
        raw = median_ms(lambda lay=layout: render_receipt(record, agency, lay, ctx.now()),  # type: ignore[misc]
                        repeat)
        svc = median_ms(lambda lay=layout: forms.receipt_pdf(ctx, code, lay, "bench"), repeat)  # type: ignore[misc]
        lines.append(f"receipt {layout:<3}  service {svc:7.1f} ms   render only {raw:7.1f} ms"
                     f"   ratio {svc / raw:4.2f}")
    ctl = median_ms(lambda: forms.form_pdf(ctx, code, "control"), repeat)
    lines.append(f"control sheet      service {ctl:7.1f} ms")
    return "\n".join(lines)


def register_figures(ctx: Context, repeat: int) -> str:
    first, last = date(2026, 1, 1), date(2026, 3, 31)
    with ctx.reading() as session:
        agency_id = ctx.identity(session).agency_id
        n = len(fd.register_rows(session, agency_id, first, last).rows)

    def query() -> None:
        with ctx.reading() as session:
            fd.register_rows(session, agency_id, first, last)

    q = median_ms(query, repeat)
    pdf = median_ms(lambda: forms.register(ctx, first, last, "pdf"), max(3, repeat // 5))
    xlsx = median_ms(lambda: forms.register(ctx, first, last, "xlsx"), max(3, repeat // 5))
    return (f"register {n} rows  query {q:7.1f} ms   pdf {pdf:8.1f} ms   xlsx {xlsx:8.1f} ms"
            f"   (query share of pdf {q / pdf:5.1%})")


def cups_figures(ctx: Context, repeat: int) -> str:
    queue = os.environ.get("ONESTOP_TEST_CUPS_QUEUE", "")
    out_dir = Path(os.environ.get("ONESTOP_TEST_CUPS_OUT", "/nonexistent"))
    if not queue or not out_dir.is_dir():
        return "cups: ONESTOP_TEST_CUPS_QUEUE/ONESTOP_TEST_CUPS_OUT not set, skipped"
    from PySide6.QtGui import QGuiApplication

    from onestop.ui import qt_print

    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 - keeps Qt alive
    with ctx.reading() as session:
        code = session.query(Dossier.code).first()[0]
    lines = []
    for layout in ("a4", "k80"):
        pdf = forms.receipt_preview(ctx, code, layout)
        spool, total = [], []
        for _ in range(max(2, repeat // 10)):
            title = f"onestop-bench-{uuid.uuid4().hex[:8]}"
            t = time.perf_counter()
            qt_print.print_pdf(pdf, queue, title=title)
            spool.append(time.perf_counter() - t)
            total.append(_wait(out_dir, title) - t)
        lines.append(f"cups {layout:<3}  print_pdf {statistics.median(spool):5.2f} s"
                     f"   submit → output complete {statistics.median(total):5.2f} s")
    return "\n".join(lines)


def _wait(out_dir: Path, title: str) -> float:
    last = -1
    while True:
        found = list(out_dir.glob(f"*{title}*.pdf"))
        if found:
            data = found[0].read_bytes()
            if len(data) == last and data.rstrip().endswith(b"%%EOF"):
                done = time.perf_counter()
                found[0].unlink()
                return done
            last = len(data)
        time.sleep(0.05)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--dossiers", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        ctx = build(Path(tmp) / "bench.sqlite3", args.dossiers)
        print(service_figures(ctx, args.repeat))
        print(register_figures(ctx, args.repeat))
        print(cups_figures(ctx, args.repeat))
        ctx.engine.dispose()


if __name__ == "__main__":
    main()
