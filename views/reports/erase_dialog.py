"""Erasing a candidate (administrators): typed confirmation, then what was written.

Erasure cannot be undone, so the Erase button stays disabled until the candidate's
number is typed exactly. The dialog only collects the choice; the section runs the
erasure as a job and shows `ErasedDialog` with the certificate's place and the
exported copies that someone must delete by hand.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

WHAT_GOES = (
    "Erasing candidate #{number} destroys their key, their record, resume, recordings, "
    "transcripts, analyses, ratings, face templates and thumbnails. It cannot be undone. "
    "Background jobs still running are cancelled first so none of them writes this "
    "candidate's data again. A deletion certificate (PDF and JSON, with no personal data "
    "beyond the number) is written to a folder you choose next."
)


class EraseDialog(QDialog):
    """`confirmed(candidate_id, request_id or None)` when the typed number matches."""

    confirmed = Signal(int, object)

    def __init__(
        self,
        candidate_id: int,
        requests: Sequence[tuple[int, str]] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("eraseDialog")
        self.setWindowTitle(f"Erase candidate #{candidate_id}")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.candidate_id = candidate_id
        text = QLabel(WHAT_GOES.format(number=candidate_id))
        text.setWordWrap(True)
        self.request_box = QComboBox()
        self.request_box.setObjectName("eraseRequest")
        self.request_box.setAccessibleName("Erasure request")
        self.request_box.addItem("No request (erasing on the workspace's own decision)", None)
        for request_id, label in requests:
            self.request_box.addItem(label, request_id)
        if requests:
            self.request_box.setCurrentIndex(1)
        self.typed = QLineEdit()
        self.typed.setObjectName("eraseConfirmation")
        self.typed.setAccessibleName("Type the candidate number to confirm")
        self.typed.setPlaceholderText(str(candidate_id))
        self.typed.textChanged.connect(self._typed_changed)
        form = QFormLayout()
        form.addRow("&Request:", self.request_box)
        form.addRow(f"&Type {candidate_id} to confirm:", self.typed)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.erase_button = QPushButton("&Erase…")
        self.erase_button.setObjectName("eraseButton")
        self.erase_button.setEnabled(False)
        self.buttons.addButton(self.erase_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setDefault(True)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.resize(520, 260)

    def matches(self) -> bool:
        return self.typed.text().strip() == str(self.candidate_id)

    def _typed_changed(self, _text: str) -> None:
        self.erase_button.setEnabled(self.matches())

    def _accept(self) -> None:
        if not self.matches():
            return
        self.confirmed.emit(self.candidate_id, self.request_box.currentData())
        self.accept()


class ErasedDialog(QDialog):
    """Where the certificate went, and the exported copies to delete by hand."""

    def __init__(
        self,
        candidate_id: int,
        certificate: Sequence[Path],
        copies: Sequence[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("erasedDialog")
        self.setWindowTitle(f"Candidate #{candidate_id} erased")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        head = QLabel(
            f"Candidate #{candidate_id} is erased. The deletion certificate was written to:"
        )
        head.setWordWrap(True)
        where = QLabel("\n".join(str(p) for p in certificate))
        where.setObjectName("certificatePaths")
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        where.setWordWrap(True)
        if copies:
            note = QLabel(
                f"{len(copies)} exported file{'s' if len(copies) != 1 else ''} outside Candor "
                "still hold this candidate's data. Candor cannot reach them: delete them by "
                "hand (the certificate lists them too)."
            )
        else:
            note = QLabel("Candor knows of no exported file holding this candidate's data.")
        note.setWordWrap(True)
        self.copies = QPlainTextEdit("\n".join(copies))
        self.copies.setObjectName("copiesToDelete")
        self.copies.setReadOnly(True)
        self.copies.setVisible(bool(copies))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        for widget in (head, where, note, self.copies, buttons):
            layout.addWidget(widget)
        self.resize(560, 320)
