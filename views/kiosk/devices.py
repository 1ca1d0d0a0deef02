"""Which camera and microphone the kiosk records from, and what the screens show of them.

- `DeviceChoice` names a camera (OpenCV index) with an ALSA microphone, or a video
  file standing in for both (demos, tests, IP-camera recordings).
- `open_source` turns a choice into a `CaptureSource` (blocking: run it in a job).
- `PreviewTap` wraps the source the interview records from and keeps its latest
  picture and sound peak, so the screens can show a live preview and a level meter
  without touching the recording (the capture thread only stores a reference).
- `picture_hints` looks at one picture for light and a visible face.
"""

from __future__ import annotations

import logging
import math
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from PySide6.QtGui import QImage

from app.capture import (
    AlsaMicrophone,
    AudioChunk,
    CapturedFrame,
    CaptureError,
    CaptureItem,
    CaptureSource,
    CombinedSource,
    FileSource,
    OpenCVCameraSource,
)
from app.capture.source import as_float_samples

log = logging.getLogger("candor.views.kiosk")

DEFAULT_MICROPHONE = "default"
DARK_BELOW = 45.0  # mean grey level (0-255) under which the picture is too dark for a face
_PCM_LINE = re.compile(r"^(\d+)-(\d+):\s*([^:]*):.*\bcapture\b", re.IGNORECASE)

FaceCounter = Callable[[NDArray[np.uint8]], int]
"""How many faces a BGR picture shows (slow: called in a job)."""


@dataclass(frozen=True)
class DeviceChoice:
    """A camera number with an ALSA microphone, or a stand-in video file (its own sound)."""

    camera: int | None = 0
    microphone: str = DEFAULT_MICROPHONE
    file: Path | None = None

    def describe(self) -> str:
        if self.file is not None:
            return f"video file {self.file.name}"
        return f"camera {self.camera} with microphone {self.microphone}"


class SourceUnavailable(CaptureError):
    """The camera and/or the microphone of a choice could not be opened; `problems` says why."""

    def __init__(self, problems: tuple[str, ...]) -> None:
        self.problems = problems
        super().__init__(" ".join(problems))


def open_source(choice: DeviceChoice) -> CaptureSource:
    """Open what `choice` names (blocks while devices open). Raises SourceUnavailable."""
    if choice.file is not None:
        try:
            return FileSource(choice.file, realtime=True)
        except CaptureError as exc:
            raise SourceUnavailable((exc.user_text(),)) from exc
    problems: list[str] = []
    camera: OpenCVCameraSource | None = None
    microphone: AlsaMicrophone | None = None
    try:
        camera = OpenCVCameraSource(choice.camera if choice.camera is not None else 0)
    except CaptureError as exc:
        problems.append(exc.user_text())
    try:
        microphone = AlsaMicrophone(choice.microphone)
    except CaptureError as exc:
        problems.append(exc.user_text())
    if camera is None or microphone is None:
        for opened in (camera, microphone):
            if opened is not None:
                opened.close()
        raise SourceUnavailable(tuple(problems))
    return CombinedSource(camera, microphone)


def microphones(pcm_list: Path = Path("/proc/asound/pcm")) -> list[tuple[str, str]]:
    """(label, ALSA device) of each sound input this computer has, the default first."""
    found = [("Default microphone", DEFAULT_MICROPHONE)]
    try:
        lines = pcm_list.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return found
    for line in lines:
        match = _PCM_LINE.match(line.strip())
        if match:
            card, device, name = int(match[1]), int(match[2]), match[3].strip()
            found.append((f"{name or 'Sound input'} (hw:{card},{device})", f"hw:{card},{device}"))
    return found


class PreviewTap:
    """A `CaptureSource` that passes everything through and remembers what it saw last.

    `items` runs on the recorder's (or the device check's) capture thread and only
    stores references; the UI thread polls `latest_image()` and `take_level()`.
    Pictures stay in memory, never on disk.
    """

    def __init__(self, inner: CaptureSource) -> None:
        self.inner = inner
        self._lock = threading.Lock()
        self._image: NDArray[np.uint8] | None = None
        self._frames = 0
        self._level = 0.0

    @property
    def video_size(self) -> tuple[int, int] | None:
        return self.inner.video_size

    @property
    def has_audio(self) -> bool:
        return self.inner.has_audio

    @property
    def live(self) -> bool:
        return self.inner.live

    def items(self, stop: threading.Event) -> Iterator[CaptureItem]:
        for item in self.inner.items(stop):
            if isinstance(item, CapturedFrame):
                with self._lock:
                    self._image = item.image
                    self._frames += 1
            elif isinstance(item, AudioChunk) and len(item.samples):
                peak = float(np.abs(as_float_samples(item.samples)).max())
                with self._lock:
                    self._level = max(self._level, peak)
            yield item

    def close(self) -> None:
        self.inner.close()

    def latest_image(self) -> tuple[int, NDArray[np.uint8] | None]:
        """(frames seen so far, the latest picture)."""
        with self._lock:
            return self._frames, self._image

    def take_level(self) -> float:
        """The sound peak (0..1) since the previous call."""
        with self._lock:
            level, self._level = self._level, 0.0
        return level


def level_percent(peak: float) -> int:
    """A sound peak as 0-100 on a -60..0 dB scale (speech then fills most of the meter)."""
    if peak <= 1e-6:
        return 0
    decibels = 20.0 * math.log10(min(peak, 1.0))
    return max(0, min(100, round((decibels + 60.0) * 100.0 / 60.0)))


def to_qimage(image: NDArray[np.uint8]) -> QImage:
    """A deep copy of a BGR picture as a QImage (the array may change afterwards)."""
    picture = np.ascontiguousarray(image)
    height, width = picture.shape[:2]
    return QImage(picture.data, width, height, 3 * width, QImage.Format.Format_BGR888).copy()


def picture_hints(image: NDArray[np.uint8] | None, faces: FaceCounter | None) -> tuple[str, ...]:
    """Advice on light and framing from one picture; never blocks the interview."""
    if image is None:
        return ()
    hints = []
    grey = image[::4, ::4].astype(np.float32) @ np.array([0.114, 0.587, 0.299], np.float32)
    if float(grey.mean()) < DARK_BELOW:
        hints.append(
            "Your face is not well lit: the picture is dark. Turn on a light or face a window."
        )
    if faces is not None:
        try:
            count = faces(image)
        except Exception:  # a hint is optional: a broken detector must not stop the check
            log.exception("face detection for the device check failed")
        else:
            if count == 0:
                hints.append(
                    "No face is visible: sit facing the camera with your whole face in the picture."
                )
            elif count > 1:
                hints.append("More than one face is visible: only you should be in the picture.")
    return tuple(hints)


def face_counter(model_dir: Path) -> FaceCounter | None:
    """The workspace's face detector as a counter, or None when it is not installed
    (the hint is then left out; the check itself does not need it). Slow: call in a job."""
    from analysis.errors import CandorError
    from analysis.models import ModelRegistry
    from analysis.video import FaceDetector

    try:
        detector = FaceDetector.load(ModelRegistry(model_dir))
    except CandorError as exc:
        log.info("no face hint in the device check: %s", exc.message)
        return None

    def count(image: NDArray[np.uint8]) -> int:
        return len(detector.detect(image))

    return count
