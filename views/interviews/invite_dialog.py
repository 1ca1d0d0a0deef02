"""Inviting a candidate, and showing the one-time login code that results.

The code is shown once, here, in large type with a Copy button: Candor keeps
only its hash. If it is lost, the recruiter reissues a new one.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.interviews import Invitation
from app.interviews.service import DEFAULT_VALID_DAYS, MAX_EXTRA_TIME_S, MAX_VALID_DAYS
from views.forms import message_label


@dataclass(frozen=True)
class InviteChoice:
    candidate_id: int
    question_set_id: int
    valid_days: int
    extra_time_s: int


class InviteDialog(QDialog):
    """Pick a candidate and a question set; `choice()` once accepted. Opened with `open()`."""

    def __init__(
        self,
        candidates: list[tuple[int, str]],
        question_sets: list[tuple[int, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("inviteDialog")
        self.setWindowTitle("Invite a candidate to an interview")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.candidate = QComboBox()
        self.candidate.setObjectName("inviteCandidate")
        self.candidate.setAccessibleName("Candidate")
        for candidate_id, name in candidates:
            self.candidate.addItem(name, candidate_id)
        self.question_set = QComboBox()
        self.question_set.setObjectName("inviteQuestionSet")
        self.question_set.setAccessibleName("Question set")
        for set_id, name in question_sets:
            self.question_set.addItem(name, set_id)
        self.valid_days = QSpinBox()
        self.valid_days.setObjectName("inviteValidDays")
        self.valid_days.setRange(1, int(MAX_VALID_DAYS))
        self.valid_days.setValue(int(DEFAULT_VALID_DAYS))
        self.valid_days.setSuffix(" days")
        self.extra_time = QSpinBox()
        self.extra_time.setObjectName("inviteExtraTime")
        self.extra_time.setRange(0, MAX_EXTRA_TIME_S)
        self.extra_time.setSingleStep(15)
        self.extra_time.setSuffix(" s")
        self.extra_time.setToolTip(
            "For accessibility: added to every question's thinking and answer time"
        )
        self.problem = message_label("inviteProblem")
        missing = []
        if not candidates:
            missing.append("add a candidate (Candidates page)")
        if not question_sets:
            missing.append("create a question set with questions")
        self.problem.setText(f"To invite, first {' and '.join(missing)}." if missing else "")

        form = QFormLayout()
        form.addRow("&Candidate:", self.candidate)
        form.addRow("&Question set:", self.question_set)
        form.addRow("Code &valid for:", self.valid_days)
        form.addRow("&Extra time per question:", self.extra_time)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Create invitation")
        ok.setEnabled(not missing)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)

    def choice(self) -> InviteChoice:
        return InviteChoice(
            candidate_id=int(self.candidate.currentData()),
            question_set_id=int(self.question_set.currentData()),
            valid_days=self.valid_days.value(),
            extra_time_s=self.extra_time.value(),
        )


class CodeDialog(QDialog):
    """The one-time login code, in large type, with Copy."""

    def __init__(self, invitation: Invitation, who: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("codeDialog")
        self.setWindowTitle("Interview login code")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.invitation = invitation
        intro = QLabel(f"The login code for {who} (interview #{invitation.session_id}):")
        intro.setWordWrap(True)
        self.code = QLabel(invitation.code)
        self.code.setObjectName("loginCode")
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSize(28)
        font.setBold(True)
        self.code.setFont(font)
        self.code.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.code.setAccessibleName("Login code")
        expires = invitation.expires_at[:16].replace("T", " ")
        self.warning = QLabel(
            f"Give this code to the candidate now. It works once, until {expires} UTC. "
            "Candor shows it only this once and does not keep it: if it is lost, reissue "
            "a new code from the interviews list."
        )
        self.warning.setObjectName("codeWarning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #8a4b00")
        self.copy_button = QPushButton("&Copy code")
        self.copy_button.setObjectName("copyCode")
        self.copy_button.clicked.connect(self.copy)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.code)
        layout.addWidget(self.warning)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.invitation.code)
        self.copy_button.setText("Copied")
