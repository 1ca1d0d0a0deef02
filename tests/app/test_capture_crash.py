"""A recording process killed mid-answer (SIGKILL): what survives, and recovering it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from app.capture import (
    AnswerRecorder,
    AnswerStatus,
    FileSource,
    IncompleteReason,
    RecordingSettings,
    probe_recording,
    recover_answer,
)
from app.media import MediaRef, MediaStore
from app.media_format import HEADER_SIZE, TAG_SIZE
from tests.app.capture_clips import make_clip

REPO_ROOT = Path(__file__).resolve().parents[2]
CANDIDATE = 3


class FixedKey:
    def __init__(self, key: bytes) -> None:
        self._key = key

    def key_for(self, candidate_id: int) -> bytes:
        return self._key


# Records a first answer to the end, then starts a second, paced like a camera, and
# reports how far it got; the test kills it there.
_RECORDER_SCRIPT = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from app.capture import AnswerRecorder, FileSource
    from app.media import MediaStore

    class FixedKey:
        def key_for(self, candidate_id):
            return bytes.fromhex(sys.argv[2])

    root, short_clip, long_clip = Path(sys.argv[1]), Path(sys.argv[3]), Path(sys.argv[4])
    store = MediaStore(root, FixedKey())
    first = AnswerRecorder(store, 3, FileSource(short_clip, realtime=False))
    first.start()
    print("DONE", first.wait(60).ref.to_json(), flush=True)
    second = AnswerRecorder(store, 3, FileSource(long_clip, realtime=True))
    print("PENDING", second.pending_ref.to_json(), flush=True)
    second.start()
    time.sleep(3.0)
    print("RECORDED 3.0", flush=True)
    time.sleep(60)
    """
)


def test_killed_recording_keeps_earlier_answers_and_recovers_the_partial_one(
    tmp_path: Path,
) -> None:
    key = os.urandom(32)
    short_clip = make_clip(tmp_path / "short.mkv", seconds=1.5)
    long_clip = make_clip(tmp_path / "long.mkv", seconds=8.0)
    root = tmp_path / "media"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            _RECORDER_SCRIPT,
            str(root),
            key.hex(),
            str(short_clip),
            str(long_clip),
        ],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: dict[str, str] = {}
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            word, _, rest = line.strip().partition(" ")
            lines[word] = rest
            if word == "RECORDED":
                proc.send_signal(signal.SIGKILL)
                break
    finally:
        proc.kill()
        _, err = proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL, err[-2000:]

    store = MediaStore(root, FixedKey(key))
    first = MediaRef.from_json(lines["DONE"])
    pending = MediaRef.from_json(lines["PENDING"])
    # The completed answer decrypts and plays in full.
    probe = probe_recording(store, first)
    assert probe.complete and probe.video_frames == 45
    assert probe.audio_seconds == pytest.approx(1.5, abs=0.05)
    with store.open(pending, allow_incomplete=True) as reader:
        assert not reader.complete  # no final chunk: the kill is detected, not hidden

    outcome = recover_answer(store, pending)

    assert outcome.status is AnswerStatus.INCOMPLETE
    assert outcome.reason is IncompleteReason.INTERRUPTED and "interrupted" in outcome.message
    assert outcome.ref is not None and outcome.ref.file_id != pending.file_id
    # Up to the last complete chunk: at most a cluster (1 s) plus a chunk short of 3 s.
    assert 0.9 <= outcome.duration <= 3.3
    assert outcome.frames >= 25
    recovered = probe_recording(store, outcome.ref)  # now a complete, verified file
    assert recovered.complete and recovered.video_frames == outcome.frames
    assert sorted(store.file_ids(CANDIDATE)) == sorted([first.file_id, outcome.ref.file_id])


def test_recording_cut_at_any_chunk_boundary_decodes_up_to_the_cut(tmp_path: Path) -> None:
    store = MediaStore(tmp_path / "media", FixedKey(os.urandom(32)))
    clip = make_clip(tmp_path / "clip.mkv", seconds=3.0)
    recorder = AnswerRecorder(
        store,
        CANDIDATE,
        FileSource(clip, realtime=False),
        settings=RecordingSettings(chunk_size=4096),
    )
    recorder.start()
    outcome = recorder.wait(30)
    assert outcome is not None and outcome.ref is not None
    path = tmp_path / "media" / str(CANDIDATE) / f"{outcome.ref.file_id}.cmedia"
    stride = 4096 + TAG_SIZE
    chunks = (path.stat().st_size - HEADER_SIZE) // stride
    assert chunks >= 8
    decoded = []
    for kept in range(chunks, 0, -max(chunks // 8, 1)):  # cut ever shorter, end first
        os.truncate(path, HEADER_SIZE + kept * stride)
        probe = probe_recording(store, outcome.ref, allow_incomplete=True)
        assert not probe.complete
        decoded.append((kept, probe.video_frames, probe.audio_seconds))
    frames = [f for _, f, _ in decoded]
    assert frames == sorted(frames, reverse=True)  # shorter cut, fewer frames, never an error
    assert frames[0] >= 80 and frames[-1] < frames[0]
    assert all(seconds > 0 for _, _, seconds in decoded[:-1])


def test_recovering_an_answer_killed_before_any_data_says_nothing_was_saved(
    tmp_path: Path,
) -> None:
    store = MediaStore(tmp_path / "media", FixedKey(os.urandom(32)))
    clip = make_clip(tmp_path / "clip.mkv", seconds=1.0)
    recorder = AnswerRecorder(store, CANDIDATE, FileSource(clip, realtime=False))
    # Never started: the file holds only its header, as after a kill at the first frame.

    outcome = recover_answer(store, recorder.pending_ref)

    assert outcome.ref is None and outcome.reason is IncompleteReason.INTERRUPTED
    assert "before anything could be saved" in outcome.message
    assert store.file_ids(CANDIDATE) == []
    recorder.abort()


def test_recovering_a_closed_answer_reports_it_complete(tmp_path: Path) -> None:
    store = MediaStore(tmp_path / "media", FixedKey(os.urandom(32)))
    clip = make_clip(tmp_path / "clip.mkv", seconds=1.0)
    recorder = AnswerRecorder(store, CANDIDATE, FileSource(clip, realtime=False))
    recorder.start()
    done = recorder.wait(30)
    assert done is not None and done.ref is not None
    # The process died after the answer was closed but before its final ref was saved.

    outcome = recover_answer(store, recorder.pending_ref)

    assert outcome.status is AnswerStatus.COMPLETE and outcome.reason is None
    assert outcome.ref == done.ref and outcome.frames == 30
