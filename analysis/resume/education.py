"""Education entries: a degree phrase anchors each entry; the institution is the
nearby piece that names a school, and the end year the last year near it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from analysis.resume.dates import find_years
from analysis.resume.entries import Piece, pieces_of
from analysis.resume.model import EducationEntry, EducationLevel, Span

_LEVEL_PATTERNS: list[tuple[EducationLevel, str]] = [
    (
        "doctorate",
        r"ph\.?\s?d\.?|doctorate|doctor of (?:philosophy|education|science)|d\.phil|ed\.?d\.?",
    ),
    (
        "master",
        r"masters?(?:'s)? (?:of|in|degree)|master's|m\.?\s?tech|m\.?\s?sc|m\.?\s?s\."
        r"|m\.s|m\.b\.a\.?|mba|m\.?\s?com|m\.?c\.?a|m\.?\s?phil|m\.?\s?ed\.?|m\.e\.?|m\.a\.|msc|ms|mtech|llm|mph|msn|pgdm|pgdba"
        r"|pgd[a-z]{1,4}|p\.g\.d\.[a-z.]{1,6}|post\s?graduate (?:diploma|program(?:me)?|degree)"
        r"|m\.d\.",
    ),
    (
        "bachelor",
        r"bachelors?(?:'s)?(?: of| in| degree)?|b\.?\s?tech|b\.?\s?sc|b\.s\.?|b\.?\s?com"
        r"|b\.?c\.?a|b\.?b\.?a|b\.?\s?ed|b\.?\s?e\.?|b\.a\.?|bsc|btech|bcom|bba|bca|llb|bsn|bfa|b\.?\s?arch|b\.?\s?pharm"
        r"|b-tech|bbm|bms|ba \(hons?\)|bsc \(hons?\)|bs|ba"
        r"|mbbs|undergraduate degree",
    ),
    ("associate", r"associate(?:'s)? (?:degree|of|in)|a\.a\.s?|a\.s\.|as|diploma|hnd|hnc"),
    (
        "high_school",
        r"high school|secondary school|higher secondary|senior secondary|hsc|ssc|sslc|12th|10th"
        r"|h\.s\.c\.?|s\.s\.c\.?"
        r"|xii(?:th)?|class x|intermediate|a-levels?|gcses?|ged|matriculation|cbse|icse|puc",
    ),
]
_DEGREE = re.compile(
    r"(?<![A-Za-z])(?:"
    + "|".join(f"(?P<{lvl}>{pat})" for lvl, pat in _LEVEL_PATTERNS)
    + r")(?![A-Za-z])",
    re.IGNORECASE,
)
# "B.E" alone is too easily a word: require capitals for the short forms
_CASE_SENSITIVE_SHORT = re.compile(
    r"^(?:b\.?e\.?|m\.?e\.?|b\.?a\.?|m\.?a\.|b\.?s\.?|m\.?s\.?|a\.?s\.|ged|puc)$", re.I
)
_INSTITUTION = re.compile(
    r"\b(?:university|universit[éy]|college|institute|school|academy|polytechnic|vidyalaya"
    r"|vidyapeeth|iit|nit|iiit|iim|conservatory|seminary|faculty of)\b",
    re.IGNORECASE,
)
# "BE in Computer Science", "MS (Physics)", "BA Communications" (but not "MS Office")
_FIELD_AFTER_SHORT = re.compile(
    r"\s*(?:in|of)\s+[A-Za-z]|\s*\(\s*[A-Z]|\s+(?!(?:Office|Excel|Word|Access|SQL|Project|Visio"
    r"|Outlook|PowerPoint|Dynamics|Windows|Azure|Paint|Teams|Exchange|Dos|DOS)\b)[A-Z][a-z]{3,}"
)
_FIELD = re.compile(r"\b(?:in|of)\s+(?P<field>[A-Za-z&,.' ()/-]{3,80})")
_FIELD_IN = re.compile(r"\bin\s+(?P<field>[A-Za-z&,.' ()/-]{3,80})")
_DEGREE_END = re.compile(r"\s[-–—|]\s|,\s*(?=\d)|\(|\bfrom\b|\bat\b|\s{2,}|\d{4}", re.IGNORECASE)


def _level(m: re.Match[str]) -> EducationLevel | None:
    for level, _ in _LEVEL_PATTERNS:
        if m.group(level):
            return level
    return None


def _degree_matches(text: str, region: Span) -> list[re.Match[str]]:
    found = []
    for m in _DEGREE.finditer(text, region.start, region.end):
        word = m.group()
        if _CASE_SENSITIVE_SHORT.match(word) and not word[:1].isupper():
            continue
        if len(word) <= 2 and "." not in word:
            if word.upper() != word:
                continue  # "Be", "Ms": words, not degrees
            if not _FIELD_AFTER_SHORT.match(text, m.end()):
                continue  # "BE", "MS", "BA": too often other things, unless a field follows
        found.append(m)
    return found


def mentions_degree(value: str) -> bool:
    """Whether a phrase names a degree ("B.Sc. in Physics", "MBA")."""
    return bool(_degree_matches(value, Span(0, len(value))))


def find_education(
    text: str, lines: Sequence[Span], regions: Sequence[Span]
) -> list[EducationEntry]:
    entries: list[EducationEntry] = []
    for region in regions:
        matches = _degree_matches(text, region)
        # one entry per line: several degree words on a line are one degree
        by_line: dict[int, re.Match[str]] = {}
        for m in matches:
            line_no = next((i for i, ln in enumerate(lines) if ln.start <= m.start() < ln.end), -1)
            by_line.setdefault(line_no, m)
        anchors = sorted(by_line.items(), key=lambda kv: kv[1].start())
        for k, (line_no, m) in enumerate(anchors):
            line = lines[line_no] if line_no >= 0 else Span(m.start(), m.end())
            ceiling = anchors[k + 1][1].start() if k + 1 < len(anchors) else region.end
            floor = anchors[k - 1][1].end() if k else region.start
            entries.append(_entry(text, lines, m, line, floor, ceiling))
        if not (len(regions) == 1 and regions[0] == Span(0, len(text))):
            # an education section: a school named without a degree is an entry too
            entries.extend(_schools_without_degree(text, lines, region, entries))
    return entries


def _schools_without_degree(
    text: str, lines: Sequence[Span], region: Span, entries: Sequence[EducationEntry]
) -> list[EducationEntry]:
    taken = [e.span for e in entries] + [e.degree_span for e in entries if e.degree_span]
    found = []
    for line in lines:
        if not region.start <= line.start < region.end:
            continue
        for piece in pieces_of(text, line):
            if any(s.start < piece.span.end and piece.span.start < s.end for s in taken):
                continue
            if _INSTITUTION.search(piece.text) and len(piece.text) <= 100:
                school = EducationEntry(None, None, None, piece.text, None, piece.span)
                found.append(replace(school, institution_span=piece.span))
                taken.append(piece.span)
                break
    return found


def _entry(
    text: str, lines: Sequence[Span], m: re.Match[str], line: Span, floor: int, ceiling: int
) -> EducationEntry:
    end = m.end()
    stop = _DEGREE_END.search(text, m.end(), line.end)
    degree_end = stop.start() if stop else line.end
    degree_span = Span(m.start(), max(end, degree_end))
    degree = text[degree_span.start : degree_span.end].strip(" ,-:;")
    # "M.Sc. in X, Some University": the school is not part of the degree
    for comma in re.finditer(r",\s*", degree):
        if _INSTITUTION.search(degree[comma.end() :]):
            degree = degree[: comma.start()]
            break
    degree_span = Span(degree_span.start, degree_span.start + len(degree))
    # "Bachelor of Science in Nursing": the field follows "in" when both are there
    field_match = _FIELD_IN.search(degree) or _FIELD.search(degree)
    field = field_match.group("field").strip(" ,.-") if field_match else None
    # institution: a piece naming a school, on this line or the next lines of the entry
    window = [line, *[ln for ln in lines if line.end <= ln.start < ceiling][:4]]
    window += [ln for ln in lines if floor <= ln.start < line.start][-2:]
    institution: Piece | None = None
    for ln in window:
        for piece in pieces_of(text, ln):
            if piece.span.start < degree_span.end and piece.span.end > degree_span.start:
                continue
            if _INSTITUTION.search(piece.text) and len(piece.text) <= 100:
                institution = piece
                break
        if institution:
            break
    years = [y for y, span in find_years(text, floor, ceiling) if span.start >= line.start - 200]
    end_year = max(years) if years else None
    span_end = max(degree_span.end, institution.span.end if institution else 0)
    return EducationEntry(
        level=_level(m),
        degree=degree,
        field=field,
        institution=institution.text if institution else None,
        end_year=end_year,
        span=Span(
            min(degree_span.start, institution.span.start if institution else degree_span.start),
            span_end,
        ),
        degree_span=degree_span,
        institution_span=institution.span if institution else None,
    )
