"""The five parts of a resume score, each a fraction in [0, 1] with its reasons.

Every function here reads a `ScoringInput` (never a `ResumeProfile`) and the role's
precomputed matching tables; the scorer turns fractions into points.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from analysis.resume.dates import merged_years
from analysis.resume.model import ExperienceEntry, Skill, Span
from analysis.scoring.criteria import EDUCATION_LEVELS, PartName, RoleCriteria, education_rank
from analysis.scoring.matching import FULL_CREDIT, SkillIndex, SkillMatch
from analysis.scoring.redaction import shown
from analysis.scoring.results import Evidence
from analysis.scoring.scoring_input import ScoringInput

EDUCATION_BELOW_CREDIT = 0.5  # one level under the minimum: half, not nothing
MAX_EVIDENCE_PER_KEYWORD = 3


@dataclass(frozen=True)
class PartOutcome:
    name: PartName
    applicable: bool
    fraction: float
    explanation: str
    evidence: tuple[Evidence, ...] = ()


def evidence(text: str, span: Span) -> Evidence:
    return Evidence(shown(text[span.start : span.end]), span.start, span.end)


def _skill_evidence(text: str, matches: Sequence[SkillMatch]) -> tuple[Evidence, ...]:
    spans = sorted({m.span for match in matches for m in match.mentions}, key=lambda s: s.start)
    return tuple(evidence(text, s) for s in spans)


def must_haves(
    data: ScoringInput,
    criteria: RoleCriteria,
    index: SkillIndex,
    mentions: Mapping[str, Sequence[Skill]],
) -> tuple[PartOutcome, tuple[str, ...]]:
    """Fraction of must-haves shown in full (the skill, a synonym or a narrower
    skill); a broader or related skill is named but does not meet a must-have."""
    if not criteria.must_have:
        return PartOutcome("must_haves", False, 0.0, "No must-haves set for this role."), ()
    matches = [index.match(skill, mentions) for skill in criteria.must_have]
    met = [m for m in matches if m.credit >= FULL_CREDIT]
    missing = tuple(m.skill for m in matches if m.credit < FULL_CREDIT)
    reasons = []
    for m in matches:
        if m.credit >= FULL_CREDIT or m.how == "missing":
            reasons.append(m.describe())
        else:
            reasons.append(f"{m.skill}: not found ({m.via} is only a {m.how} skill)")
    explanation = f"{len(met)} of {len(matches)} must-haves met. " + "; ".join(reasons) + "."
    outcome = PartOutcome(
        "must_haves", True, len(met) / len(matches), explanation, _skill_evidence(data.text, met)
    )
    return outcome, missing


def preferred_skills(
    data: ScoringInput,
    criteria: RoleCriteria,
    index: SkillIndex,
    mentions: Mapping[str, Sequence[Skill]],
) -> PartOutcome:
    """Weighted share of the preferred skills, with partial credit from the taxonomy."""
    if not criteria.preferred:
        return PartOutcome("skills", False, 0.0, "No preferred skills set for this role.")
    matches = [index.match(p.skill, mentions) for p in criteria.preferred]
    total = sum(p.weight for p in criteria.preferred)
    earned = sum(p.weight * m.credit for p, m in zip(criteria.preferred, matches, strict=True))
    fraction = earned / total
    reasons = "; ".join(
        f"{m.describe()} (weight {p.weight:g})"
        for p, m in zip(criteria.preferred, matches, strict=True)
    )
    explanation = f"Weighted match {fraction:.0%}: {reasons}."
    return PartOutcome("skills", True, fraction, explanation, _skill_evidence(data.text, matches))


def _header(text: str, entry: ExperienceEntry) -> Span:
    """The entry's first line, through its date line when the dates come next."""
    end = text.find("\n", entry.span.start, entry.span.end)
    end = entry.span.end if end < 0 else end
    if entry.date_span is not None and end < entry.date_span.end <= entry.span.end:
        date_line_end = text.find("\n", entry.date_span.end, entry.span.end)
        if text.count("\n", end, entry.date_span.start) <= 1:
            end = entry.span.end if date_line_end < 0 else date_line_end
    return Span(entry.span.start, end)


def experience(
    data: ScoringInput,
    criteria: RoleCriteria,
    relevant_names: frozenset[str] | None,
    mentions: Mapping[str, Sequence[Skill]],
) -> PartOutcome:
    """Relevant years against `min_years`: proportional below it, capped at it.

    An entry is relevant when a skill mentioned inside it fully shows one of the
    role's skills for years (`relevant_names`); None means every entry counts.
    Overlapping periods count once.
    """
    if criteria.min_years is None:
        return PartOutcome(
            "experience", False, 0.0, "No minimum years of experience set for this role."
        )
    dated = [e for e in data.experience if e.start is not None and e.end is not None]
    relevant = [
        e
        for e in dated
        if relevant_names is None or _mentions_any(mentions, e.span, relevant_names)
    ]
    years = merged_years(relevant, data.today)
    minimum = criteria.min_years
    fraction = 1.0 if minimum <= 0 else min(1.0, years / minimum)
    which = (
        "all entries count"
        if relevant_names is None
        else f"{len(relevant)} of {len(dated)} dated entries mention the role's skills"
    )
    explanation = f"{years:g} years of relevant experience (minimum {minimum:g}): {which}."
    if not dated:
        explanation = f"No dated experience found (minimum {minimum:g} years)."
    return PartOutcome(
        "experience",
        True,
        fraction,
        explanation,
        tuple(evidence(data.text, _header(data.text, e)) for e in relevant),
    )


def _mentions_any(
    mentions: Mapping[str, Sequence[Skill]], span: Span, names: frozenset[str]
) -> bool:
    return any(
        span.start <= m.span.start < span.end
        for name in names & mentions.keys()
        for m in mentions[name]
    )


def education(data: ScoringInput, criteria: RoleCriteria) -> PartOutcome:
    """Highest degree level found against `min_education`: meets it in full, one
    level below for EDUCATION_BELOW_CREDIT, lower or none for nothing."""
    minimum = criteria.min_education
    if minimum is None:
        return PartOutcome("education", False, 0.0, "No minimum education set for this role.")
    levelled = [(education_rank(e.level), e) for e in data.education if e.level is not None]
    if not levelled:
        return PartOutcome("education", True, 0.0, f"No degree level found (minimum {minimum}).")
    rank, best = max(levelled, key=lambda pair: pair[0])  # the first of equals
    gap = education_rank(minimum) - rank
    if gap <= 0:
        fraction, verdict = 1.0, "meets the minimum"
    elif gap == 1:
        fraction, verdict = (
            EDUCATION_BELOW_CREDIT,
            f"one level below: {EDUCATION_BELOW_CREDIT:g} credit",
        )
    else:
        fraction, verdict = 0.0, f"{gap} levels below"
    explanation = f"Highest level {EDUCATION_LEVELS[rank]} (minimum {minimum}): {verdict}."
    return PartOutcome("education", True, fraction, explanation, (evidence(data.text, best.span),))


def keyword_pattern(keyword: str) -> re.Pattern[str]:
    """Whole word(s), any case, any spacing between words; works for "C++" or "on-call"."""
    body = r"\s+".join(re.escape(word) for word in keyword.split())
    return re.compile(rf"(?i)(?<!\w){body}(?!\w)")


def keywords(data: ScoringInput, patterns: Sequence[tuple[str, re.Pattern[str]]]) -> PartOutcome:
    if not patterns:
        return PartOutcome("keywords", False, 0.0, "No keywords set for this role.")
    found: list[str] = []
    missing: list[str] = []
    spans: list[Span] = []
    for keyword, pattern in patterns:
        hits = [Span(m.start(), m.end()) for m in pattern.finditer(data.text)]
        (found if hits else missing).append(f"{keyword} ({len(hits)}x)" if hits else keyword)
        spans += hits[:MAX_EVIDENCE_PER_KEYWORD]
    explanation = f"{len(found)} of {len(patterns)} keywords found"
    explanation += f": {', '.join(found)}" if found else ""
    explanation += f"; missing: {', '.join(missing)}." if missing else "."
    fraction = len(found) / len(patterns)
    ordered = sorted(set(spans), key=lambda s: s.start)
    return PartOutcome(
        "keywords", True, fraction, explanation, tuple(evidence(data.text, s) for s in ordered)
    )
