"""The receipt after saving: preview, print to a real CUPS queue, a reprint asks for a reason."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from onestop.services.reception import ReceiveRequest, receive
from tests.gui.conftest import type_text, wait_idle

pytestmark = pytest.mark.gui


def _dossier(base_ctx: Any) -> Any:
    return receive(base_ctx.as_user("canbo"), ReceiveRequest(procedure="2.001914",
                                                             name="Võ Thị Thu Hà"))


def _audit(base_ctx: Any, action: str) -> list[Any]:
    with base_ctx.engine.connect() as conn:
        return list(conn.execute(text("SELECT target, details FROM audit_entry "
                                      "WHERE action = :a"), {"a": action}))


def test_preview_renders_without_recording_a_print(qtbot: Any, make_window: Any, runner: Any,
                                                   base_ctx: Any) -> None:
    d = _dossier(base_ctx)
    w = make_window("canbo")
    dialog = w.show_receipt(d.code)
    wait_idle(qtbot, runner)
    assert dialog.pdf is not None and dialog.pdf.startswith(b"%PDF")
    qtbot.waitUntil(lambda: dialog.page_image(0) is not None, timeout=5000)
    assert not dialog.reason_row.isVisible()  # never printed: no reason needed
    assert _audit(base_ctx, "receipt.print") == []
    dialog.close()


@pytest.mark.cups
def test_print_then_reprint_with_a_reason(qtbot: Any, make_window: Any, runner: Any,
                                          base_ctx: Any, cups_queue: tuple[str, Path],
                                          prefs: Any) -> None:
    queue, out_dir = cups_queue
    prefs.update({"printing.printer": queue})
    d = _dossier(base_ctx)
    w = make_window("canbo")
    before = set(out_dir.glob("*.pdf"))
    dialog = w.show_receipt(d.code)
    wait_idle(qtbot, runner)
    with qtbot.waitSignal(dialog.sig_printed, timeout=30_000):
        dialog.print_now()
    wait_idle(qtbot, runner)
    assert [row.target for row in _audit(base_ctx, "receipt.print")] == [d.code]
    deadline = time.monotonic() + 30  # cups-pdf writes the file a moment after the job
    while time.monotonic() < deadline and not set(out_dir.glob("*.pdf")) - before:
        qtbot.wait(200)
    assert set(out_dir.glob("*.pdf")) - before
    # a second copy without a reason is refused, next to the reason field
    dialog.print_now()
    wait_idle(qtbot, runner)
    assert dialog.reason_row.isVisible()
    assert "in lại" in dialog.errors.message_for("reprint_reason")
    type_text(dialog.reason, "Công dân làm mất giấy hẹn")
    with qtbot.waitSignal(dialog.sig_printed, timeout=30_000):
        dialog.print_now()
    wait_idle(qtbot, runner)
    reprints = _audit(base_ctx, "receipt.reprint")
    assert len(reprints) == 1
    assert json.loads(reprints[0].details)["reason"] == "Công dân làm mất giấy hẹn"
    dialog.close()


def test_missing_printer_is_a_message_not_a_crash(qtbot: Any, make_window: Any, runner: Any,
                                                  base_ctx: Any, prefs: Any) -> None:
    prefs.update({"printing.printer": "khong-co-may-in-nay"})
    d = _dossier(base_ctx)
    w = make_window("canbo")
    dialog = w.show_receipt(d.code)
    wait_idle(qtbot, runner)
    dialog.print_now()
    wait_idle(qtbot, runner)
    assert "khong-co-may-in-nay" in dialog.status.text()
    assert dialog.print_button.isEnabled()
    dialog.close()
