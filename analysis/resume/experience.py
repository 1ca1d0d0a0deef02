"""Experience entries. Each date range in an experience section anchors one entry;
its title and employer are read from the header pieces around the dates: the
dates' own line (only the clause touching them when line breaks were lost and
several entries run together on one line), then the lines just above, and the
lines just below when those two leave the title or the employer unknown.
The previous entry's header lines are not this one's; several roles under one
employer share it; a layout that writes each header below its dates is read that way.
Headers without dates make undated entries (undated_entries.py).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from analysis.resume.career_breaks import is_career_break
from analysis.resume.dates import DateRange, find_date_ranges, lone_dates_ending_lines
from analysis.resume.degrees import mentions_degree
from analysis.resume.entries import (
    Piece,
    best_pieces,
    looks_like_prose,
    names_a_part,
    org_score,
    pieces_of,
    title_score,
)
from analysis.resume.model import ExperienceEntry, Section, Span
from analysis.resume.sections import line_before, lines_in
from analysis.resume.undated_entries import undated_entries

_LINES_BEFORE = 3
_LINES_AFTER = 2
_LONG_LINE = 90  # longer "lines" are runs of text that lost their line breaks
_MAX_CLAUSE_WORDS = 14
# a sentence ends after a lower-case word ("...dashboards. Acme"), not after "Inc." or "Sr."
_SENTENCE_END = re.compile(r"(?<=[a-z]{4})[.!?]\s+|[;•●▪◦■❖➢►]\s*")
_NOT_EXPERIENCE = {"education", "certifications", "languages"}


@dataclass(frozen=True)
class _Header:
    same: list[Piece]  # the dates' own clause, the nearest the dates first
    before: list[Piece]  # the lines above, the nearest first
    after: list[Piece]  # the lines below (and the rest of the dates' line)
    lines: set[int]  # the line numbers read
    under_previous: bool = False  # the line just above is the previous entry's header


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
    return max(0, line_before(lines, pos))


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
    headers_below: bool = False,
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
    previous_line = _short_line_at(text, floor) if between[0] else None
    next_line = _short_line_at(text, ceiling) if between[1] else None
    line_floor = previous_line.end if previous_line else floor
    line_ceiling = next_line.start if next_line else ceiling
    under_previous = False
    for i in range(first - 1, max(-1, first - 1 - _LINES_BEFORE), -1):
        if lines[i].start < line_floor or i in taken:
            under_previous = between[0]
            break
        if lines[i].end - lines[i].start > _LONG_LINE:
            break
        line_pieces = pieces_of(text, lines[i])
        if any(looks_like_prose(p) for p in line_pieces):
            break
        before.extend(line_pieces[::-1])
        read.add(i)
    after_end = min(len(lines), last + 1 + _LINES_AFTER)
    if between[1] and not headers_below and _alone_on_line(text, ceiling):
        # dates alone on their line ("Developer" / "Jun 2016 - Mar 2019"): the lines
        # just above them are their entry's header, not this one's
        after_end = min(after_end, _line_index(lines, ceiling) - _LINES_AFTER)
    for i in range(last + 1, after_end):
        if lines[i].start >= line_ceiling or lines[i].end - lines[i].start > _LONG_LINE:
            break
        line_pieces = pieces_of(text, lines[i])
        if not line_pieces or any(looks_like_prose(p) for p in line_pieces):
            break
        after.extend(line_pieces)
        read.add(i)
    return _Header(same, before, after, read, under_previous)


def _alone_on_line(text: str, pos: int) -> bool:
    """Whether the dates at `pos` are all there is on their (short) line, notes aside."""
    line = _short_line_at(text, pos)
    if line is None:
        return False
    pieces = pieces_of(text, line)
    return not any(not names_a_part(p) for p in pieces)


def _short_line_at(text: str, pos: int) -> Span | None:
    """The line break to line break span holding `pos`, when it is short: in text that
    lost its line breaks a "line" is a whole page. Looks no further than that, so a
    resume with thousands of dates on one line stays linear."""
    reach = 2 * _LONG_LINE
    low = max(0, pos - reach - 1)
    start = text.rfind("\n", low, pos) + 1
    if start == 0 and low > 0:
        return None
    end = text.find("\n", pos, pos + reach + 1)
    if end < 0:
        if len(text) - pos > reach:
            return None
        end = len(text)
    return Span(start, end) if end - start <= reach else None


def _titled_line(text: str, rng: DateRange) -> bool:
    """Whether the words before a lone date on its line hold a job title and no sentence
    ("Intern, Acme Corp, June 2020"; not "Launched the app in June 2020")."""
    line = _short_line_at(text, rng.span.start)
    if line is None:
        return False
    pieces = pieces_of(text, Span(line.start, rng.span.start))
    return any(title_score(p) > 0 for p in pieces) and not any(looks_like_prose(p) for p in pieces)


def _title_and_employer(
    header: _Header, org_spans: Sequence[Span], skill_spans: Sequence[Span]
) -> tuple[Piece | None, Piece | None, int]:
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
        # a guess (nothing looked like an organisation) gives way to an organisation
        # above the dates: "Mercy Hospital" over "Charge Nurse, ICU (2019 - 2021)"
        if employer is None or (
            (employer_tier == 1 or (employer_tier == 0 and k == 1))
            and org_score(employer) == 0
            and org_score(found_employer) > 0
        ):
            employer, employer_tier = found_employer, k
    return title, employer, employer_tier


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
    lone = [
        rng
        for rng in lone_dates_ending_lines(text, region.start, region.end, ranges)
        if _titled_line(text, rng)
    ]
    ranges = sorted([*ranges, *lone], key=lambda r: r.span.start)
    taken: frozenset[int] = frozenset()
    shared: Piece | None = None  # the previous entry's employer, written above its title
    # dates first, alone under the heading: each entry's header is below its dates
    below = (
        bool(ranges)
        and _alone_on_line(text, ranges[0].span.start)
        and not lines_in(lines, region.start, ranges[0].span.start)
    )
    for i, rng in enumerate(ranges):
        floor = ranges[i - 1].span.end if i else region.start
        ceiling = ranges[i + 1].span.start if i + 1 < len(ranges) else region.end
        between = (i > 0, i + 1 < len(ranges))
        header = _header(text, lines, rng, floor, ceiling, taken, between, below)
        title, employer, tier = _title_and_employer(header, org_spans, skill_spans)
        if rng.lone and (title is None or title_score(title) == 0):
            continue  # a lone date makes an entry only under a job title
        # several roles under one employer: "Mercy Hospital" / "Charge Nurse (2019 -
        # 2021)" / "Staff Nurse (2014 - 2019)"
        inherit = header.under_previous and shared is not None
        if inherit and (employer is None or (tier == 0 and org_score(employer) == 0)):
            employer = shared
        elif employer is None or tier != 1:
            shared = None
        else:
            shared = employer
        taken = frozenset(_line_index(lines, p.span.start) for p in (title, employer) if p)
        if (title is None or title_score(title) == 0) and any(
            mentions_degree(p.text) for p in header.same + header.before
        ):
            continue  # "BSc Physics, University of Leeds 2012-2015": education
        if _names_a_break(text, lines, rng, floor, below, header, (title, employer)):
            read |= header.lines  # nor an undated entry: a career break is not a job
            continue
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


def _names_a_break(
    text: str,
    lines: Sequence[Span],
    rng: DateRange,
    floor: int,
    headers_below: bool,
    header: _Header,
    chosen: tuple[Piece | None, Piece | None],
) -> bool:
    """'Maternity leave' / 'Jan 2015 - Dec 2017': the header, not the description.

    Read: the chosen title and employer, the header pieces around the dates, and
    as written the dates' own short line and the line just above it (a break is
    often written in lower case, 'Career break, family caregiving', which the
    header pieces skip as prose)."""
    pieces = [p.text for p in chosen if p] + [p.text for p in header.same + header.before]
    if not any(chosen):
        pieces += [p.text for p in header.after]
    first = _line_index(lines, rng.span.start)
    last = _line_index(lines, rng.span.end - 1)
    near = list(range(first, last + 1)) + ([first - 1] if first and not headers_below else [])
    for i in near:
        line = lines[i]
        if line.start >= floor and line.end - line.start <= _LONG_LINE:
            pieces.append(text[line.start : line.end])
    return any(is_career_break(piece) for piece in pieces)


def find_experience(
    text: str,
    lines: Sequence[Span],
    regions: Sequence[Span],
    org_spans: Sequence[Span] = (),
    skill_spans: Sequence[Span] = (),
) -> list[ExperienceEntry]:
    """`org_spans`: organisation names found by NER; `skill_spans`: taxonomy skill
    mentions in text order, which are neither titles nor employers ("SQL Server 2008")."""
    entries: list[ExperienceEntry] = []
    for region in regions:
        read: set[int] = set()
        dated = _dated_entries(text, lines, region, org_spans, skill_spans, read)
        undated = undated_entries(text, lines, region, read, skill_spans)
        entries.extend(sorted(dated + undated, key=lambda e: e.span.start))
    return entries
