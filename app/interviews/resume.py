"""Rules shared by the kiosk flow and the service: where an interview resumes, what a
take counts for, and whether a face template may be built."""

from __future__ import annotations

from collections.abc import Sequence

from app.interviews.model import (
    AnswerTake,
    ConsentDecision,
    ConsentKind,
    Question,
    TakeStatus,
)
from app.interviews.store import InterviewStore
from app.policy import Policy

INTERRUPTED_REASON = "interrupted"  # app.capture.IncompleteReason.INTERRUPTED


def count_complete(takes: Sequence[AnswerTake]) -> int:
    """Takes that count against the retakes allowed: complete ones (replaced or not).

    A take cut short by a fault (camera lost, disk full, a crash) does not count:
    the candidate did not get the answer they were entitled to.
    """
    return sum(1 for t in takes if t.status is TakeStatus.COMPLETE)


def resume_index(questions: Sequence[Question], takes: Sequence[AnswerTake]) -> int | None:
    """The first question with no take, or whose latest take a crash cut off; None if none."""
    for index, question in enumerate(questions):
        own = [t for t in takes if t.question_id == question.id]
        if not own:
            return index
        latest = max(own, key=lambda t: t.take)
        if latest.status is TakeStatus.RECORDING or latest.reason == INTERRUPTED_REASON:
            return index
    return None


def consent_identity_allowed(policy: Policy, store: InterviewStore, session_id: int) -> bool:
    """Face identity templates: allowed by the policy, after recording consent, and after
    the identity consent (or waiver) when the policy asks for one."""
    if not policy.allows("face_identity"):
        return False
    recording = store.latest_consent(session_id, ConsentKind.RECORDING)
    if recording is None or recording.decision is not ConsentDecision.GIVEN:
        return False
    if policy.identity_consent == "none":
        return True
    identity = store.latest_consent(session_id, ConsentKind.IDENTITY_TEMPLATE)
    return identity is not None and identity.decision is ConsentDecision.GIVEN
