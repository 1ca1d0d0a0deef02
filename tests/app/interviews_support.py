"""Shared helpers of the interview tests: users of each role, a question set, a clip.

The clip is written with PyAV: a moving square over a gradient (MPEG-4 Part 2)
and a 440 Hz tone (PCM) in Matroska, small enough to record in a blink.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import numpy as np

from app.accounts import Role
from app.capture import CaptureSource
from app.interviews import KioskStep, QuestionDraft, QuestionSetDraft
from app.interviews.kiosk import KioskSession
from app.keys import KdfParams
from app.workspace import Session, Workspace

from .conftest import ADMIN, ADMIN_PASSWORD

PASSWORD = "a long enough password"
RECRUITER = "rita"
KIOSK = "kiosk-1"
REVIEWER = "rob"


def add_users(admin: Session) -> None:
    admin.users.add(RECRUITER, Role.RECRUITER, PASSWORD)
    admin.users.add(KIOSK, Role.KIOSK, PASSWORD)
    admin.users.add(REVIEWER, Role.REVIEWER, PASSWORD)


def sign_in(path: Path, name: str) -> Session:
    return Workspace.open(path, name, ADMIN_PASSWORD if name == ADMIN else PASSWORD)


def new_workspace(path: Path, policy_id: str = "general") -> Session:
    session = Workspace.create(
        path, ADMIN, ADMIN_PASSWORD, policy_id, kdf=KdfParams.insecure_fast()
    )
    add_users(session)
    return session


def two_questions(*, retakes: int = 1, practice: bool = False) -> QuestionSetDraft:
    from app.interviews import PracticeSettings

    return QuestionSetDraft(
        name="Nurse screening",
        questions=(
            QuestionDraft(
                "Tell us about a time a patient's condition got worse.",
                intro="No names, please.",
                think_seconds=20,
                answer_seconds=90,
                retakes=retakes,
                key_points=("early warning signs", "escalation"),
            ),
            QuestionDraft(
                "How do you prioritise?", think_seconds=10, answer_seconds=60, retakes=retakes
            ),
        ),
        practice=PracticeSettings(enabled=practice),
    )


def make_clip(
    path: Path,
    seconds: float = 1.0,
    fps: int = 15,
    size: tuple[int, int] = (160, 120),
    *,
    noise: bool = False,
) -> Path:
    """`noise` fills the pictures with random dots, which no encoder can squeeze: the
    recording then grows fast (what a crash test needs to have data on disk)."""
    width, height = size
    rate = 48_000
    random = np.random.default_rng(7)
    with av.open(str(path), mode="w") as out:
        video = out.add_stream("mpeg4", rate=fps)
        video.width, video.height, video.pix_fmt = width, height, "yuv420p"
        video.bit_rate = 4_000_000
        sound = out.add_stream("pcm_s16le", rate=rate, layout="mono")
        rows, cols = np.mgrid[0:height, 0:width]
        for index in range(round(seconds * fps)):
            image = np.empty((height, width, 3), np.uint8)
            image[..., 0] = cols * 255 // width
            image[..., 1] = rows * 255 // height
            image[..., 2] = 60
            left = (index * 4) % (width - 20)
            image[50:70, left : left + 20] = 255
            if noise:
                image[::2, ::2] = random.integers(0, 256, image[::2, ::2].shape, dtype=np.uint8)
            frame = av.VideoFrame.from_ndarray(image, format="bgr24")
            frame.pts, frame.time_base = index, Fraction(1, fps)
            out.mux(video.encode(frame))
        out.mux(video.encode(None))
        t = np.arange(round(seconds * rate)) / rate
        pcm = (0.4 * np.sin(2 * np.pi * 440.0 * t) * 32767).astype(np.int16)
        for start in range(0, len(pcm), 1024):
            block = pcm[start : start + 1024].reshape(1, -1)
            frame = av.AudioFrame.from_ndarray(block, format="s16", layout="mono")
            frame.sample_rate = rate
            frame.pts, frame.time_base = start, Fraction(1, rate)
            out.mux(sound.encode(frame))
        out.mux(sound.encode(None))
    return path


def decode(reader: object) -> tuple[int, float]:
    """(video frames, seconds of sound) decoded from a (decrypting) file object."""
    frames, sound = 0, 0.0
    with av.open(reader, mode="r") as container:
        for frame in container.decode(*container.streams.video, *container.streams.audio):
            if isinstance(frame, av.VideoFrame):
                frames += 1
            elif isinstance(frame, av.AudioFrame):
                sound += frame.samples / frame.sample_rate
    return frames, sound


def to_first_question(kiosk: KioskSession, source: CaptureSource) -> None:
    """Welcome -> notice -> consent (-> identity consent) -> device check -> question 1."""
    kiosk.begin()
    kiosk.acknowledge_notice()
    kiosk.give_consent()
    if kiosk.step is KioskStep.IDENTITY_CONSENT:
        kiosk.give_identity_consent()
    check = kiosk.check_devices(source)
    assert check.ok, check.problems
    kiosk.confirm_devices()
    if kiosk.step is KioskStep.PRACTICE:
        kiosk.skip_practice()
    assert kiosk.step is KioskStep.THINK
