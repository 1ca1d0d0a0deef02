"""A cheap guess at the language of a text, from stop-word counts.

Good enough to warn that a resume is probably not in English (the parser and
the taxonomy are English-first); not a language identifier. One module for every
caller, so the heuristics cannot drift apart.
"""

from __future__ import annotations

import re

_STOP_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        "the and of to in for with on at by from as is was are were be been an a "
        "i my have has had this that which who will would our we it".split()
    ),
    "de": frozenset(
        "der die das und ist nicht mit von zu den im für auf dem des sich ein "
        "eine einer bei als auch wurde werden sind ich mein meine".split()
    ),
    "fr": frozenset(
        "le la les et est des du un une pour dans sur avec par au aux ce qui que "
        "je mes ses été sont ou en".split()
    ),
    "es": frozenset(
        "el la los las y es del un una para por con en que se al como mi mis su "
        "fue son lo desde".split()
    ),
    "it": frozenset(
        "il la le gli e è di del della un una per con nel nella che si al come "
        "sono ho degli dei".split()
    ),
    "pt": frozenset(
        "o a os as e é do da dos das um uma para com no na que se ao como em por "
        "foi são meu minha".split()
    ),
    "nl": frozenset(
        "de het een en is van in op met voor dat die te zijn bij als ook aan werd "
        "ik mijn naar".split()
    ),
}
_WORD = re.compile(r"[^\W\d_]+")
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


def non_english_note(text: str) -> str | None:
    """A warning for a text that does not look English, else None (also when too short)."""
    words = _WORD.findall(text[:20000])
    if len(words) < MIN_WORDS:
        return None
    if sum(1 for w in words if w.isascii()) < 0.5 * len(words):
        return (
            "The resume looks like it is not in English (mostly non-Latin script); "
            "parsed best-effort."
        )
    language = guess_language(text)
    if language == "en":
        return None
    named = f" (language: {language})" if language else ""
    return f"The resume looks like it is not in English{named}; parsed best-effort."
