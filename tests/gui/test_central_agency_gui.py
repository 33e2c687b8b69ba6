"""An agency registered centrally (``central add-agency``) reaches a counter's GUI with its
normal sync: the settings page lists it and the receive form offers it (issue 14). Real
PostgreSQL, real Qt widgets offscreen."""

from __future__ import annotations

from typing import Any

import pytest

from onestop import sync
from onestop.services import queries
from onestop.sync import directory, roles
from tests.gui.conftest import type_text, wait_idle
from tests.support.central import drop_database, init_central

pytestmark = pytest.mark.gui

PROCEDURE = "2.001914"
HEALTH = "000.00.16.H36"


def test_a_central_agency_reaches_the_settings_page_and_the_receive_form(
        qtbot: Any, make_window: Any, runner: Any, session_for: Any, pg_url: str) -> None:
    from onestop.ui.settings.agencies import AgenciesPage

    w = make_window("quantri")
    ctx = w.session.ctx
    with ctx.reading() as session:
        ident = ctx.identity(session)
    cen = init_central(pg_url)
    try:
        login = roles.add_counter(cen.admin_url, ident.agency_code, ident.counter_no)
        assert sync.join(ctx, login.url).status.last_error is None
        admin = roles.add_admin(cen.admin_url, f"{roles.role_prefix(cen.database)}_qtv")
        # the desk keeps deciding the procedure (the owner attaches its own code: a unit's
        # row is not the administrator's), the new Sở decides it too
        directory.add_agency(cen.admin_url, ident.agency_code, update_existing=True,
                             procedures=[PROCEDURE])
        directory.add_agency(admin.url, HEALTH, "SỞ Y TẾ (mã minh họa)",
                             parent="UBND TỈNH LÂM ĐỒNG", procedures=[PROCEDURE])
        page = AgenciesPage(session_for("quantri"), runner)
        qtbot.addWidget(page)
        wait_idle(qtbot, runner)
        assert page.model.rowCount() == 1                 # not pulled yet
        st = sync.run_once(ctx)
        assert st.last_error is None, st
        page.load()
        wait_idle(qtbot, runner)
        rows = [[page.model.index(r, c).data() for c in range(3)]
                for r in range(page.model.rowCount())]
        assert [HEALTH, "Cơ quan giải quyết", "SỞ Y TẾ (mã minh họa)"] in rows, rows

        view = w.receive
        assert view.procedure.choose_code(PROCEDURE)
        wait_idle(qtbot, runner)
        assert view.agency.parentWidget().isVisibleTo(view)
        assert view.agency.findData(HEALTH) >= 0
        type_text(view.name, "Phạm Văn Dũng")
        view.agency.setCurrentIndex(view.agency.findData(HEALTH))
        view.save()
        wait_idle(qtbot, runner)
        assert view.last_saved is not None
        assert queries.show(ctx, view.last_saved.code).agency_code == HEALTH
        if w.preview is not None:
            w.preview.close()
    finally:
        w.sync.stop()
        ctx.engine.dispose()
        drop_database(pg_url, cen.database)
