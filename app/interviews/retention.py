"""Retention of interview recordings: which answers the policy says must go, and
dropping them (the sweep is `app.compliance.retention`).

An answer's age counts from when its recording ended (or started, for one that
never ended). Dropping a recording clears its answer's media reference and, in the
same transaction, notes the file in a journal (a `settings` row per candidate): the
file is removed after the commit, and a sweep killed before that finds it there.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from app.accounts import iso_utc
from app.interviews.model import ExpiredMedia
from app.interviews.store import InterviewStore
from app.media import MediaRef
from app.policy import Policy, PolicyError
from app.storage.db import Database

RETENTION_KEY = "interview_media"
JOURNAL_PREFIX = "retention.pending_files."
"""`settings` keys of recordings whose rows are gone but whose files may remain."""
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


def drop_recordings(
    db: Database, candidate_id: int, expired: Sequence[ExpiredMedia]
) -> list[MediaRef]:
    """(inside the caller's transaction) Clear the answers' media references that still
    point at these recordings and journal their files; returns the refs dropped."""
    gone = [
        e.ref
        for e in expired
        if db.execute_count(
            "UPDATE answers SET media_ref_json = NULL WHERE id = ? AND media_ref_json = ?",
            (e.answer_id, e.ref.to_json()),
        )
    ]
    if gone:
        db.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (f"{JOURNAL_PREFIX}{candidate_id}", json.dumps(sorted({r.to_json() for r in gone}))),
        )
    return gone


def journalled(db: Database) -> list[tuple[str, list[MediaRef]]]:
    """(journal key, files) of recordings dropped whose files may still be on disk."""
    rows = db.query(
        "SELECT key, value FROM settings WHERE key >= ? AND key < ? ORDER BY key",
        (JOURNAL_PREFIX, JOURNAL_PREFIX[:-1] + "/"),
    )
    return [(str(k), [MediaRef.from_json(r) for r in json.loads(str(v))]) for k, v in rows]


def forget_journal(db: Database, keys: Iterable[str]) -> None:
    """Once the files are removed."""
    keys = list(keys)
    if keys:
        with db.transaction():
            for key in keys:
                db.execute("DELETE FROM settings WHERE key = ?", (key,))
