"""A microphone read through ALSA with PyAV (Linux), for kiosks without Qt Multimedia.

The Qt adapter in views/ (QAudioSource pushing into a `PushAudioSource`) is the
usual microphone; this one needs no Qt and serves headless kiosks and tools.
"""

from __future__ import annotations

import errno
import logging
import threading
import time
from collections.abc import Iterator

import av
import av.error
import numpy as np

from app.capture.errors import MicrophoneLost, MicrophoneUnavailable
from app.capture.source import SAMPLE_RATE, AudioChunk, CaptureItem

log = logging.getLogger("candor.capture")


class AlsaMicrophone:
    """ALSA capture device `device` ("default", "hw:1,0", ...) as 48 kHz mono.

    Raises MicrophoneUnavailable when it cannot be opened (no sound card, a wrong
    name, no permission, held by another program); a read failure during an answer
    raises MicrophoneLost. Audio only: pair it with a camera through `CombinedSource`.
    """

    def __init__(self, device: str = "default") -> None:
        if "alsa" not in av.formats_available:
            raise MicrophoneUnavailable(
                "This system has no ALSA sound input.",
                "Use the microphone setting of the kiosk window instead.",
            )
        try:
            self._container = av.open(
                device,
                format="alsa",
                options={"sample_rate": str(SAMPLE_RATE), "channels": "1"},
            )
        except (av.error.FFmpegError, OSError) as exc:
            raise _unavailable(exc) from exc
        if not self._container.streams.audio:
            self._container.close()
            raise MicrophoneUnavailable(
                "The selected sound device has no microphone input.",
                "Choose another sound input device in the kiosk settings.",
            )
        self._stream = self._container.streams.audio[0]
        self._resampler = av.AudioResampler(format="flt", layout="mono", rate=SAMPLE_RATE)
        self._lock = threading.Lock()

    @property
    def video_size(self) -> tuple[int, int] | None:
        return None

    @property
    def has_audio(self) -> bool:
        return True

    @property
    def live(self) -> bool:
        return True

    def items(self, stop: threading.Event) -> Iterator[CaptureItem]:
        # ALSA hands over a period every few milliseconds, so `stop` is seen promptly.
        packets = self._container.demux(self._stream)
        while not stop.is_set():
            try:
                with self._lock:
                    packet = next(packets)
                    frames = [
                        out for frame in packet.decode() for out in self._resampler.resample(frame)
                    ]
            except (av.error.FFmpegError, OSError, StopIteration) as exc:
                log.warning("microphone read failed: %s", type(exc).__name__)
                raise MicrophoneLost() from exc
            now = time.monotonic()
            for out in frames:
                samples = out.to_ndarray().reshape(-1).astype(np.float32, copy=False)
                yield AudioChunk(samples, now - len(samples) / SAMPLE_RATE)

    def close(self) -> None:
        with self._lock:
            self._container.close()


def _unavailable(exc: BaseException) -> MicrophoneUnavailable:
    code = getattr(exc, "errno", None)
    if code in (errno.EACCES, errno.EPERM):
        return MicrophoneUnavailable(
            "Candor is not allowed to use the microphone.",
            "Give this computer account access to sound devices (on Linux: membership "
            "of the 'audio' group), then try again.",
        )
    if code == errno.EBUSY:
        return MicrophoneUnavailable(
            "The microphone is in use by another program.",
            "Close other programs that record sound, then try again.",
        )
    return MicrophoneUnavailable(
        "No microphone was found, or the selected one could not be opened.",
        "Connect a microphone, or choose another sound input device in the kiosk settings.",
    )
