"""Who is in a role's bias audit, and what happened to each person (no names, no text).

Everyone added to the role (not erased, not a duplicate of another candidate)
whose application date (`role_candidates.added_at`) falls in the range, with:
their latest screening score, whether they were invited to an interview for the
role, whether they completed it, their current decision for the role, and their
voluntary answers (unknown when missing or "Prefer not to say").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from app.fairness.demographics import PREFER_NOT_TO_SAY, DemographicsStore
from app.screening.errors import RoleNotFound

if TYPE_CHECKING:
    from app.workspace import Session


@dataclass(frozen=True)
class Person:
    candidate_id: int
    sex: str | None  # None: unknown
    race_ethnicity: str | None
    score: float | None  # latest screening score for the role
    invited: bool  # invited to the role's interview
    interviewed: bool  # completed the role's (AI-analysed) interview
    decision: str | None  # current decision for the role: advance / hold / decline
    human_only: bool = False  # asked that no automated analysis be made of them


_MEMBERS = """
SELECT rc.candidate_id FROM role_candidates rc
JOIN candidates c ON c.id = rc.candidate_id AND c.erased_at IS NULL
WHERE rc.role_id = ? AND rc.status = 'parsed'
  AND substr(rc.added_at, 1, 10) >= ? AND substr(rc.added_at, 1, 10) <= ?
"""
_SCORES = """
SELECT s.candidate_id, s.score FROM screenings s
WHERE s.role_id = ? AND s.criteria_version = (SELECT max(criteria_version) FROM screenings x
    WHERE x.role_id = s.role_id AND x.candidate_id = s.candidate_id)
"""
_INTERVIEWS = """
SELECT candidate_id, max(status = 'completed') FROM interview_sessions
WHERE role_id = ? GROUP BY candidate_id
"""
_HUMAN_ONLY = "SELECT candidate_id FROM processing_restrictions WHERE human_only = 1"
_DECISIONS = """
SELECT d.candidate_id, d.outcome FROM decisions d
WHERE d.role_id = ? AND d.id = (SELECT max(id) FROM decisions x
    WHERE x.candidate_id = d.candidate_id AND x.role_id = d.role_id)
"""


def role_title(session: Session, role_id: int) -> str:
    title = session.db.scalar("SELECT title FROM roles WHERE id = ?", (role_id,))
    if title is None:
        raise RoleNotFound(role_id)
    return str(title)


def load_people(
    session: Session, role_id: int, date_from: date | None, date_to: date | None
) -> list[Person]:
    """The role's audit population in the date range (both ends included)."""
    db = session.db
    low = date_from.isoformat() if date_from else "0000-00-00"
    high = date_to.isoformat() if date_to else "9999-99-99"
    ids = [int(r[0]) for r in db.query(_MEMBERS, (role_id, low, high))]
    scores = {int(r[0]): float(r[1]) for r in db.query(_SCORES, (role_id,))}
    interviews = {int(r[0]): bool(r[1]) for r in db.query(_INTERVIEWS, (role_id,))}
    decisions = {int(r[0]): str(r[1]) for r in db.query(_DECISIONS, (role_id,))}
    human_only = {int(r[0]) for r in db.query(_HUMAN_ONLY)}
    answers = DemographicsStore(session).read_for_audit(ids)
    people = []
    for cid in ids:
        answer = answers.get(cid)
        people.append(
            Person(
                candidate_id=cid,
                sex=_known(answer.sex if answer else None),
                race_ethnicity=_known(answer.race_ethnicity if answer else None),
                score=scores.get(cid),
                invited=cid in interviews,
                interviewed=interviews.get(cid, False),
                decision=decisions.get(cid),
                human_only=cid in human_only,
            )
        )
    return people


def _known(value: str | None) -> str | None:
    return None if value is None or value == PREFER_NOT_TO_SAY else value


def intersection(person: Person) -> str | None:
    """The LL144 intersectional category (sex with race/ethnicity), None if either is unknown."""
    if person.sex is None or person.race_ethnicity is None:
        return None
    return f"{person.sex} / {person.race_ethnicity}"


def sorted_categories(found: Iterable[str], order: Iterable[str]) -> list[str]:
    """The categories found, in the listed order, then any others alphabetically."""
    listed = list(order)
    present = set(found)
    return [c for c in listed if c in present] + sorted(present - set(listed))
