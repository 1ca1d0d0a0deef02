"""Exported files: every file Candor wrote outside its encryption, newest first.

Those copies are out of Candor's reach: an erasure names them in its certificate so
someone deletes them by hand. This list shows what, when, by whom and where, and
whether the file is still there.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QStackedWidget, QWidget

from analysis.tasks import Task
from app.compliance.inventory import ExportedFile, list_exports
from app.workspace import Session
from views.empty_state import EmptyState
from views.jobs import QtJobRunner
from views.reports.folder import FolderOffer
from views.reports.section import Section, fill, selected_key, table
from views.screening.file_dialogs import FileChooser

HELP = (
    "Every file Candor exported: reports, shortlists, audits and copies given to "
    "candidates. They are not encrypted, so keep them safe and delete them when no "
    "longer needed. When a candidate is erased, the deletion certificate lists the files "
    "here that hold their data."
)
HEADERS = ("Exported", "What", "Blind", "Candidates", "By", "Still there", "File")


class InventorySection(Section):
    title = "Exported files"

    def __init__(
        self,
        session: Session,
        runner: QtJobRunner,
        chooser: FileChooser,
        offer: FolderOffer,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(session, runner, chooser, offer, HELP, parent)
        self.setObjectName("exportedFiles")
        self.files: list[ExportedFile] = []
        self.table = table("Exported files", HEADERS, stretch=len(HEADERS) - 1)
        self.table.itemSelectionChanged.connect(self.refresh_buttons)
        self.empty = EmptyState(
            "Nothing exported yet",
            "Files Candor writes outside its encryption are listed here.",
            "Make a report, a shortlist or a copy for a candidate: each file appears here.",
        )
        self.empty.setObjectName("noExports")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        self.count = QLabel()
        self.reload_button = QPushButton("Re&load")
        self.reload_button.clicked.connect(self.reload)
        self.open_button = QPushButton("&Open folder")
        self.open_button.setToolTip("Open the folder holding the chosen file")
        self.open_button.clicked.connect(self.open_folder)
        row = QHBoxLayout()
        row.addWidget(self.count)
        row.addStretch(1)
        row.addWidget(self.reload_button)
        row.addWidget(self.open_button)
        self.body.addWidget(self.stack, 1)
        self.body.addLayout(row)
        self.refresh_buttons()

    def reload(self) -> None:
        session = self.session

        def work(task: Task) -> list[tuple[ExportedFile, bool]]:
            return [(f, Path(f.path).exists()) for f in list_exports(session)]

        self.load("List exported files", work, self.show_files)

    def show_files(self, files: Sequence[tuple[ExportedFile, bool]]) -> None:
        self.files = [f for f, _there in files]
        fill(
            self.table,
            [
                (
                    f.exported_at[:16].replace("T", " "),
                    f.kind.replace("_", " "),
                    "yes" if f.blind else "no",
                    _candidates(f.candidate_ids),
                    f.exported_by,
                    "yes" if there else "gone",
                    str(f.path),
                )
                for f, there in files
            ],
            [f.id for f, _there in files],
        )
        self.stack.setCurrentWidget(self.table if files else self.empty)
        self.count.setText(f"{len(files)} file{'s' if len(files) != 1 else ''}")
        self.refresh_buttons()

    def refresh_buttons(self) -> None:
        self.reload_button.setEnabled(not self.busy)
        self.open_button.setEnabled(selected_key(self.table) is not None)

    def open_folder(self) -> None:
        chosen = selected_key(self.table)
        match = next((f for f in self.files if f.id == chosen), None)
        if match is not None:
            self.offer.opener(Path(match.path).parent)


def _candidates(ids: Sequence[int]) -> str:
    if not ids:
        return "none"
    shown = ", ".join(f"#{i}" for i in ids[:6])
    return shown + (f" and {len(ids) - 6} more" if len(ids) > 6 else "")
