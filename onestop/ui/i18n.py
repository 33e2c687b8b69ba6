"""Language and fonts: the bundled Vietnamese font and the Qt translators.

Vietnamese is the source language of every string (``self.tr("…")``); English comes from
``resources/i18n/onestop_en.qm``. Qt ships no Vietnamese translation of its own dialogs, so
our dialogs set their own button captions (see :func:`onestop.ui.widgets.dialog_buttons`).
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from onestop.config import resources_dir

log = logging.getLogger(__name__)
FONT_FAMILY = "Be Vietnam Pro"
FONT_POINT_SIZE = 10
LANGUAGES = ("vi", "en")


def register_fonts(app: QApplication, fonts_dir: Path | None = None) -> list[str]:
    """Register the bundled TTFs and make Be Vietnam Pro the application font.

    Office PCs may lack a font with full Vietnamese coverage; the bundled one guarantees the
    diacritics render everywhere. Returns the families registered.
    """
    folder = fonts_dir or resources_dir() / "fonts"
    families: list[str] = []
    for path in sorted(folder.glob("BeVietnamPro-*.ttf")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            log.warning("could not register font %s", path.name)
            continue
        families += QFontDatabase.applicationFontFamilies(font_id)
    if FONT_FAMILY in families:
        app.setFont(QFont(FONT_FAMILY, FONT_POINT_SIZE))
    return sorted(set(families))


def install_translators(app: QCoreApplication, language: str,
                        i18n_dir: Path | None = None) -> list[QTranslator]:
    """Install the translators for ``language`` ("vi" needs none: it is the source).

    The translators are returned so the caller keeps them alive (Qt does not own them).
    """
    if language not in LANGUAGES or language == "vi":
        QLocale.setDefault(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
        return []
    QLocale.setDefault(QLocale(QLocale.Language.English))
    installed: list[QTranslator] = []
    ours = QTranslator(app)
    if ours.load(f"onestop_{language}", str(i18n_dir or resources_dir() / "i18n")):
        app.installTranslator(ours)
        installed.append(ours)
    else:
        log.warning("no translation file for %s", language)
    base = QTranslator(app)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if base.load(f"qtbase_{language}", qt_dir):
        app.installTranslator(base)
        installed.append(base)
    return installed
