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


# -- bad inputs (tests/app/test_pipeline_inputs.py) -------------------------------------

_VOWEL_FORMANTS = ((800, 1150, 2900), (450, 800, 2830), (325, 700, 2700), (400, 1600, 2700))
_CHORDS = ((130.8, 164.8, 196.0), (110.0, 130.8, 164.8), (87.3, 110.0, 130.8), (98.0, 123.5, 146.8))
_MELODY = (261.6, 293.7, 329.6, 349.2, 392.0, 440.0)


def music_samples(seconds: float, *, seed: int = 0, rate: int = OPUS_RATE) -> np.ndarray:
    """A song without words: a sung melody ("aah", "ooh": harmonics of a voice shaped by
    vowel formants, with vibrato) over chords, a kick drum and hi-hat noise bursts.

    The voice-like melody is what makes Whisper hear words ("Thank you.") in music; the
    seeds used in the tests are ones it does so for with tiny.en.
    """
    rng = np.random.default_rng(seed)
    total = int(seconds * rate)
    time = np.arange(total) / rate
    voice = np.zeros(total)
    at = 0.0
    while at < seconds:
        length = float(rng.choice((0.5, 1.0, 1.5)))
        first, last = int(at * rate), min(total, int((at + length) * rate))
        local = time[first:last] - at
        pitch = float(rng.choice(_MELODY)) * (1 + 0.02 * np.sin(2 * np.pi * 5.5 * local))
        phase = 2 * np.pi * np.cumsum(pitch) / rate
        formants = _VOWEL_FORMANTS[rng.integers(len(_VOWEL_FORMANTS))]
        f0 = float(pitch[0])
        for k in range(1, int(4000 / f0)):
            gain = sum(1 / (1 + ((k * f0 - f) / (80 + 0.05 * f)) ** 2) for f in formants)
            voice[first:last] += gain / np.sqrt(k) * np.sin(k * phase)
        voice[first:last] *= np.minimum(1, local / 0.08) * np.minimum(1, (length - local) / 0.1)
        at += length
    band = np.zeros(total)
    beat = int(0.5 * rate)
    for number, start in enumerate(range(0, total, beat)):
        local = time[: min(beat, total - start)]
        for f in _CHORDS[(number // 4) % len(_CHORDS)]:
            harmonics = sum(np.sin(2 * np.pi * f * k * local) / k for k in (1, 2, 3))
            band[start : start + local.size] += 0.3 * harmonics * np.exp(-3 * local)
        kick = local[: int(0.15 * rate)]
        band[start : start + kick.size] += np.sin(
            2 * np.pi * (60 + 80 * np.exp(-30 * kick)) * kick
        ) * np.exp(-25 * kick)
        hat = local[: int(0.05 * rate)][: max(0, total - start - beat // 2)]
        burst = rng.normal(0, 0.3, hat.size) * np.exp(-80 * hat)
        band[start + beat // 2 : start + beat // 2 + hat.size] += burst
    song = voice / np.abs(voice).max() + 0.3 * band / np.abs(band).max()
    return (0.7 * song / np.abs(song).max()).astype(np.float32)


def noise_samples(seconds: float, *, seed: int = 0, rate: int = OPUS_RATE) -> np.ndarray:
    """Pink noise (a fan, a busy room's hiss): power falling with frequency."""
    spectrum = np.fft.rfft(np.random.default_rng(seed).normal(size=int(seconds * rate)))
    frequencies = np.fft.rfftfreq(int(seconds * rate))
    frequencies[0] = frequencies[1]
    noise = np.fft.irfft(spectrum / np.sqrt(frequencies), int(seconds * rate))
    return (0.5 * noise / np.abs(noise).max()).astype(np.float32)


def speech_spread_over(
    seconds: float, clips: list[str], *, last_ends_at: float, rate: int = OPUS_RATE
) -> tuple[np.ndarray, list[tuple[float, float]]]:
    """`seconds` of silence with the speech clips placed evenly, the last one ending at
    `last_ends_at`: a long answer with long pauses. Returns the samples and where each
    clip lies (start, end in seconds)."""
    samples = [read_samples(SPEECH / clip, rate) for clip in clips]
    out = np.zeros(int(seconds * rate), np.float32)
    last_start = last_ends_at - len(samples[-1]) / rate
    places = []
    for number, clip in enumerate(samples):
        start = last_start * number / max(1, len(samples) - 1)
        first = int(start * rate)
        out[first : first + clip.size] = clip[: out.size - first]
        places.append((start, start + clip.size / rate))
    return out, places
