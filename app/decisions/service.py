"""`session.decisions`: rate answers, record decisions, read both back.

- reviewers, recruiters and administrators (RATE_ANSWERS) rate an answer 1-5
  with an optional comment; re-rating replaces their current rating, the old
  one is kept as history (see `app.storage.m005_decisions`);
- recruiters and administrators (DECIDE) record a decision with a reason;
- people who read candidates (READ_CANDIDATES) read ratings and decisions.

Every write and every read is audit-logged with ids and values only: comments
and reasons are candidate data and never enter the audit log.
"""

from __future__ import annotations

import time

from app.accounts import Permission, User, now_iso
from app.audit import AuditLog
from app.decisions.model import MAX_STARS, MIN_STARS, Decision, Outcome, Rating
from app.errors import CandidateErased, CandidateNotFound, InvalidInput
from app.signin import Clock
from app.storage.db import Database, Row
from app.storage.m005_decisions import MAX_ANSWER_KEY, MAX_COMMENT, MAX_REASON

_RATING_COLUMNS = "id, candidate_id, answer_key, reviewer, stars, comment, rated_at"
_DECISION_COLUMNS = "id, candidate_id, role_id, outcome, reason, decided_by, decided_at"


class DecisionService:
    """Ratings and decisions for the signed-in `user`."""

    def __init__(self, db: Database, audit: AuditLog, user: User, clock: Clock = time.time):
        self._db = db
        self._audit = audit
        self._user = user
        self._clock = clock

    # --- ratings ----------------------------------------------------------

    def rate(self, candidate_id: int, answer_key: str, stars: int, comment: str = "") -> Rating:
        """Record the signed-in reviewer's rating of one answer, replacing their previous one."""
        self._user.require(Permission.RATE_ANSWERS)
        key = _answer_key(answer_key)
        _check_stars(stars)
        text = comment.strip()
        if len(text) > MAX_COMMENT:
            raise InvalidInput(
                f"A comment can be at most {MAX_COMMENT} characters long.", "Shorten the comment."
            )
        rated_at = now_iso(self._clock)
        with self._db.transaction():
            self._require_candidate(candidate_id)
            previous = self._db.scalar(
                "SELECT id FROM answer_ratings WHERE candidate_id = ? AND answer_key = ? "
                "AND reviewer = ? AND superseded_at IS NULL",
                (candidate_id, key, self._user.name),
            )
            if previous is not None:
                self._db.execute(
                    "UPDATE answer_ratings SET superseded_at = ? WHERE id = ?",
                    (rated_at, previous),
                )
            rating_id = self._db.execute(
                "INSERT INTO answer_ratings "
                "(candidate_id, answer_key, reviewer, stars, comment, rated_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (candidate_id, key, self._user.name, stars, text, rated_at),
            )
            self._audit.record(
                "answer.rated",
                _subject(candidate_id),
                {
                    "rating_id": rating_id,
                    "answer_key": key,
                    "stars": stars,
                    "has_comment": bool(text),
                    "replaces": previous,
                },
            )
        return Rating(rating_id, candidate_id, key, self._user.name, stars, text, rated_at)

    def ratings(self, candidate_id: int) -> list[Rating]:
        """Every reviewer's current rating of the candidate's answers, oldest first."""
        self._user.require(Permission.READ_CANDIDATES)
        with self._db.transaction():
            self._require_candidate(candidate_id)
            rows = self._db.query(
                f"SELECT {_RATING_COLUMNS} FROM answer_ratings "
                "WHERE candidate_id = ? AND superseded_at IS NULL ORDER BY id",
                (candidate_id,),
            )
            self._audit.record("ratings.read", _subject(candidate_id), {"count": len(rows)})
        return [_rating(row) for row in rows]

    # --- decisions --------------------------------------------------------

    def decide(
        self, candidate_id: int, outcome: Outcome | str, reason: str, role_id: int | None = None
    ) -> Decision:
        """Record the signed-in person's decision; it is kept for good and audit-logged."""
        self._user.require(Permission.DECIDE)
        chosen = _outcome(outcome)
        why = reason.strip()
        if not why:
            raise InvalidInput(
                "A decision needs a reason.",
                "Write why you decided this, so that others can understand it later.",
            )
        if len(why) > MAX_REASON:
            raise InvalidInput(
                f"A reason can be at most {MAX_REASON} characters long.", "Shorten the reason."
            )
        decided_at = now_iso(self._clock)
        with self._db.transaction():
            self._require_candidate(candidate_id)
            if (
                role_id is not None
                and self._db.scalar("SELECT 1 FROM roles WHERE id = ?", (role_id,)) is None
            ):
                raise InvalidInput(
                    "This role does not exist.", "Refresh the list of roles and choose again."
                )
            decision_id = self._db.execute(
                "INSERT INTO decisions "
                "(candidate_id, role_id, outcome, reason, decided_by, decided_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (candidate_id, role_id, chosen.value, why, self._user.name, decided_at),
            )
            self._audit.record(
                "decision.recorded",
                _subject(candidate_id),
                {"decision_id": decision_id, "outcome": chosen.value, "role_id": role_id},
            )
        return Decision(
            decision_id, candidate_id, role_id, chosen.value, why, self._user.name, decided_at
        )

    def decisions(self, candidate_id: int) -> list[Decision]:
        """Every decision about the candidate (all roles), newest last."""
        self._user.require(Permission.READ_CANDIDATES)
        with self._db.transaction():
            self._require_candidate(candidate_id)
            rows = self._db.query(
                f"SELECT {_DECISION_COLUMNS} FROM decisions WHERE candidate_id = ? ORDER BY id",
                (candidate_id,),
            )
            self._audit.record("decisions.read", _subject(candidate_id), {"count": len(rows)})
        return [_decision(row) for row in rows]

    def current_decision(self, candidate_id: int, role_id: int | None = None) -> Decision | None:
        """The newest decision for `role_id`, or with role_id None the newest of any role."""
        self._user.require(Permission.READ_CANDIDATES)
        where, params = "candidate_id = ?", [candidate_id]
        if role_id is not None:
            where, params = "candidate_id = ? AND role_id = ?", [candidate_id, role_id]
        with self._db.transaction():
            self._require_candidate(candidate_id)
            row = self._db.query_one(
                f"SELECT {_DECISION_COLUMNS} FROM decisions WHERE {where} ORDER BY id DESC LIMIT 1",
                params,
            )
            self._audit.record(
                "decision.read",
                _subject(candidate_id),
                {"decision_id": None if row is None else int(row[0]), "role_id": role_id},
            )
        return None if row is None else _decision(row)

    def _require_candidate(self, candidate_id: int) -> None:
        row = self._db.query_one("SELECT erased_at FROM candidates WHERE id = ?", (candidate_id,))
        if row is None:
            raise CandidateNotFound(candidate_id)
        if row[0] is not None:
            raise CandidateErased(candidate_id)


def _answer_key(answer_key: str) -> str:
    key = str(answer_key).strip()
    if not key or len(key) > MAX_ANSWER_KEY:
        raise InvalidInput(
            "This answer cannot be rated: it has no valid key.",
            "Refresh the candidate page and try again.",
        )
    return key


def _check_stars(stars: int) -> None:
    if isinstance(stars, bool) or not isinstance(stars, int) or not MIN_STARS <= stars <= MAX_STARS:
        raise InvalidInput(
            f"A rating is a whole number of stars from {MIN_STARS} to {MAX_STARS}.",
            f"Choose between {MIN_STARS} and {MAX_STARS} stars.",
        )


def _outcome(outcome: Outcome | str) -> Outcome:
    try:
        return Outcome(outcome)
    except ValueError:
        choices = ", ".join(o.value for o in Outcome)
        raise InvalidInput(f"Unknown decision. Choose one of: {choices}.") from None


def _rating(row: Row) -> Rating:
    return Rating(
        int(row[0]), int(row[1]), str(row[2]), str(row[3]), int(row[4]), str(row[5]), str(row[6])
    )


def _decision(row: Row) -> Decision:
    role_id = None if row[2] is None else int(row[2])
    return Decision(
        int(row[0]), int(row[1]), role_id, str(row[3]), str(row[4]), str(row[5]), str(row[6])
    )


def _subject(candidate_id: int) -> str:
    return f"candidate:{candidate_id}"
