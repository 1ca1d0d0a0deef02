"""One answer's recording, with its time limit enforced.

`TimedRecording` wraps `app.capture.AnswerRecorder`: the media file (and its
`pending_ref`) exists as soon as it is constructed, so the caller stores the
ref *before* `start()`. The answer's time limit is enforced here, on a timer
thread, so a kiosk screen that freezes cannot record forever.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from app.capture import (
    AnswerOutcome,
    AnswerRecorder,
    CaptureSource,
    FrameCallback,
    FrameListener,
    RecordingSettings,
)
from app.media import MediaRef, MediaStore


class TimedRecording:
    def __init__(
        self,
        media: MediaStore,
        candidate_id: int,
        source: CaptureSource,
        limit_s: float,
        *,
        settings: RecordingSettings | None = None,
        on_ended: Callable[[], None] | None = None,
    ) -> None:
        self._on_ended = on_ended
        self._recorder = AnswerRecorder(
            media, candidate_id, source, settings=settings, on_finished=self._finished
        )
        self.pending_ref: MediaRef = self._recorder.pending_ref
        self._timer = threading.Timer(limit_s, self._time_up)
        self._timer.daemon = True
        self._time_limit_hit = False

    def add_frame_listener(
        self, callback: FrameCallback, every_n: int, max_pending: int
    ) -> FrameListener:
        return self._recorder.add_frame_listener(callback, every_n=every_n, max_pending=max_pending)

    def start(self) -> None:
        self._recorder.start()
        self._timer.start()

    @property
    def running(self) -> bool:
        return self._recorder.running

    @property
    def time_limit_hit(self) -> bool:
        return self._time_limit_hit

    def finish(self) -> AnswerOutcome:
        """Stop (if still running) and wait until the answer is encrypted and on disk."""
        self._timer.cancel()
        return self._recorder.stop()

    def discard(self) -> None:
        """Stop and delete what was recorded."""
        self._timer.cancel()
        self._recorder.abort()

    def _time_up(self) -> None:
        if self._recorder.running:
            self._time_limit_hit = True
            self._recorder.stop()

    def _finished(self, outcome: AnswerOutcome) -> None:
        if self._on_ended is not None:
            self._on_ended()
