"""The characters the validators accept are exactly those the bundled fonts print.

``onestop/domain/glyphs.py`` is derived from the TTFs by ``build_scripts/derive_glyphs.py``;
these tests read the fonts again (fontTools-free: reportlab's TTF parser) so a font update
that drops a glyph, or a hand edit of the data, fails here instead of printing a blank box.
"""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from reportlab.pdfbase.ttfonts import TTFont

from onestop.domain import validation as v
from onestop.domain.glyphs import PRINTABLE
from onestop.printing import fonts, render_receipt

from .samples import AGENCY, DOSSIER

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("face", ["Regular", "Bold", "Italic", "BoldItalic"])
def test_every_accepted_character_has_a_glyph(face: str) -> None:
    font = TTFont(face, str(fonts.font_dir() / f"BeVietnamPro-{face}.ttf"))
    cmap = font.face.charToGlyph
    missing = [f"U+{ord(ch):04X}" for ch in PRINTABLE if not cmap.get(ord(ch))]
    assert not missing, missing


def test_the_shipped_set_is_the_one_the_fonts_give() -> None:
    done = subprocess.run([sys.executable, str(ROOT / "build_scripts" / "derive_glyphs.py"),
                           "--check"], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr


def test_vietnamese_is_printable_and_latin_extended_a_is_partly_not() -> None:
    vietnamese = "ĂÂĐÊÔƠƯăâđêôơư" + "".join(chr(c) for c in range(0x1EA0, 0x1EFA))
    assert set(vietnamese) <= PRINTABLE
    assert "Ł" in PRINTABLE and "ĉ" not in PRINTABLE and "Ŋ" not in PRINTABLE


def _accepted_letters() -> list[str]:
    out = []
    for ch in sorted(ch for ch in PRINTABLE if ch.isalpha()):
        try:
            v.person_name(f"A{ch}")
        except v.ValidationError:
            continue
        out.append(ch)
    return out


def test_every_letter_a_name_may_hold_prints_back(pdf_text: Callable[[bytes], str]) -> None:
    """Each accepted letter is drawn as itself on a real receipt (text extracted back)."""
    letters = _accepted_letters()
    assert len(letters) > 250
    for start in range(0, len(letters), 60):
        name = v.person_name("".join(letters[start:start + 60])) or ""
        text = pdf_text(render_receipt(dataclasses.replace(DOSSIER, applicant_name=name),
                                       AGENCY))
        assert name in "".join(text.split())   # a long name wraps: compare without breaks
