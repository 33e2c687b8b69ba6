"""Issue 19 §3: the desktop application opens the central database with a reader login.

Real PostgreSQL (a small province from ``tests/bench/make_province.py``), real Qt widgets on the
offscreen platform: ``app.open_database`` on ``postgresql://reader@…`` (the password from
``ONESTOP_CENTRAL_PASSWORD``, as for ``central``/``join``) never upgrades nor initialises, the
context says it is a reader's, a supervisor signs in, the main window offers the dashboard and
the lists — with the numbers the owner's reports give — and no reception; nothing is written
but the reader's own audit entries and sign-in counts.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from onestop.app import DeskController, central_password, open_database  # noqa: E402
from onestop.services import queries, reports, users  # noqa: E402
from onestop.services.context import open_checked  # noqa: E402
from onestop.services.errors import AuthFailed  # noqa: E402
from onestop.sync import roles  # noqa: E402
from onestop.ui.errors import ErrorReporter  # noqa: E402
from onestop.ui.login import LoginDialog  # noqa: E402
from onestop.ui.preferences import Preferences  # noqa: E402
from onestop.ui.tasks import TaskRunner  # noqa: E402
from tests.bench import make_province  # noqa: E402
from tests.support.central import Central  # noqa: E402

pytestmark = [pytest.mark.postgres, pytest.mark.gui]
PASSWORD = "dung-mat-khau"


@pytest.fixture
def province(central_db: Central) -> Central:
    """A small province (400 dossiers), a supervisor and an officer."""
    assert make_province.main(["400", "--url", central_db.admin_url, "--workers", "1"]) == 0
    engine = create_engine(central_db.admin_url)
    with engine.begin() as conn:
        for name, role in (("giamsat", "supervisor"), ("canbo", "officer")):
            conn.execute(text(
                "INSERT INTO app_user (id, created_at, updated_at, version, username, "
                "full_name, role, password_hash, active, failed_logins) VALUES "
                "(gen_random_uuid(), now(), now(), 1, :n, :n, :r, :h, true, 0)"),
                {"n": name, "r": role, "h": users.HASHER.hash(PASSWORD)})
    engine.dispose()
    return central_db


@pytest.fixture
def reader_url(province: Central, monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> str:
    """The province reader's URL *without* its password; the password in the environment."""
    s = roles.add_reader(province.admin_url, f"{roles.role_prefix(province.database)}_bgd")
    monkeypatch.setenv("ONESTOP_CENTRAL_PASSWORD", s.password)
    monkeypatch.setenv("ONESTOP_HOME", str(tmp_path / "home"))
    return make_url(s.url).set(password=None).render_as_string(hide_password=False)


def _state(cen: Central) -> dict[str, Any]:
    """Everything a reader must not change: the schema's version, dossiers, events, accounts
    (but their sign-in counts), settings (but the reader's), audit entries (but the reader's)."""
    engine = create_engine(cen.admin_url)
    try:
        with engine.connect() as conn:
            def rows(sql: str) -> list[Any]:
                return [tuple(r) for r in conn.execute(text(sql))]
            return {
                "version": rows("SELECT version_num FROM alembic_version"),
                "dossiers": rows("SELECT count(*), max(updated_at), sum(version) FROM dossier"),
                "events": rows("SELECT count(*) FROM dossier_event"),
                "accounts": rows("SELECT username, role, password_hash, active FROM app_user "
                                 "ORDER BY username"),
                "settings": rows("SELECT key, value FROM local_setting WHERE key NOT LIKE "
                                 "'login.unknown.%' AND key NOT LIKE 'anchor.audit.reader:%' "
                                 "ORDER BY key"),
                "audit": rows("SELECT count(*) FROM audit_entry WHERE origin NOT LIKE "
                              "'reader:%'"),
                "outbox": rows("SELECT count(*) FROM sync_outbox"),
            }
    finally:
        engine.dispose()


@pytest.fixture
def runner(qtbot: Any) -> Iterator[TaskRunner]:
    errors: list[BaseException] = []
    r = TaskRunner(errors.append)
    yield r
    r.shutdown(wait=True)
    assert not errors, errors


def _answer_login(username: str) -> None:
    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, LoginDialog):
            QTimer.singleShot(20, fill)
            return
        dialog.username.setText(username)
        dialog.password.setText(PASSWORD)
        dialog.submit()

    QTimer.singleShot(20, fill)


def test_the_desk_opens_the_central_database_reports_only(
        province: Central, reader_url: str, runner: TaskRunner, qtbot: Any,
        qapp: QApplication) -> None:
    before = _state(province)
    url = central_password(reader_url)     # ONESTOP_CENTRAL_PASSWORD, no prompt
    assert url is not None and make_url(url).password
    ctx, agency = open_database(url)
    login = make_url(reader_url).username
    desk = None
    try:
        assert ctx.reader == login and ctx.read_only and agency is None
        desk = DeskController(ctx, runner, Preferences({"ui.idle_lock_minutes": 0}),
                              ErrorReporter(show_dialogs=False), agency)
        _answer_login("giamsat")
        assert desk.start()
        w = desk.window
        qtbot.addWidget(w)
        # no reception: the first tab says why, in Vietnamese; the dashboard is shown
        assert w.receive is None
        assert w.tabs.widget(0).objectName() == "receive_read_only"
        assert w.dashboard_tab is not None and w.tabs.currentIndex() == 2
        assert not w.session.can("receive") and not w.session.can_record("return")
        assert w.session.can("report") and w.privacy_tab is None and w.settings_tab is None
        assert "chỉ xem báo cáo" in w.windowTitle()
        dash = w.dashboard_tab.build().widget()
        with qtbot.waitSignal(dash.sig_loaded, timeout=60_000) as loaded:
            dash.refresh()
        overview = loaded.args[0]
        # the reader sees the numbers of the whole province: the owner's report and list
        w.show_list()
        w.dossier_list.model.reload()
        qtbot.waitUntil(lambda: "hồ sơ" in w.dossier_list.count_label.text(), timeout=60_000)
        owner = open_checked(province.admin_url, create=False)
        try:
            assert owner.reader is None
            mine = reports.overview(owner, dash.filter, now=overview.now, period=dash.period())
            listed = queries.count_ids(owner, w.dossier_list.model.filter)
        finally:
            owner.engine.dispose()
        assert overview.period.total == mine.period.total
        assert overview.live == mine.live
        assert sum(m.value for m in overview.live.metrics.values()) > 0
        assert w.dossier_list.count_label.text().startswith(f"{listed} hồ sơ") and listed > 300
        w.remove_watchers()
        runner.shutdown(wait=True)
        w.close()
    finally:
        if desk is not None:
            qapp.lastWindowClosed.disconnect(desk._on_last_window_closed)
            qapp.setQuitOnLastWindowClosed(True)
        runner.shutdown(wait=True)
        ctx.engine.dispose()
    assert _state(province) == before
    # the sign-in was audited in the reader's own chain
    engine = create_engine(province.admin_url)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM audit_entry WHERE action = 'login' "
                                     "AND origin = :o"), {"o": f"reader:{login}"}).scalar() == 1
    finally:
        engine.dispose()


def test_an_officer_cannot_sign_in_to_a_reports_only_session(
        province: Central, reader_url: str) -> None:
    before = _state(province)
    ctx, agency = open_database(str(central_password(reader_url)))
    try:
        with pytest.raises(AuthFailed) as refused:
            users.authenticate(ctx, "canbo", PASSWORD)
        assert refused.value.code == "reports_only_role"
        with pytest.raises(AuthFailed):      # a wrong password counts as for an unknown name
            users.authenticate(ctx, "canbo", "sai")
    finally:
        ctx.engine.dispose()
    assert _state(province) == before


def test_a_reader_never_upgrades(province: Central, reader_url: str) -> None:
    engine = create_engine(province.admin_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    engine.dispose()
    from onestop.services.errors import Unavailable

    with pytest.raises(Unavailable) as stale:
        open_database(str(central_password(reader_url)))
    assert stale.value.code == "central_not_upgraded"
    engine = create_engine(province.admin_url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0001"
    engine.dispose()
