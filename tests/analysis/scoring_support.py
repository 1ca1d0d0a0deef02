"""Shared set-up for the scoring tests: the real resume parser (spaCy model and the
default taxonomy), loaded once per test session, and the demo files."""

from __future__ import annotations

import functools
from datetime import date
from pathlib import Path

from analysis.resume import ResumeParser, ResumeProfile
from analysis.resume.taxonomy import Taxonomy

REPO = Path(__file__).resolve().parents[2]
DEMO_ROLE = REPO / "resources" / "demo" / "role.yaml"
DEMO_RESUMES = REPO / "resources" / "demo" / "resumes"
TODAY = date(2025, 6, 1)  # fixed, so "Present" means the same on every run


@functools.cache
def taxonomy() -> Taxonomy:
    return Taxonomy.load_default()


@functools.cache
def parser() -> ResumeParser:
    return ResumeParser(taxonomy=taxonomy(), today=TODAY)


def parse(text: str) -> ResumeProfile:
    return parser().parse(text)
