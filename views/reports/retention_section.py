"""Retention (administrators): what the policy's periods remove and why, Run now, legal holds.

The sweep itself runs by itself at sign-in and daily (`views.reports.daily`); here
an administrator sees the preview (held candidates are listed as skipped), runs the
sweep at once, and sets or releases a legal hold, which suspends the sweep for one
candidate and needs a reason.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from analysis.tasks import Task
from app.compliance import holds, retention
from app.compliance.holds import Hold
from app.compliance.retention import RetentionPlan, RetentionReport
from app.reports.hub import CandidateChoice
from app.workspace import Session
from views.jobs import QtJobRunner
from views.reports.folder import FolderOffer
from views.reports.section import Section, fill, selected_key, table
from views.screening.common import confirm
from views.screening.file_dialogs import FileChooser

HELP = (
    "The policy keeps each kind of data for a set number of days (the notice tells "
    "candidates the same periods). The sweep removes what has expired when an "
    "administrator signs in and once a day while Candor runs. A legal hold keeps one "
    "candidate's data regardless, until it is released; both are audit-logged."
)
PLAN_HEADERS = ("Candidate", "What goes", "Why", "Expired since")
HOLD_HEADERS = ("Candidate", "Reason", "Set by", "Since")


class RetentionSection(Section):
    title = "Retention"

    def __init__(
        self,
        session: Session,
        runner: QtJobRunner,
        chooser: FileChooser,
        offer: FolderOffer,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(session, runner, chooser, offer, HELP, parent)
        self.setObjectName("retention")
        self.plan: RetentionPlan | None = None
        self.dialog: QWidget | None = None
        self.plan_table = table("What the sweep removes", PLAN_HEADERS, stretch=2)
        self.periods = QLabel()
        self.periods.setObjectName("retentionPeriods")
        self.periods.setWordWrap(True)
        self.plan_count = QLabel()
        self.plan_count.setObjectName("planCount")
        self.plan_count.setWordWrap(True)
        self.run_button = QPushButton("&Run now")
        self.run_button.setObjectName("runSweep")
        self.run_button.clicked.connect(self.ask_run)
        self.plan_box = plan_box = QGroupBox("Preview")
        plan_tools = QHBoxLayout()
        plan_tools.addWidget(self.plan_count, 1)
        plan_tools.addWidget(self.run_button)
        plan_layout = QVBoxLayout(plan_box)
        plan_layout.addWidget(self.periods)
        plan_layout.addLayout(plan_tools)
        plan_layout.addWidget(self.plan_table, 1)
        plan_layout.addStretch(0)  # takes the room while the table is hidden

        self.holds_table = table("Legal holds", HOLD_HEADERS, stretch=1)
        self.holds_table.itemSelectionChanged.connect(self.refresh_buttons)
        self.hold_candidate = QComboBox()
        self.hold_candidate.setObjectName("holdCandidate")
        self.hold_candidate.setAccessibleName("Candidate to hold")
        self.hold_candidate.setMinimumContentsLength(18)
        self.hold_button = QPushButton("Set h&old…")
        self.hold_button.setObjectName("setHold")
        self.hold_button.clicked.connect(self.ask_hold)
        self.release_button = QPushButton("Re&lease hold")
        self.release_button.setObjectName("releaseHold")
        self.release_button.clicked.connect(self.release)
        holds_box = QGroupBox("Legal holds")
        hold_tools = QHBoxLayout()
        hold_tools.addWidget(self.hold_candidate, 1)
        hold_tools.addWidget(self.hold_button)
        hold_tools.addWidget(self.release_button)
        holds_layout = QVBoxLayout(holds_box)
        holds_layout.addLayout(hold_tools)
        holds_layout.addWidget(self.holds_table, 1)
        self.body.addWidget(plan_box, 3)
        self.body.addWidget(holds_box, 2)
        self.refresh_buttons()

    # -- data -----------------------------------------------------------------------------

    def set_candidates(self, choices: Sequence[CandidateChoice], *, blind_names: bool) -> None:
        self.hold_candidate.clear()
        for choice in choices:
            self.hold_candidate.addItem(choice.label(blind=blind_names), choice.id)
        self.refresh_buttons()

    def reload(self) -> None:
        session = self.session

        def work(task: Task) -> tuple[RetentionPlan, list[Hold]]:
            return retention.preview(session), holds.list_holds(session)

        self.load("Retention preview", work, self.show_plan)

    def show_plan(self, loaded: tuple[RetentionPlan, Sequence[Hold]]) -> None:
        plan, held = loaded
        self.plan = plan
        items, skipped = list(plan.items), list(plan.skipped)
        self.periods.setText(
            "Periods of this policy: "
            + "; ".join(
                f"{p.key.replace('_', ' ')} {p.days} days"
                + ("" if p.enforced else " (not enforced)")
                for p in plan.periods
            )
            + "."
        )
        fill(
            self.plan_table,
            [
                (f"#{i.candidate_id}", _what(i.what, i.count), i.reason, i.expired_since[:10])
                for i in items
            ]
            + [
                (f"#{i.candidate_id}", _what(i.what, i.count), "kept: on legal hold", "")
                for i in skipped
            ],
        )
        self.plan_count.setText(_plan_text(len(items), len(skipped)))
        self.plan_table.setVisible(bool(items or skipped))
        self.body.setStretchFactor(self.plan_box, 3 if items or skipped else 0)
        fill(
            self.holds_table,
            [(f"#{h.candidate_id}", h.reason, h.set_by, str(h.set_at)[:10]) for h in held],
            [h.candidate_id for h in held],
        )
        self.refresh_buttons()

    def refresh_buttons(self) -> None:
        idle = not self.busy
        self.run_button.setEnabled(idle and bool(self.plan is not None and self.plan.items))
        self.hold_button.setEnabled(idle and self.hold_candidate.currentIndex() >= 0)
        self.release_button.setEnabled(idle and selected_key(self.holds_table) is not None)

    # -- actions --------------------------------------------------------------------------

    def ask_run(self) -> None:
        if self.plan is None or not self.plan.items:
            return
        count = len(self.plan.items)
        self.dialog = confirm(
            self, "Run the retention sweep",
            f"Remove the {count} expired item{'s' if count != 1 else ''} listed now? "
            "This cannot be undone.",
            "&Remove now", self.run_sweep,
        )  # fmt: skip

    def run_sweep(self) -> None:
        session = self.session
        self.start(
            "Retention sweep",
            lambda task: retention.run_sweep(session, task=task),
            self._swept,
        )

    def ask_hold(self) -> None:
        candidate_id = self.hold_candidate.currentData()
        if not isinstance(candidate_id, int):
            return
        dialog = QInputDialog(self)
        dialog.setObjectName("holdReason")
        dialog.setWindowTitle(f"Legal hold for candidate #{candidate_id}")
        dialog.setLabelText("Reason (a case or matter reference; no candidate data):")
        dialog.setTextEchoMode(QLineEdit.EchoMode.Normal)
        dialog.textValueSelected.connect(lambda reason: self.hold(candidate_id, reason))
        dialog.open()
        self.dialog = dialog

    def hold(self, candidate_id: int, reason: str) -> None:
        session = self.session
        self.start(
            "Set a legal hold",
            lambda task: holds.set_hold(session, candidate_id, reason.strip()),
            lambda _done: self._changed(f"Candidate #{candidate_id} is on legal hold."),
            quiet=True,
        )

    def release(self) -> None:
        candidate_id = selected_key(self.holds_table)
        if not isinstance(candidate_id, int):
            return
        session = self.session
        self.start(
            "Release a legal hold",
            lambda task: holds.release_hold(session, candidate_id),
            lambda _done: self._changed(f"The hold on candidate #{candidate_id} is released."),
            quiet=True,
        )

    def _swept(self, report: RetentionReport) -> None:
        self._changed(sweep_text(report))
        self.changed.emit()  # candidates may be gone: the other sections read again

    def _changed(self, text: str) -> None:
        self.say(text)
        self.reload()


def _plan_text(going: int, held: int) -> str:
    kept = f"{held} kept by a legal hold" if held else ""
    if going:
        return f"{going} item{'s' if going != 1 else ''} will go" + (f"; {kept}." if kept else ".")
    if held:
        return f"Nothing else has expired; {kept}."
    return "Nothing has expired: the sweep would remove nothing today."


def _what(what: str, count: int) -> str:
    return what if count <= 1 else f"{what} ({count})"


def sweep_text(report: RetentionReport) -> str:
    """What a sweep did, in one sentence (also the status of the daily sweep)."""
    done = [
        (report.candidates_erased, "candidate erased", "candidates erased"),
        (report.recordings_deleted, "recording deleted", "recordings deleted"),
        (report.analysis_runs_deleted, "analysis deleted", "analyses deleted"),
        (report.files_removed, "file removed", "files removed"),
    ]
    parts = [f"{n} {one if n == 1 else many}" for n, one, many in done if n]
    text = "Retention sweep: " + (", ".join(parts) if parts else "nothing had expired") + "."
    if report.held_skipped:
        text += f" {len(report.held_skipped)} on legal hold kept."
    if report.failed:
        text += f" {len(report.failed)} could not be removed; the next sweep tries again."
    return text
