from __future__ import annotations

import pytest

from app.policy import ANALYSES, PolicyError, list_policies, load_policy


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
