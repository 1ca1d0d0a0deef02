"""Roles: criteria from YAML, versions, validation that saves nothing, custom skills."""

from __future__ import annotations

from dataclasses import replace

import pytest

from analysis.resume import CustomSkill
from analysis.scoring import CriteriaInvalid, SkillCriterion, load_criteria_yaml
from app.accounts import Role
from app.errors import PermissionDenied
from app.screening.errors import RoleNotFound
from app.workspace import Session, Workspace
from tests.app.screening_support import INVALID_ROLE_YAML, ROLE_YAML

_TABLES = ("roles", "role_versions", "custom_skills", "audit_log")


def _counts(session: Session) -> dict[str, int]:
    return {t: int(session.db.scalar(f"SELECT count(*) FROM {t}")) for t in _TABLES}


def test_role_from_yaml_is_version_1_and_exports_the_same_criteria(session: Session) -> None:
    role_id = session.roles.import_yaml(ROLE_YAML)
    criteria = session.roles.get(role_id)
    assert criteria.title == "Backend Engineer"
    assert criteria.must_have == ("Python", "SQL")
    assert criteria.version == 1
    [summary] = session.roles.list()
    assert (summary.id, summary.title, summary.version, summary.candidate_count) == (
        role_id,
        "Backend Engineer",
        1,
        0,
    )
    exported = session.roles.export_yaml(role_id)
    assert load_criteria_yaml(exported, session.roles.taxonomy()) == criteria
    actions = [e.action for e in session.audit.entries()]
    assert "role.created" in actions and "role.exported" in actions


def test_invalid_yaml_lists_every_problem_and_saves_nothing(session: Session) -> None:
    before = _counts(session)
    with pytest.raises(CriteriaInvalid) as caught:
        session.roles.import_yaml(INVALID_ROLE_YAML)
    text = caught.value.message
    assert "Definitely Not A Skill" in text
    assert "min_years" in text
    assert "surprise_key" in text
    assert len(caught.value.problems) >= 3
    assert _counts(session) == before


def test_each_save_is_a_new_version_and_old_versions_stay_readable(session: Session) -> None:
    role_id = session.roles.import_yaml(ROLE_YAML)
    first = session.roles.get(role_id)
    changed = replace(first, must_have=("Python",), min_years=5.0)
    assert session.roles.save_version(role_id, changed) == 2
    assert session.roles.save_version(role_id, replace(changed, min_years=6.0)) == 3
    assert [v.version for v in session.roles.versions(role_id)] == [1, 2, 3]
    assert session.roles.get(role_id).min_years == 6.0
    assert session.roles.get(role_id, 1) == first
    assert session.roles.get(role_id, 2).must_have == ("Python",)
    assert session.roles.list()[0].version == 3
    with pytest.raises(RoleNotFound):
        session.roles.get(role_id, 9)


def test_saving_invalid_criteria_adds_no_version(session: Session) -> None:
    role_id = session.roles.import_yaml(ROLE_YAML)
    bad = replace(session.roles.get(role_id), must_have=("No Such Skill Anywhere",))
    with pytest.raises(CriteriaInvalid):
        session.roles.save_version(role_id, bad)
    assert [v.version for v in session.roles.versions(role_id)] == [1]


def test_custom_skill_enters_the_taxonomy_and_its_version(session: Session) -> None:
    before = session.roles.taxonomy_version()
    assert session.roles.taxonomy().canonical("Quokka Framework") is None
    session.roles.add_custom_skill(CustomSkill("Quokka Framework", ("quokkajs", "QF-Lib")))
    session.roles.add_custom_skill(CustomSkill("quokka framework", ("qframe",)))  # merged
    taxonomy = session.roles.taxonomy()
    assert taxonomy.canonical("quokkajs") == "Quokka Framework"
    assert taxonomy.canonical("qframe") == "Quokka Framework"
    assert session.roles.taxonomy_version() != before
    [skill] = session.roles.custom_skills()
    assert skill.synonyms == ("quokkajs", "QF-Lib", "qframe")
    # ...and criteria may now name it.
    role_id = session.roles.import_yaml(ROLE_YAML)
    criteria = session.roles.get(role_id)
    extra = replace(criteria, preferred=(*criteria.preferred, SkillCriterion("quokkajs", 1.0)))
    session.roles.save_version(role_id, extra)
    assert session.roles.get(role_id).preferred[-1].skill == "Quokka Framework"


def test_archived_roles_leave_the_default_list(session: Session) -> None:
    keep = session.roles.import_yaml(ROLE_YAML)
    gone = session.roles.import_yaml(ROLE_YAML.replace("Backend Engineer", "Data Engineer"))
    session.roles.archive(gone)
    assert [r.id for r in session.roles.list()] == [keep]
    assert {r.id: r.archived for r in session.roles.list(include_archived=True)} == {
        keep: False,
        gone: True,
    }


def test_reviewer_reads_roles_but_cannot_change_them(session: Session) -> None:
    role_id = session.roles.import_yaml(ROLE_YAML)
    session.users.add("rene", Role.REVIEWER, "reviewer password")
    with Workspace.open(session.path, "rene", "reviewer password") as reviewer:
        assert reviewer.roles.get(role_id).title == "Backend Engineer"
        with pytest.raises(PermissionDenied):
            reviewer.roles.import_yaml(ROLE_YAML)
        with pytest.raises(PermissionDenied):
            reviewer.roles.add_custom_skill(CustomSkill("Quokka Framework"))
