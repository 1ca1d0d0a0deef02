"""Shared pieces of the Interviews page tests: a candidate, a question set, a recorded
interview (through the real kiosk flow), and a file chooser that answers at once.

Every person here is made up.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from app.accounts import Role
from app.capture import FileSource, RecordingSettings
from app.capture.finalize import finalize_answer
from app.interviews import KioskStep, QuestionDraft, QuestionSet, QuestionSetDraft
from app.interviews.store import InterviewStore
from app.workspace import Session, Workspace
from tests.app.interviews_support import make_clip, to_first_question

from .conftest import PASSWORD

KIOSK_USER = "kiosk-1"
REVIEWER = "rob"
USER_PASSWORD = "a long enough password"
Chosen = Callable[[list[Path]], None]


class InstantChooser:
    """Stands in for `FileChooser`: answers every dialog at once with `paths`."""

    def __init__(self, paths: list[Path]) -> None:
        self.paths = paths
        self.asked: list[str] = []

    def open_file(self, parent: object, caption: str, name_filter: str, chosen: Chosen) -> None:
        self.asked.append(caption)
        chosen(self.paths)

    def save_file(
        self, parent: object, caption: str, name_filter: str, suggested: str, chosen: Chosen
    ) -> None:
        self.asked.append(f"{caption}: {suggested}")
        chosen(self.paths)


def add_candidate(session: Session, name: str = "Ines Calado") -> int:
    return session.candidates.add(name, {})


def nurse_set(session: Session) -> QuestionSet:
    return session.interviews.question_sets.create(
        QuestionSetDraft(
            "Ward nurse",
            (
                QuestionDraft(
                    "Tell us about a time a patient's condition got worse.",
                    think_seconds=20,
                    answer_seconds=90,
                    key_points=("early warning signs", "escalation"),
                ),
                QuestionDraft("How do you prioritise a busy shift?", answer_seconds=60),
                QuestionDraft("Why this ward?", retakes=0),
            ),
        )
    )


def add_users(session: Session) -> None:
    session.users.add(KIOSK_USER, Role.KIOSK, USER_PASSWORD)
    session.users.add(REVIEWER, Role.REVIEWER, USER_PASSWORD)


def sign_in(path: Path, name: str) -> Session:
    return Workspace.open(path, name, PASSWORD if name == "admin" else USER_PASSWORD)


def record_interview(
    session: Session, workspace: Path, clip_dir: Path, *, answers: int = 2, finalize: bool = True
) -> tuple[int, list[int]]:
    """Invite a candidate and record `answers` answers on the kiosk (a file for the camera).

    Returns (interview id, answer ids). With `finalize`, each answer is made seekable
    and its row updated, as the kiosk does once an answer is stored.
    """
    if not any(u.name == KIOSK_USER for u in session.users.list()):
        add_users(session)
    candidate = add_candidate(session)
    question_set = nurse_set(session)
    invitation = session.interviews.invite(candidate, question_set.id)
    clip_dir.mkdir(parents=True, exist_ok=True)
    clip = make_clip(clip_dir / "answer.mkv", seconds=2.0)
    source = FileSource(clip, realtime=False)
    recorded: list[int] = []
    with sign_in(workspace, KIOSK_USER) as kiosk_session:
        kiosk = kiosk_session.interviews.open_kiosk_session(
            invitation.code, recording=RecordingSettings()
        )
        to_first_question(kiosk, source)
        for number in range(answers):
            kiosk.start_recording()
            deadline = time.monotonic() + 30
            while kiosk.recording and time.monotonic() < deadline:
                time.sleep(0.02)  # a file source ends by itself, in a fraction of a second
            result = kiosk.finish_recording()
            assert result.answer_id is not None and result.kept
            recorded.append(result.answer_id)
            if number < answers - 1:
                kiosk.next_question()
                assert kiosk.step is KioskStep.THINK
        kiosk.close()
    if finalize:
        for answer_id in recorded:
            finalize_take(session, answer_id)
    return invitation.session_id, recorded


def finalize_take(session: Session, answer_id: int) -> None:
    store = InterviewStore(session.db)
    take = store.take(answer_id)
    assert take.ref is not None

    def commit(new_ref: object) -> None:
        with session.db.transaction():
            store.finish_take(
                answer_id, take.status, take.reason, take.duration_s, new_ref, take.ended_at or ""
            )  # type: ignore[arg-type]

    finalize_answer(session.media, take.ref, commit=commit)
