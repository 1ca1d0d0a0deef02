"""The operator PIN dialog: staff only, for leaving the kiosk or changing its devices.

The PIN is checked with `session.interviews.verify_pin` (Argon2, slow on purpose)
in a job; wrong PINs back off in the core (TooManyKioskAttempts), shown here as a
countdown. The dialog emits `unlocked` once and then closes.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from analysis.errors import CandorError
from analysis.tasks import Task
from app.interviews import TooManyKioskAttempts
from views.countdown import RetryCountdown
from views.jobs import QtJobRunner
from views.kiosk.style import KIOSK_STYLE, KioskButton, label

VerifyPin = Callable[[str], None]
"""Raises WrongPin / TooManyKioskAttempts / PinNotSet when the PIN does not open the kiosk."""


class PinDialog(QDialog):
    unlocked = Signal()

    def __init__(
        self, purpose: str, verify: VerifyPin, runner: QtJobRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("kioskPinDialog")
        self.setWindowTitle("Staff only")
        self.setModal(True)
        self.setStyleSheet(KIOSK_STYLE + "QDialog#kioskPinDialog { background: #ffffff; }")
        self._verify = verify
        self._runner = runner
        self._busy = False
        self.countdown = RetryCountdown(parent=self)
        self.countdown.changed.connect(self._refresh)

        title = label("Staff only", "title")
        text = label(f"Enter the operator PIN to {purpose}.")
        self.pin = QLineEdit()
        self.pin.setObjectName("kioskPin")
        self.pin.setAccessibleName("Operator PIN")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(12)
        self.pin.setValidator(QRegularExpressionValidator(r"[0-9]*"))
        self.pin.returnPressed.connect(self.submit)
        self.message = label("", "error", "kioskPinMessage")
        self.message.setMinimumHeight(120)  # room for a message and its hint, shown later
        self.ok = KioskButton("OK", "kioskPinOk")
        self.cancel = KioskButton("Cancel", "kioskPinCancel", secondary=True)
        self.ok.clicked.connect(self.submit)
        self.cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.ok)
        buttons.addWidget(self.cancel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(30, 24, 30, 24)
        layout.setSpacing(16)
        layout.addWidget(title)
        layout.addWidget(text)
        layout.addWidget(self.pin)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        layout.addWidget(label("Enter: OK  ·  Esc: cancel", "keys"))
        self.setMinimumWidth(600)
        self.pin.setFocus(Qt.FocusReason.OtherFocusReason)
        self._refresh()

    def submit(self) -> None:
        if self._busy or self.countdown.active():
            return
        pin = self.pin.text()
        if not pin:
            self.message.setText("Type the PIN first.")
            return
        verify = self._verify

        def work(task: Task) -> None:
            verify(pin)

        self._busy = True
        self.message.setText("Checking…")
        self._refresh()
        self._runner.submit(
            "Check the operator PIN", work, on_done=self._passed, on_error=self._failed
        )

    def _passed(self, _result: object) -> None:
        self._busy = False
        if not self.isVisible():  # cancelled while the PIN was being checked
            return
        self.pin.clear()
        self.message.clear()
        self.unlocked.emit()
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        self.pin.clear()
        if isinstance(exc, TooManyKioskAttempts):
            self.message.clear()
            self.countdown.start(exc.retry_after)
        elif isinstance(exc, CandorError):
            self.message.setText(exc.user_text())
        else:
            self.message.clear()
            self._runner.report_error(exc)
        self._refresh()
        self.pin.setFocus()

    def _refresh(self) -> None:
        waiting = self.countdown.active()
        self.ok.setEnabled(not self._busy and not waiting)
        self.pin.setReadOnly(self._busy)
        if waiting:
            self.message.setText(self.countdown.text())
        elif self.message.text().startswith("Too many failed attempts"):
            self.message.clear()
