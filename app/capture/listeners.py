"""The live-analysis hook: frames offered to listeners that can never slow capture down.

Each listener has its own thread and a tiny queue. The capture thread only ever
tries to put a frame in it; when the listener is still busy with earlier frames
the new one is dropped for that listener (and counted), never for the recording.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

log = logging.getLogger("candor.capture")


@dataclass(frozen=True, eq=False)
class LiveFrame:
    """A captured picture for live analysis. `image` is BGR and read-only (it is shared
    with the encoder); `time` is seconds since the answer started, as in the recording;
    `index` counts the answer's captured frames from 0."""

    image: NDArray[np.uint8]
    time: float
    index: int


FrameCallback = Callable[[LiveFrame], None]


class FrameListener:
    """One listener's queue and thread; `delivered`, `dropped` and `failures` count frames."""

    def __init__(self, callback: FrameCallback, every_n: int, max_pending: int) -> None:
        if every_n < 1 or max_pending < 1:
            raise ValueError("every_n and max_pending must be at least 1")
        self.every_n = every_n
        self.delivered = 0
        self.dropped = 0
        self.failures = 0
        self._callback = callback
        self._queue: queue.Queue[LiveFrame | None] = queue.Queue(max_pending)
        self._thread = threading.Thread(target=self._run, name="candor-live-analysis", daemon=True)
        self._thread.start()

    def offer(self, frame: LiveFrame) -> None:
        """Called on the capture thread: never blocks."""
        if frame.index % self.every_n:
            return
        try:
            self._queue.put_nowait(frame)
        except queue.Full:
            self.dropped += 1

    def close(self) -> None:
        """Ask the thread to end after its current frame; frames still queued are skipped."""
        while True:
            try:
                self._queue.put_nowait(None)
                return
            except queue.Full:
                try:
                    self._queue.get_nowait()
                    self.dropped += 1
                except queue.Empty:
                    pass

    def join(self, timeout: float | None = None) -> bool:
        """Wait for the listener to finish; True if it did."""
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _run(self) -> None:
        while (frame := self._queue.get()) is not None:
            try:
                self._callback(frame)
                self.delivered += 1
            except Exception:
                # A broken analysis must not end the recording; the first failure is logged.
                self.failures += 1
                if self.failures == 1:
                    log.exception("a live-analysis listener failed; later failures are counted")
