"""Finalizing answers: a live WebM becomes a seekable, indexed WebM, still encrypted.

Real recordings (PyAV clip -> AnswerRecorder -> encrypted store), real remuxing.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import av
import pytest

from app.capture import AnswerRecorder, FileSource
from app.capture.finalize import RecordingNotFinalizable, finalize_answer, scan_webm
from app.media import FILE_SUFFIX, MediaNotFound, MediaRef
from app.workspace import Session
from tests.app.capture_clips import make_clip
from tests.app.interviews_support import decode

# What a plaintext WebM always holds: the EBML magic and its doctype.
PLAINTEXT_MARKERS = (b"\x1a\x45\xdf\xa3", b"webm")


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_clip(tmp_path_factory.mktemp("clips") / "answer.mkv", seconds=2.0, fps=15)


@pytest.fixture
def candidate(session: Session) -> int:
    return session.candidates.add("Test Candidate", {})


@pytest.fixture
def live(session: Session, candidate: int, clip: Path) -> MediaRef:
    """A freshly recorded answer: a live WebM with neither duration nor index."""
    recorder = AnswerRecorder(session.media, candidate, FileSource(clip, realtime=False))
    recorder.start()
    outcome = recorder.wait(30.0)
    assert outcome is not None and outcome.complete and outcome.ref is not None
    return outcome.ref


def _container_duration(session: Session, ref: MediaRef) -> float | None:
    with session.media.open(ref) as reader, av.open(reader) as container:
        return None if container.duration is None else container.duration / av.time_base


def _plaintext_files(roots: list[Path], since: float) -> list[str]:
    found = []
    temp = Path(tempfile.gettempdir())
    candidates = [p for root in roots for p in root.rglob("*") if p.is_file()]
    candidates += [p for p in temp.glob("*") if p.is_file() and p.stat().st_mtime >= since]
    for path in candidates:
        data = path.read_bytes()
        if any(marker in data for marker in PLAINTEXT_MARKERS):
            found.append(str(path))
    return found


def test_finalized_answer_has_a_duration_an_index_and_every_frame(
    session: Session, live: MediaRef
) -> None:
    assert _container_duration(session, live) is None  # what the recorder writes
    with session.media.open(live) as reader:
        live_frames, live_sound = decode(reader)
    committed: list[MediaRef] = []

    final = finalize_answer(session.media, live, commit=committed.append)

    assert committed == [final] and final.file_id != live.file_id
    assert final.kind == live.kind and final.candidate_id == live.candidate_id
    duration = _container_duration(session, final)
    assert duration is not None and duration == pytest.approx(2.0, abs=0.15)
    with session.media.open(final) as reader:
        assert scan_webm(reader).has_cues
        reader.seek(0)
        assert decode(reader) == (live_frames, pytest.approx(live_sound))
    assert live_frames == 30
    with pytest.raises(MediaNotFound):
        session.media.open(live)


def test_finalized_answer_seeks_to_a_keyframe_near_the_target(
    session: Session, live: MediaRef
) -> None:
    final = finalize_answer(session.media, live, commit=lambda _: None)
    with session.media.open(final) as reader, av.open(reader) as container:
        stream = container.streams.video[0]
        container.seek(round(1.9 / stream.time_base), stream=stream)
        first = next(container.decode(stream))
    assert first.time is not None and first.time <= 1.9


def test_no_plaintext_reaches_the_disk_during_or_after(
    session: Session, live: MediaRef, workspace_path: Path
) -> None:
    started = time.time() - 1
    during: list[list[str]] = []

    def commit(_: MediaRef) -> None:  # both files exist now: the riskiest moment
        during.append(_plaintext_files([workspace_path], started))

    finalize_answer(session.media, live, commit=commit)

    assert during == [[]]
    assert _plaintext_files([workspace_path], started) == []


def test_finalizing_again_changes_nothing(session: Session, live: MediaRef) -> None:
    final = finalize_answer(session.media, live, commit=lambda _: None)
    commits: list[MediaRef] = []

    assert finalize_answer(session.media, final, commit=commits.append) == final
    assert commits == []
    assert session.media.file_ids(final.candidate_id) == [final.file_id]


def test_a_recording_cut_short_is_refused_and_kept(
    session: Session, live: MediaRef, candidate: int
) -> None:
    cut = session.media.put_bytes(candidate, live.kind, session.media.read_bytes(live)[:-300])
    before = sorted(session.media.file_ids(candidate))
    commits: list[MediaRef] = []

    with pytest.raises(RecordingNotFinalizable, match="cut short") as refused:
        finalize_answer(session.media, cut, commit=commits.append)

    assert "kept" in refused.value.hint
    assert commits == [] and sorted(session.media.file_ids(candidate)) == before
    assert _container_duration(session, cut) is None  # still the live file, still readable


def test_an_interrupted_encrypted_file_is_refused_and_kept(
    session: Session, live: MediaRef, workspace_path: Path
) -> None:
    path = session.media.root / str(live.candidate_id) / f"{live.file_id}{FILE_SUFFIX}"
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])  # the final chunk never reached the disk

    with pytest.raises(RecordingNotFinalizable, match="interrupted"):
        finalize_answer(session.media, MediaRef(live.candidate_id, live.file_id, live.kind),
                        commit=lambda _: None)  # fmt: skip

    assert path.read_bytes() == data[: len(data) // 2]
    assert session.media.file_ids(live.candidate_id) == [live.file_id]


def test_a_failed_commit_removes_the_copy_and_keeps_the_live_file(
    session: Session, live: MediaRef
) -> None:
    def commit(_: MediaRef) -> None:
        raise RuntimeError("the database said no")

    with pytest.raises(RuntimeError, match="said no"):
        finalize_answer(session.media, live, commit=commit)

    assert session.media.file_ids(live.candidate_id) == [live.file_id]
    assert _container_duration(session, live) is None
    assert len(session.media.read_bytes(live)) == live.size


def test_a_recording_above_the_memory_limit_is_kept_as_it_is(
    session: Session, live: MediaRef
) -> None:
    commits: list[MediaRef] = []
    assert live.size is not None

    kept = finalize_answer(session.media, live, commit=commits.append, max_bytes=live.size - 1)

    assert kept == live and commits == []
    assert session.media.file_ids(live.candidate_id) == [live.file_id]
