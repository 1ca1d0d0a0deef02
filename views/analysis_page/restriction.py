"""Staff's controls for a candidate's objection to automated analysis, on their page.

Administrators and recruiters (RESTRICT_PROCESSING) record or lift human-only review
when the candidate asks, and record a withdrawal of consent (which deletes the
candidate's analysis results). Each asks first, runs as a job, and says what it did;
the page then reads the candidate again. Reviewers never see these buttons.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QPushButton, QWidget

from analysis.errors import CandorError
from analysis.tasks import Task
from app.accounts import Permission
from app.compliance.restrictions import WithdrawalResult, set_human_only, withdraw_consent
from app.workspace import Session
from views.jobs import QtJobRunner
from views.screening.common import confirm

T = TypeVar("T")
SET_TEXT = "Human-only review…"
LIFT_TEXT = "Lift human-only review…"
WITHDRAW_TEXT = "Withdraw consent…"


class RestrictionControl(QWidget):
    """`changed` after the objection was recorded, lifted or consent withdrawn."""

    changed = Signal()

    def __init__(
        self,
        session: Session,
        runner: QtJobRunner,
        candidate_id: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("restrictionControl")
        self._session = session
        self._runner = runner
        self._candidate = candidate_id
        self.human_only = False
        self.box: QMessageBox | None = None
        self.toggle = QPushButton(SET_TEXT)
        self.toggle.setObjectName("humanOnlyButton")
        self.toggle.setToolTip(
            "Record the candidate's objection to automated analysis (GDPR Art. 21/22, "
            "Illinois): nothing automated runs on their data; people review the recordings."
        )
        self.toggle.clicked.connect(self.ask_toggle)
        self.withdraw = QPushButton(WITHDRAW_TEXT)
        self.withdraw.setObjectName("withdrawConsentButton")
        self.withdraw.setToolTip(
            "The candidate withdraws consent to automated analysis: delete their analysis "
            "results (face data included) and set human-only review. Recordings stay."
        )
        self.withdraw.clicked.connect(self.ask_withdraw)
        self.status = QLabel()
        self.status.setObjectName("restrictionStatus")
        self.status.setWordWrap(True)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.toggle)
        row.addWidget(self.withdraw)
        row.addWidget(self.status, 1)
        self.setVisible(session.user.can(Permission.RESTRICT_PROCESSING))

    def show_state(self, human_only: bool) -> None:
        self.human_only = human_only
        self.toggle.setText(LIFT_TEXT if human_only else SET_TEXT)

    def ask_toggle(self) -> None:
        who = f"candidate #{self._candidate}"
        if self.human_only:
            text = (
                f"Lift human-only review for {who}? Do this only when the candidate asks: "
                "automated analysis may then run on their recordings again."
            )
            title, yes = "Lift human-only review", "Lift it"
        else:
            text = (
                f"Record that {who} objects to automated analysis? No automated step will "
                "run on their data (kiosk, re-run, command line, recovery); people review "
                "their recordings, and earlier results are no longer shown."
            )
            title, yes = "Human-only review", "Record the objection"
        self.box = confirm(self, title, text, yes, self._toggle)

    def ask_withdraw(self) -> None:
        text = (
            f"Candidate #{self._candidate} withdraws consent to automated analysis: delete "
            "all their analysis results (transcripts, scores, face observations and identity "
            "checks) and set human-only review? Recordings, ratings and decisions are kept. "
            "This cannot be undone."
        )
        self.box = confirm(self, "Withdraw consent", text, "Delete the results", self._withdraw)

    def _toggle(self) -> None:
        session, candidate, wanted = self._session, self._candidate, not self.human_only

        def work(task: Task) -> bool:
            task.check()
            set_human_only(session, candidate, wanted, source="staff")
            return wanted

        def done(now: bool) -> None:
            self.show_state(now)
            self.status.setText(
                "Human-only review is recorded." if now else "Human-only review was lifted."
            )
            self.changed.emit()

        self._submit("Record human-only review", work, done)

    def _withdraw(self) -> None:
        session, candidate = self._session, self._candidate

        def work(task: Task) -> WithdrawalResult:
            task.check()
            return withdraw_consent(session, candidate)

        def done(result: WithdrawalResult) -> None:
            self.show_state(True)
            self.status.setText(
                f"Consent withdrawn: {result.runs_deleted} analysis run(s) and "
                f"{result.steps_deleted} result(s) deleted; human-only review is set."
            )
            self.changed.emit()

        self._submit("Withdraw consent to automated analysis", work, done)

    def _submit(self, title: str, work: Callable[[Task], T], done: Callable[[T], None]) -> None:
        def failed(error: BaseException) -> None:
            if isinstance(error, CandorError):
                self.status.setText(error.user_text())
            else:
                self._runner.report_error(error)

        self._runner.submit(title, work, on_done=done, on_error=failed)
