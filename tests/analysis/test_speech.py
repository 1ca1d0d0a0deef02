"""Transcription with the real Whisper models on real clips (tests/analysis/conftest.py)."""

from __future__ import annotations

import itertools
import shutil
import socket
import subprocess
import wave
from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np
import pytest

from analysis.errors import Cancelled, ModelUnavailable
from analysis.speech import (
    SAMPLE_RATE,
    AudioUnavailable,
    LanguageUnsupported,
    Transcriber,
    Transcript,
    TranscriptStatus,
    load_audio,
    load_transcriber,
)
from analysis.speech_metrics import corpus_wer, read_reference_transcripts, wer
from analysis.tasks import TaskState
from tests.app import pipeline_support as support

pytestmark = pytest.mark.slow

TINY_WER_TARGET = 0.08  # issue 5: tiny.en at most 8 % on clear speech
JFK = "jfk_inaugural_1961.flac"


@pytest.fixture(scope="session")
def tiny(whisper_tiny_dir: Path) -> Transcriber:
    return Transcriber(whisper_tiny_dir, model_name="whisper-tiny.en")


@pytest.fixture(scope="session")
def base(whisper_base_dir: Path) -> Transcriber:
    return Transcriber(whisper_base_dir, model_name="whisper-base")


@pytest.fixture(scope="session")
def jfk(tiny: Transcriber, speech_data: Path) -> Transcript:
    return tiny.transcribe(speech_data / "audio" / JFK)


def test_tiny_en_transcribes_clear_speech_within_the_wer_target(
    tiny: Transcriber, speech_data: Path
) -> None:
    wanted = {
        JFK,  # 44.1 kHz stereo, reverberant
        "librivox_sense_and_sensibility_0870.wav",
        "pocketsphinx_goforward.wav",  # "ten" spoken, "10" likely written
        "ljspeech_LJ001-0007.flac",  # 22.05 kHz, a year and "forty-two"
        "librispeech_1995-1837-0001.wav",
    }
    clips = [
        c for c in read_reference_transcripts(speech_data / "transcripts.tsv") if c.file in wanted
    ]
    assert len(clips) == len(wanted)
    pairs = []
    for clip in clips:
        transcript = tiny.transcribe(speech_data / "audio" / clip.file)
        assert transcript.status is TranscriptStatus.OK, clip.file
        assert transcript.duration == pytest.approx(clip.duration, abs=0.05)
        pairs.append((clip.reference, transcript.text))
    assert corpus_wer(pairs) <= TINY_WER_TARGET


def test_transcript_records_model_device_and_settings(jfk: Transcript) -> None:
    assert jfk.model == "whisper-tiny.en"
    assert jfk.device == "cpu"
    assert jfk.settings["compute_type"] == "int8"
    assert jfk.settings["vad"] is True
    assert str(jfk.settings["engine"]).startswith("faster-whisper ")


def test_word_timestamps_are_ordered_and_inside_the_answer(jfk: Transcript) -> None:
    words = jfk.words
    assert len(words) >= 20
    assert all(0.0 <= w.start <= w.end <= jfk.duration for w in words)
    starts = [w.start for w in words]
    assert starts == sorted(starts)
    for earlier, later in itertools.pairwise(words):
        assert later.start >= earlier.end - 0.01
    assert all(0.0 <= w.probability <= 1.0 for w in words)
    # The words are the text, so evidence spans can point into the transcript.
    assert " ".join(w.word for w in words) == jfk.text


def test_english_only_model_says_it_cannot_judge_the_language(jfk: Transcript) -> None:
    assert jfk.language == "en"
    assert not jfk.language_detected
    assert any("English-only" in note for note in jfk.notes)


def test_english_only_model_refuses_another_language(tiny: Transcriber) -> None:
    with pytest.raises(LanguageUnsupported):
        tiny.transcribe(np.zeros(SAMPLE_RATE * 2, np.float32), language="fr")


def test_progress_rises_to_one(tiny: Transcriber, speech_data: Path) -> None:
    fractions: list[float] = []
    task = TaskState(on_progress=lambda fraction, _text: fractions.append(fraction))
    tiny.transcribe(speech_data / "audio" / JFK, task)
    assert fractions == sorted(fractions)
    assert fractions[-1] == 1.0
    assert len(fractions) >= 3  # one per segment, then done


def test_cancel_after_the_first_segment_stops_transcription(
    tiny: Transcriber, speech_data: Path
) -> None:
    segments_seen: list[float] = []
    task = TaskState()

    def cancel_on_first_segment(fraction: float, text: str) -> None:
        segments_seen.append(fraction)
        task.cancel()

    task = TaskState(on_progress=cancel_on_first_segment)
    with pytest.raises(Cancelled):
        tiny.transcribe(speech_data / "audio" / JFK, task)
    assert len(segments_seen) == 1
    assert 0.0 < segments_seen[0] < 1.0  # stopped partway, not at the end


def test_silence_is_no_speech(tiny: Transcriber) -> None:
    transcript = tiny.transcribe(np.zeros(SAMPLE_RATE * 3, np.float32))
    assert transcript.status is TranscriptStatus.NO_SPEECH
    assert transcript.text == ""
    assert transcript.segments == ()
    assert transcript.message
    assert transcript.hint
    assert "silent" in transcript.message
    assert transcript.duration == pytest.approx(3.0)


@pytest.mark.parametrize("vad", [True, False], ids=["vad", "no-vad"])
def test_white_noise_is_no_speech(tiny: Transcriber, vad: bool) -> None:
    noise = np.random.default_rng(5).normal(0.0, 0.1, SAMPLE_RATE * 3).astype(np.float32)
    transcript = tiny.transcribe(noise, vad=vad)
    assert transcript.status is TranscriptStatus.NO_SPEECH
    assert transcript.text == ""


# Seeds for which tiny.en wrote "Thank you." for the song until passages that Whisper
# itself rates as probably not speech were left out: with the VAD on (it let part of the
# song through), and with it off.
@pytest.mark.parametrize(("seed", "vad"), [(0, True), (6, True), (1, False), (5, False)], ids=str)
def test_a_song_without_words_is_no_speech_not_invented_words(
    tiny: Transcriber, tmp_path: Path, seed: int, vad: bool
) -> None:
    song = support.music_samples(10.0, seed=seed)
    recording = support.make_recording(tmp_path / "song.webm", audio=song, faces=None, seconds=10.0)
    transcript = tiny.transcribe(recording, vad=vad)
    assert transcript.status is TranscriptStatus.NO_SPEECH
    assert transcript.text == "" and transcript.segments == ()
    assert "music, noise" in transcript.message
    assert transcript.hint


def test_words_invented_in_a_long_quiet_stretch_are_left_out_and_noted(
    base: Transcriber, speech_data: Path
) -> None:
    # 25 s of faint room hiss, then four words: without the VAD, base heard
    # "Thank you very much." after them.
    (speech,) = load_audio(speech_data / "audio" / "pocketsphinx_goforward.wav")
    hiss = np.random.default_rng(0).normal(0.0, 0.002, SAMPLE_RATE * 25).astype(np.float32)
    transcript = base.transcribe(np.concatenate([hiss, speech]), language="en", vad=False)
    assert transcript.status is TranscriptStatus.OK
    assert wer("go forward ten meters", transcript.text) == 0.0
    assert any("music or noise" in note for note in transcript.notes)


def test_speech_shorter_than_a_second_is_too_short(tiny: Transcriber, speech_data: Path) -> None:
    speech = load_audio(speech_data / "audio" / JFK)
    snippet = speech[:, SAMPLE_RATE : SAMPLE_RATE + int(0.4 * SAMPLE_RATE)]
    transcript = tiny.transcribe(snippet)
    assert transcript.status is TranscriptStatus.TOO_SHORT
    assert transcript.text == ""
    assert "second" in transcript.message
    assert transcript.duration == pytest.approx(0.4)


def _video_without_sound(path: Path) -> Path:
    with av.open(str(path), "w") as container:
        stream = container.add_stream("libvpx", rate=10)
        stream.width, stream.height, stream.pix_fmt = 64, 48, "yuv420p"
        for shade in range(0, 250, 50):
            image = np.full((48, 64, 3), shade, np.uint8)
            frame = av.VideoFrame.from_ndarray(image, format="rgb24")
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return path


def test_video_without_a_sound_track_is_reported_not_crashed(
    tiny: Transcriber, tmp_path: Path
) -> None:
    video = _video_without_sound(tmp_path / "answer.webm")
    with pytest.raises(AudioUnavailable, match="no sound track"):
        load_audio(video)
    transcript = tiny.transcribe(video)
    assert transcript.status is TranscriptStatus.NO_AUDIO
    assert "no sound track" in transcript.message
    assert transcript.hint


def _empty_wav(path: Path) -> None:
    with wave.open(str(path), "wb") as header_only:
        header_only.setnchannels(1)
        header_only.setsampwidth(2)
        header_only.setframerate(SAMPLE_RATE)


@pytest.mark.parametrize("kind", ["zero-bytes", "garbage", "header-only", "missing"])
def test_damaged_empty_or_missing_recordings_are_no_audio(
    tiny: Transcriber, tmp_path: Path, kind: str
) -> None:
    path = tmp_path / "answer.wav"
    if kind == "zero-bytes":
        path.write_bytes(b"")
    elif kind == "garbage":
        path.write_bytes(b"RIFF\x00\x00\x00\x00WAVEfmt not really a wave file" * 8)
    elif kind == "header-only":
        _empty_wav(path)
    transcript = tiny.transcribe(path)
    assert transcript.status is TranscriptStatus.NO_AUDIO
    assert transcript.message and transcript.hint
    assert transcript.text == ""


def test_two_different_channels_are_both_transcribed(tiny: Transcriber, speech_data: Path) -> None:
    clip = next(
        c
        for c in read_reference_transcripts(speech_data / "transcripts.tsv")
        if c.file == "stereo_two_sentences_L-R.wav"
    )
    channels = load_audio(speech_data / "audio" / clip.file)
    assert channels.shape[0] == 2
    transcript = tiny.transcribe(speech_data / "audio" / clip.file)
    assert transcript.status is TranscriptStatus.OK
    assert wer(clip.reference, transcript.text) <= 0.2
    assert any("channels" in note for note in transcript.notes)


def test_a_stereo_recording_of_one_voice_is_mixed_not_doubled(
    tiny: Transcriber, speech_data: Path, jfk: Transcript
) -> None:
    # JFK is stereo with the same voice on both channels: one transcript, no channel note.
    assert load_audio(speech_data / "audio" / JFK).shape[0] == 2
    assert not any("channels" in note for note in jfk.notes)
    assert jfk.text.lower().count("ask not") == 1


def test_a_model_folder_without_its_tokenizer_is_refused_before_loading(
    whisper_tiny_dir: Path, tmp_path: Path
) -> None:
    # faster-whisper would download a missing tokenizer; Candor must refuse instead.
    for name in ("model.bin", "config.json", "vocabulary.txt"):
        (tmp_path / name).symlink_to(whisper_tiny_dir / name)
    with pytest.raises(ModelUnavailable) as raised:
        Transcriber(tmp_path)
    assert raised.value.capability == "speech"
    assert "tokenizer.json" in raised.value.message


@dataclass(frozen=True)
class _Resolved:
    path: Path
    device: str
    name: str


def test_load_transcriber_takes_the_registry_answer(whisper_tiny_dir: Path) -> None:
    transcriber = load_transcriber(_Resolved(whisper_tiny_dir, "cpu", "whisper-tiny.en 1"))
    transcript = transcriber.transcribe(np.zeros(SAMPLE_RATE * 2, np.float32))
    assert transcript.model == "whisper-tiny.en 1"
    assert transcript.device == "cpu"
    assert not transcriber.multilingual


def test_multilingual_model_detects_english(base: Transcriber, speech_data: Path) -> None:
    transcript = base.transcribe(speech_data / "audio" / JFK, expected_language="en")
    assert base.multilingual
    assert transcript.status is TranscriptStatus.OK
    assert transcript.language == "en"
    assert transcript.language_detected
    assert transcript.language_probability > 0.5
    assert (
        wer(
            "And so my fellow Americans, ask not what your country can do for you, "
            "ask what you can do for your country.",
            transcript.text,
        )
        <= 0.1
    )


@pytest.fixture(scope="session")
def french_answer(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # No non-English clip is in the shared data; espeak-ng makes one when installed.
    espeak = shutil.which("espeak-ng")
    if espeak is None:
        pytest.skip("espeak-ng is not installed: no non-English speech to test with")
    path = tmp_path_factory.mktemp("speech") / "french.wav"
    sentence = (
        "Bonjour, je m'appelle Marie et je travaille comme ingénieure logicielle "
        "depuis cinq ans à Paris."
    )
    subprocess.run([espeak, "-v", "fr", "-s", "140", "-w", str(path), sentence], check=True)
    return path


def test_multilingual_model_flags_an_answer_in_another_language(
    base: Transcriber, french_answer: Path
) -> None:
    transcript = base.transcribe(french_answer, expected_language="en")
    assert transcript.status is TranscriptStatus.OTHER_LANGUAGE
    assert transcript.language == "fr"
    assert transcript.language_detected
    assert "fr" in transcript.message
    assert "Marie" in transcript.text  # the name; the last words vary with espeak-ng's voice


def test_loading_and_transcribing_need_no_network(
    whisper_tiny_dir: Path, speech_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("speech code tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    transcriber = Transcriber(whisper_tiny_dir)
    transcript = transcriber.transcribe(speech_data / "audio" / "pocketsphinx_goforward.wav")
    assert transcript.status is TranscriptStatus.OK
