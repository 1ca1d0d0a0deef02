from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from app.paths import resources_dir
from app.policy import (
    ANALYSES,
    REQUEST_KINDS,
    RETENTION_KEYS,
    Deadline,
    PolicyError,
    add_months,
    list_policies,
    load_policy,
)


def test_all_four_presets_load_with_consistent_fields() -> None:
    ids = [p.id for p in list_policies()]
    assert ids[:2] == ["general", "eu"]
    assert set(ids) == {"general", "eu", "us-illinois", "us-nyc"}
    for policy in list_policies():
        assert policy.allowed_analyses <= ANALYSES
        assert policy.notice_text and policy.consent_text
        assert "{" not in policy.rendered_notice()  # every placeholder filled
        assert all(days > 0 for days in policy.retention_days.values())


def test_eu_forbids_emotion_inference_and_needs_explicit_consent_for_templates() -> None:
    eu = load_policy("eu")
    assert not eu.allows("facial_expression")
    assert eu.allows("face_identity")
    assert eu.identity_consent == "explicit_consent"


def test_illinois_needs_a_signed_waiver_for_face_templates() -> None:
    assert load_policy("us-illinois").identity_consent == "signed_waiver"


def test_unknown_preset_is_a_clear_error_naming_the_known_ones() -> None:
    with pytest.raises(PolicyError) as info:
        load_policy("mars")
    assert "mars" in info.value.message and "eu" in info.value.hint


def test_asking_about_an_unknown_analysis_is_a_bug_not_a_silent_no() -> None:
    with pytest.raises(ValueError):
        load_policy("general").allows("mind_reading")


# -- request deadlines and retention periods -------------------------------------------------


def test_a_month_ends_on_the_same_day_or_the_last_day_of_a_shorter_month() -> None:
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)
    assert add_months(date(2025, 3, 31), 1) == date(2025, 4, 30)
    assert add_months(date(2025, 1, 15), 1) == date(2025, 2, 15)
    assert add_months(date(2025, 11, 30), 3) == date(2026, 2, 28)
    assert add_months(date(2025, 12, 31), 1) == date(2026, 1, 31)


def test_deadlines_read_as_days_or_months() -> None:
    assert Deadline.parse("30 days").due(date(2025, 1, 31)) == date(2025, 3, 2)
    assert Deadline.parse("1 month").due(date(2025, 1, 31)) == date(2025, 2, 28)
    assert str(Deadline.parse("2 months")) == "2 months" and str(Deadline(1, "days")) == "1 day"
    for bad in ("a month", "0 days", "30", "30 weeks", "-1 month"):
        with pytest.raises(ValueError):
            Deadline.parse(bad)


def test_every_preset_sets_a_deadline_for_every_request_kind_and_every_period() -> None:
    for policy in list_policies():
        assert set(policy.retention_days) == set(RETENTION_KEYS)
        for kind in REQUEST_KINDS:
            assert policy.request_deadline(kind).amount > 0
    assert str(load_policy("eu").request_deadline("erasure")) == "1 month"
    assert str(load_policy("us-illinois").request_deadline("erasure")) == "30 days"
    with pytest.raises(ValueError):
        load_policy("eu").request_deadline("complaint")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("  audit_log: 1095\n", "", "missing: audit_log"),
        ("  resumes: 365\n", "  resumes: 365\n  resume: 30\n", "unknown: resume"),
        ("  resumes: 365\n", "  resumes: 0\n", "not positive: resumes"),
        ("  erasure: 1 month\n", "  erasure: soon\n", "not a deadline: 'soon'"),
        ("  erasure: 1 month\n", "  erasure: 1 month\n  complaint: 1 month\n", "complaint"),
    ],
)
def test_a_malformed_period_or_deadline_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, old: str, new: str, message: str
) -> None:
    text = (resources_dir() / "policies" / "general.yaml").read_text(encoding="utf-8")
    assert old in text
    (tmp_path / "general.yaml").write_text(text.replace(old, new, 1), encoding="utf-8")
    monkeypatch.setattr("app.policy._policy_dir", lambda: tmp_path)
    with pytest.raises(PolicyError) as info:
        list_policies()
    assert message in info.value.message
