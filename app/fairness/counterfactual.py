"""The counterfactual check: does any protected detail move a candidate's score?

Each stored resume of the role is parsed and scored again with the role's current
criteria, then once per swap (`app.fairness.swaps`): another name, gendered words
flipped, younger age markers, another city, an added career break. Any difference
in score, parts or must-haves is reported with its cause; the expectation is none.
Candidates who asked for human-only review are skipped (this is automated analysis).
Nothing is stored except an audit-log line with counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from analysis.tasks import NullTask, Task
from app.accounts import Permission

if TYPE_CHECKING:
    from analysis.models import ModelRegistry
    from analysis.resume import ResumeParser, Taxonomy
    from analysis.scoring import Screening
    from app.workspace import Session

_TOLERANCE = 1e-6


@dataclass(frozen=True)
class ScoreChange:
    candidate_id: int
    kind: str  # name, gender_words, age, address, career_break
    swap: str  # what was changed
    score_before: float
    score_after: float
    causes: tuple[str, ...]  # the parts (and must-haves) that moved


@dataclass(frozen=True)
class CounterfactualReport:
    role_id: int
    criteria_version: int
    candidates: int  # checked
    swaps: int  # re-scorings made
    changes: tuple[ScoreChange, ...]
    skipped_human_only: int = 0
    by_kind: tuple[tuple[str, int], ...] = ()  # re-scorings made per kind of swap

    @property
    def ok(self) -> bool:
        return not self.changes


def check_role(
    session: Session,
    role_id: int,
    task: Task | None = None,
    *,
    parser: ResumeParser | None = None,
    registry: ModelRegistry | None = None,
) -> CounterfactualReport:
    """Re-score every resume of the role under each swap; administrators only."""
    from analysis.scoring import Scorer
    from app.fairness.swaps import swaps_for
    from app.screening.store import role_candidate_ids

    session.user.require(Permission.MANAGE_COMPLIANCE)
    task = task or NullTask()
    criteria = session.roles.get(role_id)  # RoleNotFound
    taxonomy = session.roles.taxonomy()
    parser = parser or _parser(registry, taxonomy)
    scorer = Scorer(criteria, taxonomy)
    ids = role_candidate_ids(session.db, role_id)
    changes: list[ScoreChange] = []
    checked = tried = human_only = 0
    kinds: dict[str, int] = {}
    for index, cid in enumerate(ids):
        task.check()
        task.progress(index / max(1, len(ids)), f"Checking {index + 1} of {len(ids)}")
        text = _resume_text(session, cid)
        if text is None:
            continue
        if _human_only(session, cid):
            human_only += 1
            continue
        profile = parser.parse(text)
        before = scorer.score(profile)
        swaps = swaps_for(text, profile)
        afters = [scorer.score(p) for p in parser.parse_many([s.text for s in swaps])]
        for swap, after in zip(swaps, afters, strict=True):
            causes = differences(before, after)
            if causes:
                changes.append(
                    ScoreChange(cid, swap.kind, swap.label, before.score, after.score, causes)
                )
        checked += 1
        tried += len(swaps)
        for swap in swaps:
            kinds[swap.kind] = kinds.get(swap.kind, 0) + 1
    task.progress(1.0, f"Checked {checked} candidates")
    session.audit.record(
        "fairness.counterfactual_checked",
        f"role:{role_id}",
        {"candidates": checked, "swaps": tried, "changes": len(changes), "human_only": human_only},
    )
    return CounterfactualReport(
        role_id, criteria.version, checked, tried, tuple(changes), human_only, tuple(kinds.items())
    )


def differences(before: Screening, after: Screening) -> tuple[str, ...]:
    """What moved between two screenings of the same resume, as plain sentences."""
    causes: list[str] = []
    points_after = {p.name: p.points for p in after.parts}
    for part in before.parts:
        new = points_after.get(part.name, 0.0)
        if abs(part.points - new) > _TOLERANCE:
            causes.append(f"{part.name}: {part.points:.2f} -> {new:.2f} points")
    if before.meets_must_haves != after.meets_must_haves:
        causes.append(
            "must-haves: " + ("met -> not met" if before.meets_must_haves else "not met -> met")
        )
    if not causes and abs(before.score - after.score) > _TOLERANCE:
        causes.append(f"score: {before.score:.2f} -> {after.score:.2f}")
    return tuple(causes)


def _parser(registry: ModelRegistry | None, taxonomy: Taxonomy) -> ResumeParser:
    from analysis.models import ModelRegistry
    from app import paths
    from app.screening.parsing import resume_parser

    return resume_parser(registry or ModelRegistry(paths.model_dir()), taxonomy)[0]


def _resume_text(session: Session, candidate_id: int) -> str | None:
    value = session.db.scalar(
        "SELECT resume_text FROM resumes WHERE candidate_id = ?", (candidate_id,)
    )
    return None if value is None or not str(value).strip() else str(value)


def _human_only(session: Session, candidate_id: int) -> bool:
    value = session.db.scalar(
        "SELECT human_only FROM processing_restrictions WHERE candidate_id = ?", (candidate_id,)
    )
    return bool(value)


def summary_lines(report: CounterfactualReport) -> Sequence[str]:
    """The report as lines for a person (CLI, views): one per change, then the verdict."""
    lines = [
        f"candidate #{c.candidate_id}: {c.swap}: {c.score_before:.2f} -> {c.score_after:.2f} "
        f"({'; '.join(c.causes)})"
        for c in report.changes
    ]
    verdict = "No score changed." if report.ok else f"{len(report.changes)} swaps changed a score."
    lines.append(
        f"Role #{report.role_id} (criteria version {report.criteria_version}): "
        f"{report.candidates} candidates, {report.swaps} swaps. {verdict}"
    )
    if report.skipped_human_only:
        lines.append(
            f"{report.skipped_human_only} candidates asked for human-only review: skipped."
        )
    return lines
