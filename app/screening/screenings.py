"""Reading and refreshing a role's screenings (Session.screenings).

`rows` serves a candidate table of thousands of rows from small stored summaries
(one audit entry per listing, not per row); `detail` is the audited read of one
candidate's resume, profile and score evidence; `rescore` scores every candidate
of a role against the role's current criteria in one call. The analysis packages
are imported inside the methods that need them.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from analysis.tasks import Task
from app.accounts import Permission, User, now_iso
from app.audit import AuditLog
from app.media import MediaRef, MediaStore
from app.screening.errors import CandidateNotInRole
from app.screening.roles import RoleRepo
from app.signin import Clock
from app.storage.db import Database

if TYPE_CHECKING:
    from analysis.models import ModelRegistry
    from analysis.resume import ResumeParser

log = logging.getLogger("candor.screening")

RESCORE_CHUNK = 100
NOT_SCORED = "not scored"


@dataclass(frozen=True)
class CandidateRow:
    """One line of a role's candidate table: plain data, cheap to build for 10 000 rows."""

    candidate_id: int
    display_name: str
    score: float
    meets_must_haves: bool
    missing: tuple[str, ...]
    label: str
    status: str  # "parsed", or "duplicate" (possibly the same person as `duplicate_of`)
    imported_at: str
    criteria_version: int  # 0 when not scored yet
    skills: tuple[str, ...]
    years: float
    education: str | None  # highest level found, e.g. "master"
    duplicate_of: int | None = None


@dataclass(frozen=True)
class CandidateDetail:
    candidate_id: int
    display_name: str
    resume_text: str
    profile: dict[str, Any]  # to_json_dict() + "highlights" (spans) + "warnings"
    screening: dict[str, Any]  # Screening.to_json_dict(), evidence with spans; {} if unscored
    criteria_version: int
    role_id: int
    file_name: str
    model: dict[str, Any]  # spaCy name/version/sha256/device/source, taxonomy_version, scored_at/by
    status: str = "parsed"
    duplicate_of: int | None = None


_ROWS_SQL = """
SELECT rc.candidate_id, c.display_name, rc.status, rc.added_at, rc.duplicate_of,
       r.summary_json, s.score, s.meets_must_haves, s.missing_json, s.label, s.criteria_version
FROM role_candidates rc
JOIN candidates c ON c.id = rc.candidate_id AND c.erased_at IS NULL
JOIN resumes r ON r.candidate_id = rc.candidate_id
LEFT JOIN screenings s ON s.role_id = rc.role_id AND s.candidate_id = rc.candidate_id
    AND s.criteria_version = (SELECT max(criteria_version) FROM screenings x
                              WHERE x.role_id = rc.role_id AND x.candidate_id = rc.candidate_id)
WHERE rc.role_id = ?
ORDER BY s.score IS NULL, s.score DESC, rc.candidate_id
"""


class ScreeningRepo:
    def __init__(
        self,
        db: Database,
        audit: AuditLog,
        user: User,
        roles: RoleRepo,
        media: MediaStore,
        clock: Clock = time.time,
    ) -> None:
        self._db = db
        self._audit = audit
        self._user = user
        self._roles = roles
        self._media = media
        self._clock = clock

    def rows(self, role_id: int) -> list[CandidateRow]:
        """Every candidate of the role, best score first (unscored last); nobody left out."""
        self._user.require(Permission.READ_CANDIDATES)
        self._roles.current_version(role_id)  # RoleNotFound
        with self._db.transaction():
            rows = ranked_rows(self._db, role_id)
            self._audit.record("candidates.listed", f"role:{role_id}", {"rows": len(rows)})
        return rows

    def detail(self, role_id: int, candidate_id: int) -> CandidateDetail:
        """One candidate's resume, parsed profile with spans, and screening; audit-logged."""
        from app.screening import store
        from app.screening.profile_codec import highlights

        self._user.require(Permission.READ_CANDIDATES)
        with self._db.transaction():
            member = self._db.query_one(
                "SELECT status, duplicate_of FROM role_candidates "
                "WHERE role_id = ? AND candidate_id = ?",
                (role_id, candidate_id),
            )
            if member is None:
                raise CandidateNotInRole(role_id, candidate_id)
            resume = store.load_resume(self._db, candidate_id)
            name = str(
                self._db.scalar("SELECT display_name FROM candidates WHERE id = ?", (candidate_id,))
            )
            scored = self._db.query_one(
                "SELECT criteria_version, result_json, model_json, taxonomy_version, scored_at, "
                "scored_by FROM screenings WHERE role_id = ? AND candidate_id = ? "
                "ORDER BY criteria_version DESC LIMIT 1",
                (role_id, candidate_id),
            )
            self._audit.record(
                "candidate.read",
                f"candidate:{candidate_id}",
                {"role_id": role_id, "view": "resume"},
            )
        profile = resume.profile.to_json_dict()
        profile["highlights"] = highlights(resume.profile)
        profile["warnings"] = list(resume.parse.get("warnings", []))
        profile["certifications"] = [c.value for c in resume.profile.certifications]
        # The language model and taxonomy behind the score shown (those of the parse
        # when it is not scored yet): name, version, sha256, device, source.
        model: dict[str, Any] = dict(resume.parse.get("model", {}))
        model["parsed_with_taxonomy"] = resume.parse.get("taxonomy_version")
        if scored is not None:
            model.update(json.loads(str(scored[2])))
            model.update(
                taxonomy_version=str(scored[3]), scored_at=str(scored[4]), scored_by=str(scored[5])
            )
        return CandidateDetail(
            candidate_id=candidate_id,
            display_name=name,
            resume_text=resume.text,
            profile=profile,
            screening={} if scored is None else json.loads(str(scored[1])),
            criteria_version=0 if scored is None else int(scored[0]),
            role_id=role_id,
            file_name=resume.file_name,
            model=model,
            status=str(member[0]),
            duplicate_of=None if member[1] is None else int(member[1]),
        )

    def rescore(self, role_id: int, task: Task, *, registry: ModelRegistry | None = None) -> int:
        """Score every candidate of the role against its current criteria; returns how many.

        Scores come from the stored profiles. With `registry`, resumes parsed under an
        older taxonomy (workspace skills added since) are parsed again first, so new
        skills are found. Cancelling keeps the chunks already done.
        """
        from analysis.scoring import Scorer
        from app.screening import store
        from app.screening.parsing import model_record, resume_parser

        self._user.require(Permission.MANAGE_ROLES)
        criteria = self._roles.get(role_id)
        taxonomy = self._roles.taxonomy()
        taxonomy_version = self._roles.taxonomy_version()
        scorer = Scorer(criteria, taxonomy)
        parser: ResumeParser | None = None
        parser_model: dict[str, Any] = {}
        if registry is not None:
            parser, resolved = resume_parser(registry, taxonomy)
            parser_model = model_record(resolved)
        ids = store.role_candidate_ids(self._db, role_id)
        done = reparsed = 0
        try:
            for start in range(0, len(ids), RESCORE_CHUNK):
                task.check()
                task.progress(start / max(1, len(ids)), f"Scoring {start} of {len(ids)}")
                with self._db.transaction():
                    for candidate_id in ids[start : start + RESCORE_CHUNK]:
                        resume = store.load_resume(self._db, candidate_id)
                        profile, model = resume.profile, resume.parse.get("model", {})
                        if parser is not None and resume.parse.get("taxonomy_version") != (
                            taxonomy_version
                        ):
                            profile = parser.parse(resume.text)
                            model = parser_model
                            parse = {**resume.parse, "model": model}
                            parse["taxonomy_version"] = taxonomy_version
                            store.replace_profile(self._db, candidate_id, profile, parse)
                            reparsed += 1
                        store.save_screening(
                            self._db,
                            role_id,
                            candidate_id,
                            scorer.score(profile),
                            criteria_version=criteria.version,
                            model=model,
                            taxonomy_version=taxonomy_version,
                            scored_at=now_iso(self._clock),
                            scored_by=self._user.name,
                        )
                        done += 1
        finally:
            self._audit.record(
                "role.rescored",
                f"role:{role_id}",
                {"version": criteria.version, "candidates": done, "reparsed": reparsed},
            )
        task.progress(1.0, f"Scored {done} candidates")
        return done

    def original_file(self, candidate_id: int) -> bytes:
        """The resume file exactly as imported, decrypted in memory; audit-logged."""
        from app.screening import store

        self._user.require(Permission.READ_CANDIDATES)
        resume = store.load_resume(self._db, candidate_id)
        data = self._media.read_bytes(MediaRef.from_json(resume.media_json))
        self._audit.record("resume.original_read", f"candidate:{candidate_id}")
        return data


def ranked_rows(db: Database, role_id: int) -> list[CandidateRow]:
    """The role's rows, best first, without permission check or audit (callers do both)."""
    return [_row(r) for r in db.query(_ROWS_SQL, (role_id,))]


def latest_screening(db: Database, role_id: int, candidate_id: int) -> dict[str, Any]:
    value = db.scalar(
        "SELECT result_json FROM screenings WHERE role_id = ? AND candidate_id = ? "
        "ORDER BY criteria_version DESC LIMIT 1",
        (role_id, candidate_id),
    )
    return {} if value is None else dict(json.loads(str(value)))


def _row(r: tuple[Any, ...]) -> CandidateRow:
    summary = json.loads(str(r[5]))
    scored = r[6] is not None
    return CandidateRow(
        candidate_id=int(r[0]),
        display_name=str(r[1]),
        score=float(r[6]) if scored else 0.0,
        meets_must_haves=bool(r[7]) if scored else False,
        missing=tuple(json.loads(str(r[8]))) if scored else (),
        label=str(r[9]) if scored else NOT_SCORED,
        status=str(r[2]),
        imported_at=str(r[3]),
        criteria_version=int(r[10]) if scored else 0,
        skills=tuple(summary.get("skills", ())),
        years=float(summary.get("years", 0.0)),
        education=summary.get("education"),
        duplicate_of=None if r[4] is None else int(r[4]),
    )
