"""The schema, as a numbered chain of forward migrations under `PRAGMA user_version`.

Rules (after Anki's and qutebrowser's schema upgrades):

- Step N takes a database at version N-1 to version N. Steps are never edited
  once released; a change is a new step appended to `MIGRATIONS`.
- All pending steps run in ONE exclusive transaction together with the
  `user_version` bump, so a failure leaves the database exactly as it was.
- A database whose version is newer than the last step is refused
  (WorkspaceTooNew) before anything is written: an old Candor must not
  "repair" a schema it does not understand.
- Steps are plain SQL statements run one by one (never `executescript`, which
  would commit half-way).
- In WAL mode an exclusive transaction still lets other connections read their
  snapshot: they see the old schema or the new one, never half of it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.errors import WorkspaceTooNew
from app.storage import (
    m002_screening,
    m003_interviews,
    m004_analysis,
    m005_decisions,
    m006_compliance,
)

if TYPE_CHECKING:
    from app.storage.db import Database


@dataclass(frozen=True)
class Migration:
    version: int
    summary: str
    statements: tuple[str, ...]


_APPEND_ONLY = "SELECT RAISE(ABORT, 'the audit log is append-only')"

MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "users, candidates, settings and the hash-chained audit log",
        (
            """CREATE TABLE users (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL UNIQUE COLLATE NOCASE,
                role TEXT NOT NULL
                    CHECK (role IN ('administrator', 'recruiter', 'reviewer', 'kiosk')),
                disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
                created_at TEXT NOT NULL
            ) STRICT""",
            # AUTOINCREMENT: an id is never reused, so an erased candidate's id
            # (and media folder) can never come to name someone else.
            """CREATE TABLE candidates (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                created_at TEXT NOT NULL,
                display_name TEXT NOT NULL,
                data_json TEXT NOT NULL DEFAULT '{}',
                media_key BLOB NULL CHECK (media_key IS NULL OR length(media_key) = 32),
                erased_at TEXT NULL
            ) STRICT""",
            "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT",
            """CREATE TABLE audit_log (
                seq INTEGER PRIMARY KEY,
                ts TEXT NOT NULL,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                subject TEXT NOT NULL,
                details TEXT NOT NULL,
                hash TEXT NOT NULL
            ) STRICT""",
            f"CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
            f"BEGIN {_APPEND_ONLY}; END",
            f"CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
            f"BEGIN {_APPEND_ONLY}; END",
        ),
    ),
    Migration(2, m002_screening.SUMMARY, m002_screening.STATEMENTS),
    Migration(3, m003_interviews.SUMMARY, m003_interviews.STATEMENTS),
    Migration(4, m004_analysis.SUMMARY, m004_analysis.STATEMENTS),
    Migration(5, m005_decisions.SUMMARY, m005_decisions.STATEMENTS),
    Migration(6, m006_compliance.SUMMARY, m006_compliance.STATEMENTS),
)


def latest_version(chain: Sequence[Migration]) -> int:
    """The version the chain ends at; checks that it counts 1, 2, 3... without gaps."""
    for index, step in enumerate(chain, start=1):
        if step.version != index:
            raise ValueError(f"migration {index} is numbered {step.version}")
    return len(chain)


def migrate(db: Database, chain: Sequence[Migration] = MIGRATIONS) -> int:
    """Bring `db` to the chain's last version; returns that version."""
    latest = latest_version(chain)
    current = db.user_version()
    if current > latest:
        raise WorkspaceTooNew("database schema", current, latest)
    if current == latest:
        return current
    with db.transaction(exclusive=True):
        current = db.user_version()  # another process may have migrated meanwhile
        if current > latest:
            raise WorkspaceTooNew("database schema", current, latest)
        for step in chain[current:]:
            for statement in step.statements:
                db.execute(statement)
            db.execute(f"PRAGMA user_version = {int(step.version)}")
    return latest
