"""Interview reports: pick analysed candidates and write one PDF report for each."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QWidget,
)

from app.reports import hub
from app.reports.hub import CandidateChoice
from app.workspace import Session
from views.empty_state import EmptyState
from views.jobs import QtJobRunner
from views.reports.folder import FolderOffer
from views.reports.section import Section
from views.screening.file_dialogs import FileChooser

HELP = (
    "One PDF per candidate: the screening of their resume and each interview answer with "
    "its scored parts, transcript and recording checks, and the models that produced them. "
    "The blind variant names the candidate only by number and hides contact details and "
    "pictures."
)


class InterviewReportsSection(Section):
    title = "Interview reports"

    def __init__(
        self,
        session: Session,
        runner: QtJobRunner,
        chooser: FileChooser,
        offer: FolderOffer,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(session, runner, chooser, offer, HELP, parent)
        self.setObjectName("interviewReports")
        self._blind_names = True
        self._choices: list[CandidateChoice] = []
        self.candidates = QListWidget()
        self.candidates.setObjectName("reportCandidates")
        self.candidates.setAccessibleName("Candidates with an interview analysis")
        self.candidates.itemChanged.connect(lambda _item: self.refresh_buttons())
        self.empty = EmptyState(
            "No analysed interviews yet",
            "Reports are made for candidates whose recorded interview has been analysed.",
            "Record an interview on the kiosk (File → Start kiosk…); the analysis runs in "
            "the background and the candidate appears here when it is complete.",
        )
        self.empty.setObjectName("noAnalysedCandidates")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.candidates)
        self.stack.addWidget(self.empty)
        self.all_button = QPushButton("Select &all")
        self.all_button.clicked.connect(lambda: self._check_all(True))
        self.none_button = QPushButton("Select &none")
        self.none_button.clicked.connect(lambda: self._check_all(False))
        self.blind = QCheckBox("&Blind variant")
        self.blind.setObjectName("reportsBlind")
        self.blind.setToolTip("Name candidates by number only; hide contact details and pictures")
        self.blind.setChecked(True)
        self.make_button = QPushButton("&Make reports…")
        self.make_button.setObjectName("makeReports")
        self.make_button.setToolTip("Choose a folder for one PDF per ticked candidate")
        self.make_button.clicked.connect(self.choose)
        row = QHBoxLayout()
        for widget in (self.all_button, self.none_button):
            row.addWidget(widget)
        row.addStretch(1)
        row.addWidget(self.blind)
        row.addWidget(self.make_button)
        self.body.addWidget(self.stack, 1)
        self.body.addLayout(row)
        self.refresh_buttons()

    def set_candidates(self, choices: Sequence[CandidateChoice], *, blind_names: bool) -> None:
        """Show the analysed candidates (names hidden while blind review is on)."""
        ticked = set(self.ticked())
        self._choices = [c for c in choices if c.analysed]
        self._blind_names = blind_names
        self.candidates.blockSignals(True)
        self.candidates.clear()
        for choice in self._choices:
            item = QListWidgetItem(choice.label(blind=blind_names))
            item.setData(Qt.ItemDataRole.UserRole, choice.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = choice.id in ticked
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.candidates.addItem(item)
        self.candidates.blockSignals(False)
        self.stack.setCurrentWidget(self.candidates if self._choices else self.empty)
        self.refresh_buttons()

    def ticked(self) -> list[int]:
        return [
            int(self.candidates.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.candidates.count())
            if self.candidates.item(i).checkState() == Qt.CheckState.Checked
        ]

    def _check_all(self, on: bool) -> None:
        state = Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        for i in range(self.candidates.count()):
            self.candidates.item(i).setCheckState(state)

    def refresh_buttons(self) -> None:
        has = bool(self._choices)
        self.all_button.setEnabled(has)
        self.none_button.setEnabled(has)
        self.make_button.setEnabled(bool(self.ticked()) and not self.busy)

    def choose(self) -> None:
        if self.ticked() and not self.busy:
            self.ask_folder("Folder for the interview reports", self.make_reports)

    def make_reports(self, folder: Path) -> None:
        ids, blind, session = self.ticked(), self.blind.isChecked(), self.session
        count = len(ids)
        self.start(
            f"Interview report{'s' if count != 1 else ''} ({count})",
            lambda task: hub.write_candidate_reports(session, ids, folder, blind=blind, task=task),
            lambda written: self.offer_folder(folder, written),
        )
