"""Sources that devices push into, and one that joins a picture source with a sound source.

`PushVideoSource` and `PushAudioSource` are what a device adapter living elsewhere
feeds: the Qt Multimedia camera and microphone adapters in views/ call `push`
from their own thread (it never blocks) and `fail` when the device goes away.
`CombinedSource` runs a video source and an audio source side by side (a camera
and a microphone) as one source.
"""

from __future__ import annotations

import contextlib
import queue
import threading
import time
from collections.abc import Iterator
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from app.capture.errors import CaptureError
from app.capture.source import (
    SAMPLE_RATE,
    STOP_POLL_SECONDS,
    AudioChunk,
    CapturedFrame,
    CaptureItem,
    CaptureSource,
)


class _PushQueue:
    """What a pushing thread hands to the capture thread; drops instead of blocking."""

    def __init__(self, max_pending: int) -> None:
        self._queue: queue.Queue[CaptureItem] = queue.Queue(max_pending)
        self._failure: CaptureError | None = None
        self._active = False
        self.dropped = 0

    def put(self, item: CaptureItem) -> bool:
        if not self._active:
            return False  # nobody is recording: between answers, pushes are discarded
        try:
            self._queue.put_nowait(item)
        except queue.Full:
            self.dropped += 1
            return False
        return True

    def fail(self, error: CaptureError) -> None:
        self._failure = error

    def drain(self, stop: threading.Event) -> Iterator[CaptureItem]:
        self._discard_stale()
        self._active = True
        try:
            while not stop.is_set():
                if self._failure is not None:
                    failure, self._failure = self._failure, None
                    raise failure
                try:
                    yield self._queue.get(timeout=STOP_POLL_SECONDS)
                except queue.Empty:
                    continue
        finally:
            self._active = False

    def _discard_stale(self) -> None:
        while True:
            try:
                self._queue.get_nowait()
            except queue.Empty:
                return


class PushVideoSource:
    """Pictures pushed by a camera adapter: `push(image)` with BGR uint8 height x width x 3."""

    def __init__(self, width: int, height: int, *, max_pending: int = 8) -> None:
        self._size = (width, height)
        self._queue = _PushQueue(max_pending)

    @property
    def video_size(self) -> tuple[int, int] | None:
        return self._size

    @property
    def has_audio(self) -> bool:
        return False

    @property
    def live(self) -> bool:
        return True

    @property
    def dropped(self) -> int:
        """Pictures pushed while the capture thread was behind (not counting between answers)."""
        return self._queue.dropped

    def push(self, image: NDArray[np.uint8], timestamp: float | None = None) -> bool:
        """Offer a picture taken at `timestamp` (time.monotonic(), default now).

        The recorder keeps `image` (and may make it read-only): pass a new array
        each time, never a buffer the adapter writes into again. Returns False
        when it was not taken (not recording, or the queue was full).
        """
        when = time.monotonic() if timestamp is None else timestamp
        return self._queue.put(CapturedFrame(image, when))

    def fail(self, error: CaptureError) -> None:
        """Report that the device went away (e.g. `CameraLost()`); the answer stops."""
        self._queue.fail(error)

    def items(self, stop: threading.Event) -> Iterator[CaptureItem]:
        return self._queue.drain(stop)

    def close(self) -> None:
        """The adapter owns the device: nothing to release here."""


class PushAudioSource:
    """Sound pushed by a microphone adapter: mono 48 kHz samples, float32 or int16."""

    def __init__(self, *, max_pending: int = 500) -> None:
        self._queue = _PushQueue(max_pending)

    @property
    def video_size(self) -> tuple[int, int] | None:
        return None

    @property
    def has_audio(self) -> bool:
        return True

    @property
    def live(self) -> bool:
        return True

    @property
    def dropped(self) -> int:
        return self._queue.dropped

    def push(
        self, samples: NDArray[np.float32] | NDArray[np.int16], timestamp: float | None = None
    ) -> bool:
        """Offer samples whose first one was captured at `timestamp` (time.monotonic()).

        By default they are taken to have just finished arriving.
        """
        when = time.monotonic() - len(samples) / SAMPLE_RATE if timestamp is None else timestamp
        return self._queue.put(AudioChunk(samples, when))

    def fail(self, error: CaptureError) -> None:
        """Report that the device went away (e.g. `MicrophoneLost()`); the answer stops."""
        self._queue.fail(error)

    def items(self, stop: threading.Event) -> Iterator[CaptureItem]:
        return self._queue.drain(stop)

    def close(self) -> None:
        """The adapter owns the device: nothing to release here."""


_Message = tuple[Literal["item"], CaptureItem] | tuple[Literal["end"], None]


class CombinedSource:
    """Pictures from `video` and sound from `audio` (say a camera and a microphone) as
    one source. Each runs on its own thread; the first failure of either ends the
    answer. The two must stamp with the same clock (live devices: time.monotonic())."""

    def __init__(self, video: CaptureSource, audio: CaptureSource) -> None:
        self._video = video
        self._audio = audio

    @property
    def video_size(self) -> tuple[int, int] | None:
        return self._video.video_size

    @property
    def has_audio(self) -> bool:
        return self._audio.has_audio

    @property
    def live(self) -> bool:
        return self._video.live or self._audio.live

    def items(self, stop: threading.Event) -> Iterator[CaptureItem]:
        inner_stop = threading.Event()
        merged: queue.Queue[_Message] = queue.Queue(64)
        failures: list[BaseException] = []

        def pump(source: CaptureSource) -> None:
            try:
                for item in source.items(inner_stop):
                    while not inner_stop.is_set():
                        try:
                            merged.put(("item", item), timeout=STOP_POLL_SECONDS)
                            break
                        except queue.Full:
                            continue
            except BaseException as exc:  # handed to the consuming thread, raised there
                failures.append(exc)
            finally:
                merged.put(("end", None))

        threads = [
            threading.Thread(target=pump, args=(s,), name="candor-capture-pump", daemon=True)
            for s in (self._video, self._audio)
        ]
        for thread in threads:
            thread.start()
        running = len(threads)
        try:
            while running and not stop.is_set():
                if failures:
                    raise failures[0]
                try:
                    kind, item = merged.get(timeout=STOP_POLL_SECONDS)
                except queue.Empty:
                    continue
                if kind == "end":
                    running -= 1
                elif item is not None:
                    yield item
            if failures:
                raise failures[0]
        finally:
            inner_stop.set()
            while any(t.is_alive() for t in threads):
                with contextlib.suppress(queue.Empty):  # unblock a pump waiting on a full queue
                    merged.get(timeout=STOP_POLL_SECONDS)
            for thread in threads:
                thread.join()

    def close(self) -> None:
        self._video.close()
        self._audio.close()
