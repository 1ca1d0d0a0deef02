"""The error vocabulary shared by every layer.

Two kinds of failure exist in Candor (see STYLE.md): *expected* ones, which are
subclasses of `CandorError` and become a clear message for the user, and bugs,
which are any other exception and reach the crash dialog. A user's cancel is
its own exception (`Cancelled`) and is never shown as an error.
"""

from __future__ import annotations


class CandorError(Exception):
    """An expected failure with a message meant for the user.

    `message` says what happened in plain words; `hint` says what to do about it.
    Neither may contain candidate data: both can reach logs.
    """

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def user_text(self) -> str:
        return f"{self.message}\n{self.hint}" if self.hint else self.message


class Cancelled(Exception):  # a signal, not an error: no "Error" suffix
    """Raised inside a job when the user asked it to stop. Silent by design."""


class ModelUnavailable(CandorError):
    """A capability's model file is missing or corrupt; that capability is off."""

    def __init__(self, capability: str, message: str, hint: str) -> None:
        super().__init__(message, hint)
        self.capability = capability
