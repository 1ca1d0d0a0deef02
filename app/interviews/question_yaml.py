"""Question sets as YAML (import, export, default banks) and the rules every question keeps.

The format, version 1 (every key but `name`, `questions` and a question's
`text` is optional; unknown keys are refused so a typo never silently drops a
setting)::

    format: candor-question-set
    version: 1
    name: Registered nurse
    description: Ward nursing, adult care.
    practice: {enabled: true, text: "...", think_seconds: 10, answer_seconds: 30}
    questions:
      - text: Tell us about a time you noticed a patient's condition getting worse.
        intro: We are interested in what you noticed and what you did.
        think_seconds: 30
        answer_seconds: 150
        retakes: 1
        key_points: [early warning signs, escalation, documentation]

Validation builds the whole draft before anything is saved, and names the
place of the first problem ("question 3: answer_seconds must be ...").
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import yaml

from app.interviews.errors import QuestionSetInvalid
from app.interviews.model import (
    DEFAULT_PRACTICE_TEXT,
    PracticeSettings,
    QuestionDraft,
    QuestionSetDraft,
)

FORMAT = "candor-question-set"
VERSION = 1
MAX_YAML_BYTES = 1024 * 1024

MAX_NAME = 200
MAX_DESCRIPTION = 2000
MAX_TEXT = 2000
MAX_INTRO = 2000
MAX_KEY_POINT = 500
MAX_KEY_POINTS = 30
MAX_QUESTIONS = 50
MAX_THINK_SECONDS = 600
MIN_ANSWER_SECONDS = 5
MAX_ANSWER_SECONDS = 1800
MAX_RETAKES = 10

_TOP_KEYS = ("format", "version", "name", "description", "practice", "questions")
_QUESTION_KEYS = ("text", "intro", "think_seconds", "answer_seconds", "retakes", "key_points")
_PRACTICE_KEYS = ("enabled", "text", "think_seconds", "answer_seconds")


# -- rules --------------------------------------------------------------------


def clean_name(name: object) -> str:
    return _text(name, "The question set", "its name", MAX_NAME, required=True)


def clean_description(description: object) -> str:
    return _text(
        description, "The question set", "its description", MAX_DESCRIPTION, required=False
    )


def clean_question(draft: QuestionDraft, where: str = "The question") -> QuestionDraft:
    """`draft` with its texts trimmed, or QuestionSetInvalid naming the broken rule."""
    points = draft.key_points
    if isinstance(points, str) or not isinstance(points, tuple | list):
        raise QuestionSetInvalid(where, "key_points must be a list of short phrases.")
    if len(points) > MAX_KEY_POINTS:
        raise QuestionSetInvalid(where, f"at most {MAX_KEY_POINTS} key points are allowed.")
    return QuestionDraft(
        text=_text(draft.text, where, "text", MAX_TEXT, required=True),
        intro=_text(draft.intro, where, "intro", MAX_INTRO, required=False),
        think_seconds=_int(draft.think_seconds, where, "think_seconds", 0, MAX_THINK_SECONDS),
        answer_seconds=_int(
            draft.answer_seconds, where, "answer_seconds", MIN_ANSWER_SECONDS, MAX_ANSWER_SECONDS
        ),
        retakes=_int(draft.retakes, where, "retakes", 0, MAX_RETAKES),
        key_points=tuple(
            _text(point, where, f"key point {n}", MAX_KEY_POINT, required=True)
            for n, point in enumerate(points, start=1)
        ),
    )


def clean_practice(
    practice: PracticeSettings, where: str = "The practice question"
) -> PracticeSettings:
    if not isinstance(practice.enabled, bool):
        raise QuestionSetInvalid(where, "enabled must be true or false.")
    return PracticeSettings(
        enabled=practice.enabled,
        text=_text(practice.text, where, "text", MAX_TEXT, required=True),
        think_seconds=_int(practice.think_seconds, where, "think_seconds", 0, MAX_THINK_SECONDS),
        answer_seconds=_int(
            practice.answer_seconds, where, "answer_seconds", MIN_ANSWER_SECONDS, MAX_ANSWER_SECONDS
        ),
    )


def clean_set(draft: QuestionSetDraft, *, require_questions: bool = True) -> QuestionSetDraft:
    if require_questions and not draft.questions:
        raise QuestionSetInvalid("The question set", "it needs at least one question.")
    if len(draft.questions) > MAX_QUESTIONS:
        raise QuestionSetInvalid(
            "The question set", f"it can hold at most {MAX_QUESTIONS} questions."
        )
    return QuestionSetDraft(
        name=clean_name(draft.name),
        description=clean_description(draft.description),
        practice=clean_practice(draft.practice),
        questions=tuple(
            clean_question(q, f"Question {n}") for n, q in enumerate(draft.questions, start=1)
        ),
    )


# -- YAML ---------------------------------------------------------------------


def parse_yaml(text: str, source: str = "The file") -> QuestionSetDraft:
    """Read a question set; raises QuestionSetInvalid (with the place) on any problem."""
    if len(text.encode("utf-8")) > MAX_YAML_BYTES:
        raise QuestionSetInvalid(source, "it is too large for a question set (over 1 MB).")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" near line {mark.line + 1}" if mark is not None else ""
        raise QuestionSetInvalid(
            source, f"it is not valid YAML{line}.", "Check the indentation and quotes."
        ) from None
    return from_mapping(data, source)


def from_mapping(data: object, source: str = "The file") -> QuestionSetDraft:
    top = _mapping(data, source, _TOP_KEYS)
    if "format" in top and top["format"] != FORMAT:
        raise QuestionSetInvalid(source, f"format must be '{FORMAT}'.")
    version = top.get("version", VERSION)
    if isinstance(version, bool) or not isinstance(version, int):
        raise QuestionSetInvalid(source, "version must be a whole number.")
    if version > VERSION:
        raise QuestionSetInvalid(
            source,
            f"it uses question set format version {version}; this Candor reads up to {VERSION}.",
            "Export it again from the same version of Candor as this one, or update Candor.",
        )
    if "name" not in top:
        raise QuestionSetInvalid(source, "the key 'name' is missing.")
    raw_questions = top.get("questions")
    if not isinstance(raw_questions, list):
        raise QuestionSetInvalid(source, "'questions' must be a list of questions.")
    practice = _practice(top.get("practice"), "The practice question")
    questions = tuple(
        _question(raw, f"Question {n}") for n, raw in enumerate(raw_questions, start=1)
    )
    return clean_set(
        QuestionSetDraft(
            name=_expect_str(top["name"], source, "name"),
            description=_expect_str(top.get("description", ""), source, "description"),
            practice=practice,
            questions=questions,
        )
    )


def to_yaml(draft: QuestionSetDraft) -> str:
    """The set as YAML that `parse_yaml` reads back to an equal draft."""
    data: dict[str, Any] = {"format": FORMAT, "version": VERSION, "name": draft.name}
    if draft.description:
        data["description"] = draft.description
    data["practice"] = {
        "enabled": draft.practice.enabled,
        "text": draft.practice.text,
        "think_seconds": draft.practice.think_seconds,
        "answer_seconds": draft.practice.answer_seconds,
    }
    questions = []
    for q in draft.questions:
        item: dict[str, Any] = {"text": q.text}
        if q.intro:
            item["intro"] = q.intro
        item.update(
            think_seconds=q.think_seconds,
            answer_seconds=q.answer_seconds,
            retakes=q.retakes,
            key_points=list(q.key_points),
        )
        questions.append(item)
    data["questions"] = questions
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=88)


def _question(raw: object, where: str) -> QuestionDraft:
    item = _mapping(raw, where, _QUESTION_KEYS)
    if "text" not in item:
        raise QuestionSetInvalid(where, "the key 'text' is missing.")
    points = item.get("key_points", [])
    if points is None:
        points = []
    if not isinstance(points, list):
        raise QuestionSetInvalid(where, "key_points must be a list of short phrases.")
    defaults = QuestionDraft(text="")
    return QuestionDraft(
        text=_expect_str(item["text"], where, "text"),
        intro=_expect_str(item.get("intro", ""), where, "intro"),
        think_seconds=item.get("think_seconds", defaults.think_seconds),
        answer_seconds=item.get("answer_seconds", defaults.answer_seconds),
        retakes=item.get("retakes", defaults.retakes),
        key_points=tuple(_expect_str(p, where, "a key point") for p in points),
    )


def _practice(raw: object, where: str) -> PracticeSettings:
    if raw is None:
        return PracticeSettings()
    item = _mapping(raw, where, _PRACTICE_KEYS)
    defaults = PracticeSettings()
    return PracticeSettings(
        enabled=item.get("enabled", defaults.enabled),
        text=_expect_str(item.get("text", DEFAULT_PRACTICE_TEXT), where, "text"),
        think_seconds=item.get("think_seconds", defaults.think_seconds),
        answer_seconds=item.get("answer_seconds", defaults.answer_seconds),
    )


def _mapping(raw: object, where: str, known: tuple[str, ...]) -> Mapping[str, Any]:
    if not isinstance(raw, dict):
        raise QuestionSetInvalid(where, "expected a mapping of keys to values.")
    unknown = [str(key) for key in raw if key not in known]
    if unknown:
        plural = "keys" if len(unknown) > 1 else "key"
        raise QuestionSetInvalid(
            where,
            f"unknown {plural} {', '.join(repr(k) for k in unknown)}.",
            f"Known keys here: {', '.join(known)}. Check the spelling.",
        )
    return raw


def _expect_str(value: object, where: str, name: str) -> str:
    """YAML text; a bare number (`text: 42`) is read as its text."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise QuestionSetInvalid(where, f"{name} must be text.")
    return str(value)


def _text(value: object, where: str, name: str, limit: int, *, required: bool) -> str:
    if not isinstance(value, str):
        raise QuestionSetInvalid(where, f"{name} must be text.")
    text = value.strip()
    if required and not text:
        raise QuestionSetInvalid(where, f"{name} must not be empty.")
    if len(text) > limit:
        raise QuestionSetInvalid(where, f"{name} can be at most {limit} characters long.")
    return text


def _int(value: object, where: str, name: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise QuestionSetInvalid(where, f"{name} must be a whole number.")
    if not low <= value <= high:
        raise QuestionSetInvalid(where, f"{name} must be between {low} and {high} (it is {value}).")
    return value
