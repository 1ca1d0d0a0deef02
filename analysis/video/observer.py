"""Video observations of one answer, frame by frame, from a file or from live frames.

    observer = VideoObserver(detector, reference=ref, embedder=embedder)
    for frame in frames:                # a VideoReader, or frames the kiosk pushes live
        observer.observe(frame)
    observations = observer.finish()

Per sampled frame (every `every_s`, 0.2 s): the faces (a full search every second,
tracking in between), light, focus and size of the main (largest) face, and whether the
whole picture changed at once (a cut). With an identity reference the main face is
compared with it: each new face at once (after a cut every face is new), again at the
next sample after a mismatch, otherwise every `identity_every_s` (`mismatch_every_s`
once a mismatch is confirmed). With an
ExpressionAnalyzer the main face's expression is read, in batches. Nothing here scores.

`observe` returns at once for frames between samples, so a camera can push every
frame; a sampled frame costs ~10-20 ms, ~0.1 s more when an identity check runs (dlib
on 2 cores), so call it from a worker thread, not the capture thread.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field

import numpy as np

from analysis.tasks import NullTask, Task
from analysis.video.detection import DetectorSettings, FaceDetector, Grey, to_grey
from analysis.video.embedding import FaceEmbedder, face_thumbnail
from analysis.video.expressions import ExpressionAnalyzer, ExpressionSummary
from analysis.video.frames import Image, TimedFrame, VideoReader, VideoSource, fit_within
from analysis.video.geometry import TimeRange, runs_to_ranges
from analysis.video.identity import (
    IdentityReference,
    IdentitySample,
    IdentitySummary,
    summarise_identity,
)
from analysis.video.quality import (
    EXPLANATION,
    FrameQuality,
    FrameSample,
    QualityFlag,
    QualitySettings,
    measure_frame,
    median_or_none,
    summarise_quality,
)
from analysis.video.record import ModelRecord
from analysis.video.tracking import (
    FaceTracker,
    PictureChangeDetector,
    TrackedFace,
    TrackerSettings,
)


@dataclass(frozen=True)
class ObserverSettings:
    every_s: float = 0.2  # sampling interval
    max_side: int = 640  # frames are scaled down to this before anything else
    tracker: TrackerSettings = field(default_factory=TrackerSettings)
    quality: QualitySettings = field(default_factory=QualitySettings)
    identity_every_s: float = 4.0  # re-check of a face that matched
    mismatch_every_s: float = 12.0  # re-check of a face whose mismatch was confirmed
    min_identity_face_px: int = 40  # smaller faces are not compared (too little detail)
    max_thumbnails: int = 12  # per answer, of faces that did not match
    expression_batch: int = 32

    def to_json_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True)
class VideoObservations:
    """What the video of one answer showed. Descriptive; never a score by itself."""

    duration_s: float
    frames_sampled: int
    face_visible_ratio: float
    no_face_ranges: tuple[TimeRange, ...]
    multi_face_ranges: tuple[TimeRange, ...]
    quality_flags: tuple[QualityFlag, ...]
    quality_explanation: str
    median_brightness: float | None
    median_sharpness: float | None
    median_face_fraction: float | None
    identity: IdentitySummary | None
    expressions: ExpressionSummary | None
    models: tuple[ModelRecord, ...]
    settings: ObserverSettings
    detector_settings: DetectorSettings
    samples: tuple[FrameSample, ...] = field(repr=False)
    picture_changes: tuple[float, ...] = ()  # times the whole picture changed at once (cuts)
    truncated: bool = False  # the picture stopped early (damaged or cut-short file)

    def flag(self, issue: str) -> QualityFlag | None:
        return next((f for f in self.quality_flags if f.issue == issue), None)

    def to_json_dict(self, *, include_thumbnails: bool = False) -> dict[str, object]:
        return {
            "duration_s": round(self.duration_s, 3),
            "frames_sampled": self.frames_sampled,
            "face_visible_ratio": round(self.face_visible_ratio, 4),
            "no_face_ranges": [r.to_json_dict() for r in self.no_face_ranges],
            "multi_face_ranges": [r.to_json_dict() for r in self.multi_face_ranges],
            "quality": {
                "flags": [f.to_json_dict() for f in self.quality_flags],
                "explanation": self.quality_explanation,
                "median_brightness": self.median_brightness,
                "median_sharpness": self.median_sharpness,
                "median_face_fraction": self.median_face_fraction,
            },
            "identity": (
                self.identity.to_json_dict(include_thumbnails=include_thumbnails)
                if self.identity
                else None
            ),
            "expressions": self.expressions.to_json_dict() if self.expressions else None,
            "models": [m.to_json_dict() for m in self.models],
            "settings": self.settings.to_json_dict(),
            "detector_settings": asdict(self.detector_settings),
            "samples": [s.to_json_dict() for s in self.samples],
            "picture_changes": [round(t, 3) for t in self.picture_changes],
            "truncated": self.truncated,
        }


@dataclass
class _Check:
    t: float
    matched: bool
    misses_in_row: int


class VideoObserver:
    """Incremental observations of one answer. One thread at a time; frames in time order."""

    def __init__(
        self,
        detector: FaceDetector,
        *,
        settings: ObserverSettings | None = None,
        reference: IdentityReference | None = None,
        embedder: FaceEmbedder | None = None,
        expressions: ExpressionAnalyzer | None = None,
    ) -> None:
        if reference is not None and embedder is None:
            raise ValueError("an identity reference needs the FaceEmbedder that made it")
        self.settings = settings or ObserverSettings()
        self.detector = detector
        self.reference = reference
        self.embedder = embedder if reference is not None else None
        self.expressions = expressions
        self._tracker = FaceTracker(detector, self.settings.tracker)
        self._changes = PictureChangeDetector(self.settings.tracker.picture_change)
        self._picture_changes: list[float] = []
        self._samples: list[FrameSample] = []
        self._next_t = 0.0
        self._last_t: float | None = None
        self._checks: dict[int, _Check] = {}
        self._identity: list[IdentitySample] = []
        self._thumbnails: dict[float, bytes] = {}
        self._conditions: dict[float, tuple[str, ...]] = {}
        self._pending_faces: list[np.ndarray] = []
        self._pending_times: list[float] = []
        self._expression_times: list[float] = []
        self._expression_rows: list[np.ndarray] = []
        self._finished = False

    @property
    def last_time(self) -> float | None:
        """Time of the last frame analysed (None before the first)."""
        return self._last_t

    def observe(self, frame: TimedFrame) -> FrameSample | None:
        """Analyse the frame if it is due (every `every_s`); None for frames skipped."""
        if self._finished:
            raise RuntimeError("this observer has finished; start a new one per answer")
        t = frame.t
        if self._last_t is not None and t < self._last_t:
            raise ValueError("frames must come in time order")
        if t + 1e-6 < self._next_t:
            return None
        every = self.settings.every_s
        self._next_t = (math.floor(t / every + 1e-6) + 1) * every if every > 0 else t
        self._last_t = t
        image = fit_within(frame.bgr, self.settings.max_side)
        grey = to_grey(image)
        if self._changes.changed(image):
            self._picture_changes.append(t)
            self._tracker.reset()
        faces = self._tracker.update(t, grey)
        main = faces[0] if faces else None
        quality = measure_frame(grey, main.box if main else None)
        sample = FrameSample(t, len(faces), quality)
        self._samples.append(sample)
        if main is not None and self.reference is not None:
            self._check_identity(t, image, grey, main, quality)
        if main is not None and self.expressions is not None:
            self._pending_faces.append(self.expressions.face_input(image, main.box))
            self._pending_times.append(t)
            if len(self._pending_faces) >= self.settings.expression_batch:
                self._flush_expressions()
        return sample

    def _check_identity(
        self, t: float, image: Image, grey: Grey, face: TrackedFace, quality: FrameQuality
    ) -> None:
        assert self.reference is not None and self.embedder is not None
        s = self.settings
        if face.box.h < s.min_identity_face_px:
            return
        last = self._checks.get(face.track_id)
        if last is not None:
            # after one mismatch look again at once (confirm or dismiss it); a confirmed
            # mismatch is already a flagged moment, so it is looked at less often
            if last.misses_in_row == 1:
                wait = 0.0
            elif last.misses_in_row > 1:
                wait = s.mismatch_every_s
            else:
                wait = s.identity_every_s
            if t - last.t + 1e-6 < max(wait, s.every_s):
                return
        # only a face HOG sees now, in HOG's steady box, is compared: a half-covered or
        # turned face would read as someone else; the next sample will be tried instead
        box = self.detector.confirm(grey, face.box)
        if box is None or box.h < s.min_identity_face_px:
            return
        embedding = self.embedder.embed(image, [box])[0]
        distance = self.reference.distance(embedding)
        matched = distance <= self.reference.threshold
        misses = 0 if matched else (last.misses_in_row if last else 0) + 1
        self._checks[face.track_id] = _Check(t, matched, misses)
        self._identity.append(IdentitySample(t, distance, matched, face.track_id, box.h))
        if not matched:
            self._conditions[t] = _conditions(quality, s.quality)
            if len(self._thumbnails) < s.max_thumbnails:
                self._thumbnails[t] = face_thumbnail(image, box)

    def _flush_expressions(self) -> None:
        if self.expressions is None or not self._pending_faces:
            return
        rows = self.expressions.probabilities(self._pending_faces)
        self._expression_rows.extend(rows)
        self._expression_times.extend(self._pending_times)
        self._pending_faces.clear()
        self._pending_times.clear()

    def finish(
        self, *, duration_s: float | None = None, truncated: bool = False
    ) -> VideoObservations:
        """The answer's observations; the observer cannot be used afterwards."""
        self._flush_expressions()
        self._finished = True
        s = self.settings
        step = s.every_s if s.every_s > 0 else 0.04
        samples = self._samples
        if duration_s is None:
            duration_s = samples[-1].t + step if samples else 0.0
        visible = sum(1 for x in samples if x.faces) / len(samples) if samples else 0.0
        quality = summarise_quality(samples, step, s.quality)
        return VideoObservations(
            duration_s=duration_s,
            frames_sampled=len(samples),
            face_visible_ratio=visible,
            no_face_ranges=runs_to_ranges(
                [(x.t, x.faces == 0) for x in samples], step, min_duration=s.quality.min_range_s
            ),
            multi_face_ranges=runs_to_ranges(
                [(x.t, x.faces > 1) for x in samples], step, min_duration=s.quality.min_range_s
            ),
            quality_flags=quality,
            quality_explanation=EXPLANATION,
            median_brightness=median_or_none([x.quality.brightness for x in samples]),
            median_sharpness=median_or_none([x.quality.sharpness for x in samples]),
            median_face_fraction=median_or_none([x.quality.face_fraction for x in samples]),
            identity=self._identity_summary(step),
            expressions=self._expression_summary(),
            models=self._models(),
            settings=s,
            detector_settings=self.detector.settings,
            samples=tuple(samples),
            picture_changes=tuple(self._picture_changes),
            truncated=truncated,
        )

    def _identity_summary(self, step: float) -> IdentitySummary | None:
        if self.reference is None:
            return None
        return summarise_identity(
            self._identity, self._thumbnails, self._conditions, self.reference, step
        )

    def _expression_summary(self) -> ExpressionSummary | None:
        if self.expressions is None:
            return None
        model = ModelRecord.of(self.expressions.model) if self.expressions.model else None
        rows = np.asarray(self._expression_rows, dtype=np.float32).reshape(-1, 7)
        return ExpressionSummary.of(self._expression_times, rows, model)

    def _models(self) -> tuple[ModelRecord, ...]:
        used = [self.detector.model]
        if self.embedder is not None:
            used.append(self.embedder.model)
        if self.expressions is not None:
            used.append(self.expressions.model)
        return tuple(ModelRecord.of(m) for m in used if m is not None)


def _conditions(quality: FrameQuality, settings: QualitySettings) -> tuple[str, ...]:
    found = []
    if quality.brightness < settings.dark_below:
        found.append("too_dark")
    if quality.sharpness is not None and quality.sharpness < settings.blurred_below:
        found.append("blurred")
    if quality.face_fraction is not None and quality.face_fraction < settings.small_face_below:
        found.append("face_too_small")
    return tuple(found)


def analyse_video(
    source: VideoSource,
    detector: FaceDetector,
    *,
    settings: ObserverSettings | None = None,
    reference: IdentityReference | None = None,
    embedder: FaceEmbedder | None = None,
    expressions: ExpressionAnalyzer | None = None,
    task: Task | None = None,
) -> VideoObservations:
    """Observations of one recorded answer (a path or a readable binary file).

    Raises VideoUnavailable for a file without a readable picture; Cancelled if the
    task is cancelled (checked every sampled frame).
    """
    task = task or NullTask()
    settings = settings or ObserverSettings()
    reader = VideoReader(source, every_s=settings.every_s, max_side=settings.max_side)
    observer = VideoObserver(
        detector, settings=settings, reference=reference, embedder=embedder, expressions=expressions
    )
    duration = reader.info.duration_s
    task.progress(0.0, "Looking at the video")
    for frame in reader:
        task.check()
        observer.observe(frame)
        if duration > 0:
            task.progress(min(1.0, frame.t / duration))
    task.progress(1.0, "Video observed")
    last = observer.last_time
    end = 0.0 if last is None else last + settings.every_s
    return observer.finish(duration_s=max(duration, end), truncated=reader.truncated)
