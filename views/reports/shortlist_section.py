"""Shortlists per role: the ranked candidates as PDF, CSV and JSON, blind or not."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QWidget,
)

from analysis.tasks import Task
from app.reports import hub
from app.screening.roles import RoleSummary
from app.workspace import Session
from views.empty_state import EmptyState
from views.jobs import QtJobRunner
from views.reports.folder import FolderOffer
from views.reports.section import Section, fill_roles, role_picker
from views.screening.file_dialogs import FileChooser

HELP = (
    "A role's candidates ranked by their screening score, each with the named parts of "
    "the score and the resume evidence behind them. The PDF is for reading, CSV for a "
    "spreadsheet, JSON (profiles in the JSON Resume schema) for other systems. Scores "
    "rank; they reject nobody."
)
FORMATS = (("pdf", "&PDF"), ("csv", "C&SV"), ("json", "&JSON"))


class ShortlistSection(Section):
    title = "Shortlists"

    def __init__(
        self,
        session: Session,
        runner: QtJobRunner,
        chooser: FileChooser,
        offer: FolderOffer,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(session, runner, chooser, offer, HELP, parent)
        self.setObjectName("shortlists")
        self.role_box = role_picker("shortlistRole", 28)
        self.formats = {key: QCheckBox(text) for key, text in FORMATS}
        for key in self.formats:
            self.formats[key].setObjectName(f"shortlist_{key}")
            self.formats[key].toggled.connect(lambda _on: self.refresh_buttons())
        self.blind = QCheckBox("&Blind variant")
        self.blind.setObjectName("shortlistBlind")
        self.blind.setToolTip("Leave names, contact details and graduation years out")
        self.blind.setChecked(True)
        self.export_button = QPushButton("&Export shortlist…")
        self.export_button.setObjectName("exportShortlist")
        self.export_button.clicked.connect(self.choose)
        self.formats["pdf"].setChecked(True)
        form = QFormLayout()
        role_label = QLabel("&Role:")
        role_label.setBuddy(self.role_box)
        form.addRow(role_label, self.role_box)
        kinds = QHBoxLayout()
        for box in self.formats.values():
            kinds.addWidget(box)
        kinds.addStretch(1)
        form.addRow("Formats:", kinds)
        form.addRow("", self.blind)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        self.form = QWidget()
        column = QFormLayout(self.form)
        column.setContentsMargins(0, 0, 0, 0)
        column.addRow(form)
        column.addRow(buttons)
        self.empty = EmptyState(
            "No roles yet",
            "A shortlist ranks the candidates of one role.",
            "Create a role on the Roles page (Ctrl+1) and import resumes for it.",
        )
        self.empty.setObjectName("noRoles")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.form)
        self.stack.addWidget(self.empty)
        self.body.addWidget(self.stack)
        self.body.addStretch(1)
        self.refresh_buttons()

    def set_roles(self, roles: Sequence[RoleSummary]) -> None:
        fill_roles(self.role_box, roles, lambda role: f"{role.title} (v{role.version})")
        self.stack.setCurrentWidget(self.form if roles else self.empty)
        self.refresh_buttons()

    def chosen_formats(self) -> list[str]:
        return [key for key, box in self.formats.items() if box.isChecked()]

    def refresh_buttons(self) -> None:
        ready = self.role_box.currentIndex() >= 0 and bool(self.chosen_formats())
        self.export_button.setEnabled(ready and not self.busy)

    def choose(self) -> None:
        if self.export_button.isEnabled():
            self.ask_folder("Folder for the shortlist", self.export_to)

    def export_to(self, folder: Path) -> None:
        role_id = self.role_box.currentData()
        if not isinstance(role_id, int):
            return
        kinds, blind, session = self.chosen_formats(), self.blind.isChecked(), self.session

        def work(task: Task) -> list[Path]:
            written = []
            for index, fmt in enumerate(kinds):
                task.check()
                task.progress(index / len(kinds), f"Writing {fmt.upper()}")
                written.append(hub.export_shortlist(session, role_id, folder, fmt, blind=blind))
            return written

        self.start("Export shortlist", work, lambda written: self.offer_folder(folder, written))
