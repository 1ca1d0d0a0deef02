"""Education entries: a degree phrase anchors each entry; the institution is the
nearby piece that names a school, and the end year the last year near it.

In an education section the layout helps too: a school listed without a degree is an
entry (with the line above it as its course), the line under a degree names its school
even without a word like "College", and a section that writes each school above its
degree is read that way. Degree words inside a school's name ("MS University", "Govt.
High School") are part of the name."""

from __future__ import annotations

import re
from collections.abc import Sequence

from analysis.resume.dates import find_years
from analysis.resume.degrees import (
    INSTITUTION_WORD,
    MONTH_YEAR,
    degree_level,
    degree_matches,
    inside_school_name,
    mentions_degree,
)
from analysis.resume.entries import Piece, is_place
from analysis.resume.model import EducationEntry, Span
from analysis.resume.schools import (
    school_by_place,
    school_on,
    schools_without_degree,
)
from analysis.resume.sections import line_before, lines_in, strip_span

__all__ = ["find_education", "mentions_degree"]

_FIELD = re.compile(r"\b(?:in|of)\s+(?P<field>[A-Za-z&,.' ()/-]{3,80})", re.IGNORECASE)
# "BA (Hons) English Literature", "BSc Physics": capitalised words right after the degree
_FIELD_AFTER_WORD = re.compile(
    r"(?:\s*\(hons?\.?\)|\s+hons?\.?)?\s+"
    r"(?P<field>[A-Z][A-Za-z&'-]+(?: (?:and |& |of )?[A-Z][A-Za-z&'-]+){0,4})\s*$"
)
_FIELD_BRACKETED = re.compile(r"\s*\(\s*(?P<field>[A-Z][A-Za-z&' -]{2,60}?)\s*\)")  # "(Civil)"
_FIELD_IN = re.compile(r"\bin\s+(?P<field>[A-Za-z&,.' ()/-]{3,80})", re.IGNORECASE)
_DEGREE_END = re.compile(
    r"\s[-–—]\s|\s*[|•]\s*|,\s*(?=\d)|\(|\bfrom\b|\bat\b|\s{2,}|\d{4}|" + MONTH_YEAR,
    re.IGNORECASE,
)


def find_education(
    text: str, lines: Sequence[Span], regions: Sequence[Span]
) -> list[EducationEntry]:
    entries: list[EducationEntry] = []
    whole_text = len(regions) == 1 and regions[0] == Span(0, len(text))
    for region in regions:
        # one entry per line: several degree words on a line are one degree
        by_line: dict[int, re.Match[str]] = {}
        for m in degree_matches(text, region, () if whole_text else lines):
            line_no = _line_holding(lines, m.start())
            line = lines[line_no] if line_no >= 0 else Span(m.start(), m.end())
            if line_no not in by_line and not inside_school_name(text, m, line):
                by_line[line_no] = m
        anchors = sorted(by_line.items(), key=lambda kv: kv[1].start())
        school_first = (
            not whole_text and bool(anchors) and _school_first(text, lines, anchors[0][0], region)
        )
        for k, (line_no, m) in enumerate(anchors):
            line = lines[line_no] if line_no >= 0 else Span(m.start(), m.end())
            ceiling = anchors[k + 1][1].start() if k + 1 < len(anchors) else region.end
            floor = anchors[k - 1][1].end() if k else region.start
            entries.append(
                _entry(
                    text, lines, m, line, floor, ceiling,
                    sectioned=not whole_text, school_first=school_first,
                )
            )  # fmt: skip
        if not whole_text:
            # an education section: a school named without a degree is an entry too
            entries.extend(schools_without_degree(text, lines, region, entries))
    return entries


def _school_first(text: str, lines: Sequence[Span], first: int, region: Span) -> bool:
    """ "University of X" just above "BSc ...", and no school just below: the section
    writes each school above its degree."""
    above = lines[first - 1] if first > 0 else None
    below = lines[first + 1] if 0 <= first < len(lines) - 1 else None
    return (
        above is not None
        and above.start >= region.start
        and school_on(text, above) is not None
        and (below is None or school_on(text, below) is None)
    )


_DANGLING = re.compile(r"(?:\s+(?:in|of|and|with|&))+$", re.IGNORECASE)


def _degree_end(text: str, m: re.Match[str], line: Span) -> int:
    """Where the degree's text ends on its line: at a dash, a date, "from", a bracket
    (but "BE (Computer Science)" and "Bachelor of Commerce (B.Com)" keep theirs)."""
    pos = m.end()
    while (stop := _DEGREE_END.search(text, pos, line.end)) is not None:
        if stop.group() == "(":
            close = text.find(")", stop.end(), line.end)
            inner = text[stop.end() : close] if close >= 0 else ""
            plain = not re.search(r"\d", inner) and not INSTITUTION_WORD.search(inner)
            if 0 < len(inner) <= 40 and plain:
                pos = close + 1
                continue
        return stop.start()
    return line.end


def _school_before_place(degree: str, start: int) -> tuple[str, Piece | None]:
    """ "Ph.D. in Computer Science, CalTech, Pasadena, USA": the piece before the place is
    the school even without a school word; the degree ends before it."""
    parts = [strip_span(degree, Span(m.start(), m.end())) for m in re.finditer(r"[^,]+", degree)]
    pieces = [Piece(degree[a.start : a.end], Span(start + a.start, start + a.end)) for a in parts]
    place = next((k for k, piece in enumerate(pieces) if k >= 2 and is_place(piece)), None)
    if place is None:
        return degree, None
    school = pieces[place - 1]
    if not school.text[:1].isupper() or is_place(school) or re.search(r"\d", school.text):
        return degree, None
    return degree[: parts[place - 2].end], school


def _line_holding(lines: Sequence[Span], pos: int) -> int:
    """The number of the line holding `pos`, or -1."""
    i = line_before(lines, pos)
    return i if i >= 0 and pos < lines[i].end else -1


def _entry(
    text: str,
    lines: Sequence[Span],
    m: re.Match[str],
    line: Span,
    floor: int,
    ceiling: int,
    *,
    sectioned: bool,
    school_first: bool = False,
) -> EducationEntry:
    degree_span = Span(m.start(), max(m.end(), _degree_end(text, m, line)))
    degree = text[degree_span.start : degree_span.end].strip(" ,-:;")
    degree = _DANGLING.sub("", degree)  # "Bachelor of Engineering in" cut by a line break
    # "M.Sc. in X, Some University": the school is not part of the degree
    for comma in re.finditer(r",\s*", degree):
        if INSTITUTION_WORD.search(degree[comma.end() :]):
            degree = degree[: comma.start()]
            break
    school_after: Piece | None = None
    if sectioned:
        degree, school_after = _school_before_place(degree, degree_span.start)
    degree_span = Span(degree_span.start, degree_span.start + len(degree))
    # "Bachelor of Science in Nursing": the field follows "in" when both are there
    after_word = m.end() - degree_span.start
    field_match = (
        _FIELD_IN.search(degree)
        or _FIELD.search(degree)
        or _FIELD_AFTER_WORD.match(degree, after_word)
        or _FIELD_BRACKETED.match(degree, after_word)
    )
    field = field_match.group("field").strip(" ,.-") if field_match else None
    # institution: a piece naming a school, on this line (beside the degree) or the next
    # lines of the entry, else the lines just above
    following = lines_in(lines, line.end, ceiling)[:4]
    above = lines_in(lines, floor, line.start)[-2:]
    window = [Span(degree_span.end, line.end), Span(line.start, degree_span.start)]
    window += [*above[::-1], *following] if school_first else [*following, *above]
    institution: Piece | None = school_after
    for ln in window if institution is None else ():
        institution = school_on(text, ln) if ln.end > ln.start else None
        if institution:
            break
    if institution is None and sectioned and following and not school_first:
        institution = school_by_place(text, following[0])
    # the years on the degree's own line, else the last near it ("2013 - 2016 BA ...")
    years = [y for y, _ in find_years(text, line.start, line.end)] or [
        y for y, span in find_years(text, floor, ceiling) if span.start >= line.start - 200
    ]
    end_year = max(years) if years else None
    span_end = max(degree_span.end, institution.span.end if institution else 0)
    return EducationEntry(
        level=degree_level(m),
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
