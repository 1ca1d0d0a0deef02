"""Small pieces shared by the screening pages."""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QMessageBox, QPushButton, QWidget

from views.empty_state import EmptyState

PART_TITLES = {
    "must_haves": "Must-haves",
    "skills": "Preferred skills",
    "experience": "Experience",
    "education": "Education",
    "keywords": "Keywords",
}


def part_title(name: str) -> str:
    return PART_TITLES.get(name, name.replace("_", " ").capitalize())


def empty_state_with_buttons(
    title: str, text: str, how_to: str, buttons: list[QPushButton]
) -> EmptyState:
    """An `EmptyState` with the buttons that get the user out of it, centred below the text."""
    state = EmptyState(title, text, how_to)
    row = QHBoxLayout()
    row.addStretch(1)
    for button in buttons:
        row.addWidget(button)
    row.addStretch(1)
    layout = state.layout()
    assert layout is not None
    layout.insertLayout(2, row)  # type: ignore[attr-defined]
    return state


def file_slug(title: str, fallback: str = "role") -> str:
    """A safe file name stem from a role title ("Data Engineer (EU)" -> "data-engineer-eu")."""
    slug = re.sub(r"[^a-z0-9]+", "-", title.casefold()).strip("-")
    return slug[:60] or fallback


def confirm(
    parent: QWidget, title: str, text: str, yes_text: str, then: Callable[[], None]
) -> QMessageBox:
    """A non-blocking question; `then` runs only if the user picks `yes_text`."""
    box = QMessageBox(
        QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent
    )
    box.setObjectName("confirmBox")
    yes = box.addButton(yes_text, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def answered(button: object) -> None:
        if button is yes:
            then()

    box.buttonClicked.connect(answered)
    box.open()
    return box
