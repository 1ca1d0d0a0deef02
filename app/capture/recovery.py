"""After a crash: turn the answer that was being recorded into a playable file, and check it.

`recover_answer` takes the `pending_ref` the interview's storage saved before the
answer started. The media store keeps the file's authentic chunks (`recover`),
and the live WebM inside is a valid prefix of the recording, so it plays up to
the last chunk that reached the disk. `probe_recording` decodes a recording from
its encrypted file (nothing is decrypted to disk) to say what it holds.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import av
import av.error

from app.capture.outcome import AnswerOutcome, AnswerStatus, IncompleteReason
from app.media import MediaNotFound, MediaRef, MediaStore

log = logging.getLogger("candor.capture")


@dataclass(frozen=True)
class RecordingProbe:
    """What a recording holds: decodable pictures and seconds of sound.

    `complete` is False when the file was cut short and only a prefix was read.
    """

    video_frames: int
    audio_seconds: float
    duration: float
    video_size: tuple[int, int] | None
    complete: bool


def probe_recording(
    store: MediaStore, ref: MediaRef, *, allow_incomplete: bool = False
) -> RecordingProbe:
    """Decode a recording straight from its encrypted file and count what decodes.

    A WebM cut short decodes up to where it ends; decoding stops quietly there.
    """
    frames, audio, end = 0, 0.0, 0.0
    size: tuple[int, int] | None = None
    with store.open(ref, allow_incomplete=allow_incomplete) as reader:
        complete = reader.complete
        if reader.size() == 0:
            return RecordingProbe(0, 0.0, 0.0, None, complete)
        try:
            with av.open(reader, mode="r") as container:
                for frame in container.decode(*container.streams.video, *container.streams.audio):
                    if isinstance(frame, av.VideoFrame):
                        frames += 1
                        size = (frame.width, frame.height)
                        end = max(end, frame.time or 0.0)
                    elif isinstance(frame, av.AudioFrame) and frame.sample_rate:
                        seconds = frame.samples / frame.sample_rate
                        audio += seconds
                        end = max(end, (frame.time or 0.0) + seconds)
        except (av.error.FFmpegError, EOFError):
            if complete:
                raise
            # The torn end of an interrupted recording: everything before it was counted.
    return RecordingProbe(frames, audio, end, size, complete)


def recover_answer(store: MediaStore, pending_ref: MediaRef) -> AnswerOutcome:
    """The outcome of an answer whose recording was interrupted (the process died).

    The file is rewritten as a complete media file holding what had reached the
    disk (a new ref, to be stored instead of `pending_ref`), checked by decoding
    it. A recording that had already been closed is returned as complete. When
    nothing playable was saved, the file is removed and `ref` is None; either way
    the interview can resume at this question.
    """
    try:
        with store.open(pending_ref, allow_incomplete=True) as reader:
            was_complete = reader.complete
        ref = store.recover(pending_ref)
    except MediaNotFound:
        return _nothing_saved()
    probe = probe_recording(store, ref)
    if probe.video_frames == 0 and probe.audio_seconds == 0:
        store.delete(ref)
        return _nothing_saved()
    log.info("recovered an interrupted answer (%.1f s)", probe.duration)
    return AnswerOutcome(
        ref=ref,
        status=AnswerStatus.COMPLETE if was_complete else AnswerStatus.INCOMPLETE,
        reason=None if was_complete else IncompleteReason.INTERRUPTED,
        duration=probe.duration,
        frames=probe.video_frames,
        dropped_frames=0,  # not known after a crash
        audio_seconds=probe.audio_seconds,
        message=""
        if was_complete
        else (
            "The recording of this answer was interrupted (Candor closed unexpectedly). "
            f"The first {probe.duration:.0f} seconds were saved; the answer can be recorded again."
        ),
    )


def _nothing_saved() -> AnswerOutcome:
    return AnswerOutcome(
        ref=None,
        status=AnswerStatus.INCOMPLETE,
        reason=IncompleteReason.INTERRUPTED,
        duration=0.0,
        frames=0,
        dropped_frames=0,
        audio_seconds=0.0,
        message="The recording of this answer was interrupted before anything could be "
        "saved (Candor closed unexpectedly). The answer can be recorded again.",
    )
