"""An answer's timelines (pyqtgraph): face in view, speaking rate, and expressions when
they were described. All descriptive: none of these feeds a score."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pyqtgraph as pg
from PySide6.QtWidgets import QVBoxLayout, QWidget

from views.analysis_page.data import (
    RATE_WINDOW_S,
    PlacedWord,
    expression_series,
    face_presence,
    speaking_rate,
)

FACE_COLOUR = "#6aa84f"
RATE_COLOUR = "#3b6ea5"
EXPRESSION_COLOURS = ("#e69138", "#8e7cc3", "#c27ba0", "#76a5af", "#a61c00", "#999999", "#3d85c6")


class AnswerTimeline(QWidget):
    """Stacked plots sharing the time axis; `cursor` marks the player's position."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("answerTimeline")
        self.setAccessibleName("Answer timeline")
        self.graphics = pg.GraphicsLayoutWidget()
        self.graphics.setBackground("w")
        self.graphics.setMinimumHeight(150)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.graphics)
        self.face_plot = self._plot(0, "face in view")
        self.face_plot.setYRange(0, 1.05)
        self.face_plot.getAxis("left").setTicks([[(0, "no"), (1, "yes")]])
        self.rate_plot = self._plot(1, f"words / {RATE_WINDOW_S:.0f} s")
        self.rate_plot.setXLink(self.face_plot)
        self.rate_plot.setLabel("bottom", "seconds")
        self.expression_plot: pg.PlotItem | None = None
        self.face = self.face_plot.plot([], [], stepMode=None, fillLevel=0, brush=FACE_COLOUR)
        self.face.setPen(pg.mkPen(FACE_COLOUR))
        self.rate = pg.BarGraphItem(x0=[], height=[], width=RATE_WINDOW_S * 0.9, brush=RATE_COLOUR)
        self.rate_plot.addItem(self.rate)
        self.cursors = [pg.InfiniteLine(0, pen=pg.mkPen("#d32f2f")) for _ in range(3)]
        self.face_plot.addItem(self.cursors[0])
        self.rate_plot.addItem(self.cursors[1])
        self.face_times: list[float] = []
        self.face_values: list[float] = []
        self.rate_counts: list[float] = []
        self.expression_labels: list[str] = []

    def _plot(self, row: int, label: str) -> pg.PlotItem:
        plot = self.graphics.addPlot(row=row, col=0)
        plot.setMenuEnabled(False)
        plot.setMouseEnabled(x=False, y=False)
        plot.hideButtons()
        plot.setLabel("left", label)
        plot.showGrid(x=True, y=False, alpha=0.3)
        return plot

    def show_answer(
        self, video: Mapping[str, Any] | None, words: list[PlacedWord], duration: float
    ) -> None:
        self.face_times, self.face_values = face_presence(video or {})
        step = float((video or {}).get("settings", {}).get("every_s", 0.5) or 0.5)
        if self.face_times:
            xs = [*self.face_times, self.face_times[-1] + step]
            self.face.setData(xs, self.face_values, stepMode="center")
        else:
            self.face.setData([], [])
        starts, self.rate_counts = speaking_rate(words, duration)
        self.rate.setOpts(
            x0=starts, height=self.rate_counts, width=RATE_WINDOW_S * 0.9, brush=RATE_COLOUR
        )
        self._show_expressions(video or {})
        end = max(duration, self.face_times[-1] + step if self.face_times else 0.0, 1.0)
        self.face_plot.setXRange(0, end, padding=0.02)
        self.set_position(0.0)

    def _show_expressions(self, video: Mapping[str, Any]) -> None:
        series = expression_series(video)
        self.expression_labels = list(series)
        if self.expression_plot is not None:
            self.graphics.removeItem(self.expression_plot)
            self.expression_plot = None
        if not series:
            return
        plot = self._plot(2, "expression")
        plot.setXLink(self.face_plot)
        plot.addLegend(offset=(-5, 5), labelTextSize="7pt")
        for index, (label, (times, values)) in enumerate(series.items()):
            colour = EXPRESSION_COLOURS[index % len(EXPRESSION_COLOURS)]
            plot.plot(times, values, pen=pg.mkPen(colour), name=label)
        plot.addItem(self.cursors[2])
        self.expression_plot = plot

    def set_position(self, seconds: float) -> None:
        for line in self.cursors:
            line.setValue(seconds)
