"""SQL shared by importing, re-scoring and reading screenings (no permission checks here:
the public functions that call these check them)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from analysis.resume import ResumeProfile
from analysis.scoring import Screening
from app.screening.errors import ResumeMissing
from app.screening.profile_codec import highest_education, profile_from_stored, profile_to_stored
from app.storage.db import Database


def dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


@dataclass(frozen=True)
class StoredResume:
    candidate_id: int
    file_name: str
    sha256: str
    kind: str
    media_json: str
    text: str
    profile: ResumeProfile
    parse: dict[str, Any]


def summary_of(profile: ResumeProfile) -> dict[str, Any]:
    """The few profile values the candidate table shows, stored apart so a 10 000-row
    list never decodes whole profiles."""
    return {
        "skills": profile.skill_names(),
        "years": profile.total_experience_years,
        "education": highest_education(profile),
    }


def insert_resume(
    db: Database,
    candidate_id: int,
    *,
    imported_at: str,
    file_name: str,
    sha256: str,
    kind: str,
    pages: int,
    media_json: str,
    profile: ResumeProfile,
    parse: dict[str, Any],
) -> None:
    db.execute(
        "INSERT INTO resumes (candidate_id, imported_at, file_name, sha256, kind, pages, "
        "media_json, resume_text, profile_json, summary_json, parse_json) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            candidate_id,
            imported_at,
            file_name,
            sha256,
            kind,
            pages,
            media_json,
            profile.text,
            dumps(profile_to_stored(profile)),
            dumps(summary_of(profile)),
            dumps(parse),
        ),
    )
    contacts = {("email", e.value.strip().lower()) for e in profile.emails}
    contacts |= {("phone", p.e164) for p in profile.phones if p.e164}
    for kind_, value in sorted(contacts):
        db.execute(
            "INSERT OR IGNORE INTO resume_contacts (candidate_id, kind, value) VALUES (?, ?, ?)",
            (candidate_id, kind_, value),
        )


def replace_profile(
    db: Database, candidate_id: int, profile: ResumeProfile, parse: dict[str, Any]
) -> None:
    """After a re-parse (e.g. new workspace skills): same text, new profile."""
    db.execute(
        "UPDATE resumes SET profile_json = ?, summary_json = ?, parse_json = ? "
        "WHERE candidate_id = ?",
        (
            dumps(profile_to_stored(profile)),
            dumps(summary_of(profile)),
            dumps(parse),
            candidate_id,
        ),
    )


def load_resume(db: Database, candidate_id: int) -> StoredResume:
    row = db.query_one(
        "SELECT r.file_name, r.sha256, r.kind, r.media_json, r.resume_text, r.profile_json, "
        "r.parse_json FROM resumes r JOIN candidates c ON c.id = r.candidate_id "
        "AND c.erased_at IS NULL WHERE r.candidate_id = ?",
        (candidate_id,),
    )
    if row is None:
        raise ResumeMissing(candidate_id)
    text = str(row[4])
    return StoredResume(
        candidate_id=candidate_id,
        file_name=str(row[0]),
        sha256=str(row[1]),
        kind=str(row[2]),
        media_json=str(row[3]),
        text=text,
        profile=profile_from_stored(json.loads(str(row[5])), text),
        parse=json.loads(str(row[6])),
    )


def same_file(db: Database, sha256: str) -> int | None:
    """The first (not erased) candidate whose resume has exactly these bytes."""
    value = db.scalar(
        "SELECT r.candidate_id FROM resumes r JOIN candidates c ON c.id = r.candidate_id "
        "AND c.erased_at IS NULL WHERE r.sha256 = ? ORDER BY r.candidate_id LIMIT 1",
        (sha256,),
    )
    return None if value is None else int(value)


def same_person_in_role(db: Database, role_id: int, profile: ResumeProfile) -> int | None:
    """The first candidate of the role sharing an email address or phone number."""
    keys = [e.value.strip().lower() for e in profile.emails]
    keys += [p.e164 for p in profile.phones if p.e164]
    if not keys:
        return None
    marks = ", ".join("?" for _ in keys)
    value = db.scalar(
        "SELECT min(k.candidate_id) FROM resume_contacts k "
        "JOIN role_candidates rc ON rc.candidate_id = k.candidate_id AND rc.role_id = ? "
        "JOIN candidates c ON c.id = k.candidate_id AND c.erased_at IS NULL "
        f"WHERE k.value IN ({marks})",
        (role_id, *keys),
    )
    return None if value is None else int(value)


def in_role(db: Database, role_id: int, candidate_id: int) -> bool:
    return (
        db.query_one(
            "SELECT 1 FROM role_candidates WHERE role_id = ? AND candidate_id = ?",
            (role_id, candidate_id),
        )
        is not None
    )


def add_to_role(
    db: Database,
    role_id: int,
    candidate_id: int,
    *,
    added_at: str,
    status: str,
    duplicate_of: int | None,
) -> None:
    db.execute(
        "INSERT INTO role_candidates (role_id, candidate_id, added_at, status, duplicate_of) "
        "VALUES (?, ?, ?, ?, ?)",
        (role_id, candidate_id, added_at, status, duplicate_of),
    )


def role_candidate_ids(db: Database, role_id: int) -> list[int]:
    rows = db.query(
        "SELECT rc.candidate_id FROM role_candidates rc JOIN candidates c "
        "ON c.id = rc.candidate_id AND c.erased_at IS NULL WHERE rc.role_id = ? "
        "ORDER BY rc.candidate_id",
        (role_id,),
    )
    return [int(r[0]) for r in rows]


def save_screening(
    db: Database,
    role_id: int,
    candidate_id: int,
    screening: Screening,
    *,
    criteria_version: int,
    model: dict[str, Any],
    taxonomy_version: str,
    scored_at: str,
    scored_by: str,
) -> None:
    """Store (or, for the same criteria version, replace) a candidate's screening."""
    db.execute(
        "INSERT OR REPLACE INTO screenings (role_id, candidate_id, criteria_version, score, "
        "meets_must_haves, missing_json, label, result_json, model_json, taxonomy_version, "
        "scored_at, scored_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            role_id,
            candidate_id,
            criteria_version,
            float(screening.score),
            int(bool(screening.meets_must_haves)),
            dumps(list(screening.missing)),
            str(screening.label),
            dumps(screening.to_json_dict()),
            dumps(model),
            taxonomy_version,
            scored_at,
            scored_by,
        ),
    )
