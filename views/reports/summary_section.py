"""The workspace summary: policy, users, models and the audit log's state, as one PDF."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from app.reports import hub
from app.workspace import Session
from views.jobs import QtJobRunner
from views.reports.folder import FolderOffer
from views.reports.section import Section
from views.screening.file_dialogs import FileChooser

HELP = (
    "One PDF describing this workspace: the policy and the notice candidates see, how "
    "long each kind of data is kept, the user accounts, the analysis models with their "
    "checksums, and whether the audit log's hash chain is intact. It holds no candidate "
    "data beyond counts, so it can go to IT, a works council or an auditor."
)


class SummarySection(Section):
    title = "Workspace summary"

    def __init__(
        self,
        session: Session,
        runner: QtJobRunner,
        chooser: FileChooser,
        offer: FolderOffer,
        model_dir: Path,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(session, runner, chooser, offer, HELP, parent)
        self.setObjectName("workspaceSummary")
        self._model_dir = model_dir
        self.write_button = QPushButton("&Write summary…")
        self.write_button.setObjectName("writeSummary")
        self.write_button.clicked.connect(self.choose)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.write_button)
        self.body.addLayout(row)
        self.body.addStretch(1)

    def refresh_buttons(self) -> None:
        self.write_button.setEnabled(not self.busy)

    def choose(self) -> None:
        if not self.busy:
            self.ask_folder("Folder for the workspace summary", self.write_to)

    def write_to(self, folder: Path) -> None:
        session, models = self.session, self._model_dir
        self.start(
            "Workspace summary",
            lambda task: [hub.write_workspace_summary(session, models, folder)],
            lambda written: self.offer_folder(folder, written),
        )
