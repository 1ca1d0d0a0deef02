"""Data-subject requests: a copy for a candidate, erasure, and the register with deadlines.

Recruiters may give a candidate a copy of their data; erasing and the register are
for administrators. Erasure asks for the candidate's number typed out, a folder for
the deletion certificate, then runs as a job and shows where the certificate went
and which exported copies someone must delete by hand.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from analysis.tasks import Task
from app.accounts import Permission
from app.compliance.access import export_candidate
from app.compliance.requests import DataRequest, RequestKind, RequestRegister, RequestStatus
from app.reports import hub
from app.reports.hub import CandidateChoice
from app.workspace import Session
from views.jobs import QtJobRunner
from views.reports.erase_dialog import ErasedDialog, EraseDialog
from views.reports.folder import FolderOffer
from views.reports.request_dialogs import AddRequestDialog, CloseRequestDialog
from views.reports.section import Section, fill, selected_key, tab_order, table
from views.screening.file_dialogs import FileChooser

HELP = (
    "Candidates may ask for a copy of their data, its correction or erasure, object to "
    "automated analysis or withdraw consent. Record each request here: Candor computes "
    "the legal deadline from the policy and the status bar shows overdue and due-soon "
    "ones. A copy for the candidate is one folder (or zip) with their data in JSON, the "
    "original files, the audit entries about them and a readable PDF."
)
FILTERS = (("Open", "open"), ("Overdue", "overdue"), ("All", "all"))
HEADERS = ("#", "Candidate", "Kind", "Received", "Due", "Status", "Note")


class RequestsSection(Section):
    title = "Data-subject requests"

    def __init__(
        self,
        session: Session,
        runner: QtJobRunner,
        chooser: FileChooser,
        offer: FolderOffer,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(session, runner, chooser, offer, HELP, parent)
        self.setObjectName("dataRequests")
        user = session.user
        self.can_erase = user.can(Permission.ERASE_CANDIDATES)
        self.can_register = user.can(Permission.MANAGE_COMPLIANCE)
        self.requests: list[DataRequest] = []
        self.dialog: QWidget | None = None

        # For one candidate: a copy, erasure.
        self.candidate_box = QComboBox()
        self.candidate_box.setObjectName("requestCandidate")
        self.candidate_box.setAccessibleName("Candidate")
        self.candidate_box.setMinimumContentsLength(16)
        self.candidate_box.currentIndexChanged.connect(lambda _i: self.refresh_buttons())
        self.as_zip = QCheckBox("As one &zip")
        self.copy_button = QPushButton("Export a &copy for the candidate…")
        self.copy_button.setObjectName("exportCopy")
        self.copy_button.clicked.connect(self.choose_copy)
        self.erase_button = QPushButton("&Erase…")
        self.erase_button.setObjectName("eraseCandidate")
        self.erase_button.clicked.connect(self.ask_erase)
        if not self.can_erase:
            self.erase_button.setToolTip("Administrators only: erasing cannot be undone.")
        candidate_row = QHBoxLayout()
        candidate_label = QLabel("Ca&ndidate:")
        candidate_label.setBuddy(self.candidate_box)
        candidate_row.addWidget(candidate_label)
        candidate_row.addWidget(self.candidate_box, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.copy_button)
        actions.addWidget(self.as_zip)
        actions.addStretch(1)
        actions.addWidget(self.erase_button)
        self.body.addLayout(candidate_row)
        self.body.addLayout(actions)

        # The register.
        self.register = QGroupBox("Register")
        self.filter_box = QComboBox()
        self.filter_box.setObjectName("requestFilter")
        self.filter_box.setAccessibleName("Show")
        for text, key in FILTERS:
            self.filter_box.addItem(text, key)
        self.filter_box.currentIndexChanged.connect(lambda _i: self.reload())
        self.table = table("Requests", HEADERS, stretch=len(HEADERS) - 1)
        self.table.itemSelectionChanged.connect(self.refresh_buttons)
        self.add_button = QPushButton("&Add request…")
        self.add_button.setObjectName("addRequest")
        self.add_button.clicked.connect(self.ask_add)
        self.close_button = QPushButton("C&lose request…")
        self.close_button.setObjectName("closeRequest")
        self.close_button.clicked.connect(self.ask_close)
        self.count = QLabel()
        tools = QHBoxLayout()
        show_label = QLabel("&Show:")
        show_label.setBuddy(self.filter_box)
        tools.addWidget(show_label)
        tools.addWidget(self.filter_box)
        tools.addWidget(self.count)
        tools.addStretch(1)
        tools.addWidget(self.add_button)
        tools.addWidget(self.close_button)
        inner = QVBoxLayout(self.register)
        inner.addLayout(tools)
        inner.addWidget(self.table, 1)
        if self.can_register:
            self.body.addWidget(self.register, 1)
        else:
            self.register.setParent(self)
            self.register.hide()
            note = QLabel(
                "The register of requests, erasure and deadlines are for administrators. "
                "You may give a candidate a copy of their data."
            )
            note.setObjectName("registerLocked")
            note.setWordWrap(True)
            self.body.addWidget(note)
            self.body.addStretch(1)
        tab_order(self.candidate_box, self.copy_button, self.as_zip, self.erase_button)
        if self.can_register:
            tab_order(
                self.erase_button, self.filter_box, self.add_button, self.close_button, self.table
            )
        self.refresh_buttons()

    # -- data -----------------------------------------------------------------------------

    def set_candidates(self, choices: Sequence[CandidateChoice], *, blind_names: bool) -> None:
        keep = self.candidate_box.currentData()
        self.candidate_box.clear()
        for choice in choices:
            self.candidate_box.addItem(choice.label(blind=blind_names), choice.id)
        index = self.candidate_box.findData(keep)
        self.candidate_box.setCurrentIndex(max(index, 0) if choices else -1)
        self.refresh_buttons()

    def candidate(self) -> int | None:
        chosen = self.candidate_box.currentData()
        return chosen if isinstance(chosen, int) else None

    def reload(self) -> None:
        if not self.can_register:
            return
        session, shown = self.session, str(self.filter_box.currentData())

        def work(task: Task) -> tuple[list[DataRequest], date]:
            register = RequestRegister(session)
            today = register.today()
            if shown == "all":
                return register.list(), today
            requests = register.list(status=RequestStatus.OPEN)
            if shown == "overdue":
                requests = [r for r in requests if r.overdue(today)]
            return requests, today

        self.load("List data-subject requests", work, self.show_requests)

    def show_requests(self, loaded: tuple[Sequence[DataRequest], date]) -> None:
        requests, today = loaded
        self.requests = list(requests)
        fill(
            self.table,
            [
                (
                    r.id,
                    f"#{r.candidate_id}",
                    r.kind.value,
                    r.received_on,
                    r.due_on + _due_note(r, today),
                    r.status.value + (f" by {r.closed_by}" if r.closed_by else ""),
                    r.note,
                )
                for r in requests
            ],
            [r.id for r in requests],
        )
        count = len(requests)
        self.count.setText(f"{count} request{'s' if count != 1 else ''}")
        self.refresh_buttons()

    def refresh_buttons(self) -> None:
        has = self.candidate() is not None and not self.busy
        self.copy_button.setEnabled(has)
        self.erase_button.setEnabled(has and self.can_erase)
        self.add_button.setEnabled(has and self.can_register)
        self.close_button.setEnabled(selected_key(self.table) is not None and not self.busy)

    # -- a copy for the candidate ----------------------------------------------------------

    def choose_copy(self) -> None:
        if self.candidate() is not None and not self.busy:
            self.ask_folder("Folder for the candidate's copy", self.export_copy)

    def export_copy(self, folder: Path) -> None:
        candidate_id = self.candidate()
        if candidate_id is None:
            return
        session, as_zip = self.session, self.as_zip.isChecked()
        self.start(
            f"Copy for candidate #{candidate_id}",
            lambda task: export_candidate(session, candidate_id, folder, as_zip=as_zip, task=task),
            lambda done: self.offer_folder(folder, [done.path]),
        )

    # -- erasure --------------------------------------------------------------------------

    def ask_erase(self) -> EraseDialog | None:
        candidate_id = self.candidate()
        if candidate_id is None or not self.can_erase or self.busy:
            return None
        open_erasures = [
            (r.id, f"Request #{r.id}: erasure received {r.received_on}")
            for r in self.requests
            if r.candidate_id == candidate_id
            and r.kind is RequestKind.ERASURE
            and r.status is RequestStatus.OPEN
        ]
        dialog = EraseDialog(candidate_id, open_erasures, self)
        dialog.confirmed.connect(self._erase_confirmed)
        dialog.open()
        self.dialog = dialog
        return dialog

    def _erase_confirmed(self, candidate_id: int, request_id: object) -> None:
        request = request_id if isinstance(request_id, int) else None
        self.ask_folder(
            "Folder for the deletion certificate",
            lambda folder: self.erase(candidate_id, request, folder),
        )

    def erase(self, candidate_id: int, request_id: int | None, folder: Path) -> None:
        session = self.session
        cancel = hub.cancel_other_jobs(self.runner.runner, self.job_group)
        self.start(
            f"Erase candidate #{candidate_id}",
            lambda task: hub.erase_with_certificate(
                session, candidate_id, folder, request_id=request_id, cancel_jobs=cancel, task=task
            ),
            lambda done: self._erased(candidate_id, done),
        )

    def _erased(self, candidate_id: int, done: hub.Erased) -> None:
        self.say(f"Candidate #{candidate_id} erased; certificate in {done.paths[0].parent}.")
        dialog = ErasedDialog(candidate_id, done.paths, done.copies, self)
        dialog.open()
        self.dialog = dialog
        self.changed.emit()

    # -- the register ---------------------------------------------------------------------

    def ask_add(self) -> None:
        candidate_id = self.candidate()
        if candidate_id is None or not self.can_register:
            return
        dialog = AddRequestDialog(candidate_id, self.candidate_box.currentText(), self)
        dialog.submitted.connect(self.add_request)
        dialog.open()
        self.dialog = dialog

    def add_request(self, candidate_id: int, kind: str, received: date, note: str) -> None:
        session = self.session
        self.start(
            "Add a data-subject request",
            lambda task: RequestRegister(session).add(
                candidate_id, RequestKind(kind), received_on=received, note=note
            ),
            lambda _request: self._registered(),
            quiet=True,
        )

    def ask_close(self) -> None:
        request_id = selected_key(self.table)
        if not isinstance(request_id, int):
            return
        dialog = CloseRequestDialog(request_id, self)
        dialog.submitted.connect(self.close_request)
        dialog.open()
        self.dialog = dialog

    def close_request(self, request_id: int, status: str, note: str) -> None:
        session = self.session
        self.start(
            "Close a data-subject request",
            lambda task: RequestRegister(session).close(request_id, RequestStatus(status), note),
            lambda _done: self._registered(),
            quiet=True,
        )

    def _registered(self) -> None:
        self.changed.emit()
        self.reload()


def _due_note(request: DataRequest, today: date) -> str:
    if request.status is not RequestStatus.OPEN:
        return ""
    left = request.days_left(today)
    if left < 0:
        return f" (overdue by {-left} day{'s' if left != -1 else ''})"
    return f" ({left} day{'s' if left != 1 else ''} left)"
