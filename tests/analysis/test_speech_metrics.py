"""The text normaliser and word error rate used to judge transcripts."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.speech_metrics import (
    ErrorCounts,
    cer,
    corpus_wer,
    edit_counts,
    normalize_text,
    number_to_words,
    read_reference_transcripts,
    wer,
    word_errors,
)


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("And so, my fellow Americans!", "and so my fellow americans"),
        ("Go forward 10 meters.", "go forward ten meters"),
        (
            "the forty-two line Bible of about 1455,",
            "the forty two line bible of about fourteen fifty five",
        ),
        ("In 1813.", "in eighteen thirteen"),
        ("It was 2005, or 2024.", "it was two thousand five or twenty twenty four"),
        ("the 15th century, the 21st, the 3rd", "the fifteenth century the twenty first the third"),
        ("3.5% growth", "three point five percent growth"),
        ("1,250,000 users", "one million two hundred fifty thousand users"),
        ("Mr. Dashwood and Mrs. Jennings", "mister dashwood and missus jennings"),
        ("Um, I don't know [music] (laughs)", "i dont know"),
        ("  ", ""),
    ],
)
def test_normalize_text(raw: str, normalised: str) -> None:
    assert normalize_text(raw) == normalised


def test_number_words_for_cardinals() -> None:
    assert number_to_words(0) == "zero"
    assert number_to_words(19) == "nineteen"
    assert number_to_words(90) == "ninety"
    assert number_to_words(101) == "one hundred one"
    assert number_to_words(7_000_012) == "seven million twelve"
    with pytest.raises(ValueError):
        number_to_words(-1)


def test_edit_counts_each_kind_of_error() -> None:
    counts = edit_counts(["a", "b", "c", "d"], ["a", "x", "c", "d", "e"])
    assert counts == ErrorCounts(substitutions=1, deletions=0, insertions=1, reference_length=4)
    counts = edit_counts(["a", "b", "c", "d"], ["a", "d"])
    assert counts == ErrorCounts(substitutions=0, deletions=2, insertions=0, reference_length=4)


def test_wer_ignores_case_punctuation_and_number_format() -> None:
    assert wer("Go forward ten meters", "go forward 10 meters.") == 0.0


def test_wer_counts_a_wrong_word() -> None:
    assert wer("he was not an ill disposed young man", "he was not an old disposed young man") == (
        pytest.approx(1 / 8)
    )


def test_wer_can_exceed_one_when_words_are_invented() -> None:
    assert wer("yes", "yes thank you very much") == pytest.approx(4.0)


def test_wer_of_an_empty_reference_is_undefined() -> None:
    with pytest.raises(ValueError):
        wer("", "anything")


def test_corpus_wer_weights_clips_by_length() -> None:
    pairs = [
        (
            "one two three four five six seven eight nine ten",
            "one two three four five six seven eight nine ten",
        ),
        ("yes", "no"),
    ]
    # mean of per-clip rates would be 0.5; the corpus rate is 1 error in 11 words
    assert corpus_wer(pairs) == pytest.approx(1 / 11)
    assert word_errors("yes", "no").errors == 1


def test_cer_counts_characters() -> None:
    assert cer("cat", "cut") == pytest.approx(1 / 3)


def test_reference_transcripts_of_the_shared_clips() -> None:
    tsv = (
        Path(__file__).resolve().parents[2]
        / ".."
        / "shared"
        / "data"
        / "speech"
        / "transcripts.tsv"
    )
    if not tsv.is_file():
        pytest.skip("shared speech clips are not present")
    clips = read_reference_transcripts(tsv)
    assert len(clips) == 20
    by_file = {clip.file: clip for clip in clips}
    # the normalised column wins where there is one
    assert "fourteen fifty-five" in by_file["ljspeech_LJ001-0007.flac"].reference
    stereo = by_file["stereo_two_sentences_L-R.wav"]
    assert stereo.channels == 2
    assert "LEFT" not in stereo.reference and "||" not in stereo.reference
    assert stereo.reference.endswith("The horizon seems extremely distant.")
