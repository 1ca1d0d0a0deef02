"""Decode an answer's sound from a decrypting reader, in memory.

`analysis.speech.load_audio` reads a path; an answer's recording is an encrypted
file that must never be written out in plaintext, so this reads the same way
(16 kHz float32, a row per channel, two rows at most) from a file object.
"""

from __future__ import annotations

import os
from typing import IO

import av
import numpy as np
from faster_whisper import decode_audio

from analysis.speech import SAMPLE_RATE, Audio, AudioUnavailable

_DAMAGED = (
    "The recording of this answer could not be read: the file is damaged or of an unknown kind."
)


def read_audio(source: IO[bytes] | str | os.PathLike[str]) -> Audio:
    """Samples shaped (channels, n); AudioUnavailable when there is no readable sound."""
    target: IO[bytes] | str = (
        source if not isinstance(source, str | os.PathLike) else os.fspath(source)
    )
    try:
        with av.open(target, mode="r", metadata_errors="ignore") as container:
            streams = container.streams.audio
            channels = streams[0].codec_context.channels if streams else 0
    except FileNotFoundError as exc:
        raise AudioUnavailable(
            "The recording of this answer is missing.", "Record the answer again."
        ) from exc
    except (av.FFmpegError, OSError, ValueError) as exc:
        raise AudioUnavailable(_DAMAGED, "Import it as WebM, MP4, WAV or FLAC.") from exc
    if channels == 0:
        raise AudioUnavailable(
            "This recording has no sound track.",
            "Check that a microphone was selected, then record the answer again.",
        )
    _rewind(target)
    try:
        if channels == 1:
            samples = np.asarray(decode_audio(target, SAMPLE_RATE), np.float32)[np.newaxis]
        else:
            left, right = decode_audio(target, SAMPLE_RATE, split_stereo=True)
            samples = np.stack([left, right]).astype(np.float32, copy=False)
    except (av.FFmpegError, OSError, ValueError) as exc:
        raise AudioUnavailable(
            "The sound of this recording could not be decoded.", "Record the answer again."
        ) from exc
    if samples.shape[1] == 0:
        raise AudioUnavailable("The sound track of this recording is empty.", "Record it again.")
    return samples


def _rewind(target: IO[bytes] | str) -> None:
    if not isinstance(target, str):
        target.seek(0)
