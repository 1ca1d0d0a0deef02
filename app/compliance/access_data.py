"""What an access export holds: every record about one candidate, read in one snapshot.

Plain reads of the candidate tables (`app.storage.m002..m006`), turned into JSON-ready
dicts, and the list of their encrypted media files with the name each gets in the
export. Left out on purpose, and said so in the JSON: the sealed demographics (only
the bias audit may read them), internal keys and hashes, and legal hold reasons
(the organisation's, not the candidate's, information).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from app.errors import CandidateErased, CandidateNotFound
from app.media import MediaRef
from app.screening import store
from app.screening.json_resume import to_json_resume
from app.storage.db import Database, Row

SCHEMA_VERSION = 1
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")

NOT_INCLUDED = [
    "Voluntary demographics: kept sealed for the bias audit only; ask the administrator.",
    "Encryption keys, login-code hashes and other internal security values.",
]


@dataclass(frozen=True)
class MediaItem:
    """An encrypted file of the candidate and its path inside the export."""

    name: str
    ref: MediaRef


class _Files:
    """The media files met while reading, once each (an interview answer is often also
    an analysed answer); recordings get the extension their container calls for."""

    def __init__(self, extension: Callable[[MediaRef], str]) -> None:
        self._extension = extension
        self.items: dict[str, MediaItem] = {}

    def add(self, name: str, ref: MediaRef | None, *, recording: bool = False) -> str | None:
        if ref is None:
            return None
        known = self.items.get(ref.file_id)
        if known is None:
            known = MediaItem(name + (self._extension(ref) if recording else ""), ref)
            self.items[ref.file_id] = known
        return known.name


def safe_name(text: str, fallback: str = "file") -> str:
    cleaned = _UNSAFE.sub("_", text).strip("._")[:80]
    return cleaned or fallback


def gather(
    db: Database, candidate_id: int, extension: Callable[[MediaRef], str]
) -> tuple[dict[str, Any], list[MediaItem]]:
    """The export's candidate.json document (less its header) and its media files;
    `extension(ref)` names a recording's file type (".webm")."""
    row = db.query_one(
        "SELECT created_at, display_name, data_json, erased_at FROM candidates WHERE id = ?",
        (candidate_id,),
    )
    if row is None:
        raise CandidateNotFound(candidate_id)
    if row[3] is not None:
        raise CandidateErased(candidate_id)
    media = _Files(extension)
    document: dict[str, Any] = {
        "candidate": {
            "id": candidate_id,
            "created_at": row[0],
            "display_name": row[1],
            "data": json.loads(str(row[2])),
        },
        "resume": _resume(db, candidate_id, media),
        "roles": _dicts(
            db,
            "SELECT rc.role_id, r.title, rc.added_at, rc.status, rc.duplicate_of "
            "FROM role_candidates rc JOIN roles r ON r.id = rc.role_id "
            "WHERE rc.candidate_id = ? ORDER BY rc.role_id",
            (candidate_id,),
        ),
        "screenings": _screenings(db, candidate_id),
        "interviews": _interviews(db, candidate_id, media),
        "analysis": _analysis(db, candidate_id, media),
        "ratings": _dicts(
            db,
            "SELECT answer_key, reviewer, stars, comment, rated_at, superseded_at "
            "FROM answer_ratings WHERE candidate_id = ? ORDER BY id",
            (candidate_id,),
        ),
        "decisions": _dicts(
            db,
            "SELECT role_id, outcome, reason, decided_by, decided_at FROM decisions "
            "WHERE candidate_id = ? ORDER BY id",
            (candidate_id,),
        ),
        "requests": _dicts(
            db,
            "SELECT id, kind, received_on, due_on, status, note, closed_by, closed_at "
            "FROM data_requests WHERE candidate_id = ? ORDER BY id",
            (candidate_id,),
        ),
        "processing_restriction": next(
            iter(
                _dicts(
                    db,
                    "SELECT human_only, source, set_by, set_at FROM processing_restrictions "
                    "WHERE candidate_id = ?",
                    (candidate_id,),
                )
            ),
            None,
        ),
        "not_included": NOT_INCLUDED,
    }
    document["consents"] = [c for i in document["interviews"] for c in i["consents"]]
    return document, list(media.items.values())


def audit_entries(db: Database, candidate_id: int) -> list[dict[str, Any]]:
    """The audit log entries whose subject is this candidate (they hold no candidate data)."""
    return [
        {
            "seq": int(r[0]),
            "at": r[1],
            "actor": r[2],
            "action": r[3],
            "details": json.loads(str(r[4])) if r[4] else {},
            "hash": r[5],
        }
        for r in db.query(
            "SELECT seq, ts, actor, action, details, hash FROM audit_log "
            "WHERE subject = ? ORDER BY seq",
            (f"candidate:{candidate_id}",),
        )
    ]


# -- parts ----------------------------------------------------------------------------


def _resume(db: Database, candidate_id: int, media: _Files) -> dict[str, Any] | None:
    row = db.query_one(
        "SELECT imported_at, pages, summary_json, profile_json FROM resumes WHERE candidate_id = ?",
        (candidate_id,),
    )
    if row is None:
        return None
    stored = store.load_resume(db, candidate_id)
    ref = _ref(stored.media_json)
    entry: dict[str, Any] = {
        "file_name": stored.file_name,
        "kind": stored.kind,
        "pages": row[1],
        "imported_at": row[0],
        "sha256": stored.sha256,
        "json_resume": to_json_resume(stored.profile, blind=False),
        "candor": {
            "summary": json.loads(str(row[2])),
            "parsed_profile": json.loads(str(row[3])),
            "warnings": list(stored.profile.warnings),
        },
        "text": stored.text,
        "file": None,
    }
    if ref is not None:
        suffix = stored.file_name.rpartition(".")[2] if "." in stored.file_name else stored.kind
        name = f"resume/{safe_name(stored.file_name.rpartition('.')[0], 'resume')}"
        entry["file"] = media.add(f"{name}.{safe_name(suffix, 'bin')}", ref)
    return entry


def _screenings(db: Database, candidate_id: int) -> list[dict[str, Any]]:
    rows = db.query(
        "SELECT role_id, criteria_version, score, meets_must_haves, missing_json, label, "
        "result_json, scored_at, scored_by FROM screenings WHERE candidate_id = ? "
        "ORDER BY role_id, criteria_version",
        (candidate_id,),
    )
    return [
        {
            "role_id": r[0],
            "criteria_version": r[1],
            "score": r[2],
            "meets_must_haves": bool(r[3]),
            "missing": json.loads(str(r[4])),
            "label": r[5],
            "result_with_evidence": json.loads(str(r[6])),
            "scored_at": r[7],
            "scored_by": r[8],
        }
        for r in rows
    ]


def _interviews(db: Database, candidate_id: int, media: _Files) -> list[dict[str, Any]]:
    interviews = []
    for s in _dicts(
        db,
        "SELECT id, role_id, question_set_id, status, expires_at, created_by, created_at, "
        "started_at, ended_at FROM interview_sessions WHERE candidate_id = ? ORDER BY id",
        (candidate_id,),
    ):
        answers = []
        for a in _dicts(
            db,
            "SELECT a.id, q.position, q.text AS question, a.take, a.status, a.reason, "
            "a.duration_s, a.started_at, a.ended_at, a.replaced_by, a.media_ref_json "
            "FROM answers a JOIN questions q ON q.id = a.question_id "
            "WHERE a.session_id = ? ORDER BY q.position, a.take",
            (s["id"],),
        ):
            ref = _ref(a.pop("media_ref_json"))
            name = f"recordings/interview-{s['id']}-q{a['position']:02d}-take{a['take']}"
            a["file"] = media.add(name, ref, recording=True)
            answers.append(a)
        consents = []
        for c in _dicts(
            db,
            "SELECT id, kind, policy_id, notice_version, decision, method, at, evidence_ref "
            "FROM consents WHERE session_id = ? ORDER BY id",
            (s["id"],),
        ):
            ref = _ref(c.pop("evidence_ref"))
            name = f"consents/signed-waiver-{c['id']}.json"
            c["evidence_file"] = media.add(name, ref)
            consents.append(c)
        interviews.append({**s, "answers": answers, "consents": consents})
    return interviews


def _analysis(db: Database, candidate_id: int, media: _Files) -> dict[str, Any]:
    answers = []
    for a in _dicts(
        db,
        "SELECT source, answer_key, position, question_json, media_json, created_at "
        "FROM analysis_answers WHERE candidate_id = ? ORDER BY source, position",
        (candidate_id,),
    ):
        a["question"] = json.loads(str(a.pop("question_json")))
        ref = _ref(a.pop("media_json"))
        name = f"recordings/analysed-{safe_name(a['source'])}-{safe_name(a['answer_key'])}"
        a["file"] = media.add(name, ref, recording=True)
        answers.append(a)
    runs = []
    for r in _dicts(
        db,
        "SELECT id, source, created_at, finished_at, status, settings_json, models_json "
        "FROM analysis_runs WHERE candidate_id = ? ORDER BY id",
        (candidate_id,),
    ):
        r["settings"] = json.loads(str(r.pop("settings_json")))
        r["models"] = json.loads(str(r.pop("models_json")))
        r["steps"] = [
            {**step, "result": json.loads(str(step.pop("result_json")))}
            for step in _dicts(
                db,
                "SELECT answer_key, step, status, result_json, started_at, finished_at "
                "FROM analysis_step_results WHERE run_id = ? ORDER BY answer_key, started_at",
                (r["id"],),
            )
        ]
        runs.append(r)
    return {"answers": answers, "runs": runs}


def _ref(text: object) -> MediaRef | None:
    if not isinstance(text, str) or not text:
        return None
    try:
        return MediaRef.from_json(text)
    except ValueError:
        return None


def _dicts(db: Database, sql: str, params: tuple[object, ...]) -> list[dict[str, Any]]:
    rows: list[Row] = db.query(sql, params)
    names = _columns(sql)
    return [dict(zip(names, r, strict=True)) for r in rows]


def _columns(sql: str) -> list[str]:
    """Result names of a simple SELECT: the alias, else the column after any 'x.'."""
    select = sql.split("SELECT", 1)[1].split(" FROM ", 1)[0]
    names = []
    for part in select.split(","):
        part = part.strip()
        name = part.rsplit(" AS ", 1)[1] if " AS " in part else part
        names.append(name.rsplit(".", 1)[-1].strip())
    return names
