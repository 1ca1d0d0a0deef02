"""Small helpers shared by the Interviews page's panels."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel


def show_text(label: QLabel, text: str) -> None:
    """Set a message label, hiding it while empty (an empty label still takes a line)."""
    label.setText(text)
    label.setVisible(bool(text))
