"""Reading a chosen analysis run, the re-run right, and what a re-run may choose, on a real
workspace analysed by the real models (see `runs_support`)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from analysis.models import Capability, ModelRegistry
from app.analysis_pipeline.models import PipelineModels
from app.analysis_pipeline.service import AnalysisService
from app.analysis_pipeline.settings import PipelineSettings
from app.errors import InvalidInput, PermissionDenied
from app.keys import KdfParams
from app.workspace import Session, Workspace
from tests.app.runs_support import PASSWORD, REVIEWER, RunsWorkspace, build_runs_workspace

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def analysed(
    tmp_path_factory: pytest.TempPathFactory, provisioned_model_dir: Path
) -> RunsWorkspace:
    return build_runs_workspace(tmp_path_factory.mktemp("runs"), provisioned_model_dir)


def _service(session: Session, models: Path) -> AnalysisService:
    return AnalysisService(session, PipelineModels(ModelRegistry(models, prefer_device="cpu")))


@pytest.fixture
def admin(analysed: RunsWorkspace) -> Iterator[Session]:
    session = Workspace.open(analysed.path, "admin", PASSWORD)
    yield session
    session.close()


def test_read_gives_the_chosen_complete_run_not_the_latest_and_audits_it(
    admin: Session, analysed: RunsWorkspace
) -> None:
    service = _service(admin, analysed.models)
    latest = service.latest(analysed.candidate)
    assert latest is not None and latest.run.id == analysed.unavailable
    older = service.read(analysed.candidate, analysed.complete)
    assert older.run.id == analysed.complete
    assert older.answers[0].transcript.status == "ok"
    assert older.answers[0].transcript.models["speech"]["name"] == "whisper-tiny.en"
    assert [a.key for a in service.recordings(older)] == [a.key for a in older.answers]
    reads = [e for e in admin.audit.entries() if e.action == "analysis.read"]
    assert json.loads(reads[-1].details) == {"run": analysed.complete}


def test_a_run_whose_speech_model_was_missing_says_so_with_the_reason(
    admin: Session, analysed: RunsWorkspace
) -> None:
    result = _service(admin, analysed.models).read(analysed.candidate, analysed.unavailable)
    transcript = result.answers[0].transcript
    assert transcript.status == "unavailable"
    assert "whisper-base" in transcript.message
    (missing,) = [u for u in result.unavailable() if u.capability == "speech_multilingual"]
    assert missing.label == "Speech to text, multilingual" and "whisper-base" in missing.problem


def test_read_refuses_unfinished_runs_and_runs_of_another_candidate(
    admin: Session, analysed: RunsWorkspace
) -> None:
    service = _service(admin, analysed.models)
    with pytest.raises(InvalidInput, match="cancelled, not complete"):
        service.read(analysed.candidate, analysed.cancelled)
    other = admin.candidates.add("Otto Other", {})
    with pytest.raises(InvalidInput, match=f"#{other} has no analysis run"):
        service.read(other, analysed.complete)
    with pytest.raises(InvalidInput, match="no analysis run"):
        service.read(analysed.candidate, 10_000)


def test_reviewers_may_read_runs_but_not_rerun(analysed: RunsWorkspace) -> None:
    with Workspace.open(analysed.path, REVIEWER, PASSWORD) as reviewer:
        service = _service(reviewer, analysed.models)
        assert service.read(analysed.candidate, analysed.complete).run.id == analysed.complete
        before = len(service.runs(analysed.candidate))
        with pytest.raises(PermissionDenied, match="add candidates"):
            service.rerun(analysed.candidate, PipelineSettings())
        with pytest.raises(PermissionDenied, match="add candidates"):
            service.rerun_options(analysed.candidate)
        assert len(service.runs(analysed.candidate)) == before  # nothing was started


def test_rerun_options_offer_installed_speech_models_and_say_why_others_are_off(
    admin: Session, analysed: RunsWorkspace
) -> None:
    options = _service(admin, analysed.models_without_multilingual).rerun_options(
        analysed.candidate, analysed.complete
    )
    assert (options.run_id, options.chosen_speech) == (analysed.complete, "speech")
    english, multilingual = options.speech
    assert english.available and english.label == "Speech to text (whisper-tiny.en)"
    assert not multilingual.available
    assert multilingual.note.startswith("Not installed: ") and "whisper-base" in multilingual.note
    assert "candor models provision" in multilingual.note
    # imported without the candidate's consent: no face template, and the reason says so
    assert not options.identity_check.available and not options.chosen_identity
    assert "consent" in options.identity_check.note
    assert options.facial_expression.available and not options.chosen_expression
    settings = options.settings("speech", facial_expression=True, identity_check=True)
    assert settings.facial_expression and not settings.identity_check
    # the latest run by default, which asked for the multilingual model: not installed here,
    # so the installed one is proposed
    assert (
        _service(admin, analysed.models_without_multilingual)
        .rerun_options(analysed.candidate)
        .chosen_speech
        == "speech"
    )


def test_rerun_options_under_eu_rules_refuse_expressions_with_the_policy_named(
    tmp_path: Path, provisioned_model_dir: Path
) -> None:
    with Workspace.create(
        tmp_path / "ws", "admin", PASSWORD, "eu", kdf=KdfParams.insecure_fast()
    ) as session:
        candidate = session.candidates.add("Eve Europe", {})
        service = _service(session, provisioned_model_dir)
        with pytest.raises(InvalidInput, match="no analysed answers"):
            service.rerun_options(candidate)
        service.start(candidate, "import:eu", identity_consented=True).mark_cancelled()
        options = service.rerun_options(candidate)
    assert not options.facial_expression.available
    assert "European Union" in options.facial_expression.note
    assert options.identity_check.available and options.chosen_identity
    assert all(choice.available for choice in options.speech)
    settings = options.settings("speech_multilingual", facial_expression=True, identity_check=True)
    assert settings.speech is Capability.SPEECH_MULTILINGUAL and not settings.facial_expression
