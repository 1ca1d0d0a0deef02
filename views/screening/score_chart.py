"""The score breakdown as horizontal bars: each part's points against its maximum."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pyqtgraph as pg
from PySide6.QtCore import QPointF, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QVBoxLayout, QWidget

EARNED_COLOUR = "#2e6db4"
POSSIBLE_COLOUR = "#d9dee6"
SELECTED_COLOUR = "#e08a00"
BAR_HEIGHT = 0.6


@dataclass(frozen=True)
class PartBar:
    name: str
    points: float
    max_points: float


class ScoreChart(QWidget):
    """One bar per part, the first part on top. `part_clicked(index)` on a click on a bar."""

    part_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scoreChart")
        self.setAccessibleName("Score breakdown chart")
        self.plot = pg.PlotWidget(background="w")
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        self.plot.setLabel("bottom", "points")
        self.plot.showGrid(x=True, y=False, alpha=0.3)
        self.plot.scene().sigMouseClicked.connect(self._clicked)
        self._parts: list[PartBar] = []
        self._selected = -1
        self.possible = pg.BarGraphItem(x0=[], y=[], height=BAR_HEIGHT, width=[])
        self.earned = pg.BarGraphItem(x0=[], y=[], height=BAR_HEIGHT, width=[])
        self.plot.addItem(self.possible)
        self.plot.addItem(self.earned)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)

    def parts(self) -> list[PartBar]:
        return list(self._parts)

    def set_parts(self, parts: Sequence[PartBar]) -> None:
        self._parts = list(parts)
        self._selected = -1
        self._draw()

    def select(self, index: int) -> None:
        self._selected = index
        self._draw()

    def bar_count(self) -> int:
        """How many earned-points bars are drawn (one per part)."""
        return len(self.earned.opts["width"])

    def _row(self, index: int) -> int:
        return len(self._parts) - 1 - index  # the first part on top

    def _draw(self) -> None:
        parts = self._parts
        rows = [self._row(i) for i in range(len(parts))]
        self.possible.setOpts(
            x0=[0.0] * len(parts),
            y=rows,
            height=BAR_HEIGHT,
            width=[max(p.max_points, 0.0) for p in parts],
            brush=POSSIBLE_COLOUR,
            pen=pg.mkPen(POSSIBLE_COLOUR),
        )
        brushes = [
            pg.mkBrush(SELECTED_COLOUR if i == self._selected else EARNED_COLOUR)
            for i in range(len(parts))
        ]
        self.earned.setOpts(
            x0=[0.0] * len(parts),
            y=rows,
            height=BAR_HEIGHT,
            width=[max(p.points, 0.0) for p in parts],
            brushes=brushes,
            pen=pg.mkPen(None),
        )
        axis = self.plot.getAxis("left")
        axis.setTicks([[(self._row(i), p.name) for i, p in enumerate(parts)], []])
        # A fixed width that fits the longest name: the axis would otherwise drop the
        # labels that do not fit its first, narrow layout.
        metrics = QFontMetrics(self.font())
        longest = max((metrics.horizontalAdvance(p.name) for p in parts), default=40)
        axis.setWidth(longest + 20)
        top = max([p.max_points for p in parts] + [p.points for p in parts] + [1.0])
        self.plot.setXRange(0, top, padding=0.05)
        self.plot.setYRange(-0.5, max(len(parts) - 0.5, 0.5), padding=0.02)

    def _clicked(self, event: object) -> None:
        scene_pos = event.scenePos()  # type: ignore[attr-defined]
        if not isinstance(scene_pos, QPointF):
            return
        point = self.plot.getViewBox().mapSceneToView(scene_pos)
        row = round(point.y())
        index = len(self._parts) - 1 - row
        if 0 <= index < len(self._parts) and abs(point.y() - row) <= BAR_HEIGHT / 2:
            self.part_clicked.emit(index)
