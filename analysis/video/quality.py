"""Recording conditions: light, focus, camera distance, who is in view.

These describe the recording, never the candidate. They are measured so that a dark,
blurred or distant picture is recognised as such and not read as poor performance.

- brightness: mean grey level (0-255) of the main face, or of the frame without a face
  (too dark: face below 40, frame below 25; the low-light photos measure 1-4, faces in
  ordinary indoor video 75-125).
- sharpness: variance of the Laplacian of the main face scaled to 96 x 96 grey pixels,
  so it does not depend on how large the face is. Measured on faces only: a plain wall
  is "blurred" by this measure. On the faces dlib's HOG frames, sharp photos (White
  House, DeepFace's test set) measured 200-1703, the motion- and camera-blurred faces
  of the CFMDGAN set 28-113.
- face fraction: height of the main face over the frame height.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import cv2
import numpy as np

from analysis.video.detection import Grey
from analysis.video.geometry import FaceBox, TimeRange, runs_to_ranges

SHARPNESS_SIDE = 96


class QualityIssue(StrEnum):
    TOO_DARK = "too_dark"
    BLURRED = "blurred"
    FACE_TOO_SMALL = "face_too_small"
    NO_FACE_MUCH_OF_THE_TIME = "no_face_much_of_the_time"
    MULTIPLE_FACES = "multiple_faces"


DESCRIPTIONS = {
    QualityIssue.TOO_DARK: "The picture was too dark to see the face well.",
    QualityIssue.BLURRED: "The face was blurred (movement or focus).",
    QualityIssue.FACE_TOO_SMALL: "The face was small in the picture (far from the camera).",
    QualityIssue.NO_FACE_MUCH_OF_THE_TIME: "No face was in view for much of the answer.",
    QualityIssue.MULTIPLE_FACES: "More than one face was in view.",
}

EXPLANATION = (
    "These flags describe recording conditions (light, focus, distance to the camera, who "
    "was in view), not the candidate's performance. Where they are raised, the video of "
    "this answer says little, and nothing about the candidate should be read into it."
)


@dataclass(frozen=True)
class QualitySettings:
    dark_below: float = 40.0  # mean grey level of the main face
    dark_frame_below: float = 25.0  # of the whole frame, when no face is found
    blurred_below: float = 150.0
    # a face under 15 % of the frame height is ~2 m or more from a webcam; under 60 px it
    # carries too little detail for identity checks, whatever the frame size
    small_face_below: float = 0.15  # face height / frame height
    small_face_px: int = 60
    no_face_above: float = 0.2  # share of the answer without a face that raises the flag
    flag_share: float = 0.2  # share of samples (or faces) affected that raises a flag
    min_range_s: float = 0.4  # shorter runs are not reported as ranges


@dataclass(frozen=True)
class FrameQuality:
    brightness: float
    sharpness: float | None  # None without a face
    face_fraction: float | None  # None without a face
    face_px: int | None


def measure_frame(grey: Grey, face: FaceBox | None) -> FrameQuality:
    """Light, focus and size of the main face (or light of the whole frame without one)."""
    height = grey.shape[0]
    if face is None:
        step = max(1, max(grey.shape[:2]) // 160)  # a mean needs no more than ~160 px
        return FrameQuality(float(grey[::step, ::step].mean()), None, None, None)
    crop = grey[max(0, face.y) : face.y + face.h, max(0, face.x) : face.x + face.w]
    if crop.size == 0:
        return FrameQuality(float(grey.mean()), None, None, None)
    small = cv2.resize(crop, (SHARPNESS_SIDE, SHARPNESS_SIDE), interpolation=cv2.INTER_AREA)
    sharpness = float(cv2.Laplacian(small, cv2.CV_32F).var())
    return FrameQuality(float(small.mean()), sharpness, face.h / height, face.h)


@dataclass(frozen=True)
class QualityFlag:
    issue: QualityIssue
    share: float  # of the samples it is measured on
    ranges: tuple[TimeRange, ...]
    description: str

    def to_json_dict(self) -> dict[str, object]:
        return {
            "issue": str(self.issue),
            "share": round(self.share, 3),
            "ranges": [r.to_json_dict() for r in self.ranges],
            "description": self.description,
        }


@dataclass(frozen=True)
class FrameSample:
    """What one sampled frame showed: how many faces, and the recording conditions."""

    t: float
    faces: int
    quality: FrameQuality

    def to_json_dict(self) -> dict[str, object]:
        q = self.quality
        return {
            "t": round(self.t, 3),
            "faces": self.faces,
            "brightness": round(q.brightness, 1),
            "sharpness": None if q.sharpness is None else round(q.sharpness, 1),
            "face_fraction": None if q.face_fraction is None else round(q.face_fraction, 3),
        }


def summarise_quality(
    samples: Sequence[FrameSample], step: float, settings: QualitySettings
) -> tuple[QualityFlag, ...]:
    """The flags an answer's samples raise, each with its share and time ranges."""
    flags: list[QualityFlag] = []
    if not samples:
        return ()

    def flag(issue: QualityIssue, marks: list[tuple[float, bool]], threshold: float) -> None:
        if not marks:
            return
        share = sum(1 for _, m in marks if m) / len(marks)
        if share > 0 and share + 1e-9 >= threshold:
            ranges = runs_to_ranges(marks, step, min_duration=settings.min_range_s)
            flags.append(QualityFlag(issue, share, ranges, DESCRIPTIONS[issue]))

    s = settings
    flag(
        QualityIssue.TOO_DARK,
        [(x.t, is_dark(x, s)) for x in samples],
        s.flag_share,
    )
    with_face = [x for x in samples if x.faces and x.quality.sharpness is not None]
    flag(
        QualityIssue.BLURRED,
        [(x.t, (x.quality.sharpness or 0.0) < s.blurred_below) for x in with_face],
        s.flag_share,
    )
    flag(
        QualityIssue.FACE_TOO_SMALL,
        [
            (
                x.t,
                (x.quality.face_fraction or 0.0) < s.small_face_below
                or (x.quality.face_px or 0) < s.small_face_px,
            )
            for x in with_face
        ],
        s.flag_share,
    )
    flag(
        QualityIssue.NO_FACE_MUCH_OF_THE_TIME,
        [(x.t, x.faces == 0) for x in samples],
        s.no_face_above,
    )
    multi = [(x.t, x.faces > 1) for x in samples]
    # a still picture is a single sample: its extra face counts without a duration
    if runs_to_ranges(multi, step, min_duration=s.min_range_s) or len(samples) == 1:
        flag(QualityIssue.MULTIPLE_FACES, multi, 1e-9)
    return tuple(flags)


def is_dark(sample: FrameSample, settings: QualitySettings) -> bool:
    # a dark background behind a lit face is fine: the face decides when there is one
    limit = settings.dark_below if sample.faces else settings.dark_frame_below
    return sample.quality.brightness < limit


def median_or_none(values: Sequence[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return float(np.median(present)) if present else None
