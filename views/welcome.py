"""The window shown before a session exists: sign in, or create a first workspace."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget

from app import state
from views.first_run import CreateWorkspacePage
from views.jobs import QtJobRunner
from views.login import SignInPage


class WelcomeWindow(QWidget):
    """Emits `session_opened(Session)` after a successful sign-in or creation.

    Starts on the sign-in page when a workspace is known (given, or remembered
    from the last run), else on the first-run page.
    """

    session_opened = Signal(object)

    def __init__(
        self,
        runner: QtJobRunner,
        *,
        workspace: Path | None = None,
        user: str | None = None,
        note: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("welcomeWindow")
        self.setWindowTitle("Candor")
        self.resize(560, 520)
        self.sign_in_page = SignInPage(runner)
        self.create_page = CreateWorkspacePage(runner)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.sign_in_page)
        self.pages.addWidget(self.create_page)
        self.sign_in_page.create_requested.connect(lambda: self._show_page(self.create_page))
        self.create_page.sign_in_requested.connect(lambda: self._show_page(self.sign_in_page))
        self.sign_in_page.opened.connect(self.session_opened)
        self.create_page.opened.connect(self.session_opened)

        self.note = QLabel(note)
        self.note.setObjectName("welcomeNote")
        self.note.setWordWrap(True)
        self.note.setVisible(bool(note))
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.pages, 1)

        known = workspace if workspace is not None else state.last_workspace()
        self.sign_in_page.prefill(known, user if user is not None else state.last_user())
        self._show_page(self.sign_in_page if known is not None else self.create_page)

    def _show_page(self, page: QWidget) -> None:
        self.pages.setCurrentWidget(page)
        if page is self.create_page:
            self.create_page.folder.setFocus()
        title = "Sign in" if page is self.sign_in_page else "Create a workspace"
        self.setWindowTitle(f"Candor — {title}")
