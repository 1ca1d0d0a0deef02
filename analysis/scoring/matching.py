"""Matching a role's skills against a candidate's, with taxonomy credit.

Credit for one required skill, best first:

- the skill itself, written as its name or as a synonym ("Postgres"): full credit;
- a narrower skill, up to three levels down ("Django" for "Back-end development",
  "PostgreSQL" for "Databases"): full credit, because a specific skill shows the
  general one;
- a broader skill ("Databases" for "PostgreSQL") or a related one ("Docker" for
  "Kubernetes", either direction): PARTIAL_CREDIT, said so in the explanation.

Skills that merely share a parent ("MySQL" and "PostgreSQL") get nothing unless the
taxonomy lists them as related: siblings under a wide parent ("Python" and "Java"
under "Programming") are not evidence for each other.

`SkillIndex` works all of this out once per role, so scoring a resume is a few
dictionary look-ups per required skill.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from analysis.resume.model import Skill, Span
from analysis.resume.taxonomy import Taxonomy, normalise_term, spelling_variants

FULL_CREDIT = 1.0
PARTIAL_CREDIT = 0.5
NARROWER_DEPTH = 3
MAX_EVIDENCE_PER_SKILL = 3

How = Literal["exact", "synonym", "narrower", "broader", "related", "missing"]
_HOW_ORDER: dict[How, int] = {
    "exact": 0,
    "synonym": 0,
    "narrower": 1,
    "broader": 2,
    "related": 3,
    "missing": 4,
}


@dataclass(frozen=True)
class SkillMatch:
    skill: str  # the role's skill
    credit: float  # 0, PARTIAL_CREDIT or FULL_CREDIT
    how: How
    via: str | None  # the candidate's skill that earned the credit, when not the same
    mentions: tuple[Skill, ...]  # where the resume shows it (at most MAX_EVIDENCE_PER_SKILL)

    def describe(self) -> str:
        if self.how == "exact":
            return f"{self.skill}: found"
        if self.how == "synonym":
            return f"{self.skill}: found as '{self.mentions[0].matched_text}'"
        if self.how == "narrower":
            return f"{self.skill}: found via {self.via} (a kind of {self.skill})"
        if self.how in ("broader", "related"):
            return f"{self.skill}: {self.credit:g} credit for {self.via} (a {self.how} skill)"
        return f"{self.skill}: not found"


def _key(name: str) -> str:
    return normalise_term(name)


class SkillIndex:
    """For each of a role's skills, which candidate skills earn which credit."""

    def __init__(self, taxonomy: Taxonomy, skills: Iterable[str]) -> None:
        def key(name: str) -> str:
            return _key(taxonomy.canonical(name) or name)

        children: dict[str, set[str]] = {}
        related_to: dict[str, set[str]] = {}
        for concept in taxonomy.concepts.values():
            for parent in concept.broader:
                children.setdefault(key(parent), set()).add(concept.canonical)
            for other in concept.related:
                related_to.setdefault(key(other), set()).add(concept.canonical)
        self._credit: dict[str, dict[str, tuple[float, How]]] = {}
        for skill in skills:
            table: dict[str, tuple[float, How]] = {}
            broader = taxonomy.broader(skill)
            for name in {*taxonomy.related(skill), *related_to.get(key(skill), ())}:
                table[key(name)] = (PARTIAL_CREDIT, "related")
            for name in broader:
                table[key(name)] = (PARTIAL_CREDIT, "broader")
            frontier = {key(skill)}
            for _ in range(NARROWER_DEPTH):
                frontier = {_key(c) for parent in frontier for c in children.get(parent, ())}
                for name in frontier:
                    table[name] = (FULL_CREDIT, "narrower")
            table[key(skill)] = (FULL_CREDIT, "exact")
            self._credit[skill] = table

    def match(self, skill: str, mentions: Mapping[str, Sequence[Skill]]) -> SkillMatch:
        """The best credit for `skill` among the candidate's `mentions`
        (keyed by normalised canonical name, each list in text order)."""
        table = self._credit[skill]
        best: tuple[float, int, int] | None = None
        name = ""
        for candidate, found in mentions.items():
            credit_how = table.get(candidate)
            if credit_how is None or not found:
                continue
            rank = (-credit_how[0], _HOW_ORDER[credit_how[1]], found[0].span.start)
            if best is None or rank < best:
                best, name = rank, candidate
        if best is None:
            return SkillMatch(skill, 0.0, "missing", None, ())
        credit, how = table[name]
        found = tuple(mentions[name])
        if how == "exact" and not any(_is_name_of(m.matched_text, skill) for m in found):
            how = "synonym"
        via = found[0].canonical if how in ("narrower", "broader", "related") else None
        return SkillMatch(skill, credit, how, via, found[:MAX_EVIDENCE_PER_SKILL])

    def full_credit_names(self, skills: Iterable[str]) -> frozenset[str]:
        """Normalised names of every candidate skill that fully shows one of `skills`."""
        return frozenset(
            name
            for skill in skills
            for name, (credit, _) in self._credit[skill].items()
            if credit >= FULL_CREDIT
        )


def _is_name_of(written: str, canonical: str) -> bool:
    """Whether `written` is the canonical name itself (any case or spacing)."""
    squash = re.sub(r"[\s\-_.]+", "", written.lower())
    return any(re.sub(r"[\s\-_.]+", "", v.lower()) == squash for v in spelling_variants(canonical))


class TermFinder:
    """Finds a role's skills that the resume parser does not look for itself
    (imported ESCO skills: too many and too wordy to match in every resume, but
    fine to look for when a recruiter names one). Whole words, any case."""

    def __init__(self, taxonomy: Taxonomy, skills: Iterable[str]) -> None:
        self._patterns: list[tuple[str, re.Pattern[str]]] = []
        for skill in skills:
            concept = taxonomy.concept(skill)
            if concept is None or concept.source != "esco":
                continue
            terms = sorted({t.text for t in concept.terms}, key=len, reverse=True)
            alternatives = "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in terms)
            self._patterns.append((skill, re.compile(rf"(?i)(?<!\w)(?:{alternatives})(?!\w)")))

    def find(self, text: str) -> list[Skill]:
        return [
            Skill(skill, m.group(), Span(m.start(), m.end()))
            for skill, pattern in self._patterns
            for m in pattern.finditer(text)
        ]
