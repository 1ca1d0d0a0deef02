"""Identity: DeepFace's Dlib model called directly, verified on real pairs, and identity
continuity over real clips: the same speaker stays "same", a cut to other people and a
splice of two speakers are flagged, with pictures for a person to judge."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from analysis.models import configure_deepface_env
from analysis.video import (
    IDENTITY_THRESHOLD,
    ConsentRequired,
    IdentityReference,
    IdentityStatus,
    NoUsableFace,
    TimedFrame,
    VideoObservations,
    VideoObserver,
    analyse_video,
    identity_continuity,
    load_image,
)
from analysis.video.evaluation import operating_point, read_pairs, roc_auc
from tests.analysis.video_support import (
    FACES,
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


@functools.cache
def _reference(models: VideoModels, clip: str, start: float, end: float) -> IdentityReference:
    frames = [f for f in clip_frames(clip, 0.5) if start <= f.t <= end]
    return IdentityReference.from_frames(
        frames, detector=models.detector, embedder=models.embedder, consented=True
    )


@functools.cache
def _observed(models: VideoModels, clip: str, reference: IdentityReference) -> VideoObservations:
    return analyse_video(
        shared(VIDEOS / clip), models.detector, reference=reference, embedder=models.embedder
    )


@functools.cache
def _splice(models: VideoModels, reference: IdentityReference) -> VideoObservations:
    """Speaker A for 8 s, then speaker B: frames pushed live, as the kiosk pushes them."""
    observer = VideoObserver(models.detector, reference=reference, embedder=models.embedder)
    for frame in clip_frames(HDTF_A, 0.04):
        observer.observe(frame)
    for frame in clip_frames(HDTF_B, 0.04):
        observer.observe(TimedFrame(8.0 + frame.t, frame.bgr))
    return observer.finish()


def test_verification_pairs_are_separated(models: VideoModels) -> None:
    folder = shared(FACES / "verification_deepface")
    pairs = read_pairs(folder / "master.csv")
    names = sorted({p.first for p in pairs} | {p.second for p in pairs})
    embeddings = {}
    for name in names:
        image = load_image(folder / name, max_side=1024)
        faces = models.detector.detect(image, max_side=320)  # HOG then boxes it at 1024
        embeddings[name] = models.embedder.embed(image, faces[:1])[0]
    distance = {p: float(np.linalg.norm(embeddings[p.first] - embeddings[p.second])) for p in pairs}
    same = [distance[p] for p in pairs if p.same]
    different = [distance[p] for p in pairs if not p.same]

    assert (len(same), len(different)) == (38, 262)
    assert roc_auc(same, different) >= 0.99  # measured 1.000
    point = operating_point(same, different, IDENTITY_THRESHOLD)
    assert point.false_accept_rate == 0.0  # measured: 0 of 262 at 0.6
    assert point.true_accept_rate >= 0.94  # measured: 37 of 38


def test_the_embedding_is_deepfaces_dlib_model(
    models: VideoModels, network_off: list[object]
) -> None:
    configure_deepface_env(models.registry)
    from deepface import DeepFace

    image = load_image(shared(FACES / "face_recognition_whitehouse" / "biden.jpg"))
    chip = models.embedder.chip(image, models.detector.detect(image)[0])  # aligned RGB
    ours = models.embedder.embed_chips([chip])[0]

    theirs = DeepFace.represent(
        np.ascontiguousarray(chip[:, :, ::-1]), model_name="Dlib", detector_backend="skip"
    )[0]["embedding"]

    assert np.linalg.norm(ours - np.asarray(theirs)) < 1e-4
    assert network_off == []  # DeepFace found its weights in the model folder


def test_no_template_without_consent(models: VideoModels) -> None:
    def frames() -> Iterator[np.ndarray]:
        raise AssertionError("a picture was looked at before consent was checked")
        yield np.zeros((1, 1, 3), np.uint8)

    with pytest.raises(ConsentRequired) as caught:
        IdentityReference.from_frames(
            frames(), detector=models.detector, embedder=models.embedder, consented=False
        )
    assert caught.value.hint
    with pytest.raises(ConsentRequired):
        IdentityReference.from_embeddings(np.zeros((1, 128), np.float32), consented=False)


def test_a_check_in_picture_without_a_face_gives_no_reference(models: VideoModels) -> None:
    dogs = load_image(shared(FACES / "no_face" / "dlib_dogs_4-dog-faces.jpg"))
    with pytest.raises(NoUsableFace):
        IdentityReference.from_frames(
            [dogs], detector=models.detector, embedder=models.embedder, consented=True
        )


@pytest.mark.parametrize("clip", [HDTF_A, HDTF_B])
def test_one_speaker_throughout_is_the_same_person(models: VideoModels, clip: str) -> None:
    reference = _reference(models, clip, 0.0, 0.0)

    result = _observed(models, clip, reference)

    assert result.face_visible_ratio > 0.95  # measured 1.0
    assert result.identity is not None
    assert result.identity.status == IdentityStatus.SAME
    assert result.identity.max_distance is not None and result.identity.max_distance < 0.5
    assert not result.identity.flagged
    assert not result.quality_flags
    assert result.no_face_ranges == () and result.multi_face_ranges == ()


def test_a_cut_to_other_people_is_flagged_after_seven_seconds(models: VideoModels) -> None:
    reference = _reference(models, HAMILTON, 3.0, 6.0)  # the performer, frontal
    assert len(reference.embeddings) >= 3

    result = _observed(models, HAMILTON, reference)

    summary = result.identity
    assert summary is not None
    assert summary.status == IdentityStatus.POSSIBLE_SUBSTITUTION
    assert summary.flagged
    assert all(moment.start >= 7.0 for moment in summary.flagged)  # the audience from 7.0 s
    performer = [s for s in summary.samples if 2.7 <= s.t < 7.0]
    assert performer and all(s.matched for s in performer)
    moment = summary.flagged[0]
    assert moment.median_distance > IDENTITY_THRESHOLD
    assert moment.thumbnails and all(t.startswith(b"\xff\xd8") for t in moment.thumbnails)


def test_a_splice_of_two_speakers_is_flagged_at_the_switch(models: VideoModels) -> None:
    reference = _reference(models, HDTF_A, 0.0, 0.0)

    result = _splice(models, reference)

    summary = result.identity
    assert summary is not None and summary.status == IdentityStatus.POSSIBLE_SUBSTITUTION
    (moment,) = summary.flagged
    assert 8.0 <= moment.start <= 8.5
    assert moment.end >= 8.2
    assert all(s.matched for s in summary.samples if s.t < 8.0)
    assert result.face_visible_ratio > 0.95


def test_the_interview_report_names_the_answer_with_the_other_person(
    models: VideoModels,
) -> None:
    reference = _reference(models, HDTF_A, 0.0, 0.0)
    answers = [_observed(models, HDTF_A, reference), _splice(models, reference)]

    report = identity_continuity(reference, answers)

    assert report.status == IdentityStatus.POSSIBLE_SUBSTITUTION
    assert [s.status for s in report.segments] == [
        IdentityStatus.SAME,
        IdentityStatus.POSSIBLE_SUBSTITUTION,
    ]
    switch = [d for t, d in report.segments[1].distances if t >= 8.0]
    assert switch and min(switch) > IDENTITY_THRESHOLD
    assert {m.segment for m in report.flagged} == {1}
    assert (
        "answer 2" in report.explanation and "before drawing any conclusion" in report.explanation
    )
    assert report.reference_thumbnail.startswith(b"\xff\xd8")
    assert report.model is not None and report.model.sha256 == models.embedder.model.sha256
    plain = report.to_json_dict()
    assert "thumbnails_jpeg_base64" not in str(plain)
    assert "thumbnails_jpeg_base64" in str(report.to_json_dict(include_thumbnails=True))

    same = identity_continuity(reference, answers[0])
    assert same.status == IdentityStatus.SAME and "matched" in same.explanation


def test_answers_observed_with_another_reference_are_refused(models: VideoModels) -> None:
    first = _reference(models, HDTF_A, 0.0, 0.0)
    other = _reference(models, HDTF_B, 0.0, 0.0)
    with pytest.raises(ValueError, match="not observed with this identity reference"):
        identity_continuity(other, [_observed(models, HDTF_A, first)])


def test_a_stored_reference_comes_back_identical(models: VideoModels) -> None:
    reference = _reference(models, HDTF_A, 0.0, 0.0)
    again = IdentityReference.from_embeddings(
        np.array(reference.embeddings), consented=True, model=reference.model
    )
    assert again.fingerprint == reference.fingerprint
