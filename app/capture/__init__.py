"""Capture for one-way video interviews: camera and microphone (or a file standing in
for them) -> VP8 + Opus in WebM -> the encrypted media store, one file per answer.

Sources (`CaptureSource`): `FileSource`, `OpenCVCameraSource`, `AlsaMicrophone`,
`PushVideoSource` / `PushAudioSource` (fed by device adapters in views/), and
`CombinedSource` (a camera with a microphone). `AnswerRecorder` records one answer
and returns an `AnswerOutcome`; `recover_answer` deals with an answer whose
recording was interrupted by a crash. Nothing here imports Qt.
"""

from app.capture.camera import OpenCVCameraSource, diagnose_camera
from app.capture.encoder import EncoderSettings
from app.capture.errors import (
    CameraLost,
    CameraUnavailable,
    CaptureError,
    CaptureFileUnreadable,
    MicrophoneLost,
    MicrophoneUnavailable,
)
from app.capture.file_source import FileSource
from app.capture.listeners import FrameCallback, FrameListener, LiveFrame
from app.capture.microphone import AlsaMicrophone
from app.capture.outcome import AnswerOutcome, AnswerStatus, CaptureStats, IncompleteReason
from app.capture.push import CombinedSource, PushAudioSource, PushVideoSource
from app.capture.recorder import ANSWER_KIND, AnswerRecorder, RecordingSettings
from app.capture.recovery import RecordingProbe, probe_recording, recover_answer
from app.capture.source import (
    SAMPLE_RATE,
    AudioChunk,
    CapturedFrame,
    CaptureItem,
    CaptureSource,
)

__all__ = [
    "ANSWER_KIND",
    "SAMPLE_RATE",
    "AlsaMicrophone",
    "AnswerOutcome",
    "AnswerRecorder",
    "AnswerStatus",
    "AudioChunk",
    "CameraLost",
    "CameraUnavailable",
    "CaptureError",
    "CaptureFileUnreadable",
    "CaptureItem",
    "CaptureSource",
    "CaptureStats",
    "CapturedFrame",
    "CombinedSource",
    "EncoderSettings",
    "FileSource",
    "FrameCallback",
    "FrameListener",
    "IncompleteReason",
    "LiveFrame",
    "MicrophoneLost",
    "MicrophoneUnavailable",
    "OpenCVCameraSource",
    "PushAudioSource",
    "PushVideoSource",
    "RecordingProbe",
    "RecordingSettings",
    "diagnose_camera",
    "probe_recording",
    "recover_answer",
]
