"""The video steps: observations of each answer, and identity continuity across answers.

Models come from the registry through `analysis.video`. What may run follows the
settings, which follow the policy and the candidate's consent: face presence and
recording quality where the policy allows them; identity only with consent and a
reference face; facial expressions only where allowed AND enabled. Each part that
does not run says why in the stored result ("not_consented", "not_allowed", "off",
"unavailable"), so the page and the PDF can show it instead of leaving it out.
"""

from __future__ import annotations

import base64
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import IO, Any, cast

from analysis.errors import ModelUnavailable
from analysis.models import Capability, ModelRegistry
from analysis.tasks import Task
from analysis.video import (
    ExpressionAnalyzer,
    FaceDetector,
    FaceEmbedder,
    FlaggedMoment,
    IdentityReference,
    IdentitySample,
    IdentityStatus,
    IdentitySummary,
    NoUsableFace,
    ObserverSettings,
    TrackerSettings,
    VideoObservations,
    VideoReader,
    VideoUnavailable,
    analyse_video,
    identity_continuity,
)
from app.analysis_pipeline.settings import PipelineSettings
from app.analysis_pipeline.steps import UNAVAILABLE, StepOutcome, unavailable

NO_VIDEO = "no_video"
NOT_ALLOWED = "not_allowed"
NOT_CONSENTED = "not_consented"
NO_REFERENCE = "no_reference"
OFF = "off"
ON = "on"
REFERENCE_FRAMES = 8  # faces from the first answer that make an imported interview's reference


@dataclass(frozen=True)
class Part:
    """Whether an optional part (identity, expressions) runs, and why not."""

    status: str
    message: str = ""

    def to_json_dict(self) -> dict[str, str]:
        return {"status": self.status, "message": self.message}


@dataclass(frozen=True)
class VideoTools:
    detector: FaceDetector
    embedder: FaceEmbedder | None
    expressions: ExpressionAnalyzer | None
    identity: Part
    expression: Part


def observer_settings(settings: PipelineSettings) -> ObserverSettings:
    return ObserverSettings(
        every_s=settings.video_every_s,
        max_side=settings.video_max_side,
        identity_every_s=settings.video_identity_every_s,
        tracker=TrackerSettings(detect_every_s=settings.video_detect_every_s),
    )


def load_tools(
    registry: ModelRegistry,
    settings: PipelineSettings,
    reference: IdentityReference | None,
    reference_problem: str = "",
    *,
    own: bool = False,
) -> VideoTools:
    """The detector and the optional models; ModelUnavailable only for the detector.

    `own`: instances of the caller's own instead of the registry's shared ones, for a
    thread that observes live frames while the shared ones work on a file.
    """
    detector = (
        FaceDetector.from_model(registry.resolve(Capability.FACE_DETECTION))
        if own
        else FaceDetector.load(registry)
    )
    embedder: FaceEmbedder | None = None
    identity = identity_part(settings)
    if identity.status == ON:
        if reference is None:
            identity = Part(NO_REFERENCE, reference_problem or _NO_REFERENCE_TEXT)
        else:
            try:
                embedder = (
                    FaceEmbedder.from_model(registry.resolve(Capability.FACE_IDENTITY))
                    if own
                    else FaceEmbedder.load(registry)
                )
            except ModelUnavailable as exc:
                identity = Part(UNAVAILABLE, exc.user_text())
    expressions: ExpressionAnalyzer | None = None
    expression = expression_part(settings)
    if expression.status == ON:
        try:
            # shared even when `own`: an onnxruntime session may run on several threads
            expressions = ExpressionAnalyzer.load(registry, allowed=True)
        except ModelUnavailable as exc:
            expression = Part(UNAVAILABLE, exc.user_text())
    return VideoTools(detector, embedder, expressions, identity, expression)


_NO_REFERENCE_TEXT = "No face clear enough to serve as the identity reference was found."


def identity_part(settings: PipelineSettings) -> Part:
    if not settings.allows("face_identity"):
        return Part(NOT_ALLOWED, "Identity checks are not allowed under this workspace's policy.")
    if not settings.identity_check:
        return Part(OFF, "Identity checks were switched off for this analysis.")
    if not settings.identity_consented:
        return Part(
            NOT_CONSENTED,
            "Identity was not checked: the candidate has not given the consent the policy "
            "requires for a face template.",
        )
    return Part(ON)


def expression_part(settings: PipelineSettings) -> Part:
    if not settings.allows("facial_expression"):
        return Part(
            NOT_ALLOWED,
            "Facial-expression analysis is not allowed under this workspace's policy.",
        )
    if not settings.facial_expression:
        return Part(OFF, "Facial-expression analysis is off (the default).")
    return Part(ON)


def video_step(
    recording: IO[bytes] | None,
    tools: VideoTools,
    settings: PipelineSettings,
    reference: IdentityReference | None,
    task: Task,
    *,
    observations: VideoObservations | None = None,
) -> StepOutcome:
    """Observe one answer's video, or store `observations` already made from live frames."""
    if observations is None:
        if recording is None:
            raise ValueError("video_step needs a recording or observations")
        try:
            observations = analyse_video(
                recording,
                tools.detector,
                settings=observer_settings(settings),
                reference=reference if tools.embedder is not None else None,
                embedder=tools.embedder,
                expressions=tools.expressions,
                task=task,
            )
        except VideoUnavailable as exc:
            return StepOutcome(NO_VIDEO, {"message": exc.message, "hint": exc.hint})
    result = observations.to_json_dict(include_thumbnails=True)
    identity = tools.identity
    if identity.status == ON and observations.identity is None:
        identity = Part(NO_REFERENCE, _NO_REFERENCE_TEXT)
    result["identity_check"] = identity.to_json_dict()
    expression = tools.expression
    if expression.status == ON and observations.expressions is None:
        expression = Part(OFF, "No expression model was used for these observations.")
    result["expression_analysis"] = expression.to_json_dict()
    if expression.status != ON:
        result["expressions"] = None  # never keep what was not allowed or asked for
    models = {m.capability: m.to_json_dict() for m in observations.models}
    return StepOutcome("ok", result, models)


def detector_unavailable(exc: ModelUnavailable) -> StepOutcome:
    return unavailable(str(Capability.FACE_DETECTION), exc.message, exc.hint)


# -- identity reference for imported interviews ---------------------------------------


def reference_from_recording(
    recording: IO[bytes],
    detector: FaceDetector,
    embedder: FaceEmbedder,
    settings: PipelineSettings,
) -> IdentityReference:
    """A reference from the first clear faces of an answer (consent was checked by the caller).

    Imported interviews have no check-in picture; the first answer stands in for it, so
    continuity then means "the same person as in the first answer".
    Raises VideoUnavailable or NoUsableFace.
    """
    reader = VideoReader(recording, every_s=1.0, max_side=settings.video_max_side)
    frames = list(itertools.islice(iter(reader), REFERENCE_FRAMES * 4))
    faced = [f for f in frames if detector.detect(f.bgr)][:REFERENCE_FRAMES]
    if not faced:
        raise NoUsableFace(
            "No face in the first answer with a picture was clear enough to serve as reference.",
            "Identity continuity needs a clear frontal face in the first answer.",
        )
    return IdentityReference.from_frames(
        faced, detector=detector, embedder=embedder, consented=True
    )


# -- identity continuity across answers -----------------------------------------------


@dataclass(frozen=True)
class _StoredObservations:
    """What `identity_continuity` reads of an answer's observations: its identity summary."""

    identity: IdentitySummary


def identity_step(
    settings: PipelineSettings,
    reference: IdentityReference | None,
    reference_source: str,
    videos: Sequence[tuple[str, Mapping[str, Any] | None]],
    reference_problem: str = "",
) -> StepOutcome:
    """Identity continuity from the answers' stored video results (key, result or None)."""
    part = identity_part(settings)
    if part.status != ON:
        return StepOutcome(part.status, {"message": part.message})
    if reference is None:
        return StepOutcome(NO_REFERENCE, {"message": reference_problem or _NO_REFERENCE_TEXT})
    checked = [
        (key, summary_from_json(v["identity"]))
        for key, v in videos
        if v is not None and v.get("identity")
    ]
    if not checked:
        return StepOutcome(
            UNAVAILABLE if videos else NO_VIDEO,
            {"message": "No answer had a picture to compare with the identity reference."},
        )
    stored = [_StoredObservations(summary) for _, summary in checked]
    report = identity_continuity(reference, cast(Sequence[VideoObservations], stored))
    result: dict[str, Any] = report.to_json_dict()
    result["answer_keys"] = [key for key, _ in checked]
    result["reference_source"] = reference_source
    models = {report.model.capability: report.model.to_json_dict()} if report.model else {}
    return StepOutcome(str(report.status), result, models)


def summary_from_json(data: Mapping[str, Any]) -> IdentitySummary:
    """An answer's identity summary back from its stored JSON (thumbnails included)."""
    samples = tuple(
        IdentitySample(
            float(s["t"]),
            float(s["distance"]),
            bool(s["matched"]),
            int(s["track_id"]),
            int(s["face_px"]),
        )
        for s in data["samples"]
    )
    flagged = tuple(
        FlaggedMoment(
            float(m["start"]),
            float(m["end"]),
            int(m["samples"]),
            float(m["median_distance"]),
            float(m["min_distance"]),
            tuple(base64.b64decode(t) for t in m.get("thumbnails_jpeg_base64", [])),
            tuple(str(c) for c in m.get("conditions", [])),
            int(m.get("segment", 0)),
        )
        for m in data["flagged"]
    )
    return IdentitySummary(
        IdentityStatus(str(data["status"])),
        float(data["threshold"]),
        str(data["reference_fingerprint"]),
        samples,
        flagged,
    )
