"""After an export: say where the files went and offer to open that folder.

The opener is a seam (`FolderOffer.opener`) so tests never start a file manager.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

Opener = Callable[[Path], object]


def open_in_file_manager(folder: Path) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


class FolderOffer:
    """Shows a non-modal box "Wrote …" with Open folder / Close; `last` is the latest box."""

    def __init__(self, opener: Opener = open_in_file_manager) -> None:
        self.opener = opener
        self.last: QMessageBox | None = None

    def offer(self, parent: QWidget, folder: Path, text: str) -> QMessageBox:
        box = QMessageBox(
            QMessageBox.Icon.Information, "Export finished", text,
            QMessageBox.StandardButton.NoButton, parent,
        )  # fmt: skip
        box.setObjectName("folderOffer")
        box.setInformativeText(
            "These files are outside Candor's encryption. Keep them safe and delete them "
            "when they are no longer needed; Candor lists them under Exported files."
        )
        open_button = box.addButton("&Open folder", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Close)
        box.setDefaultButton(open_button)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def answered(button: object) -> None:
            if button is open_button:
                self.opener(folder)

        box.buttonClicked.connect(answered)
        box.open()
        self.last = box
        return box
