"""Facial-expression analysis: descriptive only, off by default, never part of a score.

It cannot be built without `allowed=True`, which the app passes only where the
workspace policy permits emotion inference (never under the EU policy, AI Act
Art. 5(1)(f)). The model is DeepFace's Emotion model (FER2013 mini-Xception, 7 classes)
run in onnxruntime on batches of faces, prepared as DeepFace prepares them: the face
crop padded to a square and scaled to 224 px in [0, 1], then grey, then 48 x 48.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import cv2
import numpy as np
import onnxruntime as ort
from numpy.typing import NDArray

from analysis.errors import ModelUnavailable
from analysis.models import Capability, ModelRegistry, ResolvedModel
from analysis.video.errors import ExpressionAnalysisForbidden
from analysis.video.frames import Image
from analysis.video.geometry import FaceBox
from analysis.video.record import ModelRecord

LABELS = ("angry", "disgust", "fear", "happy", "sad", "surprise", "neutral")
NOTE = (
    "Descriptive only: what a facial-expression model read from the face, frame by frame. "
    "Expressions do not reveal feelings, ability or honesty; this is never part of a score."
)
Probabilities = NDArray[np.float32]  # (n, 7)


class ExpressionAnalyzer:
    """Seven expression probabilities per face. Thread-safe (onnxruntime sessions are)."""

    def __init__(
        self, model_path: Any, *, allowed: bool, model: ResolvedModel | None = None
    ) -> None:
        if not allowed:
            raise ExpressionAnalysisForbidden()
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1  # a 0.25 ms model: more threads only add spinning
        options.inter_op_num_threads = 1
        providers = ["CPUExecutionProvider"]
        if model is not None and model.device == "cuda":
            providers.insert(0, "CUDAExecutionProvider")
        try:
            self._session = ort.InferenceSession(str(model_path), options, providers=providers)
        except Exception as exc:  # onnxruntime raises its own untyped errors
            raise ModelUnavailable(
                str(Capability.FACIAL_EXPRESSION),
                "The facial-expression model could not be loaded: the file is damaged.",
                "Run `candor models provision` to rebuild it.",
            ) from exc
        self._input = self._session.get_inputs()[0].name
        self.model = model

    @classmethod
    def load(cls, registry: ModelRegistry, *, allowed: bool) -> ExpressionAnalyzer:
        """The registry's analyzer; refused (before loading anything) unless `allowed`."""
        if not allowed:
            raise ExpressionAnalysisForbidden()

        def build(model: ResolvedModel) -> ExpressionAnalyzer:
            return cls(model.path, allowed=True, model=model)

        loaded = registry.load(Capability.FACIAL_EXPRESSION, build)
        if isinstance(loaded, ExpressionAnalyzer):
            return loaded
        return build(registry.resolve(Capability.FACIAL_EXPRESSION))

    @staticmethod
    def face_input(image: Image, box: FaceBox) -> NDArray[np.float32]:
        """The 48 x 48 grey face in [0, 1] the model reads (DeepFace's preparation)."""
        crop = image[max(0, box.y) : box.y + box.h, max(0, box.x) : box.x + box.w]
        return prepare_face(crop)

    def probabilities(self, faces: Sequence[NDArray[np.float32]]) -> Probabilities:
        """(n, 7) probabilities, in LABELS order, for prepared faces (one batched call)."""
        if not faces:
            return np.zeros((0, len(LABELS)), dtype=np.float32)
        batch = np.stack(faces).astype(np.float32)[:, :, :, None]
        scores = self._session.run(None, {self._input: batch})[0]
        scores = np.asarray(scores, dtype=np.float32)
        total = np.maximum(scores.sum(axis=1, keepdims=True), 1e-12)
        return np.asarray(scores / total, dtype=np.float32)

    def analyse(self, image: Image, boxes: Sequence[FaceBox]) -> Probabilities:
        return self.probabilities([self.face_input(image, b) for b in boxes])


def prepare_face(crop_bgr: Image) -> NDArray[np.float32]:
    """DeepFace's steps: pad to square, resize to 224 in [0, 1], grey, resize to 48."""
    height, width = crop_bgr.shape[:2]
    factor = min(224 / height, 224 / width)
    unit = crop_bgr.astype(np.float32) / 255.0  # DeepFace scales to [0, 1] before resizing
    resized = cv2.resize(unit, (int(width * factor), int(height * factor)))
    pad_h, pad_w = 224 - resized.shape[0], 224 - resized.shape[1]
    padded = np.pad(
        resized,
        ((pad_h // 2, pad_h - pad_h // 2), (pad_w // 2, pad_w - pad_w // 2), (0, 0)),
        "constant",
    )
    if padded.shape[:2] != (224, 224):
        padded = cv2.resize(padded, (224, 224))
    grey = cv2.cvtColor(padded.astype(np.float32), cv2.COLOR_BGR2GRAY)
    return np.asarray(cv2.resize(grey, (48, 48)), dtype=np.float32)


@dataclass(frozen=True)
class ExpressionSummary:
    """Per answer: the mean probabilities, how often each label led, and how often it changed."""

    distribution: dict[str, float]
    dominant_counts: dict[str, int]
    frames: tuple[tuple[float, tuple[float, ...]], ...] = field(repr=False)
    flicker_rate: float  # share of consecutive frames whose leading label differs
    model: ModelRecord | None
    note: str = NOTE

    @classmethod
    def of(
        cls, times: Sequence[float], probabilities: Probabilities, model: ModelRecord | None
    ) -> ExpressionSummary:
        if len(times) == 0:
            empty = dict.fromkeys(LABELS, 0.0)
            return cls(empty, dict.fromkeys(LABELS, 0), (), 0.0, model)
        leading = probabilities.argmax(axis=1)
        means = probabilities.mean(axis=0)
        changes = int((leading[1:] != leading[:-1]).sum()) if len(leading) > 1 else 0
        return cls(
            {label: float(means[i]) for i, label in enumerate(LABELS)},
            {label: int((leading == i).sum()) for i, label in enumerate(LABELS)},
            tuple(
                (float(t), tuple(float(p) for p in row))
                for t, row in zip(times, probabilities, strict=True)
            ),
            changes / max(1, len(leading) - 1),
            model,
        )

    def to_json_dict(self) -> dict[str, object]:
        return {
            "labels": list(LABELS),
            "distribution": {k: round(v, 4) for k, v in self.distribution.items()},
            "dominant_counts": self.dominant_counts,
            "flicker_rate": round(self.flicker_rate, 4),
            "frames": [
                {"t": round(t, 3), "p": [round(p, 4) for p in probs]} for t, probs in self.frames
            ],
            "model": self.model.to_json_dict() if self.model else None,
            "note": self.note,
        }
