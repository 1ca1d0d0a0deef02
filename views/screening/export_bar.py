"""Export buttons for a role's ranked candidates: CSV, JSON, shortlist PDF, blind or not.

The file name is chosen through the page's `FileChooser`; the export itself
(reading every candidate, writing the file) runs as a job.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QWidget

from app.screening import exports
from app.workspace import Session
from views.jobs import QtJobRunner
from views.screening.blind import BlindMode
from views.screening.common import file_slug
from views.screening.file_dialogs import FileChooser

EXPORTS: dict[str, tuple[str, str, Callable[..., Path]]] = {
    "csv": ("CSV", "CSV files (*.csv)", exports.export_csv),
    "json": ("JSON", "JSON files (*.json)", exports.export_json),
    "pdf": ("Shortlist PDF", "PDF files (*.pdf)", exports.export_shortlist_pdf),
}

#: The role to export: (role id, role title), or None when there is none.
CurrentRole = Callable[[], tuple[int, str] | None]


class ExportBar(QWidget):
    """`exported(Path)` when a file is written; `failed(BaseException)` when not."""

    exported = Signal(object)
    failed = Signal(object)

    def __init__(
        self,
        session: Session,
        runner: QtJobRunner,
        chooser: FileChooser,
        blind: BlindMode,
        current_role: CurrentRole,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._runner = runner
        self._chooser = chooser
        self._blind = blind
        self._current_role = current_role
        self.buttons = {key: QPushButton(f"{label}…") for key, (label, _f, _w) in EXPORTS.items()}
        for key, button in self.buttons.items():
            button.setToolTip(f"Export the ranked candidates as {EXPORTS[key][0]}")
            button.clicked.connect(lambda _=False, k=key: self.choose(k))
        self.blind_export = QCheckBox("Blind export")
        self.blind_export.setToolTip("Leave names, contact details and graduation years out")
        self.blind_export.setChecked(True)
        self.blind_export.setEnabled(not blind.forced)
        blind.changed.connect(self._blind_changed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("Export:"))
        for button in self.buttons.values():
            layout.addWidget(button)
        layout.addWidget(self.blind_export)

    def set_available(self, available: bool) -> None:
        for button in self.buttons.values():
            button.setEnabled(available)

    def is_blind(self) -> bool:
        return self.blind_export.isChecked() or self._blind.forced

    def _blind_changed(self, on: bool) -> None:
        if not self._blind.forced:
            self.blind_export.setChecked(on)  # follow the screen unless chosen otherwise

    def choose(self, kind: str) -> None:
        role = self._current_role()
        if role is None:
            return
        role_id, title = role
        label, name_filter, _write = EXPORTS[kind]
        stem = file_slug(title, "candidates") + ("-blind" if self.is_blind() else "")
        self._chooser.save_file(
            self, f"Export {label}", name_filter, f"{stem}.{kind}",
            lambda paths: self.export_to(kind, role_id, paths[0]),
        )  # fmt: skip

    def export_to(self, kind: str, role_id: int, path: Path) -> None:
        label, _filter, write = EXPORTS[kind]
        blind = self.is_blind()
        session = self._session
        self._runner.submit(
            f"Export {label}",
            lambda task: write(session, role_id, path, blind=blind),
            on_done=self.exported.emit,
            on_error=self.failed.emit,
        )
