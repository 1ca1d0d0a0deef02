"""Settings → Models: which model serves each capability, its checksum and device.

The status is computed by `ModelRegistry.status()` in a background job because
it hashes model files (hundreds of MB). Unavailable capabilities are
highlighted with the problem and the fix.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from analysis.tasks import Task
from views.jobs import QtJobRunner

COLUMNS = ("Capability", "Status", "Model", "Version", "Checksum", "Device", "Source", "Notice")
MODEL_COLUMN = COLUMNS.index("Model")
UNAVAILABLE_BACKGROUND = QColor(253, 226, 226)
UNAVAILABLE_FOREGROUND = QColor(140, 20, 20)
FALLBACK_BACKGROUND = QColor(255, 243, 205)  # available, but a preferred model is missing
FALLBACK_FOREGROUND = QColor(102, 77, 3)


def devices_in_use(statuses: Sequence[Any]) -> str:
    """'CUDA', 'CPU', 'CUDA + CPU' or 'none' over the available models."""
    devices = {
        str(s.model.device).split(":")[0].upper()
        for s in statuses
        if s.available and s.model is not None and s.model.device
    }
    if not devices:
        return "none"
    return " + ".join(sorted(devices, key=lambda d: (d != "CUDA", d)))


def _item(text: str, tooltip: str = "") -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    item.setToolTip(tooltip or text)
    return item


class ModelsPage(QWidget):
    """`statuses_loaded(list)` fires with the registry's statuses after each check."""

    statuses_loaded = Signal(list)

    def __init__(self, runner: QtJobRunner, model_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._model_dir = model_dir
        self.statuses: list[Any] = []

        intro = QLabel(
            f"Models are read from <b>{model_dir}</b> and from installed model packages; "
            "nothing is ever downloaded. A capability without a usable model is turned off "
            "until the fix below is applied."
        )
        intro.setWordWrap(True)
        intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.state_label = QLabel("Not checked yet.")
        self.state_label.setObjectName("modelsState")
        self.refresh_button = QPushButton("&Check models")
        self.refresh_button.clicked.connect(self.refresh)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("modelsTable")
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)

        top = QHBoxLayout()
        top.addWidget(self.state_label, 1)
        top.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)

    def refresh(self) -> None:
        """Re-check every capability in the background (a new check replaces a running one)."""
        model_dir = self._model_dir

        def work(task: Task) -> list[Any]:
            from analysis.models import ModelRegistry

            task.progress(0.0, "Hashing model files…")
            return list(ModelRegistry(model_dir).status())

        self.refresh_button.setEnabled(False)
        self.state_label.setText("Checking models…")
        self._runner.submit(
            "Check models",
            work,
            on_done=self._show,
            on_error=self._failed,
            on_cancel=self._cancelled,
            group="settings.models",
        )

    def _failed(self, exc: BaseException) -> None:
        self.refresh_button.setEnabled(True)
        self.state_label.setText("The check failed.")
        self._runner.report_error(exc)

    def _cancelled(self) -> None:
        self.refresh_button.setEnabled(True)
        self.state_label.setText("The check was cancelled.")

    def _show(self, statuses: list[Any]) -> None:
        self.statuses = statuses
        self.refresh_button.setEnabled(True)
        missing = sum(1 for s in statuses if not s.available)
        attention = sum(1 for s in statuses if not s.available or s.problem)
        self.state_label.setText(
            f"{len(statuses) - missing} of {len(statuses)} capabilities available"
            + (f"; {attention} need attention (highlighted)." if attention else ".")
        )
        self.table.clearSpans()
        self.table.setRowCount(len(statuses))
        for row, status in enumerate(statuses):
            self._fill_row(row, status)
        self.table.resizeRowsToContents()
        self.statuses_loaded.emit(statuses)

    def _fill_row(self, row: int, status: Any) -> None:
        model = status.model
        state = "Unavailable"
        if status.available:
            state = "Available (fallback)" if status.problem else "Available"
        problem = str(status.problem or "")
        if status.fix:
            problem = f"{problem}\nFix: {status.fix}"
        cells = [_item(status.label), _item(state)]
        if model is not None:
            sha = str(model.sha256 or "")
            cells += [
                _item(str(model.name), str(model.path)),
                _item(str(model.version)),
                _item(sha[:12] + ("…" if len(sha) > 12 else ""), sha or "no checksum"),
                _item(str(model.device)),
                _item(str(model.source)),
                _item(problem),
            ]
        else:
            # No model: the problem and its fix take the model's columns, where they are seen.
            cells.append(_item(problem))
            self.table.setSpan(row, MODEL_COLUMN, 1, len(COLUMNS) - MODEL_COLUMN)
        colours = None
        if not status.available:
            colours = (UNAVAILABLE_BACKGROUND, UNAVAILABLE_FOREGROUND)
        elif status.problem:
            colours = (FALLBACK_BACKGROUND, FALLBACK_FOREGROUND)
        for column, cell in enumerate(cells):
            if colours is not None:
                cell.setBackground(QBrush(colours[0]))
                cell.setForeground(QBrush(colours[1]))
                if column == 1:
                    font = QFont(cell.font())
                    font.setBold(True)
                    cell.setFont(font)
            self.table.setItem(row, column, cell)
