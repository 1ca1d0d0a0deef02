"""A kiosk process killed (SIGKILL) in the middle of an answer: on reopening, the answer is
recovered up to what reached the disk and the interview resumes at that question."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from app.capture import FileSource
from app.interviews import InterviewStatus, KioskStep, TakeStatus
from app.media import FILE_SUFFIX

from .interviews_support import (
    KIOSK,
    PASSWORD,
    RECRUITER,
    decode,
    make_clip,
    new_workspace,
    sign_in,
    two_questions,
)

ROOT = Path(__file__).resolve().parents[2]

# The kiosk: answers question 1 from a short clip read at full speed, then starts
# question 2 from a long clip paced like a camera, and says so.
_KIOSK_PROCESS = r"""
import sys, threading
from pathlib import Path
from app.capture import FileSource
from app.workspace import Workspace

path, code, short_clip, long_clip, password = sys.argv[1:6]

class Sources:
    # The device check and answer 1 read the short clip; answer 2 the long, paced one.
    def __init__(self):
        fast = FileSource(Path(short_clip), realtime=False)
        self._order = [fast, fast, FileSource(Path(long_clip), realtime=True)]
        self._used = 0
    def _upcoming(self):
        return self._order[min(self._used, 2)]
    video_size = property(lambda self: self._upcoming().video_size)
    has_audio = property(lambda self: self._upcoming().has_audio)
    live = property(lambda self: self._upcoming().live)
    def items(self, stop):
        source = self._upcoming()
        self._used += 1
        return source.items(stop)
    def close(self):
        pass

session = Workspace.open(Path(path), "kiosk-1", password)
kiosk = session.interviews.open_kiosk_session(code)
kiosk.begin(); kiosk.acknowledge_notice(); kiosk.give_consent(); kiosk.give_identity_consent()
assert kiosk.check_devices(Sources()).ok
kiosk.confirm_devices()
ended = threading.Event()
kiosk.start_recording(on_ended=ended.set)
assert ended.wait(30)
kiosk.finish_recording()
kiosk.next_question()
kiosk.start_recording()
print("RECORDING", flush=True)
threading.Event().wait(60)
"""


def wait_until_recorded(folder: Path, size: int, timeout: float) -> None:
    """Until a file in `folder` holds `size` bytes (only answer 2's grows that large)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(p.stat().st_size >= size for p in folder.glob(f"*{FILE_SUFFIX}")):
            return
        time.sleep(0.05)
    raise AssertionError("the recording did not reach the disk in time")


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_killed_mid_answer_is_recovered_and_resumes_at_that_question(tmp_path: Path) -> None:
    short_clip = make_clip(tmp_path / "short.mkv", seconds=1.0)
    long_clip = make_clip(tmp_path / "long.mkv", seconds=8.0, size=(320, 240), noise=True)
    path = tmp_path / "ws"
    new_workspace(path).close()
    with sign_in(path, RECRUITER) as recruiter:
        question_set = recruiter.interviews.question_sets.create(two_questions())
        candidate = recruiter.candidates.add("Ada Lovelace", {})
        invitation = recruiter.interviews.invite(candidate, question_set.id)
    media_folder = path / "media" / str(candidate)

    child = subprocess.Popen(
        [sys.executable, "-c", _KIOSK_PROCESS, str(path), invitation.code, str(short_clip),
         str(long_clip), PASSWORD],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert child.stdout is not None
        line = child.stdout.readline()
        assert line.strip() == "RECORDING", child.stderr.read() if child.stderr else ""
        wait_until_recorded(media_folder, 3 * 64 * 1024, 20)
        os.kill(child.pid, signal.SIGKILL)
        child.wait(10)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(10)
        for stream in (child.stdout, child.stderr):
            if stream is not None:
                stream.close()
    assert child.returncode == -signal.SIGKILL

    with sign_in(path, KIOSK) as kiosk_session:
        (recovered,) = kiosk_session.interviews.recover_interrupted(invitation.session_id)
        assert (recovered.status, recovered.reason) == (TakeStatus.INCOMPLETE, "interrupted")
        assert recovered.ref is not None and recovered.duration_s > 0.3
        assert recovered.question_id == question_set.questions[1].id
        assert kiosk_session.interviews.recover_interrupted(invitation.session_id) == []

    with sign_in(path, RECRUITER) as recruiter:
        with recruiter.interviews.answer_reader(recovered.id) as reader:
            frames, _ = decode(reader)
        assert frames > 5
        assert recruiter.interviews.get(invitation.session_id).status is (
            InterviewStatus.IN_PROGRESS
        )
        resume = recruiter.interviews.reissue_code(invitation.session_id)
        assert recruiter.audit.verify().ok

    with sign_in(path, KIOSK) as kiosk_session:
        kiosk = kiosk_session.interviews.open_kiosk_session(resume.code)
        assert kiosk.resume_point() == 1
        kiosk.begin()
        assert kiosk.step is KioskStep.DEVICE_CHECK  # consent was given before the crash
        assert kiosk.check_devices(FileSource(short_clip, realtime=False)).ok
        kiosk.confirm_devices()
        view = kiosk.current_question()
        assert (view.index, view.take) == (1, 2)
        ended = threading.Event()
        kiosk.start_recording(on_ended=ended.set)
        assert ended.wait(30)
        assert kiosk.finish_recording().status is TakeStatus.COMPLETE
        kiosk.next_question()
        assert kiosk.step is KioskStep.THANK_YOU

    with sign_in(path, RECRUITER) as recruiter:
        kept = recruiter.interviews.answers(invitation.session_id)
        assert [(a.question_id, a.take, a.status) for a in kept] == [
            (question_set.questions[0].id, 1, TakeStatus.COMPLETE),
            (question_set.questions[1].id, 2, TakeStatus.COMPLETE),
        ]
        assert recruiter.interviews.get(invitation.session_id).status is InterviewStatus.COMPLETED
