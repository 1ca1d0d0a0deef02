"""A reviewer's rating of an answer, and a recruiter's decision about the candidate.

Both are a person's acts, saved through `session.decisions` (which audit-logs them).
The page only records them; Candor's analysis never decides.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

BANNER = "Candor recommends; a person decides. Decisions are recorded in the audit log."
OUTCOMES = (("advance", "Advance"), ("hold", "Hold"), ("decline", "Decline"))
STAR_ON, STAR_OFF = "★", "☆"


class RatingBox(QGroupBox):
    """1-5 stars (buttons) and a comment on the current answer.

    `save_requested(stars, comment)` on Save.
    """

    save_requested = Signal(int, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Your rating of this answer", parent)
        self.setObjectName("ratingBox")
        self.stars = 0
        self.star_buttons: list[QPushButton] = []
        row = QHBoxLayout()
        for value in range(1, 6):
            button = QPushButton(STAR_OFF)
            button.setObjectName(f"star{value}")
            button.setAccessibleName(f"{value} of 5 stars")
            button.setToolTip(f"{value} of 5")
            button.setFlat(True)
            button.setStyleSheet("font-size: 16pt; padding: 0 2px")
            button.clicked.connect(lambda _=False, v=value: self.set_stars(v))
            self.star_buttons.append(button)
            row.addWidget(button)
        row.addStretch(1)
        self.comment = QLineEdit()
        self.comment.setObjectName("ratingComment")
        self.comment.setPlaceholderText("Comment (optional)")
        self.save_button = QPushButton("Save rating")
        self.save_button.setObjectName("saveRating")
        self.save_button.clicked.connect(
            lambda: self.save_requested.emit(self.stars, self.comment.text().strip())
        )
        self.status = QLabel()
        self.status.setObjectName("ratingStatus")
        self.status.setWordWrap(True)
        row.addWidget(self.comment, 3)
        row.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.status)
        self.set_stars(0)

    def set_stars(self, stars: int) -> None:
        self.stars = stars
        for value, button in enumerate(self.star_buttons, start=1):
            button.setText(STAR_ON if value <= stars else STAR_OFF)
        self.save_button.setEnabled(stars > 0)

    def show_rating(self, stars: int, comment: str, note: str) -> None:
        self.set_stars(stars)
        self.comment.setText(comment)
        self.status.setText(note)


class DecisionBox(QGroupBox):
    """Advance / hold / decline with a reason; Save waits for both.

    `save_requested(outcome, reason)` on Save.
    """

    save_requested = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Decision", parent)
        self.setObjectName("decisionBox")
        self.banner = QLabel(BANNER)
        self.banner.setObjectName("decisionBanner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("font-weight: 600; color: #6b4d00")
        self.current = QLabel("No decision recorded yet.")
        self.current.setObjectName("currentDecision")
        self.current.setWordWrap(True)
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        row = QHBoxLayout()
        for value, label in OUTCOMES:
            button = QRadioButton(label)
            button.setObjectName(f"decide_{value}")
            self.group.addButton(button)
            self.buttons[value] = button
            row.addWidget(button)
            button.toggled.connect(lambda _on: self._refresh())
        row.addStretch(1)
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("decisionReason")
        self.reason.setPlaceholderText("Reason (required): what in the evidence led you here")
        self.reason.setMaximumHeight(60)
        self.reason.textChanged.connect(self._refresh)
        self.save_button = QPushButton("Record decision")
        self.save_button.setObjectName("saveDecision")
        self.save_button.clicked.connect(self._save)
        self.status = QLabel()
        self.status.setObjectName("decisionStatus")
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.current)
        layout.addLayout(row)
        layout.addWidget(self.reason)
        layout.addWidget(self.save_button)
        layout.addWidget(self.status)
        self._refresh()

    def outcome(self) -> str:
        return next((v for v, b in self.buttons.items() if b.isChecked()), "")

    def _refresh(self) -> None:
        self.save_button.setEnabled(bool(self.outcome() and self.reason.toPlainText().strip()))

    def _save(self) -> None:
        reason = self.reason.toPlainText().strip()
        if self.outcome() and reason:
            self.save_requested.emit(self.outcome(), reason)

    def show_current(self, text: str) -> None:
        self.current.setText(text)

    def clear_form(self) -> None:
        self.reason.clear()
        self.group.setExclusive(False)
        for button in self.buttons.values():
            button.setChecked(False)
        self.group.setExclusive(True)
        self._refresh()
