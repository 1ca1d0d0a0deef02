"""One-way video interviews: question sets, invitations, the kiosk flow, recording.

`session.interviews` (an `InterviewService`) is the entry point; the kiosk
screens work on the `KioskSession` that `open_kiosk_session(code)` returns.
`app.interviews.kiosk` (which imports capture: PyAV, OpenCV) is loaded only then.
"""

from app.interviews.banks import QuestionBank, list_banks, load_bank
from app.interviews.errors import (
    DeviceCheckNeeded,
    FlowError,
    InterviewClosed,
    InterviewNotFound,
    LoginCodeExpired,
    LoginCodeInvalid,
    PinNotSet,
    QuestionSetInUse,
    QuestionSetInvalid,
    QuestionSetNotFound,
    TooManyKioskAttempts,
    WrongPin,
)
from app.interviews.kiosk_types import (
    DeviceCheck,
    IdentityConsentRequest,
    KioskStep,
    Notice,
    QuestionView,
    SavedAnswer,
    TakeResult,
)
from app.interviews.model import (
    AnswerTake,
    ConsentDecision,
    ConsentKind,
    ConsentMethod,
    ConsentRecord,
    ExpiredMedia,
    InterviewStatus,
    InterviewSummary,
    Invitation,
    PracticeSettings,
    Question,
    QuestionDraft,
    QuestionSet,
    QuestionSetDraft,
    QuestionSetSummary,
    TakeStatus,
)
from app.interviews.question_sets import QuestionSetRepo
from app.interviews.question_yaml import parse_yaml, to_yaml
from app.interviews.retention import expired_media
from app.interviews.service import InterviewService

__all__ = [
    "AnswerTake",
    "ConsentDecision",
    "ConsentKind",
    "ConsentMethod",
    "ConsentRecord",
    "DeviceCheck",
    "DeviceCheckNeeded",
    "ExpiredMedia",
    "FlowError",
    "IdentityConsentRequest",
    "InterviewClosed",
    "InterviewNotFound",
    "InterviewService",
    "InterviewStatus",
    "InterviewSummary",
    "Invitation",
    "KioskStep",
    "LoginCodeExpired",
    "LoginCodeInvalid",
    "Notice",
    "PinNotSet",
    "PracticeSettings",
    "Question",
    "QuestionBank",
    "QuestionDraft",
    "QuestionSet",
    "QuestionSetDraft",
    "QuestionSetInUse",
    "QuestionSetInvalid",
    "QuestionSetNotFound",
    "QuestionSetRepo",
    "QuestionSetSummary",
    "QuestionView",
    "SavedAnswer",
    "TakeResult",
    "TakeStatus",
    "TooManyKioskAttempts",
    "WrongPin",
    "expired_media",
    "list_banks",
    "load_bank",
    "parse_yaml",
    "to_yaml",
]
