"""The parts of answer assessment that need no model: text units, delivery, sentiment,
word timing, key-point matching, weights, score combination and record parsing."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest

from analysis.answers import (
    AssessmentStatus,
    CombinationWeights,
    InvalidAnswerRecord,
    InvalidWeights,
    PartWeights,
    Ramp,
    interview_score,
)
from analysis.answers.coherence import is_behavioural, measure_structure, specific_details
from analysis.answers.coverage import match_key_points
from analysis.answers.delivery import DELIVERY_NOTE, count_fillers, describe_delivery
from analysis.answers.records import parse_record
from analysis.answers.results import AnswerAssessment, Sentiment
from analysis.answers.segmenting import split_units
from analysis.answers.sentiment import SentimentReader
from analysis.answers.timing import WordClock


@dataclass(frozen=True)
class W:
    word: str
    start: float
    end: float


def timed(text: str, seconds_per_word: float = 0.4) -> list[W]:
    return [
        W(f" {w}", i * seconds_per_word, i * seconds_per_word + 0.3)
        for i, w in enumerate(text.split())
    ]


# --- text units -------------------------------------------------------------------


def test_units_keep_exact_offsets_into_the_transcript() -> None:
    text = "  Last year I was on call. The C. diff patient went to a side room, e.g. bay 3!  "
    units = split_units(text)
    assert [u.text for u in units] == [
        "Last year I was on call.",
        "The C. diff patient went to a side room, e.g. bay 3!",
    ]
    assert all(text[u.start : u.end] == u.text for u in units)


def test_unpunctuated_transcript_is_cut_into_balanced_windows() -> None:
    text = " ".join(f"word{i}" for i in range(100))
    units = split_units(text, window_words=20)
    assert [u.word_count for u in units] == [20] * 5
    assert " ".join(u.text for u in units) == text


def test_short_fragments_join_their_neighbour() -> None:
    units = split_units("Yeah. So I called the doctor straight away. Done.")
    assert [u.text for u in units] == ["Yeah. So I called the doctor straight away. Done."]


def test_blank_text_has_no_units() -> None:
    assert split_units(" \n\t ") == ()


# --- delivery -------------------------------------------------------------------------


def test_fillers_count_hesitations_and_markers_but_not_like() -> None:
    text = "Um, so I, uh, you know, called them. I mean it was like, erm, fine. Do you know why?"
    assert count_fillers(text) == {"um": 1, "uh": 1, "erm": 1, "you know": 1, "i mean": 1}
    assert "'Like' is not counted" in DELIVERY_NOTE


def test_delivery_from_word_timestamps_gives_pace_and_long_pauses() -> None:
    words = timed("one two three four five six seven eight nine ten", 0.5)
    # A 3-second silence before the last word.
    words[-1] = W(" ten", words[-2].end + 3.0, words[-2].end + 3.3)
    delivery = describe_delivery(
        "one two three four five six seven eight nine ten", words, long_pause_s=2.0
    )
    assert delivery.speaking_seconds == pytest.approx(words[-1].end - words[0].start)
    assert delivery.words_per_minute == pytest.approx(60 * 10 / delivery.speaking_seconds)
    assert delivery.long_pauses == ((words[-2].end, words[-1].start),)
    assert "non-native" in delivery.note and "not part of any score" in delivery.note


def test_delivery_without_timestamps_reports_no_pace() -> None:
    delivery = describe_delivery("um I think so", None, long_pause_s=2.0)
    assert delivery.words_per_minute is None and delivery.long_pauses == ()
    assert delivery.filler_rate == pytest.approx(25.0)  # 1 filler in 4 words, per 100 words


# --- sentiment ------------------------------------------------------------------------


def test_sentiment_labels_follow_vader() -> None:
    reader = SentimentReader()
    assert reader.describe("I loved this project and the team was wonderful.").label == "positive"
    assert reader.describe("It was a terrible, awful failure and I hated it.").label == "negative"
    assert reader.describe("The van left at nine.").label == "neutral"
    assert "not part of any score" in reader.describe("ok").note


# --- timing ---------------------------------------------------------------------------


def test_word_clock_maps_a_span_to_its_words_times() -> None:
    text = "First sentence here. Second one follows now."
    clock = WordClock(text, timed(text))
    start = text.index("Second")
    assert clock.span_times(start, len(text)) == (pytest.approx(1.2), pytest.approx(2.7))
    assert clock.aligned == 7


def test_word_clock_skips_words_missing_from_the_text() -> None:
    clock = WordClock("hello world", [W("hello", 0, 0.5), W("zzz", 0.6, 1), W("world", 1, 1.5)])
    assert clock.aligned == 2
    assert clock.span_times(6, 11) == (1.0, 1.5)


# --- coherence helpers ------------------------------------------------------------------


def test_structure_is_only_measured_for_behavioural_questions() -> None:
    assert is_behavioural("Tell me about a time you missed a deadline.")
    assert not is_behavioural("How do you prioritise your work?")
    units = split_units(
        "Last year at my previous job the server failed. I had to fix it before morning. "
        "So I rolled back the release. As a result we lost no orders."
    )
    found = measure_structure("Describe a time you fixed an outage.", units)
    assert found is not None and found.value == 1.0
    assert measure_structure("How do you test code?", units) is None


def test_specific_details_count_numbers_times_and_names() -> None:
    assert specific_details("On Friday we cut errors by forty percent using Kubernetes.") == 4
    assert specific_details("I always try my best and work hard.") == 0


# --- key-point matching ---------------------------------------------------------------


def test_one_sentence_is_evidence_for_one_key_point_at_most() -> None:
    sims = np.array([[0.50, 0.10], [0.45, 0.40], [0.44, 0.05]], dtype=np.float32)
    matches = match_key_points(sims)
    assert [(m.unit, m.exclusive) for m in matches] == [(0, True), (1, True), (0, False)]
    assert matches[1].similarity == pytest.approx(0.40)


# --- weights and combination ----------------------------------------------------------


def test_ramp_maps_anchors_to_zero_and_one() -> None:
    ramp = Ramp(0.2, 0.5)
    assert (ramp(0.1), ramp(0.35), ramp(0.9)) == (0.0, pytest.approx(0.5), 1.0)
    with pytest.raises(ValueError):
        Ramp(0.5, 0.5)


@pytest.mark.parametrize(
    "weights", [{"relevance": -1.0}, {"relevance": 0, "coverage": 0, "coherence": 0}]
)
def test_invalid_part_weights_are_refused(weights: dict[str, float]) -> None:
    with pytest.raises(InvalidWeights) as raised:
        PartWeights(**weights)
    assert raised.value.hint


def test_default_combination_weighs_resume_over_interview() -> None:
    combined = CombinationWeights().combine(0.8, 0.5)
    assert combined.value == pytest.approx(0.6 * 0.8 + 0.4 * 0.5)
    assert [(p.name, p.weight) for p in combined.parts] == [("resume", 0.6), ("interview", 0.4)]


def test_missing_interview_is_left_out_not_counted_as_zero() -> None:
    combined = CombinationWeights().combine(0.7, None)
    assert combined.value == pytest.approx(0.7)
    assert combined.missing == ("interview",)
    assert "not counted as 0" in combined.explanation


def test_nothing_to_combine_gives_no_score() -> None:
    assert CombinationWeights().combine(None, None).value is None


def test_recruiter_weights_are_validated() -> None:
    with pytest.raises(InvalidWeights):
        CombinationWeights(resume=0, interview=0)
    with pytest.raises(ValueError):
        CombinationWeights().combine(1.5, 0.2)


def _assessment(overall: float, status: AssessmentStatus) -> AnswerAssessment:
    return AnswerAssessment((), overall, (), None, Sentiment(0, "neutral", ""), status, "", {})


def test_interview_score_leaves_out_empty_answers() -> None:
    score = interview_score(
        [
            _assessment(0.8, AssessmentStatus.OK),
            _assessment(0.0, AssessmentStatus.EMPTY),
            _assessment(0.4, AssessmentStatus.TOO_SHORT),
        ]
    )
    assert score.value == pytest.approx(0.6)
    assert (score.assessed, score.left_out) == (2, 1)


# --- records --------------------------------------------------------------------------


def test_record_with_words_parses_to_timed_input() -> None:
    parsed = parse_record(
        {
            "question": "Q?",
            "key_points": ["a"],
            "text": "hi there",
            "words": [
                {"word": "hi", "start": 0, "end": 0.2},
                {"word": "there", "start": 0.3, "end": 0.6},
            ],
        }
    )
    assert parsed.key_points == ("a",)
    assert parsed.words is not None and parsed.words[1].start == 0.3


@pytest.mark.parametrize(
    "record",
    [
        "not an object",
        {"text": "secret answer"},
        {"question": "Q?", "text": 3},
        {"question": "Q?", "text": "secret answer", "key_points": "a"},
        {"question": "Q?", "text": "secret answer", "words": [{"word": "x", "start": True}]},
    ],
)
def test_invalid_records_are_refused_without_echoing_content(record: object) -> None:
    with pytest.raises(InvalidAnswerRecord) as raised:
        parse_record(record)
    assert "secret" not in raised.value.user_text()
