"""Registration of the bundled Be Vietnam Pro fonts with reportlab.

reportlab's built-in Helvetica has no Vietnamese glyphs, so every form draws with these TTFs.
Parsing a TTF costs tens of milliseconds, hence the fonts are registered once per process.
"""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

__all__ = ["BOLD", "BOLD_ITALIC", "ITALIC", "REGULAR", "ensure_fonts", "font_dir"]

REGULAR = "BeVietnamPro"
BOLD = "BeVietnamPro-Bold"
ITALIC = "BeVietnamPro-Italic"
BOLD_ITALIC = "BeVietnamPro-BoldItalic"

_FILES = {
    REGULAR: "BeVietnamPro-Regular.ttf",
    BOLD: "BeVietnamPro-Bold.ttf",
    ITALIC: "BeVietnamPro-Italic.ttf",
    BOLD_ITALIC: "BeVietnamPro-BoldItalic.ttf",
}

_lock = threading.Lock()
_registered = False


def font_dir() -> Path:
    """Return the folder that holds the bundled TTF files.

    Order: ``$ONESTOP_RESOURCES/fonts`` (packaging and tests can point elsewhere), the
    PyInstaller bundle (``sys._MEIPASS/resources/fonts``), then the source tree.

    Returns:
        The font folder (not checked for existence).
    """
    env = os.environ.get("ONESTOP_RESOURCES")
    if env:
        return Path(env) / "fonts"
    meipass = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and meipass:
        return Path(meipass) / "resources" / "fonts"
    return Path(__file__).resolve().parents[2] / "resources" / "fonts"


def ensure_fonts() -> None:
    """Register the four Be Vietnam Pro faces and their family once per process.

    Raises:
        FileNotFoundError: A font file is missing from :func:`font_dir`.
    """
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:  # another thread won the race while we waited
            return
        folder = font_dir()
        for name, filename in _FILES.items():
            path = folder / filename
            if not path.is_file():
                raise FileNotFoundError(f"Font file not found: {path}")
            pdfmetrics.registerFont(TTFont(name, str(path)))
        pdfmetrics.registerFontFamily(
            REGULAR, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC
        )
        _registered = True
