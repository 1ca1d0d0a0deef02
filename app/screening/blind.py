"""Blind exports: take out what identifies a person or hints at protected attributes.

A blind export shows no name, contact details, links, location (address) or
graduation years. Scores never read those, but evidence quotes resume text, which
can contain them; `Redactor` replaces every such value the parser found (and each
word of the name) wherever it appears in exported text. Photos are never exported.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from analysis.resume import ResumeProfile

HIDDEN = "[hidden]"
YEAR_HIDDEN = "[year]"
_MIN_NAME_PART = 2


def blind_label(candidate_id: int) -> str:
    """How a candidate is named where names are hidden (same as the candidate table's)."""
    return f"Candidate #{candidate_id}"


@dataclass(frozen=True)
class Redactor:
    pattern: re.Pattern[str] | None
    years: re.Pattern[str] | None

    @classmethod
    def for_profile(cls, profile: ResumeProfile, display_name: str = "") -> Redactor:
        values: set[str] = set()
        names = [profile.name.value if profile.name else "", display_name]
        for name in names:
            if name.strip():
                values.add(name.strip())
                values.update(w for w in re.split(r"[\s,.]+", name) if len(w) >= _MIN_NAME_PART)
        values.update(e.value for e in profile.emails)
        for phone in profile.phones:
            values.update({phone.raw, phone.e164, phone.e164.lstrip("+")})
        values.update(link.url for link in profile.links)
        if profile.location is not None:
            values.add(profile.location.value)
        years = {str(e.end_year) for e in profile.education if e.end_year}
        return cls(_alternation(values), _alternation(years))

    def text(self, value: str) -> str:
        if self.pattern is not None:
            value = self.pattern.sub(HIDDEN, value)
        if self.years is not None:
            value = self.years.sub(YEAR_HIDDEN, value)
        return value

    def screening(self, screening: dict[str, Any]) -> dict[str, Any]:
        """A copy of a stored screening with every evidence and explanation text redacted."""
        redacted: dict[str, Any] = _walk(screening, self)
        return redacted


def _alternation(values: Iterable[str]) -> re.Pattern[str] | None:
    cleaned = sorted({v for v in values if v and v.strip()}, key=len, reverse=True)
    if not cleaned:
        return None
    body = "|".join(re.escape(v) for v in cleaned)
    # Whole words only, so hiding the name "Ann" leaves "annual" alone.
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)


def _walk(value: Any, redactor: Redactor) -> Any:
    if isinstance(value, str):
        return redactor.text(value)
    if isinstance(value, dict):
        return {k: _walk(v, redactor) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_walk(v, redactor) for v in value]
    return value
