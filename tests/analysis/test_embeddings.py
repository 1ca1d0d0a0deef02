"""Sentence embeddings with the real all-MiniLM-L6-v2 int8 ONNX model."""

from __future__ import annotations

import shutil
import socket
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from analysis.embeddings import DIMENSION, SentenceEmbedder, load_embedder
from analysis.errors import ModelUnavailable
from tests.analysis.conftest import MiniLMPaths

pytestmark = pytest.mark.slow

ANSWERS = [
    "I led a team of five engineers",
    "I managed five developers",
    "The weather is sunny",
    "We migrated the billing service from a monolith to event-driven microservices, "
    "which cut the nightly batch from six hours to forty minutes.",
    "Python",
]


@pytest.fixture(scope="module")
def embedder(minilm_paths: MiniLMPaths) -> SentenceEmbedder:
    return SentenceEmbedder(minilm_paths.model, minilm_paths.tokenizer)


def test_embeddings_are_unit_vectors_of_384_floats(embedder: SentenceEmbedder) -> None:
    vectors = embedder.embed(ANSWERS)
    assert vectors.shape == (len(ANSWERS), DIMENSION)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert embedder.device == "cpu"


def test_paraphrases_score_higher_than_unrelated_sentences(embedder: SentenceEmbedder) -> None:
    paraphrase = embedder.similarity(ANSWERS[0], ANSWERS[1])
    unrelated = embedder.similarity(ANSWERS[0], ANSWERS[2])
    assert paraphrase > unrelated + 0.3
    assert embedder.similarity(
        "I have built REST APIs in Django", "I wrote web services with a Python framework"
    ) > embedder.similarity("I have built REST APIs in Django", "I enjoy hiking with my dog")


def test_a_text_is_most_similar_to_itself(embedder: SentenceEmbedder) -> None:
    vectors = embedder.embed(ANSWERS)
    similarities = vectors @ vectors.T
    assert np.array_equal(np.argmax(similarities, axis=1), np.arange(len(ANSWERS)))
    assert embedder.similarity(ANSWERS[3], ANSWERS[3]) == pytest.approx(1.0, abs=1e-5)


def test_batched_and_single_embeddings_agree(minilm_paths: MiniLMPaths) -> None:
    # batch_size 2 mixes a long and a short text in one padded batch.
    batched = SentenceEmbedder(minilm_paths.model, minilm_paths.tokenizer, batch_size=2)
    together = batched.embed(ANSWERS)
    one_by_one = np.stack([batched.embed([text])[0] for text in ANSWERS])
    np.testing.assert_allclose(together, one_by_one, atol=1e-4)


def test_order_of_results_follows_the_input(embedder: SentenceEmbedder) -> None:
    forward = embedder.embed(ANSWERS)
    backward = embedder.embed(ANSWERS[::-1])
    np.testing.assert_allclose(forward, backward[::-1], atol=1e-4)


def test_blank_texts_give_zero_vectors(embedder: SentenceEmbedder) -> None:
    vectors = embedder.embed(["", ANSWERS[0], "   \n"])
    assert not vectors[0].any() and not vectors[2].any()
    assert np.linalg.norm(vectors[1]) == pytest.approx(1.0, abs=1e-5)
    assert embedder.similarity("", ANSWERS[0]) == 0.0
    assert embedder.embed([]).shape == (0, DIMENSION)


def test_a_single_string_is_refused(embedder: SentenceEmbedder) -> None:
    with pytest.raises(TypeError):
        embedder.embed("not a list")  # a str is a Sequence[str]: refused at run time


def test_long_texts_are_truncated_not_rejected(minilm_paths: MiniLMPaths) -> None:
    short_limit = SentenceEmbedder(minilm_paths.model, minilm_paths.tokenizer, max_length=16)
    long_text = " ".join(["I designed and tested data pipelines for many teams"] * 200)
    vector = short_limit.embed([long_text])[0]
    assert np.linalg.norm(vector) == pytest.approx(1.0, abs=1e-5)


def test_missing_or_damaged_model_files_are_model_unavailable(
    minilm_paths: MiniLMPaths, tmp_path: Path
) -> None:
    with pytest.raises(ModelUnavailable) as missing:
        SentenceEmbedder(tmp_path / "model.onnx", minilm_paths.tokenizer)
    assert missing.value.capability == "embeddings"
    (tmp_path / "model.onnx").write_bytes(b"not an onnx graph")
    with pytest.raises(ModelUnavailable):
        SentenceEmbedder(tmp_path / "model.onnx", minilm_paths.tokenizer)
    with pytest.raises(ModelUnavailable):
        SentenceEmbedder(minilm_paths.model, tmp_path / "tokenizer.json")


@dataclass(frozen=True)
class _Resolved:
    path: Path
    device: str


def test_load_embedder_reads_a_provisioned_folder(
    minilm_paths: MiniLMPaths, tmp_path: Path
) -> None:
    shutil.copyfile(minilm_paths.model, tmp_path / "model.onnx")
    shutil.copyfile(minilm_paths.tokenizer, tmp_path / "tokenizer.json")
    embedder = load_embedder(_Resolved(tmp_path, "cpu"))
    assert embedder.similarity(ANSWERS[0], ANSWERS[1]) > 0.4


def test_embedding_needs_no_network(
    minilm_paths: MiniLMPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("embedding code tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    embedder = SentenceEmbedder(minilm_paths.model, minilm_paths.tokenizer)
    assert embedder.embed(["offline"]).shape == (1, DIMENSION)
