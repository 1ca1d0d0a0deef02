"""VP8 + Opus in live WebM, written straight into an encrypted `MediaWriter`.

The muxer sees a non-seekable stream, so it never goes back to patch a header:
it writes a live WebM (no index, sizes "unknown") whose clusters of at most
`cluster_seconds` are handed to the writer as they close, and the writer
encrypts and hands each full chunk to the OS. A killed recording therefore holds
a valid WebM prefix, playable up to its last complete encrypted chunk, and no
plaintext byte ever reaches the disk. Players read it sequentially (it has no
index for seeking, like a browser's MediaRecorder output).

Codecs: libvpx VP8 in realtime mode and libopus, both BSD-licensed and both
decodable by PyAV and by Qt Multimedia's FFmpeg (which has no H.264 here).
"""

from __future__ import annotations

import contextlib
import io
import time
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

import av
import av.error
import cv2
import numpy as np
from numpy.typing import NDArray

from app.capture.source import SAMPLE_RATE
from app.media import MediaWriter

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer

_MS = Fraction(1, 1000)
_SAMPLE = Fraction(1, SAMPLE_RATE)
_OPUS_FRAME = 960  # 20 ms, what libopus encodes per frame
# Sound whose stamps drift from the sample count by less than this is taken as
# continuous (device clocks jitter); a larger gap is filled with silence.
_AUDIO_SLACK = SAMPLE_RATE // 20
_MAX_SILENCE = SAMPLE_RATE * 10


@dataclass(frozen=True)
class EncoderSettings:
    """How an answer is encoded. `size` None keeps the source's picture size."""

    size: tuple[int, int] | None = None
    nominal_fps: int = 30
    video_bitrate: int = 1_000_000  # ample for a 640x480 talking head
    audio_bitrate: int = 48_000
    keyframe_seconds: float = 2.0
    cpu_used: int = 8  # libvpx realtime speed: 8 is fast with good quality
    cluster_seconds: float = 1.0  # a kill loses at most this plus one media chunk


class _WriterSink(io.RawIOBase):
    """The muxer's output: a non-seekable stream into the media writer, timed."""

    def __init__(self, writer: MediaWriter) -> None:
        super().__init__()
        self._writer = writer
        self.seconds = 0.0
        self.discarding = False

    def writable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False  # makes the muxer write a live (append-only) WebM

    def write(self, data: ReadableBuffer, /) -> int:
        if self.discarding:
            return len(memoryview(data))
        start = time.perf_counter()
        written = self._writer.write(memoryview(data))
        self.seconds += time.perf_counter() - start
        return written


class WebmEncoder:
    """Encodes pictures and sound stamped in seconds since the answer started.

    Not thread-safe: one thread feeds it. Errors of the writer (MediaDiskFull,
    MediaWriteFailed) come out of `add_frame`, `add_audio` and `finish`.
    """

    def __init__(
        self,
        writer: MediaWriter,
        video_size: tuple[int, int] | None,
        has_audio: bool,
        settings: EncoderSettings,
    ) -> None:
        self._sink = _WriterSink(writer)
        self._container = av.open(
            self._sink,
            mode="w",
            format="webm",
            options={
                "live": "1",
                "cluster_time_limit": str(round(settings.cluster_seconds * 1000)),
                # Do not hold packets back waiting for a stream that went quiet.
                "max_interleave_delta": str(round(settings.cluster_seconds * 1_000_000)),
            },
        )
        self._video: av.VideoStream | None = None
        self._audio: av.AudioStream | None = None
        self._size: tuple[int, int] | None = None
        if video_size is not None:
            width, height = settings.size or video_size
            self._size = (width - width % 2, height - height % 2)  # 4:2:0 needs even sizes
            self._video = self._container.add_stream(
                "libvpx",
                rate=settings.nominal_fps,
                options={
                    "deadline": "realtime",
                    "cpu-used": str(settings.cpu_used),
                    "lag-in-frames": "0",
                    "threads": "1",
                },
            )
            self._video.width, self._video.height = self._size
            self._video.pix_fmt = "yuv420p"
            self._video.bit_rate = settings.video_bitrate
            self._video.codec_context.time_base = _MS
            self._video.codec_context.gop_size = round(
                settings.keyframe_seconds * settings.nominal_fps
            )
        if has_audio:
            self._audio = self._container.add_stream("libopus", rate=SAMPLE_RATE, layout="mono")
            self._audio.format = "flt"
            self._audio.bit_rate = settings.audio_bitrate
        self._last_pts = -1
        self._pending = np.zeros(0, np.float32)
        self._pending_start: int | None = None  # sample index of _pending[0]
        self._samples_taken = 0
        self.frames = 0
        self.encode_seconds = 0.0
        self.last_frame_time = 0.0

    @property
    def write_seconds(self) -> float:
        return self._sink.seconds

    @property
    def audio_seconds(self) -> float:
        """Sound taken from the source, in seconds (without silence filling gaps)."""
        return self._samples_taken / SAMPLE_RATE

    @property
    def duration(self) -> float:
        """Seconds from the answer's start to the last picture or sound encoded so far."""
        end = self._pending_start + len(self._pending) if self._pending_start is not None else 0
        return max(self.last_frame_time, end / SAMPLE_RATE)

    def add_frame(self, image: NDArray[np.uint8], at: float) -> None:
        if self._video is None or self._size is None:
            return
        start = time.perf_counter()
        pts = max(round(at * 1000), self._last_pts + 1)  # strictly increasing for the muxer
        self._last_pts = pts
        if (image.shape[1], image.shape[0]) != self._size:
            image = np.asarray(
                cv2.resize(image, self._size, interpolation=cv2.INTER_AREA), dtype=np.uint8
            )
        frame = av.VideoFrame.from_ndarray(image, format="bgr24")
        frame.pts, frame.time_base = pts, _MS
        packets = self._video.encode(frame)
        self.encode_seconds += time.perf_counter() - start
        self._container.mux(packets)
        self.frames += 1
        self.last_frame_time = pts / 1000

    def add_audio(self, samples: NDArray[np.float32], at: float) -> None:
        if self._audio is None:
            return
        first = round(at * SAMPLE_RATE)
        if self._pending_start is None:
            self._pending_start = max(first, 0)
        expected = self._pending_start + len(self._pending)
        if first < expected - _AUDIO_SLACK:
            samples = samples[expected - first :]  # overlaps what we have (or precedes the start)
        elif first > expected + _AUDIO_SLACK:
            gap = min(first - expected, _MAX_SILENCE)
            self._pending = np.concatenate([self._pending, np.zeros(gap, np.float32)])
        if len(samples):
            self._pending = np.concatenate([self._pending, samples])
            self._samples_taken += len(samples)
        self._encode_audio(final=False)

    def finish(self) -> None:
        """Flush the encoders and end the WebM (everything reaches the writer)."""
        self._encode_audio(final=True)
        for stream in (self._video, self._audio):
            if stream is not None:
                self._container.mux(stream.encode(None))
        self._container.close()

    def abandon(self) -> None:
        """Drop the muxer without writing more (the writer failed or is being discarded)."""
        self._sink.discarding = True
        # Closing on a dead stream may complain; there is nothing left to save.
        with contextlib.suppress(av.error.FFmpegError, OSError, ValueError):
            self._container.close()

    def _encode_audio(self, *, final: bool) -> None:
        assert self._audio is not None or self._pending_start is None
        if self._audio is None or self._pending_start is None:
            return
        if final and len(self._pending) % _OPUS_FRAME:
            pad = _OPUS_FRAME - len(self._pending) % _OPUS_FRAME
            self._pending = np.concatenate([self._pending, np.zeros(pad, np.float32)])
        whole = len(self._pending) - len(self._pending) % _OPUS_FRAME
        start = time.perf_counter()
        packets = []
        for offset in range(0, whole, _OPUS_FRAME):
            block = self._pending[offset : offset + _OPUS_FRAME]
            frame = av.AudioFrame.from_ndarray(block.reshape(1, -1), format="flt", layout="mono")
            frame.sample_rate = SAMPLE_RATE
            frame.pts, frame.time_base = self._pending_start + offset, _SAMPLE
            packets.extend(self._audio.encode(frame))
        self.encode_seconds += time.perf_counter() - start
        if whole:
            self._pending = self._pending[whole:]
            self._pending_start += whole
        self._container.mux(packets)
