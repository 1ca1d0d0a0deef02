"""Generated candidates with known outcomes, for checking the audit's arithmetic and timing.

Every row is fictional ("Synthetic 17"): no names, no resumes, demographics
recorded with source 'synthetic'. Outcomes are exact counts per group (not random
draws), so the expected selection rates and impact ratios are known in advance.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.accounts import Permission, now_iso
from app.fairness.demographics import PREFER_NOT_TO_SAY, Demographic, DemographicsStore

if TYPE_CHECKING:
    from app.workspace import Session


@dataclass(frozen=True)
class SyntheticGroup:
    sex: str | None  # None: no answer recorded
    race_ethnicity: str | None
    count: int
    invited: int  # of count; the invited also complete the interview
    advanced: int  # of invited
    declined: int  # of invited; the rest of the invited get no decision
    mean_score: float = 60.0


def populate(
    session: Session, role_id: int, groups: Sequence[SyntheticGroup], *, seed: int = 0
) -> list[int]:
    """Add the groups' candidates to the role with scores, interviews and decisions."""
    session.user.require(Permission.MANAGE_COMPLIANCE)
    rng = random.Random(seed)  # noqa: S311 - fictional scores, not secrets
    db, at, me = session.db, now_iso(), session.user.name
    answers: dict[int, Demographic] = {}
    ids: list[int] = []
    with db.transaction():
        version = int(
            db.scalar("SELECT max(version) FROM role_versions WHERE role_id = ?", (role_id,))
        )
        set_id = db.execute(
            "INSERT INTO question_sets (name, role_id, created_by, created_at, updated_at) "
            "VALUES ('Synthetic audit set', ?, ?, ?, ?)",
            (role_id, me, at, at),
        )
        for group in groups:
            if not group.advanced + group.declined <= group.invited <= group.count:
                raise ValueError("a synthetic group's counts do not nest")
            for index in range(group.count):
                cid = _candidate(session, role_id, version, len(ids) + 1, at, rng, group)
                ids.append(cid)
                if index < group.invited:
                    _interview(session, cid, role_id, set_id, at)
                    outcome = _outcome(index, group)
                    if outcome:
                        db.execute(
                            "INSERT INTO decisions (candidate_id, role_id, outcome, reason, "
                            "decided_by, decided_at) VALUES (?, ?, ?, 'synthetic', ?, ?)",
                            (cid, role_id, outcome, me, at),
                        )
                if group.sex is not None or group.race_ethnicity is not None:
                    answers[cid] = Demographic(
                        group.sex or PREFER_NOT_TO_SAY, group.race_ethnicity or PREFER_NOT_TO_SAY
                    )
        DemographicsStore(session).write_many(answers, "synthetic")
    return ids


def _outcome(index: int, group: SyntheticGroup) -> str | None:
    if index < group.advanced:
        return "advance"
    if index < group.advanced + group.declined:
        return "decline"
    return None


def _candidate(
    session: Session,
    role_id: int,
    version: int,
    number: int,
    at: str,
    rng: random.Random,
    group: SyntheticGroup,
) -> int:
    db = session.db
    cid = db.execute(
        "INSERT INTO candidates (created_at, display_name, data_json, media_key) "
        "VALUES (?, ?, '{}', ?)",
        (at, f"Synthetic {number}", secrets.token_bytes(32)),
    )
    db.execute(
        "INSERT INTO role_candidates (role_id, candidate_id, added_at, status) "
        "VALUES (?, ?, ?, 'parsed')",
        (role_id, cid, at),
    )
    score = max(0.0, min(100.0, group.mean_score + rng.uniform(-20, 20)))
    db.execute(
        "INSERT INTO screenings (role_id, candidate_id, criteria_version, score, "
        "meets_must_haves, missing_json, label, result_json, model_json, taxonomy_version, "
        "scored_at, scored_by) VALUES (?, ?, ?, ?, 1, '[]', 'synthetic', '{}', '{}', '', ?, ?)",
        (role_id, cid, version, round(score, 2), at, session.user.name),
    )
    return cid


def _interview(session: Session, cid: int, role_id: int, set_id: int, at: str) -> None:
    session.db.execute(
        "INSERT INTO interview_sessions (candidate_id, role_id, question_set_id, status, "
        "expires_at, created_by, created_at) VALUES (?, ?, ?, 'completed', ?, ?, ?)",
        (cid, role_id, set_id, at, session.user.name, at),
    )
