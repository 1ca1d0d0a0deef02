"""Degree phrases: the words of each education level ("B.Tech", "Master of Science",
"HSC"), where a degree phrase ends, and degree words that are part of a school's name
("MS University", "Govt. High School") rather than a degree."""

from __future__ import annotations

import re
from collections.abc import Sequence

from analysis.resume.header_pieces import pieces_of
from analysis.resume.model import EducationLevel, Span

_LEVEL_PATTERNS: list[tuple[EducationLevel, str]] = [
    (
        "doctorate",
        r"ph\.?\s?d\.?|doctorate|d\.phil|ed\.?d\.?|juris doctor|j\.d\.|pharm\.?\s?d\.?|dds|dvm"
        r"|doctor of (?:philosophy|education|science|medicine|pharmacy|dental surgery"
        r"|veterinary medicine|nursing practice|business administration)",
    ),
    (
        "master",
        r"masters?(?:'s)? (?:of|in|degree)|master's|m\.?\s?tech|m\.?\s?sc|m\.?\s?s\."
        r"|m\.s|m\.b\.a\.?|mba|m\.?\s?com|m\.?c\.?a|m\.?\s?phil|m\.?\s?ed\.?|m\.e\.?|m\.a\.|msc|ms|mtech|llm|mph|msn|pgdm|pgdba"
        r"|pgd[a-z]{1,4}|p\.g\.d\.[a-z.]{1,6}|post\s?graduate (?:diploma|program(?:me)?|degree)"
        r"|m\.d\.|m\.?\s?eng|mfa|m\.f\.a\.|mpa|msw|msee|mscs|ll\.m\.?"
        r"|pgce|pgde|pg\s?cert|pg\s?dip"  # UK postgraduate certificates and diplomas
        r"|(?-i:Post[- ]?[Gg]raduation|POST[- ]?GRADUATION)",
    ),
    (
        "bachelor",
        r"bachelors?(?:'s)?(?: of| in| degree)?|b\.?\s?tech|b-\s?tech|b\.?\s?sc|b\.s\.?|b\.?\s?com"
        r"|b\.?c\.?a|b\.?b\.?a|b\.?\s?ed|b\.?\s?e\.?|b\.a\.?|bsc|btech|bcom|bba|bca|llb|bsn|bfa|b\.?\s?arch|b\.?\s?pharm"
        r"|b-tech|bbm|bms|ba \(hons?\)|bsc \(hons?\)|bs|ba"
        r"|mbbs|undergraduate degree|amie|b\.?\s?eng|bsw|bsee|bsba|bscs|ll\.b\.?",
    ),
    ("associate", r"associate(?:'s)? (?:degree|of|in)|a\.a\.s?|a\.s\.|as|diploma|hnd|hnc"),
    (
        "high_school",
        r"high school|secondary school|higher secondary|senior secondary|hsc|ssc|sslc|12th|10th"
        r"|h\.s\.c\.?|s\.s\.c\.?"
        r"|xii(?:th)?|class x|intermediate|a-levels?|gcses?|ged|matriculation|icse|puc"
        r"|c\.?b\.?s\.?e\.?|pre[- ]?university|(?-i:'[AO]'\s?[Ll]evels?|[AO] Levels?)",
    ),
]
# credentials that name no level ("Degree in Marketing", "Certificate in Welding")
_UNRANKED = r"(?:university |college |honou?rs? )?degree in|certificate (?:in|of)"
_DEGREE = re.compile(
    r"(?<![A-Za-z])(?<![A-Za-z]\.)(?:"  # not inside "C.B.S.E"
    + "|".join(f"(?P<{lvl}>{pat})" for lvl, pat in _LEVEL_PATTERNS)
    + f"|(?P<unranked>{_UNRANKED})"
    + r")(?![A-Za-z])",
    re.IGNORECASE,
)
# "B.E" alone is too easily a word: require capitals for the short forms
_CASE_SENSITIVE_SHORT = re.compile(
    r"^(?:b\.?e\.?|m\.?e\.?|b\.?a\.?|m\.?a\.|b\.?s\.?|m\.?s\.?|a\.?s\.|ged|puc)$", re.I
)
# "... Engineering Mar. 2010 - Aug. 2017": dates end a degree or a school name
MONTH_YEAR = (
    r"\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?,?\s+\d{4}"
)
INSTITUTION_WORD = re.compile(
    r"\b(?:university|universit[éy]|college|institutes?|institutions?|school|academy|polytechnic"
    r"|vidyalaya|vidyapeeth|iit|nit|iiit|iim|conservatory|seminary|faculty of"
    # the same in other languages, as schools abroad are usually written
    r"|universidad|universidade|università|universität|universite|hochschule"
    r"|instituto|institut|école|ecole|escuela|colegio|lycée|lycee|gymnasium)\b",
    re.IGNORECASE,
)
# "BE in Computer Science", "MS (Physics)", "BA Communications" (but not "MS Office")
_FIELD_AFTER_SHORT = re.compile(
    r"\s*(?:in|of)\s+[A-Za-z]|\s*\(\s*[A-Z]|,?\s+(?!(?:Office|Excel|Word|Access|SQL|Project|Visio"
    r"|Outlook|PowerPoint|Dynamics|Windows|Azure|Paint|Teams|Exchange|Dos|DOS)\b)[A-Z][a-z]{3,}"
)


def degree_level(m: re.Match[str]) -> EducationLevel | None:
    for level, _ in _LEVEL_PATTERNS:
        if m.group(level):
            return level
    return None


def degree_matches(text: str, region: Span, lines: Sequence[Span] = ()) -> list[re.Match[str]]:
    """Degree words in `region`; with `lines` (an education section's), a bare "BE" or
    "MS" alone on its line counts too."""
    found = []
    for m in _DEGREE.finditer(text, region.start, region.end):
        word = m.group()
        if _CASE_SENSITIVE_SHORT.match(word) and not word[:1].isupper():
            continue
        if len(word) <= 2 and "." not in word:
            if word.upper() != word:
                continue  # "Be", "Ms": words, not degrees
            alone = any(ln.start == m.start() and ln.end == m.end() for ln in lines)
            if not alone and not _FIELD_AFTER_SHORT.match(text, m.end()):
                continue  # "BE", "MS", "BA": too often other things, unless a field follows
        found.append(m)
    return found


def mentions_degree(value: str) -> bool:
    """Whether a phrase names a degree ("B.Sc. in Physics", "MBA")."""
    return bool(degree_matches(value, Span(0, len(value))))


# words that do not make a school's own name ("High School" alone is the qualification)
_NOT_A_NAME = {
    "the", "a", "an", "from", "at", "in", "of", "and", "passed", "completed", "pursuing",
    "std", "standard", "class", "state", "board", "cbse", "icse", "ssc", "hsc", "sslc",
}  # fmt: skip
_SCHOOL_NOUN = re.compile(
    r"(?:university|college|institute|school|academy|polytechnic|vidyalaya|vidyalayam"
    r"|vidyapeeth|cllg)\b",
    re.IGNORECASE,
)


def inside_school_name(text: str, m: re.Match[str], line: Span) -> bool:
    """ "MS University", "Govt. High School", "Sri Ram Matriculation Higher Secondary
    School": a degree word that is part of a school's name, not a degree."""
    piece = next(
        (p for p in pieces_of(text, line, linked=False) if p.span.start <= m.start() < p.span.end),
        None,
    )
    if piece is None:
        return False
    before = text[piece.span.start : m.start()]
    after = text[m.end() : piece.span.end]
    after = re.split(r"\b(?:from|at|in|with)\b|[,(]", after, maxsplit=1)[0]
    named = any(w.lower() not in _NOT_A_NAME for w in re.findall(r"[A-Za-z][\w&'.-]*", before))
    if re.match(r"[\s.]*" + _SCHOOL_NOUN.pattern, after, re.IGNORECASE):
        # "Intermediate College" and "Higher Secondary School" alone may be the qualification
        return named or degree_level(m) != "high_school"
    return named and bool(_SCHOOL_NOUN.search(m.group() + after))


# pieces that only say what kind of place it is: table headers ("University / Board"),
# or one word left over from a split name
