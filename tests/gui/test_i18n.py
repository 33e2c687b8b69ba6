"""Vietnamese by default, English from the compiled .qm; the bundled font is registered."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from onestop.config import resources_dir
from onestop.domain.validation import ValidationError
from onestop.ui import i18n
from onestop.ui.messages import error_text, status_label

pytestmark = pytest.mark.gui


def test_bundled_font_is_registered(qapp: QApplication) -> None:
    families = i18n.register_fonts(qapp)
    assert "Be Vietnam Pro" in families
    assert qapp.font().family() == "Be Vietnam Pro"


def test_translation_file_is_compiled_and_complete_for_the_core() -> None:
    import xml.etree.ElementTree as ET

    qm = resources_dir() / "i18n" / "onestop_en.qm"
    assert qm.stat().st_size > 10_000
    root = ET.parse(qm.with_suffix(".ts")).getroot()
    assert not root.findall(".//translation[@type='unfinished']")   # every string, not only
    assert any(c.findtext("name") == "DomainMessages" for c in root.findall("context"))


def test_every_ui_string_is_in_the_translation_file() -> None:
    """A string added to the UI without ``build_scripts/update_translations.py`` stays
    Vietnamese in English mode; one-line literals are checked here."""
    import re
    import xml.etree.ElementTree as ET

    root = ET.parse(resources_dir() / "i18n" / "onestop_en.ts").getroot()
    known = {m.findtext("source") for m in root.iter("message")}
    ui = Path(__file__).resolve().parents[2] / "onestop" / "ui"
    literal = re.compile(r'(?:\.tr\(|QCoreApplication\.translate\(\s*"\w+",)\s*"([^"\\]+)"\s*\)')
    missing = sorted({text for f in ui.rglob("*.py")
                      for text in literal.findall(f.read_text(encoding="utf-8"))
                      if any(ch.isalpha() for ch in text)} - known)
    assert missing == []


def test_english_is_selectable(qtbot: Any, make_window: Any, qapp: QApplication) -> None:
    translators = i18n.install_translators(qapp, "en")
    try:
        assert translators
        w = make_window("canbo")
        assert w.receive.save_button.text() == "Save dossier (Ctrl+S / F10)"
        assert w.tabs.tabText(1) == "Dossiers (F3)"
        assert status_label("result-ready") == "Result ready"
        assert error_text(ValidationError("phone", "required")) == \
            "Phone number must not be empty."
    finally:
        for t in translators:
            qapp.removeTranslator(t)
    assert status_label("result-ready") == "Đã có kết quả"
    assert error_text(ValidationError("phone", "required")) == \
        "Số điện thoại không được để trống."


def test_every_core_message_is_in_the_translation_file() -> None:
    """The core catalogue (messages, labels) as build_scripts/update_translations.py writes it
    into the ``DomainMessages`` context: a message added without running it stays Vietnamese."""
    import importlib.util
    import xml.etree.ElementTree as ET

    script = Path(__file__).resolve().parents[2] / "build_scripts" / "update_translations.py"
    spec = importlib.util.spec_from_file_location("update_translations", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    root = ET.parse(resources_dir() / "i18n" / "onestop_en.ts").getroot()
    core = next(c for c in root.findall("context") if c.findtext("name") == "DomainMessages")
    known = {m.findtext("source") for m in core.findall("message")}
    assert sorted(set(module.catalogue_strings()) - known) == []
