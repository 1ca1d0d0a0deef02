"""Face identity embeddings: dlib's ResNet (DeepFace's "Dlib" model), called directly.

DeepFace's Dlib model is `dlib.face_recognition_model_v1` on a 150 x 150 face chip.
DeepFace makes that chip by resizing its detector's crop; here the chip is cut the way
dlib's model was trained for: 5 landmarks (`shape_predictor_5_face_landmarks.dat`),
then `dlib.get_face_chip(size=150, padding=0.25)`, which removes roll and scale. Same
weights, better-aligned input; `tests/analysis/test_video_identity.py` checks that a
chip gives the same 128 numbers here and through `DeepFace.represent(model_name="Dlib")`.

Distances are euclidean. dlib and DeepFace use 0.6 for "same person"; Candor's
operating threshold (IDENTITY_THRESHOLD) comes from benchmarks/bench_faces.py: on
DeepFace's 300 pairs plus the White House obama/biden pairs (48 same, 267 different)
these chips gave ROC-AUC 1.000, and at 0.6 TAR 0.979 with no false accept; DeepFace's
own crop-and-resize input gave AUC 1.000 too, but on a compressed scale where 0.6
accepts 6.4 % of different people. One chip costs ~0.1 s on 2 cores (dlib without BLAS).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import cv2
import dlib
import numpy as np
from numpy.typing import NDArray

from analysis.errors import ModelUnavailable
from analysis.models import Capability, ModelRegistry, ResolvedModel
from analysis.video.frames import Image
from analysis.video.geometry import FaceBox

Embeddings = NDArray[np.float32]  # (n, 128)

# On the verification pairs same-person distances reached 0.620 and different-person
# distances began at 0.645: 0.6 accepts no impostor there, is dlib's own documented
# threshold (99.38 % on LFW), and in video one speaker stayed under 0.5 while other
# people measured 0.72-0.97.
IDENTITY_THRESHOLD = 0.6
CHIP_SIZE = 150
CHIP_PADDING = 0.25
THUMBNAIL_SIDE = 96


class FaceEmbedder:
    """128 numbers per face; thread-safe (calls are serialised)."""

    def __init__(
        self, recognition_path: Path, landmarks_path: Path, *, model: ResolvedModel | None = None
    ) -> None:
        try:
            self._landmarks = dlib.shape_predictor(str(landmarks_path))
            self._network = dlib.face_recognition_model_v1(str(recognition_path))
        except RuntimeError as exc:
            raise ModelUnavailable(
                str(Capability.FACE_IDENTITY),
                "The face identity model could not be loaded: a dlib model file is damaged.",
                "Run `candor models provision` to rebuild it.",
            ) from exc
        self.model = model
        self._lock = threading.Lock()

    @classmethod
    def from_model(cls, model: ResolvedModel) -> FaceEmbedder:
        landmarks = model.files.get("landmarks")
        if model.runtime != "dlib" or landmarks is None:
            raise ModelUnavailable(
                str(Capability.FACE_IDENTITY),
                f"The face identity model {model.name} is not dlib's, the only one video "
                "observations can use yet.",
                "Remove the added identity model with `candor models`, or run "
                "`candor models provision` to restore the Dlib model.",
            )
        return cls(model.files.get("model", model.path), landmarks, model=model)

    @classmethod
    def load(cls, registry: ModelRegistry) -> FaceEmbedder:
        loaded = registry.load(Capability.FACE_IDENTITY, cls.from_model)
        if isinstance(loaded, FaceEmbedder):
            return loaded
        return cls.from_model(registry.resolve(Capability.FACE_IDENTITY))

    def chip(self, image: Image, box: FaceBox) -> Image:
        """The aligned 150 x 150 RGB face chip the network reads."""
        height, width = image.shape[:2]
        region = box.expanded(0.6, width, height)
        crop = image[region.y : region.y + region.h, region.x : region.x + region.w]
        rgb = np.ascontiguousarray(crop[:, :, ::-1])
        left, top = box.x - region.x, box.y - region.y
        rect = dlib.rectangle(left, top, left + box.w, top + box.h)
        with self._lock:
            shape = self._landmarks(rgb, rect)
            chip = dlib.get_face_chip(rgb, shape, size=CHIP_SIZE, padding=CHIP_PADDING)
        return np.asarray(chip, dtype=np.uint8)

    def embed_chips(self, chips: Sequence[Image]) -> Embeddings:
        """Embeddings of aligned RGB chips, one row each (one batched network call)."""
        if not chips:
            return np.zeros((0, 128), dtype=np.float32)
        batch = [np.ascontiguousarray(c, dtype=np.uint8) for c in chips]
        with self._lock:
            vectors = self._network.compute_face_descriptor(batch)
        return np.asarray([np.asarray(v) for v in vectors], dtype=np.float32)

    def embed(self, image: Image, boxes: Sequence[FaceBox]) -> Embeddings:
        """Embeddings of the given faces of a BGR picture."""
        return self.embed_chips([self.chip(image, box) for box in boxes])


def distances(embedding: NDArray[Any], references: NDArray[Any]) -> NDArray[np.float32]:
    """Euclidean distance from one embedding to each row of `references`."""
    diff = np.asarray(references, np.float32) - np.asarray(embedding, np.float32)[None, :]
    return np.asarray(np.linalg.norm(diff, axis=1), dtype=np.float32)


def face_thumbnail(image: Image, box: FaceBox, side: int = THUMBNAIL_SIDE) -> bytes:
    """A small JPEG of the face, in memory only (never written to disk by this module)."""
    height, width = image.shape[:2]
    region = box.expanded(0.2, width, height)
    crop = image[region.y : region.y + region.h, region.x : region.x + region.w]
    scale = side / max(crop.shape[:2])
    if scale < 1.0:
        size = (max(1, round(crop.shape[1] * scale)), max(1, round(crop.shape[0] * scale)))
        crop = np.asarray(cv2.resize(crop, size, interpolation=cv2.INTER_AREA), dtype=np.uint8)
    ok, encoded = cv2.imencode(".jpg", crop, [cv2.IMWRITE_JPEG_QUALITY, 80])
    return bytes(encoded.tobytes()) if ok else b""
