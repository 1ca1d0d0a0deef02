"""One analysis run over the answers of one source (an interview session or imported files).

Streaming use, while the interview is still going (each call a job on the JobRunner):

    pipeline = service.start(candidate_id, "interview:12", identity_consented=True,
                             identity_reference=checkin_reference)
    runner.submit("Analyse answer 1", lambda task: pipeline.analyse_answer(answer_1, task))
    ...                                   # the next question plays meanwhile
    runner.submit("Finish analysis", pipeline.finish)   # after the last answer is stored

`analyse_answer` transcribes, assesses and observes one stored answer; `finish` does
whatever is still missing (answers not analysed yet, or interrupted), then the
interview-level steps (identity continuity, interview score), and marks the run
complete. Every step result is stored when, and only when, its step has finished;
a cancel or a crash leaves the run incomplete and the next start resumes it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, cast

from analysis.errors import Cancelled, CandorError, ModelUnavailable
from analysis.models import Capability
from analysis.tasks import NullTask, Task
from analysis.video import (
    FaceDetector,
    FaceEmbedder,
    IdentityReference,
    NoUsableFace,
    VideoObservations,
    VideoObserver,
    VideoUnavailable,
)
from app.analysis_pipeline import steps, video_step
from app.analysis_pipeline.models import PipelineModels
from app.analysis_pipeline.settings import PipelineSettings
from app.analysis_pipeline.steps import StepOutcome
from app.analysis_pipeline.store import AnalysisStore, AnswerSpec, RunStatus, StepRecord, now_stamp
from app.errors import InvalidInput
from app.media import MediaRef, MediaStore

log = logging.getLogger("candor.analysis")

FAILED = "failed"


@dataclass(frozen=True)
class QuestionSpec:
    question: str
    key_points: tuple[str, ...] = ()


@dataclass(frozen=True)
class AnswerStatuses:
    """What each step of one answer came to (for progress lists and the CLI)."""

    key: str
    statuses: dict[str, str]


class AnalysisPipeline:
    """One run (see the module docstring). Thread-safe for calls on different answers."""

    def __init__(
        self,
        *,
        store: AnalysisStore,
        media: MediaStore,
        models: PipelineModels,
        run_id: int,
        candidate_id: int,
        source: str,
        settings: PipelineSettings,
        identity_reference: IdentityReference | None = None,
        on_end: Callable[[AnalysisPipeline, RunStatus], None] | None = None,
    ) -> None:
        self.store = store
        self.media = media
        self.models = models
        self.run_id = run_id
        self.candidate_id = candidate_id
        self.source = source
        self.settings = settings
        self._reference = identity_reference
        self._reference_source = "check-in picture" if identity_reference else ""
        self._reference_problem = ""
        self._reference_lock = threading.Lock()
        self._live_tools: video_step.VideoTools | None = None
        self._on_end = on_end

    # -- answers --------------------------------------------------------------------

    def add_answer(self, answer: AnswerSpec, *, replace: bool = False) -> None:
        """Record an answer as part of this interview (its frozen input) without analysing it.

        `replace`: the answer may take the place of another with its key (a retake that
        counts now); what was found in the old one is forgotten.
        """
        if answer.media.candidate_id != self.candidate_id:
            raise InvalidInput("This recording belongs to another candidate.")
        self.store.put_answer(
            self.candidate_id,
            self.source,
            answer,
            replacing=steps.INTERVIEW_KEY if replace else None,
        )

    def analyse_answer(
        self,
        answer: AnswerSpec,
        task: Task | None = None,
        *,
        observations: VideoObservations | None = None,
    ) -> AnswerStatuses:
        """Run the answer's missing steps (transcribe, assess, video) and store each result.

        `observations`: video observations already made from live frames (then the
        recording's picture is not decoded again).
        """
        task = task or NullTask()
        self.add_answer(answer)
        done = {s.step for s in self.store.steps(self.run_id, answer.key)}
        # The picture is observed on its own thread while the sound is transcribed: Whisper
        # leaves part of two cores idle, and the two share nothing but the database.
        video = None
        if steps.VIDEO not in done:
            video = _Background(
                lambda: self._run_step(
                    answer.key,
                    steps.VIDEO,
                    lambda: self._video(answer, _CheckOnly(task), observations),
                )
            )
        try:
            if steps.TRANSCRIBE not in done:
                self._run_step(answer.key, steps.TRANSCRIBE, lambda: self._transcribe(answer, task))
            task.progress(0.8, "Transcribed")
            if steps.ASSESS not in done:
                transcript = self.store.step(self.run_id, answer.key, steps.TRANSCRIBE)
                self._run_step(
                    answer.key, steps.ASSESS, lambda: self._assess(answer, transcript, task)
                )
            task.progress(0.9, "Assessed")
        finally:
            if video is not None:
                video.join()
        task.progress(1.0, "Answer analysed")
        stored = self.store.steps(self.run_id, answer.key)
        return AnswerStatuses(answer.key, {s.step: s.status for s in stored})

    def live_observer(self) -> VideoObserver | None:
        """An observer for the live frames of the answer being recorded (its observations
        then go to `analyse_answer`), or None when that answer's picture is to be
        observed from its file: face observation not allowed, the detector missing, or
        an identity check still waiting for its reference (made from the first answer).

        Its models are the observer's own: it runs on a capture listener thread while
        the shared ones may be busy with another answer's file.
        """
        if not self.settings.allows("face_presence"):
            return None
        reference = self._reference
        if self.settings.identity_enabled and reference is None and not self._reference_problem:
            return None
        with self._reference_lock:
            if self._live_tools is None or (reference and self._live_tools.embedder is None):
                try:
                    self._live_tools = video_step.load_tools(
                        self.models.registry,
                        self.settings,
                        reference,
                        self._reference_problem,
                        own=True,
                    )
                except ModelUnavailable:
                    return None  # the file path stores the detector as unavailable
            tools = self._live_tools
        return VideoObserver(
            tools.detector,
            settings=video_step.observer_settings(self.settings),
            reference=reference if tools.embedder is not None else None,
            embedder=tools.embedder,
            expressions=tools.expressions,
        )

    def analyse_files(
        self,
        files: Sequence[Path],
        questions: Sequence[QuestionSpec],
        task: Task | None = None,
    ) -> None:
        """Import interview files (file i answers question i) as answers, analyse, finish."""
        task = task or NullTask()
        if len(files) != len(questions):
            raise InvalidInput(
                f"{len(files)} file(s) were given for {len(questions)} question(s).",
                "Give one recording per question, in the order of the questions.",
            )
        importing = task.slice(0.0, 0.1)
        try:
            for index, (path, question) in enumerate(zip(files, questions, strict=True)):
                importing.check()
                ref = self.media.put_file(self.candidate_id, "answer", Path(path))
                key = f"q{index + 1:02d}"
                self.add_answer(AnswerSpec(key, index, question.question, question.key_points, ref))
                importing.progress((index + 1) / len(files), "Importing recordings")
        except Cancelled:
            self._end(RunStatus.CANCELLED)
            raise
        except BaseException:
            self._end(RunStatus.FAILED)
            raise
        self.finish(task.slice(0.1, 1.0))

    # -- the end --------------------------------------------------------------------

    def finish(self, task: Task | None = None) -> int:
        """Analyse what is missing, then the interview-level steps; returns the run id.

        The run is marked complete only when every step of every answer is stored.
        """
        task = task or NullTask()
        try:
            answers = self.store.answers(self.source)
            if not answers:
                raise InvalidInput(
                    "This interview has no answers to analyse.", "Record or import answers first."
                )
            for number, answer in enumerate(answers):
                part = task.slice(number / len(answers) * 0.95, (number + 1) / len(answers) * 0.95)
                self.analyse_answer(answer, part)
            task.check()
            results = {
                (s.answer_key, s.step): s
                for s in self.store.steps(self.run_id)
                if s.answer_key in {a.key for a in answers}
            }
            done = {s.step for s in self.store.steps(self.run_id, steps.INTERVIEW_KEY)}
            if steps.IDENTITY not in done:
                self._identity_reference(answers[-1])  # rebuilt when the run was resumed
                videos = [(a.key, _result(results.get((a.key, steps.VIDEO)))) for a in answers]
                self._run_step(steps.INTERVIEW_KEY, steps.IDENTITY, lambda: self._identity(videos))
            if steps.SCORE not in done:
                assessed = {a.key: _result(results.get((a.key, steps.ASSESS))) for a in answers}
                self._run_step(steps.INTERVIEW_KEY, steps.SCORE, lambda: steps.score_step(assessed))
            task.check()
        except Cancelled:
            self._end(RunStatus.CANCELLED)
            raise
        except BaseException:
            self._end(RunStatus.FAILED)
            raise
        self._end(RunStatus.COMPLETE)
        task.progress(1.0, "Analysis complete")
        return self.run_id

    def mark_cancelled(self) -> None:
        """Mark the run cancelled (a streaming caller stopped before `finish`)."""
        self._end(RunStatus.CANCELLED)

    def _end(self, status: RunStatus) -> None:
        self.store.set_status(self.run_id, status)
        log.info("analysis run %d %s", self.run_id, status)
        if self._on_end is not None:
            self._on_end(self, status)

    # -- steps ----------------------------------------------------------------------

    def _run_step(self, key: str, step: str, work: Callable[[], StepOutcome]) -> None:
        """Run one step and store its outcome; nothing is stored if it is cancelled."""
        started = now_stamp()
        try:
            outcome = work()
        except ModelUnavailable as exc:
            outcome = steps.unavailable(exc.capability, exc.message, exc.hint)
        except Cancelled:
            raise
        except CandorError as exc:
            # An expected failure of this answer (a damaged recording...): final for this run.
            log.info("step %s failed: %s", step, type(exc).__name__)
            outcome = StepOutcome(FAILED, {"message": exc.message, "hint": exc.hint})
        self.store.add_step(
            self.run_id, key, step, outcome.status, outcome.result, outcome.models, started
        )

    def _open(self, ref: MediaRef) -> IO[bytes]:
        # A MediaReader is a seekable binary file object (io.RawIOBase) that decrypts.
        return cast(IO[bytes], self.media.open(ref))

    def _transcribe(self, answer: AnswerSpec, task: Task) -> StepOutcome:
        if not self.settings.allows("transcription"):
            return _not_allowed("Transcription")
        transcriber, record = self.models.transcriber(Capability(self.settings.speech))
        with self.models.speech_lock, self._open(answer.media) as recording:
            outcome = steps.transcribe_step(
                transcriber, recording, self.settings, task.slice(0.0, 0.8)
            )
        return StepOutcome(outcome.status, outcome.result, {record["capability"]: record})

    def _assess(
        self, answer: AnswerSpec, transcribed: StepRecord | None, task: Task
    ) -> StepOutcome:
        if not self.settings.allows("answer_assessment"):
            return _not_allowed("Answer assessment")
        transcript = transcribed.result if transcribed is not None else None
        if transcribed is not None and transcribed.status in (
            steps.UNAVAILABLE,
            FAILED,
            video_step.NOT_ALLOWED,
        ):
            transcript = None
        elif transcribed is not None and transcribed.status == "other_language":
            # The assessment models read English only: scoring another language would
            # be arbitrary, and unfair to the candidate. A person reviews it instead.
            return StepOutcome(
                steps.NOT_ASSESSED,
                {
                    "message": "Not assessed: "
                    + str(transcribed.result.get("message") or "the answer is in another language.")
                    + " The assessment reads answers in English only.",
                    "hint": "Review the recording and rate the answer yourself.",
                },
            )
        elif transcript is not None and not str(transcript.get("text", "")).strip():
            reason = str(transcript.get("message") or "Nothing was transcribed.")
            return StepOutcome(
                steps.NOT_ASSESSED, {"message": f"Not assessed: {reason}", "hint": ""}
            )
        assessor, record = self.models.assessor(self.settings.assessment)
        outcome = steps.assess_step(
            assessor, answer.question, answer.key_points, transcript, task.slice(0.8, 0.9)
        )
        models = {record["capability"]: record} if transcript is not None else {}
        return StepOutcome(outcome.status, outcome.result, models)

    def _video(
        self, answer: AnswerSpec, task: Task, observations: VideoObservations | None
    ) -> StepOutcome:
        if not self.settings.allows("face_presence"):
            return _not_allowed("Face presence and recording-quality observation")
        reference = self._identity_reference(answer) if observations is None else self._reference
        try:
            tools = video_step.load_tools(
                self.models.registry, self.settings, reference, self._reference_problem
            )
        except ModelUnavailable as exc:
            return video_step.detector_unavailable(exc)
        if observations is not None:
            return video_step.video_step(
                None, tools, self.settings, reference, task, observations=observations
            )
        with self._open(answer.media) as recording:
            return video_step.video_step(recording, tools, self.settings, reference, task)

    def _identity_reference(self, answer: AnswerSpec) -> IdentityReference | None:
        """The check-in reference, or for imported interviews one from the first answer."""
        if self._reference is not None or not self.settings.identity_enabled:
            return self._reference
        with self._reference_lock:
            if self._reference is not None or self._reference_problem:
                return self._reference
            try:
                detector = FaceDetector.load(self.models.registry)
                embedder = FaceEmbedder.load(self.models.registry)
            except ModelUnavailable:
                return None  # load_tools reports the missing model
            for number, candidate in enumerate(self.store.answers(self.source), start=1):
                try:
                    with self._open(candidate.media) as recording:
                        self._reference = video_step.reference_from_recording(
                            recording, detector, embedder, self.settings
                        )
                    self._reference_source = f"the first answer with a clear face (answer {number})"
                    return self._reference
                except (VideoUnavailable, NoUsableFace):
                    if candidate.key == answer.key:
                        return None  # later answers are not stored yet: try again with them
            self._reference_problem = (
                "No answer showed a face clear enough to serve as the identity reference."
            )
            return None

    def _identity(self, videos: list[tuple[str, dict[str, Any] | None]]) -> StepOutcome:
        return video_step.identity_step(
            self.settings,
            self._reference,
            self._reference_source,
            videos,
            self._reference_problem,
        )


class _Background:
    """Runs `work` on its own thread; `join` waits and re-raises what it raised."""

    def __init__(self, work: Callable[[], None]) -> None:
        self._error: BaseException | None = None

        def run() -> None:
            try:
                work()
            except BaseException as exc:  # handed to the caller by join()
                self._error = exc

        self._thread = threading.Thread(target=run, name="candor-video", daemon=True)
        self._thread.start()

    def join(self) -> None:
        self._thread.join()
        if self._error is not None:
            raise self._error


class _CheckOnly:
    """The caller's task for cancel checks only: progress comes from the speech steps."""

    def __init__(self, task: Task) -> None:
        self._task = task

    def progress(self, fraction: float, text: str = "") -> None:
        pass

    def cancelled(self) -> bool:
        return self._task.cancelled()

    def check(self) -> None:
        self._task.check()

    def slice(self, start: float, end: float) -> Task:
        return self


def _result(record: StepRecord | None) -> dict[str, Any] | None:
    if record is None or record.status in (steps.UNAVAILABLE, FAILED, video_step.NOT_ALLOWED):
        return None
    return dict(record.result)


def _not_allowed(what: str) -> StepOutcome:
    return StepOutcome(
        video_step.NOT_ALLOWED,
        {"message": f"{what} is not allowed under this workspace's policy."},
    )
