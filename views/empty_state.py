"""An empty page that says what will appear there and how to get it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget


class EmptyState(QWidget):
    def __init__(
        self, title: str, text: str, how_to: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.title_label = QLabel(title)
        self.title_label.setObjectName("emptyStateTitle")
        self.title_label.setStyleSheet("font-size: 18pt; font-weight: 600")
        self.text_label = QLabel(text)
        self.text_label.setObjectName("emptyStateText")
        self.how_to_label = QLabel(how_to)
        self.how_to_label.setObjectName("emptyStateHowTo")
        self.how_to_label.setStyleSheet("color: palette(placeholder-text)")
        self.how_to_label.setVisible(bool(how_to))
        # Labels fill a column of bounded width: word-wrapped labels added with an
        # alignment flag lose height-for-width and overlap.
        column = QWidget()
        column.setMaximumWidth(560)
        column_layout = QVBoxLayout(column)
        column_layout.setSpacing(12)
        for label in (self.title_label, self.text_label, self.how_to_label):
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            column_layout.addWidget(label)

        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(column, 4)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)


def roles_page() -> EmptyState:
    return EmptyState(
        "Roles",
        "No roles yet. A role describes an opening: its criteria (skills, experience, "
        "qualifications) with weights, and the interview questions candidates answer.",
        "Creating and editing roles arrives in a later version of Candor. Screening "
        "scores are sums of these criteria, each shown with its evidence.",
    )


def candidates_page() -> EmptyState:
    return EmptyState(
        "Candidates",
        "No candidates yet. Candidates appear here once their resumes are imported for a "
        "role: each with a screening score broken down by criterion, and the evidence.",
        "Import resumes (PDF or Word) from a role's page once roles are available. "
        "Review is blind by default: names and photos stay hidden.",
    )


def interviews_page() -> EmptyState:
    return EmptyState(
        "Interviews",
        "No interviews yet. Recorded interviews appear here with their transcript, "
        "answer assessments and recording checks, ready for review.",
        "Interviews are recorded on the kiosk (a kiosk account sees only the interview "
        "flow) and analysed in the background; progress shows in the Jobs panel.",
    )


def reports_page() -> EmptyState:
    return EmptyState(
        "Reports",
        "No reports yet. A report summarises a candidate's screening and interview: "
        "every score with its parts and evidence, and the decision a person made.",
        "Reports are built from reviewed candidates and can be exported as PDF. "
        "Candor recommends; a person decides.",
    )
