"""The charts of the Theo dõi tab (QtCharts): received vs finished per week, and finished
dossiers per field by timeliness. Clicking a bar asks to list exactly its dossiers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from PySide6.QtCharts import (
    QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QHorizontalStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QWidget

from onestop.services.reports.types import Metric, PeriodRow, WeekPoint
from onestop.ui import style

#: Field names longer than this are shortened on the axis (the tooltip has them whole).
LABEL_CHARS = 28


class _BarChart(QChartView):
    """A chart whose bars map (set index, category index) → Metric.

    Signals:
        sig_drilldown_requested(object): a bar was clicked (its DossierFilter).
    """

    sig_drilldown_requested = Signal(object)

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        self._chart = QChart()
        self._chart.setTitle(title)
        self._chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self._chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        super().__init__(self._chart, parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(240)
        self.metrics: list[list[Metric]] = []

    def _reset(self) -> None:
        self._chart.removeAllSeries()
        for axis in self._chart.axes():
            self._chart.removeAxis(axis)
        self.metrics = []

    def _add_set(self, name: str, colour: str, metrics: Sequence[Metric]) -> QBarSet:
        bar_set = QBarSet(name)
        bar_set.setColor(QColor(colour))
        bar_set.append([float(m.value) for m in metrics])
        index = len(self.metrics)
        self.metrics.append(list(metrics))
        bar_set.clicked.connect(lambda i, k=index: self.drill(k, i))
        return bar_set

    def drill(self, set_index: int, category: int) -> None:
        """Emit the filter of one bar (also used by tests instead of a mouse click)."""
        self.sig_drilldown_requested.emit(self.metrics[set_index][category].filter)

    def _axes(self, series: QBarSeries | QHorizontalStackedBarSeries, labels: list[str],
              horizontal: bool) -> None:
        categories = QBarCategoryAxis()
        categories.append(labels)
        categories.setTruncateLabels(False)  # field names matter more than bar length
        font = categories.labelsFont()
        font.setPointSizeF(max(6.0, font.pointSizeF() - 1))
        categories.setLabelsFont(font)
        values = QValueAxis()
        values.setLabelFormat("%d")
        top = max((sum(m[i].value for m in self.metrics) if horizontal else
                   max((m[i].value for m in self.metrics), default=0))
                  for i in range(len(labels))) if labels else 0
        values.setRange(0, max(1, top))
        values.applyNiceNumbers()
        cat_side, val_side = ((Qt.AlignmentFlag.AlignLeft, Qt.AlignmentFlag.AlignBottom)
                              if horizontal else
                              (Qt.AlignmentFlag.AlignBottom, Qt.AlignmentFlag.AlignLeft))
        self._chart.addAxis(categories, cat_side)
        self._chart.addAxis(values, val_side)
        series.attachAxis(categories)
        series.attachAxis(values)


class WeeklyChart(_BarChart):
    """Received and finished dossiers per week."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Tiếp nhận và giải quyết theo tuần"), parent)

    def set_weeks(self, weeks: Sequence[WeekPoint]) -> None:
        self._reset()
        series = QBarSeries()
        series.append(self._add_set(self.tr("Tiếp nhận"), style.ACCENT_COLOUR,
                                    [w.received for w in weeks]))
        series.append(self._add_set(self.tr("Đã giải quyết"), "#067647",
                                    [w.finished for w in weeks]))
        self._chart.addSeries(series)
        self._axes(series, [f"{w.monday.day}/{w.monday.month}" for w in weeks],
                   horizontal=False)


class FieldChart(_BarChart):
    """Finished dossiers of the period per field: early, on time, late (stacked)."""

    KEYS = (("finished_early", "early"), ("finished_on_time", "on-time"),
            ("finished_late", "late"))
    #: Bar colours: two clearly different greens for early and on time, red for late.
    COLOURS: ClassVar[dict[str, str]] = {"early": "#027a48", "on-time": "#6ce9a6",
                                         "late": "#d92d20"}

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Kết quả giải quyết theo lĩnh vực"), parent)
        self.fields: list[str] = []
        self.setMinimumHeight(300)  # one readable bar per field (about ten fields)

    def set_rows(self, rows: Sequence[PeriodRow]) -> None:
        self._reset()
        rows = [r for r in rows if r.finished.value]
        self.fields = [r.key for r in rows]
        names = {"early": self.tr("Trước hạn"), "on-time": self.tr("Đúng hạn"),
                 "late": self.tr("Quá hạn")}
        series = QHorizontalStackedBarSeries()
        for key, tone in self.KEYS:
            series.append(self._add_set(names[tone], self.COLOURS[tone],
                                        [r.metrics[key] for r in rows]))
        self._chart.addSeries(series)
        self._axes(series, _labels([r.label or self.tr("(Chưa phân lĩnh vực)") for r in rows]),
                   horizontal=True)


def _labels(texts: Sequence[str]) -> list[str]:
    """Shortened axis labels, made unique (a category axis merges equal labels)."""
    out: list[str] = []
    for text in texts:
        label = text if len(text) <= LABEL_CHARS else text[:LABEL_CHARS - 1] + "…"
        while label in out:
            label += " "
        out.append(label)
    return out
