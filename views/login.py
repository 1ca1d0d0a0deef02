"""Sign-in page: workspace folder (remembered), user name, password.

Opening runs Argon2 (slow on purpose), so it happens in a job while the form
shows a busy state. After repeated failures the core raises TooManyAttempts:
the button stays disabled with a countdown until the wait is over.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from analysis.errors import CandorError
from analysis.tasks import Task
from app.errors import TooManyAttempts
from app.workspace import Session, Workspace
from views.countdown import RetryCountdown
from views.forms import FolderField, busy_bar, message_label, password_field
from views.jobs import QtJobRunner


class SignInPage(QWidget):
    """Emits `opened(Session)`; `create_requested` when the user wants a new workspace."""

    opened = Signal(object)
    create_requested = Signal()

    def __init__(self, runner: QtJobRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._busy = False
        self.countdown = RetryCountdown(parent=self)
        self.countdown.changed.connect(self._refresh)

        title = QLabel("Sign in to Candor")
        title.setStyleSheet("font-size: 16pt; font-weight: 600")
        self.folder = FolderField("signInFolder", "Workspace folder")
        self.user = QLineEdit()
        self.user.setObjectName("signInUser")
        self.user.setAccessibleName("User name")
        self.password = password_field("signInPassword", "Password")
        self.password.returnPressed.connect(self.submit)
        self.message = message_label("signInMessage")
        self.busy = busy_bar("signInBusy")
        self.sign_in_button = QPushButton("&Sign in")
        self.sign_in_button.setObjectName("signInButton")
        self.sign_in_button.setDefault(True)
        self.sign_in_button.clicked.connect(self.submit)
        self.create_button = QPushButton("Create a &new workspace…")
        self.create_button.setFlat(True)
        self.create_button.clicked.connect(self.create_requested)
        self.folder.changed.connect(self._refresh)
        self.user.textChanged.connect(self._refresh)
        self.password.textChanged.connect(self._refresh)

        form = QFormLayout()
        for text, widget in (
            ("&Workspace:", self.folder),
            ("&User name:", self.user),
            ("&Password:", self.password),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            form.addRow(label, widget)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.busy)
        layout.addWidget(self.sign_in_button)
        layout.addStretch(1)
        layout.addWidget(self.create_button)
        self._refresh()

    def prefill(self, workspace: Path | None, user: str | None) -> None:
        self.folder.set_path(workspace)
        self.user.setText(user or "")
        (self.password if workspace and user else self.user).setFocus()

    def submit(self) -> None:
        if not self.sign_in_button.isEnabled():
            return
        folder = self.folder.path()
        user = self.user.text().strip()
        password = self.password.text()
        assert folder is not None  # the button is disabled without one

        def work(task: Task) -> Session:
            return Workspace.open(folder, user, password)

        self._busy = True
        self.message.clear()
        self._refresh()
        self._runner.submit("Sign in", work, on_done=self._succeeded, on_error=self._failed)

    def _succeeded(self, session: Session) -> None:
        self._busy = False
        self.password.clear()
        self._refresh()
        self.opened.emit(session)

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        self.password.clear()
        if isinstance(exc, TooManyAttempts):
            self.countdown.start(exc.retry_after)
        elif isinstance(exc, CandorError):
            self.message.setText(exc.user_text())
        else:
            self._runner.report_error(exc)
        self._refresh()
        self.password.setFocus()

    def _refresh(self) -> None:
        waiting = self.countdown.active()
        ready = bool(self.folder.path() and self.user.text().strip() and self.password.text())
        self.sign_in_button.setEnabled(ready and not self._busy and not waiting)
        for widget in (self.folder, self.user, self.password, self.create_button):
            widget.setEnabled(not self._busy)
        self.busy.setVisible(self._busy)
        if waiting:
            self.message.setText(self.countdown.text())
        elif self.message.text().startswith("Too many failed attempts"):
            self.message.clear()
