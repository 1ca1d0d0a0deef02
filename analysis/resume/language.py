"""A cheap guess at the language a resume is written in, from stop-word counts.

Good enough to warn that a resume is probably not English (the parser and the
taxonomy are English), not a language identifier.
"""

from __future__ import annotations

import re

_STOP_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        [
            "the",
            "and",
            "of",
            "to",
            "in",
            "for",
            "with",
            "on",
            "at",
            "by",
            "from",
            "as",
            "is",
            "was",
            "are",
            "were",
            "be",
            "been",
            "an",
            "a",
            "i",
            "my",
            "have",
            "has",
            "had",
            "this",
            "that",
            "which",
            "who",
            "will",
            "would",
            "our",
            "we",
            "it",
        ]
    ),
    "de": frozenset(
        [
            "der",
            "die",
            "das",
            "und",
            "ist",
            "nicht",
            "mit",
            "von",
            "zu",
            "den",
            "im",
            "für",
            "auf",
            "dem",
            "des",
            "sich",
            "ein",
            "eine",
            "einer",
            "bei",
            "als",
            "auch",
            "wurde",
            "werden",
            "sind",
            "ich",
            "mein",
            "meine",
        ]
    ),
    "fr": frozenset(
        [
            "le",
            "la",
            "les",
            "et",
            "est",
            "des",
            "du",
            "un",
            "une",
            "pour",
            "dans",
            "sur",
            "avec",
            "par",
            "au",
            "aux",
            "ce",
            "qui",
            "que",
            "je",
            "mes",
            "ses",
            "été",
            "sont",
            "ou",
            "en",
        ]
    ),
    "es": frozenset(
        [
            "el",
            "la",
            "los",
            "las",
            "y",
            "es",
            "del",
            "un",
            "una",
            "para",
            "por",
            "con",
            "en",
            "que",
            "se",
            "al",
            "como",
            "mi",
            "mis",
            "su",
            "fue",
            "son",
            "lo",
            "desde",
        ]
    ),
    "it": frozenset(
        [
            "il",
            "la",
            "le",
            "gli",
            "e",
            "è",
            "di",
            "del",
            "della",
            "un",
            "una",
            "per",
            "con",
            "nel",
            "nella",
            "che",
            "si",
            "al",
            "come",
            "sono",
            "ho",
            "degli",
            "dei",
        ]
    ),
    "pt": frozenset(
        [
            "o",
            "a",
            "os",
            "as",
            "e",
            "é",
            "do",
            "da",
            "dos",
            "das",
            "um",
            "uma",
            "para",
            "com",
            "no",
            "na",
            "que",
            "se",
            "ao",
            "como",
            "em",
            "por",
            "foi",
            "são",
            "meu",
            "minha",
        ]
    ),
    "nl": frozenset(
        [
            "de",
            "het",
            "een",
            "en",
            "is",
            "van",
            "in",
            "op",
            "met",
            "voor",
            "dat",
            "die",
            "te",
            "zijn",
            "bij",
            "als",
            "ook",
            "aan",
            "werd",
            "ik",
            "mijn",
            "naar",
        ]
    ),
}
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
MIN_WORDS = 30


def guess_language(text: str) -> str | None:
    """ISO 639-1 code of the most likely language, or None with too little text."""
    words = [w.lower() for w in _WORD.findall(text[:20000])]
    if len(words) < MIN_WORDS:
        return None
    counts = {lang: sum(1 for w in words if w in stops) for lang, stops in _STOP_WORDS.items()}
    best = max(counts, key=lambda lang: counts[lang])
    if counts[best] == 0:
        return None
    # English needs only to be close: short words like "a", "in" are shared
    if best != "en" and counts["en"] >= 0.8 * counts[best]:
        return "en"
    return best
