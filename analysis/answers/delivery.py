"""How an answer was spoken: pace, filler words, long pauses. Description, never score.

These measures say more about accent, first language, nerves, stammering or other
speech differences than about the quality of an answer, so they are shown to the
reviewer with that caveat and are not an input to any score.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Sequence

from analysis.answers.results import Delivery
from analysis.answers.timing import WordLike

DELIVERY_NOTE = (
    "Descriptive only, not part of any score. Speaking pace, filler words and pauses "
    "vary with first language, accent, nerves and speech differences such as a stammer, "
    "so they can disadvantage non-native speakers and people with speech or language "
    "differences; do not judge an answer by them. The speech model often leaves out "
    "hesitation sounds, so filler counts are a lower bound. 'Like' is not counted: it is "
    "a filler only in some uses, which word lists cannot tell apart."
)

# Hesitation sounds, written the ways recognisers spell them, and two discourse markers.
_FILLERS = {
    "um": re.compile(r"\b(?:um+|uhm+|hm+)\b"),
    "uh": re.compile(r"\b(?:uh+|er+)\b"),
    "erm": re.compile(r"\berm+\b"),
    # "Do you know the..." asks a question; only a free-standing "you know" is a filler.
    "you know": re.compile(r"(?<!\bdo )(?<!\bdid )(?<!\bif )(?<!\bas )\byou know\b"),
    "i mean": re.compile(r"(?<!\bwhat )\bi mean\b"),
}
_WORD = re.compile(r"\S+")
# Shorter speaking time gives a meaningless rate (one word in 0.3 s is "200 wpm").
_MIN_SECONDS_FOR_RATE = 3.0


def count_fillers(text: str) -> dict[str, int]:
    lowered = " ".join(text.lower().split())
    counts = Counter({name: len(p.findall(lowered)) for name, p in _FILLERS.items()})
    return {name: n for name, n in counts.items() if n}


def describe_delivery(
    text: str, words: Sequence[WordLike] | None, *, long_pause_s: float
) -> Delivery:
    fillers = count_fillers(text)
    word_count = len(words) if words else len(_WORD.findall(text))
    rate = 100.0 * sum(fillers.values()) / word_count if word_count else 0.0
    seconds = wpm = None
    pauses: tuple[tuple[float, float], ...] = ()
    timed = [w for w in (words or ()) if w.end >= w.start]
    if timed:
        seconds = max(w.end for w in timed) - min(w.start for w in timed)
        if seconds >= _MIN_SECONDS_FOR_RATE:
            wpm = 60.0 * len(timed) / seconds
        pauses = tuple(
            (a.end, b.start)
            for a, b in itertools.pairwise(timed)
            if b.start - a.end >= long_pause_s
        )
    return Delivery(
        word_count=word_count,
        speaking_seconds=seconds,
        words_per_minute=wpm,
        filler_words=fillers,
        filler_rate=rate,
        long_pauses=pauses,
        note=DELIVERY_NOTE,
    )
