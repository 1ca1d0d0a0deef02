"""What a capture source delivers, and the protocol every source follows.

A source yields `CapturedFrame`s (BGR pictures) and `AudioChunk`s (mono PCM at
48 kHz), each stamped in seconds on one clock shared by its picture and sound:
`time.monotonic()` for live devices, the file's own time for a file read as fast
as possible. The recorder only uses differences between stamps, so any clock
works as long as video and audio share it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

SAMPLE_RATE = 48_000
"""Audio sample rate of every source (Opus's native rate)."""

STOP_POLL_SECONDS = 0.1
"""How long a source may block before it looks at the stop event again."""


@dataclass(frozen=True, eq=False)
class CapturedFrame:
    """One picture: `image` is height x width x 3, uint8, BGR (OpenCV's order)."""

    image: NDArray[np.uint8]
    timestamp: float


@dataclass(frozen=True, eq=False)
class AudioChunk:
    """Consecutive mono samples at `SAMPLE_RATE`; `timestamp` is that of the first one.

    float32 in [-1, 1] or int16.
    """

    samples: NDArray[np.float32] | NDArray[np.int16]

    timestamp: float

    @property
    def duration(self) -> float:
        return len(self.samples) / SAMPLE_RATE


CaptureItem = CapturedFrame | AudioChunk


class CaptureSource(Protocol):
    """A camera and/or microphone, or a file standing in for them.

    `items(stop)` blocks while it waits for the device and yields what it captured
    until `stop` is set (it looks at least every `STOP_POLL_SECONDS`), until the
    source ends (a file), or until the device fails, which it reports by raising
    `CameraLost` / `MicrophoneLost`. Each answer calls `items` again on the same
    source, so a camera stays open between questions; `close()` releases the
    devices. Everything here runs on the recorder's capture thread.
    """

    @property
    def video_size(self) -> tuple[int, int] | None:
        """(width, height) of the pictures, or None when the source has no video."""
        ...

    @property
    def has_audio(self) -> bool: ...

    @property
    def live(self) -> bool:
        """True for a device (or a file paced like one): the recorder drops frames
        it cannot keep up with instead of making the source wait."""
        ...

    def items(self, stop: threading.Event) -> Iterator[CaptureItem]: ...

    def close(self) -> None: ...


def as_float_samples(samples: NDArray[np.float32] | NDArray[np.int16]) -> NDArray[np.float32]:
    """Mono samples as float32 in [-1, 1]."""
    if samples.dtype == np.int16:
        return samples.astype(np.float32) / 32768.0
    return np.asarray(samples, dtype=np.float32).reshape(-1)
