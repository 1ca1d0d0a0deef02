"""Expected failures of interviews: each a `CandorError` with a plain message and a hint.

None carries candidate data: login codes, PINs and answers never appear here.
"""

from __future__ import annotations

import math

from analysis.errors import CandorError
from app.errors import InvalidInput


class QuestionSetInvalid(InvalidInput):
    """A question set (typed, or read from YAML) breaks a rule; nothing was saved."""

    def __init__(self, where: str, problem: str, hint: str = "") -> None:
        self.where = where
        self.problem = problem
        super().__init__(
            f"{where}: {problem}" if where else problem,
            f"{hint or 'Correct it and try again.'} Nothing was saved.",
        )


class QuestionSetNotFound(CandorError):
    def __init__(self, set_id: int) -> None:
        self.set_id = set_id
        super().__init__(
            f"Question set #{set_id} does not exist in this workspace.",
            "Refresh the list of question sets; it may have been deleted.",
        )


class QuestionSetInUse(CandorError):
    """Interviews refer to the set's questions, so the questions may no longer change."""

    def __init__(self, set_id: int, interviews: int) -> None:
        self.set_id = set_id
        noun = "interview uses" if interviews == 1 else "interviews use"
        super().__init__(
            f"Question set #{set_id} cannot be changed: {interviews} {noun} it, and their "
            "answers must keep meaning the questions that were asked.",
            "Duplicate the set and change the copy; new invitations can use the copy.",
        )


class InterviewNotFound(CandorError):
    def __init__(self, what: str) -> None:
        super().__init__(
            f"{what} does not exist in this workspace.",
            "Refresh the list; it may have been removed.",
        )


class InterviewClosed(CandorError):
    """The interview cannot be changed or opened in its present state."""

    def __init__(self, session_id: int, status: str) -> None:
        self.status = status
        super().__init__(
            f"Interview #{session_id} is {status.replace('_', ' ')}, so this is not possible.",
            "Invite the candidate to a new interview if they need another one.",
        )


class LoginCodeInvalid(CandorError):
    """Unknown, mistyped or already used: deliberately one message (codes are secrets)."""

    def __init__(self) -> None:
        super().__init__(
            "This login code is not valid. It may be mistyped or already used.",
            "Check the code (8 letters and digits) and type it again, or ask the recruiter "
            "for a new one.",
        )


class LoginCodeExpired(CandorError):
    def __init__(self) -> None:
        super().__init__(
            "This login code has expired.",
            "Ask the recruiter for a new invitation.",
        )


class TooManyKioskAttempts(CandorError):
    """The kiosk backs off after repeated wrong PINs or codes; `retry_after` in seconds."""

    def __init__(self, what: str, retry_after: float) -> None:
        self.retry_after = max(0.0, retry_after)
        seconds = max(1, math.ceil(self.retry_after))
        unit = "second" if seconds == 1 else "seconds"
        super().__init__(
            f"Too many wrong {what}s. Wait {seconds} {unit} before trying again.",
            "Each further wrong attempt doubles the wait. Ask the staff of this kiosk for help.",
        )


class WrongPin(CandorError):
    def __init__(self) -> None:
        super().__init__("The operator PIN is not correct.", "Type the PIN again.")


class PinNotSet(CandorError):
    def __init__(self) -> None:
        super().__init__(
            "No operator PIN has been set for this kiosk.",
            "An administrator sets it in Settings → Kiosk (or with `candor interview set-pin`).",
        )


class DeviceCheckNeeded(CandorError):
    def __init__(self, problems: str) -> None:
        super().__init__(
            f"The camera and microphone check did not pass: {problems}",
            "Fix the camera or microphone and run the check again.",
        )


class FlowError(RuntimeError):
    """A kiosk screen asked for a step the interview is not at: a bug in the caller."""
