"""A candidate with data in every place Candor keeps it, each piece carrying a canary.

Name, data, resume (text, parsed profile, contacts and the encrypted file), a role
membership and a screening with evidence, an interview with recorded answers and a
signed consent waiver, an analysis (frozen answers, transcripts, face observations
with thumbnails), a rating, a decision, a data-subject request, a human-only
restriction and sealed demographics. The rows the app has no public writer for in
this test's reach are inserted with SQL, as the app would store them.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass

import spacy

from analysis.resume.parser import ResumeParser
from analysis.scoring import load_criteria_yaml
from app.analysis_pipeline.store import AnalysisStore, AnswerSpec, RunStatus, now_stamp
from app.media import MediaRef
from app.screening import store
from app.storage.db import Database
from app.workspace import Session

CANARY = "Qzvcanary4471"
ROLE_YAML = "title: Canary Engineer\nmust_have: [Python]\n"
ANSWER_BYTES = 64 * 1024
_WEBM_MAGIC = b"\x1a\x45\xdf\xa3"

_parser: ResumeParser | None = None


def parser() -> ResumeParser:
    global _parser  # one parser per test process: loading costs 0.3 s
    if _parser is None:
        _parser = ResumeParser(nlp=spacy.blank("en"))
    return _parser


@dataclass(frozen=True)
class Built:
    candidate_id: int
    role_id: int
    request_id: int
    resume: bytes
    recordings: tuple[bytes, ...]
    refs: tuple[MediaRef, ...]


def resume_text(canary: str) -> str:
    return (
        f"Ada {canary}\n{canary.lower()}@example.org | +44 20 7946 0958 | London\n\n"
        f"Summary\nEngineer who likes {canary} systems.\n\n"
        f"Experience\nSoftware Engineer\nAcme {canary} Ltd\n2018 - 2023\n"
        "Built services in Python and SQL.\n\n"
        "Skills\nPython, SQL, Docker\n"
    )


def recording(seed: int, size: int = ANSWER_BYTES) -> bytes:
    """WebM-looking bytes: the container magic, then noise (no encoder needed)."""
    return _WEBM_MAGIC + os.urandom(size - len(_WEBM_MAGIC))


def build_candidate(
    session: Session,
    canary: str = CANARY,
    *,
    answers: int = 3,
    answer_bytes: int = ANSWER_BYTES,
    role_id: int | None = None,
    text: str | None = None,
    recordings: Sequence[bytes] | None = None,
) -> Built:
    """`text` (a resume) and `recordings` replace the generated ones (benchmarks)."""
    db = session.db
    cid = session.candidates.add(f"Ada {canary}", {"note": f"met at {canary} fair"})
    if role_id is None:
        role_id = session.roles.create(load_criteria_yaml(ROLE_YAML, session.roles.taxonomy()))
    text = resume_text(canary) if text is None else text
    resume = text.encode("utf-8")
    resume_ref = session.media.put_bytes(cid, "resume", resume)
    profile = parser().parse(text)
    if recordings is None:
        recordings = [recording(i, answer_bytes) for i in range(answers)]
    recordings = tuple(recordings)
    refs = [session.media.put_bytes(cid, "answer", data) for data in recordings]
    with db.transaction():
        store.insert_resume(
            db,
            cid,
            imported_at=now_stamp(),
            file_name=f"ada-{canary}.txt",
            sha256="0" * 64,
            kind="txt",
            pages=1,
            media_json=resume_ref.to_json(),
            profile=profile,
            parse={"warnings": [canary]},
        )
        store.add_to_role(
            db, role_id, cid, added_at=now_stamp(), status="parsed", duplicate_of=None
        )
        _screening(db, role_id, cid, canary)
        waiver = session.media.put_bytes(
            cid, "waiver", json.dumps({"signed_by": f"Ada {canary}"}).encode()
        )
        _interview(db, role_id, cid, refs, waiver, canary)
        request_id = db.execute(
            "INSERT INTO data_requests (candidate_id, kind, received_on, due_on, status, note, "
            "created_by, created_at) VALUES (?, 'erasure', '2026-01-01', '2026-02-01', 'open', "
            "?, 'admin', ?)",
            (cid, f"asked by phone, {canary}", now_stamp()),
        )
        db.execute(
            "INSERT INTO processing_restrictions (candidate_id, human_only, source, set_by, "
            "set_at) VALUES (?, 1, 'staff', 'admin', ?)",
            (cid, now_stamp()),
        )
        db.execute(
            "INSERT INTO demographics (candidate_id, sealed, source, recorded_at) "
            "VALUES (?, ?, 'import', ?)",
            (cid, f"sealed {canary}".encode(), now_stamp()),
        )
    _analysis(session, cid, refs, canary)
    session.decisions.rate(cid, "q01", 4, f"Clear answer, {canary}")
    session.decisions.decide(cid, "advance", f"Strong on {canary}", role_id)
    return Built(cid, role_id, request_id, resume, recordings, (resume_ref, *refs))


def _screening(db: Database, role_id: int, cid: int, canary: str) -> None:
    result = {
        "score": 70.0,
        "parts": [
            {
                "name": "skills",
                "points": 7.0,
                "max_points": 10.0,
                "weight": 1.0,
                "explanation": "Python found",
                "evidence": [{"text": f"Python at {canary}"}],
            }
        ],
    }
    db.execute(
        "INSERT INTO screenings (role_id, candidate_id, criteria_version, score, "
        "meets_must_haves, missing_json, label, result_json, model_json, taxonomy_version, "
        "scored_at, scored_by) VALUES (?, ?, 1, 70, 1, '[]', 'good', ?, '{}', 't', ?, 'admin')",
        (role_id, cid, json.dumps(result), now_stamp()),
    )


def _interview(
    db: Database, role_id: int, cid: int, refs: list[MediaRef], waiver: MediaRef, canary: str
) -> None:
    now = now_stamp()
    set_id = db.execute(
        "INSERT INTO question_sets (name, created_by, created_at, updated_at) "
        "VALUES ('Canary set', 'admin', ?, ?)",
        (now, now),
    )
    session_id = db.execute(
        "INSERT INTO interview_sessions (candidate_id, role_id, question_set_id, status, "
        "code_hash, expires_at, created_by, created_at) "
        "VALUES (?, ?, ?, 'completed', ?, '2099-01-01', 'admin', ?)",
        (cid, role_id, set_id, os.urandom(16).hex(), now),
    )
    db.execute(
        "INSERT INTO consents (session_id, kind, policy_id, notice_version, decision, method, "
        "at, evidence_ref) VALUES (?, 'identity_template', 'general', 3, 'given', "
        "'signed_waiver', ?, ?)",
        (session_id, now, waiver.to_json()),
    )
    for position, ref in enumerate(refs, start=1):
        question = db.execute(
            "INSERT INTO questions (question_set_id, position, text, think_s, answer_s, retakes) "
            "VALUES (?, ?, ?, 10, 60, 1)",
            (set_id, position, f"Question {position}?"),
        )
        db.execute(
            "INSERT INTO answers (session_id, question_id, take, media_ref_json, status, "
            "duration_s, started_at, ended_at) VALUES (?, ?, 1, ?, 'complete', 3, ?, ?)",
            (session_id, question, ref.to_json(), now, now),
        )


def _analysis(session: Session, cid: int, refs: list[MediaRef], canary: str) -> None:
    analysis = AnalysisStore(session.db)
    source = f"interview:{cid}"
    for position, ref in enumerate(refs, start=1):
        spec = AnswerSpec(f"q{position:02d}", position, f"Question {position}?", (), ref)
        analysis.put_answer(cid, source, spec)
    run = analysis.create_run(cid, source, {}, {})
    for position in range(1, len(refs) + 1):
        key = f"q{position:02d}"
        transcript = {"status": "ok", "text": f"I worked on {canary} for years."}
        analysis.add_step(run, key, "transcribe", "ok", transcript, {}, now_stamp())
        video = {"identity": {"flagged": [{"thumbnails_jpeg_base64": [canary]}]}}
        analysis.add_step(run, key, "video", "ok", video, {}, now_stamp())
    analysis.add_step(run, "", "identity", "ok", {"reference": canary}, {}, now_stamp())
    analysis.set_status(run, RunStatus.COMPLETE)
