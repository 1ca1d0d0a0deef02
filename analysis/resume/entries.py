"""Pieces of an entry's header lines ("Senior Nurse", "Acme Ltd", "Boston, MA")
and what each piece looks like: a job title, an organisation or a place."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from analysis.resume.entry_words import (
    ACTION_VERBS,
    DATE_WORDS,
    EMPLOYER_LABELS,
    LEGAL_SUFFIXES,
    NOT_A_VALUE,
    ORG_WORDS,
    TITLE_LABELS,
    TITLE_WORDS,
)
from analysis.resume.model import Span
from analysis.resume.places import is_known_city, region_of
from analysis.resume.sections import HEADING_NAMES, normalise_heading

_SEPARATORS = re.compile(
    r"\s+[-–—|•·]\s+|\s*[|•·]\s*|\s+[-–—]\s*$|^\s*[-–—]\s+|,\s+|\s+at\s+|\s*@\s+|\s+@|@(?=[A-Z])"
    r"|:\s+|:$|[ \t]{3,}|\t"
    r"|\s*\(|\)\s*"  # "Acme Ltd (London)": the part in brackets is a piece of its own
)
_STRIP = ' \t-–—|•·:;,()[]*❖➢►▪●◦■"“”'
_WORD = re.compile(r"[A-Za-z][A-Za-z&.'-]*")
_PART_PREFIX = re.compile(r"^(?:team size|client|project name|environment|duration)\b", re.I)
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
# a page footer or header: "Résumé 1", "CV - page 2 of 3", "Page 2"
_DOCUMENT = r"(?:r[ée]sum[ée]|cv|curriculum vitae)"
_PAGE_MARK = re.compile(
    rf"(?:{_DOCUMENT}\s*[-–·|]?\s*)?(?:page\s*)?\d{{1,2}}(?:\s*(?:of|/)\s*\d{{1,2}})?|{_DOCUMENT}"
)
_UNIVERSITY_OF = re.compile(r"\buniversity of \w+(?: \w+)?$", re.IGNORECASE)
_JOINING_WORDS = {"and", "for", "with", "on", "in", "of", "the", "using", "v", "ver", "version"}
_LINK_WORD = re.compile(r"\s+(as|in|with|for)\s+(?:an?\s+|the\s+)?(?=\S)", re.I)
_TRAILING_LINK = re.compile(r"\s+(?:from|since|during|between|till|until|on)$", re.I)


@dataclass(frozen=True)
class Piece:
    text: str
    span: Span
    label: str | None = None  # the label written before it ("company", ...), lower-cased
    is_label: bool = False  # itself a label: followed by a colon
    city: bool = False  # "Dallas" in "Dallas, TX": a place though no gazetteer knows it
    bracketed: bool = False  # "(Leeds)", "(SSgA)": a note on the piece before it

    @property
    def words(self) -> list[str]:
        return [w.lower().strip(".") for w in _WORD.findall(self.text)]


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


def is_place(piece: Piece) -> bool:
    if piece.city:
        return True
    parts = [p.strip() for p in re.split(r",", piece.text) if p.strip()]
    if not parts or len(piece.text) > 40:
        return False
    if region_of(parts[-1]) is not None:
        return True
    # "Nagpur", "Pune / Mumbai": known cities, unless a word makes it a name ("Pune Motors")
    cities = [c for c in re.split(r"\s*[/&]\s*", parts[-1]) if c]
    if cities and all(is_known_city(c) for c in cities):
        return not any(w in ORG_WORDS or w in TITLE_WORDS for w in piece.words)
    return (
        len(parts) == 1
        and re.fullmatch(r"[A-Z][a-z]+(?: [A-Z][a-z]+)?, ?[A-Z]{2}", piece.text) is not None
    )


def title_score(piece: Piece) -> int:
    words = piece.words
    if not words or len(words) > 8:
        return 0
    return sum(2 if i == len(words) - 1 else 1 for i, w in enumerate(words) if w in TITLE_WORDS)


def org_score(piece: Piece) -> int:
    words = piece.words
    if not words or len(words) > 8:
        return 0
    score = sum(1 for w in words if w in ORG_WORDS)
    letters = re.sub(r"[^A-Za-z]", "", piece.text)
    if len(letters) >= 4 and letters.isupper() and len(words) <= 4:
        score += 1  # "UNISYS", "JOHNSON MEDICAL SYSTEMS" (not "ICU", "HR": departments)
    return score


def looks_like_prose(piece: Piece) -> bool:
    """A description sentence rather than a header: long, starting with a verb or in
    lower case (a lone word or a title aside), or mostly lower-case words ("Annual
    revenue of $3 million serving 3000 customers")."""
    words = piece.text.split()
    if len(piece.text) > 70:
        return True
    if piece.text[:1].islower() and (
        len(words) > 2 or (len(words) == 2 and not title_score(piece))
    ):
        return True  # but "hyderbad", "software engineer": typed in lower case, still a header
    if len(words) > 1 and words[0].lower() in ACTION_VERBS:
        return True
    abbreviation = len(words[-1]) <= 5 or words[-1].count(".") > 1
    worded = any(w[:1].islower() and w.isalpha() and len(w) > 2 for w in words[:-1])
    if piece.text.endswith(".") and (not abbreviation or (len(words) >= 5 and worded)):
        return True  # a full stop, not "Co.", "Inc." or "Sp. z o.o."
    return len(words) >= 5 and lower_words(words) * 2 >= len(words)


def lower_words(words: Sequence[str]) -> int:
    return sum(1 for w in words if len(w) > 3 and w[:1].islower())


def names_a_part(piece: Piece) -> bool:
    """A label or a part of an entry ("Key Responsibilities", "Location: Pune")."""
    key = " ".join(piece.text.lower().split())
    return (
        piece.is_label
        or key in NOT_A_VALUE
        or key in TITLE_LABELS
        or key in EMPLOYER_LABELS
        or piece.label in NOT_A_VALUE
        or _PART_PREFIX.match(key) is not None
        or (len(key) <= 60 and normalise_heading(key) in HEADING_NAMES and not title_score(piece))
        or not re.search(r"[A-Za-z]{2}", piece.text)
        or _PAGE_MARK.fullmatch(key) is not None
        or all(w.lower() in DATE_WORDS for w in re.findall(r"[A-Za-z]+", piece.text))
    )


def names_skills(piece: Piece, skill_spans: Sequence[Span]) -> bool:
    """ "SQL Server 2008 and Tableau", "DataStage for DB2": every word inside a known
    skill's name (versions and joining words aside) and no organisation word. A piece
    that is one skill and a title ("Data Analyst") stays a title."""
    if any(w in ORG_WORDS for w in piece.words):
        return False
    words = [
        m
        for m in re.finditer(r"[A-Za-z][A-Za-z+#.-]*", piece.text)
        if m.group().lower() not in _JOINING_WORDS
    ]
    base = piece.span.start
    covering: set[int] = set()
    for m in words:
        # the skill span that starts last at or before the word (they do not overlap)
        k = bisect.bisect_right(skill_spans, base + m.start(), key=lambda s: s.start) - 1
        if k < 0 or skill_spans[k].end < base + m.end():
            return False
        covering.add(k)
    if not words:
        return False
    return title_score(piece) == 0 or len(covering) > 1 or not _single_name(piece)


def _single_name(piece: Piece) -> bool:
    return not re.search(r"\d", piece.text) and not any(
        w in _JOINING_WORDS for w in piece.text.lower().split()
    )


def best_pieces(
    pieces: Sequence[Piece],
    org_spans: Sequence[Span] = (),
    *,
    title_known: bool = False,
    skill_spans: Sequence[Span] = (),
) -> tuple[Piece | None, Piece | None]:
    """(title, employer) among an entry's header pieces, the nearest first.
    `title_known`: the title was found elsewhere, so a lone piece is the employer."""
    candidates = [
        p for p in pieces if not looks_like_prose(p) and not is_place(p) and not names_a_part(p)
    ]
    labelled_title = next((p for p in candidates if p.label in TITLE_LABELS), None)
    labelled_org = next((p for p in candidates if p.label in EMPLOYER_LABELS), None)
    ner_org = {
        id(p)
        for p in candidates
        if any(o.start < p.span.end and p.span.start < o.end for o in org_spans)
    }
    title = labelled_title or max(candidates, key=title_score, default=None)
    if title is not None and title is not labelled_title and title_score(title) == 0:
        title = None
    # an organisation's name is written with a capital ("oracle" is the database)
    rest = [p for p in candidates if p is not title and not p.text[:1].islower()]
    employer = labelled_org or max(
        rest, key=lambda p: org_score(p) + (2 if id(p) in ner_org else 0), default=None
    )
    if (
        employer is not None
        and employer is not labelled_org
        and org_score(employer) == 0
        and id(employer) not in ner_org
    ):
        # nothing looks like an organisation: take the piece nearest the title
        # a skill's name can be a vendor's ("Cisco", "MongoDB"), so it comes last, and
        # never with a version or a second skill ("SQL Server 2008", "Java and J2EE")
        named = [p for p in rest if not names_skills(p, skill_spans)]
        vendors = [p for p in rest if p not in named and _single_name(p)]
        plain = [p for p in named if not p.bracketed] or named or vendors
        employer = plain[0] if (title is not None or title_known) and plain else None
    if title is None and employer is not None:
        others = [
            p
            for p in candidates
            if p is not employer
            and org_score(p) == 0
            and not names_skills(p, skill_spans)
            and not p.text[:1].islower()
        ]
        title = others[0] if others else None
    return title, employer
