"""Printing through Qt (QtPdf pages painted on a QPrinter) to the real CUPS test queue.

CUPS-PDF rewrites text into Type 3 glyphs, so the job's output is checked by decoding the
receipt's barcode from a ``pdftoppm -r 200`` rendering and by its page size, not by its text.
The pytest-qt ``qapp`` (offscreen) is the one QApplication; printing runs in the test thread
and, for :class:`PrintJob`, on Qt's thread pool.
"""

from __future__ import annotations

import time
import uuid
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from onestop.services import forms
from onestop.services.context import Context
from onestop.ui import qt_print
from tests.printing_integration import scenario as sc
from tests.support import pdf as tools

WAIT_S = 60.0


@pytest.fixture(scope="module")
def receipts(scenario_template: tuple[Path, sc.Codes]) -> dict[str, bytes]:
    """The A4 and 80 mm receipts of the scenario's main dossier (rendered, not recorded)."""
    path, codes = scenario_template
    ctx = Context.open(f"sqlite:///{path}", "canbo")
    try:
        return {layout: forms.receipt_preview(ctx, codes.full, layout) for layout in ("a4", "k80")}
    finally:
        ctx.engine.dispose()


def _job_output(out_dir: Path, title: str) -> Path:
    """Wait (≤ 60 s) for the cups-pdf file of the job titled ``title`` to be complete.

    cups-pdf writes the file while Ghostscript runs: it is complete once it ends with the
    ``%%EOF`` marker and its size holds still between two polls.
    """
    deadline = time.monotonic() + WAIT_S
    last = -1
    while time.monotonic() < deadline:
        found = sorted(out_dir.glob(f"*{title}*.pdf"))
        if found:
            data = found[0].read_bytes()
            if len(data) == last and data.rstrip().endswith(b"%%EOF"):
                return found[0]
            last = len(data)
        time.sleep(0.25)
    raise AssertionError(f"no complete output from CUPS for job {title} in {out_dir} "
                         f"after {WAIT_S} s")


def _title(tag: str) -> str:
    return f"onestop-test-{tag}-{uuid.uuid4().hex[:10]}"


@pytest.mark.cups
@pytest.mark.parametrize("layout", ["a4", "k80"])
def test_receipt_prints_on_cups(qapp: object, cups_queue: tuple[str, Path],
                                receipts: dict[str, bytes], codes: sc.Codes, tmp_path: Path,
                                layout: str) -> None:
    queue, out_dir = cups_queue
    assert queue in qt_print.available_printers()
    title = _title(layout)
    pages = qt_print.print_pdf(receipts[layout], queue, title=title)
    printed = _job_output(out_dir, title)
    try:
        assert pages == (2 if layout == "a4" else 1)
        assert tools.receipt_codes(printed, tmp_path, codes.full) == [[codes.full]] * pages
        # the paper follows the PDF: A4, or the 80 mm roll (not A4) for the thermal layout
        assert tools.page_width_mm(printed) == pytest.approx(210 if layout == "a4" else 80,
                                                             abs=1.5)
    finally:
        printed.unlink(missing_ok=True)


@pytest.mark.cups
def test_print_job_reports_back_on_the_gui_thread(qtbot: QtBot, cups_queue: tuple[str, Path],
                                                  receipts: dict[str, bytes], codes: sc.Codes,
                                                  tmp_path: Path) -> None:
    queue, out_dir = cups_queue
    title = _title("job")
    job = qt_print.PrintJob(receipts["k80"], queue, page_size_mm=(80, 170), title=title)
    with qtbot.waitSignal(job.sig_done, timeout=int(WAIT_S * 1000)) as blocker:
        job.start()
    assert blocker.args == [1] and job.error is None
    printed = _job_output(out_dir, title)
    try:
        assert tools.receipt_codes(printed, tmp_path, codes.full) == [[codes.full]]
        assert tools.info(printed)["Page size"].startswith("226")  # 80 mm = 226.8 pt
        assert float(tools.info(printed)["Page size"].split()[2]) == pytest.approx(
            170 / 25.4 * 72, abs=2)
    finally:
        printed.unlink(missing_ok=True)


def test_missing_printer_is_a_typed_vietnamese_error(qtbot: QtBot,
                                                     receipts: dict[str, bytes]) -> None:
    with pytest.raises(qt_print.PrinterUnavailable) as err:
        qt_print.print_pdf(receipts["k80"], "MAY_IN_KHONG_CO")
    assert err.value.code == "printer_unavailable" and err.value.field == "printer"
    assert "MAY_IN_KHONG_CO" in err.value.message and "không tìm thấy" in err.value.message
    job = qt_print.PrintJob(receipts["k80"], "MAY_IN_KHONG_CO")
    with qtbot.waitSignal(job.sig_failed, timeout=10_000) as blocker:
        job.start()
    assert blocker.args == [err.value.message]
    assert isinstance(job.error, qt_print.PrinterUnavailable)


@pytest.mark.cups
def test_garbage_is_not_printed(qapp: object, cups_queue: tuple[str, Path]) -> None:
    with pytest.raises(ValueError):
        qt_print.print_pdf(b"%PDF-1.4 not really", cups_queue[0])
