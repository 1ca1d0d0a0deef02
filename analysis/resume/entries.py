"""What each piece of an entry's header looks like: a job title, an organisation, a
place, a part name or label, a sentence, or a list of skills; and the title and the
employer among an entry's pieces (`best_pieces`). Cutting lines into pieces is in
header_pieces.py."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from analysis.resume.entry_words import (
    ACTION_VERBS,
    DATE_WORDS,
    EMPLOYER_LABELS,
    NOT_A_VALUE,
    ORG_WORDS,
    TITLE_LABELS,
    TITLE_WORDS,
    Piece,
    org_score,
    title_score,
)
from analysis.resume.header_pieces import pieces_of
from analysis.resume.model import Span
from analysis.resume.places import is_known_city, region_of
from analysis.resume.sections import HEADING_NAMES, normalise_heading

__all__ = [
    "Piece",
    "best_pieces",
    "is_place",
    "looks_like_prose",
    "names_a_part",
    "names_skills",
    "org_score",
    "pieces_of",
    "title_score",
]

_PART_PREFIX = re.compile(r"^(?:team size|client|project name|environment|duration)\b", re.I)
# a page footer or header: "Résumé 1", "CV - page 2 of 3", "Page 2"
_DOCUMENT = r"(?:r[ée]sum[ée]|cv|curriculum vitae)"
_PAGE_MARK = re.compile(
    rf"(?:{_DOCUMENT}\s*[-–·|]?\s*)?(?:page\s*)?\d{{1,2}}(?:\s*(?:of|/)\s*\d{{1,2}})?|{_DOCUMENT}"
)
_JOINING_WORDS = {"and", "for", "with", "on", "in", "of", "the", "using", "v", "ver", "version"}


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
