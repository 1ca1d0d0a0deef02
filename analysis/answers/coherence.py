"""Coherence and structure of an answer: flow, a STAR pattern, specific details.

Three transparent measures, each with the sentences it rests on:

- flow: mean similarity of consecutive sentences. A low value means the answer
  jumps between unrelated things; the biggest jump is shown as evidence.
- structure: for behavioural questions ("tell me about a time..."), which stages of
  situation, task, action and result can be recognised from plain cue phrases.
  Not measured for other questions, where that pattern is not expected.
- specificity: concrete details (numbers, dates and times, named things) per 100 words.

All three favour one style of answering; that is why coherence has the smallest
default weight (see `PartWeights`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from analysis.answers.segmenting import TextUnit
from analysis.answers.settings import Ramp

# Within coherence: flow is measured on every answer, the others on some.
_MEASURE_WEIGHTS = {"flow": 0.4, "structure": 0.3, "specificity": 0.3}

_BEHAVIOURAL_QUESTION = re.compile(
    r"\b(tell me about a|describe a (time|situation)|give (me )?an example|a time (when|you)|"
    r"have you ever|what did you do)\b",
    re.IGNORECASE,
)
_STAR_CUES = {
    "situation": re.compile(
        r"\b(when i (was|joined|worked|started)|at my (last|previous|current|first)|"
        r"in my (last|previous|current|first)|last (year|month|week|spring|summer|autumn|"
        r"winter|quarter)|(a few|two|three) (years|months) ago|one (day|time|night)|"
        r"once|during (a|the|my)|we had a|there was a)\b",
        re.IGNORECASE,
    ),
    "task": re.compile(
        r"\b(i (needed|had|was asked|was responsible|was tasked) to|my (job|role|task|goal|"
        r"responsibility) was|the (goal|challenge|problem|task) was|we needed to|"
        r"i had to|responsible for|was asked to)\b",
        re.IGNORECASE,
    ),
    "action": re.compile(
        r"\b(so i|first i|then i|i (decided|started|set up|created|built|wrote|called|rang|"
        r"asked|spoke|talked|organi[sz]ed|arranged|checked|took|made|introduced|changed|"
        r"moved|rolled|traced|reversed|tried|used|led|gave|planned|prepared|sat|went through|"
        r"told|explained|split|reported|re-?slotted))\b",
        re.IGNORECASE,
    ),
    "result": re.compile(
        r"\b(as a result|in the end|the result|resulted|which meant|outcome|since then|"
        r"afterwards|it worked|paid off|recovered|improved|we (reduced|increased|cut|saved|hit|"
        r"beat|closed|met)|(went|dropped|rose|fell) (from|to)|thanked|has not happened again)\b",
        re.IGNORECASE,
    ),
}
_SPECIFIC = re.compile(
    r"\b\d[\d,.]*%?|"
    r"\b(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
    r"forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|percent|half|twice|"
    r"dozen)\b|"
    r"\b(january|february|march|april|june|july|august|september|october|november|december|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday)\b|"
    r"\b(last|next|this|that) (year|month|week|quarter|spring|summer|autumn|fall|winter|"
    r"night|morning|evening|shift)\b",
    re.IGNORECASE,
)
# A capitalised word that does not start its sentence names something (a tool, a place).
_CAPITALISED = re.compile(r"(?<![.!?]\s)(?<=\s)[A-Z][A-Za-z0-9+#-]*")
_NOT_A_NAME = frozenset({"I", "I'm", "I've", "I'd", "I'll", "OK"})

Vectors = npt.NDArray[np.float32]


@dataclass(frozen=True)
class Measure:
    name: str
    value: float
    raw: float
    explanation: str
    evidence: tuple[int, ...]
    """Indices into the answer's units."""


@dataclass(frozen=True)
class Coherence:
    value: float
    explanation: str
    measures: tuple[Measure, ...]


def assess_coherence(
    question: str,
    units: Sequence[TextUnit],
    vectors: Vectors,
    *,
    flow_ramp: Ramp,
    specificity_ramp: Ramp,
) -> Coherence:
    measures = [
        m
        for m in (
            measure_flow(units, vectors, flow_ramp),
            measure_structure(question, units),
            measure_specificity(units, specificity_ramp),
        )
        if m is not None
    ]
    total = sum(_MEASURE_WEIGHTS[m.name] for m in measures)
    value = sum(_MEASURE_WEIGHTS[m.name] * m.value for m in measures) / total
    used = ", ".join(f"{m.name} {m.value:.2f}" for m in measures)
    skipped = [n for n in _MEASURE_WEIGHTS if n not in {m.name for m in measures}]
    explanation = f"Weighted mean of {used}."
    if skipped:
        explanation += f" Not measured: {', '.join(skipped)}."
    return Coherence(value, explanation, tuple(measures))


def measure_flow(units: Sequence[TextUnit], vectors: Vectors, ramp: Ramp) -> Measure | None:
    """Mean cosine of consecutive units; None for a one-sentence answer."""
    if len(units) < 2:
        return None
    steps = np.einsum("ij,ij->i", vectors[:-1], vectors[1:])
    raw = float(steps.mean())
    jump = int(steps.argmin())
    return Measure(
        "flow",
        ramp(raw),
        raw,
        f"consecutive sentences are {raw:.2f} similar on average; the biggest jump "
        f"({float(steps[jump]):.2f}) is between the two sentences shown",
        (jump, jump + 1),
    )


def is_behavioural(question: str) -> bool:
    return _BEHAVIOURAL_QUESTION.search(question) is not None


def measure_structure(question: str, units: Sequence[TextUnit]) -> Measure | None:
    """Share of situation/task/action/result stages found; None for other questions."""
    if not is_behavioural(question) or not units:
        return None
    found: dict[str, int] = {}
    for stage, cue in _STAR_CUES.items():
        first = next((i for i, u in enumerate(units) if cue.search(u.text)), None)
        if first is not None:
            found[stage] = first
    missing = [s for s in _STAR_CUES if s not in found]
    raw = len(found) / len(_STAR_CUES)
    text = f"{len(found)} of 4 situation–task–action–result stages recognised"
    if missing:
        text += f" (not recognised: {', '.join(missing)})"
    return Measure("structure", raw, raw, text, tuple(sorted(set(found.values()))))


def specific_details(text: str) -> int:
    generic = {m.start() for m in _SPECIFIC.finditer(text)}
    names = {m.start() for m in _CAPITALISED.finditer(text) if m.group() not in _NOT_A_NAME}
    return len(generic | names)


def measure_specificity(units: Sequence[TextUnit], ramp: Ramp) -> Measure | None:
    words = sum(u.word_count for u in units)
    if not words:
        return None
    counts = [specific_details(u.text) for u in units]
    raw = 100.0 * sum(counts) / words
    richest = sorted(range(len(units)), key=lambda i: -counts[i])[:3]
    return Measure(
        "specificity",
        ramp(raw),
        raw,
        f"{sum(counts)} specific details (numbers, times, names) in {words} words",
        tuple(sorted(i for i in richest if counts[i])),
    )
