"""Expected failures of capture: devices that cannot open or go away, unreadable stand-in files.

Each is a `CandorError` with a message for the operator and a hint. A device that
fails *before* an answer starts raises one of the `...Unavailable` errors from the
source's constructor; one that fails *during* an answer raises a `...Lost` error
from the source, which the recorder turns into an incomplete `AnswerOutcome`
(whatever was recorded is kept).
"""

from __future__ import annotations

from analysis.errors import CandorError


class CaptureError(CandorError):
    """Base of every expected capture failure."""


class CameraUnavailable(CaptureError):
    """The camera could not be opened: none there, in use, or access denied."""


class CameraLost(CaptureError):
    def __init__(self) -> None:
        super().__init__(
            "The camera stopped sending pictures during the answer "
            "(it was unplugged, switched off or taken by another program).",
            "Check the camera's cable and that no other program uses it; what was "
            "recorded so far is saved and the answer can be recorded again.",
        )


class MicrophoneUnavailable(CaptureError):
    """The microphone could not be opened: none there, in use, or access denied."""


class MicrophoneLost(CaptureError):
    def __init__(self) -> None:
        super().__init__(
            "The microphone stopped sending sound during the answer "
            "(it was unplugged or taken by another program).",
            "Check the microphone's cable and that no other program uses it; what was "
            "recorded so far is saved and the answer can be recorded again.",
        )


class CaptureFileUnreadable(CaptureError):
    """A video or audio file standing in for the camera or microphone cannot be used."""

    def __init__(self, detail: str) -> None:
        super().__init__(
            f"The video or audio file chosen as the capture source cannot be used: {detail}.",
            "Choose a video or audio file that plays in a media player "
            "(for example MP4, WebM, MKV or WAV).",
        )
        self.detail = detail
