"""Dates and date ranges as resumes write them, and years of experience.

Handles 'Jan 2019 – Present', 'January 2019 - Current', '2017-2020', '2017-18',
'03/2015 to 11/2018', '2015.03', "Sep '19", 'Summer 2018', 'since 2016',
'7th Feb 2008 - 30th Aug 2009', 'June 2017 onwards', and two extraction losses:
a dash dropped between the ends ('20082010', '2010Present', 'Feb 2008  Aug 2009').
Dates right after a word of birth are ignored (a date of birth is not experience).

Years of experience (`merged_years`), the convention recruiters use:
* a month-precise range counts both of its months: 'Jan 2015 – Dec 2019' is
  60 months, 5.0 years (not 4.9); 'Mar 2020 – Mar 2020' is one month;
* a year without a month is kept as a bare year ('2017', reduced ISO 8601
  precision) and counts from January of the start year to January of the end
  year: '2017-2020' is 3.0 years;
* 'present' counts up to today's month, that month not included: it is not over.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from analysis.resume.model import Span

if TYPE_CHECKING:
    from analysis.resume.model import ExperienceEntry

PRESENT = "present"

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_SEASONS = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12}

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_YEAR = r"(?:19[5-9]\d|20[0-4]\d)"
_PRESENT_WORDS = (
    r"present|current(?:ly)?|now|today|till\s+(?:date|now|today)|to\s+date|ongoing|date"
)
_TOKEN = re.compile(  # (?<!...): never from inside a word, and fast to rule that out
    rf"""
    (?<![A-Za-z])(?:
    (?P<glued>(?P<g1>{_YEAR})(?P<g2>{_YEAR}))
  | (?P<month_year>(?:\d{{1,2}}(?:st|nd|rd|th)?[\s.-]+)?(?P<m1>{_MONTH})[\s,'’-]*
        (?:\d{{1,2}}(?:st|nd|rd|th)?,?\s*)?(?P<y1>{_YEAR}))
  | (?P<month_short>(?P<m2>{_MONTH})\s*['’](?P<y2>\d\d))
  | (?P<season>(?P<s>spring|summer|fall|autumn|winter)[\s,]+(?P<y3>{_YEAR}))
  | (?P<dmy>(?P<a4>\d{{1,2}})[/.-](?P<b4>\d{{1,2}})[/.-](?P<y4>{_YEAR}))
  | (?P<my>(?P<m5>0?[1-9]|1[0-2])\s?[/.-]\s?(?P<y5>{_YEAR}))
  | (?P<ym>(?P<y6>{_YEAR})[/.-](?P<m6>\d\d)(?![\d/.-]?\d))
  | (?P<year>(?P<y7>{_YEAR}))
  | (?P<present>{_PRESENT_WORDS})
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_PRESENT_AHEAD = re.compile(rf"(?:{_PRESENT_WORDS})\b", re.IGNORECASE)
# What may stand between the two ends of a range; nothing at all when a PDF lost the dash.
_RANGE_SEP = re.compile(
    r"^\s*(?:[-–—~‐‑]+|to|till|until|through|thru|and|\s)\s*[-–—]?\s*$", re.IGNORECASE
)
_COMMA = re.compile(r"^\s*,\s*$")  # "Oct 2005, till date"
_SINCE = re.compile(r"(?:since|from)\s*:?\s*$", re.IGNORECASE)
_ONWARDS = re.compile(r"\s*on\s?wards?\b", re.IGNORECASE)
# a birth word just before the date ("DOB: 12/09/1985", "Date of Birth : 10.05.1975")
_BIRTH_BEFORE = re.compile(
    r"\b(?:birth|born(?:\s+on)?|d\.?\s?o\.?\s?b\.?|age)\b[\s:.=–-]{0,12}$", re.IGNORECASE
)
_BIRTH_WINDOW = 30
_MAX_GLUED_SPAN = 50  # "20082010" is a range; "19502049" is not
_LONE_LINE = 90  # a lone date makes an entry only at the end of a line this short


@dataclass(frozen=True)
class YearMonth:
    year: int
    month: int
    month_known: bool = True  # False: the resume gave the year only

    def iso(self) -> str:
        return f"{self.year:04d}-{self.month:02d}" if self.month_known else f"{self.year:04d}"

    def index(self) -> int:
        return self.year * 12 + self.month - 1


@dataclass(frozen=True)
class DateRange:
    start: YearMonth
    end: YearMonth | None  # None means "present"
    span: Span
    lone: bool = False  # one month ("Summer 2022", "June 2020"): start and end the same

    @property
    def end_text(self) -> str:
        return PRESENT if self.end is None else self.end.iso()


@dataclass(frozen=True)
class _Token:
    value: YearMonth | None  # None: "present"
    start: int
    end: int
    year_pair: YearMonth | None = None  # "2017-18" and "20082010" carry their own end


def _month(word: str) -> int:
    return _MONTHS[word.lower().rstrip(".")[:3]]


def _year_only(year: int) -> YearMonth:
    return YearMonth(year, 1, month_known=False)


def _day_month(first: int, second: int) -> int | None:
    """The month of 'first/second/year': day first unless that cannot be, or
    unless the other number is a 1 (people date a start to the 1st: '12/1/2009')."""
    if first > 12:
        return second if second <= 12 else None
    if second > 12 or (second == 1 and first != 1):
        return first
    return second


def _parse_token(m: re.Match[str]) -> _Token | None:
    g = m.groupdict()
    span_start, span_end = m.start(), m.end()
    if g["present"]:
        return _Token(None, span_start, span_end)
    if g["glued"]:
        first, second = int(g["g1"]), int(g["g2"])
        if not 0 <= second - first <= _MAX_GLUED_SPAN:
            return None
        return _Token(_year_only(first), span_start, span_end, _year_only(second))
    if g["month_year"]:
        return _Token(YearMonth(int(g["y1"]), _month(g["m1"])), span_start, span_end)
    if g["month_short"]:
        yy = int(g["y2"])
        year = 2000 + yy if yy < 50 else 1900 + yy
        return _Token(YearMonth(year, _month(g["m2"])), span_start, span_end)
    if g["season"]:
        return _Token(YearMonth(int(g["y3"]), _SEASONS[g["s"].lower()]), span_start, span_end)
    if g["dmy"]:
        month = _day_month(int(g["a4"]), int(g["b4"]))
        if month is None or month == 0:
            return None
        return _Token(YearMonth(int(g["y4"]), month), span_start, span_end)
    if g["my"]:
        return _Token(YearMonth(int(g["y5"]), int(g["m5"])), span_start, span_end)
    if g["ym"]:
        year, two = int(g["y6"]), int(g["m6"])
        # "2011-12" is an academic year far more often than December 2011
        if two == (year + 1) % 100 or (two > 12 and two > year % 100):
            end_year = year - year % 100 + two
            return _Token(_year_only(year), span_start, span_end, _year_only(end_year))
        if 1 <= two <= 12:
            return _Token(YearMonth(year, two), span_start, span_end)
        return None
    return _Token(_year_only(int(g["y7"])), span_start, span_end)


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def _tokens(text: str, start: int, end: int) -> list[_Token]:
    tokens: list[_Token] = []
    for m in _TOKEN.finditer(text, start, end):
        before = text[m.start() - 1] if m.start() > 0 else " "
        after = text[m.end()] if m.end() < len(text) else " "
        is_present = m.group("present") is not None
        # "2010Present": the dash between a date and "present" lost in extraction
        glued_after = after.isalpha() and _PRESENT_AHEAD.match(text, m.end()) is not None
        glued_before = is_present and before.isdigit()
        if (before.isalnum() and not glued_before) or (after.isalnum() and not glued_after):
            continue  # part of a longer word or number
        token = _parse_token(m)
        if token is not None:
            tokens.append(token)
    return tokens


def _after_birth_word(text: str, pos: int) -> bool:
    window_start = max(_line_start(text, pos), pos - _BIRTH_WINDOW)
    return _BIRTH_BEFORE.search(text[window_start:pos]) is not None


def _joins(text: str, tok: _Token, nxt: _Token) -> bool:
    gap = text[tok.end : nxt.start]
    if gap == "" or _RANGE_SEP.match(gap):
        return True
    return nxt.value is None and _COMMA.match(gap) is not None


def find_date_ranges(text: str, start: int = 0, end: int | None = None) -> list[DateRange]:
    """Every date range in `text[start:end]`, in order. A lone date is not a range."""
    end = len(text) if end is None else end
    tokens = _tokens(text, start, end)
    ranges: list[DateRange] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.value is None or _after_birth_word(text, tok.start):
            i += 1
            continue
        if tok.year_pair is not None:
            ranges.append(DateRange(tok.value, tok.year_pair, Span(tok.start, tok.end)))
            i += 1
            continue
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if nxt is not None and _joins(text, tok, nxt):
            end_value = nxt.value if nxt.year_pair is None else nxt.year_pair
            if end_value is None or end_value.index() >= tok.value.index():
                ranges.append(DateRange(tok.value, end_value, Span(tok.start, nxt.end)))
                i += 2
                continue
        line_start = _line_start(text, tok.start)
        if _SINCE.search(text, max(line_start, tok.start - 8), tok.start):
            ranges.append(DateRange(tok.value, None, Span(tok.start, tok.end)))
        elif onwards := _ONWARDS.match(text, tok.end, end):
            ranges.append(DateRange(tok.value, None, Span(tok.start, onwards.end())))
        i += 1
    return ranges


def lone_dates_ending_lines(
    text: str, start: int = 0, end: int | None = None, ranges: Sequence[DateRange] = ()
) -> list[DateRange]:
    """Single dates with a month or season that end a short line and are no part of a
    range: "Intern, Acme Corp, June 2020", "Software Engineer Intern Summer 2022"."""
    end = len(text) if end is None else end
    found = []
    for tok in _tokens(text, start, end):
        value = tok.value
        if value is None or not value.month_known or tok.year_pair is not None:
            continue
        k = bisect.bisect_right(ranges, tok.start, key=lambda r: r.span.start) - 1
        if (k >= 0 and tok.start < ranges[k].span.end) or _after_birth_word(text, tok.start):
            continue
        line_end = text.find("\n", tok.end, tok.end + 8)
        rest = text[tok.end : line_end if line_end >= 0 else min(len(text), tok.end + 8)]
        line_start = text.rfind("\n", max(0, tok.start - _LONE_LINE), tok.start) + 1
        if (line_end < 0 and tok.end + 8 < len(text)) or rest.strip(" \t).,;") != "":
            continue  # not the end of its line
        if line_start == 0 and tok.start > _LONE_LINE:
            continue  # not a short line
        found.append(DateRange(value, value, Span(tok.start, tok.end), lone=True))
    return found


def find_years(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, Span]]:
    """Four-digit years in `text[start:end]` (for education end years)."""
    end = len(text) if end is None else end
    found = []
    for m in re.finditer(rf"(?<![\d/.-]){_YEAR}(?![\d])", text[start:end]):
        found.append((int(m.group()), Span(start + m.start(), start + m.end())))
    return found


def year_month(today: date) -> YearMonth:
    return YearMonth(today.year, today.month)


def _parse_iso(value: str) -> YearMonth:
    year, _, month = value.partition("-")
    return YearMonth(int(year), int(month)) if month else _year_only(int(year))


def merge_intervals(intervals: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Union of half-open month intervals, sorted."""
    merged: list[tuple[int, int]] = []
    for lo, hi in sorted(i for i in intervals if i[1] > i[0]):
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return merged


def months_interval(start_iso: str, end_iso: str, today: YearMonth) -> tuple[int, int]:
    """The half-open month interval an entry's dates cover (see the module docstring)."""
    lo = _parse_iso(start_iso).index()
    if end_iso == PRESENT:
        hi = today.index()
    else:
        end = _parse_iso(end_iso)
        hi = end.index() + (1 if end.month_known else 0)  # a written end month was worked
    return lo, min(hi, today.index())


def merged_years(entries: Sequence[ExperienceEntry], today_iso: str) -> float:
    """Years covered by the entries' periods, each overlapping month counted once."""
    now = _parse_iso(today_iso) if today_iso else year_month(date.today())
    intervals = [
        months_interval(entry.start, entry.end, now)
        for entry in entries
        if entry.start is not None and entry.end is not None
    ]
    months = sum(hi - lo for lo, hi in merge_intervals(intervals))
    return round(months / 12.0, 1)
