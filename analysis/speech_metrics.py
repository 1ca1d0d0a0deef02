"""Word error rate for transcripts, after one documented text normalisation.

The normaliser makes a reference and a recogniser's output comparable without
hiding real mistakes. In order, it:

1. lower-cases and drops bracketed asides (``[music]``, ``(laughs)``);
2. spells out abbreviations from a short list (``mr`` -> ``mister``, ``%`` -> ``percent``);
3. writes numbers as words: ``10`` -> ``ten``, ``42`` -> ``forty two``, ``15th`` ->
   ``fifteenth``, ``3.5`` -> ``three point five``; four-digit numbers from 1100 to 1999
   and 2010 to 2099 are read as years (``1813`` -> ``eighteen thirteen``), as people say them;
4. turns hyphens into spaces (``fifty-five`` -> ``fifty five``), drops apostrophes
   (``don't`` -> ``dont``) and every other punctuation mark;
5. drops hesitation sounds (``uh``, ``um``, ``hmm``, ``mm``, ``mhm``).

It is deliberately small (Whisper's own ``EnglishTextNormalizer`` does far more):
currency, British spellings and contractions are left as they are.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

_ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_SCALES = ((10**9, "billion"), (10**6, "million"), (1000, "thousand"))
_ORDINAL_IRREGULAR = {
    "one": "first",
    "two": "second",
    "three": "third",
    "five": "fifth",
    "eight": "eighth",
    "nine": "ninth",
    "twelve": "twelfth",
}
_ABBREVIATIONS = {"mr": "mister", "mrs": "missus", "dr": "doctor", "vs": "versus", "okay": "ok"}
_HESITATIONS = frozenset({"uh", "um", "umm", "hmm", "mm", "mhm"})

_BRACKETED = re.compile(r"\[[^\]]*\]|\([^)]*\)|<[^>]*>")
_THOUSANDS_COMMA = re.compile(r"(?<=\d),(?=\d{3}\b)")
_NUMBER = re.compile(r"(\d+(?:\.\d+)?)(st|nd|rd|th)?\b")
_NOT_WORD = re.compile(r"[^a-z0-9\s]")
_CHANNEL_LABEL = re.compile(r"^\s*(LEFT|RIGHT)\s*:", re.IGNORECASE)


def number_to_words(number: int) -> str:
    """Cardinal English words for a non-negative integer (``1455`` -> ``one thousand ...``)."""
    if number < 0:
        raise ValueError("number_to_words takes non-negative integers")
    if number < 20:
        return _ONES[number]
    if number < 100:
        tens, ones = divmod(number, 10)
        return _TENS[tens] + (f" {_ONES[ones]}" if ones else "")
    if number < 1000:
        hundreds, rest = divmod(number, 100)
        return f"{_ONES[hundreds]} hundred" + (f" {number_to_words(rest)}" if rest else "")
    for scale, name in _SCALES:
        if number >= scale:
            high, rest = divmod(number, scale)
            return f"{number_to_words(high)} {name}" + (f" {number_to_words(rest)}" if rest else "")
    raise AssertionError("unreachable")  # pragma: no cover


def _year_to_words(year: int) -> str:
    high, low = divmod(year, 100)
    if low == 0:
        return f"{number_to_words(high)} hundred"
    low_words = number_to_words(low) if low >= 10 else f"oh {number_to_words(low)}"
    return f"{number_to_words(high)} {low_words}"


def _ordinal(words: str) -> str:
    head, _, last = words.rpartition(" ")
    if last in _ORDINAL_IRREGULAR:
        last = _ORDINAL_IRREGULAR[last]
    elif last.endswith("y"):
        last = last[:-1] + "ieth"
    else:
        last += "th"
    return f"{head} {last}" if head else last


def _spell_number(match: re.Match[str]) -> str:
    digits, suffix = match.group(1), match.group(2)
    if "." in digits:
        whole, fraction = digits.split(".")
        spoken_fraction = " ".join(_ONES[int(d)] for d in fraction)
        return f" {number_to_words(int(whole))} point {spoken_fraction} "
    value = int(digits)
    is_year = len(digits) == 4 and (1100 <= value <= 1999 or 2010 <= value <= 2099)
    words = _year_to_words(value) if is_year and not suffix else number_to_words(value)
    return f" {_ordinal(words) if suffix else words} "


def normalize_text(text: str) -> str:
    """The text as lower-case words separated by single spaces (see the module doc)."""
    text = _BRACKETED.sub(" ", text.lower())
    text = text.replace("%", " percent ").replace("&", " and ")
    text = _THOUSANDS_COMMA.sub("", text)
    text = _NUMBER.sub(_spell_number, text)
    text = text.replace("-", " ").replace("'", "").replace("’", "")
    words = []
    for word in _NOT_WORD.sub(" ", text).split():
        word = _ABBREVIATIONS.get(word, word)
        if word not in _HESITATIONS:
            words.append(word)
    return " ".join(words)


@dataclass(frozen=True)
class ErrorCounts:
    """Word (or character) edits that turn the reference into the hypothesis."""

    substitutions: int = 0
    deletions: int = 0
    insertions: int = 0
    reference_length: int = 0

    @property
    def errors(self) -> int:
        return self.substitutions + self.deletions + self.insertions

    @property
    def rate(self) -> float:
        """Errors per reference unit; raises on an empty reference (the rate is undefined)."""
        if self.reference_length == 0:
            raise ValueError("an error rate needs a non-empty reference")
        return self.errors / self.reference_length

    def __add__(self, other: ErrorCounts) -> ErrorCounts:
        return ErrorCounts(
            self.substitutions + other.substitutions,
            self.deletions + other.deletions,
            self.insertions + other.insertions,
            self.reference_length + other.reference_length,
        )


def edit_counts(reference: list[str], hypothesis: list[str]) -> ErrorCounts:
    """Levenshtein alignment of two token lists, counting each kind of edit."""
    # Each cell holds (total, substitutions, deletions, insertions) for one prefix pair;
    # ties prefer substitutions, as jiwer and sclite do.
    previous = [(j, 0, 0, j) for j in range(len(hypothesis) + 1)]
    for i, ref_token in enumerate(reference, start=1):
        current = [(i, 0, i, 0)]
        for j, hyp_token in enumerate(hypothesis, start=1):
            diagonal = previous[j - 1]
            if ref_token == hyp_token:
                best = diagonal
            else:
                substitute = (diagonal[0] + 1, diagonal[1] + 1, diagonal[2], diagonal[3])
                up, left = previous[j], current[j - 1]
                delete = (up[0] + 1, up[1], up[2] + 1, up[3])
                insert = (left[0] + 1, left[1], left[2], left[3] + 1)
                best = min(substitute, delete, insert, key=lambda cell: cell[0])
            current.append(best)
        previous = current
    _, subs, dels, ins = previous[-1]
    return ErrorCounts(subs, dels, ins, len(reference))


def word_errors(reference: str, hypothesis: str) -> ErrorCounts:
    """Word edits between two texts after `normalize_text`."""
    return edit_counts(normalize_text(reference).split(), normalize_text(hypothesis).split())


def wer(reference: str, hypothesis: str) -> float:
    """Word error rate of one hypothesis against its reference, both normalised."""
    return word_errors(reference, hypothesis).rate


def cer(reference: str, hypothesis: str) -> float:
    """Character error rate over the normalised texts (spaces count as characters)."""
    return edit_counts(list(normalize_text(reference)), list(normalize_text(hypothesis))).rate


def corpus_wer(pairs: Iterable[tuple[str, str]]) -> float:
    """Total word errors over total reference words, for (reference, hypothesis) pairs.

    This weights long utterances by their length, unlike a mean of per-clip rates.
    """
    total = ErrorCounts()
    for reference, hypothesis in pairs:
        total += word_errors(reference, hypothesis)
    return total.rate


@dataclass(frozen=True)
class ReferenceClip:
    """One evaluation clip and what was said in it."""

    file: str
    reference: str
    duration: float
    channels: int


def read_reference_transcripts(tsv: Path) -> list[ReferenceClip]:
    """Read a `transcripts.tsv` of the speech evaluation set (tab-separated, no quoting).

    The normalised reference is used where the source gives one. A two-channel clip's
    reference ("LEFT: ... || RIGHT: ...") becomes both sentences, left first.
    """
    clips = []
    with tsv.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            reference = row["reference_normalized"] or row["reference_text"]
            parts = [_CHANNEL_LABEL.sub("", part) for part in reference.split("||")]
            clips.append(
                ReferenceClip(
                    file=row["file"],
                    reference=" ".join(part.strip() for part in parts),
                    duration=float(row["duration_s"]),
                    channels=int(row["channels"]),
                )
            )
    return clips
