"""Expected failures of resume screening. Messages hold ids only, never candidate data."""

from __future__ import annotations

from analysis.errors import CandorError


class RoleNotFound(CandorError):
    def __init__(self, role_id: int, version: int | None = None) -> None:
        self.role_id = role_id
        what = f"Role #{role_id}" if version is None else f"Version {version} of role #{role_id}"
        super().__init__(
            f"{what} does not exist in this workspace.",
            "Refresh the list of roles; it may have been removed.",
        )


class StoredCriteriaInvalid(CandorError):
    """Saved criteria no longer validate (e.g. the installed skills taxonomy changed)."""

    def __init__(self, role_id: int, version: int, cause: CandorError) -> None:
        super().__init__(
            f"The saved criteria of role #{role_id} (version {version}) are no longer valid: "
            f"{cause.message}",
            "Open the role, correct its criteria and save them as a new version.",
        )


class CandidateNotInRole(CandorError):
    def __init__(self, role_id: int, candidate_id: int) -> None:
        super().__init__(
            f"Candidate #{candidate_id} was not imported for role #{role_id}.",
            "Refresh the candidate list.",
        )


class ResumeMissing(CandorError):
    def __init__(self, candidate_id: int) -> None:
        super().__init__(
            f"Candidate #{candidate_id} has no imported resume.",
            "Import the candidate's resume file first.",
        )
