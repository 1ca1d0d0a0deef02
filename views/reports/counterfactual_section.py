"""The counterfactual check (administrators): re-score a role's resumes with protected
details swapped (names, gendered words, age markers, addresses, career breaks) and list
every score that moved, with its cause. The expectation is none."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from analysis.models import ModelRegistry
from app.fairness.counterfactual import CounterfactualReport, check_role
from app.screening.roles import RoleSummary
from app.workspace import Session
from views.jobs import QtJobRunner
from views.reports.folder import FolderOffer
from views.reports.section import Section, fill, fill_roles, role_picker, table
from views.screening.file_dialogs import FileChooser

HELP = (
    "Candor scores resumes only on skills, experience, education and keywords. This "
    "check proves it for one role: each candidate's stored resume is scored again with "
    "another name, gendered words and pronouns flipped, younger age markers, another "
    "address and a career break added. Any score that moves is listed with its cause. "
    "Candidates who asked for human-only review are skipped."
)
HEADERS = ("Candidate", "Swap", "Score before", "Score after", "Cause")


class CounterfactualSection(Section):
    title = "Counterfactual check"

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
        self.setObjectName("counterfactualCheck")
        self._model_dir = model_dir
        self.report: CounterfactualReport | None = None
        self.role_box = role_picker("checkRole", 24)
        self.check_button = QPushButton("Run chec&k")
        self.check_button.setObjectName("runCheck")
        self.check_button.clicked.connect(self.run_check)
        self.verdict = QLabel("Choose a role and run the check.")
        self.verdict.setObjectName("checkVerdict")
        self.verdict.setWordWrap(True)
        self.table = table("Score changes", HEADERS, stretch=len(HEADERS) - 1)
        self.table.setVisible(False)
        row = QHBoxLayout()
        role_label = QLabel("&Role:")
        role_label.setBuddy(self.role_box)
        row.addWidget(role_label)
        row.addWidget(self.role_box, 1)
        row.addWidget(self.check_button)
        self.body.addLayout(row)
        self.body.addWidget(self.verdict)
        self.body.addWidget(self.table, 1)
        self.body.addStretch(0)
        self.refresh_buttons()

    def set_roles(self, roles: Sequence[RoleSummary]) -> None:
        fill_roles(self.role_box, roles, lambda role: role.title)
        self.refresh_buttons()

    def refresh_buttons(self) -> None:
        self.check_button.setEnabled(self.role_box.currentIndex() >= 0 and not self.busy)

    def run_check(self) -> None:
        role_id = self.role_box.currentData()
        if not isinstance(role_id, int):
            return
        session, registry = self.session, ModelRegistry(self._model_dir)
        self.start(
            "Counterfactual check",
            lambda task: check_role(session, role_id, task, registry=registry),
            self.show_report,
        )

    def show_report(self, report: CounterfactualReport) -> None:
        self.report = report
        kinds = ", ".join(f"{kind.replace('_', ' ')} {n}" for kind, n in report.by_kind)
        verdict = (
            "No score changed."
            if not report.changes
            else f"{len(report.changes)} swap{'s' if len(report.changes) != 1 else ''} "
            "changed a score: read the causes below."
        )
        text = (
            f"{report.candidates} candidate{'s' if report.candidates != 1 else ''} checked "
            f"against criteria version {report.criteria_version}, {report.swaps} re-scorings"
            + (f" ({kinds})" if kinds else "")
            + f". {verdict}"
        )
        if report.skipped_human_only:
            text += f" {report.skipped_human_only} asked for human-only review: skipped."
        self.verdict.setText(text)
        fill(
            self.table,
            [
                (
                    f"#{c.candidate_id}",
                    c.swap,
                    f"{c.score_before:.2f}",
                    f"{c.score_after:.2f}",
                    "; ".join(c.causes),
                )
                for c in report.changes
            ],
        )
        self.table.setVisible(bool(report.changes))
