"""Experience entries. Each date range in an experience section anchors one entry;
its title and employer are read from the header pieces around the dates: the
dates' own line (only the clause touching them when line breaks were lost and
several entries run together on one line), then the lines just above, and the
lines just below when those two leave the title or the employer unknown.
Headers without dates ("Analyst" over "Acme Ltd - Pune") make undated entries.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from analysis.resume.dates import DateRange, find_date_ranges
from analysis.resume.degrees import mentions_degree
from analysis.resume.entries import (
    Piece,
    best_pieces,
    is_place,
    looks_like_prose,
    names_a_part,
    names_skills,
    org_score,
    pieces_of,
    title_score,
)
from analysis.resume.model import ExperienceEntry, Section, Span

_LINES_BEFORE = 3
_LINES_AFTER = 2
_LONG_LINE = 90  # longer "lines" are runs of text that lost their line breaks
_MAX_CLAUSE_WORDS = 14
_MAX_HEADER_WORDS = 9
# a sentence ends after a lower-case word ("...dashboards. Acme"), not after "Inc." or "Sr."
_SENTENCE_END = re.compile(r"(?<=[a-z]{4})[.!?]\s+|[;•●▪◦■❖➢►]\s*")
_BULLET_START = re.compile(r"^\s*(?:[•●▪◦■❖➢►✓*·-]|\d{1,2}[.)]\s)")
_NOT_EXPERIENCE = {"education", "certifications", "languages"}


@dataclass(frozen=True)
class _Header:
    same: list[Piece]  # the dates' own clause, the nearest the dates first
    before: list[Piece]  # the lines above, the nearest first
    after: list[Piece]  # the lines below (and the rest of the dates' line)
    lines: set[int]  # the line numbers read


def experience_regions(text: str, sections: Sequence[Section]) -> list[Span]:
    """The experience sections; without one, all the text but the sections that
    hold other dated things (education entries are dropped later by their degree)."""
    regions = [s.body_span for s in sections if s.name == "experience"]
    if regions:
        return regions
    return _complement(len(text), [s.body_span for s in sections if s.name in _NOT_EXPERIENCE])


def _complement(length: int, holes: Sequence[Span]) -> list[Span]:
    regions = []
    pos = 0
    for hole in sorted(holes, key=lambda s: s.start):
        if hole.start > pos:
            regions.append(Span(pos, hole.start))
        pos = max(pos, hole.end)
    if pos < length:
        regions.append(Span(pos, length))
    return regions


def _line_index(lines: Sequence[Span], pos: int) -> int:
    starts = [line.start for line in lines]
    return max(0, bisect.bisect_right(starts, pos) - 1)


def _clause_before(text: str, part: Span) -> Span:
    """In a long run, the words just before the dates, back to the sentence end."""
    start = part.start
    for m in _SENTENCE_END.finditer(text, part.start, part.end):
        start = m.end()
    words = list(re.finditer(r"\S+", text[start : part.end]))
    if len(words) > _MAX_CLAUSE_WORDS:
        start += words[-_MAX_CLAUSE_WORDS].start()
    return Span(start, part.end)


def _clause_after(text: str, part: Span) -> Span:
    stop = _SENTENCE_END.search(text, part.start, part.end)
    end = stop.start() if stop else part.end
    words = list(re.finditer(r"\S+", text[part.start : end]))
    if len(words) > _MAX_CLAUSE_WORDS:
        end = part.start + words[_MAX_CLAUSE_WORDS - 1].end()
    return Span(part.start, end)


def _header(
    text: str,
    lines: Sequence[Span],
    rng: DateRange,
    floor: int,
    ceiling: int,
    taken: frozenset[int] = frozenset(),
    between: tuple[bool, bool] = (False, False),
) -> _Header:
    """`floor`/`ceiling`: the end of the previous dates and the start of the next ones
    (`between`: whether there are such dates, else the region's bounds); `taken`: the
    lines the previous entry's title and employer came from, which are not this one's."""
    first = _line_index(lines, rng.span.start)
    last = _line_index(lines, rng.span.end - 1)
    same: list[Piece] = []
    before: list[Piece] = []
    after: list[Piece] = []
    for i in range(first, last + 1):
        line = lines[i]
        left = Span(max(line.start, floor), min(rng.span.start, line.end))
        right = Span(max(rng.span.end, line.start), min(line.end, ceiling))
        if line.end - line.start > _LONG_LINE:
            left = _clause_before(text, left) if left.end > left.start else left
            right = _clause_after(text, right) if right.end > right.start else right
        if left.end > left.start:
            same.extend(pieces_of(text, left)[::-1])  # the nearest the dates first
        if right.end > right.start:
            after.extend(pieces_of(text, right))
    read = set(range(first, last + 1))
    # the rest of the previous dates' line, and the next dates' line, belong to those
    # entries ("Acme — London      Jan 2019 – Present")
    # (not in text that lost its line breaks, where a "line" is a whole page)
    line_floor, line_ceiling = floor, ceiling
    if between[0] and _line_end(text, floor) - _line_start(text, floor) <= 2 * _LONG_LINE:
        line_floor = _line_end(text, floor)
    if between[1] and _line_end(text, ceiling) - _line_start(text, ceiling) <= 2 * _LONG_LINE:
        line_ceiling = _line_start(text, ceiling)
    for i in range(first - 1, max(-1, first - 1 - _LINES_BEFORE), -1):
        if lines[i].start < line_floor or lines[i].end - lines[i].start > _LONG_LINE:
            break
        if i in taken:
            break
        line_pieces = pieces_of(text, lines[i])
        if any(looks_like_prose(p) for p in line_pieces):
            break
        before.extend(line_pieces[::-1])
        read.add(i)
    for i in range(last + 1, min(len(lines), last + 1 + _LINES_AFTER)):
        if lines[i].start >= line_ceiling or lines[i].end - lines[i].start > _LONG_LINE:
            break
        line_pieces = pieces_of(text, lines[i])
        if not line_pieces or any(looks_like_prose(p) for p in line_pieces):
            break
        after.extend(line_pieces)
        read.add(i)
    return _Header(same, before, after, read)


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def _line_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end < 0 else end


def _title_and_employer(
    header: _Header, org_spans: Sequence[Span], skill_spans: Sequence[Span]
) -> tuple[Piece | None, Piece | None]:
    """The dates' own line first, then the lines above, then below: a later group only
    fills what the earlier ones left unknown, or replaces an employer guessed above
    the dates (nothing there looked like an organisation) by one that does below."""
    tiers = [header.same, header.before, header.after]
    title: Piece | None = None
    employer: Piece | None = None
    employer_tier = -1
    for k, tier in enumerate(tiers):
        found_title, found_employer = best_pieces(
            tier, org_spans, title_known=title is not None, skill_spans=skill_spans
        )
        if title is None and found_title is not None:
            title = found_title
            for earlier in range(k if employer is None else 0):
                # "Acme, Leeds, UK" above the dates, "Analyst" below them
                guess = best_pieces(
                    tiers[earlier], org_spans, title_known=True, skill_spans=skill_spans
                )[1]
                if guess is not None:
                    employer, employer_tier = guess, earlier
                    break
        if found_employer is None or found_employer is title:
            continue
        if employer is None or (
            employer_tier == 1 and org_score(employer) == 0 and org_score(found_employer) > 0
        ):
            employer, employer_tier = found_employer, k
    return title, employer


def _dated_entries(
    text: str,
    lines: Sequence[Span],
    region: Span,
    org_spans: Sequence[Span],
    skill_spans: Sequence[Span],
    read: set[int],
) -> list[ExperienceEntry]:
    entries = []
    ranges = find_date_ranges(text, region.start, region.end)
    taken: frozenset[int] = frozenset()
    for i, rng in enumerate(ranges):
        floor = ranges[i - 1].span.end if i else region.start
        ceiling = ranges[i + 1].span.start if i + 1 < len(ranges) else region.end
        header = _header(text, lines, rng, floor, ceiling, taken, (i > 0, i + 1 < len(ranges)))
        title, employer = _title_and_employer(header, org_spans, skill_spans)
        taken = frozenset(_line_index(lines, p.span.start) for p in (title, employer) if p)
        if (title is None or title_score(title) == 0) and any(
            mentions_degree(p.text) for p in header.same + header.before
        ):
            continue  # "BSc Physics, University of Leeds 2012-2015": education
        read |= header.lines
        span_start = min([rng.span.start] + [p.span.start for p in (title, employer) if p])
        entries.append(
            ExperienceEntry(
                title=title.text if title else None,
                employer=employer.text if employer else None,
                start=rng.start.iso(),
                end=rng.end_text,
                span=Span(span_start, ceiling),
                title_span=title.span if title else None,
                employer_span=employer.span if employer else None,
                date_span=rng.span,
            )
        )
    return entries


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


def _undated_entries(
    text: str, lines: Sequence[Span], region: Span, read: set[int], skill_spans: Sequence[Span]
) -> list[ExperienceEntry]:
    """'Title' over 'Employer' (or the reverse), or 'Title at Employer', without dates."""
    entries = []
    numbers = [i for i, ln in enumerate(lines) if region.start <= ln.start < region.end]
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
        if title is None or employer is None:
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


def find_experience(
    text: str,
    lines: Sequence[Span],
    regions: Sequence[Span],
    org_spans: Sequence[Span] = (),
    skill_spans: Sequence[Span] = (),
) -> list[ExperienceEntry]:
    """`org_spans`: organisation names found by NER; `skill_spans`: taxonomy skill
    mentions, which are neither titles nor employers ("SQL Server 2008")."""
    entries: list[ExperienceEntry] = []
    for region in regions:
        read: set[int] = set()
        dated = _dated_entries(text, lines, region, org_spans, skill_spans, read)
        undated = _undated_entries(text, lines, region, read, skill_spans)
        entries.extend(sorted(dated + undated, key=lambda e: e.span.start))
    return entries
