"""Face detection: OpenCV's Haar cascade on a downscaled grey picture, checked by dlib HOG.

The Haar cascade is what DeepFace's `opencv` detector runs, called directly: DeepFace's
wrapper would also search eyes in every face and copy the picture several times. It is
run on a picture scaled down to `detect_side` (a face of 48 px in a 640 px frame is
still 24 px, the cascade's window). Haar cascades find faces in some textures (a dog, a
poster) and frame some faces loosely (a forehead), so each find is checked once by
dlib's HOG face detector on its region (a few milliseconds; part of dlib, no extra model
file), whose box replaces the cascade's: on the 43 hand-drawn VOC boxes this took the
cascade from precision 0.90 / recall 0.84 at IoU 0.5 to 1.00 / 0.88, and the photo of
dogs from one "face" to none. HOG's boxes are also what dlib's landmark model expects.

Very dark pictures are histogram-equalised before the search: the cascade sees no face
in a picture whose mean brightness is 3 of 255; equalised, it finds 2 of the 4
low-light faces of the evaluation set.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
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

Grey = NDArray[np.uint8]

DARK_MEAN = 50.0  # below this mean grey level the search runs on an equalised picture
HOG_FACE_PX = 100  # a face scaled to this width sits well inside HOG's 80 px window range
TRACK_FACE_PX = 60  # tracking searches a face scaled to this (the cascade window is 24)


@dataclass(frozen=True)
class DetectorSettings:
    detect_side: int = 320  # longer side of the picture the full-frame search runs on
    scale_factor: float = 1.1
    min_neighbors: int = 5
    min_face_px: int = 24  # in the downscaled picture; the cascade's own window
    verify_threshold: float = -0.4  # dlib HOG score a Haar find needs to count as a face
    track_neighbors: int = 2  # a face searched where it just was needs less evidence


class FaceDetector:
    """Finds faces; boxes come back in the coordinates of the picture given.

    Thread-safe: calls are serialised (one registry's detector may serve several workers).
    """

    def __init__(
        self,
        cascade_path: Path,
        *,
        settings: DetectorSettings | None = None,
        model: ResolvedModel | None = None,
    ) -> None:
        self._cascade = cv2.CascadeClassifier(str(cascade_path))
        if self._cascade.empty():
            raise ModelUnavailable(
                str(Capability.FACE_DETECTION),
                f"The face detector {Path(cascade_path).name} could not be loaded.",
                "Reinstall opencv-contrib-python-headless with the set-up script.",
            )
        self._hog = dlib.get_frontal_face_detector()
        self.settings = settings or DetectorSettings()
        self.model = model
        self._lock = threading.Lock()

    @classmethod
    def from_model(cls, model: ResolvedModel) -> FaceDetector:
        if model.runtime != "opencv" or not str(model.path).endswith(".xml"):
            raise ModelUnavailable(
                str(Capability.FACE_DETECTION),
                f"The face detection model {model.name} is not a Haar cascade, the only kind "
                "video observations can use yet.",
                "Remove the added detection model with `candor models`, so the built-in "
                "Haar cascade is used.",
            )
        return cls(model.path, model=model)

    @classmethod
    def load(cls, registry: ModelRegistry) -> FaceDetector:
        """The registry's detector, loaded once per registry."""
        loaded = registry.load(Capability.FACE_DETECTION, cls.from_model)
        if isinstance(loaded, FaceDetector):
            return loaded
        return cls.from_model(registry.resolve(Capability.FACE_DETECTION))

    # -- whole pictures ------------------------------------------------------------------

    def detect(
        self, image: Image | Grey, *, max_side: int | None = None, confirm: bool = True
    ) -> list[FaceBox]:
        """Every face in a picture (BGR or grey), largest first.

        `max_side` is the size the search runs at (default `settings.detect_side`); a
        larger one finds smaller faces, at a cost that grows with its square.
        `confirm=False` returns the cascade's raw finds (no HOG check, cascade boxes).
        """
        return self.detect_grey(to_grey(image), max_side=max_side, confirm=confirm)

    def detect_grey(
        self,
        grey: Grey,
        *,
        max_side: int | None = None,
        confirm: bool = True,
        scale_factor: float | None = None,
    ) -> list[FaceBox]:
        """`detect` on a grey picture. `confirm=False` skips the HOG check (the caller
        confirms the finds it has not seen before); `scale_factor` overrides the
        cascade's step between sizes (larger is faster and misses more)."""
        s = self.settings
        side = max_side or s.detect_side
        scale = min(1.0, side / max(grey.shape[:2]))
        small = grey if scale == 1.0 else _resize(grey, scale)
        if float(small.mean()) < DARK_MEAN:
            small = np.asarray(cv2.equalizeHist(small), dtype=np.uint8)
        with self._lock:
            found = self._cascade.detectMultiScale(
                small,
                scale_factor or s.scale_factor,
                s.min_neighbors,
                minSize=(s.min_face_px, s.min_face_px),
            )
        boxes = [FaceBox(int(x), int(y), int(w), int(h)).scaled(1 / scale) for x, y, w, h in found]
        if confirm:
            boxes = [b for b in (self.confirm(grey, box) for box in boxes) if b is not None]
        return without_duplicates(boxes)

    def confirm(self, grey: Grey, box: FaceBox) -> FaceBox | None:
        """dlib HOG's box for the face at `box`, with its score; None if HOG sees no face.

        HOG's boxes are tight (brows to chin) and steady, the boxes dlib's landmark model
        was trained on; the cascade's boxes vary more and sometimes frame a forehead.
        """
        return self._hog_near(grey, box, self.settings.verify_threshold)

    def _hog_near(self, grey: Grey, box: FaceBox, threshold: float) -> FaceBox | None:
        height, width = grey.shape[:2]
        region = box.expanded(0.5, width, height)
        crop = grey[region.y : region.y + region.h, region.x : region.x + region.w]
        scale = HOG_FACE_PX / max(box.w, 1)
        crop = _resize(crop, scale)
        if float(crop.mean()) < DARK_MEAN:
            crop = np.asarray(cv2.equalizeHist(crop), dtype=np.uint8)
        with self._lock:
            rects, scores, _ = self._hog.run(crop, 0, threshold)
        if not len(scores):
            return None
        found = [
            FaceBox(
                region.x + round(r.left() / scale),
                region.y + round(r.top() / scale),
                max(1, round(r.width() / scale)),
                max(1, round(r.height() / scale)),
                float(score),
            )
            for r, score in zip(rects, scores, strict=True)
        ]
        cx, cy = box.center
        return min(found, key=lambda f: (f.center[0] - cx) ** 2 + (f.center[1] - cy) ** 2)

    # -- tracking ------------------------------------------------------------------------

    def search_near(self, grey: Grey, previous: FaceBox) -> FaceBox | None:
        """The face near where `previous` was (same size within a factor 1.6), or None.

        Cheap (a small region at a few scales): what tracking runs between full searches.
        HOG looks first (steady boxes); the cascade, which copes better with a tilted
        or half-covered face, looks when HOG sees nothing.
        """
        hog = self._hog_near(grey, previous, self.settings.verify_threshold)
        if hog is not None and previous.iou(hog) >= 0.2:
            return hog
        height, width = grey.shape[:2]
        region = previous.expanded(0.5, width, height)
        crop = grey[region.y : region.y + region.h, region.x : region.x + region.w]
        scale = min(1.0, TRACK_FACE_PX / max(previous.w, 1))
        small = _resize(crop, scale) if scale < 1.0 else crop
        if float(small.mean()) < DARK_MEAN:
            small = np.asarray(cv2.equalizeHist(small), dtype=np.uint8)
        expected = previous.w * scale
        low = max(self.settings.min_face_px, int(expected / 1.6))
        high = max(low + 1, int(expected * 1.6))
        with self._lock:
            found = self._cascade.detectMultiScale(
                small,
                self.settings.scale_factor,
                self.settings.track_neighbors,
                minSize=(low, low),
                maxSize=(high, high),
            )
        candidates = [
            FaceBox(int(x), int(y), int(w), int(h)).scaled(1 / scale) for x, y, w, h in found
        ]
        if not candidates:
            return None
        shifted = [FaceBox(c.x + region.x, c.y + region.y, c.w, c.h) for c in candidates]
        best = max(shifted, key=previous.iou)
        if previous.iou(best) < 0.2:
            return None
        return FaceBox(best.x, best.y, best.w, best.h, previous.score)


def without_duplicates(boxes: list[FaceBox], overlap: float = 0.4) -> list[FaceBox]:
    """Largest first, dropping a box that overlaps a better-scored one (one face, two finds)."""
    kept: list[FaceBox] = []
    for box in sorted(boxes, key=lambda b: b.score, reverse=True):
        if all(box.iou(other) < overlap for other in kept):
            kept.append(box)
    return sorted(kept, key=lambda b: b.area, reverse=True)


def to_grey(image: Image | Grey) -> Grey:
    if image.ndim == 2:
        return image
    return np.asarray(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY), dtype=np.uint8)


def _resize(image: NDArray[Any], scale: float) -> NDArray[np.uint8]:
    height, width = image.shape[:2]
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    method = cv2.INTER_AREA if scale < 1.0 else cv2.INTER_LINEAR
    return np.asarray(cv2.resize(image, size, interpolation=method), dtype=np.uint8)
