"""Reviewers' ratings of interview answers and recruiters' decisions (`session.decisions`).

A decision is always a person's: it names who made it, needs a reason, is kept
forever (append-only) and is audit-logged. Show `HUMAN_DECISION_NOTICE` where
decisions are shown or made.
"""

from app.decisions.model import (
    HUMAN_DECISION_NOTICE,
    MAX_STARS,
    MIN_STARS,
    Decision,
    Outcome,
    Rating,
)
from app.decisions.service import DecisionService

__all__ = [
    "HUMAN_DECISION_NOTICE",
    "MAX_STARS",
    "MIN_STARS",
    "Decision",
    "DecisionService",
    "Outcome",
    "Rating",
]
