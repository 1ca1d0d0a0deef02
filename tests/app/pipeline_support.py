"""Recordings and workspaces for the analysis pipeline tests and benchmark.

Recordings are made here with PyAV from the shared speech clips and talking-face
videos (never copied into the repository): VP8 + Opus in WebM, the licence-clean
pair the kiosk records.
"""

from __future__ import annotations

import shutil
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
SPEECH = SHARED / "speech" / "audio"
FACE_VIDEO = SHARED / "video" / "hdtf_WDA_KatieHill_000.mp4"
OTHER_FACE_VIDEO = SHARED / "video" / "hdtf_WDA_AlexandriaOcasioCortez_000.mp4"
CLIP = "librispeech_2412-153948-0000.flac"  # 11.7 s of clear read speech
SHORT_CLIP = "librivox_sense_and_sensibility_0870.wav"
OPUS_RATE = 48_000


def read_samples(path: Path, rate: int = OPUS_RATE) -> np.ndarray:
    """Mono float32 samples of an audio file at `rate`."""
    resampler = av.AudioResampler(format="flt", layout="mono", rate=rate)
    chunks = []
    with av.open(str(path)) as container:
        for frame in container.decode(audio=0):
            for out in resampler.resample(frame):
                chunks.append(out.to_ndarray().reshape(-1))
    for out in resampler.resample(None):
        chunks.append(out.to_ndarray().reshape(-1))
    return np.concatenate(chunks).astype(np.float32)


def face_frames(path: Path, size: int) -> list[np.ndarray]:
    """RGB frames of a talking-face video, scaled to size x size."""
    with av.open(str(path)) as container:
        return [
            f.to_ndarray(format="rgb24", width=size, height=size) for f in container.decode(video=0)
        ]


def make_recording(
    out: Path,
    *,
    audio: np.ndarray | None,
    faces: list[np.ndarray] | None,
    seconds: float,
    fps: int = 25,
) -> Path:
    """A WebM with Opus sound (`audio` at 48 kHz, looped) and/or VP8 picture (`faces`, looped)."""
    with av.open(str(out), mode="w", format="webm") as container:
        video = audio_stream = None
        if faces is not None:
            video = container.add_stream("libvpx", rate=fps)
            video.width, video.height = faces[0].shape[1], faces[0].shape[0]
            video.pix_fmt = "yuv420p"
            video.options = {"deadline": "realtime", "cpu-used": "8"}
        if audio is not None:
            audio_stream = container.add_stream("libopus", rate=OPUS_RATE)
            audio_stream.layout = "mono"
        if video is not None and faces is not None:
            for index in range(round(seconds * fps)):
                frame = av.VideoFrame.from_ndarray(faces[index % len(faces)], format="rgb24")
                frame.pts = index
                frame.time_base = Fraction(1, fps)
                for packet in video.encode(frame):
                    container.mux(packet)
            for packet in video.encode(None):
                container.mux(packet)
        if audio_stream is not None and audio is not None:
            total = round(seconds * OPUS_RATE)
            looped = np.resize(audio, total).astype(np.float32)
            for start in range(0, total, 960 * 50):
                block = looped[start : start + 960 * 50]
                frame = av.AudioFrame.from_ndarray(
                    block.reshape(1, -1), format="flt", layout="mono"
                )
                frame.sample_rate = OPUS_RATE
                frame.pts = start
                frame.time_base = Fraction(1, OPUS_RATE)
                for packet in audio_stream.encode(frame):
                    container.mux(packet)
            for packet in audio_stream.encode(None):
                container.mux(packet)
    return out


def speech_with_face(out: Path, clip: str = CLIP, *, size: int = 256, seconds: float = 0) -> Path:
    """A talking-face video with a speech clip as its sound (the clip's length unless given)."""
    samples = read_samples(SPEECH / clip)
    length = seconds or len(samples) / OPUS_RATE
    return make_recording(out, audio=samples, faces=face_frames(FACE_VIDEO, size), seconds=length)


def silent_wav(out: Path, seconds: float = 3.0) -> Path:
    import wave

    with wave.open(str(out), "wb") as handle:
        handle.setnchannels(1)
        handle.setsampwidth(2)
        handle.setframerate(16_000)
        handle.writeframes(b"\x00\x00" * int(16_000 * seconds))
    return out


def model_folder_without(provisioned: Path, target: Path, *missing: str) -> Path:
    """A copy of a provisioned model folder lacking the given subfolders."""
    shutil.copytree(provisioned, target, ignore=shutil.ignore_patterns(*missing))
    return target
