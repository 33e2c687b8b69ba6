"""First run: the wizard (real widgets, offscreen) and the set-up service behind it."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from onestop import config
from onestop.services import users
from onestop.services.install import first_run
from onestop.services.install import setup
from onestop.services.context import Context

pytestmark = pytest.mark.gui

PASSWORD = "Ca-Phe-Sua-Da-9"


def _fill(wizard: Any, **values: str) -> None:
    from PySide6.QtWidgets import QLineEdit

    for name, value in values.items():
        edit = wizard.findChild(QLineEdit, name)
        assert edit is not None, name
        edit.setText(value)  # setText: keyClicks cannot type Vietnamese letters


def _click(qtbot: Any, wizard: Any, which: str) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QWizard

    button = wizard.button(getattr(QWizard.WizardButton, which))
    assert button.isEnabled(), which
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _walk_to_last_page(qtbot: Any, wizard: Any, code: str = "000.00.15.H36") -> None:
    from PySide6.QtWidgets import QSpinBox

    _click(qtbot, wizard, "NextButton")  # mode page: normal installation
    _fill(wizard, agency_code=code, agency_name="Sở Giáo dục và Đào tạo",
          parent_name="UBND tỉnh Lâm Đồng")
    wizard.findChild(QSpinBox, "counter").setValue(2)
    _click(qtbot, wizard, "NextButton")
    _fill(wizard, admin_username="quantri", admin_full_name="Lê Quản Trị",
          admin_password=PASSWORD, admin_password2=PASSWORD)
    _click(qtbot, wizard, "NextButton")


def _open(home: Path) -> Context:
    return Context.open(f"sqlite:///{home / 'data' / 'onestop.sqlite3'}")


def test_wizard_sets_up_agency_counter_and_admin(qtbot: Any, home: Path) -> None:
    from onestop.ui.first_run import FirstRunWizard, needs_first_run

    assert needs_first_run()
    wizard = FirstRunWizard()
    qtbot.addWidget(wizard)
    wizard.show()
    _walk_to_last_page(qtbot, wizard)
    with qtbot.waitSignal(wizard.sig_setup_finished, timeout=30_000):
        _click(qtbot, wizard, "FinishButton")

    assert wizard.result() == wizard.DialogCode.Accepted
    assert not needs_first_run()
    assert config.paths().settings_file.exists()
    ctx = _open(home)
    try:
        info = setup.agency_info(ctx)
        admin = users.authenticate(ctx, "quantri", PASSWORD)
    finally:
        ctx.engine.dispose()
    assert (info.code, info.counter) == ("000.00.15.H36", 2)
    assert info.name == "Sở Giáo dục và Đào tạo"
    assert info.parent_name == "UBND tỉnh Lâm Đồng"
    assert admin.role == "admin" and admin.full_name == "Lê Quản Trị"


def test_wizard_shows_errors_and_writes_nothing_until_they_are_fixed(qtbot: Any,
                                                                      home: Path) -> None:
    from PySide6.QtWidgets import QLabel

    from onestop.ui.first_run import FirstRunWizard

    wizard = FirstRunWizard()
    qtbot.addWidget(wizard)
    wizard.show()
    _walk_to_last_page(qtbot, wizard, code="không-hợp-lệ")
    with qtbot.waitSignal(wizard.sig_setup_failed, timeout=30_000) as failed:
        _click(qtbot, wizard, "FinishButton")

    status = wizard.findChild(QLabel, "status").text()
    assert failed.args == [status]
    assert status.startswith("Mã định danh cơ quan không hợp lệ")
    assert wizard.isVisible() and not config.paths().settings_file.exists()
    assert not (home / "data").exists()

    _click(qtbot, wizard, "BackButton")
    _click(qtbot, wizard, "BackButton")
    _fill(wizard, agency_code="000.00.15.H36")
    _click(qtbot, wizard, "NextButton")
    _click(qtbot, wizard, "NextButton")
    with qtbot.waitSignal(wizard.sig_setup_finished, timeout=30_000):
        _click(qtbot, wizard, "FinishButton")
    assert config.paths().settings_file.exists()


def test_password_mismatch_keeps_the_admin_page(qtbot: Any, home: Path) -> None:
    from PySide6.QtWidgets import QLabel

    from onestop.ui.first_run import FirstRunWizard

    wizard = FirstRunWizard()
    qtbot.addWidget(wizard)
    wizard.show()
    _click(qtbot, wizard, "NextButton")
    _fill(wizard, agency_code="000.00.15.H36", agency_name="Sở GD&ĐT")
    _click(qtbot, wizard, "NextButton")
    page = wizard.currentId()
    _fill(wizard, admin_username="quantri", admin_full_name="Lê Quản Trị",
          admin_password=PASSWORD, admin_password2=PASSWORD + "x")
    _click(qtbot, wizard, "NextButton")
    assert wizard.currentId() == page
    assert wizard.findChild(QLabel, "mismatch").text() == "Hai lần nhập mật khẩu không khớp."


def _answers(**changes: Any) -> first_run.FirstRunAnswers:
    base = dict(agency_code="000.00.15.H36", agency_name="Sở Giáo dục và Đào tạo",
                parent_name="", counter=1, admin_username="quantri",
                admin_full_name="Lê Quản Trị", admin_password=PASSWORD)
    return first_run.FirstRunAnswers(**{**base, **changes})  # type: ignore[arg-type]


def test_central_url_is_saved_without_its_password(home: Path) -> None:
    result = first_run.apply(_answers(
        central_url="postgresql://quay1:Bi-mat-2026@10.0.0.5:5432/onestop"))
    settings = config.load()
    text = config.paths().settings_file.read_text(encoding="utf-8")
    assert settings["central.url"] == "postgresql+psycopg://quay1@10.0.0.5:5432/onestop"
    assert "Bi-mat-2026" not in text
    assert result.central_password_stored in ("keyring", "file")
    from sqlalchemy.engine import make_url

    from onestop.storage import credentials

    assert credentials.load_password(make_url(settings["central.url"])) == "Bi-mat-2026"


def test_all_errors_are_reported_together_before_anything_is_written(home: Path) -> None:
    from onestop.services.errors import ValidationError

    with pytest.raises(ValidationError) as info:
        first_run.apply(_answers(agency_code="x", counter=0, admin_password="123",
                                 central_url="mysql://a@b/c"))
    fields = {e.field for e in info.value.errors}
    assert fields == {"agency_code", "counter", "password", "url"}
    assert not home.exists()


@pytest.mark.parametrize("weak", ["password1", "Admin@123", "Demo@2026", "Mat-khau-2026",
                                  "Quantri-Quay-2026"])
def test_the_first_admin_password_follows_the_policy(home: Path, weak: str) -> None:
    from onestop.services.errors import ValidationError

    with pytest.raises(ValidationError) as info:
        first_run.apply(_answers(admin_username="quantri", admin_password=weak))
    assert [e.field for e in info.value.errors] == ["password"]
    assert not home.exists()


def test_portable_mode_keeps_everything_beside_the_executable(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    exe_dir = tmp_path / "usb" / "OneStopDesk"
    exe_dir.mkdir(parents=True)
    monkeypatch.delenv("ONESTOP_HOME", raising=False)
    monkeypatch.delenv("ONESTOP_DB", raising=False)
    monkeypatch.delenv("ONESTOP_PORTABLE", raising=False)
    # the platform is injected: a frozen executable in a folder of its own
    monkeypatch.setattr(sys, "executable", str(exe_dir / "OneStopDesk.exe"))
    monkeypatch.setattr(sys, "frozen", True, raising=False)

    result = first_run.apply(_answers(portable=True))

    assert (exe_dir / "portable.txt").exists()
    assert result.data_dir == exe_dir / "data"
    assert (exe_dir / "data" / "onestop.sqlite3").exists()
    assert (exe_dir / "config" / "settings.toml").exists()
    monkeypatch.delenv("ONESTOP_PORTABLE")  # the next start finds portable.txt alone
    assert config.paths().data_dir == exe_dir / "data"
    assert not first_run.needs_first_run()


def test_an_initialised_database_without_settings_needs_no_wizard(home: Path) -> None:
    ctx = _open(home)
    try:
        setup.init(ctx)
    finally:
        ctx.engine.dispose()
    assert not config.paths().settings_file.exists()
    assert not first_run.needs_first_run()
