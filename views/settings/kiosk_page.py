"""Settings → Kiosk: whether the operator PIN is set, and (administrators) setting it."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.accounts import Permission, User
from app.interviews.pin import MAX_PIN_DIGITS, MIN_PIN_DIGITS
from app.workspace import Session
from views.jobs import QtJobRunner
from views.settings.pin_dialog import SetPinDialog, open_pin_dialog

PIN_SET_TEXT = "An operator PIN is set."
NO_PIN_TEXT = "No operator PIN yet: the kiosk cannot be started until one is set."
HELP_TEXT = (
    "The interview kiosk shows a candidate nothing but their interview. Staff leave it, or "
    "change its camera and microphone, by typing the operator PIN: "
    f"{MIN_PIN_DIGITS} to {MAX_PIN_DIGITS} digits, known only to the people who run "
    "interviews. After a few wrong guesses the kiosk makes you wait longer before each new "
    "try, so a short PIN cannot simply be guessed."
)


def may_set_pin(user: User) -> bool:
    return user.can(Permission.SET_KIOSK_PIN)


def sees_kiosk_page(user: User) -> bool:
    """Those who set the PIN, run the kiosk, or invite candidates to it."""
    return any(
        user.can(p)
        for p in (Permission.SET_KIOSK_PIN, Permission.RUN_KIOSK, Permission.MANAGE_INTERVIEWS)
    )


class KioskPage(QWidget):
    """`dialog_opened(QDialog)` fires for each PIN dialog it opens (tests use it)."""

    dialog_opened = Signal(QWidget)

    def __init__(
        self, session: Session, runner: QtJobRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._runner = runner
        allowed = may_set_pin(session.user)

        self.status = QLabel()
        self.status.setObjectName("kioskPinStatus")
        self.status.setWordWrap(True)
        self.pin_button = QPushButton()
        self.pin_button.setObjectName("setKioskPin")
        self.pin_button.setEnabled(allowed)
        self.pin_button.clicked.connect(self.open_dialog)
        self.permission_note = QLabel(
            f"Your role ({session.user.role.value}) may not set the operator PIN. "
            "Ask an administrator."
        )
        self.permission_note.setObjectName("kioskPinPermission")
        self.permission_note.setWordWrap(True)
        self.permission_note.setVisible(not allowed)
        help_text = QLabel(HELP_TEXT)
        help_text.setWordWrap(True)

        buttons = QHBoxLayout()
        buttons.addWidget(self.pin_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        layout.addWidget(self.permission_note)
        layout.addWidget(help_text)
        layout.addStretch(1)
        self.refresh()

    def refresh(self) -> None:
        is_set = self._session.interviews.kiosk_pin_is_set()
        self.status.setText(PIN_SET_TEXT if is_set else NO_PIN_TEXT)
        self.pin_button.setText("&Change operator PIN…" if is_set else "&Set operator PIN…")

    def open_dialog(self) -> SetPinDialog | None:
        if not may_set_pin(self._session.user):
            return None
        dialog = open_pin_dialog(
            self._session.interviews.set_kiosk_pin,
            self._runner,
            self,
            changing=self._session.interviews.kiosk_pin_is_set(),
        )
        dialog.pin_set.connect(self.refresh)
        self.dialog_opened.emit(dialog)
        return dialog

    def showEvent(self, event: QShowEvent) -> None:
        # The PIN may have been set elsewhere meanwhile (File → Start kiosk…, the CLI).
        self.refresh()
        super().showEvent(event)
