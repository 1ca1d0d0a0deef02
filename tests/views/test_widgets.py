"""Small view pieces: countdown, idle watcher, empty states, policy page."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from app.policy import list_policies, load_policy
from views import empty_state
from views.countdown import RetryCountdown
from views.idle import IdleWatcher
from views.settings.policy_page import PolicyPage


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_countdown_counts_down_to_zero_with_the_clock(qtbot) -> None:
    clock = FakeClock()
    countdown = RetryCountdown(clock=clock, tick_ms=10)
    countdown.start(2.4)
    assert countdown.active()
    assert countdown.text() == "Too many failed attempts. Try again in 3 seconds."
    clock.now += 1.5
    assert countdown.text() == "Too many failed attempts. Try again in 1 second."
    clock.now += 1.0
    with qtbot.waitSignal(countdown.changed, timeout=1000):
        pass
    assert not countdown.active()
    assert countdown.text() == ""


def test_idle_watcher_fires_after_the_interval(qtbot) -> None:
    watcher = IdleWatcher(30)
    with qtbot.waitSignal(watcher.idle, timeout=2000):
        watcher.start()
    watcher.stop()


def test_user_input_restarts_the_idle_timer(qtbot) -> None:
    field = QLineEdit()
    qtbot.addWidget(field)
    field.show()
    watcher = IdleWatcher(60_000)
    watcher.start()
    try:
        qtbot.waitUntil(lambda: watcher.remaining_ms() < 59_900, timeout=3000)
        qtbot.keyClick(field, Qt.Key.Key_A)
        assert watcher.remaining_ms() > 59_900
    finally:
        watcher.stop()
    assert not watcher.is_running()


@pytest.mark.parametrize(
    ("factory", "opening"),
    [
        (empty_state.roles_page, "No roles yet."),
        (empty_state.candidates_page, "No candidates yet."),
        (empty_state.interviews_page, "No interviews yet."),
        (empty_state.reports_page, "No reports yet."),
    ],
)
def test_empty_pages_say_what_will_appear_and_how(qtbot, factory, opening) -> None:
    page = factory()
    qtbot.addWidget(page)
    assert page.text_label.text().startswith(opening)
    assert len(page.how_to_label.text()) > 40
    assert "TODO" not in page.text_label.text() + page.how_to_label.text()


@pytest.mark.parametrize("policy_id", [p.id for p in list_policies()])
def test_policy_page_shows_the_preset(qtbot, policy_id: str) -> None:
    policy = load_policy(policy_id)
    page = PolicyPage(policy)
    qtbot.addWidget(page)
    text = {
        name: page.findChild(object, name).text()
        for name in (
            "policyName",
            "policyJurisdiction",
            "policyAnalyses",
            "policyRetention",
            "policyIdentityConsent",
        )
    }
    assert policy.name in text["policyName"]
    assert text["policyJurisdiction"] == policy.jurisdiction
    for key, days in policy.retention_days.items():
        assert f"{key.replace('_', ' ').capitalize()}: {days} days" in text["policyRetention"]
    expression_line = next(
        line for line in text["policyAnalyses"].splitlines() if "Facial expression" in line
    )
    assert expression_line.startswith("✔" if policy.allows("facial_expression") else "✘")
    notice = page.findChild(object, "policyNotice").toPlainText()
    assert notice == policy.rendered_notice()


def test_eu_policy_forbids_facial_expression() -> None:
    # guards the parametrised test above against a data change making it vacuous
    assert not load_policy("eu").allows("facial_expression")
