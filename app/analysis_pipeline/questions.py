"""The questions file of `candor analyse`: which question each imported recording answers.

Accepted (YAML), so a question set exported by Candor works as it is::

    questions:                       # or the list alone, at the top
      - text: Tell us about a time you handled a difficult customer.   # or `question:`
        key_points: [listened, apologised, solved the problem]

Other keys of a question set (name, think_seconds, ...) are ignored here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from app.analysis_pipeline.pipeline import QuestionSpec
from app.errors import InvalidInput

MAX_BYTES = 1024 * 1024
_HINT = (
    "Write the file as YAML: `questions:` then one `- text: ...` per question, with an "
    "optional `key_points: [...]` list."
)


def load_questions(path: Path) -> list[QuestionSpec]:
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise InvalidInput("The questions file could not be read.", _HINT) from exc
    if len(raw) > MAX_BYTES:
        raise InvalidInput("The questions file is larger than 1 MB.", _HINT)
    try:
        data = yaml.safe_load(raw.decode("utf-8"))
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        raise InvalidInput("The questions file is not valid UTF-8 YAML.", _HINT) from exc
    return parse_questions(data)


def parse_questions(data: Any) -> list[QuestionSpec]:
    items = data.get("questions") if isinstance(data, dict) else data
    if not isinstance(items, list) or not items:
        raise InvalidInput("The questions file lists no questions.", _HINT)
    questions = []
    for number, item in enumerate(items, start=1):
        if isinstance(item, str):
            item = {"text": item}
        if not isinstance(item, dict):
            raise InvalidInput(f"Question {number} is not a mapping or a text.", _HINT)
        text = item.get("text", item.get("question"))
        if not isinstance(text, str) or not text.strip():
            raise InvalidInput(f"Question {number} has no text.", _HINT)
        points = item.get("key_points") or []
        if not isinstance(points, list) or not all(
            isinstance(p, str) and p.strip() for p in points
        ):
            raise InvalidInput(
                f"Question {number}: key_points must be a list of non-empty texts.", _HINT
            )
        questions.append(QuestionSpec(text.strip(), tuple(p.strip() for p in points)))
    return questions
