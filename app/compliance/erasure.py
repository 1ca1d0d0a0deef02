"""Erasing a candidate on request, with a deletion certificate.

Order, and why:

1. Refuse early (permission, unknown or erased candidate, legal hold, a request
   that is not this candidate's open erasure request): nothing has changed yet.
2. Cancel the candidate's running jobs, so none writes their data again.
3. One transaction: crypto-shred (`CandidateRepo.delete`: the media key, the rows
   via the schema's triggers: resumes, screenings, transcripts, analysis results
   with their face observations and thumbnails, ratings, decisions, demographics,
   holds, restrictions, request notes), close the request, audit-log the erasure,
   read the audit-chain head and store the certificate in `erasures`. A crash
   (kill -9) before the commit leaves the candidate whole; after it, erased.
4. After the commit: checkpoint the WAL (old page images gone) and remove the
   media files. Their key is destroyed, so a folder a crash left behind is noise;
   `remove_orphaned_media` removes it at the next erasure.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from analysis.tasks import NullTask, Task
from app.accounts import Permission, now_iso
from app.compliance.certificate import ErasureCertificate, ExportedCopy
from app.compliance.inventory import exports_of
from app.errors import (
    CandidateErased,
    CandidateNotFound,
    CandidateOnLegalHold,
    InvalidInput,
    WorkspaceLocked,
)
from app.storage.db import Database

if TYPE_CHECKING:
    from app.workspace import Session

log = logging.getLogger("candor.compliance")

_SESSIONS = "SELECT id FROM interview_sessions WHERE candidate_id = ?"
_RUNS = "SELECT id FROM analysis_runs WHERE candidate_id = ?"

#: What erasing destroys, counted before it happens (each query takes the candidate id).
_COUNTS: dict[str, str] = {
    "resumes": "SELECT count(*) FROM resumes WHERE candidate_id = ?",
    "resume_contacts": "SELECT count(*) FROM resume_contacts WHERE candidate_id = ?",
    "role_memberships": "SELECT count(*) FROM role_candidates WHERE candidate_id = ?",
    "screenings": "SELECT count(*) FROM screenings WHERE candidate_id = ?",
    "interview_answers": "SELECT count(*) FROM answers WHERE media_ref_json IS NOT NULL "
    f"AND session_id IN ({_SESSIONS})",
    "invitations_closed": "SELECT count(*) FROM interview_sessions WHERE candidate_id = ? "
    "AND (code_hash IS NOT NULL OR status IN ('invited', 'in_progress'))",
    "consent_evidence": "SELECT count(*) FROM consents WHERE evidence_ref IS NOT NULL "
    f"AND session_id IN ({_SESSIONS})",
    "analysis_answers": "SELECT count(*) FROM analysis_answers WHERE candidate_id = ?",
    "analysis_runs": "SELECT count(*) FROM analysis_runs WHERE candidate_id = ?",
    "analysis_results": f"SELECT count(*) FROM analysis_step_results WHERE run_id IN ({_RUNS})",
    "identity_results": "SELECT count(*) FROM analysis_step_results WHERE step IN "
    f"('video', 'identity') AND status != 'off' AND run_id IN ({_RUNS})",
    "ratings": "SELECT count(*) FROM answer_ratings WHERE candidate_id = ?",
    "decisions": "SELECT count(*) FROM decisions WHERE candidate_id = ?",
    "demographics": "SELECT count(*) FROM demographics WHERE candidate_id = ?",
    "processing_restrictions": "SELECT count(*) FROM processing_restrictions "
    "WHERE candidate_id = ?",
    "request_notes": "SELECT count(*) FROM data_requests WHERE candidate_id = ? AND note != ''",
}


def erase_candidate(
    session: Session,
    candidate_id: int,
    *,
    request_id: int | None = None,
    cancel_jobs: Callable[[int], None] | None = None,
    task: Task | None = None,
) -> ErasureCertificate:
    """Erase the candidate for good and return the deletion certificate (also stored).

    Raises PermissionDenied (administrators only), CandidateNotFound, CandidateErased,
    CandidateOnLegalHold, or InvalidInput for a request that does not fit.
    """
    session.user.require(Permission.ERASE_CANDIDATES)
    task = task or NullTask()
    db = session.db
    check_erasable(db, candidate_id)
    if request_id is not None:
        _check_request(db, candidate_id, request_id)
    task.progress(0.05, "Stopping the candidate's jobs")
    if cancel_jobs is not None:
        cancel_jobs(candidate_id)
    task.check()  # the last moment a cancel is honoured: from here it runs to the end
    files, size = _media_on_disk(session, candidate_id)
    task.progress(0.2, "Destroying the candidate's key and data")
    with db.transaction():
        check_erasable(db, candidate_id)  # again, under the write lock
        destroyed = {"media_key": 1, "profile": 1, **footprint(db, candidate_id)}
        destroyed.update({"media_files": files, "media_bytes": size})
        copies = tuple(
            ExportedCopy(e.id, e.kind, e.path, e.exported_by, e.exported_at)
            for e in exports_of(db, candidate_id=candidate_id, limit=100_000)
        )
        destroyed["exported_copies"] = len(copies)
        session.candidates.delete(candidate_id)
        erased_at = now_iso()
        if request_id is not None:
            db.execute(
                "UPDATE data_requests SET status = 'fulfilled', closed_by = ?, closed_at = ? "
                "WHERE id = ?",
                (session.user.name, erased_at, request_id),
            )
        session.audit.record(
            "candidate.erased",
            f"candidate:{candidate_id}",
            {
                "request": request_id,
                "kinds_destroyed": sum(1 for v in destroyed.values() if v),
                "media_files": files,
                "exported_copies": len(copies),
            },
        )
        seq, head = db.query_one("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1") or (
            0,
            "",
        )
        certificate = ErasureCertificate(
            candidate_id=candidate_id,
            erased_at=erased_at,
            erased_by=session.user.name,
            request_id=request_id,
            destroyed={k: v for k, v in destroyed.items() if v},
            audit_seq=int(seq),
            audit_hash=str(head),
            exported_copies=copies,
        )
        db.execute(
            "INSERT INTO erasures (candidate_id, request_id, erased_by, erased_at, "
            "certificate_json) VALUES (?, ?, ?, ?, ?)",
            (candidate_id, request_id, session.user.name, erased_at, certificate.to_json()),
        )
    # Committed: CandidateRepo.delete's after-commit work has checkpointed and removed files.
    task.progress(0.9, "Removing left-over files")
    remove_orphaned_media(session)
    task.progress(1.0, "Erased")
    log.info("a candidate was erased (%d media files)", files)
    return certificate


def footprint(db: Database, candidate_id: int) -> dict[str, int]:
    """How many records of each kind the workspace holds about the candidate."""
    return {
        kind: int(db.scalar(sql, (candidate_id,) * sql.count("?")) or 0)
        for kind, sql in _COUNTS.items()
    }


def check_erasable(db: Database, candidate_id: int) -> None:
    """CandidateNotFound, CandidateErased or CandidateOnLegalHold; else nothing."""
    row = db.query_one("SELECT erased_at FROM candidates WHERE id = ?", (candidate_id,))
    if row is None:
        raise CandidateNotFound(candidate_id)
    if row[0] is not None:
        raise CandidateErased(candidate_id)
    if db.scalar("SELECT 1 FROM legal_holds WHERE candidate_id = ?", (candidate_id,)):
        raise CandidateOnLegalHold(candidate_id)


def stored_certificate(session: Session, candidate_id: int) -> ErasureCertificate | None:
    """The certificate kept in the workspace for an erased candidate (None if not erased)."""
    session.user.require(Permission.ERASE_CANDIDATES)
    text = session.db.scalar(
        "SELECT certificate_json FROM erasures WHERE candidate_id = ?", (candidate_id,)
    )
    return None if text is None else ErasureCertificate.from_json(str(text))


def remove_orphaned_media(session: Session) -> int:
    """Remove media folders of erased candidates (left by a crash); returns how many.

    Their key is destroyed, so the files are unreadable noise: removing them only
    frees space and leaves nothing for a forensic look to puzzle over.
    """
    root = session.media.root
    if not root.is_dir():
        return 0
    numbers = [int(p.name) for p in root.iterdir() if p.is_dir() and p.name.isdigit()]
    scratch = root / ".scratch"
    if scratch.is_dir():
        numbers += [int(p.name) for p in scratch.iterdir() if p.is_dir() and p.name.isdigit()]
    if not numbers:
        return 0
    erased = {
        int(r[0]) for r in session.db.query("SELECT id FROM candidates WHERE erased_at IS NOT NULL")
    }
    removed = 0
    for number in sorted(set(numbers) & erased):
        session.media.delete_candidate(number)
        removed += 1
    if removed:
        with contextlib.suppress(WorkspaceLocked):
            session.db.checkpoint()
    return removed


def _check_request(db: Database, candidate_id: int, request_id: int) -> None:
    row = db.query_one(
        "SELECT candidate_id, kind, status FROM data_requests WHERE id = ?", (request_id,)
    )
    if row is None:
        raise InvalidInput(
            f"Request #{request_id} does not exist.", "List the requests: candor requests list."
        )
    if int(row[0]) != candidate_id:
        raise InvalidInput(
            f"Request #{request_id} is about another candidate, not #{candidate_id}.",
            "Give the number of this candidate's erasure request.",
        )
    if str(row[1]) != "erasure":
        raise InvalidInput(
            f"Request #{request_id} is a request of kind {row[1]}, not erasure.",
            "Give the number of this candidate's erasure request.",
        )
    if str(row[2]) != "open":
        raise InvalidInput(f"Request #{request_id} is already closed ({row[2]}).")


def _media_on_disk(session: Session, candidate_id: int) -> tuple[int, int]:
    folder: Path = session.media.root / str(candidate_id)
    if not folder.is_dir():
        return 0, 0
    files = [p for p in folder.iterdir() if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)
