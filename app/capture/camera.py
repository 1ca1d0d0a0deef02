"""A camera through OpenCV's VideoCapture, with plain-language reasons when it fails.

OpenCV only says "not opened", so on Linux the device node is examined to tell the
operator which of the usual causes it is: no camera, no permission, or a camera
another program holds. A camera that stops delivering pictures for `lost_after`
seconds during an answer raises `CameraLost`.
"""

from __future__ import annotations

import errno
import logging
import os
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np

from app.capture.errors import CameraLost, CameraUnavailable
from app.capture.source import STOP_POLL_SECONDS, CapturedFrame, CaptureItem

log = logging.getLogger("candor.capture")

_RETRY_SECONDS = 0.02


class OpenCVCameraSource:
    """Camera number `index`, asking for `width` x `height` at `fps` (the camera may
    pick the nearest mode it has; `video_size` says what it delivers).

    Raises CameraUnavailable when the camera cannot be opened or gives no first
    picture. Video only: pair it with a microphone through `CombinedSource`.
    """

    def __init__(
        self,
        index: int = 0,
        *,
        width: int = 640,
        height: int = 480,
        fps: int = 30,
        lost_after: float = 1.0,
    ) -> None:
        self._index = index
        self._lost_after = lost_after
        self._lock = threading.Lock()  # cv2 must not release the device mid-read
        self._capture = cv2.VideoCapture(index)
        if not self._capture.isOpened():
            self._capture.release()
            raise diagnose_camera(index)
        self._capture.set(cv2.CAP_PROP_FRAME_WIDTH, width)
        self._capture.set(cv2.CAP_PROP_FRAME_HEIGHT, height)
        self._capture.set(cv2.CAP_PROP_FPS, fps)
        ok, image = self._capture.read()
        if not ok or image is None:
            self._capture.release()
            raise diagnose_camera(index)
        self._size = (int(image.shape[1]), int(image.shape[0]))
        log.info("camera %d opened at %dx%d", index, *self._size)

    @property
    def video_size(self) -> tuple[int, int] | None:
        return self._size

    @property
    def has_audio(self) -> bool:
        return False

    @property
    def live(self) -> bool:
        return True

    def items(self, stop: threading.Event) -> Iterator[CaptureItem]:
        failing_since: float | None = None
        while not stop.is_set():
            with self._lock:
                ok, image = self._capture.read()
            now = time.monotonic()
            if ok and image is not None:
                failing_since = None
                yield CapturedFrame(np.asarray(image, dtype=np.uint8), now)
                continue
            failing_since = failing_since if failing_since is not None else now
            if now - failing_since >= self._lost_after:
                log.warning("camera %d stopped delivering pictures", self._index)
                raise CameraLost()
            stop.wait(min(_RETRY_SECONDS, STOP_POLL_SECONDS))

    def close(self) -> None:
        with self._lock:
            self._capture.release()


def diagnose_camera(index: int, device: Path | None = None) -> CameraUnavailable:
    """Why camera `index` cannot be used, as a message for the operator.

    On Linux the device node (`/dev/video<index>` unless `device` says otherwise)
    is opened directly: its error tells a missing camera from a forbidden or busy
    one. Elsewhere the reasons cannot be told apart, so the message lists them.
    """
    if device is None and not sys.platform.startswith("linux"):
        return CameraUnavailable(
            f"Camera {index} could not be opened.",
            "Check that a camera is connected, that no other program is using it, and that "
            "Candor is allowed to use the camera in the system's privacy settings.",
        )
    node = device or Path(f"/dev/video{index}")
    try:
        os.close(os.open(node, os.O_RDONLY | os.O_NONBLOCK))
    except FileNotFoundError:
        return _no_camera(index)
    except PermissionError:
        return CameraUnavailable(
            "Candor is not allowed to use the camera.",
            "Give this computer account access to the camera (on Linux: membership of "
            "the 'video' group), then try again.",
        )
    except OSError as exc:
        if exc.errno in (errno.ENODEV, errno.ENXIO):
            return _no_camera(index)
        if exc.errno != errno.EBUSY:
            return CameraUnavailable(
                f"Camera {index} could not be opened "
                f"({errno.errorcode.get(exc.errno or 0, 'device error')}).",
                "Unplug the camera and plug it in again, then try again.",
            )
    # The device opens but gives no pictures: another program holds it (or it is broken).
    return CameraUnavailable(
        "The camera is in use by another program, or it is not working.",
        "Close other programs that use the camera (video calls, other recorders), "
        "or unplug the camera and plug it in again, then try again.",
    )


def _no_camera(index: int) -> CameraUnavailable:
    return CameraUnavailable(
        f"No camera was found (camera number {index}).",
        "Connect a camera, or choose another camera or a video file in the kiosk settings.",
    )
