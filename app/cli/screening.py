"""`candor parse` and `candor screen`: resume screening from the command line.

`parse` needs no workspace and stores nothing: it prints what was read from each
file. `screen` signs in to a workspace, imports the files for a role (created from,
or updated to, the given criteria YAML), scores them and prints or writes the ranking.
Heavy libraries (spaCy, pypdfium2) are imported inside the commands so that
`candor --help` stays fast.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import logging
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from analysis.errors import CandorError
from app.cli.common import (
    ExitCode,
    Subparsers,
    add_model_options,
    add_workspace_options,
    model_registry,
    open_session,
)

if TYPE_CHECKING:
    from app.screening.importing import ImportReport
    from app.workspace import Session

log = logging.getLogger("candor.cli")

_EMPTY_PROFILE: dict[str, Any] = {
    "name": None,
    "emails": [],
    "phones": [],
    "links": [],
    "location": None,
    "skills": [],
    "education": [],
    "experience": [],
    "total_experience_years": 0.0,
    "languages": [],
}
_CONTACT_KEYS = ("name", "emails", "phones", "links", "location")


def register(sub: Subparsers) -> None:
    """Add the `parse` and `screen` commands to `candor`'s sub-command parser."""
    p = sub.add_parser(
        "parse",
        help="read resume files and print what was found (stores nothing)",
        description="Read resumes (PDF, DOCX, ODT, TXT; folders recursively) and print one "
        "profile per file. Needs no workspace and stores nothing.",
    )
    p.add_argument("paths", nargs="+", metavar="FILE_OR_DIR")
    p.add_argument("--format", choices=["json"], default="json", help="output format (json)")
    p.add_argument("--jsonl", action="store_true", help="one JSON object per line")
    _model_opts(p)
    p.set_defaults(func=cmd_parse)

    p = sub.add_parser(
        "screen",
        help="import resumes into a workspace, score them for a role and rank them",
        description="With --password-stdin, line 1 is your password. The role is created "
        "from ROLE.yaml, or, when a role with its title exists, the criteria are saved as "
        "its new version if they differ.",
    )
    add_workspace_options(p)
    p.add_argument("--role", metavar="ROLE.yaml", required=True, help="role criteria file")
    p.add_argument("paths", nargs="+", metavar="FILE_OR_DIR")
    p.add_argument("--format", choices=["json", "csv", "pdf"], default="json")
    p.add_argument("--out", metavar="PATH", help="write here instead of standard output")
    p.add_argument("--blind", action="store_true", help="hide names and contact details")
    p.add_argument("--top", type=int, metavar="N", help="PDF: only the N best candidates")
    _model_opts(p)
    p.set_defaults(func=cmd_screen)


def _model_opts(p: argparse.ArgumentParser) -> None:
    add_model_options(p)
    p.add_argument(
        "--timeout", type=float, default=20.0, metavar="S", help="seconds allowed per file"
    )


# -- parse ----------------------------------------------------------------------------


def cmd_parse(args: argparse.Namespace, out: TextIO) -> int:
    from analysis.documents import extract_many
    from analysis.resume import Taxonomy
    from analysis.tasks import NullTask
    from app.screening.importing import expand_paths
    from app.screening.parsing import resume_parser

    files = expand_paths([Path(p) for p in args.paths])
    if not files:
        raise CandorError("No files found to read.", "Give resume files or folders holding them.")
    parser, _ = resume_parser(model_registry(args), Taxonomy.load_default())
    extracted = dict(extract_many(files, NullTask(), timeout_s=args.timeout))
    readable = [path for path in files if extracted[path].ok]
    profiles = dict(
        zip(readable, parser.parse_many([extracted[p].text for p in readable]), strict=True)
    )
    first_of: dict[str, Path] = {}
    records = []
    for path in files:
        doc = extracted[path]
        record: dict[str, Any] = {
            "file": str(path),
            "status": doc.status.value,
            "message": doc.message,
        }
        profile = profiles.get(path)
        record.update(_EMPTY_PROFILE if profile is None else profile.to_json_dict())
        if doc.ok:
            seen = first_of.setdefault(doc.sha256, path)
            if seen != path:
                record["status"] = "duplicate"
                record["message"] = f"Same content as {seen}."
        records.append(record)
    _write_records(records, out, jsonl=args.jsonl)
    return ExitCode.OK


def _write_records(records: list[dict[str, Any]], out: TextIO, *, jsonl: bool) -> None:
    if jsonl:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    else:
        out.write(json.dumps(records, ensure_ascii=False, indent=2) + "\n")


# -- screen ---------------------------------------------------------------------------


def cmd_screen(args: argparse.Namespace, out: TextIO) -> int:
    from analysis.tasks import TaskState
    from app.screening.exports import export_shortlist_pdf
    from app.screening.importing import import_resumes

    if args.format == "pdf" and not args.out:
        raise CandorError("A PDF needs a file to go to.", "Add --out shortlist.pdf.")
    role_text = _read_role(Path(args.role))
    registry = model_registry(args)
    paths = [Path(p) for p in args.paths]
    with open_session(args) as session:
        role_id = role_for(session, role_text)
        report = import_resumes(
            session, role_id, paths, TaskState(_log_progress), registry=registry,
            timeout_s=args.timeout,
        )  # fmt: skip
        if args.format == "pdf":
            path = export_shortlist_pdf(
                session, role_id, Path(args.out), blind=args.blind, top=args.top
            )
            out.write(f"Wrote {path}\n")
            return ExitCode.OK
        records = screen_records(session, role_id, report, blind=args.blind)
        session.audit.record(
            "candidates.exported",
            f"role:{role_id}",
            {"format": f"cli-{args.format}", "blind": args.blind, "candidates": len(records)},
        )
    text = (
        _csv_text(records)
        if args.format == "csv"
        else json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    )
    if args.out:
        from app.screening.exports import write_atomic

        write_atomic(Path(args.out), text.encode("utf-8"))
        out.write(f"Wrote {args.out}\n")
    else:
        out.write(text)
    return ExitCode.OK


def _log_progress(fraction: float, text: str) -> None:
    log.debug("screen %3.0f%% %s", fraction * 100, text)


def _read_role(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CandorError(
            f"The role file {path} cannot be read.",
            "Check the path; it must be a UTF-8 YAML file (see docs/role-yaml.md).",
        ) from exc


def role_for(session: Session, role_text: str) -> int:
    """The role these criteria describe: an existing role with the same title (its
    criteria saved as a new version when they differ), or a new one."""
    from analysis.scoring import load_criteria_yaml

    criteria = load_criteria_yaml(role_text, session.roles.taxonomy())  # CriteriaInvalid
    existing = session.roles.find_by_title(criteria.title)
    if existing is None:
        return session.roles.create(criteria)
    current = session.roles.get(existing)
    if replace(current, version=0) != replace(criteria, version=0):
        session.roles.save_version(existing, criteria)
    return existing


def screen_records(
    session: Session, role_id: int, report: ImportReport, *, blind: bool
) -> list[dict[str, Any]]:
    """One record per file of the import, ranked: scored candidates best first, then the
    files that could not be screened, in input order."""
    from app.screening import store
    from app.screening.blind import Redactor
    from app.screening.screenings import latest_screening

    scored, unscored = [], []
    with session.db.transaction():
        for item in report.files:
            record: dict[str, Any] = {
                "file": item.path or item.name,
                "status": item.status,
                "message": item.message,
                "candidate_id": item.candidate_id,
                "duplicate_of": item.duplicate_of,
            }
            # A file already in the role shows the score of the candidate it duplicates.
            shown = item.candidate_id if item.candidate_id is not None else item.duplicate_of
            if shown is None:
                record.update(score=None, meets_must_haves=None, missing=[], parts=[], profile=None)
                unscored.append(record)
                continue
            profile = store.load_resume(session.db, shown).profile
            screening = latest_screening(session.db, role_id, shown)
            profile_json = profile.to_json_dict()
            if blind:
                screening = Redactor.for_profile(profile).screening(screening)
                profile_json.update({key: None for key in _CONTACT_KEYS})
            record.update(
                score=screening.get("score"),
                meets_must_haves=screening.get("meets_must_haves"),
                missing=screening.get("missing", []),
                label=screening.get("label"),
                parts=[
                    {
                        "name": part.get("name"),
                        "points": part.get("points"),
                        "max_points": part.get("max_points"),
                        "weight": part.get("weight"),
                        "evidence": part.get("evidence", []),
                    }
                    for part in screening.get("parts", [])
                ],
                profile=profile_json,
            )
            scored.append(record)
    scored.sort(key=lambda r: -(r["score"] or 0.0))  # stable: ties keep the input order
    ranked = [{"rank": i, **r} for i, r in enumerate(scored, start=1)]
    return ranked + [{"rank": None, **r} for r in unscored]


def _csv_text(records: list[dict[str, Any]]) -> str:
    from app.screening.exports import csv_safe

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    header = ["rank", "file", "status", "candidate_id", "duplicate_of", "score", "meets_must_haves"]
    header += ["missing", "name", "emails", "skills", "years", "parts", "message"]
    writer.writerow(header)
    for r in records:
        profile = r.get("profile") or {}
        parts = "; ".join(f"{p['name']} {p['points']:.1f}" for p in r.get("parts", []))
        row = [
            r["rank"], r["file"], r["status"], r["candidate_id"], r["duplicate_of"],
            "" if r["score"] is None else f"{r['score']:.1f}",
            "" if r["meets_must_haves"] is None else ("yes" if r["meets_must_haves"] else "no"),
            "; ".join(r.get("missing", [])), profile.get("name") or "",
            "; ".join(profile.get("emails") or []), "; ".join(profile.get("skills") or []),
            profile.get("total_experience_years", ""), parts, r["message"],
        ]  # fmt: skip
        writer.writerow([csv_safe(c) for c in row])
    return buffer.getvalue()
