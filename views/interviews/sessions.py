"""The interviews list: invitations and recorded interviews, with invite, reissue,
revoke, and playing the answers.

Candidates appear as "Candidate #id" here (reading names is audit-logged, and
this list is for status, not identity); the invite dialog shows names, because
choosing whom to invite needs them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from analysis.errors import CandorError
from analysis.tasks import Task
from app.accounts import Permission, Role
from app.interviews import (
    AnswerTake,
    InterviewStatus,
    InterviewSummary,
    Invitation,
    QuestionSet,
    TakeStatus,
)
from app.workspace import Session
from views.empty_state import EmptyState
from views.forms import message_label
from views.interviews.common import show_text
from views.interviews.invite_dialog import CodeDialog, InviteChoice, InviteDialog
from views.jobs import QtJobRunner
from views.playback import PlaybackItem, PlaybackWindow
from views.playback.player import clock_text
from views.screening.common import confirm

T = TypeVar("T")
COLUMNS = ("Interview", "Candidate", "Question set", "Status", "Answered", "Created", "Expires")
STATUS_TEXT = {
    InterviewStatus.INVITED: "Invited",
    InterviewStatus.IN_PROGRESS: "In progress",
    InterviewStatus.COMPLETED: "Completed",
    InterviewStatus.DECLINED: "Declined",
    InterviewStatus.EXPIRED: "Expired or revoked",
}
NOTE_STYLE = "color: #1d6b33"
REASON_TEXT = {
    "time_limit": "stopped at the time limit",
    "interrupted": "interrupted (Candor closed)",
    "stopped_early": "stopped early",
    "camera_lost": "the camera was lost",
    "microphone_lost": "the microphone was lost",
}


@dataclass(frozen=True)
class _Playable:
    summary: InterviewSummary
    items: list[PlaybackItem]


def _when(stamp: str | None) -> str:
    return stamp[:16].replace("T", " ") if stamp else ""


class SessionsPanel(QWidget):
    """`dialog_opened(QWidget)` for each dialog or window it opens (tests answer them);
    `invited(Invitation)` after an invitation or a reissued code."""

    dialog_opened = Signal(QWidget)
    invited = Signal(object)

    def __init__(
        self, session: Session, runner: QtJobRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("sessionsPanel")
        self._session = session
        self._interviews = session.interviews
        self._runner = runner
        user = session.user
        self._can_manage = user.can(Permission.MANAGE_INTERVIEWS)
        self._can_play = user.role is not Role.KIOSK and user.can(Permission.READ_CANDIDATES)
        self.summaries: list[InterviewSummary] = []
        self._set_names: dict[int, str] = {}
        self.windows: list[PlaybackWindow] = []

        self.invite_button = QPushButton("&Invite…")
        self.invite_button.setObjectName("inviteButton")
        self.invite_button.setToolTip("Create an interview and its one-time login code")
        self.invite_button.clicked.connect(self.start_invite)
        self.reissue_button = QPushButton("&Reissue code")
        self.reissue_button.setToolTip("A new login code; the old one stops working")
        self.reissue_button.clicked.connect(self.confirm_reissue)
        self.revoke_button = QPushButton("Re&voke")
        self.revoke_button.setToolTip("Cancel an unused invitation")
        self.revoke_button.clicked.connect(self.confirm_revoke)
        self.play_button = QPushButton("&Play answers")
        self.play_button.setObjectName("playAnswers")
        self.play_button.clicked.connect(self.play_selected)
        self.analysis_button = QPushButton("View &analysis")
        self.analysis_button.setObjectName("viewAnalysis")
        self.analysis_button.setToolTip("The candidate's interview analysis, ratings and decision")
        self.analysis_button.clicked.connect(self.open_analysis)
        self.refresh_button = QPushButton("Refresh")
        self.refresh_button.clicked.connect(lambda: self.refresh())

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("sessionsTable")
        self.table.setAccessibleName("Interviews")
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        for column in range(len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._refresh_buttons)
        self.table.doubleClicked.connect(lambda _index: self.play_selected())
        self.message = message_label("sessionsMessage")
        self.note = QLabel()
        self.note.setObjectName("sessionsNote")
        self.note.setWordWrap(True)
        self.note.setStyleSheet(NOTE_STYLE)
        self.empty = EmptyState(
            "No interviews yet",
            "Invite a candidate: Candor creates the interview and a one-time login code "
            "that the candidate types on the interview kiosk.",
            "Recorded answers appear here, ready to play question by question."
            if self._can_play
            else "",
        )
        self.empty.setObjectName("sessionsEmpty")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)

        tools = QHBoxLayout()
        for button in (self.invite_button, self.reissue_button, self.revoke_button):
            tools.addWidget(button)
        tools.addStretch(1)
        tools.addWidget(self.play_button)
        tools.addWidget(self.analysis_button)
        tools.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(tools)
        layout.addWidget(self.message)
        layout.addWidget(self.note)
        layout.addWidget(self.stack, 1)
        self.invite_button.setVisible(self._can_manage)
        self.reissue_button.setVisible(self._can_manage)
        self.revoke_button.setVisible(self._can_manage)
        self.play_button.setVisible(self._can_play)
        self.analysis_button.setVisible(self._can_play)
        show_text(self.message, "")
        show_text(self.note, "")
        self._refresh_buttons()
        self.refresh()

    # -- helpers ----------------------------------------------------------------------------

    def _run(
        self,
        title: str,
        work: Callable[[], T],
        on_done: Callable[[T], None],
        group: str | None = None,
    ) -> None:
        def job(task: Task) -> T:
            task.check()
            return work()

        self._runner.submit(title, job, on_done=on_done, on_error=self._show_error, group=group)

    def _show_error(self, error: BaseException) -> None:
        if isinstance(error, CandorError):
            show_text(self.note, "")
            show_text(self.message, error.message + (f"\n{error.hint}" if error.hint else ""))
        else:
            self._runner.report_error(error)

    def _say(self, text: str) -> None:
        show_text(self.message, "")
        show_text(self.note, text)

    def selected(self) -> InterviewSummary | None:
        rows = self.table.selectionModel().selectedRows()
        return self.summaries[rows[0].row()] if rows and self.summaries else None

    def select_interview(self, interview_id: int) -> None:
        for row, summary in enumerate(self.summaries):
            if summary.id == interview_id:
                self.table.selectRow(row)
                return

    def _refresh_buttons(self) -> None:
        chosen = self.selected()
        status = chosen.status if chosen is not None else None
        self.reissue_button.setEnabled(
            self._can_manage
            and chosen is not None
            and (
                status in (InterviewStatus.INVITED, InterviewStatus.IN_PROGRESS)
                or (status is InterviewStatus.EXPIRED and chosen.started_at is None)
            )
        )
        self.revoke_button.setEnabled(self._can_manage and status is InterviewStatus.INVITED)
        self.play_button.setEnabled(self._can_play and chosen is not None and chosen.answered > 0)
        self.analysis_button.setEnabled(self.play_button.isEnabled())

    # -- list -------------------------------------------------------------------------------

    def refresh(self, select: int | None = None) -> None:
        interviews = self._interviews
        repo = interviews.question_sets

        def work() -> tuple[list[InterviewSummary], dict[int, str]]:
            return interviews.sessions(), {s.id: s.name for s in repo.list()}

        self._run(
            "Load interviews",
            work,
            lambda loaded: self._show(*loaded, select=select),
            group="interviews:sessions",
        )

    def _show(
        self, summaries: list[InterviewSummary], set_names: dict[int, str], *, select: int | None
    ) -> None:
        keep = select if select is not None else getattr(self.selected(), "id", None)
        self.summaries = list(reversed(summaries))  # newest first
        self._set_names = set_names
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.summaries))
        for row, s in enumerate(self.summaries):
            cells = (
                f"#{s.id}",
                f"Candidate #{s.candidate_id}",
                set_names.get(s.question_set_id, f"Set #{s.question_set_id}"),
                STATUS_TEXT.get(s.status, s.status.value),
                f"{s.answered} of {s.questions}",
                _when(s.created_at),
                _when(s.expires_at) if s.status is InterviewStatus.INVITED else "",
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, s.id)
                self.table.setItem(row, column, item)
        self.table.clearSelection()
        self.table.blockSignals(False)
        if keep is not None:
            self.select_interview(keep)
        self.stack.setCurrentWidget(self.table if self.summaries else self.empty)
        self._refresh_buttons()

    # -- invite -------------------------------------------------------------------------------

    def start_invite(self) -> None:
        """Load the candidates and question sets, then open the invite dialog."""
        session = self._session

        def work() -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
            # Each name read is audit-logged: fine for a picker of modest size.
            people = [(c, session.candidates.get(c).display_name) for c in session.candidates.ids()]
            sets = [
                (s.id, f"{s.name} ({s.questions} questions)")
                for s in session.interviews.question_sets.list()
                if s.questions > 0
            ]
            return [(c, f"#{c} — {name}") for c, name in people], sets

        self._run("Prepare an invitation", work, lambda lists: self._open_invite(*lists))

    def _open_invite(
        self, candidates: list[tuple[int, str]], question_sets: list[tuple[int, str]]
    ) -> None:
        dialog = InviteDialog(candidates, question_sets, self)
        names = dict(candidates)
        dialog.accepted.connect(lambda: self._invite(dialog.choice(), names))
        dialog.open()
        self.dialog_opened.emit(dialog)

    def _invite(self, choice: InviteChoice, names: dict[int, str]) -> None:
        interviews = self._interviews

        def work() -> Invitation:
            return interviews.invite(
                choice.candidate_id,
                choice.question_set_id,
                valid_days=choice.valid_days,
                extra_time_s=choice.extra_time_s,
            )

        who = names.get(choice.candidate_id, f"candidate #{choice.candidate_id}")
        self._run("Invite a candidate", work, lambda inv: self._show_code(inv, who))

    def _show_code(self, invitation: Invitation, who: str) -> None:
        self._say(f"Interview #{invitation.session_id} created.")
        dialog = CodeDialog(invitation, who, self)
        dialog.open()
        self.dialog_opened.emit(dialog)
        self.invited.emit(invitation)
        self.refresh(select=invitation.session_id)

    def confirm_reissue(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        interviews, interview_id = self._interviews, chosen.id

        def reissue() -> None:
            self._run(
                "Reissue a login code",
                lambda: interviews.reissue_code(interview_id),
                lambda inv: self._show_code(inv, f"candidate #{chosen.candidate_id}"),
            )

        box = confirm(
            self, "Reissue login code",
            f"Make a new login code for interview #{interview_id}? The old code stops working.",
            "Reissue", reissue,
        )  # fmt: skip
        self.dialog_opened.emit(box)

    def confirm_revoke(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        interviews, interview_id = self._interviews, chosen.id

        def revoke() -> None:
            def done(_: object) -> None:
                self._say(f"Invitation #{interview_id} revoked: its code no longer works.")
                self.refresh(select=interview_id)

            self._run("Revoke an invitation", lambda: interviews.revoke(interview_id), done)

        box = confirm(
            self, "Revoke invitation",
            f"Revoke invitation #{interview_id}? Its login code stops working.",
            "Revoke", revoke,
        )  # fmt: skip
        self.dialog_opened.emit(box)

    # -- playback ------------------------------------------------------------------------------

    def play_selected(self) -> None:
        chosen = self.selected()
        if chosen is None or not self._can_play:
            return
        interviews = self._interviews

        def work() -> _Playable:
            takes = [t for t in interviews.answers(chosen.id) if t.kept]
            question_set = interviews.question_sets.get(chosen.question_set_id)
            return _Playable(chosen, playback_items(question_set, takes))

        self._run("Open the answers", work, self._open_player)

    def _open_player(self, playable: _Playable) -> None:
        if not playable.items:
            self._say("This interview has no recorded answers yet.")
            return
        summary = playable.summary
        window = PlaybackWindow(
            f"Interview #{summary.id} — candidate #{summary.candidate_id} — answers",
            self._runner,
            self._interviews.answer_reader,
            playable.items,
            self,
        )
        self.windows = [w for w in self.windows if w.isVisible()] + [window]
        window.destroyed.connect(lambda _=None, w=window: self._forget(w))
        window.show()
        self.dialog_opened.emit(window)

    def _forget(self, window: PlaybackWindow) -> None:
        self.windows = [w for w in self.windows if w is not window]

    def open_analysis(self) -> None:
        """The candidate's interview analysis page, in its own window (blind by default)."""
        chosen = self.selected()
        if chosen is None or not self._can_play:
            return
        from app.paths import model_dir  # the page pulls in pyqtgraph: only when asked
        from views.analysis_page import AnalysisPage

        page = AnalysisPage(self._session, self._runner, model_dir(), chosen.candidate_id)
        page.setParent(self, Qt.WindowType.Window)
        page.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        page.setWindowTitle(f"Candidate #{chosen.candidate_id} — interview analysis")
        page.resize(1400, 860)
        page.show()
        self.dialog_opened.emit(page)

    def close_players(self) -> None:
        for window in list(self.windows):
            window.close()


def playback_items(question_set: QuestionSet, takes: list[AnswerTake]) -> list[PlaybackItem]:
    """One entry per kept take, in question order, titled and annotated for the player."""
    position = {q.id: q for q in question_set.questions}
    count = len(question_set.questions)
    ordered = sorted(takes, key=lambda t: (position[t.question_id].position, t.take))
    items = []
    for take in ordered:
        question = position[take.question_id]
        parts = [f"Take {take.take}", clock_text(round(take.duration_s * 1000))]
        if take.status is TakeStatus.INCOMPLETE or take.reason:
            parts.append(REASON_TEXT.get(take.reason or "", "incomplete"))
        items.append(
            PlaybackItem(
                answer_id=take.id,
                title=f"Question {question.position + 1} of {count}",
                question=question.text,
                note=" · ".join(parts),
            )
        )
    return items
