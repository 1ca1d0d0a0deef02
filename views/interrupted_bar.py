"""The bar that offers to finish interview analyses the app left unfinished.

When the main window opens, a job asks which analysis runs stopped before the end
although all their answers are in (`app.analysis_pipeline.recovery`): the app was
closed or killed while they ran. If there are any (and the user may re-run analyses)
this bar appears above the page: "Finish now" submits one job per run (listed in the
jobs panel with its progress and Cancel; failures reach the error router like any
job's), "Later" or Esc hides it until the next start. It is never modal, and nothing
waits for it: the lookup and the models' set-up run off the UI thread.
"""

from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from analysis.models import ModelRegistry
from analysis.tasks import Task
from app.analysis_pipeline.recovery import InterruptedAnalysis, find_interrupted, resume_run
from app.analysis_pipeline.service import RERUN_PERMISSION, AnalysisService
from app.workspace import Session
from views.jobs import QtJobRunner
from views.lazy import Lazy

LOOKUP_TITLE = "Look for unfinished interview analyses"
FINISH_HELP = (
    "Analyse what is missing of each, with the settings it started with; each is a job "
    "in the jobs panel, with its progress and a Cancel button."
)
LATER_HELP = "Hide this until Candor is started again (Esc)."


def message(count: int) -> str:
    if count == 1:
        return "1 interview analysis did not finish (the app was closed while it ran)."
    return f"{count} interview analyses did not finish (the app was closed while they ran)."


class InterruptedBar(QFrame):
    """Hidden until `check()` finds something. `found(list)` after each lookup,
    `finished(run_id)` when a run it submitted is complete."""

    found = Signal(list)
    finished = Signal(int)

    def __init__(
        self,
        session: Session,
        runner: QtJobRunner,
        model_dir: Path,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("interruptedBar")
        self.setAccessibleName("Unfinished interview analyses")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "QFrame#interruptedBar { background: palette(alternate-base); "
            "border: 1px solid palette(mid); border-radius: 4px }"
        )
        self._session = session
        self._runner = runner
        # made in the first job that needs it; jobs hold this, never the bar
        self._service = Lazy(lambda: AnalysisService(session, ModelRegistry(model_dir)))
        self.allowed = session.user.can(RERUN_PERMISSION)
        self.interrupted: list[InterruptedAnalysis] = []
        self.job_ids: list[int] = []

        self.message = QLabel()
        self.message.setObjectName("interruptedMessage")
        self.message.setWordWrap(True)
        self.finish_button = QPushButton("Finish now")
        self.finish_button.setObjectName("interruptedFinish")
        self.finish_button.setAccessibleName("Finish the unfinished analyses now")
        self.finish_button.setToolTip(FINISH_HELP)
        self.finish_button.clicked.connect(self.finish_now)
        self.later_button = QPushButton("Later")
        self.later_button.setObjectName("interruptedLater")
        self.later_button.setAccessibleName("Finish the analyses later")
        self.later_button.setToolTip(LATER_HELP)
        self.later_button.clicked.connect(self.later)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.message, 1)
        layout.addWidget(self.finish_button)
        layout.addWidget(self.later_button)
        self.hide()

    def above(self, content: QWidget) -> QWidget:
        """`content` with this bar on top (what the main window lays out)."""
        column = QWidget()
        layout = QVBoxLayout(column)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self)
        layout.addWidget(content, 1)
        return column

    # -- the lookup -----------------------------------------------------------------------

    def check(self) -> None:
        """Look for unfinished analyses in a job; the bar shows when some are found."""
        if not self.allowed:
            return
        service = self._service

        def work(task: Task) -> list[InterruptedAnalysis]:
            task.check()
            return find_interrupted(service.get())

        self._runner.submit(LOOKUP_TITLE, work, on_done=self._show)

    def _show(self, found: list[InterruptedAnalysis]) -> None:
        if not shiboken6.isValid(self):
            return
        self.interrupted = found
        if found:
            text = message(len(found))
            self.message.setText(text)
            details = "\n".join(f.description for f in found)
            self.message.setToolTip(details)
            self.setAccessibleDescription(f"{text} {details}")
            self.show()
        self.found.emit(found)

    # -- the choices ----------------------------------------------------------------------

    def finish_now(self) -> None:
        """One job per run: each is listed, can be cancelled, and fails on its own."""
        service = self._service
        for item in self.interrupted:
            run_id = item.run_id

            def work(task: Task, run_id: int = run_id) -> int:
                return resume_run(service.get(), run_id, task)

            job = self._runner.submit(
                f"Finish analysis (candidate #{item.candidate_id})", work, on_done=self._done
            )
            self.job_ids.append(job.job_id)
        self.interrupted = []
        self.hide()

    def later(self) -> None:
        self.interrupted = []
        self.hide()

    def _done(self, run_id: int) -> None:
        if shiboken6.isValid(self):
            self.finished.emit(run_id)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Esc from the bar or its buttons (they pass it on) means "Later".
        if event.key() == Qt.Key.Key_Escape:
            self.later()
            event.accept()
            return
        super().keyPressEvent(event)
