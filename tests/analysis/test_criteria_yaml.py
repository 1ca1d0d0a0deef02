"""Role criteria YAML: round trip, canonical skill names, and validation that lists
every problem (with its line) and saves nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.errors import CandorError
from analysis.scoring import (
    ComponentWeights,
    CriteriaInvalid,
    PartWeights,
    RoleCriteria,
    Scorer,
    SkillCriterion,
    dump_criteria_yaml,
    load_criteria_yaml,
    validate_criteria,
)
from tests.analysis.scoring_support import DEMO_ROLE, taxonomy

VALID = """\
title: Backend Engineer
must_have: [Python, PostgreSQL]
preferred:
  - skill: Docker
    weight: 2
min_years: 3
"""


def problems_of(text: str) -> CriteriaInvalid:
    with pytest.raises(CriteriaInvalid) as caught:
        load_criteria_yaml(text, taxonomy())
    assert isinstance(caught.value, CandorError)
    return caught.value


def messages(invalid: CriteriaInvalid) -> list[str]:
    return [str(p) for p in invalid.problems]


def test_full_criteria_round_trip_through_yaml() -> None:
    criteria = RoleCriteria(
        title="Staff Nurse (nights)",
        description="Ward nursing on a night rota.\nSecond line: 12-hour shifts.\n",
        must_have=("Nursing", "Patient care"),
        preferred=(SkillCriterion("Care planning", 2.5), SkillCriterion("Spanish", 1.0)),
        min_years=2.5,
        relevant_skills_for_years=("Nursing",),
        min_education="associate",
        keywords=("night shift", "NMC"),
        part_weights=PartWeights(must_haves=40, skills=30, experience=20, education=5, keywords=5),
        components=ComponentWeights(resume=0.5, interview=0.5),
        version=7,
    )
    assert validate_criteria(criteria, taxonomy()) == criteria
    text = dump_criteria_yaml(criteria)
    assert load_criteria_yaml(text, taxonomy()) == criteria
    assert dump_criteria_yaml(load_criteria_yaml(text, taxonomy())) == text


def test_demo_role_loads_and_round_trips() -> None:
    criteria = load_criteria_yaml(DEMO_ROLE.read_text(encoding="utf-8"), taxonomy())
    assert criteria.title == "Backend Engineer"
    assert criteria.must_have == ("Python", "PostgreSQL")
    assert load_criteria_yaml(dump_criteria_yaml(criteria), taxonomy()) == criteria


def test_synonyms_and_spelling_become_canonical_names() -> None:
    text = VALID.replace("[Python, PostgreSQL]", "[python3, postgres]").replace(
        "Docker", "docker containers"
    )
    text += "min_education: Bachelor's\n"
    criteria = load_criteria_yaml(text, taxonomy())
    assert criteria.must_have == ("Python", "PostgreSQL")
    assert criteria.preferred == (SkillCriterion("Docker", 2.0),)
    assert criteria.min_education == "bachelor"


def test_defaults_fill_what_the_file_leaves_out() -> None:
    criteria = load_criteria_yaml("title: Analyst\nkeywords: [Tableau]\n", taxonomy())
    assert criteria.part_weights == PartWeights()
    assert criteria.components == ComponentWeights(0.6, 0.4)
    assert criteria.version == 1
    assert criteria.min_years is None and criteria.min_education is None


def test_bare_preferred_skill_name_weighs_one() -> None:
    text = VALID.replace("min_years: 3", "  - Kubernetes\nmin_years: 3")
    criteria = load_criteria_yaml(text, taxonomy())
    assert criteria.preferred[-1] == SkillCriterion("Kubernetes", 1.0)


def test_unknown_key_is_reported_with_a_suggestion_and_its_line() -> None:
    invalid = problems_of(VALID + "must_haves: [Go]\n")
    assert messages(invalid) == [
        "line 7, must_haves: unknown key 'must_haves'; did you mean 'must_have'?"
    ]


def test_unknown_nested_key_is_reported_with_a_suggestion() -> None:
    invalid = problems_of(VALID + "part_weights:\n  skils: 10\n")
    assert messages(invalid) == [
        "line 8, part_weights.skils: unknown key 'skils'; did you mean 'skills'?"
    ]


def test_negative_weight_is_refused() -> None:
    invalid = problems_of(VALID.replace("weight: 2", "weight: -2"))
    assert messages(invalid) == ["line 5, preferred[1].weight: must not be negative (it is -2)"]


def test_zero_weight_is_refused() -> None:
    invalid = problems_of(VALID.replace("weight: 2", "weight: 0"))
    assert len(invalid.problems) == 1
    assert invalid.problems[0].path == "preferred[1].weight"
    assert "greater than 0" in invalid.problems[0].message


def test_negative_part_weight_is_refused() -> None:
    invalid = problems_of(VALID + "part_weights: {skills: -5}\n")
    assert messages(invalid) == ["line 7, part_weights.skills: must not be negative (it is -5)"]


def test_must_have_not_in_taxonomy_is_refused_with_suggestions() -> None:
    invalid = problems_of(VALID.replace("[Python, PostgreSQL]", "[Pyhton, PostgreSQL, Kubernets]"))
    assert [p.path for p in invalid.problems] == ["must_have[1]", "must_have[3]"]
    assert all(p.line == 2 for p in invalid.problems)
    first, second = (p.message for p in invalid.problems)
    assert "'Pyhton' is not a skill in the taxonomy" in first and "Did you mean: Python" in first
    assert "'Kubernets' is not a skill" in second and "Kubernetes" in second


def test_unknown_education_level_is_refused_with_the_allowed_levels() -> None:
    invalid = problems_of(VALID + "min_education: bachelour\n")
    (problem,) = invalid.problems
    assert problem.path == "min_education" and problem.line == 7
    assert "did you mean 'bachelor'?" in problem.message
    assert "high_school, associate, bachelor, master, doctorate" in problem.message


@pytest.mark.parametrize(
    ("line", "path", "expected"),
    [
        ("min_years: five", "min_years", "must be a number (it is text)"),
        ("min_years: true", "min_years", "must be a number (it is true/false)"),
        ("keywords: on-call", "keywords", "must be a list (it is text)"),
        ("description: [a, b]", "description", "must be text (it is a list)"),
        (
            "components: 0.6",
            "components",
            "must be a mapping of resume, interview (it is a number)",
        ),
    ],
)
def test_wrong_types_are_refused(line: str, path: str, expected: str) -> None:
    invalid = problems_of("title: Backend Engineer\nmust_have: [Python]\n" + line + "\n")
    assert [(p.path, p.message) for p in invalid.problems] == [(path, expected)]


def test_every_problem_is_listed_at_once_in_line_order() -> None:
    text = """\
title: Backend
must_have: [Pyhton, 3]
preferred:
  - skill: Docker
    weight: -1
  - skill: Redis
    weight: 0
min_years: five
min_education: graduate
colour: blue
components: {resume: 0.5, interview: 0.6}
"""
    invalid = problems_of(text)
    assert [p.path for p in invalid.problems] == [
        "must_have[1]",
        "must_have[2]",
        "preferred[1].weight",
        "preferred[2].weight",
        "min_years",
        "min_education",
        "colour",
        "components",
    ]
    assert [p.line for p in invalid.problems] == [2, 2, 5, 7, 8, 9, 10, 11]
    assert "8 problems; nothing was saved" in invalid.message
    assert invalid.hint


def test_a_key_written_twice_is_reported() -> None:
    invalid = problems_of(VALID + "title: Other title\n")
    assert messages(invalid) == ["line 7, title: this key is written twice; keep one"]


def test_broken_yaml_names_its_line() -> None:
    invalid = problems_of("title: Backend\nmust_have: [Python\nmin_years: 3\n")
    (problem,) = invalid.problems
    assert problem.line is not None and problem.line >= 2
    assert "not valid YAML" in problem.message


def test_a_file_that_is_not_a_mapping_is_refused() -> None:
    invalid = problems_of("- Python\n- Go\n")
    assert "must be a mapping" in invalid.problems[0].message


def test_title_is_required_and_criteria_must_say_something() -> None:
    assert [p.path for p in problems_of("must_have: [Python]\n").problems] == ["title"]
    (problem,) = problems_of("title: Empty role\n").problems
    assert "nothing to score against" in problem.message


def test_components_must_add_up_to_one_and_one_alone_implies_the_other() -> None:
    assert (
        "add up to 1"
        in messages(problems_of(VALID + "components: {resume: 0.7, interview: 0.7}\n"))[0]
    )
    criteria = load_criteria_yaml(VALID + "components: {resume: 0.75}\n", taxonomy())
    assert criteria.components == ComponentWeights(0.75, 0.25)


def test_same_skill_as_must_have_and_preferred_is_refused() -> None:
    invalid = problems_of(VALID.replace("skill: Docker", "skill: python"))
    assert messages(invalid) == [
        "line 4, preferred[1]: 'Python' is already a must-have; keep it in one list"
    ]


def test_skill_listed_twice_is_refused() -> None:
    invalid = problems_of(VALID.replace("[Python, PostgreSQL]", "[Python, postgres, PostgreSQL]"))
    assert messages(invalid) == ["line 2, must_have[3]: 'PostgreSQL' is listed twice"]


def test_newer_format_is_refused() -> None:
    invalid = problems_of("schema_version: 2\n" + VALID)
    assert "newer than this Candor reads" in invalid.problems[0].message


def test_criteria_built_in_code_get_the_same_checks() -> None:
    criteria = RoleCriteria(
        title="Backend", must_have=("Pyhton",), preferred=(SkillCriterion("Docker", -1.0),)
    )
    with pytest.raises(CriteriaInvalid) as caught:
        validate_criteria(criteria, taxonomy())
    assert [p.path for p in caught.value.problems] == ["must_have[1]", "preferred[1].weight"]
    with pytest.raises(CriteriaInvalid):
        Scorer(criteria, taxonomy())


def test_loading_invalid_criteria_leaves_a_previous_file_untouched(tmp_path: Path) -> None:
    saved = tmp_path / "role.yaml"
    saved.write_text(VALID, encoding="utf-8")

    def save(text: str) -> None:  # what an importer does: validate first, then write
        criteria = load_criteria_yaml(text, taxonomy())
        saved.write_text(dump_criteria_yaml(criteria), encoding="utf-8")

    with pytest.raises(CriteriaInvalid):
        save(VALID.replace("weight: 2", "weight: -2"))
    assert saved.read_text(encoding="utf-8") == VALID
