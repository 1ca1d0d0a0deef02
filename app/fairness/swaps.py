"""Counterfactual edits of a resume: the same person, told with another protected detail.

Each swap changes one kind of detail that scoring must ignore: the name, gendered
words and pronouns, age markers (age, date of birth, graduation years), the
address, and a career break. A swap that finds nothing to change is not made.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from analysis.resume import ResumeProfile

NAMES = ("Lakisha Washington", "Greg Baker")
CITY = "Lagos, Nigeria"
STREET = "1 Harbour Road"
GRADUATION_SHIFT = 15
_GENDER_PAIRS = (
    ("he", "she"),
    ("him", "her"),
    ("his", "her"),
    ("himself", "herself"),
    ("mr", "ms"),
    ("mrs", "mr"),
    ("man", "woman"),
    ("men", "women"),
    ("male", "female"),
    ("boy", "girl"),
    ("father", "mother"),
    ("husband", "wife"),
    ("brother", "sister"),
    ("son", "daughter"),
    ("fraternity", "sorority"),
    ("chairman", "chairwoman"),
    ("spokesman", "spokeswoman"),
    ("paternity", "maternity"),
)
_FLIP: dict[str, str] = {}
for _a, _b in _GENDER_PAIRS:
    _FLIP.setdefault(_a, _b)
    _FLIP.setdefault(_b, _a)
_GENDER_WORD = re.compile(
    r"\b(" + "|".join(sorted(_FLIP, key=len, reverse=True)) + r")\b(?=([ \t]+[A-Za-z]+)?)", re.I
)
# "her" before a noun is "his" ("her services"), else "him" ("thanked her", "her and")
_NOT_NOUNS = frozenset("and or to in at for with as from by on of than but so is was".split())
_AGE = re.compile(r"\b(aged?\s*:?\s*)(\d{2})\b", re.I)
_BIRTH = re.compile(
    r"\b((?:date\s+of\s+birth|d\.?o\.?b\.?|born(?:\s+on|\s+in)?)\s*:?\s*[^\n|;]{0,20}?)"
    r"((?:19|20)\d{2})\b",
    re.I,
)
_STREET = re.compile(
    r"\b\d{1,5}[A-Za-z]?\s+(?:[A-Z][\w'-]*\s+){1,3}"
    r"(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Dr|Boulevard|Blvd|Way|Close|Court|Place)\b\.?"
)
_YEAR = re.compile(r"\b(19[4-9]\d|20[0-4]\d)\b")
_BREAKS = ("Maternity leave", "Career break, family caregiving")


@dataclass(frozen=True)
class Swap:
    kind: str  # name, gender_words, age, address, career_break
    label: str  # what was changed, without the person's details
    text: str


def swaps_for(text: str, profile: ResumeProfile) -> list[Swap]:
    """Every applicable swap of this resume."""
    out: list[Swap] = []
    if profile.name is not None and profile.name.value.strip():
        name = profile.name.value.strip()
        for other in NAMES:
            if other.casefold() != name.casefold():
                out.append(Swap("name", f"name replaced by {other}", text.replace(name, other)))
    flipped = _GENDER_WORD.sub(_flip, text)
    if flipped != text:
        out.append(Swap("gender_words", "gendered words and pronouns swapped", flipped))
    aged = _AGE.sub(lambda m: m.group(1) + ("29" if m.group(2) != "29" else "52"), text)
    aged = _BIRTH.sub(lambda m: m.group(1) + str(int(m.group(2)) + 25), aged)
    if aged != text:
        out.append(Swap("age", "age and date of birth made 25 years younger", aged))
    graduated = _shift_education_years(text, profile)
    if graduated != text:
        label = f"graduation years moved {GRADUATION_SHIFT} years earlier"
        out.append(Swap("age", label, graduated))
    moved = text
    if profile.location is not None:
        span = profile.location.span
        moved = text[: span.start] + CITY + text[span.end :]
    moved = _STREET.sub(STREET, moved)
    if moved != text:
        out.append(Swap("address", f"address replaced by {STREET}, {CITY}", moved))
    out.extend(_career_breaks(text, profile))
    return out


def _flip(match: re.Match[str]) -> str:
    word = match.group(1)
    following = (match.group(2) or "").strip().lower()
    if word.lower() == "her" and following and following not in _NOT_NOUNS:
        return _cased("his", word)
    return _cased(_FLIP[word.lower()], word)


def _cased(word: str, like: str) -> str:
    if like.isupper() and len(like) > 1:
        return word.upper()
    return word.capitalize() if like[0].isupper() else word


def _shift_education_years(text: str, profile: ResumeProfile) -> str:
    """Every year written in the education section, moved earlier."""
    for section in profile.sections:
        if section.name == "education":
            body = section.body_span
            shifted = _YEAR.sub(
                lambda m: str(int(m.group(0)) - GRADUATION_SHIFT), text[body.start : body.end]
            )
            text = text[: body.start] + shifted + text[body.end :]
    return text


def _career_breaks(text: str, profile: ResumeProfile) -> list[Swap]:
    """A dated break added at the end of the experience section, before the earliest job."""
    section = next((s for s in profile.sections if s.name == "experience"), None)
    starts = [int(e.start[:4]) for e in profile.experience if e.start and e.start[:4].isdigit()]
    if section is None or not starts:
        return []
    year = min(starts) - 2
    at = section.body_span.end
    swaps = []
    for wording in _BREAKS:
        line = f"\n\n{wording}\nJan {year} - Dec {year + 1}\n"
        swaps.append(Swap("career_break", f"'{wording}' line added", text[:at] + line + text[at:]))
    return swaps
