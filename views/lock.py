"""The lock screen: covers everything until the signed-in user's password is given again."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from analysis.errors import CandorError
from analysis.tasks import Task
from app.errors import TooManyAttempts
from views.countdown import RetryCountdown
from views.jobs import QtJobRunner

Verify = Callable[[str], None]
"""Checks the password (slow: Argon2) and raises a CandorError when it is wrong."""


class LockScreen(QWidget):
    """Emits `unlocked` after `verify(password)` succeeds in a background job."""

    unlocked = Signal()

    def __init__(
        self,
        user_label: str,
        verify: Verify,
        runner: QtJobRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("lockScreen")
        self._verify = verify
        self._runner = runner
        self._busy = False
        self.countdown = RetryCountdown(parent=self)
        self.countdown.changed.connect(self._refresh)

        title = QLabel("Candor is locked")
        title.setStyleSheet("font-size: 20pt; font-weight: 600")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        who = QLabel(f"Signed in as {user_label}. Enter your password to continue.")
        who.setAlignment(Qt.AlignmentFlag.AlignCenter)
        who.setWordWrap(True)

        self.password = QLineEdit()
        self.password.setObjectName("lockPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName("Password")
        self.password.returnPressed.connect(self.submit)
        self.unlock_button = QPushButton("&Unlock")
        self.unlock_button.setObjectName("unlockButton")
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.submit)
        self.message = QLabel()
        self.message.setObjectName("lockMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)

        form_host = QWidget()
        form_host.setMaximumWidth(380)
        form = QFormLayout(form_host)
        label = QLabel("&Password:")
        label.setBuddy(self.password)
        form.addRow(label, self.password)
        form.addRow(self.unlock_button)

        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(title)
        layout.addWidget(who)
        layout.addWidget(form_host, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.message)
        layout.addStretch(2)

    def reset(self) -> None:
        """Called each time the window locks: empty field, no stale message."""
        self.password.clear()
        if not self.countdown.active():
            self.message.clear()
        self._refresh()
        self.password.setFocus()

    def submit(self) -> None:
        if self._busy or self.countdown.active():
            return
        password = self.password.text()
        if not password:
            self.message.setText("Enter your password.")
            return
        verify = self._verify

        def work(task: Task) -> None:
            verify(password)

        self._busy = True
        self.message.setText("Checking…")
        self._refresh()
        self._runner.submit("Unlock", work, on_done=self._passed, on_error=self._failed)

    def _passed(self, _result: object) -> None:
        self._busy = False
        self.password.clear()
        self.message.clear()
        self._refresh()
        self.unlocked.emit()

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        self.password.clear()
        if isinstance(exc, TooManyAttempts):
            self.countdown.start(exc.retry_after)
        elif isinstance(exc, CandorError):
            self.message.setText(exc.user_text())
        else:
            self.message.clear()
            self._runner.report_error(exc)
        self._refresh()
        self.password.setFocus()

    def _refresh(self) -> None:
        waiting = self.countdown.active()
        self.unlock_button.setEnabled(not self._busy and not waiting)
        self.password.setEnabled(not self._busy)
        if waiting:
            self.message.setText(self.countdown.text())
        elif self.message.text().startswith("Too many failed attempts"):
            self.message.clear()
