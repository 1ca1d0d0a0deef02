"""Recording one answer: source -> encoder -> encrypted media file, on two threads.

The capture thread pulls from the source, stamps each item relative to the
answer's start, offers frames to live-analysis listeners and puts everything in
a bounded queue; it never waits for the encoder while the source is live (a frame
that does not fit is dropped and counted). The encoder thread encodes, muxes and
writes through the `MediaWriter`, which encrypts as it goes.

Crash safety: the media file exists, with its header, as soon as the recorder is
constructed, and `pending_ref` names it. The interview's storage must save
`pending_ref` (e.g. `pending_ref.to_json()`) before calling `start()`, so that
after a crash `recover_answer(store, pending_ref)` can find the answer that was
being recorded and the interview can resume at that question.
"""

from __future__ import annotations

import logging
import statistics
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from analysis.errors import CandorError
from app.capture.encoder import EncoderSettings, WebmEncoder
from app.capture.errors import CameraLost, CaptureError, MicrophoneLost
from app.capture.listeners import FrameCallback, FrameListener, LiveFrame
from app.capture.outcome import (
    AnswerOutcome,
    AnswerStatus,
    CaptureStats,
    IncompleteReason,
)
from app.capture.source import (
    SAMPLE_RATE,
    STOP_POLL_SECONDS,
    AudioChunk,
    CapturedFrame,
    CaptureSource,
    as_float_samples,
)
from app.media import MediaDiskFull, MediaRef, MediaStore, MediaWriteFailed

log = logging.getLogger("candor.capture")

ANSWER_KIND = "answer"


@dataclass(frozen=True)
class RecordingSettings:
    """`queue_frames`: pictures that may wait for the encoder before new ones are
    dropped (one second at 30 fps, ~28 MB at 640x480); sound is never dropped
    unless `queue_audio_seconds` of it are waiting. `chunk_size`: the media file's
    encryption chunk; a killed recording loses at most the chunk being filled plus
    the WebM cluster being built (`EncoderSettings.cluster_seconds`): 16 KiB is
    about 0.15 s at the default bitrate, a few seconds at worst for a still scene."""

    encoder: EncoderSettings = field(default_factory=EncoderSettings)
    queue_frames: int = 30
    queue_audio_seconds: float = 30.0
    chunk_size: int = 16 * 1024


@dataclass(frozen=True, eq=False)
class _Queued:
    item: CapturedFrame | AudioChunk | None  # None ends the recording
    at: float  # seconds since the answer started
    queued: float  # time.perf_counter() when captured, for latency


class _EncodeQueue:
    """FIFO of pictures and sound with separate limits; the end marker always fits."""

    def __init__(self, max_frames: int, max_samples: int) -> None:
        self._items: deque[_Queued] = deque()
        self._frames = 0
        self._samples = 0
        self._max_frames = max_frames
        self._max_samples = max_samples
        self._closed = False
        self._ready = threading.Condition()

    def put(self, entry: _Queued, *, block: bool) -> bool:
        """False when it did not fit (or the consumer is gone)."""
        with self._ready:
            while not self._fits(entry.item):
                if not block or self._closed:
                    return False
                self._ready.wait(STOP_POLL_SECONDS)
            if self._closed:
                return False
            self._items.append(entry)
            self._count(entry.item, +1)
            self._ready.notify_all()
            return True

    def put_end(self) -> None:
        with self._ready:
            self._items.append(_Queued(None, 0.0, time.perf_counter()))
            self._ready.notify_all()

    def get(self) -> _Queued:
        with self._ready:
            while not self._items:
                self._ready.wait()
            entry = self._items.popleft()
            self._count(entry.item, -1)
            self._ready.notify_all()
            return entry

    def close(self) -> None:
        """The consumer stopped: make producers give up instead of waiting."""
        with self._ready:
            self._closed = True
            self._items.clear()
            self._ready.notify_all()

    def _fits(self, item: CapturedFrame | AudioChunk | None) -> bool:
        if isinstance(item, CapturedFrame):
            return self._frames < self._max_frames
        if isinstance(item, AudioChunk):
            return self._samples + len(item.samples) <= self._max_samples
        return True

    def _count(self, item: CapturedFrame | AudioChunk | None, sign: int) -> None:
        if isinstance(item, CapturedFrame):
            self._frames += sign
        elif isinstance(item, AudioChunk):
            self._samples += sign * len(item.samples)


class AnswerRecorder:
    """Records one answer from `source` into a new encrypted WebM of `candidate_id`.

    Use: construct (the file and `pending_ref` exist from here), save `pending_ref`,
    optionally `add_frame_listener`, `start()`, then `stop()` for the outcome.
    The recording also ends by itself when the source ends (a file) or fails (a
    camera unplugged) or the disk fills up; `on_finished` (called on the
    recorder's thread, with the outcome) and `wait()` tell when. One recorder per
    answer; the source stays open for the next answer.
    """

    def __init__(
        self,
        store: MediaStore,
        candidate_id: int,
        source: CaptureSource,
        *,
        settings: RecordingSettings | None = None,
        on_finished: Callable[[AnswerOutcome], None] | None = None,
    ) -> None:
        self._settings = settings or RecordingSettings()
        self._source = source
        self._store = store
        self._on_finished = on_finished
        self._writer = store.writer(candidate_id, ANSWER_KIND, chunk_size=self._settings.chunk_size)
        self.pending_ref: MediaRef = self._writer.pending_ref
        try:
            self._encoder = WebmEncoder(
                self._writer, source.video_size, source.has_audio, self._settings.encoder
            )
        except BaseException:
            self._writer.abort()
            raise
        self._queue = _EncodeQueue(
            self._settings.queue_frames,
            round(self._settings.queue_audio_seconds * SAMPLE_RATE),
        )
        self._listeners: list[FrameListener] = []
        self._stop = threading.Event()
        self._finished = threading.Event()
        self._lock = threading.Lock()
        self._started = False
        self._discard = False
        self._requested_reason: IncompleteReason | None = None
        self._fault: tuple[IncompleteReason, str] | None = None
        self._outcome: AnswerOutcome | None = None
        self._captured = 0
        self._dropped = 0
        self._latencies: list[float] = []
        self._threads = [
            threading.Thread(target=self._capture_loop, name="candor-capture", daemon=True),
            threading.Thread(target=self._encode_loop, name="candor-encode", daemon=True),
        ]

    def add_frame_listener(
        self, callback: FrameCallback, *, every_n: int = 1, max_pending: int = 1
    ) -> FrameListener:
        """Offer every `every_n`-th captured frame to `callback`, on its own thread.

        A listener slower than the frames arrive misses frames (counted in the
        returned handle's `dropped`); the recording never waits for it.
        """
        listener = FrameListener(callback, every_n, max_pending)
        with self._lock:
            self._listeners.append(listener)
        return listener

    def start(self) -> None:
        with self._lock:
            if self._started:
                raise RuntimeError("this recorder was already started")
            self._started = True
        for thread in self._threads:
            thread.start()

    @property
    def running(self) -> bool:
        return self._started and not self._finished.is_set()

    def stop(self, reason: IncompleteReason | None = None) -> AnswerOutcome:
        """End the answer and wait until it is encrypted and fsynced.

        `reason` marks the answer incomplete (e.g. STOPPED_EARLY when the
        candidate's time ran out); a fault that ended it earlier takes precedence.
        """
        with self._lock:
            if self._requested_reason is None:
                self._requested_reason = reason
            started = self._started
        if not started:
            self.start()
        self._stop.set()
        self._finished.wait()
        assert self._outcome is not None
        return self._outcome

    def abort(self) -> None:
        """End the answer and delete what was recorded (the candidate starts it over)."""
        self._discard = True
        outcome = self.stop()
        if outcome.ref is not None:  # it had already ended by itself and been saved
            self._store.delete(outcome.ref)

    def wait(self, timeout: float | None = None) -> AnswerOutcome | None:
        """The outcome once the recording has ended (by itself or by `stop`), else None."""
        return self._outcome if self._finished.wait(timeout) else None

    def stats(self) -> CaptureStats:
        latencies = sorted(self._latencies)
        p95 = latencies[min(len(latencies) - 1, int(0.95 * len(latencies)))] if latencies else 0.0
        return CaptureStats(
            frames_captured=self._captured,
            frames_encoded=self._encoder.frames,
            frames_dropped=self._dropped,
            listener_drops=sum(listener.dropped for listener in self._listeners),
            audio_seconds=self._encoder.audio_seconds,
            encode_seconds=self._encoder.encode_seconds,
            write_seconds=self._encoder.write_seconds,
            latency_ms_median=statistics.median(latencies) * 1000 if latencies else 0.0,
            latency_ms_p95=p95 * 1000,
        )

    # --- capture thread -------------------------------------------------------------

    def _capture_loop(self) -> None:
        block = not self._source.live  # a file read as fast as possible waits; a camera never
        start: float | None = None
        try:
            for item in self._source.items(self._stop):
                now = time.perf_counter()
                start = item.timestamp if start is None else start
                at = item.timestamp - start
                if isinstance(item, CapturedFrame):
                    self._offer_to_listeners(item.image, at)
                    self._captured += 1
                    if not self._queue.put(_Queued(item, at, now), block=block):
                        self._dropped += 1
                else:
                    self._queue.put(_Queued(item, at, now), block=block)
                if self._stop.is_set():
                    break
        except CaptureError as exc:
            self._record_fault(_reason_for(exc), exc.user_text())
        except Exception:
            log.exception("the capture source failed unexpectedly")
            self._record_fault(
                IncompleteReason.SOURCE_FAILED,
                "Recording stopped because of an unexpected error in the camera or "
                "microphone input. What was recorded so far is saved.",
            )
        finally:
            self._queue.put_end()
            for listener in self._listeners:
                listener.close()

    def _offer_to_listeners(self, image: NDArray[np.uint8], at: float) -> None:
        if not self._listeners:
            return
        image.flags.writeable = False  # shared with the encoder: listeners must not change it
        frame = LiveFrame(image, at, self._captured)
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            listener.offer(frame)

    # --- encoder thread -------------------------------------------------------------

    def _encode_loop(self) -> None:
        ref: MediaRef | None = None
        try:
            while (entry := self._queue.get()).item is not None:
                item = entry.item
                if isinstance(item, CapturedFrame):
                    self._encoder.add_frame(item.image, entry.at)
                    self._latencies.append(time.perf_counter() - entry.queued)
                else:
                    self._encoder.add_audio(as_float_samples(item.samples), entry.at)
            if self._discard:
                self._encoder.abandon()
                self._writer.abort()
            else:
                self._encoder.finish()
                ref = self._writer.close()
        except MediaWriteFailed as exc:
            # The writer already removed the partial file; earlier answers are untouched.
            disk_full = isinstance(exc, MediaDiskFull)
            self._record_fault(
                IncompleteReason.DISK_FULL if disk_full else IncompleteReason.WRITE_FAILED,
                "Recording stopped: " + exc.user_text(),
            )
            self._encoder.abandon()
        except Exception:
            log.exception("encoding the answer failed unexpectedly")
            self._record_fault(
                IncompleteReason.SOURCE_FAILED,
                "Recording stopped because of an unexpected error while saving it.",
            )
            self._encoder.abandon()
            self._writer.abort()
        finally:
            self._stop.set()
            self._queue.close()
            self._outcome = self._make_outcome(ref)
            self._finished.set()
        self._notify_finished(self._outcome)

    def _make_outcome(self, ref: MediaRef | None) -> AnswerOutcome:
        with self._lock:
            fault, requested = self._fault, self._requested_reason
        reason = fault[0] if fault else requested
        message = fault[1] if fault else ""
        if self._discard and fault is None:
            reason = reason or IncompleteReason.STOPPED_EARLY
            message = "The recording of this answer was discarded."
        elif fault is None and self._encoder.frames == 0 and self._encoder.audio_seconds == 0:
            reason = IncompleteReason.NOTHING_RECORDED
            message = (
                "Nothing was recorded for this answer: the camera and microphone sent "
                "no picture and no sound. Check them, then record the answer again."
            )
        elif reason is IncompleteReason.STOPPED_EARLY and not message:
            message = "The answer was stopped before the candidate finished it."
        kept = ref is not None
        return AnswerOutcome(
            ref=ref,
            status=AnswerStatus.COMPLETE if reason is None else AnswerStatus.INCOMPLETE,
            reason=reason,
            duration=self._encoder.duration if kept else 0.0,
            frames=self._encoder.frames if kept else 0,
            dropped_frames=self._dropped,
            audio_seconds=self._encoder.audio_seconds if kept else 0.0,
            message=message,
        )

    def _record_fault(self, reason: IncompleteReason, message: str) -> None:
        with self._lock:
            if self._fault is None:
                self._fault = (reason, message)

    def _notify_finished(self, outcome: AnswerOutcome) -> None:
        if self._on_finished is None:
            return
        try:
            self._on_finished(outcome)
        except Exception:
            log.exception("the recording's on_finished callback failed")


def _reason_for(error: CandorError) -> IncompleteReason:
    if isinstance(error, CameraLost):
        return IncompleteReason.CAMERA_LOST
    if isinstance(error, MicrophoneLost):
        return IncompleteReason.MICROPHONE_LOST
    return IncompleteReason.SOURCE_FAILED
