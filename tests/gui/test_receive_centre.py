"""The receive form at a public service centre: the handling agency is chosen when the
procedure has several, the return point when the directory has other units; a missing choice
is said next to the field and nothing typed is lost."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from sqlalchemy import text

from onestop.services import agencies, queries
from tests.gui.conftest import type_text, wait_idle

pytestmark = pytest.mark.gui

PROCEDURE = "2.001914"
HEALTH = "000.00.16.H36"
OTHER = "000.00.17.H36"
BRANCH = "000.11.60.H36"


def _centre(ctx: Any) -> None:
    agencies.add_agency(ctx, HEALTH, "SỞ Y TẾ", parent="UBND TỈNH LÂM ĐỒNG")
    agencies.add_agency(ctx, OTHER, "SỞ TƯ PHÁP", parent="UBND TỈNH LÂM ĐỒNG")
    agencies.add_agency(ctx, BRANCH, "TRUNG TÂM PHỤC VỤ HCC PHƯỜNG XUÂN HƯƠNG", kind="unit",
                        place="Đà Lạt")
    with ctx.engine.begin() as conn:
        conn.execute(text("UPDATE procedure SET agency_codes = :a WHERE code = :c"),
                     {"a": f"{HEALTH}|{OTHER}", "c": PROCEDURE})


def test_single_agency_desk_shows_neither_row(qtbot: Any, make_window: Any,
                                              runner: Any) -> None:
    view = make_window("canbo").receive
    assert view.procedure.choose_code(PROCEDURE)
    wait_idle(qtbot, runner)
    assert not view.agency.parentWidget().isVisibleTo(view)
    assert not view.return_unit.parentWidget().isVisibleTo(view)
    assert view.request().agency is None and view.request().return_unit is None


def test_choice_of_agency_and_return_point(qtbot: Any, make_window: Any, runner: Any,
                                           base_ctx: Any) -> None:
    _centre(base_ctx)
    w = make_window("canbo")
    view = w.receive
    wait_idle(qtbot, runner)
    assert view.procedure.choose_code(PROCEDURE)
    wait_idle(qtbot, runner)
    assert view.agency.count() == 3                      # "choose", then the two Sở
    assert view.agency.parentWidget().isVisibleTo(view)
    assert view.return_unit.parentWidget().isVisibleTo(view)
    type_text(view.name, "Nguyễn Thị Hương Giang")
    type_text(view.notes, "Nhận kết quả tại phường")
    view.return_unit.setCurrentIndex(view.return_unit.findData(BRANCH))
    QTest.keyClick(view, Qt.Key.Key_F10)
    wait_idle(qtbot, runner)
    assert view.last_saved is None
    assert "cơ quan giải quyết" in view.errors.message_for("agency").lower()
    # nothing typed is lost, the return point neither
    assert view.name.text() == "Nguyễn Thị Hương Giang"
    assert view.notes.toPlainText() == "Nhận kết quả tại phường"
    assert view.return_unit.currentData() == BRANCH
    view.agency.setCurrentIndex(view.agency.findData(OTHER))
    QTest.keyClick(view, Qt.Key.Key_F10)
    wait_idle(qtbot, runner)
    saved = view.last_saved
    assert saved is not None
    d = queries.show(base_ctx, saved.code)
    assert (d.agency_code, d.return_unit_code) == (OTHER, BRANCH)
    assert d.names_at_receipt["agency"]["name"] == "SỞ TƯ PHÁP"
    assert view.agency.currentData() == OTHER            # kept for the next dossier
    assert view.return_unit.currentIndex() == 0          # back to this unit
    if w.preview is not None:
        w.preview.close()


def test_settings_page_adds_an_agency_and_keeps_a_refused_entry(
        qtbot: Any, runner: Any, session_for: Any, base_ctx: Any) -> None:
    from onestop.ui.settings.agencies import AgenciesPage

    page = AgenciesPage(session_for("quantri"), runner)
    qtbot.addWidget(page)
    wait_idle(qtbot, runner)
    assert page.model.rowCount() == 1                     # the desk's own agency
    type_text(page.code, "000.00.16")                     # malformed
    type_text(page.name, "SỞ Y TẾ")
    type_text(page.valid_from, "01/07/2025")
    page.save()
    wait_idle(qtbot, runner)
    assert "000.00.15.H36" in page.errors.message_for("agency_code")   # the example
    assert (page.code.text(), page.name.text(), page.valid_from.text()) == (
        "000.00.16", "SỞ Y TẾ", "01/07/2025")
    page.code.setText(HEALTH)
    page.save()
    wait_idle(qtbot, runner)
    listed = {a["code"]: a for a in agencies.list_agencies(base_ctx)}
    assert listed[HEALTH]["valid_from"] == "2025-07-01" and listed[HEALTH]["kind"] == "agency"
    assert page.model.rowCount() == 2 and page.code.text() == ""
