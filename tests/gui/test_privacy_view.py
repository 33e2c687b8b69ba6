"""Issue 16 in the desk: a supervisor exports a citizen's data; the status bar says whether
the database is encrypted."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from onestop.domain.validation import citizen_id_for
from onestop.services.reception import ReceiveRequest, receive
from tests.gui.conftest import type_text, wait_idle

pytestmark = pytest.mark.gui

CITIZEN = citizen_id_for("001", date(1984, 6, 7), False, 321)


def test_a_supervisor_exports_a_citizens_data(qtbot: Any, make_window: Any, runner: Any,
                                              base_ctx: Any, tmp_path: Path) -> None:
    for _ in range(3):
        receive(base_ctx.as_user("canbo"), ReceiveRequest(procedure="2.001914",
                                                          name="Lý Thị Hạnh", id_number=CITIZEN))
    w = make_window("giamsat")
    assert w.status.encryption_label.text() == "CSDL đã mã hoá"
    view = w.privacy_tab.build()
    type_text(view.out, str(tmp_path / "x.txt"))
    view.export()
    wait_idle(qtbot, runner)
    assert view.out.text() == str(tmp_path / "x.txt")           # kept as typed
    assert not (tmp_path / "x.txt").exists()
    view.out.clear()
    type_text(view.id_number, CITIZEN)
    type_text(view.out, str(tmp_path / "p.json"))
    view.export()
    wait_idle(qtbot, runner)
    data = json.loads((tmp_path / "p.json").read_text(encoding="utf-8"))
    assert len(data["dossiers"]) == 3
    assert "3" in view.result.text()
