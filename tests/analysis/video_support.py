"""Shared set-up for the video-observation tests: real models (loaded once), shared data."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest

from analysis.models import ModelRegistry
from analysis.video import FaceDetector, FaceEmbedder, TimedFrame, iter_video_frames

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
FACES = SHARED / "faces"
VIDEOS = SHARED / "video"
HDTF_A = "hdtf_WDA_AlexandriaOcasioCortez_000.mp4"
HDTF_B = "hdtf_WDA_KatieHill_000.mp4"
HAMILTON = "whitehouse_short_hamilton_clip.mp4"


def shared(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"shared evaluation data missing: {path.name}")
    return path.resolve()


@dataclass(frozen=True)
class VideoModels:
    registry: ModelRegistry
    detector: FaceDetector
    embedder: FaceEmbedder


@functools.cache
def video_models(model_dir: Path) -> VideoModels:
    """The registry's detector and embedder, loaded once per model folder."""
    registry = ModelRegistry(model_dir, prefer_device="cpu")
    return VideoModels(registry, FaceDetector.load(registry), FaceEmbedder.load(registry))


@functools.cache
def clip_frames(name: str, every_s: float = 0.2) -> tuple[TimedFrame, ...]:
    """Sampled frames of a shared clip, decoded once per test session."""
    return tuple(iter_video_frames(shared(VIDEOS / name), every_s=every_s))


def write_webm(frames: Iterable[np.ndarray], path: Path, fps: int = 25) -> Path:
    """Encode BGR frames as VP8 WebM (what the kiosk records), in a test's tmp_path."""
    frames = list(frames)
    height, width = frames[0].shape[:2]
    with av.open(str(path), "w", format="webm") as container:
        stream = container.add_stream("libvpx", rate=fps, options={"deadline": "realtime"})
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        stream.bit_rate = 2_000_000
        stream.codec_context.time_base = Fraction(1, fps)
        for index, image in enumerate(frames):
            frame = av.VideoFrame.from_ndarray(image, format="bgr24")
            frame.pts = index
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    return path
