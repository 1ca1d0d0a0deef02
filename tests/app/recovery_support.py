"""Interviews recorded on the kiosk and analyses left as a dead app leaves them, for the
tests of finishing interrupted analyses (app and views)."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from analysis.models import ModelRegistry
from analysis.tasks import NullTask
from app.analysis_pipeline.recovery import interview_answers
from app.analysis_pipeline.service import INTERVIEW_PREFIX, AnalysisService
from app.capture import FileSource
from app.interviews import KioskStep
from app.workspace import Session
from tests.app.interviews_support import KIOSK, sign_in, to_first_question, two_questions


@dataclass(frozen=True)
class RecordedInterview:
    candidate: int
    interview: int

    @property
    def source(self) -> str:
        return f"{INTERVIEW_PREFIX}{self.interview}"


def record_interview(
    path: Path, recruiter: Session, clip: Path, *, answers: int = 2, name: str = "Ada Example"
) -> RecordedInterview:
    """Invite a new candidate to a two-question interview and answer `answers` questions
    on the kiosk (a file for the camera); answering both completes the interview."""
    question_set = recruiter.interviews.question_sets.create(two_questions())
    candidate = recruiter.candidates.add(name, {})
    invitation = recruiter.interviews.invite(candidate, question_set.id)
    with sign_in(path, KIOSK) as kiosk_session:
        kiosk = kiosk_session.interviews.open_kiosk_session(invitation.code)
        to_first_question(kiosk, FileSource(clip, realtime=False))
        for _ in range(answers):
            ended = threading.Event()
            kiosk.start_recording(on_ended=ended.set)
            assert ended.wait(30), "the stand-in file did not end"
            kiosk.finish_recording()
            kiosk.next_question()
        assert (kiosk.step is KioskStep.THANK_YOU) == (answers == 2)
        kiosk.close()
    return RecordedInterview(candidate, invitation.session_id)


def died_after_first_answer(service: AnalysisService, interview: RecordedInterview) -> int:
    """What live analysis leaves when the app dies after analysing answer 1: a 'running'
    run holding only that answer (answer 2 was never handed over)."""
    first = interview_answers(service.session, interview.source)[0]
    pipeline = service.start(interview.candidate, interview.source, identity_consented=True)
    pipeline.add_answer(first, replace=True)
    pipeline.analyse_answer(first, NullTask())
    return pipeline.run_id


def service_for(session: Session, models: Path) -> AnalysisService:
    return AnalysisService(session, ModelRegistry(models, prefer_device="cpu"))
