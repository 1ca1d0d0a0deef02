"""What the kiosk screens show: the steps of the flow and the plain values behind each screen."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from app.interviews.model import TakeStatus
from app.media import MediaRef


class KioskStep(StrEnum):
    """Where the candidate is. Order of a full interview::

    WELCOME -> NOTICE -> CONSENT -> [IDENTITY_CONSENT] -> [SELF_IDENTIFICATION]
      -> DEVICE_CHECK -> [PRACTICE]
      -> (THINK -> RECORDING -> ANSWERED [-> retake: THINK ...]) per question -> THANK_YOU

    DECLINED ends the flow when the candidate refuses the recording. A candidate who
    chooses human-only review at CONSENT is not asked for a face template (nothing
    automated runs on their answers). SELF_IDENTIFICATION is shown when the policy
    says so, once, in the sitting where the candidate consented.
    A resumed interview goes WELCOME -> DEVICE_CHECK -> the question it stopped at.
    """

    WELCOME = "welcome"
    NOTICE = "notice"
    CONSENT = "consent"
    IDENTITY_CONSENT = "identity_consent"
    SELF_IDENTIFICATION = "self_identification"
    DEVICE_CHECK = "device_check"
    PRACTICE = "practice"
    THINK = "think"
    RECORDING = "recording"
    ANSWERED = "answered"
    THANK_YOU = "thank_you"
    DECLINED = "declined"


IDENTITY_CONSENT_TEXT = (
    "To check that the same person answers every question, Candor can build a "
    "biometric template of your face from the recording. It is kept encrypted on this "
    "computer and deleted with your recordings. This is optional: if you say no, the "
    "interview continues without it."
)
IDENTITY_WAIVER_TEXT = (
    "Written release: I agree that a biometric template of my face (face geometry) is "
    "built from my recordings, only to check that the same person answers every "
    "question, kept encrypted on this computer and destroyed with my recordings. This "
    "is optional: if I do not sign, the interview continues without it."
)

HUMAN_ONLY_CHOICE = "A person reviews my recorded answers; no automated analysis"
HUMAN_ONLY_TEXT = (
    "Or agree to the recording but with no automated analysis of your answers: they are "
    "still recorded, and a person watches and rates them. This choice does not count "
    "against you."
)
SELF_IDENTIFICATION_TEXT = (
    "Optional and voluntary: to check that this hiring process treats everyone fairly, "
    "you may tell us your sex and race/ethnicity. Your answers are kept apart from your "
    "interview, encrypted, and used only for a statistical fairness audit. The people "
    "who review your interview never see them and they are never part of any score. "
    "You may choose “Prefer not to say”, or skip this page."
)


@dataclass(frozen=True)
class Notice:
    """The policy's notice (retention periods filled in) and the consent asked after it."""

    policy_name: str
    version: int
    text: str
    consent_text: str


@dataclass(frozen=True)
class IdentityConsentRequest:
    """`rule` is the policy's "explicit_consent" or "signed_waiver"."""

    rule: str
    text: str


@dataclass(frozen=True)
class QuestionView:
    """The question on screen. Times include the candidate's extra time.

    `index` is 0-based among `count` questions (-1 for the practice question);
    `take` is the take about to be (or being, or just) recorded; `retakes_left`
    counts further takes allowed after it.
    """

    index: int
    count: int
    text: str
    intro: str
    think_seconds: int
    answer_seconds: int
    take: int
    retakes_left: int
    practice: bool


@dataclass(frozen=True)
class DeviceCheck:
    """The result of sampling the camera and microphone for a moment.

    `problems` block the interview (no pictures, no sound); `warnings` do not
    (e.g. the microphone hears only silence). `sound_level` is the peak, 0..1.
    """

    ok: bool
    video_size: tuple[int, int] | None
    frames: int
    audio_seconds: float
    sound_level: float
    problems: tuple[str, ...]
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class TakeResult:
    """What one recorded take became. `answer_id` is None for the practice question.

    `message` is for the candidate/operator ("" when complete); `can_retake`
    says whether `retake()` is allowed now; `kept` is True when this take is the
    one that counts for its question (False for the practice question, when
    nothing was saved, or when a fault cut it short and an earlier complete take
    stays).
    """

    answer_id: int | None
    question_index: int
    take: int
    status: TakeStatus
    reason: str | None
    duration_s: float
    message: str
    can_retake: bool
    practice: bool
    kept: bool


@dataclass(frozen=True)
class SavedAnswer:
    """The take that counts for a question, once the candidate has moved on from it.

    What analysis needs of it: the question (text, key points, place in the interview)
    and the stored recording. `position` is the question's 0-based place in its set.
    """

    answer_id: int
    session_id: int
    candidate_id: int
    position: int
    question: str
    key_points: tuple[str, ...]
    ref: MediaRef
    status: TakeStatus
    duration_s: float
