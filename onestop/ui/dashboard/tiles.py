"""Clickable number tiles of the Theo dõi tab: a big figure, a caption, a timeliness colour."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from onestop.services.reports.types import Metric
from onestop.ui import style


def vn_int(value: int | None) -> str:
    """``1.234`` (dots as thousands separators); an en dash for None."""
    return "–" if value is None else f"{value:,}".replace(",", ".")


def vn_percent(value: float | None) -> str:
    """``40,5 %``; an en dash without a denominator."""
    return "–" if value is None else f"{value:.1f}".replace(".", ",") + " %"


class Tile(QPushButton):
    """One number. Clicking (or Enter) asks to list its dossiers.

    Signals:
        sig_drilldown_requested(object): the DossierFilter of the number.
    """

    sig_drilldown_requested = Signal(object)

    def __init__(self, key: str, caption: str, tone: str = "", parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.key = key
        self.shown: Metric | None = None
        self.setObjectName(f"tile_{key}")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setMinimumSize(118, 72)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 6, 8, 6)
        self.value_label = QLabel("–")
        self.value_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        colour = style.timeliness_foreground(tone)
        self.value_label.setStyleSheet(
            "font-size: 20pt; font-weight: 700;"
            + (f" color: {colour.name()};" if colour is not None else ""))
        self.caption_label = QLabel(caption)
        self.caption_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption_label.setWordWrap(True)
        for label in (self.value_label, self.caption_label):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        lay.addWidget(self.value_label)
        lay.addWidget(self.caption_label)
        self.clicked.connect(self._on_clicked)

    def set_metric(self, metric: Metric, text: str | None = None) -> None:
        """Show ``metric`` (or ``text`` in its place, e.g. a rate) and remember its filter."""
        self.shown = metric
        self.value_label.setText(vn_int(metric.value) if text is None else text)
        self.setToolTip(self.tr("Bấm để xem danh sách hồ sơ"))

    def set_unavailable(self, tooltip: str) -> None:
        """No figure (e.g. no portal information in this database): an en dash that lists
        nothing when clicked, and ``tooltip`` saying why."""
        self.shown = None
        self.value_label.setText("–")
        self.setToolTip(tooltip)

    def text_value(self) -> str:
        return self.value_label.text()

    def _on_clicked(self) -> None:
        if self.shown is not None:
            self.sig_drilldown_requested.emit(self.shown.filter)


class TileGrid(QWidget):
    """A titled row of tiles; every tile's drill-down is forwarded.

    Signals:
        sig_drilldown_requested(object): a tile was clicked (its DossierFilter).
    """

    sig_drilldown_requested = Signal(object)

    def __init__(self, title: str, specs: list[tuple[str, str, str]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tiles: dict[str, Tile] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        heading = QLabel(title)
        heading.setProperty("role", "title")
        grid.addWidget(heading, 0, 0, 1, max(1, len(specs)))
        for col, (key, caption, tone) in enumerate(specs):
            tile = Tile(key, caption, tone, self)
            tile.sig_drilldown_requested.connect(self.sig_drilldown_requested)
            self.tiles[key] = tile
            grid.addWidget(tile, 1, col)
