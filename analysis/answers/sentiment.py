"""Transcript sentiment with VADER: a weak, descriptive signal, never part of a score."""

from __future__ import annotations

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from analysis.answers.results import Sentiment

SENTIMENT_NOTE = (
    "Weak signal, descriptive only, not part of any score. VADER scores words from a "
    "general-purpose list: describing a past problem ('the patient was in pain', 'the "
    "deal fell through') reads as negative even in an excellent answer, and sarcasm, "
    "jargon and non-native phrasing are misread."
)
# VADER's authors' conventional cut-offs for the compound score.
_POSITIVE = 0.05
_NEGATIVE = -0.05


class SentimentReader:
    """Holds one VADER analyser (it loads its word list once, ~10 ms)."""

    def __init__(self) -> None:
        self._analyzer = SentimentIntensityAnalyzer()

    def describe(self, text: str) -> Sentiment:
        if not text.strip():
            return Sentiment(0.0, "neutral", SENTIMENT_NOTE)
        compound = float(self._analyzer.polarity_scores(text)["compound"])
        return Sentiment(compound, _label(compound), SENTIMENT_NOTE)


def _label(compound: float) -> str:
    if compound >= _POSITIVE:
        return "positive"
    if compound <= _NEGATIVE:
        return "negative"
    return "neutral"
