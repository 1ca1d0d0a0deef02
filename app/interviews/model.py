"""The plain data of interviews: question sets, invitations, consents and answer takes."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from app.media import MediaRef

DEFAULT_PRACTICE_TEXT = (
    "This is a practice question, so you can get used to the camera and the timer. "
    "Tell us what you enjoy doing on a free afternoon. This answer is not saved."
)


class InterviewStatus(StrEnum):
    INVITED = "invited"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    DECLINED = "declined"
    EXPIRED = "expired"


class TakeStatus(StrEnum):
    RECORDING = "recording"  # the row exists before the first frame: a crash leaves this
    COMPLETE = "complete"
    INCOMPLETE = "incomplete"


class ConsentKind(StrEnum):
    RECORDING = "recording"
    IDENTITY_TEMPLATE = "identity_template"
    AUTOMATED_ANALYSIS = "automated_analysis"
    """Recorded only when declined: the kiosk's human-only review choice (see m006)."""


class ConsentDecision(StrEnum):
    GIVEN = "given"
    DECLINED = "declined"


class ConsentMethod(StrEnum):
    CLICK = "click"
    SIGNED_WAIVER = "signed_waiver"


TIME_LIMIT_REASON = "time_limit"
"""`reason` of a complete take that the answer time limit ended."""


@dataclass(frozen=True)
class QuestionDraft:
    """A question as the recruiter writes it (and as YAML holds it).

    `think_seconds`: shown before recording starts; `answer_seconds`: the
    recording's limit; `retakes`: further takes allowed after the first;
    `key_points`: what the recruiter hopes to hear (used by answer assessment).
    """

    text: str
    intro: str = ""
    think_seconds: int = 30
    answer_seconds: int = 120
    retakes: int = 1
    key_points: tuple[str, ...] = ()


@dataclass(frozen=True)
class PracticeSettings:
    """The optional practice question: recorded to scratch and never stored."""

    enabled: bool = False
    text: str = DEFAULT_PRACTICE_TEXT
    think_seconds: int = 10
    answer_seconds: int = 30


@dataclass(frozen=True)
class QuestionSetDraft:
    name: str
    questions: tuple[QuestionDraft, ...]
    description: str = ""
    practice: PracticeSettings = field(default_factory=PracticeSettings)


@dataclass(frozen=True)
class Question:
    id: int
    question_set_id: int
    position: int  # 0-based order in the set
    text: str
    intro: str
    think_seconds: int
    answer_seconds: int
    retakes: int
    key_points: tuple[str, ...]

    def draft(self) -> QuestionDraft:
        return QuestionDraft(
            self.text,
            self.intro,
            self.think_seconds,
            self.answer_seconds,
            self.retakes,
            self.key_points,
        )


@dataclass(frozen=True)
class QuestionSet:
    id: int
    name: str
    description: str
    role_id: int | None
    practice: PracticeSettings
    questions: tuple[Question, ...]
    created_by: str
    created_at: str
    updated_at: str
    interviews: int  # how many interviews use it; > 0 freezes its questions

    def draft(self) -> QuestionSetDraft:
        return QuestionSetDraft(
            self.name, tuple(q.draft() for q in self.questions), self.description, self.practice
        )


@dataclass(frozen=True)
class QuestionSetSummary:
    id: int
    name: str
    role_id: int | None
    questions: int
    interviews: int
    updated_at: str


@dataclass(frozen=True)
class Invitation:
    """What `invite` returns once: the login code is never stored, only its hash."""

    session_id: int
    code: str  # formatted for reading out, e.g. "K7PX-M3QA"
    expires_at: str


@dataclass(frozen=True)
class InterviewSummary:
    id: int
    candidate_id: int
    role_id: int | None
    question_set_id: int
    status: InterviewStatus  # an invitation past its expiry reads as EXPIRED
    expires_at: str
    extra_time_s: int
    created_by: str
    created_at: str
    started_at: str | None
    ended_at: str | None
    questions: int
    answered: int  # questions with a kept take


@dataclass(frozen=True)
class ConsentRecord:
    kind: ConsentKind
    decision: ConsentDecision
    method: ConsentMethod
    policy_id: str
    notice_version: int
    at: str
    evidence: MediaRef | None = None  # the signed waiver document, encrypted


@dataclass(frozen=True)
class AnswerTake:
    """One take of one question. `ref` is None once replaced, or if nothing was saved."""

    id: int
    session_id: int
    question_id: int
    take: int
    status: TakeStatus
    reason: str | None
    duration_s: float
    started_at: str
    ended_at: str | None
    replaced_by: int | None
    ref: MediaRef | None

    @property
    def kept(self) -> bool:
        """The take that counts for its question: not replaced, and a recording exists."""
        return self.replaced_by is None and self.ref is not None


@dataclass(frozen=True)
class ExpiredMedia:
    """An answer recording older than the policy's retention period."""

    answer_id: int
    session_id: int
    candidate_id: int
    ended_at: str
    ref: MediaRef
