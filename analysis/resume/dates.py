"""Dates and date ranges as resumes write them, and years of experience.

Handles 'Jan 2019 – Present', 'January 2019 - Current', '2017-2020', '2017-18',
'03/2015 to 11/2018', '2015.03', "Sep '19", 'Summer 2018', 'since 2016'.
A year without a month counts from January, so '2017-2020' is three years.
Dates on a line that mentions birth are ignored (a date of birth is not experience).
"""

from __future__ import annotations

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
_TOKEN = re.compile(
    rf"""
    (?P<month_year>(?P<m1>{_MONTH})[\s,'’-]*(?:\d{{1,2}}(?:st|nd|rd|th)?,?\s*)?(?P<y1>{_YEAR}))
  | (?P<month_short>(?P<m2>{_MONTH})\s*['’](?P<y2>\d\d))
  | (?P<season>(?P<s>spring|summer|fall|autumn|winter)[\s,]+(?P<y3>{_YEAR}))
  | (?P<dmy>\d{{1,2}}[/.-](?P<m4>\d{{1,2}})[/.-](?P<y4>{_YEAR}))
  | (?P<my>(?P<m5>0?[1-9]|1[0-2])\s?[/.-]\s?(?P<y5>{_YEAR}))
  | (?P<ym>(?P<y6>{_YEAR})[/.-](?P<m6>\d\d)(?![\d/.-]?\d))
  | (?P<year>(?P<y7>{_YEAR}))
  | (?P<present>present|current(?:ly)?|now|today|till\s+(?:date|now|today)|to\s+date|ongoing|date)
    """,
    re.IGNORECASE | re.VERBOSE,
)
# What may stand between the two ends of a range.
_RANGE_SEP = re.compile(
    r"^\s*(?:[-–—~‐‑]+|to|till|until|through|thru|and|\s)\s*[-–—]?\s*$", re.IGNORECASE
)
_SINCE = re.compile(r"(?:since|from)\s*$", re.IGNORECASE)
_BIRTH = re.compile(r"\b(?:birth|born|d\.?\s?o\.?\s?b\.?|age)\b", re.IGNORECASE)


@dataclass(frozen=True)
class YearMonth:
    year: int
    month: int

    def iso(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def index(self) -> int:
        return self.year * 12 + self.month - 1


@dataclass(frozen=True)
class DateRange:
    start: YearMonth
    end: YearMonth | None  # None means "present"
    span: Span

    @property
    def end_text(self) -> str:
        return PRESENT if self.end is None else self.end.iso()


@dataclass(frozen=True)
class _Token:
    value: YearMonth | None  # None: "present"
    start: int
    end: int
    year_pair: YearMonth | None = None  # "2017-18" carries its own end


def _month(word: str) -> int:
    return _MONTHS[word.lower().rstrip(".")[:3]]


def _parse_token(m: re.Match[str]) -> _Token | None:
    g = m.groupdict()
    span_start, span_end = m.start(), m.end()
    if g["present"]:
        word = g["present"].lower()
        # a bare "date"/"now" only means present right after a range separator
        return _Token(None, span_start, span_end) if word else None
    if g["month_year"]:
        return _Token(YearMonth(int(g["y1"]), _month(g["m1"])), span_start, span_end)
    if g["month_short"]:
        yy = int(g["y2"])
        year = 2000 + yy if yy < 50 else 1900 + yy
        return _Token(YearMonth(year, _month(g["m2"])), span_start, span_end)
    if g["season"]:
        return _Token(YearMonth(int(g["y3"]), _SEASONS[g["s"].lower()]), span_start, span_end)
    if g["dmy"]:
        month = int(g["m4"])
        return _Token(YearMonth(int(g["y4"]), month), span_start, span_end) if month <= 12 else None
    if g["my"]:
        return _Token(YearMonth(int(g["y5"]), int(g["m5"])), span_start, span_end)
    if g["ym"]:
        year, two = int(g["y6"]), int(g["m6"])
        # "2011-12" is an academic year far more often than December 2011
        if two == (year + 1) % 100 or (two > 12 and two > year % 100):
            end_year = year - year % 100 + two
            return _Token(YearMonth(year, 1), span_start, span_end, YearMonth(end_year, 1))
        if 1 <= two <= 12:
            return _Token(YearMonth(year, two), span_start, span_end)
        return None
    return _Token(YearMonth(int(g["y7"]), 1), span_start, span_end)


def _line_bounds(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end < 0 else end


def find_date_ranges(text: str, start: int = 0, end: int | None = None) -> list[DateRange]:
    """Every date range in `text[start:end]`, in order. A lone date is not a range."""
    end = len(text) if end is None else end
    tokens: list[_Token] = []
    for m in _TOKEN.finditer(text, start, end):
        before = text[m.start() - 1] if m.start() > 0 else " "
        after = text[m.end()] if m.end() < len(text) else " "
        if before.isalnum() or after.isalnum():
            continue  # part of a longer word or number
        token = _parse_token(m)
        if token is not None:
            tokens.append(token)
    ranges: list[DateRange] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        line_start, line_end = _line_bounds(text, tok.start)
        if _BIRTH.search(text, line_start, line_end) or tok.value is None:
            i += 1
            continue
        if tok.year_pair is not None:
            ranges.append(DateRange(tok.value, tok.year_pair, Span(tok.start, tok.end)))
            i += 1
            continue
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if nxt is not None and _RANGE_SEP.match(text[tok.end : nxt.start]):
            end_value = nxt.value if nxt.year_pair is None else nxt.year_pair
            if end_value is None or end_value.index() >= tok.value.index():
                ranges.append(DateRange(tok.value, end_value, Span(tok.start, nxt.end)))
                i += 2
                continue
        if _SINCE.search(text, max(line_start, tok.start - 8), tok.start):
            ranges.append(DateRange(tok.value, None, Span(tok.start, tok.end)))
        i += 1
    return ranges


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
    year, month = value.split("-")
    return YearMonth(int(year), int(month))


def merge_intervals(intervals: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Union of half-open month intervals, sorted."""
    merged: list[tuple[int, int]] = []
    for lo, hi in sorted(i for i in intervals if i[1] > i[0]):
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return merged


def merged_years(entries: Sequence[ExperienceEntry], today_iso: str) -> float:
    """Years covered by the entries' periods, each overlapping month counted once."""
    now = _parse_iso(today_iso) if today_iso else year_month(date.today())
    intervals = []
    for entry in entries:
        if entry.start is None or entry.end is None:
            continue
        lo = _parse_iso(entry.start).index()
        hi = now.index() if entry.end == PRESENT else _parse_iso(entry.end).index()
        intervals.append((lo, min(hi, now.index())))
    months = sum(hi - lo for lo, hi in merge_intervals(intervals))
    return round(months / 12.0, 1)
