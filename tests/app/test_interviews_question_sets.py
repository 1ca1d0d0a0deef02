"""Question sets: editing, order, YAML import/export, default banks, and who may do what."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from app.accounts import Role
from app.errors import InvalidInput, PermissionDenied
from app.interviews import (
    PracticeSettings,
    QuestionDraft,
    QuestionSetDraft,
    QuestionSetInUse,
    QuestionSetInvalid,
    list_banks,
    load_bank,
    parse_yaml,
)
from app.interviews.banks import banks_dir
from app.workspace import Session

from .interviews_support import PASSWORD, two_questions

GOOD_YAML = """\
format: candor-question-set
version: 1
name: Warehouse
practice: {enabled: true}
questions:
  - text: Tell us about your last job.
    think_seconds: 15
    answer_seconds: 60
    retakes: 2
    key_points: [tasks, equipment]
  - text: How do you stay safe?
"""


def count_sets(session: Session) -> int:
    return len(session.interviews.question_sets.list())


def test_create_get_update_and_delete_a_question_set(session: Session) -> None:
    sets = session.interviews.question_sets
    created = sets.create(two_questions())
    assert [q.position for q in created.questions] == [0, 1]
    assert created.questions[0].key_points == ("early warning signs", "escalation")
    assert created.questions[0].intro == "No names, please."

    added = sets.add_question(created.id, QuestionDraft("  Why this ward?  ", retakes=0), 1)
    assert added.text == "Why this ward?"  # trimmed
    assert [q.text for q in sets.get(created.id).questions] == [
        created.questions[0].text,
        "Why this ward?",
        created.questions[1].text,
    ]
    changed = sets.update_question(added.id, QuestionDraft("Why nursing?", answer_seconds=45))
    assert (changed.text, changed.answer_seconds, changed.position) == ("Why nursing?", 45, 1)

    sets.delete_question(created.questions[0].id)
    assert [(q.position, q.text) for q in sets.get(created.id).questions] == [
        (0, "Why nursing?"),
        (1, created.questions[1].text),
    ]
    renamed = sets.update_details(created.id, name="Ward nurse", practice=PracticeSettings(True))
    assert (renamed.name, renamed.practice.enabled) == ("Ward nurse", True)

    sets.delete(created.id)
    assert count_sets(session) == 0
    actions = [e.action for e in session.audit.entries()]
    assert actions.count("question_set.updated") >= 4
    assert {"question_set.created", "question_set.deleted"} <= set(actions)


def test_reorder_puts_questions_in_the_dragged_order(session: Session) -> None:
    sets = session.interviews.question_sets
    created = sets.create(two_questions())
    third = sets.add_question(created.id, QuestionDraft("Third"))
    first, second = (q.id for q in created.questions)
    reordered = sets.reorder(created.id, [third.id, first, second])
    assert [q.id for q in reordered.questions] == [third.id, first, second]
    assert [q.position for q in reordered.questions] == [0, 1, 2]

    with pytest.raises(InvalidInput, match="every question of the set exactly once"):
        sets.reorder(created.id, [first, second])
    with pytest.raises(InvalidInput):
        sets.reorder(created.id, [first, first, second])
    assert [q.id for q in sets.get(created.id).questions] == [third.id, first, second]


def test_yaml_round_trip_keeps_every_field(session: Session) -> None:
    sets = session.interviews.question_sets
    draft = QuestionSetDraft(
        name="Teacher: “primary” years",
        description="Ages 5–11.",
        practice=PracticeSettings(True, "Say hello.", 5, 20),
        questions=(
            QuestionDraft(
                "Describe a lesson: what worked?",
                "Any age group.",
                45,
                150,
                2,
                ("objectives", "checking understanding"),
            ),
            QuestionDraft("Multi-line\ntext with 'quotes' and: colons", "", 0, 5, 0, ()),
        ),
    )
    original = sets.create(draft)
    exported = sets.export_yaml(original.id)
    assert yaml.safe_load(exported)["format"] == "candor-question-set"
    imported = sets.import_yaml(exported)
    assert imported.id != original.id
    assert imported.draft() == original.draft() == draft
    assert sets.export_yaml(imported.id) == exported


def test_yaml_defaults_apply_to_optional_keys(session: Session) -> None:
    imported = session.interviews.question_sets.import_yaml(GOOD_YAML)
    first, second = imported.questions
    assert (first.think_seconds, first.answer_seconds, first.retakes) == (15, 60, 2)
    assert (second.think_seconds, second.answer_seconds, second.retakes) == (30, 120, 1)
    assert second.key_points == ()
    assert imported.practice.enabled


RETAKES = "    retakes: 2\n"
BAD_YAML = [
    ((RETAKES, RETAKES + "    thinktime: 5\n"), r"Question 1: unknown key 'thinktime'"),
    (("name: Warehouse\n", "name: Warehouse\ncolour: blue\n"), r"unknown key 'colour'"),
    (
        ("think_seconds: 15", "think_seconds: -5"),
        r"Question 1: think_seconds must be between 0 and 600 \(it is -5\)",
    ),
    (("answer_seconds: 60", "answer_seconds: -1"), r"Question 1: answer_seconds must be between"),
    (("retakes: 2", "retakes: -1"), r"retakes must be between 0 and 10"),
    (("retakes: 2", "retakes: two"), r"retakes must be a whole number"),
    (("  - text: How do you stay safe?\n", "  - intro: no text\n"), r"Question 2: the key 'text'"),
    (("key_points: [tasks, equipment]", "key_points: tasks"), r"key_points must be a list"),
    (("version: 1", "version: 7"), r"format version 7; this Candor reads up to 1"),
    ((RETAKES, RETAKES + "   bad: [\n"), r"not valid YAML"),
    (("{enabled: true}", "{enabled: yes please}"), r"enabled must be true or false"),
]


@pytest.mark.parametrize(("change", "expected"), BAD_YAML)
def test_invalid_yaml_is_refused_with_the_place_and_nothing_is_saved(
    session: Session, change: tuple[str, str], expected: str
) -> None:
    text = GOOD_YAML.replace(*change)
    assert text != GOOD_YAML
    with pytest.raises(QuestionSetInvalid, match=expected) as caught:
        session.interviews.question_sets.import_yaml(text)
    assert caught.value.hint.endswith("Nothing was saved.")
    assert count_sets(session) == 0
    assert "question_set.created" not in [e.action for e in session.audit.entries()]


def test_a_question_set_with_no_questions_cannot_be_imported(session: Session) -> None:
    with pytest.raises(QuestionSetInvalid, match="at least one question"):
        session.interviews.question_sets.import_yaml("name: Empty\nquestions: []\n")
    assert count_sets(session) == 0


def test_import_file_reads_yaml_from_disk(session: Session, tmp_path: Path) -> None:
    path = tmp_path / "set.yaml"
    path.write_text(GOOD_YAML, encoding="utf-8")
    imported = session.interviews.question_sets.import_file(path)
    assert imported.name == "Warehouse"
    with pytest.raises(InvalidInput, match="could not be read"):
        session.interviews.question_sets.import_file(tmp_path / "missing.yaml")


def test_default_banks_cover_the_common_roles_and_validate() -> None:
    banks = {b.id: b for b in list_banks()}
    assert set(banks) == {
        "software-engineer",
        "registered-nurse",
        "sales-representative",
        "warehouse-associate",
        "teacher",
        "customer-service",
    }
    for bank_id in banks:
        draft = load_bank(bank_id)
        assert len(draft.questions) >= 5
        for question in draft.questions:
            assert question.text.endswith(("?", "."))
            assert question.answer_seconds >= 60
            assert len(question.key_points) >= 3
        # Every bank file is its own export: reading it and writing it back is lossless.
        text = (banks_dir() / f"{bank_id}.yaml").read_text(encoding="utf-8")
        assert parse_yaml(text) == draft


def test_a_default_bank_imports_as_an_editable_copy(session: Session) -> None:
    sets = session.interviews.question_sets
    copy = sets.import_bank("registered-nurse")
    assert copy.name == "Registered nurse"
    sets.add_question(copy.id, QuestionDraft("What attracts you to our hospital?"))
    assert len(sets.get(copy.id).questions) == len(load_bank("registered-nurse").questions) + 1
    with pytest.raises(QuestionSetInvalid, match="no default question bank"):
        sets.import_bank("astronaut")


def test_questions_freeze_once_an_interview_uses_the_set(session: Session) -> None:
    sets = session.interviews.question_sets
    created = sets.create(two_questions())
    candidate = session.candidates.add("Ada Lovelace", {})
    session.interviews.invite(candidate, created.id)
    first = created.questions[0]
    with pytest.raises(QuestionSetInUse, match="1 interview uses it") as caught:
        sets.update_question(first.id, QuestionDraft("Changed"))
    assert "Duplicate the set" in caught.value.hint
    with pytest.raises(QuestionSetInUse):
        sets.reorder(created.id, [created.questions[1].id, first.id])
    with pytest.raises(QuestionSetInUse):
        sets.delete(created.id)
    assert sets.get(created.id).questions[0].text == first.text
    renamed = sets.update_details(created.id, name="Renamed")  # harmless changes stay allowed
    assert renamed.name == "Renamed"
    copy = sets.duplicate(created.id)
    sets.update_question(copy.questions[0].id, QuestionDraft("Changed"))
    assert sets.get(copy.id).questions[0].text == "Changed"


def test_question_sets_attach_to_existing_roles_only(session: Session) -> None:
    sets = session.interviews.question_sets
    role = session.db.execute(
        "INSERT INTO roles (title, created_at, created_by) VALUES ('Nurse', 'now', 'admin')"
    )
    created = sets.create(two_questions(), role_id=role)
    assert created.role_id == role
    assert [s.id for s in sets.list(role_id=role)] == [created.id]
    with pytest.raises(InvalidInput, match="no role #999"):
        sets.create(two_questions(), role_id=999)
    assert sets.set_role(created.id, None).role_id is None


def test_only_recruiters_and_administrators_edit_question_sets(session: Session) -> None:
    from app.workspace import Workspace

    created = session.interviews.question_sets.create(two_questions())
    for name, role in (("rob", Role.REVIEWER), ("kiosk-1", Role.KIOSK), ("rita", Role.RECRUITER)):
        session.users.add(name, role, PASSWORD)
    with Workspace.open(session.path, "rob", PASSWORD) as reviewer:
        assert reviewer.interviews.question_sets.get(created.id).name == created.name
        with pytest.raises(PermissionDenied):
            reviewer.interviews.question_sets.create(two_questions())
    with Workspace.open(session.path, "kiosk-1", PASSWORD) as kiosk:
        with pytest.raises(PermissionDenied):
            kiosk.interviews.question_sets.list()
        with pytest.raises(PermissionDenied):
            kiosk.interviews.question_sets.export_yaml(created.id)
    with Workspace.open(session.path, "rita", PASSWORD) as recruiter:
        recruiter.interviews.question_sets.add_question(created.id, QuestionDraft("More?"))
