"""Expected failures of the application core (workspace, keys, accounts, candidates).

Every class here is a `CandorError`: a plain-language `message` saying what
happened and a `hint` saying what to do. None of them ever carries candidate data
or a password, because both texts can reach logs.
"""

from __future__ import annotations

import math

from analysis.errors import CandorError

__all__ = [
    "AccountDisabled",
    "AutomatedAnalysisDeclined",
    "CandidateErased",
    "CandidateNotFound",
    "CandorError",
    "DiskFull",
    "InvalidInput",
    "NotAWorkspace",
    "PermissionDenied",
    "TooManyAttempts",
    "WorkspaceCorrupt",
    "WorkspaceExists",
    "WorkspaceLocked",
    "WorkspaceTooNew",
    "WrongCredentials",
]


class WrongCredentials(CandorError):
    """Unknown user, wrong password or empty password: deliberately one message.

    Saying which of the two was wrong would tell an attacker which names exist.
    """

    def __init__(self) -> None:
        super().__init__(
            "The user name or password is not correct.",
            "Check the user name and password and try again. "
            "An administrator can reset a forgotten password.",
        )


class AccountDisabled(CandorError):
    """The password was right but an administrator has disabled the account."""

    def __init__(self) -> None:
        super().__init__(
            "This account has been disabled.",
            "Ask an administrator of this workspace to re-enable it.",
        )


class TooManyAttempts(CandorError):
    """Sign-in is backing off after repeated failures; `retry_after` is in seconds."""

    def __init__(self, retry_after: float) -> None:
        self.retry_after = max(0.0, retry_after)
        seconds = max(1, math.ceil(self.retry_after))
        unit = "second" if seconds == 1 else "seconds"
        super().__init__(
            f"Too many failed sign-in attempts. Wait {seconds} {unit} before trying again.",
            "Each further wrong password doubles the wait (up to 30 seconds). "
            "An administrator can reset a forgotten password.",
        )


class NotAWorkspace(CandorError):
    """The folder (or file) is not a Candor workspace."""

    def __init__(self, where: str, reason: str = "") -> None:
        detail = f" ({reason})" if reason else ""
        super().__init__(
            f"{where} is not a Candor workspace{detail}.",
            "Choose the folder that was created by Candor as a workspace, "
            "or create a new workspace in an empty folder.",
        )


class WorkspaceTooNew(CandorError):
    """Made by a newer Candor: opening it here could damage it, so nothing is written."""

    def __init__(self, what: str, found: int, supported: int) -> None:
        self.found = found
        self.supported = supported
        super().__init__(
            f"This workspace was made by a newer version of Candor "
            f"({what} version {found}; this version understands up to {supported}).",
            "Update Candor to the newest version to open it. The workspace was not changed.",
        )


class WorkspaceCorrupt(CandorError):
    """The workspace's files exist but are damaged, truncated or unreadable."""

    def __init__(self, detail: str) -> None:
        super().__init__(
            f"The workspace is damaged and cannot be opened: {detail}.",
            "Restore the whole workspace folder from a backup. "
            "The damaged files were left as they are.",
        )


class WorkspaceExists(CandorError):
    """`create` was pointed at a folder that already holds a workspace."""

    def __init__(self, where: str) -> None:
        super().__init__(
            f"{where} already contains a Candor workspace.",
            "Open it instead, or choose an empty folder for the new workspace.",
        )


class WorkspaceLocked(CandorError):
    """Another process is writing to the workspace and did not let go in time."""

    def __init__(self) -> None:
        super().__init__(
            "The workspace is busy: another Candor window or command is using it.",
            "Wait for the other task to finish, or close the other Candor window, then retry.",
        )


class PermissionDenied(CandorError):
    """The signed-in user's role lacks the right to do this."""

    def __init__(self, action: str, role: str) -> None:
        self.action = action
        self.role = role
        super().__init__(
            f"Your role ({role}) is not allowed to {action}.",
            "Ask an administrator of this workspace if you need this.",
        )


class InvalidInput(CandorError):
    """A value given by the user breaks a rule; the message names the rule."""

    def __init__(self, message: str, hint: str = "Correct the value and try again.") -> None:
        super().__init__(message, hint)


class DiskFull(CandorError):
    """Writing failed because the disk holding the workspace is full."""

    def __init__(self) -> None:
        super().__init__(
            "The disk holding the workspace is full; the last change was not saved.",
            "Free some disk space, then repeat the last action.",
        )


class CandidateNotFound(CandorError):
    """No candidate with this id exists in the workspace."""

    def __init__(self, candidate_id: int) -> None:
        self.candidate_id = candidate_id
        super().__init__(
            f"Candidate #{candidate_id} does not exist in this workspace.",
            "Refresh the candidate list; it may have been removed by someone else.",
        )


class CandidateErased(CandorError):
    """The candidate was erased: their key is destroyed and their data is unrecoverable."""

    def __init__(self, candidate_id: int) -> None:
        self.candidate_id = candidate_id
        super().__init__(
            f"Candidate #{candidate_id} has been erased; their data can no longer be read.",
            "Erasure is permanent by design. Nothing can be recovered.",
        )


class AutomatedAnalysisDeclined(CandorError):
    """The candidate chose human-only review (objection, GDPR Art. 22, Illinois): no
    automated step may run on their data, whichever path asks."""

    def __init__(self, candidate_id: int) -> None:
        self.candidate_id = candidate_id
        super().__init__(
            f"Candidate #{candidate_id} declined automated analysis: a person reviews "
            "their recorded answers.",
            "Review the recordings and rate them by hand. An administrator or recruiter can "
            "lift the restriction only if the candidate asks (candor human-only clear).",
        )


class CandidateOnLegalHold(CandorError):
    """The candidate is on legal hold: their data must be kept, so erasure is refused."""

    def __init__(self, candidate_id: int) -> None:
        self.candidate_id = candidate_id
        super().__init__(
            f"Candidate #{candidate_id} is on legal hold; their data cannot be erased.",
            "If the reason for the hold has ended, an administrator releases it first "
            "(candor retention release, see its --help), then erases again.",
        )


class OutputNotWritable(CandorError):
    """Candor cannot write an export into the folder the user chose."""

    def __init__(self, folder: str) -> None:
        super().__init__(
            f"Candor cannot write to the folder {folder}; nothing was written there.",
            "Choose a folder you may write to with enough free space (for example one in "
            "your home folder).",
        )
