"""What an administrator's session does by itself: the retention sweep and request deadlines.

At sign-in and then once a day while Candor runs, the retention sweep removes what
the policy's periods have expired (as a job, in the jobs panel) and the count of
overdue and due-soon data-subject requests is read again for the status bar. If
any request is overdue at sign-in, a notice says so. Other roles skip all of it.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from analysis.tasks import Task
from app.accounts import Permission
from app.compliance.requests import DueSummary, RequestRegister
from app.compliance.retention import RetentionReport, run_sweep
from app.workspace import Session
from views.jobs import QtJobRunner

log = logging.getLogger("candor.views.daily")

DAY_MS = 24 * 60 * 60 * 1000
OVERDUE_STYLE = "color: #b00020; font-weight: 600"


def summary_text(summary: DueSummary) -> str:
    return f"Requests: {summary.overdue} overdue, {summary.due_soon} due soon"


class ComplianceWatch(QObject):
    """`requests_wanted()` when the user asks to see the overdue requests (from the notice)."""

    requests_wanted = Signal()
    summary_shown = Signal(object)  # DueSummary
    swept = Signal(object)  # RetentionReport

    def __init__(
        self,
        session: Session,
        runner: QtJobRunner,
        window: QWidget,
        *,
        interval_ms: int = DAY_MS,
    ) -> None:
        super().__init__(window)
        self._session = session
        self._runner = runner
        self._window = window
        self.active = session.user.can(Permission.MANAGE_COMPLIANCE)
        self.notice: QMessageBox | None = None
        self._noticed = False
        self.label = QLabel()
        self.label.setObjectName("requestsLabel")
        self.label.setToolTip("Data-subject requests past or near their legal deadline")
        self.label.setVisible(False)
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.daily)

    def start(self) -> None:
        """Sweep and count now, then daily (administrators only)."""
        if not self.active:
            return
        self.daily()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def daily(self) -> None:
        self.sweep()
        self.refresh()

    def sweep(self) -> None:
        session = self._session

        def work(task: Task) -> RetentionReport:
            return run_sweep(session, task=task)

        self._runner.submit(
            "Retention sweep", work, on_done=self.swept.emit, group="compliance:sweep"
        )

    def refresh(self) -> None:
        """Read the requests' deadlines again (after a change, and daily)."""
        if not self.active:
            return
        session = self._session
        self._runner.submit(
            "Check request deadlines",
            lambda task: RequestRegister(session).due_summary(),
            on_done=self._show,
            group="compliance:requests",
        )

    def _show(self, summary: DueSummary) -> None:
        self.label.setText(summary_text(summary))
        self.label.setStyleSheet(OVERDUE_STYLE if summary.overdue else "")
        self.label.setVisible(True)
        if summary.overdue and not self._noticed:
            self._noticed = True
            self._notify(summary)
        self.summary_shown.emit(summary)

    def _notify(self, summary: DueSummary) -> None:
        count = summary.overdue
        box = QMessageBox(
            QMessageBox.Icon.Warning, "Overdue data-subject requests",
            f"{count} data-subject request{'s are' if count != 1 else ' is'} past "
            "the legal deadline.",
            QMessageBox.StandardButton.NoButton, self._window,
        )  # fmt: skip
        box.setObjectName("overdueNotice")
        box.setInformativeText(
            "Candidates have a right to an answer in time. Open the register on the "
            "Reports page to handle or close them."
        )
        show = box.addButton("&Show requests", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("&Later", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(show)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def answered(button: object) -> None:
            if button is show:
                self.requests_wanted.emit()

        box.buttonClicked.connect(answered)
        box.open()
        self.notice = box
        log.info("overdue requests notice shown: %d", count)
