"""The Interviews tab: invite with a one-time code, reissue, revoke; who may see the page."""

from __future__ import annotations

import re

import shiboken6
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QLineEdit, QMessageBox

from app.interviews import InterviewStatus
from app.workspace import Session
from views.interviews import InterviewsPage
from views.interviews.invite_dialog import CodeDialog, InviteDialog
from views.interviews.sessions import SessionsPanel
from views.jobs import QtJobRunner

from .interviews_support import InstantChooser, add_candidate, add_users, nurse_set, sign_in

WAIT = 10_000
CODE = re.compile(r"^[A-Z0-9]{4}-[A-Z0-9]{4}$")


def _page(qtbot, session: Session, runner: QtJobRunner) -> InterviewsPage:
    page = InterviewsPage(session, runner, chooser=InstantChooser([]))
    qtbot.addWidget(page)
    page.resize(930, 600)
    page.show()
    return page


def _panel(qtbot, session: Session, runner: QtJobRunner) -> SessionsPanel:
    page = _page(qtbot, session, runner)
    assert page.sessions is not None
    return page.sessions


def _accept(box: object) -> None:
    assert isinstance(box, QMessageBox)
    yes = next(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole)
    yes.click()


def _opened(qtbot, panel: SessionsPanel, kind: type, action) -> object:
    seen: list[object] = []
    panel.dialog_opened.connect(seen.append)
    action()
    qtbot.waitUntil(lambda: any(isinstance(d, kind) for d in seen), timeout=WAIT)
    return next(d for d in seen if isinstance(d, kind))


def _texts(widget) -> list[str]:
    return [w.text() for w in widget.findChildren(QLabel) + widget.findChildren(QLineEdit)]


def test_inviting_shows_the_code_once_and_lists_the_interview(qtbot, session, runner) -> None:
    candidate = add_candidate(session)
    question_set = nurse_set(session)
    panel = _panel(qtbot, session, runner)

    invite = _opened(qtbot, panel, InviteDialog, panel.invite_button.click)
    assert isinstance(invite, InviteDialog)
    assert invite.candidate.currentText() == f"#{candidate} — Ines Calado"
    invite.extra_time.setValue(60)
    shown = _opened(qtbot, panel, CodeDialog, invite.accept)

    assert isinstance(shown, CodeDialog)
    code = shown.code.text()
    assert CODE.match(code)
    assert "only this once" in shown.warning.text()
    shown.copy_button.click()
    assert QGuiApplication.clipboard().text() == code
    qtbot.waitUntil(lambda: len(panel.summaries) == 1, timeout=WAIT)
    summary = panel.summaries[0]
    assert summary.candidate_id == candidate and summary.question_set_id == question_set.id
    assert summary.status is InterviewStatus.INVITED and summary.extra_time_s == 60
    assert panel.table.item(0, 3).text() == "Invited"
    assert panel.table.item(0, 1).text() == f"Candidate #{candidate}"  # no name in the list

    shown.reject()
    qtbot.waitUntil(lambda: not shiboken6.isValid(shown), timeout=WAIT)  # deleted on close
    assert all(code not in text for text in _texts(panel.window()))


def test_reissue_gives_a_new_code_and_revoke_ends_the_invitation(qtbot, session, runner) -> None:
    candidate = add_candidate(session)
    first = session.interviews.invite(candidate, nurse_set(session).id)
    panel = _panel(qtbot, session, runner)
    qtbot.waitUntil(lambda: len(panel.summaries) == 1, timeout=WAIT)
    panel.select_interview(first.session_id)
    assert panel.reissue_button.isEnabled() and panel.revoke_button.isEnabled()

    box = _opened(qtbot, panel, QMessageBox, panel.reissue_button.click)
    shown = _opened(qtbot, panel, CodeDialog, lambda: _accept(box))
    assert isinstance(shown, CodeDialog)
    assert CODE.match(shown.code.text()) and shown.code.text() != first.code
    shown.reject()

    box = _opened(qtbot, panel, QMessageBox, panel.revoke_button.click)
    _accept(box)

    qtbot.waitUntil(lambda: "revoked" in panel.note.text(), timeout=WAIT)
    qtbot.waitUntil(lambda: panel.summaries[0].status is InterviewStatus.EXPIRED, timeout=WAIT)
    assert session.interviews.get(first.session_id).status is InterviewStatus.EXPIRED
    panel.select_interview(first.session_id)
    assert not panel.revoke_button.isEnabled()
    assert panel.table.item(0, 3).text() == "Expired or revoked"


def test_inviting_needs_a_candidate_and_a_set_with_questions(qtbot, session, runner) -> None:
    panel = _panel(qtbot, session, runner)

    invite = _opened(qtbot, panel, InviteDialog, panel.invite_button.click)

    assert isinstance(invite, InviteDialog)
    assert "add a candidate" in invite.problem.text()
    assert "create a question set" in invite.problem.text()
    assert not invite.buttons.buttons()[0].isEnabled() or invite.candidate.count() == 0
    invite.reject()


def test_the_kiosk_account_cannot_open_the_page(qtbot, session, workspace, runner) -> None:
    add_users(session)
    session.interviews.invite(add_candidate(session), nurse_set(session).id)
    with sign_in(workspace, "kiosk-1") as kiosk:
        page = _page(qtbot, kiosk, runner)

        assert page.sessions is None and page.question_sets is None and page.tabs is None
        assert page.denied.isVisible()
        assert "cannot see interviews" in page.denied.text_label.text()
        assert runner.active() == []  # nothing was even asked for
        page.close()


def test_a_reviewer_sees_interviews_but_cannot_invite(qtbot, session, workspace, runner) -> None:
    add_users(session)
    session.interviews.invite(add_candidate(session), nurse_set(session).id)
    with sign_in(workspace, "rob") as reviewer:
        panel = _panel(qtbot, reviewer, runner)
        qtbot.waitUntil(lambda: len(panel.summaries) == 1, timeout=WAIT)

        assert not panel.invite_button.isVisible() and not panel.revoke_button.isVisible()
        assert panel.play_button.isVisible()
        panel.window().close()
        qtbot.waitUntil(lambda: runner.active() == [], timeout=WAIT)
