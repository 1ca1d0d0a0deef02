"""Pictures in: sparse frames from recordings, still images whatever their name says."""

from __future__ import annotations

import io
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest

from analysis.video import (
    ImageUnreadable,
    VideoReader,
    VideoUnavailable,
    iter_video_frames,
    load_image,
)
from tests.analysis.video_support import FACES, HAMILTON, HDTF_A, VIDEOS, shared, write_webm


def test_frames_are_sampled_every_interval_from_zero_and_scaled_down() -> None:
    path = shared(VIDEOS / HAMILTON)  # 640x360, 29.97 fps, its stream starts at 0.85 s

    frames = list(iter_video_frames(path, every_s=0.5, max_side=320))

    times = [f.t for f in frames]
    assert times[0] == pytest.approx(0.0, abs=0.04)
    assert np.allclose(np.diff(times), 0.5, atol=0.04)
    assert len(frames) == 19  # 9.2 s of video
    assert all(f.bgr.shape == (180, 320, 3) and f.bgr.dtype == np.uint8 for f in frames)


def test_every_frame_is_returned_when_the_interval_is_zero() -> None:
    frames = list(iter_video_frames(shared(VIDEOS / HAMILTON), every_s=0))
    assert len(frames) == 275
    assert frames[-1].t == pytest.approx(274 / 29.97, abs=0.01)


def test_a_decrypting_reader_can_stand_in_for_the_file() -> None:
    data = shared(VIDEOS / HDTF_A).read_bytes()
    reader = VideoReader(io.BytesIO(data), every_s=1.0)

    frames = list(reader)

    assert reader.info.width == 512 and reader.info.duration_s == pytest.approx(8.0, abs=0.1)
    assert len(frames) == 8
    assert not reader.truncated


def test_a_webm_written_like_the_kiosk_writes_it_is_read_back(tmp_path: Path) -> None:
    images = [np.full((240, 320, 3), (i * 8) % 256, np.uint8) for i in range(50)]
    path = write_webm(images, tmp_path / "answer.webm", fps=25)

    frames = list(iter_video_frames(path, every_s=0.4))

    assert [round(f.t, 2) for f in frames] == [0.0, 0.4, 0.8, 1.2, 1.6]
    assert abs(int(frames[1].bgr.mean()) - 80) <= 3  # frame 10 of a ramp of 8 per frame


def _audio_only(path: Path) -> Path:
    with av.open(str(path), "w", format="webm") as container:
        stream = container.add_stream("libopus", rate=48000)
        stream.codec_context.time_base = Fraction(1, 48000)
        samples = (np.sin(np.arange(48000) / 10) * 0.1).astype(np.float32)[None, :]
        for start in range(0, 48000, 960):
            frame = av.AudioFrame.from_ndarray(
                samples[:, start : start + 960], format="flt", layout="mono"
            )
            frame.sample_rate, frame.pts = 48000, start
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    return path


def test_a_recording_without_picture_is_refused_with_a_plain_reason(tmp_path: Path) -> None:
    path = _audio_only(tmp_path / "sound-only.webm")

    with pytest.raises(VideoUnavailable) as caught:
        list(iter_video_frames(path))

    assert "no picture" in caught.value.message
    assert caught.value.hint


@pytest.mark.parametrize("content", [b"", b"not a video at all" * 100])
def test_a_damaged_recording_is_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "answer.webm"
    path.write_bytes(content)
    with pytest.raises(VideoUnavailable):
        list(iter_video_frames(path))


def test_a_missing_recording_is_refused(tmp_path: Path) -> None:
    with pytest.raises(VideoUnavailable, match="missing"):
        list(iter_video_frames(tmp_path / "gone.webm"))


def test_a_recording_cut_short_keeps_what_was_decoded(tmp_path: Path) -> None:
    images = [np.random.default_rng(i).integers(0, 255, (120, 160, 3), np.uint8) for i in range(75)]
    whole = write_webm(images, tmp_path / "whole.webm", fps=25).read_bytes()
    cut = tmp_path / "cut.webm"
    cut.write_bytes(whole[: len(whole) // 2])  # a crash in the middle of writing

    reader = VideoReader(cut, every_s=0.2)
    frames = list(reader)

    assert 3 <= len(frames) < 15
    assert reader.truncated


def test_an_rgba_png_loads_as_the_same_picture_as_its_jpeg() -> None:
    rgba = load_image(shared(FACES / "face_recognition_whitehouse" / "32bit.png"))
    jpeg = load_image(shared(FACES / "face_recognition_whitehouse" / "obama2.jpg"))

    assert rgba.shape == jpeg.shape == (1200, 626, 3)
    assert np.abs(rgba.astype(int) - jpeg.astype(int)).mean() < 3


def test_a_webp_named_jpg_is_read_by_its_content() -> None:
    path = shared(FACES / "multi_face_and_odd" / "deepface_img47_webp-named-jpg.jpg")
    assert path.read_bytes()[8:12] == b"WEBP"

    image = load_image(path, max_side=600)

    assert image.shape == (600, 450, 3)


def test_transparent_pixels_show_as_white() -> None:
    import cv2

    rgba = np.zeros((4, 4, 4), np.uint8)  # black, fully transparent
    ok, png = cv2.imencode(".png", rgba)
    assert ok

    assert (load_image(png.tobytes()) == 255).all()


def test_garbage_is_not_a_picture(tmp_path: Path) -> None:
    path = tmp_path / "photo.jpg"
    path.write_bytes(b"\xff\xd8 this is not really a jpeg")
    with pytest.raises(ImageUnreadable):
        load_image(path)
    with pytest.raises(ImageUnreadable):
        load_image(tmp_path / "absent.png")
