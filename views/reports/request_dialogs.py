"""Small forms of the requests register: add a request, close one (non-modal)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

KINDS = (
    ("access", "Access: a copy of their data"),
    ("erasure", "Erasure"),
    ("rectification", "Rectification: correct their data"),
    ("objection", "Objection: a person reviews, no automated analysis"),
    ("withdrawal", "Withdrawal of consent"),
)
CLOSINGS = (("fulfilled", "Fulfilled"), ("refused", "Refused (say why in the note)"))
MAX_NOTE = 500


def _buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.rejected.connect(dialog.reject)
    return buttons


def _note() -> QLineEdit:
    note = QLineEdit()
    note.setObjectName("requestNote")
    note.setAccessibleName("Note")
    note.setMaxLength(MAX_NOTE)
    note.setPlaceholderText("No candidate data: how it arrived, what was done")
    return note


class AddRequestDialog(QDialog):
    """`submitted(candidate_id, kind, received_on, note)`."""

    submitted = Signal(int, str, object, str)

    def __init__(self, candidate_id: int, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("addRequestDialog")
        self.setWindowTitle("Add a data-subject request")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.candidate_id = candidate_id
        self.kind = QComboBox()
        self.kind.setObjectName("requestKind")
        for key, text in KINDS:
            self.kind.addItem(text, key)
        self.received = QDateEdit(QDate.currentDate())
        self.received.setObjectName("requestReceived")
        self.received.setCalendarPopup(True)
        self.received.setDisplayFormat("yyyy-MM-dd")
        self.received.setMaximumDate(QDate.currentDate())
        self.note = _note()
        form = QFormLayout(self)
        form.addRow("Candidate:", QLabel(label))
        form.addRow("&Kind:", self.kind)
        form.addRow("&Received on:", self.received)
        form.addRow("&Note:", self.note)
        form.addRow(QLabel("The deadline follows from the policy and the date received."))
        buttons = _buttons(self, "&Add")
        buttons.accepted.connect(self._submit)
        form.addRow(buttons)
        self.resize(480, 0)

    def _submit(self) -> None:
        received: date = self.received.date().toPython()  # type: ignore[assignment]
        self.submitted.emit(
            self.candidate_id, str(self.kind.currentData()), received, self.note.text().strip()
        )
        self.accept()


class CloseRequestDialog(QDialog):
    """`submitted(request_id, status, note)`."""

    submitted = Signal(int, str, str)

    def __init__(self, request_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("closeRequestDialog")
        self.setWindowTitle(f"Close request #{request_id}")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.request_id = request_id
        self.status = QComboBox()
        self.status.setObjectName("requestStatus")
        for key, text in CLOSINGS:
            self.status.addItem(text, key)
        self.note = _note()
        form = QFormLayout(self)
        form.addRow("&Outcome:", self.status)
        form.addRow("&Note:", self.note)
        buttons = _buttons(self, "C&lose request")
        buttons.accepted.connect(self._submit)
        form.addRow(buttons)
        self.resize(440, 0)

    def _submit(self) -> None:
        self.submitted.emit(
            self.request_id, str(self.status.currentData()), self.note.text().strip()
        )
        self.accept()
