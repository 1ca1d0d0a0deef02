"""The workspace summary PDF: policy, users, model status and audit state.

It holds no candidate data beyond counts, so it can go to IT or a works council.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.platypus import Flowable, Spacer

from app.policy import Policy
from app.reports.common import BODY, H2, SMALL, TITLE, build_pdf, para, table


@dataclass(frozen=True)
class ModelLine:
    capability: str
    available: bool
    model: str  # "name version on device" or the problem
    checksum: str
    fix: str


@dataclass(frozen=True)
class WorkspaceSummary:
    workspace_name: str
    policy: Policy
    users: Sequence[tuple[str, str, bool]]  # name, role, disabled
    models: Sequence[ModelLine]
    candidate_count: int
    media_files: int
    audit_entries: int
    audit_ok: bool
    audit_problems: Sequence[str]


def write_workspace_summary(summary: WorkspaceSummary, path: Path) -> Path:
    p = summary.policy
    story: list[Flowable] = [
        para("Candor workspace summary", TITLE),
        para(f"Workspace: {summary.workspace_name}"),
        para(
            f"Candidates: {summary.candidate_count}; encrypted media files: {summary.media_files}"
        ),
        Spacer(1, 8),
        para(f"Policy: {p.name}", H2),
        para(p.description),
        para(
            f"Jurisdiction: {p.jurisdiction}. Face identity templates need: "
            f"{p.identity_consent.replace('_', ' ')}."
        ),
        para("Allowed analyses: " + ", ".join(sorted(p.allowed_analyses)).replace("_", " ")),
        table(
            [("Data", "Kept for (days)")]
            + [(k.replace("_", " "), str(v)) for k, v in p.retention_days.items()]
        ),
        Spacer(1, 6),
        para(f"Notice shown to candidates (version {p.notice_version})", BODY),
        para(p.rendered_notice(), SMALL),
        para("Users", H2),
        table(
            [("Name", "Role", "Status")]
            + [(n, r, "disabled" if d else "active") for n, r, d in summary.users]
        ),
        para("Models", H2),
        table(
            [("Capability", "Model / problem", "SHA-256", "Fix")]
            + [(m.capability, m.model, m.checksum[:16], m.fix) for m in summary.models]
        ),
        para("Audit log", H2),
        para(
            f"{summary.audit_entries} entries; hash chain "
            + ("verified intact." if summary.audit_ok else "DAMAGED:")
        ),
    ]
    story += [para(f"- {problem}", SMALL) for problem in summary.audit_problems]
    return build_pdf(path, "Candor workspace summary", story)
