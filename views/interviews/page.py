"""The Interviews page: question sets, and the interviews (invitations, codes, answers).

Recruiters and administrators manage both; reviewers read the question sets and
play answers. The kiosk account never sees this page: it shows a notice and
reads nothing.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from app.accounts import Permission, Role
from app.workspace import Session
from views.empty_state import EmptyState
from views.interviews.question_sets import FileChoosing, QuestionSetsPanel
from views.interviews.sessions import SessionsPanel
from views.jobs import QtJobRunner


def may_open(session: Session) -> bool:
    user = session.user
    return user.role is not Role.KIOSK and (
        user.can(Permission.MANAGE_INTERVIEWS) or user.can(Permission.READ_CANDIDATES)
    )


class InterviewsPage(QWidget):
    """`dialog_opened(QWidget)` relays every dialog or window the page opens."""

    dialog_opened = Signal(QWidget)

    def __init__(
        self,
        session: Session,
        runner: QtJobRunner,
        *,
        chooser: FileChoosing | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("interviewsPage")
        layout = QVBoxLayout(self)
        self.question_sets: QuestionSetsPanel | None = None
        self.sessions: SessionsPanel | None = None
        self.tabs: QTabWidget | None = None
        if not may_open(session):
            self.denied = EmptyState(
                "Interviews",
                "Your account cannot see interviews.",
                "Interviews are managed by recruiters and administrators; the kiosk "
                "account runs only the interview flow.",
            )
            self.denied.setObjectName("interviewsDenied")
            layout.addWidget(self.denied)
            return
        if chooser is None:
            from views.screening.file_dialogs import FileChooser

            chooser = FileChooser()
        self.sessions = SessionsPanel(session, runner)
        self.question_sets = QuestionSetsPanel(session, runner, chooser)
        self.question_sets.sets_changed.connect(lambda: self._sessions_refresh())
        for panel in (self.sessions, self.question_sets):
            panel.dialog_opened.connect(self.dialog_opened)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("interviewTabs")
        self.tabs.addTab(self.sessions, "&Interviews")
        self.tabs.addTab(self.question_sets, "&Question sets")
        layout.addWidget(self.tabs)

    def _sessions_refresh(self) -> None:
        if self.sessions is not None:
            self.sessions.refresh()
