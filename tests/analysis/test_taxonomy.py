"""The skills taxonomy: synonyms, case/spacing variants, links, ESCO import, workspace additions."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from analysis.resume.taxonomy import (
    DEFAULT_DIR,
    ESCO_FILE,
    CustomSkill,
    Taxonomy,
    TaxonomyError,
)
from analysis.resume.taxonomy_build import concept_labels, split_labels


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return Taxonomy.load_default()


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("JS", "JavaScript"),
        ("javascript", "JavaScript"),
        ("Java Script", "JavaScript"),
        ("JAVASCRIPT", "JavaScript"),
        ("Java", "Java"),
        ("core java", "Java"),
        ("node js", "Node.js"),
        ("NodeJS", "Node.js"),
        ("Power BI", "Power BI"),
        ("powerbi", "Power BI"),
        ("ms  excel", "Microsoft Excel"),
        ("BLS", "Basic Life Support"),
        ("cold calling", "Lead generation"),
        ("accounts payable", "Accounts payable"),
        ("forklift", "Forklift operation"),
        ("lesson plans", "Lesson planning"),
        ("Adobe Photoshop", "Adobe Photoshop"),
        ("Castilian", "Spanish"),
    ],
)
def test_synonyms_case_and_spacing_variants(
    taxonomy: Taxonomy, written: str, canonical: str
) -> None:
    assert taxonomy.canonical(written) == canonical


def test_java_is_not_javascript(taxonomy: Taxonomy) -> None:
    assert taxonomy.canonical("Java") != taxonomy.canonical("JavaScript")


def test_unknown_term_is_none(taxonomy: Taxonomy) -> None:
    assert taxonomy.canonical("underwater basket weaving of llamas") is None


def test_broader_and_related_links(taxonomy: Taxonomy) -> None:
    assert "Programming" in taxonomy.broader("Python")
    assert "Django" in taxonomy.related("python")
    assert "Nursing" in taxonomy.broader("Wound care")
    assert "core java" in taxonomy.synonyms("Java")


def test_covers_non_technology_roles(taxonomy: Taxonomy) -> None:
    categories = {c.category for c in taxonomy.concepts.values() if c.source == "core"}
    for needed in (
        "nursing and healthcare", "sales and marketing", "finance and accounting",
        "logistics and operations", "teaching and education", "design", "soft skills", "languages",
    ):  # fmt: skip
        assert needed in categories
    core = [c for c in taxonomy.concepts.values() if c.source == "core"]
    assert len(core) >= 300


def test_esco_file_is_generated_compact_and_loaded(taxonomy: Taxonomy) -> None:
    path = DEFAULT_DIR / ESCO_FILE
    assert path.is_file() and path.stat().st_size < 3_000_000
    esco = [c for c in taxonomy.concepts.values() if c.source == "esco"]
    assert len(esco) > 3000
    assert all(c.uri.startswith("http://data.europa.eu/esco/skill/") for c in esco)
    assert all(len(t.text.split()) <= 4 for c in esco for t in c.terms)
    # a known ESCO concept: "operate forklift" with its URI
    with path.open(encoding="utf-8") as handle:
        rows = {r["uri"]: r["labels"].split("|") for r in csv.DictReader(handle, delimiter="\t")}
    forklift = rows["http://data.europa.eu/esco/skill/28cb374e-6261-4133-8371-f9a5470145da"]
    assert forklift[0] == "operate forklift" and "drive a forklift" in forklift
    concept = taxonomy.concept("operate forklift")
    assert concept is not None and concept.source == "esco"


def test_esco_label_splitting() -> None:
    assert split_labels(["operate", "forklift", "use", "a", "forklift", "drive", "forklift"]) == [
        "operate forklift", "use a forklift", "drive forklift",
    ]  # fmt: skip
    assert split_labels(["customer", "service", "customer", "care", "customer", "support"]) == [
        "customer service", "customer care", "customer support",
    ]  # fmt: skip
    assert split_labels(["Apache", "Maven", "Maven"]) == ["Apache Maven", "Maven"]
    assert concept_labels("Apache Maven Maven The tool Apache Maven is a program.") == [
        "Apache Maven", "Maven",
    ]  # fmt: skip
    # a definition that cannot be told from the labels gives no labels, not wrong ones
    assert concept_labels("a very long unsplittable run of words without any capital") == []


def test_workspace_additions_add_skills_and_synonyms(taxonomy: Taxonomy) -> None:
    extended = taxonomy.with_additions(
        [
            CustomSkill("Candor Studio", synonyms=("c-studio",), broader=("Design tools",)),
            CustomSkill("Python", synonyms=("snake language",)),
        ]
    )
    assert extended.canonical("C-Studio") == "Candor Studio"
    assert extended.broader("candor studio") == ("Design tools",)
    assert extended.canonical("snake language") == "Python"
    assert taxonomy.canonical("snake language") is None  # the default is unchanged
    assert extended.search("candor") == ["Candor Studio"]


def test_search_is_prefix_based_and_prefers_curated(taxonomy: Taxonomy) -> None:
    hits = taxonomy.search("pyth", limit=5)
    assert hits[0] == "Python"
    assert all(h.lower().startswith("pyth") or taxonomy.concept(h) is not None for h in hits)
    assert len(taxonomy.search("a", limit=3)) == 3
    assert taxonomy.search("") == []


def test_missing_taxonomy_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(TaxonomyError):
        Taxonomy.load_default(tmp_path)


def test_malformed_line_names_the_line(tmp_path: Path) -> None:
    (tmp_path / "core_skills.txt").write_text("Python | py\n", encoding="utf-8")
    with pytest.raises(TaxonomyError) as info:
        Taxonomy.load_default(tmp_path)
    assert "Line 1" in info.value.hint


def test_workspace_skill_is_matched_in_resumes(taxonomy: Taxonomy) -> None:
    from analysis.resume import ResumeParser

    parser = ResumeParser(
        taxonomy=taxonomy.with_additions([CustomSkill("Candor Studio", ("c-studio",))])
    )
    profile = parser.parse("Ann Example\nSKILLS\nC-Studio, Figma\n")
    assert profile.skill_names() == ["Candor Studio", "Figma"]
