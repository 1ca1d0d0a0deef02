"""Cut a transcript into sentence-sized units with character offsets.

Transcripts are spoken language: Whisper usually punctuates, but a long answer can
come back as one run-on sentence, and hand-typed or other recognisers' text may have
no punctuation at all. So sentences are split on end punctuation, and anything
longer than `max_sentence_words` (including a whole unpunctuated answer) is cut into
balanced windows of about `window_words` words. Every unit keeps its offsets into
the original text so evidence can point at exactly what was said.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

_WORD = re.compile(r"\S+")
# A sentence ends at . ! ? (optionally followed by closing quotes/brackets) before whitespace.
_SENTENCE_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s|$)")
# A period after these is not the end of a sentence.
_ABBREVIATIONS = frozenset(
    {"e.g", "i.e", "etc", "vs", "dr", "mr", "mrs", "ms", "prof", "st", "no", "approx", "ca"}
)
# Fragments this short ("Yeah." "So.") carry no meaning of their own: they join a neighbour.
_MIN_UNIT_WORDS = 3


@dataclass(frozen=True)
class TextUnit:
    """A sentence or window of the transcript: `text == transcript[start:end]`."""

    start: int
    end: int
    text: str
    word_count: int


def word_spans(text: str) -> list[tuple[int, int]]:
    """Character (start, end) of every whitespace-separated word."""
    return [(m.start(), m.end()) for m in _WORD.finditer(text)]


def split_units(
    text: str, *, window_words: int = 20, max_sentence_words: int = 40
) -> tuple[TextUnit, ...]:
    """Sentences of `text`, long ones cut into windows; empty for blank text."""
    if window_words < 1 or max_sentence_words < window_words:
        raise ValueError("need 1 <= window_words <= max_sentence_words")
    sentences = _merge_fragments(_sentence_spans(text), text)
    units: list[TextUnit] = []
    for start, end in sentences:
        words = [(start + a, start + b) for a, b in word_spans(text[start:end])]
        if len(words) <= max_sentence_words:
            units.append(_unit(text, words))
            continue
        pieces = math.ceil(len(words) / window_words)
        size = math.ceil(len(words) / pieces)  # balanced: no stub window at the end
        for first in range(0, len(words), size):
            units.append(_unit(text, words[first : first + size]))
    return tuple(units)


def _unit(text: str, words: list[tuple[int, int]]) -> TextUnit:
    start, end = words[0][0], words[-1][1]
    return TextUnit(start, end, text[start:end], len(words))


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if match.group().startswith(".") and _is_abbreviation(text, match.start()):
            continue
        spans.append((start, match.end()))
        start = match.end()
    spans.append((start, len(text)))
    return [s for s in (_strip(text, a, b) for a, b in spans) if s is not None]


def _is_abbreviation(text: str, period: int) -> bool:
    before = text[:period].rsplit(None, 1)
    if not before:
        return False
    token = before[-1].lower().lstrip("(\"'")
    # A lone capital before a period is an initial or a name part ("C. diff", "J. Smith").
    return token in _ABBREVIATIONS or (len(token) == 1 and before[-1].isupper())


def _strip(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if _WORD.search(text, start, end) else None


def _merge_fragments(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    carry: int | None = None  # start of a fragment waiting to join the next sentence
    for start, end in spans:
        begin = start if carry is None else carry
        if len(word_spans(text[begin:end])) < _MIN_UNIT_WORDS:
            carry = begin
            continue
        merged.append((begin, end))
        carry = None
    if carry is not None:
        if merged:
            merged[-1] = (merged[-1][0], spans[-1][1])
        else:
            merged.append((carry, spans[-1][1]))
    return merged
