"""The counterfactual check re-scores each resume with protected details swapped."""

from __future__ import annotations

from datetime import date

import pytest

from analysis.errors import Cancelled
from analysis.resume import ResumeParser
from analysis.tasks import TaskState
from app.accounts import Role
from app.errors import PermissionDenied
from app.fairness.counterfactual import check_role, summary_lines
from app.workspace import Session, Workspace
from tests.analysis.test_scoring_fairness import PEOPLE, TEMPLATE
from tests.app.screening_support import MIDDLE, ROLE_YAML, STRONG, WEAK

# 12 years asked for: STRONG's 10 years plus a break counted as 2 years would cross it
SKILLS_ROLE = ROLE_YAML.replace("min_years: 3", "min_years: 12")
# no skills named: every dated entry counts towards the years
YEARS_ROLE = "title: Backend Engineer\nmin_years: 12\n"
PASSWORD = "a long enough password"


@pytest.fixture(scope="module")
def parser() -> ResumeParser:
    return ResumeParser(today=date(2024, 6, 1))


def _role_with_resumes(
    session: Session, texts: list[str], role: str = YEARS_ROLE
) -> tuple[int, list[int]]:
    role_id = session.roles.import_yaml(role)
    ids = []
    for i, text in enumerate(texts):
        cid = session.candidates.add(f"Person {i}", {})
        session.db.execute(
            "INSERT INTO resumes VALUES (?, 'x', 'r.txt', ?, 'txt', 1, '{}', ?, '{}', '{}', '{}')",
            (cid, f"sha{i}", text),
        )
        session.db.execute(
            "INSERT INTO role_candidates (role_id, candidate_id, added_at, status) "
            "VALUES (?, ?, '2024-01-01T00:00:00+00:00', 'parsed')",
            (role_id, cid),
        )
        ids.append(cid)
    return role_id, ids


def _texts() -> list[str]:
    return [STRONG.text(), MIDDLE.text(), WEAK.text()] + [TEMPLATE.format(**p) for p in PEOPLE]


@pytest.mark.parametrize("role", [SKILLS_ROLE, YEARS_ROLE])
def test_no_protected_detail_changes_a_score(
    session: Session, parser: ResumeParser, role: str
) -> None:
    role_id, ids = _role_with_resumes(session, _texts(), role)
    report = check_role(session, role_id, parser=parser)
    assert report.ok, summary_lines(report)
    assert report.candidates == len(ids)
    tried = dict(report.by_kind)
    assert {"name", "gender_words", "age", "address", "career_break"} <= set(tried)
    assert summary_lines(report)[-1].endswith("No score changed.")
    actions = [r[0] for r in session.db.query("SELECT action FROM audit_log")]
    assert "fairness.counterfactual_checked" in actions


def test_a_break_counted_as_a_job_is_reported_with_its_cause(
    session: Session, parser: ResumeParser, monkeypatch: pytest.MonkeyPatch
) -> None:
    import analysis.resume.experience as experience

    monkeypatch.setattr(experience, "is_career_break", lambda header: False)
    role_id, ids = _role_with_resumes(session, [STRONG.text()])
    report = check_role(session, role_id, parser=parser)
    breaks = [c for c in report.changes if c.kind == "career_break"]
    assert breaks and all(c.candidate_id == ids[0] for c in breaks)
    assert any("experience" in cause for c in breaks for cause in c.causes)
    assert breaks[0].score_after > breaks[0].score_before
    assert "changed a score" in summary_lines(report)[-1]


def test_human_only_candidates_are_not_re_scored(session: Session, parser: ResumeParser) -> None:
    role_id, ids = _role_with_resumes(session, [STRONG.text(), WEAK.text()])
    session.db.execute(
        "INSERT INTO processing_restrictions VALUES (?, 1, 'staff', 'admin', 'now')", (ids[0],)
    )
    report = check_role(session, role_id, parser=parser)
    assert (report.candidates, report.skipped_human_only) == (1, 1)


def test_the_check_can_be_cancelled(session: Session, parser: ResumeParser) -> None:
    role_id, _ = _role_with_resumes(session, [STRONG.text(), WEAK.text()])
    task = TaskState()
    task.cancel()
    with pytest.raises(Cancelled):
        check_role(session, role_id, task, parser=parser)


@pytest.mark.parametrize("role", [Role.RECRUITER, Role.REVIEWER])
def test_only_administrators_run_the_check(
    session: Session, parser: ResumeParser, role: Role
) -> None:
    role_id, _ = _role_with_resumes(session, [WEAK.text()])
    session.users.add("staff", role, PASSWORD)
    with Workspace.open(session.path, "staff", PASSWORD) as other, pytest.raises(PermissionDenied):
        check_role(other, role_id, parser=parser)
