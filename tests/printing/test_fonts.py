"""Where the bundled fonts are looked up."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from onestop.printing import fonts


def test_source_tree_fonts_exist() -> None:
    folder = fonts.font_dir()
    assert folder == Path(fonts.__file__).resolve().parents[2] / "resources" / "fonts"
    for name in ("Regular", "Bold", "Italic", "BoldItalic"):
        assert (folder / f"BeVietnamPro-{name}.ttf").is_file()
    assert (folder / "OFL-BeVietnamPro.txt").is_file()


def test_env_override(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ONESTOP_RESOURCES", str(tmp_path))
    assert fonts.font_dir() == tmp_path / "fonts"


def test_frozen_bundle(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("ONESTOP_RESOURCES", raising=False)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert fonts.font_dir() == tmp_path / "resources" / "fonts"


def test_registration_is_idempotent() -> None:
    fonts.ensure_fonts()
    fonts.ensure_fonts()
    from reportlab.pdfbase import pdfmetrics

    assert fonts.BOLD in pdfmetrics.getRegisteredFontNames()
