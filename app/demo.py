"""The demo job: a demo workspace with sample people, data and the reports it exports.

Run by `candor demo` (headless, or before the GUI opens on the result). It is
idempotent: a second run reopens the workspace and refreshes the outputs. The
demo's content grows as the resume, kiosk and analysis features land.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

from analysis.models import ModelRegistry
from analysis.scoring import load_criteria_yaml
from analysis.tasks import NullTask, Task
from app.accounts import Role
from app.demo_compliance import write_bias_audit_sample, write_erasure_sample
from app.demo_interview import DEMO_CANDIDATE, DemoMaterialUnavailable, run_demo_interview
from app.paths import resources_dir
from app.policy import load_policy
from app.reports.workspace_summary import ModelLine, WorkspaceSummary, write_workspace_summary
from app.screening.exports import export_csv, export_shortlist_pdf
from app.screening.importing import import_resumes
from app.workspace import Session, Workspace

log = logging.getLogger("candor.demo")

DEMO_ADMIN = "admin"
# The demo workspace holds only fictional people; its password is documented in the README.
DEMO_PASSWORD = "candor-demo"  # noqa: S105
DEMO_POLICY = "general"
DEMO_KIOSK_PIN = "246810"  # staff PIN to leave the demo's kiosk mode (documented in the README)
DEMO_USERS = (("rita", Role.RECRUITER), ("rene", Role.REVIEWER), ("kiosk-1", Role.KIOSK))


@dataclass
class DemoResult:
    workspace: Path
    outputs: list[Path] = field(default_factory=list)
    candidates: int = 0
    models_available: int = 0
    models_total: int = 0
    audit_ok: bool = False
    notes: list[str] = field(default_factory=list)

    def summary_lines(self) -> list[str]:
        lines = [
            f"Demo workspace: {self.workspace} (sign in as {DEMO_ADMIN} / {DEMO_PASSWORD}; "
            f"kiosk operator PIN {DEMO_KIOSK_PIN})",
            f"Candidates: {self.candidates}",
            f"Models available: {self.models_available} of {self.models_total}",
            f"Audit log: {'intact' if self.audit_ok else 'DAMAGED'}",
        ]
        lines += [f"Wrote {path}" for path in self.outputs]
        lines += self.notes
        return lines


def _open_or_create(workspace: Path) -> Session:
    if Workspace.is_workspace(workspace):
        return Workspace.open(workspace, DEMO_ADMIN, DEMO_PASSWORD)
    return Workspace.create(workspace, DEMO_ADMIN, DEMO_PASSWORD, policy_id=DEMO_POLICY)


def _ensure_users(session: Session) -> None:
    existing = {user.name for user in session.users.list()}
    for name, role in DEMO_USERS:
        if name not in existing:
            session.users.add(name, role, DEMO_PASSWORD)
    if not session.interviews.kiosk_pin_is_set():
        session.interviews.set_kiosk_pin(DEMO_KIOSK_PIN)


def _screen_sample_resumes(session: Session, registry: ModelRegistry, task: Task) -> int:
    """Create the sample role (once) and import and score the sample resumes.

    Re-running is safe: the import reports the same files as duplicates and
    stores nothing twice. Returns the role's id.
    """
    role_yaml = (resources_dir() / "demo" / "role.yaml").read_text(encoding="utf-8")
    criteria = load_criteria_yaml(role_yaml, session.roles.taxonomy())
    role_id = session.roles.find_by_title(criteria.title)
    if role_id is None:
        role_id = session.roles.create(criteria)
    import_resumes(
        session, role_id, [resources_dir() / "demo" / "resumes"], task, registry=registry
    )
    return role_id


def _sample_interview(
    session: Session,
    workspace: Path,
    out_dir: Path,
    registry: ModelRegistry,
    role_id: int,
    task: Task,
    notes: list[str],
) -> list[Path]:
    """The sample candidate's recorded, analysed interview and its reports (if it can be made)."""
    ids = [
        c
        for c in session.candidates.ids()
        if session.candidates.get(c).display_name == DEMO_CANDIDATE
    ]
    if not ids:
        return []
    try:
        return run_demo_interview(
            session, workspace, out_dir,
            registry=registry, candidate_id=ids[0], role_id=role_id, task=task,
            kiosk_user="kiosk-1", kiosk_password=DEMO_PASSWORD,
        )  # fmt: skip
    except DemoMaterialUnavailable as exc:
        log.warning("demo interview skipped: %s", exc.message)
        notes.append(exc.user_text())
        return []


def _export_screening(session: Session, role_id: int, reports: Path) -> list[Path]:
    return [
        export_shortlist_pdf(session, role_id, reports / "shortlist.pdf", blind=False),
        export_shortlist_pdf(session, role_id, reports / "shortlist-blind.pdf", blind=True),
        export_csv(session, role_id, reports / "shortlist.csv", blind=False),
    ]


def _model_lines(registry: ModelRegistry) -> tuple[list[ModelLine], list[dict[str, object]]]:
    lines, records = [], []
    for status in registry.status():
        model = status.model
        if status.available and model is not None:
            text = f"{model.name} {model.version} on {model.device}"
            lines.append(ModelLine(status.label, True, text, model.sha256, ""))
        else:
            lines.append(ModelLine(status.label, False, status.problem, "", status.fix))
        records.append(
            {
                "capability": str(status.capability),
                "available": status.available,
                "model": None if model is None else model.name,
                "version": None if model is None else model.version,
                "sha256": None if model is None else model.sha256,
                "device": None if model is None else model.device,
                "problem": status.problem,
                "fix": status.fix,
            }
        )
    return lines, records


def run_demo_job(out_dir: Path, *, model_dir: Path, task: Task | None = None) -> DemoResult:
    task = task or NullTask()
    workspace = out_dir / "workspace"
    result = DemoResult(workspace)
    out_dir.mkdir(parents=True, exist_ok=True)
    with _open_or_create(workspace) as session:
        task.progress(0.1, "Preparing demo users")
        _ensure_users(session)
        registry = ModelRegistry(model_dir)
        role_id = _screen_sample_resumes(session, registry, task.slice(0.1, 0.4))
        result.outputs += _sample_interview(
            session, workspace, out_dir, registry, role_id, task.slice(0.4, 0.75), result.notes
        )
        task.progress(0.75, "Checking models")
        model_lines, model_records = _model_lines(registry)
        models_json = out_dir / "models.json"
        models_json.write_text(json.dumps(model_records, indent=2), encoding="utf-8")
        result.outputs.append(models_json)
        task.progress(0.8, "Writing reports")
        audit = session.audit.verify()
        users = session.users.list()
        summary = WorkspaceSummary(
            workspace_name=workspace.name,
            policy=load_policy(session.policy_id),
            users=[(u.name, str(u.role), u.disabled) for u in users],
            models=model_lines,
            candidate_count=session.candidates.count(),
            media_files=sum(len(session.media.file_ids(c)) for c in session.candidates.ids()),
            audit_entries=audit.entries,
            audit_ok=audit.ok,
            audit_problems=audit.problems,
        )
        reports = out_dir / "reports"
        result.outputs += _export_screening(session, role_id, reports)
        task.progress(0.85, "Writing the compliance samples")
        result.outputs.append(write_bias_audit_sample(session, role_id, reports))
        result.outputs += write_erasure_sample(session, reports)
        pdf = write_workspace_summary(summary, reports / "workspace-summary.pdf")
        session.audit.record("report.export", "workspace-summary")
        result.outputs.append(pdf)
        result.candidates = summary.candidate_count
        result.models_total = len(model_lines)
        result.models_available = sum(line.available for line in model_lines)
        result.audit_ok = audit.ok
    task.progress(1.0, "Demo ready")
    log.info("demo ready: %d candidates, %d outputs", result.candidates, len(result.outputs))
    return result
