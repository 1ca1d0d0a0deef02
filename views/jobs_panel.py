"""The jobs panel: one row per background job with progress, status text and Cancel."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.jobs import JobEvent, JobStatus
from views.jobs import QtJobRunner

_FINISHED = (JobStatus.DONE, JobStatus.FAILED, JobStatus.CANCELLED)


class JobRow(QWidget):
    def __init__(self, event: JobEvent, runner: QtJobRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.job_id = event.job_id
        self.setObjectName(f"jobRow{event.job_id}")
        self.title = QLabel(event.title)
        self.title.setMinimumWidth(160)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(True)
        self.progress.setAccessibleName(f"Progress of {event.title}")
        self.text = QLabel()
        self.text.setMinimumWidth(160)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setAccessibleName(f"Cancel {event.title}")
        self.cancel_button.setToolTip(f"Stop “{event.title}”")
        self.cancel_button.clicked.connect(self._cancel)
        self._runner = runner

        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(self.title)
        layout.addWidget(self.progress, 1)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.cancel_button)
        self.update_from(event)

    def update_from(self, event: JobEvent) -> None:
        self.progress.setValue(round(event.fraction * 1000))
        self.progress.setFormat(f"{event.fraction:.0%}")
        if event.status is JobStatus.QUEUED:
            self.text.setText("Waiting…")
        elif event.text:
            self.text.setText(event.text)

    def _cancel(self) -> None:
        self.cancel_button.setEnabled(False)
        self.cancel_button.setText("Cancelling…")
        self._runner.cancel(self.job_id)


class JobsPanel(QWidget):
    """Lists running jobs; finished ones disappear (results show where they belong)."""

    def __init__(self, runner: QtJobRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("jobsPanel")
        self._runner = runner
        self._rows: dict[int, JobRow] = {}
        self.empty_label = QLabel(
            "No background jobs. Long work such as checking models, importing resumes "
            "or analysing interviews appears here with its progress and a Cancel button."
        )
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setStyleSheet("color: palette(placeholder-text)")

        self._list = QWidget()
        self._list_layout = QVBoxLayout(self._list)
        self._list_layout.setContentsMargins(0, 0, 0, 0)
        self._list_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self._list)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.empty_label)
        layout.addWidget(scroll, 1)
        runner.job_changed.connect(self._on_event)
        self._refresh_empty()

    def rows(self) -> dict[int, JobRow]:
        return dict(self._rows)

    def _on_event(self, event: JobEvent) -> None:
        row = self._rows.get(event.job_id)
        if event.status in _FINISHED:
            if row is not None:
                del self._rows[event.job_id]
                self._list_layout.removeWidget(row)
                row.deleteLater()
        elif row is None:
            row = JobRow(event, self._runner)
            self._rows[event.job_id] = row
            self._list_layout.insertWidget(self._list_layout.count() - 1, row)
        else:
            row.update_from(event)
        self._refresh_empty()

    def _refresh_empty(self) -> None:
        self.empty_label.setVisible(not self._rows)
