"""Parser quality on the held-out annotated resumes (shared/data/resumes-ner).

The floors sit a little under the figures measured with benchmarks/bench_resume_ner.py,
so a change that makes extraction worse fails here. Relaxed field-level F1, see
analysis/resume/evaluation.py for how values are matched.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from analysis.resume import ResumeParser
from analysis.resume.evaluation import dataset_root, evaluate, load_dataturks, load_dotin

ROOT = dataset_root(Path(__file__).resolve())

pytestmark = pytest.mark.skipif(
    not ROOT.is_dir(), reason=f"annotated resumes not found at {ROOT} (shared/data beside the repo)"
)

FLOORS = {
    "dataturks_test": {
        "name": 0.97, "email": 0.97, "skills": 0.79, "degree": 0.86,
        "institution": 0.90, "employers": 0.72, "titles": 0.80,
    },
    "dotin_test50": {
        "name": 0.90, "email": 0.96, "skills": 0.59, "degree": 0.77,
        "institution": 0.81, "employers": 0.58, "titles": 0.64,
    },
}  # fmt: skip


@pytest.fixture(scope="module")
def parser() -> ResumeParser:
    return ResumeParser(today=date(2024, 6, 1))


@pytest.mark.parametrize("dataset", sorted(FLOORS))
def test_field_f1_stays_above_floor(parser: ResumeParser, dataset: str) -> None:
    if dataset == "dataturks_test":
        resumes = load_dataturks(ROOT / "dataturks" / "testdata.json")
    else:
        resumes = load_dotin(ROOT / "dotin_test50")
    scores = evaluate(resumes, parser.parse_many([r.text for r in resumes]))
    below = {
        field: round(scores[field].f1, 3)
        for field, floor in FLOORS[dataset].items()
        if scores[field].f1 < floor
    }
    assert not below, f"F1 under the floor on {dataset}: {below}"


def test_loaders_read_gold_offsets_that_point_at_the_text() -> None:
    for resume in load_dotin(ROOT / "dotin_test50")[:10]:
        for values in resume.gold.values():
            for value in values:
                assert resume.text[value.span.start : value.span.end].strip() == value.text
    for resume in load_dataturks(ROOT / "dataturks" / "testdata.json"):
        for value in resume.gold.get("name", []):
            assert resume.text[value.span.start : value.span.end] == value.text
