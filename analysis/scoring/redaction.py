"""Finding and blotting out what scoring must never read.

Two kinds of protected text are found:

- *blocks*: the name, contact details, location, street addresses, photo lines and
  labelled personal details ("Date of birth: ...", "Gender: ...", "Marital status:
  ...", "Nationality: ..."). Anything the parser found inside a block (a skill, a
  date, a degree) is dropped from the scoring input, because a block's content says
  who the candidate is, not what they can do.
- *words*: gender words, honorifics and age phrases in running text ("she/her",
  "Mrs.", "34 years old", "married"). They are blotted from the text keywords are
  matched in; skills around them stay, since "Women's health" is a nursing skill,
  not the candidate's gender.

Redaction keeps the text's length (each protected character becomes BLOT), so every
span found in the original text still points at the same place.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from analysis.resume.model import ResumeProfile, Span

BLOT = "\u2588"  # a full block: not a word character, so no keyword matches across it

_LABELS = (
    r"date\s+of\s+birth|d\.?\s?o\.?\s?b\.?|birth\s*date|birthday|place\s+of\s+birth|born"
    r"|age|gender|sex|pronouns?|marital\s+status|civil\s+status|family\s+status|relationship\s+status"
    r"|nationality|citizenship|ethnicity|race|religion|caste|passport(?:\s+no\.?|\s+number)?"
    r"|visa(?:\s+status)?|photo(?:graph)?|picture|(?:permanent\s+|current\s+|home\s+|residential\s+|postal\s+)?address"
    r"|(?:father|mother|husband|wife|spouse)(?:'s|s)?\s+name|spouse|children|dependents|dependants"
    r"|height|weight|blood\s+group"
)
# A label, its separator (a colon or a spaced dash, so "photo-editing" is no label) and
# its value up to the next field separator or the end of the line.
_LABELLED = re.compile(
    rf"(?i)(?<![\w])(?:{_LABELS})[^\S\n]*(?::|[^\S\n][-\u2013\u2014])[^\n|\u00b7\u2022;]*"
)
_BORN = re.compile(r"(?i)\bborn\b[^\n.;|\u00b7\u2022]*")
_STREET = re.compile(
    r"\b\d{1,5}[A-Za-z]?,?[^\S\n]+(?:[A-Z][\w'.-]*[^\S\n]+){0,3}"
    r"(?:Street|St\.?|Road|Rd\.?|Avenue|Ave\.?|Lane|Ln\.?|Drive|Boulevard|Blvd\.?"
    r"|Way|Court|Ct\.?|Place|Terrace|Close|Crescent|Square|Strasse|Stra\u00dfe|Nagar|Marg)\b"
    r"[^\n|\u00b7\u2022;]*"
    r"|\b[A-Z][\w-]*(?:strasse|stra\u00dfe|str\.|weg|gasse|platz)[^\S\n]*\d{1,4}[a-z]?\b[^\n|\u00b7\u2022;]*"
)
_PHOTO = re.compile(
    r"(?i)\[\s*(?:photo|picture|image|headshot)[^\]\n]*\]|\b[\w-]+\.(?:jpe?g|png|gif|heic|webp|bmp)\b"
)
_WORDS = re.compile(
    r"(?i:\b(?:she/her|he/him|they/them|she|her|hers|herself|he|him|his|himself"
    r"|male|female|woman|women|man|men|gentleman|lady|girl|boy"
    r"|married|unmarried|divorced|widowed|widow|widower|husband|wife"
    r"|mother|father|maternity|paternity)\b)"
    # honorifics only before a name, so "900 ms" stays
    r"|\b(?:Mr|Mrs|Ms|Miss|Mx|Mister|Madam)\b\.?(?=[^\S\n]*[A-Z])"
    r"|(?i:\b\d{1,3}[^\S\n]*(?:years?|yrs?)[^\S\n]*old\b|\baged[^\S\n]+\d{1,3}\b)"
    r"|(?i:\b(?:citizen|national)[^\S\n]+of[^\S\n]+)[A-Z][\w-]*(?:[^\S\n]+[A-Z][\w-]*)?"
    r"|\b[A-Z][A-Za-z]+[^\S\n]+citizen\b"
)


@dataclass(frozen=True)
class ProtectedSpans:
    blocks: tuple[Span, ...]
    words: tuple[Span, ...]

    def all(self) -> tuple[Span, ...]:
        return self.blocks + self.words


def protected_spans(profile: ResumeProfile) -> ProtectedSpans:
    """Where the profile's text says who the candidate is rather than what they can do."""
    text = profile.text
    blocks: list[Span] = []
    if profile.name is not None:
        blocks.append(profile.name.span)
        full_name = re.escape(profile.name.value)
        blocks += [Span(m.start(), m.end()) for m in re.finditer(rf"(?i)\b{full_name}\b", text)]
    blocks += [e.span for e in profile.emails]
    blocks += [p.span for p in profile.phones]
    blocks += [link.span for link in profile.links]
    if profile.location is not None:
        blocks.append(profile.location.span)
    for pattern in (_LABELLED, _BORN, _STREET, _PHOTO):
        blocks += [_trimmed(text, m.start(), m.end()) for m in pattern.finditer(text)]
    blocks += _address_blocks(text)
    words = [Span(m.start(), m.end()) for m in _WORDS.finditer(text)]
    return ProtectedSpans(tuple(merge_spans(blocks)), tuple(merge_spans(words)))


def _trimmed(text: str, start: int, end: int) -> Span:
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)


def _address_blocks(text: str) -> list[Span]:
    """An "Address:" label alone on its line: the address is on the lines below it,
    up to the next blank line (at most three lines)."""
    found = []
    for m in re.finditer(r"(?im)^[^\S\n]*(?:\w+[^\S\n]+)?address[^\S\n]*:?[^\S\n]*$", text):
        end = m.end()
        for _ in range(3):
            nxt = text.find("\n", end + 1)
            line = text[end + 1 : nxt if nxt >= 0 else len(text)]
            if not line.strip():
                break
            end = nxt if nxt >= 0 else len(text)
        found.append(Span(m.start(), end))
    return found


def merge_spans(spans: Iterable[Span]) -> list[Span]:
    merged: list[Span] = []
    for span in sorted((s for s in spans if s.end > s.start), key=lambda s: s.start):
        if merged and span.start <= merged[-1].end:
            last = merged[-1]
            merged[-1] = Span(last.start, max(last.end, span.end))
        else:
            merged.append(span)
    return merged


def redact(text: str, spans: Sequence[Span]) -> str:
    """The text with every character inside `spans` (except line breaks) blotted out."""
    chars = list(text)
    for span in spans:
        for i in range(max(0, span.start), min(len(chars), span.end)):
            if chars[i] != "\n":
                chars[i] = BLOT
    return "".join(chars)


def overlaps(span: Span, spans: Sequence[Span]) -> bool:
    return any(span.start < other.end and other.start < span.end for other in spans)


def shown(text: str) -> str:
    """Display form of redacted text: each run of blots becomes one, so that evidence
    reads the same whatever length the protected text had."""
    return re.sub(f"{BLOT}+", BLOT, text)
