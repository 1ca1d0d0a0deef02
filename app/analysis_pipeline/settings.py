"""What decides an interview analysis, frozen and stored with every run.

Two runs with equal settings (and the same models) give the same results, so a
stopped run may be resumed only under the settings it started with; anything else
is a new run. Consent and policy are part of the settings because they change
what is computed (no identity without consent, no expressions where forbidden).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

from analysis.answers import AssessmentSettings
from analysis.errors import CandorError
from analysis.models import Capability
from app.errors import InvalidInput
from app.policy import Policy

SPEECH_CAPABILITIES = (Capability.SPEECH, Capability.SPEECH_MULTILINGUAL)
# Without a policy nothing contested runs: no expressions (see `for_policy`).
DEFAULT_ALLOWED = frozenset(
    {"transcription", "answer_assessment", "face_presence", "face_identity", "recording_quality"}
)


@dataclass(frozen=True)
class PipelineSettings:
    """Settings of one analysis run (see the module docstring).

    `speech` picks the speech model: the English-only one is faster, the multilingual
    one understands other languages. `language` forces the spoken language; otherwise
    `expected_language` is the interview's language and a multilingual model flags
    answers in another one. `facial_expression` is off by default and runs only where
    the policy allows it; it is never part of a score. `identity_check` runs only for
    candidates who gave the consent their policy requires (`identity_consented`).
    """

    speech: Capability = Capability.SPEECH
    language: str | None = None
    expected_language: str = "en"
    beam_size: int = 1
    vad: bool = True
    assessment: AssessmentSettings = field(default_factory=AssessmentSettings)
    video_every_s: float = 0.5
    video_max_side: int = 640
    video_detect_every_s: float = 2.0
    """Full-frame face searches; faces are tracked in between (a 10-minute interview
    must be observed in well under its length on two cores: this halves the cost)."""
    video_identity_every_s: float = 4.0
    """Re-checks of a face already compared; a new face, and a mismatch, are checked at once."""
    identity_check: bool = True
    facial_expression: bool = False
    policy_id: str = "general"
    identity_consented: bool = False
    allowed_analyses: frozenset[str] = DEFAULT_ALLOWED
    """What the workspace policy allows (`Policy.allowed_analyses`; see `for_policy`)."""

    def __post_init__(self) -> None:
        if Capability(self.speech) not in SPEECH_CAPABILITIES:
            raise InvalidInput(
                "The speech model must be 'speech' (English) or 'speech_multilingual'.",
                "Choose one of the two speech capabilities.",
            )
        if (
            self.beam_size < 1
            or min(self.video_every_s, self.video_detect_every_s, self.video_identity_every_s) <= 0
            or self.video_max_side < 64
        ):
            raise InvalidInput(
                "Analysis settings out of range (beam size, video sampling or picture size).",
                "Use a beam size of 1 or more, a sampling interval above 0 s and pictures "
                "of at least 64 pixels.",
            )

    def allows(self, analysis: str) -> bool:
        return analysis in self.allowed_analyses

    @property
    def expressions_enabled(self) -> bool:
        """Expressions are analysed only when enabled AND allowed: both, never one."""
        return self.facial_expression and self.allows("facial_expression")

    @property
    def identity_enabled(self) -> bool:
        return self.identity_check and self.identity_consented and self.allows("face_identity")

    def for_policy(self, policy: Policy, *, identity_consented: bool) -> PipelineSettings:
        """These settings under a workspace policy, for a candidate's consent.

        `identity_consented`: the candidate gave the consent (or waiver) the policy asks
        for before a face template may be made; a policy that asks none counts as given.
        """
        return replace(
            self,
            policy_id=policy.id,
            allowed_analyses=frozenset(policy.allowed_analyses),
            identity_consented=identity_consented or policy.identity_consent == "none",
        )

    def capabilities(self) -> list[Capability]:
        """The models a run with these settings may use (recorded with the run)."""
        wanted = [Capability(self.speech), Capability.SENTENCE_EMBEDDINGS]
        if self.allows("face_presence"):
            wanted.append(Capability.FACE_DETECTION)
            if self.identity_enabled:
                wanted.append(Capability.FACE_IDENTITY)
            if self.expressions_enabled:
                wanted.append(Capability.FACIAL_EXPRESSION)
        return wanted

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "speech": str(self.speech),
            "language": self.language,
            "expected_language": self.expected_language,
            "beam_size": self.beam_size,
            "vad": self.vad,
            "assessment": _plain(self.assessment.as_dict()),
            "video_every_s": self.video_every_s,
            "video_max_side": self.video_max_side,
            "video_detect_every_s": self.video_detect_every_s,
            "video_identity_every_s": self.video_identity_every_s,
            "identity_check": self.identity_check,
            "facial_expression": self.facial_expression,
            "policy_id": self.policy_id,
            "identity_consented": self.identity_consented,
            "allowed_analyses": sorted(self.allowed_analyses),
        }

    @classmethod
    def from_json_dict(cls, data: Mapping[str, Any]) -> PipelineSettings:
        """The settings a run stored (`to_json_dict`), e.g. to resume it as it started.

        Keys a run stored before a setting existed take that setting's default, so an
        older run still reads; equal settings give back an equal JSON dict, which is
        what lets `AnalysisService.start` recognise the run to resume.
        """
        try:
            known = {f.name for f in fields(cls)} - {"assessment", "allowed_analyses", "speech"}
            values: dict[str, Any] = {k: data[k] for k in known if k in data}
            if "speech" in data:
                values["speech"] = Capability(str(data["speech"]))
            if "allowed_analyses" in data:
                values["allowed_analyses"] = frozenset(str(a) for a in data["allowed_analyses"])
            if "assessment" in data:
                values["assessment"] = AssessmentSettings.from_dict(data["assessment"])
            return cls(**values)
        except (CandorError, TypeError, ValueError, KeyError, AttributeError) as exc:
            raise InvalidInput(
                "The stored settings of this analysis run cannot be read.",
                "Re-run the analysis with new settings instead.",
            ) from exc


def _plain(value: Any) -> Any:
    """JSON-ready copy of nested mappings/sequences (dataclass dicts hold tuples)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value
