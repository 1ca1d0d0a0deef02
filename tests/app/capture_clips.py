"""Synthetic clips for the capture tests and benchmark, written with PyAV.

A clip shows a gradient with a white square moving across it (so every frame
differs) and carries a 440 Hz tone in stereo at 44.1 kHz (so the recorder's
resampling to 48 kHz mono is exercised). A "flash" clip instead has one white
frame at `flash_at` seconds and a 1 kHz beep starting at the same instant, to
measure audio/video sync.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import numpy as np
from numpy.typing import NDArray

TONE_HZ = 440.0
BEEP_HZ = 1000.0


def pattern_frame(index: int, width: int, height: int) -> NDArray[np.uint8]:
    rows, cols = np.mgrid[0:height, 0:width]
    image = np.empty((height, width, 3), np.uint8)
    image[..., 0] = cols * 255 // width
    image[..., 1] = rows * 255 // height
    image[..., 2] = 60
    side = max(height // 6, 8)
    left = (index * 5) % (width - side)
    image[height // 2 - side // 2 : height // 2 + side // 2, left : left + side] = 255
    return image


def make_clip(
    path: Path,
    *,
    seconds: float = 2.0,
    fps: int = 30,
    size: tuple[int, int] = (320, 240),
    video: bool = True,
    audio: bool = True,
    flash_at: float | None = None,
    audio_rate: int = 44_100,
) -> Path:
    """Write a clip (MPEG-4 Part 2 + 16-bit PCM in Matroska, or WAV for audio only)."""
    width, height = size
    with av.open(str(path), mode="w") as out:
        vstream = None
        if video:
            vstream = out.add_stream("mpeg4", rate=fps)
            vstream.width, vstream.height, vstream.pix_fmt = width, height, "yuv420p"
            vstream.bit_rate = 2_000_000
        astream = out.add_stream("pcm_s16le", rate=audio_rate, layout="stereo") if audio else None
        if vstream is not None:
            flash_index = round(flash_at * fps) if flash_at is not None else -1
            for index in range(round(seconds * fps)):
                if flash_at is None:
                    image = pattern_frame(index, width, height)
                else:
                    shade = 255 if index == flash_index else 20
                    image = np.full((height, width, 3), shade, np.uint8)
                frame = av.VideoFrame.from_ndarray(image, format="bgr24")
                frame.pts, frame.time_base = index, Fraction(1, fps)
                out.mux(vstream.encode(frame))
            out.mux(vstream.encode(None))
        if astream is not None:
            pcm = _sound(seconds, audio_rate, flash_at)
            stereo = np.repeat(pcm, 2)
            for start in range(0, len(pcm), 1024):
                stop = min(start + 1024, len(pcm))
                block = stereo[2 * start : 2 * stop].reshape(1, -1)
                frame = av.AudioFrame.from_ndarray(block, format="s16", layout="stereo")
                frame.sample_rate = audio_rate
                frame.pts, frame.time_base = start, Fraction(1, audio_rate)
                out.mux(astream.encode(frame))
            out.mux(astream.encode(None))
    return path


def _sound(seconds: float, rate: int, flash_at: float | None) -> NDArray[np.int16]:
    t = np.arange(round(seconds * rate)) / rate
    if flash_at is None:
        wave = 0.4 * np.sin(2 * np.pi * TONE_HZ * t)
    else:
        wave = np.where((t >= flash_at) & (t < flash_at + 0.1), 0.5, 0.0) * np.sin(
            2 * np.pi * BEEP_HZ * t
        )
    return (wave * 32767).astype(np.int16)


def decode_recording(
    reader: object,
) -> tuple[list[tuple[float, NDArray[np.uint8]]], NDArray[np.float32], float]:
    """Decode a recording from a (decrypting) file object.

    Returns the video frames as (time, BGR image), the mono sound as float32 at
    its own rate, and the time of the first sound sample.
    """
    frames: list[tuple[float, NDArray[np.uint8]]] = []
    blocks: list[NDArray[np.float32]] = []
    audio_start: float | None = None
    with av.open(reader, mode="r") as container:
        for frame in container.decode(*container.streams.video, *container.streams.audio):
            if isinstance(frame, av.VideoFrame):
                frames.append((frame.time or 0.0, frame.to_ndarray(format="bgr24")))
            elif isinstance(frame, av.AudioFrame):
                if audio_start is None:
                    audio_start = frame.time or 0.0
                blocks.append(frame.to_ndarray().astype(np.float32).reshape(-1))
    sound = np.concatenate(blocks) if blocks else np.zeros(0, np.float32)
    return frames, sound, audio_start or 0.0
