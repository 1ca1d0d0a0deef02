"""Small building blocks shared by the sign-in, first-run and user dialogs."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QWidget,
)

ERROR_STYLE = "color: #b00020"


def password_field(name: str, accessible: str) -> QLineEdit:
    field = QLineEdit()
    field.setObjectName(name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName(accessible)
    return field


def message_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_STYLE)
    return label


def busy_bar(name: str) -> QProgressBar:
    """An indeterminate bar shown while slow work (Argon2) runs in a job."""
    bar = QProgressBar()
    bar.setObjectName(name)
    bar.setRange(0, 0)
    bar.setTextVisible(False)
    bar.setMaximumHeight(8)
    bar.setVisible(False)
    return bar


def check_new_password(password: str, repeat: str) -> str:
    """An empty string when the pair is usable, else what to fix (the core checks the rest)."""
    if not password:
        return "Enter a password."
    if password != repeat:
        return "The two passwords differ. Type the same password twice."
    return ""


class FolderField(QWidget):
    """A path field with a Browse… button (the dialog opens only when clicked)."""

    changed = Signal()

    def __init__(self, name: str, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._caption = caption
        self.edit = QLineEdit()
        self.edit.setObjectName(name)
        self.edit.setAccessibleName(caption)
        self.edit.textChanged.connect(self.changed)
        self.browse = QPushButton("&Browse…")
        self.browse.clicked.connect(self._choose)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.browse)
        self.setFocusProxy(self.edit)

    def path(self) -> Path | None:
        text = self.edit.text().strip()
        return Path(text).expanduser() if text else None

    def set_path(self, path: Path | None) -> None:
        self.edit.setText(str(path) if path is not None else "")

    def _choose(self) -> None:
        start = str(self.path() or Path.home())
        chosen = QFileDialog.getExistingDirectory(self, self._caption, start)
        if chosen:
            self.set_path(Path(chosen))
