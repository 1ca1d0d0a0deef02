"""Answer assessment with the real MiniLM model: scores, evidence, edge cases, speed."""

from __future__ import annotations

import time
from dataclasses import replace

import pytest

from analysis.answers import (
    AnswerAssessor,
    AnswerInput,
    AssessmentSettings,
    AssessmentStatus,
    PartWeights,
    assess_record,
)
from analysis.answers.evaluation import load_labelled
from analysis.errors import Cancelled
from analysis.speech import Segment, Transcript, TranscriptStatus, Word
from analysis.tasks import TaskState

from .answers_support import DEV_SET, real_embedder

QUESTION = "Describe a time a patient's condition deteriorated during your shift. What did you do?"
KEY_POINTS = (
    "recognised warning signs in the vital signs or observations",
    "escalated to a doctor or the rapid response team",
    "used a structured handover such as SBAR",
    "documented what happened",
)
GOOD = (
    "On a night shift a man two days after bowel surgery became confused. His heart rate had "
    "gone up to one hundred and twenty and his blood pressure was dropping. I called the rapid "
    "response team immediately and stayed with him. When the registrar arrived I gave an SBAR "
    "handover and said I suspected sepsis. Afterwards I wrote up the observations and the times "
    "of each call in his notes, and he recovered well."
)
OFF_TOPIC = (
    "I chose nursing because my grandmother was cared for so kindly in hospital. I would like "
    "to specialise in paediatrics one day and I enjoy running at the weekend."
)


@pytest.fixture(scope="session")
def assessor() -> AnswerAssessor:
    return AnswerAssessor(real_embedder())


def timed_words(text: str, seconds_per_word: float = 0.4) -> list[Word]:
    return [
        Word(f" {w}", i * seconds_per_word, i * seconds_per_word + 0.3, 0.9)
        for i, w in enumerate(text.split())
    ]


def test_good_answer_covers_key_points_with_the_right_sentences(assessor: AnswerAssessor) -> None:
    result = assessor.assess(QUESTION, KEY_POINTS, GOOD)
    assert result.status is AssessmentStatus.OK
    assert result.covered_key_points == (0, 1, 2, 3)
    evidence = {k.index: k.evidence.text for k in result.key_points if k.evidence}
    assert "rapid response team" in evidence[1]
    assert "SBAR" in evidence[2]
    for part in result.parts:
        for span in part.evidence:
            assert GOOD[span.start : span.end] == span.text


def test_good_answer_outscores_off_topic_answer(assessor: AnswerAssessor) -> None:
    good, off = (assessor.assess(QUESTION, KEY_POINTS, t) for t in (GOOD, OFF_TOPIC))
    assert good.overall > off.overall + 0.3
    assert good.part("relevance").value > off.part("relevance").value  # type: ignore[union-attr]
    assert off.covered_key_points == ()


def test_overall_is_the_weighted_mean_of_named_parts(assessor: AnswerAssessor) -> None:
    result = assessor.assess(QUESTION, KEY_POINTS, GOOD)
    assert [p.name for p in result.parts] == ["relevance", "coverage", "coherence"]
    assert [p.weight for p in result.parts] == [0.4, 0.4, 0.2]
    expected = sum(p.value * p.weight for p in result.parts) / 1.0
    assert result.overall == pytest.approx(expected)
    assert all(0.0 <= p.value <= 1.0 and p.explanation for p in result.parts)
    assert "overall" in result.explanation()


def test_empty_transcript_scores_zero_with_an_explanation(assessor: AnswerAssessor) -> None:
    for text in ("", "   \n "):
        result = assessor.assess(QUESTION, KEY_POINTS, text)
        assert result.status is AssessmentStatus.EMPTY
        assert result.overall == 0.0
        assert all(p.value == 0.0 and "empty" in p.explanation for p in result.parts)
        assert result.covered_key_points == ()
        assert result.delivery is None
        assert "recording" in result.message


def test_one_word_answer_is_scored_but_flagged_too_short(assessor: AnswerAssessor) -> None:
    result = assessor.assess(QUESTION, KEY_POINTS, "Yes.")
    assert result.status is AssessmentStatus.TOO_SHORT
    assert "1 word" in result.message
    assert 0.0 <= result.overall < 0.5
    assert result.part("coherence") is not None


def test_without_key_points_coverage_is_omitted_and_weights_renormalised(
    assessor: AnswerAssessor,
) -> None:
    result = assessor.assess(QUESTION, [], GOOD)
    assert [p.name for p in result.parts] == ["relevance", "coherence"]
    relevance, coherence = result.parts
    assert result.overall == pytest.approx((0.4 * relevance.value + 0.2 * coherence.value) / 0.6)
    assert "renormalised" in result.message
    assert result.to_json_dict()["coverage"] is None


def test_recruiter_weights_change_the_overall(assessor: AnswerAssessor) -> None:
    only_relevance = AnswerAssessor(
        assessor.embedder, AssessmentSettings(weights=PartWeights(1.0, 0.0, 0.0))
    )
    result = only_relevance.assess(QUESTION, KEY_POINTS, OFF_TOPIC)
    assert result.overall == pytest.approx(result.parts[0].value)
    assert result.settings["weights"] == {"relevance": 1.0, "coverage": 0.0, "coherence": 0.0}


def test_unpunctuated_transcript_is_still_assessed(assessor: AnswerAssessor) -> None:
    bare = "".join(c for c in GOOD.lower() if c not in ".,")
    result = assessor.assess(QUESTION, KEY_POINTS, bare)
    off = assessor.assess(QUESTION, KEY_POINTS, OFF_TOPIC.lower().replace(".", ""))
    assert len(result.covered_key_points) >= 3
    assert result.overall > off.overall + 0.3
    assert all(len(s.text.split()) <= 40 for s in result.part("coverage").evidence)  # type: ignore[union-attr]


def test_word_timestamps_put_times_on_evidence_and_delivery(assessor: AnswerAssessor) -> None:
    words = timed_words(GOOD)
    result = assessor.assess(QUESTION, KEY_POINTS, GOOD, words)
    sbar = result.key_points[2].evidence
    assert sbar is not None
    first_word = len(GOOD[: sbar.start].split())
    assert sbar.time_start == pytest.approx(words[first_word].start)
    assert sbar.time_end == pytest.approx(words[first_word + len(sbar.text.split()) - 1].end)
    assert result.delivery is not None
    assert result.delivery.words_per_minute == pytest.approx(
        60 * len(words) / (words[-1].end - words[0].start)
    )


def test_a_speech_transcript_object_is_accepted(assessor: AnswerAssessor) -> None:
    words = tuple(timed_words(GOOD))
    transcript = Transcript(
        language="en",
        language_probability=1.0,
        duration=words[-1].end,
        text=GOOD,
        segments=(Segment(0.0, words[-1].end, GOOD, words, 0.01, -0.2),),
        status=TranscriptStatus.OK,
        message="",
        model="test",
        device="cpu",
        settings={},
    )
    from_transcript = assessor.assess_transcript(QUESTION, KEY_POINTS, transcript)
    direct = assessor.assess(QUESTION, KEY_POINTS, GOOD, words)
    assert from_transcript.to_json_dict() == direct.to_json_dict()


def test_batch_gives_the_same_results_as_one_by_one(assessor: AnswerAssessor) -> None:
    inputs = [AnswerInput(QUESTION, KEY_POINTS, t) for t in (GOOD, OFF_TOPIC, "")]
    batch = assessor.assess_many(inputs)
    single = [assessor.assess(i.question, i.key_points, i.text) for i in inputs]
    for a, b in zip(batch, single, strict=True):
        assert a.overall == pytest.approx(b.overall, abs=1e-5)
        assert a.covered_key_points == b.covered_key_points


def test_cancel_stops_the_batch(assessor: AnswerAssessor) -> None:
    task = TaskState()
    task.cancel()
    with pytest.raises(Cancelled):
        assessor.assess_many([AnswerInput(QUESTION, KEY_POINTS, GOOD)], task)


def test_ten_minute_answer_is_assessed_in_under_two_seconds(assessor: AnswerAssessor) -> None:
    texts = [a.text for q in load_labelled(DEV_SET) for a in q.answers if a.kind == "good"]
    long_text = " ".join(texts)
    while len(long_text.split()) < 1500:
        long_text += " " + long_text
    long_text = " ".join(long_text.split()[:1500])
    assessor.assess(QUESTION, KEY_POINTS, "warm-up so the ONNX session is initialised")
    # CPU time of every thread of this process: on an idle machine it bounds the wall time,
    # and other jobs running on a busy test machine do not inflate it.
    started = time.process_time()
    result = assessor.assess(QUESTION, KEY_POINTS, long_text, timed_words(long_text))
    assert time.process_time() - started < 2.0
    assert result.status is AssessmentStatus.OK
    assert result.delivery is not None and result.delivery.word_count == 1500


def test_sentiment_and_delivery_never_change_the_score(assessor: AnswerAssessor) -> None:
    result = assessor.assess(QUESTION, KEY_POINTS, GOOD, timed_words(GOOD, 1.5))
    assert {p.name for p in result.parts} == {"relevance", "coverage", "coherence"}
    slow = assessor.assess(QUESTION, KEY_POINTS, GOOD, timed_words(GOOD, 0.2))
    assert result.overall == slow.overall
    assert result.sentiment.label in {"positive", "negative", "neutral"}


def test_record_output_has_the_cli_shape(assessor: AnswerAssessor) -> None:
    out = assess_record(
        assessor, {"question": QUESTION, "key_points": list(KEY_POINTS), "text": GOOD}
    )
    assert {
        "relevance",
        "coverage",
        "coherence",
        "overall",
        "covered_key_points",
        "evidence",
    } <= set(out)
    assert out["covered_key_points"] == [0, 1, 2, 3]
    assert all(0.0 <= out[k] <= 1.0 for k in ("relevance", "coverage", "coherence", "overall"))
    assert out["evidence"]["coverage"][0]["text"] in GOOD


def test_protected_attributes_in_a_record_are_ignored(assessor: AnswerAssessor) -> None:
    record = {"question": QUESTION, "key_points": list(KEY_POINTS), "text": GOOD}
    with_attributes = {
        **record,
        "name": "Jane Doe",
        "gender": "female",
        "age": 58,
        "nationality": "Ruritanian",
        "photo": "face.jpg",
    }
    assert assess_record(assessor, with_attributes) == assess_record(assessor, record)


def test_settings_and_model_are_recorded_with_each_result(assessor: AnswerAssessor) -> None:
    result = assessor.assess(QUESTION, KEY_POINTS, GOOD)
    assert result.settings["model_name"].startswith("all-MiniLM-L6-v2")
    assert result.settings["device"] == "cpu"
    assert result.settings["key_point_threshold"] == AssessmentSettings().key_point_threshold
    assert replace(AssessmentSettings(), min_words=3).as_dict()["min_words"] == 3
