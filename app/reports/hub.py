"""What the Reports page asks of the workspace that no other module owns.

The page lists candidates, writes several reports into one folder and names the
files itself, so these use cases sit here rather than in the views: the views run
no SQL and apply no rules. Every file written holds candidate data (except the
workspace summary), is owner-only, and is audit-logged without that data.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from analysis.models import ModelRegistry
from analysis.tasks import NullTask, Task
from app.accounts import Permission
from app.analysis_pipeline.store import AnalysisStore
from app.compliance.inventory import record_export
from app.errors import InvalidInput
from app.jobs import JobRunner
from app.workspace import Session

SHORTLIST_FORMATS = ("pdf", "csv", "json")


@dataclass(frozen=True)
class CandidateChoice:
    """A candidate the page can act on: number, name and whether an analysis exists."""

    id: int
    name: str
    analysed: bool

    def label(self, *, blind: bool) -> str:
        return f"Candidate #{self.id}" if blind else f"#{self.id} {self.name}"


def candidate_choices(session: Session) -> list[CandidateChoice]:
    """Candidates not erased, oldest first; the listing is audit-logged as one entry."""
    session.user.require(Permission.EXPORT_CANDIDATE_DATA)
    store = AnalysisStore(session.db)
    rows = session.db.query(
        "SELECT id, display_name FROM candidates WHERE erased_at IS NULL ORDER BY id"
    )
    choices = [
        CandidateChoice(int(r[0]), str(r[1]), store.latest_complete(int(r[0])) is not None)
        for r in rows
    ]
    session.audit.record("candidates.listed", "reports", {"count": len(choices)})
    return choices


def check_folder(folder: Path) -> Path:
    """The folder, made if missing; a clear error when Candor cannot write there."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _unwritable(folder) from exc
    if not folder.is_dir() or not os.access(folder, os.W_OK | os.X_OK):
        raise _unwritable(folder)
    return folder


def _unwritable(folder: Path) -> InvalidInput:
    return InvalidInput(
        f"Candor cannot write to the folder {folder}.",
        "Choose a folder you may write to (for example one in your home folder).",
    )


def write_candidate_reports(
    session: Session,
    candidate_ids: Sequence[int],
    folder: Path,
    *,
    blind: bool,
    task: Task | None = None,
) -> list[Path]:
    """One interview report PDF per candidate in `folder`, audit-logged and in the inventory."""
    from app.reports.candidate import build_candidate_report, write_candidate_report

    session.user.require(Permission.EXPORT_CANDIDATE_DATA)
    task = task or NullTask()
    check_folder(folder)
    written: list[Path] = []
    for index, candidate_id in enumerate(candidate_ids):
        task.check()
        task.progress(index / len(candidate_ids), f"Report {index + 1} of {len(candidate_ids)}")
        report = build_candidate_report(session, candidate_id)
        path = folder / f"candidate-{candidate_id}{'-blind' if blind else ''}.pdf"
        _written(write_candidate_report(report, path, blind=blind))
        with session.db.transaction():
            session.audit.record(
                "report.exported",
                f"candidate:{candidate_id}",
                {"kind": "candidate", "blind": blind},
            )
            record_export(session, "candidate_report", path, [candidate_id], blind=blind)
        written.append(path)
    task.progress(1.0, "Reports written")
    return written


def export_shortlist(
    session: Session, role_id: int, folder: Path, fmt: str, *, blind: bool
) -> Path:
    """A role's ranked candidates as PDF, CSV or JSON, named after the role."""
    from app.screening import exports

    session.user.require(Permission.EXPORT_CANDIDATE_DATA)
    if fmt not in SHORTLIST_FORMATS:
        raise InvalidInput(f"Unknown shortlist format {fmt!r}.", "Choose PDF, CSV or JSON.")
    check_folder(folder)
    title = session.roles.get(role_id).title
    path = folder / f"{_slug(title)}-shortlist{'-blind' if blind else ''}.{fmt}"
    write = {
        "pdf": exports.export_shortlist_pdf,
        "csv": exports.export_csv,
        "json": exports.export_json,
    }[fmt]
    write(session, role_id, path, blind=blind)  # audit-logged and in the inventory
    return _written(path)


def write_workspace_summary(session: Session, model_dir: Path, folder: Path) -> Path:
    """The workspace summary PDF (policy, users, models, audit state; no candidate data)."""
    from app.policy import load_policy
    from app.reports import workspace_summary as ws

    session.user.require(Permission.MANAGE_USERS)  # it lists the user accounts
    check_folder(folder)
    lines: list[ws.ModelLine] = []
    for status in ModelRegistry(model_dir).status():
        model = status.model
        if status.available and model is not None:
            text = f"{model.name} {model.version} on {model.device}"
            lines.append(ws.ModelLine(status.label, True, text, model.sha256, ""))
        else:
            lines.append(ws.ModelLine(status.label, False, status.problem, "", status.fix))
    audit = session.audit.verify()
    summary = ws.WorkspaceSummary(
        workspace_name=session.path.name,
        policy=load_policy(session.policy_id),
        users=[(u.name, str(u.role), u.disabled) for u in session.users.list()],
        models=lines,
        candidate_count=session.candidates.count(),
        media_files=sum(len(session.media.file_ids(c)) for c in session.candidates.ids()),
        audit_entries=audit.entries,
        audit_ok=audit.ok,
        audit_problems=audit.problems,
    )
    path = _written(ws.write_workspace_summary(summary, folder / "workspace-summary.pdf"))
    session.audit.record("report.export", "workspace-summary")
    return path


def _written(path: Path) -> Path:
    Path(path).chmod(0o600)
    return Path(path)


def _slug(title: str) -> str:
    import re

    slug = re.sub(r"[^a-z0-9]+", "-", title.casefold()).strip("-")
    return slug[:60] or "role"


@dataclass(frozen=True)
class Erased:
    """Where the deletion certificate went and the exported copies left to delete by hand."""

    paths: tuple[Path, ...]
    copies: tuple[str, ...]


def cancel_other_jobs(jobs: JobRunner, keep_group: str) -> Callable[[int], None]:
    """What erasure calls first: cancel every running job except the erasure's own group.

    Jobs do not say which candidate they touch, so all of them stop: none may write
    the candidate's data again while it is being destroyed.
    """

    def cancel(_candidate_id: int) -> None:
        for job in jobs.active():
            if job.group != keep_group:
                jobs.cancel(job.job_id)

    return cancel


def erase_with_certificate(
    session: Session,
    candidate_id: int,
    folder: Path,
    *,
    request_id: int | None = None,
    cancel_jobs: Callable[[int], None] | None = None,
    task: Task | None = None,
) -> Erased:
    """Erase the candidate, then write the certificate (the folder is checked first)."""
    from app.compliance.certificate import export_certificate
    from app.compliance.erasure import erase_candidate

    session.user.require(Permission.ERASE_CANDIDATES)
    check_folder(folder)
    certificate = erase_candidate(
        session, candidate_id, request_id=request_id, cancel_jobs=cancel_jobs, task=task
    )
    pdf, data = export_certificate(session, certificate, folder)
    copies = tuple(c.path for c in certificate.exported_copies)
    return Erased((pdf, data), copies)
