"""The adverse-impact audit: rates, ratios, flags and tests, checked against fairlearn and
SciPy on generated candidates whose outcomes are known exactly."""

from __future__ import annotations

from datetime import date

import pandas as pd  # type: ignore[import-untyped]
import pytest
from fairlearn.metrics import MetricFrame, selection_rate  # type: ignore[import-untyped]
from scipy.stats import fisher_exact  # type: ignore[import-untyped]

from analysis.scoring import RoleCriteria
from app.accounts import Role
from app.errors import PermissionDenied
from app.fairness.audit import build_audit
from app.fairness.illinois import reporting_period
from app.fairness.model import BiasAudit, DimensionTable, StageAudit
from app.fairness.population import load_people
from app.fairness.stats import fisher_exact_two_sided, median, two_proportion_z
from app.fairness.synthetic import SyntheticGroup as G
from app.fairness.synthetic import populate
from app.screening.errors import RoleNotFound
from app.workspace import Session, Workspace

PASSWORD = "a long enough password"
# (sex, race, count, invited, advanced, declined, mean score)
GROUPS = [
    G("Male", "White", 200, 100, 60, 20, 65),
    G("Female", "White", 200, 80, 40, 30, 60),
    G("Male", "Black or African American", 100, 40, 20, 20, 60),
    G("Female", "Black or African American", 100, 30, 10, 20, 55),
    G("Female", "Asian", 60, 30, 15, 10, 62),
    G("Male", "Hispanic or Latino", 8, 4, 2, 2, 60),  # under 2% of 700
    G(None, None, 32, 10, 5, 5, 60),  # no answers
]


@pytest.fixture
def role_id(session: Session) -> int:
    return session.roles.create(RoleCriteria(title="Backend developer", min_years=2))


@pytest.fixture
def audit(session: Session, role_id: int) -> BiasAudit:
    populate(session, role_id, GROUPS)
    return build_audit(session, role_id)


def _stage(audit: BiasAudit, name: str) -> StageAudit:
    return next(s for s in audit.stages if s.stage == name)


def _dim(stage: StageAudit, name: str) -> DimensionTable:
    return next(t for t in stage.tables if t.dimension == name)


def _frame(session: Session, role_id: int, stage: str) -> pd.DataFrame:
    """The same people as fairlearn sees them: one row each, y_pred = selected."""
    people = load_people(session, role_id, None, None)
    if stage == "screening":
        rows = [(p.sex, p.race_ethnicity, int(p.invited)) for p in people if p.score is not None]
    else:
        rows = [
            (p.sex, p.race_ethnicity, int(p.decision == "advance"))
            for p in people
            if p.decision in ("advance", "decline")
        ]
    return pd.DataFrame(rows, columns=["sex", "race", "selected"])


@pytest.mark.parametrize("stage", ["screening", "decision"])
@pytest.mark.parametrize("dimension", ["sex", "race_ethnicity"])
def test_selection_rates_and_impact_ratios_match_fairlearn(
    session: Session, role_id: int, audit: BiasAudit, stage: str, dimension: str
) -> None:
    frame = _frame(session, role_id, stage)
    known = frame.dropna(subset=["sex" if dimension == "sex" else "race"])
    column = known["sex" if dimension == "sex" else "race"]
    mf = MetricFrame(
        metrics=selection_rate,
        y_true=known["selected"],
        y_pred=known["selected"],
        sensitive_features=column,
    )
    table = _dim(_stage(audit, stage), dimension)
    ours = {r.category: r.selection_rate for r in table.rows}
    assert ours == pytest.approx(mf.by_group.to_dict())
    included = [r for r in table.rows if not r.under_min_share]
    top = max(mf.by_group[r.category] for r in included)
    for row in included:
        assert row.impact_ratio == pytest.approx(mf.by_group[row.category] / top)
    assert table.unknown == len(frame) - len(known)


def test_known_rates_ratios_and_flags_of_the_screening_stage(audit: BiasAudit) -> None:
    sex = _dim(_stage(audit, "screening"), "sex")
    rows = {r.category: r for r in sex.rows}
    assert (rows["Male"].count, rows["Male"].selected) == (308, 144)
    assert (rows["Female"].count, rows["Female"].selected) == (360, 140)
    assert sex.reference == "Male" and rows["Male"].impact_ratio == 1.0
    assert rows["Female"].impact_ratio == pytest.approx((140 / 360) / (144 / 308))
    # 0.83: passes four fifths, yet the difference is significant (p = 0.04)
    assert not rows["Female"].four_fifths_flag and rows["Female"].significant
    assert sex.unknown == 32
    race = {r.category: r for r in _dim(_stage(audit, "screening"), "race_ethnicity").rows}
    assert race["Black or African American"].impact_ratio == pytest.approx((70 / 200) / 0.5)
    assert race["Black or African American"].four_fifths_flag
    assert race["Asian"].impact_ratio == 1.0  # 30 of 60: the highest rate
    assert race["White"].selection_rate == pytest.approx(0.45)
    assert race["White"].impact_ratio == pytest.approx(0.9) and not race["White"].four_fifths_flag


def test_a_category_under_two_percent_is_shown_but_left_out_of_the_ratios(
    audit: BiasAudit,
) -> None:
    race = _dim(_stage(audit, "screening"), "race_ethnicity")
    hispanic = next(r for r in race.rows if r.category == "Hispanic or Latino")
    assert hispanic.count == 8 and hispanic.under_min_share and hispanic.small_sample
    assert hispanic.impact_ratio is None and hispanic.p_fisher is None
    assert hispanic.selection_rate == 0.5  # still shown


def test_intersectional_categories_combine_sex_and_race(audit: BiasAudit) -> None:
    cross = {r.category: r for r in _dim(_stage(audit, "decision"), "intersectional").rows}
    # decided = advanced + declined; selected = advanced
    assert cross["Male / White"].count == 80 and cross["Male / White"].selection_rate == 0.75
    assert cross["Female / Black or African American"].selection_rate == pytest.approx(1 / 3)
    assert cross["Female / Black or African American"].impact_ratio == pytest.approx((1 / 3) / 0.75)
    assert cross["Female / Black or African American"].four_fifths_flag
    assert _dim(_stage(audit, "decision"), "intersectional").unknown == 10


def test_scoring_rate_is_the_share_above_the_median_of_the_whole_sample(
    session: Session, role_id: int, audit: BiasAudit
) -> None:
    people = [p for p in load_people(session, role_id, None, None) if p.score is not None]
    cut = median([float(p.score or 0) for p in people])
    assert cut is not None
    stage = _stage(audit, "screening")
    assert stage.median_score == cut
    for row in _dim(stage, "sex").rows:
        members = [p for p in people if p.sex == row.category]
        above = sum(float(p.score or 0) > cut for p in members)
        assert row.above_median == above
        assert row.scoring_rate == pytest.approx(above / len(members))
    assert _stage(audit, "decision").median_score is None


@pytest.mark.parametrize(
    "table",
    [
        (8, 2, 1, 5),
        (3, 1, 1, 3),
        (1, 9, 11, 3),
        (0, 5, 5, 0),
        (10, 10, 10, 10),
        (140, 220, 146, 162),
    ],
)
def test_fisher_exact_matches_scipy(table: tuple[int, int, int, int]) -> None:
    a, b, c, d = table
    assert fisher_exact_two_sided(a, b, c, d) == pytest.approx(
        fisher_exact([[a, b], [c, d]], alternative="two-sided")[1], rel=1e-9
    )


def test_fisher_exact_stays_exact_on_large_samples() -> None:
    expected = fisher_exact([[4000, 1000], [3000, 2000]])[1]
    assert fisher_exact_two_sided(4000, 1000, 3000, 2000) == pytest.approx(expected, rel=1e-6)


def test_two_proportion_z_matches_the_textbook_formula() -> None:
    from scipy.stats import norm

    z, p = two_proportion_z(10, 20, 15, 20)
    pooled = 25 / 40
    expected = (0.5 - 0.75) / (pooled * (1 - pooled) * (1 / 20 + 1 / 20)) ** 0.5
    assert z == pytest.approx(expected)
    assert p == pytest.approx(2 * norm.sf(abs(expected)))
    assert two_proportion_z(0, 0, 1, 2) == (0.0, 1.0)


def test_p_values_compare_each_category_with_the_reference(audit: BiasAudit) -> None:
    sex = {r.category: r for r in _dim(_stage(audit, "screening"), "sex").rows}
    expected = fisher_exact([[140, 220], [144, 164]])[1]
    assert sex["Female"].p_fisher == pytest.approx(expected)
    assert sex["Male"].p_fisher is None  # the reference itself


def test_a_role_without_decisions_says_there_is_not_enough_data(
    session: Session, role_id: int
) -> None:
    audit = build_audit(session, role_id)
    assert not audit.enough_data
    for stage in audit.stages:
        assert stage.tables == () and "Not enough data" in stage.note
    populate(session, role_id, [G("Male", "White", 10, 0, 0, 0)])
    audit = build_audit(session, role_id)
    decision = _stage(audit, "decision")
    assert decision.tables == () and "Not enough data" in decision.note
    assert any("no decisions" in note for note in audit.notes)
    assert _stage(audit, "screening").tables  # scored, so this stage has its tables


def test_dates_limit_the_audit_to_applications_in_the_range(session: Session, role_id: int) -> None:
    populate(session, role_id, [G("Male", "White", 5, 2, 1, 1)])
    session.db.execute(
        "UPDATE role_candidates SET added_at = '2025-03-01T10:00:00+00:00' WHERE candidate_id <= 2"
    )
    assert (
        build_audit(
            session, role_id, date_from=date(2025, 3, 1), date_to=date(2025, 3, 1)
        ).candidates
        == 2
    )
    assert build_audit(session, role_id, date_to=date(2025, 2, 28)).candidates == 0
    assert build_audit(session, role_id).candidates == 5


def test_erased_candidates_are_not_in_the_audit(session: Session, role_id: int) -> None:
    ids = populate(session, role_id, [G("Female", "Asian", 4, 2, 1, 1)])
    session.candidates.delete(ids[0])
    assert build_audit(session, role_id).candidates == 3


def test_the_audit_is_logged_without_candidate_data(session: Session, audit: BiasAudit) -> None:
    rows = session.db.query("SELECT details FROM audit_log WHERE action = 'fairness.audit_built'")
    assert rows and '"candidates":700' in str(rows[0][0])
    assert "White" not in str(rows)


@pytest.mark.parametrize("role", [Role.RECRUITER, Role.REVIEWER])
def test_only_administrators_build_an_audit(session: Session, role_id: int, role: Role) -> None:
    session.users.add("staff", role, PASSWORD)
    with Workspace.open(session.path, "staff", PASSWORD) as other, pytest.raises(PermissionDenied):
        build_audit(other, role_id)


def test_an_unknown_role_is_a_clear_error(session: Session) -> None:
    with pytest.raises(RoleNotFound):
        build_audit(session, 404)


def test_illinois_rows_count_who_was_and_was_not_offered_an_in_person_interview(
    audit: BiasAudit,
) -> None:
    rows = {r.race_ethnicity: r for r in audit.illinois}
    white = rows["White"]
    assert (white.interviewed, white.afforded_in_person, white.not_afforded) == (180, 100, 50)
    assert white.pending == 30
    assert rows["Unknown (not answered)"].interviewed == 10


def test_the_illinois_period_is_the_twelve_months_to_november_30() -> None:
    assert reporting_period(date(2026, 12, 8)) == (date(2025, 12, 1), date(2026, 11, 30))
    assert reporting_period(date(2026, 6, 1)) == (date(2024, 12, 1), date(2025, 11, 30))


def test_the_illinois_rows_leave_out_people_who_chose_human_only_review(
    session: Session, role_id: int
) -> None:
    ids = populate(session, role_id, [G("Female", "Asian", 3, 3, 1, 2)])
    session.db.execute(
        "INSERT INTO processing_restrictions VALUES (?, 1, 'kiosk', 'kiosk-1', 'now')", (ids[0],)
    )
    (asian,) = build_audit(session, role_id).illinois
    assert (asian.interviewed, asian.afforded_in_person, asian.not_afforded) == (2, 0, 2)
