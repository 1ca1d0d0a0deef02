"""Retention of interview recordings: which answers the policy says must go.

Only the list; the deletion job comes later. An answer's age counts from when
its recording ended (or started, for one that never ended).
"""

from __future__ import annotations

from app.accounts import iso_utc
from app.interviews.model import ExpiredMedia
from app.interviews.store import InterviewStore
from app.policy import Policy, PolicyError
from app.storage.db import Database

RETENTION_KEY = "interview_media"
_DAY_S = 86_400


def expired_media(db: Database, policy: Policy, now: float) -> list[ExpiredMedia]:
    """Kept answer recordings older than `policy.retention_days["interview_media"]` at `now`
    (epoch seconds)."""
    days = policy.retention_days.get(RETENTION_KEY)
    if days is None:
        raise PolicyError(
            f"The policy {policy.id!r} sets no retention period for interview recordings.",
            f"Add '{RETENTION_KEY}' to its retention_days.",
        )
    cutoff = iso_utc(now - days * _DAY_S)
    return [
        ExpiredMedia(
            take.id, take.session_id, candidate_id, take.ended_at or take.started_at, take.ref
        )
        for take, candidate_id in InterviewStore(db).answers_ended_before(cutoff)
        if take.ref is not None
    ]
