"""Analysis while the interview is still going: each answer as the candidate moves on.

    live = LiveAnalysis(AnalysisService(session, registry, cpu_threads=1), runner)
    live.attach(kiosk)        # before the first question
    ...                       # the kiosk runs; answers are analysed one after another
    live.close()              # the kiosk is left (the run then resumes at the next start)

Subscribes to a `KioskSession`: live frames of each answer feed a `VideoObserver`
(so the picture is not decoded again afterwards), each answer the candidate moves on
from is transcribed, assessed and observed as a job on the runner while the next
question plays, and the interview-level steps run once the last answer is in.

A candidate who chose human-only review (at the consent step, or earlier through
staff) is never analysed: no frame is observed, no answer is transcribed, and the
end of the interview starts nothing. Should staff record the objection while the
interview runs, the service refuses the next start and the streaming stops quietly.

Jobs run one after another, in the order the answers came (a second job would only
compete for the same two cores with the recording). A job that fails or is
cancelled stops the streaming: the run stays unfinished and the analysis of the
whole interview at its end (or the next start) resumes it.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from analysis.tasks import Task
from analysis.video import TimedFrame, VideoObservations, VideoObserver
from app.analysis_pipeline.pipeline import AnalysisPipeline
from app.analysis_pipeline.service import INTERVIEW_PREFIX, AnalysisService
from app.analysis_pipeline.store import AnswerSpec
from app.capture import LiveFrame
from app.errors import AutomatedAnalysisDeclined
from app.interviews.kiosk_types import SavedAnswer
from app.jobs import JobRunner

if TYPE_CHECKING:
    from app.interviews.kiosk import KioskSession

log = logging.getLogger("candor.analysis")


def answer_key(position: int) -> str:
    """The analysis key of the answer to the question at `position` (0-based)."""
    return f"q{position + 1:02d}"


def answer_spec(answer: SavedAnswer) -> AnswerSpec:
    return AnswerSpec(
        answer_key(answer.position),
        answer.position,
        answer.question,
        answer.key_points,
        answer.ref,
    )


class LiveAnalysis:
    """Streams one kiosk interview's answers into one analysis run (see the module doc)."""

    def __init__(self, service: AnalysisService, runner: JobRunner) -> None:
        self._service = service
        self._runner = runner
        self._kiosk: KioskSession | None = None
        self._pipeline: AnalysisPipeline | None = None
        self._lock = threading.Lock()
        self._queue: deque[tuple[str, Callable[[Task], Any]]] = deque()
        self._busy = False
        self._stopped = False  # a job failed or was cancelled: no more streaming
        self._declined = False  # the service refused: human-only review, nothing runs
        self._closed = False
        self._observers: dict[int, VideoObserver | None] = {}
        self._idle = threading.Event()
        self._idle.set()
        self.completed_run: int | None = None
        self.observed_live: list[str] = []  # keys of the answers observed from live frames

    # -- wiring ---------------------------------------------------------------------

    def attach(self, kiosk: KioskSession, *, observe_frames: bool = True) -> None:
        """Follow `kiosk`: call before its first question is recorded."""
        self._kiosk = kiosk
        if observe_frames:
            kiosk.on_frame(self._frame)
        kiosk.on_answer_saved(self._answer_saved)
        kiosk.on_completed(self._completed)

    def close(self) -> None:
        """The kiosk was left: analyse what was announced, then leave the run unfinished
        (resumable) unless the interview was completed."""
        with self._lock:
            self._closed = True
            self._observers.clear()
            if not self._busy:
                self._end_unfinished()

    @property
    def declined(self) -> bool:
        """True once it is known that the candidate chose human-only review."""
        kiosk = self._kiosk
        return self._declined or (kiosk is not None and kiosk.automated_analysis_declined)

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Wait until no job of this interview is queued or running (for tests and demo)."""
        return self._idle.wait(timeout)

    # -- kiosk hooks ----------------------------------------------------------------

    def _frame(self, answer_id: int, frame: LiveFrame) -> None:
        """A live frame (capture listener thread): observed if its answer is watched live."""
        if self.declined:
            return
        with self._lock:
            if self._closed or self._stopped:
                return
            known = answer_id in self._observers
            observer = self._observers.get(answer_id)
        if not known:  # the answer's first frame (only this listener thread adds it)
            observer = self._new_observer()  # may start the run: not under the lock
            with self._lock:
                self._observers[answer_id] = observer
        if observer is None:
            return
        try:
            observer.observe(TimedFrame(frame.time, frame.image))
        except Exception:  # a bug in the live path: the answer's file is observed instead
            log.exception("live observation failed; the recording will be observed instead")
            with self._lock:
                self._observers[answer_id] = None

    def _new_observer(self) -> VideoObserver | None:
        try:
            return self._ensure_pipeline().live_observer()
        except AutomatedAnalysisDeclined:
            self._declined = True
            return None
        except Exception:
            log.exception("live observation could not start")
            return None

    def _answer_saved(self, answer: SavedAnswer) -> None:
        """The candidate moved on from a question: analyse its answer next."""
        if self.declined:
            return
        with self._lock:
            observer = self._observers.pop(answer.answer_id, None)
            for other in [a for a in self._observers if a < answer.answer_id]:
                del self._observers[other]  # takes set aside: never analysed
        observations = self._finish_observer(observer, answer)
        spec = answer_spec(answer)
        if observations is not None:
            self.observed_live.append(spec.key)
        number = answer.position + 1

        def work(task: Task) -> None:
            pipeline = self._ensure_pipeline()
            pipeline.add_answer(spec, replace=True)
            pipeline.analyse_answer(spec, task, observations=observations)

        self._enqueue(f"Analyse answer {number}", work)

    def _completed(self) -> None:
        """The last answer is in: add every kept answer (those of earlier sittings too)."""
        assert self._kiosk is not None
        if self.declined:
            log.info("interview completed; human-only review: no analysis")
            return
        specs = [answer_spec(a) for a in self._kiosk.kept_answers()]

        def work(task: Task) -> None:
            pipeline = self._ensure_pipeline()
            for spec in specs:
                pipeline.add_answer(spec, replace=True)
            self.completed_run = pipeline.finish(task)
            with self._lock:
                self._pipeline = None

        with self._lock:
            self._stopped = False  # the end resumes whatever an earlier failure left
        self._enqueue("Finish interview analysis", work, always=True)

    @staticmethod
    def _finish_observer(
        observer: VideoObserver | None, answer: SavedAnswer
    ) -> VideoObservations | None:
        if observer is None or observer.last_time is None:
            return None
        try:
            return observer.finish(duration_s=answer.duration_s)
        except Exception:
            log.exception("live observations could not be finished; using the recording")
            return None

    # -- the run --------------------------------------------------------------------

    def _ensure_pipeline(self) -> AnalysisPipeline:
        """The run of this interview: started at the first need, resumed if one stopped."""
        with self._lock:
            pipeline = self._pipeline
        if pipeline is not None:
            return pipeline
        kiosk = self._kiosk
        assert kiosk is not None
        started = self._service.start(
            kiosk.candidate_id,
            f"{INTERVIEW_PREFIX}{kiosk.session_id}",
            identity_consented=kiosk.may_create_identity_template(),
        )
        with self._lock:
            if self._pipeline is None:
                self._pipeline = started
                return started
            pipeline = self._pipeline
        started.mark_cancelled()  # another thread started it first
        return pipeline

    def _enqueue(self, title: str, work: Callable[[Task], Any], *, always: bool = False) -> None:
        with self._lock:
            if self._stopped and not always:
                return
            self._queue.append((title, work))
            self._idle.clear()
            if not self._busy:
                self._submit_next()

    def _submit_next(self) -> None:
        """Submit the next queued job (lock held)."""
        if not self._queue:
            self._busy = False
            if self._closed:
                self._end_unfinished()
            self._idle.set()
            return
        self._busy = True
        title, work = self._queue.popleft()

        def job(task: Task) -> Any:
            try:
                return work(task)
            except AutomatedAnalysisDeclined:  # staff recorded the objection meanwhile
                self._declined = True
                self._stop()
                return None
            except BaseException:
                self._stop()
                raise
            finally:
                with self._lock:
                    self._submit_next()

        self._runner.submit(title, job)

    def _stop(self) -> None:
        """A job failed or was cancelled: leave the run unfinished, resumable later."""
        with self._lock:
            self._stopped = True
            self._queue.clear()
            pipeline, self._pipeline = self._pipeline, None
            self._observers.clear()
        if pipeline is not None:
            pipeline.mark_cancelled()

    def _end_unfinished(self) -> None:
        """(lock held) The kiosk is gone before the end: the run is left resumable."""
        pipeline, self._pipeline = self._pipeline, None
        if pipeline is not None:
            pipeline.mark_cancelled()


__all__ = ["LiveAnalysis", "answer_key", "answer_spec"]
