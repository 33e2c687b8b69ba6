"""Benchmark of the printing package (a plain script: prints figures, asserts nothing).

Run: ``python tests/bench/bench_printing.py [--repeat N] [--batch N]``

Figures:
* median build time of one A4 receipt (both copies, 2 pages) and one 80 mm receipt;
* the floor: a bare reportlab canvas drawing exactly the same strings in the same faces
  (one ``drawString`` per run, same pages, same fonts embedded, no layout, no barcode) —
  for the A4 receipt and for the single-copy 80 mm receipt;
* the ratios receipt / floor;
* a batch of receipts in a row with resident memory before and after.

Inputs vary per iteration (dossier code, applicant, number of papers) so that no cache
keyed on the content can make the figures look better than a desk's real stream of slips.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Table

from onestop.printing import (
    AgencyHeader,
    DocumentLine,
    DossierPrint,
    render_receipt,
)
from onestop.printing.barcodes import Code128Flowable
from onestop.printing.common import A4_MARGINS, A4_SIZES, frame_width
from onestop.printing.flowables import Columns, Para, Run
from onestop.printing.fonts import REGULAR, ensure_fonts
from onestop.printing.receipt import K80_MARGINS, K80_WIDTH, _a4_copy, _copy_label, _k80_story
from onestop.printing.templates import template_for

TZ = timezone(timedelta(hours=7))
AGENCY = AgencyHeader(
    "UBND TỈNH LÂM ĐỒNG", "SỞ GIÁO DỤC VÀ ĐÀO TẠO", place_name="Lâm Đồng",
    address="Số 23 Lê Hồng Phong, phường Xuân Hương - Đà Lạt, tỉnh Lâm Đồng",
    phone="0263 3822 224",
)
PAPERS = (
    DocumentLine("Đơn đề nghị chỉnh sửa nội dung văn bằng, chứng chỉ", 1, 0),
    DocumentLine("Văn bằng, chứng chỉ đề nghị chỉnh sửa", 1, 0),
    DocumentLine("Trích lục hoặc quyết định thay đổi, cải chính hộ tịch", 0, 1),
    DocumentLine("Giấy khai sinh", 0, 1),
    DocumentLine("Căn cước công dân hoặc giấy tờ tùy thân hợp pháp khác có ảnh", 0, 1),
)
NAMES = ("Nguyễn Thị Ánh Tuyết", "Trần Văn Bình", "Lê Hoàng Yến", "Phạm Đức Thắng")


def dossier(i: int) -> DossierPrint:
    """A realistic dossier; ``i`` varies code, applicant and papers."""
    received = datetime(2026, 1, 5, 8, 0, tzinfo=TZ) + timedelta(minutes=7 * i)
    return DossierPrint(
        code=f"000.00.15.H36-260105-{i % 10000:04d}",
        applicant_name=NAMES[i % len(NAMES)],
        procedure_name="Chỉnh sửa nội dung văn bằng, chứng chỉ",
        procedure_code="1.005092",
        id_number="068190001234",
        address="Số 12 đường Trần Phú, phường Xuân Hương - Đà Lạt, tỉnh Lâm Đồng",
        phone="0912 345 678",
        email="anhtuyet@example.vn",
        documents=PAPERS[: 3 + i % 3],
        time_limit_days=5,
        received_at=received,
        due_at=received + timedelta(days=7),
        register_book="01",
        register_no=1000 + i,
        officer_name="Trần Văn Bình",
    )


def collect_runs(flowables: list[Flowable]) -> Iterator[Run]:
    """Every (text, font) the receipt draws, in order."""
    for f in flowables:
        if isinstance(f, Para):
            yield from ((t, font) for t, font in f.runs if t)
        elif isinstance(f, Columns):
            for stack in f.columns:
                yield from collect_runs(stack)
        elif isinstance(f, Table):
            for row in f._cellvalues:
                yield from collect_runs([c for c in row if isinstance(c, Flowable)])
        elif isinstance(f, Code128Flowable):
            yield f.data, REGULAR


def floor_pdf(pages: list[list[Run]], pagesize: tuple[float, float]) -> bytes:
    """The floor: the same strings in the same faces, one drawString each, no layout."""
    ensure_fonts()
    buf = io.BytesIO()
    canv = Canvas(buf, pagesize=pagesize, invariant=1)
    for runs in pages:
        y = pagesize[1] - 10 * mm
        for text, font in runs:
            canv.setFont(font, 9)
            canv.drawString(5 * mm, y, text)
            y = y - 10 if y > 20 * mm else pagesize[1] - 10 * mm
        canv.showPage()
    canv.save()
    return buf.getvalue()


def a4_floor_runs(d: DossierPrint) -> list[list[Run]]:
    """Runs of both A4 copies, one list per page."""
    template = template_for("receipt", d.received_at.date())
    width = frame_width(A4, A4_MARGINS)
    pages = []
    for copy in (0, 1):
        story = _a4_copy(d, AGENCY, template, d.received_at, _copy_label(copy, A4_SIZES),
                         A4_SIZES, 9.5, width)
        pages.append(list(collect_runs(story)))
    return pages


def k80_floor_runs(d: DossierPrint) -> list[list[Run]]:
    """Runs of the single thermal copy."""
    template = template_for("receipt", d.received_at.date())
    width = K80_WIDTH - K80_MARGINS.left - K80_MARGINS.right
    return [list(collect_runs(_k80_story(d, AGENCY, template, d.received_at, width)))]


def interleaved_ms(
    fns: dict[str, Callable[[int], object]], repeat: int
) -> dict[str, tuple[float, float]]:
    """(median, best) wall time in ms of each ``fn(i)``, calls interleaved round-robin.

    Interleaving keeps the ratios honest on a shared machine: a burst of load elsewhere
    slows every contender of that round alike instead of only the one running then.  The
    best time is the steadiest figure when other work competes for the CPU.
    """
    for i in range(3):
        for fn in fns.values():
            fn(i)
    times: dict[str, list[float]] = {name: [] for name in fns}
    for i in range(repeat):
        for name, fn in fns.items():
            start = time.perf_counter()
            fn(i + 3)
            times[name].append(time.perf_counter() - start)
    return {name: (statistics.median(t) * 1000, min(t) * 1000) for name, t in times.items()}


def rss_mb() -> float:
    """Current resident set size in MiB (from /proc/self/statm)."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--batch", type=int, default=1000)
    args = parser.parse_args()

    dossiers = [dossier(i) for i in range(max(args.repeat, args.batch) + 3)]
    a4_runs = [a4_floor_runs(d) for d in dossiers[: args.repeat + 3]]
    k80_runs = [k80_floor_runs(d) for d in dossiers[: args.repeat + 3]]

    ms = interleaved_ms({
        "a4": lambda i: render_receipt(dossiers[i], AGENCY),
        "a4_floor": lambda i: floor_pdf(a4_runs[i], A4),
        "a4_one_page": lambda i: floor_pdf(a4_runs[i][:1], A4),
        "k80": lambda i: render_receipt(dossiers[i], AGENCY, "k80"),
        "k80_floor": lambda i: floor_pdf(k80_runs[i], (80 * mm, 200 * mm)),
    }, args.repeat)
    rows = (
        ("A4 receipt (2 copies, 2 pages)", "a4"),
        ("k80 receipt (1 copy)", "k80"),
        ("floor, A4 text (2 pages)", "a4_floor"),
        ("floor, A4 text of one copy (1 page)", "a4_one_page"),
        ("floor, k80 text (1 page)", "k80_floor"),
    )
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"load average {load} on {os.cpu_count()} CPUs; {args.repeat} rounds")
    print(f"{'':38s} {'median':>9s} {'best':>9s}")
    for label, key in rows:
        print(f"{label:38s} {ms[key][0]:6.2f} ms {ms[key][1]:6.2f} ms")
    for label, num, den in (("A4 / floor (same text, 2 pages)", "a4", "a4_floor"),
                            ("A4 / floor (one copy's text, 1 page)", "a4", "a4_one_page"),
                            ("k80 / floor (same text, 1 page)", "k80", "k80_floor")):
        print(f"ratio {label:37s} {ms[num][0] / ms[den][0]:5.2f}x   "
              f"{ms[num][1] / ms[den][1]:5.2f}x")

    before = rss_mb()
    start = time.perf_counter()
    total = 0
    for i in range(args.batch):
        total += len(render_receipt(dossiers[i], AGENCY))
    elapsed = time.perf_counter() - start
    after = rss_mb()
    print(f"{args.batch} A4 receipts in a row: {elapsed:.2f} s "
          f"({elapsed / args.batch * 1000:.2f} ms each, {total / args.batch / 1024:.1f} KiB each)")
    print(f"RSS before {before:.1f} MiB, after {after:.1f} MiB, growth {after - before:+.1f} MiB")


if __name__ == "__main__":
    main()
