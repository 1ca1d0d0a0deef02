"""A video and/or audio file standing in for the camera and microphone.

For kiosks fed by an IP camera's recording, demos and tests: the file is decoded
with PyAV into the same `CapturedFrame`s and `AudioChunk`s a camera and a
microphone produce, and goes through the same recorder. With `realtime=True` it
is paced to the wall clock like a camera (and stamped with `time.monotonic()`);
with `realtime=False` it is read as fast as the recorder takes it, stamped with
the file's own time.
"""

from __future__ import annotations

import heapq
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import av
import av.error
import numpy as np

from app.capture.errors import CaptureFileUnreadable
from app.capture.source import (
    SAMPLE_RATE,
    STOP_POLL_SECONDS,
    AudioChunk,
    CapturedFrame,
    CaptureItem,
)

_Timed = tuple[float, CaptureItem]  # (file time, item)


class FileSource:
    """Decodes `path` (video, with its sound unless `audio_path` gives another file).

    Either file may be audio-only or video-only; together they must hold at least
    a picture or a sound. Raises CaptureFileUnreadable when they do not open.
    Each call to `items` plays the file from its start.
    """

    def __init__(
        self, path: Path, *, audio_path: Path | None = None, realtime: bool = True
    ) -> None:
        self._path = path
        self._audio_path = audio_path or path
        self._realtime = realtime
        video, _ = _probe(path)
        _, has_audio = _probe(self._audio_path)
        if video is None and not has_audio:
            raise CaptureFileUnreadable("it holds neither video nor sound")
        self._video_size = video
        self._has_audio = has_audio

    @property
    def video_size(self) -> tuple[int, int] | None:
        return self._video_size

    @property
    def has_audio(self) -> bool:
        return self._has_audio

    @property
    def live(self) -> bool:
        return self._realtime

    def close(self) -> None:
        """Nothing to release: each `items` call opens and closes its files."""

    def items(self, stop: threading.Event) -> Iterator[CaptureItem]:
        with ExitStack() as files:
            streams: list[Iterator[_Timed]] = []
            if self._video_size is not None:
                streams.append(_video_items(files.enter_context(_open(self._path))))
            if self._has_audio:
                streams.append(_audio_items(files.enter_context(_open(self._audio_path))))
            start = time.monotonic()
            first: float | None = None
            try:
                for file_time, item in heapq.merge(*streams, key=lambda t: t[0]):
                    if first is None:
                        first = file_time
                    if self._realtime:
                        due = start + file_time - first
                        if _wait_until(due, stop):
                            return
                        item = _restamped(item, due)
                    if stop.is_set():
                        return
                    yield item
            except av.error.FFmpegError as exc:
                raise CaptureFileUnreadable("it is damaged part way through") from exc


def _probe(path: Path) -> tuple[tuple[int, int] | None, bool]:
    with _open(path) as container:
        video = container.streams.video[0] if container.streams.video else None
        size = (video.codec_context.width, video.codec_context.height) if video else None
        return size, bool(container.streams.audio)


def _open(path: Path) -> av.container.InputContainer:
    try:
        return av.open(str(path), mode="r")
    except FileNotFoundError:
        raise CaptureFileUnreadable("it does not exist") from None
    except (av.error.FFmpegError, OSError) as exc:
        raise CaptureFileUnreadable("it is not a video or audio file Candor can read") from exc


def _video_items(container: av.container.InputContainer) -> Iterator[_Timed]:
    stream = container.streams.video[0]
    rate = float(stream.average_rate or 30)
    for index, frame in enumerate(container.decode(stream)):
        when = frame.time if frame.time is not None else index / rate
        image = np.asarray(frame.to_ndarray(format="bgr24"), dtype=np.uint8)
        yield when, CapturedFrame(image, when)


def _audio_items(container: av.container.InputContainer) -> Iterator[_Timed]:
    stream = container.streams.audio[0]
    resampler = av.AudioResampler(format="flt", layout="mono", rate=SAMPLE_RATE)
    anchor: float | None = None
    samples_out = 0

    def chunks(frames: list[av.AudioFrame]) -> Iterator[_Timed]:
        nonlocal samples_out
        assert anchor is not None
        for out in frames:
            samples = out.to_ndarray().reshape(-1).astype(np.float32, copy=False)
            when = anchor + samples_out / SAMPLE_RATE
            samples_out += len(samples)
            yield when, AudioChunk(samples, when)

    for frame in container.decode(stream):
        if anchor is None:
            # Later chunks are placed by counting samples, which keeps the sound gapless.
            anchor = frame.time if frame.time is not None else 0.0
        yield from chunks(resampler.resample(frame))
    if anchor is not None:
        yield from chunks(resampler.resample(None))


def _restamped(item: CaptureItem, when: float) -> CaptureItem:
    if isinstance(item, CapturedFrame):
        return CapturedFrame(item.image, when)
    return AudioChunk(item.samples, when)


def _wait_until(due: float, stop: threading.Event) -> bool:
    """Sleep until `due` on the monotonic clock; True if `stop` was set meanwhile."""
    while (delay := due - time.monotonic()) > 0:
        if stop.wait(min(delay, STOP_POLL_SECONDS)):
            return True
    return stop.is_set()
