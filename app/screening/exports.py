"""Exports of a role's ranked candidates: CSV, JSON (profiles in the JSON Resume schema)
and the shortlist PDF. Every export is audit-logged; files are written atomically and
owner-only (they hold candidate data).

`blind=True` leaves out names, contact details, links, location and graduation years,
and redacts them from quoted evidence (`app.screening.blind`).
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analysis.resume import ResumeProfile
from app.accounts import Permission
from app.reports.shortlist import Shortlist, ShortlistEntry, ShortlistPart, write_shortlist
from app.screening import store
from app.screening.blind import Redactor, blind_label
from app.screening.json_resume import to_json_resume
from app.screening.screenings import CandidateRow, latest_screening, ranked_rows

if TYPE_CHECKING:
    from analysis.scoring import RoleCriteria
    from app.workspace import Session

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?\d[\d.]*\Z")  # e.g. an E.164 phone number: no formula to run


@dataclass(frozen=True)
class _Ranked:
    rank: int
    row: CandidateRow
    profile: ResumeProfile
    screening: dict[str, Any]  # already redacted when blind


def export_csv(session: Session, role_id: int, path: Path, *, blind: bool) -> Path:
    """One row per candidate, best first; part points as columns."""
    criteria, ranked = _gather(session, role_id, blind=blind)
    part_names = list(dict.fromkeys(p["name"] for r in ranked for p in _parts(r.screening)))
    header = ["rank", "candidate_id"]
    header += ["candidate"] if blind else ["name", "email", "phone"]
    header += ["score", "label", "meets_must_haves", "missing", "status", "duplicate_of"]
    header += ["years", "education", "skills", "criteria_version"]
    header += [f"points_{name}" for name in part_names]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for r in ranked:
        row = r.row
        points = {p["name"]: p.get("points", 0.0) for p in _parts(r.screening)}
        cells: list[object] = [r.rank, row.candidate_id]
        if blind:
            cells.append(blind_label(row.candidate_id))
        else:
            cells += [
                row.display_name,
                r.profile.emails[0].value if r.profile.emails else "",
                r.profile.phones[0].e164 if r.profile.phones else "",
            ]
        cells += [
            f"{row.score:.1f}",
            row.label,
            "yes" if row.meets_must_haves else "no",
            "; ".join(row.missing),
            row.status,
            row.duplicate_of or "",
            f"{row.years:.1f}",
            row.education or "",
            "; ".join(row.skills),
            row.criteria_version,
        ]
        cells += [_number(points.get(name)) for name in part_names]
        writer.writerow([csv_safe(c) for c in cells])
    write_atomic(path, buffer.getvalue().encode("utf-8"))
    _audit(session, role_id, "csv", blind, ranked, criteria.version, path)
    return path


def export_json(session: Session, role_id: int, path: Path, *, blind: bool) -> Path:
    """The role, its criteria and every candidate: rank, score parts with evidence, and
    the profile as a JSON Resume document."""
    criteria, ranked = _gather(session, role_id, blind=blind)
    document = {
        "format": "candor-screening-export",
        "format_version": 1,
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "blind": blind,
        "note": "Candor recommends; a person decides. Scores reject nobody.",
        "role": {
            "id": role_id,
            "criteria_version": criteria.version,
            "criteria": criteria.to_dict(),
        },
        "candidates": [
            {
                "rank": r.rank,
                "candidate_id": r.row.candidate_id,
                "display_name": blind_label(r.row.candidate_id) if blind else r.row.display_name,
                "score": r.row.score,
                "label": r.row.label,
                "meets_must_haves": r.row.meets_must_haves,
                "missing": list(r.row.missing),
                "status": r.row.status,
                "duplicate_of": r.row.duplicate_of,
                "criteria_version": r.row.criteria_version,
                "screening": r.screening,
                "resume": to_json_resume(r.profile, blind=blind),
            }
            for r in ranked
        ],
    }
    payload = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    write_atomic(path, payload.encode("utf-8"))
    _audit(session, role_id, "json", blind, ranked, criteria.version, path)
    return path


def export_shortlist_pdf(
    session: Session, role_id: int, path: Path, *, blind: bool, top: int | None = None
) -> Path:
    """The shortlist PDF (`app.reports.shortlist`) of the `top` best candidates (all if None)."""
    criteria, ranked = _gather(session, role_id, blind=blind)
    chosen = ranked if top is None else ranked[: max(0, top)]
    shortlist = Shortlist(
        role_title=criteria.title,
        criteria_version=criteria.version,
        criteria=criteria_lines(criteria),
        blind=blind,
        entries=[_entry(r, blind) for r in chosen],
        total_candidates=len(ranked),
    )
    write_shortlist(shortlist, path)
    Path(path).chmod(0o600)
    _audit(session, role_id, "pdf", blind, chosen, criteria.version, path)
    return path


def criteria_lines(criteria: RoleCriteria) -> list[tuple[str, str]]:
    lines = [("Role", criteria.title)]
    if criteria.description:
        lines.append(("Description", criteria.description))
    lines.append(("Must have", ", ".join(criteria.must_have) or "-"))
    preferred = ", ".join(f"{p.skill} (weight {p.weight:g})" for p in criteria.preferred)
    lines.append(("Preferred", preferred or "-"))
    if criteria.min_years is not None:
        lines.append(("Minimum experience", f"{criteria.min_years:g} years"))
    if criteria.min_education is not None:
        lines.append(("Minimum education", criteria.min_education.replace("_", " ")))
    if criteria.keywords:
        lines.append(("Keywords", ", ".join(criteria.keywords)))
    weights = criteria.part_weights.as_dict()
    lines.append(
        ("Part weights", ", ".join(f"{k.replace('_', ' ')} {v:g}" for k, v in weights.items()))
    )
    return lines


# -- internals -----------------------------------------------------------------------


def _gather(session: Session, role_id: int, *, blind: bool) -> tuple[RoleCriteria, list[_Ranked]]:
    session.user.require(Permission.READ_CANDIDATES)
    criteria = session.roles.get(role_id)
    db = session.db
    with db.transaction():  # one consistent snapshot of the role
        rows = ranked_rows(db, role_id)
        ranked = []
        for rank, row in enumerate(rows, start=1):
            profile = store.load_resume(db, row.candidate_id).profile
            screening = latest_screening(db, role_id, row.candidate_id)
            if blind:
                screening = Redactor.for_profile(profile, row.display_name).screening(screening)
            ranked.append(_Ranked(rank, row, profile, screening))
    return criteria, ranked


def _parts(screening: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for part in screening.get("parts", ()):
        if isinstance(part, dict) and "name" in part:
            yield part


def _evidence_texts(part: dict[str, Any]) -> tuple[str, ...]:
    texts = []
    for item in part.get("evidence", ()):
        text = item.get("text") if isinstance(item, dict) else item
        if isinstance(text, str) and text.strip():
            texts.append(" ".join(text.split()))
    return tuple(dict.fromkeys(texts))


def _entry(r: _Ranked, blind: bool) -> ShortlistEntry:
    contact = ""
    if not blind:
        values = [e.value for e in r.profile.emails[:1]] + [p.e164 for p in r.profile.phones[:1]]
        contact = " | ".join(values)
    return ShortlistEntry(
        rank=r.rank,
        candidate=blind_label(r.row.candidate_id) if blind else r.row.display_name,
        contact=contact,
        score=r.row.score,
        label=r.row.label,
        meets_must_haves=r.row.meets_must_haves,
        missing=r.row.missing,
        status=r.row.status
        + (f" (of #{r.row.duplicate_of})" if r.row.duplicate_of is not None else ""),
        years=r.row.years,
        education=r.row.education,
        parts=tuple(
            ShortlistPart(
                name=str(p["name"]),
                points=float(p.get("points", 0.0)),
                max_points=float(p.get("max_points", 0.0)),
                weight=float(p.get("weight", 0.0)),
                explanation=str(p.get("explanation", "")),
                evidence=_evidence_texts(p),
            )
            for p in _parts(r.screening)
        ),
    )


def _number(value: object) -> str:
    return f"{float(value):.1f}" if isinstance(value, int | float) else ""


def csv_safe(value: object) -> object:
    """Text a spreadsheet would run as a formula gets a leading apostrophe (CSV injection)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _NUMBER.match(value):
        return "'" + value
    return value


def write_atomic(path: Path, data: bytes) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.part")
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        temp.replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise


def _audit(
    session: Session,
    role_id: int,
    kind: str,
    blind: bool,
    ranked: list[_Ranked],
    version: int,
    path: Path,
) -> None:
    """Audit-log the export and record the file in the export inventory (erasure names it)."""
    from app.compliance.inventory import record_export

    ids = [r.row.candidate_id for r in ranked]
    with session.db.transaction():
        session.audit.record(
            "candidates.exported",
            f"role:{role_id}",
            {"format": kind, "blind": blind, "candidates": len(ids), "criteria_version": version},
        )
        record_export(session, f"shortlist_{kind}", path, ids, blind=blind, role_id=role_id)
