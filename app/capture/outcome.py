"""What recording one answer produced: `AnswerOutcome`, and the recorder's `CaptureStats`."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from app.media import MediaRef


class AnswerStatus(StrEnum):
    COMPLETE = "complete"
    INCOMPLETE = "incomplete"


class IncompleteReason(StrEnum):
    CAMERA_LOST = "camera_lost"
    MICROPHONE_LOST = "microphone_lost"
    SOURCE_FAILED = "source_failed"  # a stand-in file broke, or an unexpected fault
    DISK_FULL = "disk_full"
    WRITE_FAILED = "write_failed"
    STOPPED_EARLY = "stopped_early"  # the interview flow stopped it (time out, operator)
    INTERRUPTED = "interrupted"  # the process died mid-answer; found by `recover_answer`
    NOTHING_RECORDED = "nothing_recorded"  # the source sent no picture and no sound


@dataclass(frozen=True)
class AnswerOutcome:
    """The result of one answer's recording, for the interview's storage and the operator.

    `ref` is the encrypted WebM (VP8 + Opus) to store (`ref.to_json()`), or None when
    nothing could be kept (the disk filled up: the media store removes a file it
    could not finish). `message` is for the operator, empty when complete.
    `frames`, `duration` and `audio_seconds` describe what `ref` holds.
    """

    ref: MediaRef | None
    status: AnswerStatus
    reason: IncompleteReason | None
    duration: float
    frames: int
    dropped_frames: int
    audio_seconds: float
    message: str = ""

    @property
    def complete(self) -> bool:
        return self.status is AnswerStatus.COMPLETE


@dataclass(frozen=True)
class CaptureStats:
    """Counters and timings of one recording, for diagnostics and benchmarks.

    Latencies are per encoded frame, from the source handing it over to the
    encoder having muxed it (median and 95th percentile, milliseconds).
    `write_seconds` is the time spent in the encrypted media writer (encryption
    and handing chunks to the OS), `encode_seconds` the time spent encoding.
    """

    frames_captured: int
    frames_encoded: int
    frames_dropped: int
    listener_drops: int
    audio_seconds: float
    encode_seconds: float
    write_seconds: float
    latency_ms_median: float
    latency_ms_p95: float
