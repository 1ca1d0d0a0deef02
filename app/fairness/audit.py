"""The adverse-impact audit of one role (NYC Local Law 144 style), per stage and category.

Stages, and what "selected" means in each:
- screening: everyone with a screening score; selected = invited to the role's
  interview (the step screening feeds). Scoring rate = share scoring above the
  median of the whole stage sample (LL144's definition).
- decision: everyone whose current decision for the role is advance or decline;
  selected = advance. People on hold are not decided yet: counted apart, not in rates.

Per category: counts, selection rate, impact ratio against the category with
the highest rate, the four-fifths flag, a small-sample warning and Fisher's exact
test (two-sided) plus a two-proportion z-test against that reference category.
Categories under 2% of the sample are shown but left out of the ratios.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from app.accounts import Permission, now_iso
from app.fairness.demographics import (
    RACE_ETHNICITY_CATEGORIES,
    SEX_CATEGORIES,
    DemographicsStore,
)
from app.fairness.illinois import illinois_rows
from app.fairness.model import (
    FOUR_FIFTHS,
    MIN_SHARE,
    SMALL_SAMPLE,
    BiasAudit,
    CategoryRow,
    DimensionTable,
    StageAudit,
)
from app.fairness.population import (
    Person,
    intersection,
    load_people,
    role_title,
    sorted_categories,
)
from app.fairness.stats import fisher_exact_two_sided, median, two_proportion_z

if TYPE_CHECKING:
    from app.workspace import Session

__all__ = ["BiasAudit", "build_audit", "stage_audit"]

Key = Callable[[Person], "str | None"]
_INTERSECTIONS = [f"{s} / {r}" for s in SEX_CATEGORIES[:-1] for r in RACE_ETHNICITY_CATEGORIES[:-1]]
_DIMENSIONS: tuple[tuple[str, Key, Sequence[str]], ...] = (
    ("sex", lambda p: p.sex, SEX_CATEGORIES),
    ("race_ethnicity", lambda p: p.race_ethnicity, RACE_ETHNICITY_CATEGORIES),
    ("intersectional", intersection, _INTERSECTIONS),
)


def build_audit(
    session: Session, role_id: int, *, date_from: date | None = None, date_to: date | None = None
) -> BiasAudit:
    """The role's audit; administrators only (it reads the demographics), audit-logged."""
    session.user.require(Permission.MANAGE_COMPLIANCE)
    title = role_title(session, role_id)
    with session.db.transaction():
        people = load_people(session, role_id, date_from, date_to)
        synthetic = DemographicsStore(session).synthetic_count(p.candidate_id for p in people)
        session.audit.record(
            "fairness.audit_built",
            f"role:{role_id}",
            {
                "candidates": len(people),
                "from": date_from.isoformat() if date_from else None,
                "to": date_to.isoformat() if date_to else None,
            },
        )
    return audit_of(role_id, title, people, date_from, date_to, synthetic=synthetic)


def audit_of(
    role_id: int,
    title: str,
    people: Sequence[Person],
    date_from: date | None = None,
    date_to: date | None = None,
    *,
    synthetic: int = 0,
) -> BiasAudit:
    """The audit of an already loaded population (pure: tests and benchmarks use it).

    `synthetic`: how many of the people's demographic answers were generated, not given;
    the report then says so, so a sample can never pass for a real audit.
    """
    scored = [p for p in people if p.score is not None]
    decided = [p for p in people if p.decision in ("advance", "decline")]
    on_hold = sum(p.decision == "hold" for p in people)
    screening = stage_audit(
        "screening",
        "Screening (automated resume score)",
        "invited to the role's interview",
        scored,
        [p.invited for p in scored],
        scores=[float(p.score or 0.0) for p in scored],
    )
    decision = stage_audit(
        "decision",
        "Interview and decision",
        "advanced by a person (decision 'advance'); people on hold are not counted",
        decided,
        [p.decision == "advance" for p in decided],
        on_hold=on_hold,
    )
    notes = []
    if synthetic:
        notes.append(
            f"SYNTHETIC DATA: the demographic answers of {synthetic} of {len(people)} "
            "candidates were generated for a demonstration, not given by the candidates."
        )
    if not decided:
        notes.append("Not enough data for the decision stage: no decisions recorded yet.")
    if not scored:
        notes.append("Not enough data for the screening stage: no one has been scored yet.")
    unknown = sum(p.sex is None and p.race_ethnicity is None for p in people)
    if people and unknown:
        notes.append(
            f"{unknown} of {len(people)} candidates gave no demographic answers "
            "(or preferred not to say); they are counted as unknown."
        )
    return BiasAudit(
        role_id=role_id,
        role_title=title,
        date_from=date_from.isoformat() if date_from else None,
        date_to=date_to.isoformat() if date_to else None,
        generated_at=now_iso(),
        candidates=len(people),
        stages=(screening, decision),
        illinois=illinois_rows(people),
        notes=tuple(notes),
        candidate_ids=tuple(p.candidate_id for p in people),
    )


def stage_audit(
    stage: str,
    title: str,
    selected_means: str,
    people: Sequence[Person],
    selected: Sequence[bool],
    *,
    scores: Sequence[float] | None = None,
    on_hold: int = 0,
) -> StageAudit:
    """One stage: a table per dimension, or none at all when nobody is in the sample."""
    if not people:
        note = f"Not enough data: nobody has reached the {stage} stage for this role yet."
        return StageAudit(stage, title, selected_means, 0, (), on_hold=on_hold, note=note)
    cut = median(scores) if scores is not None else None
    above = [s > cut for s in scores] if scores is not None and cut is not None else None
    tables = tuple(
        _table(name, [key(p) for p in people], order, selected, above)
        for name, key, order in _DIMENSIONS
    )
    note = "" if any(selected) else "No one in this stage has been selected yet."
    return StageAudit(
        stage, title, selected_means, len(people), tables, cut, on_hold=on_hold, note=note
    )


def _table(
    dimension: str,
    keys: Sequence[str | None],
    order: Sequence[str],
    selected: Sequence[bool],
    above: Sequence[bool] | None,
) -> DimensionTable:
    total = len(keys)
    counts: dict[str, list[int]] = {}  # category -> [count, selected, above median]
    for key, chosen, high in zip(keys, selected, above or [False] * total, strict=True):
        if key is not None:
            tally = counts.setdefault(key, [0, 0, 0])
            tally[0] += 1
            tally[1] += chosen
            tally[2] += high
    unknown = total - sum(t[0] for t in counts.values())
    cats = sorted_categories(counts, order)
    included = [c for c in cats if counts[c][0] / total >= MIN_SHARE]
    ref = max(included, key=lambda c: counts[c][1] / counts[c][0], default=None)
    score_ref = max(included, key=lambda c: counts[c][2] / counts[c][0], default=None)
    if above is None:
        score_ref = None
    rows = tuple(
        _row(
            c,
            counts[c],
            total,
            c in included,
            counts.get(ref or ""),
            counts.get(score_ref or ""),
            scored=above is not None,
        )
        for c in cats
    )
    return DimensionTable(dimension, rows, unknown, ref, score_ref)


def _row(
    category: str,
    tally: list[int],
    total: int,
    included: bool,
    ref: list[int] | None,
    score_ref: list[int] | None,
    *,
    scored: bool,
) -> CategoryRow:
    n, chosen, high = tally
    rate = chosen / n
    ratio = _ratio(rate, ref) if included else None
    scoring_rate = high / n if scored else None
    scoring_ratio = _ratio(high / n, score_ref, column=2) if included and scored else None
    p_fisher = p_z = None
    if included and ref is not None and ref is not tally:
        p_fisher = fisher_exact_two_sided(chosen, n - chosen, ref[1], ref[0] - ref[1])
        p_z = two_proportion_z(chosen, n, ref[1], ref[0])[1]
    return CategoryRow(
        category=category,
        count=n,
        share=n / total,
        selected=chosen,
        selection_rate=rate,
        impact_ratio=ratio,
        above_median=high if scored else None,
        scoring_rate=scoring_rate,
        scoring_impact_ratio=scoring_ratio,
        under_min_share=not included,
        small_sample=n < SMALL_SAMPLE,
        four_fifths_flag=ratio is not None and ratio < FOUR_FIFTHS - 1e-9,
        scoring_flag=scoring_ratio is not None and scoring_ratio < FOUR_FIFTHS - 1e-9,
        p_fisher=p_fisher,
        p_z=p_z,
    )


def _ratio(rate: float, ref: list[int] | None, column: int = 1) -> float | None:
    if ref is None or ref[column] == 0:
        return None
    return rate / (ref[column] / ref[0])
