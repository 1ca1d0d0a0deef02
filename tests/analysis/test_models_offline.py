"""Provisioned models load and work with the network off; nothing is ever downloaded."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import onnxruntime as ort
import pytest
from faster_whisper import WhisperModel
from tokenizers import Tokenizer

from analysis.models import Capability, ModelRegistry, ResolvedModel

pytestmark = pytest.mark.slow

JFK = "jfk_inaugural_1961.flac"
SPEECH = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "speech" / "audio"


def _clip(name: str) -> Path:
    path = SPEECH / name
    if not path.is_file():
        pytest.skip(f"shared speech clip missing: {name}")
    return path


def _whisper(model: ResolvedModel) -> WhisperModel:
    return WhisperModel(str(model.path), device=model.device, compute_type="int8", cpu_threads=2)


def _transcribe(model: WhisperModel, clip: Path) -> str:
    segments, _info = model.transcribe(str(clip), beam_size=1)
    return " ".join(segment.text for segment in segments).lower()


class _Embedder:
    def __init__(self, model: ResolvedModel) -> None:
        self.session = ort.InferenceSession(
            str(model.path / "model.onnx"), providers=["CPUExecutionProvider"]
        )
        self.tokenizer = Tokenizer.from_file(str(model.path / "tokenizer.json"))

    def __call__(self, text: str) -> np.ndarray:
        encoding = self.tokenizer.encode(text)
        feeds = {
            "input_ids": np.array([encoding.ids], dtype=np.int64),
            "attention_mask": np.array([encoding.attention_mask], dtype=np.int64),
            "token_type_ids": np.array([encoding.type_ids], dtype=np.int64),
        }
        names = {i.name for i in self.session.get_inputs()}
        tokens = self.session.run(None, {k: v for k, v in feeds.items() if k in names})[0][0]
        mask = feeds["attention_mask"][0][:, None]  # the tokenizer pads to 128 tokens
        pooled = (tokens * mask).sum(axis=0) / mask.sum()
        return pooled / np.linalg.norm(pooled)


@dataclass(frozen=True)
class Offline:
    model_dir: Path
    attempts: list[object]  # every connection tried while provisioning and loading


@pytest.fixture(scope="module")
def offline(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Offline]:
    """A model folder provisioned with the network off; it stays off for the module."""
    attempts: list[object] = []

    def no_network(self: socket.socket, address: object) -> None:
        attempts.append(address)
        raise OSError("network disabled in this test")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket.socket, "connect", no_network)
        patch.setattr(socket.socket, "connect_ex", no_network)
        model_dir = tmp_path_factory.mktemp("models")
        assert ModelRegistry(model_dir).provision().ok
        yield Offline(model_dir, attempts)


def test_nothing_is_downloaded_to_provision_and_load_models(offline: Offline) -> None:
    registry = ModelRegistry(offline.model_dir)
    embed = registry.load(Capability.SENTENCE_EMBEDDINGS, _Embedder)
    whisper = registry.load(Capability.SPEECH, _whisper)

    similar = float(embed("I led a team of five engineers") @ embed("I managed five developers"))
    unrelated = float(embed("I led a team of five engineers") @ embed("The weather is sunny"))
    assert similar > unrelated + 0.3
    assert "what your country can do for you" in _transcribe(whisper, _clip(JFK))
    assert registry.loaded_model(Capability.SPEECH).source == "model folder"  # type: ignore[union-attr]
    assert offline.attempts == []


def test_joined_whisper_base_loads_in_faster_whisper_and_transcribes(offline: Offline) -> None:
    model = ModelRegistry(offline.model_dir).resolve(Capability.SPEECH_MULTILINGUAL)
    assert model.path == offline.model_dir / "whisper-base"

    whisper = WhisperModel(str(model.path), device="cpu", compute_type="int8", cpu_threads=2)

    assert whisper.model.is_multilingual
    text = _transcribe(whisper, _clip(JFK))
    assert "ask not what your country can do for you" in text
    assert offline.attempts == []
