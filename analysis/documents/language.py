"""A cheap first guess at whether a resume is in English (a hook for a real detector).

Candor's skill matching and section detection are English-first; a resume in another
language is still parsed, best-effort, and flagged so a person knows why its score
may be low. Replace `language_note` with a proper language identifier when one ships.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W\d_]+")
# Function words common in any English resume, even one written in note style.
_ENGLISH_WORDS = frozenset(
    {
        "the",
        "and",
        "of",
        "to",
        "in",
        "for",
        "with",
        "on",
        "at",
        "a",
        "an",
        "as",
        "by",
        "from",
        "is",
        "are",
        "was",
        "were",
        "be",
        "i",
        "my",
        "our",
        "experience",
        "education",
        "skills",
        "work",
        "university",
        "project",
        "projects",
        "years",
        "team",
        "developed",
        "managed",
        "led",
        "using",
        "including",
    }
)
_MIN_WORDS = 40


def language_note(text: str) -> str | None:
    """A warning when the text does not look English, else None (too short: None)."""
    words = _WORD.findall(text)
    if len(words) < _MIN_WORDS:
        return None
    latin = sum(1 for w in words if w.isascii())
    if latin < 0.5 * len(words):
        return (
            "The resume looks like it is not in English (mostly non-Latin script); "
            "parsed best-effort."
        )
    english = sum(1 for w in words if w.lower() in _ENGLISH_WORDS)
    if english < 0.04 * len(words):
        return "The resume looks like it is not in English; parsed best-effort."
    return None
