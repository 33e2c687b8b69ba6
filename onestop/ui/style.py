"""Named colours and spacing used across the screens (one place to change the look)."""

from __future__ import annotations

from PySide6.QtGui import QColor

#: Spacing between form rows and around panels, in pixels.
SPACING = 6
MARGIN = 10

#: Timeliness colours: background for the list, foreground for text on white.
TIMELINESS_COLOURS: dict[str, tuple[str, str]] = {
    "overdue": ("#fde2e1", "#b42318"),
    "late": ("#fde2e1", "#b42318"),
    "due-soon": ("#fef0c7", "#b54708"),
    "on-track": ("#e3f4ea", "#067647"),
    "on-time": ("#e3f4ea", "#067647"),
    "early": ("#d1f0e0", "#05603a"),
    "paused": ("#e8eefc", "#1d4ed8"),
    "no-limit": ("#f2f4f7", "#475467"),
}

ERROR_COLOUR = "#b42318"
MUTED_COLOUR = "#667085"
ACCENT_COLOUR = "#1d4ed8"


def timeliness_background(token: str | None) -> QColor | None:
    pair = TIMELINESS_COLOURS.get(token or "")
    return QColor(pair[0]) if pair else None


def timeliness_foreground(token: str | None) -> QColor | None:
    pair = TIMELINESS_COLOURS.get(token or "")
    return QColor(pair[1]) if pair else None


#: The application style sheet: calm colours, readable error text, large key figures.
STYLESHEET = f"""
QLabel[role="error"] {{ color: {ERROR_COLOUR}; }}
QLabel[role="muted"] {{ color: {MUTED_COLOUR}; }}
QLabel[role="title"] {{ font-size: 15pt; font-weight: 600; }}
QLabel[role="big"] {{ font-size: 17pt; font-weight: 700; color: {ACCENT_COLOUR}; }}
QLabel[role="code"] {{ font-size: 16pt; font-weight: 700; }}
QLabel[role="badge"] {{ border-radius: 4px; padding: 2px 8px; font-weight: 600; }}
QLineEdit[invalid="true"], QPlainTextEdit[invalid="true"], QComboBox[invalid="true"],
QDateEdit[invalid="true"] {{ border: 1px solid {ERROR_COLOUR}; }}
QFrame[role="panel"] {{ background: #f8fafc; border: 1px solid #e4e7ec; border-radius: 6px; }}
QTabBar::tab {{ padding: 6px 16px; }}
QStatusBar QLabel {{ padding: 0 8px; border-left: 1px solid #d0d5dd; }}
"""
