"""Schema step 2: roles and their criteria versions, imported resumes, screenings.

Plain data (a summary and SQL statements), appended to `app.storage.migrations`.

Why the tables look like this:

- `role_versions` is append-only in practice: saving criteria adds a version, so
  every stored screening can name the exact criteria it was scored against.
- A candidate can be in several roles (`role_candidates`): the same resume file
  imported for a second role is linked, not stored twice. The membership row
  carries the import status and the "possible duplicate of" flag for that role.
- `resumes` holds the extracted text and the parsed profile (with spans) so
  that a re-score or a detail view never needs the original file again.
- `resume_contacts` indexes normalised emails and phone numbers to flag the
  same person arriving with a different file.
- Erasing a candidate (`app.candidates`) turns their row into a tombstone; the
  trigger below removes everything this step stores about them in the same
  transaction (`secure_delete` zeroes the freed pages).
"""

SUMMARY = "roles, criteria versions, custom skills, imported resumes and screenings"

STATEMENTS: tuple[str, ...] = (
    """CREATE TABLE roles (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        title TEXT NOT NULL,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        archived_at TEXT NULL
    ) STRICT""",
    """CREATE TABLE role_versions (
        role_id INTEGER NOT NULL REFERENCES roles (id),
        version INTEGER NOT NULL CHECK (version >= 1),
        title TEXT NOT NULL,
        criteria_yaml TEXT NOT NULL,
        saved_at TEXT NOT NULL,
        saved_by TEXT NOT NULL,
        PRIMARY KEY (role_id, version)
    ) STRICT""",
    """CREATE TABLE custom_skills (
        id INTEGER PRIMARY KEY,
        canonical TEXT NOT NULL UNIQUE COLLATE NOCASE,
        synonyms_json TEXT NOT NULL DEFAULT '[]',
        broader_json TEXT NOT NULL DEFAULT '[]',
        related_json TEXT NOT NULL DEFAULT '[]',
        category TEXT NOT NULL DEFAULT 'workspace',
        added_at TEXT NOT NULL,
        added_by TEXT NOT NULL
    ) STRICT""",
    """CREATE TABLE resumes (
        candidate_id INTEGER PRIMARY KEY REFERENCES candidates (id),
        imported_at TEXT NOT NULL,
        file_name TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        kind TEXT NOT NULL,
        pages INTEGER NOT NULL DEFAULT 0,
        media_json TEXT NOT NULL,
        resume_text TEXT NOT NULL,
        profile_json TEXT NOT NULL,
        summary_json TEXT NOT NULL,
        parse_json TEXT NOT NULL
    ) STRICT""",
    "CREATE INDEX resumes_by_sha256 ON resumes (sha256)",
    """CREATE TABLE resume_contacts (
        candidate_id INTEGER NOT NULL REFERENCES candidates (id),
        kind TEXT NOT NULL CHECK (kind IN ('email', 'phone')),
        value TEXT NOT NULL,
        PRIMARY KEY (candidate_id, kind, value)
    ) STRICT""",
    "CREATE INDEX resume_contacts_by_value ON resume_contacts (value)",
    """CREATE TABLE role_candidates (
        role_id INTEGER NOT NULL REFERENCES roles (id),
        candidate_id INTEGER NOT NULL REFERENCES candidates (id),
        added_at TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('parsed', 'duplicate')),
        duplicate_of INTEGER NULL REFERENCES candidates (id),
        PRIMARY KEY (role_id, candidate_id)
    ) STRICT""",
    """CREATE TABLE screenings (
        role_id INTEGER NOT NULL,
        candidate_id INTEGER NOT NULL REFERENCES candidates (id),
        criteria_version INTEGER NOT NULL,
        score REAL NOT NULL,
        meets_must_haves INTEGER NOT NULL CHECK (meets_must_haves IN (0, 1)),
        missing_json TEXT NOT NULL,
        label TEXT NOT NULL,
        result_json TEXT NOT NULL,
        model_json TEXT NOT NULL,
        taxonomy_version TEXT NOT NULL,
        scored_at TEXT NOT NULL,
        scored_by TEXT NOT NULL,
        PRIMARY KEY (role_id, candidate_id, criteria_version),
        FOREIGN KEY (role_id, criteria_version) REFERENCES role_versions (role_id, version)
    ) STRICT""",
    """CREATE TRIGGER candidate_erased_screening_data
        AFTER UPDATE OF erased_at ON candidates
        WHEN NEW.erased_at IS NOT NULL
        BEGIN
            DELETE FROM screenings WHERE candidate_id = NEW.id;
            DELETE FROM resume_contacts WHERE candidate_id = NEW.id;
            DELETE FROM resumes WHERE candidate_id = NEW.id;
            UPDATE role_candidates SET duplicate_of = NULL WHERE duplicate_of = NEW.id;
            DELETE FROM role_candidates WHERE candidate_id = NEW.id;
        END""",
)
