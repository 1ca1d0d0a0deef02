"""Entries without dates: "Analyst" over "Acme Ltd - Pune" (or the reverse), or
"Analyst at Acme Ltd" on one line, among the lines no dated entry has read."""

from __future__ import annotations

import re
from collections.abc import Sequence

from analysis.resume.career_breaks import is_career_break
from analysis.resume.entries import (
    Piece,
    is_place,
    looks_like_prose,
    names_a_part,
    names_skills,
    org_score,
    pieces_of,
    title_score,
)
from analysis.resume.model import ExperienceEntry, Span
from analysis.resume.sections import line_numbers

_MAX_HEADER_WORDS = 9
_BULLET_START = re.compile(r"^\s*(?:[•●▪◦■❖➢►✓*·-]|\d{1,2}[.)]\s)")


def _header_line(text: str, line: Span, skill_spans: Sequence[Span]) -> list[Piece] | None:
    """The pieces of a short line that can be part of an entry header, else None."""
    raw = text[line.start : line.end]
    if _BULLET_START.match(raw) or len(raw.split()) > _MAX_HEADER_WORDS:
        return None
    pieces = pieces_of(text, line)
    if not pieces or any(looks_like_prose(p) or names_a_part(p) for p in pieces):
        return None
    if any(names_skills(p, skill_spans) for p in pieces):
        return None
    return pieces


def undated_entries(
    text: str, lines: Sequence[Span], region: Span, read: set[int], skill_spans: Sequence[Span]
) -> list[ExperienceEntry]:
    """'Title' over 'Employer' (or the reverse), or 'Title at Employer', without dates."""
    entries = []
    numbers = line_numbers(lines, region.start, region.end)
    k = 0
    while k < len(numbers):
        i = numbers[k]
        first = None if i in read else _header_line(text, lines[i], skill_spans)
        if first is None:
            k += 1
            continue
        nxt = numbers[k + 1] if k + 1 < len(numbers) else None
        second = None if nxt is None or nxt in read else _header_line(text, lines[nxt], skill_spans)
        title, employer = _undated_pair(first, second)
        if title is None or employer is None or is_career_break(f"{title.text} {employer.text}"):
            k += 1
            continue
        used = 2 if second is not None and (employer in second or title in second) else 1
        end_line = numbers[k + used] if k + used < len(numbers) else None
        entries.append(
            ExperienceEntry(
                title=title.text,
                employer=employer.text,
                start=None,
                end=None,
                span=Span(lines[i].start, lines[end_line].start if end_line else region.end),
                title_span=title.span,
                employer_span=employer.span,
            )
        )
        k += used
    return entries


def _undated_pair(
    first: list[Piece], second: list[Piece] | None
) -> tuple[Piece | None, Piece | None]:
    firsts = [p for p in first if not is_place(p)]
    best_first = max(firsts, key=title_score, default=None)
    if best_first is None:
        return None, None
    if len(firsts) > 1 and title_score(best_first) > 0:
        # "Analyst at Acme Ltd", "Analyst, Acme Ltd"
        others = [p for p in firsts if p is not best_first]
        employer = max(others, key=org_score)
        if org_score(employer) > 0 or title_score(employer) == 0:
            return best_first, employer
    if second is None:
        return None, None
    seconds = [p for p in second if not is_place(p)]
    if not seconds or len(firsts) != 1:
        return None, None
    other = seconds[0]
    if title_score(best_first) > 0 and title_score(other) == 0 and _named(other):
        return best_first, other
    if title_score(best_first) == 0 and org_score(best_first) > 0 and title_score(other) > 0:
        return other, best_first
    return None, None


def _named(piece: Piece) -> bool:
    """Written like a name: a capital, a digit or a dot in each word, or an org word."""
    words = piece.text.split()
    return org_score(piece) > 0 or (
        len(words) <= 5 and all(w[:1].isupper() or w[:1].isdigit() for w in words)
    )
