"""Speech to text for interview answers, with faster-whisper over a local model folder.

One `Transcriber` wraps one loaded Whisper model (a CTranslate2 folder: model.bin,
config.json, tokenizer.json, vocabulary). The model registry finds that folder and
picks the device; `load_transcriber` is the hook it calls. Nothing here downloads.

An answer that cannot be transcribed is not an error of the program: `transcribe`
returns a `Transcript` whose `status` says why (no sound track, silence, too short,
another language, music or noise only) with a message for the reviewer. Only a user's cancel
(`Cancelled`) and asking an English-only model for another language
(`LanguageUnsupported`, a set-up mistake) raise.
"""

from __future__ import annotations

import logging
import math
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType
from typing import Any, Protocol

import av
import numpy as np
import numpy.typing as npt
from faster_whisper import WhisperModel, decode_audio
from faster_whisper import __version__ as faster_whisper_version

from analysis.errors import CandorError, ModelUnavailable
from analysis.tasks import NullTask, Task

log = logging.getLogger("candor.speech")

SAMPLE_RATE = 16_000
MIN_ANSWER_SECONDS = 1.0
"""Shorter recordings are not sent to the model: Whisper invents words for them."""

LANGUAGE_CONFIDENCE = 0.5
"""Below this probability a detected language does not overrule the expected one."""

_MODEL_FILES = ("model.bin", "config.json", "tokenizer.json")
# Channels whose loudness envelopes move together carry one voice (a stereo mic);
# below this correlation they carry different sound and are transcribed one by one.
_SAME_SOURCE_ENVELOPE_CORRELATION = 0.5
_SILENT_RMS = 1e-4
# Quieter than this (-60 dBFS) an answer with no speech is called silent, not noise.
_QUIET_RMS = 1e-3
# A segment with no letter or digit is a sound mark ("♪", "...") rather than speech.
_HAS_WORD = re.compile(r"\w")
_ASIDE = re.compile(r"\[[^\]]*\]|\([^)]*\)|♪")
# Whisper invents stock phrases ("Thank you.", "Thanks for watching.") for music and noise,
# and its own filter (no-speech probability over 0.6 AND average log-probability under
# -1.0) lets most through. A segment at or over one of these no-speech probabilities and
# under its log-probability is left out. Measured with tiny.en and base on synthetic songs
# and noise, and on the shared speech clips (alone, after long silences, 26 dB quieter,
# under music or noise at 10 and 0 dB SNR): invented segments reached (0.76-0.88,
# -0.74..-0.98) with tiny.en and (0.38-0.55, -1.08..-1.61) with base; real speech stayed
# under 0.5, and under 0.2 with the VAD on; the one real-speech segment left out was
# garbled anyway (speech under music at 0 dB, word error rate 100 %).
_NOT_SPEECH = ((0.6, -0.5), (0.35, -1.0))

Audio = npt.NDArray[np.float32]


class TranscriptStatus(StrEnum):
    OK = "ok"
    NO_AUDIO = "no_audio"
    TOO_SHORT = "too_short"
    NO_SPEECH = "no_speech"
    OTHER_LANGUAGE = "other_language"


class AudioUnavailable(CandorError):
    """A recording has no readable sound: no audio track, or a corrupt or unknown file."""


class LanguageUnsupported(CandorError):
    """The speech model cannot transcribe the language asked for."""


@dataclass(frozen=True)
class Word:
    word: str
    start: float
    end: float
    probability: float


@dataclass(frozen=True)
class Segment:
    start: float
    end: float
    text: str
    words: tuple[Word, ...]
    no_speech_prob: float
    avg_logprob: float


@dataclass(frozen=True)
class Transcript:
    """What was said in one answer, and what produced this transcript.

    `language_detected` is False when the language was given or the model is
    English-only (then `language` is "en" by assumption, not by evidence).
    `notes` are non-blocking remarks for the reviewer.
    """

    language: str
    language_probability: float
    duration: float
    text: str
    segments: tuple[Segment, ...]
    status: TranscriptStatus
    message: str
    model: str
    device: str
    settings: Mapping[str, object]
    language_detected: bool = False
    notes: tuple[str, ...] = ()
    hint: str = ""

    @property
    def words(self) -> tuple[Word, ...]:
        return tuple(word for segment in self.segments for word in segment.words)

    @property
    def ok(self) -> bool:
        return self.status is TranscriptStatus.OK


class ModelRef(Protocol):
    """What `load_transcriber` needs from the registry's resolved model."""

    @property
    def path(self) -> Path: ...

    @property
    def device(self) -> str: ...

    @property
    def name(self) -> str: ...


def load_transcriber(resolved: ModelRef, *, cpu_threads: int = 0) -> Transcriber:
    return Transcriber(
        Path(resolved.path),
        device=resolved.device,
        cpu_threads=cpu_threads,
        model_name=resolved.name,
    )


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def load_audio(path: str | os.PathLike[str]) -> Audio:
    """Decode any audio or video file to 16 kHz float32, shape (channels, samples).

    Mono sources give one row; anything with more channels gives two (left, right),
    so that a two-voice recording is never silently mixed away.
    """
    try:
        with av.open(str(path), mode="r", metadata_errors="ignore") as container:
            streams = container.streams.audio
            channels = streams[0].codec_context.channels if streams else 0
    except FileNotFoundError as exc:
        raise AudioUnavailable(
            "The recording of this answer is missing.", "Record the answer again."
        ) from exc
    except (av.FFmpegError, OSError) as exc:
        raise AudioUnavailable(
            "The recording of this answer could not be read: the file is damaged or of "
            "an unknown kind.",
            "Record the answer again, or import it as WebM, MP4, WAV or FLAC.",
        ) from exc
    if channels == 0:
        raise AudioUnavailable(
            "This recording has no sound track.",
            "Check that a microphone was selected, then record the answer again.",
        )
    try:
        if channels == 1:
            samples = np.asarray(decode_audio(str(path), SAMPLE_RATE), np.float32)[np.newaxis]
        else:
            left, right = decode_audio(str(path), SAMPLE_RATE, split_stereo=True)
            samples = np.stack([left, right]).astype(np.float32, copy=False)
    except (av.FFmpegError, OSError) as exc:
        raise AudioUnavailable(
            "The sound of this recording could not be decoded.", "Record the answer again."
        ) from exc
    if samples.shape[1] == 0:
        raise AudioUnavailable("The sound track of this recording is empty.", "Record it again.")
    return samples


class Transcriber:
    """A loaded Whisper model. Not thread-safe: one transcription at a time."""

    def __init__(
        self,
        model_path: Path,
        *,
        device: str = "cpu",
        compute_type: str | None = None,
        cpu_threads: int = 0,
        model_name: str = "",
    ) -> None:
        model_path = Path(model_path)
        missing = [name for name in _MODEL_FILES if not (model_path / name).is_file()]
        if missing:
            # faster-whisper would fetch a missing tokenizer from the internet: refuse first.
            raise ModelUnavailable(
                "speech",
                f"The speech model folder lacks {', '.join(missing)}.",
                "Run `candor models` to see which model pack is missing, then reinstall it.",
            )
        kind, _, index = device.partition(":")
        self.device = kind
        self.compute_type = compute_type or ("float16" if kind == "cuda" else "int8")
        self.cpu_threads = cpu_threads or available_cores()
        self.model_name = model_name or model_path.name
        try:
            self._model = WhisperModel(
                str(model_path),
                device=kind,
                device_index=int(index or 0),
                compute_type=self.compute_type,
                cpu_threads=self.cpu_threads,
                local_files_only=True,
            )
        except (RuntimeError, ValueError, OSError) as exc:
            raise ModelUnavailable(
                "speech",
                f"The speech model could not be loaded on {kind}.",
                "Run `candor models` to check the model pack and the device.",
            ) from exc
        self.multilingual = bool(self._model.model.is_multilingual)
        log.info("speech model %s loaded on %s (%s)", self.model_name, kind, self.compute_type)

    def transcribe(
        self,
        audio: str | os.PathLike[str] | Audio,
        task: Task | None = None,
        *,
        language: str | None = None,
        expected_language: str | None = None,
        vad: bool = True,
        word_timestamps: bool = True,
        beam_size: int = 1,
    ) -> Transcript:
        """Transcribe one answer: a file path, or 16 kHz float32 samples shaped (n,) or (c, n).

        `language` forces the spoken language; otherwise a multilingual model detects
        it, and when that differs from `expected_language` the status says so.
        Raises `Cancelled` between segments when `task` is cancelled.
        """
        task = task or NullTask()
        if language is not None and not self.multilingual and language != "en":
            raise LanguageUnsupported(
                "The installed speech model understands English only.",
                "Add a multilingual Whisper model with `candor models add`.",
            )
        settings = MappingProxyType(
            {
                "engine": f"faster-whisper {faster_whisper_version}",
                "compute_type": self.compute_type,
                "beam_size": beam_size,
                "vad": vad,
                "word_timestamps": word_timestamps,
                "language": language or "auto",
                "condition_on_previous_text": False,
            }
        )
        result = _Builder(self, settings)
        task.check()
        try:
            if isinstance(audio, str | os.PathLike):
                channels = load_audio(audio)
            else:
                channels = _as_channels(audio)
        except AudioUnavailable as exc:
            return result.empty(TranscriptStatus.NO_AUDIO, 0.0, exc.message, exc.hint)
        duration = channels.shape[1] / SAMPLE_RATE
        if duration < MIN_ANSWER_SECONDS:
            return result.empty(
                TranscriptStatus.TOO_SHORT,
                duration,
                f"The answer is shorter than {MIN_ANSWER_SECONDS:g} second.",
                "Ask the candidate to answer again.",
            )
        tracks, notes = _tracks(channels)
        result.loudness(math.sqrt(sum(float(np.dot(c, c)) for c in channels) / channels.size))
        for number, track in enumerate(tracks):
            part = task.slice(number / len(tracks), (number + 1) / len(tracks))
            spoken = language
            if language is None and expected_language and self.multilingual:
                spoken = self._detect_language(track, expected_language, vad, result)
            segments, info = self._model.transcribe(
                track,
                language=spoken,
                beam_size=beam_size,
                vad_filter=vad,
                word_timestamps=word_timestamps,
                # Answers are short; conditioning on earlier text mostly feeds repetition loops.
                condition_on_previous_text=False,
            )
            result.language(info.language, info.language_probability, language is None)
            for segment in segments:
                result.add(segment, duration)
                part.progress(min(1.0, segment.end / duration), "Transcribing")
                task.check()
        task.progress(1.0, "Transcribed")
        return result.finish(duration, notes, expected_language)

    def _detect_language(self, track: Audio, expected: str, vad: bool, result: _Builder) -> str:
        """The language to transcribe in: the detected one only when the model is sure.

        A shaky detection (accent, noise, a few words) must not turn an answer in the
        interview's language into a garbled transcript in another.
        """
        code, probability, ranked = self._model.detect_language(track, vad_filter=vad)
        if code != expected and probability < LANGUAGE_CONFIDENCE:
            expected_probability = dict(ranked).get(expected, 0.0)
            result.language(expected, expected_probability, detect=True)
            result.note(
                f"Language detection was unsure ({code} at {probability:.0%}); "
                f"the answer was transcribed as {expected}."
            )
            return expected
        result.language(code, probability, detect=True)
        return str(code)


def _as_channels(audio: npt.NDArray[Any]) -> Audio:
    samples = np.asarray(audio, dtype=np.float32)
    if samples.ndim == 1:
        samples = samples[np.newaxis]
    if samples.ndim != 2 or samples.shape[0] not in (1, 2):
        raise ValueError("audio must be shaped (samples,) or (channels, samples), 1-2 channels")
    return samples


def _envelope(samples: Audio, frame: int = SAMPLE_RATE // 40) -> npt.NDArray[np.float64]:
    usable = samples[: samples.size // frame * frame].astype(np.float64)
    envelope: npt.NDArray[np.float64] = np.sqrt((usable.reshape(-1, frame) ** 2).mean(axis=1))
    return envelope


def _tracks(channels: Audio) -> tuple[list[Audio], tuple[str, ...]]:
    """The mono signal(s) to transcribe, and a note when the channels differed."""
    if channels.shape[0] == 1:
        return [channels[0]], ()
    left, right = channels[0], channels[1]
    loudness = [float(np.sqrt(np.mean(np.square(c, dtype=np.float64)))) for c in (left, right)]
    if min(loudness) < _SILENT_RMS:
        return [channels[int(np.argmax(loudness))]], ()
    envelopes = np.corrcoef(_envelope(left), _envelope(right))[0, 1]
    if envelopes >= _SAME_SOURCE_ENVELOPE_CORRELATION:
        # Same voice on both: mix, flipping one channel if they are in opposite phase.
        sign = 1.0 if float(np.dot(left, right)) >= 0 else -1.0
        return [((left + sign * right) / 2).astype(np.float32)], ()
    note = "The two sound channels held different sound; each was transcribed on its own."
    return [left, right], (note,)


class _Builder:
    """Collects segments from one or more tracks into a `Transcript`."""

    def __init__(self, transcriber: Transcriber, settings: Mapping[str, object]) -> None:
        self._model = transcriber.model_name
        self._device = transcriber.device
        self._multilingual = transcriber.multilingual
        self._settings = settings
        self._segments: list[Segment] = []
        self._language: tuple[str, float, bool] | None = None
        self._notes: list[str] = []
        self._left_out = 0
        self._rms = 0.0

    def note(self, text: str) -> None:
        self._notes.append(text)

    def loudness(self, rms: float) -> None:
        self._rms = rms

    def language(self, code: str, probability: float, detect: bool) -> None:
        if self._language is None:
            self._language = (code, float(probability), detect and self._multilingual)

    def add(self, raw: Any, duration: float) -> None:
        text = str(raw.text).strip()
        if not _HAS_WORD.search(_ASIDE.sub("", text)):
            return
        no_speech, logprob = float(raw.no_speech_prob), float(raw.avg_logprob)
        if any(no_speech >= p and logprob < lp for p, lp in _NOT_SPEECH):
            self._left_out += 1
            return
        words = tuple(
            Word(
                word=str(w.word).strip(),
                start=_clamp(w.start, duration),
                end=max(_clamp(w.start, duration), _clamp(w.end, duration)),
                probability=float(w.probability),
            )
            for w in (raw.words or ())
        )
        start = _clamp(raw.start, duration)
        self._segments.append(
            Segment(
                start=start,
                end=max(start, _clamp(raw.end, duration)),
                text=text,
                words=words,
                no_speech_prob=no_speech,
                avg_logprob=logprob,
            )
        )

    def empty(
        self, status: TranscriptStatus, duration: float, message: str, hint: str
    ) -> Transcript:
        return self._transcript(status, duration, (), message, hint, ())

    def finish(
        self, duration: float, notes: tuple[str, ...], expected_language: str | None
    ) -> Transcript:
        segments = tuple(sorted(self._segments, key=lambda s: s.start))
        if not segments:
            self._language = None  # a language guessed from silence means nothing
            if self._left_out or self._rms >= _QUIET_RMS:
                message = "No speech was found in this answer: only music, noise or other sound."
                hint = (
                    "Listen to the recording; ask the candidate to answer again somewhere quieter."
                )
            else:
                message = "No speech was heard in this answer: the recording is silent."
                hint = "Check the microphone level, then ask the candidate to answer again."
            return self._transcript(TranscriptStatus.NO_SPEECH, duration, (), message, hint, notes)
        notes += tuple(self._notes)
        if self._left_out:
            notes += (
                f"{self._left_out} passage(s) that sounded like music or noise rather than "
                "speech were left out of the transcript.",
            )
        code, _, detected = self._language or ("", 0.0, False)
        if not self._multilingual:
            notes += ("The English-only speech model cannot judge which language was spoken.",)
        if detected and expected_language and code != expected_language:
            return self._transcript(
                TranscriptStatus.OTHER_LANGUAGE,
                duration,
                segments,
                f"The answer seems to be in another language ({code}), not {expected_language}.",
                "Review the recording: answers in another language are not assessed automatically.",
                notes,
            )
        return self._transcript(TranscriptStatus.OK, duration, segments, "", "", notes)

    def _transcript(
        self,
        status: TranscriptStatus,
        duration: float,
        segments: tuple[Segment, ...],
        message: str,
        hint: str,
        notes: tuple[str, ...],
    ) -> Transcript:
        code, probability, detected = self._language or ("", 0.0, False)
        return Transcript(
            language=code,
            language_probability=probability,
            duration=duration,
            text=" ".join(segment.text for segment in segments),
            segments=segments,
            status=status,
            message=message,
            model=self._model,
            device=self._device,
            settings=self._settings,
            language_detected=detected,
            notes=notes,
            hint=hint,
        )


def _clamp(seconds: Any, duration: float) -> float:
    value = float(seconds)
    return 0.0 if math.isnan(value) else min(max(value, 0.0), duration)


__all__ = [
    "LANGUAGE_CONFIDENCE",
    "MIN_ANSWER_SECONDS",
    "SAMPLE_RATE",
    "AudioUnavailable",
    "LanguageUnsupported",
    "ModelRef",
    "Segment",
    "Transcriber",
    "Transcript",
    "TranscriptStatus",
    "Word",
    "available_cores",
    "load_audio",
    "load_transcriber",
]
