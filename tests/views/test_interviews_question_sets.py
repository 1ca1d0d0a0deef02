"""The Question sets tab: banks, editing with undo, drag-and-drop order, YAML, frozen sets."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QMessageBox

from app.interviews import list_banks
from app.workspace import Session
from views.interviews import InterviewsPage
from views.interviews.question_sets import QuestionSetsPanel
from views.jobs import QtJobRunner

from .interviews_support import InstantChooser, add_candidate, nurse_set, sign_in

WAIT = 10_000


def _panel(qtbot, session: Session, runner: QtJobRunner, chooser=None) -> QuestionSetsPanel:
    page = InterviewsPage(session, runner, chooser=chooser or InstantChooser([]))
    qtbot.addWidget(page)
    page.resize(930, 600)
    page.show()
    assert page.question_sets is not None and page.tabs is not None
    page.tabs.setCurrentWidget(page.question_sets)
    return page.question_sets


def _loaded(qtbot, panel: QuestionSetsPanel, set_id: int, questions: int | None = None) -> None:
    def ready() -> bool:
        current = panel.current
        return (
            current is not None
            and current.id == set_id
            and (questions is None or len(current.questions) == questions)
        )

    qtbot.waitUntil(ready, timeout=WAIT)


def _accept(box: object) -> None:
    assert isinstance(box, QMessageBox)
    accept = next(
        b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole
    )
    accept.click()


def test_a_set_made_from_a_bank_holds_the_bank_questions(qtbot, session, runner) -> None:
    panel = _panel(qtbot, session, runner)
    qtbot.waitUntil(lambda: bool(panel.bank_menu.actions()), timeout=WAIT)
    bank = next(b for b in list_banks() if b.id == "registered-nurse")
    action = next(a for a in panel.bank_menu.actions() if a.data() == bank.id)

    action.trigger()

    qtbot.waitUntil(lambda: len(panel.sets) == 1, timeout=WAIT)
    _loaded(qtbot, panel, panel.sets[0].id, bank.questions)
    stored = session.interviews.question_sets.get(panel.sets[0].id)
    assert stored.name == bank.name and len(stored.questions) == bank.questions
    assert panel.question_list.count() == bank.questions
    assert panel.question_list.item(0).text().startswith("1. ")
    assert panel.name.text() == bank.name


def test_editing_a_question_saves_it_and_undo_restores_each_field(qtbot, session, runner) -> None:
    question_set = nurse_set(session)
    panel = _panel(qtbot, session, runner)
    _loaded(qtbot, panel, question_set.id)
    form = panel.form
    first = question_set.questions[0]

    form.text.setPlainText("Describe a shift where you had to escalate care.")
    form.answer.setValue(150)
    form.key_points.setPlainText("early warning signs\nescalation\ndocumentation")
    assert panel.save_question_button.isEnabled()
    form.undo_stack.undo()  # the key points
    assert form.draft().key_points == first.key_points
    form.undo_stack.undo()  # the answer time
    assert form.answer.value() == first.answer_seconds
    form.undo_stack.redo()
    assert form.answer.value() == 150

    panel.save_question_button.click()

    qtbot.waitUntil(lambda: not form.is_dirty() and "saved" in panel.note.text(), timeout=WAIT)
    saved = session.interviews.question_sets.question(first.id)
    assert saved.text == "Describe a shift where you had to escalate care."
    assert saved.answer_seconds == 150 and saved.key_points == first.key_points
    qtbot.waitUntil(
        lambda: panel.question_list.item(0).text().startswith("1. Describe a shift"), timeout=WAIT
    )


def test_a_new_question_is_added_at_the_end(qtbot, session, runner) -> None:
    question_set = nurse_set(session)
    panel = _panel(qtbot, session, runner)
    _loaded(qtbot, panel, question_set.id)

    panel.add_question_button.click()
    panel.form.text.setPlainText("What would your colleagues say about you?")
    panel.form.retakes.setValue(2)
    panel.save_question_button.click()

    _loaded(qtbot, panel, question_set.id, 4)
    last = session.interviews.question_sets.get(question_set.id).questions[-1]
    assert (last.text, last.retakes) == ("What would your colleagues say about you?", 2)
    assert panel.question_list.currentRow() == 3


def test_an_invalid_question_is_explained_and_nothing_is_saved(qtbot, session, runner) -> None:
    question_set = nurse_set(session)
    panel = _panel(qtbot, session, runner)
    _loaded(qtbot, panel, question_set.id)

    panel.form.text.setPlainText("   ")
    panel.save_question_button.click()

    qtbot.waitUntil(lambda: bool(panel.message.text()), timeout=WAIT)
    assert "text" in panel.message.text() and "Nothing was saved" in panel.message.text()
    assert session.interviews.question_sets.get(question_set.id).questions == question_set.questions


def test_dragging_a_question_to_the_end_saves_the_new_order(qtbot, session, runner) -> None:
    question_set = nurse_set(session)
    first, second, third = (q.id for q in question_set.questions)
    panel = _panel(qtbot, session, runner)
    _loaded(qtbot, panel, question_set.id)

    # What an internal drag and drop does: the list's model moves the row.
    assert panel.question_list.model().moveRow(QModelIndex(), 0, QModelIndex(), 3)

    def stored_order() -> list[int]:
        return [q.id for q in session.interviews.question_sets.get(question_set.id).questions]

    qtbot.waitUntil(lambda: stored_order() == [second, third, first], timeout=WAIT)
    qtbot.waitUntil(
        lambda: panel.question_list.item(2).text().startswith("3. Tell us about"), timeout=WAIT
    )
    assert panel.question_order() == [second, third, first]


def test_yaml_export_and_import_round_trip(qtbot, session, runner, tmp_path: Path) -> None:
    question_set = nurse_set(session)
    target = tmp_path / "exported" / "ward-nurse.yaml"
    target.parent.mkdir()
    chooser = InstantChooser([target])
    panel = _panel(qtbot, session, runner, chooser)
    _loaded(qtbot, panel, question_set.id)

    panel.export_button.click()
    qtbot.waitUntil(lambda: "Exported" in panel.note.text(), timeout=WAIT)
    assert chooser.asked[-1].endswith("ward-nurse.yaml")
    text = target.read_text(encoding="utf-8")
    assert "candor-question-set" in text and "escalation" in text

    panel.import_button.click()

    qtbot.waitUntil(lambda: len(panel.sets) == 2, timeout=WAIT)
    imported = next(s for s in panel.sets if s.id != question_set.id)
    _loaded(qtbot, panel, imported.id)
    copy = session.interviews.question_sets.get(imported.id)
    assert copy.draft() == question_set.draft()


def test_a_broken_yaml_file_is_refused_with_its_reason(qtbot, session, runner, tmp_path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("format: candor-question-set\nversion: 1\nname: X\nquestions: [{}]\n")
    panel = _panel(qtbot, session, runner, InstantChooser([broken]))

    panel.import_button.click()

    qtbot.waitUntil(lambda: bool(panel.message.text()), timeout=WAIT)
    assert "Question 1" in panel.message.text() and "'text'" in panel.message.text()
    assert "Nothing was saved" in panel.message.text()
    assert session.interviews.question_sets.list() == []


def test_details_and_practice_question_are_saved(qtbot, session, runner) -> None:
    question_set = nurse_set(session)
    panel = _panel(qtbot, session, runner)
    _loaded(qtbot, panel, question_set.id)

    panel.name.setText("Ward nurse (nights)")
    panel.practice.setChecked(True)
    panel.save_details_button.click()

    qtbot.waitUntil(lambda: panel.set_title.text() == "Ward nurse (nights)", timeout=WAIT)
    stored = session.interviews.question_sets.get(question_set.id)
    assert stored.name == "Ward nurse (nights)" and stored.practice.enabled


def test_a_set_in_use_is_frozen_and_offers_a_copy_to_edit(qtbot, session, runner) -> None:
    question_set = nurse_set(session)
    session.interviews.invite(add_candidate(session), question_set.id)
    panel = _panel(qtbot, session, runner)
    _loaded(qtbot, panel, question_set.id)

    assert panel.is_frozen() and panel.frozen_banner.isVisible()
    assert "1 interview uses this set" in panel.frozen_text.text()
    assert not panel.add_question_button.isEnabled()
    assert not panel.question_list.dragEnabled()
    assert panel.form.text.isReadOnly()

    panel.frozen_duplicate.click()

    qtbot.waitUntil(lambda: panel.current is not None and panel.current.id != question_set.id,
                    timeout=WAIT)  # fmt: skip
    assert not panel.is_frozen() and panel.add_question_button.isEnabled()
    assert panel.current is not None and panel.current.name == "Ward nurse (copy)"


def test_deleting_a_set_asks_first(qtbot, session, runner) -> None:
    question_set = nurse_set(session)
    panel = _panel(qtbot, session, runner)
    _loaded(qtbot, panel, question_set.id)
    with qtbot.waitSignal(panel.dialog_opened) as opened:
        panel.delete_button.click()

    _accept(opened.args[0])

    qtbot.waitUntil(lambda: panel.sets == [] and panel.current is None, timeout=WAIT)
    assert session.interviews.question_sets.list() == []


def test_a_reviewer_reads_sets_but_cannot_change_them(qtbot, session, workspace, runner) -> None:
    from .interviews_support import add_users

    question_set = nurse_set(session)
    add_users(session)
    with sign_in(workspace, "rob") as reviewer:
        panel = _panel(qtbot, reviewer, runner)
        _loaded(qtbot, panel, question_set.id)
        assert not panel.new_button.isEnabled() and not panel.add_question_button.isEnabled()
        assert panel.export_button.isEnabled()
        assert panel.form.text.isReadOnly() and panel.name.isReadOnly()
        panel.close()
        qtbot.waitUntil(lambda: not runner.active(), timeout=WAIT)
