"""Question sets: the recruiter's interview questions, per role, in order.

Writes need MANAGE_INTERVIEWS and are audit-logged; reads are open to anyone
who may manage interviews or read candidates (reviewers see the questions
beside the answers). Once an interview uses a set, its questions are frozen
(QuestionSetInUse): answers must keep meaning the question that was asked.
Name, description, role and the practice question stay editable.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from pathlib import Path

from app.accounts import Permission, User, now_iso
from app.audit import AuditLog
from app.errors import InvalidInput, PermissionDenied
from app.interviews.banks import load_bank
from app.interviews.errors import QuestionSetInUse, QuestionSetInvalid, QuestionSetNotFound
from app.interviews.model import (
    PracticeSettings,
    Question,
    QuestionDraft,
    QuestionSet,
    QuestionSetDraft,
    QuestionSetSummary,
)
from app.interviews.question_yaml import (
    MAX_QUESTIONS,
    MAX_YAML_BYTES,
    clean_description,
    clean_name,
    clean_practice,
    clean_question,
    clean_set,
    parse_yaml,
    to_yaml,
)
from app.signin import Clock
from app.storage.db import Database, Row

_SET_COLUMNS = (
    "id, name, description, role_id, practice_enabled, practice_text, practice_think_s, "
    "practice_answer_s, created_by, created_at, updated_at"
)
_QUESTION_COLUMNS = (
    "id, question_set_id, position, text, intro, think_s, answer_s, retakes, key_points_json"
)


class QuestionSetRepo:
    def __init__(self, db: Database, audit: AuditLog, user: User, clock: Clock = time.time):
        self._db = db
        self._audit = audit
        self._user = user
        self._clock = clock

    # -- reading ---------------------------------------------------------------

    def list(self, role_id: int | None = None) -> list[QuestionSetSummary]:
        """All sets (or those of `role_id`), by name."""
        self._require_read()
        where, params = ("WHERE s.role_id = ?", (role_id,)) if role_id is not None else ("", ())
        rows = self._db.query(
            "SELECT s.id, s.name, s.role_id, s.updated_at, "
            "(SELECT count(*) FROM questions q WHERE q.question_set_id = s.id), "
            "(SELECT count(*) FROM interview_sessions i WHERE i.question_set_id = s.id) "
            f"FROM question_sets s {where} ORDER BY s.name COLLATE NOCASE, s.id",
            params,
        )
        return [
            QuestionSetSummary(
                id=int(r[0]),
                name=str(r[1]),
                role_id=None if r[2] is None else int(r[2]),
                updated_at=str(r[3]),
                questions=int(r[4]),
                interviews=int(r[5]),
            )
            for r in rows
        ]

    def get(self, set_id: int) -> QuestionSet:
        self._require_read()
        return self._load(set_id)

    def question(self, question_id: int) -> Question:
        self._require_read()
        row = self._db.query_one(
            f"SELECT {_QUESTION_COLUMNS} FROM questions WHERE id = ?", (question_id,)
        )
        if row is None:
            raise InvalidInput(f"Question #{question_id} does not exist.", "Refresh the list.")
        return _question(row)

    def export_yaml(self, set_id: int) -> str:
        self._require_read()
        text = to_yaml(self._load(set_id).draft())
        self._audit.record("question_set.exported", _subject(set_id))
        return text

    # -- writing ---------------------------------------------------------------

    def create(self, draft: QuestionSetDraft, role_id: int | None = None) -> QuestionSet:
        """Save a new set (validated as a whole first: nothing is saved if any part is wrong)."""
        self._user.require(Permission.MANAGE_INTERVIEWS)
        clean = clean_set(draft, require_questions=False)
        with self._db.transaction():
            self._check_role(role_id)
            now = now_iso(self._clock)
            set_id = self._db.execute(
                "INSERT INTO question_sets (name, description, role_id, practice_enabled, "
                "practice_text, practice_think_s, practice_answer_s, created_by, created_at, "
                "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    clean.name,
                    clean.description,
                    role_id,
                    int(clean.practice.enabled),
                    clean.practice.text,
                    clean.practice.think_seconds,
                    clean.practice.answer_seconds,
                    self._user.name,
                    now,
                    now,
                ),
            )
            for position, question in enumerate(clean.questions):
                self._insert_question(set_id, position, question)
            self._audit.record(
                "question_set.created", _subject(set_id), {"questions": len(clean.questions)}
            )
        return self._load(set_id)

    def import_yaml(self, text: str, role_id: int | None = None) -> QuestionSet:
        """Parse, validate and save a YAML question set; QuestionSetInvalid saves nothing."""
        self._user.require(Permission.MANAGE_INTERVIEWS)
        return self.create(parse_yaml(text), role_id)

    def import_file(self, path: Path, role_id: int | None = None) -> QuestionSet:
        self._user.require(Permission.MANAGE_INTERVIEWS)
        try:
            if path.stat().st_size > MAX_YAML_BYTES:
                raise QuestionSetInvalid(f'"{path.name}"', "it is too large for a question set.")
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            raise InvalidInput(
                f'The file "{path.name}" could not be read as text.',
                "Check that it exists and is a UTF-8 YAML file.",
            ) from None
        return self.create(parse_yaml(text, f'"{path.name}"'), role_id)

    def import_bank(self, bank_id: str, role_id: int | None = None) -> QuestionSet:
        """Save a copy of a default question bank (see `app.interviews.banks`)."""
        self._user.require(Permission.MANAGE_INTERVIEWS)
        return self.create(load_bank(bank_id), role_id)

    def duplicate(self, set_id: int, name: str | None = None) -> QuestionSet:
        """A copy (e.g. to change the questions of a set that interviews already use)."""
        self._user.require(Permission.MANAGE_INTERVIEWS)
        source = self._load(set_id)
        draft = source.draft()
        copy_name = name if name is not None else f"{draft.name} (copy)"[:200]
        return self.create(
            QuestionSetDraft(copy_name, draft.questions, draft.description, draft.practice),
            source.role_id,
        )

    def update_details(
        self,
        set_id: int,
        *,
        name: str | None = None,
        description: str | None = None,
        practice: PracticeSettings | None = None,
    ) -> QuestionSet:
        """Rename, describe, or turn the practice question on/off (allowed while in use)."""
        self._user.require(Permission.MANAGE_INTERVIEWS)
        current = self._load(set_id)
        new_name = clean_name(name) if name is not None else current.name
        new_description = (
            clean_description(description) if description is not None else current.description
        )
        new_practice = clean_practice(practice) if practice is not None else current.practice
        with self._db.transaction():
            self._db.execute(
                "UPDATE question_sets SET name = ?, description = ?, practice_enabled = ?, "
                "practice_text = ?, practice_think_s = ?, practice_answer_s = ?, updated_at = ? "
                "WHERE id = ?",
                (
                    new_name,
                    new_description,
                    int(new_practice.enabled),
                    new_practice.text,
                    new_practice.think_seconds,
                    new_practice.answer_seconds,
                    now_iso(self._clock),
                    set_id,
                ),
            )
            self._audit.record("question_set.updated", _subject(set_id), {"part": "details"})
        return self._load(set_id)

    def set_role(self, set_id: int, role_id: int | None) -> QuestionSet:
        self._user.require(Permission.MANAGE_INTERVIEWS)
        with self._db.transaction():
            self._load(set_id)
            self._check_role(role_id)
            self._db.execute(
                "UPDATE question_sets SET role_id = ?, updated_at = ? WHERE id = ?",
                (role_id, now_iso(self._clock), set_id),
            )
            self._audit.record("question_set.updated", _subject(set_id), {"part": "role"})
        return self._load(set_id)

    def add_question(
        self, set_id: int, draft: QuestionDraft, position: int | None = None
    ) -> Question:
        """Insert a question at `position` (0-based; default: at the end)."""
        self._user.require(Permission.MANAGE_INTERVIEWS)
        question = clean_question(draft)
        with self._db.transaction():
            count = len(self._editable(set_id).questions)
            if count >= MAX_QUESTIONS:
                raise QuestionSetInvalid(
                    "The question set", f"it can hold at most {MAX_QUESTIONS} questions."
                )
            at = count if position is None else max(0, min(position, count))
            self._shift(set_id, at, +1)
            question_id = self._insert_question(set_id, at, question)
            self._touch(set_id, "question added")
        return self.question(question_id)

    def update_question(self, question_id: int, draft: QuestionDraft) -> Question:
        self._user.require(Permission.MANAGE_INTERVIEWS)
        question = clean_question(draft)
        with self._db.transaction():
            set_id = self._set_of(question_id)
            self._editable(set_id)
            self._db.execute(
                "UPDATE questions SET text = ?, intro = ?, think_s = ?, answer_s = ?, "
                "retakes = ?, key_points_json = ? WHERE id = ?",
                (*_question_values(question), question_id),
            )
            self._touch(set_id, "question changed")
        return self.question(question_id)

    def delete_question(self, question_id: int) -> None:
        self._user.require(Permission.MANAGE_INTERVIEWS)
        with self._db.transaction():
            set_id = self._set_of(question_id)
            self._editable(set_id)
            position = int(
                self._db.scalar("SELECT position FROM questions WHERE id = ?", (question_id,))
            )
            self._db.execute("DELETE FROM questions WHERE id = ?", (question_id,))
            self._shift(set_id, position + 1, -1)
            self._touch(set_id, "question deleted")

    def reorder(self, set_id: int, question_ids: Sequence[int]) -> QuestionSet:
        """Put the set's questions in this order (after a drag and drop): all ids, once each."""
        self._user.require(Permission.MANAGE_INTERVIEWS)
        with self._db.transaction():
            current = [q.id for q in self._editable(set_id).questions]
            if sorted(question_ids) != sorted(current) or len(set(question_ids)) != len(current):
                raise InvalidInput(
                    "The new order must list every question of the set exactly once.",
                    "Refresh the question list and try again.",
                )
            # Two passes because SQLite cannot defer the UNIQUE (set, position) check.
            for position, question_id in enumerate(question_ids):
                self._db.execute(
                    "UPDATE questions SET position = ? WHERE id = ?", (-1 - position, question_id)
                )
            self._db.execute(
                "UPDATE questions SET position = -1 - position WHERE question_set_id = ?",
                (set_id,),
            )
            self._touch(set_id, "reordered")
        return self._load(set_id)

    def delete(self, set_id: int) -> None:
        self._user.require(Permission.MANAGE_INTERVIEWS)
        with self._db.transaction():
            self._editable(set_id)
            self._db.execute("DELETE FROM question_sets WHERE id = ?", (set_id,))
            self._audit.record("question_set.deleted", _subject(set_id))

    # -- helpers ---------------------------------------------------------------

    def _require_read(self) -> None:
        if not (
            self._user.can(Permission.MANAGE_INTERVIEWS)
            or self._user.can(Permission.READ_CANDIDATES)
        ):
            raise PermissionDenied("read interview questions", self._user.role.value)

    def _load(self, set_id: int) -> QuestionSet:
        return load_question_set(self._db, set_id)

    def _editable(self, set_id: int) -> QuestionSet:
        current = self._load(set_id)
        if current.interviews:
            raise QuestionSetInUse(set_id, current.interviews)
        return current

    def _set_of(self, question_id: int) -> int:
        value = self._db.scalar(
            "SELECT question_set_id FROM questions WHERE id = ?", (question_id,)
        )
        if value is None:
            raise InvalidInput(f"Question #{question_id} does not exist.", "Refresh the list.")
        return int(value)

    def _check_role(self, role_id: int | None) -> None:
        if role_id is None:
            return
        if self._db.scalar("SELECT 1 FROM roles WHERE id = ?", (role_id,)) is None:
            raise InvalidInput(f"There is no role #{role_id}.", "Choose an existing role.")

    def _insert_question(self, set_id: int, position: int, question: QuestionDraft) -> int:
        return self._db.execute(
            "INSERT INTO questions (question_set_id, position, text, intro, think_s, answer_s, "
            "retakes, key_points_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (set_id, position, *_question_values(question)),
        )

    def _shift(self, set_id: int, from_position: int, delta: int) -> None:
        """Move questions at `from_position` and after by `delta` (two passes, see reorder)."""
        self._db.execute(
            "UPDATE questions SET position = -1 - (position + ?) "
            "WHERE question_set_id = ? AND position >= ?",
            (delta, set_id, from_position),
        )
        self._db.execute(
            "UPDATE questions SET position = -1 - position "
            "WHERE question_set_id = ? AND position < 0",
            (set_id,),
        )

    def _touch(self, set_id: int, change: str) -> None:
        self._db.execute(
            "UPDATE question_sets SET updated_at = ? WHERE id = ?", (now_iso(self._clock), set_id)
        )
        self._audit.record("question_set.updated", _subject(set_id), {"part": change})


def load_question_set(db: Database, set_id: int) -> QuestionSet:
    """The set with its questions in order (no permission check: for the kiosk flow)."""
    row = db.query_one(f"SELECT {_SET_COLUMNS} FROM question_sets WHERE id = ?", (set_id,))
    if row is None:
        raise QuestionSetNotFound(set_id)
    questions = db.query(
        f"SELECT {_QUESTION_COLUMNS} FROM questions WHERE question_set_id = ? ORDER BY position",
        (set_id,),
    )
    interviews = int(
        db.scalar("SELECT count(*) FROM interview_sessions WHERE question_set_id = ?", (set_id,))
    )
    return QuestionSet(
        id=int(row[0]),
        name=str(row[1]),
        description=str(row[2]),
        role_id=None if row[3] is None else int(row[3]),
        practice=PracticeSettings(bool(row[4]), str(row[5]), int(row[6]), int(row[7])),
        questions=tuple(_question(q) for q in questions),
        created_by=str(row[8]),
        created_at=str(row[9]),
        updated_at=str(row[10]),
        interviews=interviews,
    )


def _question_values(q: QuestionDraft) -> tuple[object, ...]:
    points = json.dumps(list(q.key_points), ensure_ascii=False)
    return (q.text, q.intro, q.think_seconds, q.answer_seconds, q.retakes, points)


def _question(row: Row) -> Question:
    return Question(
        id=int(row[0]),
        question_set_id=int(row[1]),
        position=int(row[2]),
        text=str(row[3]),
        intro=str(row[4]),
        think_seconds=int(row[5]),
        answer_seconds=int(row[6]),
        retakes=int(row[7]),
        key_points=tuple(str(p) for p in json.loads(str(row[8]))),
    )


def _subject(set_id: int) -> str:
    return f"question_set:{set_id}"
