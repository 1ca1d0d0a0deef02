"""Experience entries: each date range in an experience section anchors one entry;
its title and employer are read from the header lines around the dates."""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from analysis.resume.dates import DateRange, find_date_ranges
from analysis.resume.entries import Piece, best_pieces, looks_like_prose, pieces_of
from analysis.resume.model import ExperienceEntry, Span

_LINES_BEFORE = 3
_LINES_AFTER = 2


def _line_index(lines: Sequence[Span], pos: int) -> int:
    starts = [line.start for line in lines]
    return max(0, bisect.bisect_right(starts, pos) - 1)


def _cut(text: str, line: Span, hole: Span) -> list[Span]:
    """The parts of `line` outside `hole` (the dates)."""
    parts = []
    if hole.start > line.start:
        parts.append(Span(line.start, min(hole.start, line.end)))
    if hole.end < line.end:
        parts.append(Span(max(hole.end, line.start), line.end))
    return parts


def _header_pieces(
    text: str, lines: Sequence[Span], rng: DateRange, floor: int, ceiling: int
) -> list[Piece]:
    """Pieces on the date's own line(s), then the lines just before, then just after."""
    first = _line_index(lines, rng.span.start)
    last = _line_index(lines, rng.span.end - 1)
    same: list[Piece] = []
    for i in range(first, last + 1):
        for part in _cut(text, lines[i], rng.span):
            same.extend(pieces_of(text, part))
    before: list[Piece] = []
    for i in range(first - 1, max(-1, first - 1 - _LINES_BEFORE), -1):
        if lines[i].start < floor:
            break
        line_pieces = pieces_of(text, lines[i])
        if any(looks_like_prose(p) for p in line_pieces):
            break
        before = line_pieces + before
    after: list[Piece] = []
    for i in range(last + 1, min(len(lines), last + 1 + _LINES_AFTER)):
        if lines[i].start >= ceiling:
            break
        line_pieces = pieces_of(text, lines[i])
        if not line_pieces or any(looks_like_prose(p) for p in line_pieces):
            break
        after.extend(line_pieces)
    # the nearest lines first: same line, then the line above, then the line below
    return same + before[::-1] + after


def find_experience(
    text: str,
    lines: Sequence[Span],
    regions: Sequence[Span],
    org_spans: Sequence[Span] = (),
) -> list[ExperienceEntry]:
    entries: list[ExperienceEntry] = []
    for region in regions:
        ranges = find_date_ranges(text, region.start, region.end)
        for i, rng in enumerate(ranges):
            floor = ranges[i - 1].span.end if i else region.start
            ceiling = ranges[i + 1].span.start if i + 1 < len(ranges) else region.end
            pieces = _header_pieces(text, lines, rng, floor, ceiling)
            title, employer = best_pieces(pieces, org_spans)
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
