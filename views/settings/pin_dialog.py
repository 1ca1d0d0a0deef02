"""Set or change the kiosk operator PIN (administrators): typed twice, stored by a job.

The rules come from the core (`validate_pin`), so the dialog and the CLI agree.
Storing hashes the PIN with Argon2 (slow on purpose), so it runs in a job while the
dialog shows a busy bar. The fields are cleared as soon as the PIN is read from
them; the PIN lives only in the job until it is stored, and is never logged.
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from analysis.errors import CandorError
from analysis.tasks import Task
from app.errors import InvalidInput
from app.interviews.pin import MAX_PIN_DIGITS, MIN_PIN_DIGITS, validate_pin
from views.forms import ERROR_STYLE, busy_bar, message_label, password_field
from views.jobs import QtJobRunner

StorePin = Callable[[str], None]
"""`InterviewService.set_kiosk_pin`: validates, hashes and stores (raises CandorError)."""

MISMATCH = "The two PINs differ. Type the same PIN twice."


def pin_problem(pin: str, repeat: str) -> str:
    """An empty string when the pair is usable, else what to fix (the core's rule first)."""
    if not pin:
        return "Type the new PIN."
    try:
        validate_pin(pin)
    except InvalidInput as exc:
        return exc.user_text()
    if pin != repeat:
        return MISMATCH
    return ""


def _digits_field(name: str, accessible: str) -> QLineEdit:
    field = password_field(name, accessible)
    field.setMaxLength(MAX_PIN_DIGITS)
    # Typing and pasting are limited to digits; `validate_pin` still has the last word.
    field.setValidator(QRegularExpressionValidator(r"[0-9]*", field))
    field.setInputMethodHints(
        Qt.InputMethodHint.ImhDigitsOnly | Qt.InputMethodHint.ImhSensitiveData
    )
    return field


class SetPinDialog(QDialog):
    """Emits `pin_set` once the new PIN is stored, after the dialog has closed."""

    pin_set = Signal()

    def __init__(
        self,
        store: StorePin,
        runner: QtJobRunner,
        parent: QWidget | None = None,
        *,
        changing: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("setPinDialog")
        self.setWindowTitle("Change operator PIN" if changing else "Set operator PIN")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._store = store
        self._runner = runner
        self._busy = False

        intro = QLabel(
            "Staff type the operator PIN to leave the interview kiosk or change its camera "
            f"and microphone. Use {MIN_PIN_DIGITS} to {MAX_PIN_DIGITS} digits that are not "
            "easy to guess."
        )
        intro.setWordWrap(True)
        self.pin = _digits_field("newPin", "New operator PIN")
        self.repeat = _digits_field("repeatPin", "Repeat the operator PIN")
        self.message = message_label("pinMessage")
        self.busy = busy_bar("pinBusy")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setDefault(True)  # Enter in either field submits
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout(self)
        form.addRow(intro)
        pin_label = QLabel("New &PIN:")
        pin_label.setBuddy(self.pin)
        repeat_label = QLabel("&Repeat PIN:")
        repeat_label.setBuddy(self.repeat)
        form.addRow(pin_label, self.pin)
        form.addRow(repeat_label, self.repeat)
        form.addRow(self.message)
        form.addRow(self.busy)
        form.addRow(self.buttons)
        self.setMinimumWidth(420)
        self.pin.setFocus(Qt.FocusReason.OtherFocusReason)

    def busy_now(self) -> bool:
        return self._busy

    def submit(self) -> None:
        if self._busy:
            return
        pin, repeat = self.pin.text(), self.repeat.text()
        self._clear_fields()
        problem = pin_problem(pin, repeat)
        if problem:
            self.message.setText(problem)
            return
        store = self._store

        def work(task: Task) -> None:
            store(pin)

        self.message.clear()
        self._set_busy(True)
        self._runner.submit(
            "Set the kiosk operator PIN", work, on_done=self._stored, on_error=self._failed
        )

    def reject(self) -> None:
        # Once submitted the PIN is being stored either way; closing now would hide the outcome.
        if not self._busy:
            super().reject()

    def _stored(self, _result: object) -> None:
        if not shiboken6.isValid(self):  # its window went away while the job ran
            return
        self._set_busy(False)
        self.accept()
        self.pin_set.emit()

    def _failed(self, exc: BaseException) -> None:
        if not shiboken6.isValid(self):
            self._runner.report_error(exc)
            return
        self._set_busy(False)
        if isinstance(exc, CandorError):
            self.message.setText(exc.user_text())
        else:
            self.message.clear()
            self._runner.report_error(exc)

    def _clear_fields(self) -> None:
        self.pin.clear()
        self.repeat.clear()
        self.pin.setFocus(Qt.FocusReason.OtherFocusReason)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.busy.setVisible(busy)
        self.ok.setEnabled(not busy)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setEnabled(not busy)
        self.pin.setReadOnly(busy)
        self.repeat.setReadOnly(busy)
        # The label is red for problems; while saving it is a plain status line.
        self.message.setStyleSheet("" if busy else ERROR_STYLE)
        self.message.setText("Saving the PIN…" if busy else "")


def open_pin_dialog(
    store: StorePin, runner: QtJobRunner, parent: QWidget, *, changing: bool = False
) -> SetPinDialog:
    """The dialog, opened window-modal (never `exec()`)."""
    dialog = SetPinDialog(store, runner, parent, changing=changing)
    dialog.open()
    return dialog
