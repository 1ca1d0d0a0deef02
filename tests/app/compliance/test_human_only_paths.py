"""Human-only review is obeyed on every analysis path: the kiosk (live analysis sees no
frame and the end of the interview starts nothing), a re-run, `candor analyse` (files
and --rerun), and recovery (never offered, refused when asked). The recordings are kept.

An empty model folder is enough: every path must refuse before any model is needed, and
where a run does complete (the control cases), unavailable models complete it fast.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from analysis.models import ModelRegistry
from analysis.tasks import NullTask
from app.analysis_pipeline.live import LiveAnalysis
from app.analysis_pipeline.pipeline import QuestionSpec
from app.analysis_pipeline.recovery import find_interrupted, resume_run
from app.analysis_pipeline.service import AnalysisService
from app.analysis_pipeline.store import RunStatus
from app.capture import FileSource
from app.compliance.restrictions import is_human_only, restriction, set_human_only
from app.errors import AutomatedAnalysisDeclined
from app.interviews import ConsentDecision, ConsentKind, KioskStep
from app.jobs import JobEvent, JobRunner
from app.workspace import Session
from tests.app.cli_support import run
from tests.app.interviews_support import (
    KIOSK,
    PASSWORD,
    RECRUITER,
    make_clip,
    new_workspace,
    sign_in,
    to_first_question,
    two_questions,
)
from tests.app.recovery_support import (
    died_after_first_answer,
    record_interview,
    service_for,
)


@pytest.fixture(autouse=True)
def isolated_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CANDOR_STATE_DIR", str(tmp_path / "state"))


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_clip(tmp_path_factory.mktemp("clips") / "answer.mkv", seconds=1.0)


@pytest.fixture
def models(tmp_path: Path) -> Path:
    folder = tmp_path / "models"
    folder.mkdir()
    return folder


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    path = tmp_path / "ws"
    new_workspace(path).close()
    return path


@pytest.fixture
def nyc(tmp_path: Path) -> Path:
    """A policy that asks for face-template consent and offers self-identification."""
    path = tmp_path / "nyc"
    new_workspace(path, "us-nyc").close()
    return path


@pytest.fixture
def nyc_recruiter(nyc: Path) -> Iterator[Session]:
    session = sign_in(nyc, RECRUITER)
    yield session
    session.close()


@pytest.fixture
def recruiter(workspace: Path) -> Iterator[Session]:
    session = sign_in(workspace, RECRUITER)
    yield session
    session.close()


def _runs(recruiter: Session, models: Path, candidate: int) -> list[RunStatus]:
    return [r.status for r in service_for(recruiter, models).runs(candidate)]


def test_choosing_human_only_at_the_kiosk_records_it_and_live_analysis_never_runs(
    nyc: Path, nyc_recruiter: Session, clip: Path, models: Path
) -> None:
    recruiter, workspace = nyc_recruiter, nyc
    question_set = recruiter.interviews.question_sets.create(two_questions())
    candidate = recruiter.candidates.add("Ada Example", {})
    invitation = recruiter.interviews.invite(candidate, question_set.id)
    runner = JobRunner()
    jobs: list[JobEvent] = []
    runner.add_listener(jobs.append)
    frames: list[int] = []
    with sign_in(workspace, KIOSK) as kiosk_session:
        kiosk = kiosk_session.interviews.open_kiosk_session(invitation.code)
        kiosk.on_frame(lambda answer, frame: frames.append(answer))  # any frame consumer
        service = AnalysisService(kiosk_session, ModelRegistry(models), cpu_threads=1)
        live = LiveAnalysis(service, runner)
        live.attach(kiosk)
        kiosk.begin()
        kiosk.acknowledge_notice()
        kiosk.give_consent(human_only=True)
        assert kiosk.step is KioskStep.SELF_IDENTIFICATION  # Illinois: no waiver asked
        kiosk.finish_self_identification(None)  # skipped
        assert kiosk.check_devices(FileSource(clip, realtime=False)).ok
        kiosk.confirm_devices()
        for _ in range(2):
            ended = threading.Event()
            kiosk.start_recording(on_ended=ended.set)
            assert ended.wait(30)
            kiosk.finish_recording()
            kiosk.next_question()
        assert kiosk.step is KioskStep.THANK_YOU
        assert len(kiosk.kept_answers()) == 2  # recording still happens
        assert not kiosk.may_create_identity_template()
        live.close()
        assert live.wait_idle(30)
        kiosk.close()
    runner.shutdown()
    assert frames == [] and live.observed_live == []
    assert jobs == []  # nothing transcribed, observed or finished
    assert live.completed_run is None
    assert _runs(recruiter, models, candidate) == []
    consents = {(c.kind, c.decision) for c in recruiter.interviews.consents(invitation.session_id)}
    assert consents == {
        (ConsentKind.RECORDING, ConsentDecision.GIVEN),
        (ConsentKind.AUTOMATED_ANALYSIS, ConsentDecision.DECLINED),
    }
    found = restriction(recruiter.db, candidate)
    assert found is not None and found.human_only and found.source == "kiosk"


def test_consenting_without_the_human_only_choice_records_no_restriction(
    nyc: Path, nyc_recruiter: Session
) -> None:
    recruiter, workspace = nyc_recruiter, nyc
    question_set = recruiter.interviews.question_sets.create(two_questions())
    candidate = recruiter.candidates.add("Ada Example", {})
    invitation = recruiter.interviews.invite(candidate, question_set.id)
    with sign_in(workspace, KIOSK) as kiosk_session:
        kiosk = kiosk_session.interviews.open_kiosk_session(invitation.code)
        kiosk.begin()
        kiosk.acknowledge_notice()
        kiosk.give_consent()
        assert kiosk.step is KioskStep.IDENTITY_CONSENT
        assert not kiosk.automated_analysis_declined
        kiosk.close()
    assert not is_human_only(recruiter.db, candidate)


def test_the_service_refuses_to_start_and_creates_no_run(
    workspace: Path, recruiter: Session, clip: Path, models: Path
) -> None:
    interview = record_interview(workspace, recruiter, clip)
    set_human_only(recruiter, interview.candidate, True)
    service = service_for(recruiter, models)
    with pytest.raises(AutomatedAnalysisDeclined) as caught:
        service.start(interview.candidate, interview.source)
    assert f"#{interview.candidate}" in caught.value.message and caught.value.hint
    assert _runs(recruiter, models, interview.candidate) == []


def test_a_rerun_is_refused_for_a_candidate_who_objected_after_the_first_analysis(
    workspace: Path, recruiter: Session, clip: Path, models: Path
) -> None:
    interview = record_interview(workspace, recruiter, clip)
    run_id = died_after_first_answer(service_for(recruiter, models), interview)
    service = service_for(recruiter, models)  # the next start of the app
    resume_run(service, run_id, NullTask())  # control: analysis works until the objection
    assert _runs(recruiter, models, interview.candidate) == [RunStatus.COMPLETE]
    set_human_only(recruiter, interview.candidate, True)
    with pytest.raises(AutomatedAnalysisDeclined):
        service.rerun(interview.candidate)
    with pytest.raises(AutomatedAnalysisDeclined):
        service.rerun_options(interview.candidate)
    assert _runs(recruiter, models, interview.candidate) == [RunStatus.COMPLETE]


def test_importing_recordings_for_analysis_is_refused(
    recruiter: Session, clip: Path, models: Path
) -> None:
    candidate = recruiter.candidates.add("Ada Example", {})
    set_human_only(recruiter, candidate, True)
    with pytest.raises(AutomatedAnalysisDeclined):
        service_for(recruiter, models).analyse_files(
            candidate, [clip], [QuestionSpec("Why nursing?", ())]
        )
    with pytest.raises(AutomatedAnalysisDeclined):  # the real reason, not "nothing to re-run"
        service_for(recruiter, models).rerun(candidate)
    assert _runs(recruiter, models, candidate) == []


def test_candor_analyse_with_files_or_rerun_refuses_with_a_clear_message(
    workspace: Path,
    recruiter: Session,
    clip: Path,
    models: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    interview = record_interview(workspace, recruiter, clip)
    died_after_first_answer(service_for(recruiter, models), interview)
    set_human_only(recruiter, interview.candidate, True)
    questions = tmp_path / "questions.yaml"
    questions.write_text("questions:\n  - text: Why nursing?\n", encoding="utf-8")
    base = [
        "analyse", "--candidate", str(interview.candidate), "--workspace", str(workspace),
        "--user", RECRUITER, "--password-stdin", "--model-dir", str(models),
    ]  # fmt: skip
    for extra in (["--questions", str(questions), str(clip)], ["--rerun"]):
        code, out, err = run(monkeypatch, capsys, [*base, *extra], f"{PASSWORD}\n")
        assert code == 1, out
        assert "declined automated analysis" in err and "Traceback" not in err
    assert _runs(recruiter, models, interview.candidate) == [RunStatus.RUNNING]


def test_recovery_does_not_offer_and_refuses_to_finish_a_human_only_candidates_run(
    workspace: Path, recruiter: Session, clip: Path, models: Path
) -> None:
    interview = record_interview(workspace, recruiter, clip)
    service = service_for(recruiter, models)
    run_id = died_after_first_answer(service, interview)
    assert [f.run_id for f in find_interrupted(service)] == [run_id]  # control
    set_human_only(recruiter, interview.candidate, True)
    assert find_interrupted(service) == []
    with pytest.raises(AutomatedAnalysisDeclined):
        resume_run(service, run_id, NullTask())
    assert _runs(recruiter, models, interview.candidate) == [RunStatus.RUNNING]


def test_staff_objection_during_a_kiosk_interview_stops_live_analysis_quietly(
    workspace: Path, recruiter: Session, clip: Path, models: Path
) -> None:
    question_set = recruiter.interviews.question_sets.create(two_questions())
    candidate = recruiter.candidates.add("Ada Example", {})
    invitation = recruiter.interviews.invite(candidate, question_set.id)
    runner = JobRunner()
    jobs: list[JobEvent] = []
    runner.add_listener(jobs.append)
    with sign_in(workspace, KIOSK) as kiosk_session:
        kiosk = kiosk_session.interviews.open_kiosk_session(invitation.code)
        live = LiveAnalysis(AnalysisService(kiosk_session, ModelRegistry(models)), runner)
        live.attach(kiosk)
        to_first_question(kiosk, FileSource(clip, realtime=False))
        set_human_only(recruiter, candidate, True)  # staff, in another window
        ended = threading.Event()
        kiosk.start_recording(on_ended=ended.set)
        assert ended.wait(30)
        kiosk.finish_recording()
        kiosk.next_question()  # the answer is handed over: refused, nothing queued
        assert live.declined
        kiosk.close()
        live.close()
        assert live.wait_idle(30)
    runner.shutdown()
    assert [e for e in jobs if "Analyse" in e.title] == []
    assert _runs(recruiter, models, candidate) == []
