"""Analysis while the interview goes on: each answer is analysed once the candidate moves
on, live frames stand in for decoding the picture again, and the run completes when the
last answer is in (or resumes after the kiosk was left midway)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from analysis.errors import Cancelled
from analysis.models import ModelRegistry
from analysis.tasks import Task
from app.analysis_pipeline import steps
from app.analysis_pipeline.live import LiveAnalysis
from app.analysis_pipeline.pipeline import AnalysisPipeline
from app.analysis_pipeline.service import INTERVIEW_PREFIX, AnalysisService
from app.analysis_pipeline.store import AnswerSpec, RunStatus
from app.capture import FileSource
from app.interviews import KioskStep
from app.interviews.kiosk import KioskSession
from app.jobs import JobEvent, JobRunner, JobStatus
from app.workspace import Session

from .interviews_support import (
    KIOSK,
    RECRUITER,
    new_workspace,
    sign_in,
    to_first_question,
    two_questions,
)
from .pipeline_support import SHORT_CLIP, speech_with_face

WAIT_S = 180


@pytest.fixture(scope="module")
def answer_clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A few seconds of a talking face with read speech, the kiosk's stand-in camera."""
    return speech_with_face(tmp_path_factory.mktemp("live") / "answer.webm", SHORT_CLIP, size=320)


@pytest.fixture(scope="module")
def registry(provisioned_model_dir: Path) -> ModelRegistry:
    return ModelRegistry(provisioned_model_dir)  # shared: models load once for the module


class Interview:
    """A recruiter's invitation opened on the kiosk, followed by a LiveAnalysis."""

    def __init__(self, path: Path, registry: ModelRegistry) -> None:
        new_workspace(path).close()
        self.path = path
        self.recruiter = sign_in(path, RECRUITER)
        question_set = self.recruiter.interviews.question_sets.create(two_questions())
        self.candidate = self.recruiter.candidates.add("Ada Lovelace", {})
        invitation = self.recruiter.interviews.invite(self.candidate, question_set.id)
        self.session_id = invitation.session_id
        self.registry = registry
        self.runner = JobRunner()
        self.events: list[JobEvent] = []
        self.runner.add_listener(self.events.append)
        self.kiosk_session = sign_in(path, KIOSK)
        self.kiosk, self.live = self.open(invitation.code)

    def open(self, code: str) -> tuple[KioskSession, LiveAnalysis]:
        kiosk = self.kiosk_session.interviews.open_kiosk_session(code)
        service = AnalysisService(self.kiosk_session, self.registry, cpu_threads=1)
        live = LiveAnalysis(service, self.runner)
        live.attach(kiosk)
        return kiosk, live

    def answer(self, kiosk: KioskSession) -> None:
        ended = threading.Event()
        kiosk.start_recording(on_ended=ended.set)
        assert ended.wait(60), "the stand-in file did not end"
        kiosk.finish_recording()
        kiosk.next_question()

    def runs(self) -> list[tuple[int, RunStatus]]:
        return [(r.id, r.status) for r in AnalysisService(self.recruiter, self.registry).runs(
            self.candidate
        )]  # fmt: skip

    def failures(self) -> list[JobEvent]:
        return [e for e in self.events if e.status is JobStatus.FAILED]

    def close(self) -> None:
        self.kiosk.close()
        self.live.close()
        self.live.wait_idle(WAIT_S)
        self.runner.shutdown()
        self.kiosk_session.close()
        self.recruiter.close()


@pytest.fixture
def interview(tmp_path: Path, registry: ModelRegistry) -> Iterator[Interview]:
    opened = Interview(tmp_path / "ws", registry)
    yield opened
    opened.close()


def test_each_answer_is_analysed_while_the_next_question_plays_and_the_run_completes_at_the_end(
    interview: Interview, answer_clip: Path
) -> None:
    kiosk, live = interview.kiosk, interview.live
    to_first_question(kiosk, FileSource(answer_clip, realtime=True))
    interview.answer(kiosk)
    assert kiosk.step is KioskStep.THINK  # question 2 is on screen
    assert live.wait_idle(WAIT_S)
    [(run_id, status)] = interview.runs()
    assert status is RunStatus.RUNNING  # the interview is not over
    service = AnalysisService(interview.recruiter, interview.registry)
    stored = {s.step: s.status for s in service.store.steps(run_id, "q01")}
    assert stored == {steps.TRANSCRIBE: "ok", steps.ASSESS: "ok", steps.VIDEO: "ok"}

    interview.answer(kiosk)
    assert kiosk.step is KioskStep.THANK_YOU
    assert live.wait_idle(WAIT_S)
    assert not interview.failures()
    assert interview.runs() == [(run_id, RunStatus.COMPLETE)] and live.completed_run == run_id
    analysis = service.latest(interview.candidate)
    assert analysis is not None
    assert analysis.run.source == f"{INTERVIEW_PREFIX}{kiosk.session_id}"
    assert [a.key for a in analysis.answers] == ["q01", "q02"]
    for answer in analysis.answers:
        assert "dashwood" in str(answer.transcript.result["text"]).lower()
    # Identity was consented: the first answer (no reference yet) was decoded from its
    # file, the second observed from the frames the kiosk captured.
    assert live.observed_live == ["q02"]
    second = analysis.answers[1].video
    assert second is not None and float(second.result["face_visible_ratio"]) > 0.8
    titles = [e.title for e in interview.events if e.status is JobStatus.DONE]
    assert titles == ["Analyse answer 1", "Analyse answer 2", "Finish interview analysis"]


def test_leaving_the_kiosk_midway_leaves_the_run_resumable_and_the_resumed_interview_finishes_it(
    interview: Interview, answer_clip: Path
) -> None:
    kiosk = interview.kiosk
    to_first_question(kiosk, FileSource(answer_clip, realtime=False))
    interview.answer(kiosk)
    kiosk.close()  # the operator leaves with the PIN at question 2
    interview.live.close()
    assert interview.live.wait_idle(WAIT_S)
    [(run_id, status)] = interview.runs()
    assert status is RunStatus.CANCELLED
    service = AnalysisService(interview.recruiter, interview.registry)
    first_steps = service.store.steps(run_id, "q01")
    assert len(first_steps) == 3

    code = interview.recruiter.interviews.reissue_code(interview.session_id)
    interview.kiosk, interview.live = interview.open(code.code)
    resumed = interview.kiosk
    resumed.begin()  # consent was given: straight to the device check
    assert resumed.check_devices(FileSource(answer_clip, realtime=False)).ok
    resumed.confirm_devices()
    assert resumed.current_question().index == 1
    interview.answer(interview.kiosk)
    assert interview.live.wait_idle(WAIT_S)
    assert not interview.failures()
    assert interview.runs() == [(run_id, RunStatus.COMPLETE)]  # the same run, resumed
    assert service.store.steps(run_id, "q01") == first_steps  # not analysed twice


def test_a_failed_answer_job_stops_the_streaming_and_the_end_of_the_interview_resumes_the_run(
    interview: Interview, answer_clip: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = AnalysisPipeline.analyse_answer
    calls: list[str] = []

    def cancelled_once(
        self: AnalysisPipeline, answer: AnswerSpec, task: Task | None = None, **kw: object
    ) -> object:
        calls.append(answer.key)
        if len(calls) == 1:
            raise Cancelled()
        return original(self, answer, task, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(AnalysisPipeline, "analyse_answer", cancelled_once)
    kiosk = interview.kiosk
    to_first_question(kiosk, FileSource(answer_clip, realtime=False))
    interview.answer(kiosk)
    assert interview.live.wait_idle(WAIT_S)
    [(run_id, status)] = interview.runs()
    assert status is RunStatus.CANCELLED
    interview.answer(kiosk)  # not analysed on its own: the streaming stopped
    assert interview.live.wait_idle(WAIT_S)
    assert interview.runs() == [(run_id, RunStatus.COMPLETE)]
    assert calls[0] == "q01" and sorted(calls[1:]) == ["q01", "q02"]


def test_a_retake_recorded_for_analysis_replaces_the_answer_and_forgets_what_was_found_in_it(
    session: Session, registry: ModelRegistry, answer_clip: Path, tmp_path: Path
) -> None:
    candidate = session.candidates.add("Ada Lovelace", {})
    service = AnalysisService(session, registry)
    pipeline = service.start(candidate, f"{INTERVIEW_PREFIX}1")
    first = AnswerSpec("q01", 0, "Why us?", (), session.media.put_file(candidate, "a", answer_clip))
    pipeline.analyse_answer(first)
    assert len(pipeline.store.steps(pipeline.run_id, "q01")) == 3
    retake = AnswerSpec(
        "q01", 0, "Why us?", (), session.media.put_file(candidate, "a", answer_clip)
    )
    pipeline.add_answer(retake, replace=True)
    assert pipeline.store.steps(pipeline.run_id, "q01") == []
    assert pipeline.store.answers(pipeline.source) == [retake]
    pipeline.finish()
    with pytest.raises(Exception, match="complete"):
        pipeline.add_answer(first, replace=True)
