"""Schema step 6: what the notices promise — requests, exports, holds, objections, erasures,
and the bias audit's demographics.

Plain data (a summary and SQL statements), appended to `app.storage.migrations`.

Why the tables look like this:

- `data_requests`: the register of data-subject requests (access, erasure,
  rectification, objection, withdrawal of consent). The deadline is computed from
  the policy when the request is received and stored, so a later policy change does
  not move a promise already made. Its note is free text and may hold personal
  data, so erasing the candidate clears it; the rest (kind, dates, who closed it)
  is the evidence that the request was handled and stays.
- `exported_files` + `exported_file_candidates`: the inventory of every file Candor
  wrote outside its encryption (reports, shortlists, copies for the candidate).
  An export may hold many candidates, hence the link table. Erasure names these
  files in its certificate, because only a person can delete them.
- `legal_holds`: a candidate on hold is skipped by the retention sweep (and
  refused by erasure until the hold is released). One row per candidate.
- `processing_restrictions`: the candidate objected to automated analysis
  (human-only review). Every analysis path asks this table before running a step.
- `consents` gains the kind 'automated_analysis' (the kiosk's "a person reviews my
  recorded answers" choice is recorded as that consent, declined). SQLite cannot
  change a CHECK, so the table is rebuilt, rows and append-only triggers kept.
- `erasures`: one deletion certificate per erased candidate (JSON, no personal
  data beyond the candidate's number).
- `demographics`: voluntary self-identification for the bias audit only, kept
  apart: the values are sealed (AES-GCM) under a key derived from the data key
  for this purpose alone, so only the audit's aggregation can read them.
- Erasing a candidate (`app.candidates`) removes their demographics, hold and
  restriction and clears their request notes in the same transaction.
"""

SUMMARY = "compliance: requests, export inventory, holds, objections, erasures, demographics"

MAX_NOTE = 2000
MAX_HOLD_REASON = 500

_CONSENTS_APPEND_ONLY = "SELECT RAISE(ABORT, 'consent records are append-only')"

STATEMENTS: tuple[str, ...] = (
    f"""CREATE TABLE data_requests (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        candidate_id INTEGER NOT NULL REFERENCES candidates (id),
        kind TEXT NOT NULL CHECK (kind IN
            ('access', 'erasure', 'rectification', 'objection', 'withdrawal')),
        received_on TEXT NOT NULL,
        due_on TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('open', 'fulfilled', 'refused')),
        note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= {MAX_NOTE}),
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        closed_by TEXT NULL,
        closed_at TEXT NULL
    ) STRICT""",
    "CREATE INDEX data_requests_open ON data_requests (status, due_on)",
    "CREATE INDEX data_requests_candidate ON data_requests (candidate_id)",
    """CREATE TABLE exported_files (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        path TEXT NOT NULL,
        blind INTEGER NOT NULL DEFAULT 0 CHECK (blind IN (0, 1)),
        role_id INTEGER NULL,
        exported_by TEXT NOT NULL,
        exported_at TEXT NOT NULL
    ) STRICT""",
    """CREATE TABLE exported_file_candidates (
        export_id INTEGER NOT NULL REFERENCES exported_files (id),
        candidate_id INTEGER NOT NULL REFERENCES candidates (id),
        PRIMARY KEY (export_id, candidate_id)
    ) STRICT""",
    "CREATE INDEX exported_file_candidates_by_candidate ON exported_file_candidates (candidate_id)",
    f"""CREATE TABLE legal_holds (
        candidate_id INTEGER PRIMARY KEY REFERENCES candidates (id),
        reason TEXT NOT NULL
            CHECK (length(trim(reason)) > 0 AND length(reason) <= {MAX_HOLD_REASON}),
        set_by TEXT NOT NULL,
        set_at TEXT NOT NULL
    ) STRICT""",
    """CREATE TABLE processing_restrictions (
        candidate_id INTEGER PRIMARY KEY REFERENCES candidates (id),
        human_only INTEGER NOT NULL CHECK (human_only IN (0, 1)),
        source TEXT NOT NULL CHECK (source IN ('kiosk', 'staff', 'request')),
        set_by TEXT NOT NULL,
        set_at TEXT NOT NULL
    ) STRICT""",
    """CREATE TABLE consents_v6 (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        session_id INTEGER NOT NULL REFERENCES interview_sessions (id),
        kind TEXT NOT NULL
            CHECK (kind IN ('recording', 'identity_template', 'automated_analysis')),
        policy_id TEXT NOT NULL,
        notice_version INTEGER NOT NULL,
        decision TEXT NOT NULL CHECK (decision IN ('given', 'declined')),
        method TEXT NOT NULL CHECK (method IN ('click', 'signed_waiver')),
        at TEXT NOT NULL,
        evidence_ref TEXT NULL
    ) STRICT""",
    "INSERT INTO consents_v6 SELECT * FROM consents",
    # DROP TABLE fires no triggers (its implicit DELETE is documented not to).
    "DROP TABLE consents",
    "ALTER TABLE consents_v6 RENAME TO consents",
    "CREATE INDEX consents_by_session ON consents (session_id, kind)",
    f"CREATE TRIGGER consents_no_update BEFORE UPDATE ON consents "
    f"BEGIN {_CONSENTS_APPEND_ONLY}; END",
    f"CREATE TRIGGER consents_no_delete BEFORE DELETE ON consents "
    f"BEGIN {_CONSENTS_APPEND_ONLY}; END",
    """CREATE TABLE erasures (
        candidate_id INTEGER PRIMARY KEY REFERENCES candidates (id),
        request_id INTEGER NULL REFERENCES data_requests (id),
        erased_by TEXT NOT NULL,
        erased_at TEXT NOT NULL,
        certificate_json TEXT NOT NULL
    ) STRICT""",
    """CREATE TABLE demographics (
        candidate_id INTEGER PRIMARY KEY REFERENCES candidates (id),
        sealed BLOB NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('kiosk', 'import', 'synthetic')),
        recorded_at TEXT NOT NULL
    ) STRICT""",
    """CREATE TRIGGER compliance_erased_with_candidate
        AFTER UPDATE OF erased_at ON candidates
        WHEN NEW.erased_at IS NOT NULL
        BEGIN
            DELETE FROM demographics WHERE candidate_id = NEW.id;
            DELETE FROM legal_holds WHERE candidate_id = NEW.id;
            DELETE FROM processing_restrictions WHERE candidate_id = NEW.id;
            UPDATE data_requests SET note = '' WHERE candidate_id = NEW.id;
        END""",
)
