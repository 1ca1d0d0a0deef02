"""The per-answer observer: live frames, presence, recording conditions with their time
ranges, cuts, facial expressions only where allowed, and what it records about itself."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path

import cv2
import numpy as np
import pytest

from analysis.errors import Cancelled
from analysis.models import Capability, configure_deepface_env
from analysis.tasks import TaskState
from analysis.video import (
    EXPRESSION_LABELS,
    ExpressionAnalysisForbidden,
    ExpressionAnalyzer,
    QualityIssue,
    TimedFrame,
    VideoObservations,
    VideoObserver,
    analyse_video,
)
from tests.analysis.video_support import (
    HAMILTON,
    HDTF_A,
    HDTF_B,
    VIDEOS,
    VideoModels,
    clip_frames,
    shared,
    video_models,
)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def models(provisioned_model_dir: Path) -> VideoModels:
    return video_models(provisioned_model_dir)


def _observe(
    models: VideoModels, frames: Iterable[TimedFrame], **kwargs: object
) -> VideoObservations:
    observer = VideoObserver(models.detector, **kwargs)  # type: ignore[arg-type]
    for frame in frames:
        observer.observe(frame)
    return observer.finish()


def _altered(
    clip: str, start: float, end: float, change: Callable[[np.ndarray], np.ndarray]
) -> list[TimedFrame]:
    return [
        TimedFrame(f.t, change(f.bgr) if start <= f.t < end else f.bgr) for f in clip_frames(clip)
    ]


def _one_range(ranges: tuple, start: float, end: float) -> None:
    assert len(ranges) == 1, ranges
    assert ranges[0].start == pytest.approx(start, abs=0.25)
    assert ranges[0].end == pytest.approx(end, abs=0.25)


def test_frames_pushed_live_are_sampled_every_interval(models: VideoModels) -> None:
    observer = VideoObserver(models.detector)
    frames = clip_frames(HDTF_B, 0.04)  # every frame at 25 fps, as a camera pushes them
    results = [observer.observe(frame) for frame in frames]

    result = observer.finish()

    assert len(frames) == 200
    assert sum(r is not None for r in results) == result.frames_sampled == 40
    assert result.duration_s == pytest.approx(8.0, abs=0.05)
    assert result.face_visible_ratio == 1.0
    with pytest.raises(RuntimeError):
        observer.observe(frames[0])


def test_frames_must_come_in_time_order(models: VideoModels) -> None:
    observer = VideoObserver(models.detector)
    first, second = clip_frames(HDTF_A)[5], clip_frames(HDTF_A)[4]
    observer.observe(first)
    with pytest.raises(ValueError, match="time order"):
        observer.observe(second)


def test_a_dark_stretch_is_flagged_where_it_happened(models: VideoModels) -> None:
    frames = _altered(HDTF_A, 3.0, 5.0, lambda image: (image * 0.12).astype(np.uint8))

    result = _observe(models, frames)

    flag = result.flag(QualityIssue.TOO_DARK)
    assert flag is not None and flag.share == pytest.approx(0.25)
    _one_range(flag.ranges, 3.0, 5.0)
    assert result.face_visible_ratio > 0.95  # the dark face is still found
    assert "not the candidate's performance" in result.quality_explanation


def test_a_blurred_stretch_is_flagged_where_it_happened(models: VideoModels) -> None:
    frames = _altered(HDTF_B, 2.0, 4.0, lambda image: cv2.GaussianBlur(image, (0, 0), 6))

    result = _observe(models, frames)

    flag = result.flag(QualityIssue.BLURRED)
    assert flag is not None
    _one_range(flag.ranges, 2.0, 4.0)
    assert result.flag(QualityIssue.TOO_DARK) is None


def test_a_small_face_far_from_the_camera_is_flagged(models: VideoModels) -> None:
    def far(image: np.ndarray) -> np.ndarray:
        canvas = np.full((1080, 1440, 3), 90, np.uint8)  # 4:3, like the kiosk camera
        canvas[400:620, 600:820] = cv2.resize(image, (220, 220), interpolation=cv2.INTER_AREA)
        return canvas

    frames = [TimedFrame(f.t, far(f.bgr)) for f in clip_frames(HDTF_A) if f.t < 2.0]

    result = _observe(models, frames)

    assert result.face_visible_ratio > 0.9
    flag = result.flag(QualityIssue.FACE_TOO_SMALL)
    assert flag is not None and flag.share > 0.9
    assert result.median_face_fraction is not None and result.median_face_fraction < 0.15


def test_someone_else_in_view_gives_a_multiple_faces_range(models: VideoModels) -> None:
    others = {round(f.t, 2): f.bgr for f in clip_frames(HDTF_B)}

    def side_by_side(frame: TimedFrame) -> TimedFrame:
        right = others[round(frame.t, 2)] if 2.0 <= frame.t < 4.0 else np.zeros_like(frame.bgr)
        return TimedFrame(frame.t, np.hstack([frame.bgr, right]))

    result = _observe(models, [side_by_side(f) for f in clip_frames(HDTF_A)])

    _one_range(result.multi_face_ranges, 2.0, 4.0)
    assert result.flag(QualityIssue.MULTIPLE_FACES) is not None


def test_time_without_a_face_is_reported_as_ranges(models: VideoModels) -> None:
    frames = _altered(HDTF_A, 3.0, 5.0, lambda image: np.full_like(image, 128))

    result = _observe(models, frames)

    _one_range(result.no_face_ranges, 3.0, 5.0)
    assert result.face_visible_ratio == pytest.approx(0.75)
    assert result.flag(QualityIssue.NO_FACE_MUCH_OF_THE_TIME) is not None


def test_cuts_in_a_recording_are_noticed(models: VideoModels) -> None:
    result = _observe(models, clip_frames(HAMILTON))
    # shot changes found by eye: 0.7 s, 2.7 s and 7.0 s
    assert len(result.picture_changes) == 3
    for found, expected in zip(result.picture_changes, (0.7, 2.7, 7.0), strict=True):
        assert found == pytest.approx(expected, abs=0.25)
    assert _observe(models, clip_frames(HDTF_B)).picture_changes == ()


def test_observations_say_what_produced_them_and_serialise(models: VideoModels) -> None:
    result = analyse_video(shared(VIDEOS / HDTF_B), models.detector)

    data = json.loads(json.dumps(result.to_json_dict()))

    detection = models.registry.resolve(Capability.FACE_DETECTION)
    assert data["models"] == [
        {
            "capability": "face_detection",
            "name": detection.name,
            "version": detection.version,
            "sha256": detection.sha256,
            "device": "cpu",
            "library_name": detection.library_name,
            "source": detection.source,
        }
    ]
    assert data["settings"]["every_s"] == 0.2
    assert data["identity"] is None and data["expressions"] is None  # none unless asked
    assert len(data["samples"]) == data["frames_sampled"] == 40


def test_a_cancelled_analysis_stops(models: VideoModels) -> None:
    task = TaskState()
    task.cancel()
    with pytest.raises(Cancelled):
        analyse_video(shared(VIDEOS / HDTF_B), models.detector, task=task)


def test_progress_reaches_the_end(models: VideoModels) -> None:
    seen: list[float] = []
    analyse_video(
        shared(VIDEOS / HDTF_A),
        models.detector,
        task=TaskState(lambda fraction, text: seen.append(fraction)),
    )
    assert seen[0] == 0.0 and seen[-1] == 1.0 and seen == sorted(seen)


def test_expression_analysis_is_refused_where_policy_forbids_it(models: VideoModels) -> None:
    with pytest.raises(ExpressionAnalysisForbidden) as caught:
        ExpressionAnalyzer.load(models.registry, allowed=False)
    assert "not allowed" in caught.value.message
    assert models.registry.loaded_model(Capability.FACIAL_EXPRESSION) is None  # nothing loaded
    model = models.registry.resolve(Capability.FACIAL_EXPRESSION)
    with pytest.raises(ExpressionAnalysisForbidden):
        ExpressionAnalyzer(model.path, allowed=False)


def test_expressions_where_allowed_are_descriptive_and_deepfaces(
    models: VideoModels, network_off: list[object]
) -> None:
    analyzer = ExpressionAnalyzer.load(models.registry, allowed=True)

    result = _observe(models, clip_frames(HDTF_B), expressions=analyzer)

    summary = result.expressions
    assert summary is not None
    assert len(summary.frames) == result.frames_sampled == 40
    assert sum(summary.distribution.values()) == pytest.approx(1.0, abs=1e-4)
    assert sum(summary.dominant_counts.values()) == 40
    assert 0.0 <= summary.flicker_rate <= 1.0
    assert "never part of a score" in summary.note
    assert summary.model is not None
    expected = models.registry.resolve(Capability.FACIAL_EXPRESSION).sha256
    assert summary.model.sha256 == expected
    assert any(m.capability == "facial_expression" for m in result.models)

    # the same numbers DeepFace gives for the same face crop
    configure_deepface_env(models.registry)
    from deepface import DeepFace

    image = clip_frames(HDTF_B)[10].bgr
    box = models.detector.detect(image)[0]
    crop = np.ascontiguousarray(image[box.y : box.y + box.h, box.x : box.x + box.w])
    ours = analyzer.analyse(image, [box])[0]
    theirs = DeepFace.analyze(crop, actions=("emotion",), detector_backend="skip", silent=True)
    expected_row = [theirs[0]["emotion"][label] / 100 for label in EXPRESSION_LABELS]
    assert np.allclose(ours, expected_row, atol=1e-4)
