"""Word timestamps: the small shape this package reads, and char-offset -> time lookup.

Any object with `word`, `start` and `end` will do (`analysis.speech.Word` is one),
so this package does not depend on the transcriber's classes.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from typing import Protocol


class WordLike(Protocol):
    @property
    def word(self) -> str: ...

    @property
    def start(self) -> float: ...

    @property
    def end(self) -> float: ...


class TranscriptLike(Protocol):
    """What `AnswerAssessor.assess_transcript` needs from a transcript."""

    @property
    def text(self) -> str: ...

    @property
    def words(self) -> Sequence[WordLike]: ...


# How far ahead of the last matched word a word may be found; further means the
# word list and the text disagree (e.g. text edited by hand) and the word is skipped.
_MAX_SKIP_CHARS = 200


class WordClock:
    """Maps character spans of a transcript to the times its words were spoken."""

    def __init__(self, text: str, words: Sequence[WordLike]) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._times: list[tuple[float, float]] = []
        lowered = text.lower()
        cursor = 0
        for word in words:
            token = word.word.strip().lower()
            if not token:
                continue
            found = lowered.find(token, cursor, cursor + _MAX_SKIP_CHARS + len(token))
            if found < 0:
                continue
            self._starts.append(found)
            self._ends.append(found + len(token))
            self._times.append((float(word.start), float(word.end)))
            cursor = found + len(token)

    @property
    def aligned(self) -> int:
        """How many words were found in the text."""
        return len(self._times)

    def span_times(self, start: int, end: int) -> tuple[float | None, float | None]:
        """(first word's start, last word's end) of the words inside [start, end)."""
        first = bisect.bisect_right(self._ends, start)
        last = bisect.bisect_left(self._starts, end)
        if first >= last:
            return None, None
        return self._times[first][0], self._times[last - 1][1]
