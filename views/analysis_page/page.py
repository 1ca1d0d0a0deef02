"""The candidate interview page: each answer played beside its analysis, the summary,
ratings and the decision; a chooser of the candidate's analysis runs (the latest complete
one by default, as in the PDF) and Re-run analysis… (`rerun.py`).

Everything is read in a job (`QtJobRunner`), never on the UI thread. Parts that did
not run are shown as unavailable with the reason, never hidden. In blind mode the
candidate is "Candidate #id" and their name is blotted out of the transcripts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtMultimedia import QMediaPlayer
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from analysis.errors import CandorError
from analysis.models import ModelRegistry
from analysis.tasks import Task
from app.accounts import Permission
from app.analysis_pipeline.models import PipelineModels
from app.analysis_pipeline.results import CandidateAnalysis
from app.analysis_pipeline.service import AnalysisService
from app.analysis_pipeline.store import AnswerSpec, RunRecord
from app.compliance import restrictions
from app.decisions import HUMAN_DECISION_NOTICE, Decision, Rating
from app.media import MediaReader
from app.reports.candidate import ResumeMatch, build_candidate_report
from app.workspace import Session
from views.analysis_page.answer_panel import NOTE_STYLE, UNAVAILABLE_STYLE, AnswerPanel
from views.analysis_page.data import status_text
from views.analysis_page.declined import declined_banner, declined_summary
from views.analysis_page.page_data import PageData, mask_words, overall_text, replace_ratings
from views.analysis_page.rerun import RerunControl
from views.analysis_page.restriction import RestrictionControl
from views.analysis_page.review import DecisionBox, RatingBox
from views.analysis_page.runs import RunChooser
from views.jobs import QtJobRunner
from views.playback.player import AnswerPlayer, PlaybackItem

T = TypeVar("T")
_READY = (QMediaPlayer.MediaStatus.LoadedMedia, QMediaPlayer.MediaStatus.BufferedMedia)
IDENTITY_NOTE = "Identity continuity is an observation for a person to judge, never a verdict."


class AnalysisPage(QWidget):
    """`loaded()` each time an analysis (or that there is none) is shown; `saved(str)` after
    a rating or decision is stored."""

    loaded = Signal()
    saved = Signal(str)

    def __init__(
        self,
        session: Session,
        runner: QtJobRunner,
        registry: ModelRegistry | PipelineModels | Path,
        candidate_id: int,
        *,
        blind: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("analysisPage")
        self._session = session
        self._runner = runner
        if isinstance(registry, Path):
            registry = ModelRegistry(registry)
        self._service = AnalysisService(session, registry)
        self.candidate_id = candidate_id
        self.blind = blind
        self.data: PageData | None = None
        self.can_decide = session.user.can(Permission.DECIDE)
        self.can_rate = session.user.can(Permission.RATE_ANSWERS)
        self._mask: Callable[[str], str] = lambda text: text

        self.title = QLabel(f"Candidate #{candidate_id}: interview analysis")
        self.title.setObjectName("analysisTitle")
        self.title.setStyleSheet("font-size: 14pt; font-weight: 600")
        self.declined = declined_banner()
        self.summary = QLabel("Loading the analysis…")
        self.summary.setObjectName("analysisSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.unavailable = QLabel()
        self.unavailable.setObjectName("analysisUnavailable")
        self.unavailable.setWordWrap(True)
        self.unavailable.setStyleSheet(UNAVAILABLE_STYLE)
        self.unavailable.hide()
        self.models = QLabel()
        self.models.setObjectName("analysisModels")
        self.models.setWordWrap(True)
        self.models.setStyleSheet(NOTE_STYLE)
        self.message = QLabel()
        self.message.setObjectName("analysisMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(UNAVAILABLE_STYLE)
        self.message.hide()
        self.runs = RunChooser()
        self.runs.run_chosen.connect(self.show_run)
        self.rerun = RerunControl(self._service, runner, candidate_id, self.shown_run)
        self.rerun.finished.connect(lambda _run: self.reload())
        self.rerun.stopped.connect(self.refresh_runs)
        self.restriction = RestrictionControl(session, runner, candidate_id)
        self.restriction.changed.connect(self.reload)

        self.questions = QListWidget()
        self.questions.setObjectName("questionList")
        self.questions.setAccessibleName("Questions")
        self.questions.setWordWrap(True)
        self.questions.currentRowChanged.connect(self.show_answer)
        self.player: AnswerPlayer | None = None
        self.player_slot = QVBoxLayout()
        self.panel = AnswerPanel()
        self.panel.transcript.word_clicked.connect(self.seek_to)
        self.rating = RatingBox()
        self.rating.save_requested.connect(self.save_rating)
        self.rating.setVisible(self.can_rate)
        self.decision = DecisionBox()
        self.decision.save_requested.connect(self.save_decision)
        self.decision.setVisible(self.can_decide)
        self.notice = QLabel(HUMAN_DECISION_NOTICE)
        self.notice.setObjectName("humanDecisionNotice")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet(NOTE_STYLE)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel("<b>Questions</b>"))
        left_layout.addWidget(self.questions, 1)
        left_layout.addWidget(self.decision)
        left_layout.addWidget(self.notice)
        middle = QWidget()
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(0, 0, 0, 0)
        middle_layout.addLayout(self.player_slot, 3)
        middle_layout.addWidget(self.panel.timeline, 2)
        middle_layout.addWidget(self.rating)
        right = QScrollArea()
        right.setWidgetResizable(True)
        right.setWidget(self.panel)
        self.details = right
        splitter = QSplitter(Qt.Orientation.Horizontal)
        for widget in (left, middle, right):
            splitter.addWidget(widget)
        splitter.setSizes([260, 480, 520])
        splitter.setChildrenCollapsible(False)
        header = QVBoxLayout()
        header.addWidget(self.title)
        header.addWidget(self.declined)
        runs_row = QHBoxLayout()
        runs_row.addWidget(self.runs)
        runs_row.addWidget(self.rerun, 1)
        header.addLayout(runs_row)
        header.addWidget(self.restriction)
        header.addWidget(self.summary)
        header.addWidget(self.unavailable)
        header.addWidget(self.models)
        header.addWidget(self.message)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(splitter, 1)
        self.reload()

    # -- loading --------------------------------------------------------------------------

    def _run(
        self,
        title: str,
        work: Callable[[], T],
        on_done: Callable[[T], None],
        *,
        group: str | None = None,
    ) -> None:
        def job(task: Task) -> T:
            task.check()
            return work()

        def done(result: T) -> None:
            if shiboken6.isValid(self):  # the page may have been closed meanwhile
                on_done(result)

        self._runner.submit(title, job, on_done=done, on_error=self._show_error, group=group)

    def _show_error(self, error: BaseException) -> None:
        if not shiboken6.isValid(self):
            self._runner.report_error(error)
        elif isinstance(error, CandorError):
            self.message.setText(error.message + (f" {error.hint}" if error.hint else ""))
            self.message.show()
            self._show_runs()  # the chooser goes back to the run still shown
        else:
            self._runner.report_error(error)

    def reload(self) -> None:
        service, session, candidate, blind = (
            self._service,
            self._session,
            self.candidate_id,
            self.blind,
        )

        def work() -> PageData:
            if restrictions.human_only(session, candidate):
                return PageData(
                    None,
                    tuple(restrictions.recordings_for_review(session, candidate)),
                    session.candidates.get(candidate).display_name,
                    tuple(session.decisions.ratings(candidate)),
                    session.decisions.current_decision(candidate),
                    declined=True,
                )
            # The PDF's reading: the latest complete run (audit-logged) and the resume match.
            report = build_candidate_report(session, candidate)
            analysis = report.analysis
            media = tuple(service.recordings(analysis)) if analysis else ()
            return PageData(
                analysis,
                media,
                report.display_name,
                tuple(session.decisions.ratings(candidate)),
                session.decisions.current_decision(candidate),
                report.identifying if blind else (),
                report.resume,
                tuple(service.runs(candidate)),
            )

        self._run("Open the interview analysis", work, self._show)

    def _show(self, data: PageData) -> None:
        self.data = data
        self._mask = mask_words(data.mask_words)
        who = f"Candidate #{self.candidate_id}" if self.blind else data.name
        self.title.setText(f"{who}: interview {'review' if data.declined else 'analysis'}")
        self._show_decision(data.decision)
        self.restriction.show_state(data.declined)
        if data.declined:
            self._show_declined(data)
            return
        self.declined.hide()  # the objection may have been lifted since
        for widget in (self.runs, self.models, self.details, self.panel.timeline):
            widget.show()
        self.rerun.setVisible(self.rerun.allowed)
        self._show_runs()
        analysis = data.analysis
        if analysis is None:
            self.summary.setText("No complete interview analysis is stored for this candidate.")
            self.loaded.emit()
            return
        self._show_analysis(analysis, data)

    def _show_runs(self) -> None:
        data = self.data
        runs = data.runs if data is not None else ()
        self.runs.show_runs(runs, self.shown_run())
        self.rerun.set_has_runs(bool(runs))

    def shown_run(self) -> int | None:
        """The id of the run on screen (None while none is)."""
        data = self.data
        return data.analysis.run.id if data is not None and data.analysis is not None else None

    def show_run(self, run_id: int) -> None:
        """Show another complete run of the candidate (read in a job)."""
        if run_id == self.shown_run():
            return
        service, candidate = self._service, self.candidate_id

        def work() -> tuple[CandidateAnalysis, tuple[AnswerSpec, ...]]:
            analysis = service.read(candidate, run_id)
            return analysis, tuple(service.recordings(analysis))

        def done(result: tuple[CandidateAnalysis, tuple[AnswerSpec, ...]]) -> None:
            if self.data is None:
                return
            self.data = replace(self.data, analysis=result[0], media=result[1])
            self._show_runs()
            self._show_analysis(result[0], self.data)

        self.message.hide()
        # A newer choice replaces one still being read.
        self._run("Open an analysis run", work, done, group=f"analysis-run-{id(self)}")

    def refresh_runs(self) -> None:
        """Read the run list again (a re-run stopped); what is shown stays."""
        service, candidate = self._service, self.candidate_id

        def done(runs: tuple[RunRecord, ...]) -> None:
            if self.data is not None:
                self.data = replace(self.data, runs=runs)
                self._show_runs()

        self._run("List the analysis runs", lambda: tuple(service.runs(candidate)), done)

    def _show_analysis(self, analysis: CandidateAnalysis, data: PageData) -> None:
        self._show_summary(analysis, data.resume)
        self._show_questions(data.media)

    def _show_declined(self, data: PageData) -> None:
        """Human-only review: the banner and the recordings, no scores and no re-run."""
        self.declined.show()
        for widget in (self.runs, self.rerun, self.models, self.unavailable, self.details):
            widget.hide()
        self.panel.timeline.hide()
        self.summary.setText(declined_summary(len(data.media)))
        self._show_questions(data.media)

    def _entries(self) -> list[tuple[str, str]]:
        """(answer key, question) of each answer listed, analysed or to review."""
        data = self.data
        if data is None:
            return []
        if data.declined:
            return [(m.key, m.question) for m in data.media]
        answers = data.analysis.answers if data.analysis is not None else ()
        return [(a.key, a.question) for a in answers]

    def _show_questions(self, media: tuple[AnswerSpec, ...]) -> None:
        entries = self._entries()
        self._make_player(entries, media)
        self.questions.blockSignals(True)
        self.questions.clear()
        for number, (_key, question) in enumerate(entries, start=1):
            entry = QListWidgetItem(f"Question {number}\n{question}")
            entry.setToolTip(question)
            self.questions.addItem(entry)
        self.questions.blockSignals(False)
        if entries:
            self.questions.setCurrentRow(0)
        self.loaded.emit()

    def _show_summary(self, analysis: CandidateAnalysis, resume: ResumeMatch | None) -> None:
        score = analysis.score.result
        value = score.get("value")
        shown = "not available" if value is None else f"{float(value):.2f} of 1"
        identity = analysis.identity
        identity_text = str(identity.result.get("explanation") or identity.message)
        self.summary.setText(
            f"Interview score: {shown}. {score.get('explanation', '')} "
            f"{score.get('statement', '')}\n"
            f"Identity continuity: {status_text(identity.status)}. {identity_text} "
            f"{IDENTITY_NOTE}\n{overall_text(resume, value)}"
        )
        missing = analysis.unavailable()
        self.unavailable.setText("\n".join(f"UNAVAILABLE: {m.label}. {m.problem}" for m in missing))
        self.unavailable.setVisible(bool(missing))
        used = ", ".join(
            f"{str(m['capability']).replace('_', ' ')}: {m['name']} {m['version']}"
            for m in analysis.models_used()
        )
        self.models.setText(f"Models used: {used or 'none'}. Run {analysis.run.id}.")

    def _make_player(self, entries: list[tuple[str, str]], media: tuple[AnswerSpec, ...]) -> None:
        if self.player is not None:
            self.player.shutdown()
            self.player.deleteLater()
        refs = {spec.key: spec.media for spec in media}
        open_media = self._session.media.open
        keys = [key for key, _question in entries]

        def open_answer(index: int) -> MediaReader:
            return open_media(refs[keys[index]])

        items = [
            PlaybackItem(i, f"Question {i + 1} of {len(keys)}", question)
            for i, (_key, question) in enumerate(entries)
        ]
        self.player = AnswerPlayer(self._runner, open_answer, items)
        self.player.previous_button.hide()
        self.player.next_button.hide()
        self.player.player.positionChanged.connect(self._position_changed)
        self.player.current_changed.connect(self._follow_player)
        self.player.media_ready.connect(self._media_ready)
        self.player_slot.addWidget(self.player)

    # -- per answer -----------------------------------------------------------------------

    def show_answer(self, index: int) -> None:
        data, entries = self.data, self._entries()
        if data is None or not 0 <= index < len(entries):
            return
        key = entries[index][0]
        if data.analysis is not None and not data.declined:
            self.panel.show_answer(data.analysis.answers[index], self._mask)
        if self.player is not None:
            self.player.show_item(index)
        me = self._session.user.name
        mine = next((r for r in data.ratings if r.answer_key == key and r.reviewer == me), None)
        others = [r for r in data.ratings if r.answer_key == key and r is not mine]
        note = "; ".join(f"{r.reviewer}: {r.stars}/5 {r.comment}".strip() for r in others)
        self.rating.show_rating(
            mine.stars if mine else 0,
            mine.comment if mine else "",
            f"Saved {mine.rated_at[:16].replace('T', ' ')}." if mine else "Not rated yet.",
        )
        if note:
            self.rating.status.setText(self.rating.status.text() + f" Others: {note}")

    def current_index(self) -> int:
        return self.questions.currentRow()

    def _follow_player(self, index: int) -> None:
        if index != self.questions.currentRow():
            self.questions.setCurrentRow(index)

    def _position_changed(self, position_ms: int) -> None:
        self.follow_position(position_ms)

    def follow_position(self, position_ms: int) -> None:
        """The player reached `position_ms`: light the word being spoken, move the cursor."""
        seconds = position_ms / 1000
        self.panel.transcript.follow_time(seconds)
        self.panel.timeline.set_position(seconds)

    def seek_to(self, seconds: float) -> None:
        """Play the current answer from `seconds` (a clicked word)."""
        self.last_seek_ms = round(seconds * 1000)
        player = self.player
        if player is not None:
            if player.player.mediaStatus() in _READY:
                player.player.setPosition(self.last_seek_ms)
            else:
                self._pending_seek_ms = self.last_seek_ms  # applied once the recording opens
        self.follow_position(self.last_seek_ms)

    def _media_ready(self, _answer: int) -> None:
        if self._pending_seek_ms >= 0 and self.player is not None:
            self.player.player.setPosition(self._pending_seek_ms)
        self._pending_seek_ms = -1

    last_seek_ms: int = -1
    _pending_seek_ms: int = -1

    # -- ratings and decisions ------------------------------------------------------------

    def save_rating(self, stars: int, comment: str) -> None:
        entries, index = self._entries(), self.current_index()
        if not 0 <= index < len(entries):
            return
        key = entries[index][0]
        decisions, candidate = self._session.decisions, self.candidate_id

        def work() -> tuple[Rating, list[Rating]]:
            return decisions.rate(candidate, key, stars, comment), decisions.ratings(candidate)

        def done(result: tuple[Rating, list[Rating]]) -> None:
            if self.data is not None:
                self.data = replace_ratings(self.data, result[1])
            self.show_answer(self.current_index())
            self.saved.emit("rating")

        self._run("Save a rating", work, done)

    def save_decision(self, outcome: str, reason: str) -> None:
        decisions, candidate = self._session.decisions, self.candidate_id

        def done(decision: Decision) -> None:
            self._show_decision(decision)
            self.decision.clear_form()
            self.decision.status.setText("Recorded in the audit log.")
            self.saved.emit("decision")

        self._run("Record a decision", lambda: decisions.decide(candidate, outcome, reason), done)

    def _show_decision(self, decision: Decision | None) -> None:
        if decision is None:
            self.decision.show_current("No decision recorded yet.")
            return
        when = decision.decided_at[:16].replace("T", " ")
        self.decision.show_current(
            f"Current decision: {decision.outcome.upper()} by {decision.decided_by}, {when}. "
            f"Reason: {decision.reason}"
        )

    def shutdown(self) -> None:
        if self.player is not None:
            self.player.shutdown()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()  # a closed page lets go of the decrypted recording
        super().closeEvent(event)
