"""Identity continuity: is the person answering the person who checked in?

The reference is made from the consented check-in picture(s); it is the only way to get
one, and it needs `consented=True`, so a face template cannot be made by accident. While
an answer is observed, the main face is compared with it (every new face at once, then
every few seconds, and again at once after a mismatch, to confirm it). A *moment* is
flagged when the main face failed to match in at least two samples in a row: one turned
or blurred frame is not enough. A flagged moment is never a verdict: it carries small
pictures (JPEG bytes, in memory) of the face for a person to judge.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import numpy as np

from analysis.video.detection import FaceDetector
from analysis.video.embedding import (
    IDENTITY_THRESHOLD,
    Embeddings,
    FaceEmbedder,
    distances,
    face_thumbnail,
)
from analysis.video.errors import ConsentRequired, NoUsableFace
from analysis.video.frames import Image, TimedFrame
from analysis.video.record import ModelRecord

if TYPE_CHECKING:
    from analysis.video.observer import VideoObservations

MIN_REFERENCE_FACE_PX = 60  # a reference face smaller than this carries too little detail
MIN_MISMATCHES = 2  # consecutive mismatching samples that make a flagged moment
MIN_SAMPLES = 2  # compared faces an answer needs for a verdict


class IdentityStatus(StrEnum):
    SAME = "same"
    POSSIBLE_SUBSTITUTION = "possible_substitution"
    INSUFFICIENT_FACES = "insufficient_faces"


@dataclass(frozen=True)
class IdentityReference:
    """The consented check-in face template(s): one 128-d embedding per usable picture."""

    embeddings: Embeddings = field(repr=False, compare=False)
    thumbnail: bytes = field(repr=False)
    fingerprint: str
    threshold: float = IDENTITY_THRESHOLD
    model: ModelRecord | None = None

    @classmethod
    def from_frames(
        cls,
        frames: Iterable[Image | TimedFrame],
        *,
        detector: FaceDetector,
        embedder: FaceEmbedder,
        consented: bool,
        threshold: float = IDENTITY_THRESHOLD,
        max_side: int = 640,
    ) -> IdentityReference:
        """The reference from check-in pictures (the largest face of each).

        Raises ConsentRequired unless `consented`, before looking at any picture, and
        NoUsableFace when no picture has a face at least 60 px high.
        """
        if not consented:
            raise ConsentRequired()
        chips, thumbnail = [], b""
        for frame in frames:
            image = frame.bgr if isinstance(frame, TimedFrame) else frame
            faces = detector.detect(image, max_side=max_side)
            if not faces or faces[0].h < MIN_REFERENCE_FACE_PX:
                continue
            chips.append(embedder.chip(image, faces[0]))
            thumbnail = thumbnail or face_thumbnail(image, faces[0])
        if not chips:
            raise NoUsableFace(
                "No face in the check-in picture was clear and large enough to compare with.",
                "Take the check-in picture again, facing the camera in good light.",
            )
        embeddings = _without_outliers(embedder.embed_chips(chips), threshold)
        model = ModelRecord.of(embedder.model) if embedder.model else None
        return cls.from_embeddings(
            embeddings, consented=True, thumbnail=thumbnail, threshold=threshold, model=model
        )

    @classmethod
    def from_embeddings(
        cls,
        embeddings: Embeddings,
        *,
        consented: bool,
        thumbnail: bytes = b"",
        threshold: float = IDENTITY_THRESHOLD,
        model: ModelRecord | None = None,
    ) -> IdentityReference:
        """A stored reference brought back (the template is kept in the encrypted store)."""
        if not consented:
            raise ConsentRequired()
        matrix = np.asarray(embeddings, dtype=np.float32).reshape(-1, 128)
        if not len(matrix):
            raise ValueError("an identity reference needs at least one embedding")
        matrix.setflags(write=False)
        fingerprint = hashlib.sha256(matrix.tobytes()).hexdigest()[:16]
        return cls(matrix, thumbnail, fingerprint, threshold, model)

    def distance(self, embedding: Any) -> float:
        """Distance to the nearest reference embedding."""
        return float(distances(embedding, self.embeddings).min())


def _without_outliers(embeddings: Embeddings, threshold: float) -> Embeddings:
    """Drop reference faces that match none of the others (a wrong face picked up)."""
    if len(embeddings) < 3:
        return embeddings
    keep = [
        i
        for i, e in enumerate(embeddings)
        if np.median(np.delete(distances(e, embeddings), i)) <= threshold
    ]
    return embeddings[keep] if keep else embeddings


@dataclass(frozen=True)
class IdentitySample:
    t: float
    distance: float
    matched: bool
    track_id: int
    face_px: int

    def to_json_dict(self) -> dict[str, object]:
        return {
            "t": round(self.t, 3),
            "distance": round(self.distance, 4),
            "matched": self.matched,
            "track_id": self.track_id,
            "face_px": self.face_px,
        }


@dataclass(frozen=True)
class FlaggedMoment:
    """A stretch where the main face did not match the reference, for a person to judge."""

    start: float
    end: float
    samples: int
    median_distance: float
    min_distance: float
    thumbnails: tuple[bytes, ...] = field(repr=False)  # JPEG, in memory only
    conditions: tuple[str, ...] = ()  # recording-quality issues seen at that moment
    segment: int = 0  # which answer, in an IdentityReport

    def to_json_dict(self, *, include_thumbnails: bool = False) -> dict[str, object]:
        data: dict[str, object] = {
            "segment": self.segment,
            "start": round(self.start, 3),
            "end": round(self.end, 3),
            "samples": self.samples,
            "median_distance": round(self.median_distance, 4),
            "min_distance": round(self.min_distance, 4),
            "conditions": list(self.conditions),
            "thumbnail_count": len(self.thumbnails),
        }
        if include_thumbnails:
            data["thumbnails_jpeg_base64"] = [
                base64.b64encode(t).decode("ascii") for t in self.thumbnails
            ]
        return data


@dataclass(frozen=True)
class IdentitySummary:
    """One answer's comparison with the reference (made by the VideoObserver)."""

    status: IdentityStatus
    threshold: float
    reference_fingerprint: str
    samples: tuple[IdentitySample, ...]
    flagged: tuple[FlaggedMoment, ...]

    @property
    def median_distance(self) -> float | None:
        values = [s.distance for s in self.samples]
        return float(np.median(values)) if values else None

    @property
    def max_distance(self) -> float | None:
        return max((s.distance for s in self.samples), default=None)

    def to_json_dict(self, *, include_thumbnails: bool = False) -> dict[str, object]:
        return {
            "status": str(self.status),
            "threshold": self.threshold,
            "reference_fingerprint": self.reference_fingerprint,
            "median_distance": _rounded(self.median_distance),
            "max_distance": _rounded(self.max_distance),
            "samples": [s.to_json_dict() for s in self.samples],
            "flagged": [
                m.to_json_dict(include_thumbnails=include_thumbnails) for m in self.flagged
            ],
        }


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def summarise_identity(
    samples: Sequence[IdentitySample],
    thumbnails: dict[float, bytes],
    conditions: dict[float, tuple[str, ...]],
    reference: IdentityReference,
    step: float,
) -> IdentitySummary:
    """Flag runs of >= MIN_MISMATCHES mismatching samples with no match in between."""
    flagged: list[FlaggedMoment] = []
    run: list[IdentitySample] = []

    def close_run() -> None:
        if len(run) >= MIN_MISMATCHES:
            values = [s.distance for s in run]
            seen = tuple(dict.fromkeys(c for s in run for c in conditions.get(s.t, ())))
            pictures = tuple(thumbnails[s.t] for s in run if s.t in thumbnails)
            flagged.append(
                FlaggedMoment(
                    run[0].t,
                    run[-1].t + step,
                    len(run),
                    float(np.median(values)),
                    float(min(values)),
                    pictures,
                    seen,
                )
            )
        run.clear()

    for sample in sorted(samples, key=lambda s: s.t):
        if sample.matched:
            close_run()
        else:
            run.append(sample)
    close_run()
    if flagged:
        status = IdentityStatus.POSSIBLE_SUBSTITUTION
    elif sum(1 for s in samples if s.matched) < MIN_SAMPLES:
        status = IdentityStatus.INSUFFICIENT_FACES
    else:
        status = IdentityStatus.SAME
    return IdentitySummary(
        status, reference.threshold, reference.fingerprint, tuple(samples), tuple(flagged)
    )


@dataclass(frozen=True)
class IdentitySegment:
    index: int
    status: IdentityStatus
    samples: int
    matched: int
    median_distance: float | None
    max_distance: float | None
    distances: tuple[tuple[float, float], ...] = ()  # (time, distance) of every check

    def to_json_dict(self) -> dict[str, object]:
        return {
            "index": self.index,
            "status": str(self.status),
            "samples": self.samples,
            "matched": self.matched,
            "median_distance": _rounded(self.median_distance),
            "max_distance": _rounded(self.max_distance),
            "distances": [[round(t, 3), round(d, 4)] for t, d in self.distances],
        }


@dataclass(frozen=True)
class IdentityReport:
    """Identity continuity over all answers of an interview."""

    status: IdentityStatus
    threshold: float
    segments: tuple[IdentitySegment, ...]
    flagged: tuple[FlaggedMoment, ...]
    reference_thumbnail: bytes = field(repr=False)
    explanation: str
    model: ModelRecord | None

    def to_json_dict(self, *, include_thumbnails: bool = False) -> dict[str, object]:
        return {
            "status": str(self.status),
            "threshold": self.threshold,
            "segments": [s.to_json_dict() for s in self.segments],
            "flagged": [
                m.to_json_dict(include_thumbnails=include_thumbnails) for m in self.flagged
            ],
            "explanation": self.explanation,
            "model": self.model.to_json_dict() if self.model else None,
        }


def identity_continuity(
    reference: IdentityReference,
    observations: VideoObservations | Sequence[VideoObservations],
) -> IdentityReport:
    """Whether the same person (the one who checked in) answered every question.

    `observations` are the answers' VideoObservations, in order, made with this
    reference (ValueError if one was made with another reference or none: a bug).
    """
    answers = [observations] if not isinstance(observations, Sequence) else list(observations)
    segments: list[IdentitySegment] = []
    flagged: list[FlaggedMoment] = []
    for index, answer in enumerate(answers):
        summary = answer.identity
        if summary is None or summary.reference_fingerprint != reference.fingerprint:
            raise ValueError(f"answer {index} was not observed with this identity reference")
        segments.append(
            IdentitySegment(
                index,
                summary.status,
                len(summary.samples),
                sum(1 for s in summary.samples if s.matched),
                summary.median_distance,
                summary.max_distance,
                tuple((s.t, s.distance) for s in summary.samples),
            )
        )
        flagged.extend(_with_segment(m, index) for m in summary.flagged)
    status = _overall(segments)
    return IdentityReport(
        status,
        reference.threshold,
        tuple(segments),
        tuple(flagged),
        reference.thumbnail,
        _explain(status, segments, flagged, reference.threshold),
        reference.model,
    )


def _with_segment(moment: FlaggedMoment, index: int) -> FlaggedMoment:
    return FlaggedMoment(
        moment.start,
        moment.end,
        moment.samples,
        moment.median_distance,
        moment.min_distance,
        moment.thumbnails,
        moment.conditions,
        index,
    )


def _overall(segments: Sequence[IdentitySegment]) -> IdentityStatus:
    statuses = {s.status for s in segments}
    if IdentityStatus.POSSIBLE_SUBSTITUTION in statuses:
        return IdentityStatus.POSSIBLE_SUBSTITUTION
    if not segments or IdentityStatus.SAME not in statuses:
        return IdentityStatus.INSUFFICIENT_FACES
    return IdentityStatus.SAME


def _explain(
    status: IdentityStatus,
    segments: Sequence[IdentitySegment],
    flagged: Sequence[FlaggedMoment],
    threshold: float,
) -> str:
    unclear = [s.index + 1 for s in segments if s.status == IdentityStatus.INSUFFICIENT_FACES]
    unclear_note = (
        f" Answers {', '.join(map(str, unclear))} showed too few clear faces to compare."
        if unclear
        else ""
    )
    if status == IdentityStatus.POSSIBLE_SUBSTITUTION:
        answers = sorted({m.segment + 1 for m in flagged})
        return (
            f"In {len(flagged)} moment(s) (answer {', '.join(map(str, answers))}) the face in "
            "view did not match the check-in picture. This may be another person, or the "
            "same person strongly turned, covered or badly lit: compare the pictures before "
            f"drawing any conclusion. (Face distance above {threshold:.2f} counts as a "
            "mismatch.)" + unclear_note
        )
    if status == IdentityStatus.SAME:
        worst = max((s.max_distance or 0.0) for s in segments)
        return (
            "The face seen in the answers matched the check-in picture throughout "
            f"(largest distance {worst:.2f}, threshold {threshold:.2f})." + unclear_note
        )
    return (
        "Too few clear faces were seen to compare with the check-in picture; identity "
        "was not checked." + unclear_note
    )
