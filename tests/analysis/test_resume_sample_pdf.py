"""End to end on a real resume PDF: text extraction then parsing, against the fields
DataTurks published for it (shared/data/resumes-ner/dataturks/sample_input.pdf and
sample_output.txt). The resume is a real person's: nothing of it is printed or kept."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from analysis.documents.extract import extract_text
from analysis.resume import ResumeParser, ResumeProfile
from analysis.resume.evaluation import dataset_root

FOLDER = dataset_root(Path(__file__).resolve()) / "dataturks"

pytestmark = pytest.mark.skipif(
    not (FOLDER / "sample_input.pdf").is_file(),
    reason=f"sample resume PDF not found in {FOLDER} (shared/data beside the repo)",
)


def _expected() -> dict[str, list[str]]:
    """sample_output.txt: 'Label:' lines, each followed by its values."""
    fields: dict[str, list[str]] = {}
    label = ""
    for line in (FOLDER / "sample_output.txt").read_text(encoding="utf-8").splitlines():
        if line.strip().endswith(":"):
            label = line.strip()[:-1]
            fields[label] = []
        elif line.strip() and label:
            fields[label].append(line.strip())
    return fields


@pytest.fixture(scope="module")
def profile() -> ResumeProfile:
    document = extract_text(FOLDER / "sample_input.pdf")
    assert document.ok
    return ResumeParser(today=date(2024, 6, 1)).parse(document.text)


def _key(value: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", value.lower()))


def test_the_pdf_gives_the_published_name_college_title_employer_and_place(
    profile: ResumeProfile,
) -> None:
    expected = _expected()
    assert profile.name is not None and _key(profile.name.value) == _key(expected["Name"][0])
    assert [_key(e.institution or "") for e in profile.education] == [
        _key(expected["College Name"][0])
    ]
    assert [(e.title, e.employer) for e in profile.experience] == [
        (expected["Designation"][0], expected["Companies worked at"][0])
    ]
    assert profile.location is not None
    assert _key(expected["Location"][0]) in _key(profile.location.value)


def test_the_pdf_gives_the_indeed_profile_even_with_its_hyphen_lost_at_a_line_end(
    profile: ResumeProfile,
) -> None:
    profile_id = _expected()["Email Address"][0].rsplit("/", 1)[-1]
    assert any(link.url.endswith(profile_id) for link in profile.links)


def test_the_pdf_skills_list_holds_the_published_skills_and_no_duration_notes(
    profile: ResumeProfile,
) -> None:
    published = [
        _key(re.sub(r"\([^)]*\)", "", item))
        for item in re.split(r",\s*", " ".join(_expected()["Skills"]))
    ]
    written = [_key(s.written) for s in profile.listed_skills]
    assert all(any(p in w or w in p for w in written) for p in published if p)
    assert not [w for w in written if "year" in w.split()]
