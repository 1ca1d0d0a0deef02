"""The expected failures of video observations, each with a message and a hint for the user."""

from __future__ import annotations

from analysis.errors import CandorError


class VideoUnavailable(CandorError):
    """A recording has no picture, or cannot be read (missing, damaged, unknown format)."""


class ImageUnreadable(CandorError):
    """A still picture (a check-in photo) cannot be decoded."""


class ConsentRequired(CandorError):
    """A face template was asked for without the consent (or waiver) the policy requires."""

    def __init__(self) -> None:
        super().__init__(
            "Identity checks need the candidate's consent, which has not been recorded.",
            "Ask the candidate to accept the identity check at check-in, or leave identity "
            "checks off for this interview.",
        )


class NoUsableFace(CandorError):
    """The check-in picture has no face clear and large enough to serve as the reference."""


class ExpressionAnalysisForbidden(CandorError):
    """Facial-expression analysis was asked for where the workspace policy does not allow it."""

    def __init__(self) -> None:
        super().__init__(
            "Facial-expression analysis is not allowed under this workspace's policy.",
            "It stays off. An administrator can only enable it under a policy where the law "
            "permits emotion inference (it is never allowed under the EU policy).",
        )
