"""Schema step 5: reviewers' ratings of answers and recruiters' decisions.

Plain data (a summary and SQL statements), appended to `app.storage.migrations`.

Why the tables look like this:

- `answer_ratings`: one row per rating a reviewer gave. Re-rating an answer marks
  the reviewer's previous row `superseded_at` and inserts a new one, so the
  history of who rated what, and when, is kept; a partial unique index allows
  one *current* row per (candidate, answer, reviewer). The only change a row may
  ever see is being superseded, once.
- `decisions`: append-only. A new decision is a new row; the current decision is
  the newest. The reason is required by the schema too, not only by the service.
- Comments and reasons are candidate data: they live only in this (encrypted)
  database, never in the audit log. Deleting rows is refused unless their
  candidate has been erased; the erasure trigger below removes everything this
  step stores about an erased candidate in the same transaction (`secure_delete`
  zeroes the freed pages).
"""

SUMMARY = "reviewers' answer ratings and recruiters' decisions"

MAX_COMMENT = 2000
MAX_REASON = 2000
MAX_ANSWER_KEY = 200

_CANDIDATE_NOT_ERASED = "(SELECT erased_at FROM candidates WHERE id = OLD.candidate_id) IS NULL"

STATEMENTS: tuple[str, ...] = (
    f"""CREATE TABLE answer_ratings (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        candidate_id INTEGER NOT NULL REFERENCES candidates (id),
        answer_key TEXT NOT NULL
            CHECK (length(answer_key) BETWEEN 1 AND {MAX_ANSWER_KEY}),
        reviewer TEXT NOT NULL,
        stars INTEGER NOT NULL CHECK (stars BETWEEN 1 AND 5),
        comment TEXT NOT NULL CHECK (length(comment) <= {MAX_COMMENT}),
        rated_at TEXT NOT NULL,
        superseded_at TEXT NULL
    ) STRICT""",
    """CREATE UNIQUE INDEX answer_ratings_current
        ON answer_ratings (candidate_id, answer_key, reviewer) WHERE superseded_at IS NULL""",
    # A rating is never edited; the one allowed change is marking it superseded.
    """CREATE TRIGGER answer_ratings_only_superseded BEFORE UPDATE ON answer_ratings
        WHEN OLD.superseded_at IS NOT NULL OR NEW.superseded_at IS NULL
            OR NEW.id IS NOT OLD.id OR NEW.candidate_id IS NOT OLD.candidate_id
            OR NEW.answer_key IS NOT OLD.answer_key OR NEW.reviewer IS NOT OLD.reviewer
            OR NEW.stars IS NOT OLD.stars OR NEW.comment IS NOT OLD.comment
            OR NEW.rated_at IS NOT OLD.rated_at
        BEGIN SELECT RAISE(ABORT, 'a rating is never changed; rate again instead'); END""",
    f"""CREATE TRIGGER answer_ratings_no_delete BEFORE DELETE ON answer_ratings
        WHEN {_CANDIDATE_NOT_ERASED}
        BEGIN SELECT RAISE(ABORT, 'ratings are removed only by erasing the candidate'); END""",
    f"""CREATE TABLE decisions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        candidate_id INTEGER NOT NULL REFERENCES candidates (id),
        role_id INTEGER NULL REFERENCES roles (id),
        outcome TEXT NOT NULL CHECK (outcome IN ('advance', 'hold', 'decline')),
        reason TEXT NOT NULL
            CHECK (length(trim(reason)) > 0 AND length(reason) <= {MAX_REASON}),
        decided_by TEXT NOT NULL,
        decided_at TEXT NOT NULL
    ) STRICT""",
    "CREATE INDEX decisions_candidate ON decisions (candidate_id, role_id, id)",
    """CREATE TRIGGER decisions_no_update BEFORE UPDATE ON decisions
        BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END""",
    f"""CREATE TRIGGER decisions_no_delete BEFORE DELETE ON decisions
        WHEN {_CANDIDATE_NOT_ERASED}
        BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END""",
    """CREATE TRIGGER decisions_erased_with_candidate
        AFTER UPDATE OF erased_at ON candidates
        WHEN NEW.erased_at IS NOT NULL
        BEGIN
            DELETE FROM answer_ratings WHERE candidate_id = NEW.id;
            DELETE FROM decisions WHERE candidate_id = NEW.id;
        END""",
)
