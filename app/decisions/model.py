"""What the ratings and decisions API hands out: plain, frozen values."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

#: For the page that shows or records a decision: decisions are people's, not the software's.
HUMAN_DECISION_NOTICE = (
    "Every decision here is made and recorded by a person, named with it, and written "
    "to the audit log. Candor's ratings and analysis inform that person; Candor never "
    "decides."
)

MIN_STARS = 1
MAX_STARS = 5


class Outcome(StrEnum):
    ADVANCE = "advance"
    HOLD = "hold"
    DECLINE = "decline"


@dataclass(frozen=True)
class Rating:
    """A reviewer's current rating of one answer."""

    id: int
    candidate_id: int
    answer_key: str  # the analysis answer key, or an interview answer id as text
    reviewer: str
    stars: int  # 1..5
    comment: str
    rated_at: str


@dataclass(frozen=True)
class Decision:
    """A recruiter's decision about a candidate, for one role or in general (role_id None)."""

    id: int
    candidate_id: int
    role_id: int | None
    outcome: str  # an `Outcome` value: "advance", "hold" or "decline"
    reason: str
    decided_by: str
    decided_at: str
