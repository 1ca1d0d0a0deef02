"""The interview analysis pipeline on real recordings, real models and a real workspace."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from analysis.errors import Cancelled
from analysis.models import Capability, ModelRegistry
from analysis.tasks import TaskState
from app.analysis_pipeline.models import PipelineModels
from app.analysis_pipeline.pipeline import QuestionSpec
from app.analysis_pipeline.service import AnalysisService
from app.analysis_pipeline.settings import PipelineSettings
from app.analysis_pipeline.store import AnalysisStore, AnswerSpec, RunStatus
from app.jobs import JobRunner
from app.keys import KdfParams
from app.media import MediaRef
from app.workspace import Session, Workspace
from tests.app import pipeline_support as support

pytestmark = pytest.mark.slow

QUESTIONS = [
    QuestionSpec(
        "Tell us about the last book you read and why you chose it.",
        ("the story of the book", "the author", "why it was chosen"),
    ),
    QuestionSpec("Describe a time you had to leave somewhere familiar.", ()),
]


@pytest.fixture(scope="module")
def faces() -> list[np.ndarray]:
    if not support.FACE_VIDEO.is_file():
        pytest.skip("shared video clips are not present")
    return support.face_frames(support.FACE_VIDEO, 256)


@pytest.fixture(scope="module")
def recordings(
    tmp_path_factory: pytest.TempPathFactory, faces: list[np.ndarray]
) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("recordings")
    speech = support.read_samples(support.SPEECH / support.CLIP)
    return {
        "talking": support.make_recording(
            folder / "talking.webm", audio=speech, faces=faces, seconds=len(speech) / 48_000
        ),
        "audio_only": support.SPEECH / support.SHORT_CLIP,
        "silent": support.silent_wav(folder / "silent.wav"),
        "picture_only": support.make_recording(
            folder / "picture.webm", audio=None, faces=faces, seconds=3.0
        ),
    }


@pytest.fixture(scope="module")
def models(provisioned_model_dir: Path) -> PipelineModels:
    """Loaded once for the module: what a session's service shares between runs."""
    return PipelineModels(ModelRegistry(provisioned_model_dir, prefer_device="cpu"))


def _workspace(path: Path, monkeypatch: pytest.MonkeyPatch, policy: str = "general") -> Session:
    return Workspace.create(
        path, "admin", "correct horse battery", policy, kdf=KdfParams.insecure_fast()
    )


@pytest.fixture
def session(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Session]:
    with _workspace(tmp_path / "ws", monkeypatch) as s:
        yield s


def test_imported_answers_store_every_step_with_models_and_settings_offline(
    session: Session,
    models: PipelineModels,
    recordings: dict[str, Path],
    network_off: list[object],
) -> None:
    candidate = session.candidates.add("Jane Doe", {})
    service = AnalysisService(session, models)
    run_id = service.analyse_files(
        candidate,
        [recordings["talking"], recordings["audio_only"]],
        QUESTIONS,
        identity_consented=True,
    )
    store = AnalysisStore(session.db)
    run = store.run(run_id)
    assert run is not None and run.status is RunStatus.COMPLETE
    assert run.settings["speech"] == "speech" and run.settings["identity_consented"] is True
    rows = {(s.answer_key, s.step): s for s in store.steps(run_id)}
    assert set(rows) == {
        *((k, s) for k in ("q01", "q02") for s in ("transcribe", "assess", "video")),
        ("", "identity"),
        ("", "score"),
    }
    for key in ("q01", "q02"):
        transcript = rows[(key, "transcribe")]
        assert transcript.status == "ok"
        assert transcript.result["text"].strip()
        words = [w for s in transcript.result["segments"] for w in s["words"]]
        assert {"word", "start", "end", "probability"} <= set(words[0])
        speech = transcript.model["speech"]
        assert speech["name"] == "whisper-tiny.en" and speech["device"] == "cpu"
        assert len(speech["sha256"]) == 64 and speech["version"]
        assessment = rows[(key, "assess")]
        assert assessment.status == "ok"
        assert 0.0 <= assessment.result["overall"] <= 1.0
        assert (
            assessment.model["sentence_embeddings"]["sha256"]
            == (run.models["sentence_embeddings"]["sha256"])
        )
    # the picture: observed for the talking face, a clear status for the audio file
    video = rows[("q01", "video")]
    assert video.status == "ok" and video.result["face_visible_ratio"] > 0.9
    assert {"face_detection", "face_identity"} <= set(video.model)
    assert rows[("q02", "video")].status == "no_video"
    assert "no picture" in rows[("q02", "video")].result["message"]
    assert rows[("", "identity")].status == "same"
    assert rows[("", "score")].result["assessed"] == 2
    # the book question names two key points the reading covers; the score says which
    assert rows[("q01", "assess")].result["covered_key_points"]
    assert network_off == []
    latest = service.latest(candidate)
    assert latest is not None and latest.run.id == run_id and latest.unavailable() == []


def test_silent_and_soundless_answers_get_a_status_not_a_crash(
    session: Session, models: PipelineModels, recordings: dict[str, Path]
) -> None:
    candidate = session.candidates.add("Sam Silent", {})
    service = AnalysisService(session, models)
    run_id = service.analyse_files(
        candidate, [recordings["silent"], recordings["picture_only"]], QUESTIONS
    )
    result = service.latest(candidate)
    assert result is not None and result.run.id == run_id
    silent, picture_only = result.answers
    assert silent.transcript.status == "no_speech"
    assert "No speech" in silent.transcript.message
    assert picture_only.transcript.status == "no_audio"
    assert "no sound track" in picture_only.transcript.message
    assert {silent.assessment.status, picture_only.assessment.status} == {"not_assessed"}
    assert picture_only.video.status == "ok"
    assert result.score.status == "no_score" and result.score.result["value"] is None
    # no consent was given: no face template was made or compared
    assert result.identity.status == "not_consented"
    assert "face_identity" not in result.run.models
    assert picture_only.video.result["identity"] is None


def test_missing_embeddings_model_marks_assessment_unavailable_and_the_rest_runs(
    session: Session,
    provisioned_model_dir: Path,
    recordings: dict[str, Path],
    tmp_path: Path,
) -> None:
    folder = support.model_folder_without(provisioned_model_dir, tmp_path / "models", "minilm")
    service = AnalysisService(session, ModelRegistry(folder, prefer_device="cpu"))
    candidate = session.candidates.add("Una Available", {})
    service.analyse_files(candidate, [recordings["audio_only"]], QUESTIONS[:1])
    result = service.latest(candidate)
    assert result is not None
    (answer,) = result.answers
    assert answer.transcript.status == "ok"
    assert answer.assessment.status == "unavailable"
    assert "minilm/model.onnx is missing" in answer.assessment.message
    assert [u.capability for u in result.unavailable()] == ["sentence_embeddings"]
    assert result.run.models["sentence_embeddings"]["available"] is False


def test_cancel_mid_run_keeps_only_finished_steps_and_the_next_start_resumes(
    session: Session, models: PipelineModels, recordings: dict[str, Path]
) -> None:
    candidate = session.candidates.add("Carl Cancel", {})
    service = AnalysisService(session, models)
    store = AnalysisStore(session.db)

    def cancel_after_first_transcript(fraction: float, text: str) -> None:
        if text == "Transcribed":
            task.cancel()

    task = TaskState(cancel_after_first_transcript)
    pipeline = service.start(candidate, "import:cancel-test")
    with pytest.raises(Cancelled):
        pipeline.analyse_files([recordings["talking"], recordings["audio_only"]], QUESTIONS, task)
    run = store.run(pipeline.run_id)
    assert run is not None and run.status is RunStatus.CANCELLED
    kept = store.steps(pipeline.run_id)
    names = [(s.answer_key, s.step) for s in kept]
    # the transcript was finished; the picture (observed alongside) may have been too;
    # nothing after the cancel was stored, and nothing of the second answer
    assert ("q01", "transcribe") in names
    assert set(names) <= {("q01", "transcribe"), ("q01", "video")}
    assert all(s.status == "ok" and s.finished_at >= s.started_at for s in kept)
    assert service.latest(candidate) is None  # nothing half-done is shown

    resumed = service.resume(candidate, "import:cancel-test")
    assert resumed == pipeline.run_id
    steps = store.steps(resumed)
    assert steps[: len(kept)] == kept  # the finished steps were kept, not redone
    assert len(steps) == 8
    latest = service.latest(candidate)
    assert latest is not None and latest.run.id == resumed

    # re-running with another model is one call, and a new run that says so
    rerun = service.rerun(candidate, PipelineSettings(speech=Capability.SPEECH_MULTILINGUAL))
    assert rerun != resumed
    again = service.latest(candidate)
    assert again is not None and again.run.id == rerun
    assert again.answers[0].transcript.models["speech_multilingual"]["name"] == "whisper-base"
    assert again.answers[0].transcript.status == "ok"


def test_eu_policy_stores_no_expressions_even_when_enabled(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    models: PipelineModels,
    recordings: dict[str, Path],
) -> None:
    enabled = PipelineSettings(facial_expression=True)
    found = {}
    for policy in ("eu", "general"):
        with _workspace(tmp_path / policy, monkeypatch, policy) as session:
            candidate = session.candidates.add("Eve Expression", {})
            service = AnalysisService(session, models)
            service.analyse_files(candidate, [recordings["picture_only"]], QUESTIONS[:1], enabled)
            result = service.latest(candidate)
            assert result is not None
            found[policy] = result
    eu_video = found["eu"].answers[0].video
    assert eu_video.result["expressions"] is None
    assert eu_video.result["expression_analysis"]["status"] == "not_allowed"
    assert "facial_expression" not in eu_video.models
    assert "facial_expression" not in found["eu"].run.models
    # where the law allows it and it was switched on, it is described (never scored)
    general_video = found["general"].answers[0].video
    assert general_video.result["expression_analysis"]["status"] == "on"
    assert general_video.result["expressions"]["distribution"]
    assert "facial_expression" in general_video.models
    assert found["general"].score.result.get("value") is None  # nothing scored from a face


def test_answers_analysed_as_they_arrive_then_finish_completes_the_run(
    session: Session, models: PipelineModels, recordings: dict[str, Path]
) -> None:
    candidate = session.candidates.add("Stella Stream", {})
    service = AnalysisService(session, models)
    pipeline = service.start(candidate, "interview:1")
    runner = JobRunner(max_workers=2)
    try:
        jobs = []
        for index, path in enumerate([recordings["talking"], recordings["audio_only"]]):
            ref = session.media.put_file(candidate, "answer", path)
            answer = support_answer(index, ref)
            jobs.append(runner.submit("answer", lambda t, a=answer: pipeline.analyse_answer(a, t)))
        statuses = [job.future.result(timeout=120) for job in jobs]
        assert [s.statuses["transcribe"] for s in statuses] == ["ok", "ok"]
        assert AnalysisStore(session.db).run(pipeline.run_id).status is RunStatus.RUNNING  # type: ignore[union-attr]
        finished = runner.submit("finish", pipeline.finish).future.result(timeout=60)
    finally:
        runner.shutdown()
    assert finished == pipeline.run_id
    result = service.latest(candidate)
    assert result is not None and [a.key for a in result.answers] == ["q01", "q02"]


def test_a_run_left_running_by_a_killed_app_is_resumed_by_the_next_start(
    session: Session, models: PipelineModels, recordings: dict[str, Path]
) -> None:
    candidate = session.candidates.add("Kim Killed", {})
    first = AnalysisService(session, models).start(candidate, "interview:7")
    ref = session.media.put_file(candidate, "answer", recordings["audio_only"])
    first.analyse_answer(support_answer(0, ref))
    second_ref = session.media.put_file(candidate, "answer", recordings["silent"])
    first.add_answer(support_answer(1, second_ref))
    # the app dies here: the run stays "running", with the first answer's steps stored
    store = AnalysisStore(session.db)
    assert store.run(first.run_id).status is RunStatus.RUNNING  # type: ignore[union-attr]
    restarted = AnalysisService(session, models)  # a new process, the same workspace
    assert restarted.latest(candidate) is None
    again = restarted.start(candidate, "interview:7")
    assert again.run_id == first.run_id
    before = store.steps(first.run_id, "q01")
    again.finish()
    assert store.steps(first.run_id, "q01") == before  # finished steps were not redone
    result = restarted.latest(candidate)
    assert result is not None and result.run.id == first.run_id
    assert [a.transcript.status for a in result.answers] == ["ok", "no_speech"]


def support_answer(index: int, ref: object) -> AnswerSpec:
    assert isinstance(ref, MediaRef)
    question = QUESTIONS[index]
    return AnswerSpec(f"q{index + 1:02d}", index, question.question, question.key_points, ref)


def test_erasing_the_candidate_removes_their_analysis(
    session: Session, models: PipelineModels, recordings: dict[str, Path]
) -> None:
    candidate = session.candidates.add("Erin Erased", {})
    service = AnalysisService(session, models)
    service.analyse_files(candidate, [recordings["audio_only"]], QUESTIONS[:1])
    session.candidates.delete(candidate)
    for table in ("analysis_answers", "analysis_runs"):
        assert session.db.scalar(f"SELECT count(*) FROM {table}") == 0
    assert session.db.scalar("SELECT count(*) FROM analysis_step_results") == 0
