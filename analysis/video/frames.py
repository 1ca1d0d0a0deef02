"""Pictures in: sparse frames from a recording (PyAV), live frames, still images.

A recording is decoded frame by frame (every frame must be decoded for the next one to
be), but only the frames the analysis samples are converted to pixels and scaled down,
which is most of the cost. Times are seconds from the first frame of the video stream,
so a container whose stream starts late (an MP4 with an audio priming offset) still
starts at 0.
"""

from __future__ import annotations

import logging
import math
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import av
import cv2
import numpy as np
from numpy.typing import NDArray

from analysis.video.errors import ImageUnreadable, VideoUnavailable

log = logging.getLogger("candor.video")

Image = NDArray[np.uint8]
VideoSource = str | os.PathLike[str] | IO[bytes]

DAMAGED_HINT = "Record the answer again, or import it as WebM or MP4."


@dataclass(frozen=True)
class TimedFrame:
    """One picture (BGR, uint8, height x width x 3) and its time in seconds."""

    t: float
    bgr: Image


@dataclass(frozen=True)
class VideoInfo:
    codec: str
    width: int
    height: int
    fps: float  # 0.0 when the container does not say
    duration_s: float  # 0.0 when the container does not say


def fit_within(image: Image, max_side: int) -> Image:
    """The image scaled down (never up) so its longer side is at most `max_side`."""
    height, width = image.shape[:2]
    longest = max(height, width)
    if longest <= max_side:
        return image
    scale = max_side / longest
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    return np.asarray(cv2.resize(image, size, interpolation=cv2.INTER_AREA), dtype=np.uint8)


def _scaled_size(width: int, height: int, max_side: int) -> tuple[int, int]:
    longest = max(width, height)
    if longest <= max_side:
        return width, height
    scale = max_side / longest
    # even sizes keep swscale on its fast paths
    return max(2, round(width * scale / 2) * 2), max(2, round(height * scale / 2) * 2)


class VideoReader:
    """Sampled frames of a recording: `for frame in VideoReader(path): ...`.

    `every_s` is the sampling interval (a frame is kept when it is the first at or after
    each multiple of it); `max_side` caps the longer side of the pixels returned.
    `source` is a path or a readable, seekable binary file object (a decrypting reader).
    After iteration, `truncated` says whether the picture stopped early: damaged data,
    or a file cut short (its header promises more than could be decoded).
    """

    def __init__(self, source: VideoSource, *, every_s: float = 0.2, max_side: int = 640) -> None:
        if every_s < 0 or max_side < 16:
            raise ValueError("every_s must be >= 0 and max_side >= 16")
        self.source = source
        self.every_s = every_s
        self.max_side = max_side
        self.truncated = False
        self.info = self._probe()

    def _open(self) -> Any:
        try:
            target = self.source if hasattr(self.source, "read") else os.fspath(self.source)
            return av.open(target, mode="r", metadata_errors="ignore")
        except FileNotFoundError as exc:
            raise VideoUnavailable(
                "The recording of this answer is missing.", "Record the answer again."
            ) from exc
        except (av.FFmpegError, OSError, ValueError) as exc:
            raise VideoUnavailable(
                "The recording of this answer could not be read: the file is damaged or of "
                "an unknown kind.",
                DAMAGED_HINT,
            ) from exc

    def _probe(self) -> VideoInfo:
        container = self._open()
        try:
            if not container.streams.video:
                raise VideoUnavailable(
                    "This recording has no picture (no video track).",
                    "Check that a camera was selected, then record the answer again.",
                )
            stream = container.streams.video[0]
            rate = stream.average_rate or stream.base_rate
            duration = 0.0
            if stream.duration is not None and stream.time_base is not None:
                duration = float(stream.duration * stream.time_base)
            elif container.duration is not None:
                duration = container.duration / av.time_base
            return VideoInfo(
                codec=stream.codec_context.name,
                width=int(stream.codec_context.width),
                height=int(stream.codec_context.height),
                fps=float(rate) if rate else 0.0,
                duration_s=max(0.0, duration),
            )
        finally:
            container.close()
            if hasattr(self.source, "seek"):
                self.source.seek(0)

    def __iter__(self) -> Iterator[TimedFrame]:
        container = self._open()
        yielded, last_t = 0, 0.0
        try:
            stream = container.streams.video[0]
            stream.thread_type = "AUTO"
            # frames no other frame refers to are never needed for sparse sampling
            stream.codec_context.skip_frame = "NONREF" if self.every_s > 0 else "DEFAULT"
            origin: float | None = None
            next_t = 0.0
            for frame in container.decode(stream):
                seconds = _frame_seconds(frame, stream)
                if seconds is None:
                    continue
                if origin is None:
                    start = stream.start_time
                    base = float(start * stream.time_base) if start is not None else seconds
                    origin = min(base, seconds)
                t = seconds - origin
                if t + 1e-6 < next_t:
                    continue
                if self.every_s > 0:
                    next_t = (math.floor(t / self.every_s + 1e-6) + 1) * self.every_s
                width, height = _scaled_size(frame.width, frame.height, self.max_side)
                pixels = frame.to_ndarray(format="bgr24", width=width, height=height)
                yielded += 1
                last_t = t
                yield TimedFrame(round(t, 4), np.ascontiguousarray(pixels, dtype=np.uint8))
        except (av.FFmpegError, OSError) as exc:
            if yielded == 0:
                raise VideoUnavailable(
                    "The picture of this recording could not be decoded.", DAMAGED_HINT
                ) from exc
            self.truncated = True
            log.warning("video decoding stopped early after %d frames: %s", yielded, type(exc))
        finally:
            container.close()
        if yielded and self.info.duration_s and last_t < self.info.duration_s - 1.0 - self.every_s:
            # the container says it is longer than what could be decoded: cut short
            self.truncated = True
        if yielded == 0:
            raise VideoUnavailable("This recording has no picture frames.", DAMAGED_HINT)


def _frame_seconds(frame: Any, stream: Any) -> float | None:
    if frame.pts is not None and stream.time_base is not None:
        return float(frame.pts * stream.time_base)
    return float(frame.time) if frame.time is not None else None


def iter_video_frames(
    source: VideoSource, *, every_s: float = 0.2, max_side: int = 640
) -> Iterator[TimedFrame]:
    """Sampled frames of a recording; VideoUnavailable if it has no readable picture."""
    yield from VideoReader(source, every_s=every_s, max_side=max_side)


def load_image(source: str | os.PathLike[str] | bytes, *, max_side: int | None = None) -> Image:
    """A still picture as BGR uint8, whatever its name says: the content decides the format.

    Handles JPEG/PNG/WebP/BMP/TIFF, grey and 16-bit pictures, transparency (composited on
    white, as a viewer shows it) and EXIF orientation. `max_side` scales it down.
    """
    if isinstance(source, bytes):
        data = np.frombuffer(source, dtype=np.uint8)
    else:
        try:
            data = np.frombuffer(Path(source).read_bytes(), dtype=np.uint8)
        except OSError as exc:
            raise ImageUnreadable(
                "The picture could not be opened.", "Check that the file exists and is readable."
            ) from exc
    # PNG, WebP and TIFF may carry transparency, which IMREAD_COLOR would drop as is;
    # everything else goes through IMREAD_COLOR, which also applies EXIF orientation.
    header = data[:12].tobytes()
    may_have_alpha = header.startswith((b"\x89PNG", b"II*\x00", b"MM\x00*")) or (
        header[:4] == b"RIFF" and header[8:12] == b"WEBP"
    )
    flags = cv2.IMREAD_UNCHANGED if may_have_alpha else cv2.IMREAD_COLOR
    decoded = cv2.imdecode(data, flags) if data.size else None
    if decoded is None:
        raise ImageUnreadable(
            "The picture could not be decoded: it is damaged or not an image.",
            "Use a JPEG, PNG or WebP picture.",
        )
    image = _to_bgr8(np.asarray(decoded))
    return fit_within(image, max_side) if max_side else image


def _to_bgr8(image: NDArray[Any]) -> Image:
    if image.dtype == np.uint16:
        image = (image // 257).astype(np.uint8)
    elif image.dtype != np.uint8:
        image = np.clip(image, 0, 255).astype(np.uint8)
    if image.ndim == 2:
        return np.asarray(cv2.cvtColor(image, cv2.COLOR_GRAY2BGR), dtype=np.uint8)
    if image.shape[2] == 4:
        alpha = image[:, :, 3:4].astype(np.float32) / 255.0
        white = np.full_like(image[:, :, :3], 255, dtype=np.float32)
        mixed = image[:, :, :3].astype(np.float32) * alpha + white * (1.0 - alpha)
        return np.ascontiguousarray(np.rint(mixed), dtype=np.uint8)
    return np.ascontiguousarray(image[:, :, :3], dtype=np.uint8)
