"""The run chooser: which stored analysis of the candidate the page shows.

Every run is listed, newest first, so a re-run still going, cancelled or failed is
visible rather than missing; only complete runs can be chosen (the others are greyed
with their status), because half-done results are never shown.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from analysis.models import LABELS, Capability
from app.analysis_pipeline.service import IMPORT_PREFIX, INTERVIEW_PREFIX
from app.analysis_pipeline.store import RunRecord, RunStatus

CHOOSER_HELP = (
    "Which stored analysis to show. The latest complete run is the one the PDF report "
    "uses; runs that did not complete are greyed and cannot be shown."
)


def source_text(source: str) -> str:
    if source.startswith(INTERVIEW_PREFIX):
        return f"interview #{source.removeprefix(INTERVIEW_PREFIX)}"
    if source.startswith(IMPORT_PREFIX):
        return "imported files"
    return source


def speech_text(run: RunRecord) -> str:
    """The speech model the run used, by name (or that it was unavailable)."""
    capability = str(run.settings.get("speech", Capability.SPEECH))
    record = run.models.get(capability)
    if isinstance(record, Mapping) and record.get("name"):
        return str(record["name"])
    try:
        label = LABELS[Capability(capability)]
    except ValueError:
        label = capability
    return f"{label.lower()} unavailable"


def when_text(stamp: str) -> str:
    """A stored UTC stamp in local time, to the minute."""
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return stamp


def run_label(run: RunRecord, *, latest: bool) -> str:
    parts = [f"Run {run.id}", when_text(run.created_at), source_text(run.source), speech_text(run)]
    if latest:
        parts.append("latest")
    if run.status is not RunStatus.COMPLETE:
        parts.append(str(run.status).upper())
    return " · ".join(parts)


class RunChooser(QWidget):
    """A combo of the candidate's runs; `run_chosen(run_id)` when the user picks another."""

    run_chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.combo = QComboBox()
        self.combo.setObjectName("runChooser")
        self.combo.setAccessibleName("Analysis run")
        self.combo.setToolTip(CHOOSER_HELP)
        self.combo.setWhatsThis(CHOOSER_HELP)
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.combo.setEnabled(False)
        self.combo.activated.connect(self._activated)
        label = QLabel("&Analysis run:")
        label.setBuddy(self.combo)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label)
        layout.addWidget(self.combo)

    def show_runs(self, runs: Sequence[RunRecord], shown: int | None) -> None:
        """List `runs` (newest first), with `shown` selected; emits nothing."""
        latest = next((r.id for r in runs if r.status is RunStatus.COMPLETE), None)
        self.combo.blockSignals(True)
        self.combo.clear()
        model = self.combo.model()
        assert isinstance(model, QStandardItemModel)  # QComboBox's own model
        for row, run in enumerate(runs):
            self.combo.addItem(run_label(run, latest=run.id == latest), run.id)
            if run.status is not RunStatus.COMPLETE:
                item = model.item(row)
                item.setEnabled(False)
                item.setToolTip(f"This run is {run.status}: only complete runs can be shown.")
        index = self.combo.findData(shown)
        self.combo.setCurrentIndex(index)
        self.combo.blockSignals(False)
        self.combo.setEnabled(any(r.status is RunStatus.COMPLETE for r in runs))

    def shown_run(self) -> int | None:
        data = self.combo.currentData()
        return int(data) if isinstance(data, int) else None

    def choose(self, run_id: int) -> None:
        """Pick `run_id` as a user would (tests, keyboard)."""
        index = self.combo.findData(run_id)
        if index >= 0 and self.is_choosable(index):
            self.combo.setCurrentIndex(index)
            self._activated(index)

    def labels(self) -> list[str]:
        return [self.combo.itemText(i) for i in range(self.combo.count())]

    def is_choosable(self, index: int) -> bool:
        model = self.combo.model()
        assert isinstance(model, QStandardItemModel)
        item = model.item(index)
        return item is not None and bool(item.flags() & Qt.ItemFlag.ItemIsEnabled)

    def _activated(self, index: int) -> None:
        data = self.combo.itemData(index)
        if isinstance(data, int) and self.is_choosable(index):
            self.run_chosen.emit(data)
