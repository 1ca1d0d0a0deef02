"""File and folder choosers that never block: the choice arrives in a callback.

Pages take a `FileChooser` in their constructor; tests pass one that answers at
once with prepared paths, so no dialog (and no nested event loop) is involved.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QWidget

Chosen = Callable[[list[Path]], None]

RESUME_FILTER = "Resumes (*.pdf *.docx *.odt *.txt);;All files (*)"
YAML_FILTER = "Role criteria (*.yaml *.yml);;All files (*)"


class FileChooser:
    """Opens Qt file dialogs window-modally (`open()`); `chosen` gets the paths, if any."""

    def open_files(self, parent: QWidget, caption: str, name_filter: str, chosen: Chosen) -> None:
        self._show(parent, caption, name_filter, QFileDialog.FileMode.ExistingFiles, chosen)

    def open_file(self, parent: QWidget, caption: str, name_filter: str, chosen: Chosen) -> None:
        self._show(parent, caption, name_filter, QFileDialog.FileMode.ExistingFile, chosen)

    def open_folder(self, parent: QWidget, caption: str, chosen: Chosen) -> None:
        self._show(parent, caption, "", QFileDialog.FileMode.Directory, chosen)

    def save_file(
        self, parent: QWidget, caption: str, name_filter: str, suggested: str, chosen: Chosen
    ) -> None:
        self._show(
            parent, caption, name_filter, QFileDialog.FileMode.AnyFile, chosen, suggested=suggested
        )

    def _show(
        self,
        parent: QWidget,
        caption: str,
        name_filter: str,
        mode: QFileDialog.FileMode,
        chosen: Chosen,
        *,
        suggested: str = "",
    ) -> None:
        dialog = QFileDialog(parent, caption)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setFileMode(mode)
        if mode == QFileDialog.FileMode.Directory:
            dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        if name_filter:
            dialog.setNameFilter(name_filter)
        if suggested:
            dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
            dialog.selectFile(suggested)
        dialog.filesSelected.connect(lambda files: chosen([Path(f) for f in files]))
        dialog.open()
