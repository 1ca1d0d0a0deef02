"""Video observations of interview answers: presence, identity continuity, recording
quality and (where policy allows, off by default) descriptive facial expressions.

    detector = FaceDetector.load(registry)
    embedder = FaceEmbedder.load(registry)
    reference = IdentityReference.from_frames(checkin, detector=detector,
                                              embedder=embedder, consented=True)
    answer = analyse_video(path, detector, reference=reference, embedder=embedder)
    report = identity_continuity(reference, [answer, ...])

Plain Python over numpy frames; models come from the model registry and are recorded
with every result. Nothing here is part of any score.
"""

from analysis.video.detection import DetectorSettings, FaceDetector
from analysis.video.embedding import IDENTITY_THRESHOLD, FaceEmbedder, face_thumbnail
from analysis.video.errors import (
    ConsentRequired,
    ExpressionAnalysisForbidden,
    ImageUnreadable,
    NoUsableFace,
    VideoUnavailable,
)
from analysis.video.expressions import LABELS as EXPRESSION_LABELS
from analysis.video.expressions import ExpressionAnalyzer, ExpressionSummary
from analysis.video.frames import (
    TimedFrame,
    VideoInfo,
    VideoReader,
    fit_within,
    iter_video_frames,
    load_image,
)
from analysis.video.geometry import FaceBox, TimeRange
from analysis.video.identity import (
    FlaggedMoment,
    IdentityReference,
    IdentityReport,
    IdentitySample,
    IdentitySegment,
    IdentityStatus,
    IdentitySummary,
    identity_continuity,
)
from analysis.video.observer import (
    ObserverSettings,
    VideoObservations,
    VideoObserver,
    analyse_video,
)
from analysis.video.quality import (
    FrameQuality,
    FrameSample,
    QualityFlag,
    QualityIssue,
    QualitySettings,
    measure_frame,
)
from analysis.video.record import ModelRecord
from analysis.video.tracking import FaceTracker, TrackerSettings

__all__ = [
    "EXPRESSION_LABELS",
    "IDENTITY_THRESHOLD",
    "ConsentRequired",
    "DetectorSettings",
    "ExpressionAnalysisForbidden",
    "ExpressionAnalyzer",
    "ExpressionSummary",
    "FaceBox",
    "FaceDetector",
    "FaceEmbedder",
    "FaceTracker",
    "FlaggedMoment",
    "FrameQuality",
    "FrameSample",
    "IdentityReference",
    "IdentityReport",
    "IdentitySample",
    "IdentitySegment",
    "IdentityStatus",
    "IdentitySummary",
    "ImageUnreadable",
    "ModelRecord",
    "NoUsableFace",
    "ObserverSettings",
    "QualityFlag",
    "QualityIssue",
    "QualitySettings",
    "TimeRange",
    "TimedFrame",
    "TrackerSettings",
    "VideoInfo",
    "VideoObservations",
    "VideoObserver",
    "VideoReader",
    "VideoUnavailable",
    "analyse_video",
    "face_thumbnail",
    "fit_within",
    "identity_continuity",
    "iter_video_frames",
    "load_image",
    "measure_frame",
]
