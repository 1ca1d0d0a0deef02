"""The counterfactual swaps change exactly the protected detail they name."""

from __future__ import annotations

from datetime import date

import pytest

from analysis.resume import ResumeParser
from app.fairness.swaps import CITY, NAMES, STREET, Swap, swaps_for
from tests.analysis.test_scoring_fairness import PEOPLE, TEMPLATE


@pytest.fixture(scope="module")
def swaps() -> dict[str, list[Swap]]:
    text = TEMPLATE.format(**PEOPLE[0])  # Mrs. Grace Adebayo-Lindqvist, she/her, born 1986
    profile = ResumeParser(today=date(2024, 6, 1)).parse(text)
    out: dict[str, list[Swap]] = {}
    for swap in swaps_for(text, profile):
        out.setdefault(swap.kind, []).append(swap)
    return out


def test_names_are_replaced_everywhere(swaps: dict[str, list[Swap]]) -> None:
    assert [s.label for s in swaps["name"]] == [f"name replaced by {n}" for n in NAMES]
    assert all("Grace Adebayo-Lindqvist" not in s.text for s in swaps["name"])


def test_gendered_words_flip_with_their_case(swaps: dict[str, list[Swap]]) -> None:
    (flip,) = swaps["gender_words"]
    assert "Mr. " in flip.text and "Mrs." not in flip.text
    assert "Gender: Male" in flip.text and "Pronouns: he/him" in flip.text
    assert "; he has led" in flip.text and "keeps his services" in flip.text


def test_age_markers_and_graduation_years_move(swaps: dict[str, list[Swap]]) -> None:
    ages = {s.label: s.text for s in swaps["age"]}
    younger = ages["age and date of birth made 25 years younger"]
    assert "Date of Birth: 04/09/2011" in younger and "Age: 29" in younger
    graduated = ages["graduation years moved 15 years earlier"]
    assert "University of Sheffield, 2000" in graduated
    assert "06/2015 to 01/2019" in graduated  # job dates stay


def test_addresses_are_replaced(swaps: dict[str, list[Swap]]) -> None:
    (moved,) = swaps["address"]
    assert STREET in moved.text and "14 Willow Street" not in moved.text
    assert CITY in moved.text


def test_career_breaks_are_added_before_the_earliest_job(swaps: dict[str, list[Swap]]) -> None:
    texts = [s.text for s in swaps["career_break"]]
    assert len(texts) == 2
    assert "Maternity leave\nJan 2013 - Dec 2014" in texts[0]
    assert texts[0].index("Maternity leave") < texts[0].index("EDUCATION")
