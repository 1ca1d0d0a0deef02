"""The kiosk's consent page offers human-only review next to consenting, and NYC and
Illinois workspaces offer voluntary self-identification after consent: by keyboard, on
a real workspace, with what is stored checked (restriction, consents, sealed answers)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.accounts import Role
from app.compliance.restrictions import restriction
from app.fairness.demographics import DemographicsStore
from app.interviews import ConsentDecision, ConsentKind
from app.jobs import JobRunner
from app.keys import KdfParams
from app.workspace import Session, Workspace
from views.jobs import QtJobRunner
from views.kiosk.window import KioskWindow

from . import kiosk_support
from .conftest import PASSWORD
from .kiosk_support import invite, open_window, press, type_text, wait_step

clip = kiosk_support.clip  # fixtures
closing = kiosk_support.closing
Key = Qt.Key
KIOSK_USER = "kiosk-1"


@pytest.fixture
def nyc(tmp_path: Path) -> Iterator[tuple[Session, Session]]:
    """A New York City workspace: its administrator, and the kiosk account signed in."""
    path = tmp_path / "nyc"
    admin = Workspace.create(path, "admin", PASSWORD, "us-nyc", kdf=KdfParams.insecure_fast())
    admin.users.add(KIOSK_USER, Role.KIOSK, PASSWORD)
    kiosk = Workspace.open(path, KIOSK_USER, PASSWORD)
    yield admin, kiosk
    kiosk.close()
    admin.close()


def _to_consent(qtbot: object, window: KioskWindow, code: str) -> None:
    wait_step(qtbot, window, "code")
    type_text(qtbot, window, code)
    press(qtbot, window, Key.Key_Return)
    wait_step(qtbot, window, "welcome")
    press(qtbot, window, Key.Key_Return)
    wait_step(qtbot, window, "notice")
    press(qtbot, window, Key.Key_Return)
    wait_step(qtbot, window, "consent")


def _wait_self_id(qtbot: object, window: KioskWindow) -> None:
    def there() -> None:
        assert window._busy is False and window.current_page() is window.self_id

    qtbot.waitUntil(there, timeout=15_000)  # type: ignore[attr-defined]


def test_choosing_human_only_review_at_consent_records_it_and_nothing_is_analysed(
    qtbot, session, runner, clip, closing, tmp_path
) -> None:
    invitation = invite(session)
    window = open_window(qtbot, session, runner, stand_in=clip, model_dir=tmp_path / "models")
    closing.append((window, runner))
    _to_consent(qtbot, window, invitation.code)
    consent = window.consent
    assert consent.human_only.isVisible()
    assert consent.human_only.text().replace("\n", " ") == (
        "A person reviews my recorded answers; no automated analysis"
    )
    assert "still recorded" in consent.human_text.text()
    press(qtbot, window, Key.Key_Tab)  # "I do not agree"
    press(qtbot, window, Key.Key_Tab)  # the human-only choice, below the two
    assert consent.human_only.hasFocus()
    press(qtbot, window, Key.Key_Return)

    wait_step(qtbot, window, "device_check")  # no face template is asked for
    candidate = session.interviews.get(invitation.session_id).candidate_id
    found = restriction(session.db, candidate)
    assert found is not None and found.human_only and found.source == "kiosk"
    kinds = {(c.kind, c.decision) for c in session.interviews.consents(invitation.session_id)}
    assert (ConsentKind.AUTOMATED_ANALYSIS, ConsentDecision.DECLINED) in kinds
    assert (ConsentKind.RECORDING, ConsentDecision.GIVEN) in kinds
    assert window.live_analysis is not None and window.live_analysis.declined


def test_declining_from_the_consent_page_hides_the_human_only_choice_while_confirming(
    qtbot, session, runner, closing
) -> None:
    invitation = invite(session)
    window = open_window(qtbot, session, runner)
    closing.append((window, runner))
    _to_consent(qtbot, window, invitation.code)
    window.consent.decline.click()
    assert not window.consent.human_only.isVisible()
    window.consent.back.click()
    assert window.consent.human_only.isVisible()


def test_nyc_kiosk_offers_self_identification_and_stores_the_answers_sealed(
    qtbot, nyc, clip, closing, router
) -> None:
    admin, kiosk_session = nyc
    invitation = invite(admin)
    runner = QtJobRunner(JobRunner(max_workers=2), error_sink=router.handle)
    window = open_window(qtbot, kiosk_session, runner, stand_in=clip)
    closing.append((window, runner))
    _to_consent(qtbot, window, invitation.code)
    press(qtbot, window, Key.Key_Return)  # I agree
    wait_step(qtbot, window, "identity_consent")
    press(qtbot, window, Key.Key_Tab)  # "No, continue without it"
    press(qtbot, window, Key.Key_Return)
    _wait_self_id(qtbot, window)

    page = window.self_id
    assert "voluntary" in page.text.text() and "never see" in page.text.text()
    assert page.sex.hasFocus() and not page.save.isEnabled()
    assert "Prefer not to say" in [page.sex.itemText(i) for i in range(page.sex.count())]
    press(qtbot, window, Key.Key_Down)  # Male
    press(qtbot, window, Key.Key_Down)  # Female
    press(qtbot, window, Key.Key_Tab)
    assert page.race.hasFocus()
    for _ in range(5):
        press(qtbot, window, Key.Key_Down)  # ... Asian
    assert page.chosen() == ("Female", "Asian")
    press(qtbot, window, Key.Key_Tab)
    assert page.save.hasFocus()
    press(qtbot, window, Key.Key_Return)
    wait_step(qtbot, window, "device_check")

    candidate = admin.interviews.get(invitation.session_id).candidate_id
    answer = DemographicsStore(admin).read_for_audit([candidate])[candidate]
    assert (answer.sex, answer.race_ethnicity) == ("Female", "Asian")
    sealed = admin.db.scalar("SELECT sealed FROM demographics WHERE candidate_id = ?", (candidate,))
    assert b"Asian" not in bytes(sealed) and b"Female" not in bytes(sealed)


def test_skipping_self_identification_stores_nothing_and_the_next_candidate_sees_it_empty(
    qtbot, nyc, closing, router
) -> None:
    admin, kiosk_session = nyc
    invitation = invite(admin)
    runner = QtJobRunner(JobRunner(max_workers=2), error_sink=router.handle)
    window = open_window(qtbot, kiosk_session, runner)
    closing.append((window, runner))
    _to_consent(qtbot, window, invitation.code)
    window.consent.human_only.click()  # human-only: no face template asked, self-ID still is
    _wait_self_id(qtbot, window)
    window.self_id.sex.setCurrentIndex(1)
    window.self_id.skip.click()
    wait_step(qtbot, window, "device_check")
    assert admin.db.scalar("SELECT count(*) FROM demographics") == 0
    window.self_id.reset()
    assert window.self_id.chosen() is None


def test_general_and_eu_workspaces_do_not_offer_self_identification(
    qtbot, session, runner, closing
) -> None:
    invitation = invite(session)  # the EU workspace of the view tests
    window = open_window(qtbot, session, runner)
    closing.append((window, runner))
    seen: list[str] = []
    window.step_shown.connect(seen.append)
    _to_consent(qtbot, window, invitation.code)
    press(qtbot, window, Key.Key_Return)
    wait_step(qtbot, window, "identity_consent")
    press(qtbot, window, Key.Key_Return)
    wait_step(qtbot, window, "device_check")
    assert "self_identification" not in seen
