"""Interview analyses left unfinished (the app closed or died while they ran) are found at
start-up when all their answers are in, and finished as they started, on a real workspace.

An empty model folder is enough: every model part is stored as 'unavailable', which
completes a run as surely as real models do, in a fraction of the time.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from analysis.models import Capability
from analysis.tasks import NullTask
from app.analysis_pipeline.pipeline import AnalysisPipeline
from app.analysis_pipeline.recovery import find_interrupted, interview_answers, resume_run
from app.analysis_pipeline.settings import PipelineSettings
from app.analysis_pipeline.store import RunStatus
from app.errors import InvalidInput, PermissionDenied
from app.workspace import Session

from .conftest import ADMIN
from .interviews_support import (
    RECRUITER,
    REVIEWER,
    make_clip,
    new_workspace,
    sign_in,
)
from .recovery_support import (
    died_after_first_answer,
    record_interview,
    service_for,
)


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
def recruiter(workspace: Path) -> Iterator[Session]:
    session = sign_in(workspace, RECRUITER)
    yield session
    session.close()


def test_a_run_left_running_of_a_completed_interview_is_found_and_finished_as_the_same_run(
    workspace: Path, recruiter: Session, clip: Path, models: Path
) -> None:
    interview = record_interview(workspace, recruiter, clip)
    run_id = died_after_first_answer(service_for(recruiter, models), interview)

    service = service_for(recruiter, models)  # the next start of the app
    [found] = find_interrupted(service)
    assert (found.run_id, found.candidate_id, found.source) == (
        run_id,
        interview.candidate,
        interview.source,
    )
    assert found.status is RunStatus.RUNNING
    assert found.description.startswith(f"Interview of candidate #{interview.candidate}, stopped ")
    assert "Ada" not in found.description

    assert resume_run(service, found.run_id) == run_id  # models unchanged: the same run
    [run] = service.runs(interview.candidate)
    assert (run.id, run.status) == (run_id, RunStatus.COMPLETE)
    analysis = service.latest(interview.candidate)
    assert analysis is not None
    assert [a.key for a in analysis.answers] == ["q01", "q02"]  # answer 2 was added
    assert {s.answer_key for s in service.store.steps(run_id)} >= {"q01", "q02"}
    started = [e for e in recruiter.audit.entries() if e.action == "analysis.started"]
    assert json.loads(started[-1].details) == {"run": run_id}
    assert find_interrupted(service) == []  # a complete run is not found again


def test_a_run_whose_settings_no_longer_match_is_finished_in_a_new_run(
    workspace: Path, recruiter: Session, clip: Path, models: Path
) -> None:
    interview = record_interview(workspace, recruiter, clip)
    service = service_for(recruiter, models)
    slower = PipelineSettings(beam_size=3)
    old = service.start(interview.candidate, interview.source, slower, identity_consented=True)
    old.mark_cancelled()
    # the stored settings are unreadable for this version: refused, nothing started
    recruiter.db.execute(
        "UPDATE analysis_runs SET settings_json = ? WHERE id = ?",
        (json.dumps({"beam_size": 0}), old.run_id),
    )
    with pytest.raises(InvalidInput, match="cannot be read"):
        resume_run(service, old.run_id)
    assert [r.id for r in service.runs(interview.candidate)] == [old.run_id]

    recruiter.db.execute(
        "UPDATE analysis_runs SET models_json = '{}' WHERE id = ?", (old.run_id,)
    )  # as if run with models since replaced
    recruiter.db.execute(
        "UPDATE analysis_runs SET settings_json = ? WHERE id = ?",
        (json.dumps(old.settings.to_json_dict()), old.run_id),
    )
    new_id = resume_run(service, old.run_id)
    assert new_id != old.run_id
    latest = service.runs(interview.candidate)[0]
    assert (latest.id, latest.status, latest.settings["beam_size"]) == (
        new_id,
        RunStatus.COMPLETE,
        3,
    )
    assert find_interrupted(service) == []  # the stopped run is no longer the latest


def test_runs_of_unfinished_interviews_imports_without_steps_and_erased_candidates_are_not_found(
    workspace: Path, recruiter: Session, clip: Path, models: Path
) -> None:
    service = service_for(recruiter, models)
    unfinished = record_interview(workspace, recruiter, clip, answers=1, name="Una Finished")
    service.start(unfinished.candidate, unfinished.source).mark_cancelled()
    with pytest.raises(InvalidInput, match="not finished"):
        resume_run(service, service.runs(unfinished.candidate)[0].id)

    erased = record_interview(workspace, recruiter, clip, name="Eri Erased")
    died_after_first_answer(service, erased)
    with sign_in(workspace, ADMIN) as admin:  # erasing is for administrators
        admin.candidates.delete(erased.candidate)

    empty_import = recruiter.candidates.add("Ima Import", {})
    service.start(empty_import, "import:nothing-stored").mark_cancelled()

    assert find_interrupted(service) == []


def test_an_import_run_with_a_stored_step_is_found_and_finished(
    workspace: Path, recruiter: Session, clip: Path, models: Path
) -> None:
    interview = record_interview(workspace, recruiter, clip)
    answer = interview_answers(recruiter, interview.source)[0]
    service = service_for(recruiter, models)
    pipeline: AnalysisPipeline = service.start(interview.candidate, "import:some-files")
    pipeline.add_answer(answer)
    pipeline.analyse_answer(answer, NullTask())
    pipeline.mark_cancelled()

    [found] = find_interrupted(service)
    assert (found.run_id, found.status) == (pipeline.run_id, RunStatus.CANCELLED)
    assert found.description.startswith("Imported recordings of candidate #")
    assert resume_run(service, found.run_id) == pipeline.run_id
    assert service.runs(interview.candidate)[0].status is RunStatus.COMPLETE


def test_a_rerun_someone_cancelled_after_a_complete_run_is_not_found(
    workspace: Path, recruiter: Session, clip: Path, models: Path
) -> None:
    interview = record_interview(workspace, recruiter, clip)
    service = service_for(recruiter, models)
    resume_run(service, died_after_first_answer(service, interview))
    service.start(interview.candidate, interview.source, resume=False).mark_cancelled()
    assert service.runs(interview.candidate)[0].status is RunStatus.CANCELLED
    assert find_interrupted(service) == []


def test_a_reviewer_may_neither_list_nor_finish_interrupted_analyses(
    workspace: Path, recruiter: Session, clip: Path, models: Path
) -> None:
    interview = record_interview(workspace, recruiter, clip)
    run_id = died_after_first_answer(service_for(recruiter, models), interview)
    with sign_in(workspace, REVIEWER) as reviewer:
        service = service_for(reviewer, models)
        with pytest.raises(PermissionDenied, match="add candidates"):
            find_interrupted(service)
        with pytest.raises(PermissionDenied, match="add candidates"):
            resume_run(service, run_id)
    [run] = service_for(recruiter, models).runs(interview.candidate)
    assert run.status is RunStatus.RUNNING  # untouched


def test_stored_settings_read_back_equal_and_give_the_same_json() -> None:
    settings = PipelineSettings(
        speech=Capability.SPEECH_MULTILINGUAL,
        language="de",
        facial_expression=True,
        identity_consented=True,
        allowed_analyses=frozenset({"transcription", "facial_expression"}),
    )
    stored = json.loads(json.dumps(settings.to_json_dict()))
    read = PipelineSettings.from_json_dict(stored)
    assert read == settings and read.to_json_dict() == stored
    assert PipelineSettings.from_json_dict({"speech": "speech"}) == PipelineSettings()
