"""Sentence embeddings with all-MiniLM-L6-v2 (int8 ONNX) and a `tokenizers` tokenizer.

No torch: onnxruntime runs the encoder, and the sentence-transformers recipe
(mean of the token vectors under the attention mask, then L2 normalisation) is
done here in numpy, so the dot product of two embeddings is their cosine similarity.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np
import numpy.typing as npt
import onnxruntime as ort
from tokenizers import Encoding, Tokenizer

from analysis.errors import ModelUnavailable

log = logging.getLogger("candor.embeddings")

DIMENSION = 384
MODEL_FILE = "model.onnx"
TOKENIZER_FILE = "tokenizer.json"

Vectors = npt.NDArray[np.float32]


class ModelRef(Protocol):
    """What `load_embedder` needs from the registry's resolved model."""

    @property
    def path(self) -> Path: ...

    @property
    def device(self) -> str: ...


def load_embedder(resolved: ModelRef, *, cpu_threads: int = 0) -> SentenceEmbedder:
    """An embedder for a resolved model folder holding `model.onnx` and `tokenizer.json`."""
    folder = Path(resolved.path)
    return SentenceEmbedder(
        folder / MODEL_FILE,
        folder / TOKENIZER_FILE,
        device=resolved.device,
        cpu_threads=cpu_threads,
    )


class SentenceEmbedder:
    """Maps texts to unit vectors whose dot product measures how alike their meanings are.

    Blank texts map to the zero vector: they mean nothing, so they resemble nothing.
    """

    def __init__(
        self,
        model_path: Path,
        tokenizer_path: Path,
        *,
        device: str = "cpu",
        max_length: int = 256,
        batch_size: int = 32,
        cpu_threads: int = 0,
    ) -> None:
        if batch_size < 1 or max_length < 2:
            raise ValueError("batch_size must be >= 1 and max_length >= 2")
        self.batch_size = batch_size
        self._tokenizer = _load_tokenizer(Path(tokenizer_path), max_length)
        self._session = _load_session(Path(model_path), device, cpu_threads)
        self._inputs = {i.name for i in self._session.get_inputs()}
        if not {"input_ids", "attention_mask"} <= self._inputs:
            raise ModelUnavailable(
                "embeddings",
                "The sentence model does not look like a BERT encoder.",
                "Reinstall the model pack (all-MiniLM-L6-v2).",
            )
        self.device = "cuda" if "CUDAExecutionProvider" in self._session.get_providers() else "cpu"
        if device.startswith("cuda") and self.device != "cuda":
            log.warning("CUDA is not available to onnxruntime; sentence embeddings run on the CPU")

    def embed(self, texts: Sequence[str]) -> Vectors:
        """Unit vectors shaped (len(texts), 384), float32, in the order of `texts`."""
        if isinstance(texts, str):
            raise TypeError("embed takes a sequence of texts; wrap a single text in a list")
        vectors = np.zeros((len(texts), DIMENSION), dtype=np.float32)
        filled = [i for i, text in enumerate(texts) if text.strip()]
        encodings = self._tokenizer.encode_batch([texts[i] for i in filled])
        # Batching texts of similar length keeps padding (wasted work) small.
        order = sorted(range(len(filled)), key=lambda k: len(encodings[k].ids))
        for start in range(0, len(order), self.batch_size):
            chunk = order[start : start + self.batch_size]
            batch = self._run([encodings[k] for k in chunk])
            vectors[[filled[k] for k in chunk]] = batch
        return vectors

    def similarity(self, a: str, b: str) -> float:
        """Cosine similarity of two texts, in [-1, 1]; 0 when either is blank."""
        first, second = self.embed([a, b])
        return float(np.dot(first, second))

    def _run(self, encodings: Sequence[Encoding]) -> Vectors:
        width = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(encodings), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        for row, encoding in enumerate(encodings):
            length = len(encoding.ids)
            ids[row, :length] = encoding.ids
            mask[row, :length] = 1
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feeds["token_type_ids"] = np.zeros_like(ids)
        hidden = np.asarray(self._session.run(None, feeds)[0], dtype=np.float32)
        weights = mask[:, :, np.newaxis].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        normalised: Vectors = (pooled / np.maximum(norms, 1e-12)).astype(np.float32)
        return normalised


def _load_tokenizer(path: Path, max_length: int) -> Tokenizer:
    try:
        tokenizer = Tokenizer.from_file(str(path))
    except Exception as exc:  # tokenizers raises a bare Exception for missing or bad files
        raise ModelUnavailable(
            "embeddings",
            "The sentence model's tokenizer could not be read.",
            "Reinstall the model pack (all-MiniLM-L6-v2 tokenizer.json).",
        ) from exc
    # The shipped tokenizer pads every text to 128 tokens and cuts there; we pad per
    # batch ourselves and allow the model's trained length.
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_length=max_length)
    return tokenizer


def _load_session(path: Path, device: str, cpu_threads: int) -> ort.InferenceSession:
    if not path.is_file():
        raise ModelUnavailable(
            "embeddings",
            "The sentence model file is missing.",
            "Reinstall the model pack (all-MiniLM-L6-v2 model.onnx).",
        )
    options = ort.SessionOptions()
    options.intra_op_num_threads = cpu_threads or _available_cores()
    options.inter_op_num_threads = 1
    options.log_severity_level = 3  # errors only: onnxruntime's notices are not for users
    wanted = ["CPUExecutionProvider"]
    if device.startswith("cuda"):
        wanted.insert(0, "CUDAExecutionProvider")
    # Asking for a provider this build lacks only produces a warning: ask for what exists.
    providers = [p for p in wanted if p in ort.get_available_providers()]
    try:
        return ort.InferenceSession(str(path), sess_options=options, providers=providers)
    except Exception as exc:  # onnxruntime raises its own non-exported exception types
        raise ModelUnavailable(
            "embeddings",
            "The sentence model could not be loaded; the file may be damaged.",
            "Reinstall the model pack (all-MiniLM-L6-v2 model.onnx).",
        ) from exc


def _available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
