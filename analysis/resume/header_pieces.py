"""Cutting an entry's header line into pieces ("Senior Nurse", "Acme Ltd", "Boston",
"MA"): at dashes, bars, commas, "at" and brackets; a header written as a sentence
("Worked as Analyst in Acme Ltd"), a title and an organisation joined by a word
("Analyst in ACME Ltd"), a label run into its value ("Employer Acme Ltd"), a legal
suffix after a comma ("Acme, Inc.") and a city glued to a name ("Acme Inc. Seoul,
S.Korea") are read as such."""

from __future__ import annotations

import re

from analysis.resume.entry_words import (
    LEGAL_SUFFIXES,
    ORG_WORDS,
    TITLE_WORDS,
    Piece,
    org_score,
    title_score,
)
from analysis.resume.model import Span
from analysis.resume.places import is_known_city, region_of

_SEPARATORS = re.compile(
    r"\s+[-–—|•·]\s+|\s*[|•·]\s*|\s+[-–—]\s*$|^\s*[-–—]\s+|,\s+|\s+at\s+|\s*@\s+|\s+@|@(?=[A-Z])"
    r"|:\s+|:$|[ \t]{3,}|\t"
    r"|\s*\(|\)\s*"  # "Acme Ltd (London)": the part in brackets is a piece of its own
)
_STRIP = ' \t-–—|•·:;,()[]*❖➢►▪●◦■"“”'

# "Worked as Analyst in Acme Ltd", "Currently working with Acme as Analyst": a header
# written as a sentence
_WORK_VERB = (
    r"(?:(?:currently|presently|previously|now)\s+)?"
    r"(?:worked|working|work|employed|serving|served|joined)"
)
_AS = r"\s+as\s+(?:an?\s+)?"
_AT = r"\s+(?:in|at|with|for)\s+"
_SENTENCE_HEADER = [
    re.compile(rf"^{_WORK_VERB}{_AS}(?P<title>.+?){_AT}(?P<org>.+)$", re.I),
    re.compile(rf"^{_WORK_VERB}{_AT}(?P<org>.+?){_AS}(?P<title>.+)$", re.I),
    re.compile(rf"^{_WORK_VERB}{_AS}(?P<title>.+)$", re.I),
    re.compile(rf"^{_WORK_VERB}{_AT}(?P<org>.+)$", re.I),
]
# a label word run into its value, without a colon
_LABEL_PREFIX = re.compile(
    r"(?i:organi[sz]ation|employer|job profile(?:\s+(?:in|with|at))?|head\s?quarters of)"
    r"\s+(?=[A-Z0-9])"
)
_UNIVERSITY_OF = re.compile(r"\buniversity of \w+(?: \w+)?$", re.IGNORECASE)
_LINK_WORD = re.compile(r"\s+(as|in|with|for)\s+(?:an?\s+|the\s+)?(?=\S)", re.I)
_TRAILING_LINK = re.compile(r"\s+(?:from|since|during|between|till|until|on)$", re.I)


def pieces_of(text: str, span: Span, *, linked: bool = True) -> list[Piece]:
    """Split one header line into the pieces separated by dashes, bars, commas, 'at'.
    `linked`: also split "Analyst in ACME Ltd" (job headers; not school names, where
    "in" joins a degree to its subject or an activity to its college)."""
    raw: list[tuple[Span, str]] = []  # each piece and the separator after it
    pos = span.start
    chunk = text[span.start : span.end]
    separators = [
        m
        for m in _SEPARATORS.finditer(chunk)
        # "University of Texas at Austin" is one name
        if linked or m.group().strip() != "at" or not _UNIVERSITY_OF.search(chunk, 0, m.start())
    ]
    for m in [*separators, None]:
        end = span.start + (m.start() if m else len(chunk))
        piece = _strip(text, Span(pos, end))
        if piece.end > piece.start:
            raw.append((piece, m.group().strip() if m else ""))
        if m:
            pos = span.start + m.end()
    raw = _join_legal_suffixes(text, _unglued_cities(text, raw))
    raw = [
        part for piece_span, sep in raw for part in _sentence_parts(text, piece_span, sep, linked)
    ]
    pieces: list[Piece] = []
    label: str | None = None
    for k, (piece_span, sep) in enumerate(raw):
        value = text[piece_span.start : piece_span.end]
        is_label = sep.startswith(":") and len(value) <= 40
        following = raw[k + 1][0] if k + 1 < len(raw) else None
        city = (
            sep in {",", "~"}
            and following is not None
            and _is_region(text[following.start : following.end])
            and _looks_like_city(value)
        )
        bracketed = text[max(0, piece_span.start - 1) : piece_span.start] == "("
        pieces.append(Piece(value, piece_span, label, is_label, city, bracketed))
        if is_label:  # "Environment: Toad, SQL": the label holds to the next one
            label = value.lower()
    return pieces


def _unglued_cities(text: str, raw: list[tuple[Span, str]]) -> list[tuple[Span, str]]:
    """ "Dunamu Inc. Seoul, S.Korea", "Truso Pune, Maharashtra": a column gap lost between
    a name and its city. Split off the known city before a ", Region"."""
    out: list[tuple[Span, str]] = []
    for k, (span, sep) in enumerate(raw):
        value = text[span.start : span.end]
        following = raw[k + 1][0] if k + 1 < len(raw) else None
        words = value.split()
        if (
            sep == ","
            and following is not None
            and len(words) > 1
            and not is_known_city(value)
            and _is_region(text[following.start : following.end])
        ):
            for n in (2, 1):
                tail = " ".join(words[-n:])
                if len(words) > n and is_known_city(tail) and tail[:1].isupper():
                    cut = span.start + value.rindex(tail)
                    head = _strip(text, Span(span.start, cut))
                    out += [(head, "~"), (Span(cut, span.end), sep)]
                    break
            else:
                out.append((span, sep))
            continue
        out.append((span, sep))
    return out


def _sentence_parts(text: str, span: Span, sep: str, linked: bool) -> list[tuple[Span, str]]:
    """'Worked as Analyst in Acme from' -> 'Analyst', 'Acme' (the rest are links)."""
    value = text[span.start : span.end]
    trailing = _TRAILING_LINK.search(value)
    if trailing:
        span = Span(span.start, span.start + trailing.start())
        value = value[: trailing.start()]
    for pattern in _SENTENCE_HEADER:
        m = pattern.match(value)
        if m:
            groups = sorted(
                (m.start(g), m.end(g))
                for g in ("title", "org")
                if g in m.groupdict() and m.group(g)
            )
            return [(Span(span.start + a, span.start + b), "") for a, b in groups[:-1]] + [
                (Span(span.start + groups[-1][0], span.start + groups[-1][1]), sep)
            ]
    span = _without_label(text, span)
    return _linked_parts(text, span, sep) if linked else [(span, sep)]


def _without_label(text: str, span: Span) -> Span:
    """ "Employer Acme Ltd", "Job Profile in Acme": the value without its label word."""
    m = _LABEL_PREFIX.match(text, span.start, span.end)
    return Span(m.end(), span.end) if m and m.end() < span.end else span


def _linked_parts(text: str, span: Span, sep: str) -> list[tuple[Span, str]]:
    """ "Analyst in Acme Ltd", "Associate with HGS", "ACME as Support Engineer": a title
    and an organisation joined by a word. Split only when the part after the word looks
    like what it would be (an organisation, a title), so "Head of Sales" stays whole."""
    for m in _LINK_WORD.finditer(text, span.start, span.end):
        left, right = Span(span.start, m.start()), Span(m.end(), span.end)
        after = Piece(text[right.start : right.end], right)
        word = m.group(1).lower()
        if word == "as":
            linked = title_score(after) > 0
        else:
            letters = re.sub(r"[^A-Za-z]", "", after.text)
            shouting = len(letters) >= 2 and letters.isupper()
            linked = after.text[:1].isupper() and (org_score(after) > 0 or shouting)
        if linked and left.end > left.start:
            return [(left, ""), (right, sep)]
    return [(span, sep)]


def _join_legal_suffixes(text: str, raw: list[tuple[Span, str]]) -> list[tuple[Span, str]]:
    """ "Acme, Inc." is one name, not "Acme" and "Inc"."""
    joined: list[tuple[Span, str]] = []
    for piece_span, sep in raw:
        value = text[piece_span.start : piece_span.end].lower().strip(". ")
        if joined and joined[-1][1] == "," and value in LEGAL_SUFFIXES:
            joined[-1] = (Span(joined[-1][0].start, piece_span.end), sep)
        else:
            joined.append((piece_span, sep))
    return joined


def _is_region(value: str) -> bool:
    """A state, province or country ("TX", "Karnataka", "TX 75001" with its postcode)."""
    first = value.split()[0] if value.split() else ""
    return region_of(value, cities=False) is not None or (
        region_of(first, cities=False) is not None and value[len(first) :].strip().isdigit()
    )


def _looks_like_city(value: str) -> bool:
    words = value.split()
    return (
        0 < len(words) <= 3
        and all(w[:1].isupper() for w in words)
        and not any(w.lower().strip(".") in ORG_WORDS for w in words)
        and not any(w.lower().strip(".") in TITLE_WORDS for w in words)
    )


def _strip(text: str, span: Span) -> Span:
    start, end = span.start, span.end
    while start < end and text[start] in _STRIP:
        start += 1
    while end > start and text[end - 1] in _STRIP:
        end -= 1
    return Span(start, end)
