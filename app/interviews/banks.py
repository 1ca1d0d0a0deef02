"""The default question banks shipped in resources/question_banks/ (one YAML set per role).

They use the same format as an exported set (`app.interviews.question_yaml`);
a recruiter imports one as a starting point and edits the copy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from app.interviews.errors import QuestionSetInvalid
from app.interviews.model import QuestionSetDraft
from app.interviews.question_yaml import parse_yaml
from app.paths import resources_dir

_BANK_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")


@dataclass(frozen=True)
class QuestionBank:
    id: str  # the file name without .yaml, e.g. "registered-nurse"
    name: str
    description: str
    questions: int


def banks_dir() -> Path:
    return resources_dir() / "question_banks"


def list_banks() -> list[QuestionBank]:
    """Every shipped bank, validated (a broken file raises QuestionSetInvalid naming it)."""
    banks = []
    for path in sorted(banks_dir().glob("*.yaml")):
        draft = load_bank(path.stem)
        banks.append(QuestionBank(path.stem, draft.name, draft.description, len(draft.questions)))
    return banks


def load_bank(bank_id: str) -> QuestionSetDraft:
    path = banks_dir() / f"{bank_id}.yaml"
    if not _BANK_ID.fullmatch(bank_id) or not path.is_file():
        known = ", ".join(p.stem for p in sorted(banks_dir().glob("*.yaml")))
        raise QuestionSetInvalid(
            "", f"There is no default question bank called {bank_id!r}.", f"Known: {known}."
        )
    return parse_yaml(path.read_text(encoding="utf-8"), f"The question bank {path.name}")
