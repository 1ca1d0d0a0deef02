"""School names near a degree: the piece that names a school ("University of X",
"S.N.G College", "X College, Y University" joined), without exam boards, table headers
or lead-ins, and in an education section the schools listed without a degree or named
without a school word on the line under a degree."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import replace

from analysis.resume.dates import find_years
from analysis.resume.degrees import INSTITUTION_WORD, MONTH_YEAR, mentions_degree
from analysis.resume.entries import Piece, is_place, looks_like_prose, names_a_part, pieces_of
from analysis.resume.model import EducationEntry, Span
from analysis.resume.sections import lines_in

_GENERIC_SCHOOL_WORDS = {
    "university", "universities", "college", "institute", "institution", "school", "board",
    "name", "of", "the", "or", "and", "academy",
}  # fmt: skip
_UNIVERSITY = re.compile(r"\buniversit(?:y|é)\b", re.IGNORECASE)
# a school after a school on one line is a second school, not the first one's parent
_SCHOOL_LEVEL = re.compile(r"\b(?:school|academy|vidyalaya|vidyalayam)\b", re.IGNORECASE)
# "State Board", "Bihar School Examination Board": the body that set the exams, not
# the place of study
_BOARD = re.compile(r"\b(?:board|examinations?|council)\b", re.IGNORECASE)
_EXAM_BODY = re.compile(_BOARD.pattern + r"|\bstate\b", re.IGNORECASE)  # "Kerala State"
# "Acme College affiliated to Northgate University": the college is the school
_AFFILIATION = re.compile(r"\s*\(?\baffiliated\b.*$", re.IGNORECASE)
_DATED = re.compile(r"\s+" + MONTH_YEAR, re.IGNORECASE)  # "X University August 2013"
_LEAD_IN = re.compile(r"^(?:from|at)\s+", re.IGNORECASE)
_FUNCTION_WORD = re.compile(r"^(?:in|for|of|and|the|with|on|to|as|by|during)\b")


def school_piece(text: str, piece: Piece) -> Piece | None:
    """The piece as a school's name ("from Acme College" -> "Acme College"), or None."""
    lead = _LEAD_IN.match(piece.text)
    tail = _AFFILIATION.search(piece.text, 1) or _DATED.search(piece.text, 1)
    if lead or tail:
        start = piece.span.start + (lead.end() if lead else 0)
        span = Span(start, piece.span.start + tail.start() if tail else piece.span.end)
        piece = replace(piece, text=text[span.start : span.end], span=span)
    if not INSTITUTION_WORD.search(piece.text) or len(piece.text) > 100:
        return None
    # initials count as a name ("S.N.G College"), a stray letter does not ("University u")
    words = [w.lower() for w in re.findall(r"[A-Za-z]{2,}|[A-Za-z]\.", piece.text)]
    if all(w in _GENERIC_SCHOOL_WORDS for w in words) or _FUNCTION_WORD.match(piece.text):
        return None
    return None if _BOARD.search(piece.text) else piece


def joined_school(text: str, pieces: Sequence[Piece], k: int) -> Piece:
    """ "Acme College, Northfield University", "Acme Institute (AIT) University": a
    school and what it belongs to, written on one line, are one name."""
    first = school_piece(text, pieces[k])
    assert first is not None
    end = first.span.end
    j = k + 1
    while j < len(pieces) and not re.search(r"\d", pieces[j].text):
        nxt = pieces[j]
        if school_piece(text, nxt) is not None and not _SCHOOL_LEVEL.search(nxt.text):
            end = nxt.span.end
        elif nxt.bracketed and j + 1 < len(pieces) and _UNIVERSITY.match(pieces[j + 1].text):
            end = pieces[j + 1].span.end  # the acronym in brackets, then "University"
            j += 1
        else:
            break
        j += 1
    end = end + 1 if text[end : end + 1] == ")" and "(" in text[first.span.start : end] else end
    span = Span(first.span.start, end)
    return replace(first, text=text[span.start : span.end], span=span)


def school_on(text: str, span: Span) -> Piece | None:
    pieces = pieces_of(text, span, linked=False)
    for k, piece in enumerate(pieces):
        if school_piece(text, piece) is not None:
            return joined_school(text, pieces, k)
    return None


def schools_without_degree(
    text: str, lines: Sequence[Span], region: Span, entries: Sequence[EducationEntry]
) -> list[EducationEntry]:
    region_lines = lines_in(lines, region.start, region.end)
    covered: set[int] = set()  # the region's lines that hold part of an entry

    def cover(span: Span) -> None:
        first = bisect.bisect_right(region_lines, span.start, key=lambda ln: ln.end)
        last = bisect.bisect_left(region_lines, span.end, key=lambda ln: ln.start)
        covered.update(range(first, last))

    for e in entries:
        for span in (e.span, e.degree_span, e.institution_span):
            if span is not None:
                cover(span)
    found = []
    for i, line in enumerate(region_lines):
        if i in covered:
            continue
        school = school_on(text, line)
        if school is None:
            continue
        cover(school.span)
        # the line just above, when it is no date, place or school, names the course
        degree: Span | None = None
        above = region_lines[i - 1] if i else None
        if above is not None and i - 1 not in covered and could_be_course(text, above):
            degree = above
            cover(above)
        found.append(
            EducationEntry(
                level=None,
                degree=text[degree.start : degree.end] if degree else None,
                field=None,
                institution=school.text,
                end_year=None,
                span=Span(degree.start if degree else school.span.start, school.span.end),
                degree_span=degree,
                institution_span=school.span,
            )
        )
    return found


_NOT_A_COURSE = re.compile(
    r"\b(?:cgpa|gpa|percentage|marks|grade|score|aggregate|result|division|class of|year"
    r"|projects?)\b|[%@,]|www\.|https?:",
    re.IGNORECASE,
)


def could_be_course(text: str, line: Span) -> bool:
    value = text[line.start : line.end]
    if find_years(text, line.start, line.end) or _NOT_A_COURSE.search(value):
        return False
    piece = Piece(value, line)
    return (
        len(value.split()) <= 8
        and not INSTITUTION_WORD.search(value)
        and not is_place(piece)
        and not names_a_part(piece)
        and not value.endswith(":")
    )


def school_by_place(text: str, line: Span) -> Piece | None:
    """ "B.Tech in Civil Engineering" then "NITK - Surathkal, Karnataka": in an education
    section the line under a degree names its school, even by an acronym alone."""
    value = text[line.start : line.end]
    if re.search(r"\d", value) or mentions_degree(value):
        return None  # a date line, or the next degree
    pieces = pieces_of(text, line, linked=False)
    if not pieces:
        return None
    first = pieces[0]
    words = first.text.split()
    if (
        not 1 <= len(words) <= 6
        or not first.text[:1].isupper()
        or _NOT_A_COURSE.search(first.text)
        or _EXAM_BODY.search(first.text)
        or is_place(first)
        or names_a_part(first)
        or looks_like_prose(first)
    ):
        return None
    return first
