"""Schema step 3: one-way video interviews (question sets, invitations, consents, answers).

Plain data (a summary and SQL statements), appended to `app.storage.migrations`.

Why the tables look like this:

- `questions.position` is unique within its set; a reorder rewrites positions
  in one transaction (via negative positions, as SQLite cannot defer UNIQUE).
- `interview_sessions.code_hash` holds only the SHA-256 of the one-time login
  code, and is cleared when the code is used, revoked or the candidate erased.
- `consents` is evidence (what notice version, which decision, how, when):
  triggers make it append-only, like the audit log. It holds no personal data:
  a signed waiver (the typed name) is an encrypted media file under the
  candidate's key, referenced by `evidence_ref`, so erasure shreds it too.
- `answers` has one row per take. The row (with the media reference) is
  written *before* the first frame is recorded, status 'recording', so a crash
  leaves a row that `recover_interrupted` finds. A retake that saved a
  recording marks the earlier takes `replaced_by` and drops their media
  reference (their files are removed); their status stays as recorded, which
  is what counts against the retakes allowed.
- Erasing a candidate (`app.candidates`) destroys their media key, so the
  recordings are unreadable; the trigger below also drops the media references
  and ends open invitations in the same transaction.
- `kiosk_attempts` keeps the back-off counters of the kiosk (operator PIN,
  login codes) in the database, so restarting Candor does not reset them.
"""

SUMMARY = "interviews: question sets, invitations, consents, answers, kiosk back-off"

_APPEND_ONLY = "SELECT RAISE(ABORT, 'consent records are append-only')"

STATEMENTS: tuple[str, ...] = (
    """CREATE TABLE question_sets (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL CHECK (length(name) > 0),
        description TEXT NOT NULL DEFAULT '',
        role_id INTEGER NULL REFERENCES roles (id),
        practice_enabled INTEGER NOT NULL DEFAULT 0 CHECK (practice_enabled IN (0, 1)),
        practice_text TEXT NOT NULL DEFAULT '',
        practice_think_s INTEGER NOT NULL DEFAULT 10 CHECK (practice_think_s >= 0),
        practice_answer_s INTEGER NOT NULL DEFAULT 30 CHECK (practice_answer_s > 0),
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    ) STRICT""",
    "CREATE INDEX question_sets_by_role ON question_sets (role_id)",
    """CREATE TABLE questions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        question_set_id INTEGER NOT NULL REFERENCES question_sets (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        text TEXT NOT NULL CHECK (length(text) > 0),
        intro TEXT NOT NULL DEFAULT '',
        think_s INTEGER NOT NULL CHECK (think_s >= 0),
        answer_s INTEGER NOT NULL CHECK (answer_s > 0),
        retakes INTEGER NOT NULL CHECK (retakes >= 0),
        key_points_json TEXT NOT NULL DEFAULT '[]',
        UNIQUE (question_set_id, position)
    ) STRICT""",
    """CREATE TABLE interview_sessions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        candidate_id INTEGER NOT NULL REFERENCES candidates (id),
        role_id INTEGER NULL REFERENCES roles (id),
        question_set_id INTEGER NOT NULL REFERENCES question_sets (id),
        status TEXT NOT NULL
            CHECK (status IN ('invited', 'in_progress', 'completed', 'declined', 'expired')),
        code_hash TEXT NULL UNIQUE,
        expires_at TEXT NOT NULL,
        extra_time_s INTEGER NOT NULL DEFAULT 0 CHECK (extra_time_s >= 0),
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        started_at TEXT NULL,
        ended_at TEXT NULL
    ) STRICT""",
    "CREATE INDEX interview_sessions_by_candidate ON interview_sessions (candidate_id)",
    "CREATE INDEX interview_sessions_by_set ON interview_sessions (question_set_id)",
    """CREATE TABLE consents (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        session_id INTEGER NOT NULL REFERENCES interview_sessions (id),
        kind TEXT NOT NULL CHECK (kind IN ('recording', 'identity_template')),
        policy_id TEXT NOT NULL,
        notice_version INTEGER NOT NULL,
        decision TEXT NOT NULL CHECK (decision IN ('given', 'declined')),
        method TEXT NOT NULL CHECK (method IN ('click', 'signed_waiver')),
        at TEXT NOT NULL,
        evidence_ref TEXT NULL
    ) STRICT""",
    "CREATE INDEX consents_by_session ON consents (session_id, kind)",
    f"CREATE TRIGGER consents_no_update BEFORE UPDATE ON consents BEGIN {_APPEND_ONLY}; END",
    f"CREATE TRIGGER consents_no_delete BEFORE DELETE ON consents BEGIN {_APPEND_ONLY}; END",
    """CREATE TABLE answers (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        session_id INTEGER NOT NULL REFERENCES interview_sessions (id),
        question_id INTEGER NOT NULL REFERENCES questions (id),
        take INTEGER NOT NULL CHECK (take >= 1),
        media_ref_json TEXT NULL,
        status TEXT NOT NULL CHECK (status IN ('recording', 'complete', 'incomplete')),
        reason TEXT NULL,
        duration_s REAL NOT NULL DEFAULT 0 CHECK (duration_s >= 0),
        started_at TEXT NOT NULL,
        ended_at TEXT NULL,
        replaced_by INTEGER NULL REFERENCES answers (id),
        UNIQUE (session_id, question_id, take)
    ) STRICT""",
    "CREATE INDEX answers_by_status ON answers (status, session_id)",
    """CREATE TABLE kiosk_attempts (
        name TEXT PRIMARY KEY,
        failures INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),
        last_attempt REAL NOT NULL DEFAULT 0
    ) STRICT""",
    """CREATE TRIGGER interviews_erased_with_candidate
        AFTER UPDATE OF erased_at ON candidates
        WHEN NEW.erased_at IS NOT NULL
        BEGIN
            UPDATE answers SET media_ref_json = NULL WHERE session_id IN
                (SELECT id FROM interview_sessions WHERE candidate_id = NEW.id);
            UPDATE interview_sessions SET code_hash = NULL,
                status = CASE WHEN status IN ('invited', 'in_progress') THEN 'expired'
                              ELSE status END
                WHERE candidate_id = NEW.id;
        END""",
)
