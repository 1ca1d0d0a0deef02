"""Re-run analysis… on the interview page: the button and Ctrl+R, the dialog, then the run
as a job with its progress and a Cancel button.

Both the options (models are resolved and checked) and the run itself are jobs; the UI
thread only shows. Closing the page does not stop a re-run: it goes on (listed in the
jobs panel), and callbacks that arrive after the page is gone are dropped.
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from analysis.errors import CandorError
from analysis.tasks import Task
from app.analysis_pipeline.service import RERUN_PERMISSION, AnalysisService, RerunOptions
from app.analysis_pipeline.settings import PipelineSettings
from app.jobs import JobEvent, JobStatus
from views.analysis_page.answer_panel import NOTE_STYLE
from views.analysis_page.rerun_dialog import RerunDialog
from views.errors import show_message
from views.jobs import QtJobRunner

SHORTCUT = "Ctrl+R"
RERUN_HELP = (
    "Analyse this candidate's recorded answers again, e.g. with another speech model "
    f"({SHORTCUT}). The results shown now are kept."
)
NOTHING_TO_RERUN = "Nothing to re-run: this candidate has no analysed answers yet."


class RerunControl(QWidget):
    """`finished(run_id)` once a re-run is complete. Hidden for users without the right."""

    finished = Signal(int)
    stopped = Signal()
    """A re-run was cancelled or failed: the run list changed, the results shown did not."""
    dialog_opened = Signal(object)

    def __init__(
        self,
        service: AnalysisService,
        runner: QtJobRunner,
        candidate_id: int,
        shown_run: Callable[[], int | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("rerunControl")
        self._service = service
        self._runner = runner
        self._candidate = candidate_id
        self._shown_run = shown_run
        self.job_id: int | None = None
        self.dialog: RerunDialog | None = None
        self.has_runs = False
        self.last_error: CandorError | None = None

        self.action = QAction("&Re-run analysis…", self)
        self.action.setShortcut(QKeySequence(SHORTCUT))
        self.action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.action.setToolTip(RERUN_HELP)
        self.action.setStatusTip(RERUN_HELP)
        self.action.triggered.connect(self.open_dialog)
        self.addAction(self.action)
        self.button = QPushButton("Re-run analysis…")
        self.button.setObjectName("rerunButton")
        self.button.setToolTip(RERUN_HELP)
        self.button.setWhatsThis(RERUN_HELP)
        self.button.clicked.connect(self.action.trigger)
        self.progress = QProgressBar()
        self.progress.setObjectName("rerunProgress")
        self.progress.setRange(0, 1000)
        self.progress.setAccessibleName("Progress of the re-run")
        self.progress.hide()
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("rerunCancel")
        self.cancel_button.setToolTip("Stop the re-run; the results shown now stay as they are.")
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()
        self.status = QLabel()
        self.status.setObjectName("rerunStatus")
        self.status.setWordWrap(True)
        self.status.setStyleSheet(NOTE_STYLE)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.button)
        layout.addWidget(self.progress, 1)
        layout.addWidget(self.cancel_button)
        layout.addWidget(self.status, 2)
        runner.job_changed.connect(self._on_event)
        self.allowed = service.session.user.can(RERUN_PERMISSION)
        if not self.allowed:
            self.hide()
        self._refresh()

    @property
    def busy(self) -> bool:
        return self.job_id is not None or self.dialog is not None

    def set_has_runs(self, has_runs: bool) -> None:
        self.has_runs = has_runs
        self._refresh()

    def _refresh(self) -> None:
        enabled = self.has_runs and not self.busy
        self.action.setEnabled(enabled)
        self.button.setEnabled(enabled)
        self.button.setToolTip(RERUN_HELP if self.has_runs else NOTHING_TO_RERUN)

    # -- the dialog -----------------------------------------------------------------------

    def open_dialog(self) -> None:
        """Read the options in a job, then ask (the dialog opens when they arrive)."""
        if self.busy or not self.has_runs or not self.allowed:
            return
        service, candidate, run = self._service, self._candidate, self._shown_run()
        self.button.setEnabled(False)
        self.action.setEnabled(False)
        self.status.setText("Checking the installed models…")

        def work(task: Task) -> RerunOptions:
            task.check()
            return service.rerun_options(candidate, run)

        self._runner.submit(
            "Check the re-run options", work, on_done=self._ask, on_error=self._failed
        )

    def _ask(self, options: RerunOptions) -> None:
        if not shiboken6.isValid(self):
            return
        self.status.clear()
        dialog = RerunDialog(options, self.window())
        dialog.accepted.connect(lambda: self.start(options, dialog.settings()))
        dialog.finished.connect(self._dialog_closed)
        self.dialog = dialog
        self._refresh()
        dialog.open()  # window-modal, without a nested event loop
        self.dialog_opened.emit(dialog)

    def _dialog_closed(self) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = None
        self._refresh()

    # -- the run --------------------------------------------------------------------------

    def start(self, options: RerunOptions, settings: PipelineSettings) -> None:
        service, candidate, source = self._service, self._candidate, options.source

        def work(task: Task) -> int:
            return service.rerun(candidate, settings, source=source, task=task)

        job = self._runner.submit(
            "Re-run the interview analysis",
            work,
            on_done=self._done,
            on_error=self._failed,
            on_cancel=self._cancelled,
        )
        self.job_id = job.job_id
        self.progress.setValue(0)
        self.progress.setFormat("0%")
        self.progress.show()
        self.cancel_button.setEnabled(True)
        self.cancel_button.setText("Cancel")
        self.cancel_button.show()
        self.status.setText("Starting the re-run…")
        self._refresh()

    def cancel(self) -> None:
        if self.job_id is not None:
            self.cancel_button.setEnabled(False)
            self.cancel_button.setText("Cancelling…")
            self._runner.cancel(self.job_id)

    def _on_event(self, event: JobEvent) -> None:
        if event.job_id != self.job_id or event.status is not JobStatus.RUNNING:
            return
        self.progress.setValue(round(event.fraction * 1000))
        self.progress.setFormat(f"{event.fraction:.0%}")
        if event.text:
            self.status.setText(event.text)

    def _ended(self, text: str) -> None:
        self.job_id = None
        self.progress.hide()
        self.cancel_button.hide()
        self.status.setText(text)
        self._refresh()

    def _done(self, run_id: int) -> None:
        if not shiboken6.isValid(self):
            return
        self._ended(f"Run {run_id} is complete and shown.")
        self.finished.emit(run_id)

    def _cancelled(self) -> None:
        if shiboken6.isValid(self):
            self._ended("Re-run cancelled; the results shown are unchanged.")
            self.stopped.emit()

    def _failed(self, error: BaseException) -> None:
        if not shiboken6.isValid(self):
            self._runner.report_error(error)
            return
        running = self.job_id is not None
        self._ended("The re-run did not complete." if running else "")
        if running:
            self.stopped.emit()
        if isinstance(error, CandorError):
            self.last_error = error
            show_message(self.window(), error)
        else:
            self._runner.report_error(error)
