"""Recording answers: real decoding, real VP8/Opus encoding, real encryption, real files."""

from __future__ import annotations

import errno
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from app.capture import (
    ANSWER_KIND,
    AnswerOutcome,
    AnswerRecorder,
    AnswerStatus,
    CameraLost,
    CapturedFrame,
    CaptureFileUnreadable,
    CaptureItem,
    CombinedSource,
    FileSource,
    IncompleteReason,
    LiveFrame,
    MicrophoneLost,
    PushAudioSource,
    PushVideoSource,
    RecordingSettings,
    probe_recording,
)
from app.media import MediaStore
from app.media_stream import MediaWriter
from app.workspace import Session
from tests.app.capture_clips import BEEP_HZ, TONE_HZ, decode_recording, make_clip, pattern_frame

WAIT = 30.0


@pytest.fixture
def candidate(session: Session) -> int:
    return session.candidates.add("Test Candidate", {})


@pytest.fixture(scope="module")
def clips(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("clips")
    return {
        "av": make_clip(folder / "av.mkv", seconds=2.0),
        "flash": make_clip(folder / "flash.mkv", seconds=2.0, flash_at=1.0),
        "sound": make_clip(folder / "sound.wav", seconds=1.5, video=False),
        "long": make_clip(folder / "long.mkv", seconds=6.0),
    }


def record(store: MediaStore, candidate: int, source: FileSource) -> AnswerOutcome:
    recorder = AnswerRecorder(store, candidate, source)
    recorder.start()
    outcome = recorder.wait(WAIT)
    assert outcome is not None, "the recording did not end with its source"
    return outcome


def test_file_source_recording_decrypts_to_all_frames_and_the_tone(
    session: Session, candidate: int, clips: dict[str, Path]
) -> None:
    outcome = record(session.media, candidate, FileSource(clips["av"], realtime=False))

    assert outcome.status is AnswerStatus.COMPLETE and outcome.reason is None
    assert outcome.ref is not None and outcome.ref.kind == ANSWER_KIND
    assert (outcome.frames, outcome.dropped_frames) == (60, 0)
    assert outcome.audio_seconds == pytest.approx(2.0, abs=0.03)
    probe = probe_recording(session.media, outcome.ref)
    assert probe.complete and probe.video_frames == 60 and probe.video_size == (320, 240)
    assert probe.audio_seconds == pytest.approx(2.0, abs=0.05)
    with session.media.open(outcome.ref) as reader:
        frames, sound, _ = decode_recording(reader)
    # The pictures are the clip's, in order: frame 40 shows the square where the source had it.
    expected = pattern_frame(40, 320, 240).astype(int)
    assert np.abs(frames[40][1].astype(int) - expected).mean() < 6
    assert np.abs(frames[10][1].astype(int) - expected).mean() > 10
    spectrum = np.abs(np.fft.rfft(sound[4800:48000]))
    assert np.fft.rfftfreq(43200, 1 / 48000)[spectrum.argmax()] == pytest.approx(TONE_HZ, abs=3)


def test_paced_recording_keeps_sound_in_sync_with_pictures(
    session: Session, candidate: int, clips: dict[str, Path]
) -> None:
    # The clip flashes white and starts a beep at the same instant (1.0 s).
    outcome = record(session.media, candidate, FileSource(clips["flash"], realtime=True))

    assert outcome.complete and outcome.ref is not None and outcome.dropped_frames == 0
    with session.media.open(outcome.ref) as reader:
        frames, sound, audio_start = decode_recording(reader)
    flash_time = max(frames, key=lambda f: float(f[1].mean()))[0]
    beep_time = audio_start + int(np.argmax(np.abs(sound) > 0.1)) / 48000
    assert flash_time == pytest.approx(1.0, abs=0.05)
    assert beep_time == pytest.approx(flash_time, abs=0.045)  # about one frame
    beep = sound[int((beep_time - audio_start) * 48000) :][:4800]
    spectrum = np.abs(np.fft.rfft(beep))
    assert np.fft.rfftfreq(len(beep), 1 / 48000)[spectrum.argmax()] == pytest.approx(
        BEEP_HZ, abs=15
    )


def test_sound_that_starts_late_stays_on_the_pictures_clock(
    session: Session, candidate: int
) -> None:
    # A camera and a microphone pushing with their own stamps: the microphone starts
    # 0.5 s after the camera; both see the same event (flash, beep) at 1.0 s.
    camera, microphone = PushVideoSource(160, 120), PushAudioSource()
    recorder = AnswerRecorder(session.media, candidate, CombinedSource(camera, microphone))
    recorder.start()
    t0 = 1000.0
    while not camera.push(np.zeros((120, 160, 3), np.uint8), t0):
        time.sleep(0.005)
    beep = 0.5 * np.sin(2 * np.pi * BEEP_HZ * np.arange(800) / 48000).astype(np.float32)
    for index in range(1, 60):
        shade = 255 if index == 30 else 20
        camera.push(np.full((120, 160, 3), shade, np.uint8), t0 + index / 30)
        for part in range(2):
            at = t0 + index / 30 + part / 60  # 800-sample chunks, from 0.5 s on
            if at >= t0 + 0.5:
                loud = t0 + 1.0 <= at < t0 + 1.1
                microphone.push(beep if loud else np.zeros(800, np.float32), at)
        time.sleep(1 / 120)
    outcome = recorder.stop()

    assert outcome.ref is not None and outcome.frames == 60
    with session.media.open(outcome.ref) as reader:
        frames, sound, audio_start = decode_recording(reader)
    flash_time = max(frames, key=lambda f: float(f[1].mean()))[0]
    beep_time = audio_start + int(np.argmax(np.abs(sound) > 0.1)) / 48000
    assert audio_start == pytest.approx(0.5, abs=0.03)
    assert flash_time == pytest.approx(1.0, abs=0.01)
    assert beep_time == pytest.approx(1.0, abs=0.03)


def test_no_plaintext_frame_or_container_byte_reaches_the_workspace(
    session: Session, candidate: int, clips: dict[str, Path]
) -> None:
    first = record(session.media, candidate, FileSource(clips["av"], realtime=False))
    second = record(session.media, candidate, FileSource(clips["sound"], realtime=False))
    assert first.ref is not None and second.ref is not None
    assert first.ref.file_id != second.ref.file_id  # each answer is its own file
    with session.media.open(first.ref) as reader:
        plaintext = reader.read(4096)
    assert plaintext.startswith(b"\x1a\x45\xdf\xa3") and b"V_VP8" in plaintext  # what to look for

    raw_row = pattern_frame(0, 320, 240)[200].tobytes()[:96]
    markers = [b"\x1a\x45\xdf\xa3", b"V_VP8", b"A_OPUS", b"webm", raw_row]
    files = [p for p in session.path.rglob("*") if p.is_file()]
    assert any(p.suffix == ".cmedia" for p in files)
    for path in files:
        data = path.read_bytes()
        for marker in markers:
            assert marker not in data, f"{marker[:8]!r} found in {path.name}"


def test_audio_only_file_records_sound_without_video(
    session: Session, candidate: int, clips: dict[str, Path]
) -> None:
    source = FileSource(clips["sound"], realtime=False)
    assert source.video_size is None and source.has_audio

    outcome = record(session.media, candidate, source)

    assert outcome.complete and outcome.ref is not None and outcome.frames == 0
    probe = probe_recording(session.media, outcome.ref)
    assert probe.video_frames == 0 and probe.audio_seconds == pytest.approx(1.5, abs=0.05)


def test_unreadable_stand_in_files_are_refused_with_a_message(tmp_path: Path) -> None:
    not_media = tmp_path / "notes.mp4"
    not_media.write_text("this is not a video")
    with pytest.raises(CaptureFileUnreadable, match="does not exist"):
        FileSource(tmp_path / "missing.mp4")
    with pytest.raises(CaptureFileUnreadable, match="not a video or audio file Candor can read"):
        FileSource(not_media)


class UnpluggedAfter:
    """A real file source whose camera 'is unplugged' after `frames` pictures."""

    def __init__(self, source: FileSource, frames: int) -> None:
        self._source, self._frames = source, frames
        self.video_size, self.has_audio, self.live = source.video_size, source.has_audio, True

    def items(self, stop: threading.Event) -> Iterator[CaptureItem]:
        seen = 0
        for item in self._source.items(stop):
            if isinstance(item, CapturedFrame):
                if seen == self._frames:
                    raise CameraLost()
                seen += 1
            yield item

    def close(self) -> None:
        self._source.close()


def test_camera_unplugged_mid_answer_keeps_what_was_recorded(
    session: Session, candidate: int, clips: dict[str, Path]
) -> None:
    finished: list[AnswerOutcome] = []
    source = UnpluggedAfter(FileSource(clips["long"], realtime=False), frames=45)
    recorder = AnswerRecorder(session.media, candidate, source, on_finished=finished.append)
    recorder.start()
    outcome = recorder.wait(WAIT)

    assert outcome is not None and finished == [outcome]
    assert outcome.status is AnswerStatus.INCOMPLETE
    assert outcome.reason is IncompleteReason.CAMERA_LOST
    assert "camera stopped" in outcome.message and "saved" in outcome.message
    assert outcome.ref is not None and outcome.frames == 45
    probe = probe_recording(session.media, outcome.ref)  # a complete, verified file
    assert probe.complete and probe.video_frames == 45
    assert probe.audio_seconds == pytest.approx(1.5, abs=0.1)


def test_microphone_lost_mid_answer_marks_it_incomplete(session: Session, candidate: int) -> None:
    camera, microphone = PushVideoSource(160, 120), PushAudioSource()
    recorder = AnswerRecorder(session.media, candidate, CombinedSource(camera, microphone))
    recorder.start()
    start = time.monotonic()
    for index in range(20):
        at = start + index / 30
        while not camera.push(pattern_frame(index, 160, 120), at):
            time.sleep(0.005)  # the capture thread is still starting
        microphone.push(np.full(1600, 0.2, np.float32), at)
        time.sleep(1 / 60)
    microphone.fail(MicrophoneLost())
    outcome = recorder.wait(WAIT)

    assert outcome is not None and outcome.reason is IncompleteReason.MICROPHONE_LOST
    assert "microphone stopped" in outcome.message
    assert outcome.ref is not None and outcome.frames == 20
    probe = probe_recording(session.media, outcome.ref)
    assert probe.video_frames == 20 and probe.audio_seconds > 0.5


def test_disk_full_stops_cleanly_and_earlier_answers_stay_intact(
    session: Session, candidate: int, clips: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = record(session.media, candidate, FileSource(clips["av"], realtime=False))
    assert first.complete and first.ref is not None

    real_write = MediaWriter._write_all
    written: dict[int, int] = {}

    def write_until_full(self: MediaWriter, data: bytes) -> None:
        written[id(self)] = written.get(id(self), 0) + len(data)
        if written[id(self)] > 40_000:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_write(self, data)

    monkeypatch.setattr(MediaWriter, "_write_all", write_until_full)
    recorder = AnswerRecorder(session.media, candidate, FileSource(clips["long"], realtime=False))
    recorder.start()
    outcome = recorder.wait(WAIT)

    assert outcome is not None and outcome.status is AnswerStatus.INCOMPLETE
    assert outcome.reason is IncompleteReason.DISK_FULL
    assert "disk is full" in outcome.message
    assert outcome.ref is None  # the store removes a file it could not finish
    assert not recorder.running
    monkeypatch.undo()
    assert session.media.file_ids(candidate) == [first.ref.file_id]
    session.media.read_bytes(first.ref)  # checks the sha256 of the whole plaintext
    assert probe_recording(session.media, first.ref).video_frames == 60


def test_slow_live_analysis_listener_never_costs_a_captured_frame(
    session: Session, candidate: int, clips: dict[str, Path]
) -> None:
    seen: list[LiveFrame] = []

    def slow_analysis(frame: LiveFrame) -> None:
        seen.append(frame)
        time.sleep(0.3)

    recorder = AnswerRecorder(session.media, candidate, FileSource(clips["av"], realtime=True))
    listener = recorder.add_frame_listener(slow_analysis, every_n=2)
    recorder.start()
    outcome = recorder.wait(WAIT)

    assert outcome is not None and outcome.complete
    assert (outcome.frames, outcome.dropped_frames) == (60, 0)
    assert 3 <= listener.delivered <= 10 and listener.dropped > 10
    assert all(f.index % 2 == 0 and not f.image.flags.writeable for f in seen)
    assert recorder.stats().listener_drops == listener.dropped


def test_live_source_faster_than_the_encoder_drops_frames_and_counts_them(
    session: Session, candidate: int
) -> None:
    camera = PushVideoSource(640, 480, max_pending=400)
    settings = RecordingSettings(queue_frames=2)
    recorder = AnswerRecorder(session.media, candidate, camera, settings=settings)
    recorder.start()
    noise = np.random.default_rng(0).integers(0, 255, (480, 640, 3), dtype=np.uint8)
    while not camera.push(noise):
        time.sleep(0.005)
    start = time.monotonic()
    for index in range(1, 150):  # 150 hard-to-encode frames "captured" within milliseconds
        camera.push(np.roll(noise, index, axis=1), start + index / 1000)
    time.sleep(0.2)
    outcome = recorder.stop()

    stats = recorder.stats()
    assert outcome.dropped_frames > 0 and outcome.complete
    assert outcome.frames + outcome.dropped_frames == stats.frames_captured
    assert outcome.ref is not None
    assert probe_recording(session.media, outcome.ref).video_frames == outcome.frames


def test_stopping_early_saves_the_part_recorded_and_marks_it(
    session: Session, candidate: int, clips: dict[str, Path]
) -> None:
    recorder = AnswerRecorder(session.media, candidate, FileSource(clips["long"], realtime=True))
    recorder.start()
    time.sleep(1.0)
    started = time.perf_counter()
    outcome = recorder.stop(IncompleteReason.STOPPED_EARLY)

    assert time.perf_counter() - started < 1.0
    assert outcome.reason is IncompleteReason.STOPPED_EARLY and outcome.message
    assert outcome.ref is not None and 20 <= outcome.frames <= 40
    assert probe_recording(session.media, outcome.ref).video_frames == outcome.frames
    assert recorder.stop() is outcome  # stopping again changes nothing


def test_aborted_answer_leaves_no_file(
    session: Session, candidate: int, clips: dict[str, Path]
) -> None:
    recorder = AnswerRecorder(session.media, candidate, FileSource(clips["long"], realtime=True))
    assert session.media.file_ids(candidate) == [recorder.pending_ref.file_id]
    recorder.start()
    time.sleep(0.3)
    recorder.abort()

    assert session.media.file_ids(candidate) == []


def test_answer_that_received_nothing_is_flagged_for_the_operator(
    session: Session, candidate: int
) -> None:
    camera = PushVideoSource(160, 120)  # a camera adapter that never delivers
    recorder = AnswerRecorder(session.media, candidate, camera)
    recorder.start()
    time.sleep(0.2)
    outcome = recorder.stop()

    assert outcome.reason is IncompleteReason.NOTHING_RECORDED
    assert "Nothing was recorded" in outcome.message and outcome.frames == 0


def test_aborting_an_answer_that_already_ended_deletes_it(
    session: Session, candidate: int, clips: dict[str, Path]
) -> None:
    recorder = AnswerRecorder(session.media, candidate, FileSource(clips["sound"], realtime=False))
    recorder.start()
    assert recorder.wait(WAIT) is not None

    recorder.abort()

    assert session.media.file_ids(candidate) == []
